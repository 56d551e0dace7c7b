//! What Step Functions adds to JSONata (spec: intrinsics.json,
//! `jsonata_extensions`): `$partition`, `$range`, `$hash`, `$random`,
//! `$uuid`, `$parse`, and no `$eval`. The JSONata engine knows nothing of
//! ASL; these are bindings its caller passes in, with `$states`.

use super::jsonata::eval::{Env, Evaluator};
use super::jsonata::functions::native;
use super::jsonata::value::{Flags, Value};
use super::jsonata::Error;

type Result<T> = std::result::Result<T, Error>;

/// Largest result of `$range` (the limit `States.ArrayRange` has too).
const MAX_RANGE: usize = 1000;

/// The functions Step Functions adds, with their signatures and what they do.
pub const FUNCTIONS: &[(&str, &str, &str)] = &[
    ("partition", "$partition(array, size)", "Splits an array into chunks of `size` (the last may be shorter)."),
    ("range", "$range(start, end, step)", "Numbers from `start` to `end` by `step`; at most 1,000."),
    ("hash", "$hash(data, algorithm)", "Hex digest with `MD5`, `SHA-1`, `SHA-256`, `SHA-384` or `SHA-512`."),
    ("random", "$random(seed?)", "A number from 0 (inclusive) to 1 (exclusive); a seed makes it repeatable."),
    ("uuid", "$uuid()", "A random version 4 UUID."),
    ("parse", "$parse(json)", "Parses a JSON string (Step Functions' replacement for `$eval`)."),
];

/// Whether `$name` is a function an expression can call in Step Functions:
/// a JSONata built-in (but `$eval`) or one of [`FUNCTIONS`].
pub fn is_function(name: &str) -> bool {
    name != "eval"
        && (FUNCTIONS.iter().any(|(n, ..)| *n == name) || super::jsonata::functions::names().any(|(n, _)| n == name))
}

/// The bindings to add to an evaluation of a Step Functions expression.
pub fn functions() -> Vec<(&'static str, Value)> {
    vec![
        ("partition", native("partition", "<an:a>", partition)),
        ("range", native("range", "<nnn:a<n>>", range)),
        ("hash", native("hash", "<s-s:s>", hash)),
        ("random", native("random", "<n?:n>", random)),
        ("uuid", native("uuid", "<:s>", uuid)),
        ("parse", native("parse", "<s-:j>", parse)),
        // `$eval` is not available: calling it fails as calling nothing does (T1006).
        ("eval", Value::Undefined),
    ]
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Undefined)
}

fn fail(message: impl Into<String>) -> Error {
    Error::new("D3143", 0..0).value(message)
}

fn partition(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let items = arg(args, 0).to_vec();
    let size = arg(args, 1).as_f64().unwrap_or(0.0);
    if size <= 0.0 || size.fract() != 0.0 {
        return Err(fail(format!("$partition needs a positive integer size, not {size}")));
    }
    let chunks = items.chunks(size as usize).map(|c| Value::array(c.to_vec(), Flags::default())).collect();
    Ok(Value::array(chunks, Flags::default()))
}

fn range(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let number = |i| arg(args, i).as_f64().unwrap_or(0.0);
    let (start, end, step) = (number(0), number(1), number(2));
    if step == 0.0 {
        return Err(fail("$range needs a step other than 0"));
    }
    let mut items = Vec::new();
    let mut value = start;
    while (step > 0.0 && value <= end) || (step < 0.0 && value >= end) {
        if items.len() == MAX_RANGE {
            return Err(fail(format!("$range makes at most {MAX_RANGE} items")));
        }
        items.push(Value::Number(value));
        value += step;
    }
    Ok(Value::sequence(items))
}

fn hash(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(data) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let algorithm = arg(args, 1).as_str().unwrap_or("");
    match hex_digest(data, algorithm) {
        Some(hex) => Ok(Value::string(&hex)),
        None => Err(fail(format!("$hash takes MD5, SHA-1, SHA-256, SHA-384 or SHA-512, not {algorithm:?}"))),
    }
}

/// The lowercase hex digest of `data` with one of Step Functions' hash
/// algorithms (`$hash`, `States.Hash`); `None` for another name.
pub fn hex_digest(data: &str, algorithm: &str) -> Option<String> {
    use md5::Digest;
    let digest: Vec<u8> = match algorithm {
        "MD5" => md5::Md5::digest(data).to_vec(),
        "SHA-1" => sha1::Sha1::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        "SHA-384" => sha2::Sha384::digest(data).to_vec(),
        "SHA-512" => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    };
    Some(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// With a seed, the same number for the same seed (not AWS's sequence,
/// which is not documented).
fn random(evaluator: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    match arg(args, 0).as_f64() {
        Some(seed) => {
            let mut x = seed.to_bits() ^ 0x9E37_79B9_7F4A_7C15;
            x ^= x >> 33;
            x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            x ^= x >> 33;
            x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
            x ^= x >> 33;
            Ok(Value::Number((x >> 11) as f64 / (1u64 << 53) as f64))
        }
        None => Ok(Value::Number(evaluator.random())),
    }
}

/// A version 4 UUID.
fn uuid(evaluator: &mut Evaluator, _: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(4) {
        let bits = (evaluator.random() * 4_294_967_296.0) as u32;
        chunk.copy_from_slice(&bits.to_be_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(Value::string(&format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])))
}

fn parse(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| fail(format!("$parse: {e}")))?;
    Ok(Value::from_json(&json))
}

#[cfg(test)]
mod tests {
    use super::super::jsonata::{self, Limits};
    use super::*;

    fn eval(expression: &str) -> std::result::Result<serde_json::Value, String> {
        let ast = jsonata::parse(expression).map_err(|e| e.to_string())?;
        let bindings = functions();
        let value =
            jsonata::evaluate(&ast, &Value::Undefined, &bindings, Limits::default()).map_err(|e| e.code.to_string())?;
        Ok(value.to_json().unwrap_or(serde_json::Value::Null))
    }

    #[test]
    fn the_step_functions_functions() {
        use serde_json::json;
        assert_eq!(eval("$partition([0, 1, 2, 3], 3)"), Ok(json!([[0, 1, 2], [3]])));
        assert_eq!(eval("$partition([0], 5)"), Ok(json!([[0]])));
        assert_eq!(eval("$range(0, 10, 3)"), Ok(json!([0, 3, 6, 9])));
        assert_eq!(eval("$range(1, 9, 9)"), Ok(json!(1)), "a singleton sequence is its value");
        assert_eq!(eval("$hash('input data', 'SHA-1')"), Ok(json!("aaff4a450a104cd177d28d18d74485e8cae074b7")));
        assert_eq!(eval("$hash('', 'MD5')"), Ok(json!("d41d8cd98f00b204e9800998ecf8427e")));
        assert_eq!(eval("$parse('{\"Arg1\": 1, \"Arg2\": []}')"), Ok(json!({"Arg1": 1, "Arg2": []})));
        assert_eq!(eval("$parse('-0')"), Ok(json!(0)));
        assert_eq!(eval("$random(7) = $random(7) and $random(7) < 1"), Ok(json!(true)));
        let uuid = eval("$uuid()").unwrap();
        let uuid = uuid.as_str().unwrap();
        assert_eq!((uuid.len(), &uuid[14..15]), (36, "4"));
        assert_eq!(eval("$eval('1')"), Err("T1006".into()));
        assert_eq!(eval("$partition([1], 0)"), Err("D3143".into()));
    }
}
