//! Analysis: pure functions from text (and config) to answers. No IO, no LSP
//! types; positions are byte offsets. The CLI and the language server call
//! only this layer.

pub mod context;
pub mod diagnostics;
pub mod edit;

/// The Step Functions workflow type a definition is checked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MachineType {
    #[default]
    Standard,
    Express,
}

impl MachineType {
    pub fn aws_name(self) -> &'static str {
        match self {
            MachineType::Standard => "STANDARD",
            MachineType::Express => "EXPRESS",
        }
    }
}

/// Settings for analysis, filled by the edges (CLI flags, LSP settings).
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub machine_type: MachineType,
}
