//! The `asl-ls` binary: `asl-ls check …` for CI, `asl-ls --stdio` for editors.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    ExitCode::from(asl_ls::cli::run(args))
}
