//! JSON-level problems: syntax errors (with the parser's recovery, several per
//! file), comments, trailing commas, and duplicate keys.

use super::{Code, Diagnostic, Sink};
use crate::ide::edit::{Fix, TextEdit};
use crate::model::Machine;
use crate::syntax::{Object, Parse, SyntaxErrorKind, Value, ValueKind};
use crate::text::{LineIndex, TextRange};

pub(super) fn check_syntax(text: &str, parse: &Parse, sink: &mut Sink) {
    // The parse lists its errors in text order. AWS's JSON parser stops at
    // the first problem: only that one is AWS's.
    let errors = &parse.errors;
    let json = |kind: SyntaxErrorKind| {
        matches!(
            kind,
            SyntaxErrorKind::Invalid
                | SyntaxErrorKind::Unclosed
                | SyntaxErrorKind::Comment
                | SyntaxErrorKind::TrailingComma
        )
    };
    let first_refused = errors.iter().position(|e| json(e.kind));
    // Tab-indented lines are fixed together: one alone is read differently
    // beside the others still indented with tabs.
    let tab_edits: Vec<TextEdit> = errors
        .iter()
        .filter_map(|e| match e.kind {
            SyntaxErrorKind::YamlTab { spaces } => Some(TextEdit::replace(e.range, " ".repeat(spaces as usize))),
            _ => None,
        })
        .collect();
    for (i, error) in errors.iter().enumerate() {
        let code = match error.kind {
            SyntaxErrorKind::Invalid | SyntaxErrorKind::Unclosed => Code::JsonSyntax,
            SyntaxErrorKind::Comment => Code::JsonComment,
            SyntaxErrorKind::TrailingComma => Code::JsonTrailingComma,
            SyntaxErrorKind::TooDeep => Code::TooDeep,
            SyntaxErrorKind::Yaml => Code::YamlSyntax,
            SyntaxErrorKind::YamlTab { .. } => Code::YamlTab,
            SyntaxErrorKind::YamlAlias => Code::YamlAlias,
            SyntaxErrorKind::YamlTyping => Code::YamlTyping,
        };
        let mut diagnostic = Diagnostic::new(code, error.range, error.message.clone());
        match error.kind {
            SyntaxErrorKind::TrailingComma => {
                diagnostic =
                    diagnostic.with_fix(Fix::safe("Remove the trailing comma", vec![TextEdit::delete(error.range)]));
            }
            SyntaxErrorKind::Comment => {
                diagnostic =
                    diagnostic.with_fix(Fix::unsafe_("Remove the comment", vec![TextEdit::delete(error.range)]));
            }
            SyntaxErrorKind::YamlTab { spaces } => {
                // The indentation the parser read instead, as the rest was checked.
                let title = match tab_edits.len() {
                    1 => format!("Indent with {spaces} spaces"),
                    n => format!("Indent the {n} lines indented with tabs with spaces"),
                };
                diagnostic = diagnostic.with_fix(Fix::unsafe_(title, tab_edits.clone()));
            }
            SyntaxErrorKind::YamlTyping => {
                let written = &text[error.range.as_usize()];
                let quoted = TextEdit::replace(error.range, format!("\"{written}\""));
                let quote = format!("Quote `{written}`");
                // A number (as asl-ls reads it) stays one, spelt the way
                // every loader reads alike; anything else keeps its string.
                if let (ValueKind::Number(n), _) = crate::syntax::resolve_plain(written) {
                    let number = crate::syntax::number_text(n.value);
                    let edit = TextEdit::replace(error.range, number.clone());
                    diagnostic = diagnostic.with_fix(Fix::safe(format!("Write `{number}`"), vec![edit]));
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(quote, vec![quoted]));
                } else {
                    diagnostic = diagnostic.with_fix(Fix::safe(quote, vec![quoted]));
                }
                let boolean = match written.to_ascii_lowercase().as_str() {
                    "yes" | "on" | "y" => Some("true"),
                    "no" | "off" | "n" => Some("false"),
                    _ => None,
                };
                if let Some(boolean) = boolean {
                    let edit = TextEdit::replace(error.range, boolean);
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(format!("Write `{boolean}`"), vec![edit]));
                }
            }
            _ => {}
        }
        if Some(i) == first_refused {
            let (message, location) = jackson_message(text, error.kind, error.range);
            diagnostic = diagnostic.aws_with(Some(location.clone()), format!("{message}\n at {location}"));
        }
        sink.push(diagnostic);
    }
}

/// The message and location AWS's (Jackson) parser gives for a syntax error,
/// as far as we can reproduce it: e.g. `Unrecognized token 'not': …` at
/// `[Source: (String)"not a definition"; line: 1, column: 4]`.
fn jackson_message(text: &str, kind: SyntaxErrorKind, range: TextRange) -> (String, String) {
    let found = &text[range.as_usize()];
    let first = found.chars().next().unwrap_or(' ');
    let unexpected = |what: &str| format!("Unexpected character ('{first}' (code {})): {what}", first as u32);
    let message = match kind {
        SyntaxErrorKind::Comment => unexpected(
            "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)",
        ),
        SyntaxErrorKind::TrailingComma => {
            let next = text[range.end as usize..].trim_start().chars().next().unwrap_or('}');
            let what = if next == '}' { "was expecting double-quote to start field name" } else { "expected a value" };
            format!("Unexpected character ('{next}' (code {})): {what}", next as u32)
        }
        _ if !found.is_empty() && first.is_alphabetic() => format!(
            "Unrecognized token '{found}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
        ),
        _ if found.is_empty() && range.start as usize >= text.trim_end().len() => {
            "Unexpected end-of-input: expected close marker for Object".to_string()
        }
        _ if found.is_empty() => {
            // A missing comma: Jackson names the character it found instead.
            let next = text[range.start as usize..].chars().next().unwrap_or(' ');
            format!("Unexpected character ('{next}' (code {})): was expecting comma to separate Object entries", next as u32)
        }
        _ if !found.is_empty() => unexpected("expected a valid value"),
        _ => "Unexpected character: expected a valid value".to_string(),
    };
    let index = LineIndex::new(text);
    // Jackson's column is one past the last character it read.
    let read_to = if range.is_empty() { range.end + 1 } else { range.end };
    let end = index.chars(text, read_to.min(text.len() as u32));
    let source: String = text.chars().take(500).collect();
    let rest = text.chars().count().saturating_sub(500);
    let truncated = if rest > 0 { format!("[truncated {rest} chars]") } else { String::new() };
    let location =
        format!("[Source: (String)\"{source}\"{truncated}; line: {}, column: {}]", end.line + 1, end.col + 1);
    (message, location)
}

/// Reports every key that repeats a key of the same object (the parser
/// found them). The `States` objects are left to the duplicate-state-name
/// check.
pub(super) fn check_duplicate_keys(parse: &Parse, machine: &Machine<'_>, sink: &mut Sink) {
    let Some(root) = &parse.root else { return };
    let states_objects: Vec<u32> =
        machine.scopes.iter().filter_map(|s| s.states_object).map(|o| o.open_brace.start).collect();
    for &(open, key_range) in &parse.duplicate_keys {
        if states_objects.contains(&open.start) {
            continue;
        }
        let Some((object, pointer)) = object_at(root, open) else { continue };
        let Some(member) = object.members.iter().find(|m| m.key_range == key_range) else { continue };
        let message =
            format!("duplicate key `{}`: JSON parsers keep only one of the two; remove or rename one", member.key);
        let location = if pointer.is_empty() { "/".to_string() } else { pointer };
        sink.push(Diagnostic::new(Code::DuplicateKey, member.key_range, message).aws_at(Some(location)));
    }
}

/// The object whose `{` is at `open`, and AWS's pointer to it.
fn object_at(root: &Value, open: TextRange) -> Option<(&Object, String)> {
    let mut pointer = String::new();
    let mut value = root;
    loop {
        match &value.kind {
            ValueKind::Object(object) if object.open_brace == open => return Some((object, pointer)),
            ValueKind::Object(object) => {
                let member = object.members.iter().find(|m| m.value.range.contains(open.start))?;
                pointer.push('/');
                pointer.push_str(&member.key);
                value = &member.value;
            }
            ValueKind::Array(items) => {
                let (i, item) = items.iter().enumerate().find(|(_, v)| v.range.contains(open.start))?;
                pointer.push_str(&format!("[{i}]"));
                value = item;
            }
            _ => return None,
        }
    }
}
