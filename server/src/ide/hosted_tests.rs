//! A template edited keystroke by keystroke gets what reading it afresh gives.

use super::hosted::Hosted;
use super::Config;

const SAM: &str = "\
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        Table: orders
        Unused: x
      Definition:
        StartAt: Save
        States:
          Save:
            Type: Task
            Resource: arn:aws:states:::dynamodb:putItem
            Parameters:
              TableName: ${Table}
              Item: {}
            Next: Done
          Done:
            Type: Succeed
  Audit:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub |
        {\"StartAt\": \"Log\",
         \"States\": {\"Log\": {\"Type\": \"Pass\", \"End\": true}}}
";

fn none(_: &str) -> Result<String, String> {
    Err("no files".into())
}

fn described(hosted: &Hosted) -> Vec<String> {
    let text = hosted.text();
    hosted
        .diagnostics(&Config::default())
        .iter()
        .map(|d| format!("{} {:?} {:?}", d.diagnostic.code.id(), &text[d.diagnostic.range.as_usize()], d.machine))
        .collect()
}

#[test]
fn keystrokes_in_a_definition_give_what_a_fresh_read_gives() {
    let edits: &[(&str, &str)] = &[
        ("Next: Done", "Next: Don"),
        ("Next: Done", "Next: Donee"),
        ("TableName: ${Table}", "TableName: ${Tabl}"),
        ("Type: Succeed", "Type: Succee"),
        ("\"Type\": \"Pass\"", "\"Type\": \"Pas\""),
        ("StartAt: Save", "StartAt: Sav"),
        ("Item: {}", "Item: {"),
        ("Item: {}", "Item: {\"a\": 1}"),
    ];
    for (from, to) in edits {
        let mut hosted = Hosted::new("template.yaml", SAM, &none).unwrap();
        let mut text = SAM.to_string();
        // One character at a time, as typed.
        let at = text.find(from).unwrap();
        let common = from.bytes().zip(to.bytes()).take_while(|(a, b)| a == b).count();
        for i in (common..from.len()).rev() {
            text.remove(at + i);
            hosted = hosted.after("template.yaml", &text, &none).unwrap();
        }
        for (i, c) in to[common..].char_indices() {
            let before = text.clone();
            text.insert(at + common + i, c);
            let edit = crate::text::Edit::between(&before, &text);
            // Typed inside one line of a definition: the fast path, unless it opens a bracket.
            hosted = match hosted.edited(&text, edit) {
                Ok(fast) => fast,
                // An open bracket or quote may run on into the host's lines.
                Err(old) if to.contains('{') => old.after("template.yaml", &text, &none).unwrap(),
                Err(_) => panic!("{from} -> {to}: the keystroke {c:?} read the template again"),
            };
        }
        let fresh = Hosted::new("template.yaml", &text, &none).unwrap();
        assert_eq!(described(&hosted), described(&fresh), "after {from} -> {to}");
        assert_eq!(hosted.text(), text);
        let names: Vec<_> = hosted.symbols().into_iter().map(|s| (s.name, s.range)).collect();
        let fresh_names: Vec<_> = fresh.symbols().into_iter().map(|s| (s.name, s.range)).collect();
        assert_eq!(names, fresh_names, "after {from} -> {to}");
    }
}

#[test]
fn a_broken_template_gets_one_syntax_error_and_nothing_else() {
    let broken = SAM.replace("            Next: Done\n", "            Next: Done\n          - not: [yaml\n");
    let hosted = Hosted::new("template.yaml", &broken, &none).unwrap();
    let found = described(&hosted);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("ASL008"), "{found:?}");
    let json = r#"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": {"StartAt": "A", "States": {}}}}"#;
    let hosted = Hosted::new("stack.template.json", json, &none).unwrap();
    let found = described(&hosted);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("ASL001"), "{found:?}");
}

/// `text` with the edits applied (in any order they do not overlap).
fn applied(text: &str, edits: &[crate::ide::edit::TextEdit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.as_usize(), &e.new_text);
    }
    out
}

/// The first quick fix of the diagnostic with `code`, applied.
fn fixed(path: &str, text: &str, code: &str) -> String {
    let hosted = Hosted::new(path, text, &none).unwrap();
    let config = Config::default();
    let diagnostic = hosted.diagnostics(&config).into_iter().find(|d| d.diagnostic.code.id() == code).expect(code);
    let actions = hosted.code_actions(diagnostic.diagnostic.range, &config);
    let action = actions.iter().find(|a| a.diagnostic.code.id() == code).expect("a fix");
    applied(text, &action.fix.edits)
}

#[test]
fn fixes_are_written_in_each_host_syntax() {
    // CDK: JSON inside a JSON string, quotes escaped.
    let cdk = r#"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": {"Fn::Join": ["", ["{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Don\"},\"Done\":{\"Type\":\"Succeed\"}}}"]]}}}}}"#;
    assert!(fixed("x.template.json", cdk, "ASL201").contains(r#"\"Next\":\"Done\""#));
    // A YAML double-quoted DefinitionString.
    let quoted = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: \"{\\\"StartAt\\\": \\\"A\\\", \\\"States\\\": {\\\"A\\\": {\\\"Type\\\": \\\"Pass\\\", \\\"Next\\\": \\\"Don\\\"}, \\\"Done\\\": {\\\"Type\\\": \\\"Succeed\\\"}}}\"\n";
    assert!(fixed("template.yaml", quoted, "ASL201").contains("\\\"Next\\\": \\\"Done\\\""));
    // A Terraform heredoc.
    let heredoc = "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = <<EOF\n{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Don\"}, \"Done\": {\"Type\": \"Succeed\"}}}\nEOF\n}\n";
    assert!(fixed("main.tf", heredoc, "ASL201").contains("\"Next\": \"Done\""));
}

#[test]
fn completion_is_written_in_each_host_syntax() {
    let complete = |path: &str, text: &str, at: &str| {
        let hosted = Hosted::new(path, text, &none).unwrap();
        let offset = text.find(at).unwrap() as u32 + at.len() as u32;
        hosted.completions(offset)
    };
    // In a heredoc the state names are offered as JSON strings, `${` escaped.
    let heredoc = "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = <<EOF\n{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"\"}, \"B\": {\"Type\": \"Succeed\"}}}\nEOF\n}\n";
    let items = complete("main.tf", heredoc, "\"Next\": \"");
    let b = items.iter().find(|i| i.label == "B").expect("B offered");
    assert_eq!(&heredoc[b.edit.range.as_usize()], "\"\"");
    assert_eq!(b.edit.new_text, "\"B\"");
    // In a CDK string the same item is written escaped, as plain text.
    let cdk = r#"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"\"},\"B\":{\"Type\":\"Succeed\"}}}"}}}}"#;
    let items = complete("x.template.json", cdk, r#"\"Next\":\""#);
    let b = items.iter().find(|i| i.label == "B").expect("B offered");
    assert_eq!(b.edit.new_text, r#"\"B\""#);
    assert!(!b.snippet);
    // In `jsonencode`, an HCL string.
    let hcl = "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = jsonencode({\n    StartAt = \"A\"\n    States = {\n      A = { Type = \"Pass\", Next = \"\" }\n      B = { Type = \"Succeed\" }\n    }\n  })\n}\n";
    let items = complete("main.tf", hcl, "Next = \"");
    let b = items.iter().find(|i| i.label == "B").expect("B offered");
    assert_eq!((&hcl[b.edit.range.as_usize()], b.edit.new_text.as_str()), ("\"\"", "\"B\""));
}

/// The codes of a template's diagnostics and of the files it names.
fn codes(path: &str, text: &str, resolve: &dyn Fn(&str) -> Result<String, String>) -> Vec<String> {
    let hosted = Hosted::new(path, text, resolve).unwrap();
    let config = Config::default();
    let mut out: Vec<String> = hosted.diagnostics(&config).iter().map(|d| d.diagnostic.code.id().to_string()).collect();
    for (_, _, found) in hosted.linked_diagnostics(&config) {
        out.extend(found.iter().map(|d| d.code.id().to_string()));
    }
    out
}

#[test]
fn reviewed_inputs_read_without_panic_or_false_error() {
    // Escapes before multi-byte characters, a no-break space as a value, an unclosed interpolation.
    let escaped = r#"{"Resources":{"M":{"Type":"AWS::StepFunctions::StateMachine","Properties":{"DefinitionString":"\é \u000é"}}}}"#;
    let _ = Hosted::new("x.template.json", escaped, &none);
    let nbsp = "resource \"aws_sfn_state_machine\" \"m\" { definition = jsonencode({ A = \u{a0} }) }\n";
    let _ = Hosted::new("main.tf", nbsp, &none);
    let nbsp = "resource \"aws_sfn_state_machine\" \"m\" { definition = jsonencode(\u{a0}) }\n";
    let _ = Hosted::new("main.tf", nbsp, &none);
    let templatefile =
        "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = templatefile(\"m.json\", { a = 1 })\n}\n";
    let _ = Hosted::new("main.tf", templatefile, &|_| Ok("${é".to_string()));
    // An interpolation over two lines is one placeholder.
    let heredoc = "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = <<EOF\n{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Result\": ${max(\n10, var.t)}, \"End\": true}}}\nEOF\n}\n";
    assert_eq!(codes("main.tf", heredoc, &none), Vec::<String>::new());
    // A definition that is no object literal is counted, not checked.
    let local = "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = jsonencode(local.definition)\n}\n";
    assert_eq!(codes("main.tf", local, &none), Vec::<String>::new());
    // templatefile variables from elsewhere, and a variable's member.
    let file = |_: &str| {
        Ok(r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${arns.lambda}", "Comment": "${other}", "End": true}}}"#.to_string())
    };
    let elsewhere =
        "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = templatefile(\"m.json\", local.vars)\n}\n";
    assert_eq!(codes("main.tf", elsewhere, &file), Vec::<String>::new());
    let listed = "resource \"aws_sfn_state_machine\" \"m\" {\n  definition = templatefile(\"m.json\", { arns: local.arns })\n}\n";
    assert_eq!(codes("main.tf", listed, &file), ["ASL020"], "only `other` is missing");
    // `%%{` in a Terraform string is literal.
    let literal = "variable \"x\" {\n  description = \"literal %%{ here\"\n}\nresource \"aws_sfn_state_machine\" \"m\" {\n  definition = <<EOF\n{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}\nEOF\n}\n";
    assert_eq!(codes("main.tf", literal, &none), Vec::<String>::new());
    // Names a macro or the Serverless Framework adds are not refused.
    let macro_made = "Transform: AWS::LanguageExtensions\nResources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub '{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Result\": \"${QueueA}\", \"End\": true}}}'\n";
    assert_eq!(codes("template.yaml", macro_made, &none), Vec::<String>::new());
    let serverless = "stepFunctions:\n  stateMachines: {}\nresources:\n  Resources:\n    M:\n      Type: AWS::StepFunctions::StateMachine\n      Properties:\n        DefinitionString: !Sub '{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${HelloLambdaFunction.Arn}\", \"End\": true}}}'\n";
    assert_eq!(codes("serverless.yml", serverless, &none), Vec::<String>::new());
}

#[test]
fn a_removed_member_leaves_the_next_line_at_its_indentation() {
    let text = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        Foo: 1\n        StartAt: A\n        States:\n          A:\n            Type: Succeed\n";
    let out = fixed("template.yaml", text, "ASL102");
    assert!(out.contains("      Definition:\n        StartAt: A\n"), "{out}");
}

#[test]
fn join_delimiters_keep_the_map_in_host_order() {
    let text = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Join\n        - \"\\n\"\n        - - '{\"StartAt\": \"A\",'\n          - '\"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Don\"}, \"Done\": {\"Type\": \"Succeed\"}}}'\n";
    let hosted = Hosted::new("template.yaml", text, &none).unwrap();
    let pieces = hosted.machines()[0].map.pieces();
    assert!(pieces.windows(2).all(|w| w[0].host <= w[1].host), "{pieces:?}");
    // Inside the second part: the definition of `Don`'s state is not found, but the place maps.
    let at = text.find("\"Type\": \"Pass\"").unwrap() as u32 + 9;
    assert!(hosted.hover(at).is_some_and(|h| &text[h.range.as_usize()] == "\"Pass\""));
    assert!(fixed("template.yaml", text, "ASL201").contains("\"Next\": \"Done\""));
}

#[test]
fn keystrokes_at_a_line_start_read_the_template_again() {
    let text = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: |\n        {\n\n          \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}\n        }\n";
    let hosted = Hosted::new("template.yaml", text, &none).unwrap();
    // A character at column 0 of the blank line ends the `|` string in the host.
    let at = text.find("{\n\n").unwrap() + 2;
    let mut typed = text.to_string();
    typed.insert(at, 'x');
    let edit = crate::text::Edit::between(text, &typed);
    assert!(hosted.edited(&typed, edit).is_err());
}

#[test]
fn the_settings_turn_off_or_raise_template_codes_too() {
    use crate::ide::diagnostics::{Code, Severity};
    let hosted = Hosted::new("template.yaml", SAM, &none).unwrap();
    let mut config = Config::default();
    let unused = |config: &Config| {
        hosted
            .diagnostics(config)
            .into_iter()
            .filter(|d| d.diagnostic.code == Code::TemplateUnusedSubstitution)
            .map(|d| d.diagnostic.severity)
            .collect::<Vec<_>>()
    };
    assert_eq!(unused(&config), [Severity::Warning]);
    config.severities.insert(Code::TemplateUnusedSubstitution, Some(Severity::Error));
    assert_eq!(unused(&config), [Severity::Error]);
    config.severities.insert(Code::TemplateUnusedSubstitution, None);
    assert_eq!(unused(&config), []);
}
