//! The evaluator on small definitions: what each feature produces.

use super::mocks::{MockConfig, NoMocks};
use super::{run, Options, Outcome, Status};
use serde_json::{json, Value};

fn go(definition: Value, input: Value) -> Outcome {
    let options = Options { input, ..Options::default() };
    run(&definition.to_string(), &options, &mut NoMocks).expect("runs")
}

fn go_mocked(definition: Value, input: Value, mocks: Value) -> Outcome {
    let options = Options { input, ..Options::default() };
    let mut mocks = MockConfig::from_file(&mocks, None, "T").expect("mocks");
    run(&definition.to_string(), &options, &mut mocks).expect("runs")
}

#[test]
fn jsonpath_processing_order() {
    let outcome = go(
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.in", "Parameters": {"x.$": "$.a", "n": 1},
            "ResultPath": "$.out", "OutputPath": "$.out", "End": true}}}),
        json!({"in": {"a": 5}, "other": true}),
    );
    assert_eq!(outcome.status, Status::Succeeded);
    assert_eq!(outcome.output, Some(json!({"x": 5, "n": 1})));
}

#[test]
fn retries_then_catch_with_result_path() {
    let definition = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 2}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}], "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    let mocks = json!({"StateMachines": {"M": {"TestCases": {"T": {"T": "Fails"}}}},
        "MockedResponses": {"Fails": {"0-2": {"Throw": {"Error": "Boom", "Cause": "bad"}}}}});
    let outcome = go_mocked(definition, json!({"id": 1}), mocks);
    assert_eq!(outcome.output, Some(json!({"id": 1, "error": {"Error": "Boom", "Cause": "bad"}})));
    assert_eq!(outcome.states[0].notes.iter().filter(|n| n.starts_with("retry")).count(), 2);
}

#[test]
fn map_batches_and_tolerates_failures() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"tag": "b"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Count",
            "States": {"Count": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)", "tag.$": "$.BatchInput.tag"}, "End": true}}},
        "End": true}}});
    let outcome = go(definition, json!([1, 2, 3]));
    assert_eq!(outcome.output, Some(json!([{"n": 2, "tag": "b"}, {"n": 1, "tag": "b"}])));
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "C",
            "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "Bad"}], "Default": "Ok"},
                "Bad": {"Type": "Fail", "Error": "TooBig"}, "Ok": {"Type": "Succeed"}}}, "End": true}}});
    let outcome = go(definition.clone(), json!([1, 2]));
    assert_eq!(outcome.output, Some(json!([1, {"Error": "TooBig", "Cause": null}])));
    let outcome = go(definition, json!([1, 2, 3]));
    assert_eq!(outcome.error.as_deref(), Some("States.ExceedToleratedFailureThreshold"));
}

#[test]
fn waits_move_the_clock_and_the_execution_times_out() {
    let definition = json!({"TimeoutSeconds": 60, "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 30, "Next": "W2"}, "W2": {"Type": "Wait", "Seconds": 31, "End": true}}});
    let outcome = go(definition, json!({}));
    assert_eq!(outcome.status, Status::TimedOut);
    assert_eq!(outcome.error.as_deref(), Some("States.Timeout"));
}

#[test]
fn jsonata_states_with_variables() {
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"total": "{% $sum($states.input.prices) %}"}, "Next": "B"},
        "B": {"Type": "Pass", "Output": {"total": "{% $total %}", "state": "{% $states.context.State.Name %}"}, "End": true}}});
    let outcome = go(definition, json!({"prices": [1, 2, 3.5]}));
    assert_eq!(outcome.output, Some(json!({"total": 6.5, "state": "B"})));
}

#[test]
fn endless_loops_stop_at_the_transition_bound() {
    let definition = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}});
    let options = Options { max_transitions: 50, ..Options::default() };
    let outcome = run(&definition.to_string(), &options, &mut NoMocks).expect("runs");
    assert_eq!(outcome.status, Status::Failed);
    assert!(
        outcome.cause.as_deref().is_some_and(|c| c.contains("more than 50 state transitions")),
        "{:?}",
        outcome.cause
    );
}

#[test]
fn outputs_over_256_kib_fail_with_data_limit_exceeded() {
    let definition = json!({"StartAt": "Grow", "States": {
        "Grow": {"Type": "Pass", "Parameters": {"a.$": "$.data", "b.$": "$.data"}, "Next": "Done"},
        "Done": {"Type": "Succeed"}}});
    let outcome = go(definition.clone(), json!({"data": "x".repeat(100_000)}));
    assert_eq!(outcome.status, Status::Succeeded);
    let outcome = go(definition.clone(), json!({"data": "x".repeat(140_000)}));
    assert_eq!(outcome.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(
        outcome.cause.as_deref(),
        Some("The state `Grow` produced an output of 280015 bytes; a payload is at most 262144 bytes (256 KiB): keep large data in S3 and pass its key")
    );
    assert_eq!(outcome.states[0].output, None, "the state did not exit");
    // An execution input over the quota is refused before anything runs.
    let options = Options { input: json!({"data": "x".repeat(300_000)}), ..Options::default() };
    let refused = run(&definition.to_string(), &options, &mut NoMocks).map(|_| ()).unwrap_err();
    assert_eq!(refused, "the execution input is 300011 bytes; AWS accepts at most 262144 (256 KiB)");
    // Inside a branch: the Parallel's catcher takes it by name or as `States.ALL`
    // (as AWS does: see the conformance case `…catch_state_all_data_limit_exceeded…`).
    let parallel = |errors: Value| {
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel",
            "Branches": [{"StartAt": "Grow", "States": {"Grow": {"Type": "Pass", "Parameters": {"a.$": "$.data", "b.$": "$.data"}, "End": true}}}],
            "Catch": [{"ErrorEquals": errors, "ResultPath": null, "Next": "Caught"}], "End": true},
            "Caught": {"Type": "Pass", "Result": "caught", "End": true}}})
    };
    let input = json!({"data": "y".repeat(140_000)});
    assert_eq!(go(parallel(json!(["States.ALL"])), input.clone()).output, Some(json!("caught")));
    let caught = go(parallel(json!(["States.DataLimitExceeded"])), input);
    assert_eq!(caught.output, Some(json!("caught")), "{:?} {:?}", caught.error, caught.cause);
}

#[test]
fn jsonata_map_items_that_are_no_expression_fail_without_a_panic() {
    // Found by the evaluator fuzz target: the message quoted `Items` by
    // slicing off `{%` and `%}` that a plain string does not have.
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "me",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let outcome = go(definition, json!({}));
    assert_eq!(outcome.error.as_deref(), Some("States.QueryEvaluationError"));
    assert_eq!(
        outcome.cause.as_deref(),
        Some("An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression 'me' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"me\"")
    );
}

/// Jayway trims a path before reading it: whitespace around one changes nothing.
#[test]
fn paths_with_surrounding_whitespace_read_as_trimmed() {
    let outcome = go(
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": " $.in ", "Parameters": {"x.$": "$.a ", "n.$": " $$.Execution.Name"},
            "ResultPath": "$.out ", "OutputPath": " $.out", "End": true}}}),
        json!({"in": {"a": 5}}),
    );
    assert_eq!(outcome.output, Some(json!({"x": 5, "n": "asl-ls-run"})));
}

/// A mock that says how long its call takes, in a MockConfigFile response.
fn timed_mocks(seconds: f64, heartbeat_every: Option<f64>) -> Value {
    let mut attempt = json!({"Return": {"ok": true}, "DurationSeconds": seconds});
    if let Some(every) = heartbeat_every {
        attempt["HeartbeatEverySeconds"] = json!(every);
    }
    json!({"StateMachines": {"M": {"TestCases": {"T": {"T": "Slow"}}}}, "MockedResponses": {"Slow": {"0": attempt}}})
}

fn task_with(fields: Value) -> Value {
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true});
    for (k, v) in fields.as_object().expect("object") {
        task[k] = v.clone();
    }
    json!({"StartAt": "T", "States": {"T": task}})
}

/// AWS, "Task workflow state", TimeoutSeconds: "If the task runs longer
/// than the specified seconds, this state fails with a States.Timeout error
/// name"; the recorded executions show no cause (and an empty `Cause` when
/// caught: conformance case error_handling__task_service_lambda__test_invoke_timeout).
#[test]
fn a_task_longer_than_its_timeout_fails_with_states_timeout_on_the_simulated_clock() {
    let timed_out = go_mocked(task_with(json!({"TimeoutSeconds": 5})), json!({}), timed_mocks(6.0, None));
    assert_eq!(
        (timed_out.status, timed_out.error.as_deref(), timed_out.cause.as_deref()),
        (Status::Failed, Some("States.Timeout"), None)
    );
    let in_time = go_mocked(task_with(json!({"TimeoutSeconds": 5})), json!({}), timed_mocks(5.0, None));
    assert_eq!(in_time.output, Some(json!({"ok": true})));
    // The path form, and the clock: a Catch after the timeout sees the time passed.
    let definition = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$.limit",
              "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error", "Next": "After"}], "End": true},
        "After": {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime", "error.$": "$.error"}, "End": true}}});
    let caught = go_mocked(definition, json!({"limit": 30}), timed_mocks(100.0, None));
    assert_eq!(
        caught.output,
        Some(json!({"at": "2026-01-01T00:00:30.000Z", "error": {"Error": "States.Timeout", "Cause": ""}}))
    );
    // Without TimeoutSeconds a task may take long (AWS's default is 99999999 s).
    let long = go_mocked(task_with(json!({})), json!({}), timed_mocks(86_400.0, None));
    assert_eq!(long.status, Status::Succeeded);
}

/// AWS, "Task workflow state", HeartbeatSeconds: "If more time than the
/// specified seconds elapses between heartbeats from the task, this state
/// fails with a States.Timeout error name" (recorded so: conformance case
/// timeouts__heartbeats__test_heartbeat_no_timeout); a retrier or catcher
/// naming `States.HeartbeatTimeout` takes it too ("Error names").
#[test]
fn a_task_silent_longer_than_its_heartbeat_times_out_and_heartbeat_catchers_take_it() {
    let silent = go_mocked(task_with(json!({"HeartbeatSeconds": 5})), json!({}), timed_mocks(60.0, None));
    assert_eq!((silent.status, silent.error.as_deref()), (Status::Failed, Some("States.Timeout")));
    let beating = go_mocked(task_with(json!({"HeartbeatSeconds": 5})), json!({}), timed_mocks(60.0, Some(4.0)));
    assert_eq!(beating.status, Status::Succeeded);
    let definition = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "HeartbeatSecondsPath": "$.beat", "TimeoutSeconds": 600,
              "Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Handled"}], "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    let caught = go_mocked(definition, json!({"beat": 10}), timed_mocks(60.0, None));
    assert_eq!(caught.output, Some(json!({"Error": "States.Timeout", "Cause": ""})));
    // JSONata: the fields take expressions.
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": "{% $states.input.limit %}", "End": true}}});
    let jsonata = go_mocked(definition.clone(), json!({"limit": 2}), timed_mocks(3.0, None));
    assert_eq!(jsonata.error.as_deref(), Some("States.Timeout"));
    let bad = go_mocked(definition, json!({"limit": "soon"}), timed_mocks(3.0, None));
    assert_eq!(bad.error.as_deref(), Some("States.QueryEvaluationError"));
}

fn s3_folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-ls-s3-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data/in")).expect("folder");
    dir
}

fn distributed(reader: Value, writer: Option<Value>) -> Value {
    let mut map = json!({"Type": "Map", "ItemReader": reader,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true});
    if let Some(writer) = writer {
        map["ResultWriter"] = writer;
    }
    json!({"StartAt": "M", "States": {"M": map}})
}

fn go_s3(definition: Value, input: Value, root: &std::path::Path) -> Outcome {
    let options = Options { input, s3_root: Some(root.to_path_buf()), ..Options::default() };
    run(&definition.to_string(), &options, &mut NoMocks).expect("runs")
}

/// AWS, "ItemReader (Map)": `s3:getObject` with `InputType` CSV reads each
/// row as an object of strings keyed by the header row; `MaxItems` limits
/// the rows; `s3:listObjectsV2` gives one item per object under `Prefix`.
#[test]
fn item_reader_reads_objects_from_the_folder_that_stands_for_s3() {
    let root = s3_folder("reader");
    std::fs::write(root.join("data/in/people.csv"), "name,age\nAda,36\nAlan,41\nGrace,85\n").expect("write");
    std::fs::write(root.join("data/in/list.json"), r#"[{"n": 1}, {"n": 2}]"#).expect("write");
    let csv = distributed(
        json!({"Resource": "arn:aws:states:::s3:getObject",
               "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItemsPath": "$.max"},
               "Parameters": {"Bucket": "data", "Key.$": "$.key"}}),
        None,
    );
    let outcome = go_s3(csv, json!({"key": "in/people.csv", "max": 2}), &root);
    assert_eq!(outcome.output, Some(json!([{"name": "Ada", "age": "36"}, {"name": "Alan", "age": "41"}])));
    let json_reader = distributed(
        json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
               "Parameters": {"Bucket": "data", "Key": "in/list.json"}}),
        None,
    );
    assert_eq!(go_s3(json_reader, json!({}), &root).output, Some(json!([{"n": 1}, {"n": 2}])));
    let listing = distributed(
        json!({"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "data", "Prefix": "in/"}}),
        None,
    );
    let outcome = go_s3(listing, json!({}), &root);
    let keys: Vec<&str> = outcome
        .output
        .as_ref()
        .and_then(Value::as_array)
        .expect("items")
        .iter()
        .filter_map(|i| i["Key"].as_str())
        .collect();
    assert_eq!(keys, ["in/list.json", "in/people.csv"]);
    // A missing object fails the Map with States.ItemReaderFailed.
    let missing = distributed(
        json!({"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "data", "Key": "nope.json"}}),
        None,
    );
    assert_eq!(go_s3(missing, json!({}), &root).error.as_deref(), Some("States.ItemReaderFailed"));
    // Without a folder, the Map state's mock answers with the object's text.
    let mocked = distributed(
        json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
               "Parameters": {"Bucket": "data", "Key": "k.jsonl"}}),
        None,
    );
    let mocks = json!({"StateMachines": {"S": {"TestCases": {"T": {"M": "Lines"}}}},
        "MockedResponses": {"Lines": {"0": {"Return": "{\"a\":1}\n{\"a\":2}\n"}}}});
    assert_eq!(go_mocked(mocked.clone(), json!({}), mocks).output, Some(json!([{"a": 1}, {"a": 2}])));
    assert_eq!(go(mocked, json!({})).error.as_deref(), Some("States.ItemReaderFailed"));
    let _ = std::fs::remove_dir_all(&root);
}

/// AWS, "ResultWriter (Map)": the Map's result is `MapRunArn` and
/// `ResultWriterDetails` (`Bucket`, `Key` of `PREFIX/<map run id>/manifest.json`);
/// the manifest lists the `SUCCEEDED_0.json` (etc.) files of the results;
/// `WriterConfig` `Transformation` `COMPACT` keeps only the outputs.
#[test]
fn result_writer_writes_a_manifest_and_result_files() {
    let root = s3_folder("writer");
    std::fs::write(root.join("data/in/list.json"), r#"[1, 2, 3]"#).expect("write");
    let definition = distributed(
        json!({"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "data", "Key": "in/list.json"}}),
        Some(json!({"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "data", "Prefix": "out"}})),
    );
    let outcome = go_s3(definition, json!({}), &root);
    let output = outcome.output.expect("succeeded");
    let key = output["ResultWriterDetails"]["Key"].as_str().expect("key").to_string();
    assert!(key.starts_with("out/") && key.ends_with("/manifest.json"), "{key}");
    assert!(output["MapRunArn"].as_str().is_some_and(|a| a.contains(":mapRun:StateMachine/M:")), "{output}");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(root.join("data").join(&key)).expect("manifest")).expect("json");
    let file = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"].as_str().expect("file");
    let results: Value =
        serde_json::from_slice(&std::fs::read(root.join("data").join(file)).expect("results")).expect("json");
    let outputs: Vec<&str> = results.as_array().expect("array").iter().filter_map(|r| r["Output"].as_str()).collect();
    assert_eq!(outputs, ["1", "2", "3"]);
    assert_eq!(results[0]["Status"], "SUCCEEDED");
    // A WriterConfig alone transforms the result in place.
    let compact = distributed(
        json!({"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "data", "Key": "in/list.json"}}),
        Some(json!({"WriterConfig": {"OutputType": "JSON", "Transformation": "COMPACT"}})),
    );
    assert_eq!(go_s3(compact, json!({}), &root).output, Some(json!([1, 2, 3])));
    let _ = std::fs::remove_dir_all(&root);
}

/// `Options::shuffle`: iterations run in another order, results stay in place.
#[test]
fn shuffled_iterations_keep_their_results_in_place() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        "End": true}}});
    let items: Vec<Value> = (0..8).map(|i| json!(i)).collect();
    let options = Options { input: Value::Array(items.clone()), shuffle: Some(7), ..Options::default() };
    let outcome = run(&definition.to_string(), &options, &mut NoMocks).expect("runs");
    assert_eq!(outcome.output, Some(Value::Array(items.clone())));
    let order: Vec<Value> = outcome.states.iter().filter(|s| s.state == "T").map(|s| s.input.clone()).collect();
    assert_ne!(order, items, "seed 7 runs the iterations in another order");
    let mut sorted = order.clone();
    sorted.sort_by_key(|v| v.as_i64());
    assert_eq!(sorted, items);
}

/// Bracket names keep their backslashes, as AWS reads them (recorded:
/// `$['Test\""Name"']` selects the key `Test\""Name"`).
#[test]
fn bracket_names_with_backslashes_select_as_aws_reads_them() {
    let outcome = go(
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass",
            "Parameters": {"quote.$": "$['Test\\\"\"Name\"']", "slash.$": "$['c\\d']"}, "End": true}}}),
        json!({"Test\\\"\"Name\"": 1, "c\\d": 2}),
    );
    assert_eq!(outcome.output, Some(json!({"quote": 1, "slash": 2})));
}

/// `MaxConcurrencyPath` is read even though iterations run one by one: a
/// value that is not a whole number of 0 or more fails the Map as on AWS.
#[test]
fn max_concurrency_path_values_are_checked() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrencyPath": "$.max",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let with = |max: Value| go(definition.clone(), json!({"items": [1], "max": max}));
    assert_eq!(with(json!(0)).status, Status::Succeeded);
    assert_eq!(with(json!(2)).status, Status::Succeeded);
    let text = with(json!("many"));
    assert_eq!(text.error.as_deref(), Some("States.Runtime"));
    assert!(
        text.cause.as_deref().is_some_and(|c| c
            .ends_with("The MaxConcurrencyPath field refers to value \"many\" which is not a valid integer: $.max")),
        "{:?}",
        text.cause
    );
    let negative = with(json!(-1));
    assert!(
        negative
            .cause
            .as_deref()
            .is_some_and(|c| c.ends_with("Expected non-negative integer for MaxConcurrency, got '-1' instead.")),
        "{:?}",
        negative.cause
    );
}

/// A JSONata error's cause quotes jsonata-js's own message for its code,
/// placeholders filled as jsonata-js fills them (JSON-quoted operator,
/// function name and value).
#[test]
fn jsonata_errors_quote_the_reference_message_of_their_code() {
    let cause = |expression: &str| {
        let definition = json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": format!("{{% {expression} %}}"), "End": true}}});
        let outcome = go(definition, json!({"s": "x"}));
        assert_eq!(outcome.error.as_deref(), Some("States.QueryEvaluationError"), "{expression}");
        let cause = outcome.cause.unwrap_or_default();
        cause.split_once("threw an error during evaluation. ").map(|(_, m)| m.to_string()).unwrap_or(cause)
    };
    assert_eq!(cause("$nothing()"), "T1006: Attempted to invoke a non-function");
    assert_eq!(cause("$states.input.s + 1"), "T2001: The left side of the \"+\" operator must evaluate to a number");
    assert_eq!(cause("1 - $states.input.s"), "T2002: The right side of the \"-\" operator must evaluate to a number");
    assert_eq!(cause("$number($states.input.s)"), "D3030: Unable to cast value to a number: \"x\"");
    assert_eq!(cause("$power('a', 2)"), "T0410: Argument 1 of function \"power\" does not match function signature");
    assert_eq!(cause("$sum(['a'])"), "T0412: Argument 1 of function \"sum\" must be an array of \"numbers\"");
    assert_eq!(
        cause("1 < 'a'"),
        "T2009: The values 1 and \"a\" either side of operator \"<\" must be of the same data type"
    );
    assert_eq!(cause("$sqrt(-1)"), "D3060: The sqrt function cannot be applied to a negative number: -1");
}

/// The refusals AWS recorded for numbers read by paths (LocalStack's
/// snapshots of AWS: v2/base/test_wait, v2/scenarios/test_base_scenarios).
#[test]
fn numbers_read_by_paths_are_refused_with_aws_recorded_causes() {
    let wait = |value: Value| {
        let definition = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}});
        let outcome = go(definition, if value.is_null() { json!({}) } else { json!({"s": value}) });
        outcome.cause.map(|c| c.split_once("). ").map(|(_, t)| t.to_string()).unwrap_or(c))
    };
    assert_eq!(wait(json!(0)), None);
    assert_eq!(wait(json!(-1)).as_deref(), Some("The SecondsPath parameter references a negative value: $.s == -1"));
    assert_eq!(
        wait(json!(1.5)).as_deref(),
        Some("The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5")
    );
    assert_eq!(wait(Value::Null).as_deref(), Some("The SecondsPath parameter does not reference an input value: $.s"));
    let map = |field: &str, value: Value| {
        let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", field: "$.v",
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
        go(definition, json!({"items": [1], "v": value}))
    };
    let negative = map("ToleratedFailureCountPath", json!(-1));
    assert!(
        negative.cause.as_deref().is_some_and(|c| c.ends_with(" ToleratedFailureCount cannot be negative.")),
        "{:?}",
        negative.cause
    );
    // JSONata Timestamp that is not a timestamp.
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "{% $states.input.t %}", "End": true}}});
    let bad = go(definition, json!({"t": "2016-12-05T21:29:29"}));
    assert_eq!(bad.error.as_deref(), Some("States.QueryEvaluationError"));
    assert!(bad.cause.as_deref().is_some_and(|c| c.ends_with("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05T21:29:29")), "{:?}", bad.cause);
}

/// `MaxItemsPath` -1 fails the map run (AWS: MapRunFailed, no state prefix).
#[test]
fn a_negative_max_items_fails_the_item_reader() {
    let definition = distributed(
        json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.max"},
               "Parameters": {"Bucket": "data", "Key": "k.json"}}),
        None,
    );
    let mocks = json!({"StateMachines": {"S": {"TestCases": {"T": {"M": "Items"}}}}, "MockedResponses": {"Items": {"0": {"Return": [1, 2]}}}});
    let outcome = go_mocked(definition, json!({"max": -1}), mocks);
    assert_eq!(
        (outcome.error.as_deref(), outcome.cause.as_deref()),
        (Some("States.ItemReaderFailed"), Some("field MaxItems must be positive"))
    );
}

/// Jayway merges several names in the last step into one object.
#[test]
fn several_names_as_the_last_step_select_an_object() {
    let outcome = go(
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"pick.$": "$.o['a','b']", "all.$": "$[*]['a']"}, "End": true}}}),
        json!({"o": {"a": 1, "b": 2, "c": 3}}),
    );
    assert_eq!(outcome.output, Some(json!({"pick": {"a": 1, "b": 2}, "all": [1]})));
}
