//! Dates and integer pictures: `$now`, `$millis`, `$fromMillis`,
//! `$toMillis`, `$formatInteger`, `$parseInteger`.

use super::super::error::Error;
use super::super::eval::{Env, Evaluator};
use super::super::value::Value;
use super::{arg, dtfmt, Result};

pub fn millis(evaluator: &mut Evaluator, _: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(Value::Number(evaluator.now_millis))
}

pub fn now(evaluator: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let picture = arg(args, 0).as_str();
    let zone = arg(args, 1).as_str();
    format_datetime(evaluator.now_millis, picture, zone).map(|s| Value::string(&s))
}

pub fn from_millis(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(ms) = arg(args, 0).as_f64() else { return Ok(Value::Undefined) };
    format_datetime(ms, arg(args, 1).as_str(), arg(args, 2).as_str()).map(|s| Value::string(&s))
}

pub fn to_millis(evaluator: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    // Parts a picture leaves out come from this evaluation's `$now()`.
    dtfmt::parse_datetime_at(text, arg(args, 1).as_str(), evaluator.now_millis)
        .map(|n| n.map_or(Value::Undefined, Value::Number))
        .map_err(error)
}

pub fn format_integer_fn(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(n) = arg(args, 0).as_f64() else { return Ok(Value::Undefined) };
    format_integer(n, arg(args, 1).as_str().unwrap_or("")).map(|s| Value::string(&s))
}

pub fn parse_integer_fn(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    parse_integer(text, arg(args, 1).as_str().unwrap_or("")).map(|n| n.map_or(Value::Undefined, Value::Number))
}

fn error(e: dtfmt::DtError) -> Error {
    let error = Error::new(e.code, 0..0);
    match e.value {
        // A number shows as itself; a timestamp or picture part in quotes, as JSON.
        Some(value) if e.code == "D1001" => error.value(value),
        Some(value) => error.value(super::json_text(&value)),
        None => error,
    }
}

fn format_datetime(ms: f64, picture: Option<&str>, zone: Option<&str>) -> Result<String> {
    dtfmt::format_datetime(ms, picture, zone).map_err(error)
}

fn format_integer(n: f64, picture: &str) -> Result<String> {
    dtfmt::format_integer(n, picture).map_err(error)
}

fn parse_integer(text: &str, picture: &str) -> Result<Option<f64>> {
    dtfmt::parse_integer(text, picture).map_err(error)
}
