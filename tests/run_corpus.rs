//! The evaluator on every real-world definition without a deployment
//! placeholder: each run ends (succeeded or failed, within the transition
//! bound), without a panic or a hang.

mod support;

use asl_ls::run::mocks::NoMocks;
use asl_ls::run::{run, Options};
use std::time::{Duration, Instant};

#[test]
fn every_real_world_definition_runs_to_an_end() {
    let dir = support::shared().join("corpus/real-world");
    let mut ran = 0;
    let mut problems = Vec::new();
    for path in support::files(&dir, &[".json"]) {
        let text = support::read(&path);
        if asl_ls::lang::has_placeholder(&text) {
            continue;
        }
        let options = Options { max_transitions: 2_000, ..Options::default() };
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| run(&text, &options, &mut NoMocks));
        match outcome {
            Err(_) => problems.push(format!("{}: panicked", path.display())),
            Ok(Err(message)) => problems.push(format!("{}: could not run: {message}", path.display())),
            Ok(Ok(_)) => ran += 1,
        }
        if started.elapsed() > Duration::from_secs(20) {
            problems.push(format!("{}: ran {:?}", path.display(), started.elapsed()));
        }
    }
    assert!(ran > 150, "expected the real-world corpus ({ran} runs)");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
