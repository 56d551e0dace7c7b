//! JSONata values: JSON plus *undefined*, functions, and arrays that carry
//! the reference implementation's flags (a result *sequence* versus a
//! constructed array, singleton-keeping, tuple streams). Values share their
//! contents (`Rc`), so selecting part of a document never copies it.

use super::ast::Node;
use super::eval::Env;
use super::signature::Signature;
use indexmap::IndexMap;
use std::rc::Rc;

pub type Map = IndexMap<String, Value>;

#[derive(Clone, Debug)]
pub enum Value {
    /// JSONata's "no value".
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(Rc<str>),
    Array(Rc<Array>),
    Object(Rc<Map>),
    Function(Rc<Function>),
}

/// How an array came to be; decides flattening, as in the reference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// A result sequence (collapses to its single item; flattens into paths).
    pub sequence: bool,
    /// `[]` was written: a singleton sequence stays an array.
    pub keep_singleton: bool,
    /// Built by an array constructor `[...]`: kept whole inside paths.
    pub cons: bool,
    /// The whole input array, wrapped so a path starts from it as one value.
    pub outer_wrapper: bool,
    /// A stream of tuples (objects with `@` and bound names).
    pub tuple_stream: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Array {
    pub items: Vec<Value>,
    pub flags: Flags,
}

pub type NativeFn = fn(&mut super::eval::Evaluator, &[Value], &Value, &Env) -> Result<Value, super::Error>;

pub enum Function {
    /// A `function($x){ … }` closure.
    Lambda {
        params: Vec<String>,
        body: Rc<Node>,
        signature: Option<Signature>,
        env: Env,
        input: Value,
        /// A tail call, unwound by the trampoline in `apply`.
        thunk: bool,
    },
    /// A built-in function.
    Native { name: &'static str, signature: Rc<Signature>, arity: usize, imp: NativeFn },
    /// A built-in with some arguments supplied (`None` are the `?` places).
    Partial { function: Rc<Function>, args: Vec<Option<Value>> },
    /// A regex literal: a matcher.
    Regex(Rc<super::functions::regex::Matcher>),
    /// A `| pattern | update, delete |` transform.
    Transform { pattern: Rc<Node>, update: Rc<Node>, delete: Option<Rc<Node>>, env: Env },
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Function::Lambda { params, .. } => write!(f, "λ({})", params.join(", ")),
            Function::Native { name, .. } => write!(f, "${name}"),
            Function::Partial { function, .. } => write!(f, "partial {function:?}"),
            Function::Regex(m) => write!(f, "/{}/", m.source),
            Function::Transform { .. } => write!(f, "transform"),
        }
    }
}

impl Function {
    /// How many arguments the function takes, for the higher-order
    /// functions that pass optional index and array arguments.
    pub fn arity(&self) -> usize {
        match self {
            Function::Lambda { params, .. } => params.len(),
            Function::Native { arity, .. } => *arity,
            Function::Partial { args, .. } => args.iter().filter(|a| a.is_none()).count(),
            Function::Regex(_) => 1,
            Function::Transform { .. } => 1,
        }
    }
}

impl Value {
    pub fn string(s: &str) -> Value {
        Value::String(Rc::from(s))
    }

    pub fn array(items: Vec<Value>, flags: Flags) -> Value {
        Value::Array(Rc::new(Array { items, flags }))
    }

    /// A new result sequence.
    pub fn sequence(items: Vec<Value>) -> Value {
        Value::array(items, Flags { sequence: true, ..Flags::default() })
    }

    pub fn object(map: Map) -> Value {
        Value::Object(Rc::new(map))
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_sequence(&self) -> bool {
        matches!(self, Value::Array(a) if a.flags.sequence)
    }

    pub fn is_function(&self) -> bool {
        matches!(self, Value::Function(_))
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(&a.items),
            _ => None,
        }
    }

    pub fn flags(&self) -> Flags {
        match self {
            Value::Array(a) => a.flags,
            _ => Flags::default(),
        }
    }

    /// The same array with other flags (copies only when shared).
    pub fn with_flags(self, change: impl FnOnce(&mut Flags)) -> Value {
        match self {
            Value::Array(mut a) => {
                change(&mut Rc::make_mut(&mut a).flags);
                Value::Array(a)
            }
            other => other,
        }
    }

    /// The signature type symbol: `s n b l o a f`, `m` for undefined.
    pub fn symbol(&self) -> char {
        match self {
            Value::Undefined => 'm',
            Value::Null => 'l',
            Value::Bool(_) => 'b',
            Value::Number(_) => 'n',
            Value::String(_) => 's',
            Value::Array(_) => 'a',
            Value::Object(_) => 'o',
            Value::Function(_) => 'f',
        }
    }

    /// The items of an array, or the value as a one-item list (none when undefined).
    pub fn to_vec(&self) -> Vec<Value> {
        match self {
            Value::Array(a) => a.items.clone(),
            Value::Undefined => Vec::new(),
            other => vec![other.clone()],
        }
    }

    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::string(s),
            serde_json::Value::Array(items) => {
                Value::array(items.iter().map(Value::from_json).collect(), Flags::default())
            }
            serde_json::Value::Object(map) => {
                Value::object(map.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
            }
        }
    }

    /// JSON for the value; `None` for undefined and functions at the top.
    /// Inside arrays they become `null`, inside objects they are left out
    /// (as `JSON.stringify` does).
    pub fn to_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            Value::Undefined | Value::Function(_) => return None,
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_json(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(a) => serde_json::Value::Array(
                a.items.iter().map(|v| v.to_json().unwrap_or(serde_json::Value::Null)).collect(),
            ),
            Value::Object(map) => {
                serde_json::Value::Object(map.iter().filter_map(|(k, v)| Some((k.clone(), v.to_json()?))).collect())
            }
        })
    }
}

/// Integers as JSON integers, other numbers as floats; non-finite as null.
pub fn number_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Deep equality, as the reference's `isDeepEqual`: numbers by value,
/// arrays by items, objects by keys and values (in any order).
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.items.len() == y.items.len() && x.items.iter().zip(&y.items).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}
