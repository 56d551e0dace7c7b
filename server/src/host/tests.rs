//! Finding machines in host files and mapping their text.

use super::*;

fn machines(path: &str, text: &str) -> Vec<Embedded> {
    read(path, text).map(|h| h.machines).unwrap_or_default()
}

fn body_text(m: &Embedded) -> (&str, &SourceMap) {
    match &m.body {
        Body::Text { text, map, .. } => (text, map),
        other => panic!("not a text: {other:?}"),
    }
}

const SAM: &str = "\
Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        FnArn: !GetAtt Fn.Arn
      Definition:
        StartAt: A
        States:
          A:
            Type: Task
            Resource: ${FnArn}
            End: true
  Other:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub |
        {\"StartAt\": \"B\",
         \"States\": {\"B\": {\"Type\": \"Pass\", \"End\": true}}}
";

#[test]
fn sam_inline_and_sub_definitions_are_found_and_dedented() {
    let found = machines("template.yaml", SAM);
    assert_eq!(found.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Machine", "Other"]);
    let (text, map) = body_text(&found[0]);
    assert!(text.starts_with("StartAt: A\nStates:\n  A:\n    Type: Task\n"), "{text}");
    let at = text.find("Task").unwrap() as u32;
    assert_eq!(&SAM[map.to_host(at) as usize..][..4], "Task");
    assert_eq!(found[0].embedding.substitutions[0].name, "FnArn");
    assert_eq!(found[0].embedding.substitutions[0].literal, None);
    let (text, map) = body_text(&found[1]);
    assert_eq!(text, "{\"StartAt\": \"B\",\n \"States\": {\"B\": {\"Type\": \"Pass\", \"End\": true}}}");
    assert!(map.sub);
    assert_eq!(found[1].embedding.rule, Rule::Sub);
    let at = text.find("Pass").unwrap() as u32;
    assert_eq!(&SAM[map.to_host(at) as usize..][..4], "Pass");
}

#[test]
fn cdk_joins_map_their_strings_and_placeholders() {
    let text = r#"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
  "DefinitionString": {"Fn::Join": ["", ["{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"", {"Fn::GetAtt": ["F", "Arn"]}, "\",\"End\":true}}}"]]}}}}}"#;
    let found = machines("x.template.json", text);
    let (definition, map) = body_text(&found[0]);
    assert_eq!(definition, r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"${GetAtt F.Arn}","End":true}}}"#);
    let at = definition.find("${GetAtt F.Arn}").unwrap() as u32;
    let host = map.range_to_host(crate::text::TextRange::new(at, at + 15));
    assert_eq!(&text[host.as_usize()], r#"{"Fn::GetAtt": ["F", "Arn"]}"#);
    let t = definition.find("Task").unwrap() as u32;
    assert_eq!(&text[map.to_host(t) as usize..][..4], "Task");
}

#[test]
fn terraform_heredocs_and_files_are_found() {
    let text = r#"
resource "aws_sfn_state_machine" "one" {
  name     = "one"
  definition = <<EOF
{
  "StartAt": "A",
  "States": {"A": {"Type": "Task", "Resource": "${aws_lambda_function.f.arn}", "TimeoutSeconds": ${var.timeout}, "Comment": "$${literal}", "End": true}}
}
EOF
}

resource "aws_sfn_state_machine" "two" {
  definition = templatefile("${path.module}/two.asl.json", { table = "orders", arn = aws_lambda_function.f.arn })
}
# resource "aws_sfn_state_machine" "commented" {}
"#;
    let found = machines("main.tf", text);
    let names: Vec<_> = found.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["aws_sfn_state_machine.one", "aws_sfn_state_machine.two"]);
    let (definition, map) = body_text(&found[0]);
    assert!(definition.contains(r#""Resource": "${aws_lambda_function.f.arn}""#), "{definition}");
    assert!(definition.contains(r#""TimeoutSeconds": "${var.timeout}""#), "{definition}");
    assert!(definition.contains(r#""Comment": "${literal}""#), "{definition}");
    let at = definition.find("Task").unwrap() as u32;
    assert_eq!(&text[map.to_host(at) as usize..][..4], "Task");
    match &found[1].body {
        Body::File { path, .. } => assert_eq!(path, "two.asl.json"),
        other => panic!("{other:?}"),
    }
    let subs: Vec<_> =
        found[1].embedding.substitutions.iter().map(|s| (s.name.as_str(), s.literal.as_deref())).collect();
    assert_eq!(subs, [("table", Some("orders")), ("arn", None)]);
}

#[test]
fn broken_terraform_is_one_problem() {
    let text = "resource \"aws_sfn_state_machine\" \"x\" {\n  definition = <<EOF\n{}\n";
    let problems = read("main.tf", text).map(|h| h.problems).unwrap_or_default();
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn serverless_definitions_are_found() {
    let text = "service: s\nstepFunctions:\n  stateMachines:\n    hello:\n      definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            End: true\n";
    let found = machines("serverless.yml", text);
    assert_eq!(found.len(), 1);
    let (definition, _) = body_text(&found[0]);
    assert_eq!(definition, "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true");
}

#[test]
fn a_serverless_file_variable_is_the_definition_file() {
    let text = "stepFunctions:\n  stateMachines:\n    hello:\n      definition: ${file(machines/hello.asl.json)}\n    part:\n      definition: ${file(all.yml):hello}\n";
    let found = machines("serverless.yml", text);
    match &found[0].body {
        Body::File { path, .. } => assert_eq!(path, "machines/hello.asl.json"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(found[1].body, Body::Unchecked { .. }));
}

#[test]
fn values_whose_kind_the_template_tells_are_written_as_aws_gives_them() {
    let text = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n  Work:\n    Type: AWS::StepFunctions::Activity\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionSubstitutions:\n        FnArn: !GetAtt Fn.Arn\n      Definition:\n        StartAt: A\n        States:\n          A: {Type: Task, Resource: !GetAtt [Fn, Arn], Next: B}\n          B: {Type: Task, Resource: !Ref Work, Next: C}\n          C: {Type: Task, Resource: '${FnArn}', End: true}\n";
    let found = machines("template.yaml", text);
    let Body::Text { text: definition, language, .. } = &found[0].body else { panic!("not inline") };
    let mut parse = crate::syntax::parse_yaml_cfn(definition);
    assert_eq!(*language, crate::syntax::Language::Yaml);
    crate::host::prepare(definition, &mut parse, &found[0].embedding);
    let states = parse.root.as_ref().unwrap().as_object().unwrap().value("States").unwrap().as_object().unwrap();
    let resource = |state: &str| {
        states.value(state).unwrap().as_object().unwrap().value("Resource").unwrap().as_str().unwrap().to_string()
    };
    assert_eq!(resource("A"), "arn:aws:lambda:us-east-1:123456789012:function:Fn");
    assert_eq!(resource("B"), "arn:aws:states:us-east-1:123456789012:activity:Work");
    assert_eq!(resource("C"), "arn:aws:lambda:us-east-1:123456789012:function:Fn");
}

#[test]
fn a_block_header_comment_is_no_indentation_indicator() {
    let text = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: | # v1\n        {\"StartAt\": \"A\",\n         \"States\": {\"A\": {\"Type\": \"Succeed\"}}}\n";
    let found = machines("template.yaml", text);
    let (definition, _) = body_text(&found[0]);
    assert!(definition.starts_with("{\"StartAt\""), "{definition:?}");
}
