//! The JSONata tokenizer, following the reference implementation: operators,
//! string and number literals, names (plain and `backquoted`), `$variables`,
//! regex literals (only where a value may start), `/* comments */`.

use super::error::Error;

#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    Operator(&'static str),
    String(String),
    Number(f64),
    /// `true`, `false` (`Some`) or `null` (`None`).
    Value(Option<bool>),
    Name(String),
    Variable(String),
    Regex {
        pattern: String,
        flags: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// Single-character operators; also the characters that end a name.
pub const SINGLE_OPERATORS: &[&str] = &[
    ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<", ">", "^",
    "&", "!", "~",
];

const DOUBLE_OPERATORS: &[&str] = &["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"];

fn is_operator_char(c: char) -> bool {
    c.is_ascii() && SINGLE_OPERATORS.iter().any(|op| op.as_bytes()[0] == c as u8)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}')
}

pub struct Lexer<'s> {
    src: &'s str,
    pos: usize,
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s str) -> Self {
        Lexer { src, pos: 0 }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    /// The next token, `None` at the end. `infix` is true where an operator
    /// is expected; a `/` there divides, elsewhere it starts a regex.
    pub fn next(&mut self, infix: bool) -> Result<Option<Token>, Error> {
        loop {
            while self.peek().is_some_and(is_space) {
                self.pos += 1;
            }
            if self.src[self.pos..].starts_with("/*") {
                let start = self.pos;
                match self.src[self.pos + 2..].find("*/") {
                    Some(end) => self.pos += 2 + end + 2,
                    None => {
                        self.pos = self.src.len();
                        return Err(Error::new("S0106", start..self.src.len()));
                    }
                }
                continue;
            }
            break;
        }
        let start = self.pos;
        let Some(c) = self.peek() else { return Ok(None) };
        let token = |kind, end| Ok(Some(Token { kind, start, end }));
        if !infix && c == '/' {
            self.pos += 1;
            let (pattern, flags) = self.regex()?;
            return token(TokenKind::Regex { pattern, flags }, self.pos);
        }
        if let Some(op) = DOUBLE_OPERATORS.iter().find(|op| self.src[self.pos..].starts_with(**op)) {
            self.pos += 2;
            return token(TokenKind::Operator(op), self.pos);
        }
        if let Some(op) = SINGLE_OPERATORS.iter().find(|op| op.starts_with(c)) {
            self.pos += 1;
            return token(TokenKind::Operator(op), self.pos);
        }
        if c == '"' || c == '\'' {
            let value = self.string(c)?;
            return token(TokenKind::String(value), self.pos);
        }
        if c.is_ascii_digit() {
            let len = number_length(&self.src[self.pos..]);
            let text = &self.src[self.pos..self.pos + len];
            return match text.parse::<f64>() {
                Ok(n) if n.is_finite() => {
                    self.pos += len;
                    token(TokenKind::Number(n), self.pos)
                }
                _ => Err(Error::new("S0102", start..start + len).token(text)),
            };
        }
        if c == '`' {
            self.pos += 1;
            return match self.src[self.pos..].find('`') {
                Some(len) => {
                    let name = self.src[self.pos..self.pos + len].to_string();
                    self.pos += len + 1;
                    token(TokenKind::Name(name), self.pos)
                }
                None => {
                    self.pos = self.src.len();
                    Err(Error::new("S0105", start..self.src.len()))
                }
            };
        }
        let len = self.src[self.pos..]
            .find(|ch: char| is_space(ch) || is_operator_char(ch))
            .unwrap_or(self.src.len() - self.pos);
        let word = &self.src[self.pos..self.pos + len];
        self.pos += len;
        let kind = if let Some(name) = word.strip_prefix('$') {
            TokenKind::Variable(name.to_string())
        } else {
            match word {
                "or" => TokenKind::Operator("or"),
                "in" => TokenKind::Operator("in"),
                "and" => TokenKind::Operator("and"),
                "true" => TokenKind::Value(Some(true)),
                "false" => TokenKind::Value(Some(false)),
                "null" => TokenKind::Value(None),
                _ => TokenKind::Name(word.to_string()),
            }
        };
        token(kind, self.pos)
    }

    fn string(&mut self, quote: char) -> Result<String, Error> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        while let Some(c) = self.peek() {
            match c {
                '\\' => {
                    self.pos += 1;
                    let Some(escaped) = self.peek() else { break };
                    let simple = match escaped {
                        '"' => Some('"'),
                        '\\' => Some('\\'),
                        '/' => Some('/'),
                        'b' => Some('\u{8}'),
                        'f' => Some('\u{c}'),
                        'n' => Some('\n'),
                        'r' => Some('\r'),
                        't' => Some('\t'),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        value.push(ch);
                        self.pos += 1;
                    } else if escaped == 'u' {
                        let unit = self.hex4().ok_or_else(|| Error::new("S0104", self.pos - 1..self.pos + 1))?;
                        value.push(self.utf16_unit(unit));
                    } else {
                        return Err(
                            Error::new("S0103", self.pos - 1..self.pos + escaped.len_utf8()).token(escaped.to_string())
                        );
                    }
                }
                c if c == quote => {
                    self.pos += 1;
                    return Ok(value);
                }
                c => {
                    value.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        Err(Error::new("S0101", start..self.src.len()))
    }

    /// After `\u`: four hex digits (the reference accepts no fewer).
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.src.get(self.pos + 1..self.pos + 5)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 5;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A UTF-16 unit from `\uXXXX`; a high surrogate pairs with a following `\uXXXX` low one.
    fn utf16_unit(&mut self, unit: u32) -> char {
        if (0xD800..0xDC00).contains(&unit) && self.src[self.pos..].starts_with("\\u") {
            let save = self.pos;
            self.pos += 1;
            if let Some(low) = self.hex4().filter(|l| (0xDC00..0xE000).contains(l)) {
                return char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)).unwrap_or('\u{fffd}');
            }
            self.pos = save;
        }
        char::from_u32(unit).unwrap_or('\u{fffd}')
    }

    /// After the opening `/`: the pattern up to an unescaped `/` outside
    /// brackets, then `i`/`m` flags.
    fn regex(&mut self) -> Result<(String, String), Error> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut depth: i32 = 0;
        let mut i = start;
        while i < bytes.len() {
            let b = bytes[i];
            let escaped = i > 0 && bytes[i - 1] == b'\\';
            if b == b'/' && depth == 0 {
                let backslashes = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
                if backslashes % 2 == 0 {
                    let pattern = self.src[start..i].to_string();
                    if pattern.is_empty() {
                        return Err(Error::new("S0301", start - 1..i + 1));
                    }
                    let flags_end = i + 1 + self.src[i + 1..].bytes().take_while(|b| *b == b'i' || *b == b'm').count();
                    let flags = self.src[i + 1..flags_end].to_string();
                    self.pos = flags_end;
                    return Ok((pattern, flags));
                }
            }
            if matches!(b, b'(' | b'[' | b'{') && !escaped {
                depth += 1;
            }
            if matches!(b, b')' | b']' | b'}') && !escaped {
                depth -= 1;
            }
            i += 1;
        }
        self.pos = self.src.len();
        Err(Error::new("S0302", start - 1..self.src.len()))
    }
}

/// Length of `(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?` at the start.
fn number_length(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = if b.first() == Some(&b'0') { 1 } else { digits(0) };
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i = digits(i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            i = digits(j);
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let mut lexer = Lexer::new(src);
        let mut out = Vec::new();
        let mut infix = false;
        while let Some(token) = lexer.next(infix).unwrap() {
            infix = !matches!(token.kind, TokenKind::Operator(_));
            out.push(token.kind);
        }
        out
    }

    #[test]
    fn tokens_of_a_path_with_operators_and_literals() {
        use TokenKind::*;
        assert_eq!(
            kinds("$states.input.`odd name`[0] ~> $sum() != 1.5e2 /* c */ and 'a\\u00e9'"),
            vec![
                Variable("states".into()),
                Operator("."),
                Name("input".into()),
                Operator("."),
                Name("odd name".into()),
                Operator("["),
                Number(0.0),
                Operator("]"),
                Operator("~>"),
                Variable("sum".into()),
                Operator("("),
                Operator(")"),
                Operator("!="),
                Number(150.0),
                Operator("and"),
                String("aé".into()),
            ]
        );
        assert_eq!(kinds("/ab\\/c/i"), vec![Regex { pattern: "ab\\/c".into(), flags: "i".into() }]);
    }

    #[test]
    fn lexical_errors_have_the_reference_codes() {
        let code = |src: &str| {
            let mut lexer = Lexer::new(src);
            loop {
                match lexer.next(false) {
                    Ok(Some(_)) => continue,
                    Ok(None) => return "",
                    Err(e) => return e.code,
                }
            }
        };
        assert_eq!(code("\"no closing quote"), "S0101");
        assert_eq!(code("10e1000"), "S0102");
        assert_eq!(code("\"\\y\""), "S0103");
        assert_eq!(code("\"\\u123t\""), "S0104");
        assert_eq!(code("`no closing backtick"), "S0105");
        assert_eq!(code("/* no end"), "S0106");
        assert_eq!(code("//"), "S0301");
        assert_eq!(code("/abc"), "S0302");
    }
}
