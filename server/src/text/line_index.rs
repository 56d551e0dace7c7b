//! Line starts of a text, for converting byte offsets to line/column and back.
//! Columns are given both in UTF-16 code units (LSP, JSON output) and in
//! characters (human output).

use super::{Edit, TextRange};

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; always starts with 0.
    line_starts: Vec<u32>,
    /// Whether the text is pure ASCII, where every column unit is a byte.
    ascii: bool,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` or a lone `\r`, as in LSP.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        // Every `\n` ends a line, and a `\r` not followed by one: find both
        // with a vectorised search rather than byte by byte.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex { line_starts, ascii: text.is_ascii() }
    }

    /// The index of `text`, an edit of the text this indexes: the line
    /// starts before the edit are kept, those after it moved, and only the
    /// edited bytes searched again.
    pub fn edited(mut self, text: &str, edit: Edit) -> Self {
        let bytes = text.as_bytes();
        let delta = edit.delta();
        // A line break at `start - 1` may be a `\r` whose next byte changed.
        let redo_from = edit.start.saturating_sub(1);
        let kept = self.line_starts.partition_point(|&s| (s as usize) <= redo_from);
        let after = self.line_starts.partition_point(|&s| (s as usize) <= edit.old_end);
        let tail: Vec<u32> = self.line_starts[after..].iter().map(|&s| (s as i64 + delta) as u32).collect();
        self.line_starts.truncate(kept);
        let region = bytes.get(redo_from..edit.new_end).unwrap_or_default();
        for i in memchr::memchr2_iter(b'\n', b'\r', region).map(|i| i + redo_from) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                self.line_starts.push(i as u32 + 1);
            }
        }
        self.line_starts.extend(tail);
        self.ascii = if self.ascii {
            bytes.get(edit.start..edit.new_end).is_some_and(<[u8]>::is_ascii)
        } else {
            text.is_ascii()
        };
        self
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of line `line` (without its line break), clamped to the text.
    pub fn line_range(&self, text: &str, line: u32) -> TextRange {
        let start = self.line_starts.get(line as usize).copied().unwrap_or(text.len() as u32);
        let mut end = self.line_starts.get(line as usize + 1).map(|next| next - 1).unwrap_or(text.len() as u32);
        while end > start && matches!(text.as_bytes().get(end as usize - 1), Some(b'\r' | b'\n')) {
            end -= 1;
        }
        TextRange::new(start, end.max(start))
    }

    fn line_of(&self, offset: u32) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line as u32,
            Err(next) => next as u32 - 1,
        }
    }

    /// Line and UTF-16 column of a byte offset (clamped to the text).
    pub fn utf16(&self, text: &str, offset: u32) -> LineCol {
        self.position(text, offset, |s| s.encode_utf16().count())
    }

    /// Line and character (Unicode scalar) column of a byte offset.
    pub fn chars(&self, text: &str, offset: u32) -> LineCol {
        self.position(text, offset, |s| s.chars().count())
    }

    fn position(&self, text: &str, offset: u32, width: impl Fn(&str) -> usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len() as u32));
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize];
        let col = if self.ascii { offset - start } else { width(&text[start as usize..offset as usize]) as u32 };
        LineCol { line, col }
    }

    /// Byte offset of a line and UTF-8 (byte) column, clamped to the line's
    /// end and moved back to a character boundary.
    pub fn offset_utf8(&self, text: &str, pos: LineCol) -> u32 {
        let range = self.line_range(text, pos.line);
        let offset = (range.start + pos.col).min(range.end);
        floor_char_boundary(text, offset)
    }

    /// Line and UTF-8 (byte) column of a byte offset.
    pub fn utf8(&self, text: &str, offset: u32) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len() as u32));
        let line = self.line_of(offset);
        LineCol { line, col: offset - self.line_starts[line as usize] }
    }

    /// Byte offset of a line and UTF-16 column, clamped to the line's end.
    pub fn offset_utf16(&self, text: &str, pos: LineCol) -> u32 {
        let range = self.line_range(text, pos.line);
        let line = &text[range.as_usize()];
        let mut units = 0u32;
        for (i, ch) in line.char_indices() {
            if units >= pos.col {
                return range.start + i as u32;
            }
            units += ch.len_utf16() as u32;
        }
        range.end
    }
}

/// `offset`, moved back to the start of the character it is inside.
pub fn floor_char_boundary(text: &str, mut offset: u32) -> u32 {
    while offset > 0 && !text.is_char_boundary(offset as usize) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_index_equals_a_new_one() {
        use crate::text::Edit;
        let texts = ["a\nb\r\nc\rd", "a\r\nb", "\r\n\r\n", "é\nx", "", "abc", "\n"];
        // Every way of replacing a slice of one text by a slice of another.
        for old in texts {
            for new_piece in ["", "\r", "\n", "x\r\ny", "é", "\r\r"] {
                for start in (0..=old.len()).filter(|&i| old.is_char_boundary(i)) {
                    for end in (start..=old.len()).filter(|&i| old.is_char_boundary(i)) {
                        let new = format!("{}{new_piece}{}", &old[..start], &old[end..]);
                        let edited = LineIndex::new(old).edited(&new, Edit::between(old, &new));
                        assert_eq!(edited, LineIndex::new(&new), "{old:?} -> {new:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "{\n  \"é😀\": 1\n}";
        let index = LineIndex::new(text);
        let one = text.find('1').unwrap() as u32;
        assert_eq!(index.utf16(text, one), LineCol { line: 1, col: 9 });
        assert_eq!(index.chars(text, one), LineCol { line: 1, col: 8 });
        assert_eq!(index.offset_utf16(text, LineCol { line: 1, col: 9 }), one);
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.utf16(text, text.find('c').unwrap() as u32), LineCol { line: 2, col: 0 });
        assert_eq!(index.line_range(text, 0), TextRange::new(0, 1));
        assert_eq!(index.line_range(text, 1), TextRange::new(3, 4));
        assert_eq!(index.offset_utf16(text, LineCol { line: 1, col: 5 }), 4);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.utf16(text, 99), LineCol { line: 1, col: 2 });
        assert_eq!(index.line_range(text, 7), TextRange::new(5, 5));
    }
}
