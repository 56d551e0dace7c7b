//! JSONPath as Step Functions reads it: `$` (the input), `$$` (the context
//! object) or `$name` (a variable), then member, index, wildcard, slice,
//! union, filter and descendant steps. The grammar is the union of what
//! Jayway JsonPath (AWS's engine) and jsonpath-plus (the tools users test
//! with) accept, so a path either of them takes gets no error here: names
//! after `.` run to the next `.`, `[`, `(` or space, `$.[0]` is `$[0]`,
//! filters and scripts are kept as written.
//!
//! Offsets are bytes in the decoded string.

use std::fmt::{self, Write};
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub root: Root,
    pub root_range: Range<usize>,
    pub segments: Vec<Segment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state input (or the value a field applies to).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a variable.
    Variable(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub kind: Step,
    /// From the `.`, `..` or `[` that starts the step to its end.
    pub range: Range<usize>,
    /// The range of the name, index or content the step selects by.
    pub selector: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `.name`, or `['name']` when `quote` is set.
    Member { name: String, quote: Option<char> },
    /// `['a', 'b']`
    Members { names: Vec<String>, quote: char },
    /// `[2]`, `[-1]`
    Index(i64),
    /// `[0, 2]`
    Indexes(Vec<i64>),
    /// `.*` or `[*]`
    Wildcard { bracket: bool },
    /// `[start:end:step]`
    Slice { start: Option<i64>, end: Option<i64>, step: Option<i64> },
    /// `[?( … )]`: the text between the parentheses.
    Filter(String),
    /// `[( … )]`: a script expression (jsonpath-plus).
    Script(String),
    /// `.length()`: a function applied to what the path selects (Jayway).
    Function { name: String, args: String },
    /// `..` then a step: that step at any depth.
    Descendant(Box<Step>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub range: Range<usize>,
    pub message: String,
}

impl Path {
    /// Whether the path names at most one node: only member names and
    /// single indexes (what `ResultPath`, `ItemsPath`, `Variable` and the
    /// `…Path` fields take).
    pub fn is_reference(&self) -> bool {
        self.first_non_reference().is_none()
    }

    /// The first step a reference path may not have.
    pub fn first_non_reference(&self) -> Option<&Segment> {
        self.segments.iter().find(|s| !matches!(s.kind, Step::Member { .. } | Step::Index(_)))
    }

    /// The leading member names (`$$.Execution.Id` → `["Execution", "Id"]`),
    /// up to the first step that is not a plain member.
    pub fn member_prefix(&self) -> impl Iterator<Item = (&str, &Segment)> {
        self.segments.iter().map_while(|s| match &s.kind {
            Step::Member { name, .. } => Some((name.as_str(), s)),
            _ => None,
        })
    }
}

/// Parses a whole string as one path. Leading and trailing whitespace is
/// not part of it: Jayway trims the path before reading it, so `" $.a "`
/// is `$.a` (ranges stay offsets in `s`).
pub fn parse(s: &str) -> Result<Path, Error> {
    let start = s.len() - s.trim_start().len();
    let end = s.trim_end().len().max(start);
    Parser { s: &s[..end], pos: start }.path()
}

/// Whether a name can be written after `.` and read back the same.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('*') && !name.contains(['.', '[', '(', ' '])
}

/// Variable names: a letter or `_`, then letters, digits and `_`.
pub fn is_variable_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

pub fn is_variable_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

struct Parser<'s> {
    s: &'s str,
    pos: usize,
}

impl Parser<'_> {
    fn error<T>(&self, range: Range<usize>, message: impl Into<String>) -> Result<T, Error> {
        Err(Error { range, message: message.into() })
    }

    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(|c| c == ' ') {
            self.pos += 1;
        }
    }

    fn path(mut self) -> Result<Path, Error> {
        let start = self.pos;
        if !self.eat('$') {
            let end = start + self.peek().map_or(0, char::len_utf8);
            return self.error(
                start..end,
                "a path starts with `$` (the input), `$$` (the context object) or `$name` (a variable)",
            );
        }
        let root = if self.eat('$') {
            Root::Context
        } else if self.peek().is_some_and(is_variable_start) {
            let start = self.pos;
            while self.peek().is_some_and(is_variable_char) {
                self.pos += self.peek().map_or(1, char::len_utf8);
            }
            Root::Variable(self.s[start..self.pos].to_string())
        } else {
            Root::Input
        };
        let root_range = start..self.pos;
        let mut segments = Vec::new();
        while self.pos < self.s.len() {
            segments.push(self.segment()?);
        }
        Ok(Path { root, root_range, segments })
    }

    fn segment(&mut self) -> Result<Segment, Error> {
        let start = self.pos;
        match self.peek() {
            Some('.') if self.s[self.pos..].starts_with("..") => {
                self.pos += 2;
                if self.pos == self.s.len() || self.peek() == Some('.') {
                    let end = (self.pos + 1).min(self.s.len());
                    return self.error(start..end, "`..` must be followed by a name, `*` or `[…]`");
                }
                let (step, selector) = self.after_dot(start)?;
                Ok(Segment { kind: Step::Descendant(Box::new(step)), range: start..self.pos, selector })
            }
            Some('.') => {
                self.pos += 1;
                if self.pos == self.s.len() {
                    return self.error(start..self.pos, "a path must not end with `.`: add a name after it");
                }
                let (kind, selector) = self.after_dot(start)?;
                Ok(Segment { kind, range: start..self.pos, selector })
            }
            Some('[') => {
                let (kind, selector) = self.bracket()?;
                Ok(Segment { kind, range: start..self.pos, selector })
            }
            Some(c) => {
                let end = start + c.len_utf8();
                let message = if c == ' ' {
                    "unexpected space in a path: write a name with spaces as `['my name']`".to_string()
                } else {
                    format!("expected `.` or `[` before `{c}`")
                };
                self.error(start..end, message)
            }
            None => self.error(start..start, "expected a path step"),
        }
    }

    /// What follows `.` or `..`: a name, a function call, `*` or a bracket.
    fn after_dot(&mut self, dot: usize) -> Result<(Step, Range<usize>), Error> {
        let start = self.pos;
        match self.peek() {
            Some('*') => {
                self.pos += 1;
                Ok((Step::Wildcard { bracket: false }, start..self.pos))
            }
            Some('[') => self.bracket(),
            Some(' ') => {
                self.error(dot..start + 1, "unexpected space after `.`: write a name with spaces as `['my name']`")
            }
            _ => {
                while self.peek().is_some_and(|c| !matches!(c, '.' | '[' | '(' | ' ')) {
                    self.pos += self.peek().map_or(1, char::len_utf8);
                }
                let name = self.s[start..self.pos].to_string();
                if name.is_empty() {
                    let end = (self.pos + 1).min(self.s.len());
                    return self.error(dot..end, "expected a name after `.`");
                }
                if self.peek() == Some(' ') {
                    let message = format!(
                        "unexpected space after `{name}`: write a name with spaces as `['{name} …']`, and nothing may follow a path"
                    );
                    return self.error(self.pos..self.pos + 1, message);
                }
                if self.peek() == Some('(') {
                    let open = self.pos;
                    let args = self.balanced(open)?;
                    return Ok((Step::Function { name, args }, start..self.pos));
                }
                Ok((Step::Member { name, quote: None }, start..self.pos))
            }
        }
    }

    /// `[ … ]` at the current position.
    fn bracket(&mut self) -> Result<(Step, Range<usize>), Error> {
        let open = self.pos;
        self.pos += 1;
        self.skip_spaces();
        let start = self.pos;
        let step = match self.peek() {
            Some('*') => {
                self.pos += 1;
                Step::Wildcard { bracket: true }
            }
            Some(q @ ('\'' | '"')) => {
                let mut names = vec![self.quoted(q)?];
                loop {
                    self.skip_spaces();
                    if !self.eat(',') {
                        break;
                    }
                    self.skip_spaces();
                    if self.peek() != Some(q) {
                        let end = self.pos + self.peek().map_or(0, char::len_utf8);
                        return self.error(self.pos..end, format!("expected another {q}name{q} after `,`"));
                    }
                    names.push(self.quoted(q)?);
                }
                if names.len() == 1 {
                    Step::Member { name: names.remove(0), quote: Some(q) }
                } else {
                    Step::Members { names, quote: q }
                }
            }
            Some('?') => {
                self.pos += 1;
                self.skip_spaces();
                if self.peek() != Some('(') {
                    return self.error(open..self.pos, "a filter is written `[?(@.field > 1)]`");
                }
                let paren = self.pos;
                Step::Filter(self.balanced(paren)?)
            }
            Some('(') => {
                let paren = self.pos;
                Step::Script(self.balanced(paren)?)
            }
            Some(c) if c.is_ascii_digit() || c == '-' || c == ':' => self.numbers()?,
            _ => {
                let end = self.s[open..].find(']').map_or(self.s.len(), |i| open + i + 1);
                return self.error(
                    open..end,
                    "expected a quoted name (`['name']`), an index (`[0]`), `[*]`, a slice (`[1:3]`) or a filter (`[?(@.x > 1)]`) inside `[ ]`",
                );
            }
        };
        let selector = start..self.pos;
        self.skip_spaces();
        if !self.eat(']') {
            let end = self.pos + self.peek().map_or(0, char::len_utf8);
            let message = if self.pos == self.s.len() { "add the closing `]`" } else { "expected `]`" };
            return self.error(self.pos..end, message);
        }
        Ok((step, selector))
    }

    /// A quoted name as AWS reads it: a backslash keeps the next character
    /// from ending the name, and both stay in the name as written (AWS's
    /// recording: `$['Test\\""Name"']` selects the key `Test\\""Name"`,
    /// backslash included; Jayway 2.2's unescaping is not what AWS runs).
    fn quoted(&mut self, quote: char) -> Result<String, Error> {
        let start = self.pos;
        self.pos += 1;
        let mut name = String::new();
        let mut chars = self.s[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            if c == quote {
                self.pos += i + 1;
                return Ok(name);
            }
            name.push(c);
            if c == '\\' {
                match chars.next() {
                    Some((_, escaped)) => name.push(escaped),
                    None => break,
                }
            }
        }
        self.error(start..self.s.len(), format!("unterminated name: add the closing {quote}"))
    }

    /// Indexes or a slice, up to `]`.
    fn numbers(&mut self) -> Result<Step, Error> {
        let start = self.pos;
        let end = self.s[start..].find(']').map_or(self.s.len(), |i| start + i);
        let text = &self.s[start..end];
        let number = |part: &str, at: usize| -> Result<Option<i64>, Error> {
            let trimmed = part.trim();
            if trimmed.is_empty() {
                return Ok(None);
            }
            trimmed.parse::<i64>().map(Some).map_err(|_| Error {
                range: at..at + part.len(),
                message: format!("`{trimmed}` is not an index: use a whole number"),
            })
        };
        let step = if text.contains(':') {
            let parts: Vec<&str> = text.split(':').collect();
            if parts.len() > 3 {
                return self.error(start..end, "a slice is written `[start:end]` or `[start:end:step]`");
            }
            let mut at = start;
            let mut values = [None; 3];
            for (i, part) in parts.iter().enumerate() {
                values[i] = number(part, at)?;
                at += part.len() + 1;
            }
            Step::Slice { start: values[0], end: values[1], step: values[2] }
        } else {
            let mut at = start;
            let mut indexes = Vec::new();
            for part in text.split(',') {
                match number(part, at)? {
                    Some(n) => indexes.push(n),
                    None => return self.error(at..at + part.len().max(1), "expected an index"),
                }
                at += part.len() + 1;
            }
            if indexes.len() == 1 {
                Step::Index(indexes[0])
            } else {
                Step::Indexes(indexes)
            }
        };
        self.pos = end;
        Ok(step)
    }

    /// From `(` at `open` to its matching `)`, skipping quoted text; the
    /// text between them.
    fn balanced(&mut self, open: usize) -> Result<String, Error> {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut escaped = false;
        for (i, c) in self.s[open..].char_indices() {
            if let Some(q) = quote {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '\'' | '"' => quote = Some(c),
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = open + i + 1;
                        return Ok(self.s[open + 1..open + i].to_string());
                    }
                }
                _ => {}
            }
        }
        self.error(open..self.s.len(), "unclosed `(`: add the matching `)`")
    }
}

impl fmt::Display for Path {
    /// The path in a canonical spelling that parses back to the same path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.root {
            Root::Input => f.write_char('$')?,
            Root::Context => f.write_str("$$")?,
            Root::Variable(name) => write!(f, "${name}")?,
        }
        for segment in &self.segments {
            write_step(f, &segment.kind)?;
        }
        Ok(())
    }
}

fn write_step(f: &mut fmt::Formatter<'_>, step: &Step) -> fmt::Result {
    match step {
        Step::Member { name, quote: None } if is_plain_name(name) => write!(f, ".{name}"),
        Step::Member { name, quote } => write!(f, "[{}]", quoted(name, quote.unwrap_or('\''))),
        Step::Members { names, quote } => {
            let names: Vec<String> = names.iter().map(|n| quoted(n, *quote)).collect();
            write!(f, "[{}]", names.join(","))
        }
        Step::Index(i) => write!(f, "[{i}]"),
        Step::Indexes(list) => {
            let list: Vec<String> = list.iter().map(i64::to_string).collect();
            write!(f, "[{}]", list.join(","))
        }
        Step::Wildcard { bracket: false } => f.write_str(".*"),
        Step::Wildcard { bracket: true } => f.write_str("[*]"),
        Step::Slice { start, end, step } => {
            let show = |n: &Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
            write!(f, "[{}:{}", show(start), show(end))?;
            if step.is_some() {
                write!(f, ":{}", show(step))?;
            }
            f.write_char(']')
        }
        Step::Filter(text) => write!(f, "[?({text})]"),
        Step::Script(text) => write!(f, "[({text})]"),
        Step::Function { name, args } => write!(f, ".{name}({args})"),
        Step::Descendant(inner) => {
            f.write_str("..")?;
            match &**inner {
                Step::Member { name, quote: None } if is_plain_name(name) => f.write_str(name),
                Step::Wildcard { bracket: false } => f.write_char('*'),
                Step::Function { name, args } => write!(f, "{name}({args})"),
                other => write_step(f, other),
            }
        }
    }
}

/// `name` between quotes, written so that reading it back (backslashes kept,
/// a backslash keeping the next character from closing) gives `name`: as
/// it is in `quote`, else in the other quote; a name no quote can hold
/// whole (both quotes bare) gets backslashes before them.
fn quoted(name: &str, quote: char) -> String {
    let holds = |q: char| {
        let mut chars = name.chars();
        while let Some(c) = chars.next() {
            if c == q {
                return false;
            }
            if c == '\\' && chars.next().is_none() {
                return false;
            }
        }
        true
    };
    let other = if quote == '"' { '\'' } else { '"' };
    match [quote, other].into_iter().find(|q| holds(*q)) {
        Some(q) => format!("{q}{name}{q}"),
        None => {
            let mut out = String::from(quote);
            for c in name.chars() {
                if c == quote {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push(quote);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Path {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    fn err(s: &str) -> (Range<usize>, String) {
        let e = parse(s).expect_err(s);
        (e.range, e.message)
    }

    #[test]
    fn parses_what_aws_and_the_corpus_use() {
        for s in [
            "$",
            "$$",
            "$.a.b[0]",
            "$['x y']",
            "$.items[*].price",
            "$..author",
            "$..*",
            "$..[0]",
            "$.store.*",
            "$.List[1:]",
            "$.items[:1].itemValue",
            "$.a[-2:]",
            "$.a[::2]",
            "$.books[-2]",
            "$.a[0,1]",
            "$.[*].['bucket', 'key']",
            "$.[?(@.OU > 0)]",
            "$.users[?(@.status == 0)]",
            "$.approaches[?(@.workerId == $.agent_id)].approach",
            "$.ExpenseDocuments[0].SummaryFields[?(@.Type.Text==AMOUNT_PAID)].ValueDetection.Text",
            "$[(@.length-1)].bar",
            "$.detail-type",
            "$$.Execution.Input.input-value",
            "$$.Map.Item.Value",
            "$myVar",
            "$my_var.field[2]",
            "$[*][*]",
            "$.a.length()",
            "$[ 'a' ]",
            "$[ 0 ]",
            "$.a[?(@.name == 'x)y')]",
        ] {
            ok(s);
        }
        let path = ok("$$.Execution.Id");
        assert_eq!(path.root, Root::Context);
        assert_eq!(path.member_prefix().map(|(n, _)| n).collect::<Vec<_>>(), ["Execution", "Id"]);
        assert_eq!(path.segments[1].selector, 13..15);
        assert_eq!(ok("$var.x").root, Root::Variable("var".into()));
    }

    #[test]
    fn errors_point_at_the_character() {
        assert_eq!(err("$.").0, 1..2);
        assert_eq!(err("$.a.").0, 3..4);
        assert_eq!(err("$..").0, 1..3);
        assert_eq!(err("$.a b").0, 3..4);
        assert_eq!(err("$.a[0").0, 5..5);
        assert_eq!(err("$.a[x]").0, 3..6);
        assert_eq!(err("$.a['b").0, 4..6);
        assert_eq!(err("$.a[1.5]").0, 4..7);
        assert_eq!(err("$.a[?(@.x > 1]").0, 5..14);
        assert_eq!(err("$.a[?@.x]").0, 3..5);
        assert_eq!(err("a.b").0, 0..1);
        assert_eq!(err("$['a']b").0, 6..7);
        assert_eq!(err("$..."), (1..4, "`..` must be followed by a name, `*` or `[…]`".into()));
    }

    #[test]
    fn reference_paths_name_one_node() {
        assert!(ok("$.a['b'][0]").is_reference());
        assert!(ok("$").is_reference());
        for s in ["$.a[*]", "$..a", "$.a[0,1]", "$.a[1:]", "$.a[?(@.x)]", "$.a.length()", "$.*"] {
            assert!(!ok(s).is_reference(), "{s}");
        }
        assert_eq!(ok("$.a[*].b").first_non_reference().map(|s| s.range.clone()), Some(3..6));
    }

    #[test]
    fn prints_back_to_the_same_path() {
        for s in ["$.a['b c'][0]", "$..['x'][1:2:3]", "$$.Map.Item.Value", "$v[?(@.a)]", "$['a\\'b']", "$..*"] {
            let path = ok(s);
            let printed = path.to_string();
            let reparsed = ok(&printed);
            let kinds = |p: &Path| p.segments.iter().map(|s| s.kind.clone()).collect::<Vec<_>>();
            assert_eq!(kinds(&reparsed), kinds(&path), "{s} → {printed}");
        }
        assert_eq!(ok("$.a['b'][ 0 ]").to_string(), "$.a['b'][0]");
    }
}

#[cfg(test)]
mod escape_tests {
    use super::*;

    fn name(s: &str) -> String {
        match parse(s).map(|p| p.segments.into_iter().next().map(|s| s.kind)) {
            Ok(Some(Step::Member { name, .. })) => name,
            other => panic!("{s}: {other:?}"),
        }
    }

    /// Bracket names as AWS reads them: a backslash keeps the quote after
    /// it from ending the name, and stays in the name.
    #[test]
    fn bracket_names_keep_their_backslashes_as_aws_does() {
        assert_eq!(name(r#"$['Test\""Name"']"#), r#"Test\""Name""#);
        assert_eq!(name(r"$['a\'b']"), r"a\'b");
        assert_eq!(name(r"$['a\\b']"), r"a\\b");
        assert_eq!(name(r#"$["a'b"]"#), "a'b");
        assert_eq!(name(r"$['a.b]c']"), "a.b]c");
        assert!(parse(r"$['a\']").is_err(), "the backslash keeps the quote from closing the name");
        assert!(matches!(
            parse("$['a','b']").map(|p| p.segments[0].kind.clone()),
            Ok(Step::Members { names, .. }) if names == ["a", "b"]
        ));
    }
}
