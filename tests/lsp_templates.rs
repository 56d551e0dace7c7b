//! The language server on templates, end to end: a SAM template and a
//! Terraform file opened in the real binary get diagnostics at their own
//! positions, fixes and completion written in their own syntax, and
//! navigation inside each embedded definition.

mod support;

use serde_json::{json, Value};
use support::lsp_client::{applied, Server};

fn position_of(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle") + shift;
    let line = text[..offset].matches('\n').count();
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": column})
}

fn range_of(text: &str, needle: &str, nth: usize) -> Value {
    json!({"start": position_of(text, needle, nth, 0), "end": position_of(text, needle, nth, needle.len())})
}

const SAM_URI: &str = "file:///work/app/template.yaml";

const SAM: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
  Orders:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        FnArn: !GetAtt Fn.Arn
      Definition:
        StartAt: Charge
        States:
          Charge:
            Type: Task
            Resource: ${FnArn}
            Next: Shipp
          Ship:
            Type: Pass
            End: true
  Audit:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub |
        {
          \"StartAt\": \"Log\",
          \"States\": {
            \"Log\": {\"Type\": \"Pass\", \"Next\": \"Don\"},
            \"Check\": {\"Type\": \"Pass\", \"Next\": \"Done\"},
            \"Done\": {\"Type\": \"Succeed\"}
          }
        }
";

#[test]
fn a_sam_template_gets_diagnostics_fixes_completion_and_navigation_in_place() {
    let mut server = Server::start();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": SAM_URI, "languageId": "yaml", "version": 1, "text": SAM}}),
    );
    let diagnostics = server.diagnostics(SAM_URI, Some(1));
    let shipp = range_of(SAM, "Shipp", 0);
    let don = range_of(SAM, "\"Don\"", 0);
    let found: Vec<(&Value, &Value)> = diagnostics.iter().map(|d| (&d["code"], &d["range"])).collect();
    assert!(found.contains(&(&json!("ASL201"), &shipp)), "{diagnostics:#?}");
    assert!(found.contains(&(&json!("ASL201"), &don)), "{diagnostics:#?}");
    // Nothing outside the definitions: the template's own YAML is not ASL.
    assert!(diagnostics.iter().all(|d| d["range"]["start"]["line"].as_u64() >= Some(12)), "{diagnostics:#?}");
    // The fix in the inline definition writes YAML; in the `!Sub` string, JSON.
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": SAM_URI}, "range": shipp, "context": {"diagnostics": diagnostics}}),
    );
    let fixed = applied(SAM, &actions[0]["edit"]["changes"][SAM_URI]);
    assert!(fixed.contains("            Next: Ship\n          Ship:"), "{fixed}");
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": SAM_URI}, "range": don, "context": {"diagnostics": diagnostics}}),
    );
    let fixed = applied(SAM, &actions[0]["edit"]["changes"][SAM_URI]);
    assert!(fixed.contains(r#""Log": {"Type": "Pass", "Next": "Done"},"#), "{fixed}");
    // A new state added by the other fix lands at the definition's indentation.
    let added = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with("Add")))
        .expect("an add-state fix");
    let fixed = applied(SAM, &added["edit"]["changes"][SAM_URI]);
    assert!(fixed.contains("            \"Done\": {\"Type\": \"Succeed\"},\n            \"Don\": {"), "{fixed}");
    // Go to definition inside each machine, and from a placeholder to its substitution.
    let definition = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": SAM_URI}, "position": position_of(SAM, "StartAt: Charge", 0, 10)}),
    );
    assert_eq!(
        definition["range"],
        range_of(SAM, "Charge:", 0)
            .as_object()
            .map(|_| { json!({"start": position_of(SAM, "Charge:", 0, 0), "end": position_of(SAM, "Charge:", 0, 6)}) })
            .unwrap()
    );
    let definition = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": SAM_URI}, "position": position_of(SAM, "${FnArn}", 0, 3)}),
    );
    assert_eq!(definition["range"], range_of(SAM, "FnArn", 0));
    // And back: from the substitution's name to its uses.
    let definition = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": SAM_URI}, "position": position_of(SAM, "FnArn: !GetAtt", 0, 2)}),
    );
    assert_eq!(definition["range"], range_of(SAM, "${FnArn}", 0));
    let uses = server.result(
        "textDocument/references",
        json!({"textDocument": {"uri": SAM_URI}, "position": position_of(SAM, "FnArn: !GetAtt", 0, 2), "context": {"includeDeclaration": true}}),
    );
    assert_eq!(uses, json!([{"uri": SAM_URI, "range": range_of(SAM, "${FnArn}", 0)}]));
    let hover = server.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": SAM_URI}, "position": position_of(SAM, "Type: Pass", 0, 7)}),
    );
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("Pass")), "{hover}");
    // One symbol per machine, its states below.
    let symbols = server.result("textDocument/documentSymbol", json!({"textDocument": {"uri": SAM_URI}}));
    let names: Vec<&str> = symbols.as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["Orders", "Audit"]);
    let states: Vec<&str> =
        symbols[0]["children"].as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(states, ["Charge", "Ship"]);
    // Completion on a new line of a state: YAML fields at that indentation.
    let typed = SAM.replace("            End: true\n", "            End: true\n            \n");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": SAM_URI, "version": 2}, "contentChanges": [{"text": typed}]}),
    );
    let line = position_of(&typed, "            End: true\n", 0, 0)["line"].as_u64().unwrap() + 1;
    let items = server.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": SAM_URI}, "position": {"line": line, "character": 12}}),
    );
    let items = items.as_array().cloned().unwrap_or_default();
    let comment = items.iter().find(|i| i["label"] == "Comment").expect("Comment offered");
    assert!(comment["textEdit"]["newText"].as_str().is_some_and(|t| t.starts_with("Comment: ")), "{comment}");
    // Code lenses: one per machine.
    let lenses = server.result("textDocument/codeLens", json!({"textDocument": {"uri": SAM_URI}}));
    let titles: Vec<&str> = lenses.as_array().unwrap().iter().filter_map(|l| l["command"]["title"].as_str()).collect();
    assert_eq!(titles, ["▶ Run Orders", "▶ Run Audit"]);
    // A template without a state machine is left alone.
    let other = "file:///work/app/other/template.yaml";
    let text = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": other, "languageId": "yaml", "version": 1, "text": text}}),
    );
    assert_eq!(server.diagnostics(other, Some(1)), Vec::<Value>::new());
    assert_eq!(server.stop(), 0);
}

const TF_URI: &str = "file:///work/infra/main.tf";

const TF: &str = r#"resource "aws_lambda_function" "f" {
  function_name = "f"
}

resource "aws_sfn_state_machine" "orders" {
  name     = "orders"
  role_arn = aws_iam_role.sfn.arn

  definition = <<EOF
{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "${aws_lambda_function.f.arn}",
      "TimeoutSeconds": ${var.timeout},
      "Next": "Shipp"
    },
    "Ship": {"Type": "Pass", "End": true}
  }
}
EOF
}

resource "aws_sfn_state_machine" "audit" {
  name       = "audit"
  definition = jsonencode({
    StartAt = "Log"
    States = {
      Log = { Type = "Pass", Next = "Don" }
      Done = { Type = "Succeed" }
    }
  })
}
"#;

#[test]
fn a_terraform_file_gets_diagnostics_and_fixes_in_its_heredoc_and_jsonencode() {
    let mut server = Server::start();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": TF_URI, "languageId": "terraform", "version": 1, "text": TF}}),
    );
    let diagnostics = server.diagnostics(TF_URI, Some(1));
    let shipp = range_of(TF, "\"Shipp\"", 0);
    let don = range_of(TF, "\"Don\"", 0);
    let found: Vec<(&Value, &Value)> = diagnostics.iter().map(|d| (&d["code"], &d["range"])).collect();
    assert_eq!(found, [(&json!("ASL201"), &shipp), (&json!("ASL201"), &don)], "{diagnostics:#?}");
    // In `jsonencode`, the fix replaces the HCL string.
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": TF_URI}, "range": don, "context": {"diagnostics": diagnostics}}),
    );
    let fixed = applied(TF, &actions[0]["edit"]["changes"][TF_URI]);
    assert!(fixed.contains(r#"Log = { Type = "Pass", Next = "Done" }"#), "{fixed}");
    let actions = server.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": TF_URI}, "range": shipp, "context": {"diagnostics": diagnostics}}),
    );
    let fixed = applied(TF, &actions[0]["edit"]["changes"][TF_URI]);
    assert!(fixed.contains(r#""Next": "Ship""#), "{fixed}");
    let definition = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": TF_URI}, "position": position_of(TF, "\"StartAt\": \"Charge\"", 0, 13)}),
    );
    assert_eq!(definition["range"]["start"], position_of(TF, "\"Charge\": {", 0, 0));
    let symbols = server.result("textDocument/documentSymbol", json!({"textDocument": {"uri": TF_URI}}));
    assert_eq!(symbols[0]["name"], "aws_sfn_state_machine.orders");
    assert_eq!(symbols[1]["name"], "aws_sfn_state_machine.audit");
    let states: Vec<&str> =
        symbols[1]["children"].as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(states, ["Log", "Done"]);
    assert_eq!(server.stop(), 0);
}

#[test]
fn a_definition_uri_is_checked_with_the_substitutions_and_leads_to_its_file() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-definition-uri");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("statemachine")).unwrap();
    let definition = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${FnArn}", "TimeoutSeconds": ${Timeout}, "End": true}}}"#;
    std::fs::write(dir.join("statemachine/orders.asl.json"), definition).unwrap();
    let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Orders:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/orders.asl.json\n      DefinitionSubstitutions:\n        FnArn: !GetAtt Fn.Arn\n        Timeout: 30\n        Extra: x\n  Missing:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/missing.asl.json\n";
    let file = dir.join("template.yaml");
    std::fs::write(&file, template).unwrap();
    let uri = format!("file://{}", file.display());
    let mut server = Server::start();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": template}}),
    );
    let diagnostics = server.diagnostics(&uri, Some(1));
    let found: Vec<(&Value, &Value)> = diagnostics.iter().map(|d| (&d["code"], &d["range"])).collect();
    // The file is read with the substitutions: only `Extra` is unused; the missing file is an error at its path.
    assert_eq!(
        found,
        [
            (&json!("ASL021"), &range_of(template, "Extra", 0)),
            (&json!("ASL022"), &range_of(template, "statemachine/missing.asl.json", 0))
        ],
        "{diagnostics:#?}"
    );
    let target = server.result(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": position_of(template, "statemachine/orders", 0, 3)}),
    );
    assert_eq!(target["uri"], format!("file://{}", dir.join("statemachine/orders.asl.json").display()), "{target}");
    // The path is a link too (the missing file has none).
    let links = server.result("textDocument/documentLink", json!({"textDocument": {"uri": uri}}));
    assert_eq!(
        links,
        json!([{"range": range_of(template, "statemachine/orders.asl.json", 0),
                "target": format!("file://{}", dir.join("statemachine/orders.asl.json").display()),
                "tooltip": "Open statemachine/orders.asl.json"}])
    );
    assert_eq!(server.stop(), 0);
}

#[test]
fn a_run_of_a_template_machine_shows_its_outputs_in_the_template() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sam/template.yaml");
    let file = file.canonicalize().expect("the SAM example");
    let text = std::fs::read_to_string(&file).unwrap();
    let uri = format!("file://{}", file.display());
    let mut server = Server::start_with(json!({"workspace": {"inlayHint": {"refreshSupport": false}}}), json!({}));
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    assert_eq!(server.diagnostics(&uri, Some(1)), Vec::<Value>::new());
    let trace = server.result(
        "workspace/executeCommand",
        json!({"command": "asl-ls.run", "arguments": [uri, {"machine": "OrderProcessing"}]}),
    );
    assert_eq!(trace["status"], "SUCCEEDED", "{trace}");
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}});
    let hints = server.result("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": whole}));
    let hints = hints.as_array().cloned().unwrap_or_default();
    // Each hint right after a state's name in the template.
    let validate = position_of(&text, "Validate Order:", 0, "Validate Order".len());
    let hint =
        hints.iter().find(|h| h["position"] == validate).unwrap_or_else(|| panic!("no hint at {validate}: {hints:?}"));
    assert!(hint["label"].as_str().is_some_and(|l| l.starts_with("→ ")), "{hint}");
    assert!(hints.len() >= 5, "{hints:?}");
    let hover = server.result(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position_of(&text, "Validate Order:", 0, 3)}),
    );
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("**Last run**")), "{hover}");
    assert_eq!(server.stop(), 0);
}
