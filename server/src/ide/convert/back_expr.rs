//! JSONata expressions read back as JSONPath, where JSONPath says exactly
//! the same: paths over `$states.…` and variables, the functions that are
//! intrinsics, templates, and the conditions of choice rules.

use super::expr::Why;
use crate::lang::jsonata::value::number_json;
use crate::lang::jsonata::{syntax_tree, PKind, PNode};
use serde_json::{Map, Value};

/// Which `$states` member `$` stands for in the field being written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Root {
    Input,
    Result,
    ErrorOutput,
}

impl Root {
    fn member(self) -> &'static str {
        match self {
            Root::Input => "input",
            Root::Result => "result",
            Root::ErrorOutput => "errorOutput",
        }
    }
}

/// The tree of a `{% … %}` string (`None`: not an expression).
pub(super) fn tree(text: &str) -> Option<Result<PNode, Why>> {
    let inner = text.strip_prefix("{%")?.strip_suffix("%}")?;
    Some(syntax_tree(inner).map_err(|e| format!("`{}` does not parse: {e:?}", inner.trim())))
}

/// The steps of a path expression: its first node and the member names
/// or indexes after it (`None`: not a plain path).
fn steps(node: &PNode) -> Option<(&PNode, Vec<Step>)> {
    if node.keep_array {
        return None;
    }
    match &node.kind {
        PKind::Binary { op: ".", lhs, rhs } => {
            let (first, mut out) = steps(lhs)?;
            out.extend(step_of(rhs)?);
            Some((first, out))
        }
        PKind::Filter { lhs, rhs } => {
            let (first, mut out) = steps(lhs)?;
            out.push(index(rhs)?);
            Some((first, out))
        }
        _ => Some((node, Vec::new())),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Name(String),
    Index(i64),
}

fn step_of(node: &PNode) -> Option<Vec<Step>> {
    if node.keep_array {
        return None;
    }
    match &node.kind {
        PKind::Name(name) => Some(vec![Step::Name(name.clone())]),
        PKind::Filter { lhs, rhs } => {
            let mut out = step_of(lhs)?;
            out.push(index(rhs)?);
            Some(out)
        }
        _ => None,
    }
}

fn index(node: &PNode) -> Option<Step> {
    match &node.kind {
        PKind::Number(n) if n.fract() == 0.0 => Some(Step::Index(*n as i64)),
        PKind::Negate(inner) => match &inner.kind {
            PKind::Number(n) if n.fract() == 0.0 => Some(Step::Index(-(*n as i64))),
            _ => None,
        },
        _ => None,
    }
}

/// A path expression as JSONPath: `$states.<root>…` as `$…`,
/// `$states.context…` as `$$…`, `$name…` as itself.
pub(super) fn path(node: &PNode, root: Root) -> Option<String> {
    let (first, steps) = steps(node)?;
    let PKind::Variable(variable) = &first.kind else { return None };
    let (mut out, rest) = if variable == "states" {
        match steps.first()? {
            Step::Name(member) if member == root.member() => ("$".to_string(), &steps[1..]),
            Step::Name(member) if member == "context" => ("$$".to_string(), &steps[1..]),
            _ => return None,
        }
    } else if variable.is_empty() {
        return None;
    } else {
        (format!("${variable}"), &steps[..])
    };
    for step in rest {
        match step {
            Step::Name(name) if name.chars().all(|c| c.is_alphanumeric() || c == '_') && !name.is_empty() => {
                out.push('.');
                out.push_str(name);
            }
            Step::Name(name) if !name.contains(['\'', '\\']) => out.push_str(&format!("['{name}']")),
            Step::Name(_) => return None,
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    Some(out)
}

/// The value of a `.$` key: a path, or a call of a function that is an
/// intrinsic, or what the converter writes for one (checked by writing
/// the intrinsic again: it must give the same text).
pub(super) fn dollar(node: &PNode, root: Root) -> Option<String> {
    if let Some(p) = path(node, root) {
        return Some(p);
    }
    if let Some(call) = written_intrinsic(node, root) {
        return Some(call);
    }
    let PKind::Function { procedure, args, partial: false } = &node.kind else { return None };
    let PKind::Variable(name) = &procedure.kind else { return None };
    let intrinsic = match (name.as_str(), args.len()) {
        ("count", 1) => "States.ArrayLength",
        ("distinct", 1) => "States.ArrayUnique",
        ("partition", 2) => "States.ArrayPartition",
        ("range", 3) => "States.ArrayRange",
        ("hash", 2) => "States.Hash",
        ("base64encode", 1) => "States.Base64Encode",
        ("base64decode", 1) => "States.Base64Decode",
        ("uuid", 0) => "States.UUID",
        _ => return None,
    };
    let args: Vec<String> = args.iter().map(|a| argument(a, root)).collect::<Option<_>>()?;
    Some(format!("{intrinsic}({})", args.join(", ")))
}

/// An intrinsic the JSONPath → JSONata converter wrote as this JSONata:
/// its arguments read off the tree, then accepted only when converting
/// the call again gives this very expression.
fn written_intrinsic(node: &PNode, root: Root) -> Option<String> {
    let node = unwrap(node);
    let candidate = match &node.kind {
        // `($v := X; …)`: JsonToString, StringToJson, ArrayContains.
        PKind::Block(items) if items.len() == 2 => {
            let PKind::Binary { op: ":=", rhs: value, .. } = &items[0].kind else { return None };
            let x = argument(value, root)?;
            let rest = crate::lang::jsonata::print(&items[1]);
            if rest.contains("$trim") {
                format!("States.StringToJson({x})")
            } else if rest.contains("$substring") {
                format!("States.JsonToString({x})")
            } else {
                let PKind::Binary { lhs, .. } = &items[1].kind else { return None };
                let PKind::Function { args, .. } = &lhs.kind else { return None };
                let PKind::Function { args: filter, .. } = &args.first()?.kind else { return None };
                format!("States.ArrayContains({}, {x})", argument(filter.first()?, root)?)
            }
        }
        // `($floor(A + 0.5) + $floor(B + 0.5))`: MathAdd.
        PKind::Binary { op: "+", lhs, rhs } => {
            let term = |n: &PNode| -> Option<String> {
                let PKind::Function { args, .. } = &n.kind else { return None };
                let PKind::Binary { op: "+", lhs, .. } = &args.first()?.kind else { return None };
                argument(lhs, root)
            };
            format!("States.MathAdd({}, {})", term(lhs)?, term(rhs)?)
        }
        // `$append([], $split(S, /[…]/)[$ != ''])`: StringSplit.
        PKind::Function { procedure, args, .. } if matches!(&procedure.kind, PKind::Variable(n) if n == "append") => {
            let PKind::Filter { lhs, .. } = &args.get(1)?.kind else { return None };
            let PKind::Function { args: split, .. } = &lhs.kind else { return None };
            let PKind::Regex { pattern, .. } = &split.get(1)?.kind else { return None };
            let class = pattern.strip_prefix('[')?.strip_suffix(']')?;
            let mut delimiters = String::new();
            let mut chars = class.chars();
            while let Some(c) = chars.next() {
                delimiters.push(if c == '\\' { chars.next()? } else { c });
            }
            let delimiters = PNode { kind: PKind::String(delimiters), ..split[0].clone() };
            format!("States.StringSplit({}, {})", argument(&split[0], root)?, argument(&delimiters, root)?)
        }
        // `'a ' & $string(x) & …`: Format.
        PKind::Binary { op: "&", .. } | PKind::Function { .. } => {
            let mut parts = Vec::new();
            flatten(node, "&", &mut parts);
            let (mut template, mut args) = (String::new(), Vec::new());
            for part in parts {
                match &part.kind {
                    PKind::String(s) => template.push_str(&s.replace('{', "\\{").replace('}', "\\}")),
                    PKind::Function { procedure, args: inner, .. }
                        if matches!(&procedure.kind, PKind::Variable(n) if n == "string") && inner.len() == 1 =>
                    {
                        template.push_str("{}");
                        args.push(argument(&inner[0], root)?);
                    }
                    _ => return None,
                }
            }
            if args.is_empty() {
                return None;
            }
            let template = PNode { kind: PKind::String(template), ..node.clone() };
            format!("States.Format({}, {})", argument(&template, root)?, args.join(", "))
        }
        _ => return None,
    };
    // Exact only if the call converts to this very expression.
    let root_text = match root {
        Root::Input => "$states.input",
        Root::Result => "$states.result",
        Root::ErrorOutput => "$states.errorOutput",
    };
    let again = super::expr::dollar(&candidate, root_text).ok()?;
    let same = crate::lang::jsonata::syntax_tree(&again)
        .ok()
        .is_some_and(|t| crate::lang::jsonata::print(&t) == crate::lang::jsonata::print(node));
    same.then_some(candidate)
}

fn argument(node: &PNode, root: Root) -> Option<String> {
    match &node.kind {
        PKind::String(s) => {
            let escaped: String =
                s.chars().flat_map(|c| if "'{}\\".contains(c) { vec!['\\', c] } else { vec![c] }).collect();
            Some(format!("'{escaped}'"))
        }
        PKind::Number(n) => Some(crate::syntax::number_text(*n)),
        PKind::Bool(b) => Some(b.to_string()),
        PKind::Null => Some("null".into()),
        _ => dollar(node, root),
    }
}

/// A JSONata template (JSON whose strings may be `{% %}`) as a JSONPath
/// payload template: each expression's key gets `.$`.
pub(super) fn template(value: &Value, root: Root) -> Result<Value, Why> {
    Ok(match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, v) in map {
                match v.as_str().and_then(tree) {
                    Some(node) => {
                        let node = node?;
                        if let Some(value) = constant(&node).filter(is_literal) {
                            out.insert(key.clone(), value);
                            continue;
                        }
                        let text = dollar(&node, root).ok_or_else(|| no_path(v))?;
                        out.insert(format!("{key}.$"), Value::String(text));
                    }
                    None => {
                        if key.ends_with(".$") {
                            return Err(format!("the key `{key}` would be read as a JSONPath `.$` key"));
                        }
                        out.insert(key.clone(), template(v, root)?);
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| template(i, root)).collect::<Result<_, _>>()?),
        Value::String(s) if tree(s).is_some() => return Err(no_path(value)),
        other => other.clone(),
    })
}

/// A constant expression (`'text'`, `3`, `[1, 'two']`, `{'a': true}`) as
/// the JSON it always gives.
pub(super) fn constant(node: &PNode) -> Option<Value> {
    if node.keep_array {
        return None;
    }
    Some(match &unwrap(node).kind {
        PKind::String(s) => Value::String(s.clone()),
        PKind::Number(n) if n.is_finite() => number_json(*n),
        PKind::Bool(b) => Value::Bool(*b),
        PKind::Null => Value::Null,
        PKind::Array(items) => {
            // An array in an array constructor is flattened unless it is a constructor.
            Value::Array(items.iter().map(constant).collect::<Option<_>>()?)
        }
        PKind::Object(pairs) => {
            let mut out = Map::new();
            for (key, value) in pairs {
                let PKind::String(key) = &key.kind else { return None };
                out.insert(key.clone(), constant(value)?);
            }
            Value::Object(out)
        }
        _ => return None,
    })
}

/// Whether a template holds no expression at all.
pub(super) fn is_literal(value: &Value) -> bool {
    match value {
        Value::String(s) => tree(s).is_none(),
        Value::Object(map) => map.values().all(is_literal),
        Value::Array(items) => items.iter().all(is_literal),
        _ => true,
    }
}

pub(super) fn no_path(value: &Value) -> Why {
    format!("{value} is not a path or intrinsic JSONPath can write")
}

/// A JSONata object constructor (`{'k': e, …}`) as a JSONPath template.
pub(super) fn constructor(node: &PNode, root: Root) -> Option<Value> {
    let PKind::Object(pairs) = &node.kind else { return None };
    let mut out = Map::new();
    for (key, value) in pairs {
        let PKind::String(key) = &key.kind else { return None };
        match &value.kind {
            PKind::String(s) => out.insert(key.clone(), Value::String(s.clone())),
            PKind::Number(n) => out.insert(key.clone(), number_json(*n)),
            PKind::Bool(b) => out.insert(key.clone(), Value::Bool(*b)),
            PKind::Null => out.insert(key.clone(), Value::Null),
            PKind::Object(_) => out.insert(key.clone(), constructor(value, root)?),
            _ => out.insert(format!("{key}.$"), Value::String(dollar(value, root)?)),
        };
    }
    Some(Value::Object(out))
}

/// `(e)` as `e`.
fn unwrap(mut node: &PNode) -> &PNode {
    while let PKind::Block(items) = &node.kind {
        match items.as_slice() {
            [one] => node = one,
            _ => break,
        }
    }
    node
}

/// A choice rule's `Condition` as a JSONPath rule (without `Next`).
pub(super) fn rule(node: &PNode) -> Option<Map<String, Value>> {
    let node = unwrap(node);
    let mut out = Map::new();
    match &node.kind {
        PKind::Binary { op: op @ ("and" | "or"), .. } => {
            let mut parts = Vec::new();
            flatten(node, op, &mut parts);
            if let Some(typed) = typed(&parts) {
                return Some(typed);
            }
            let rules: Vec<Value> = parts.iter().map(|p| rule(p).map(Value::Object)).collect::<Option<_>>()?;
            out.insert(if *op == "and" { "And" } else { "Or" }.into(), Value::Array(rules));
        }
        PKind::Function { procedure, args, partial: false } if args.len() == 1 => {
            let PKind::Variable(name) = &procedure.kind else { return None };
            match name.as_str() {
                "not" => {
                    out.insert("Not".into(), Value::Object(rule(&args[0])?));
                }
                "exists" => {
                    out.insert("Variable".into(), Value::String(path(&args[0], Root::Input)?));
                    out.insert("IsPresent".into(), Value::Bool(true));
                }
                _ => return None,
            }
        }
        PKind::Binary { op: op @ ("=" | "!="), lhs, rhs } => {
            if let Some(variable) = type_test(lhs) {
                let PKind::String(ty) = &rhs.kind else { return None };
                let is = match ty.as_str() {
                    "string" => "IsString",
                    "number" => "IsNumeric",
                    "boolean" => "IsBoolean",
                    _ => return None,
                };
                out.insert("Variable".into(), Value::String(variable));
                out.insert(is.into(), Value::Bool(*op == "="));
                return Some(out);
            }
            let (variable, literal) = compared(lhs, rhs)?;
            let equals = match &literal {
                Value::String(_) => "StringEquals",
                Value::Number(_) => "NumericEquals",
                Value::Bool(_) => "BooleanEquals",
                Value::Null => "IsNull",
                _ => return None,
            };
            let mut test = Map::new();
            test.insert("Variable".into(), Value::String(variable));
            test.insert(equals.into(), if equals == "IsNull" { Value::Bool(true) } else { literal });
            if *op == "!=" {
                out.insert("Not".into(), Value::Object(test));
            } else {
                out = test;
            }
        }
        _ => return None,
    }
    Some(out)
}

fn flatten<'n>(node: &'n PNode, op: &str, out: &mut Vec<&'n PNode>) {
    let node = unwrap(node);
    match &node.kind {
        PKind::Binary { op: o, lhs, rhs } if *o == op => {
            flatten(lhs, op, out);
            flatten(rhs, op, out);
        }
        _ => out.push(node),
    }
}

/// `$type(v)` → `$.v`.
fn type_test(node: &PNode) -> Option<String> {
    let PKind::Function { procedure, args, .. } = &node.kind else { return None };
    if !matches!(&procedure.kind, PKind::Variable(n) if n == "type") || args.len() != 1 {
        return None;
    }
    path(&args[0], Root::Input)
}

/// The variable path and the compared literal of `v = lit`.
fn compared(lhs: &PNode, rhs: &PNode) -> Option<(String, Value)> {
    let variable = path(lhs, Root::Input)?;
    let literal = match &rhs.kind {
        PKind::String(s) => Value::String(s.clone()),
        PKind::Number(n) => number_json(*n),
        PKind::Bool(b) => Value::Bool(*b),
        PKind::Null => Value::Null,
        _ => return None,
    };
    Some((variable, literal))
}

/// The type-guarded comparisons the converter writes:
/// `$type(v) = 'number' [and $type(o) = 'number'] and v < o`.
fn typed(parts: &[&PNode]) -> Option<Map<String, Value>> {
    let (test, guards) = parts.split_last()?;
    let test = unwrap(test);
    let types: Vec<(String, String)> = guards
        .iter()
        .map(|g| match &unwrap(g).kind {
            PKind::Binary { op: "=", lhs, rhs } => {
                let v = type_test(lhs)?;
                let PKind::String(ty) = &rhs.kind else { return None };
                Some((ty.clone(), v))
            }
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (ty, variable) = types.first()?.clone();
    let PKind::Binary { op, lhs, rhs } = &test.kind else {
        return matches_glob(test, &ty, &variable);
    };
    if path(lhs, Root::Input)? != variable {
        return None;
    }
    let family = match ty.as_str() {
        "string" => "String",
        "number" => "Numeric",
        "boolean" if *op == "=" => "Boolean",
        _ => return None,
    };
    let name = match *op {
        "=" => "Equals",
        "<" => "LessThan",
        ">" => "GreaterThan",
        "<=" => "LessThanEquals",
        ">=" => "GreaterThanEquals",
        _ => return None,
    };
    let mut out = Map::new();
    out.insert("Variable".into(), Value::String(variable));
    match (types.len(), path(rhs, Root::Input)) {
        (2, Some(other)) if types[1] == (ty.clone(), other.clone()) => {
            out.insert(format!("{family}{name}Path"), Value::String(other));
        }
        (1, _) => {
            let (_, literal) = compared(lhs, rhs)?;
            out.insert(format!("{family}{name}"), literal);
        }
        _ => return None,
    }
    Some(out)
}

/// `$contains(v, /^glob$/)` (with the string guard) as `StringMatches`.
fn matches_glob(test: &PNode, ty: &str, variable: &str) -> Option<Map<String, Value>> {
    let PKind::Function { procedure, args, .. } = &test.kind else { return None };
    if ty != "string" || !matches!(&procedure.kind, PKind::Variable(n) if n == "contains") || args.len() != 2 {
        return None;
    }
    if path(&args[0], Root::Input)? != variable {
        return None;
    }
    let PKind::Regex { pattern, flags } = &args[1].kind else { return None };
    if !flags.is_empty() {
        return None;
    }
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let mut glob = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' if chars.peek() == Some(&'*') => {
                chars.next();
                glob.push('*');
            }
            '\\' => match chars.next()? {
                c @ ('*' | '\\') => {
                    glob.push('\\');
                    glob.push(c);
                }
                other => glob.push(other),
            },
            c if "^$.|?+()[]{}".contains(c) => return None,
            other => glob.push(other),
        }
    }
    let mut out = Map::new();
    out.insert("Variable".into(), Value::String(variable.to_string()));
    out.insert("StringMatches".into(), Value::String(glob));
    Some(out)
}
