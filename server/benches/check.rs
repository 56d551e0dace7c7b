//! Checking large definitions: the 1000- and 5000-state files of
//! `shared/corpus/synthetic` (the 5000-state ones are generated into the
//! target directory by the corpus's own generator), against a plain
//! `serde_json::from_str` of the same text as the baseline.
//!
//! `cargo bench --bench check` prints divan's table, then the ratio of each
//! phase to the baseline, measured in the same run (medians, interleaved).

use asl_ls::ide::diagnostics::check;
use asl_ls::ide::Config;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const FILES: &[&str] = &[
    "synthetic-1000.asl.json",
    "synthetic-jsonata-1000.asl.json",
    "synthetic-5000.asl.json",
    "synthetic-jsonata-5000.asl.json",
];

fn synthetic_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/synthetic")
}

/// The texts by file name; the 5000-state files are generated once.
fn inputs() -> &'static Vec<(&'static str, String)> {
    static INPUTS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/synthetic");
        if !generated.join("synthetic-5000.asl.json").exists() {
            let status = std::process::Command::new("python3")
                .arg(synthetic_dir().join("generate.py"))
                .arg(&generated)
                .args(["--sizes", "5000", "-q"])
                .status();
            if !matches!(status, Ok(s) if s.success()) {
                eprintln!("could not generate the 5000-state files with python3: {status:?}");
            }
        }
        FILES
            .iter()
            .filter_map(|name| {
                let path =
                    [synthetic_dir(), generated.clone()].into_iter().map(|d| d.join(name)).find(|p| p.exists())?;
                Some((*name, std::fs::read_to_string(path).ok()?))
            })
            .collect()
    })
}

fn text(name: &str) -> &'static str {
    inputs().iter().find(|(n, _)| *n == name).map(|(_, t)| t.as_str()).unwrap_or("{}")
}

#[divan::bench(args = FILES)]
fn serde_json_from_str(bencher: divan::Bencher, name: &str) {
    let text = text(name);
    bencher.bench(|| serde_json::from_str::<serde_json::Value>(divan::black_box(text)).ok());
}

#[divan::bench(args = FILES)]
fn parse(bencher: divan::Bencher, name: &str) {
    let text = text(name);
    bencher.bench(|| asl_ls::syntax::parse(divan::black_box(text)));
}

#[divan::bench(args = FILES)]
fn check_definition(bencher: divan::Bencher, name: &str) {
    let text = text(name);
    let config = Config::default();
    bencher.bench(|| check(divan::black_box(text), &config));
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Medians of interleaved runs, so machine noise hits both sides alike.
fn ratios() {
    println!("\nratio to serde_json::from_str of the same text (median of 30 interleaved runs):");
    println!(
        "{:<34} {:>8} {:>12} {:>12} {:>12} {:>8} {:>8}",
        "file", "bytes", "serde_json", "parse", "check", "parse×", "check×"
    );
    let config = Config::default();
    for (name, text) in inputs() {
        let (mut base, mut parsed, mut checked) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..30 {
            let start = Instant::now();
            std::hint::black_box(serde_json::from_str::<serde_json::Value>(text).ok());
            base.push(start.elapsed());
            let start = Instant::now();
            std::hint::black_box(asl_ls::syntax::parse(text));
            parsed.push(start.elapsed());
            let start = Instant::now();
            std::hint::black_box(check(text, &config));
            checked.push(start.elapsed());
        }
        let (base, parsed, checked) = (median(base), median(parsed), median(checked));
        println!(
            "{:<34} {:>8} {:>12.2?} {:>12.2?} {:>12.2?} {:>7.2}x {:>7.2}x",
            name,
            text.len(),
            base,
            parsed,
            checked,
            parsed.as_secs_f64() / base.as_secs_f64(),
            checked.as_secs_f64() / base.as_secs_f64()
        );
    }
}

fn main() {
    inputs();
    divan::main();
    ratios();
}
