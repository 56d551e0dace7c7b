//! Running a definition from the editor: where its input and mocks come
//! from (`NAME.input.json` and `NAME.mocks.json` beside `NAME.asl.json`, or
//! the settings), the last run of each document, and what the editor is
//! shown of it (inlay hints with each state's output, hover text, the
//! state where the run failed).

use crate::run::mocks::{MockConfig, NoMocks};
use crate::run::{run_in, Mocks, Options, Outcome, StateRun, Status};
use crate::syntax::Language;
use crate::text::TextRange;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The command a code lens and `workspace/executeCommand` use.
pub const RUN_COMMAND: &str = "asl-ls.run";
/// `workspace/executeCommand` with `[uri, {"format": "svg"|"dot"|"mermaid"}?]`:
/// `{"<format>": text, "version": n, "runColoured": bool}`, the machine as
/// a picture with the last run's path coloured when it ran on this version.
pub const GRAPH_COMMAND: &str = "asl-ls.graph";

/// Opens a file in the editor (arguments: its URI), for the lenses on the
/// files a run reads.
pub const OPEN_COMMAND: &str = "asl-ls.open";

/// Run settings, under `"run"` in the client settings:
/// `{"run": {"onEdit": true, "input": {…}, "testCase": "HappyPath"}}`.
#[derive(Clone, Debug, Default)]
pub struct RunSettings {
    /// Run again after each edit, once the user has run the document.
    pub on_edit: bool,
    /// The input when there is no `NAME.input.json`.
    pub input: Option<Value>,
    /// The mock file's test case (else its only one).
    pub test_case: Option<String>,
    /// The folder that stands for S3 for a distributed Map (`run.s3Root`).
    pub s3_root: Option<PathBuf>,
}

impl RunSettings {
    pub fn from_settings(settings: &Value) -> RunSettings {
        let settings = settings.get("asl-ls").or_else(|| settings.get("aslLs")).unwrap_or(settings);
        let run = &settings["run"];
        RunSettings {
            on_edit: run["onEdit"].as_bool().unwrap_or(false),
            input: run.get("input").cloned(),
            test_case: run["testCase"].as_str().map(str::to_string),
            s3_root: run["s3Root"].as_str().map(PathBuf::from),
        }
    }
}

/// The last run of a document, for the version it ran on.
#[derive(Clone, Debug)]
pub struct LastRun {
    pub version: i32,
    pub outcome: Outcome,
    /// Where the input and mocks came from, for the user.
    pub sources: Vec<String>,
}

/// `NAME` of `dir/NAME.asl.json` (or `NAME.json`, `NAME.asl`, and the same
/// in YAML).
fn sibling(path: &Path, suffix: &str) -> Option<PathBuf> {
    let file = path.file_name()?.to_str()?;
    let endings = [".asl.json", ".asl.yaml", ".asl.yml", ".json", ".yaml", ".yml", ".asl"];
    let stem = endings.iter().find_map(|end| file.strip_suffix(end))?;
    Some(path.with_file_name(format!("{stem}{suffix}")))
}

/// The files a run of the definition at `path` reads, with a lens title each.
pub fn run_files(path: &Path) -> Vec<(String, PathBuf)> {
    [(".input.json", "input"), (".mocks.json", "mocks")]
        .into_iter()
        .filter_map(|(suffix, what)| {
            let file = sibling(path, suffix).filter(|p| p.is_file())?;
            let name = file.file_name()?.to_string_lossy().into_owned();
            Some((format!("{what}: {name}"), file))
        })
        .collect()
}

/// The input file beside a definition, if there is one.
pub fn input_file(path: &Path) -> Option<PathBuf> {
    sibling(path, ".input.json").filter(|p| p.is_file())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))
}

/// Runs `text` (the document at `path`, when it is a file) with its input and mocks.
pub fn run_document(
    text: &str,
    language: Language,
    path: Option<&Path>,
    settings: &RunSettings,
    version: i32,
) -> Result<LastRun, String> {
    run_with(path, settings, version, &mut |options, mocks| run_in(text, language, options, mocks))
}

/// Runs a definition (`run`: the evaluator on it) with the input and mocks
/// beside `path`.
pub fn run_with(
    path: Option<&Path>,
    settings: &RunSettings,
    version: i32,
    run: &mut dyn FnMut(&Options, &mut dyn Mocks) -> Result<Outcome, String>,
) -> Result<LastRun, String> {
    let mut sources = Vec::new();
    let input = match path.and_then(input_file) {
        Some(file) => {
            sources.push(format!("input from {}", file.display()));
            read_json(&file)?
        }
        None => settings.input.clone().unwrap_or(json!({})),
    };
    let mut mocks: Box<dyn Mocks> = match path.and_then(|p| sibling(p, ".mocks.json")).filter(|p| p.is_file()) {
        Some(file) => {
            let config = read_json(&file)?;
            let case = match &settings.test_case {
                Some(case) => case.clone(),
                None => first_test_case(&config).ok_or_else(|| format!("{}: no test case", file.display()))?,
            };
            sources.push(format!("mocks from {} (test case {case})", file.display()));
            Box::new(MockConfig::from_file(&config, None, &case)?)
        }
        None => Box::new(NoMocks),
    };
    // A relative S3 folder is relative to the definition's folder.
    let s3_root = settings.s3_root.as_ref().map(|root| match path.and_then(Path::parent) {
        Some(dir) if root.is_relative() => dir.join(root),
        _ => root.clone(),
    });
    let options = Options { input, s3_root, ..Options::default() };
    let outcome = run(&options, mocks.as_mut())?;
    Ok(LastRun { version, outcome, sources })
}

fn first_test_case(file: &Value) -> Option<String> {
    file["StateMachines"]
        .as_object()?
        .values()
        .filter_map(|m| m["TestCases"].as_object())
        .flat_map(|c| c.keys())
        .next()
        .cloned()
}

/// What `$.` completes from: each state's input in the last run (its last
/// visit), else, for the start state, the sample input (`NAME.input.json`
/// beside the definition, or the `run.input` setting).
pub fn samples(
    last: Option<&Outcome>,
    start_state: Option<&str>,
    path: Option<&Path>,
    settings: &RunSettings,
) -> crate::ide::completion::Samples {
    let mut inputs = std::collections::HashMap::new();
    if let Some(outcome) = last {
        for (state, _) in last_visits(outcome) {
            inputs.insert(state.state.clone(), state.input.clone());
        }
    }
    if let Some(start) = start_state.filter(|s| !inputs.contains_key(*s)) {
        let input = match path.and_then(input_file) {
            Some(file) => read_json(&file).ok(),
            None => settings.input.clone(),
        };
        if let Some(input) = input {
            inputs.insert(start.to_string(), input);
        }
    }
    crate::ide::completion::Samples::new(inputs)
}

/// A value shortened for an inlay hint.
pub fn short(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    if text.chars().count() <= 60 {
        return text;
    }
    let cut: String = text.chars().take(57).collect();
    format!("{cut}…")
}

/// The last visit of each state, with how many times it ran.
pub fn last_visits(outcome: &Outcome) -> Vec<(&StateRun, usize)> {
    let mut out: Vec<(&StateRun, usize)> = Vec::new();
    for state in &outcome.states {
        match out.iter_mut().find(|(s, _)| s.name_range == state.name_range) {
            Some(entry) => {
                entry.0 = state;
                entry.1 += 1;
            }
            None => out.push((state, 1)),
        }
    }
    out
}

/// Markdown for hover on a state the last run visited.
pub fn hover_text(outcome: &Outcome, range: TextRange) -> Option<String> {
    let (state, count) = last_visits(outcome).into_iter().find(|(s, _)| s.name_range == range)?;
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let times = if count > 1 { format!(" (ran {count} times; the last shown)") } else { String::new() };
    let mut out = format!("**Last run**{times}\n\nInput:\n```json\n{}\n```", pretty(&state.input));
    match &state.output {
        Some(output) => out.push_str(&format!("\n\nOutput:\n```json\n{}\n```", pretty(output))),
        None => out.push_str("\n\nDid not exit."),
    }
    for note in &state.notes {
        out.push_str(&format!("\n\n_{note}_"));
    }
    Some(out)
}

/// Where a failed run failed: the last state entered that did not exit.
pub fn failure_at(outcome: &Outcome) -> Option<(TextRange, String)> {
    if outcome.status == Status::Succeeded {
        return None;
    }
    let state = outcome.states.iter().rev().find(|s| s.output.is_none())?;
    let message = format!(
        "the run failed here: {}{}",
        outcome.error.as_deref().unwrap_or("(no error name)"),
        outcome.cause.as_deref().map(|c| format!(": {c}")).unwrap_or_default()
    );
    Some((state.name_range, message))
}

/// The whole trace, as `asl-ls run --format json` prints it, with where
/// the input and mocks came from.
pub fn trace_json(last: &LastRun) -> Value {
    let mut trace = last.outcome.to_json();
    trace["sources"] = json!(last.sources);
    trace
}
