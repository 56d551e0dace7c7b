//! Runs cases of the reference JSONata test suite (`shared/jsonata-suite`,
//! format in its README) through asl-ls's engine. Shared by the
//! `jsonata_suite` example and the CI test.

#![allow(dead_code)]

use asl_ls::lang::jsonata::{self, value::deep_equal, Limits, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Outcome {
    /// `group/caseNNN.json` or `group/file.json[i]`.
    pub name: String,
    pub expr: String,
    /// `None` when the case passed.
    pub failure: Option<String>,
}

/// Parses JSON whose strings may hold lone UTF-16 surrogate escapes
/// (`"\uD800"`, valid JSON text that Rust strings cannot hold): each lone
/// surrogate becomes U+FFFD.
pub fn json_lenient(text: &str) -> serde_json::Result<serde_json::Value> {
    let mut fixed = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u") {
        // An escaped backslash before `u` is not an escape.
        let backslashes = rest[..at].chars().rev().take_while(|&c| c == '\\').count();
        fixed.push_str(&rest[..at]);
        rest = &rest[at..];
        let unit = rest.get(2..6).and_then(|h| u16::from_str_radix(h, 16).ok());
        let is_high = unit.is_some_and(|u| (0xD800..0xDC00).contains(&u));
        let is_low = unit.is_some_and(|u| (0xDC00..0xE000).contains(&u));
        let next_low = rest.get(6..8) == Some("\\u")
            && rest
                .get(8..12)
                .and_then(|h| u16::from_str_radix(h, 16).ok())
                .is_some_and(|u| (0xDC00..0xE000).contains(&u));
        if backslashes % 2 == 0 && ((is_high && !next_low) || is_low) {
            fixed.push_str("\\uFFFD");
            rest = &rest[6..];
        } else if backslashes % 2 == 0 && is_high {
            fixed.push_str(&rest[..12]);
            rest = &rest[12..];
        } else {
            fixed.push_str(&rest[..2]);
            rest = &rest[2..];
        }
    }
    fixed.push_str(rest);
    serde_json::from_str(&fixed)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every case under `groups` (a suite's `groups` folder, or one group).
pub fn run(groups: &Path, datasets: &Path) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for path in files(groups) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let content = json_lenient(&text).unwrap_or_default();
        let single = !content.is_array();
        let cases = match content {
            serde_json::Value::Array(cases) => cases,
            case => vec![case],
        };
        let base = path.strip_prefix(groups.parent().unwrap_or(groups)).unwrap_or(&path);
        let base = base.strip_prefix("groups").unwrap_or(base).display().to_string();
        for (i, case) in cases.iter().enumerate() {
            let name = if single { base.clone() } else { format!("{base}[{i}]") };
            outcomes.push(run_case(&path, datasets, name, case));
        }
    }
    outcomes
}

fn run_case(path: &Path, datasets: &Path, name: String, case: &serde_json::Value) -> Outcome {
    let expr = match (&case["expr"], &case["expr-file"]) {
        (serde_json::Value::String(e), _) => e.clone(),
        (_, serde_json::Value::String(file)) => std::fs::read_to_string(path.with_file_name(file)).unwrap_or_default(),
        _ => String::new(),
    };
    let input = if let Some(data) = case.get("data") {
        Value::from_json(data)
    } else if let Some(dataset) = case["dataset"].as_str() {
        let text = std::fs::read_to_string(datasets.join(format!("{dataset}.json"))).unwrap_or_default();
        Value::from_json(&json_lenient(&text).unwrap_or_default())
    } else {
        Value::Undefined
    };
    let bindings: Vec<(String, Value)> = case["bindings"]
        .as_object()
        .map(|b| b.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
        .unwrap_or_default();
    let bindings: Vec<(&str, Value)> = bindings.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let mut limits = Limits::default();
    if let Some(depth) = case["depth"].as_u64() {
        limits.max_depth = depth as usize;
    }
    if let Some(ms) = case["timelimit"].as_u64() {
        limits.timeout = Duration::from_millis(ms.max(1000));
    }
    let outcome = jsonata::parse(&expr).and_then(|ast| jsonata::evaluate(&ast, &input, &bindings, limits));
    let expected_code = case["code"].as_str().or_else(|| case["error"]["code"].as_str());
    let failure = match (expected_code, outcome) {
        (Some(code), Err(error)) if error.code == code => None,
        (Some(code), Err(error)) => Some(format!("expected error {code}, got {error}")),
        (Some(code), Ok(value)) => Some(format!("expected error {code}, got {}", show(&value))),
        (None, Err(error)) => Some(format!("unexpected error {error}")),
        (None, Ok(value)) => {
            if case["undefinedResult"] == serde_json::Value::Bool(true) {
                (!value.is_undefined()).then(|| format!("expected undefined, got {}", show(&value)))
            } else if let Some(expected) = case.get("result") {
                let expected_value = Value::from_json(expected);
                let unordered = case["unordered"] == serde_json::Value::Bool(true);
                (!same(&value, &expected_value, unordered))
                    .then(|| format!("expected {}, got {}", expected, show(&value)))
            } else {
                Some("case has no expected outcome".into())
            }
        }
    };
    Outcome { name, expr, failure }
}

fn show(value: &Value) -> String {
    match value {
        Value::Undefined => "undefined".into(),
        Value::Function(_) => "a function".into(),
        other => other.to_json().map(|j| j.to_string()).unwrap_or_default(),
    }
}

/// Equal as JSON, numbers to 15 significant digits (the reference's own
/// results differ from the recorded ones in the 17th digit: 90.57 vs
/// 90.57000000000001); `unordered` compares top-level arrays as multisets.
fn same(actual: &Value, expected: &Value, unordered: bool) -> bool {
    let actual = plain(actual);
    if unordered {
        if let (Some(a), Some(b)) = (actual.items(), expected.items()) {
            let mut left: Vec<&Value> = a.iter().collect();
            return a.len() == b.len()
                && b.iter().all(|item| match left.iter().position(|l| close(l, item)) {
                    Some(i) => {
                        left.remove(i);
                        true
                    }
                    None => false,
                });
        }
    }
    close(&actual, expected)
}

fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || format!("{x:.14e}") == format!("{y:.14e}"),
        (Value::Array(x), Value::Array(y)) => {
            x.items.len() == y.items.len() && x.items.iter().zip(&y.items).all(|(p, q)| close(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
        }
        _ => deep_equal(a, b),
    }
}

/// The value as JSON would carry it (functions inside become nothing).
fn plain(value: &Value) -> Value {
    value.to_json().map(|j| Value::from_json(&j)).unwrap_or(Value::Undefined)
}
