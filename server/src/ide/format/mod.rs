//! Formatting: the edits that bring a document to asl-ls's style without
//! changing what it says. JSON is laid out again token by token (only the
//! whitespace between tokens changes, so no value, key order or comment can
//! be lost); YAML is re-indented line by line and kept only when it reads
//! back as the same tree. A document that does not parse gets no edits.

mod json;
mod yaml;

pub use yaml::same_tree;

#[cfg(test)]
mod tests;

use super::edit::TextEdit;
use crate::host::Style;
use crate::syntax::Language;
use crate::text::TextRange;

/// One level of indentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indent {
    Spaces(u8),
    Tab,
}

impl Indent {
    /// The indentation the file already uses (as fixes and completion
    /// read it: `edit::indent_unit`), two spaces when nothing is indented.
    pub fn of_text(text: &str) -> Indent {
        match super::edit::indent_unit(text).as_str() {
            "\t" => Indent::Tab,
            spaces => Indent::Spaces(spaces.len().clamp(1, 8) as u8),
        }
    }

    fn unit(self) -> String {
        match self {
            Indent::Spaces(n) => " ".repeat(n as usize),
            Indent::Tab => "\t".into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    pub indent: Indent,
    /// Containers written on one line stay on one line while they fit.
    pub line_width: usize,
    /// `Some(true)`: end with one newline; `Some(false)`: with none;
    /// `None`: as the file does.
    pub final_newline: Option<bool>,
}

impl FormatOptions {
    pub fn new(indent: Indent) -> Self {
        FormatOptions { indent, line_width: 80, final_newline: None }
    }
}

/// Why a document is left as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFormatted {
    pub message: String,
    /// The text does not parse (else: it cannot be formatted safely).
    pub broken: bool,
}

impl NotFormatted {
    fn broken(message: &str) -> Self {
        NotFormatted { message: format!("not formatted, the text does not parse: {message}"), broken: true }
    }

    fn unsafe_(message: impl Into<String>) -> Self {
        NotFormatted { message: message.into(), broken: false }
    }
}

/// The edits that format `text` (all of it, or the smallest object or
/// array around `range`).
pub fn format(
    text: &str,
    language: Language,
    range: Option<TextRange>,
    options: &FormatOptions,
) -> Result<Vec<TextEdit>, NotFormatted> {
    match language {
        Language::Json => json::format(text, range, options),
        Language::Yaml => yaml::format(text, None, options),
    }
}

/// The edits that format a file: a definition whole; a template only
/// inside the definitions written in its own syntax (an object in a JSON
/// template, a mapping in a YAML one), never a definition inside a string
/// or an HCL file, where a layout change would need re-escaping.
pub fn format_file(
    path: &str,
    text: &str,
    language: Language,
    options: &FormatOptions,
) -> Result<Vec<TextEdit>, NotFormatted> {
    let Some(host) = crate::host::read(path, text) else { return format(text, language, None, options) };
    let mut edits = Vec::new();
    let mut skipped = 0;
    for machine in &host.machines {
        let crate::host::Body::Text { language: body, map, .. } = &machine.body else { continue };
        let raw = !map.sub && map.pieces().iter().all(|p| matches!(p.style, Style::Raw { .. }));
        let span = map.host_span();
        let region = match (host.language, body) {
            _ if !raw => None,
            (Some(Language::Json), Language::Json) if text[span.as_usize()].starts_with('{') => {
                Some(json::format(text, Some(span), options)?)
            }
            (Some(Language::Yaml), Language::Yaml) => Some(yaml::format(text, Some(span), options)?),
            _ => None,
        };
        match region {
            Some(region) => edits.extend(region),
            None => skipped += 1,
        }
    }
    if edits.is_empty() && skipped > 0 {
        return Err(NotFormatted::unsafe_(format!(
            "not formatted: the {} definitions here are inside strings or HCL, which formatting does not rewrite",
            host.kind.name()
        )));
    }
    edits.sort_by_key(|e| e.range.start);
    edits.dedup();
    Ok(edits)
}

/// A JSON value written for a document: laid out as [`format`] would, as
/// if it started at `column` on a line indented with `base`.
pub fn json_value(value: &serde_json::Value, base: &str, column: usize, options: &FormatOptions) -> String {
    let compact = value.to_string();
    json::layout(&compact, base, column, options).unwrap_or(compact)
}

/// `text` with `edits` applied (edits in order, not overlapping).
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        let (start, end) = (edit.range.start as usize, edit.range.end as usize);
        out.push_str(&text[at..start]);
        out.push_str(&edit.new_text);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// The newline the file uses (`\r\n` when its first line ends so).
fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}
