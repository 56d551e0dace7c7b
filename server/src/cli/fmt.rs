//! `asl-ls fmt`: format definitions in place, or (`--check`) say which
//! would change, for CI.

use super::definition::read;
use super::files::expand;
use super::{usage_error_with, EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE};
use crate::ide::format::{apply, format_file, FormatOptions, Indent};
use crate::syntax::Language;
use std::path::PathBuf;

struct Options {
    check: bool,
    indent: Option<Indent>,
    paths: Vec<PathBuf>,
}

pub(super) fn run(mut parser: lexopt::Parser, help: &str) -> u8 {
    let options = match parse_options(&mut parser) {
        Ok(options) => options,
        Err(message) => return usage_error_with(&message, help),
    };
    let expanded = expand(&options.paths);
    let mut failed = !expanded.errors.is_empty();
    for error in &expanded.errors {
        eprintln!("asl-ls: {error}");
    }
    let mut changed = 0;
    for path in &expanded.files {
        let shown = path.to_string_lossy();
        let text = match read(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("asl-ls: {shown}: {error}");
                failed = true;
                continue;
            }
        };
        let indent = options.indent.unwrap_or_else(|| Indent::of_text(&text));
        let edits = match format_file(&shown, &text, Language::from_path(&shown), &FormatOptions::new(indent)) {
            Ok(edits) => edits,
            Err(why) => {
                eprintln!("asl-ls: {shown}: {}", why.message);
                failed |= why.broken;
                continue;
            }
        };
        if edits.is_empty() {
            continue;
        }
        changed += 1;
        if options.check {
            super::out(&format!("would format {shown}\n"));
        } else if let Err(error) = std::fs::write(path, apply(&text, &edits)) {
            eprintln!("asl-ls: {shown}: {error}");
            failed = true;
        } else {
            super::out(&format!("formatted {shown}\n"));
        }
    }
    if failed {
        EXIT_USAGE
    } else if options.check && changed > 0 {
        EXIT_PROBLEMS
    } else {
        EXIT_CLEAN
    }
}

fn parse_options(parser: &mut lexopt::Parser) -> Result<Options, String> {
    use lexopt::Arg::{Long, Value};
    let mut options = Options { check: false, indent: None, paths: Vec::new() };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("check") => options.check = true,
            Long("indent") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.to_string_lossy();
                options.indent = Some(match value.as_ref() {
                    "tab" => Indent::Tab,
                    n => match n.parse::<u8>() {
                        Ok(n @ 1..=8) => Indent::Spaces(n),
                        _ => return Err(format!("--indent takes 1 to 8 (spaces) or `tab`, not `{value}`")),
                    },
                });
            }
            Value(path) => options.paths.push(path.into()),
            other => return Err(format!("unexpected {}", super::describe(&other))),
        }
    }
    if options.paths.is_empty() {
        return Err("give the files or folders to format".into());
    }
    Ok(options)
}
