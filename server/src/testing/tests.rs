use super::*;

const DEFINITION: &str = r#"{"StartAt": "Check", "States": {
  "Check": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "Next": "Big?"},
  "Big?": {"Type": "Choice", "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Review"}], "Default": "Done"},
  "Review": {"Type": "Fail", "Error": "NeedsReview", "Cause": "too big"},
  "Done": {"Type": "Succeed"}}}"#;

fn results(test: &str) -> (TestFile, Vec<CaseResult>) {
    let file = read(test, Language::Yaml);
    let subject = Subject { definition: DEFINITION, language: Language::Json, folder: Path::new(".") };
    let results = file.cases.iter().map(|c| run_case(&subject, &file, c)).collect();
    (file, results)
}

#[test]
fn cases_pass_and_fail_on_their_expectations() {
    let test = "\
tests:
  - name: small orders are done
    input: {order: 1}
    mocks:
      Check: {Return: {Payload: {total: 5}}}
    expect:
      status: SUCCEEDED
      output: {total: 5}
      path: [Check, Big?, Done]
      states:
        Check: {outputContains: {total: 5}}
        Review: {visited: false}
  - name: big orders are reviewed
    mocks:
      Check: {Return: {Payload: {total: 500}}}
    expect:
      status: FAILED
      error: NeedsReview
      cause: \"{% $contains($, 'big') %}\"
  - name: a wrong expectation
    mocks:
      Check: {Return: {Payload: {total: 7, extra: true}}}
    expect:
      output: {total: 8}
";
    let (file, results) = results(test);
    assert_eq!(file.problems, Vec::new());
    assert!(results[0].passed(), "{:?}", results[0]);
    assert!(results[1].passed(), "{:?}", results[1]);
    assert!(!results[2].passed());
    let failure = &results[2].failures[0];
    assert_eq!(failure.what, "output");
    assert_eq!(failure.message, "  {\n-   \"total\": 8\n+   \"total\": 7,\n+   \"extra\": true\n  }");
    assert_eq!(&test[failure.range.as_usize()], "{total: 8}");
}

#[test]
fn problems_of_the_test_file_are_reported_where_they_are() {
    let test = "tests:\n  - name: x\n    expect: {status: DONE, colour: blue}\n  - input: {}\n";
    let (file, _) = results(test);
    let messages: Vec<(&str, &str)> =
        file.problems.iter().map(|p| (&test[p.range.as_usize()], p.message.as_str())).collect();
    assert_eq!(messages[0].0, "colour");
    assert!(
        messages.iter().any(|(at, m)| *at == "DONE" && m.contains("SUCCEEDED, FAILED or TIMED_OUT")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|(_, m)| m.contains("has no `name`")), "{messages:?}");
    assert_eq!(file.cases.len(), 1, "the broken case is left out, the others run");
}

/// The JSON Schema editors use names exactly the fields the reader takes.
#[test]
fn the_json_schema_names_the_fields_the_reader_takes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/schema/asl-test.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the schema")).expect("JSON");
    let keys = |v: &Value| -> Vec<String> { v["properties"].as_object().unwrap().keys().cloned().collect() };
    let set = |v: Vec<String>| v.into_iter().collect::<std::collections::BTreeSet<_>>();
    let names = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(set(keys(&schema)), names(file::FILE_KEYS));
    assert_eq!(set(keys(&schema["$defs"]["case"])), names(file::CASE_KEYS));
    assert_eq!(set(keys(&schema["$defs"]["expect"])), names(file::EXPECT_KEYS));
    assert_eq!(set(keys(&schema["$defs"]["state"])), names(file::STATE_KEYS));
}
