//! JSONPath's pieces as JSONata text: paths, intrinsic calls, payload
//! templates and literals. Each translation is exact or refused with the
//! reason (`Err`), never approximate: a refused field leaves its state as
//! it was.

use crate::lang::intrinsics::{self, Arg, Call};
use crate::lang::jsonpath::{self, Root, Step};
use serde_json::{Map, Value};

pub(super) type Why = String;

/// A field's new value: a template (JSON whose strings may be `{% %}`
/// expressions) or one expression.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Form {
    Template(Value),
    Expr(String),
}

impl Form {
    /// As the value of a JSONata field.
    pub fn into_field(self) -> Value {
        match self {
            Form::Template(value) => value,
            Form::Expr(expr) => Value::String(format!("{{% {expr} %}}")),
        }
    }

    /// As JSONata text (a template becomes an object constructor).
    pub fn expr(&self) -> String {
        match self {
            Form::Expr(expr) => expr.clone(),
            Form::Template(value) => constructor(value),
        }
    }

    pub fn is(&self, expr: &str) -> bool {
        matches!(self, Form::Expr(e) if e == expr)
    }
}

/// JSONata text building `value`: JSON literals as they are (JSON is
/// JSONata), `{% e %}` strings as `(e)`.
fn constructor(value: &Value) -> String {
    match value {
        Value::String(s) if crate::lang::is_jsonata_expression(s) => format!("({})", s[2..s.len() - 2].trim()),
        Value::Object(map) => {
            let members: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", quoted(k), constructor(v))).collect();
            format!("{{{}}}", members.join(", "))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(constructor).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// A JSONata string literal: single quotes where nothing needs escaping
/// (easier to read inside a JSON string), else JSON's double quotes.
pub(super) fn quoted(s: &str) -> String {
    if s.chars().all(|c| c != '\'' && c != '\\' && !c.is_control()) {
        format!("'{s}'")
    } else {
        Value::String(s.to_string()).to_string()
    }
}

/// `expr` ready to be followed by a path step.
fn operand(expr: &str) -> String {
    let simple = expr.starts_with('$') && expr[1..].chars().all(|c| c.is_alphanumeric() || "_.`[]-".contains(c));
    if simple {
        expr.to_string()
    } else {
        format!("({expr})")
    }
}

/// A field name as a JSONata path step.
fn step_name(name: &str) -> String {
    const KEYWORDS: &[&str] = &["and", "or", "in", "true", "false", "null", "function"];
    let plain = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name);
    if plain {
        name.to_string()
    } else if !name.contains('`') {
        format!("`{name}`")
    } else {
        // Unreachable in practice; an expression that cannot be written.
        format!("`{}`", name.replace('`', ""))
    }
}

/// A JSONPath as JSONata: `$` is `root` (an expression), `$$` the context,
/// `$name` the variable. Member names and indexes only: wildcards,
/// filters, slices, unions and functions have no exact equivalent
/// (JSONata collapses one-item results, JSONPath keeps them as lists).
pub(super) fn path(text: &str, root: &str) -> Result<String, Why> {
    let parsed = jsonpath::parse(text).map_err(|e| format!("`{text}` does not parse: {}", e.message))?;
    let mut out = match &parsed.root {
        Root::Input if parsed.segments.is_empty() => root.to_string(),
        Root::Input => operand(root),
        Root::Context => "$states.context".to_string(),
        Root::Variable(name) => format!("${name}"),
    };
    for segment in &parsed.segments {
        match &segment.kind {
            Step::Member { name, .. } => {
                out.push('.');
                out.push_str(&step_name(name));
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            _ => {
                return Err(format!(
                    "`{text}` selects with `{}`, which JSONata reads differently (it does not keep one-item results as lists)",
                    &text[segment.range.clone()]
                ))
            }
        }
    }
    Ok(out)
}

/// The value of a `.$` key: a path, or an intrinsic call.
pub(super) fn dollar(text: &str, root: &str) -> Result<String, Why> {
    if intrinsics::looks_like_call(text) {
        let call = intrinsics::parse(text).map_err(|e| format!("`{text}` does not parse: {}", e.message))?;
        return intrinsic(&call, root);
    }
    path(text, root)
}

fn argument(arg: &Arg, root: &str) -> Result<String, Why> {
    Ok(match arg {
        Arg::String(s, _) => quoted(s),
        Arg::Number(n, _) => crate::syntax::number_text(*n),
        Arg::Bool(b, _) => b.to_string(),
        Arg::Null(_) => "null".into(),
        Arg::Path(p, _) => path(p, root)?,
        Arg::Call(call) => intrinsic(call, root)?,
    })
}

/// An intrinsic function as the JSONata that computes the same value.
fn intrinsic(call: &Call, root: &str) -> Result<String, Why> {
    let args: Vec<String> = call.args.iter().map(|a| argument(a, root)).collect::<Result<_, _>>()?;
    let a = |i: usize| args.get(i).cloned().unwrap_or_else(|| "undefined".into());
    let arity = |n: usize| -> Result<(), Why> {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!("`{}` takes {n} arguments here", call.name))
        }
    };
    Ok(match call.name.as_str() {
        "States.Format" => return format(call, &args),
        "States.StringToJson" => {
            arity(1)?;
            // An empty text is null, as the intrinsic reads it.
            format!("($v := {}; $trim($v) = '' ? null : $parse($v))", a(0))
        }
        "States.JsonToString" => {
            arity(1)?;
            // A string is written as JSON (quoted); `$string` would give it bare.
            format!(
                "($v := {}; $type($v) = 'string' ? $substring($string([$v]), 1, $length($string([$v])) - 2) : $string($v))",
                a(0)
            )
        }
        "States.JsonMerge" => {
            arity(3)?;
            if a(2) != "false" {
                return Err("`States.JsonMerge` with a deep merge has no JSONata equivalent".into());
            }
            format!("$merge([{}, {}])", a(0), a(1))
        }
        "States.Array" => format!("[{}]", args.join(", ")),
        "States.ArrayPartition" => {
            arity(2)?;
            format!("$partition({}, {})", a(0), a(1))
        }
        "States.ArrayContains" => {
            arity(2)?;
            // By deep equality, as the intrinsic compares (JSONata's `in` does not).
            format!("($v := {}; $count($filter({}, function($x) {{ $x = $v }})) > 0)", a(1), a(0))
        }
        "States.ArrayRange" => {
            arity(3)?;
            format!("$range({}, {}, {})", a(0), a(1), a(2))
        }
        "States.ArrayGetItem" => {
            arity(2)?;
            format!("{}[{}]", operand(&a(0)), a(1))
        }
        "States.ArrayLength" => {
            arity(1)?;
            format!("$count({})", a(0))
        }
        "States.ArrayUnique" => {
            arity(1)?;
            format!("$distinct({})", a(0))
        }
        "States.Base64Encode" => {
            arity(1)?;
            format!("$base64encode({})", a(0))
        }
        "States.Base64Decode" => {
            arity(1)?;
            format!("$base64decode({})", a(0))
        }
        "States.Hash" => {
            arity(2)?;
            format!("$hash({}, {})", a(0), a(1))
        }
        "States.MathAdd" => {
            arity(2)?;
            // Each argument rounded half up to an integer first, as the intrinsic does.
            format!("($floor({} + 0.5) + $floor({} + 0.5))", a(0), a(1))
        }
        "States.StringSplit" => {
            arity(2)?;
            // Any of the delimiter characters splits; empty parts are dropped;
            // always a list (`$append` keeps one part, or none, an array).
            match call.args.get(1) {
                Some(Arg::String(delimiters, _)) if !delimiters.is_empty() => {
                    let class: String = delimiters.chars().map(regex_escape).collect();
                    format!("$append([], $split({}, /[{class}]/)[$ != ''])", a(0))
                }
                // Computed: each delimiter character turned into the first, then split on it.
                _ => format!(
                    "($d := {}; $s := {}; $d = '' ? [$s] : $append([], $split($reduce($split($d, ''), function($t, $c) {{ $replace($t, $c, $substring($d, 0, 1)) }}, $s), $substring($d, 0, 1))[$ != '']))",
                    a(1),
                    a(0)
                ),
            }
        }
        "States.UUID" => "$uuid()".into(),
        other => {
            return Err(format!("`{other}` has no exact JSONata equivalent (random numbers are drawn differently)"))
        }
    })
}

/// `States.Format`: the template's pieces joined with the values' text.
fn format(call: &Call, args: &[String]) -> Result<String, Why> {
    let Some(Arg::String(template, _)) = call.args.first() else {
        return Err("`States.Format` with a computed template has no exact JSONata form".into());
    };
    let pieces: Vec<&str> = template.split("{}").collect();
    if pieces.len() != args.len() {
        return Err("`States.Format` has a different number of `{}` and values".into());
    }
    let mut parts = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        if !piece.is_empty() {
            parts.push(quoted(piece));
        }
        if let (Some(value), Some(arg)) = (args.get(i + 1), call.args.get(i + 1)) {
            parts.push(match arg {
                Arg::String(..) => value.clone(),
                _ => format!("$string({value})"),
            });
        }
    }
    Ok(if parts.is_empty() { "''".into() } else { parts.join(" & ") })
}

fn regex_escape(c: char) -> String {
    if "\\^$.|?*+()[]{}/-".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`,
/// `Assign`) as a JSONata template: `key.$` keys become `key` with the
/// expression; other values stay, at any depth.
pub(super) fn template(value: &Value, root: &str) -> Result<Value, Why> {
    Ok(match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, v) in map {
                match (key.strip_suffix(".$"), v) {
                    (Some(name), Value::String(text)) => {
                        out.insert(name.to_string(), Value::String(format!("{{% {} %}}", dollar(text, root)?)));
                    }
                    _ => {
                        out.insert(key.clone(), template(v, root)?);
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| template(i, root)).collect::<Result<_, _>>()?),
        other => literal(other)?,
    })
}

/// A value that must stay as written: refused when JSONata would read a
/// string of it as an expression.
pub(super) fn literal(value: &Value) -> Result<Value, Why> {
    match value {
        Value::String(s) if crate::lang::is_jsonata_expression(s) => {
            Err(format!("the text `{s}` would be read as a JSONata expression"))
        }
        Value::Object(map) => {
            map.values().try_for_each(|v| literal(v).map(drop))?;
            Ok(value.clone())
        }
        Value::Array(items) => {
            items.iter().try_for_each(|v| literal(v).map(drop))?;
            Ok(value.clone())
        }
        other => Ok(other.clone()),
    }
}

/// `value` placed at the reference path `at` inside `base` (ResultPath),
/// as JSONata: each object on the way merged with its new member.
pub(super) fn placed(base: &str, at: &str, value: &str) -> Result<String, Why> {
    let parsed = jsonpath::parse(at).map_err(|e| format!("`{at}` does not parse: {}", e.message))?;
    if parsed.root != Root::Input {
        return Err(format!("`{at}` does not address the input"));
    }
    let mut names = Vec::new();
    for segment in &parsed.segments {
        match &segment.kind {
            Step::Member { name, .. } => names.push(name.clone()),
            _ => return Err(format!("`{at}` places the result into an array, which JSONata cannot update in place")),
        }
    }
    fn nest(base: &str, names: &[String], value: &str) -> String {
        match names.split_first() {
            None => value.to_string(),
            Some((first, rest)) => {
                let inner = nest(&format!("{}.{}", operand(base), step_name(first)), rest, value);
                format!("$merge([{base}, {{{}: {inner}}}])", quoted(first))
            }
        }
    }
    Ok(nest(base, &names, value))
}
