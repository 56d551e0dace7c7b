//! The language server end to end: spawn `asl-ls --stdio`, speak LSP over
//! its stdin/stdout, assert exactly what an editor would show.

mod support;

use serde_json::{json, Value};
use support::lsp_client::{rss_kib, Server};

const URI: &str = "file:///work/flows/order.asl.json";

const ORDER: &str = r#"{
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Next": "IsValid"
    },
    "IsValid": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.ok", "BooleanEquals": true, "Next": "Procss"}
      ],
      "Default": "Rejected"
    },
    "Process": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Charge", "States": {"Charge": {"Type": "Pass", "End": true}}}
      ],
      "End": true
    },
    "Rejected": {"Type": "Fail", "Error": "Invalid"}
  }
}"#;

fn position_of(text: &str, needle: &str, nth: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle");
    let line = text[..offset].matches('\n').count();
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": column})
}

fn at(text: &str, needle: &str, nth: usize, shift: i64) -> Value {
    let mut position = position_of(text, needle, nth);
    position["character"] = json!(position["character"].as_i64().unwrap() + shift);
    position
}

#[test]
fn diagnostics_appear_update_on_incremental_edits_and_clear_on_close() {
    let mut server = Server::start();
    server.open(URI, ORDER);
    let diagnostics = server.diagnostics(URI, Some(1));
    assert_eq!(
        diagnostics,
        vec![json!({
            "range": {"start": {"line": 11, "character": 60}, "end": {"line": 11, "character": 68}},
            "severity": 1,
            "code": "ASL201",
            "source": "asl-ls",
            "message": "this choice rule's `Next` names `Procss`, but there is no such state in the top-level `States`; did you mean `Process`?\nAWS: MISSING_TRANSITION_TARGET: Missing 'Next' target: Procss",
        })]
    );
    // Type the missing `e`: an incremental change inside the string.
    let fix = position_of(ORDER, "Procss", 0);
    let at_e = json!({"line": fix["line"], "character": fix["character"].as_i64().unwrap() + 4});
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": at_e, "end": at_e}, "text": "e"}]}),
    );
    assert_eq!(server.diagnostics(URI, Some(2)), Vec::<Value>::new());
    // Break it again with a full-text change.
    let broken = ORDER.replace("\"End\": true\n    },", "\"End\": true\n    ");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": broken}]}),
    );
    let codes: Vec<_> = server.diagnostics(URI, Some(3)).iter().map(|d| d["code"].clone()).collect();
    assert!(codes.contains(&json!("ASL001")), "{codes:?}");
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    assert_eq!(server.diagnostics(URI, None), Vec::<Value>::new());
    assert_eq!(server.stop(), 0);
}

#[test]
fn other_json_is_left_alone() {
    let mut server = Server::start();
    let uri = "file:///work/app/package.json";
    server.open(uri, r#"{"name": "app", "version": "1.0.0", "States": 1}"#);
    assert_eq!(server.diagnostics(uri, Some(1)), Vec::<Value>::new());
    let hover = server
        .result("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}));
    assert_eq!(hover, Value::Null);
    // A plain .json that is a state machine is checked.
    let flow = "file:///work/app/flow.json";
    server.open(flow, r#"{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"#);
    let codes: Vec<_> = server.diagnostics(flow, Some(1)).iter().map(|d| d["code"].clone()).collect();
    assert_eq!(codes, [json!("ASL204"), json!("ASL110")]);
}

/// Items in the order an editor shows them: by `sortText`, else label.
fn sorted(items: Value) -> Value {
    let mut items = items.as_array().cloned().unwrap_or_default();
    items.sort_by_key(|i| i["sortText"].as_str().or(i["label"].as_str()).unwrap_or("").to_string());
    Value::Array(items)
}

#[test]
fn completion_items_are_exact() {
    let mut server = Server::start();
    server.open(URI, ORDER);
    server.diagnostics(URI, Some(1));
    // Inside the choice rule's `Next` value.
    let position = at(ORDER, "Procss", 0, 2);
    let items =
        sorted(server.result("textDocument/completion", json!({"textDocument": {"uri": URI}, "position": position})));
    let labels: Vec<_> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect();
    assert_eq!(labels, ["Validate", "Process", "Rejected", "IsValid"]);
    let process = &items[1];
    assert_eq!(process["detail"], "Parallel state");
    assert_eq!(
        process["textEdit"],
        json!({"range": {"start": {"line": 11, "character": 60}, "end": {"line": 11, "character": 68}}, "newText": "\"Process\""})
    );
    // At the `Type` value of a state.
    let type_items = sorted(server.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": at(ORDER, "\"Task\"", 0, 2)}),
    ));
    let labels: Vec<_> = type_items.as_array().unwrap().iter().map(|i| i["label"].clone()).collect();
    assert_eq!(
        labels,
        [
            json!("Task"),
            json!("Pass"),
            json!("Choice"),
            json!("Wait"),
            json!("Succeed"),
            json!("Fail"),
            json!("Parallel"),
            json!("Map")
        ]
    );
}

#[test]
fn completion_without_snippet_support_is_plain_text() {
    let mut server = Server::start();
    let text = "{\"StartAt\": \"W\", \"States\": {\"W\": {\n  \"Type\": \"Wait\",\n  \n  \"End\": true\n}}}";
    server.open(URI, text);
    server.diagnostics(URI, Some(1));
    let items = server.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 2}}),
    );
    let seconds = items.as_array().unwrap().iter().find(|i| i["label"] == "Seconds").expect("Seconds").clone();
    assert_eq!(seconds["insertTextFormat"], 1);
    assert_eq!(seconds["textEdit"]["newText"], "\"Seconds\": 1,");
}

#[test]
fn hover_definition_references_and_highlights() {
    let mut server = Server::start();
    server.open(URI, ORDER);
    server.diagnostics(URI, Some(1));
    let doc = json!({"uri": URI});
    let hover =
        server.result("textDocument/hover", json!({"textDocument": doc, "position": at(ORDER, "\"Rejected\"", 0, 3)}));
    assert_eq!(hover["contents"]["value"], "**Rejected** · Fail state\n\nReached from: `IsValid`");
    let field =
        server.result("textDocument/hover", json!({"textDocument": doc, "position": at(ORDER, "\"Resource\"", 0, 3)}));
    assert_eq!(field["contents"]["value"], "**Resource** · Task state\n\nThe ARN of the work to run.\n\nRequired.");
    let definition = server
        .result("textDocument/definition", json!({"textDocument": doc, "position": at(ORDER, "\"IsValid\"", 0, 2)}));
    assert_eq!(
        definition,
        json!({"uri": URI, "range": {"start": {"line": 8, "character": 4}, "end": {"line": 8, "character": 13}}})
    );
    let references = server.result(
        "textDocument/references",
        json!({"textDocument": doc, "position": at(ORDER, "\"Rejected\"", 1, 2), "context": {"includeDeclaration": true}}),
    );
    let lines: Vec<_> = references.as_array().unwrap().iter().map(|l| l["range"]["start"]["line"].clone()).collect();
    assert_eq!(lines, [json!(13), json!(22)]);
    let highlights = server.result(
        "textDocument/documentHighlight",
        json!({"textDocument": doc, "position": at(ORDER, "\"Validate\"", 1, 2)}),
    );
    let kinds: Vec<_> = highlights.as_array().unwrap().iter().map(|h| h["kind"].clone()).collect();
    assert_eq!(kinds, [json!(3), json!(2)], "the key is a write, StartAt a read");
}

#[test]
fn rename_updates_every_reference_in_scope() {
    let mut server = Server::start();
    server.open(URI, ORDER);
    server.diagnostics(URI, Some(1));
    let doc = json!({"uri": URI});
    let prepared = server.result(
        "textDocument/prepareRename",
        json!({"textDocument": doc, "position": at(ORDER, "\"Validate\"", 0, 3)}),
    );
    assert_eq!(
        prepared,
        json!({"range": {"start": {"line": 1, "character": 14}, "end": {"line": 1, "character": 22}}, "placeholder": "Validate"})
    );
    let edit = server.result(
        "textDocument/rename",
        json!({"textDocument": doc, "position": at(ORDER, "\"Validate\"", 1, 3), "newName": "Check order"}),
    );
    assert_eq!(
        edit["changes"][URI],
        json!([
            {"range": {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 14}}, "newText": "\"Check order\""},
            {"range": {"start": {"line": 1, "character": 13}, "end": {"line": 1, "character": 23}}, "newText": "\"Check order\""},
        ])
    );
    let refused = server.request(
        "textDocument/rename",
        json!({"textDocument": doc, "position": at(ORDER, "\"Validate\"", 1, 3), "newName": "Rejected"}),
    );
    assert_eq!(
        refused["error"]["message"],
        "a state named `Rejected` already exists: names are unique across the whole definition"
    );
}

#[test]
fn symbols_nest_branches_inside_their_state() {
    let mut server = Server::start();
    server.open(URI, ORDER);
    server.diagnostics(URI, Some(1));
    let symbols = server.result("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    fn outline(symbols: &Value, depth: usize, out: &mut Vec<String>) {
        for s in symbols.as_array().unwrap() {
            let detail = s["detail"].as_str().map(|d| format!(" ({d})")).unwrap_or_default();
            out.push(format!("{}{}{detail}", "  ".repeat(depth), s["name"].as_str().unwrap()));
            outline(&s["children"], depth + 1, out);
        }
    }
    let mut lines = Vec::new();
    outline(&symbols, 0, &mut lines);
    assert_eq!(
        lines,
        [
            "Validate (Task)",
            "IsValid (Choice)",
            "Process (Parallel)",
            "  Branch 1",
            "    Charge (Pass)",
            "Rejected (Fail)"
        ]
    );
}

#[test]
fn quick_fixes_repair_a_typo() {
    let mut server = Server::start();
    server.open(URI, ORDER);
    let diagnostics = server.diagnostics(URI, Some(1));
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": diagnostics[0]["range"], "context": {"diagnostics": diagnostics}}),
    );
    let titles: Vec<_> =
        actions.as_array().unwrap().iter().filter(|a| a["kind"] == "quickfix").map(|a| a["title"].clone()).collect();
    // No "Add a state named `Procss`": `Process` would then be reached from nowhere.
    assert_eq!(titles, [json!("Change to `Process`")]);
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(
        actions[0]["edit"]["changes"][URI],
        json!([{"range": {"start": {"line": 11, "character": 60}, "end": {"line": 11, "character": 68}}, "newText": "\"Process\""}])
    );
}

#[test]
fn folding_and_selection_ranges() {
    let mut server = Server::start();
    server.open(URI, ORDER);
    server.diagnostics(URI, Some(1));
    let folds = server.result("textDocument/foldingRange", json!({"textDocument": {"uri": URI}}));
    let spans: Vec<_> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["startLine"].as_u64().unwrap(), f["endLine"].as_u64().unwrap()))
        .collect();
    assert_eq!(spans, [(0, 23), (2, 22), (3, 6), (8, 13), (10, 11), (15, 20), (17, 18)]);
    let selection = server.result(
        "textDocument/selectionRange",
        json!({"textDocument": {"uri": URI}, "positions": [at(ORDER, "\"Rejected\"", 1, 3)]}),
    );
    let first = &selection[0];
    assert_eq!(first["range"], json!({"start": {"line": 22, "character": 5}, "end": {"line": 22, "character": 13}}));
    assert_eq!(
        first["parent"]["range"],
        json!({"start": {"line": 22, "character": 4}, "end": {"line": 22, "character": 14}})
    );
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let mut server = Server::start_with(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), json!(null));
    let text = "{\"StartAt\": \"Étape\", \"States\": {\"Étape\": {\"Type\": \"Pass\", \"Next\": \"Nope\"}}}";
    server.open(URI, text);
    let diagnostics = server.diagnostics(URI, Some(1));
    let unknown = diagnostics.iter().find(|d| d["code"] == "ASL201").expect("ASL201");
    let byte = text.find("\"Nope\"").unwrap();
    assert_eq!(unknown["range"]["start"], json!({"line": 0, "character": byte}));
}

#[test]
fn settings_change_severities_and_machine_type() {
    let options = json!({"machineType": "express", "diagnostics": {"unreachable-state": "off"}});
    let mut server = Server::start_with(json!({}), options);
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "HeartbeatSeconds": 60, "End": true}, "B": {"Type": "Succeed"}}}"#;
    server.open(URI, text);
    let codes: Vec<_> = server.diagnostics(URI, Some(1)).iter().map(|d| d["code"].clone()).collect();
    assert_eq!(codes, [json!("ASL701")]);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"asl-ls": {"diagnostics": {"ASL203": "warning"}}}}),
    );
    let diagnostics = server.diagnostics(URI, Some(1));
    let summary: Vec<_> = diagnostics.iter().map(|d| (d["code"].clone(), d["severity"].clone())).collect();
    assert_eq!(summary, [(json!("ASL203"), json!(2))]);
}

#[test]
fn bad_messages_get_errors_and_the_server_lives_on() {
    let mut server = Server::start();
    server.send_raw("{not json");
    let unknown = server.request("asl/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad_params = server.request("textDocument/hover", json!({"textDocument": 3}));
    assert!(bad_params["error"]["code"].is_number(), "{bad_params}");
    let unknown_doc = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": "file:///nowhere.asl.json"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(unknown_doc, Value::Null);
    // Positions past the end of the text are clamped, not a crash.
    server.open(URI, ORDER);
    server.diagnostics(URI, Some(1));
    let far = server.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 999, "character": 999}}),
    );
    assert_eq!(far, Value::Null);
    assert_eq!(server.stop(), 0);
}

#[test]
fn protocol_errors_get_their_json_rpc_codes() {
    let hover = json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}});
    let mut server = Server::spawn();
    // Before `initialize`: requests refused as "server not initialized", notifications dropped.
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": ORDER}}),
    );
    assert_eq!(server.request("textDocument/hover", hover.clone())["error"]["code"], -32002);
    let init = json!({"processId": null, "rootUri": null, "capabilities": {}});
    assert!(server.request("initialize", init.clone())["result"]["capabilities"].is_object());
    server.notify("initialized", json!({}));
    // A second `initialize` is an invalid request.
    assert_eq!(server.request("initialize", init)["error"]["code"], -32600);
    let error_with = |server: &mut Server, code: i64| server.wait(move |m| m["error"]["code"] == code);
    server.send_raw("{not json");
    assert_eq!(error_with(&mut server, -32700)["id"], Value::Null);
    server.send_bytes(b"Content-Type: application/json\r\n\r\n");
    assert_eq!(error_with(&mut server, -32700)["error"]["message"], "Parse error: no usable Content-Length header");
    server.send_raw("[1, 2]");
    assert_eq!(error_with(&mut server, -32600)["id"], Value::Null);
    server.send_raw(r#"{"jsonrpc":"2.0","id":71,"params":{}}"#);
    assert_eq!(error_with(&mut server, -32600)["id"], 71);
    server.send_raw(r#"{"jsonrpc":"1.0","id":72,"method":"textDocument/hover"}"#);
    assert_eq!(error_with(&mut server, -32600)["id"], 72);
    server.send_raw(r#"{"jsonrpc":"2.0","id":73,"method":"textDocument/hover","params":7}"#);
    assert_eq!(error_with(&mut server, -32600)["id"], 73);
    assert_eq!(server.request("asl/nothing", json!({}))["error"]["code"], -32601);
    server.notify("asl/nothingEither", json!({}));
    assert_eq!(server.request("textDocument/hover", json!({"textDocument": 3}))["error"]["code"], -32602);
    assert_eq!(server.request("textDocument/completion", json!(null))["error"]["code"], -32602);
    assert_eq!(server.request("asl-ls/textDigest", json!({"uri": URI}))["error"]["code"], -32602);
    // After all that the server still answers, and knows nothing was opened before `initialize`.
    assert_eq!(server.result("asl-ls/textDigest", json!({"textDocument": {"uri": URI}})), Value::Null);
    server.open(URI, ORDER);
    assert_eq!(server.result("asl-ls/textDigest", json!({"textDocument": {"uri": URI}}))["bytes"], ORDER.len());
    // After `shutdown`, requests are invalid; `exit` ends the process with 0.
    assert!(server.request("shutdown", json!(null)).get("error").is_none());
    assert_eq!(server.request("textDocument/hover", hover)["error"]["code"], -32600);
    server.notify("exit", json!(null));
    let deadline = std::time::Instant::now() + support::lsp_client::WAIT;
    while server.child.try_wait().expect("wait").is_none() {
        assert!(std::time::Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(server.child.try_wait().expect("wait").and_then(|s| s.code()), Some(0));
}

#[test]
fn crlf_documents_keep_their_positions_through_edits() {
    let mut server = Server::start();
    let text =
        "{\r\n  \"StartAt\": \"A\",\r\n  \"States\": {\r\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}\r\n  }\r\n}";
    server.open(URI, text);
    let unknown = |diagnostics: Vec<Value>| diagnostics.into_iter().find(|d| d["code"] == "ASL201").expect("ASL201");
    assert_eq!(unknown(server.diagnostics(URI, Some(1)))["range"]["start"], json!({"line": 3, "character": 34}));
    // Append `x` inside "B" on line 3: the target becomes "Bx", still unknown, one column wider.
    let at_b = json!({"line": 3, "character": 36});
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": at_b, "end": at_b}, "text": "x"}]}),
    );
    let diagnostic = unknown(server.diagnostics(URI, Some(2)));
    assert_eq!(
        diagnostic["range"],
        json!({"start": {"line": 3, "character": 34}, "end": {"line": 3, "character": 38}})
    );
    assert!(diagnostic["message"].as_str().unwrap().contains("`Bx`"));
}

#[test]
fn semantic_tokens_colour_the_expressions_in_strings() {
    let mut server = Server::start();
    let text = "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"Output\": \"{% $sum($states.input.x) %}\", \"End\": true}\n}}";
    server.open(URI, text);
    server.diagnostics(URI, Some(1));
    let tokens = server.result("textDocument/semanticTokens/full", json!({"textDocument": {"uri": URI}}));
    // (line delta, start delta, length, type) per token: `{%` keyword, `$sum`
    // function, `(` operator, `$states` variable, `.` operator, `input`
    // property, `.`, `x` property, `)` operator, `%}` keyword.
    let data: Vec<u64> = tokens["data"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    let quads: Vec<[u64; 4]> = data.chunks(5).map(|c| [c[0], c[1], c[2], c[3]]).collect();
    assert_eq!(
        quads,
        [
            [1, 35, 2, 5],
            [0, 3, 4, 1],
            [0, 4, 1, 6],
            [0, 1, 7, 0],
            [0, 7, 1, 6],
            [0, 1, 5, 2],
            [0, 5, 1, 6],
            [0, 1, 1, 2],
            [0, 1, 1, 6],
            [0, 2, 2, 5]
        ]
    );
}

#[test]
fn completion_inside_expression_strings() {
    let mut server = Server::start();
    let text = "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"Assign\": {\"total\": 1}, \"Next\": \"B\"},\n  \"B\": {\"Type\": \"Pass\", \"Output\": \"{% $ %}\", \"End\": true}\n}}";
    server.open(URI, text);
    server.diagnostics(URI, Some(1));
    // Right after the `$` in `{% $ %}` (line 2, character 38).
    let items = server.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 39}, "context": {"triggerKind": 2, "triggerCharacter": "$"}}),
    );
    let first = &items.as_array().expect("items")[0];
    assert_eq!(first["label"], "$total");
    assert_eq!(
        first["textEdit"],
        json!({"range": {"start": {"line": 2, "character": 38}, "end": {"line": 2, "character": 39}}, "newText": "$total"})
    );
    let hover = server
        .result("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 38}}));
    assert_eq!(hover, Value::Null, "a lone `$` names nothing");
}

#[test]
fn run_command_gives_inlay_hints_hover_and_a_failure_diagnostic() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-run");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let definition = r#"{
  "StartAt": "Greet",
  "States": {
    "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"}, "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.greeting", "StringEquals": "Hello, Ada!", "Next": "Done"}], "Default": "Fail"},
    "Done": {"Type": "Succeed"},
    "Fail": {"Type": "Fail", "Error": "NotAda"}
  }
}"#;
    std::fs::write(dir.join("hello.asl.json"), definition).expect("write");
    std::fs::write(dir.join("hello.input.json"), r#"{"name": "Ada"}"#).expect("write");
    let uri = format!("file://{}", dir.join("hello.asl.json").display());
    let mut server = Server::start();
    server.open(&uri, definition);
    server.diagnostics(&uri, Some(1));
    let lenses = server.result("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    assert_eq!(lenses[0]["command"]["title"], "▶ Run with hello.input.json");
    assert_eq!(lenses[0]["command"]["command"], "asl-ls.run");
    let trace = server.result("workspace/executeCommand", json!({"command": "asl-ls.run", "arguments": [uri]}));
    assert_eq!(trace["status"], "SUCCEEDED");
    assert_eq!(trace["output"], json!({"greeting": "Hello, Ada!"}));
    let hints = server.result(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}}),
    );
    let labels: Vec<(u64, String)> = hints
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| (h["position"]["line"].as_u64().unwrap(), h["label"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        labels,
        [
            (3, r#"→ {"greeting":"Hello, Ada!"}"#.to_string()),
            (4, r#"→ {"greeting":"Hello, Ada!"}"#.to_string()),
            (5, r#"→ {"greeting":"Hello, Ada!"}"#.to_string()),
        ]
    );
    assert_eq!(hints[0]["position"]["character"], 11, "after the state's name");
    let hover = server
        .result("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 6}}));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**Last run**\n\nInput:\n```json\n{\n  \"name\": \"Ada\"\n}\n```"), "{text}");
    // A failing input: the run's failure shows where it happened.
    std::fs::write(dir.join("hello.input.json"), r#"{"name": "Bob"}"#).expect("write");
    let trace = server.result("workspace/executeCommand", json!({"command": "asl-ls.run", "arguments": [uri]}));
    assert_eq!(trace["status"], "FAILED");
    assert_eq!(trace["error"], "NotAda");
    let published = server.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["source"] == "asl-ls run"))
    });
    let diagnostics = published["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
    let failure = diagnostics.iter().find(|d| d["source"] == "asl-ls run").expect("run diagnostic");
    assert_eq!(failure["severity"], 3);
    assert_eq!(failure["range"]["start"]["line"], 6);
    assert_eq!(failure["message"], "the run failed here: NotAda");
}

/// `$.` completes the fields of the state's input: from the sample input
/// before any run, from the last run's trace after one.
#[test]
fn dollar_completes_the_fields_of_the_sample_input_and_the_last_run() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-samples");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let machine = |greet: &str, check: &str| {
        format!(
            r#"{{
  "StartAt": "Greet",
  "States": {{
    "Greet": {{"Type": "Pass", "Parameters": {{"greeting.$": "{greet}", "n": 1}}, "Next": "Check"}},
    "Check": {{"Type": "Choice", "Choices": [{{"Variable": "{check}", "IsPresent": true, "Next": "Done"}}], "Default": "Done"}},
    "Done": {{"Type": "Succeed"}}
  }}
}}"#
        )
    };
    let definition = &machine("$.", "$.");
    std::fs::write(dir.join("hello.asl.json"), definition).expect("write");
    std::fs::write(dir.join("hello.input.json"), r#"{"name": "Ada", "team": {"id": 1}}"#).expect("write");
    let uri = format!("file://{}", dir.join("hello.asl.json").display());
    let mut server = Server::start();
    server.open(&uri, definition);
    server.diagnostics(&uri, None);
    let labels = |server: &mut Server, line: u32, character: u32| -> Vec<String> {
        let items = server.result(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        let mut labels: Vec<String> =
            items.as_array().into_iter().flatten().filter_map(|i| i["label"].as_str().map(str::to_string)).collect();
        labels.sort();
        labels
    };
    // Inside `"$."` of Greet (line 3) and of Check (line 4), after the dot.
    let greet = definition.lines().nth(3).unwrap().find("\"$.\"").unwrap() as u32 + 3;
    let check = definition.lines().nth(4).unwrap().find("\"$.\"").unwrap() as u32 + 3;
    assert_eq!(labels(&mut server, 3, greet), ["name", "team"], "the start state's sample input");
    assert!(labels(&mut server, 4, check).is_empty(), "no run yet: Check's input is unknown");
    // Run a version that runs, then type `$.` again: the run's inputs stay.
    let runnable = machine("$.name", "$.greeting");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": runnable}]}),
    );
    let trace = server.result("workspace/executeCommand", json!({"command": "asl-ls.run", "arguments": [uri]}));
    assert_eq!(trace["status"], "SUCCEEDED");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": definition}]}),
    );
    assert_eq!(labels(&mut server, 4, check), ["greeting", "n"], "Check's input in the run");
}

#[test]
fn graph_command_draws_the_document_and_colours_the_last_run() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-graph");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let definition = r#"{
  "StartAt": "Première",
  "States": {
    "Première": {"Type": "Pass", "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Done"}], "Default": "Stop"},
    "Done": {"Type": "Succeed"},
    "Stop": {"Type": "Fail", "Error": "NoGo"}
  }
}"#;
    std::fs::write(dir.join("flow.asl.json"), definition).expect("write");
    std::fs::write(dir.join("flow.input.json"), r#"{"go": true}"#).expect("write");
    let uri = format!("file://{}", dir.join("flow.asl.json").display());
    let mut server = Server::start();
    server.open(&uri, definition);
    server.diagnostics(&uri, Some(1));
    let graph = |server: &mut Server, args: Value| {
        server.result("workspace/executeCommand", json!({"command": "asl-ls.graph", "arguments": args}))
    };

    let picture = graph(&mut server, json!([uri]));
    assert_eq!((picture["version"].clone(), picture["runColoured"].clone()), (json!(1), json!(false)));
    let svg = picture["svg"].as_str().expect("svg");
    // Positions count UTF-16 units as the client does: `"Check"` on line 4 at column 4.
    assert!(svg.contains(r#"data-state="Check" data-type="Choice" data-line="4" data-character="4""#), "{svg}");
    assert!(!svg.contains("visited"), "{svg}");

    let trace = server.result("workspace/executeCommand", json!({"command": "asl-ls.run", "arguments": [uri]}));
    assert_eq!(trace["status"], "SUCCEEDED");
    let picture = graph(&mut server, json!([uri]));
    assert_eq!(picture["runColoured"], true);
    let svg = picture["svg"].as_str().expect("svg");
    for state in ["Première", "Check", "Done"] {
        assert!(svg.contains(&format!(r#"<g class="state visited" data-state="{state}""#)), "{state}: {svg}");
    }
    assert!(svg.contains(r#"<g class="state" data-state="Stop""#), "{svg}");
    assert!(svg.contains(r#"class="edge rule taken" data-from="Check" data-to="Done""#), "{svg}");

    let mermaid = graph(&mut server, json!([uri, {"format": "mermaid"}]));
    assert!(mermaid["mermaid"].as_str().is_some_and(|m| m.starts_with("flowchart TD")), "{mermaid}");

    // After an edit the run no longer describes the text: no colours until it runs again.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": definition.replace("NoGo", "Nope")}]}),
    );
    let picture = graph(&mut server, json!([uri]));
    assert_eq!((picture["version"].clone(), picture["runColoured"].clone()), (json!(2), json!(false)));

    let error = server
        .request("workspace/executeCommand", json!({"command": "asl-ls.graph", "arguments": [uri, {"format": "png"}]}));
    assert_eq!(error["error"]["code"], -32602, "{error}");
    let error = server.request("workspace/executeCommand", json!({"command": "asl-ls.graph", "arguments": []}));
    assert_eq!(error["error"]["message"], "asl-ls.graph takes the document URI", "{error}");
}

#[test]
fn memory_stays_flat_over_ten_thousand_edits() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/order-processing.asl.json"))
        .expect("example");
    let uri = "file:///memory/order-processing.asl.json";
    let mut server = Server::start();
    server.open(uri, &text);
    server.diagnostics(uri, Some(1));
    // Type and delete a character in the key `"Validate Order"` on line 4, over and over.
    let at = |character: u32| json!({"line": 4, "character": character});
    let mut rss_after_100 = None;
    for i in 0..10_000u32 {
        let version = i + 2;
        let change = if i % 2 == 0 {
            json!({"range": {"start": at(10), "end": at(10)}, "text": "X"})
        } else {
            json!({"range": {"start": at(10), "end": at(11)}, "text": ""})
        };
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        );
        if (i + 1) % 100 == 0 {
            server.diagnostics(uri, Some(version as i64));
            server.backlog.clear();
        }
        if i + 1 == 100 {
            rss_after_100 = rss_kib(server.child.id());
        }
    }
    let (Some(before), Some(after)) = (rss_after_100, rss_kib(server.child.id())) else {
        eprintln!("skipped: no /proc here");
        return;
    };
    eprintln!("RSS after 100 edits: {before} KiB; after 10,000: {after} KiB");
    assert!(after as f64 <= before as f64 * 1.10, "RSS grew from {before} KiB to {after} KiB");
}

const YAML_URI: &str = "file:///work/flows/order.asl.yaml";

const ORDER_YAML: &str = "StartAt: Validate
States:
  Validate:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Next: IsValid
  IsValid:
    Type: Choice
    Choices:
      - Variable: $.ok
        BooleanEquals: true
        Next: Procss
    Default: Rejected
  Process:
    Type: Pass
    End: true
  Rejected:
    Type: Fail
    Error: Invalid
";

#[test]
fn yaml_documents_get_diagnostics_fixes_completion_and_navigation_in_yaml() {
    let mut server = Server::start();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": YAML_URI, "languageId": "yaml", "version": 1, "text": ORDER_YAML}}),
    );
    let diagnostics = server.diagnostics(YAML_URI, Some(1));
    let procss = json!({"start": {"line": 11, "character": 14}, "end": {"line": 11, "character": 20}});
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!((&diagnostics[0]["code"], &diagnostics[0]["range"]), (&json!("ASL201"), &procss));
    // The fixes write YAML: a plain name, a state as a block mapping.
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": YAML_URI}, "range": procss, "context": {"diagnostics": diagnostics}}),
    );
    assert_eq!(actions[0]["edit"]["changes"][YAML_URI], json!([{"range": procss, "newText": "Process"}]));
    let fixes = actions.as_array().unwrap().iter().filter(|a| a["kind"] == "quickfix").count();
    assert_eq!(fixes, 1, "no new state: `Process` would be reached from nowhere");
    let other = "file:///work/flows/other.asl.yaml";
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Archive\n";
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": other, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let found = server.diagnostics(other, Some(1));
    let missing = found.iter().find(|d| d["code"] == "ASL201").expect("ASL201");
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": other}, "range": missing["range"], "context": {"diagnostics": [missing]}}),
    );
    let end = json!({"line": 4, "character": 17});
    assert_eq!(
        actions[0]["edit"]["changes"][other],
        json!([{"range": {"start": end, "end": end}, "newText": "\n  Archive:\n    Type: Pass\n    End: true"}])
    );
    // Go to the state a `Next` names.
    let definition = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": YAML_URI}, "position": at(ORDER_YAML, "Next: IsValid", 0, 7)}),
    );
    assert_eq!(definition["range"]["start"], json!({"line": 6, "character": 2}));
    // Folds start on the key's line: a YAML mapping has no brace.
    let folds = server.result("textDocument/foldingRange", json!({"textDocument": {"uri": YAML_URI}}));
    let folds: Vec<(u64, u64)> = folds
        .as_array()
        .map(|a| a.iter().map(|f| (f["startLine"].as_u64().unwrap_or(0), f["endLine"].as_u64().unwrap_or(0))).collect())
        .unwrap_or_default();
    assert!(folds.contains(&(1, 18)) && folds.contains(&(2, 5)) && folds.contains(&(8, 11)), "{folds:?}");
    let hover = server.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": YAML_URI}, "position": at(ORDER_YAML, "Default: Rejected", 0, 10)}),
    );
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("Fail")), "{hover}");
    // A field on a new line, at that line's indentation.
    let typed = ORDER_YAML.replace("    End: true\n", "    End: true\n    \n");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": YAML_URI, "version": 2}, "contentChanges": [{"text": typed}]}),
    );
    let items = server.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": YAML_URI}, "position": {"line": 16, "character": 4}}),
    );
    let items = items.as_array().cloned().unwrap_or_default();
    let result_path = items.iter().find(|i| i["label"] == "ResultPath").expect("ResultPath offered");
    assert_eq!(result_path["textEdit"]["newText"], "ResultPath: $.field");
    // A CI workflow is YAML too, and left alone (`on:` is not ASL's).
    let workflow = "file:///work/.github/workflows/ci.yml";
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": workflow, "languageId": "yaml", "version": 1, "text": "on: push\njobs: {}\n"}}),
    );
    assert_eq!(server.diagnostics(workflow, Some(1)), Vec::<Value>::new());
    assert_eq!(server.stop(), 0);
}
