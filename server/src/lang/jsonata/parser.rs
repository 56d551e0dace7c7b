//! The first stage of parsing: a Pratt (top-down operator precedence)
//! parser over the tokens, as the reference implementation's. It produces
//! the raw tree ([`PNode`]); `process.rs` turns that into the evaluable
//! [`Node`](super::ast::Node) tree, as the reference's `processAST` does.

use super::error::Error;
use super::lexer::{Lexer, Token, TokenKind};
use super::signature::{parse_signature, Signature};

/// Deepest nesting the parser follows before giving up with `S0900`.
pub const MAX_DEPTH: usize = 400;

/// Stack left before a recursive step grows the stack, and by how much.
pub(super) const RED_ZONE: usize = 256 * 1024;
pub(super) const STACK_GROWTH: usize = 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub enum PKind {
    Name(String),
    Variable(String),
    String(String),
    Number(f64),
    Bool(bool),
    Null,
    Regex {
        pattern: String,
        flags: String,
    },
    Wildcard,
    Descendant,
    Parent,
    /// `and`, `or`, `in` used where a value is expected: names.
    OperatorName(&'static str),
    /// A `?` argument of a partial application.
    Placeholder,
    Binary {
        op: &'static str,
        lhs: Box<PNode>,
        rhs: Box<PNode>,
    },
    /// `lhs[rhs]`
    Filter {
        lhs: Box<PNode>,
        rhs: Box<PNode>,
    },
    /// `lhs{k: v, …}`
    Group {
        lhs: Box<PNode>,
        pairs: Vec<(PNode, PNode)>,
    },
    /// `lhs^(<a, >b)`
    Sort {
        lhs: Box<PNode>,
        terms: Vec<(bool, PNode)>,
    },
    Negate(Box<PNode>),
    Array(Vec<PNode>),
    Object(Vec<(PNode, PNode)>),
    Block(Vec<PNode>),
    Function {
        procedure: Box<PNode>,
        args: Vec<PNode>,
        partial: bool,
    },
    Lambda {
        params: Vec<(String, std::ops::Range<usize>)>,
        signature: Option<Signature>,
        body: Box<PNode>,
    },
    Condition {
        condition: Box<PNode>,
        then: Box<PNode>,
        otherwise: Option<Box<PNode>>,
    },
    /// `a ?? b`: `b` when `a` does not exist.
    Coalesce {
        lhs: Box<PNode>,
        rhs: Box<PNode>,
    },
    /// `a ?: b`: `b` when `a` is falsy.
    Elvis {
        lhs: Box<PNode>,
        rhs: Box<PNode>,
    },
    Transform {
        pattern: Box<PNode>,
        update: Box<PNode>,
        delete: Option<Box<PNode>>,
    },
    /// The end of the expression where a value was expected.
    End,
    /// Where a recovering parse found an error (see [`parse_recovering`]).
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PNode {
    pub kind: PKind,
    /// Byte range of the node's main token (the operator for binaries).
    pub start: usize,
    pub end: usize,
    /// `[]` after a step: keep singleton arrays.
    pub keep_array: bool,
}

impl PNode {
    fn new(kind: PKind, start: usize, end: usize) -> Self {
        PNode { kind, start, end, keep_array: false }
    }
}

/// Left binding powers, as in the reference: how strongly an operator in
/// infix position binds to what precedes it. Separators (`:`, `;`, `,`,
/// closing brackets, `..`, `|`) bind nothing.
fn binding_power(op: &str) -> u8 {
    match op {
        "." => 75,
        "[" | "(" | "@" | "#" => 80,
        "{" => 70,
        "?" => 20,
        "+" | "-" | "&" => 50,
        "*" | "/" | "%" => 60,
        "=" | "<" | ">" | "^" | "!=" | "<=" | ">=" | "~>" | "?:" | "??" | "in" => 40,
        ":=" => 10,
        "and" => 30,
        "or" => 25,
        _ => 0,
    }
}

/// The current token as the parser sees it.
#[derive(Clone, Debug)]
enum Current {
    Token(Token),
    End(usize),
}

pub struct Parser<'s> {
    lexer: Lexer<'s>,
    src: &'s str,
    current: Current,
    depth: usize,
    /// Recovering parses record errors here and go on; strict ones stop.
    recover: bool,
    errors: Vec<Error>,
}

type Result<T> = std::result::Result<T, Error>;

/// Parses as the reference does: the first error ends the parse.
pub fn parse(src: &str) -> Result<PNode> {
    let mut parser = Parser::new(src, false);
    parser.advance(None, false)?;
    let expr = parser.expression(0)?;
    if let Current::Token(token) = &parser.current {
        return Err(Error::new("S0201", token.start..token.end).token(token_text(token)));
    }
    Ok(expr)
}

/// Parses on past errors, for an editor that shows them all: a missing
/// closer or separator is taken as inserted, a token that cannot start a
/// value becomes an error node, trailing tokens are parsed on. An error
/// that starts inside the range of the one before it is a consequence of
/// it and is not recorded. Nesting deeper than [`MAX_DEPTH`] still ends
/// the parse.
pub fn parse_recovering(src: &str) -> (Option<PNode>, Vec<Error>) {
    let mut parser = Parser::new(src, true);
    match parser.parse_all() {
        Ok(tree) => (Some(tree), parser.errors),
        Err(fatal) => {
            parser.errors.push(fatal);
            (None, parser.errors)
        }
    }
}

/// Closers and separators: tokens that end a value and cannot start one.
fn is_closer(op: &str) -> bool {
    matches!(op, ")" | "]" | "}" | "," | ";" | ":")
}

/// How the reference names a token in messages.
fn token_text(token: &Token) -> String {
    match &token.kind {
        TokenKind::Operator(op) => op.to_string(),
        TokenKind::String(s) | TokenKind::Name(s) => s.clone(),
        TokenKind::Variable(v) => v.clone(),
        TokenKind::Number(n) => format_number(*n),
        TokenKind::Value(Some(b)) => b.to_string(),
        TokenKind::Value(None) => "null".into(),
        TokenKind::Regex { pattern, .. } => format!("/{pattern}/"),
    }
}

pub(super) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl<'s> Parser<'s> {
    fn new(src: &'s str, recover: bool) -> Self {
        Parser { lexer: Lexer::new(src), src, current: Current::End(src.len()), depth: 0, recover, errors: Vec::new() }
    }

    /// The whole expression, then any trailing tokens as further
    /// expressions, each after an `S0201` at its first token (closers
    /// before them skipped).
    fn parse_all(&mut self) -> Result<PNode> {
        self.advance(None, false)?;
        let expr = self.expression(0)?;
        while let Current::Token(token) = &self.current {
            self.fail(Error::new("S0201", token.start..token.end).token(token_text(token)))?;
            // Each round consumes a token: a closer here, or the first
            // token of the expression below.
            while self.op().is_some_and(is_closer) {
                self.advance(None, false)?;
            }
            self.expression(0)?;
        }
        Ok(expr)
    }

    /// Ends a strict parse with `error`; a recovering one records it and
    /// goes on.
    fn fail(&mut self, error: Error) -> Result<()> {
        if !self.recover {
            return Err(error);
        }
        let follows_last =
            self.errors.last().is_none_or(|last| error.range.start >= last.range.end.max(last.range.start + 1));
        if follows_last {
            self.errors.push(error);
        }
        Ok(())
    }

    fn op(&self) -> Option<&'static str> {
        match &self.current {
            Current::Token(Token { kind: TokenKind::Operator(op), .. }) => Some(op),
            _ => None,
        }
    }

    fn is(&self, op: &str) -> bool {
        self.op() == Some(op)
    }

    fn at_end(&self) -> bool {
        matches!(self.current, Current::End(_))
    }

    fn range(&self) -> std::ops::Range<usize> {
        match &self.current {
            Current::Token(t) => t.start..t.end,
            Current::End(at) => *at..*at,
        }
    }

    /// Left binding power of the current token.
    fn lbp(&self) -> u8 {
        self.op().map(binding_power).unwrap_or(0)
    }

    /// Checks that the current token is `expected` (when given), then moves on.
    fn advance(&mut self, expected: Option<&'static str>, infix: bool) -> Result<Token> {
        if let Some(expected) = expected {
            if !self.is(expected) {
                let error = match &self.current {
                    Current::End(at) => Error::new("S0203", *at..*at).value(expected).token("(end)"),
                    Current::Token(t) => Error::new("S0202", t.start..t.end).value(expected).token(token_text(t)),
                };
                self.fail(error)?;
                // Recovering: take the expected token as inserted here.
                let at = self.range().start;
                return Ok(Token { kind: TokenKind::Operator(expected), start: at, end: at });
            }
        }
        let previous = std::mem::replace(&mut self.current, Current::End(self.src.len()));
        match self.lexer.next(infix) {
            // Operator characters the grammar gives no meaning alone.
            Ok(Some(Token { kind: TokenKind::Operator(op @ ("!" | "~")), start, end })) => {
                self.fail(Error::new("S0204", start..end).token(op))?;
                // Recovering: read it as the operator it likely begins.
                let meant = if op == "!" { "!=" } else { "~>" };
                self.current = Current::Token(Token { kind: TokenKind::Operator(meant), start, end });
            }
            Ok(Some(token)) => self.current = Current::Token(token),
            Ok(None) => {}
            // Recovering: the rest cannot be read, so it ends here.
            Err(error) => self.fail(error)?,
        }
        Ok(match previous {
            Current::Token(t) => t,
            Current::End(at) => Token { kind: TokenKind::Operator("(end)"), start: at, end: at },
        })
    }

    fn expression(&mut self, rbp: u8) -> Result<PNode> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let range = self.range();
            return Err(Error::new("S0900", range));
        }
        // Grow the stack on the heap when it runs low, so nesting is bounded
        // by MAX_DEPTH, not by the thread's stack size.
        let result = stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || self.expression_inner(rbp));
        self.depth -= 1;
        result
    }

    fn expression_inner(&mut self, rbp: u8) -> Result<PNode> {
        if self.recover {
            if let Some(op) = self.op().filter(|op| is_closer(op)) {
                // Leave the closer to the construct it closes.
                let range = self.range();
                self.fail(Error::new("S0211", range.clone()).token(op))?;
                return Ok(PNode::new(PKind::Error, range.start, range.end));
            }
        }
        let first = self.current.clone();
        // After a value comes an operator: `/` divides there.
        self.advance(None, true)?;
        let mut left = self.nud(first)?;
        // Each operator in a chain (`1+1+1…`) nests the tree one level
        // deeper, so it counts toward the depth like a bracket.
        let base = self.depth;
        while rbp < self.lbp() {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                let range = self.range();
                self.depth = base;
                return Err(Error::new("S0900", range));
            }
            let token = self.advance(None, false)?;
            left = self.led(token, left)?;
        }
        self.depth = base;
        Ok(left)
    }

    /// A token in prefix position.
    fn nud(&mut self, current: Current) -> Result<PNode> {
        let token = match current {
            Current::End(at) => return Ok(PNode::new(PKind::End, at, at)),
            Current::Token(token) => token,
        };
        let (start, end) = (token.start, token.end);
        let node = |kind| Ok(PNode::new(kind, start, end));
        match token.kind {
            TokenKind::Name(name) => node(PKind::Name(name)),
            TokenKind::Variable(name) => node(PKind::Variable(name)),
            TokenKind::String(s) => node(PKind::String(s)),
            TokenKind::Number(n) => node(PKind::Number(n)),
            TokenKind::Value(Some(b)) => node(PKind::Bool(b)),
            TokenKind::Value(None) => node(PKind::Null),
            TokenKind::Regex { pattern, flags } => node(PKind::Regex { pattern, flags }),
            TokenKind::Operator(op) => match op {
                "and" | "or" | "in" => node(PKind::OperatorName(op)),
                "-" => {
                    let expr = self.expression(70)?;
                    node(PKind::Negate(Box::new(expr)))
                }
                "*" => node(PKind::Wildcard),
                "**" => node(PKind::Descendant),
                "%" => node(PKind::Parent),
                "(" => {
                    let mut expressions = Vec::new();
                    while !self.is(")") {
                        expressions.push(self.expression(0)?);
                        if !self.is(";") {
                            break;
                        }
                        self.advance(Some(";"), false)?;
                    }
                    self.advance(Some(")"), true)?;
                    node(PKind::Block(expressions))
                }
                "[" => {
                    let mut items = Vec::new();
                    if !self.is("]") {
                        loop {
                            let mut item = self.expression(0)?;
                            if self.is("..") {
                                let range = self.range();
                                self.advance(Some(".."), false)?;
                                let rhs = self.expression(0)?;
                                item = PNode::new(
                                    PKind::Binary { op: "..", lhs: Box::new(item), rhs: Box::new(rhs) },
                                    range.start,
                                    range.end,
                                );
                            }
                            items.push(item);
                            if !self.is(",") {
                                break;
                            }
                            self.advance(Some(","), false)?;
                        }
                    }
                    self.advance(Some("]"), true)?;
                    node(PKind::Array(items))
                }
                "{" => {
                    let pairs = self.object_pairs()?;
                    node(PKind::Object(pairs))
                }
                "|" => {
                    let pattern = self.expression(0)?;
                    self.advance(Some("|"), false)?;
                    let update = self.expression(0)?;
                    let delete = if self.is(",") {
                        self.advance(Some(","), false)?;
                        Some(Box::new(self.expression(0)?))
                    } else {
                        None
                    };
                    self.advance(Some("|"), false)?;
                    node(PKind::Transform { pattern: Box::new(pattern), update: Box::new(update), delete })
                }
                _ => {
                    self.fail(Error::new("S0211", start..end).token(op))?;
                    node(PKind::Error)
                }
            },
        }
    }

    fn object_pairs(&mut self) -> Result<Vec<(PNode, PNode)>> {
        let mut pairs = Vec::new();
        if !self.is("}") {
            loop {
                let key = self.expression(0)?;
                self.advance(Some(":"), false)?;
                let value = self.expression(0)?;
                pairs.push((key, value));
                if !self.is(",") {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some("}"), true)?;
        Ok(pairs)
    }

    /// An operator token in infix position, with its left operand.
    fn led(&mut self, token: Token, left: PNode) -> Result<PNode> {
        let TokenKind::Operator(op) = token.kind else {
            self.fail(Error::new("S0201", token.start..token.end).token(token_text(&token)))?;
            return Ok(left);
        };
        let (start, end) = (token.start, token.end);
        let boxed = Box::new;
        let kind = match op {
            "." | "+" | "-" | "*" | "/" | "%" | "=" | "<" | ">" | "!=" | "<=" | ">=" | "&" | "and" | "or" | "in"
            | "~>" => {
                let rhs = self.expression(binding_power(op))?;
                PKind::Binary { op, lhs: boxed(left), rhs: boxed(rhs) }
            }
            "??" => PKind::Coalesce { lhs: boxed(left), rhs: boxed(self.expression(0)?) },
            "?:" => PKind::Elvis { lhs: boxed(left), rhs: boxed(self.expression(0)?) },
            "(" => return self.call(left, start, end),
            "[" => {
                if self.is("]") {
                    // `step[]`: keep singleton arrays on the step it follows.
                    let mut left = left;
                    mark_keep_array(&mut left);
                    self.advance(Some("]"), false)?;
                    return Ok(left);
                }
                let rhs = self.expression(0)?;
                self.advance(Some("]"), true)?;
                PKind::Filter { lhs: boxed(left), rhs: boxed(rhs) }
            }
            "^" => {
                self.advance(Some("("), false)?;
                let mut terms = Vec::new();
                loop {
                    let mut descending = false;
                    if self.is("<") {
                        self.advance(Some("<"), false)?;
                    } else if self.is(">") {
                        descending = true;
                        self.advance(Some(">"), false)?;
                    }
                    terms.push((descending, self.expression(0)?));
                    if !self.is(",") {
                        break;
                    }
                    self.advance(Some(","), false)?;
                }
                self.advance(Some(")"), false)?;
                PKind::Sort { lhs: boxed(left), terms }
            }
            "{" => PKind::Group { lhs: boxed(left), pairs: self.object_pairs()? },
            ":=" => {
                if !matches!(left.kind, PKind::Variable(_)) {
                    self.fail(Error::new("S0212", left.start..left.end).token(pnode_text(&left)))?;
                }
                let rhs = self.expression(binding_power(":=") - 1)?;
                PKind::Binary { op, lhs: boxed(left), rhs: boxed(rhs) }
            }
            "@" | "#" => {
                let rhs = self.expression(binding_power(op))?;
                if !matches!(rhs.kind, PKind::Variable(_)) {
                    self.fail(Error::new("S0214", rhs.start..rhs.end).token(op))?;
                }
                PKind::Binary { op, lhs: boxed(left), rhs: boxed(rhs) }
            }
            "?" => {
                let then = self.expression(0)?;
                let otherwise = if self.is(":") {
                    self.advance(Some(":"), false)?;
                    Some(boxed(self.expression(0)?))
                } else {
                    None
                };
                PKind::Condition { condition: boxed(left), then: boxed(then), otherwise }
            }
            _ => {
                self.fail(Error::new("S0201", start..end).token(op))?;
                return Ok(left);
            }
        };
        Ok(PNode::new(kind, start, end))
    }

    /// `left(args)`: a call, a partial application, or a lambda definition.
    fn call(&mut self, left: PNode, start: usize, end: usize) -> Result<PNode> {
        let mut args = Vec::new();
        let mut partial = false;
        if !self.is(")") {
            loop {
                if self.is("?") {
                    partial = true;
                    let range = self.range();
                    args.push(PNode::new(PKind::Placeholder, range.start, range.end));
                    self.advance(Some("?"), false)?;
                } else {
                    args.push(self.expression(0)?);
                }
                if !self.is(",") {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some(")"), true)?;
        let is_lambda = matches!(&left.kind, PKind::Name(n) if n == "function" || n == "λ");
        if !is_lambda {
            return Ok(PNode::new(PKind::Function { procedure: Box::new(left), args, partial }, start, end));
        }
        let mut params = Vec::new();
        for (i, arg) in args.into_iter().enumerate() {
            match arg.kind {
                PKind::Variable(name) => params.push((name, arg.start..arg.end)),
                _ => {
                    let text = pnode_text(&arg);
                    self.fail(Error::new("S0208", arg.start..arg.end).token(text).value((i + 1).to_string()))?;
                }
            }
        }
        let mut signature = None;
        if self.is("<") {
            let sig_start = self.range().start;
            let mut depth = 1;
            let mut text = String::from("<");
            while depth > 0 && !self.is("{") && !self.at_end() {
                self.advance(None, false)?;
                let current = match &self.current {
                    Current::Token(t) => t.clone(),
                    Current::End(_) => break,
                };
                match current.kind {
                    TokenKind::Operator(">") => depth -= 1,
                    TokenKind::Operator("<") => depth += 1,
                    _ => {}
                }
                text.push_str(&token_text(&current));
            }
            self.advance(Some(">"), false)?;
            match parse_signature(&text) {
                Ok(parsed) => signature = Some(parsed),
                Err((code, offset)) => self.fail(Error::new(code, sig_start + offset..sig_start + offset + 1))?,
            }
        }
        self.advance(Some("{"), false)?;
        let body = self.expression(0)?;
        self.advance(Some("}"), false)?;
        Ok(PNode::new(PKind::Lambda { params, signature, body: Box::new(body) }, start, end))
    }
}

/// `[]` marks the innermost step of a chain of filters.
fn mark_keep_array(node: &mut PNode) {
    let mut step = node;
    while let PKind::Filter { lhs, .. } = &mut step.kind {
        step = lhs;
    }
    step.keep_array = true;
}

/// The token text the reference shows for a node in messages.
fn pnode_text(node: &PNode) -> String {
    match &node.kind {
        PKind::Name(s) | PKind::String(s) => s.clone(),
        PKind::Variable(v) => v.clone(),
        PKind::Number(n) => format_number(*n),
        PKind::Bool(b) => b.to_string(),
        PKind::Null => "null".into(),
        PKind::Binary { op, .. } => op.to_string(),
        _ => String::new(),
    }
}
