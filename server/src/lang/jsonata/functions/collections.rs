//! Arrays, objects and the higher-order functions.

use super::super::error::Error;
use super::super::eval::{append as append_values, merge_sort, Env, Evaluator};
use super::super::value::{deep_equal, Flags, Map, Value};
use super::{arg, boolean, Result};

pub fn map(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let array = arg(args, 0);
    if array.is_undefined() {
        return Ok(Value::Undefined);
    }
    let function = arg(args, 1);
    let mut out = Vec::new();
    for (i, item) in array.to_vec().into_iter().enumerate() {
        let value = evaluator.apply_hof(function, item, i, array, env)?;
        if !value.is_undefined() {
            out.push(value);
        }
    }
    Ok(Value::sequence(out))
}

pub fn filter(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let array = arg(args, 0);
    if array.is_undefined() {
        return Ok(Value::Undefined);
    }
    let function = arg(args, 1);
    let mut out = Vec::new();
    for (i, item) in array.to_vec().into_iter().enumerate() {
        let keep = evaluator.apply_hof(function, item.clone(), i, array, env)?;
        if boolean(&keep)?.unwrap_or(false) {
            out.push(item);
        }
    }
    Ok(Value::sequence(out))
}

pub fn single(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let array = arg(args, 0);
    if array.is_undefined() {
        return Ok(Value::Undefined);
    }
    let function = arg(args, 1);
    let mut found: Option<Value> = None;
    for (i, item) in array.to_vec().into_iter().enumerate() {
        let matches = if function.is_undefined() {
            true
        } else {
            let result = evaluator.apply_hof(function, item.clone(), i, array, env)?;
            boolean(&result)?.unwrap_or(false)
        };
        if matches {
            if found.is_some() {
                return Err(Error::new("D3138", 0..0));
            }
            found = Some(item);
        }
    }
    found.ok_or_else(|| Error::new("D3139", 0..0))
}

pub fn reduce(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let sequence = arg(args, 0);
    if sequence.is_undefined() {
        return Ok(Value::Undefined);
    }
    let function = arg(args, 1);
    let arity = match function {
        Value::Function(f) => f.arity(),
        _ => 0,
    };
    if arity < 2 {
        return Err(Error::new("D3050", 0..0).token("1"));
    }
    let items = sequence.to_vec();
    let initial = arg(args, 2);
    let (mut result, start) =
        if initial.is_undefined() && !items.is_empty() { (items[0].clone(), 1) } else { (initial.clone(), 0) };
    for (index, item) in items.iter().enumerate().skip(start) {
        let mut call = vec![result, item.clone()];
        if arity >= 3 {
            call.push(Value::Number(index as f64));
        }
        if arity >= 4 {
            call.push(sequence.clone());
        }
        result = evaluator.apply(function, call, &Value::Undefined, env)?;
    }
    Ok(result)
}

pub fn sift(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let Value::Object(object) = arg(args, 0) else { return Ok(Value::Undefined) };
    let function = arg(args, 1);
    let mut result = Map::new();
    for (key, value) in object.iter() {
        let keep = evaluator.apply_hof_key(function, value.clone(), key, arg(args, 0), env)?;
        if boolean(&keep)?.unwrap_or(false) {
            result.insert(key.clone(), value.clone());
        }
    }
    Ok(if result.is_empty() { Value::Undefined } else { Value::object(result) })
}

pub fn each(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let Value::Object(object) = arg(args, 0) else { return Ok(Value::Undefined) };
    let function = arg(args, 1);
    let mut out = Vec::new();
    for (key, value) in object.iter() {
        let result = evaluator.apply_hof_key(function, value.clone(), key, arg(args, 0), env)?;
        if !result.is_undefined() {
            out.push(result);
        }
    }
    Ok(Value::sequence(out))
}

pub fn zip(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let arrays: Vec<Vec<Value>> = args.iter().map(|a| if a.is_array() { a.to_vec() } else { Vec::new() }).collect();
    let length = arrays.iter().map(Vec::len).min().unwrap_or(0);
    let rows =
        (0..length).map(|i| Value::array(arrays.iter().map(|a| a[i].clone()).collect(), Flags::default())).collect();
    Ok(Value::array(rows, Flags::default()))
}

fn keys_of(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Array(a) => a.items.iter().for_each(|item| keys_of(item, out)),
        Value::Object(map) => {
            for key in map.keys() {
                if !out.contains(key) {
                    out.push(key.clone());
                }
            }
        }
        _ => {}
    }
}

pub fn keys(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let mut names = Vec::new();
    keys_of(arg(args, 0), &mut names);
    Ok(Value::sequence(names.iter().map(|k| Value::string(k)).collect()))
}

pub fn lookup(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let key = arg(args, 1).as_str().unwrap_or("");
    Ok(super::super::eval::lookup(arg(args, 0), key))
}

pub fn append(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(append_values(arg(args, 0).clone(), arg(args, 1).clone()))
}

fn spread_into(value: &Value) -> Value {
    match value {
        Value::Array(a) => {
            let mut result = Value::sequence(Vec::new());
            for item in &a.items {
                result = append_values(result, spread_into(item));
            }
            result
        }
        Value::Object(map) => Value::sequence(
            map.iter()
                .map(|(k, v)| {
                    let mut single = Map::new();
                    single.insert(k.clone(), v.clone());
                    Value::object(single)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

pub fn spread(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(spread_into(arg(args, 0)))
}

pub fn merge(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let value = arg(args, 0);
    if value.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut result = Map::new();
    for item in value.to_vec() {
        if let Value::Object(map) = item {
            for (k, v) in map.iter() {
                result.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(Value::object(result))
}

pub fn reverse(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let value = arg(args, 0);
    match value {
        Value::Array(a) if a.items.len() > 1 => {
            Ok(Value::array(a.items.iter().rev().cloned().collect(), Flags::default()))
        }
        other => Ok(other.clone()),
    }
}

pub fn sort(evaluator: &mut Evaluator, args: &[Value], _: &Value, env: &Env) -> Result<Value> {
    let array = arg(args, 0);
    let items = match array {
        Value::Undefined => return Ok(Value::Undefined),
        Value::Array(a) if a.items.len() <= 1 => return Ok(array.clone()),
        other => other.to_vec(),
    };
    let function = arg(args, 1);
    let sorted = if function.is_undefined() {
        let numbers = items.iter().all(|v| matches!(v, Value::Number(_)));
        let strings = items.iter().all(|v| matches!(v, Value::String(_)));
        if !numbers && !strings {
            return Err(Error::new("D3070", 0..0).token("1"));
        }
        merge_sort(items, &mut |a, b| {
            Ok(match (a, b) {
                (Value::Number(x), Value::Number(y)) => x > y,
                (Value::String(x), Value::String(y)) => {
                    super::super::eval::compare_utf16(x, y) == std::cmp::Ordering::Greater
                }
                _ => false,
            })
        })?
    } else {
        merge_sort(items, &mut |a, b| {
            let swap = evaluator.apply(function, vec![a.clone(), b.clone()], &Value::Undefined, env)?;
            Ok(boolean(&swap)?.unwrap_or(false))
        })?
    };
    Ok(Value::array(sorted, Flags::default()))
}

pub fn shuffle(evaluator: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let array = arg(args, 0);
    let mut items = match array {
        Value::Undefined => return Ok(Value::Undefined),
        Value::Array(a) if a.items.len() <= 1 => return Ok(array.clone()),
        other => other.to_vec(),
    };
    for i in (1..items.len()).rev() {
        let j = (evaluator.random() * (i + 1) as f64) as usize;
        items.swap(i, j.min(i));
    }
    Ok(Value::array(items, Flags::default()))
}

pub fn distinct(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let value = arg(args, 0);
    let Value::Array(a) = value else { return Ok(value.clone()) };
    if a.items.len() <= 1 {
        return Ok(value.clone());
    }
    let mut out: Vec<Value> = Vec::new();
    for item in &a.items {
        if !out.iter().any(|seen| deep_equal(seen, item)) {
            out.push(item.clone());
        }
    }
    Ok(Value::array(out, Flags { sequence: a.flags.sequence, ..Flags::default() }))
}

impl Evaluator {
    /// Like `apply_hof`, with a key (for `$each` and `$sift`) in place of the index.
    fn apply_hof_key(&mut self, function: &Value, value: Value, key: &str, object: &Value, env: &Env) -> Result<Value> {
        let arity = match function {
            Value::Function(f) => f.arity(),
            _ => 1,
        };
        let mut args = vec![value];
        if arity >= 2 {
            args.push(Value::string(key));
        }
        if arity >= 3 {
            args.push(object.clone());
        }
        self.apply(function, args, &Value::Undefined, env)
    }
}
