//! Syntax layer: an error-tolerant JSON parser that always produces a tree with
//! byte ranges on every key and value, plus the list of syntax problems.
//!
//! We do not stop at the first error (as `jsonc-parser` and `serde_json` do):
//! while a user types, the text is broken most of the time, and diagnostics,
//! completion and navigation must keep working around the broken spot. So the
//! parser recovers at commas, colons and brackets and keeps every member it
//! could read. Comments and trailing commas are read as if allowed and reported
//! as problems of their own, because Step Functions accepts only strict JSON.

pub(crate) mod lexer;
mod locate;
mod parser;
mod reparse;
mod string_offsets;
mod tree;
mod write;
mod yaml;

pub use locate::{locate, Located, Spot, Step};
pub use parser::{parse, MAX_DEPTH};
pub use reparse::reparse;
pub use string_offsets::{decoded_offset, source_offset, source_range, string_units};
pub use tree::{Member, Number, Object, Value, ValueKind};
pub use write::{json_string, number_text};
pub use yaml::{line_is_self_contained, parse_yaml, parse_yaml_cfn, to_yaml};
pub(crate) use yaml::{plain_safe, resolve_plain};

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
    /// Not YAML at this point (YAML documents only).
    Yaml,
    /// A tab in a YAML line's indentation, read as this many spaces.
    YamlTab { spaces: u32 },
    /// A YAML alias (`*name`), expanded.
    YamlAlias,
    /// A plain YAML scalar that YAML 1.1 and 1.2 loaders read differently.
    YamlTyping,
}

/// Folders never searched for definitions: dependencies, build output,
/// version control.
pub const SKIPPED_FOLDERS: &[&str] =
    &["node_modules", ".git", "target", ".aws-sam", ".terraform", ".serverless", ".venv"];

/// Whether a folder `name` inside `parent` is left out of a search: one of
/// [`SKIPPED_FOLDERS`], or a copy of the sources in CDK's `cdk.out/asset.*`
/// (its synthesized templates in `cdk.out` itself are searched).
pub fn is_skipped_folder(parent: &str, name: &str) -> bool {
    SKIPPED_FOLDERS.contains(&name) || (parent == "cdk.out" && name.starts_with("asset."))
}

/// File names that are ASL whatever their content (lower case).
pub const DEFINITION_SUFFIXES: &[&str] = &[".asl.json", ".asl.yaml", ".asl.yml", ".asl"];

/// The language a definition is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    Json,
    Yaml,
}

impl Language {
    /// By the file name: `.yaml` and `.yml` are YAML, anything else JSON.
    pub fn from_path(path: &str) -> Language {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Language::Yaml
        } else {
            Language::Json
        }
    }

    /// An editor's document: by its path, or by the language the client
    /// names (`yaml`, `asl-yaml`, `stepfunctions-yaml`).
    pub fn of_document(path: &str, language_id: &str) -> Language {
        let path = path.split(['?', '#']).next().unwrap_or("");
        if language_id.ends_with("yaml") || language_id.ends_with("yml") {
            Language::Yaml
        } else {
            Language::from_path(path)
        }
    }

    /// The parse of `text` in this language.
    pub fn parse(self, text: &str) -> Parse {
        match self {
            Language::Json => parse(text),
            Language::Yaml => parse_yaml(text),
        }
    }
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
    /// What the text was read as: fixes are written in the same.
    pub language: Language,
}
