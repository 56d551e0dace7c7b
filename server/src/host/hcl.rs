//! `jsonencode({…})` in Terraform: an HCL value written out as the JSON
//! text it encodes, with a source map into the HCL.
//!
//! Objects (`{ Key = value, "Key": value }`), tuples, strings (escapes and
//! `${…}` interpolations), numbers, `true`/`false`/`null` are read; any other
//! expression (a reference, a function call, arithmetic, a conditional) is
//! a value known only at apply time and stands as a `${…}` placeholder. A
//! string, number or key keeps its HCL bytes where JSON writes them the
//! same, so edits that replace one are written back; what JSON adds (`:`,
//! `,`, quotes around an identifier key) maps to nothing that can be edited.

use super::source_map::{Style, TextBuilder};
use crate::text::TextRange;

/// Nesting deeper than this is read as one opaque value.
const MAX_DEPTH: usize = 128;

struct Reader<'t> {
    text: &'t str,
    pos: usize,
    out: TextBuilder,
}

/// The JSON text of the HCL value starting at `start` and where it ends;
/// `None` when there is no value there.
pub(super) fn encode(text: &str, start: usize) -> Option<(String, super::SourceMap, usize)> {
    let mut reader = Reader { text, pos: start, out: TextBuilder::default() };
    reader.blank(true);
    if reader.pos >= text.len() || reader.delimiter() {
        return None;
    }
    reader.value(0);
    let end = reader.pos;
    let (json, map) = reader.out.finish(false);
    Some((json, map, end))
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Past spaces and comments (and line breaks, when `lines`).
    fn blank(&mut self, lines: bool) {
        loop {
            let rest = &self.text[self.pos..];
            let trimmed = if lines {
                rest.trim_start_matches([' ', '\t', '\r', '\n'])
            } else {
                rest.trim_start_matches([' ', '\t'])
            };
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with('#') || trimmed.starts_with("//") {
                let line = trimmed.find('\n').unwrap_or(trimmed.len());
                self.pos += line;
            } else if let Some(body) = trimmed.strip_prefix("/*") {
                self.pos += body.find("*/").map_or(trimmed.len(), |e| e + 4);
            } else {
                return;
            }
        }
    }

    /// At the end of a value: a separator, a closing bracket, a line break or the end.
    fn delimiter(&self) -> bool {
        matches!(self.peek(), None | Some(b',' | b'}' | b']' | b')' | b'\n' | b'\r' | b'#'))
            || self.text[self.pos..].starts_with("//")
    }

    fn frozen(&mut self, json: &str, at: usize) {
        self.out.atomic(json, TextRange::empty(at as u32), Style::Frozen);
    }

    fn value(&mut self, depth: usize) {
        let start = self.pos;
        let mark = self.out.mark();
        let primary = match self.peek() {
            _ if depth > MAX_DEPTH => false,
            Some(b'{') => self.object(depth),
            Some(b'[') => self.tuple(depth),
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.keyword(),
        };
        let before = self.pos;
        self.blank(false);
        if primary && self.delimiter() {
            self.pos = before;
            return;
        }
        // More follows (`"a" + x`, `a ? b : c`), or no primary at all: opaque.
        self.out.truncate(mark);
        self.pos = start;
        self.opaque();
    }

    /// `{`/`[`, the items `item` reads, separated by commas or line breaks
    /// (JSON gets a `,` between them), then `close`.
    fn items(&mut self, close: u8, item: &mut dyn FnMut(&mut Self) -> bool) -> bool {
        let open = self.pos;
        self.out.exact(&self.text[open..open + 1], open as u32, Style::Frozen);
        self.pos += 1;
        let mut first = true;
        loop {
            self.blank(true);
            match self.peek() {
                Some(b) if b == close => {
                    self.out.exact(&self.text[self.pos..self.pos + 1], self.pos as u32, Style::Frozen);
                    self.pos += 1;
                    return true;
                }
                None => return false,
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            if !first {
                self.frozen(",", self.pos);
            }
            first = false;
            if !item(self) {
                return false;
            }
        }
    }

    fn object(&mut self, depth: usize) -> bool {
        self.items(b'}', &mut |r| {
            if !r.key() {
                return false;
            }
            r.blank(false);
            if !matches!(r.peek(), Some(b'=' | b':')) {
                return false;
            }
            r.out.atomic(":", TextRange::new(r.pos as u32, r.pos as u32 + 1), Style::Frozen);
            r.pos += 1;
            r.blank(false);
            r.value(depth + 1);
            true
        })
    }

    fn tuple(&mut self, depth: usize) -> bool {
        self.items(b']', &mut |r| {
            r.value(depth + 1);
            r.pos < r.text.len()
        })
    }

    /// An identifier key is written quoted; a quoted key as it is.
    fn key(&mut self) -> bool {
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let start = self.pos;
                let len = self.text[start..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(self.text.len() - start);
                self.pos += len;
                let word = &self.text[start..self.pos];
                let range = TextRange::new(start as u32, self.pos as u32);
                // Replacing the whole key (a rename) may write a quoted one.
                self.out.atomic(&format!("\"{word}\""), range, Style::Hcl);
                true
            }
            _ => false,
        }
    }

    /// A quoted string: its bytes where JSON writes them the same, `$${`
    /// as `${`, an interpolation as a placeholder.
    fn string(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut run = start;
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    self.out.exact(&self.text[run..=i], run as u32, Style::Hcl);
                    self.pos = i + 1;
                    return true;
                }
                b'\\' => i += 1 + self.text[i + 1..].chars().next().map_or(0, char::len_utf8),
                b'$' | b'%' if self.text[i + 1..].starts_with(['$', '%']) && self.text[i + 2..].starts_with('{') => {
                    self.out.exact(&self.text[run..i], run as u32, Style::Hcl);
                    let literal = &self.text[i + 1..i + 3];
                    self.out.atomic(literal, TextRange::new(i as u32, i as u32 + 3), Style::Frozen);
                    i += 3;
                    run = i;
                }
                b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                    self.out.exact(&self.text[run..i], run as u32, Style::Hcl);
                    let Some(end) = super::terraform::template_end(self.text, i + 1) else { return false };
                    let inner: String = self.text[i + 2..end - 1]
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || "_.-[]*:".contains(*c))
                        .collect();
                    let placeholder = if bytes[i] == b'$' { format!("${{{inner}}}") } else { String::new() };
                    self.out.atomic(&placeholder, TextRange::new(i as u32, end as u32), Style::Frozen);
                    i = end;
                    run = i;
                }
                b'\n' => return false,
                _ => i += self.text[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        false
    }

    fn number(&mut self) -> bool {
        let start = self.pos;
        let len = self.text[start..]
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')))
            .unwrap_or(self.text.len() - start);
        let word = &self.text[start..start + len];
        // JSON's number grammar is narrower than HCL's: a number JSON would
        // not read is opaque.
        if serde_json::from_str::<serde_json::Number>(word).is_err() {
            return false;
        }
        self.pos += len;
        self.out.exact(word, start as u32, Style::Hcl);
        true
    }

    fn keyword(&mut self) -> bool {
        for word in ["true", "false", "null"] {
            let rest = &self.text[self.pos..];
            let after = rest.as_bytes().get(word.len()).copied();
            if rest.starts_with(word) && !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.') {
                self.out.exact(word, self.pos as u32, Style::Hcl);
                self.pos += word.len();
                return true;
            }
        }
        false
    }

    /// Any other expression, up to the end of the value: a placeholder.
    fn opaque(&mut self) {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut depth = 0usize;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    let saved = (self.pos, self.out.mark());
                    self.pos = i;
                    let closed = self.string();
                    i = if closed { self.pos } else { i + 1 };
                    self.pos = saved.0;
                    self.out.truncate(saved.1);
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => break,
                b')' | b']' | b'}' => depth -= 1,
                b',' | b'\n' | b'#' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let end = self.text[start..i].trim_end_matches([' ', '\t', '\r']).len() + start;
        let inner: String =
            self.text[start..end].chars().filter(|c| c.is_ascii_alphanumeric() || "_.-[]*:".contains(*c)).collect();
        self.out.atomic(&format!("\"${{{inner}}}\""), TextRange::new(start as u32, end as u32), Style::Frozen);
        // Never stuck: past at least one whole character.
        let one = self.text[start..].chars().next().map_or(0, char::len_utf8);
        self.pos = if end == start { start + one } else { end };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_tuples_strings_and_expressions_become_json() {
        let hcl = r#"{
  Comment = "Orders ${var.env}"
  StartAt = "A",
  "States" = {
    A = { Type = "Task", Resource = aws_lambda_function.f.arn, TimeoutSeconds = 30, End = true }
    B = { Type = "Pass", Result = [1, "$${x}", null], Parameters = { "x.$" = "$.y" } } // comment
  }
}"#;
        let (json, map, end) = encode(hcl, 0).unwrap();
        assert_eq!(end, hcl.len());
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(value["Comment"], "Orders ${var.env}");
        assert_eq!(value["States"]["A"]["Resource"], "${aws_lambda_function.f.arn}");
        assert_eq!(value["States"]["A"]["TimeoutSeconds"], 30);
        assert_eq!(value["States"]["B"]["Result"], serde_json::json!([1, "${x}", null]));
        assert_eq!(value["States"]["B"]["Parameters"]["x.$"], "$.y");
        let at = json.find("\"Task\"").unwrap() as u32;
        assert_eq!(&hcl[map.range_to_host(TextRange::new(at, at + 6)).as_usize()], "\"Task\"");
        let key = json.find("\"StartAt\"").unwrap() as u32;
        assert_eq!(&hcl[map.range_to_host(TextRange::new(key, key + 9)).as_usize()], "StartAt");
    }

    #[test]
    fn anything_else_is_a_placeholder_and_broken_text_ends() {
        let (json, _, _) =
            encode(r#"{ A = var.on ? "x" : "y", B = merge(local.a, { c = 1 }), C = -1.5e3 }"#, 0).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["A"], "${var.onx:y}");
        assert_eq!(value["B"], "${mergelocal.ac1}");
        assert_eq!(value["C"], -1500.0);
        for broken in ["{ A = ", "{ A = \"x", "[1, 2", "{ = 1 }", "{{{{"] {
            let _ = encode(broken, 0);
        }
    }
}
