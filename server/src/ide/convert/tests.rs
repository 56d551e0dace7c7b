use super::*;
use serde_json::json;

fn machine(states: Value) -> Value {
    json!({"Comment": "c", "StartAt": "A", "States": states})
}

#[test]
fn a_task_gets_arguments_and_one_output() {
    let converted = machine_to_jsonata(&machine(json!({"A": {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "InputPath": "$.order",
        "Parameters": {"FunctionName": "f", "Payload.$": "$", "Id.$": "$$.Execution.Id", "Items.$": "States.ArrayLength($.items)"},
        "ResultSelector": {"body.$": "$.Payload"},
        "ResultPath": "$.charge",
        "OutputPath": "$.charge.body",
        "Assign": {"status.$": "$.StatusCode"},
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "F"}],
        "End": true
    }, "F": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "States.Format('order {} failed', $.id)"}})));
    assert!(converted.complete(), "{:?}", converted.left);
    assert_eq!(
        converted.definition,
        json!({"Comment": "c", "QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "f", "Payload": "{% $states.input.order %}", "Id": "{% $states.context.Execution.Id %}", "Items": "{% $count($states.input.order.items) %}"},
            "Output": "{% ($merge([$states.input, {'charge': {'body': ($states.result.Payload)}}])).charge.body %}",
            "Assign": {"status": "{% $states.result.StatusCode %}"},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}", "Next": "F"}],
            "End": true
        }, "F": {"Type": "Fail", "Error": "{% $states.input.error.Error %}", "Cause": "{% 'order ' & $string($states.input.id) & ' failed' %}"}}})
    );
}

#[test]
fn choice_rules_become_conditions_guarded_by_type() {
    let converted = machine_to_jsonata(&machine(json!({"A": {
        "Type": "Choice",
        "Choices": [
            {"And": [{"Variable": "$.n", "NumericGreaterThan": 3}, {"Variable": "$.s", "StringMatches": "a*.txt"}], "Next": "B"},
            {"Not": {"Variable": "$.ok", "IsPresent": true}, "Next": "B"}
        ],
        "Default": "B"
    }, "B": {"Type": "Succeed"}})));
    let rules = &converted.definition["States"]["A"]["Choices"];
    assert_eq!(
        rules[0]["Condition"],
        "{% (($type($states.input.n) = 'number' and $states.input.n > 3) and ($type($states.input.s) = 'string' and $contains($states.input.s, /^a.*\\.txt$/))) %}"
    );
    assert_eq!(rules[1], json!({"Condition": "{% $not($exists($states.input.ok)) %}", "Next": "B"}));
}

#[test]
fn what_has_no_exact_translation_is_left_with_the_reason() {
    let converted = machine_to_jsonata(&machine(json!({
        "A": {"Type": "Pass", "Parameters": {"all.$": "$.items[*].id"}, "Next": "B"},
        "B": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "End": true}
    })));
    assert!(!converted.complete());
    assert_eq!(converted.left.len(), 1);
    assert_eq!(converted.left[0].pointer, "/States/A");
    assert!(converted.left[0].why.contains("[*]"), "{}", converted.left[0].why);
    assert_eq!(converted.definition.get("QueryLanguage"), None, "the machine stays JSONPath");
    assert_eq!(
        converted.definition["States"]["B"],
        json!({"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $merge([$states.input, {'r': {'x': 1}}]) %}", "End": true})
    );
    assert_eq!(converted.definition["States"]["A"]["Parameters"], json!({"all.$": "$.items[*].id"}));
}

#[test]
fn map_paths_become_items_selector_and_numbers() {
    let converted = machine_to_jsonata(&machine(json!({"A": {
        "Type": "Map",
        "ItemsPath": "$.orders",
        "MaxConcurrencyPath": "$.limit",
        "ItemSelector": {"order.$": "$$.Map.Item.Value", "region.$": "$.region"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": "$.order", "End": true}}},
        "End": true
    }})));
    assert!(converted.complete(), "{:?}", converted.left);
    let map = &converted.definition["States"]["A"];
    assert_eq!(map["Items"], "{% $states.input.orders %}");
    assert_eq!(map["MaxConcurrency"], "{% $states.input.limit %}");
    assert_eq!(
        map["ItemSelector"],
        json!({"order": "{% $states.context.Map.Item.Value %}", "region": "{% $states.input.region %}"})
    );
    assert_eq!(
        map["ItemProcessor"]["States"]["P"],
        json!({"Type": "Pass", "Output": "{% $states.input.order %}", "End": true})
    );
}

#[test]
fn jsonata_states_convert_back_where_jsonpath_says_the_same() {
    let jsonata = json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "f", "Payload": "{% $states.input.order %}", "Count": "{% $count($states.input.items) %}", "Fixed": "{% 'x' %}"},
              "Output": "{% $merge([$states.input, {'charge': {'id': $states.result.Payload}}]) %}",
              "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $merge([$states.input, {'error': $states.errorOutput}]) %}", "Next": "C"}],
              "Next": "C"},
        "C": {"Type": "Choice", "Choices": [
            {"Condition": "{% ($type($states.input.n) = 'number' and $states.input.n > 3) %}", "Next": "D"},
            {"Condition": "{% $states.input.s = 'go' and $exists($states.input.t) %}", "Next": "D"}
        ], "Default": "D"},
        "D": {"Type": "Pass", "Output": {"done": true}, "End": true}
    }});
    let back = machine_to_jsonpath(&jsonata);
    assert!(back.complete(), "{:?}", back.left);
    assert_eq!(
        back.definition,
        json!({"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "f", "Payload.$": "$.order", "Count.$": "States.ArrayLength($.items)", "Fixed": "x"},
                  "ResultSelector": {"id.$": "$.Payload"},
                  "ResultPath": "$.charge",
                  "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "C"}],
                  "Next": "C"},
            "C": {"Type": "Choice", "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 3, "Next": "D"},
                {"And": [{"Variable": "$.s", "StringEquals": "go"}, {"Variable": "$.t", "IsPresent": true}], "Next": "D"}
            ], "Default": "D"},
            "D": {"Type": "Pass", "Result": {"done": true}, "End": true}
        }})
    );
}
