//! Tabs in indentation: YAML refuses them, editors insert them. Each line
//! indented with tabs is one error, and is read on with the indentation
//! the lines above suggest (one level deeper after a line ending in `:`,
//! else the same), so the rest of the document keeps its shape. The
//! spaces may be more bytes than the tabs: ranges are mapped back.

use super::build::Built;
use crate::syntax::{SyntaxError, SyntaxErrorKind, Value, ValueKind};
use crate::text::TextRange;

/// Whether the line holding `at` has a tab in its indentation.
pub(super) fn indented_with_tabs(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    indent.contains('\t')
}

/// Where the indentation of lines was replaced: (start in the new text,
/// its length there, its length in the old, the growth of the text up to
/// and including it), in text order.
pub(super) struct Shifts(Vec<(u32, u32, u32, i64)>);

impl Shifts {
    pub(super) fn new(replaced: Vec<(u32, u32, u32)>) -> Shifts {
        let mut growth = 0i64;
        let with_growth = replaced
            .into_iter()
            .map(|(start, new_len, old_len)| {
                growth += i64::from(new_len) - i64::from(old_len);
                (start, new_len, old_len, growth)
            })
            .collect();
        Shifts(with_growth)
    }

    /// The offset in the user's text of `at` in the text read.
    pub fn to_original(&self, at: u32) -> u32 {
        // The last replacement starting at or before `at`.
        let index = self.0.partition_point(|&(start, ..)| start <= at);
        let Some(&(start, new_len, old_len, growth)) = index.checked_sub(1).and_then(|i| self.0.get(i)) else {
            return at;
        };
        let before = growth - (i64::from(new_len) - i64::from(old_len));
        if at < start + new_len {
            // Inside replaced indentation: its start (or, past the old
            // length, its end).
            return (i64::from(start) - before + i64::from((at - start).min(old_len))).max(0) as u32;
        }
        (i64::from(at) - growth).max(0) as u32
    }

    fn range(&self, range: TextRange) -> TextRange {
        let start = self.to_original(range.start);
        TextRange::new(start, self.to_original(range.end).max(start))
    }

    pub fn map_built(&self, built: &mut Built) {
        if let Some(root) = &mut built.root {
            self.map_value(root, 0);
        }
        for problem in &mut built.problems {
            problem.range = self.range(problem.range);
        }
        for (open, key) in &mut built.duplicate_keys {
            *open = self.range(*open);
            *key = self.range(*key);
        }
    }

    fn map_value(&self, value: &mut Value, depth: usize) {
        value.range = self.range(value.range);
        if depth > crate::syntax::MAX_DEPTH + 8 {
            return;
        }
        match &mut value.kind {
            ValueKind::Object(object) => {
                object.open_brace = self.range(object.open_brace);
                object.range = self.range(object.range);
                for member in &mut object.members {
                    member.key_range = self.range(member.key_range);
                    self.map_value(&mut member.value, depth + 1);
                }
            }
            ValueKind::Array(items) => items.iter_mut().for_each(|item| self.map_value(item, depth + 1)),
            _ => {}
        }
    }
}

/// The text with every tab-indented line re-indented with spaces, one
/// error per such line (in the user's offsets), and the shifts.
pub(super) fn untab(text: &str) -> (Vec<SyntaxError>, String, Shifts) {
    let mut errors = Vec::new();
    let mut shifts = Vec::new();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut offset = 0;
    // The indentation (in the new text) of the last line with content, and
    // whether it opened a block.
    let mut above: Option<(usize, bool)> = None;
    // Inside a block scalar (`|`, `>`) opened at this indentation: its
    // lines are text, tabs and all.
    let mut block_at: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        let (indent, content) = line.split_at(indent_len);
        let blank = content.trim().is_empty() || content.trim_start().starts_with('#');
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if let Some(header) = block_at {
            if blank || spaces > header {
                out.push_str(line);
                offset += line.len();
                continue;
            }
            block_at = None;
        }
        let width = if indent.contains('\t') && !blank {
            let width = match above {
                Some((width, true)) => width + 2,
                Some((width, false)) => width,
                None => 0,
            };
            let range = TextRange::new(offset as u32, (offset + indent_len) as u32);
            let message =
                "a tab in the indentation: YAML indents with spaces only; replace the tabs with spaces".into();
            errors.push(SyntaxError { kind: SyntaxErrorKind::YamlTab { spaces: width as u32 }, range, message });
            shifts.push((out.len() as u32, width as u32, indent_len as u32));
            out.push_str(&" ".repeat(width));
            width
        } else {
            out.push_str(indent);
            indent_len
        };
        out.push_str(content);
        if !blank {
            let code = content.split(" #").next().unwrap_or("").trim_end();
            let opens = code.ends_with(':') || code == "-";
            let header = code.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
            if header.ends_with('|') || header.ends_with('>') {
                block_at = Some(width);
            }
            // `- key: value` lines up its next key after the dash.
            let dash = if code.starts_with("- ") && !opens { 2 } else { 0 };
            above = Some((width + dash, opens));
        }
        offset += line.len();
    }
    (errors, out, Shifts::new(shifts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_become_the_indentation_the_lines_above_suggest() {
        let text = "States:\n\tA:\n\t\tType: Pass\n  B:\n";
        let (errors, out, shifts) = untab(text);
        assert_eq!(out, "States:\n  A:\n    Type: Pass\n  B:\n");
        assert_eq!(errors.len(), 2);
        let type_at = out.find("Type").unwrap() as u32;
        assert_eq!(&text[shifts.to_original(type_at) as usize..][..4], "Type");
        let b_at = out.find("B:").unwrap() as u32;
        assert_eq!(&text[shifts.to_original(b_at) as usize..][..2], "B:");
        assert_eq!(shifts.to_original(out.find("    Type").unwrap() as u32 + 1), text.find("\t\t").unwrap() as u32 + 1);
    }

    #[test]
    fn blank_lines_comments_and_block_text_keep_their_tabs() {
        let text = "A:\n\tB: 1\nC: |\n  \tcode\n\t\n\t# note\nD: 2\n";
        let (errors, out, _) = untab(text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(out, "A:\n  B: 1\nC: |\n  \tcode\n\t\n\t# note\nD: 2\n");
        let parse = crate::syntax::parse_yaml(text);
        let kinds: Vec<_> = parse.errors.iter().map(|e| (e.kind, &text[e.range.as_usize()])).collect();
        assert_eq!(kinds, [(SyntaxErrorKind::YamlTab { spaces: 2 }, "\t")]);
        let root = parse.root.unwrap();
        let keys: Vec<_> = root.as_object().unwrap().members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["A", "C", "D"]);
    }
}
