//! Recursive-descent JSON parser with error recovery.
//!
//! Recovery rules, chosen so that one typo costs one diagnostic:
//! - a missing comma between members or elements is reported and assumed;
//! - a member without `:` or without a value keeps its key (value `Error`);
//! - an unexpected token is reported and skipped;
//! - a missing closing bracket is reported at the end of the text;
//! - nesting deeper than [`MAX_DEPTH`] is reported once and skipped.

use super::lexer::{Lexer, Token, TokenKind};
use super::tree::{Member, Number, Object, Value, ValueKind};
use super::{Parse, SyntaxError, SyntaxErrorKind};
use crate::text::TextRange;
use compact_str::CompactString;

/// Deepest nesting of objects and arrays we read; deeper content is skipped.
/// Real definitions stay far below it; it bounds every recursion above us.
pub const MAX_DEPTH: usize = 128;

pub fn parse(text: &str) -> Parse {
    let mut parser = Parser::new(text, 0);
    let root = if parser.at(&TokenKind::Eof) { None } else { Some(parser.value(0)) };
    while !parser.at(&TokenKind::Eof) {
        let range = parser.token.range;
        parser.error(range, "unexpected content after the end of the definition: remove it".into());
        parser.skip_value_or_token();
    }
    let (errors, duplicate_keys) = parser.problems();
    Parse { root, errors, duplicate_keys, language: super::Language::Json }
}

/// The object or array that starts at `start` and ends exactly at the end
/// of `text`, at nesting `depth`, with its problems; `None` when the text
/// there is not one closed container (see [`super::reparse`]).
pub(super) fn parse_container(text: &str, start: u32, depth: usize) -> Option<Parse> {
    if !matches!(text.as_bytes().get(start as usize), Some(b'{' | b'[')) {
        return None;
    }
    let mut parser = Parser::new(text, start as usize);
    if !matches!(parser.token.kind, TokenKind::LBrace | TokenKind::LBracket) || parser.token.range.start != start {
        return None;
    }
    let value = parser.value(depth);
    let whole = value.range.end as usize == text.len() && parser.at(&TokenKind::Eof);
    if parser.unclosed || !whole || value.is_error() {
        return None;
    }
    let (errors, duplicate_keys) = parser.problems();
    Some(Parse { root: Some(value), errors, duplicate_keys, language: super::Language::Json })
}

struct Parser<'t> {
    lexer: Lexer<'t>,
    token: Token,
    /// End of the last consumed token.
    last_end: u32,
    errors: Vec<SyntaxError>,
    duplicate_keys: Vec<(TextRange, TextRange)>,
    /// The members and elements of the objects and arrays being read, nested
    /// ones on top: each is moved out in one exact-size allocation when its
    /// bracket closes, instead of growing a vector of its own step by step.
    members: Vec<Member>,
    items: Vec<Value>,
    /// Whether an object or array ran to the end of the text unclosed.
    unclosed: bool,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, start: usize) -> Self {
        let mut parser = Parser {
            lexer: Lexer::new(text, start),
            token: Token { kind: TokenKind::Eof, range: TextRange::default() },
            last_end: 0,
            errors: Vec::new(),
            duplicate_keys: Vec::new(),
            members: Vec::new(),
            items: Vec::new(),
            unclosed: false,
        };
        parser.bump();
        parser
    }

    fn at(&self, kind: &TokenKind) -> bool {
        std::mem::discriminant(&self.token.kind) == std::mem::discriminant(kind)
    }

    /// Moves to the next non-comment token, reporting comments on the way.
    fn bump(&mut self) -> Token {
        let mut next = self.lexer.next_token(&mut self.errors);
        while next.kind == TokenKind::Comment {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::Comment,
                range: next.range,
                message: "comments are not allowed: Step Functions accepts only strict JSON; remove the comment or move it into a `Comment` field".into(),
            });
            next = self.lexer.next_token(&mut self.errors);
        }
        self.last_end = self.token.range.end;
        std::mem::replace(&mut self.token, next)
    }

    /// The problems found, in the order of the text (the order they are
    /// found in differs: an unclosed bracket is noticed at the end), so
    /// that a reparse can replace those of one region.
    fn problems(mut self) -> (Vec<SyntaxError>, Vec<(TextRange, TextRange)>) {
        self.errors.sort_by_key(|e| e.range.start);
        self.duplicate_keys.sort_by_key(|(_, key)| key.start);
        (self.errors, self.duplicate_keys)
    }

    fn error(&mut self, range: TextRange, message: String) {
        self.errors.push(SyntaxError { kind: SyntaxErrorKind::Invalid, range, message });
    }

    fn value(&mut self, depth: usize) -> Value {
        let start = self.token.range;
        match self.token.kind {
            TokenKind::LBrace | TokenKind::LBracket if depth >= MAX_DEPTH => {
                self.errors.push(SyntaxError {
                    kind: SyntaxErrorKind::TooDeep,
                    range: start,
                    message: format!("nesting deeper than {MAX_DEPTH} levels: asl-ls does not check the content here"),
                });
                self.skip_value_or_token();
                Value { kind: ValueKind::Error, range: TextRange::new(start.start, self.last_end) }
            }
            TokenKind::LBrace => self.object(depth),
            TokenKind::LBracket => self.array(depth),
            _ => self.scalar(),
        }
    }

    fn scalar(&mut self) -> Value {
        let range = self.token.range;
        let kind = match &mut self.token.kind {
            TokenKind::String(s) => ValueKind::String(std::mem::take(s)),
            TokenKind::Number(n) => ValueKind::Number(Number { value: *n }),
            TokenKind::True => ValueKind::Bool(true),
            TokenKind::False => ValueKind::Bool(false),
            TokenKind::Null => ValueKind::Null,
            TokenKind::Unknown => {
                self.error(range, "expected a JSON value: strings need double quotes, and `${...}` placeholders must be inside a string".into());
                ValueKind::Error
            }
            _ => {
                // Leave structural tokens for the caller to recover on.
                let message = match self.token.kind {
                    TokenKind::Eof => "unexpected end of text: a value is missing".to_string(),
                    _ => "expected a value".to_string(),
                };
                self.error(range, message);
                return Value { kind: ValueKind::Error, range: TextRange::empty(range.start) };
            }
        };
        self.bump();
        Value { kind, range }
    }

    fn object(&mut self, depth: usize) -> Value {
        let open = self.bump().range;
        let first = self.members.len();
        let end = loop {
            match &self.token.kind {
                TokenKind::RBrace => break self.bump().range.end,
                TokenKind::Eof => {
                    self.unclosed = true;
                    let message = "unclosed `{`: add the matching `}`".into();
                    self.errors.push(SyntaxError { kind: SyntaxErrorKind::Unclosed, range: open, message });
                    break self.token.range.start;
                }
                TokenKind::RBracket => {
                    let range = self.bump().range;
                    self.error(range, "unexpected `]` inside an object: did you mean `}`?".into());
                }
                TokenKind::Comma => {
                    let range = self.bump().range;
                    self.error(range, "unexpected `,`: a member is missing".into());
                }
                TokenKind::String(_) | TokenKind::Unknown | TokenKind::Colon => {
                    if let Some(member) = self.member(depth) {
                        self.members.push(member);
                    }
                    self.separator(TokenKind::RBrace, "member");
                }
                _ => {
                    let range = self.token.range;
                    self.error(range, "expected a member name in double quotes".into());
                    self.skip_value_or_token();
                }
            }
        };
        let members: Vec<Member> = self.members.drain(first..).collect();
        self.find_duplicates(open, &members);
        let range = TextRange::new(open.start, end);
        Value { kind: ValueKind::Object(Object { members, open_brace: open, range }), range }
    }

    /// Records each key that repeats an earlier key of the object.
    fn find_duplicates(&mut self, open: TextRange, members: &[Member]) {
        let named = |m: &&Member| !(m.key.is_empty() && m.value.is_error());
        if members.len() <= 16 {
            // Small objects (nearly all): comparing beats hashing.
            for (i, member) in members.iter().enumerate().filter(|(_, m)| named(m)) {
                if members[..i].iter().any(|m| m.key == member.key) {
                    self.duplicate_keys.push((open, member.key_range));
                }
            }
            return;
        }
        let mut seen = foldhash::HashSet::with_capacity_and_hasher(members.len(), Default::default());
        for member in members.iter().filter(named) {
            if !seen.insert(member.key.as_str()) {
                self.duplicate_keys.push((open, member.key_range));
            }
        }
    }

    fn member(&mut self, depth: usize) -> Option<Member> {
        let key_range = self.token.range;
        let key_token = Token {
            kind: match &mut self.token.kind {
                TokenKind::String(s) => TokenKind::String(std::mem::take(s)),
                other => other.clone(),
            },
            range: key_range,
        };
        let key = match key_token.kind {
            TokenKind::String(s) => {
                self.bump();
                s
            }
            TokenKind::Unknown => {
                self.error(key_token.range, "member names must be strings in double quotes".into());
                self.bump();
                CompactString::default()
            }
            _ => {
                self.error(key_token.range, "a member name is missing before `:`".into());
                CompactString::default()
            }
        };
        if self.at(&TokenKind::Colon) {
            self.bump();
        } else {
            let at = TextRange::empty(key_token.range.end);
            self.error(at, "expected `:` after the member name".into());
            if !self.starts_value() {
                let value = Value { kind: ValueKind::Error, range: at };
                return Some(Member { key, key_range: key_token.range, value });
            }
        }
        let value = self.value(depth + 1);
        Some(Member { key, key_range: key_token.range, value })
    }

    fn array(&mut self, depth: usize) -> Value {
        let open = self.bump().range;
        let first = self.items.len();
        let end = loop {
            match &self.token.kind {
                TokenKind::RBracket => break self.bump().range.end,
                TokenKind::Eof => {
                    self.unclosed = true;
                    let message = "unclosed `[`: add the matching `]`".into();
                    self.errors.push(SyntaxError { kind: SyntaxErrorKind::Unclosed, range: open, message });
                    break self.token.range.start;
                }
                TokenKind::RBrace => {
                    let range = self.bump().range;
                    self.error(range, "unexpected `}` inside an array: did you mean `]`?".into());
                }
                TokenKind::Comma => {
                    let range = self.bump().range;
                    self.error(range, "unexpected `,`: an element is missing".into());
                }
                TokenKind::Colon => {
                    let range = self.bump().range;
                    self.error(range, "unexpected `:` inside an array".into());
                }
                _ => {
                    let item = self.value(depth + 1);
                    self.items.push(item);
                    self.separator(TokenKind::RBracket, "element");
                }
            }
        };
        let items = self.items.drain(first..).collect();
        Value { kind: ValueKind::Array(items), range: TextRange::new(open.start, end) }
    }

    /// After a member or element: a comma, the closing token, or a missing comma.
    fn separator(&mut self, close: TokenKind, what: &str) {
        if self.at(&TokenKind::Comma) {
            let comma = self.bump().range;
            if self.at(&close) {
                self.trailing_comma(comma);
            }
        } else if !self.at(&close) && !self.at(&TokenKind::Eof) && self.starts_value() {
            let at = TextRange::empty(self.token.range.start);
            self.error(at, format!("expected `,` before the next {what}"));
        }
    }

    fn trailing_comma(&mut self, range: TextRange) {
        self.errors.push(SyntaxError {
            kind: SyntaxErrorKind::TrailingComma,
            range,
            message: "trailing comma: Step Functions accepts only strict JSON; remove the comma".into(),
        });
    }

    fn starts_value(&self) -> bool {
        matches!(
            self.token.kind,
            TokenKind::LBrace
                | TokenKind::LBracket
                | TokenKind::String(_)
                | TokenKind::Number(_)
                | TokenKind::True
                | TokenKind::False
                | TokenKind::Null
                | TokenKind::Unknown
        )
    }

    /// Skips one whole value (balancing brackets, without recursion) or one token.
    fn skip_value_or_token(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.token.kind {
                TokenKind::Eof => return,
                TokenKind::LBrace | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
            if depth == 0 {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests;
