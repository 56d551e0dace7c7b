//! The expression languages: JSONPath, intrinsic calls and JSONata (parsed,
//! then evaluated with a bounded depth and time).
#![no_main]

use asl_ls::lang::{intrinsics, jsonata, jsonpath};
use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = jsonpath::parse(text);
    let _ = intrinsics::parse(text);
    let _ = jsonata::check(text);
    if let Ok(ast) = jsonata::parse(text) {
        let input = jsonata::Value::from_json(&serde_json::json!({"a": [1, 2, {"b": "x"}], "n": 3}));
        let limits = jsonata::Limits { max_depth: 200, timeout: Duration::from_millis(200) };
        let _ = jsonata::evaluate(&ast, &input, &[], limits);
    }
});
