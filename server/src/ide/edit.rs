//! Text edits in byte ranges, and the JSON-aware helpers that build them:
//! inserting a member into an object with the file's own indentation,
//! removing one with its comma, quoting a string.

use crate::syntax::Object;
use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

impl TextEdit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Self {
        TextEdit { range, new_text: new_text.into() }
    }

    pub fn insert(at: u32, new_text: impl Into<String>) -> Self {
        TextEdit { range: TextRange::empty(at), new_text: new_text.into() }
    }

    pub fn delete(range: TextRange) -> Self {
        TextEdit { range, new_text: String::new() }
    }
}

/// How safe a fix is to apply without looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicability {
    /// Keeps the meaning the author evidently intended.
    Safe,
    /// Changes behaviour, or guesses: offered, never applied automatically.
    Unsafe,
}

/// A quick fix: edits that resolve a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        Fix { title: title.into(), edits, applicability: Applicability::Safe }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        Fix { title: title.into(), edits, applicability: Applicability::Unsafe }
    }
}

pub use crate::syntax::json_string;

/// `s` written in place of the string at `range`, in its style: JSON's
/// double quotes, YAML's single quotes, or a YAML plain scalar where YAML
/// reads it back the same (else double quotes, valid in both).
pub fn string_like(text: &str, range: TextRange, s: &str) -> String {
    match text.as_bytes().get(range.start as usize) {
        Some(b'\'') => format!("'{}'", s.replace('\'', "''")),
        Some(b'"') | None => json_string(s),
        Some(_) if range.is_empty() || !crate::syntax::plain_safe(s, true) => json_string(s),
        // A JSON document's unquoted token is an error, not a string: only
        // YAML gets here.
        Some(_) => s.to_string(),
    }
}

/// `s` as it is written inside a JSON string (without the quotes).
pub fn json_escaped(s: &str) -> String {
    let quoted = json_string(s);
    quoted[1..quoted.len() - 1].to_string()
}

/// Where the line holding `offset` starts (by bytes, so any offset is safe).
pub(crate) fn line_start(text: &str, offset: u32) -> usize {
    let before = &text.as_bytes()[..(offset as usize).min(text.len())];
    before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// The leading whitespace of the line holding `offset`.
pub fn indent_at(text: &str, offset: u32) -> &str {
    let start = line_start(text, offset);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The file's indentation unit: the smallest indentation step seen, else
/// two spaces. The first thousand lines tell (a 5 MB file must not be read
/// whole for each completion).
pub fn indent_unit(text: &str) -> String {
    let lines = || text.lines().take(1000);
    if lines().any(|l| l.starts_with('\t')) {
        return "\t".into();
    }
    let smallest =
        lines().map(|l| l.len() - l.trim_start_matches(' ').len()).filter(|&n| n > 0 && n <= 8).min().unwrap_or(2);
    " ".repeat(smallest)
}

fn same_line(text: &str, a: u32, b: u32) -> bool {
    let (a, b) = (a.min(b) as usize, a.max(b) as usize);
    !text.get(a..b).unwrap_or("").contains('\n')
}

/// Re-indents a multi-line value so its continuation lines start at `indent`.
pub fn reindent(value: &str, indent: &str) -> String {
    value.replace('\n', &format!("\n{indent}"))
}

/// Inserts `"key": value` as the last member of `object`, in the object's
/// style (one line or one member per line). `value` may span lines, written
/// with two-space steps from column 0; it is re-indented to fit.
pub fn insert_member(text: &str, object: &Object, key: &str, value: &str) -> TextEdit {
    if is_block_mapping(text, object) {
        return insert_yaml_member(text, object, key, value);
    }
    let unit = indent_unit(text);
    let value = value.replace("  ", &unit);
    let members: Vec<_> = object.members.iter().filter(|m| !(m.key.is_empty() && m.value.is_error())).collect();
    let member = |indent: &str| format!("{}: {}", json_string(key), reindent(&value, indent));
    match members.last() {
        Some(last) => {
            let end = if last.value.range.is_empty() { last.key_range.end } else { last.value.range.end };
            if same_line(text, object.open_brace.start, last.key_range.start) {
                TextEdit::insert(end, format!(", {}", member(indent_at(text, last.key_range.start))))
            } else {
                let indent = indent_at(text, last.key_range.start).to_string();
                TextEdit::insert(end, format!(",\n{indent}{}", member(&indent)))
            }
        }
        None => {
            let close = object.range.end.saturating_sub(1).max(object.open_brace.end);
            if same_line(text, object.open_brace.start, close) {
                TextEdit::replace(
                    TextRange::new(object.open_brace.end, close),
                    member(indent_at(text, object.open_brace.start)),
                )
            } else {
                let outer = indent_at(text, object.open_brace.start).to_string();
                let inner = format!("{outer}{unit}");
                TextEdit::replace(
                    TextRange::new(object.open_brace.end, close),
                    format!("\n{inner}{}\n{outer}", member(&inner)),
                )
            }
        }
    }
}

/// A YAML mapping in block style: it opens with its first key, not `{`.
pub(crate) fn is_block_mapping(text: &str, object: &Object) -> bool {
    !object.members.is_empty() && text.as_bytes().get(object.open_brace.start as usize) != Some(&b'{')
}

/// [`insert_member`] in a YAML block mapping: a line below the last
/// member, at its column, the value written as YAML.
fn insert_yaml_member(text: &str, object: &Object, key: &str, value: &str) -> TextEdit {
    // Its own last member: members merged in with `<<: *base` stand at
    // their anchor, earlier in the text.
    let own = object.members.iter().filter(|m| m.key_range.start >= object.open_brace.start);
    let Some(last) = own.max_by_key(|m| m.key_range.start) else { return TextEdit::insert(object.range.end, "") };
    let column = last.key_range.start as usize - line_start(text, last.key_range.start);
    let indent = " ".repeat(column);
    let member = format!("{}: {value}", json_string(key));
    let unit = super::yaml_text::yaml_unit(text);
    let yaml = super::yaml_text::members_as_yaml(&member, &indent, &unit).unwrap_or(member);
    TextEdit::insert(last.value.range.end.max(last.key_range.end), format!("\n{indent}{yaml}"))
}

/// Removes member `index` of `object` with the comma that separates it.
pub fn remove_member(text: &str, object: &Object, index: usize) -> Option<TextEdit> {
    let member = object.members.get(index)?;
    if object.members.len() == 1 && is_block_mapping(text, object) {
        // YAML has no empty block mapping: what is left is `{}`.
        return Some(TextEdit::replace(member.range(), "{}"));
    }
    let end = member.value.range.end.max(member.key_range.end);
    let (start, end) = if index > 0 {
        let previous = &object.members[index - 1];
        (previous.value.range.end.max(previous.key_range.end), end)
    } else if let Some(next) = object.members.get(1) {
        (member.key_range.start, next.key_range.start)
    } else {
        // The only member: leave the braces.
        (object.open_brace.end, object.range.end.saturating_sub(1).max(object.open_brace.end))
    };
    // Members merged in from a YAML anchor (`<<: *base`) sit elsewhere in
    // the text: no removal that would cut across other members.
    (start <= end).then(|| TextEdit::delete(TextRange::new(start, end)))
}

/// Applies edits (non-overlapping) to `text`; for tests and the CLI.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for edit in sorted {
        out.replace_range(edit.range.as_usize(), &edit.new_text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn with_member(text: &str, key: &str, value: &str) -> String {
        let parse = parse(text);
        let root = parse.root.unwrap();
        let object = root.as_object().unwrap();
        apply(text, &[insert_member(text, object, key, value)])
    }

    #[test]
    fn inserts_in_the_objects_style() {
        assert_eq!(with_member(r#"{"Type": "Pass"}"#, "End", "true"), r#"{"Type": "Pass", "End": true}"#);
        assert_eq!(
            with_member("{\n    \"Type\": \"Pass\"\n}", "End", "true"),
            "{\n    \"Type\": \"Pass\",\n    \"End\": true\n}"
        );
        assert_eq!(with_member("{}", "End", "true"), "{\"End\": true}");
        assert_eq!(
            with_member("{\n  \"A\": 1\n}", "S", "{\n  \"Type\": \"Pass\"\n}"),
            "{\n  \"A\": 1,\n  \"S\": {\n    \"Type\": \"Pass\"\n  }\n}"
        );
    }

    #[test]
    fn removes_a_member_with_its_comma() {
        let text = r#"{"A": 1, "B": 2, "C": 3}"#;
        let root = parse(text).root.unwrap();
        let object = root.as_object().unwrap();
        assert_eq!(apply(text, &[remove_member(text, object, 1).unwrap()]), r#"{"A": 1, "C": 3}"#);
        assert_eq!(apply(text, &[remove_member(text, object, 0).unwrap()]), r#"{"B": 2, "C": 3}"#);
        assert_eq!(apply(text, &[remove_member(text, object, 2).unwrap()]), r#"{"A": 1, "B": 2}"#);
    }
}
