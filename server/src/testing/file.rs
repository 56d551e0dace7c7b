//! A test file (`NAME.asl.test.yaml` or `.json`) read from its syntax
//! tree, so every problem has a place: what it tests, and its cases.

use super::{Expect, Field, Matcher};
use crate::run::tree_to_json;
use crate::syntax::{Language, Object, Value as Node};
use crate::text::TextRange;
use serde_json::Value;

/// A problem of the test file itself, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct TestFile {
    /// The definition or template tested, relative to the test file.
    pub definition: Option<String>,
    /// In a template: the state machine.
    pub machine: Option<String>,
    /// A `MockConfigFile.json` the cases' `testCase` names, relative.
    pub mock_file: Option<String>,
    pub cases: Vec<Case>,
    pub problems: Vec<Problem>,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub range: TextRange,
    pub input: Option<Value>,
    pub input_file: Option<String>,
    pub test_case: Option<String>,
    /// Inline mocks: state name → a MockConfigFile response.
    pub mocks: Option<Value>,
    pub context: Option<Value>,
    pub expect: Vec<Expect>,
}

pub(super) const FILE_KEYS: &[&str] = &["definition", "machine", "mockFile", "tests", "$schema"];
pub(super) const CASE_KEYS: &[&str] = &["name", "input", "inputFile", "testCase", "mocks", "context", "expect"];
pub(super) const EXPECT_KEYS: &[&str] = &["status", "output", "outputContains", "error", "cause", "path", "states"];
pub(super) const STATE_KEYS: &[&str] = &["input", "inputContains", "output", "outputContains", "visited"];

/// Reads a test file's text.
pub fn read(text: &str, language: Language) -> TestFile {
    let parse = language.parse(text);
    let mut file = TestFile::default();
    if let Some(error) = parse.errors.iter().find(|e| !matches!(e.kind, crate::syntax::SyntaxErrorKind::YamlTyping)) {
        file.problems
            .push(Problem { range: error.range, message: format!("the test file does not parse: {}", error.message) });
        return file;
    }
    let Some(root) = parse.root.as_ref().and_then(Node::as_object) else {
        let range = parse.root.as_ref().map_or(TextRange::empty(0), |r| r.range);
        file.problems.push(Problem { range, message: "a test file is an object with `tests`".into() });
        return file;
    };
    unknown_keys(root, FILE_KEYS, "test file", &mut file.problems);
    file.definition = string(root, "definition", &mut file.problems);
    file.machine = string(root, "machine", &mut file.problems);
    file.mock_file = string(root, "mockFile", &mut file.problems);
    match root.get("tests") {
        None => file.problems.push(Problem { range: root.open_brace, message: "the test file has no `tests`".into() }),
        Some(tests) => match tests.value.as_array() {
            None => {
                file.problems.push(Problem { range: tests.value.range, message: "`tests` is a list of cases".into() })
            }
            Some(items) => {
                for item in items {
                    if let Some(case) = case(item, &mut file.problems) {
                        file.cases.push(case);
                    }
                }
            }
        },
    }
    file
}

fn case(item: &Node, problems: &mut Vec<Problem>) -> Option<Case> {
    let Some(object) = item.as_object() else {
        problems
            .push(Problem { range: item.range, message: "a test case is an object with `name` and `expect`".into() });
        return None;
    };
    unknown_keys(object, CASE_KEYS, "test case", problems);
    let Some(name) = string(object, "name", problems) else {
        problems.push(Problem { range: object.open_brace, message: "this test case has no `name`".into() });
        return None;
    };
    let mut case = Case {
        name,
        range: item.range,
        input: object.value("input").map(tree_to_json),
        input_file: string(object, "inputFile", problems),
        test_case: string(object, "testCase", problems),
        mocks: object.value("mocks").map(tree_to_json),
        context: object.value("context").map(tree_to_json),
        expect: Vec::new(),
    };
    if let Some(mocks) = object.get("mocks") {
        if mocks.value.as_object().is_none() {
            problems
                .push(Problem { range: mocks.value.range, message: "`mocks` maps state names to responses".into() });
            case.mocks = None;
        }
    }
    match object.value("expect") {
        None => problems.push(Problem {
            range: object.open_brace,
            message: format!("the test case `{}` expects nothing: add `expect`", case.name),
        }),
        Some(expect) => case.expect = expectations(expect, problems),
    }
    Some(case)
}

fn expectations(node: &Node, problems: &mut Vec<Problem>) -> Vec<Expect> {
    let Some(object) = node.as_object() else {
        problems.push(Problem { range: node.range, message: "`expect` is an object (`status`, `output`, …)".into() });
        return Vec::new();
    };
    unknown_keys(object, EXPECT_KEYS, "`expect`", problems);
    let mut out = Vec::new();
    for member in &object.members {
        let range = member.value.range;
        let value = tree_to_json(&member.value);
        let field = match member.key.as_str() {
            "status" => match value.as_str() {
                Some(s @ ("SUCCEEDED" | "FAILED" | "TIMED_OUT")) => Field::Status(s.to_string()),
                _ => {
                    problems.push(Problem { range, message: "`status` is SUCCEEDED, FAILED or TIMED_OUT".into() });
                    continue;
                }
            },
            "output" => Field::Output(Matcher::of(value)),
            "outputContains" => Field::Output(Matcher::Contains(value)),
            "error" => Field::Error(Matcher::of(value)),
            "cause" => Field::Cause(Matcher::of(value)),
            "path" => match value.as_array().map(|a| a.iter().map(|s| s.as_str().map(str::to_string)).collect()) {
                Some(Some(names)) => Field::Path(names),
                _ => {
                    problems.push(Problem { range, message: "`path` is the list of state names taken".into() });
                    continue;
                }
            },
            "states" => {
                out.extend(state_expectations(&member.value, problems));
                continue;
            }
            _ => continue,
        };
        out.push(Expect { field, range });
    }
    out
}

fn state_expectations(node: &Node, problems: &mut Vec<Problem>) -> Vec<Expect> {
    let Some(states) = node.as_object() else {
        problems.push(Problem { range: node.range, message: "`states` maps state names to what they saw".into() });
        return Vec::new();
    };
    let mut out = Vec::new();
    for state in &states.members {
        let Some(object) = state.value.as_object() else {
            problems.push(Problem {
                range: state.value.range,
                message: "expect `input`, `output` or `visited` of a state".into(),
            });
            continue;
        };
        unknown_keys(object, STATE_KEYS, "a state's expectations", problems);
        for member in &object.members {
            let value = tree_to_json(&member.value);
            let name = state.key.to_string();
            let field = match member.key.as_str() {
                "input" => Field::StateInput(name, Matcher::of(value)),
                "inputContains" => Field::StateInput(name, Matcher::Contains(value)),
                "output" => Field::StateOutput(name, Matcher::of(value)),
                "outputContains" => Field::StateOutput(name, Matcher::Contains(value)),
                "visited" => match value.as_bool() {
                    Some(visited) => Field::Visited(name, visited),
                    None => {
                        problems
                            .push(Problem { range: member.value.range, message: "`visited` is true or false".into() });
                        continue;
                    }
                },
                _ => continue,
            };
            out.push(Expect { field, range: member.value.range });
        }
    }
    out
}

fn string(object: &Object, key: &str, problems: &mut Vec<Problem>) -> Option<String> {
    let member = object.get(key)?;
    match member.value.as_str() {
        Some(s) => Some(s.to_string()),
        None => {
            problems.push(Problem { range: member.value.range, message: format!("`{key}` is a string") });
            None
        }
    }
}

fn unknown_keys(object: &Object, known: &[&str], what: &str, problems: &mut Vec<Problem>) {
    for member in &object.members {
        if !known.contains(&member.key.as_str()) {
            problems.push(Problem {
                range: member.key_range,
                message: format!("`{}` is not a field of a {what} (fields: {})", member.key, known.join(", ")),
            });
        }
    }
}
