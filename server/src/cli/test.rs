//! `asl-ls test`: finds test files (`NAME.asl.test.yaml`/`.json`) and
//! MockConfigFiles beside definitions (`NAME.mocks.json`: each test case
//! must succeed), runs every case, prints results as `cargo test` does,
//! or as JSON or JUnit XML.

use super::definition::{load, read};
use super::{usage_error_with, EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE};
use crate::syntax::Language;
use crate::testing::{self, CaseResult, Expect, Field, Subject, TestFile};
use crate::text::LineIndex;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CoverageFormat {
    Text,
    Json,
    Lcov,
}

struct Options {
    paths: Vec<PathBuf>,
    filter: Option<String>,
    format: Format,
    coverage: Option<CoverageFormat>,
    coverage_file: Option<PathBuf>,
    /// Write the actual values into failing exact expectations.
    update: bool,
}

/// One test file's results (or why it could not run).
struct Suite {
    path: String,
    text: String,
    /// The definition tested: its path, text and language.
    definition: Option<(String, String, Language)>,
    problems: Vec<testing::Problem>,
    error: Option<String>,
    results: Vec<(CaseResult, f64)>,
}

pub(super) fn run(mut parser: lexopt::Parser, help: &str) -> u8 {
    let options = match parse_options(&mut parser) {
        Ok(options) => options,
        Err(message) => return usage_error_with(&message, help),
    };
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in &options.paths {
        if path.is_dir() {
            walk(path, &mut files);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            missing.push(format!("{}: no such file or directory", path.display()));
        }
    }
    files.sort();
    files.dedup();
    let mut suites: Vec<Suite> = files.iter().filter_map(|f| suite(f, options.filter.as_deref())).collect();
    if options.update {
        for (file, suite) in files.iter().zip(suites.iter_mut()) {
            if update(file, suite) {
                // Read and run again: the results shown are the updated file's.
                if let Some(again) = self::suite(file, options.filter.as_deref()) {
                    *suite = again;
                }
            }
        }
    }
    for message in &missing {
        eprintln!("asl-ls: {message}");
    }
    let output = match options.format {
        Format::Human => human(&suites),
        Format::Json => json(&suites),
        Format::Junit => junit(&suites),
    };
    super::out(&output);
    if let Some(format) = options.coverage {
        if let Err(message) = coverage(&suites, format, options.coverage_file.as_deref()) {
            eprintln!("asl-ls: {message}");
            return EXIT_USAGE;
        }
    }
    let broken = !missing.is_empty() || suites.iter().any(|s| s.error.is_some() || !s.problems.is_empty());
    let failed = suites.iter().flat_map(|s| &s.results).any(|(r, _)| !r.passed());
    if broken {
        EXIT_USAGE
    } else if failed {
        EXIT_PROBLEMS
    } else {
        EXIT_CLEAN
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            let parent = dir.file_name().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
            if !crate::syntax::is_skipped_folder(&parent, &name) {
                walk(&path, out);
            }
        } else if testing::is_test_file(&name) || mock_file_of_definition(&path).is_some() {
            out.push(path);
        }
    }
}

/// `NAME.mocks.json` beside `NAME.asl.json`: the definition it mocks.
fn mock_file_of_definition(path: &Path) -> Option<PathBuf> {
    path.file_name()?.to_str()?.ends_with(".mocks.json").then(|| testing::definition_beside(path))?
}

/// Reads and runs one test file (or MockConfigFile).
fn suite(path: &Path, filter: Option<&str>) -> Option<Suite> {
    let shown = path.to_string_lossy().trim_start_matches("./").to_string();
    let mut suite = Suite {
        path: shown.clone(),
        text: String::new(),
        definition: None,
        problems: Vec::new(),
        error: None,
        results: Vec::new(),
    };
    let text = match read(path) {
        Ok(text) => text,
        Err(e) => {
            suite.error = Some(e);
            return Some(suite);
        }
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (file, definition) = if testing::is_test_file(&name) {
        let file = testing::read(&text, Language::from_path(&name));
        let definition = match &file.definition {
            Some(relative) => Some(path.parent().unwrap_or(Path::new(".")).join(relative)),
            None => testing::definition_beside(path),
        };
        (file, definition)
    } else {
        let definition = mock_file_of_definition(path)?;
        (mock_file_cases(path, &text, &definition)?, Some(definition))
    };
    suite.text = text;
    suite.problems = file.problems.clone();
    let Some(definition) = definition else {
        suite.error = Some("no definition to test: name it with `definition`, or put NAME.asl.json beside".into());
        return Some(suite);
    };
    let loaded = match load(&definition, file.machine.as_deref()) {
        Ok(loaded) => loaded,
        Err(e) => {
            suite.error = Some(e);
            return Some(suite);
        }
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    let subject = Subject { definition: &loaded.text, language: loaded.language, folder };
    let definition_path = definition.to_string_lossy().trim_start_matches("./").to_string();
    suite.definition = Some((definition_path, loaded.text.clone(), loaded.language));
    for case in file.cases.iter().filter(|c| filter.is_none_or(|f| c.name.contains(f))) {
        let started = Instant::now();
        let result = testing::run_case(&subject, &file, case);
        suite.results.push((result, started.elapsed().as_secs_f64()));
    }
    Some(suite)
}

/// A MockConfigFile's test cases as cases that must succeed, on
/// `NAME.input.json` (or `{}`).
fn mock_file_cases(path: &Path, text: &str, definition: &Path) -> Option<TestFile> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let stem = definition.file_name()?.to_str()?.split(".asl.").next()?.to_string();
    let input = path.with_file_name(format!("{stem}.input.json"));
    let mut file =
        TestFile { mock_file: path.file_name().map(|n| n.to_string_lossy().into_owned()), ..TestFile::default() };
    for machine in json["StateMachines"].as_object()?.values() {
        for name in machine["TestCases"].as_object().into_iter().flatten().map(|(n, _)| n) {
            let at = text.find(&format!("\"{name}\"")).unwrap_or(0) as u32;
            file.cases.push(testing::Case {
                name: name.clone(),
                range: crate::text::TextRange::new(at, at + name.len() as u32 + 2),
                input: None,
                input_file: input.is_file().then(|| format!("{stem}.input.json")),
                test_case: Some(name.clone()),
                mocks: None,
                context: None,
                expect: vec![Expect {
                    field: Field::Status("SUCCEEDED".into()),
                    range: crate::text::TextRange::new(at, at + name.len() as u32 + 2),
                }],
            });
        }
    }
    Some(file)
}

/// `--update`: each failing exact expectation of a test file gets the
/// value the run gave, written in place; every change is said on stderr.
fn update(path: &Path, suite: &Suite) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if !testing::is_test_file(&name) || suite.error.is_some() || !suite.problems.is_empty() {
        return false;
    }
    let index = LineIndex::new(&suite.text);
    let mut edits: Vec<crate::ide::edit::TextEdit> = Vec::new();
    for (result, _) in &suite.results {
        for failure in &result.failures {
            let Some(actual) = &failure.actual else { continue };
            let line = index.chars(&suite.text, failure.range.start).line + 1;
            eprintln!("asl-ls: updated {}:{line}: {} of `{}`", suite.path, failure.what, result.name);
            edits.push(crate::ide::edit::TextEdit::replace(failure.range, actual.to_string()));
        }
    }
    if edits.is_empty() {
        return false;
    }
    edits.sort_by_key(|e| e.range.start);
    edits.dedup_by(|a, b| a.range == b.range);
    let text = crate::ide::format::apply(&suite.text, &edits);
    if let Err(error) = std::fs::write(path, text) {
        eprintln!("asl-ls: {}: {error}", suite.path);
        return false;
    }
    true
}

/// Each definition's coverage over every case run against it.
fn coverage(suites: &[Suite], format: CoverageFormat, file: Option<&Path>) -> Result<(), String> {
    let mut all: Vec<(String, String, testing::Coverage)> = Vec::new();
    for suite in suites {
        let Some((path, text, language)) = &suite.definition else { continue };
        let at = match all.iter().position(|(p, ..)| p == path) {
            Some(at) => at,
            None => {
                all.push((path.clone(), text.clone(), testing::Coverage::of(text, *language)));
                all.len() - 1
            }
        };
        for (result, _) in &suite.results {
            if let Some(outcome) = &result.outcome {
                all[at].2.record(outcome);
            }
        }
    }
    let percent = |(hit, of): (usize, usize)| if of == 0 { 100.0 } else { hit as f64 * 100.0 / of as f64 };
    let written = match format {
        CoverageFormat::Text => {
            let mut out = String::from("\ncoverage:\n");
            for (path, _, coverage) in &all {
                let (states, branches) = coverage.totals();
                let _ = writeln!(
                    out,
                    "  {path}: states {}/{} ({:.0}%), branches {}/{} ({:.0}%)",
                    states.0,
                    states.1,
                    percent(states),
                    branches.0,
                    branches.1,
                    percent(branches)
                );
                let missed: Vec<String> = coverage.items.iter().filter(|i| i.hits == 0).map(|i| i.label()).collect();
                if !missed.is_empty() {
                    let _ = writeln!(out, "    not covered: {}", missed.join(", "));
                }
            }
            out
        }
        CoverageFormat::Json => {
            let files: Vec<serde_json::Value> = all
                .iter()
                .map(|(path, _, coverage)| {
                    let (states, branches) = coverage.totals();
                    serde_json::json!({
                        "file": path,
                        "states": {"covered": states.0, "total": states.1},
                        "branches": {"covered": branches.0, "total": branches.1},
                        "items": coverage.items.iter().map(|i| serde_json::json!({"item": i.label(), "hits": i.hits})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&files).unwrap_or_default() + "\n"
        }
        CoverageFormat::Lcov => all.iter().map(|(path, text, coverage)| coverage.lcov(path, text)).collect(),
    };
    match (file, format) {
        (Some(file), _) => std::fs::write(file, written).map_err(|e| format!("{}: {e}", file.display())),
        (None, CoverageFormat::Text) => {
            super::out(&written);
            Ok(())
        }
        (None, CoverageFormat::Json) => {
            std::fs::write("coverage.json", written).map_err(|e| format!("coverage.json: {e}"))
        }
        (None, CoverageFormat::Lcov) => std::fs::write("lcov.info", written).map_err(|e| format!("lcov.info: {e}")),
    }
}

fn human(suites: &[Suite]) -> String {
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    let mut failures = String::new();
    for suite in suites {
        let index = LineIndex::new(&suite.text);
        let at = |range: crate::text::TextRange| {
            let position = index.chars(&suite.text, range.start);
            format!("{}:{}:{}", suite.path, position.line + 1, position.col + 1)
        };
        for problem in &suite.problems {
            let _ = writeln!(out, "{}: error: {}", at(problem.range), problem.message);
        }
        if let Some(error) = &suite.error {
            let _ = writeln!(out, "{}: error: {error}", suite.path);
            continue;
        }
        let _ =
            writeln!(out, "\nrunning {} test{} from {}", suite.results.len(), plural(suite.results.len()), suite.path);
        for (result, _) in &suite.results {
            let verdict = if result.passed() { "ok" } else { "FAILED" };
            let _ = writeln!(out, "test {} ... {verdict}", result.name);
            if result.passed() {
                passed += 1;
                continue;
            }
            failed += 1;
            let _ = writeln!(failures, "\n---- {} ({}) ----", result.name, at(result.range));
            if let Some(error) = &result.error {
                let _ = writeln!(failures, "could not run: {error}");
            }
            for failure in &result.failures {
                let _ = writeln!(failures, "{} at {}:", failure.what, at(failure.range));
                for line in failure.message.lines() {
                    let _ = writeln!(failures, "  {line}");
                }
            }
        }
    }
    if !failures.is_empty() {
        let _ = write!(out, "\nfailures:\n{failures}");
    }
    let verdict = if failed == 0 { "ok" } else { "FAILED" };
    let _ = writeln!(out, "\ntest result: {verdict}. {passed} passed, {failed} failed");
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn json(suites: &[Suite]) -> String {
    let files: Vec<serde_json::Value> = suites
        .iter()
        .map(|suite| {
            let index = LineIndex::new(&suite.text);
            let line = |range: crate::text::TextRange| index.chars(&suite.text, range.start).line + 1;
            let cases: Vec<serde_json::Value> = suite
                .results
                .iter()
                .map(|(r, seconds)| {
                    serde_json::json!({
                        "name": r.name,
                        "line": line(r.range),
                        "passed": r.passed(),
                        "seconds": seconds,
                        "error": r.error,
                        "failures": r.failures.iter().map(|f| serde_json::json!({
                            "what": f.what, "line": line(f.range), "message": f.message
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let problems: Vec<serde_json::Value> = suite
                .problems
                .iter()
                .map(|p| serde_json::json!({"line": line(p.range), "message": p.message}))
                .collect();
            serde_json::json!({"file": suite.path, "error": suite.error, "problems": problems, "cases": cases})
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&files).unwrap_or_default();
    out.push('\n');
    out
}

/// JUnit XML: one `testsuite` per test file, a `failure` per failed case.
fn junit(suites: &[Suite]) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
    };
    let total = |f: &dyn Fn(&CaseResult) -> bool| suites.iter().flat_map(|s| &s.results).filter(|(r, _)| f(r)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"asl-ls\" tests=\"{}\" failures=\"{}\">",
        total(&|_| true),
        total(&|r| !r.passed())
    );
    for suite in suites {
        let failures = suite.results.iter().filter(|(r, _)| !r.passed()).count();
        let errors = usize::from(suite.error.is_some()) + suite.problems.len();
        let seconds: f64 = suite.results.iter().map(|(_, s)| s).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{seconds:.6}\">",
            escape(&suite.path),
            suite.results.len()
        );
        if let Some(error) = &suite.error {
            let _ = writeln!(out, "    <system-err>{}</system-err>", escape(error));
        }
        for (result, seconds) in &suite.results {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\" time=\"{seconds:.6}\"",
                escape(&result.name),
                escape(&suite.path)
            );
            if result.passed() {
                out.push_str("/>\n");
                continue;
            }
            let message = result.error.clone().unwrap_or_else(|| {
                result.failures.iter().map(|f| f.what.clone()).collect::<Vec<_>>().join(", ") + " not as expected"
            });
            let body: Vec<String> = result.failures.iter().map(|f| format!("{}:\n{}", f.what, f.message)).collect();
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                escape(&message),
                escape(&body.join("\n\n"))
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn parse_options(parser: &mut lexopt::Parser) -> Result<Options, String> {
    use lexopt::Arg::{Long, Value};
    let mut options = Options {
        paths: Vec::new(),
        filter: None,
        format: Format::Human,
        coverage: None,
        coverage_file: None,
        update: false,
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("filter") => {
                options.filter = Some(parser.value().map_err(|e| e.to_string())?.to_string_lossy().into())
            }
            Long("format") => {
                options.format = match parser.value().map_err(|e| e.to_string())?.to_string_lossy().as_ref() {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    "junit" => Format::Junit,
                    other => return Err(format!("unknown format `{other}`: use human, json or junit")),
                }
            }
            Long("coverage") => {
                options.coverage = Some(match parser.value().map_err(|e| e.to_string())?.to_string_lossy().as_ref() {
                    "text" => CoverageFormat::Text,
                    "json" => CoverageFormat::Json,
                    "lcov" => CoverageFormat::Lcov,
                    other => return Err(format!("unknown coverage format `{other}`: use text, json or lcov")),
                })
            }
            Long("update") => options.update = true,
            Long("coverage-file") => {
                options.coverage_file = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?))
            }
            Value(path) => options.paths.push(PathBuf::from(path)),
            other => return Err(format!("unexpected {}", super::describe(&other))),
        }
    }
    if options.paths.is_empty() {
        options.paths.push(PathBuf::from("."));
    }
    Ok(options)
}
