//! The built-in functions of the reference implementation, each with its
//! signature. A signature check runs before every call, so each function
//! can rely on its argument types.

mod collections;
pub mod datetime;
mod dtfmt;
pub mod numbers;
mod numeric;
mod numfmt;
pub mod regex;
pub mod string;

use super::error::Error;
use super::eval::{Env, Evaluator};
use super::signature::parse_signature;
use super::value::{Function, NativeFn, Value};
use std::rc::Rc;

pub type Result<T> = std::result::Result<T, Error>;

/// (name, signature, implementation)
const LIBRARY: &[(&str, &str, NativeFn)] = &[
    ("sum", "<a<n>:n>", numeric::sum),
    ("count", "<a:n>", numeric::count),
    ("max", "<a<n>:n>", numeric::max),
    ("min", "<a<n>:n>", numeric::min),
    ("average", "<a<n>:n>", numeric::average),
    ("string", "<x-b?:s>", string::string),
    ("substring", "<s-nn?:s>", string::substring),
    ("substringBefore", "<s-s:s>", string::substring_before),
    ("substringAfter", "<s-s:s>", string::substring_after),
    ("lowercase", "<s-:s>", string::lowercase),
    ("uppercase", "<s-:s>", string::uppercase),
    ("length", "<s-:n>", string::length),
    ("trim", "<s-:s>", string::trim),
    ("pad", "<s-ns?:s>", string::pad),
    ("match", "<s-f<s:o>n?:a<o>>", string::match_),
    ("contains", "<s-(sf):b>", string::contains),
    ("replace", "<s-(sf)(sf)n?:s>", string::replace),
    ("split", "<s-(sf)n?:a<s>>", string::split),
    ("join", "<a<s>s?:s>", string::join),
    ("formatNumber", "<n-so?:s>", numeric::format_number),
    ("formatBase", "<n-n?:s>", numeric::format_base),
    ("formatInteger", "<n-s:s>", datetime::format_integer_fn),
    ("parseInteger", "<s-s:n>", datetime::parse_integer_fn),
    ("number", "<(nsb)-:n>", numeric::number),
    ("floor", "<n-:n>", numeric::floor),
    ("ceil", "<n-:n>", numeric::ceil),
    ("round", "<n-n?:n>", numeric::round),
    ("abs", "<n-:n>", numeric::abs),
    ("sqrt", "<n-:n>", numeric::sqrt),
    ("power", "<n-n:n>", numeric::power),
    ("random", "<:n>", numeric::random),
    ("boolean", "<x-:b>", boolean_fn),
    ("not", "<x-:b>", not),
    ("map", "<af>", collections::map),
    ("zip", "<a+>", collections::zip),
    ("filter", "<af>", collections::filter),
    ("single", "<af?>", collections::single),
    ("reduce", "<afj?:j>", collections::reduce),
    ("sift", "<o-f?:o>", collections::sift),
    ("keys", "<x-:a<s>>", collections::keys),
    ("lookup", "<x-s:x>", collections::lookup),
    ("append", "<xx:a>", collections::append),
    ("exists", "<x:b>", exists),
    ("spread", "<x-:a<o>>", collections::spread),
    ("merge", "<a<o>:o>", collections::merge),
    ("reverse", "<a:a>", collections::reverse),
    ("each", "<o-f:a>", collections::each),
    ("error", "<s?:x>", error),
    ("assert", "<bs?:x>", assert),
    ("type", "<x:s>", type_of),
    ("sort", "<af?:a>", collections::sort),
    ("shuffle", "<a:a>", collections::shuffle),
    ("distinct", "<x:x>", collections::distinct),
    ("base64encode", "<s-:s>", string::base64_encode),
    ("base64decode", "<s-:s>", string::base64_decode),
    ("encodeUrlComponent", "<s-:s>", string::encode_url_component),
    ("encodeUrl", "<s-:s>", string::encode_url),
    ("decodeUrlComponent", "<s-:s>", string::decode_url_component),
    ("decodeUrl", "<s-:s>", string::decode_url),
    ("eval", "<sx?:x>", eval),
    ("toMillis", "<s-s?:n>", datetime::to_millis),
    ("fromMillis", "<n-s?s?:s>", datetime::from_millis),
    ("clone", "<(oa)-:o>", clone),
    ("now", "<s?s?:s>", datetime::now),
    ("millis", "<:n>", datetime::millis),
];

/// A built-in function value.
pub fn native(name: &'static str, signature: &str, imp: NativeFn) -> Value {
    let signature = parse_signature(signature)
        .unwrap_or_else(|_| super::signature::Signature { params: Vec::new(), text: String::new() });
    // The arity higher-order functions see: parameters before the first optional one.
    let arity = signature.params.iter().take_while(|p| !p.optional || p.context).count();
    Value::Function(Rc::new(Function::Native { name, signature: Rc::new(signature), arity, imp }))
}

thread_local! {
    /// The built-ins, bound once per thread in a frame every evaluation's
    /// root frame extends.
    static LIBRARY_FRAME: Env = {
        let frame = Env::default();
        for (name, signature, imp) in LIBRARY {
            frame.bind(name, native(name, signature, *imp));
        }
        frame
    };
}

/// The names of the built-in functions (without `$`) and their signatures.
pub fn names() -> impl Iterator<Item = (&'static str, &'static str)> {
    LIBRARY.iter().map(|(name, signature, _)| (*name, *signature))
}

/// The frame holding every built-in function.
pub fn library() -> Env {
    LIBRARY_FRAME.with(Env::clone)
}

/// `$boolean`: the effective boolean value; `None` for undefined.
pub fn boolean(value: &Value) -> Result<Option<bool>> {
    Ok(Some(match value {
        Value::Undefined => return Ok(None),
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) if !n.is_finite() => {
            return Err(Error::new("D1001", 0..0).value(numbers::js_number_to_string(*n)))
        }
        Value::Number(n) => *n != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Object(map) => !map.is_empty(),
        Value::Function(_) => false,
        Value::Array(a) => match a.items.as_slice() {
            [] => false,
            [one] => boolean(one)?.unwrap_or(false),
            items => {
                let mut any = false;
                for item in items {
                    any |= boolean(item)?.unwrap_or(false);
                }
                any
            }
        },
    }))
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Undefined)
}

fn boolean_fn(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(boolean(arg(args, 0))?.map_or(Value::Undefined, Value::Bool))
}

fn not(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(boolean(arg(args, 0))?.map_or(Value::Undefined, |b| Value::Bool(!b)))
}

fn exists(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(Value::Bool(!arg(args, 0).is_undefined()))
}

fn error(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    let message = arg(args, 0).as_str().unwrap_or("$error() function evaluated").to_string();
    Err(Error::new("D3137", 0..0).value(message))
}

fn assert(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    match arg(args, 0) {
        Value::Bool(true) => Ok(Value::Undefined),
        _ => {
            let message = arg(args, 1).as_str().unwrap_or("$assert() statement failed").to_string();
            Err(Error::new("D3141", 0..0).value(message))
        }
    }
}

fn type_of(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    Ok(match arg(args, 0) {
        Value::Undefined => Value::Undefined,
        Value::Null => Value::string("null"),
        Value::Bool(_) => Value::string("boolean"),
        Value::Number(_) => Value::string("number"),
        Value::String(_) => Value::string("string"),
        Value::Array(_) => Value::string("array"),
        Value::Object(_) => Value::string("object"),
        Value::Function(_) => Value::string("function"),
    })
}

/// `$clone`: a deep copy, as a JSON round trip (functions become "").
fn clone(_: &mut Evaluator, args: &[Value], _: &Value, _: &Env) -> Result<Value> {
    fn copy(value: &Value) -> Value {
        match value {
            Value::Function(_) => Value::string(""),
            Value::Array(a) => Value::array(
                a.items.iter().map(|v| if v.is_undefined() { Value::Null } else { copy(v) }).collect(),
                Default::default(),
            ),
            Value::Object(map) => Value::object(
                map.iter().filter(|(_, v)| !v.is_undefined()).map(|(k, v)| (k.clone(), copy(v))).collect(),
            ),
            other => other.clone(),
        }
    }
    Ok(match arg(args, 0) {
        Value::Undefined => Value::Undefined,
        value => copy(value),
    })
}

/// `$eval(expression, context?)`.
fn eval(evaluator: &mut Evaluator, args: &[Value], input: &Value, env: &Env) -> Result<Value> {
    let Some(source) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let mut context = input.clone();
    if !arg(args, 1).is_undefined() {
        context = arg(args, 1).clone();
        if let Value::Array(a) = &context {
            if !a.flags.sequence {
                context = Value::array(
                    vec![context.clone()],
                    super::value::Flags { sequence: true, outer_wrapper: true, ..Default::default() },
                );
            }
        }
    }
    let ast = super::parse(source).map_err(|e| Error::new("D3120", 0..0).value(json_text(&e.message())))?;
    evaluator.evaluate(&ast.root, &context, env).map_err(|e| Error::new("D3121", 0..0).value(json_text(&e.message())))
}

/// A string as jsonata-js's messages show one (`JSON.stringify`).
pub(crate) fn json_text(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}
