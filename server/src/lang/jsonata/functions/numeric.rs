//! Numeric functions and aggregation.

use super::super::error::Error;
use super::super::eval::{describe, Env, Evaluator};
use super::super::value::Value;
use super::{arg, numbers, Result};

fn numbers_of(value: &Value) -> Option<Vec<f64>> {
    match value {
        Value::Undefined => None,
        other => Some(other.to_vec().iter().filter_map(Value::as_f64).collect()),
    }
}

pub fn sum(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(numbers_of(arg(args, 0)).map_or(Value::Undefined, |n| Value::Number(n.iter().sum())))
}

pub fn count(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(Value::Number(match arg(args, 0) {
        Value::Undefined => 0.0,
        Value::Array(a) => a.items.len() as f64,
        _ => 1.0,
    }))
}

pub fn max(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(match numbers_of(arg(args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        _ => Value::Undefined,
    })
}

pub fn min(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(match numbers_of(arg(args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.iter().copied().fold(f64::INFINITY, f64::min)),
        _ => Value::Undefined,
    })
}

pub fn average(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(match numbers_of(arg(args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.iter().sum::<f64>() / n.len() as f64),
        _ => Value::Undefined,
    })
}

/// `$number`: numbers, numeric strings (also `0x…`, `0o…`, `0b…`), booleans.
pub fn number(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let value = arg(args, 0);
    let parsed = match value {
        Value::Undefined => return Ok(Value::Undefined),
        Value::Number(n) => Some(*n),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => parse_number(s),
        _ => None,
    };
    parsed.map(Value::Number).ok_or_else(|| Error::new("D3030", 0..0).value(describe(value)))
}

fn parse_number(s: &str) -> Option<f64> {
    for (prefix, radix) in [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)] {
        if let Some(digits) = s.strip_prefix(prefix) {
            return (!digits.is_empty()).then(|| u64::from_str_radix(digits, radix).ok().map(|n| n as f64)).flatten();
        }
    }
    // -?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn unary(args: &[Value], f: impl Fn(f64) -> f64) -> Result<Value> {
    Ok(arg(args, 0).as_f64().map_or(Value::Undefined, |n| Value::Number(f(n))))
}

pub fn floor(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    unary(args, f64::floor)
}

pub fn ceil(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    unary(args, f64::ceil)
}

pub fn abs(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    unary(args, f64::abs)
}

pub fn round(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(n) = arg(args, 0).as_f64() else { return Ok(Value::Undefined) };
    let precision = arg(args, 1).as_f64().unwrap_or(0.0) as i32;
    Ok(Value::Number(numbers::round_half_even(n, precision)))
}

pub fn sqrt(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(n) = arg(args, 0).as_f64() else { return Ok(Value::Undefined) };
    if n < 0.0 {
        return Err(Error::new("D3060", 0..0).value(numbers::js_number_to_string(n)));
    }
    Ok(Value::Number(n.sqrt()))
}

pub fn power(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let (Some(base), Some(exponent)) = (arg(args, 0).as_f64(), arg(args, 1).as_f64()) else {
        return Ok(Value::Undefined);
    };
    let result = base.powf(exponent);
    if !result.is_finite() {
        return Err(Error::new("D3061", 0..0)
            .value(numbers::js_number_to_string(base))
            .value2(numbers::js_number_to_string(exponent)));
    }
    Ok(Value::Number(result))
}

pub fn random(evaluator: &mut Evaluator, _: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(Value::Number(evaluator.random()))
}

pub fn format_number(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(n) = arg(args, 0).as_f64() else { return Ok(Value::Undefined) };
    let picture = arg(args, 1).as_str().unwrap_or("");
    let options = numbers::decimal_format(arg(args, 2));
    numbers::format_number(n, picture, &options).map(|s| Value::string(&s))
}

pub fn format_base(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(n) = arg(args, 0).as_f64() else { return Ok(Value::Undefined) };
    numbers::format_base(n, arg(args, 1).as_f64()).map(|s| Value::string(&s))
}
