//! Signature help inside expression strings: the intrinsic function or
//! JSONata function whose call the cursor is in, its parameters, and the
//! one being written. The call is found by reading the text before the
//! cursor (strings, brackets and commas), so it works while the call is
//! still unfinished, as it is while the user types it.

use super::expr_at::expr_at;
use crate::data::intrinsic;
use crate::data::jsonata_functions;
use crate::lang::sfn_jsonata;
use crate::model::ExprKind;
use crate::syntax::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// `States.Format(template, values…)`.
    pub label: String,
    pub documentation: String,
    /// Each parameter: its byte range in `label`, and what it takes.
    pub parameters: Vec<((usize, usize), String)>,
    pub active_parameter: usize,
}

/// The signature of the call around `offset`, in an expression string.
pub fn signature_help(text: &str, root: &Value, offset: u32) -> Option<SignatureHelp> {
    let at = expr_at(text, root, offset)?;
    let before = at.expr.text.get(..at.cursor)?;
    match at.expr.kind {
        ExprKind::Jsonata => {
            let (name, argument) = open_call(before, Syntax::Jsonata)?;
            jsonata(name.strip_prefix('$')?, argument)
        }
        ExprKind::PathOrCall | ExprKind::FailPath => {
            let (name, argument) = open_call(before, Syntax::Intrinsic)?;
            intrinsic_help(&name, argument)
        }
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Intrinsic,
    Jsonata,
}

enum Frame {
    Call { name: String, arguments: usize },
    Group,
}

/// The innermost function call still open at the end of `before`, and how
/// many of its arguments are complete (the index of the one being written).
fn open_call(before: &str, syntax: Syntax) -> Option<(String, usize)> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut word = String::new();
    let mut chars = before.chars().peekable();
    while let Some(c) = chars.next() {
        let quote = match syntax {
            Syntax::Intrinsic => c == '\'',
            Syntax::Jsonata => matches!(c, '"' | '\'' | '`'),
        };
        if quote {
            // To the closing quote (escapes skipped); unclosed: the cursor
            // is in a string argument, whose brackets and commas do not count.
            loop {
                match chars.next() {
                    None => break,
                    Some('\\') if c != '`' => {
                        chars.next();
                    }
                    Some(q) if q == c => break,
                    Some(_) => {}
                }
            }
            word.clear();
            continue;
        }
        if syntax == Syntax::Jsonata && c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            loop {
                match chars.next() {
                    None => return None,
                    Some('/') if last == '*' => break,
                    Some(other) => last = other,
                }
            }
            continue;
        }
        match c {
            '(' => {
                let called = match syntax {
                    Syntax::Intrinsic => word.starts_with("States."),
                    Syntax::Jsonata => word.starts_with('$') && word.len() > 1,
                };
                frames.push(if called { Frame::Call { name: word.clone(), arguments: 0 } } else { Frame::Group });
            }
            '[' | '{' => frames.push(Frame::Group),
            ')' | ']' | '}' => {
                frames.pop();
            }
            ',' => {
                if let Some(Frame::Call { arguments, .. }) = frames.last_mut() {
                    *arguments += 1;
                }
            }
            _ => {}
        }
        let continues = c.is_alphanumeric() || c == '_' || c == '$' || (c == '.' && syntax == Syntax::Intrinsic);
        if continues {
            word.push(c);
        } else if !c.is_whitespace() {
            word.clear();
        }
    }
    frames.iter().rev().find_map(|frame| match frame {
        Frame::Call { name, arguments } => Some((name.clone(), *arguments)),
        Frame::Group => None,
    })
}

fn intrinsic_help(name: &str, argument: usize) -> Option<SignatureHelp> {
    let function = intrinsic(name)?;
    let mut label = format!("{}(", function.name);
    let mut parameters = Vec::new();
    for (i, param) in function.params.iter().enumerate() {
        if i > 0 {
            label.push_str(", ");
        }
        let start = label.len();
        label.push_str(param.name);
        match (param.variadic, param.optional) {
            (true, _) => label.push('…'),
            (_, true) => label.push('?'),
            _ => {}
        }
        let mut takes = format!("`{}`: {}", param.name, param.ty.name());
        if !param.one_of.is_empty() {
            takes.push_str(&format!(", one of {}", param.one_of.join(", ")));
        }
        parameters.push(((start, label.len()), takes));
    }
    label.push(')');
    let variadic_last = function.params.last().is_some_and(|p| p.variadic);
    let active = if variadic_last { argument.min(parameters.len().saturating_sub(1)) } else { argument };
    Some(SignatureHelp { label, documentation: function.doc.to_string(), parameters, active_parameter: active })
}

fn jsonata(name: &str, argument: usize) -> Option<SignatureHelp> {
    // Step Functions' own functions first: its `$random` takes a seed.
    if let Some((_, signature, doc)) = sfn_jsonata::FUNCTIONS.iter().find(|(n, ..)| *n == name) {
        let inside = signature.find('(').map(|i| i + 1)?;
        let mut parameters = Vec::new();
        let mut at = inside;
        for param in signature[inside..signature.len() - 1].split(", ").filter(|p| !p.is_empty()) {
            parameters.push(((at, at + param.len()), format!("`{}`", param.trim_end_matches('?'))));
            at += param.len() + 2;
        }
        return Some(SignatureHelp {
            label: signature.to_string(),
            documentation: format!("{doc} (Step Functions)"),
            parameters,
            active_parameter: argument,
        });
    }
    let function = jsonata_functions::function(name)?;
    let (label, ranges) = function.label();
    let parameters = ranges
        .into_iter()
        .zip(function.params)
        .map(|(range, p)| (range, format!("`{}`{}", p.name, if p.optional { ", optional" } else { "" })))
        .collect::<Vec<_>>();
    let variadic_last = function.params.last().is_some_and(|p| p.name.ends_with('…'));
    let active = if variadic_last { argument.min(parameters.len().saturating_sub(1)) } else { argument };
    Some(SignatureHelp { label, documentation: function.doc.to_string(), parameters, active_parameter: active })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help at `$0` in `text`.
    fn help(text: &str) -> Option<SignatureHelp> {
        let offset = text.find("$0").expect("cursor marker") as u32;
        let text = text.replacen("$0", "", 1);
        let root = crate::syntax::parse(&text).root?;
        signature_help(&text, &root, offset)
    }

    fn active(help: &SignatureHelp) -> &str {
        let (start, end) = help.parameters[help.active_parameter].0;
        &help.label[start..end]
    }

    const PASS: &str =
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"m.$": "EXPR"}, "End": true}}}"#;
    const JSONATA: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "EXPR", "End": true}}}"#;

    #[test]
    fn intrinsic_parameters_follow_the_commas_and_skip_strings_and_nested_calls() {
        let h = help(&PASS.replace("EXPR", "States.Format('{}, {}$0")).expect("help");
        assert_eq!(h.label, "States.Format(template, values…)");
        assert_eq!(active(&h), "template", "the comma is inside the template string");
        assert_eq!(active(&help(&PASS.replace("EXPR", "States.Format('{}, {}', $0")).unwrap()), "values…");
        let h = help(&PASS.replace("EXPR", "States.Format('a, b', States.ArrayLength($.x), $.y$0)")).expect("help");
        assert_eq!(active(&h), "values…", "every value after the template is the variadic parameter");
        let h = help(&PASS.replace("EXPR", "States.Format('x', States.Hash($.a, $0")).expect("help");
        assert_eq!((h.label.as_str(), active(&h)), ("States.Hash(data, algorithm)", "algorithm"));
        assert!(h.parameters[1].1.contains("SHA-256"), "{:?}", h.parameters);
        let h = help(&PASS.replace("EXPR", "States.Format('(, $0")).expect("help inside a string argument");
        assert_eq!(active(&h), "template");
        assert_eq!(help(&PASS.replace("EXPR", "$.a$0")), None, "no call");
    }

    #[test]
    fn jsonata_functions_show_the_reference_signature() {
        let h = help(&JSONATA.replace("EXPR", "{% $substring($states.input.name, 1, $0 %}")).expect("help");
        assert_eq!(h.label, "$substring(str, start[, length])");
        assert_eq!(active(&h), "length");
        let h = help(&JSONATA.replace("EXPR", "{% $count([1, 2, $0]) %}")).expect("help");
        assert_eq!((h.label.as_str(), active(&h)), ("$count(array)", "array"), "commas inside [] are not arguments");
        let h = help(&JSONATA.replace("EXPR", "{% $partition($x, $0) %}")).expect("help");
        assert_eq!((h.label.as_str(), active(&h)), ("$partition(array, size)", "size"));
        assert!(h.documentation.ends_with("(Step Functions)"));
        let h = help(&JSONATA.replace("EXPR", "{% $random($0) %}")).expect("help");
        assert_eq!(h.label, "$random(seed?)", "Step Functions' $random takes a seed");
        assert_eq!(help(&JSONATA.replace("EXPR", "{% function($v) { $v $0 } %}")), None, "a lambda is no call");
    }

    #[test]
    fn every_function_of_the_evaluator_has_its_reference_entry_and_no_other() {
        let library: Vec<&str> = crate::lang::jsonata::functions::names().map(|(n, _)| n).collect();
        let missing: Vec<&&str> = library.iter().filter(|n| jsonata_functions::function(n).is_none()).collect();
        assert!(missing.is_empty(), "no reference entry: {missing:?}");
        let extra: Vec<&str> =
            jsonata_functions::FUNCTIONS.iter().map(|f| f.name).filter(|n| !library.contains(n)).collect();
        assert!(extra.is_empty(), "not in the evaluator: {extra:?}");
        let (label, ranges) = jsonata_functions::function("substring").unwrap().label();
        assert_eq!(label, "$substring(str, start[, length])");
        assert_eq!(ranges.iter().map(|&(s, e)| &label[s..e]).collect::<Vec<_>>(), ["str", "start", "length"]);
        assert_eq!(jsonata_functions::function("now").unwrap().label().0, "$now([picture[, timezone]])");
    }
}
