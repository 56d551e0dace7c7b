//! The language server's editing features end to end over stdio:
//! formatting (whole and range, JSON and YAML, templates), signature help,
//! fix-all and the safety of each quick fix.

mod support;

use serde_json::{json, Value};
use support::lsp_client::{applied, Server};

const URI: &str = "file:///work/flows/format.asl.json";

fn open_as(server: &mut Server, uri: &str, language: &str, text: &str) {
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
    );
}

#[test]
fn formatting_lays_out_json_with_the_editors_indentation() {
    let mut server = Server::start();
    let text = "{\"StartAt\": \"A\", \"States\": {\n\"A\": {\"Type\": \"Pass\", \"End\": true}}}";
    server.open(URI, text);
    let edits = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true, "insertFinalNewline": true}}),
    );
    let range = |l1: u32, c1: u32, l2: u32, c2: u32| json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}});
    assert_eq!(
        edits,
        json!([
            {"range": range(0, 1, 0, 1), "newText": "\n    "},
            {"range": range(0, 16, 0, 17), "newText": "\n    "},
            {"range": range(0, 28, 1, 0), "newText": "\n        "},
            {"range": range(1, 6, 1, 6), "newText": " "},
            {"range": range(1, 33, 1, 33), "newText": " "},
            {"range": range(1, 34, 1, 34), "newText": "\n    "},
            {"range": range(1, 35, 1, 35), "newText": "\n"},
            {"range": range(1, 36, 1, 36), "newText": "\n"}
        ])
    );
}

#[test]
fn range_formatting_touches_only_the_object_around_the_selection() {
    let mut server = Server::start();
    let text = "{\n  \"StartAt\":   \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\",\n\"End\": true}\n  }\n}";
    server.open(URI, text);
    let edits = server.result(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true},
               "range": {"start": {"line": 3, "character": 12}, "end": {"line": 4, "character": 3}}}),
    );
    let texts: Vec<&str> = edits.as_array().unwrap().iter().map(|e| e["newText"].as_str().unwrap()).collect();
    assert_eq!(texts, ["\n      ", "\n      ", "\n    "], "{edits}");
    assert!(edits.as_array().unwrap().iter().all(|e| e["range"]["start"]["line"].as_u64() >= Some(3)));
}

#[test]
fn a_document_that_does_not_parse_gets_no_formatting_edits() {
    let mut server = Server::start();
    server.open(URI, "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": }}}");
    let answer = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(answer, Value::Null);
}

#[test]
fn yaml_is_reindented_to_the_tab_size() {
    let mut server = Server::start();
    let uri = "file:///work/flows/format.asl.yaml";
    open_as(&mut server, uri, "yaml", "StartAt: A\nStates:\n    A:\n        Type: Pass # kept\n        End: true\n");
    let edits = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let range = |l: u32, c: u32| json!({"start": {"line": l, "character": 0}, "end": {"line": l, "character": c}});
    assert_eq!(
        edits,
        json!([
            {"range": range(2, 4), "newText": "  "},
            {"range": range(3, 8), "newText": "    "},
            {"range": range(4, 8), "newText": "    "}
        ])
    );
}

#[test]
fn a_template_is_formatted_inside_its_definitions_only() {
    let mut server = Server::start();
    let uri = "file:///work/stack/template.json";
    let text = r#"{"Resources": {"Flow": {"Type": "AWS::StepFunctions::StateMachine",
  "Properties": {"Definition": {"StartAt": "A", "States": {
"A": {"Type": "Pass", "End": true}}}}}}}"#;
    open_as(&mut server, uri, "json", text);
    let edits = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().expect("edits");
    let (start, end) = (text.find("{\"StartAt\"").unwrap(), text.rfind("}}}}}").unwrap() + 3);
    assert!(!edits.is_empty());
    for edit in edits {
        let at = |end: &str| {
            let (line, character) =
                (edit["range"][end]["line"].as_u64().unwrap(), edit["range"][end]["character"].as_u64().unwrap());
            text.split_inclusive('\n').take(line as usize).map(str::len).sum::<usize>() + character as usize
        };
        assert!(at("start") > start && at("end") < end, "an edit outside the definition: {edit}");
    }
    let sub = "file:///work/stack/sub.yaml";
    let text = "Resources:\n  Flow:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub |\n        {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}\n";
    open_as(&mut server, sub, "yaml", text);
    let answer = server.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": sub}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(answer, Value::Null, "a definition inside a string is not rewritten");
}

#[test]
fn signature_help_shows_the_call_and_its_active_parameter() {
    let mut server = Server::start();
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass",
  "Output": "{% $substring($states.input.name, 1, ) %}",
  "Next": "Q"},
  "Q": {"Type": "Pass", "QueryLanguage": "JSONPath", "Parameters": {"m.$": "States.Format('{} ñ {}', $.a, )"}, "End": true}}}"#;
    server.open(URI, text);
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}});
    let column = |line: usize, needle: &str| text.lines().nth(line).unwrap().find(needle).unwrap() as u32;
    let help = server.result("textDocument/signatureHelp", at(1, column(1, ", ) %}") + 2));
    assert_eq!(
        help,
        json!({
            "signatures": [{
                "label": "$substring(str, start[, length])",
                "documentation": {"kind": "markdown", "value": "The characters of `str` from `start` (zero-based; negative counts from the end), at most `length` of them."},
                "parameters": [
                    {"label": [11, 14], "documentation": {"kind": "markdown", "value": "`str`"}},
                    {"label": [16, 21], "documentation": {"kind": "markdown", "value": "`start`"}},
                    {"label": [24, 30], "documentation": {"kind": "markdown", "value": "`length`, optional"}}
                ],
                "activeParameter": 2
            }],
            "activeSignature": 0,
            "activeParameter": 2
        })
    );
    // The column counts UTF-16 units: `ñ` is one.
    let line = text.lines().nth(3).unwrap();
    let character = line[..line.find(", )").unwrap() + 2].encode_utf16().count() as u32;
    let help = server.result("textDocument/signatureHelp", at(3, character));
    assert_eq!(help["signatures"][0]["label"], "States.Format(template, values…)");
    assert_eq!(help["signatures"][0]["parameters"][1]["label"], json!([24, 31]));
    assert_eq!(help["activeParameter"], 1);
    assert_eq!(server.result("textDocument/signatureHelp", at(0, 2)), Value::Null, "outside any call");
}

#[test]
fn fix_all_applies_the_safe_fixes_and_each_quick_fix_says_if_it_is_unsafe() {
    let mut server = Server::start();
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Betta"}, "Beta": {"Type": "Pass", "Nxt": "C"}, "C": {"Type": "Succeed", "End": true,}}}"#;
    server.open(URI, text);
    let diagnostics = server.diagnostics(URI, Some(1));
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": text.len()}});
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": whole, "context": {"diagnostics": diagnostics, "only": ["source.fixAll"]}}),
    );
    let actions = actions.as_array().expect("actions");
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.asl-ls");
    assert_eq!(actions[0]["title"], "Fix all safely fixable problems (3)");
    let fixed = applied(text, &actions[0]["edit"]["changes"][URI]);
    assert_eq!(
        fixed,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Beta"}, "Beta": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed", "End": true}}}"#,
        "the unsafe removal of `End` is left"
    );
    // Quick fixes: the unsafe ones say so; the lightbulb's list has no fix-all.
    let end = diagnostics
        .iter()
        .find(|d| d["code"] == "ASL102" && d["message"].as_str().unwrap().contains("`End`"))
        .expect("End");
    let quick = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": end["range"], "context": {"diagnostics": [end], "only": ["quickfix"]}}),
    );
    let titles: Vec<&str> = quick.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Remove `End` (unsafe)"]);
}

#[test]
fn refactors_convert_a_state_or_the_machine_and_say_why_not() {
    let mut server = Server::start();
    let text = r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "InputPath": "$.order", "Next": "B"},
  "B": {"Type": "Pass", "Parameters": {"ids.$": "$.items[*].id"}, "End": true}}}"#;
    server.open(URI, text);
    let at = |line: u32, character: u32| {
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}},
               "context": {"diagnostics": [], "only": ["refactor"]}})
    };
    let actions = server.result("textDocument/codeAction", at(1, 10));
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Convert `A` to JSONata",
            "Convert the state machine to JSONata (1 state stays JSONPath: /States/B `$.items[*].id` selects with `[*]`, which JSONata reads differently (it does not keep one-item results as lists))"
        ]
    );
    assert_eq!(actions[0]["kind"], "refactor.rewrite");
    assert_eq!(
        applied(text, &actions[0]["edit"]["changes"][URI]),
        r#"{"StartAt": "A", "States": {
  "A": {
    "Type": "Pass",
    "QueryLanguage": "JSONata",
    "Output": "{% $states.input.order %}",
    "Next": "B"
  },
  "B": {"Type": "Pass", "Parameters": {"ids.$": "$.items[*].id"}, "End": true}}}"#
    );
    let actions = server.result("textDocument/codeAction", at(2, 10));
    assert_eq!(actions[0]["title"], "Convert `B` to JSONata");
    assert_eq!(actions[0]["edit"], Value::Null);
    assert!(actions[0]["disabled"]["reason"].as_str().unwrap().contains("`[*]`"), "{actions}");
    // The lightbulb (automatic, no kind asked): the state's refactor, not the whole machine rewritten.
    let lightbulb = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 1, "character": 10}, "end": {"line": 1, "character": 10}},
               "context": {"diagnostics": [], "triggerKind": 2}}),
    );
    let titles: Vec<&str> = lightbulb.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Convert `A` to JSONata"]);
    // Quick fixes only: no refactors.
    let quick = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 1, "character": 10}, "end": {"line": 1, "character": 10}},
               "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    assert_eq!(quick, json!([]));
}

#[test]
fn lenses_open_the_files_a_run_reads() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-run-files");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#;
    std::fs::write(dir.join("flow.asl.json"), text).unwrap();
    std::fs::write(dir.join("flow.input.json"), "{}").unwrap();
    std::fs::write(dir.join("flow.mocks.json"), r#"{"StateMachines": {}, "MockedResponses": {}}"#).unwrap();
    let uri = format!("file://{}", dir.join("flow.asl.json").display());
    let mut server = Server::start();
    server.open(&uri, text);
    let lenses = server.result("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    let titles: Vec<&str> =
        lenses.as_array().unwrap().iter().map(|l| l["command"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["▶ Run with flow.input.json", "input: flow.input.json", "mocks: flow.mocks.json"]);
    let mocks = format!("file://{}", dir.join("flow.mocks.json").display());
    assert_eq!(
        lenses[2]["command"],
        json!({"title": "mocks: flow.mocks.json", "command": "asl-ls.open", "arguments": [mocks]})
    );
    // The command asks the editor to show the file.
    server.send(json!({"jsonrpc": "2.0", "id": 900, "method": "workspace/executeCommand",
                       "params": {"command": "asl-ls.open", "arguments": [mocks]}}));
    let show = server.wait(|m| m["method"] == "window/showDocument");
    assert_eq!(show["params"], json!({"uri": mocks, "external": false, "takeFocus": true}));
    server.send(json!({"jsonrpc": "2.0", "id": show["id"], "result": {"success": true}}));
    let answer = server.wait(|m| m["id"] == 900);
    assert_eq!(answer["result"], json!({"success": true}));
}

#[test]
fn lambda_refactors_over_stdio() {
    let mut server = Server::start();
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}"#;
    server.open(URI, text);
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 60}, "end": {"line": 0, "character": 60}},
               "context": {"diagnostics": [], "only": ["refactor.rewrite"]}}),
    );
    let find = |start: &str| {
        actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"].as_str().unwrap().starts_with(start))
            .cloned()
            .expect(start)
    };
    let invoke = applied(text, &find("Call the function through")["edit"]["changes"][URI]);
    assert_eq!(
        invoke,
        r#"{"StartAt": "A", "States": {"A": {
  "Type": "Task",
  "Resource": "arn:aws:states:::lambda:invoke",
  "Parameters": {
    "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f",
    "Payload.$": "$"
  },
  "OutputPath": "$.Payload",
  "End": true
}}}"#
    );
    let retried = applied(text, &find("Retry Lambda's transient errors")["edit"]["changes"][URI]);
    assert!(retried.contains(r#""ErrorEquals": ["#), "{retried}");
    assert!(retried.contains("\"Lambda.ServiceException\"") && retried.contains("\"MaxAttempts\": 6"), "{retried}");
}

#[test]
fn test_files_get_lenses_problems_and_failures_at_their_expectations() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-test-files");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let definition = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"n": 1}, "End": true}}}"#;
    std::fs::write(dir.join("flow.asl.json"), definition).unwrap();
    let test = "tests:\n  - name: one\n    expect: {output: {n: 1}}\n  - name: two\n    expect: {output: {n: 2}}\n";
    let file = dir.join("flow.asl.test.yaml");
    std::fs::write(&file, test).unwrap();
    let uri = format!("file://{}", file.display());
    let mut server = Server::start();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": test}}),
    );
    assert_eq!(server.diagnostics(&uri, Some(1)), Vec::<Value>::new(), "no problem in the file");
    let lenses = server.result("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    let titles: Vec<&str> =
        lenses.as_array().unwrap().iter().map(|l| l["command"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["▶ Run all tests (2)", "▶ Run test", "▶ Run test"]);
    assert_eq!(lenses[2]["command"]["arguments"], json!([uri, {"case": "two"}]));
    let results = server.result("workspace/executeCommand", json!({"command": "asl-ls.runTests", "arguments": [uri]}));
    assert_eq!(results[0]["passed"], true);
    assert_eq!(results[1]["passed"], false);
    let failures = server.diagnostics(&uri, Some(1));
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["code"], "TEST002");
    assert_eq!(
        failures[0]["range"],
        json!({"start": {"line": 4, "character": 21}, "end": {"line": 4, "character": 27}})
    );
    assert!(failures[0]["message"].as_str().unwrap().starts_with("`two`: output not as expected"), "{failures:?}");
    // A problem of the file, where it is.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "tests:\n  - name: x\n    expect: {status: DONE}\n"}]}),
    );
    let problems = server.diagnostics(&uri, Some(2));
    assert_eq!(problems[0]["code"], "TEST001");
    assert_eq!(problems[0]["range"]["start"], json!({"line": 2, "character": 21}));
}

#[test]
fn a_test_file_of_a_template_machine_runs_in_the_editor_as_on_the_command_line() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-test-template");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sam = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sam");
    let test = format!(
        "definition: {}\nmachine: OrderProcessing\nmockFile: {}\ntests:\n  - name: happy\n    inputFile: {}\n    testCase: HappyPath\n    expect: {{status: SUCCEEDED}}\n",
        sam.join("template.yaml").display(),
        sam.join("OrderProcessing.mocks.json").display(),
        sam.join("OrderProcessing.input.json").display()
    );
    let file = dir.join("sam.asl.test.yaml");
    std::fs::write(&file, &test).unwrap();
    let uri = format!("file://{}", file.display());
    let mut server = Server::start();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": test}}),
    );
    let results = server.result("workspace/executeCommand", json!({"command": "asl-ls.runTests", "arguments": [uri]}));
    assert_eq!(results, json!([{"name": "happy", "passed": true, "error": null, "failures": []}]));
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_asl-ls"))
        .args(["test", &file.to_string_lossy()])
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(0), "{}", String::from_utf8_lossy(&cli.stdout));
}
