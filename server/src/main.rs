//! The `asl-ls` binary: `asl-ls check …` for CI, `asl-ls --stdio` for editors.

use std::process::ExitCode;

fn main() -> ExitCode {
    one_malloc_arena();
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    ExitCode::from(asl_ls::cli::run(args))
}

/// glibc gives each thread that allocates its own arena, and each keeps the
/// memory its large documents' trees used: the server's peak memory halves
/// with a single arena, at no measurable cost in speed (analyses run one at
/// a time per document).
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
