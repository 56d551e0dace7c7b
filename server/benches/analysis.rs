//! Analysis of large definitions, phase by phase: the synthetic files of
//! `shared/corpus/synthetic` at 100, 1000, 5000 and 20000 states (the
//! larger ones generated into `target/synthetic` by the corpus's own
//! generator), each phase against a plain `serde_json::from_str` of the
//! same text measured in the same run.
//!
//! `cargo bench --bench analysis` prints divan's table for the 1000- and
//! 5000-state files, then the phase table: medians of interleaved runs, as
//! milliseconds, as a ratio to serde_json, and per MB (flat when the cost
//! grows linearly with the size); then the whole real-world corpus checked
//! against read + serde_json; then the same files as YAML against JSON.
//! `-- --phases`, `-- --yaml` or `-- --corpus` print one table.

#[path = "../../tests/support/mod.rs"]
mod support;

use asl_ls::ide::diagnostics::{check, check_in, StateMemo};
use asl_ls::ide::{Analysis, Config};
use asl_ls::run::mocks::{Answer, Mocks};
use asl_ls::run::{run, Options};
use asl_ls::syntax::Language;
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const SIZES: &[usize] = &[100, 1000, 5000, 20000];
const DIVAN_FILES: &[&str] = &[
    "synthetic-1000.asl.json",
    "synthetic-jsonata-1000.asl.json",
    "synthetic-5000.asl.json",
    "synthetic-jsonata-5000.asl.json",
];

fn synthetic_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/synthetic")
}

/// Every synthetic text by file name; missing sizes are generated once.
fn inputs() -> &'static Vec<(String, String)> {
    static INPUTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/synthetic");
        if !generated.join("synthetic-20000.asl.json").exists() {
            let status = std::process::Command::new("python3")
                .arg(synthetic_dir().join("generate.py"))
                .arg(&generated)
                .args(["--sizes", "5000,20000", "-q"])
                .status();
            if !matches!(status, Ok(s) if s.success()) {
                eprintln!("could not generate the large files with python3: {status:?}");
            }
        }
        let names =
            SIZES.iter().flat_map(|n| [format!("synthetic-{n}.asl.json"), format!("synthetic-jsonata-{n}.asl.json")]);
        names
            .filter_map(|name| {
                let path =
                    [synthetic_dir(), generated.clone()].into_iter().map(|d| d.join(&name)).find(|p| p.exists())?;
                let text = std::fs::read_to_string(path).ok()?;
                Some((name, text))
            })
            .collect()
    })
}

fn text(name: &str) -> &'static str {
    inputs().iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str()).unwrap_or("{}")
}

/// Offsets for the editor requests: inside the middle `Next` value and `Type` value.
fn offsets(text: &str) -> (u32, u32) {
    let middle = |needle: &str| {
        let all: Vec<usize> = text.match_indices(needle).map(|(i, _)| i + needle.len() + 1).collect();
        all.get(all.len() / 2).copied().unwrap_or(0) as u32
    };
    (middle("\"Next\": \""), middle("\"Type\": \""))
}

/// What the server does on a keystroke: a character typed into (then
/// deleted from) the middle state's name, the new version reparsed from
/// the previous one, lowered and checked with the memo of the last check.
struct Keystrokes {
    language: Language,
    versions: [String; 2],
    turn: Cell<usize>,
    memo: RefCell<StateMemo>,
    previous: RefCell<Option<Analysis>>,
}

impl Keystrokes {
    fn new(text: &str, config: &Config) -> Self {
        Keystrokes::new_in(text, Language::Json, config)
    }

    /// In YAML: the middle key that opens a mapping (a state's name, mostly).
    fn new_in(text: &str, language: Language, config: &Config) -> Self {
        let opening = if language == Language::Json { "\": {" } else { ":\n" };
        let middle = text.match_indices(opening).nth(text.matches(opening).count() / 2);
        let at = middle.map_or(0, |(i, _)| i);
        let mut edited = text.to_string();
        edited.insert(at, 'X');
        let keystrokes = Keystrokes {
            language,
            versions: [edited, text.to_string()],
            turn: Cell::new(0),
            memo: RefCell::default(),
            previous: RefCell::default(),
        };
        keystrokes.type_one(config);
        keystrokes
    }

    fn type_one(&self, config: &Config) {
        let text = &self.versions[self.turn.get()];
        self.turn.set(1 - self.turn.get());
        let analysis = match self.previous.take() {
            Some(previous) => Analysis::after(text.as_str(), previous),
            None => Analysis::new_in(text.as_str(), self.language),
        };
        std::hint::black_box(analysis.diagnostics_with(config, Some(&mut self.memo.borrow_mut())).len());
        self.previous.replace(Some(analysis));
    }
}

/// Tasks answer as a Lambda would, so runs go on past them.
struct LambdaLike;

impl Mocks for LambdaLike {
    fn answer(&mut self, _: &str, _: &Value, _: usize) -> Option<Answer> {
        Some(Answer::Return(json!({"Payload": {"ok": true, "total": 3}, "StatusCode": 200})))
    }
}

fn run_input() -> Value {
    json!({"orderId": "o-1", "customer": {"id": "c-1", "tier": "gold", "email": "a@example.com"},
           "order": {"total": 50, "items": [{"qty": 1, "price": 2}], "region": "eu", "createdAt": "2026-01-01T00:00:00Z"},
           "items": [{"price": 1}, {"price": 2}], "raw": "aGk=", "encoded": "aGk=", "counter": 1, "json": "{}",
           "cutoff": "2027-01-01T00:00:00Z"})
}

#[divan::bench(args = DIVAN_FILES)]
fn serde_json_from_str(bencher: divan::Bencher, name: &str) {
    let text = text(name);
    bencher.bench(|| serde_json::from_str::<Value>(divan::black_box(text)).ok());
}

#[divan::bench(args = DIVAN_FILES)]
fn parse(bencher: divan::Bencher, name: &str) {
    let text = text(name);
    bencher.bench(|| asl_ls::syntax::parse(divan::black_box(text)));
}

#[divan::bench(args = DIVAN_FILES)]
fn model(bencher: divan::Bencher, name: &str) {
    let parse = asl_ls::syntax::parse(text(name));
    let root = parse.root.as_ref();
    bencher.bench(|| root.and_then(asl_ls::model::lower).map(|m| m.states.len()));
}

#[divan::bench(args = DIVAN_FILES)]
fn check_definition(bencher: divan::Bencher, name: &str) {
    let text = text(name);
    let config = Config::default();
    bencher.bench(|| check(divan::black_box(text), &config));
}

#[divan::bench(args = DIVAN_FILES)]
fn completion_in_next(bencher: divan::Bencher, name: &str) {
    let analysis = Analysis::new(text(name));
    let (next, _) = offsets(analysis.text());
    bencher.bench(|| analysis.completions(divan::black_box(next)).len());
}

#[divan::bench(args = DIVAN_FILES)]
fn evaluation(bencher: divan::Bencher, name: &str) {
    let text = text(name);
    let options = Options { input: run_input(), ..Options::default() };
    bencher.bench(|| run(divan::black_box(text), &options, &mut LambdaLike).map(|o| o.states.len()).ok());
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Times `phases` on `text`, interleaved `rounds` times; medians.
fn measure(rounds: usize, phases: &[&dyn Fn()]) -> Vec<Duration> {
    let mut samples = vec![Vec::new(); phases.len()];
    for _ in 0..rounds {
        for (phase, out) in phases.iter().zip(&mut samples) {
            let start = Instant::now();
            phase();
            out.push(start.elapsed());
        }
    }
    samples.into_iter().map(median).collect()
}

/// The phase table: every size, every phase, interleaved with the baseline.
fn phase_table() {
    const NAMES: &[&str] = &[
        "serde_json",
        "parse",
        "model",
        "check",
        "edit",
        "analysis",
        "completion",
        "hover",
        "definition",
        "symbols",
        "run",
    ];
    println!("\nphases, medians of interleaved runs (ms; ×: ratio to serde_json of the same text; /MB: ms per MB)");
    print!("{:<32} {:>8}", "file", "MB");
    for name in NAMES {
        print!(" {name:>10}");
    }
    println!(" {:>8} {:>8}", "check×", "check/MB");
    let config = Config::default();
    let options = Options { input: run_input(), ..Options::default() };
    for (name, text) in inputs() {
        let text = text.as_str();
        let analysis = Analysis::new(text);
        let (next, ty) = offsets(text);
        let parse = asl_ls::syntax::parse(text);
        let keystrokes = Keystrokes::new(text, &config);
        let rounds = (40_000_000 / text.len().max(1)).clamp(5, 200);
        let medians = measure(
            rounds,
            &[
                &|| drop(std::hint::black_box(serde_json::from_str::<Value>(text).ok())),
                &|| drop(std::hint::black_box(asl_ls::syntax::parse(text))),
                &|| drop(std::hint::black_box(parse.root.as_ref().and_then(asl_ls::model::lower))),
                &|| drop(std::hint::black_box(check(text, &config))),
                &|| keystrokes.type_one(&config),
                &|| drop(std::hint::black_box(Analysis::new(text))),
                &|| drop(std::hint::black_box(analysis.completions(next))),
                &|| drop(std::hint::black_box(analysis.hover(ty))),
                &|| {
                    std::hint::black_box(analysis.definition(next));
                },
                &|| drop(std::hint::black_box(analysis.symbols())),
                &|| drop(std::hint::black_box(run(text, &options, &mut LambdaLike).ok())),
            ],
        );
        let mb = text.len() as f64 / 1e6;
        print!("{name:<32} {mb:>8.2}");
        for m in &medians {
            print!(" {:>10.3}", m.as_secs_f64() * 1e3);
        }
        let check = medians[3].as_secs_f64();
        println!(" {:>7.2}× {:>8.2}", check / medians[0].as_secs_f64(), check * 1e3 / mb);
    }
}

/// YAML against JSON: each synthetic file written as YAML (block style),
/// parsed, checked and edited, against the same phases on the JSON text;
/// the baseline is `serde_json` on the JSON text, in the same run.
fn yaml_table() {
    println!("\nYAML against JSON, medians of interleaved runs (ms; ×: ratio to serde_json of the JSON text)");
    println!(
        "{:<32} {:>8} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>8} {:>8}",
        "file",
        "YAML MB",
        "serde_json",
        "parse",
        "parse YAML",
        "check",
        "check YAML",
        "edit",
        "edit YAML",
        "check×",
        "YAML×"
    );
    let config = Config::default();
    for (name, json) in inputs() {
        let json = json.as_str();
        let Some(root) = asl_ls::syntax::parse(json).root else { continue };
        let yaml = asl_ls::syntax::to_yaml(json, &root, "  ");
        let (json_keys, yaml_keys) =
            (Keystrokes::new(json, &config), Keystrokes::new_in(&yaml, Language::Yaml, &config));
        let rounds = (20_000_000 / yaml.len().max(1)).clamp(5, 100);
        let m = measure(
            rounds,
            &[
                &|| drop(std::hint::black_box(serde_json::from_str::<Value>(json).ok())),
                &|| drop(std::hint::black_box(asl_ls::syntax::parse(json))),
                &|| drop(std::hint::black_box(asl_ls::syntax::parse_yaml(&yaml))),
                &|| drop(std::hint::black_box(check(json, &config))),
                &|| drop(std::hint::black_box(check_in(&yaml, Language::Yaml, &config))),
                &|| json_keys.type_one(&config),
                &|| yaml_keys.type_one(&config),
            ],
        );
        let ms: Vec<f64> = m.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        print!("{name:<32} {:>8.2}", yaml.len() as f64 / 1e6);
        for v in &ms {
            print!(" {v:>10.3}");
        }
        println!(" {:>7.2}× {:>7.2}×", ms[3] / ms[0], ms[4] / ms[0]);
    }
}

/// The whole real-world corpus: reading and checking every file (in this
/// process, and as the `asl-ls check` command) against reading and
/// `serde_json`-parsing them, interleaved.
fn corpus_table() {
    let files = support::files(&support::shared().join("corpus/real-world"), &[".json"]);
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/asl-ls");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real-world");
    let config = Config::default();
    let read_parse = || {
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            std::hint::black_box(serde_json::from_str::<Value>(&text).ok());
        }
    };
    let read_check = || {
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            std::hint::black_box(check(&text, &config));
        }
    };
    let command = || {
        let _ = std::process::Command::new(&binary)
            .args(["check", "--format", "json"])
            .arg(&corpus)
            .stdout(std::process::Stdio::null())
            .status();
    };
    let medians = if binary.exists() {
        measure(30, &[&read_parse, &read_check, &command])
    } else {
        measure(30, &[&read_parse, &read_check])
    };
    let base = medians[0].as_secs_f64();
    println!("\nreal-world corpus, {} files (medians of 30 interleaved runs)", files.len());
    println!("read + serde_json::from_str   {:>9.2} ms", base * 1e3);
    println!(
        "read + check (in process)     {:>9.2} ms  {:.2}×",
        medians[1].as_secs_f64() * 1e3,
        medians[1].as_secs_f64() / base
    );
    if let Some(cli) = medians.get(2) {
        println!(
            "asl-ls check --format json    {:>9.2} ms  {:.2}× (a process: start-up and output included)",
            cli.as_secs_f64() * 1e3,
            cli.as_secs_f64() / base
        );
    } else {
        println!("(build target/release/asl-ls for the command's figure)");
    }
}

fn main() {
    inputs();
    if std::env::args().any(|a| a == "--corpus") {
        corpus_table();
        return;
    }
    if std::env::args().any(|a| a == "--phases") {
        phase_table();
        return;
    }
    if std::env::args().any(|a| a == "--yaml") {
        yaml_table();
        return;
    }
    divan::main();
    phase_table();
    yaml_table();
    corpus_table();
}
