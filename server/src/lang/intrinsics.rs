//! Intrinsic function calls (`States.Format('{}', $.name)`): a parser that
//! produces a small tree with offsets into the decoded string, and a printer
//! that writes it back. Whether the name exists and the arguments fit is
//! the checker's business (`ide::diagnostics::expressions`).

use std::fmt::{self, Write};
use std::ops::Range;

/// Deepest nesting of calls AWS allows in one field.
pub const MAX_NESTING: usize = 10;

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub name: String,
    pub name_range: Range<usize>,
    pub args: Vec<Arg>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    String(String, Range<usize>),
    Number(f64, Range<usize>),
    Bool(bool, Range<usize>),
    Null(Range<usize>),
    /// A path (`$.a`, `$$.Execution.Id`, `$var`), kept as written.
    Path(String, Range<usize>),
    Call(Call),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub range: Range<usize>,
    pub message: String,
}

/// Whether the string is meant as an intrinsic call (`States.` then a name and `(`).
pub fn looks_like_call(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("States.") else { return false };
    let name_len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric()).count();
    name_len > 0 && rest[name_len..].trim_start().starts_with('(')
}

/// Parses a whole string as one call.
pub fn parse(s: &str) -> Result<Call, ParseError> {
    let mut parser = Parser { s, pos: 0 };
    let call = parser.call(1)?;
    parser.skip_spaces();
    if parser.pos < s.len() {
        return Err(parser.error(parser.pos..s.len(), "unexpected text after the closing `)`"));
    }
    Ok(call)
}

struct Parser<'s> {
    s: &'s str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, range: Range<usize>, message: impl Into<String>) -> ParseError {
        ParseError { range, message: message.into() }
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(|b| b == b' ' || b == b'\t' || b == b'\n' || b == b'\r') {
            self.pos += 1;
        }
    }

    fn call(&mut self, depth: usize) -> Result<Call, ParseError> {
        let start = self.pos;
        if depth > MAX_NESTING {
            return Err(self.error(start..self.s.len(), format!("intrinsic calls nest at most {MAX_NESTING} deep")));
        }
        let name_end = start
            + self.s[start..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'_').count();
        let name = &self.s[start..name_end];
        if !name.starts_with("States.") || name.len() == "States.".len() {
            return Err(self.error(
                start..name_end.max(start + 1).min(self.s.len()),
                "expected an intrinsic function name such as `States.Format`",
            ));
        }
        self.pos = name_end;
        self.skip_spaces();
        if self.peek() != Some(b'(') {
            return Err(self.error(self.pos..self.pos, format!("expected `(` after `{name}`")));
        }
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_spaces();
        if self.peek() == Some(b')') {
            self.pos += 1;
        } else {
            loop {
                self.skip_spaces();
                args.push(self.arg(depth)?);
                self.skip_spaces();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.error(self.pos..self.pos, "expected `,` or `)` after an argument")),
                }
            }
        }
        Ok(Call { name: name.to_string(), name_range: start..name_end, args, range: start..self.pos })
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, ParseError> {
        let start = self.pos;
        match self.peek() {
            Some(b'\'') => self.string(),
            Some(b'$') => Ok(self.path()),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'S') if self.s[start..].starts_with("States.") => Ok(Arg::Call(self.call(depth + 1)?)),
            _ => {
                for (word, arg) in [("true", Some(true)), ("false", Some(false)), ("null", None)] {
                    if self.s[start..].starts_with(word) {
                        self.pos += word.len();
                        let range = start..self.pos;
                        return Ok(arg.map_or(Arg::Null(range.clone()), |b| Arg::Bool(b, range)));
                    }
                }
                Err(self
                    .error(start..start, "expected an argument: a 'string', a number, a path such as `$.x`, or a call"))
            }
        }
    }

    fn string(&mut self) -> Result<Arg, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            let Some(ch) = self.s[self.pos..].chars().next() else {
                return Err(self.error(start..self.pos, "unterminated string: add the closing `'`"));
            };
            match ch {
                '\'' => {
                    self.pos += 1;
                    return Ok(Arg::String(value, start..self.pos));
                }
                '\\' => {
                    let escaped = self.s[self.pos + 1..].chars().next();
                    match escaped {
                        Some(c @ ('\'' | '{' | '}' | '\\')) => {
                            value.push(c);
                            self.pos += 2;
                        }
                        _ => {
                            let end = self.pos + 1 + escaped.map_or(0, char::len_utf8);
                            return Err(self.error(
                                self.pos..end,
                                "invalid escape: inside an intrinsic string only \\' \\{ \\} and \\\\ are allowed",
                            ));
                        }
                    }
                }
                _ => {
                    value.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
    }

    fn number(&mut self) -> Result<Arg, ParseError> {
        let start = self.pos;
        let len = self.s[start..]
            .bytes()
            .take_while(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
            .count();
        self.pos += len;
        match self.s[start..self.pos].parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Arg::Number(n, start..self.pos)),
            _ => Err(self.error(start..self.pos, "invalid number")),
        }
    }

    /// A path runs to the next `,` or `)` outside brackets and quotes.
    fn path(&mut self) -> Arg {
        let start = self.pos;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for (i, ch) in self.s[start..].char_indices() {
            match (quote, ch) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(ch),
                (None, '[' | '(') => depth += 1,
                (None, ']') => depth = depth.saturating_sub(1),
                (None, ')') if depth > 0 => depth -= 1,
                (None, ',' | ')') if depth == 0 => {
                    self.pos = start + i;
                    return Arg::Path(self.s[start..self.pos].trim_end().to_string(), start..self.pos);
                }
                _ => {}
            }
        }
        self.pos = self.s.len();
        Arg::Path(self.s[start..].trim_end().to_string(), start..self.pos)
    }
}

impl Arg {
    pub fn range(&self) -> Range<usize> {
        match self {
            Arg::String(_, r) | Arg::Number(_, r) | Arg::Bool(_, r) | Arg::Null(r) | Arg::Path(_, r) => r.clone(),
            Arg::Call(call) => call.range.clone(),
        }
    }
}

impl fmt::Display for Call {
    /// The call in a canonical spelling that parses back to the same call.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.name)?;
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match arg {
                Arg::String(s, _) => {
                    f.write_char('\'')?;
                    for c in s.chars() {
                        if matches!(c, '\'' | '{' | '}' | '\\') {
                            f.write_char('\\')?;
                        }
                        f.write_char(c)?;
                    }
                    f.write_char('\'')?;
                }
                Arg::Number(n, _) => write!(f, "{n}")?,
                Arg::Bool(b, _) => write!(f, "{b}")?,
                Arg::Null(_) => f.write_str("null")?,
                Arg::Path(p, _) => f.write_str(p)?,
                Arg::Call(call) => write!(f, "{call}")?,
            }
        }
        f.write_char(')')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_calls_and_arguments() {
        let call = parse("States.Format('Hello {} \\'x\\'', States.ArrayGetItem($.a[0], 1), true, null)").unwrap();
        assert_eq!(call.name, "States.Format");
        assert_eq!(call.args.len(), 4);
        assert_eq!(call.args[0], Arg::String("Hello {} 'x'".into(), 14..30));
        assert!(matches!(&call.args[1], Arg::Call(c) if c.args[0] == Arg::Path("$.a[0]".into(), 52..58)));
        assert!(parse("States.UUID()").is_ok());
        assert!(parse("States.JsonMerge($.a, $['b,c'], false)").is_ok());
    }

    #[test]
    fn refuses_bad_escapes_unknown_names_and_junk() {
        let err = parse(r#"States.StringToJson('{"text":"An \"q\" here"}')"#).unwrap_err();
        assert!(err.message.starts_with("invalid escape"), "{err:?}");
        assert!(parse("States.Default($.x)").is_ok(), "unknown names are the checker's business");
        assert_eq!(parse("Format($.x)").unwrap_err().range, 0..6);
        assert!(parse("States.Format('a'").is_err());
        assert!(parse("States.Format('a') x").is_err());
        assert!(parse("States.Array(foo)").is_err());
    }
}
