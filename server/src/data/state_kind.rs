//! The eight state types, by name.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateKind {
    Task,
    Pass,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}

impl StateKind {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "Task" => StateKind::Task,
            "Pass" => StateKind::Pass,
            "Choice" => StateKind::Choice,
            "Wait" => StateKind::Wait,
            "Succeed" => StateKind::Succeed,
            "Fail" => StateKind::Fail,
            "Parallel" => StateKind::Parallel,
            "Map" => StateKind::Map,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            StateKind::Task => "Task",
            StateKind::Pass => "Pass",
            StateKind::Choice => "Choice",
            StateKind::Wait => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail => "Fail",
            StateKind::Parallel => "Parallel",
            StateKind::Map => "Map",
        }
    }

    /// Whether the state type takes `Next`/`End`.
    pub fn has_transition(self) -> bool {
        !matches!(self, StateKind::Choice | StateKind::Succeed | StateKind::Fail)
    }
}
