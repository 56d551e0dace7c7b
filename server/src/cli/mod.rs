//! The command-line edge: argument parsing and the subcommands. Exit codes:
//! 0 clean, 1 problems found, 2 usage or I/O error.

mod check;
mod convert;
pub(crate) mod definition;
mod files;
mod fmt;
mod graph;
mod render;
mod run;
mod test;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// The overview: `asl-ls --help`, `asl-ls help`, and after a usage error.
const USAGE: &str = "\
asl-ls: language server and checker for the Amazon States Language (AWS Step Functions)

Usage:
  asl-ls check [OPTIONS] PATHS...   check definitions and templates (files, directories, globs)
  asl-ls run DEFINITION [OPTIONS]   run a definition on an input, tasks mocked
  asl-ls graph DEFINITION [OPTIONS] draw the state machine (SVG, DOT or Mermaid)
  asl-ls fmt [--check] PATHS...     format definitions in place (--check: only say which would change)
  asl-ls convert --to LANG DEF      rewrite a definition in JSONata (or back in JSONPath)
  asl-ls test [PATHS...]            run the test files of state machines (NAME.asl.test.yaml)
  asl-ls --stdio                    run the language server on stdin/stdout
                                    (also `asl-ls` alone when stdin is not a terminal)
  asl-ls help [COMMAND]             this text, or a command's options (also `COMMAND --help`)
  asl-ls --version

PATHS, DEFINITION: a definition (*.asl.json, *.asl.yaml, …) or a template that holds
state machines (CloudFormation/SAM/CDK, serverless.yml, Terraform *.tf).
Exit codes: 0 clean (or succeeded), 1 problems found (or the run failed), 2 usage or I/O error.
";

const CHECK_HELP: &str = "\
asl-ls check: report what AWS would refuse, and likely mistakes, in definitions and templates

Usage: asl-ls check [OPTIONS] PATHS...

PATHS are files, directories (searched for definitions and templates) or globs.

Options:
  --format FORMAT     human (default), json, sarif, github, aws
  --type TYPE         standard (default) or express: the workflow type to check for
  --aws-severity SEV  with --format aws: ERROR (default) or WARNING, as the API's `severity`
  --fix               first apply the fixes that keep what the machine does, in place
  --unsafe-fixes      with them, also the fixes that may change it (review the diff)
  -h, --help          this text

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.
";

const RUN_HELP: &str = "\
asl-ls run: run a definition on an input with the evaluator, tasks answered by mocks

Usage: asl-ls run DEFINITION [OPTIONS]

Options:
  --input JSON|FILE   the execution input (default {})
  --mocks FILE        task answers, in Step Functions Local's MockConfigFile.json format
  --test-case NAME    the mock file's test case (needed when it has several)
  --context JSON|FILE context-object values, e.g. {\"Execution\": {\"Name\": \"x\"}}
  --state NAME        run that state alone, as AWS's TestState API
  --trace             print every state's input and output
  --format FORMAT     human (default) or json
  --machine NAME      in a template: the state machine to run (needed when it holds several)
  --s3-root DIR       a folder that stands for S3 (DIR/BUCKET/KEY) for a distributed Map's
                      ItemReader and ResultWriter
  --shuffle SEED      run Map iterations and Parallel branches in an order drawn from SEED
  -h, --help          this text

Exit codes: 0 succeeded, 1 failed or timed out, 2 usage or definition error.
";

const GRAPH_HELP: &str = "\
asl-ls graph: draw the state machine

Usage: asl-ls graph DEFINITION [OPTIONS]

Options:
  --format FORMAT     svg (default), dot or mermaid
  -o, --output FILE   write to FILE instead of stdout
  --input JSON|FILE   run the definition on this input and colour the path taken
  --mocks FILE        (with --test-case NAME) task answers for that run
  --test-case NAME    the mock file's test case
  --machine NAME      in a template: the state machine to draw (needed when it holds several)
  --coverage FILE     run the cases of a test file (NAME.asl.test.yaml) and colour what they
                      covered; the states and edges left plain are not covered
  -h, --help          this text

Exit codes: 0 drawn, 2 usage or definition error.
";

const FMT_HELP: &str = "\
asl-ls fmt: format definitions, and the definitions written inside templates, in place

Usage: asl-ls fmt [OPTIONS] PATHS...

PATHS are files, directories (searched for definitions and templates) or globs. JSON is laid
out one member per line (key order, comments and blank lines between members kept; an object
or array written on one line stays so while it fits 80 columns); YAML is re-indented only.
In a template, only definitions written as its own JSON or YAML are formatted, never those
inside strings or Terraform files.

Options:
  --check             write nothing: list the files that would change, exit 1 if any
  --indent N|tab      the indentation (default: what each file uses, else 2 spaces)
  -h, --help          this text

Exit codes: 0 formatted (or nothing to do), 1 with --check: a file would change,
2 usage or I/O error, or a file that does not parse (it is left as it is).
";

const CONVERT_HELP: &str = "\
asl-ls convert: rewrite a definition in JSONata (or back in JSONPath), with the same behaviour

Usage: asl-ls convert --to jsonata|jsonpath DEFINITION [OPTIONS]

To JSONata: InputPath/Parameters become Arguments, ResultSelector/ResultPath/OutputPath one
Output, `.$` keys and intrinsic functions {% %} expressions, choice rules Conditions, the
...Path fields their plain names. To JSONPath: the same the other way, where JSONPath says it
exactly (paths, the functions that are intrinsics, templates, conditions). A state with
something that has no exact form stays in its language (the machine is then JSONPath and each
JSONata state says so); stderr says which and why.

Options:
  --to LANG           jsonata or jsonpath: the language to convert to
  --write             write the result back into DEFINITION (default: print it)
  -o, --output FILE   write the result to FILE
  -h, --help          this text

Exit codes: 0 converted fully, 1 some states stay as they were, 2 usage or I/O error.
";

const TEST_HELP: &str = "\
asl-ls test: run the tests of state machines with the evaluator, in process

Usage: asl-ls test [OPTIONS] [PATHS...]

PATHS (default: the current folder) are test files or folders searched for them: test files
(NAME.asl.test.yaml, .yml or .json: cases with input, mocks and expectations; see
docs/testing.md) and MockConfigFiles beside their definition (NAME.mocks.json beside
NAME.asl.json: each test case must succeed, on NAME.input.json when there is one).

Options:
  --filter TEXT       only the cases whose name contains TEXT
  --format FORMAT     human (default), json or junit (JUnit XML, for CI dashboards)
  --coverage FORMAT   text (printed after the results), json (coverage.json) or lcov
                      (lcov.info): which states, Choice rules and Defaults, retriers and
                      catchers the cases covered
  --coverage-file F   write the coverage report to F instead
  --update            write what the runs gave into the failing exact expectations (output,
                      a state's input or output), each change said on stderr, then run again
  -h, --help          this text

Exit codes: 0 all passed, 1 a case failed, 2 usage or I/O error, or a test file with a problem.
";

/// Each subcommand's name and its `--help` text.
const COMMANDS: [(&str, &str); 6] = [
    ("check", CHECK_HELP),
    ("run", RUN_HELP),
    ("graph", GRAPH_HELP),
    ("fmt", FMT_HELP),
    ("convert", CONVERT_HELP),
    ("test", TEST_HELP),
];

fn help_of(command: &std::ffi::OsStr) -> Option<&'static str> {
    COMMANDS.iter().find(|(name, _)| command == *name).map(|(_, help)| *help)
}

/// `asl-ls --version`: the version and, where the build knew it, the commit
/// and its date (`server/build.rs`).
fn version() -> String {
    match (option_env!("ASL_LS_COMMIT"), option_env!("ASL_LS_COMMIT_DATE")) {
        (Some(commit), Some(date)) if !date.is_empty() => {
            format!("asl-ls {} ({commit} {date})\n", env!("CARGO_PKG_VERSION"))
        }
        (Some(commit), _) => format!("asl-ls {} ({commit})\n", env!("CARGO_PKG_VERSION")),
        _ => format!("asl-ls {}\n", env!("CARGO_PKG_VERSION")),
    }
}

/// `COMMAND --help` or `-h` anywhere among a subcommand's arguments (before a
/// `--`) asks for its help, as in most command-line tools.
fn asks_for_help(args: &[OsString]) -> bool {
    args.iter().take_while(|arg| *arg != "--").any(|arg| arg == "--help" || arg == "-h")
}

pub fn run(args: Vec<OsString>) -> u8 {
    if let Some(help) = args.first().and_then(|command| help_of(command)) {
        if asks_for_help(&args[1..]) {
            out(help);
            return EXIT_CLEAN;
        }
    }
    let mut parser = lexopt::Parser::from_args(args);
    match parser.next() {
        Ok(Some(lexopt::Arg::Value(command))) if command == "check" => check::run(parser, CHECK_HELP),
        Ok(Some(lexopt::Arg::Value(command))) if command == "fmt" => fmt::run(parser, FMT_HELP),
        Ok(Some(lexopt::Arg::Value(command))) if command == "convert" => convert::run(parser, CONVERT_HELP),
        Ok(Some(lexopt::Arg::Value(command))) if command == "test" => test::run(parser, TEST_HELP),
        Ok(Some(lexopt::Arg::Value(command))) if command == "run" => {
            subcommand(parser, RUN_HELP, run::parse_args, run::run_args)
        }
        Ok(Some(lexopt::Arg::Value(command))) if command == "graph" => {
            subcommand(parser, GRAPH_HELP, graph::parse_args, graph::draw)
        }
        Ok(Some(lexopt::Arg::Long("version"))) | Ok(Some(lexopt::Arg::Short('V'))) => {
            out(&version());
            EXIT_CLEAN
        }
        Ok(Some(lexopt::Arg::Long("help"))) | Ok(Some(lexopt::Arg::Short('h'))) => {
            out(USAGE);
            EXIT_CLEAN
        }
        Ok(Some(lexopt::Arg::Value(command))) if command == "help" => help(parser),
        Ok(Some(lexopt::Arg::Long("stdio"))) => crate::lsp::run(),
        Ok(None) if !std::io::stdin().is_terminal() => crate::lsp::run(),
        Ok(None) => usage_error("missing command"),
        Ok(Some(other)) => usage_error(&format!("unexpected {}", describe(&other))),
        Err(error) => usage_error(&error.to_string()),
    }
}

/// `asl-ls help [COMMAND]`.
fn help(mut parser: lexopt::Parser) -> u8 {
    match parser.next() {
        Ok(None) => {
            out(USAGE);
            EXIT_CLEAN
        }
        Ok(Some(lexopt::Arg::Value(command))) => match help_of(&command) {
            Some(help) => {
                out(help);
                EXIT_CLEAN
            }
            None => usage_error(&format!("no command `{}`", command.to_string_lossy())),
        },
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
    usage_error_with(message, USAGE)
}

/// A usage error followed by the help of the command it was made in.
pub(crate) fn usage_error_with(message: &str, help: &str) -> u8 {
    let _ = writeln!(std::io::stderr(), "asl-ls: {message}\n\n{help}");
    EXIT_USAGE
}

/// A subcommand: bad arguments print the usage, a failure its message;
/// both exit 2.
fn subcommand<A>(
    mut parser: lexopt::Parser,
    help: &str,
    parse: fn(&mut lexopt::Parser) -> Result<A, String>,
    body: fn(&A) -> Result<u8, String>,
) -> u8 {
    let args = match parse(&mut parser) {
        Ok(args) => args,
        Err(message) => return usage_error_with(&message, help),
    };
    body(&args).unwrap_or_else(|message| {
        eprintln!("asl-ls: {message}");
        EXIT_USAGE
    })
}
