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
