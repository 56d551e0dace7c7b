//! Analysis: pure functions from text (and config) to answers. No IO, no LSP
//! types; positions are byte offsets. The CLI and the language server call
//! only this layer.

pub mod analysis;
pub mod completion;
pub mod context;
pub mod convert;
pub mod diagnostics;
pub mod document;
pub mod edit;
pub(crate) mod expr_at;
pub mod fix_all;
pub mod format;
pub mod hosted;
#[cfg(test)]
mod hosted_tests;
pub mod hover;
pub mod navigation;
pub mod refactor;
pub mod semantic_tokens;
pub mod signature_help;
pub mod started;
pub mod structure;
pub mod symbols;
pub(crate) mod task_api;
pub(crate) mod yaml_text;

pub use analysis::{Action, Analysis};
pub use document::Document;
pub use hosted::Hosted;

use diagnostics::{Code, Severity};
use std::collections::HashMap;

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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub machine_type: MachineType,
    /// Per-code severity: `Some(severity)` overrides the default, `None`
    /// turns the code off.
    pub severities: HashMap<Code, Option<Severity>>,
}

impl Config {
    /// The configured severity of a code: `None` when not configured,
    /// `Some(None)` when turned off.
    pub fn severity_for(&self, code: Code) -> Option<Option<Severity>> {
        self.severities.get(&code).copied()
    }
}
