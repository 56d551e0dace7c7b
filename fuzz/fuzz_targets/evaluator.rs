//! The evaluator: any definition runs (tasks answered as a Lambda would)
//! to an outcome or an error, within a transition bound.
#![no_main]

use asl_ls::run::mocks::{Answer, Mocks};
use asl_ls::run::{run, Options};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

struct Lambda;

impl Mocks for Lambda {
    fn answer(&mut self, _: &str, input: &Value, attempt: usize) -> Option<Answer> {
        Some(Answer::Return(json!({"Payload": input, "attempt": attempt})))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = Options { input: json!({"items": [1, 2, 3], "x": "y"}), max_transitions: 200, ..Options::default() };
    let _ = run(text, &options, &mut Lambda);
});
