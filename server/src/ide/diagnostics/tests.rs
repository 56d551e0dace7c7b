//! Checks that do not fit a fixture file (the per-code fixtures live in the
//! top-level tests/fixtures/diagnostics).

use super::*;

fn definition_with_result_of(len: usize) -> String {
    format!(
        "{{\"StartAt\":\"A\",\"States\":{{\"A\":{{\"Type\":\"Pass\",\"Result\":\"{}\",\"End\":true}}}}}}",
        "x".repeat(len)
    )
}

#[test]
fn a_definition_over_one_mebibyte_is_too_large_and_still_checked() {
    let text = definition_with_result_of(MAX_DEFINITION_CHARS);
    let diagnostics = check(&text, &Config::default());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!(d.code, Code::TooLarge);
    assert_eq!(d.range, TextRange::empty(0));
    assert!(
        d.message.starts_with("the definition has 1048645 characters; AWS accepts at most 1048576"),
        "{}",
        d.message
    );
    assert_eq!(d.aws.as_ref().map(|a| a.code), Some("SCHEMA_VALIDATION_FAILED"));

    let mut broken = text.clone();
    broken.insert(1, '!');
    assert!(check(&broken, &Config::default()).iter().any(|d| d.code == Code::JsonSyntax));
}

#[test]
fn characters_not_bytes_count_toward_the_limit() {
    let text = format!(
        "{{\"StartAt\":\"A\",\"States\":{{\"A\":{{\"Type\":\"Pass\",\"Result\":\"{}\",\"End\":true}}}}}}",
        "é".repeat(MAX_DEFINITION_CHARS / 2 + 10)
    );
    assert!(text.len() > MAX_DEFINITION_CHARS);
    assert!(check(&text, &Config::default()).is_empty());
}

#[test]
fn past_the_analysis_cap_only_the_size_is_reported() {
    let text = definition_with_result_of(MAX_ANALYSED_BYTES) + "{";
    let diagnostics = check(&text, &Config::default());
    assert_eq!(diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::TooLarge]);
}

#[test]
fn diagnostics_come_sorted_by_position() {
    let text = r#"{"StartAt": "Nope", "States": {"A": {"Type": "Bad"}, "B": {"Type": "Pass"}}}"#;
    let diagnostics = check(text, &Config::default());
    assert!(diagnostics.windows(2).all(|w| w[0].range.start <= w[1].range.start));
}

/// The text after the first fix of the first diagnostic with `code`.
fn fixed_yaml(text: &str, code: &str) -> String {
    let diagnostics = super::check_in(text, crate::syntax::Language::Yaml, &Config::default());
    let found = diagnostics.iter().find(|d| d.code.id() == code);
    let fix = found.and_then(|d| d.fixes.first()).unwrap_or_else(|| panic!("no fix for {code}: {diagnostics:#?}"));
    crate::ide::edit::apply(text, &fix.edits)
}

#[test]
fn quick_fixes_in_yaml_write_yaml() {
    // A missing field: a line of its own, at the members' column.
    let text = "StartAt: A\nStates:\n  A:\n    Comment: no type\n    End: true\n";
    assert_eq!(
        fixed_yaml(text, "ASL101"),
        "StartAt: A\nStates:\n  A:\n    Comment: no type\n    End: true\n    Type: Task\n"
    );
    let text = "States:\n  A:\n    Type: Succeed\n";
    assert_eq!(fixed_yaml(text, "ASL101"), "States:\n  A:\n    Type: Succeed\nStartAt: A\n");
    // A misspelt key or value keeps its plain style.
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Nxet: B\n  B:\n    Type: Succeed\n";
    assert_eq!(fixed_yaml(text, "ASL102"), text.replace("Nxet", "Next"));
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Finnish\n  Finish:\n    Type: Succeed\n";
    assert_eq!(fixed_yaml(text, "ASL201"), text.replace("Finnish", "Finish"));
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: 'Finnish'\n  Finish:\n    Type: Succeed\n";
    assert_eq!(fixed_yaml(text, "ASL201"), text.replace("'Finnish'", "'Finish'"));
    // Inside a single-quoted string, quotes are doubled.
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Parameters:\n      h.$: 'States.Hash($.x, ''SHA-255'')'\n    End: true\n";
    let fixed = fixed_yaml(text, "ASL809");
    assert!(fixed.contains("h.$: 'States.Hash($.x, ''SHA-256'')'\n"), "{fixed}");
    // A field goes after the mapping's own members, not after a merged one.
    let text = "StartAt: A\nStates:\n  A:\n    <<: {Comment: shared}\n    Type: Pass\n";
    assert_eq!(
        fixed_yaml(text, "ASL110"),
        "StartAt: A\nStates:\n  A:\n    <<: {Comment: shared}\n    Type: Pass\n    End: true\n"
    );
    // A merged-in member sits at its anchor: no removal cuts across the text.
    let text =
        "StartAt: A\nStates:\n  Z: &b\n    Type: Pass\n    End: true\n  A:\n    Type: Pass\n    Next: Z\n    <<: *b\n";
    let diagnostics = super::check_in(text, crate::syntax::Language::Yaml, &Config::default());
    for edit in diagnostics.iter().flat_map(|d| &d.fixes).flat_map(|f| &f.edits) {
        assert!(edit.range.start <= edit.range.end && edit.range.end as usize <= text.len(), "{edit:?}");
    }
}

/// Jayway trims a path before reading it, so AWS takes `" $.a "`: no
/// diagnostic on any path field, in templates, Choice rules or Map fields.
#[test]
fn paths_with_surrounding_whitespace_are_taken_as_aws_takes_them() {
    let text = r#"{"StartAt": "A", "States": {
      "A": {"Type": "Pass", "InputPath": " $.a ", "Parameters": {"x.$": "$.b ", "y.$": " $$.Execution.Id"},
            "ResultPath": "$.c ", "OutputPath": "  $", "Next": "C"},
      "C": {"Type": "Choice", "Choices": [{"Variable": " $.c", "IsPresent": true, "Next": "M"}], "Default": "M"},
      "M": {"Type": "Map", "ItemsPath": "$.list ", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "W"},
      "W": {"Type": "Wait", "SecondsPath": " $.seconds ", "End": true}}}"#;
    let diagnostics = check(text, &Config::default());
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    // Inside the path, a space still ends the name: `$.a b` is refused.
    let inner = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.a b", "End": true}}}"#;
    assert!(check(inner, &Config::default()).iter().any(|d| d.code == Code::InvalidPath || d.code.id() == "ASL801"));
}
