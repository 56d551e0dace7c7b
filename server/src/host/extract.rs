//! Building a definition text from the host's source: a block of lines
//! dedented (an inline YAML or JSON object, a YAML `|` string), a string
//! with its escapes resolved, the parts of an `Fn::Join`.

use super::source_map::{Style, TextBuilder};
use crate::syntax::{Value, ValueKind};
use crate::text::TextRange;

/// The leading spaces of the line holding `at`, and whether only spaces
/// (or a sequence's `- `) stand before `at` on it.
fn line_indent(text: &str, at: usize) -> (u32, bool) {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let before = &text[start..at];
    let only_blank = before.bytes().all(|b| b == b' ' || b == b'-');
    (spaces as u32, only_blank)
}

/// The lines of `range`, each stripped of up to `indent` leading spaces:
/// the definition as its own document. (The first line starts at the
/// value, past its indentation, so it loses nothing.)
pub fn block(b: &mut TextBuilder, text: &str, range: TextRange, indent: u32) {
    let range = clamp(text, range);
    let mut at = range.start as usize;
    let end = range.end as usize;
    while at < end {
        let line_end = text[at..end].find('\n').map_or(end, |i| at + i + 1);
        let spaces = text[at..line_end].bytes().take(indent as usize).take_while(|&b| b == b' ').count();
        b.exact(&text[at + spaces..line_end], (at + spaces) as u32, Style::Raw { indent });
        at = line_end;
    }
}

/// `end` moved past the rest of its line and the blank lines after it,
/// when they hold only spaces (the last line break stays outside).
pub fn past_blank_lines(text: &str, end: u32) -> u32 {
    let mut at = (end as usize).min(text.len());
    let mut best = at;
    loop {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if !text[at..line_end].trim().is_empty() {
            break;
        }
        best = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end }.max(at);
        if line_end + 1 >= text.len() {
            break;
        }
        at = line_end + 1;
    }
    best as u32
}

/// The indentation that lines after the first of a value starting at
/// `start` share with it (a block mapping's first key's column, else its
/// line's indentation).
pub fn indent_at(text: &str, start: u32) -> u32 {
    let (spaces, only_blank) = line_indent(text, start as usize);
    let start = start as usize;
    if only_blank {
        let line_start = text[..start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
        (start - line_start) as u32
    } else {
        spaces
    }
}

fn clamp(text: &str, range: TextRange) -> TextRange {
    let len = text.len() as u32;
    let mut start = range.start.min(len);
    let mut end = range.end.min(len).max(start);
    while !text.is_char_boundary(start as usize) {
        start -= 1;
    }
    while !text.is_char_boundary(end as usize) {
        end += 1;
    }
    TextRange::new(start, end)
}

/// A string value's decoded text, mapped piece by piece to its source.
/// Falls back to one frozen piece (ranges map to the whole string, no
/// edits) when the source cannot be aligned with the decoded text.
pub fn string(b: &mut TextBuilder, text: &str, value: &Value) {
    let Some(decoded) = value.as_str() else { return };
    let range = clamp(text, value.range);
    let source = &text[range.as_usize()];
    let ok = match source.as_bytes().first() {
        Some(b'|' | b'>') => block_scalar(b, text, range),
        _ => aligned(b, source, range.start, decoded),
    };
    if !ok {
        b.atomic(decoded, range, Style::Frozen);
    }
}

/// A YAML `|` or `>` string: its content lines, dedented. (A folded string
/// keeps its line breaks here: JSON reads them as the spaces YAML makes.)
fn block_scalar(b: &mut TextBuilder, text: &str, range: TextRange) -> bool {
    let source = &text[range.as_usize()];
    let Some(header_end) = source.find('\n') else { return false };
    let header = &source[..header_end];
    let content = TextRange::new(range.start + header_end as u32 + 1, range.end);
    // The indicators right after `|`/`>` (`|2-`), not a digit in a comment.
    let indicators = header.trim_start_matches(['|', '>']);
    let indicators = &indicators
        [..indicators.find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+')).unwrap_or(indicators.len())];
    let explicit = indicators.bytes().find(u8::is_ascii_digit).map(|d| (d - b'0') as u32);
    let indent = explicit.map(|d| d + line_indent(text, range.start as usize).0).unwrap_or_else(|| {
        text[content.as_usize()]
            .lines()
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| (l.len() - l.trim_start_matches(' ').len()) as u32)
    });
    block(b, text, content, indent);
    true
}

/// A quoted or plain string, unit by unit as the syntax layer reads it
/// ([`crate::syntax::string_units`]): a unit written as it decodes is an
/// exact piece; an escape, a doubled quote or a folded line break is atomic.
/// `false` (nothing kept) when the units do not spell the decoded text.
fn aligned(b: &mut TextBuilder, source: &str, host: u32, decoded: &str) -> bool {
    let style = match source.as_bytes().first() {
        Some(b'"') => Style::Quoted,
        Some(b'\'') => Style::SingleQuoted,
        _ => Style::Frozen,
    };
    let mark = b.mark();
    let units: Vec<(usize, usize)> = crate::syntax::string_units(source).collect();
    for pair in units.windows(2) {
        let ((s0, d0), (s1, d1)) = (pair[0], pair[1]);
        let (Some(written), Some(read)) = (source.get(s0..s1), decoded.get(d0..d1)) else {
            b.truncate(mark);
            return false;
        };
        let at = host + s0 as u32;
        if written == read {
            b.exact(written, at, style);
        } else {
            b.atomic(read, TextRange::new(at, host + s1 as u32), style);
        }
    }
    if units.last().map(|&(_, d)| d) != Some(decoded.len()) {
        b.truncate(mark);
        return false;
    }
    true
}

/// What a value made by an intrinsic function stands for in a definition
/// text: a `${…}` placeholder, which every check takes as "known at deploy
/// time" (`Ref X` → `${Ref X}`, `Fn::GetAtt [X, Arn]` → `${GetAtt X.Arn}`;
/// the space keeps it apart from a substitution's name). A pseudo
/// parameter of known form is its value (`Ref AWS::Partition` → `aws`).
pub fn placeholder(value: &Value, names: &super::TemplateNames) -> String {
    let Some(member) = value.as_object().and_then(|o| o.members.first()) else { return "${?}".into() };
    if let Some(typed) = names.typed(&member.key, &member.value) {
        return typed;
    }
    let words = |v: &Value| -> Option<String> {
        match &v.kind {
            ValueKind::String(s) => Some(s.to_string()),
            ValueKind::Array(items) => {
                let parts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                parts.map(|p| p.join("."))
            }
            _ => None,
        }
    };
    let inner = match member.key.as_str() {
        "Ref" => {
            let name = words(&member.value).unwrap_or_default();
            if let Some((_, Some(value))) = super::names::PSEUDO_PARAMETERS.iter().find(|(p, _)| *p == name) {
                return value.to_string();
            }
            format!("Ref {name}")
        }
        "Fn::GetAtt" => format!("GetAtt {}", words(&member.value).unwrap_or_default()),
        other => format!("{other} …"),
    };
    // Kept safe inside a JSON string and for the placeholder scan.
    let inner: String = inner.chars().filter(|c| !matches!(c, '"' | '\\' | '{' | '}') && !c.is_control()).collect();
    format!("${{{inner}}}")
}

/// Whether a placeholder's name is one [`placeholder`] made.
pub fn is_intrinsic_placeholder(name: &str) -> bool {
    name.contains(' ')
}

/// Whether `value` is an intrinsic function call: an object with one
/// member, `Ref`, `Condition` or `Fn::…`.
pub fn is_intrinsic(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        o.members.len() == 1 && {
            let key = o.members[0].key.as_str();
            key == "Ref" || key == "Condition" || key.starts_with("Fn::")
        }
    })
}

/// An intrinsic's value written into the definition text: its placeholder,
/// quoted when the text is not inside a JSON string there.
pub fn intrinsic(b: &mut TextBuilder, value: &Value, names: &super::TemplateNames) {
    let placeholder = placeholder(value, names);
    let text = if b.in_json_string() { placeholder } else { format!("\"{placeholder}\"") };
    b.atomic(&text, value.range, Style::Frozen);
}

/// A JSON definition file with `${Name}` placeholders written where a
/// value goes (`"TimeoutSeconds": ${Timeout}`: SAM substitutes text, so it
/// deploys as JSON): each such placeholder read as a string. `None` when
/// there is none.
pub fn quote_bare_placeholders(text: &str) -> Option<(String, super::SourceMap)> {
    let bytes = text.as_bytes();
    let (mut in_string, mut escaped) = (false, false);
    let mut bare = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'$' && bytes.get(i + 1) == Some(&b'{') {
            if let Some(end) = text[i..].find(['}', '\n', '"']).filter(|&e| bytes[i + e] == b'}') {
                bare.push(TextRange::new(i as u32, (i + end + 1) as u32));
                i += end + 1;
                continue;
            }
        }
        i += 1;
    }
    if bare.is_empty() {
        return None;
    }
    let mut b = TextBuilder::default();
    let mut at = 0usize;
    let style = Style::Raw { indent: 0 };
    for range in bare {
        b.exact(&text[at..range.start as usize], at as u32, style);
        b.atomic(&format!("\"{}\"", &text[range.as_usize()]), range, Style::Frozen);
        at = range.end as usize;
    }
    b.exact(&text[at..], at as u32, style);
    Some(b.finish(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligned(host: &str) -> (String, super::super::source_map::SourceMap) {
        let parse = crate::syntax::parse_yaml(host);
        let root = parse.root.unwrap();
        let value = &root.as_object().unwrap().members[0].value;
        let mut b = TextBuilder::default();
        string(&mut b, host, value);
        b.finish(false)
    }

    #[test]
    fn bare_placeholders_are_read_as_strings() {
        let (text, map) = quote_bare_placeholders("{\"T\": ${Timeout}, \"S\": \"${x}\"}").unwrap();
        assert_eq!(text, "{\"T\": \"${Timeout}\", \"S\": \"${x}\"}");
        assert_eq!(map.range_to_host(TextRange::new(6, 18)), TextRange::new(6, 16));
        assert!(quote_bare_placeholders("{\"S\": \"${x}\"}").is_none());
    }

    #[test]
    fn double_quoted_strings_map_through_escapes() {
        let host = "k: \"{\\\"A\\\": \\u00e9}\"";
        let (text, map) = aligned(host);
        assert_eq!(text, "{\"A\": é}");
        let a = text.find('A').unwrap() as u32;
        assert_eq!(&host[map.to_host(a) as usize..][..1], "A");
        let e = text.find('é').unwrap() as u32;
        assert_eq!(map.range_to_host(TextRange::new(e, e + 2)), TextRange::new(12, 18));
    }

    #[test]
    fn block_strings_are_dedented_and_folded_strings_aligned() {
        let host = "k: |\n  {\n    \"A\": 1\n  }\n";
        let (text, map) = aligned(host);
        assert_eq!(text, "{\n  \"A\": 1\n}");
        assert_eq!(&host[map.to_host(text.find('A').unwrap() as u32) as usize..][..1], "A");
        let host = "k: '{\"A\":\n    ''b''}'";
        let (text, map) = aligned(host);
        assert_eq!(text, "{\"A\": 'b'}");
        assert_eq!(&host[map.to_host(text.find('b').unwrap() as u32) as usize..][..1], "b");
    }
}
