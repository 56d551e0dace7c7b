//! State machines in Terraform files: `resource "aws_sfn_state_machine"`
//! blocks and their `definition` (a heredoc, `file()`, `templatefile()`).
//!
//! Our own scanner rather than an HCL crate: what we need is the block
//! structure, string and heredoc boundaries with byte offsets, and no
//! evaluation. It never fails: a file it cannot follow gets one syntax
//! problem where it lost track.

use super::source_map::{Style, TextBuilder};
use super::{Body, Embedded, Embedding, Host, HostKind, Problem, ProblemKind, Rule, Substitution};
use crate::syntax::Language;
use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Ident,
    /// A quoted string: its decoded text when it has no interpolation.
    Str(Option<String>),
    /// `<<EOF … EOF`: the content's range, the indentation stripped (`<<-`).
    Heredoc {
        content: TextRange,
        strip: bool,
    },
    Open(u8),
    Close(u8),
    Equals,
    Comma,
    Other,
}

struct Scanner<'t> {
    text: &'t str,
    pos: usize,
    error: Option<(TextRange, String)>,
}

impl<'t> Scanner<'t> {
    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    fn fail(&mut self, range: TextRange, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some((range, message.into()));
        }
        self.pos = self.text.len();
    }

    /// The next token and its range; `None` at the end.
    fn next(&mut self) -> Option<(Token, TextRange)> {
        let bytes = self.bytes();
        loop {
            while self.pos < bytes.len() && bytes[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
            let rest = &self.text[self.pos..];
            if rest.starts_with('#') || rest.starts_with("//") {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else if let Some(body) = rest.strip_prefix("/*") {
                match body.find("*/") {
                    Some(end) => self.pos += end + 4,
                    None => {
                        let at = TextRange::new(self.pos as u32, (self.pos + 2) as u32);
                        self.fail(at, "this comment is never closed: add `*/`");
                        return None;
                    }
                }
            } else {
                break;
            }
        }
        let start = self.pos;
        let b = *bytes.get(start)?;
        let token = match b {
            b'"' => self.string(),
            b'<' if self.text[start..].starts_with("<<") => self.heredoc(),
            b'{' | b'[' | b'(' => {
                self.pos += 1;
                Token::Open(b)
            }
            b'}' | b']' | b')' => {
                self.pos += 1;
                Token::Close(b)
            }
            b'=' if bytes.get(start + 1) != Some(&b'=') && bytes.get(start + 1) != Some(&b'>') => {
                self.pos += 1;
                Token::Equals
            }
            b',' => {
                self.pos += 1;
                Token::Comma
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let len = self.text[start..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(self.text.len() - start);
                self.pos += len;
                Token::Ident
            }
            _ => {
                self.pos += self.text[start..].chars().next().map_or(1, char::len_utf8);
                Token::Other
            }
        };
        Some((token, TextRange::new(start as u32, self.pos as u32)))
    }

    /// A quoted string, interpolations (with their own strings) skipped.
    fn string(&mut self) -> Token {
        let start = self.pos;
        let bytes = self.bytes();
        let mut i = start + 1;
        let mut plain = true;
        let mut decoded = String::new();
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    self.pos = i + 1;
                    return Token::Str(plain.then_some(decoded));
                }
                b'\\' => {
                    let next = self.text[i + 1..].chars().next();
                    match next {
                        Some('n') => decoded.push('\n'),
                        Some('t') => decoded.push('\t'),
                        Some(c) => decoded.push(c),
                        None => {}
                    }
                    i += 1 + next.map_or(0, char::len_utf8);
                }
                // `$${` and `%%{` are the literal `${` and `%{`.
                b'$' | b'%' if bytes.get(i + 1) == Some(&bytes[i]) && bytes.get(i + 2) == Some(&b'{') => {
                    decoded.push_str(&self.text[i + 1..i + 3]);
                    i += 3;
                }
                b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                    plain = false;
                    match template_end(self.text, i + 1) {
                        Some(end) => i = end,
                        None => break,
                    }
                }
                b'\n' => break,
                _ => {
                    let c = self.text[i..].chars().next().unwrap_or(' ');
                    decoded.push(c);
                    i += c.len_utf8();
                }
            }
        }
        let at = TextRange::new(start as u32, (start + 1) as u32);
        self.fail(at, "this string is never closed: add `\"` before the end of the line");
        Token::Other
    }

    fn heredoc(&mut self) -> Token {
        let start = self.pos;
        let rest = &self.text[start + 2..];
        let strip = rest.starts_with('-');
        let marker_start = start + 2 + usize::from(strip);
        let marker: &str = {
            let m = &self.text[marker_start..];
            &m[..m.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(m.len())]
        };
        let Some(line_end) = self.text[marker_start..].find('\n').map(|i| marker_start + i + 1) else {
            self.pos = self.text.len();
            return Token::Other;
        };
        if marker.is_empty() {
            self.pos = marker_start;
            return Token::Other;
        }
        let mut at = line_end;
        while at < self.text.len() {
            let end = self.text[at..].find('\n').map_or(self.text.len(), |i| at + i + 1);
            if self.text[at..end].trim() == marker {
                self.pos = end.min(self.text.len());
                return Token::Heredoc { content: TextRange::new(line_end as u32, at as u32), strip };
            }
            at = end;
        }
        let at = TextRange::new(start as u32, (marker_start + marker.len()) as u32);
        self.fail(at, format!("this heredoc is never closed: end it with a line holding only `{marker}`"));
        Token::Other
    }
}

/// The end (after the `}`) of the `${…}` or `%{…}` whose `{` is at `open`.
pub(super) fn template_end(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let mut in_string = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'{' if !in_string => depth += 1,
            b'}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\n' if in_string => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

pub(super) fn read(text: &str) -> Host {
    let mut scanner = Scanner { text, pos: 0, error: None };
    let mut host = Host {
        kind: HostKind::Terraform,
        errors: Vec::new(),
        language: None,
        machines: Vec::new(),
        problems: Vec::new(),
    };
    let mut stack: Vec<(u8, TextRange)> = Vec::new();
    // The last tokens at the top level, for `resource "TYPE" "NAME" {`.
    let mut recent: Vec<(Token, TextRange)> = Vec::new();
    // The state machine block being read: its name, range and depth.
    let mut machine: Option<(String, TextRange, usize)> = None;
    let mut pending_definition = false;
    while let Some((token, range)) = scanner.next() {
        match &token {
            Token::Open(b) => {
                if stack.is_empty() && *b == b'{' {
                    if let Some(name) = resource_name(text, &recent) {
                        machine = Some((name, range, 1));
                    }
                }
                stack.push((*b, range));
            }
            Token::Close(b) => {
                let want = match b {
                    b'}' => b'{',
                    b']' => b'[',
                    _ => b'(',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    _ => {
                        scanner.fail(range, format!("`{}` closes nothing here", *b as char));
                        break;
                    }
                }
                if stack.is_empty() {
                    if let Some((name, name_range, _)) = machine.take() {
                        // A machine without a definition we could read.
                        if !host.machines.iter().any(|m| m.name == name) {
                            host.machines.push(Embedded {
                                name,
                                name_range,
                                body: Body::Unchecked { range: name_range },
                                embedding: Embedding::default(),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
        let in_machine_body = machine.as_ref().is_some_and(|(_, _, depth)| stack.len() == *depth);
        if pending_definition {
            pending_definition = false;
            if let Some((name, name_range, _)) = &machine {
                let (body, embedding) = definition(text, &mut scanner, &token, range);
                host.machines.push(Embedded { name: name.clone(), name_range: *name_range, body, embedding });
            }
        } else if in_machine_body && token == Token::Equals {
            let is_definition =
                recent.last().is_some_and(|(t, r)| *t == Token::Ident && &text[r.as_usize()] == "definition");
            pending_definition = is_definition;
        }
        if stack.is_empty() || in_machine_body {
            recent.push((token, range));
            if recent.len() > 4 {
                recent.remove(0);
            }
        }
    }
    if scanner.error.is_none() {
        if let Some((open, range)) = stack.last() {
            let close = match open {
                b'{' => '}',
                b'[' => ']',
                _ => ')',
            };
            scanner.error = Some((*range, format!("this `{}` is never closed: add `{close}`", *open as char)));
        }
    }
    if let Some((range, message)) = scanner.error {
        host.problems.push(Problem { kind: ProblemKind::HclSyntax, range, message });
    }
    host
}

/// `resource "aws_sfn_state_machine" "NAME"` before a `{`: the address.
fn resource_name(text: &str, recent: &[(Token, TextRange)]) -> Option<String> {
    let [.., (Token::Ident, keyword), (Token::Str(Some(kind)), _), (Token::Str(Some(name)), _)] = recent else {
        return None;
    };
    (&text[keyword.as_usize()] == "resource" && kind == "aws_sfn_state_machine")
        .then(|| format!("aws_sfn_state_machine.{name}"))
}

/// The value of `definition =`, starting with `token`.
fn definition(text: &str, scanner: &mut Scanner<'_>, token: &Token, range: TextRange) -> (Body, Embedding) {
    let terraform = Embedding { rule: Rule::Any, ..Embedding::default() };
    match token {
        Token::Heredoc { content, strip } => {
            let (definition, map) = template_text(text, *content, *strip);
            (Body::Text { text: definition, language: Language::Json, map }, terraform)
        }
        Token::Ident if &text[range.as_usize()] == "jsonencode" => {
            let Some((Token::Open(b'('), open)) = scanner.next() else { return (Body::Unchecked { range }, terraform) };
            let encoded = super::hcl::encode(text, open.end as usize);
            // A definition that is no object literal (`local.definition`) is not read.
            let Some((definition, map, end)) = encoded.filter(|(json, ..)| json.starts_with('{')) else {
                let _ = variables(text, scanner);
                return (Body::Unchecked { range }, terraform);
            };
            // On to the call's `)`.
            scanner.pos = end;
            let _ = variables(text, scanner);
            (Body::Text { text: definition, language: Language::Json, map }, terraform)
        }
        Token::Ident => {
            let function = &text[range.as_usize()];
            if function != "file" && function != "templatefile" {
                return (Body::Unchecked { range }, terraform);
            }
            let Some((Token::Open(b'('), _)) = scanner.next() else { return (Body::Unchecked { range }, terraform) };
            let Some((Token::Str(_), path_range)) = scanner.next() else {
                let _ = variables(text, scanner);
                return (Body::Unchecked { range }, terraform);
            };
            let raw = text.get(path_range.start as usize + 1..path_range.end as usize - 1).unwrap_or("");
            let path = raw.strip_prefix("${path.module}/").unwrap_or(raw);
            // The rest of the call, up to its `)`: `templatefile`'s variables.
            let (substitutions, literal_map) = variables(text, scanner);
            if path.contains("${") || path.is_empty() {
                return (Body::Unchecked { range: path_range }, terraform);
            }
            let body = Body::File { path: path.to_string(), range: path_range };
            if function == "file" {
                return (body, terraform);
            }
            // Variables from elsewhere (`local.vars`): any name may be among them.
            let rule = if literal_map { Rule::Vars } else { Rule::Any };
            (body, Embedding { rule, substitutions, ..Embedding::default() })
        }
        _ => (Body::Unchecked { range }, terraform),
    }
}

/// `templatefile(path, { name = value, … })`: the variables, literal where
/// the value is a plain string or number. Reads up to the call's `)`.
/// Also whether the variables are a map written out (`{ … }`): else
/// (`local.vars`, `merge(…)`) which names they hold is not known.
fn variables(text: &str, scanner: &mut Scanner<'_>) -> (Vec<Substitution>, bool) {
    let mut out = Vec::new();
    let mut depth = 1usize; // inside `(`
    let mut last: Vec<(Token, TextRange)> = Vec::new();
    let mut literal_map = false;
    let mut after_comma = false;
    while let Some((token, range)) = scanner.next() {
        if depth == 1 {
            if after_comma {
                literal_map = token == Token::Open(b'{');
            }
            after_comma = token == Token::Comma;
        }
        match token {
            Token::Open(_) => depth += 1,
            Token::Close(_) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        // At depth 2 (inside the map): `name = value`.
        if depth == 2 {
            let separator = |t: &Token, r: &TextRange| *t == Token::Equals || text.get(r.as_usize()) == Some(":");
            let pair = match last.as_slice() {
                [.., (Token::Ident | Token::Str(Some(_)), key), (sep, sep_range)] if separator(sep, sep_range) => {
                    Some(*key)
                }
                _ => None,
            };
            if let Some(key) = pair {
                let key = &key;
                let name = match text.get(key.as_usize()) {
                    Some(k) => k.trim_matches('"').to_string(),
                    None => String::new(),
                };
                let literal = match &token {
                    Token::Str(Some(s)) => Some(s.clone()),
                    Token::Other | Token::Ident => {
                        let word = &text[range.as_usize()];
                        word.parse::<f64>().is_ok().then(|| word.to_string())
                    }
                    _ => None,
                };
                out.push(Substitution { name, key_range: *key, literal });
            }
        }
        last.push((token, range));
        if last.len() > 3 {
            last.remove(0);
        }
    }
    (out, literal_map)
}

/// A Terraform template (a heredoc's content, a `templatefile` file) as a
/// definition text: `$${` and `%%{` are the literal `${` and `%{`; an
/// interpolation is a `${…}` placeholder (quoted when it stands for a
/// whole JSON value); a `%{…}` directive is read past.
pub fn template_text(text: &str, content: TextRange, strip: bool) -> (String, super::SourceMap) {
    let content_text = &text[content.as_usize()];
    let indent = if strip {
        content_text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0)
    } else {
        0
    };
    let style = Style::Heredoc { indent: indent as u32 };
    let mut b = TextBuilder::default();
    let mut at = content.start as usize;
    let end = content.end as usize;
    while at < end {
        let line_end = text[at..end].find('\n').map_or(end, |i| at + i + 1);
        let skip = text[at..line_end].bytes().take(indent).take_while(|b| *b == b' ' || *b == b'\t').count();
        let mut i = at + skip;
        let mut run = i;
        // Where this line's text ends: further on when an interpolation runs on.
        let mut stop = line_end;
        while i < stop {
            let rest = &text[i..stop];
            let special = if rest.starts_with("$${") || rest.starts_with("%%{") {
                Some((i + 3, rest[1..3].to_string()))
            } else if rest.starts_with("${") || rest.starts_with("%{") {
                // An interpolation may span lines; one never closed runs to the line's end.
                let close = template_end(text, i + 1).filter(|&e| e <= end).unwrap_or(stop);
                let inner = text.get(i + 2..close.saturating_sub(1).max(i + 2)).unwrap_or("");
                let expression: String = inner.trim().chars().filter(|c| safe(*c)).collect();
                let written = if rest.starts_with('%') {
                    String::new()
                } else if inside_string_after(&b, &text[run..i]) {
                    format!("${{{expression}}}")
                } else {
                    format!("\"${{{expression}}}\"")
                };
                Some((close, written))
            } else {
                None
            };
            match special {
                Some((after, written)) => {
                    b.exact(&text[run..i], run as u32, style);
                    b.atomic(&written, TextRange::new(i as u32, after as u32), style);
                    i = after;
                    run = i;
                    if after > stop {
                        stop = text[after..end].find('\n').map_or(end, |n| after + n + 1);
                    }
                }
                None => i += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
        b.exact(&text[run..stop.min(end).max(run)], run as u32, style);
        at = stop;
    }
    b.finish(false)
}

/// Whether the text about to be added (`pending`) leaves the builder inside a JSON string.
fn inside_string_after(b: &TextBuilder, pending: &str) -> bool {
    let mut in_string = b.in_json_string();
    let mut escaped = false;
    for c in pending.bytes() {
        if escaped {
            escaped = false;
        } else if c == b'\\' && in_string {
            escaped = true;
        } else if c == b'"' {
            in_string = !in_string;
        }
    }
    in_string
}

/// Characters kept from an interpolation in its placeholder.
fn safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']' | ':' | '*')
}
