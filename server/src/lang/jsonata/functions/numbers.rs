//! Numbers for the engine: JavaScript printing, JSONata rounding, and
//! `$formatNumber` / `$formatBase` (the formatting itself is in `numfmt`),
//! with their errors turned into engine errors.

use super::super::error::Error;
use super::super::value::Value;
use super::numfmt::{self, NumError};

pub use super::numfmt::{js_number_to_string, jsonata_number_to_string, round_half_even, DecimalFormat};

fn error(e: NumError) -> Error {
    // JavaScript's RangeError (a picture with more than 100 fractional
    // digits) has no JSONata code; it is a bad picture.
    let code = if e.code == "RangeError" { "D3082" } else { e.code };
    let error = Error::new(code, 0..0);
    match e.value {
        Some(value) => error.value(value),
        None => error,
    }
}

/// The options object of `$formatNumber`, hyphenated keys as in XPath.
pub fn decimal_format(options: &Value) -> DecimalFormat {
    let Value::Object(map) = options else { return DecimalFormat::default() };
    let get = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
    DecimalFormat {
        decimal_separator: get("decimal-separator"),
        grouping_separator: get("grouping-separator"),
        exponent_separator: get("exponent-separator"),
        infinity: get("infinity"),
        minus_sign: get("minus-sign"),
        nan: get("NaN"),
        percent: get("percent"),
        per_mille: get("per-mille"),
        zero_digit: get("zero-digit"),
        digit: get("digit"),
        pattern_separator: get("pattern-separator"),
    }
}

pub fn format_number(n: f64, picture: &str, options: &DecimalFormat) -> Result<String, Error> {
    numfmt::format_number(n, picture, options).map_err(error)
}

pub fn format_base(n: f64, radix: Option<f64>) -> Result<String, Error> {
    numfmt::format_base(n, radix).map_err(error)
}
