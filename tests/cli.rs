//! `asl-ls check` end to end: the real binary, its output formats and exit
//! codes (0 clean, 1 problems, 2 usage or I/O error).

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asl-ls")).args(args).current_dir(repo()).output().expect("run asl-ls")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh scratch directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

const VALID: &str = "examples/order-processing.asl.json";
const MISTAKES: &str = "examples/with-mistakes.asl.json";

#[test]
fn a_clean_file_exits_zero_with_a_summary() {
    let output = run(&["check", VALID]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "Checked 1 file: no problems found.\n");
}

#[test]
fn problems_exit_one_with_location_source_line_and_carets() {
    let output = run(&["check", "examples"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let expected = "examples/with-mistakes.asl.json:35:15: ASL106 error: `Taks` is not a state type; did you mean `Task`? (types: Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map)\n   |\n35 |       \"Type\": \"Taks\",\n   |               ^^^^^^\n";
    assert!(text.contains(expected), "{text}");
    assert!(
        text.ends_with("Checked 4 files (4 state machines): 8 errors, 2 warnings.\n5 fixable with `--fix`.\n"),
        "{text}"
    );
}

#[test]
fn json_format_gives_lsp_positions() {
    let output = run(&["check", "--format", "json", MISTAKES]);
    assert_eq!(output.status.code(), Some(1));
    let items: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("JSON array");
    assert_eq!(items.len(), 10);
    let typo = items.iter().find(|i| i["code"] == "ASL106").expect("ASL106");
    assert_eq!(
        typo,
        &json!({
            "file": MISTAKES,
            "range": {"start": {"line": 34, "character": 14}, "end": {"line": 34, "character": 20}},
            "severity": "error",
            "code": "ASL106",
            "message": "`Taks` is not a state type; did you mean `Task`? (types: Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map)",
        })
    );
}

#[test]
fn sarif_format_is_sarif_2_1_0() {
    let output = run(&["check", "--format", "sarif", MISTAKES]);
    let log: Value = serde_json::from_str(&stdout(&output)).expect("SARIF JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "asl-ls");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 10);
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let typo = results.iter().find(|r| r["ruleId"] == "ASL106").expect("ASL106");
    assert_eq!(typo["level"], "error");
    assert_eq!(
        typo["locations"][0]["physicalLocation"],
        json!({"artifactLocation": {"uri": MISTAKES}, "region": {"startLine": 35, "startColumn": 15, "endLine": 35, "endColumn": 21}})
    );
}

#[test]
fn github_format_prints_workflow_commands() {
    let output = run(&["check", "--format", "github", MISTAKES]);
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 10);
    assert!(text.lines().all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")), "{text}");
    assert!(text.contains(
        "::error file=examples/with-mistakes.asl.json,line=35,col=15,endLine=35,endColumn=21,title=ASL106 unknown-state-type::`Taks` is not a state type"
    ));
}

#[test]
fn aws_format_reproduces_validate_state_machine_definition() {
    let dir = scratch("aws");
    let file = dir.join("no-start.asl.json");
    std::fs::write(&file, r#"{"States": {"StartState": {"Type": "Pass", "End": true}}}"#).unwrap();
    let output = run(&["check", "--format", "aws", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let response: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(
        response,
        json!({"result": "FAIL", "diagnostics": [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": "These fields are required: [StartAt]", "location": "/"}], "truncated": false})
    );

    let output = run(&["check", "--format", "aws", VALID]);
    let response: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(response, json!({"result": "OK", "diagnostics": [], "truncated": false}));

    let output = run(&["check", "--format", "aws", "--aws-severity", "WARNING", MISTAKES]);
    let response: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let warnings = response["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "WARNING").count();
    assert_eq!(warnings, 2, "{response}");
}

#[test]
fn express_type_refuses_sync_integrations() {
    let dir = scratch("express");
    let file = dir.join("sync.asl.json");
    let definition = r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": true}}}"#;
    std::fs::write(&file, definition).unwrap();
    let path = file.to_str().unwrap();
    assert_eq!(run(&["check", path]).status.code(), Some(0));
    let output = run(&["check", "--type", "express", "--format", "aws", path]);
    assert_eq!(output.status.code(), Some(1));
    let response: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(
        response["diagnostics"][0]["message"],
        "Express state machine does not support '.sync' service integration"
    );
    assert_eq!(response["diagnostics"][0]["location"], "/States/Run/Resource");
}

#[test]
fn directories_take_definitions_and_skip_other_json() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("nested/node_modules")).unwrap();
    std::fs::write(dir.join("package.json"), r#"{"name": "app", "version": "1.0.0"}"#).unwrap();
    std::fs::write(dir.join("nested/flow.json"), r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#).unwrap();
    std::fs::write(dir.join("nested/other.asl.json"), r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#)
        .unwrap();
    std::fs::write(dir.join("nested/node_modules/dep.asl.json"), "not json").unwrap();
    // YAML the same way: a definition by its name or its top level, a CI workflow skipped.
    std::fs::write(dir.join("ci.yml"), "on: push\njobs: {}\n").unwrap();
    std::fs::write(dir.join("nested/flow.yaml"), "StartAt: A\nStates:\n  A:\n    Type: Succeed\n").unwrap();
    std::fs::write(dir.join("nested/other.asl.yml"), "StartAt: A\nStates:\n  A: {Type: Succeed}\n").unwrap();
    let output = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert_eq!(stdout(&output), "Checked 4 files: no problems found.\n");

    let pattern = format!("{}/nested/*.json", dir.display());
    let output = run(&["check", &pattern]);
    assert_eq!(stdout(&output), "Checked 2 files: no problems found.\n");
}

#[test]
fn bad_input_gets_a_clear_error_not_a_panic() {
    let dir = scratch("bad");
    let binary = dir.join("image.asl.json");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0xff, 0xfe, 0x00]).unwrap();
    let output = run(&["check", binary.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not UTF-8 text"), "{}", stderr(&output));

    let output = run(&["check", "does/not/exist.asl.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("does/not/exist.asl.json: no such file or directory"));

    let not_json = dir.join("text.asl.json");
    std::fs::write(&not_json, "not a definition").unwrap();
    let output = run(&["check", "--format", "aws", not_json.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let response: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(response["diagnostics"][0]["code"], "INVALID_JSON_DESCRIPTION");
    assert_eq!(response["diagnostics"][0]["location"], "[Source: (String)\"not a definition\"; line: 1, column: 4]");

    let deep = dir.join("deep.asl.json");
    std::fs::write(&deep, "[".repeat(10_000)).unwrap();
    let output = run(&["check", deep.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    let huge = dir.join("huge.asl.json");
    let body = format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Result": "{}", "End": true}}}}}}"#,
        "x".repeat(50 << 20)
    );
    std::fs::write(&huge, body).unwrap();
    let output = run(&["check", huge.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("ASL007 error: the definition has 52428878 characters"), "{}", stdout(&output));
    std::fs::remove_file(&huge).unwrap();
}

#[test]
fn usage_errors_exit_two() {
    for args in
        [&["check"][..], &["check", "--format", "xml", VALID], &["frobnicate"], &["check", "--type", "fast", VALID]]
    {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("Usage:"), "{args:?}: {}", stderr(&output));
    }
    // A subcommand's usage error shows that subcommand's options.
    let output = run(&["run", VALID, "--bogus"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unexpected option --bogus") && stderr(&output).contains("--test-case NAME"));
}

#[test]
fn version_names_the_version_and_the_commit() {
    let output = run(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let version = format!("asl-ls {} (", env!("CARGO_PKG_VERSION"));
    assert!(text.starts_with(&version), "{text}");
    // In a git checkout the commit is HEAD's short hash.
    if let Ok(head) = Command::new("git").args(["rev-parse", "--short", "HEAD"]).current_dir(repo()).output() {
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        if !head.is_empty() {
            assert!(text.contains(&head), "{text} lacks {head}");
        }
    }
}

#[test]
fn every_subcommand_has_its_own_help() {
    for (command, option) in [("check", "--aws-severity"), ("run", "--test-case"), ("graph", "--output")] {
        for args in [&[command, "--help"][..], &[command, "-h"], &["help", command], &[command, VALID, "--help"]] {
            let output = run(args);
            assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
            let text = stdout(&output);
            assert!(text.starts_with(&format!("asl-ls {command}: ")), "{args:?}: {text}");
            assert!(text.contains(option) && text.contains("Exit codes:"), "{args:?}: {text}");
        }
    }
    for args in [&["help"][..], &["--help"], &["-h"]] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).contains("asl-ls help [COMMAND]"), "{args:?}");
    }
    let output = run(&["help", "frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no command `frobnicate`"));
}

/// Exit code and stdout (stderr appended) of `asl-ls ARGS`.
/// The example's input and mocks, test case `Throttled`.
const THROTTLED: &[&str] = &[
    "--input",
    "examples/order-processing.input.json",
    "--mocks",
    "examples/order-processing.mocks.json",
    "--test-case",
    "Throttled",
];

fn asl_ls(args: &[&str]) -> (i32, String) {
    let output = run(args);
    (output.status.code().unwrap_or(-1), stdout(&output) + &stderr(&output))
}

#[test]
fn run_executes_with_mocks_and_reports_by_exit_code() {
    let def = "examples/order-processing.asl.json";
    let (code, text) = asl_ls(&[
        "run",
        def,
        "--input",
        "examples/order-processing.input.json",
        "--mocks",
        "examples/order-processing.mocks.json",
        "--test-case",
        "HappyPath",
    ]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(text, "SUCCEEDED\n{\n  \"MessageId\": \"5f2a3c1e-0000-4000-8000-000000000001\"\n}\n");
    let (code, text) = asl_ls(&[&["run", def], THROTTLED, &["--format", "json"]].concat());
    assert_eq!(code, 0, "{text}");
    let result: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(result["status"], "SUCCEEDED");
    let names: Vec<&str> = result["states"].as_array().unwrap().iter().map(|s| s["state"].as_str().unwrap()).collect();
    assert_eq!(names[..3], ["Validate Order", "Is Express Shipping?", "Wait For Batch Window"]);
}

#[test]
fn run_exit_codes_for_failures_and_bad_definitions() {
    // Without mocks, tasks return their input: the card charge then has no `Payload`.
    let (code, text) = asl_ls(&["run", "examples/order-processing.asl.json", "--input", "{\"orderId\": \"o-1\"}"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("note: task `Validate Order` has no mock: it returned its input"), "{text}");
    assert!(text.contains("FAILED\nerror: States.Runtime\n"), "{text}");
    let (code, text) = asl_ls(&["run", MISTAKES]);
    assert_eq!(code, 2, "{text}");
    let (code, _) = asl_ls(&["run"]);
    assert_eq!(code, 2);
}

#[test]
fn graph_draws_each_format_and_colours_a_run() {
    let def = "examples/order-processing.asl.json";
    let out = scratch("graph").join("order.svg");
    let (code, text) = asl_ls(&["graph", def, "-o", out.to_str().expect("utf-8")]);
    assert_eq!((code, text.as_str()), (0, ""));
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.contains(r#"data-state="Is Express Shipping?" data-type="Choice""#), "{svg}");
    assert!(!svg.contains("visited"), "nothing ran: {svg}");

    let (code, dot) = asl_ls(&["graph", def, "--format", "dot"]);
    assert_eq!(code, 0, "{dot}");
    assert!(dot.starts_with("digraph StateMachine {") && dot.contains("style=dashed"), "{dot}");

    // With mocks, the Throttled case waits for the batch window: that edge is the one taken.
    let (code, mermaid) = asl_ls(&[&["graph", def, "--format", "mermaid"], THROTTLED].concat());
    assert_eq!(code, 0, "{mermaid}");
    assert!(mermaid.starts_with("flowchart TD\n"), "{mermaid}");
    assert!(mermaid.contains("s2[\"Wait For Batch Window<br/><small>Wait</small>\"]\n  class s2 visited"), "{mermaid}");
    assert!(!mermaid.contains("class s9 visited"), "Order Failed was not visited: {mermaid}");

    let (code, text) = asl_ls(&["graph", def, "--format", "png"]);
    assert_eq!(code, 2);
    assert!(text.starts_with("asl-ls: unknown format `png`: use svg, dot or mermaid"), "{text}");
    let (code, text) = asl_ls(&["graph", "examples/missing.asl.json"]);
    assert_eq!(code, 2);
    assert!(text.contains("examples/missing.asl.json"), "{text}");
}

#[test]
fn a_closed_output_pipe_is_not_a_crash() {
    // As `asl-ls check … | head`: the reader goes away before the output is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl-ls"))
        .args(["check", "--format", "json", "../shared/corpus/real-world"])
        .current_dir(repo())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run asl-ls");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "the check's own exit code (the corpus has no errors): {stderr}");
}

#[test]
fn many_files_are_reported_in_their_order_whatever_thread_checked_them() {
    // Files are checked on several threads; the report keeps the order of
    // the files (sorted within a directory), and unreadable ones are named
    // in order on stderr.
    let dir = scratch("many");
    let mut expected = Vec::new();
    for i in 0..40 {
        let name = format!("flow{i:02}.asl.json");
        let end = if i % 3 == 0 { r#""Next": "Nowhere""# } else { r#""End": true"# };
        let text = format!(r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", {end}}}}}}}"#);
        std::fs::write(dir.join(&name), text).unwrap();
        if i % 3 == 0 {
            expected.push(name);
        }
    }
    std::fs::write(dir.join("flow05b.asl.json"), [0xff, 0xfe]).unwrap();
    let output = run(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("json");
    let files: Vec<String> = report
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["file"].as_str())
        .map(|f| Path::new(f).file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut deduped = files.clone();
    deduped.dedup();
    assert_eq!(deduped, expected);
    assert!(stderr(&output).contains("flow05b.asl.json: not UTF-8 text"), "{}", stderr(&output));
}

#[test]
fn yaml_definitions_are_checked_run_and_drawn_like_json_ones() {
    let (json, yaml) = ("examples/order-processing.asl.json", "examples/order-processing.asl.yaml");
    assert_eq!(stdout(&run(&["check", yaml])), "Checked 1 file: no problems found.\n");
    let mocks = ["--input", "examples/order-processing.input.json", "--mocks", "examples/order-processing.mocks.json"];
    let args =
        |def: &'static str| [&["run", def][..], &mocks, &["--test-case", "Throttled", "--format", "json"]].concat();
    let (from_json, from_yaml) = (asl_ls(&args(json)), asl_ls(&args(yaml)));
    assert_eq!(from_yaml.0, 0, "{}", from_yaml.1);
    assert_eq!(from_yaml, from_json, "the same run, step for step");
    let mermaid = |def| stdout(&run(&["graph", def, "--format", "mermaid"]));
    assert_eq!(mermaid(yaml), mermaid(json));
    // Mistakes get YAML lines and columns.
    let dir = scratch("yaml");
    let file = dir.join("broken.asl.yaml");
    std::fs::write(&file, "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n    End: yes\n").expect("write");
    let output = run(&["check", "--format", "github", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("line=5,col=11") && text.contains("ASL201"), "{text}");
    assert!(text.contains("line=6,col=10") && text.contains("ASL011"), "{text}");
}

const TEMPLATE: &str = "examples/sam/template.yaml";

/// A SAM template with two machines, one with a typo'd `Next`.
fn two_machines(dir: &Path) -> PathBuf {
    let file = dir.join("template.yaml");
    let text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  First:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            Next: Bb\n          B:\n            Type: Succeed\n  Second:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n        StartAt: C\n        States:\n          C:\n            Type: Pass\n            Result: {second: true}\n            End: true\n";
    std::fs::write(&file, text).expect("write template");
    file
}

#[test]
fn templates_are_checked_in_place_and_the_summary_counts_their_machines() {
    let output = run(&["check", TEMPLATE]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "Checked 1 file (1 state machine): no problems found.\n");
    let dir = scratch("two-machines");
    let file = two_machines(&dir);
    let output = run(&["check", &dir.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let at = format!("{}:11:19: ASL201 error: [First] ", file.display());
    assert!(text.contains(&at), "{text}");
    assert!(text.contains("Checked 1 file (2 state machines): 1 error.\n"), "{text}");
    // The machine-readable formats name the machine.
    let items: Vec<Value> =
        serde_json::from_str(&stdout(&run(&["check", "--format", "json", &file.to_string_lossy()]))).unwrap();
    let typo = items.iter().find(|i| i["code"] == "ASL201").expect("ASL201");
    assert_eq!((&typo["machine"], &typo["range"]["start"]), (&json!("First"), &json!({"line": 10, "character": 18})));
    let sarif: Value =
        serde_json::from_str(&stdout(&run(&["check", "--format", "sarif", &file.to_string_lossy()]))).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["locations"][0]["logicalLocations"][0]["name"], "First", "{result}");
    let github = stdout(&run(&["check", "--format", "github", &file.to_string_lossy()]));
    assert!(github.contains("title=ASL201 unknown-state (First)::"), "{github}");
    let aws: Value =
        serde_json::from_str(&stdout(&run(&["check", "--format", "aws", &file.to_string_lossy()]))).unwrap();
    let key = |machine: &str| format!("{}#{machine}", file.display());
    assert_eq!(aws[key("First")]["result"], "FAIL", "{aws}");
    assert_eq!(aws[key("Second")]["result"], "OK", "{aws}");
}

#[test]
fn run_and_graph_take_a_machine_of_a_template() {
    let alone = run(&[
        "run",
        VALID,
        "--input",
        "examples/order-processing.input.json",
        "--mocks",
        "examples/order-processing.mocks.json",
        "--test-case",
        "Throttled",
        "--trace",
    ]);
    let inline = run(&[
        "run",
        TEMPLATE,
        "--machine",
        "OrderProcessing",
        "--input",
        "examples/sam/OrderProcessing.input.json",
        "--mocks",
        "examples/sam/OrderProcessing.mocks.json",
        "--test-case",
        "Throttled",
        "--trace",
    ]);
    assert_eq!(inline.status.code(), Some(0), "{}", stderr(&inline));
    // The same run, state for state (the trace shows no parameters, so the
    // first task's function, named by the template, does not show).
    assert_eq!(stdout(&inline), stdout(&alone));
    let dir = scratch("two-machines-run");
    let file = two_machines(&dir);
    let output = run(&["run", &file.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("holds 2 state machines: choose one with --machine (First, Second)"),
        "{}",
        stderr(&output)
    );
    let output = run(&["run", &file.to_string_lossy(), "--machine", "Second"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("\"second\": true"), "{}", stdout(&output));
    let output = run(&["run", &file.to_string_lossy(), "--machine", "First"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("ASL201"), "{}", stderr(&output));
    let mermaid = run(&["graph", &file.to_string_lossy(), "--machine", "Second", "--format", "mermaid"]);
    assert!(stdout(&mermaid).contains("C<br/>"), "{}", stdout(&mermaid));
    let missing = run(&["graph", &file.to_string_lossy(), "--machine", "Third"]);
    assert!(stderr(&missing).contains("has no state machine `Third`; it has: First, Second"), "{}", stderr(&missing));
}

#[test]
fn a_definition_uri_to_a_binary_or_missing_file_is_an_error_at_the_path() {
    let dir = scratch("definition-uri");
    std::fs::write(dir.join("machine.bin"), [0u8, 159, 146, 150, 0, 1]).expect("binary");
    let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Binary:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: machine.bin\n  Missing:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: nowhere.asl.json\n";
    std::fs::write(dir.join("template.yaml"), template).expect("template");
    let output = run(&["check", &dir.join("template.yaml").to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains(":6:22: ASL022 error: `machine.bin` cannot be read as the definition: not UTF-8 text (byte 1 is invalid): is this a binary file?"), "{text}");
    assert!(
        text.contains(":10:22: ASL022 error: `nowhere.asl.json` cannot be read as the definition: no such file"),
        "{text}"
    );
    assert!(text.ends_with("Checked 1 file (2 state machines): 2 errors.\n"), "{text}");
}

#[test]
fn fmt_formats_in_place_and_check_says_which_files_would_change() {
    let dir = scratch("fmt");
    let messy = dir.join("messy.asl.json");
    let tidy = dir.join("tidy.asl.yaml");
    std::fs::write(&messy, "{\"StartAt\":\"A\",\n\"States\":{\"A\":{\"Type\":\"Pass\",\n\"End\":true}}}\n").unwrap();
    std::fs::write(&tidy, "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n").unwrap();
    let d = dir.to_string_lossy().into_owned();
    let check = run(&["fmt", "--check", &d]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert_eq!(stdout(&check), format!("would format {}\n", messy.display()));
    let format = run(&["fmt", &d]);
    assert_eq!(format.status.code(), Some(0), "{}", stderr(&format));
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}\n"
    );
    assert_eq!(run(&["fmt", "--check", &d]).status.code(), Some(0), "formatted files pass the check");
    let four = run(&["fmt", "--indent", "4", &tidy.to_string_lossy()]);
    assert_eq!(four.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&tidy).unwrap(),
        "StartAt: A\nStates:\n    A:\n        Type: Pass\n        End: true\n"
    );
}

#[test]
fn fmt_leaves_a_file_that_does_not_parse_and_exits_two() {
    let dir = scratch("fmt-broken");
    let broken = dir.join("broken.asl.json");
    std::fs::write(&broken, "{\"StartAt\": \"A\", \"States\": {\"A\": }}").unwrap();
    let output = run(&["fmt", &broken.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not formatted, the text does not parse"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "{\"StartAt\": \"A\", \"States\": {\"A\": }}");
    assert_eq!(run(&["fmt", "--indent", "9", &broken.to_string_lossy()]).status.code(), Some(2));
}

#[test]
fn check_fix_applies_the_safe_fixes_in_place_and_unsafe_fixes_the_others() {
    let dir = scratch("fix");
    let file = dir.join("flow.asl.json");
    let before = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Betta"}, "Beta": {"Type": "Pass", "Nxt": "C"}, "C": {"Type": "Succeed", "End": true,}}}"#;
    std::fs::write(&file, before).unwrap();
    let path = file.to_string_lossy().into_owned();
    let output = run(&["check", "--fix", &path]);
    assert_eq!(output.status.code(), Some(1), "one error is left: {}", stdout(&output));
    assert_eq!(stderr(&output), format!("asl-ls: {path}: fixed 3 problems\n"));
    let safe = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Beta"}, "Beta": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed", "End": true}}}"#;
    assert_eq!(std::fs::read_to_string(&file).unwrap(), safe);
    assert!(
        stdout(&output).ends_with("1 error.\n1 more could be fixed with `--unsafe-fixes`.\n"),
        "{}",
        stdout(&output)
    );
    let output = run(&["check", "--unsafe-fixes", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let all = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Beta"}, "Beta": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed"}}}"#;
    assert_eq!(std::fs::read_to_string(&file).unwrap(), all);
    let output = run(&["check", "--fix", &path]);
    assert_eq!((output.status.code(), stderr(&output)), (Some(0), String::new()), "nothing left to fix");
}

#[test]
fn convert_rewrites_a_definition_in_jsonata_and_says_what_stays() {
    let output = run(&["convert", "--to", "jsonata", VALID]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let converted: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(converted["QueryLanguage"], "JSONata");
    assert_eq!(converted["States"]["Validate Order"]["Output"], json!({"order": "{% $states.result.Payload %}"}));
    // The converted machine runs to the same output as the original.
    let dir = scratch("convert");
    let file = dir.join("converted.asl.json");
    std::fs::write(&file, stdout(&output)).unwrap();
    let run_of = |definition: &str| {
        stdout(&run(&[
            "run",
            definition,
            "--input",
            "examples/order-processing.input.json",
            "--mocks",
            "examples/order-processing.mocks.json",
        ]))
    };
    assert_eq!(run_of(&file.to_string_lossy()), run_of(VALID));
    // A state with no exact JSONata form stays JSONPath, and stderr says why.
    let partial = dir.join("partial.asl.json");
    std::fs::write(
        &partial,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"ids.$": "$.items[*].id"}, "Next": "B"}, "B": {"Type": "Pass", "End": true}}}"#,
    )
    .unwrap();
    let output = run(&["convert", "--to", "jsonata", &partial.to_string_lossy(), "--write"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("/States/A stays JSONPath: `$.items[*].id` selects with `[*]`"),
        "{}",
        stderr(&output)
    );
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&partial).unwrap()).unwrap();
    assert_eq!(written["States"]["B"]["QueryLanguage"], "JSONata");
    assert_eq!(run(&["convert", "--to", "yaml", VALID]).status.code(), Some(2));
    // And back: JSONPath again, running the same.
    let back = dir.join("back.asl.json");
    let output = run(&["convert", "--to", "jsonpath", &file.to_string_lossy(), "-o", &back.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let again: Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    assert_eq!(again.get("QueryLanguage"), None);
    assert_eq!(run_of(&back.to_string_lossy()), run_of(VALID));
}

#[test]
fn test_runs_the_example_tests_and_shows_a_failing_expectation_with_its_diff() {
    let output = run(&["test", "examples"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("running 4 tests from examples/order-processing.asl.test.yaml\n"), "{text}");
    assert!(text.contains("test a standard order waits for the batch window ... ok\n"), "{text}");
    assert!(text.ends_with("test result: ok. 6 passed, 0 failed\n"), "{text}");
    // A wrong expectation: exit 1, the place and a diff.
    let dir = scratch("test-failing");
    std::fs::copy(repo().join(VALID), dir.join("order-processing.asl.json")).unwrap();
    std::fs::copy(repo().join("examples/order-processing.mocks.json"), dir.join("order-processing.mocks.json"))
        .unwrap();
    std::fs::write(
        dir.join("order-processing.asl.test.yaml"),
        "mockFile: order-processing.mocks.json\ntests:\n  - name: wrong message id\n    testCase: HappyPath\n    expect:\n      output: {MessageId: m-1}\n",
    )
    .unwrap();
    let test_file = dir.join("order-processing.asl.test.yaml");
    let output = run(&["test", &test_file.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let at = format!("output at {}:6:15:\n", test_file.display());
    assert!(text.contains(&at), "{text}");
    assert!(
        text.contains("  -   \"MessageId\": \"m-1\"\n  +   \"MessageId\": \"5f2a3c1e-0000-4000-8000-000000000001\"\n"),
        "{text}"
    );
    assert!(text.ends_with("test result: FAILED. 0 passed, 1 failed\n"), "{text}");
    // The README shows this failure as it is printed (with the test file's path made relative).
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let printed = text.replace(&format!("{}/", dir.display()), "");
    let shown =
        readme.split("---- wrong message id").nth(1).and_then(|b| b.split("```").next()).expect("README's failure");
    assert!(printed.contains(&format!("---- wrong message id{shown}")), "README shows:\n{shown}\nprinted:\n{printed}");
    // --filter, and a broken test file (exit 2, at its place).
    let filtered = run(&["test", "examples", "--filter", "throttled"]);
    assert!(stdout(&filtered).ends_with("test result: ok. 1 passed, 0 failed\n"), "{}", stdout(&filtered));
    std::fs::write(&test_file, "tests:\n  - name: x\n    expect: {status: DONE}\n").unwrap();
    let output = run(&["test", &test_file.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains(":3:22: error: `status` is SUCCEEDED, FAILED or TIMED_OUT"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn junit_reports_are_read_by_junitparser() {
    let probe = Command::new("python3").args(["-c", "import junitparser"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(std::env::var_os("ASL_LS_REQUIRE_CONSUMERS").is_none(), "junitparser is required but missing");
        eprintln!("skipped: no junitparser (pip install junitparser)");
        return;
    }
    let dir = scratch("junit");
    let report = dir.join("report.xml");
    let output = run(&["test", "examples", "--format", "junit"]);
    std::fs::write(&report, &output.stdout).unwrap();
    let script = "import sys, junitparser\n\
xml = junitparser.JUnitXml.fromfile(sys.argv[1])\n\
suites = list(xml)\n\
cases = [c for s in suites for c in s]\n\
print(len(suites), len(cases), sum(1 for c in cases if c.is_passed))\n";
    let read = Command::new("python3").args(["-c", script, &report.to_string_lossy()]).output().expect("python3");
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    assert_eq!(String::from_utf8_lossy(&read.stdout), "2 6 6\n");
}

#[test]
fn coverage_of_the_example_is_complete_and_lcov_reads_it() {
    let output = run(&["test", "examples", "--coverage", "text"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output)
            .ends_with("coverage:\n  examples/order-processing.asl.json: states 10/10 (100%), branches 4/4 (100%)\n"),
        "{}",
        stdout(&output)
    );
    // Without the express case, the Choice's rule is not covered: it is named.
    let partial =
        run(&["test", "examples/order-processing.asl.test.yaml", "--filter", "standard", "--coverage", "text"]);
    assert!(stdout(&partial).contains("not covered: `Validate Order` retrier 0, `Validate Order` catcher 0, `Is Express Shipping?` rule 0, state `Order Failed`"), "{}", stdout(&partial));
    let dir = scratch("lcov");
    let info = dir.join("lcov.info");
    let output = run(&["test", "examples", "--coverage", "lcov", "--coverage-file", &info.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read_to_string(&info).unwrap();
    assert!(
        text.starts_with("TN:\nSF:examples/order-processing.asl.json\nDA:5,6\n")
            && text.ends_with("LF:10\nLH:10\nend_of_record\n"),
        "{text}"
    );
    let lcov = Command::new("lcov").arg("--summary").arg(&info).output();
    match lcov {
        Ok(out) => {
            let summary = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
            assert!(summary.contains("lines......: 100.0% (10 of 10 lines)"), "{summary}");
        }
        Err(_) => {
            assert!(std::env::var_os("ASL_LS_REQUIRE_CONSUMERS").is_none(), "lcov is required but missing");
            eprintln!("skipped: no lcov (apt install lcov)");
        }
    }
}

#[test]
fn graph_coverage_colours_what_the_tests_covered() {
    let dir = scratch("graph-coverage");
    let test_file = dir.join("one.asl.test.yaml");
    let definition = repo().join(VALID);
    std::fs::write(
        &test_file,
        format!(
            "definition: {}\ntests:\n  - name: invalid\n    mocks:\n      Validate Order: {{Throw: {{Error: E, Cause: c}}}}\n    expect: {{status: FAILED}}\n",
            definition.display()
        ),
    )
    .unwrap();
    let output = run(&["graph", VALID, "--format", "mermaid", "--coverage", &test_file.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let visited: Vec<&str> = text.lines().filter_map(|l| l.trim().strip_prefix("class ")).collect();
    assert_eq!(visited, ["s0 visited", "s9 visited"], "only Validate Order and Order Failed were covered:\n{text}");
}

#[test]
fn update_writes_the_actual_values_into_failing_expectations_and_says_so() {
    let dir = scratch("test-update");
    std::fs::copy(repo().join(VALID), dir.join("order-processing.asl.json")).unwrap();
    std::fs::copy(repo().join("examples/order-processing.mocks.json"), dir.join("order-processing.mocks.json"))
        .unwrap();
    let test_file = dir.join("order-processing.asl.test.yaml");
    std::fs::write(
        &test_file,
        "mockFile: order-processing.mocks.json\ntests:\n  - name: snapshot\n    testCase: HappyPath\n    expect:\n      status: SUCCEEDED\n      output: {}\n",
    )
    .unwrap();
    let path = test_file.to_string_lossy().into_owned();
    let output = run(&["test", &path, "--update"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stderr(&output), format!("asl-ls: updated {path}:7: output of `snapshot`\n"));
    let text = std::fs::read_to_string(&test_file).unwrap();
    assert!(text.ends_with("      output: {\"MessageId\":\"5f2a3c1e-0000-4000-8000-000000000001\"}\n"), "{text}");
    let again = run(&["test", &path]);
    assert_eq!((again.status.code(), stderr(&again)), (Some(0), String::new()));
}
