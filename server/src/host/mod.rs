//! Host files: infrastructure templates that hold state machines
//! (CloudFormation and SAM templates in YAML or JSON, CDK's synthesized
//! templates, Serverless Framework files, Terraform).
//!
//! This layer sits under the model: it finds each embedded definition,
//! builds it as a text of its own (JSON or YAML) with a [`SourceMap`] of
//! every byte back into the host, and says how its values are read
//! ([`Embedding`]: intrinsic functions, substitutions). Analysis then runs
//! on the definition text unchanged; the edges map its answers back.

mod cloudformation;
pub mod extract;
mod hcl;
mod names;
pub mod source_map;
pub mod substitute;
mod terraform;

pub use names::TemplateNames;
pub use source_map::{SourceMap, Style};
pub use substitute::{prepare, Findings};
pub use terraform::template_text;

use crate::syntax::{Language, SyntaxError};
use crate::text::TextRange;
use std::sync::Arc;

/// What kind of host a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostKind {
    /// CloudFormation, SAM and CDK's synthesized templates.
    CloudFormation,
    Serverless,
    Terraform,
}

impl HostKind {
    pub fn name(self) -> &'static str {
        match self {
            HostKind::CloudFormation => "CloudFormation",
            HostKind::Serverless => "Serverless Framework",
            HostKind::Terraform => "Terraform",
        }
    }
}

/// One state machine of a host file.
#[derive(Clone, Debug)]
pub struct Embedded {
    /// The logical id, `stateMachines` key or resource address.
    pub name: String,
    /// Where the machine is named in the host.
    pub name_range: TextRange,
    pub body: Body,
    pub embedding: Embedding,
}

#[derive(Clone, Debug)]
pub enum Body {
    /// The definition is in the host: `text` is it as a document of its own.
    Text { text: String, language: Language, map: SourceMap },
    /// The definition is another file (`DefinitionUri`, `file()`,
    /// `templatefile()`), relative to the host's folder.
    File { path: String, range: TextRange },
    /// The definition is somewhere asl-ls cannot read (S3, a value an
    /// intrinsic function builds): counted, not checked.
    Unchecked { range: TextRange },
}

/// How `${…}` placeholders in a definition are supplied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rule {
    /// Nothing is asked of them (a standalone definition, a Terraform
    /// heredoc's interpolations, Serverless variables).
    #[default]
    Any,
    /// Only the listed substitutions supply them (`DefinitionSubstitutions`):
    /// any other is deployed as it is written.
    Listed,
    /// An `Fn::Sub` string: the variable map, the template's parameters and
    /// resources, and pseudo parameters supply them; anything else fails
    /// the deployment.
    Sub,
    /// A Terraform `templatefile`: only its variables.
    Vars,
}

/// A name a deployment tool puts in place of `${name}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Substitution {
    pub name: String,
    /// Where the name is given, in the host.
    pub key_range: TextRange,
    /// The value, when it is literal text (else an intrinsic or an
    /// expression: known only at deploy time).
    pub literal: Option<String>,
}

/// How an embedded definition's values are read.
#[derive(Clone, Debug, Default)]
pub struct Embedding {
    /// CloudFormation's reading: `{"Ref": …}`, `{"Fn::…": …}` (and YAML's
    /// short tags) are values known at deploy time, not objects.
    pub cfn: bool,
    pub rule: Rule,
    pub substitutions: Vec<Substitution>,
    /// What an `Fn::Sub` can name without a variable map.
    pub template: Arc<TemplateNames>,
}

/// A problem of the host file itself (not of a definition).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// `Definition` that is neither an object nor a string, and the like.
    DefinitionValue,
    /// A template that is not valid HCL.
    HclSyntax,
}

/// A host file read: its syntax errors, its machines and its own problems.
#[derive(Clone, Debug)]
pub struct Host {
    pub kind: HostKind,
    /// The host's own syntax errors (JSON/YAML/HCL).
    pub errors: Vec<SyntaxError>,
    /// Which language those errors are of (`None`: HCL).
    pub language: Option<Language>,
    pub machines: Vec<Embedded>,
    pub problems: Vec<Problem>,
}

/// Larger files are not read as templates (the analysis's own cap).
const MAX_HOST_BYTES: usize = 32 << 20;

/// File names that are read as templates when they hold a state machine.
pub fn is_host_file_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    name.ends_with(".tf")
        || name.ends_with(".template.json")
        || name.ends_with(".template.yaml")
        || name.ends_with(".template.yml")
        || matches!(name, "template.yaml" | "template.yml" | "template.json" | "serverless.yml" | "serverless.yaml")
        || name.ends_with("-template.yaml")
        || name.ends_with("-template.yml")
        || name.ends_with("-template.json")
}

/// Cheap first look: could this text be a host file at all? (A definition
/// file is never one: it has `StartAt` at its top.)
fn mentions_a_machine(text: &str) -> bool {
    text.contains("AWS::StepFunctions::StateMachine")
        || text.contains("AWS::Serverless::StateMachine")
        || text.contains("aws_sfn_state_machine")
        || text.contains("stateMachines")
}

/// The file as a host, when it is one that holds at least one state
/// machine (or is named as a template and is broken: its syntax errors are
/// worth reporting only if it mentions a machine).
pub fn read(path: &str, text: &str) -> Option<Host> {
    if text.len() > MAX_HOST_BYTES || !mentions_a_machine(text) {
        return None;
    }
    let lower = path.to_ascii_lowercase();
    let host = if lower.ends_with(".tf") {
        terraform::read(text)
    } else {
        let language = Language::from_path(path);
        cloudformation::read(text, language)?
    };
    // A broken file that names a machine still gets its syntax error.
    let broken = !host.errors.is_empty() || !host.problems.is_empty();
    (!host.machines.is_empty() || broken).then_some(host)
}

#[cfg(test)]
mod tests;
