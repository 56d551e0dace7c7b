//! The evaluator against aws-local-stepfunctions (npm, installed into
//! `target/alsf-js` on first use), in the same run: `cargo bench --bench run`.
//!
//! Cases: the conformance cases that use JSONPath only (the package's
//! JSONata support differs), tasks answered by the recorded mocks in both.
//! Each definition is parsed once per side where the API allows (the
//! package builds its `StateMachine` once; asl-ls parses per run, as the
//! CLI does). Prints executions per second and the ratio.

#[path = "../../tests/support/conformance.rs"]
mod conformance;

#[path = "support/npm.rs"]
mod npm;

use asl_ls::run::mocks::Recorded;
use asl_ls::run::{run, Options};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

struct Case {
    name: String,
    text: String,
    value: Value,
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/cases");
    conformance::case_files(&[dir])
        .into_iter()
        .filter_map(|path| {
            let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
            let features = value["features"].as_array()?;
            let jsonpath_only = features.iter().any(|f| f == "jsonpath") && !features.iter().any(|f| f == "jsonata");
            if !jsonpath_only {
                return None;
            }
            let name = path.file_stem()?.to_string_lossy().into_owned();
            let text = serde_json::to_string(&value["definition"]).ok()?;
            Some(Case { name, text, value })
        })
        .collect()
}

fn execute(case: &Case) {
    let options = Options { input: case.value["input"].clone(), ..Options::default() };
    let matcher = |_: &Value, _: &Value| true;
    let mut mocks = Recorded::new(&case.value["mocks"], &matcher);
    let _ = std::hint::black_box(run(&case.text, &options, &mut mocks));
}

/// Nanoseconds per execution, and the iteration count used.
fn time_rust(case: &Case) -> (f64, u64) {
    let start = Instant::now();
    let mut iterations = 0u64;
    while start.elapsed().as_micros() < 2000 {
        execute(case);
        iterations += 1;
    }
    let start = Instant::now();
    for _ in 0..iterations {
        execute(case);
    }
    (start.elapsed().as_nanos() as f64 / iterations as f64, iterations)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let cases = cases();
    let timed: Vec<(&Case, f64, u64)> = cases
        .iter()
        .map(|c| {
            let (ns, n) = time_rust(c);
            (c, ns, n)
        })
        .collect();
    let rust_total: f64 = timed.iter().map(|(_, ns, _)| ns).sum();
    println!(
        "{} JSONPath conformance cases; asl-ls: {:.0} executions/s",
        timed.len(),
        timed.len() as f64 / (rust_total / 1e9)
    );
    let Some(dir) = npm::package("alsf-js", "aws-local-stepfunctions", "3.0.0") else {
        println!("aws-local-stepfunctions is not available: no ratio");
        return;
    };
    let payload: Vec<Value> = timed
        .iter()
        .map(|(c, _, n)| json!({"definition": c.value["definition"], "input": c.value["input"], "mocks": c.value["mocks"], "iterations": (*n).clamp(5, 200)}))
        .collect();
    let file = dir.join("cases.json");
    if std::fs::write(&file, serde_json::to_string(&payload).unwrap_or_default()).is_err() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/run_reference.js");
    let output = Command::new("node").arg(script).arg(&file).arg(&dir).output();
    let Some(js): Option<Vec<Option<f64>>> = output.ok().and_then(|o| serde_json::from_slice(&o.stdout).ok()) else {
        println!("node did not answer: no ratio");
        return;
    };
    // Only the cases both sides ran.
    let both: Vec<(&str, f64, f64)> =
        timed.iter().zip(&js).filter_map(|((c, r, _), j)| j.map(|j| (c.name.as_str(), *r, j))).collect();
    let (rust, node): (f64, f64) = both.iter().fold((0.0, 0.0), |a, (_, r, j)| (a.0 + r, a.1 + j));
    let geomean = (both.iter().map(|(_, r, j)| (j / r).ln()).sum::<f64>() / both.len().max(1) as f64).exp();
    println!(
        "{} cases both ran: asl-ls {:.0} executions/s, aws-local-stepfunctions {:.0} executions/s: {:.1}x (geometric mean of per-case ratios {:.1}x)",
        both.len(),
        both.len() as f64 / (rust / 1e9),
        both.len() as f64 / (node / 1e9),
        node / rust,
        geomean
    );
}
