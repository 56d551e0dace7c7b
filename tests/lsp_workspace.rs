//! Workspace-wide answers over stdio: the definition files of the
//! workspace folder checked without being opened, kept up to date when
//! they change on disk, their states found by `workspace/symbol`, and
//! diagnostics pulled by clients that pull.

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::lsp_client::Server;

fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("workspace-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("node_modules/dep")).unwrap();
    std::fs::write(
        dir.join("order.asl.json"),
        r#"{"StartAt": "Charge", "States": {"Charge": {"Type": "Pass", "Next": "Shipp"}, "Ship": {"Type": "Succeed"}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("template.yaml"),
        "Resources:\n  Refunds:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: Refund\n        States:\n          Refund:\n            Type: Succeed\n",
    )
    .unwrap();
    std::fs::write(dir.join("package.json"), r#"{"name": "x"}"#).unwrap();
    std::fs::write(dir.join("node_modules/dep/skipped.asl.json"), r#"{"StartAt": "X", "States": {}}"#).unwrap();
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn start(dir: &Path, capabilities: Value) -> (Server, Value) {
    let mut server = Server::spawn();
    let result = server.result(
        "initialize",
        json!({"processId": null, "rootUri": uri(dir), "capabilities": capabilities,
               "workspaceFolders": [{"uri": uri(dir), "name": "w"}]}),
    );
    server.notify("initialized", json!({}));
    (server, result)
}

#[test]
fn workspace_files_are_checked_unopened_found_by_symbol_and_followed_on_disk() {
    let dir = folder("push");
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let (mut server, result) = start(&dir, capabilities);
    assert_eq!(result["capabilities"]["workspaceSymbolProvider"], true);
    assert_eq!(result["capabilities"].get("diagnosticProvider"), None, "this client does not pull");
    // The server asks to watch definition files.
    let registration = server.wait(|m| m["method"] == "client/registerCapability");
    assert_eq!(registration["params"]["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
    server.send(json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}));
    let order = dir.join("order.asl.json");
    let found = server.diagnostics(&uri(&order), None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "ASL201");
    let template = server.diagnostics(&uri(&dir.join("template.yaml")), None);
    assert_eq!(template, Vec::<Value>::new());
    // Symbols of every file, by a fuzzy query.
    let symbols = server.result("workspace/symbol", json!({"query": "chrg"}));
    assert_eq!(symbols.as_array().map(Vec::len), Some(1), "{symbols}");
    assert_eq!(symbols[0]["name"], "Charge");
    assert_eq!(symbols[0]["containerName"], "order.asl.json");
    assert_eq!(symbols[0]["location"]["uri"], uri(&order));
    let refund = server.result("workspace/symbol", json!({"query": "Refund"}));
    let names: Vec<&str> = refund.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Refunds") && names.contains(&"Refund"), "{refund}");
    let all = server.result("workspace/symbol", json!({"query": ""}));
    assert!(all.as_array().unwrap().iter().all(|s| !s["location"]["uri"].as_str().unwrap().contains("node_modules")));
    // Fixed on disk: the error goes.
    std::fs::write(
        &order,
        r#"{"StartAt": "Charge", "States": {"Charge": {"Type": "Pass", "Next": "Ship"}, "Ship": {"Type": "Succeed"}}}"#,
    )
    .unwrap();
    server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&order), "type": 2}]}));
    assert_eq!(server.diagnostics(&uri(&order), None), Vec::<Value>::new());
    // Deleted: nothing is left of it.
    std::fs::remove_file(&order).unwrap();
    server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&order), "type": 3}]}));
    assert_eq!(server.diagnostics(&uri(&order), None), Vec::<Value>::new(), "its diagnostics are cleared");
    let after = server.result("workspace/symbol", json!({"query": "Charge"}));
    assert_eq!(after, json!([]));
}

#[test]
fn clients_that_pull_get_document_and_workspace_reports_and_no_pushes() {
    let dir = folder("pull");
    let (mut server, result) = start(&dir, json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}));
    assert_eq!(result["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"], true);
    let order = uri(&dir.join("order.asl.json"));
    // Once the scan is done, one request to pull again (not one per file).
    let refresh = server.wait(|m| m["method"] == "workspace/diagnostic/refresh");
    server.send(json!({"jsonrpc": "2.0", "id": refresh["id"], "result": null}));
    let report = server.result("workspace/diagnostic", json!({"previousResultIds": []}));
    let files: Vec<&str> = report["items"].as_array().unwrap().iter().map(|r| r["uri"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 2, "order.asl.json and template.yaml: {files:?}");
    let item =
        report["items"].as_array().unwrap().iter().find(|r| r["uri"] == order).expect("order in the report").clone();
    assert_eq!(item["kind"], "full");
    assert_eq!(item["items"][0]["code"], "ASL201");
    // An open document: its own text, pulled.
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"#;
    server.open("file:///work/pulled.asl.json", text);
    let pulled =
        server.result("textDocument/diagnostic", json!({"textDocument": {"uri": "file:///work/pulled.asl.json"}}));
    assert_eq!(pulled["kind"], "full");
    let codes: Vec<&str> = pulled["items"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"ASL201"), "{codes:?}");
    // Nothing was pushed (a request answered after them: they would be in the backlog).
    let symbols = server.result("workspace/symbol", json!({"query": "Refund"}));
    assert_eq!(symbols.as_array().map(Vec::len), Some(2), "the template's machine and state: {symbols}");
    assert!(
        !server.backlog.iter().any(|m| m["method"] == "workspace/diagnostic/refresh"),
        "one refresh only: {:?}",
        server.backlog
    );
    assert!(
        !server.backlog.iter().any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "a client that pulls gets no pushes: {:?}",
        server.backlog
    );
}

#[test]
fn a_start_execution_task_leads_to_the_machine_it_starts() {
    let dir = folder("started");
    let parent = dir.join("parent.asl.json");
    let text = r#"{"StartAt": "Go", "States": {"Go": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:order"}, "End": true}}}"#;
    std::fs::write(&parent, text).unwrap();
    let template = dir.join("stack.yaml");
    let yaml = "Resources:\n  Parent:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: Go\n        States:\n          Go:\n            Type: Task\n            Resource: arn:aws:states:::states:startExecution\n            Parameters:\n              StateMachineArn: !Ref Child\n            End: true\n  Child:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: Done\n        States:\n          Done:\n            Type: Succeed\n";
    std::fs::write(&template, yaml).unwrap();
    let (mut server, _) = start(&dir, json!({}));
    // The workspace is read: order.asl.json's diagnostics come.
    server.diagnostics(&uri(&dir.join("order.asl.json")), None);
    server.open(&uri(&parent), text);
    let column = text.find("stateMachine:order").unwrap() + 14;
    let at = |u: &str, line: usize, character: usize| json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}});
    let definition = server.result("textDocument/definition", at(&uri(&parent), 0, column));
    assert_eq!(definition["uri"], uri(&dir.join("order.asl.json")), "{definition}");
    let hover = server.result("textDocument/hover", at(&uri(&parent), 0, column));
    assert_eq!(hover["contents"]["value"], "Starts the state machine **order** (order.asl.json, line 1)");
    // In a template: `!Ref Child` is the template's machine `Child`.
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&template), "languageId": "yaml", "version": 1, "text": yaml}}),
    );
    let line = yaml.lines().position(|l| l.contains("StateMachineArn")).unwrap();
    let character = yaml.lines().nth(line).unwrap().find("!Ref").unwrap() + 6;
    let definition = server.result("textDocument/definition", at(&uri(&template), line, character));
    let child = yaml.lines().position(|l| l == "  Child:").unwrap();
    assert_eq!(definition["uri"], uri(&template));
    assert_eq!(definition["range"]["start"], json!({"line": child, "character": 2}), "{definition}");
}
