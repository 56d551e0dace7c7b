//! Highlighting of expressions: the class of each token, with its range in
//! the decoded string, for the three expression languages.

use super::intrinsics::{self, Arg, Call};
use super::jsonata::highlight as jsonata_tokens;
use super::jsonpath::{self, Root, Step};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    Variable,
    Function,
    Property,
    String,
    Number,
    Keyword,
    Operator,
    Regexp,
}

pub type Token = (Class, Range<usize>);

/// The tokens of a JSONPath path at `offset` in its string.
pub fn path(text: &str, offset: usize, out: &mut Vec<Token>) {
    let Ok(path) = jsonpath::parse(text) else { return };
    let shift = |r: &Range<usize>| offset + r.start..offset + r.end;
    let root_class = match path.root {
        Root::Variable(_) => Class::Variable,
        Root::Input | Root::Context => Class::Keyword,
    };
    out.push((root_class, shift(&path.root_range)));
    for segment in &path.segments {
        let mut step = &segment.kind;
        if let Step::Descendant(inner) = step {
            out.push((Class::Operator, offset + segment.range.start..offset + segment.range.start + 2));
            step = inner;
        }
        let class = match step {
            Step::Member { .. } | Step::Members { .. } => Class::Property,
            Step::Index(_) | Step::Indexes(_) | Step::Slice { .. } => Class::Number,
            Step::Wildcard { .. } => Class::Operator,
            Step::Function { .. } => Class::Function,
            Step::Filter(_) | Step::Script(_) | Step::Descendant(_) => continue,
        };
        let selector = if let Step::Function { name, .. } = step {
            segment.selector.start..segment.selector.start + name.len()
        } else {
            segment.selector.clone()
        };
        out.push((class, shift(&selector)));
    }
}

/// The tokens of an intrinsic call (the whole string).
pub fn call(text: &str, out: &mut Vec<Token>) {
    if let Ok(call) = intrinsics::parse(text) {
        call_tokens(text, &call, out);
    }
}

fn call_tokens(text: &str, call: &Call, out: &mut Vec<Token>) {
    out.push((Class::Function, call.name_range.clone()));
    for arg in &call.args {
        match arg {
            Arg::String(_, r) => out.push((Class::String, r.clone())),
            Arg::Number(_, r) => out.push((Class::Number, r.clone())),
            Arg::Bool(_, r) | Arg::Null(r) => out.push((Class::Keyword, r.clone())),
            Arg::Path(p, r) => path(&text[r.start..r.start + p.len()], r.start, out),
            Arg::Call(inner) => call_tokens(text, inner, out),
        }
    }
}

/// The tokens of a `{% … %}` string: the delimiters and the expression.
pub fn jsonata(text: &str, out: &mut Vec<Token>) {
    if !super::is_jsonata_expression(text) {
        return;
    }
    out.push((Class::Keyword, 0..2));
    out.extend(jsonata_tokens(&text[2..text.len() - 2]).into_iter().map(|(c, r)| (c, r.start + 2..r.end + 2)));
    out.push((Class::Keyword, text.len() - 2..text.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(tokens: &[Token], text: &str) -> Vec<(Class, String)> {
        tokens.iter().map(|(c, r)| (*c, text[r.clone()].to_string())).collect()
    }

    #[test]
    fn paths_calls_and_jsonata() {
        let mut out = Vec::new();
        let text = "States.Format('{}', $.items[0], $var.a)";
        call(text, &mut out);
        let got = classes(&out, text);
        assert_eq!(
            got,
            [
                (Class::Function, "States.Format".into()),
                (Class::String, "'{}'".into()),
                (Class::Keyword, "$".into()),
                (Class::Property, "items".into()),
                (Class::Number, "0".into()),
                (Class::Variable, "$var".into()),
                (Class::Property, "a".into()),
            ]
        );
        let mut out = Vec::new();
        let text = "{% $sum($states.input.items.price) > 10 and true %}";
        jsonata(text, &mut out);
        let got = classes(&out, text);
        assert_eq!(got[0], (Class::Keyword, "{%".into()));
        assert_eq!(got[1], (Class::Function, "$sum".into()));
        assert_eq!(got[3], (Class::Variable, "$states".into()));
        assert_eq!(got[5], (Class::Property, "input".into()));
        assert!(got.contains(&(Class::Keyword, "and".into())) && got.contains(&(Class::Number, "10".into())));
    }
}
