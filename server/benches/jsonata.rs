//! The JSONata engine against the reference JavaScript implementation, in
//! the same run: `cargo bench --bench jsonata`.
//!
//! Cases: every value-producing case of the reference suite that does not
//! depend on the clock or randomness, plus Step Functions-style templates
//! over `$states.input`. Each expression is parsed once and evaluated many
//! times, in Rust and in Node (the npm `jsonata` package, installed into
//! `target/jsonata-js` on first use). Prints per-group and overall ratios.

use asl_ls::lang::jsonata::{self, Limits, Value};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "../../tests/support/jsonata_suite.rs"]
mod suite;

#[path = "support/npm.rs"]
mod npm;

struct Case {
    group: String,
    expr: String,
    input: serde_json::Value,
    bindings: serde_json::Map<String, serde_json::Value>,
}

const TEMPLATES: &[&str] = &[
    "$states.input.order.items[price > 10].{ 'sku': sku, 'total': price * qty }",
    "$sum($states.input.order.items.(price * qty))",
    "$states.input.customer.firstName & ' ' & $states.input.customer.lastName",
    "$count($states.input.order.items) > 2 ? 'bulk' : 'single'",
    "$merge([$states.input.customer, {'processed': true}])",
    "$states.input.order.items ~> $filter(function($i){ $i.qty > 1 }) ~> $map(function($i){ $i.sku })",
    "$string($states.input.order.total)",
    "$join($states.input.tags, ',')",
    "$exists($states.input.error) ? $states.input.error.Cause : 'ok'",
    "$states.input.order.items^(>price)[0].sku",
    "{ 'id': $states.context.Execution.Name, 'count': $count($states.input.order.items), 'first': $states.input.order.items[0] }",
    "$states.input.order.items.{ 'sku': sku, 'tax': $round(price * 0.2, 2) }",
];

fn cases(root: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    let groups = root.join("groups");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&groups).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    for group in files {
        let name = group.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(&group).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        entries.sort();
        for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
            let content = suite::json_lenient(&std::fs::read_to_string(path).unwrap_or_default()).unwrap_or_default();
            for case in content.as_array().cloned().unwrap_or_else(|| vec![content.clone()]) {
                let Some(expr) = case["expr"].as_str() else { continue };
                let volatile = ["$now", "$millis", "$random", "$shuffle", "$eval", "$toMillis", "$fromMillis"];
                if case.get("result").is_none()
                    || volatile.iter().any(|v| expr.contains(v))
                    || case.get("timelimit").is_some()
                {
                    continue;
                }
                let input = if let Some(data) = case.get("data") {
                    data.clone()
                } else if let Some(dataset) = case["dataset"].as_str() {
                    let text = std::fs::read_to_string(root.join("datasets").join(format!("{dataset}.json")))
                        .unwrap_or_default();
                    suite::json_lenient(&text).unwrap_or_default()
                } else {
                    serde_json::Value::Null
                };
                let bindings = case["bindings"].as_object().cloned().unwrap_or_default();
                out.push(Case { group: name.clone(), expr: expr.to_string(), input, bindings });
            }
        }
    }
    let states = json!({"states": {
        "input": {
            "order": {"total": 131.5, "items": [
                {"sku": "A-1", "price": 12.5, "qty": 2}, {"sku": "B-2", "price": 4.0, "qty": 1},
                {"sku": "C-3", "price": 99.0, "qty": 1}, {"sku": "D-4", "price": 1.5, "qty": 3}]},
            "customer": {"firstName": "Ada", "lastName": "Lovelace", "tier": "gold"},
            "tags": ["new", "priority", "eu"]
        },
        "context": {"Execution": {"Name": "run-42"}}
    }});
    for template in TEMPLATES {
        out.push(Case {
            group: "step-functions".into(),
            expr: template.to_string(),
            input: serde_json::Value::Null,
            bindings: states.as_object().cloned().unwrap_or_default(),
        });
    }
    out
}

/// Nanoseconds per evaluation in Rust, and a good iteration count.
fn time_rust(case: &Case) -> Option<(f64, u64)> {
    let ast = jsonata::parse(&case.expr).ok()?;
    let input = Value::from_json(&case.input);
    let bindings: Vec<(String, Value)> = case.bindings.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect();
    let bindings: Vec<(&str, Value)> = bindings.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    jsonata::evaluate(&ast, &input, &bindings, Limits::default()).ok()?;
    // Enough iterations for about 2 ms.
    let start = Instant::now();
    let mut iterations = 0u64;
    while start.elapsed().as_micros() < 2000 {
        let _ = jsonata::evaluate(&ast, &input, &bindings, Limits::default());
        iterations += 1;
    }
    let start = Instant::now();
    for _ in 0..iterations {
        let _ = std::hint::black_box(jsonata::evaluate(&ast, &input, &bindings, Limits::default()));
    }
    Some((start.elapsed().as_nanos() as f64 / iterations as f64, iterations))
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list`
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/jsonata-suite");
    let cases = cases(&root);
    let mut timed = Vec::new();
    for case in &cases {
        if let Some((ns, iterations)) = time_rust(case) {
            timed.push((case, ns, iterations));
        }
    }
    println!("{} cases timed in Rust", timed.len());
    let Some(dir) = npm::package("jsonata-js", "jsonata", "2.2.2") else {
        println!("the reference implementation (npm jsonata) is not available: no ratio");
        return;
    };
    let payload: Vec<serde_json::Value> = timed
        .iter()
        .map(|(case, _, iterations)| {
            json!({"expr": case.expr, "input": case.input, "bindings": case.bindings, "iterations": iterations})
        })
        .collect();
    let file = dir.join("cases.json");
    if std::fs::write(&file, serde_json::to_string(&payload).unwrap_or_default()).is_err() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/jsonata_reference.js");
    let output = Command::new("node").arg(script).arg(&file).arg(&dir).output();
    let Some(js): Option<Vec<f64>> = output.ok().and_then(|o| serde_json::from_slice(&o.stdout).ok()) else {
        println!("node did not answer: no ratio");
        return;
    };
    // Per group: total time of each side; overall: geometric mean of per-case ratios.
    let mut groups: std::collections::BTreeMap<&str, (f64, f64, usize)> = Default::default();
    let mut log_sum = 0.0;
    for ((case, rust, _), js) in timed.iter().zip(&js) {
        let entry = groups.entry(case.group.as_str()).or_default();
        entry.0 += rust;
        entry.1 += js;
        entry.2 += 1;
        log_sum += (js / rust).ln();
    }
    let (rust_total, js_total): (f64, f64) =
        timed.iter().zip(&js).map(|((_, r, _), j)| (*r, *j)).fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("\n{:<28} {:>6} {:>12} {:>12} {:>8}", "group", "cases", "rust µs", "js µs", "js/rust");
    for (group, (rust, js, n)) in &groups {
        println!("{:<28} {:>6} {:>12.1} {:>12.1} {:>7.2}x", group, n, rust / 1000.0, js / 1000.0, js / rust);
    }
    println!(
        "\nall {} cases: rust {:.1} ms, js {:.1} ms per pass (ratio {:.2}x); geometric mean of per-case ratios {:.2}x",
        timed.len(),
        rust_total / 1e6,
        js_total / 1e6,
        js_total / rust_total,
        (log_sum / timed.len() as f64).exp()
    );
}
