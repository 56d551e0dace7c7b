//! Transitions between states and reachability within a scope.

use super::{Machine, ScopeId, State, StateId};
use crate::syntax::{Member, Value};
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionKind {
    Next,
    Default,
    ChoiceRule(usize),
    Catch(usize),
}

/// One reference from a state to a state name.
#[derive(Clone, Debug)]
pub struct Transition<'t> {
    pub kind: TransitionKind,
    pub target: &'t str,
    /// Range of the target string, quotes included.
    pub range: TextRange,
}

impl Transition<'_> {
    /// AWS location suffix after the state pointer: `Next`, `Choices[0]/Next`.
    pub fn location_suffix(&self) -> String {
        match self.kind {
            TransitionKind::Next => "Next".into(),
            TransitionKind::Default => "Default".into(),
            TransitionKind::ChoiceRule(i) => format!("Choices[{i}]/Next"),
            TransitionKind::Catch(i) => format!("Catch[{i}]/Next"),
        }
    }
}

impl<'t> State<'t> {
    /// Every transition written in the state, in document order of kind.
    pub fn transitions(&self) -> Vec<Transition<'t>> {
        let mut out = Vec::new();
        let Some(object) = self.object else { return out };
        let [next, default, choices, catch] = object.get_each(["Next", "Default", "Choices", "Catch"]);
        let mut push = |kind, member: Option<&'t Member>| {
            if let Some(member) = member {
                if let Some(target) = member.value.as_str() {
                    out.push(Transition { kind, target, range: member.value.range });
                }
            }
        };
        push(TransitionKind::Next, next);
        push(TransitionKind::Default, default);
        for (i, rule) in array(choices.map(|m| &m.value)).iter().enumerate() {
            push(TransitionKind::ChoiceRule(i), rule.as_object().and_then(|r| r.get("Next")));
        }
        for (i, catcher) in array(catch.map(|m| &m.value)).iter().enumerate() {
            push(TransitionKind::Catch(i), catcher.as_object().and_then(|c| c.get("Next")));
        }
        out
    }
}

fn array(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).unwrap_or_default()
}

/// Which states of `scope` can be reached from its `StartAt` (indexed like
/// `scope.states`).
pub fn reachable(machine: &Machine<'_>, scope_id: ScopeId) -> Vec<bool> {
    let scope = &machine.scopes[scope_id];
    let mut seen = vec![false; scope.states.len()];
    let mut stack: Vec<StateId> = Vec::new();
    if let Some(start) = scope.start_at().and_then(|m| m.value.as_str()).and_then(|n| scope.lookup(n)) {
        stack.push(start);
    }
    while let Some(id) = stack.pop() {
        let state = &machine.states[id];
        if std::mem::replace(&mut seen[state.index_in_scope], true) {
            continue;
        }
        for transition in state.transitions() {
            if let Some(target) = scope.lookup(transition.target) {
                stack.push(target);
            }
        }
    }
    seen
}
