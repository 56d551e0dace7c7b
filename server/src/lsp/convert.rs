//! The only place where byte offsets become LSP positions and back, in the
//! position encoding negotiated with the client (UTF-8 when it offers it,
//! else UTF-16).

use crate::text::{LineCol, LineIndex, TextRange};
use tower_lsp_server::ls_types::{Position, Range};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// Converts between offsets and positions for one text.
pub struct Converter<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Converter<'_> {
    pub fn position(&self, offset: u32) -> Position {
        let lc = match self.encoding {
            Encoding::Utf8 => self.index.utf8(self.text, offset),
            Encoding::Utf16 => self.index.utf16(self.text, offset),
        };
        Position { line: lc.line, character: lc.col }
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range { start: self.position(range.start), end: self.position(range.end) }
    }

    pub fn offset(&self, position: Position) -> u32 {
        let lc = LineCol { line: position.line, col: position.character };
        if position.line as usize >= self.index.line_count() {
            return self.text.len() as u32;
        }
        match self.encoding {
            Encoding::Utf8 => self.index.offset_utf8(self.text, lc),
            Encoding::Utf16 => self.index.offset_utf16(self.text, lc),
        }
    }

    pub fn text_range(&self, range: Range) -> TextRange {
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        TextRange::new(start, end)
    }
}

/// A byte offset in a rope for an LSP position (edits arrive against the
/// rope, before any snapshot exists).
pub fn rope_offset(rope: &ropey::Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start_char = rope.line_to_char(line);
    let line_slice = rope.line(line);
    // The line without its line break.
    let mut line_chars = line_slice.len_chars();
    while line_chars > 0 && matches!(line_slice.char(line_chars - 1), '\n' | '\r') {
        line_chars -= 1;
    }
    let column_chars = match encoding {
        Encoding::Utf8 => {
            let byte = (position.character as usize).min(line_slice.len_bytes());
            line_slice.byte_to_char(byte)
        }
        Encoding::Utf16 => {
            let units = (position.character as usize).min(line_slice.len_utf16_cu());
            line_slice.utf16_cu_to_char(units)
        }
    };
    rope.char_to_byte(line_start_char + column_chars.min(line_chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_positions_agree_on_offsets() {
        let text = "{\n  \"é😀\": 1\n}";
        let index = LineIndex::new(text);
        let one = text.find('1').unwrap() as u32;
        let utf16 = Converter { text, index: &index, encoding: Encoding::Utf16 };
        let utf8 = Converter { text, index: &index, encoding: Encoding::Utf8 };
        assert_eq!(utf16.position(one), Position { line: 1, character: 9 });
        assert_eq!(utf8.position(one), Position { line: 1, character: 12 });
        assert_eq!(utf16.offset(Position { line: 1, character: 9 }), one);
        assert_eq!(utf8.offset(Position { line: 1, character: 12 }), one);
        let rope = ropey::Rope::from_str(text);
        assert_eq!(rope_offset(&rope, Position { line: 1, character: 9 }, Encoding::Utf16), one as usize);
        assert_eq!(rope_offset(&rope, Position { line: 1, character: 99 }, Encoding::Utf16), text.find("\n}").unwrap());
        assert_eq!(rope_offset(&rope, Position { line: 9, character: 0 }, Encoding::Utf16), text.len());
    }
}
