//! `asl-ls check`: read each definition, run the diagnostics, print them in
//! the chosen format.

use super::definition::{hosted, read};
use super::files::expand;
use super::render::{self, Format};
use super::{usage_error_with, EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE};
use crate::ide::diagnostics::{check_in, Diagnostic, Severity};
use crate::ide::fix_all::fix_all;
use crate::ide::hosted::Hosted;
use crate::ide::{Analysis, Config, Document, MachineType};
use crate::syntax::Language;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One checked file.
pub(crate) struct Checked {
    pub path: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The state machine each diagnostic belongs to, where the file is a
    /// template (or a definition file one names).
    pub machine_of: Vec<Option<String>>,
    /// State machines the file holds (a definition file: 1).
    pub machines: usize,
    /// A template, or a definition file one names.
    pub hosted: bool,
    /// A template's machines, by name.
    pub names: Vec<String>,
}

impl Checked {
    fn definition(path: String, text: String, diagnostics: Vec<Diagnostic>) -> Checked {
        let machine_of = vec![None; diagnostics.len()];
        Checked { path, text, diagnostics, machine_of, machines: 1, hosted: false, names: Vec::new() }
    }
}

struct Options {
    format: Format,
    config: Config,
    aws_warnings: bool,
    /// `--fix` (safe fixes), `--unsafe-fixes` (all).
    fix: Option<bool>,
    paths: Vec<PathBuf>,
}

pub(super) fn run(mut parser: lexopt::Parser, help: &str) -> u8 {
    let options = match parse_options(&mut parser) {
        Ok(options) => options,
        Err(message) => return usage_error_with(&message, help),
    };
    // Read the SDK index (wanted by nearly every check) while the paths are walked.
    let index = std::thread::spawn(|| {
        crate::data::sdk();
    });
    let expanded = expand(&options.paths);
    let _ = index.join();
    let mut io_errors = expanded.errors;
    if let Some(unsafe_fixes) = options.fix {
        for path in &expanded.files {
            if let Err(message) = fix_file(path, &options.config, unsafe_fixes) {
                io_errors.push(format!("{}: {message}", path.display()));
            }
        }
    }
    let mut checked = Vec::new();
    for (path, result) in expanded.files.iter().zip(check_all(&expanded.files, &options.config)) {
        match result {
            Ok(files) => checked.extend(files),
            Err(message) => io_errors.push(format!("{}: {message}", path.display())),
        }
    }
    // A definition file a template names is shown as the template reads
    // it (with its substitutions), not again on its own.
    let linked: Vec<String> = checked.iter().filter(|c| c.hosted && c.machines == 0).map(|c| c.path.clone()).collect();
    checked.retain(|c| c.hosted || !linked.contains(&c.path));
    for error in &io_errors {
        eprintln!("asl-ls: {error}");
    }
    let output = render::render(options.format, &checked, &options.config, options.aws_warnings);
    super::out(&output);
    if !io_errors.is_empty() {
        EXIT_USAGE
    } else if checked.iter().flat_map(|c| &c.diagnostics).any(|d| d.severity == Severity::Error) {
        EXIT_PROBLEMS
    } else {
        EXIT_CLEAN
    }
}

/// Applies the fixes of one file in place, and says how many on stderr.
fn fix_file(path: &Path, config: &Config, unsafe_fixes: bool) -> Result<(), String> {
    let text = read(path)?;
    let language = Language::from_path(&path.to_string_lossy());
    let build = |text: &str| match hosted(path, text) {
        Some(hosted) => Document::Template(hosted),
        None => Document::Definition(Analysis::new_in(text, language)),
    };
    let fixed = fix_all(&text, &build, config, unsafe_fixes);
    if fixed.text != text {
        std::fs::write(path, &fixed.text).map_err(|e| e.to_string())?;
        let n = fixed.applied.len();
        eprintln!("asl-ls: {}: fixed {n} problem{}", display(path), if n == 1 { "" } else { "s" });
    }
    Ok(())
}

/// Reads and checks every file, on as many threads as there are cores (a
/// CI run over a repository of definitions); results in the files' order.
fn check_all(files: &[PathBuf], config: &Config) -> Vec<Result<Vec<Checked>, String>> {
    let one = |path: &PathBuf| {
        let text = read(path)?;
        if let Some(hosted) = hosted(path, &text) {
            return Ok(check_hosted(path, text, &hosted, config));
        }
        if crate::host::is_host_file_name(&path.to_string_lossy()) {
            // A template with no state machine: nothing of ours in it.
            return Ok(Vec::new());
        }
        let diagnostics = check_in(&text, Language::from_path(&path.to_string_lossy()), config);
        Ok(vec![Checked::definition(display(path), text, diagnostics)])
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len());
    if threads <= 1 {
        return files.iter().map(one).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, Result<Vec<Checked>, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(index) else { return done };
                        done.push((index, one(path)));
                    }
                })
            })
            .collect();
        // A worker's panic is the command's, as without threads.
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

fn parse_options(parser: &mut lexopt::Parser) -> Result<Options, String> {
    use lexopt::Arg::{Long, Value};
    let mut options =
        Options { format: Format::Human, config: Config::default(), aws_warnings: false, fix: None, paths: Vec::new() };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                options.format = match value.to_string_lossy().as_ref() {
                    "human" | "text" => Format::Human,
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    "github" => Format::Github,
                    "aws" => Format::Aws,
                    other => return Err(format!("unknown format `{other}`: use human, json, sarif, github or aws")),
                };
            }
            Long("type") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                options.config.machine_type = match value.to_string_lossy().to_lowercase().as_str() {
                    "standard" => MachineType::Standard,
                    "express" => MachineType::Express,
                    other => return Err(format!("unknown workflow type `{other}`: use standard or express")),
                };
            }
            Long("aws-severity") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                options.aws_warnings = match value.to_string_lossy().to_uppercase().as_str() {
                    "ERROR" => false,
                    "WARNING" => true,
                    other => return Err(format!("unknown severity `{other}`: use ERROR or WARNING")),
                };
            }
            Long("fix") => options.fix = Some(options.fix.unwrap_or(false)),
            Long("unsafe-fixes") => options.fix = Some(true),
            Value(path) => options.paths.push(PathBuf::from(path)),
            other => return Err(format!("unexpected {}", super::describe(&other))),
        }
    }
    if options.paths.is_empty() {
        return Err("check needs at least one file, directory or glob".into());
    }
    Ok(options)
}

/// A template's diagnostics, and those of the definition files it names
/// (each under its own path).
fn check_hosted(path: &Path, text: String, hosted: &Hosted, config: &Config) -> Vec<Checked> {
    let found = hosted.diagnostics(config);
    let (machine_of, diagnostics) = found.into_iter().map(|d| (d.machine, d.diagnostic)).unzip();
    let machines = hosted.machines().len();
    let names = hosted.machines().iter().map(|m| m.name.clone()).collect();
    let mut out = vec![Checked { path: display(path), text, diagnostics, machine_of, machines, hosted: true, names }];
    let folder = path.parent().unwrap_or(Path::new(""));
    for (machine, linked, diagnostics) in hosted.linked_diagnostics(config) {
        let machine_of = vec![Some(machine.to_string()); diagnostics.len()];
        let path = display(&folder.join(&linked.path));
        // Named by two machines (or twice): checked once per machine, shown once.
        if out.iter().any(|c| c.path == path && c.diagnostics == diagnostics) {
            continue;
        }
        let names = vec![machine.to_string()];
        out.push(Checked {
            path,
            text: linked.text.clone(),
            diagnostics,
            machine_of,
            machines: 0,
            hosted: true,
            names,
        });
    }
    out
}

fn display(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_string()
}
