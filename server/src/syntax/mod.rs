//! Syntax layer: an error-tolerant JSON parser that always produces a tree with
//! byte ranges on every key and value, plus the list of syntax problems.
//!
//! We do not stop at the first error (as `jsonc-parser` and `serde_json` do):
//! while a user types, the text is broken most of the time, and diagnostics,
//! completion and navigation must keep working around the broken spot. So the
//! parser recovers at commas, colons and brackets and keeps every member it
//! could read. Comments and trailing commas are read as if allowed and reported
//! as problems of their own, because Step Functions accepts only strict JSON.

mod lexer;
mod locate;
mod parser;
mod reparse;
mod string_offsets;
mod tree;

pub use locate::{locate, Located, Spot, Step};
pub use parser::{parse, MAX_DEPTH};
pub use reparse::reparse;
pub use string_offsets::{decoded_offset, source_offset, source_range};
pub use tree::{Member, Number, Object, Value, ValueKind};

use crate::text::TextRange;

/// What kind of syntax problem: each becomes its own diagnostic code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// Not JSON at this point.
    Invalid,
    /// An object or array without its closing bracket (at its opening one).
    Unclosed,
    /// A `//` or `/* */` comment.
    Comment,
    /// A comma right before `}` or `]`.
    TrailingComma,
    /// Nesting deeper than [`MAX_DEPTH`]; the inner part was skipped.
    TooDeep,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub range: TextRange,
    pub message: String,
}

/// The result of parsing one document.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    /// The top-level value; `None` only when the text holds no value at all.
    pub root: Option<Value>,
    pub errors: Vec<SyntaxError>,
    /// Keys that repeat a key of the same object, in document order: the
    /// object's opening brace and the repeated key's range. Found while
    /// parsing, so no later pass walks the whole tree for them.
    pub duplicate_keys: Vec<(TextRange, TextRange)>,
}
