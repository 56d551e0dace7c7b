//! Diagnostics: every problem in a definition, each with a stable code, a
//! severity, a message that says what is wrong and how to fix it, the exact
//! byte range, and — where AWS refuses or warns about the same thing — AWS's
//! own code, message and JSON-pointer location.
//!
//! One file per family of checks; [`check`] runs them all.

pub use memo::StateMemo;

mod calls;
mod choice;
mod codes;
mod expressions;
mod fields;
mod integrations;
mod json;
mod jsonata;
mod machine;
mod map;
mod memo;
mod names;
mod paths;
mod payload;
mod states;
mod suggest;
mod timestamp;
mod transitions;
mod variables;

#[cfg(test)]
mod tests;

pub use codes::Code;

use super::edit::Fix;
use super::Config;
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// What AWS's validator says about the same problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsDiagnostic {
    /// AWS's code, e.g. `MISSING_TRANSITION_TARGET`.
    pub code: &'static str,
    /// AWS's message where it is known, else ours.
    pub message: String,
    /// AWS's location, e.g. `/States/A/Next`; `None` where AWS gives none.
    pub location: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    pub aws: Option<AwsDiagnostic>,
    /// Quick fixes, best first.
    pub fixes: Vec<Fix>,
}

/// Largest definition AWS accepts, in characters.
pub const MAX_DEFINITION_CHARS: usize = 1_048_576;
/// Past this size we report the size and do not analyse further: the text
/// cannot be a definition, and a 50 MB file must not stall an editor.
pub const MAX_ANALYSED_BYTES: usize = 32 * MAX_DEFINITION_CHARS;

/// Checks one definition. Pure: the same text and config give the same list,
/// sorted by position.
pub fn check(text: &str, config: &Config) -> Vec<Diagnostic> {
    check_in(text, crate::syntax::Language::Json, config)
}

/// [`check`] on a definition written in `language`.
pub fn check_in(text: &str, language: crate::syntax::Language, config: &Config) -> Vec<Diagnostic> {
    let parse = if text.len() > MAX_ANALYSED_BYTES { crate::syntax::Parse::default() } else { language.parse(text) };
    check_parsed(text, &parse, config)
}

/// The syntax errors of a parse as diagnostics (a host file's own).
pub fn syntax_diagnostics(text: &str, parse: &crate::syntax::Parse) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    json::check_syntax(text, parse, &mut sink);
    sink.diagnostics
}

/// [`check`] on text already parsed.
pub fn check_parsed(text: &str, parse: &crate::syntax::Parse, config: &Config) -> Vec<Diagnostic> {
    let machine = parse.root.as_ref().and_then(crate::model::lower);
    check_lowered(text, parse, machine.as_ref(), config, None)
}

/// [`check`] on text already parsed and lowered (`machine` is `lower` of the parse's root).
pub fn check_lowered(
    text: &str,
    parse: &crate::syntax::Parse,
    machine: Option<&crate::model::Machine<'_>>,
    config: &Config,
    memo: Option<&mut StateMemo>,
) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    check_into(text, parse, machine, config, memo, &mut sink);
    let mut out = sink.diagnostics;
    apply_severities(config, &mut out);
    out.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    if parse.language == crate::syntax::Language::Yaml {
        for edit in out.iter_mut().flat_map(|d| &mut d.fixes).flat_map(|f| &mut f.edits) {
            yaml_string_edit(text, edit);
            let inside = parse.root.as_ref().and_then(|root| string_around(root, edit.range));
            if inside.is_some_and(|string| text.as_bytes().get(string.start as usize) == Some(&b'\'')) {
                // Inside a single-quoted string, a quote is written twice.
                edit.new_text = edit.new_text.replace('\'', "''");
            }
        }
    }
    out
}

/// The configured severities: a code turned off is dropped, another one's
/// severity replaced.
pub fn apply_severities(config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|d| match config.severity_for(d.code) {
        Some(Some(severity)) => {
            d.severity = severity;
            true
        }
        Some(None) => false,
        None => true,
    });
}

/// The range of the string value that holds `range` strictly inside it.
fn string_around(root: &crate::syntax::Value, range: TextRange) -> Option<TextRange> {
    use crate::syntax::ValueKind;
    let mut value = root;
    loop {
        let holds = |v: &&crate::syntax::Value| v.range.start <= range.start && range.end <= v.range.end;
        value = match &value.kind {
            ValueKind::Object(object) => object.members.iter().map(|m| &m.value).find(holds)?,
            ValueKind::Array(items) => items.iter().find(holds)?,
            ValueKind::String(_) if value.range != range => return Some(value.range),
            _ => return None,
        };
    }
}

/// Fixes write strings as JSON does; in a YAML document a string that
/// replaces a plain or single-quoted one keeps that style.
fn yaml_string_edit(text: &str, edit: &mut super::edit::TextEdit) {
    let quoted = edit.new_text.len() >= 2 && edit.new_text.starts_with('"') && edit.new_text.ends_with('"');
    let replaces_plain = !edit.range.is_empty() && text.as_bytes().get(edit.range.start as usize) != Some(&b'"');
    if !(quoted && replaces_plain) {
        return;
    }
    if let Ok(serde_json::Value::String(s)) = serde_json::from_str(&edit.new_text) {
        edit.new_text = super::edit::string_like(text, edit.range, &s);
    }
}

fn check_into(
    text: &str,
    parse: &crate::syntax::Parse,
    machine: Option<&crate::model::Machine<'_>>,
    config: &Config,
    memo: Option<&mut StateMemo>,
    sink: &mut Sink,
) {
    let chars = if text.len() > MAX_DEFINITION_CHARS { text.chars().count() } else { 0 };
    if chars > MAX_DEFINITION_CHARS {
        let mut message = format!(
            "the definition has {chars} characters; AWS accepts at most {MAX_DEFINITION_CHARS}: split it (for example into a child state machine)"
        );
        let analysed = text.len() <= MAX_ANALYSED_BYTES;
        if !analysed {
            message.push_str(&format!("; asl-ls checks nothing else in files over {} MiB", MAX_ANALYSED_BYTES >> 20));
        }
        sink.push(Diagnostic::new(Code::TooLarge, TextRange::empty(0), message).aws_at(None));
        if !analysed {
            return;
        }
    }
    if text.trim().is_empty() {
        let message = "the definition is empty: write a JSON object with `StartAt` and `States`";
        sink.push(
            Diagnostic::new(Code::NotAnObject, TextRange::empty(0), message)
                .aws_with(None, "Definition must be a valid JSON object"),
        );
        return;
    }
    json::check_syntax(text, parse, sink);
    let Some(root) = &parse.root else { return };
    let Some(machine) = machine else {
        if !root.is_error() {
            let message = format!(
                "the definition is {}, not a JSON object: write an object with `StartAt` and `States`",
                root.type_name()
            );
            sink.push(
                Diagnostic::new(Code::NotAnObject, root.range, message)
                    .aws_with(None, "Definition must be a valid JSON object"),
            );
        }
        return;
    };
    json::check_duplicate_keys(parse, machine, sink);
    let cx = Cx { text, config, machine };
    machine::check(&cx, memo, sink);
}

/// "; write it without quotes: 30" for a number or boolean written as a string.
pub(crate) fn quoted_literal_hint(s: &str) -> Option<String> {
    let literal = s.trim();
    let is_literal =
        matches!(literal, "true" | "false") || (!literal.is_empty() && serde_json::from_str::<f64>(literal).is_ok());
    is_literal.then(|| format!("; write it without quotes: {literal}"))
}

/// What every check reads.
pub(crate) struct Cx<'a, 't> {
    pub text: &'t str,
    pub config: &'a Config,
    pub machine: &'a crate::model::Machine<'t>,
}

/// Collects diagnostics.
#[derive(Default)]
pub(crate) struct Sink {
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

impl Diagnostic {
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            range,
            message: message.into(),
            aws: None,
            fixes: Vec::new(),
        }
    }

    /// Attaches the AWS code of `self.code` at `location`, with our message.
    pub fn aws_at(self, location: Option<String>) -> Self {
        let message = self.message.clone();
        self.aws_with(location, message)
    }

    /// Attaches the AWS code of `self.code` at `location`, with AWS's message.
    pub fn aws_with(mut self, location: Option<String>, message: impl Into<String>) -> Self {
        if let Some(code) = self.code.aws_code() {
            self.aws = Some(AwsDiagnostic { code, message: message.into(), location });
        }
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}
