//! The expression languages inside definition strings. Each parser gives
//! offsets relative to the decoded string; callers map them to the document.

pub mod highlight;
pub mod intrinsics;
pub mod jsonata;
pub mod jsonpath;
pub mod resource;
pub mod sfn_jsonata;

/// Whether a string is a JSONata expression: `{%` … `%}`, nothing outside.
pub fn is_jsonata_expression(s: &str) -> bool {
    s.len() >= 4 && s.starts_with("{%") && s.ends_with("%}")
}

/// A `${Name}` placeholder that a deployment tool substitutes (SAM
/// `DefinitionSubstitutions`, CDK tokens): the final value is unknown here.
pub fn has_placeholder(s: &str) -> bool {
    // By bytes: most strings have no `$` at all, and a substring search costs more to set up.
    let bytes = s.as_bytes();
    bytes.windows(2).position(|w| w == b"${").is_some_and(|i| bytes[i..].contains(&b'}'))
}
