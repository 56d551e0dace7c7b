//! The JSONata engine never panics and never hangs: random expressions
//! (grown from a grammar, and mutations of the reference suite's own
//! expressions) checked as an editor does, then evaluated on random
//! inputs, under the engine's limits.

mod support;

use asl_ls::lang::jsonata::{self, Limits, Value};
use std::time::{Duration, Instant};

use support::Rng;

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len())]
}

const NAMES: &[&str] = &["a", "b", "items", "price", "Account", "Order", "`odd name`", "$", "$$", "*", "**", "%"];
const FUNCTIONS: &[&str] = &[
    "$sum",
    "$count",
    "$max",
    "$string",
    "$substring",
    "$uppercase",
    "$length",
    "$split",
    "$join",
    "$match",
    "$replace",
    "$number",
    "$round",
    "$power",
    "$boolean",
    "$not",
    "$map",
    "$filter",
    "$reduce",
    "$sift",
    "$keys",
    "$lookup",
    "$append",
    "$exists",
    "$spread",
    "$merge",
    "$reverse",
    "$each",
    "$sort",
    "$distinct",
    "$zip",
    "$formatNumber",
    "$formatInteger",
    "$fromMillis",
    "$toMillis",
    "$pad",
    "$contains",
    "$base64encode",
    "$encodeUrl",
    "$decodeUrlComponent",
    "$type",
    "$single",
    "$shuffle",
    "$eval",
    "$error",
    "$clone",
];
const OPERATORS: &[&str] =
    &["+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "&", "and", "or", "in", "~>", "..", "??", "?:"];

fn expression(rng: &mut Rng, depth: usize) -> String {
    if depth == 0 {
        return match rng.below(6) {
            0 => format!("{}", rng.below(100) as i64 - 20),
            1 => format!("'{}'", pick(rng, &["", "x", "a,b", "2024-01-01", "ünï"])),
            2 => pick(rng, &["true", "false", "null"]).to_string(),
            3 => format!("${}", pick(rng, &["x", "f", "", "states"])),
            _ => pick(rng, NAMES).to_string(),
        };
    }
    let d = depth - 1;
    match rng.below(14) {
        0 => format!("{}.{}", expression(rng, d), expression(rng, d)),
        1 => format!("{} {} {}", expression(rng, d), pick(rng, OPERATORS), expression(rng, d)),
        2 => format!("{}[{}]", expression(rng, d), expression(rng, d)),
        3 => format!("[{}, {}]", expression(rng, d), expression(rng, d)),
        4 => format!("{{{}: {}}}", expression(rng, d), expression(rng, d)),
        5 => format!("{}({}, {})", pick(rng, FUNCTIONS), expression(rng, d), expression(rng, d)),
        6 => format!("function($x, $y){{ {} }}", expression(rng, d)),
        7 => format!("({} ? {} : {})", expression(rng, d), expression(rng, d), expression(rng, d)),
        8 => format!("($x := {}; {})", expression(rng, d), expression(rng, d)),
        9 => format!("{}^(>{})", expression(rng, d), expression(rng, d)),
        10 => format!("{}@$e.{}#$i", expression(rng, d), expression(rng, d)),
        11 => format!("|{}|{{'k': {}}}, ['a']|", expression(rng, d), expression(rng, d)),
        12 => format!("{}{{{}: {}}}", expression(rng, d), expression(rng, d), expression(rng, d)),
        _ => format!("-{}", expression(rng, d)),
    }
}

fn mutate(rng: &mut Rng, source: &str) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for _ in 0..1 + rng.below(4) {
        if chars.is_empty() {
            break;
        }
        let at = rng.below(chars.len());
        let noise = [
            '(', ')', '[', ']', '{', '}', '.', '$', '%', '"', '\'', '/', '*', ',', ':', ';', '?', '@', '#', '^', '|',
            '~', '>', '1',
        ];
        match rng.below(3) {
            0 => chars[at] = noise[rng.below(noise.len())],
            1 => {
                chars.remove(at);
            }
            _ => chars.insert(at, noise[rng.below(noise.len())]),
        }
    }
    chars.into_iter().collect()
}

fn inputs() -> Vec<Value> {
    let json = [
        r#"{"a": 1, "b": [1, 2, {"c": "x"}], "items": [{"price": 3}, {"price": 12.5}], "Account": {"Order": [{"x": 1}]}}"#,
        r#"[1, "two", null, true, [3, [4]], {"a": {"a": {"a": 1}}}]"#,
        r#""just a string""#,
        "null",
    ];
    json.iter().map(|j| Value::from_json(&serde_json::from_str(j).expect("input"))).collect()
}

fn run(expression: &str, input: &Value) {
    let limits = Limits { max_depth: 200, timeout: Duration::from_millis(500) };
    // The editor's recovering check ends, and finds an error exactly when
    // the strict parse does, no later than it. (Not always the same one: a
    // strict parse reads one token ahead, so a bad string right after a
    // bad token is what it meets first.)
    let all = std::panic::catch_unwind(|| jsonata::check(expression));
    let all = all.unwrap_or_else(|_| panic!("panic checking {expression:?}"));
    let parsed = jsonata::parse(expression);
    match (all.first(), &parsed) {
        (None, Ok(_)) => {}
        (Some(first), Err(strict)) if first.range.start <= strict.range.start => {}
        (first, _) => panic!("{expression:?}: check finds {first:?}, parse {:?}", parsed.err()),
    }
    let Ok(ast) = parsed else { return };
    let bindings = [("x", Value::Number(2.0))];
    let started = Instant::now();
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| jsonata::evaluate(&ast, input, &bindings, limits)));
    assert!(outcome.is_ok(), "panic evaluating {expression:?}");
    // The limits end every evaluation; allow generous slack for a loaded machine.
    assert!(started.elapsed() < Duration::from_secs(20), "{expression:?} ran {:?}", started.elapsed());
}

#[test]
fn random_expressions_neither_panic_nor_hang() {
    let inputs = inputs();
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    for round in 0..10000 {
        let depth = 1 + rng.below(4);
        let expression = expression(&mut rng, depth);
        run(&expression, &inputs[round % inputs.len()]);
    }
}

#[test]
fn mutated_suite_expressions_neither_panic_nor_hang() {
    let groups = support::shared().join("jsonata-suite/groups");
    let mut sources = Vec::new();
    for path in support::files(&groups, &[".json"]) {
        let content = support::json_lenient(&support::read(&path));
        for case in content.as_array().cloned().unwrap_or_else(|| vec![content.clone()]) {
            if let Some(expr) = case["expr"].as_str() {
                sources.push(expr.to_string());
            }
        }
    }
    let inputs = inputs();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..10000 {
        let source = &sources[rng.below(sources.len())];
        let expression = mutate(&mut rng, source);
        run(&expression, &inputs[round % inputs.len()]);
    }
}
