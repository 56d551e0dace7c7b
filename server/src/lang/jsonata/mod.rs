//! JSONata: the query language of Step Functions' JSONata states. This
//! module is a library of its own and knows nothing of ASL.
//!
//! Parsing follows the reference implementation (jsonata-js 2.x) in two
//! stages: a Pratt parser ([`parser`]) and the tree processing that makes
//! paths, predicates and parent references evaluable ([`process`]). Errors
//! carry the reference's codes (`S0201`, …) and the byte range of the
//! offending token.

pub mod ast;
mod error;
pub mod eval;
pub mod functions;
mod lexer;
mod parser;
mod print;
mod process;
pub mod refs;
mod signature;
pub mod value;

#[cfg(test)]
mod tests;

pub use ast::Ast;
pub use error::Error;
pub use eval::{Env, Evaluator, Frame, Limits};
pub use signature::{Param, Signature};
pub use value::Value;

pub use parser::{PKind, PNode};
pub use print::{print, same_shape};

/// The parser's tree (before processing), for printing it back.
pub fn syntax_tree(source: &str) -> Result<PNode, Error> {
    parser::parse(source)
}

/// Parses an expression into its evaluable tree, or the first error (as the
/// reference does).
pub fn parse(source: &str) -> Result<Ast, Error> {
    let raw = parser::parse(source)?;
    process::process(raw)
}

/// Evaluates a parsed expression on `input` (JSON-like), with `bindings`
/// as variables, the built-in functions, and `$$` bound to the input.
pub fn evaluate(ast: &Ast, input: &Value, bindings: &[(&str, Value)], limits: Limits) -> Result<Value, Error> {
    let root = Frame::child(&functions::library());
    for (name, value) in bindings {
        root.bind(name, value.clone());
    }
    // A JSON array input is one value, not a sequence to map over.
    let input = match input {
        Value::Array(a) if !a.flags.sequence => Value::array(
            vec![input.clone()],
            value::Flags { sequence: true, outer_wrapper: true, ..Default::default() },
        ),
        other => other.clone(),
    };
    root.bind("$", input.clone());
    let mut evaluator = Evaluator::new(limits);
    evaluator.evaluate(&ast.root, &input, &root)
}

/// Every syntax error in an expression, for an editor: the parse goes on
/// past each error (see [`parser::parse_recovering`]). Empty exactly when
/// [`parse`] succeeds. Tree errors (`S0207`, `S0215`, …) are looked for
/// only when the syntax is clean, as they may be consequences.
pub fn check(source: &str) -> Vec<Error> {
    parse_reporting_all(source).err().unwrap_or_default()
}

/// [`parse`] for an editor: the tree, or every error [`check`] reports.
pub fn parse_reporting_all(source: &str) -> Result<Ast, Vec<Error>> {
    match parser::parse_recovering(source) {
        (Some(tree), errors) if errors.is_empty() => process::process(tree).map_err(|e| vec![e]),
        (_, errors) => Err(errors),
    }
}

/// Token classes for highlighting, from the tokenizer (so it works on
/// expressions that do not parse, up to the first bad token). A variable
/// followed by `(` is a function.
pub fn highlight(source: &str) -> Vec<(crate::lang::highlight::Class, std::ops::Range<usize>)> {
    use crate::lang::highlight::Class;
    use lexer::TokenKind;
    let mut lexer = lexer::Lexer::new(source);
    let mut out: Vec<(Class, std::ops::Range<usize>)> = Vec::new();
    // After a value an operator follows: `/` divides there.
    let mut infix = false;
    let mut last_variable: Option<usize> = None;
    while let Ok(Some(token)) = lexer.next(infix) {
        let range = token.start..token.end;
        let class = match &token.kind {
            TokenKind::Operator("(") => {
                if let Some(i) = last_variable {
                    out[i].0 = Class::Function;
                }
                Some(Class::Operator)
            }
            TokenKind::Operator("and" | "or" | "in") => Some(Class::Keyword),
            TokenKind::Operator(_) => Some(Class::Operator),
            TokenKind::String(_) => Some(Class::String),
            TokenKind::Number(_) => Some(Class::Number),
            TokenKind::Value(_) => Some(Class::Keyword),
            TokenKind::Name(name) if name == "function" => Some(Class::Keyword),
            TokenKind::Name(_) => Some(Class::Property),
            TokenKind::Variable(_) => Some(Class::Variable),
            TokenKind::Regex { .. } => Some(Class::Regexp),
        };
        infix = match &token.kind {
            TokenKind::Operator(op) => matches!(*op, ")" | "]" | "}"),
            _ => true,
        };
        last_variable = None;
        if let Some(class) = class {
            if matches!(token.kind, TokenKind::Variable(_)) {
                last_variable = Some(out.len());
            }
            out.push((class, range));
        }
    }
    out
}
