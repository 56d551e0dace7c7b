//! The command-line edge: argument parsing and the subcommands. Exit codes:
//! 0 clean, 1 problems found, 2 usage or I/O error.

mod check;
pub(crate) mod definition;
mod files;
mod graph;
mod render;
mod run;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

const USAGE: &str = "\
asl-ls: language server and checker for the Amazon States Language (AWS Step Functions)

Usage:
  asl-ls check [OPTIONS] PATHS...   check definitions and templates (files, directories, globs)
  asl-ls run DEFINITION [OPTIONS]   run a definition on an input, tasks mocked
  asl-ls graph DEFINITION [OPTIONS] draw the state machine (SVG, DOT or Mermaid)
  asl-ls --stdio                    run the language server on stdin/stdout
                                    (also `asl-ls` alone when stdin is not a terminal)
  asl-ls --version | --help

Options for check:
  --format FORMAT     human (default), json, sarif, github, aws
  --type TYPE         standard (default) or express: the workflow type to check for
  --aws-severity SEV  with --format aws: ERROR (default) or WARNING, as the API's `severity`

Options for run (exit 0 succeeded, 1 failed, 2 usage or definition error):
  --input JSON|FILE   the execution input (default {})
  --mocks FILE        task answers, in Step Functions Local's MockConfigFile.json format
  --test-case NAME    the mock file's test case (needed when it has several)
  --context JSON|FILE context-object values, e.g. {\"Execution\": {\"Name\": \"x\"}}
  --state NAME        run that state alone, as AWS's TestState API
  --trace             print every state's input and output
  --format FORMAT     human (default) or json
  --machine NAME      in a template: the state machine to run (needed when it holds several)

Options for graph:
  --format FORMAT     svg (default), dot or mermaid
  -o, --output FILE   write to FILE instead of stdout
  --input JSON|FILE   run the definition on this input and colour the path taken
  --mocks FILE        (with --test-case NAME) task answers for that run
  --machine NAME      in a template: the state machine to draw (needed when it holds several)

PATHS, DEFINITION: a definition (*.asl.json, *.asl.yaml, …) or a template that holds
state machines (CloudFormation/SAM/CDK, serverless.yml, Terraform *.tf).
";

pub fn run(args: Vec<OsString>) -> u8 {
    let mut parser = lexopt::Parser::from_args(args);
    match parser.next() {
        Ok(Some(lexopt::Arg::Value(command))) if command == "check" => check::run(parser),
        Ok(Some(lexopt::Arg::Value(command))) if command == "run" => subcommand(parser, run::parse_args, run::run_args),
        Ok(Some(lexopt::Arg::Value(command))) if command == "graph" => {
            subcommand(parser, graph::parse_args, graph::draw)
        }
        Ok(Some(lexopt::Arg::Long("version"))) | Ok(Some(lexopt::Arg::Short('V'))) => {
            out(&format!("asl-ls {}\n", env!("CARGO_PKG_VERSION")));
            EXIT_CLEAN
        }
        Ok(Some(lexopt::Arg::Long("help"))) | Ok(Some(lexopt::Arg::Short('h'))) => {
            out(USAGE);
            EXIT_CLEAN
        }
        Ok(Some(lexopt::Arg::Long("stdio"))) => crate::lsp::run(),
        Ok(None) if !std::io::stdin().is_terminal() => crate::lsp::run(),
        Ok(None) => usage_error("missing command"),
        Ok(Some(other)) => usage_error(&format!("unexpected {}", describe(&other))),
        Err(error) => usage_error(&error.to_string()),
    }
}

fn describe(arg: &lexopt::Arg<'_>) -> String {
    match arg {
        lexopt::Arg::Short(c) => format!("option -{c}"),
        lexopt::Arg::Long(l) => format!("option --{l}"),
        lexopt::Arg::Value(v) => format!("argument {}", v.to_string_lossy()),
    }
}

/// Writes to standard output. A closed pipe (`asl-ls check … | head`) is
/// not an error worth a panic: the reader has what it wanted.
pub(crate) fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

pub(crate) fn usage_error(message: &str) -> u8 {
    let _ = writeln!(std::io::stderr(), "asl-ls: {message}\n\n{USAGE}");
    EXIT_USAGE
}

/// A subcommand: bad arguments print the usage, a failure its message;
/// both exit 2.
fn subcommand<A>(
    mut parser: lexopt::Parser,
    parse: fn(&mut lexopt::Parser) -> Result<A, String>,
    body: fn(&A) -> Result<u8, String>,
) -> u8 {
    let args = match parse(&mut parser) {
        Ok(args) => args,
        Err(message) => return usage_error(&message),
    };
    body(&args).unwrap_or_else(|message| {
        eprintln!("asl-ls: {message}");
        EXIT_USAGE
    })
}
