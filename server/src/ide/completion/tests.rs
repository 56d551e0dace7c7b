use super::*;
use crate::ide::edit::apply;
use crate::syntax::parse;

/// Completions at `$0`: the labels, in the order an editor sorts them.
fn complete(fixture: &str) -> (String, Vec<CompletionItem>) {
    let offset = fixture.find("$0").expect("fixture has $0") as u32;
    let text = fixture.replacen("$0", "", 1);
    let parse = parse(&text);
    let mut items = match &parse.root {
        Some(root) => completions(&text, root, offset),
        None => empty_document(&text, offset),
    };
    items.sort_by(|a, b| a.sort_text.as_ref().unwrap_or(&a.label).cmp(b.sort_text.as_ref().unwrap_or(&b.label)));
    (text, items)
}

fn labels(fixture: &str) -> Vec<String> {
    complete(fixture).1.into_iter().map(|i| i.label).collect()
}

/// The text after accepting the item labelled `label` (snippet markers kept).
fn accept(fixture: &str, label: &str) -> String {
    let (text, items) = complete(fixture);
    let item = items.iter().find(|i| i.label == label).unwrap_or_else(|| panic!("no item {label}"));
    let mut edits = vec![item.edit.clone()];
    edits.extend(item.additional_edits.iter().cloned());
    apply(&text, &edits)
}

const MACHINE: &str = r#"{
  "StartAt": "Check",
  "States": {
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}], "Default": "Fix"},
    "Fix": {"Type": "Pass", "Next": "$0"},
    "Done": {"Type": "Succeed"}
  }
}"#;

#[test]
fn next_offers_the_states_of_its_scope_with_their_types() {
    let (text, items) = complete(MACHINE);
    let labels: Vec<_> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["Check", "Done", "Fix"], "document order, the state itself last");
    assert_eq!(items[1].detail.as_deref(), Some("Succeed state"));
    assert!(apply(&text, &[items[1].edit.clone()]).contains(r#""Next": "Done"}"#));
}

#[test]
fn a_value_without_its_closing_quote_is_replaced_whole() {
    let fixture = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"D$0\n}, \"Done\": {\"Type\": \"Succeed\"}}}";
    let result = accept(fixture, "Done");
    assert!(result.contains("\"Next\": \"Done\"\n}"), "{result}");
}

#[test]
fn branch_states_do_not_leak_out() {
    let fixture = r#"{"StartAt": "P", "States": {
  "P": {"Type": "Parallel", "Branches": [{"StartAt": "In", "States": {"In": {"Type": "Pass", "Next": "$0"}, "Out": {"Type": "Succeed"}}}], "End": true}
}}"#;
    // The state itself comes last: a loop is rarer than a step forward.
    assert_eq!(labels(fixture), ["Out", "In"]);
}

#[test]
fn state_fields_follow_type_and_query_language() {
    let jsonpath = labels("{\"States\": {\"T\": {\"Type\": \"Task\",\n  $0\n}}}");
    assert_eq!(&jsonpath[..1], ["Resource"], "required first: {jsonpath:?}");
    assert!(jsonpath.contains(&"Parameters".to_string()) && !jsonpath.contains(&"Arguments".to_string()));
    assert!(!jsonpath.contains(&"Type".to_string()), "present fields are not offered again");
    let jsonata = labels("{\"QueryLanguage\": \"JSONata\", \"States\": {\"T\": {\"Type\": \"Task\",\n  $0\n}}}");
    assert!(jsonata.contains(&"Arguments".to_string()) && !jsonata.contains(&"Parameters".to_string()));
}

#[test]
fn a_field_comes_with_its_value_snippet_and_commas() {
    let fixture = "{\"States\": {\"W\": {\n  \"Type\": \"Wait\"\n  $0\n  \"End\": true\n}}}";
    let result = accept(fixture, "Seconds");
    assert_eq!(result, "{\"States\": {\"W\": {\n  \"Type\": \"Wait\",\n  \"Seconds\": ${1:1},\n  \"End\": true\n}}}");
}

#[test]
fn a_key_being_typed_is_completed_inside_its_quotes() {
    let fixture = "{\"States\": {\"T\": {\"Type\": \"Task\", \"Res$0\n}}}";
    let result = accept(fixture, "Resource");
    assert!(result.contains("\"Resource\": \"$1\"\n}"), "{result}");
    let (_, items) = complete(fixture);
    assert_eq!(items.iter().find(|i| i.label == "Resource").unwrap().filter_text.as_deref(), Some("\"Resource\""));
}

#[test]
fn enum_values_types_and_error_names() {
    assert_eq!(labels(r#"{"States": {"A": {"Type": "$0"}}}"#), STATE_TYPES);
    assert_eq!(labels(r#"{"QueryLanguage": "$0"}"#), ["JSONPath", "JSONata"]);
    let retry = labels(r#"{"States": {"A": {"Type": "Task", "Retry": [{"ErrorEquals": ["$0"]}]}}}"#);
    assert_eq!(retry.len(), PREDEFINED_ERRORS.len());
    assert_eq!(
        labels(r#"{"States": {"A": {"Type": "Task", "Retry": [{"ErrorEquals": ["x"], "JitterStrategy": "$0"}]}}}"#),
        ["FULL", "NONE"]
    );
    assert_eq!(
        labels(r#"{"States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": $0}]}}}"#),
        ["true", "false"]
    );
}

#[test]
fn choice_rules_offer_operators() {
    let items = labels(r#"{"States": {"C": {"Type": "Choice", "Choices": [{"$0"}]}}}"#);
    assert!(items.contains(&"Variable".to_string()) && items.contains(&"NumericGreaterThanEqualsPath".to_string()));
    let nested = labels(r#"{"States": {"C": {"Type": "Choice", "Choices": [{"Not": {"$0"}}]}}}"#);
    assert!(!nested.contains(&"Next".to_string()));
}

#[test]
fn new_states_get_skeletons() {
    let fixture = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Succeed\"}\n    $0\n  }\n}";
    let items = labels(fixture);
    assert_eq!(items.len(), 8);
    assert_eq!(items[0], "Task state");
    let result = accept(fixture, "Wait state");
    assert_eq!(
        result,
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Succeed\"},\n    \"${1:WaitState}\": {\n      \"Type\": \"Wait\",\n      \"Seconds\": ${2:10},\n      \"Next\": \"$3\"\n    }\n  }\n}"
    );
}

#[test]
fn an_empty_file_gets_a_machine() {
    assert_eq!(labels("$0"), ["New state machine"]);
}

// Inside expression strings.

const VARIABLES: &str = r#"{
  "QueryLanguage": "JSONata",
  "StartAt": "Init",
  "States": {
    "Init": {"Type": "Pass", "Assign": {"total": 0, "customer": "x"}, "Next": "Use"},
    "Use": {"Type": "Pass", "Output": "{% 1 + $$0 %}", "End": true}
  }
}"#;

#[test]
fn a_dollar_in_jsonata_offers_variables_then_states_then_functions() {
    let labels = labels(VARIABLES);
    assert_eq!(&labels[..3], ["$customer", "$total", "$states"]);
    assert!(labels.contains(&"$partition".to_string()) && labels.contains(&"$sum".to_string()));
    assert!(!labels.contains(&"$eval".to_string()));
    let result = accept(VARIABLES, "$total");
    assert!(result.contains(r#""{% 1 + $total %}""#), "{result}");
    assert!(accept(VARIABLES, "$sum").contains(r#""{% 1 + \$sum($1) %}""#));
}

#[test]
fn states_members_and_context_fields_in_jsonata() {
    let fixture = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.$0 %}", "End": true}}}"#;
    assert_eq!(labels(fixture), ["input", "result", "errorOutput", "context"]);
    let fixture = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.context.Execution.St$0 %}", "End": true}}}"#;
    let result = accept(fixture, "StartTime");
    assert!(result.contains(r#""{% $states.context.Execution.StartTime %}""#), "{result}");
}

#[test]
fn context_fields_after_double_dollar_in_a_path() {
    let fixture =
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "$$.$0"}, "End": true}}}"#;
    assert_eq!(labels(fixture), ["Execution", "State", "StateMachine", "Task", "Map"]);
    let fixture = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$$.Map.Item.$0", "End": true}}}"#;
    assert_eq!(labels(fixture), ["Index", "Value", "Key", "Source"]);
}

#[test]
fn intrinsics_with_argument_snippets_in_dollar_keys() {
    let fixture =
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "States.$0"}, "End": true}}}"#;
    let labels = labels(fixture);
    assert_eq!(labels.len(), 18);
    assert_eq!(labels[0], "States.Format");
    let result = accept(fixture, "States.Hash");
    assert!(result.contains(r#""id.$": "States.Hash(${1:data}, ${2:algorithm})""#), "{result}");
    let nested = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "States.Format('{}', St$0)"}, "End": true}}}"#;
    assert!(labels_of(nested).contains(&"States.UUID".to_string()));
}

#[test]
fn variables_of_the_scope_and_outer_scopes_only() {
    let fixture = r#"{"StartAt": "Init", "States": {
  "Init": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "P"},
  "P": {"Type": "Parallel", "Branches": [
    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"mine": 1}, "Parameters": {"x.$": "$$0"}, "End": true}}},
    {"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"theirs": 1}, "End": true}}}
  ], "End": true}
}}"#;
    assert_eq!(labels(fixture), ["$mine", "$outer"]);
}

fn labels_of(fixture: &str) -> Vec<String> {
    labels(fixture)
}

#[test]
fn edits_inside_strings_land_past_escapes() {
    let fixture = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% \"caf\u00e9\" & $states.inp$0 %}", "End": true}}}"#;
    let result = accept(fixture, "input");
    assert!(result.contains(r#""{% \"caf\u00e9\" & $states.input %}""#), "{result}");
}

// Task integrations.

fn task(resource: &str, rest: &str) -> String {
    format!(r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}"{rest}, "End": true}}}}}}"#)
}

#[test]
fn resources_complete_service_then_action_then_pattern() {
    let fixture = task("arn:aws:states:::aws-sdk:dyn$0", "");
    assert!(labels(&fixture).contains(&"dynamodb".to_string()));
    assert!(accept(&fixture, "dynamodb").contains(r#""Resource": "arn:aws:states:::aws-sdk:dynamodb""#));
    let fixture = task("arn:aws:states:::aws-sdk:dynamodb:put$0", "");
    let result = accept(&fixture, "putItem");
    assert!(result.contains(r#""Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem""#), "{result}");
    let fixture = task("arn:aws:states:::states:startExecution.$0", "");
    assert_eq!(labels(&fixture), [".sync", ".sync:2", ".waitForTaskToken"]);
    let fixture = task("arn:aws:states:::lambda:$0", "");
    assert_eq!(labels(&fixture), ["invoke"]);
    let all = labels(&task("$0", ""));
    assert!(all.contains(&"arn:aws:states:::lambda:invoke.waitForTaskToken".to_string()));
    assert_eq!(all.last().map(String::as_str), Some("arn:aws:states:::aws-sdk:"));
    assert!(!all.iter().any(|l| l.contains("s3:getObject")), "item readers are not task resources");
}

#[test]
fn parameters_required_first_with_a_snippet_for_all_of_them() {
    let fixture = task("arn:aws:states:::aws-sdk:dynamodb:putItem", r#", "Parameters": {$0}"#);
    let labels = labels(&fixture);
    assert_eq!(&labels[..3], ["TableName", "Item", "required parameters"]);
    assert!(labels.contains(&"ReturnValues".to_string()) && labels.contains(&"required parameters".to_string()));
    let result = accept(&fixture, "required parameters");
    assert!(result.contains(r#""Parameters": {"TableName": "$1", "Item": {$2}}"#), "{result}");
    let fixture = task("arn:aws:states:::aws-sdk:dynamodb:putItem", r#", "Parameters": {"ReturnValues": "$0"}"#);
    assert_eq!(labels_of(&fixture)[..3], ["NONE", "ALL_OLD", "UPDATED_OLD"]);
}

#[test]
fn error_equals_offers_the_apis_errors_after_step_functions_ones() {
    let fixture = task("arn:aws:states:::aws-sdk:dynamodb:putItem", r#", "Retry": [{"ErrorEquals": ["$0"]}]"#);
    let labels = labels(&fixture);
    assert_eq!(labels[0], "States.ALL");
    assert!(labels.contains(&"DynamoDb.ConditionalCheckFailedException".to_string()));
}

/// [`accept`] in a YAML document.
fn accept_yaml(fixture: &str, label: &str) -> String {
    let (text, items) = complete_yaml(fixture);
    let labels: Vec<_> = items.iter().map(|i| i.label.as_str()).collect();
    let item = items.iter().find(|i| i.label == label).unwrap_or_else(|| panic!("no item {label} in {labels:?}"));
    let mut edits = vec![item.edit.clone()];
    edits.extend(item.additional_edits.iter().cloned());
    apply(&text, &edits)
}

fn complete_yaml(fixture: &str) -> (String, Vec<CompletionItem>) {
    let offset = fixture.find("$0").expect("fixture has $0") as u32;
    let text = fixture.replacen("$0", "", 1);
    let parse = crate::syntax::parse_yaml(&text);
    (text.clone(), yaml_completions(&text, parse.root.as_ref(), offset, &Default::default()))
}

#[test]
fn yaml_a_field_on_a_blank_line_is_written_at_its_indentation() {
    let fixture = "StartAt: W\nStates:\n  W:\n    Type: Wait\n    $0\n    End: true\n";
    assert_eq!(
        accept_yaml(fixture, "Seconds"),
        "StartAt: W\nStates:\n  W:\n    Type: Wait\n    Seconds: ${1:1}\n    End: true\n"
    );
    let typed = "StartAt: T\nStates:\n  T:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Ret$0\n";
    assert_eq!(
        accept_yaml(typed, "Retry"),
        "StartAt: T\nStates:\n  T:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Retry:\n      - ErrorEquals: [${1:States.ALL}]\n        IntervalSeconds: ${2:1}\n        MaxAttempts: ${3:3}\n        BackoffRate: ${4:2}\n"
    );
}

#[test]
fn yaml_the_indentation_decides_the_object() {
    // Column 2 under `States:` is a new state; column 4 a field of `A`.
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n  $0\n";
    assert_eq!(
        accept_yaml(text, "Succeed state"),
        "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n  ${1:SucceedState}:\n    Type: Succeed\n"
    );
    let (_, items) = complete_yaml("StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    $0\n");
    assert!(items.iter().any(|i| i.label == "ResultPath") && !items.iter().any(|i| i.label == "End"));
    // Under an empty `Parameters:`, a task's parameters.
    let params = "StartAt: T\nStates:\n  T:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Parameters:\n      $0\n    End: true\n";
    assert_eq!(accept_yaml(params, "FunctionName"), params.replacen("$0", "FunctionName: $1", 1));
    // After `- ` in `Retry`, a retrier's fields.
    let retry = "StartAt: T\nStates:\n  T:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    End: true\n    Retry:\n      - $0\n";
    assert!(accept_yaml(retry, "ErrorEquals").ends_with("    Retry:\n      - ErrorEquals: [$1]\n"));
}

#[test]
fn yaml_values_are_plain_unless_yaml_would_misread_them() {
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: $0\n  \"a: b\":\n    Type: Succeed\n  Done:\n    Type: Succeed\n";
    assert!(accept_yaml(text, "Done").contains("    Next: Done\n"));
    assert!(accept_yaml(text, "a: b").contains("    Next: \"a: b\"\n"));
    let typed = "StartAt: A\nStates:\n  A:\n    Type: Su$0\n";
    assert_eq!(accept_yaml(typed, "Succeed"), "StartAt: A\nStates:\n  A:\n    Type: Succeed\n");
}

#[test]
fn yaml_an_empty_file_gets_a_yaml_state_machine() {
    let result = accept_yaml("$0", "New state machine");
    assert_eq!(
        result,
        "Comment: $1\nStartAt: ${2:FirstState}\nStates:\n  ${2:FirstState}:\n    Type: Pass\n    End: true\n"
    );
}

#[test]
fn yaml_inside_expressions_in_plain_and_block_scalars() {
    let plain =
        "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Parameters:\n      id.$: $$.Execution.I$0\n    End: true\n";
    let result = accept_yaml(plain, "Id");
    assert!(result.contains("      id.$: $$.Execution.Id\n"), "{result}");
    let block = "QueryLanguage: JSONata\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    Output: >-\n      {% $states.inp$0 %}\n    End: true\n";
    let (_, items) = complete_yaml(block);
    let input = items
        .iter()
        .find(|i| i.label == "input")
        .unwrap_or_else(|| panic!("{:?}", items.iter().map(|i| &i.label).collect::<Vec<_>>()));
    let text = block.replacen("$0", "", 1);
    assert_eq!(&text[input.edit.range.as_usize()], "inp");
}

#[test]
fn yaml_in_a_flow_mapping_completes_as_json_does() {
    let text = "{\n  \"StartAt\": \"A\",\n  $0\n  \"States\": {\"A\": {\"Type\": \"Succeed\"}}\n}\n";
    let result = accept_yaml(text, "Comment");
    assert!(result.contains("  \"Comment\": \"$1\",\n  \"States\""), "{result}");
}

/// Completions at `$0` with the states' inputs of a run.
fn sample_labels(fixture: &str, inputs: serde_json::Value) -> Vec<String> {
    let offset = fixture.find("$0").expect("fixture has $0") as u32;
    let text = fixture.replacen("$0", "", 1);
    let parse = parse(&text);
    let inputs = inputs.as_object().expect("object").iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let samples = Samples::new(inputs);
    let mut labels: Vec<String> = parse
        .root
        .as_ref()
        .map(|root| completions_with(&text, root, offset, &samples))
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.label)
        .collect();
    labels.sort();
    labels
}

#[test]
fn dollar_fields_come_from_the_state_input_of_the_last_run() {
    let inputs = serde_json::json!({
        "A": {"order": {"id": 7, "lines": [{"sku": "x", "qty": 1}]}, "customer": "c", "odd key": 1},
        "J": {"user": {"name": "n"}}
    });
    let machine = |field: &str, output: &str| {
        format!(
            r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", {field}, "Next": "J"}},
        "J": {{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{{% $states.input.{output} %}}", "End": true}}}}}}"#
        )
    };
    let labels = |field: &str| sample_labels(&machine(field, "user"), inputs.clone());
    // Top level, with a partial name; nested members; array elements.
    assert_eq!(labels(r#""Parameters": {"x.$": "$.c$0"}"#), ["customer", "order"]);
    assert_eq!(labels(r#""InputPath": "$.order.$0""#), ["id", "lines"]);
    assert_eq!(labels(r#""Parameters": {"x.$": "$.order.lines[0].$0"}"#), ["qty", "sku"]);
    // JSONata: `$states.input.`.
    assert_eq!(sample_labels(&machine(r#""Comment": "c""#, "user.$0"), inputs.clone()), ["name"]);
    // `ResultSelector`'s `$` is the result, not the input: nothing.
    assert!(labels(r#""ResultSelector": {"x.$": "$.$0"}"#).is_empty());
    // A path the input lacks: nothing.
    assert!(labels(r#""Parameters": {"x.$": "$.nothing.$0"}"#).is_empty());
}
