//! Longer descriptions for hover and completion documentation.

use super::StateKind;

pub fn state_type_doc(kind: StateKind) -> &'static str {
    match kind {
        StateKind::Task => "Runs one unit of work named by `Resource`: a Lambda function, an AWS service integration (`arn:aws:states:::service:action`), an AWS SDK call (`arn:aws:states:::aws-sdk:service:action`), an HTTP endpoint or an activity. Takes `Retry` and `Catch`.",
        StateKind::Pass => "Passes its input to its output, optionally reshaped (`Parameters`, `Result`, `ResultPath` in JSONPath; `Output` in JSONata). Useful for injecting data and for stubs.",
        StateKind::Choice => "Branches on the input: the first rule of `Choices` that matches picks the next state, else `Default`. Has no `Next` or `End`.",
        StateKind::Wait => "Pauses for `Seconds` or until `Timestamp` (or their `…Path` twins in JSONPath), then continues.",
        StateKind::Succeed => "Ends the execution (or the branch or iteration) successfully. Has no `Next` or `End`.",
        StateKind::Fail => "Ends the execution (or the branch or iteration) with an `Error` and a `Cause`. Has no `Next`, `End` or output processing.",
        StateKind::Parallel => "Runs every branch of `Branches` on the same input at the same time; the result is an array with one element per branch, in order.",
        StateKind::Map => "Runs the `ItemProcessor` once per item of the input array (`ItemsPath` in JSONPath, `Items` in JSONata), inline or as a distributed map over S3 data.",
    }
}

/// What a choice-rule comparison operator tests.
pub fn operator_doc(name: &str) -> String {
    let (base, path) = match name.strip_suffix("Path") {
        Some(base) => (base, true),
        None => (name, false),
    };
    let test = match base {
        "IsNull" => return "`true`: `Variable` is `null`; `false`: it is not.".into(),
        "IsPresent" => return "`true`: the `Variable` path exists in the input; `false`: it does not. The only test a missing path does not fail.".into(),
        "IsNumeric" => return "`true`: `Variable` is a number.".into(),
        "IsString" => return "`true`: `Variable` is a string.".into(),
        "IsBoolean" => return "`true`: `Variable` is a boolean.".into(),
        "IsTimestamp" => return "`true`: `Variable` is an RFC 3339 timestamp string.".into(),
        "StringMatches" => return "`Variable` matches the pattern, where `*` stands for any characters (`\\\\*` is a literal star).".into(),
        b if b.ends_with("LessThanEquals") => "less than or equal to",
        b if b.ends_with("GreaterThanEquals") => "greater than or equal to",
        b if b.ends_with("LessThan") => "less than",
        b if b.ends_with("GreaterThan") => "greater than",
        _ => "equal to",
    };
    let family = ["String", "Numeric", "Boolean", "Timestamp"].into_iter().find(|f| base.starts_with(f)).unwrap_or("");
    let operand = if path { "the value at the path given here" } else { "the value given here" };
    format!(
        "`Variable` is {test} {operand} ({} comparison; a `Variable` of another type makes the test false).",
        family.to_lowercase()
    )
}
