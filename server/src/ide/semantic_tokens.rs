//! Semantic tokens for the expression parts of strings (paths, intrinsic
//! calls, JSONata), so every LSP editor colours them: a JSON grammar alone
//! shows them as plain strings.

use crate::lang::highlight::{self, Class};
use crate::model::{expressions, lower, ExprKind};
use crate::syntax::{source_range, Value};
use crate::text::TextRange;

/// Every token, in document order.
pub fn semantic_tokens(text: &str, root: &Value) -> Vec<(TextRange, Class)> {
    let Some(machine) = lower(root) else { return Vec::new() };
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    for expr in expressions(&machine) {
        tokens.clear();
        match expr.kind {
            ExprKind::Jsonata => highlight::jsonata(expr.text, &mut tokens),
            ExprKind::PathOrCall | ExprKind::FailPath if expr.text.starts_with("States.") => {
                highlight::call(expr.text, &mut tokens)
            }
            ExprKind::Path | ExprKind::ReferencePath | ExprKind::PathOrCall | ExprKind::FailPath => {
                highlight::path(expr.text, 0, &mut tokens)
            }
            ExprKind::InertJsonata | ExprKind::InertDollar => {}
        }
        tokens.sort_by_key(|(_, r)| r.start);
        for (class, range) in &tokens {
            let range = source_range(text, expr.value.range, range.start, range.end);
            if !range.is_empty() {
                out.push((range, *class));
            }
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn tokens_land_on_the_source_text_past_escapes() {
        let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Format('\"{}\"', $.a)"}, "End": true}}}"#;
        let root = parse(text).root.expect("tree");
        let tokens: Vec<(String, Class)> =
            semantic_tokens(text, &root).into_iter().map(|(r, c)| (text[r.as_usize()].to_string(), c)).collect();
        assert_eq!(
            tokens,
            [
                ("States.Format".to_string(), Class::Function),
                (r#"'\"{}\"'"#.to_string(), Class::String),
                ("$".to_string(), Class::Keyword),
                ("a".to_string(), Class::Property),
            ]
        );
    }

    #[test]
    fn tokens_land_on_yaml_plain_and_block_scalars() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Parameters:\n      x.$: States.Format('{}', $.a)\n      y.$: >-\n        States.ArrayLength(\n        $.b)\n    End: true\n";
        let root = crate::syntax::parse_yaml(text).root.expect("tree");
        let tokens: Vec<(String, Class)> =
            semantic_tokens(text, &root).into_iter().map(|(r, c)| (text[r.as_usize()].to_string(), c)).collect();
        let found = |s: &str, c: Class| tokens.iter().any(|(t, k)| t == s && *k == c);
        assert!(found("States.Format", Class::Function) && found("'{}'", Class::String), "{tokens:?}");
        assert!(found("States.ArrayLength", Class::Function) && found("b", Class::Property), "{tokens:?}");
    }
}
