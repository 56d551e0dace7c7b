//! Writing values back as JSON text: the shared spelling of strings and
//! numbers for edits (ide), YAML output (syntax/yaml) and the evaluator (run).

/// `s` as a JSON string literal, escaped.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// A number as AWS writes it: an integer (below 2^53) without a fraction,
/// else JSON's shortest form; `null` for what JSON cannot hold.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        (n as i64).to_string()
    } else {
        serde_json::Number::from_f64(n).map_or_else(|| "null".to_string(), |n| n.to_string())
    }
}
