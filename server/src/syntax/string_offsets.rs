//! Mapping offsets in a decoded JSON string back to the source text: an
//! error at character `i` of a JSONata expression or a path must land on the
//! right byte even when escapes (`\"`, `\n`, `\u00e9`) precede it.

use crate::text::TextRange;

/// How a string literal is written: JSON's (and YAML's) double quotes, or
/// one of YAML's other styles, told apart by the first byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Double,
    Single,
    Plain,
    /// `|` or `>`: the body starts on the next line.
    Block,
}

fn style(literal: &str) -> Style {
    match literal.as_bytes().first() {
        Some(b'"') => Style::Double,
        Some(b'\'') => Style::Single,
        Some(b'|' | b'>') => Style::Block,
        _ => Style::Plain,
    }
}

/// Where each character or escape of a string literal's body starts: its
/// offset in the literal's source (after the opening quote) and in the
/// decoded string; last, the closing quote (or the end of an unterminated
/// string) with the whole decoded length. In YAML a line break and the
/// next line's indentation are one decoded byte (a space or `\n`).
pub fn string_units(literal: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = literal.as_bytes();
    let style = style(literal);
    let first = match style {
        Style::Double | Style::Single => 1,
        Style::Plain => 0,
        Style::Block => literal.find('\n').map_or(bytes.len(), |i| i + 1 + indentation(&literal[i + 1..])),
    };
    // A block scalar's lines lose its own indentation only; deeper is text.
    let block_indent = match style {
        Style::Block => literal.find('\n').map_or(0, |i| indentation(&literal[i + 1..])),
        _ => usize::MAX,
    };
    let closing = match style {
        Style::Double => Some(b'"'),
        Style::Single => Some(b'\''),
        Style::Plain | Style::Block => None,
    };
    let (mut source, mut decoded) = (first, 0);
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let here = (source.min(bytes.len()), decoded);
        if source >= bytes.len() || (Some(bytes[source]) == closing && source + 1 == bytes.len()) {
            done = true;
            return Some(here);
        }
        let (source_len, decoded_len) = match bytes[source] {
            b'\\' if style == Style::Double => escape_lengths(&literal[source..]),
            b'\'' if style == Style::Single && bytes.get(source + 1) == Some(&b'\'') => (2, 1),
            b'\n' | b'\r' if style != Style::Double => {
                let crlf = bytes[source] == b'\r' && bytes.get(source + 1) == Some(&b'\n');
                let break_len = 1 + usize::from(crlf);
                let next = literal.get(source + break_len..).unwrap_or("");
                (break_len + indentation(next).min(block_indent), 1)
            }
            _ => {
                let len = literal[source..].chars().next().map_or(1, char::len_utf8);
                (len, len)
            }
        };
        source += source_len;
        decoded += decoded_len;
        Some(here)
    })
}

/// The spaces that start `s`.
fn indentation(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// The source byte offset of decoded byte offset `decoded` in the string
/// literal at `literal` (quotes included). Offsets past the end map to the
/// closing quote.
pub fn source_offset(text: &str, literal: TextRange, decoded: usize) -> u32 {
    let Some(source) = text.get(literal.start as usize..literal.end as usize) else { return literal.start };
    let mut at = usize::from(matches!(style(source), Style::Double | Style::Single)).min(source.len());
    for (unit_source, unit_decoded) in string_units(source) {
        at = unit_source;
        if unit_decoded >= decoded {
            break;
        }
    }
    literal.start + at as u32
}

/// The decoded byte offset at source offset `source` inside the string
/// literal at `literal`: the inverse of [`source_offset`]. An offset inside
/// an escape maps to the escape's decoded start.
pub fn decoded_offset(text: &str, literal: TextRange, source: u32) -> usize {
    let Some(body) = text.get(literal.start as usize..literal.end as usize) else { return 0 };
    let target = source.saturating_sub(literal.start) as usize;
    string_units(body).take_while(|&(unit_source, _)| unit_source <= target).last().map_or(0, |(_, decoded)| decoded)
}

/// The range in the source of decoded bytes `start..end` of a string literal.
pub fn source_range(text: &str, literal: TextRange, start: usize, end: usize) -> TextRange {
    let from = source_offset(text, literal, start);
    let to = source_offset(text, literal, end).max(from);
    TextRange::new(from, to)
}

/// (source bytes, decoded bytes) of the escape at the start of `s`.
fn escape_lengths(s: &str) -> (usize, usize) {
    let b = s.as_bytes();
    match b.get(1) {
        Some(b'u') => {
            let hex = |at: usize| s.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
            match hex(2) {
                Some(high @ 0xD800..=0xDBFF) if s.get(6..8) == Some("\\u") => match hex(8) {
                    Some(0xDC00..=0xDFFF) => (12, 4),
                    _ => (6, char::from_u32(high).map_or(3, char::len_utf8)),
                },
                Some(unit) => (6, char::from_u32(unit).map_or(3, char::len_utf8)),
                None => (2, 1),
            }
        }
        // Any other escape: the backslash and the character after it.
        Some(_) => (1 + s[1..].chars().next().map_or(1, char::len_utf8), 1),
        None => (1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn offsets_step_over_escapes() {
        let text = r#"{"k": "a\"b\u00e9c\ud83d\ude00d"}"#;
        let root = parse(text).root.unwrap();
        let value = &root.as_object().unwrap().members[0].value;
        let decoded = value.as_str().unwrap();
        for (index, ch) in decoded.char_indices() {
            let at = source_offset(text, value.range, index) as usize;
            let expected = match ch {
                '"' => "\\\"",
                'é' => "\\u00e9",
                '😀' => "\\ud83d",
                _ => "",
            };
            if expected.is_empty() {
                assert!(text[at..].starts_with(ch), "{ch} at {at}");
            } else {
                assert!(text[at..].starts_with(expected), "{ch} at {at}: {}", &text[at..]);
            }
        }
        assert_eq!(source_offset(text, value.range, decoded.len()) as usize, text.len() - 2);
        for (index, _) in decoded.char_indices() {
            let at = source_offset(text, value.range, index);
            assert_eq!(decoded_offset(text, value.range, at), index);
        }
        assert_eq!(decoded_offset(text, value.range, value.range.start + 3), 1, "inside an escape");
    }

    #[test]
    fn offsets_in_yaml_styles() {
        let text = "a: $.x y\nb: 'it''s $.y'\nc: |\n  one\n    $.z\nd: plain\r\n  $.w\n";
        let root = crate::syntax::parse_yaml(text).root.unwrap();
        let object = root.as_object().unwrap();
        for (key, needle, decoded_needle) in
            [("a", "y", "y"), ("b", "$.y", "$.y"), ("c", "$.z", "$.z"), ("d", "$.w", "$.w")]
        {
            let value = object.value(key).unwrap();
            let decoded = value.as_str().unwrap();
            let index = decoded.find(decoded_needle).unwrap();
            let at = source_offset(text, value.range, index) as usize;
            assert!(text[at..].starts_with(needle), "{key}: {index} maps to {at}: {:?}", &text[at..]);
            assert_eq!(decoded_offset(text, value.range, at as u32), index, "{key}");
        }
        let b = object.value("b").unwrap();
        assert_eq!(source_offset(text, b.range, 3) as usize, text.find("s $.y").unwrap(), "`''` is one byte");
    }
}
