//! Evaluating intrinsic function calls (`States.Format(…)`) on JSON values.
//! A failure is `States.IntrinsicFailure` with the returned cause.

use super::paths::{select, Miss, Roots};
use super::random::Random;
use crate::lang::intrinsics::{Arg, Call};
use crate::lang::jsonpath;
use serde_json::{Map, Value};

/// Why a call failed: a path that selected nothing, or the function's own
/// error (`States.IntrinsicFailure`).
#[derive(Debug, PartialEq)]
pub enum CallError {
    Path { path: String, miss: Miss },
    Failure(String),
}

fn fail<T>(message: impl Into<String>) -> Result<T, CallError> {
    Err(CallError::Failure(message.into()))
}

pub fn evaluate(call: &Call, roots: &Roots<'_>, random: &mut Random) -> Result<Value, CallError> {
    let mut args = Vec::with_capacity(call.args.len());
    for arg in &call.args {
        args.push(match arg {
            Arg::String(s, _) => Value::String(s.clone()),
            Arg::Number(n, _) => number(*n),
            Arg::Bool(b, _) => Value::Bool(*b),
            Arg::Null(_) => Value::Null,
            Arg::Path(text, _) => {
                let path = jsonpath::parse(text).map_err(|e| CallError::Failure(e.message))?;
                select(&path, roots).map_err(|miss| CallError::Path { path: text.clone(), miss })?
            }
            Arg::Call(inner) => evaluate(inner, roots, random)?,
        });
    }
    apply(&call.name, call, args, random)
}

pub fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// An integer argument; AWS rounds numbers as Java's `Math.round` (half up).
fn integer(v: &Value, what: &str) -> Result<i64, CallError> {
    match v.as_f64() {
        Some(n) if n.is_finite() => Ok((n + 0.5).floor() as i64),
        _ => fail(format!("{what} must be an integer, found {v}")),
    }
}

/// A value as Java's `toString` writes it (`States.Format` values):
/// `{a=1, b=[x, y]}`.
fn java_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!("[{}]", items.iter().map(java_text).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => {
            format!("{{{}}}", map.iter().map(|(k, v)| format!("{k}={}", java_text(v))).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

fn array<'v>(v: &'v Value, what: &str) -> Result<&'v Vec<Value>, CallError> {
    v.as_array().map_or_else(|| fail(format!("{what} must be an array, found {v}")), Ok)
}

fn string<'v>(v: &'v Value, what: &str) -> Result<&'v str, CallError> {
    v.as_str().map_or_else(|| fail(format!("{what} must be a string, found {v}")), Ok)
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Null)
}

fn apply(name: &str, _call: &Call, args: Vec<Value>, random: &mut Random) -> Result<Value, CallError> {
    let a = |i| arg(&args, i);
    Ok(match name {
        "States.Format" => {
            let template = string(a(0), "the template")?;
            let mut out = String::new();
            let mut values = args[1..].iter();
            let mut chars = template.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '{' && chars.peek() == Some(&'}') {
                    chars.next();
                    let Some(value) = values.next() else {
                        return fail(
                            "the number of arguments does not match the number of {} placeholders in the template",
                        );
                    };
                    out.push_str(&java_text(value));
                } else {
                    out.push(c);
                }
            }
            if values.next().is_some() {
                return fail("the number of arguments does not match the number of {} placeholders in the template");
            }
            Value::String(out)
        }
        "States.StringToJson" => {
            let text = string(a(0), "the argument")?;
            if text.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(text).or_else(|e| fail(format!("the argument is not JSON: {e}")))?
            }
        }
        "States.JsonToString" => Value::String(serde_json::to_string(a(0)).unwrap_or_default()),
        "States.JsonMerge" => {
            let (Some(x), Some(y)) = (a(0).as_object(), a(1).as_object()) else {
                return fail("both arguments of States.JsonMerge must be objects");
            };
            if a(2) != &Value::Bool(false) {
                return fail("States.JsonMerge supports only shallow merges: the third argument must be false");
            }
            let mut merged: Map<String, Value> = x.clone();
            for (k, v) in y {
                merged.insert(k.clone(), v.clone());
            }
            Value::Object(merged)
        }
        "States.Array" => Value::Array(args),
        "States.ArrayPartition" => {
            let items = array(a(0), "the first argument")?;
            let size = integer(a(1), "the chunk size")?;
            if size <= 0 {
                return fail("the chunk size must be greater than 0");
            }
            Value::Array(items.chunks(size as usize).map(|c| Value::Array(c.to_vec())).collect())
        }
        "States.ArrayContains" => Value::Bool(array(a(0), "the first argument")?.contains(a(1))),
        "States.ArrayRange" => {
            let (start, end, step) = (integer(a(0), "start")?, integer(a(1), "end")?, integer(a(2), "step")?);
            if step == 0 {
                return fail("the step of States.ArrayRange must not be 0");
            }
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i <= end) || (step < 0 && i >= end) {
                out.push(Value::from(i));
                if out.len() > 1000 {
                    return fail("States.ArrayRange returns at most 1000 elements");
                }
                i += step;
            }
            Value::Array(out)
        }
        "States.ArrayGetItem" => {
            let items = array(a(0), "the first argument")?;
            let index = integer(a(1), "the index")?;
            usize::try_from(index)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .map_or_else(|| fail(format!("index {index} is out of bounds")), Ok)?
        }
        "States.ArrayLength" => Value::from(array(a(0), "the argument")?.len()),
        "States.ArrayUnique" => {
            let mut out: Vec<Value> = Vec::new();
            for item in array(a(0), "the argument")? {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            Value::Array(out)
        }
        "States.Base64Encode" => Value::String(base64_encode(string(a(0), "the argument")?.as_bytes())),
        "States.Base64Decode" => {
            let bytes =
                base64_decode(string(a(0), "the argument")?).map_or_else(|| fail("the argument is not base64"), Ok)?;
            Value::String(String::from_utf8_lossy(&bytes).into_owned())
        }
        "States.Hash" => {
            let data = match a(0) {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let algorithm = string(a(1), "the algorithm")?;
            match crate::lang::sfn_jsonata::hex_digest(&data, algorithm) {
                Some(hex) => Value::String(hex),
                None => {
                    return fail(format!(
                        "`{algorithm}` is not a hash algorithm: use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"
                    ))
                }
            }
        }
        "States.MathRandom" => {
            let (start, end) = (integer(a(0), "start")?, integer(a(1), "end")?);
            if end <= start {
                return fail("the end of States.MathRandom must be greater than its start");
            }
            let mut generator = match args.get(2) {
                Some(seed) => Random::seeded(integer(seed, "the seed")? as u64),
                None => random.fork(),
            };
            Value::from(start + (generator.next_f64() * (end - start) as f64) as i64)
        }
        "States.MathAdd" => Value::from(integer(a(0), "the first argument")? + integer(a(1), "the second argument")?),
        "States.StringSplit" => {
            let text = string(a(0), "the string")?;
            let delimiters = string(a(1), "the delimiters")?;
            Value::Array(
                text.split(|c: char| delimiters.contains(c))
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_string()))
                    .collect(),
            )
        }
        "States.UUID" => Value::String(random.uuid()),
        other => return fail(format!("`{other}` is not an intrinsic function")),
    })
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let value = BASE64.iter().position(|b| *b == c)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::intrinsics::parse;
    use serde_json::json;

    fn run(text: &str, input: Value) -> Result<Value, CallError> {
        let no_vars = |_: &str| None;
        let roots = Roots { input: &input, context: &Value::Null, variable: &no_vars };
        evaluate(&parse(text).unwrap(), &roots, &mut Random::seeded(1))
    }

    #[test]
    fn functions_compute_what_aws_does() {
        assert_eq!(run("States.Format('a={} b={}', $.a, $.b)", json!({"a": "x", "b": null})), Ok(json!("a=x b=null")));
        assert_eq!(run("States.ArrayPartition($.l, 2)", json!({"l": [1, 2, 3]})), Ok(json!([[1, 2], [3]])));
        assert_eq!(run("States.ArrayRange(1, 9, 2)", json!({})), Ok(json!([1, 3, 5, 7, 9])));
        assert_eq!(run("States.StringSplit('a,b,,c', ',')", json!({})), Ok(json!(["a", "b", "c"])));
        assert_eq!(run("States.JsonToString($.o)", json!({"o": {"a": [1, "x"]}})), Ok(json!(r#"{"a":[1,"x"]}"#)));
        assert_eq!(run("States.Base64Encode('Data to encode')", json!({})), Ok(json!("RGF0YSB0byBlbmNvZGU=")));
        assert_eq!(run("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", json!({})), Ok(json!("Data to encode")));
        assert_eq!(
            run("States.Hash('input data', 'SHA-1')", json!({})),
            Ok(json!("aaff4a450a104cd177d28d18d74485e8cae074b7"))
        );
        assert_eq!(run("States.MathAdd(1, -3)", json!({})), Ok(json!(-2)));
        assert!(matches!(run("States.ArrayGetItem($.l, 5)", json!({"l": [1]})), Err(CallError::Failure(_))));
    }
}
