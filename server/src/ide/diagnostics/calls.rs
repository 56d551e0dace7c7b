//! Intrinsic function calls (`States.Format(…)`): the syntax, the function
//! names, the number of arguments and, where an argument is written
//! literally or is another call, its type and value; the paths passed as
//! arguments are checked as paths.

use super::expressions::At;
use super::paths::{self, How};
use super::suggest::closest;
use super::{Code, Diagnostic, Sink};
use crate::data::{intrinsic, Intrinsic, Param, Type, INTRINSICS};
use crate::ide::edit::{json_escaped as escaped, Fix, TextEdit};
use crate::lang::intrinsics::{self, Arg, Call};

/// Checks the whole expression as a call; `fail_path`: it is a Fail
/// `ErrorPath`/`CausePath`, which takes only calls returning a string.
pub(super) fn check(at: &mut At<'_, '_, '_>, sink: &mut Sink, fail_path: bool) {
    let how = if fail_path { How::field(at.expr, true) } else { How::template(at.expr) };
    let call = match intrinsics::parse(at.expr.text) {
        Ok(call) => call,
        Err(error) => {
            let message = format!("invalid intrinsic function call: {}", error.message);
            sink.push(
                Diagnostic::new(how.syntax_code, at.range(error.range), message)
                    .aws_with(Some(at.expr.location.clone()), how.aws_message),
            );
            return;
        }
    };
    if fail_path {
        if let Some(function) = intrinsic(&call.name).filter(|f| !f.allowed_in_fail_paths()) {
            let message = format!(
                "`{}` takes a path or a call that returns a string, and `{}` returns {}: wrap it in `States.JsonToString(…)` or `States.Format('{{}}', …)`",
                at.expr.field,
                function.name,
                function.returns.name()
            );
            sink.push(
                Diagnostic::new(Code::FailPathIntrinsic, at.range(call.name_range.clone()), message)
                    .aws_at(Some(at.expr.location.clone())),
            );
        }
    }
    let how = How::template(at.expr);
    check_call(at, sink, &call, &how);
}

fn check_call(at: &mut At<'_, '_, '_>, sink: &mut Sink, call: &Call, how: &How) {
    let Some(function) = intrinsic(&call.name) else {
        unknown_function(at, sink, call, how);
        check_args(at, sink, call, None, how);
        return;
    };
    let (min, max) = (function.min_args(), function.max_args());
    let count = call.args.len();
    if count < min || max.is_some_and(|max| count > max) {
        let expected = match max {
            Some(max) if max == min => format!("{min}"),
            Some(max) => format!("{min} to {max}"),
            None => format!("at least {min}"),
        };
        let plural = if expected == "1" { "argument" } else { "arguments" };
        let message = format!(
            "`{}` takes {expected} {plural}, found {count}: the call fails at run time (States.IntrinsicFailure); write `{}`",
            function.name,
            function.signature()
        );
        sink.push(Diagnostic::new(Code::IntrinsicArity, at.range(call.range.clone()), message));
    }
    check_args(at, sink, call, Some(function), how);
    check_values(at, sink, call, function);
}

fn unknown_function(at: &mut At<'_, '_, '_>, sink: &mut Sink, call: &Call, how: &How) {
    let names = INTRINSICS.iter().map(|f| f.name);
    let suggestion = closest(&call.name, names);
    let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
    let message = format!("`{}` is not an intrinsic function{hint}", call.name);
    let range = at.range(call.name_range.clone());
    let mut diagnostic = Diagnostic::new(Code::UnknownIntrinsic, range, message)
        .aws_with(Some(at.expr.location.clone()), how.aws_message.clone());
    if let Some(suggestion) = suggestion {
        let edit = TextEdit::replace(range, escaped(suggestion));
        diagnostic = diagnostic.with_fix(Fix::safe(format!("Change to `{suggestion}`"), vec![edit]));
    }
    sink.push(diagnostic);
}

/// The type of an argument, as far as it is known before running.
fn static_type(arg: &Arg) -> Type {
    match arg {
        Arg::String(..) => Type::String,
        Arg::Number(n, _) if n.fract() == 0.0 => Type::Integer,
        Arg::Number(..) => Type::Number,
        Arg::Bool(..) => Type::Boolean,
        Arg::Null(_) => Type::Null,
        Arg::Path(..) => Type::Any,
        Arg::Call(call) => intrinsic(&call.name).map_or(Type::Any, |f| f.returns),
    }
}

fn check_args(at: &mut At<'_, '_, '_>, sink: &mut Sink, call: &Call, function: Option<&Intrinsic>, how: &How) {
    for (i, arg) in call.args.iter().enumerate() {
        let param = function.and_then(|f| f.param(i));
        match arg {
            Arg::Call(inner) => check_call(at, sink, inner, how),
            Arg::Path(text, range) => paths::check(at, sink, text, range.start, how),
            _ => {}
        }
        let (Some(function), Some(param)) = (function, param) else { continue };
        let actual = static_type(arg);
        if !param.ty.accepts(actual) {
            let message = format!(
                "argument {} of `{}` (`{}`) must be {}, found {}: the call fails at run time",
                i + 1,
                function.name,
                param.name,
                param.ty.name(),
                actual.name()
            );
            sink.push(Diagnostic::new(Code::IntrinsicArgument, at.range(arg.range()), message));
        } else if let Arg::String(value, range) = arg {
            one_of(at, sink, function, param, value, range.clone());
        }
    }
}

/// A literal that must be one of a few words (`States.Hash` algorithms).
fn one_of(
    at: &mut At<'_, '_, '_>,
    sink: &mut Sink,
    function: &Intrinsic,
    param: &Param,
    value: &str,
    range: std::ops::Range<usize>,
) {
    if param.one_of.is_empty() || param.one_of.contains(&value) {
        return;
    }
    let list = param.one_of.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(", ");
    let suggestion = closest(value, param.one_of.iter().copied());
    let hint = suggestion.map(|s| format!("; did you mean '{s}'?")).unwrap_or_default();
    let message = format!("`{}` of `{}` must be one of {list}{hint}", param.name, function.name);
    let range = at.range(range);
    let mut diagnostic = Diagnostic::new(Code::IntrinsicArgument, range, message);
    if let Some(suggestion) = suggestion {
        let edit = TextEdit::replace(range, escaped(&format!("'{suggestion}'")));
        diagnostic = diagnostic.with_fix(Fix::safe(format!("Change to '{suggestion}'"), vec![edit]));
    }
    sink.push(diagnostic);
}

/// Rules on literal values that make a call fail whatever the input.
fn check_values(at: &mut At<'_, '_, '_>, sink: &mut Sink, call: &Call, function: &Intrinsic) {
    let number = |i: usize| match call.args.get(i) {
        Some(Arg::Number(n, range)) => Some((*n, range.clone())),
        _ => None,
    };
    let mut warn = |range: std::ops::Range<usize>, message: String| {
        sink.push(Diagnostic::new(Code::IntrinsicArgument, at.range(range), message));
    };
    match function.name {
        "States.Format" => {
            let Some(Arg::String(_, range)) = call.args.first() else { return };
            // Count on the written text: `\{}` is an escaped brace, not a placeholder.
            let written = &at.expr.text[range.clone()];
            let placeholders = count_placeholders(written);
            let values = call.args.len() - 1;
            if placeholders != values {
                warn(
                    range.clone(),
                    format!("the template has {placeholders} `{{}}` placeholder(s) but {values} value(s) follow: the call fails at run time"),
                );
            }
        }
        "States.JsonMerge" => {
            if let Some(Arg::Bool(true, range)) = call.args.get(2) {
                warn(
                    range.clone(),
                    "`States.JsonMerge` does only shallow merges: the third argument must be `false`".into(),
                );
            }
        }
        "States.ArrayPartition" => {
            if let Some((n, range)) = number(1).filter(|(n, _)| *n <= 0.0) {
                warn(range, format!("the chunk size must be a positive integer, found {n}"));
            }
        }
        "States.ArrayRange" => {
            if let Some((_, range)) = number(2).filter(|(n, _)| *n == 0.0) {
                warn(range, "the step of `States.ArrayRange` must not be 0".into());
            } else if let (Some((start, _)), Some((end, _)), Some((step, _))) = (number(0), number(1), number(2)) {
                let count = ((end - start) / step).floor() + 1.0;
                if count > 1000.0 {
                    warn(
                        call.range.clone(),
                        format!("this range has {count} elements; `States.ArrayRange` returns at most 1,000"),
                    );
                }
            }
        }
        "States.ArrayGetItem" => {
            if let Some((n, range)) = number(1).filter(|(n, _)| *n < 0.0) {
                warn(range, format!("the index must be zero or more, found {n}"));
            }
        }
        _ => {}
    }
}

/// `{}` pairs in an intrinsic string as written (quotes included), not
/// counting escaped braces.
fn count_placeholders(written: &str) -> usize {
    let bytes = written.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'{' if bytes.get(i + 1) == Some(&b'}') => {
                count += 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::count_placeholders;

    #[test]
    fn escaped_braces_are_not_placeholders() {
        assert_eq!(count_placeholders("'{} and {}'"), 2);
        assert_eq!(count_placeholders("'\\{} and {}'"), 1);
        assert_eq!(count_placeholders("'{x}'"), 0);
    }
}
