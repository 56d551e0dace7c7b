//! `asl-ls run`: run a definition on an input with the evaluator, tasks
//! answered by a mock file, and print the result (and the trace).
//! Exit codes: 0 succeeded, 1 failed or timed out, 2 usage or definition error.

use super::{EXIT_CLEAN, EXIT_PROBLEMS};
use crate::run::mocks::{MockConfig, NoMocks};
use crate::run::{run_in as execute, Mocks, Options, Outcome, Status};
use serde_json::{json, Value};
use std::path::PathBuf;

pub(super) struct Args {
    definition: PathBuf,
    input: Option<String>,
    mocks: Option<PathBuf>,
    test_case: Option<String>,
    context: Option<String>,
    state: Option<String>,
    trace: bool,
    json: bool,
    machine: Option<String>,
    s3_root: Option<PathBuf>,
    shuffle: Option<u64>,
}

pub(super) fn parse_args(parser: &mut lexopt::Parser) -> Result<Args, String> {
    use lexopt::Arg::{Long, Value as Plain};
    let mut definition = None;
    let mut args = Args {
        definition: PathBuf::new(),
        input: None,
        mocks: None,
        test_case: None,
        context: None,
        state: None,
        trace: false,
        json: false,
        machine: None,
        s3_root: None,
        shuffle: None,
    };
    let text = |parser: &mut lexopt::Parser| -> Result<String, String> {
        parser.value().map(|v| v.to_string_lossy().into_owned()).map_err(|e| e.to_string())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("input") => args.input = Some(text(parser)?),
            Long("mocks") => args.mocks = Some(text(parser)?.into()),
            Long("test-case") => args.test_case = Some(text(parser)?),
            Long("context") => args.context = Some(text(parser)?),
            Long("state") => args.state = Some(text(parser)?),
            Long("trace") => args.trace = true,
            Long("machine") => args.machine = Some(text(parser)?),
            Long("s3-root") => args.s3_root = Some(text(parser)?.into()),
            Long("shuffle") => {
                let seed = text(parser)?;
                args.shuffle =
                    Some(seed.parse().map_err(|_| format!("--shuffle takes a number (a seed), not `{seed}`"))?);
            }
            Long("format") => {
                args.json = match text(parser)?.as_str() {
                    "json" => true,
                    "human" | "text" => false,
                    other => return Err(format!("unknown format `{other}`: use human or json")),
                }
            }
            Plain(path) if definition.is_none() => definition = Some(PathBuf::from(path)),
            other => return Err(format!("unexpected {}", super::describe(&other))),
        }
    }
    args.definition = definition.ok_or("missing the definition to run")?;
    Ok(args)
}

/// The task answers of `--mocks FILE [--test-case NAME]`, or none.
pub(super) fn mocks(path: Option<&std::path::Path>, test_case: Option<&str>) -> Result<Box<dyn Mocks>, String> {
    let Some(path) = path else { return Ok(Box::new(NoMocks)) };
    let file = json_arg(&path.to_string_lossy(), "mock file")?;
    let case = match test_case {
        Some(case) => case.to_string(),
        None => only_test_case(&file).ok_or("the mock file has several test cases: choose one with --test-case")?,
    };
    Ok(Box::new(MockConfig::from_file(&file, None, &case)?))
}

/// A JSON argument given inline or as a file name.
pub(super) fn json_arg(text: &str, what: &str) -> Result<Value, String> {
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let content = std::fs::read_to_string(text)
        .map_err(|e| format!("{what} `{text}` is neither JSON nor a readable file: {e}"))?;
    serde_json::from_str(&content).map_err(|e| format!("{what} file `{text}` is not JSON: {e}"))
}

pub(super) fn run_args(args: &Args) -> Result<u8, String> {
    let super::definition::Loaded { text, language, errors } =
        super::definition::load(&args.definition, args.machine.as_deref())?;
    if !errors.is_empty() {
        let shown: Vec<String> = errors.iter().take(5).map(|d| format!("  {} {}", d.code.id(), d.message)).collect();
        return Err(format!(
            "{} has {} error(s) AWS would refuse; fix them first (`asl-ls check` shows them all):\n{}",
            args.definition.display(),
            errors.len(),
            shown.join("\n")
        ));
    }
    let options = Options {
        input: args.input.as_deref().map(|i| json_arg(i, "input")).transpose()?.unwrap_or(json!({})),
        context: Some(context(args.context.as_deref())?),
        state: args.state.clone(),
        s3_root: args.s3_root.clone(),
        shuffle: args.shuffle,
        ..Options::default()
    };
    let mut mocks = mocks(args.mocks.as_deref(), args.test_case.as_deref())?;
    let outcome = execute(&text, language, &options, mocks.as_mut())?;
    if args.json {
        super::out(&(serde_json::to_string_pretty(&outcome.to_json()).unwrap_or_default() + "\n"));
    } else {
        super::out(&human(&outcome, args.trace));
    }
    Ok(match outcome.status {
        Status::Succeeded => EXIT_CLEAN,
        Status::Failed | Status::TimedOut => EXIT_PROBLEMS,
    })
}

/// The context: the start time now, then what `--context` overrides.
pub(super) fn context(arg: Option<&str>) -> Result<Value, String> {
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
    let start = crate::run::timestamp_after("1970-01-01T00:00:00.000Z", now).unwrap_or_default();
    let mut context = json!({"Execution": {"StartTime": start}});
    if let Some(arg) = arg {
        let overrides = json_arg(arg, "context")?;
        for (section, values) in overrides.as_object().into_iter().flatten() {
            let target = context.as_object_mut().map(|c| c.entry(section.clone()).or_insert(json!({})));
            if let (Some(Value::Object(target)), Some(values)) = (target, values.as_object()) {
                target.extend(values.clone());
            }
        }
    }
    Ok(context)
}

fn only_test_case(file: &Value) -> Option<String> {
    let mut names =
        file["StateMachines"].as_object()?.values().filter_map(|m| m["TestCases"].as_object()).flat_map(|c| c.keys());
    let first = names.next()?.clone();
    names.next().is_none().then_some(first)
}

fn human(outcome: &Outcome, trace: bool) -> String {
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let mut out = String::new();
    if trace {
        for state in &outcome.states {
            let indent = "  ".repeat(state.depth);
            out.push_str(&format!("{indent}▶ {} ({})\n", state.state, state.kind));
            out.push_str(&format!("{indent}  input:  {}\n", serde_json::to_string(&state.input).unwrap_or_default()));
            match &state.output {
                Some(output) => {
                    out.push_str(&format!("{indent}  output: {}\n", serde_json::to_string(output).unwrap_or_default()))
                }
                None => out.push_str(&format!("{indent}  (did not exit)\n")),
            }
            for note in &state.notes {
                out.push_str(&format!("{indent}  {note}\n"));
            }
        }
        out.push('\n');
    }
    for notice in &outcome.notices {
        out.push_str(&format!("note: {notice}\n"));
    }
    out.push_str(outcome.status.name());
    out.push('\n');
    match outcome.status {
        Status::Succeeded => out.push_str(&format!("{}\n", pretty(outcome.output.as_ref().unwrap_or(&Value::Null)))),
        _ => {
            out.push_str(&format!("error: {}\n", outcome.error.as_deref().unwrap_or("(none)")));
            out.push_str(&format!("cause: {}\n", outcome.cause.as_deref().unwrap_or("(none)")));
        }
    }
    out
}
