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
mod lexer;
mod parser;
mod process;
mod signature;

#[cfg(test)]
mod tests;

pub use ast::Ast;
pub use error::Error;
pub use signature::{Param, Signature};

/// Parses an expression into its evaluable tree, or the first error (as the
/// reference does).
pub fn parse(source: &str) -> Result<Ast, Error> {
    let raw = parser::parse(source)?;
    process::process(raw)
}
