//! JSON laid out again from its tokens: one member or element per line,
//! `": "` after keys, the file's blank lines between members kept (one at
//! most), comments where they were (at the end of their line, or on a line
//! of their own). An object or array written on one line, without comments,
//! stays on one line while it fits the line width. Only the whitespace
//! between tokens is edited, so what the text says cannot change.

use super::{newline_of, FormatOptions, NotFormatted};
use crate::ide::edit::TextEdit;
use crate::syntax::lexer::{Lexer, Token, TokenKind};
use crate::syntax::SyntaxErrorKind;
use crate::text::TextRange;

pub(super) fn format(
    text: &str,
    range: Option<TextRange>,
    options: &FormatOptions,
) -> Result<Vec<TextEdit>, NotFormatted> {
    let parse = crate::syntax::parse(text);
    let fatal =
        parse.errors.iter().find(|e| !matches!(e.kind, SyntaxErrorKind::Comment | SyntaxErrorKind::TrailingComma));
    if let Some(error) = fatal {
        return Err(NotFormatted::broken(&error.message));
    }
    let tokens = tokens(text);
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let partners = partners(&tokens);
    let mut layout = Layout {
        text,
        tokens: &tokens,
        partners: &partners,
        options,
        newline: newline_of(text),
        unit: options.indent.unit(),
        base: String::new(),
        frames: Vec::new(),
        column: 0,
        edits: Vec::new(),
    };
    match range.and_then(|r| container_around(&tokens, &partners, r)) {
        Some((open, close)) => {
            let line_start = text[..tokens[open].range.start as usize].rfind('\n').map_or(0, |i| i + 1);
            let before = &text[line_start..tokens[open].range.start as usize];
            layout.base = before.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
            layout.column = before.chars().count();
            layout.lay_out(open, close);
        }
        None => {
            let first = tokens[0].range;
            layout.replace(TextRange::new(0, first.start), String::new());
            layout.lay_out(0, tokens.len() - 1);
            let end = tokens[tokens.len() - 1].range.end;
            let tail = &text[end as usize..];
            let newline = options.final_newline.unwrap_or(tail.contains('\n'));
            let wanted = if newline { layout.newline } else { "" };
            layout.replace(TextRange::new(end, text.len() as u32), wanted.to_string());
        }
    }
    Ok(layout.edits)
}

/// A JSON value (its own text) laid out as if it started at `column` of a
/// line indented with `base`: containers that fit stay on one line.
pub(super) fn layout(value: &str, base: &str, column: usize, options: &FormatOptions) -> Option<String> {
    let tokens = tokens(value);
    if tokens.is_empty() || crate::syntax::parse(value).errors.iter().any(|e| e.kind != SyntaxErrorKind::Comment) {
        return None;
    }
    let partners = partners(&tokens);
    let mut layout = Layout {
        text: value,
        tokens: &tokens,
        partners: &partners,
        options,
        newline: "\n",
        unit: options.indent.unit(),
        base: base.to_string(),
        frames: Vec::new(),
        column,
        edits: Vec::new(),
    };
    layout.lay_out(0, tokens.len() - 1);
    let (start, end) = (tokens[0].range.start as usize, tokens[tokens.len() - 1].range.end as usize);
    let edits = layout.edits;
    Some(super::apply(value, &edits)[start..].trim_end().to_string()).filter(|_| end <= value.len())
}

/// Every token, comments included; a line comment ends before a `\r`.
fn tokens(text: &str) -> Vec<Token> {
    let mut lexer = Lexer::new(text, 0);
    let mut ignored = Vec::new();
    let mut out = Vec::new();
    loop {
        let mut token = lexer.next_token(&mut ignored);
        match token.kind {
            TokenKind::Eof => return out,
            TokenKind::Comment if text[token.range.as_usize()].ends_with('\r') => token.range.end -= 1,
            _ => {}
        }
        out.push(token);
    }
}

/// For each bracket, the index of its partner (`usize::MAX` for others).
fn partners(tokens: &[Token]) -> Vec<usize> {
    let mut partners = vec![usize::MAX; tokens.len()];
    let mut open = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::LBrace | TokenKind::LBracket => open.push(i),
            TokenKind::RBrace | TokenKind::RBracket => {
                if let Some(o) = open.pop() {
                    partners[o] = i;
                    partners[i] = o;
                }
            }
            _ => {}
        }
    }
    partners
}

/// The innermost object or array whose brackets enclose `range`.
fn container_around(tokens: &[Token], partners: &[usize], range: TextRange) -> Option<(usize, usize)> {
    let mut best = None;
    for (open, token) in tokens.iter().enumerate() {
        if token.range.start > range.start {
            break;
        }
        let close = partners[open];
        if is_open(token) && close != usize::MAX && range.end <= tokens[close].range.end {
            best = Some((open, close));
        }
    }
    best
}

fn is_open(token: &Token) -> bool {
    matches!(token.kind, TokenKind::LBrace | TokenKind::LBracket)
}

fn is_close(token: &Token) -> bool {
    matches!(token.kind, TokenKind::RBrace | TokenKind::RBracket)
}

fn is_comment(token: &Token) -> bool {
    token.kind == TokenKind::Comment
}

/// An object or array being laid out.
struct Frame {
    close: usize,
    inline: bool,
}

enum Gap {
    Nothing,
    Space,
    Break,
}

struct Layout<'a> {
    text: &'a str,
    tokens: &'a [Token],
    partners: &'a [usize],
    options: &'a FormatOptions,
    newline: &'static str,
    unit: String,
    /// The indentation of the line the laid-out part starts on.
    base: String,
    frames: Vec<Frame>,
    /// Characters on the output's current line so far.
    column: usize,
    edits: Vec<TextEdit>,
}

impl Layout<'_> {
    /// Lays out the tokens `first..=last` (`first` stays where it is).
    fn lay_out(&mut self, first: usize, last: usize) {
        self.after_token(first, String::new());
        for k in first + 1..=last {
            let gap = self.gap(k);
            let range = TextRange::new(self.tokens[k - 1].range.end, self.tokens[k].range.start);
            self.replace(range, gap.clone());
            self.after_token(k, gap);
        }
    }

    fn replace(&mut self, range: TextRange, wanted: String) {
        if self.text[range.as_usize()] != wanted {
            self.edits.push(TextEdit::replace(range, wanted));
        }
    }

    /// Moves the column past `gap` and token `k`, and opens or closes its frame.
    fn after_token(&mut self, k: usize, gap: String) {
        let token_text = &self.text[self.tokens[k].range.as_usize()];
        for piece in [gap.as_str(), token_text] {
            match piece.rfind('\n') {
                Some(i) => self.column = piece[i + 1..].chars().count(),
                None => self.column += piece.chars().count(),
            }
        }
        let token = &self.tokens[k];
        if is_open(token) && self.partners[k] != usize::MAX {
            let inline = self.frames.last().is_some_and(|f| f.inline) || self.fits_on_line(k);
            self.frames.push(Frame { close: self.partners[k], inline });
        } else if is_close(token) && self.frames.last().is_some_and(|f| f.close == k) {
            self.frames.pop();
        }
    }

    /// Whether the container opened at `open` was written on one line
    /// without comments, and fits the rest of the line written inline.
    fn fits_on_line(&self, open: usize) -> bool {
        let close = self.partners[open];
        let mut width = self.column;
        for k in open + 1..=close {
            let (before, token) = (&self.tokens[k - 1], &self.tokens[k]);
            if is_comment(token) || self.text[before.range.end as usize..token.range.start as usize].contains('\n') {
                return false;
            }
            width += inline_gap(before, token).len() + self.text[token.range.as_usize()].chars().count();
            if width > self.options.line_width {
                return false;
            }
        }
        true
    }

    /// The whitespace wanted before token `k`.
    fn gap(&self, k: usize) -> String {
        let (before, token) = (&self.tokens[k - 1], &self.tokens[k]);
        if self.frames.last().is_some_and(|f| f.inline) {
            return inline_gap(before, token).to_string();
        }
        let source = &self.text[before.range.end as usize..token.range.start as usize];
        let newlines = source.matches('\n').count();
        if is_comment(token) {
            return if newlines == 0 { " ".into() } else { self.line_break(token, newlines >= 2 && !is_open(before)) };
        }
        let significant = (0..k).rev().find(|&i| !is_comment(&self.tokens[i])).unwrap_or(k - 1);
        let normal = self.normal_gap(significant, k);
        let gap = match (is_comment(before), normal) {
            (true, Gap::Break) => Gap::Break,
            (true, _) if newlines > 0 || self.text[before.range.as_usize()].starts_with("//") => Gap::Break,
            (_, normal) => normal,
        };
        match gap {
            Gap::Nothing => String::new(),
            Gap::Space => " ".into(),
            Gap::Break => {
                let blank =
                    newlines >= 2 && !is_close(token) && matches!(before.kind, TokenKind::Comma | TokenKind::Comment);
                self.line_break(token, blank)
            }
        }
    }

    /// What goes between two tokens when no comment is between them.
    fn normal_gap(&self, before: usize, k: usize) -> Gap {
        let (b, t) = (&self.tokens[before], &self.tokens[k]);
        if is_open(b) && self.partners[before] == k && before + 1 == k {
            return Gap::Nothing;
        }
        match (&b.kind, &t.kind) {
            _ if is_close(t) || is_open(b) => Gap::Break,
            (TokenKind::Comma, _) => Gap::Break,
            (TokenKind::Colon, _) => Gap::Space,
            (_, TokenKind::Comma | TokenKind::Colon) => Gap::Nothing,
            _ => Gap::Space,
        }
    }

    /// A new line indented for `token` (a closing bracket one level out),
    /// after a blank line when `blank`.
    fn line_break(&self, token: &Token, blank: bool) -> String {
        let levels = self.frames.len().saturating_sub(usize::from(is_close(token)));
        let mut out = String::new();
        out.push_str(self.newline);
        if blank {
            out.push_str(self.newline);
        }
        out.push_str(&self.base);
        for _ in 0..levels {
            out.push_str(&self.unit);
        }
        out
    }
}

/// Between two tokens of a container laid out on one line.
fn inline_gap(before: &Token, token: &Token) -> &'static str {
    match (&before.kind, &token.kind) {
        (TokenKind::LBrace, TokenKind::RBrace) | (TokenKind::LBracket, _) | (_, TokenKind::RBracket) => "",
        (TokenKind::LBrace, _) | (_, TokenKind::RBrace) => " ",
        (TokenKind::Comma | TokenKind::Colon, _) => " ",
        (_, TokenKind::Comma | TokenKind::Colon) => "",
        _ => " ",
    }
}
