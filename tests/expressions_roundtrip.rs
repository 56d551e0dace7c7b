//! The expression parsers print what they parse back to an equivalent
//! expression (the same tree, positions aside), and never panic: JSONPath
//! paths, intrinsic calls and JSONata, on every expression of the shared
//! corpora and the JSONata suite, on generated expressions, and on random
//! mutations of them.

mod support;

use asl_ls::lang::intrinsics::{self, Arg, Call};
use asl_ls::lang::{highlight, jsonata, jsonpath};
use serde_json::Value;
use support::Rng;

/// Every string in the corpora, with the key it is under.
fn corpus_strings() -> Vec<(String, String)> {
    let shared = support::shared();
    let mut out = Vec::new();
    for dir in ["corpus/real-world", "corpus/invalid", "conformance/cases", "conformance/validation"] {
        for path in support::files(&shared.join(dir), &[".json"]) {
            let Ok(value) = serde_json::from_str::<Value>(&support::read(&path)) else { continue };
            collect(&value, "", &mut out);
            if let Some(Value::String(text)) = value.get("definition_text") {
                if let Ok(definition) = serde_json::from_str::<Value>(text) {
                    collect(&definition, "", &mut out);
                }
            }
        }
    }
    out
}

fn collect(value: &Value, key: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => out.push((key.to_string(), s.clone())),
        Value::Array(items) => items.iter().for_each(|v| collect(v, key, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| collect(v, k, out)),
        _ => {}
    }
}

fn path_round_trip(text: &str) -> Result<(), String> {
    let Ok(path) = jsonpath::parse(text) else { return Ok(()) };
    let printed = path.to_string();
    let again = jsonpath::parse(&printed).map_err(|e| format!("{text:?} → {printed:?}: {e:?}"))?;
    let kinds = |p: &jsonpath::Path| (p.root.clone(), p.segments.iter().map(|s| s.kind.clone()).collect::<Vec<_>>());
    if kinds(&path) != kinds(&again) {
        return Err(format!("{text:?} → {printed:?} parses differently"));
    }
    Ok(())
}

/// A call without positions, to compare shapes.
fn call_shape(call: &Call) -> String {
    let args: Vec<String> = call
        .args
        .iter()
        .map(|a| match a {
            Arg::String(s, _) => format!("s{s:?}"),
            Arg::Number(n, _) => format!("n{n}"),
            Arg::Bool(b, _) => format!("b{b}"),
            Arg::Null(_) => "null".into(),
            Arg::Path(p, _) => format!("p{p:?}"),
            Arg::Call(c) => call_shape(c),
        })
        .collect();
    format!("{}({})", call.name, args.join(","))
}

fn call_round_trip(text: &str) -> Result<(), String> {
    let Ok(call) = intrinsics::parse(text) else { return Ok(()) };
    let printed = call.to_string();
    let again = intrinsics::parse(&printed).map_err(|e| format!("{text:?} → {printed:?}: {e:?}"))?;
    if call_shape(&call) != call_shape(&again) {
        return Err(format!("{text:?} → {printed:?} parses differently"));
    }
    Ok(())
}

fn jsonata_round_trip(text: &str) -> Result<(), String> {
    let Ok(tree) = jsonata::syntax_tree(text) else { return Ok(()) };
    let printed = jsonata::print(&tree);
    let again = jsonata::syntax_tree(&printed).map_err(|e| format!("{text:?} → {printed:?}: {e:?}"))?;
    if !jsonata::same_shape(&tree, &again) {
        return Err(format!("{text:?} → {printed:?} parses differently"));
    }
    Ok(())
}

/// The parsers and highlighters on any text: no panic.
fn never_panics(text: &str) {
    let outcome = std::panic::catch_unwind(|| {
        let _ = jsonpath::parse(text);
        let _ = intrinsics::parse(text);
        let _ = jsonata::check(text);
        let mut tokens = Vec::new();
        highlight::path(text, 0, &mut tokens);
        highlight::call(text, &mut tokens);
        highlight::jsonata(text, &mut tokens);
        let _ = jsonata::highlight(text);
    });
    assert!(outcome.is_ok(), "panic on {text:?}");
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    const NOISE: &[char] =
        &['$', '.', '[', ']', '(', ')', '\'', '"', ',', '\\', '{', '}', '%', '*', '?', ':', ' ', 'é', '0', 'a'];
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => chars[at] = NOISE[rng.below(NOISE.len())],
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ => chars.insert(at, NOISE[rng.below(NOISE.len())]),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn corpus_expressions_print_back_to_the_same_tree() {
    let strings = corpus_strings();
    assert!(strings.len() > 10_000, "expected the shared corpora");
    let mut failures = Vec::new();
    let (mut paths, mut calls, mut jsonatas) = (0, 0, 0);
    for (_, text) in &strings {
        let outcome = if text.starts_with("States.") {
            calls += 1;
            call_round_trip(text)
        } else if text.starts_with('$') {
            paths += 1;
            path_round_trip(text)
        } else if let Some(inner) = text.strip_prefix("{%").and_then(|t| t.strip_suffix("%}")) {
            jsonatas += 1;
            jsonata_round_trip(inner)
        } else {
            Ok(())
        };
        failures.extend(outcome.err());
    }
    assert!(paths > 1000 && calls > 100 && jsonatas > 500, "{paths} paths, {calls} calls, {jsonatas} JSONata");
    assert!(failures.is_empty(), "{} round trips failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn jsonata_suite_expressions_print_back_to_the_same_tree() {
    let dir = support::shared().join("jsonata-suite/groups");
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in support::files(&dir, &[".json"]) {
        let cases = match support::json_lenient(&support::read(&path)) {
            Value::Array(cases) => cases,
            case => vec![case],
        };
        for case in cases {
            let Some(expr) = case["expr"].as_str() else { continue };
            checked += 1;
            failures.extend(jsonata_round_trip(expr).err());
        }
    }
    assert!(checked > 1500);
    assert!(failures.is_empty(), "{} round trips failed:\n{}", failures.len(), failures.join("\n"));
}

/// A random path from the grammar.
fn random_path(rng: &mut Rng) -> String {
    let mut out = ["$", "$$", "$var", "$_x1"][rng.below(4)].to_string();
    for _ in 0..rng.below(5) {
        let step = match rng.below(9) {
            0 => ".name".to_string(),
            1 => format!("['{}']", ["a b", "it\\'s", "x.y", "é"][rng.below(4)]),
            2 => format!("[{}]", rng.below(20) as i64 - 5),
            3 => "[*]".into(),
            4 => ".*".into(),
            5 => format!("..{}", ["a", "*", "[0]"][rng.below(3)]),
            6 => format!("[{}:{}]", rng.below(3), 3 + rng.below(3)),
            7 => "[?(@.price > 10 && @.name == 'x)')]".into(),
            _ => "[0,2]".into(),
        };
        out.push_str(&step);
    }
    out
}

fn random_call(rng: &mut Rng, depth: usize) -> String {
    let names = ["States.Format", "States.Array", "States.MathAdd", "States.Hash", "States.Nope"];
    let mut args = Vec::new();
    for _ in 0..rng.below(4) {
        args.push(match rng.below(6) {
            0 => "'a \\{\\} \\' \\\\ b'".to_string(),
            1 => format!("{}", rng.below(1000) as f64 / 8.0 - 3.0),
            2 => ["true", "false", "null"][rng.below(3)].to_string(),
            3 if depth < 3 => random_call(rng, depth + 1),
            _ => random_path(rng),
        });
    }
    format!("{}({})", names[rng.below(names.len())], args.join(", "))
}

#[test]
fn generated_and_mutated_expressions_round_trip_without_panics() {
    let mut rng = Rng(0xA5A5_1234_DEAD_BEEF);
    let mut failures = Vec::new();
    let mut seeds = Vec::new();
    for _ in 0..3000 {
        let path = random_path(&mut rng);
        failures.extend(path_round_trip(&path).err());
        let call = random_call(&mut rng, 0);
        failures.extend(call_round_trip(&call).err());
        seeds.push(path);
        seeds.push(call);
    }
    seeds.extend(corpus_strings().into_iter().map(|(_, s)| s).filter(|s| s.starts_with(['$', '{', 'S'])).take(3000));
    for round in 0..20_000 {
        let text = mutate(&mut rng, &seeds[round % seeds.len()]);
        never_panics(&text);
        failures.extend(path_round_trip(&text).err());
        failures.extend(call_round_trip(&text).err());
        failures.extend(jsonata_round_trip(&text).err());
    }
    failures.truncate(20);
    assert!(failures.is_empty(), "round trips failed:\n{}", failures.join("\n"));
}
