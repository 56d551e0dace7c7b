//! JSON tokens with byte ranges. The lexer never fails: anything it cannot read
//! becomes an `Unknown` token (or a string/number with a recorded problem), so
//! the parser can recover after it.

use super::{SyntaxError, SyntaxErrorKind};
use crate::text::TextRange;
use compact_str::CompactString;

#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Colon,
    Comma,
    String(CompactString),
    Number(f64),
    True,
    False,
    Null,
    /// A `//` or `/* */` comment.
    Comment,
    /// Characters that start no JSON token (a bare word, a stray symbol).
    Unknown,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

pub struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl<'t> Lexer<'t> {
    /// Reads `text` from byte `start` on (ranges stay offsets into `text`).
    pub fn new(text: &'t str, start: usize) -> Self {
        Lexer { text, bytes: text.as_bytes(), pos: start.min(text.len()) }
    }

    /// The next token; problems inside strings and numbers go to `errors`.
    pub fn next_token(&mut self, errors: &mut Vec<SyntaxError>) -> Token {
        self.skip_whitespace();
        let start = self.pos;
        let Some(&b) = self.bytes.get(self.pos) else {
            return self.token(TokenKind::Eof, start);
        };
        let kind = match b {
            b'{' => self.single(TokenKind::LBrace),
            b'}' => self.single(TokenKind::RBrace),
            b'[' => self.single(TokenKind::LBracket),
            b']' => self.single(TokenKind::RBracket),
            b':' => self.single(TokenKind::Colon),
            b',' => self.single(TokenKind::Comma),
            b'"' => self.string(errors),
            b'-' | b'0'..=b'9' => self.number(errors),
            b'/' if matches!(self.bytes.get(self.pos + 1), Some(b'/' | b'*')) => self.comment(errors),
            _ => self.word(),
        };
        self.token(kind, start)
    }

    fn token(&self, kind: TokenKind, start: usize) -> Token {
        Token { kind, range: TextRange::new(start as u32, self.pos as u32) }
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.pos += 1;
        kind
    }

    fn skip_whitespace(&mut self) {
        loop {
            // Indentation, eight spaces at a time (one comparison each).
            while self.bytes.get(self.pos..self.pos + 8) == Some(b"        ") {
                self.pos += 8;
            }
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                _ => return,
            }
        }
    }

    fn error(&self, errors: &mut Vec<SyntaxError>, start: usize, end: usize, message: String) {
        errors.push(SyntaxError {
            kind: SyntaxErrorKind::Invalid,
            range: TextRange::new(start as u32, end as u32),
            message,
        });
    }

    fn string(&mut self, errors: &mut Vec<SyntaxError>) -> TokenKind {
        let start = self.pos;
        self.pos += 1;
        // Fast path: most strings have no escapes; copy them in one go.
        let plain = self.bytes[self.pos..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
        if let Some(len) = plain {
            if self.bytes[self.pos + len] == b'"' {
                let value = CompactString::from(&self.text[self.pos..self.pos + len]);
                self.pos += len + 1;
                return TokenKind::String(value);
            }
        }
        let mut value = CompactString::default();
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                self.error(errors, start, self.pos, "unterminated string: add the closing `\"`".into());
                break;
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\n' | b'\r' => {
                    // A JSON string cannot span lines: the quote is missing.
                    self.error(errors, start, self.pos, "unterminated string: add the closing `\"`".into());
                    break;
                }
                b'\\' => self.escape(&mut value, errors),
                0x00..=0x1f => {
                    self.error(
                        errors,
                        self.pos,
                        self.pos + 1,
                        "control character in a string: write it as an escape such as `\\t` or `\\u0009`".into(),
                    );
                    value.push(b as char);
                    self.pos += 1;
                }
                _ => {
                    let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
                    value.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
        TokenKind::String(value)
    }

    fn escape(&mut self, value: &mut CompactString, errors: &mut Vec<SyntaxError>) {
        let start = self.pos;
        self.pos += 1;
        let Some(&b) = self.bytes.get(self.pos) else { return };
        self.pos += 1;
        let decoded = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => match self.unicode_escape() {
                Some(ch) => ch,
                None => {
                    self.error(errors, start, self.pos, "invalid `\\u` escape: it takes four hex digits".into());
                    '\u{fffd}'
                }
            },
            _ => {
                // Step back so a multi-byte character after `\` stays whole.
                self.pos -= 1;
                let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
                self.pos += ch.len_utf8();
                self.error(
                    errors,
                    start,
                    self.pos,
                    format!("invalid escape `\\{ch}`: JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
                );
                ch
            }
        };
        value.push(decoded);
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.text[self.pos..].starts_with("\\u") {
            let save = self.pos;
            self.pos += 2;
            if let Some(second) = self.hex4().filter(|s| (0xDC00..0xE000).contains(s)) {
                return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
            }
            self.pos = save;
        }
        // A lone surrogate is valid JSON text but no character: keep going.
        Some(char::from_u32(first).unwrap_or('\u{fffd}'))
    }

    fn number(&mut self, errors: &mut Vec<SyntaxError>) -> TokenKind {
        let start = self.pos;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        let raw = &self.text[start..self.pos];
        if !is_json_number(raw) {
            self.error(errors, start, self.pos, format!("invalid number `{raw}`"));
        }
        TokenKind::Number(raw.parse().unwrap_or(0.0))
    }

    fn comment(&mut self, errors: &mut Vec<SyntaxError>) -> TokenKind {
        let start = self.pos;
        if self.bytes[self.pos + 1] == b'/' {
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'\n' {
                    break;
                }
                self.pos += 1;
            }
        } else {
            match self.text[self.pos + 2..].find("*/") {
                Some(end) => self.pos += 2 + end + 2,
                None => {
                    self.pos = self.bytes.len();
                    self.error(errors, start, self.pos, "unterminated comment: add `*/`".into());
                }
            }
        }
        TokenKind::Comment
    }

    /// A bare word (`true`, `null`, or an error such as `undefined` or `${Var}`).
    fn word(&mut self) -> TokenKind {
        let start = self.pos;
        loop {
            let rest = &self.text[self.pos..];
            // `${Name}` placeholders keep their braces in one token.
            let placeholder_end =
                rest.strip_prefix("${").and_then(|r| r.find(['}', '\n', '"']).filter(|&end| r.as_bytes()[end] == b'}'));
            if let Some(end) = placeholder_end {
                self.pos += end + 3;
                continue;
            }
            let Some(ch) = rest.chars().next() else { break };
            let stop = matches!(ch, '{' | '}' | '[' | ']' | ':' | ',' | '"' | ' ' | '\t' | '\n' | '\r');
            if stop && self.pos > start {
                break;
            }
            self.pos += ch.len_utf8();
        }
        match &self.text[start..self.pos] {
            "true" => TokenKind::True,
            "false" => TokenKind::False,
            "null" => TokenKind::Null,
            _ => TokenKind::Unknown,
        }
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn is_json_number(raw: &str) -> bool {
    let b = raw.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    if b.get(i) == Some(&b'0') {
        i += 1;
    } else if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::is_json_number;

    #[test]
    fn json_numbers() {
        for ok in ["0", "-1", "1.5", "2e10", "1E-3", "10"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["01", "1.", "+1", "-", "1e", ".5", "1-2"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
