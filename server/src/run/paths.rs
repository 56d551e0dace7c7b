//! JSONPath on JSON values, as Step Functions evaluates it (Jayway): a
//! definite path (only names and indexes) selects one value or fails; an
//! indefinite one (wildcards, `..`, slices, unions, filters) selects the
//! array of every match, skipping what is missing. `ResultPath` writes
//! through a reference path, creating objects on the way.

use crate::lang::jsonpath::{Path, Root, Step};
use serde_json::{Map, Value};

/// What a path starts from.
pub struct Roots<'a> {
    pub input: &'a Value,
    pub context: &'a Value,
    /// A variable's value, `None` when it is not set.
    pub variable: &'a dyn Fn(&str) -> Option<Value>,
}

/// Why a path selected nothing.
#[derive(Debug, PartialEq)]
pub enum Miss {
    /// A definite path met a missing name or index at step `at`.
    NotFound { at: usize },
    /// `$name` names no variable that is set.
    NoVariable(String),
}

/// Jayway's message for a definite path that met nothing at step `at`:
/// `No results for path: $['a']` at the last step, else `Missing property
/// in path $['a']`.
pub fn miss_message(path: &Path, at: usize) -> String {
    let mut bracketed = match &path.root {
        Root::Input => "$".to_string(),
        Root::Context => "$$".to_string(),
        Root::Variable(name) => format!("${name}"),
    };
    for segment in path.segments.iter().take(at + 1) {
        match &segment.kind {
            Step::Member { name, .. } => bracketed.push_str(&format!("['{name}']")),
            Step::Index(i) => bracketed.push_str(&format!("[{i}]")),
            _ => {}
        }
    }
    if at + 1 >= path.segments.len() {
        format!("No results for path: {bracketed}")
    } else {
        format!("Missing property in path {bracketed}")
    }
}

/// Whether the path selects at most one value.
pub fn is_definite(path: &Path) -> bool {
    path.segments.iter().all(|s| matches!(s.kind, Step::Member { .. } | Step::Index(_)))
}

pub fn select(path: &Path, roots: &Roots<'_>) -> Result<Value, Miss> {
    // A function at the end applies to what the rest of the path selects.
    if let Some((last, rest)) = path.segments.split_last() {
        if let Step::Function { name, .. } = &last.kind {
            let prefix = Path { root: path.root.clone(), root_range: path.root_range.clone(), segments: rest.to_vec() };
            let selected = select(&prefix, roots)?;
            return function(name, &selected).ok_or(Miss::NotFound { at: rest.len() });
        }
    }
    // Several names as the last step (`$.a['x','y']`): Jayway merges them
    // into one object of the members found, and the path stays definite.
    if let Some((last, rest)) = path.segments.split_last() {
        if let Step::Members { names, .. } = &last.kind {
            let prefix = Path { root: path.root.clone(), root_range: path.root_range.clone(), segments: rest.to_vec() };
            if is_definite(&prefix) {
                let selected = select(&prefix, roots)?;
                let object = selected.as_object().ok_or(Miss::NotFound { at: rest.len() })?;
                let merged = names.iter().filter_map(|n| object.get(n).map(|v| (n.clone(), v.clone()))).collect();
                return Ok(Value::Object(merged));
            }
        }
    }
    let start = match &path.root {
        Root::Input => roots.input.clone(),
        Root::Context => roots.context.clone(),
        Root::Variable(name) => (roots.variable)(name).ok_or_else(|| Miss::NoVariable(name.clone()))?,
    };
    let definite = is_definite(path);
    let mut nodes = vec![start];
    for (at, segment) in path.segments.iter().enumerate() {
        let mut next = Vec::new();
        for node in &nodes {
            step(&segment.kind, node, definite, &mut next, roots).map_err(|_| Miss::NotFound { at })?;
        }
        nodes = next;
    }
    if definite {
        nodes.pop().ok_or(Miss::NotFound { at: path.segments.len().saturating_sub(1) })
    } else {
        Ok(Value::Array(nodes))
    }
}

fn step(step: &Step, node: &Value, definite: bool, out: &mut Vec<Value>, roots: &Roots<'_>) -> Result<(), Miss> {
    match step {
        Step::Member { name, .. } => match node.get(name.as_str()).filter(|_| node.is_object()) {
            Some(v) => out.push(v.clone()),
            None if definite => return Err(Miss::NotFound { at: 0 }),
            None => {}
        },
        Step::Members { names, .. } => {
            for name in names {
                if let Some(v) = node.as_object().and_then(|o| o.get(name)) {
                    out.push(v.clone());
                }
            }
        }
        Step::Index(i) => match node.as_array().and_then(|a| index(a, *i)) {
            Some(v) => out.push(v.clone()),
            None if definite => return Err(Miss::NotFound { at: 0 }),
            None => {}
        },
        Step::Indexes(list) => {
            if let Some(a) = node.as_array() {
                out.extend(list.iter().filter_map(|i| index(a, *i)).cloned());
            }
        }
        Step::Wildcard { .. } => match node {
            Value::Array(a) => out.extend(a.iter().cloned()),
            Value::Object(o) => out.extend(o.values().cloned()),
            _ => {}
        },
        Step::Slice { start, end, step } => {
            if let Some(a) = node.as_array() {
                out.extend(slice(a, *start, *end, *step));
            }
        }
        Step::Descendant(inner) => {
            let mut all = Vec::new();
            descendants(node, &mut all);
            for d in &all {
                self::step(inner, d, false, out, roots)?;
            }
        }
        Step::Filter(text) => {
            let candidates: Vec<&Value> = match node {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            for candidate in candidates {
                if filter::holds(text, candidate, roots) {
                    out.push(candidate.clone());
                }
            }
        }
        Step::Script(text) => {
            if let Some(a) = node.as_array() {
                if let Some(i) = script_index(text, a.len()) {
                    out.extend(index(a, i).cloned());
                }
            }
        }
        Step::Function { name, .. } => out.extend(function(name, node)),
    }
    Ok(())
}

fn index(a: &[Value], i: i64) -> Option<&Value> {
    let at = if i < 0 { a.len() as i64 + i } else { i };
    usize::try_from(at).ok().and_then(|at| a.get(at))
}

fn slice(a: &[Value], start: Option<i64>, end: Option<i64>, step: Option<i64>) -> Vec<Value> {
    let len = a.len() as i64;
    let clamp = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
    let from = clamp(start.unwrap_or(0));
    let to = clamp(end.unwrap_or(len));
    let step = step.unwrap_or(1).max(1) as usize;
    (from..to).step_by(step).filter_map(|i| a.get(i as usize).cloned()).collect()
}

fn descendants(node: &Value, out: &mut Vec<Value>) {
    out.push(node.clone());
    match node {
        Value::Array(a) => a.iter().for_each(|v| descendants(v, out)),
        Value::Object(o) => o.values().for_each(|v| descendants(v, out)),
        _ => {}
    }
}

/// `[(@.length-1)]`: an index computed from the array's length.
fn script_index(text: &str, len: usize) -> Option<i64> {
    let rest = text.trim().strip_prefix("@.length")?.trim();
    let len = len as i64;
    if rest.is_empty() {
        return Some(len);
    }
    let (sign, number) = rest.split_at(1);
    let n: i64 = number.trim().parse().ok()?;
    match sign {
        "-" => Some(len - n),
        "+" => Some(len + n),
        _ => None,
    }
}

/// Jayway's path functions on what the path selected.
fn function(name: &str, node: &Value) -> Option<Value> {
    let numbers = || node.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect::<Vec<_>>());
    let number = |n: f64| serde_json::Number::from_f64(n).map(Value::Number);
    match name {
        "length" | "size" => match node {
            Value::Array(a) => Some(Value::from(a.len())),
            Value::Object(o) => Some(Value::from(o.len())),
            Value::String(s) => Some(Value::from(s.chars().count())),
            _ => None,
        },
        "min" => numbers()?.into_iter().reduce(f64::min).and_then(number),
        "max" => numbers()?.into_iter().reduce(f64::max).and_then(number),
        "sum" => number(numbers()?.iter().sum()),
        "avg" => {
            let n = numbers()?;
            (!n.is_empty()).then(|| n.iter().sum::<f64>() / n.len() as f64).and_then(number)
        }
        "keys" => node.as_object().map(|o| Value::Array(o.keys().cloned().map(Value::String).collect())),
        "first" => node.as_array()?.first().cloned(),
        "last" => node.as_array()?.last().cloned(),
        _ => None,
    }
}

/// Why a value cannot be placed with `ResultPath`.
#[derive(Debug, PartialEq)]
pub struct Unplaceable;

/// `target` with `value` placed at the reference path `path`.
pub fn place(target: Value, path: &Path, value: Value) -> Result<Value, Unplaceable> {
    if !matches!(path.root, Root::Input) {
        return Err(Unplaceable);
    }
    let steps: Vec<&Step> = path.segments.iter().map(|s| &s.kind).collect();
    if steps.is_empty() {
        return Ok(value);
    }
    let mut root = target;
    let mut current = &mut root;
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        match step {
            Step::Member { name, .. } => {
                if current.is_null() {
                    *current = Value::Object(Map::new());
                }
                let Some(object) = current.as_object_mut() else { return Err(Unplaceable) };
                if last {
                    object.insert(name.clone(), value);
                    return Ok(root);
                }
                current = object.entry(name.clone()).or_insert(Value::Object(Map::new()));
            }
            Step::Index(n) => {
                let Some(array) = current.as_array_mut() else { return Err(Unplaceable) };
                let at = if *n < 0 { array.len() as i64 + n } else { *n };
                let Some(slot) = usize::try_from(at).ok().and_then(|at| array.get_mut(at)) else {
                    return Err(Unplaceable);
                };
                if last {
                    *slot = value;
                    return Ok(root);
                }
                current = slot;
            }
            _ => return Err(Unplaceable),
        }
    }
    Ok(root)
}

/// Jayway filter expressions: `@.price > 10 && @.name == 'x'`.
mod filter {
    use super::Roots;
    use crate::lang::jsonpath;
    use serde_json::Value;

    pub fn holds(text: &str, item: &Value, roots: &Roots<'_>) -> bool {
        let mut parser = Parser { s: text.trim(), pos: 0, item, roots };
        parser.or().is_some_and(|v| truthy(&v))
    }

    fn truthy(v: &Operand) -> bool {
        match v {
            Operand::Missing => false,
            Operand::Value(Value::Bool(b)) => *b,
            Operand::Value(Value::Null) => false,
            Operand::Value(_) => true,
        }
    }

    #[derive(Clone, Debug)]
    enum Operand {
        Value(Value),
        Missing,
    }

    struct Parser<'s, 'a> {
        s: &'s str,
        pos: usize,
        item: &'a Value,
        roots: &'a Roots<'a>,
    }

    impl Parser<'_, '_> {
        fn skip(&mut self) {
            while self.s[self.pos..].starts_with(' ') {
                self.pos += 1;
            }
        }

        fn eat(&mut self, token: &str) -> bool {
            self.skip();
            if self.s[self.pos..].starts_with(token) {
                self.pos += token.len();
                true
            } else {
                false
            }
        }

        fn or(&mut self) -> Option<Operand> {
            let mut left = self.and()?;
            while self.eat("||") {
                let right = self.and()?;
                left = Operand::Value(Value::Bool(truthy(&left) || truthy(&right)));
            }
            Some(left)
        }

        fn and(&mut self) -> Option<Operand> {
            let mut left = self.comparison()?;
            while self.eat("&&") {
                let right = self.comparison()?;
                left = Operand::Value(Value::Bool(truthy(&left) && truthy(&right)));
            }
            Some(left)
        }

        fn comparison(&mut self) -> Option<Operand> {
            let left = self.operand()?;
            for op in ["==", "!=", "<=", ">=", "<", ">"] {
                if self.eat(op) {
                    let right = self.operand()?;
                    return Some(Operand::Value(Value::Bool(compare(op, &left, &right))));
                }
            }
            Some(left)
        }

        fn operand(&mut self) -> Option<Operand> {
            self.skip();
            let rest = &self.s[self.pos..];
            if self.eat("!") {
                let inner = self.operand()?;
                return Some(Operand::Value(Value::Bool(!truthy(&inner))));
            }
            if self.eat("(") {
                let inner = self.or()?;
                self.eat(")");
                return Some(inner);
            }
            if rest.starts_with('@') || rest.starts_with('$') {
                let len = path_length(rest);
                let text = &rest[..len];
                self.pos += len;
                let (base, path_text) = if let Some(tail) = text.strip_prefix('@') {
                    (self.item, format!("${tail}"))
                } else {
                    (self.roots.input, text.to_string())
                };
                let path = jsonpath::parse(&path_text).ok()?;
                let roots = Roots { input: base, context: self.roots.context, variable: self.roots.variable };
                return Some(match super::select(&path, &roots) {
                    Ok(v) => Operand::Value(v),
                    Err(_) => Operand::Missing,
                });
            }
            if let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') {
                let end = rest[1..].find(q)? + 1;
                self.pos += end + 1;
                return Some(Operand::Value(Value::String(rest[1..end].to_string())));
            }
            let len = rest.find(|c: char| c.is_whitespace() || "=!<>&|()".contains(c)).unwrap_or(rest.len());
            if len == 0 {
                return None;
            }
            let word = &rest[..len];
            self.pos += len;
            Some(Operand::Value(match word {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => serde_json::from_str::<Value>(word).unwrap_or_else(|_| Value::String(word.to_string())),
            }))
        }
    }

    /// The length of a path at the start of `s`, up to an operator.
    fn path_length(s: &str) -> usize {
        let mut depth = 0;
        for (i, c) in s.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                c if depth == 0 && (c.is_whitespace() || "=!<>&|)".contains(c)) => return i,
                _ => {}
            }
        }
        s.len()
    }

    fn compare(op: &str, left: &Operand, right: &Operand) -> bool {
        let (Operand::Value(a), Operand::Value(b)) = (left, right) else { return op == "!=" };
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                super::ordered(op, &x.as_f64().unwrap_or(f64::NAN), &y.as_f64().unwrap_or(f64::NAN))
            }
            (Value::String(x), Value::String(y)) => super::ordered(op, x, y),
            _ => match op {
                "==" => a == b,
                "!=" => a != b,
                _ => false,
            },
        }
    }
}

/// `x op y` for a filter's comparison operator.
fn ordered<T: PartialOrd + ?Sized>(op: &str, x: &T, y: &T) -> bool {
    match op {
        "==" => x == y,
        "!=" => x != y,
        "<" => x < y,
        "<=" => x <= y,
        ">" => x > y,
        _ => x >= y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::jsonpath::parse;
    use serde_json::json;

    fn sel(path: &str, input: &Value) -> Result<Value, Miss> {
        let no_vars = |_: &str| None;
        select(&parse(path).unwrap(), &Roots { input, context: &Value::Null, variable: &no_vars })
    }

    #[test]
    fn definite_and_indefinite_paths() {
        let input = json!({"a": {"b": [1, 2, 3]}, "items": [{"p": 3, "n": "x"}, {"p": 12, "n": "y"}]});
        assert_eq!(sel("$.a.b[1]", &input), Ok(json!(2)));
        assert_eq!(sel("$.a.b[-1]", &input), Ok(json!(3)));
        assert_eq!(sel("$.a.c", &input), Err(Miss::NotFound { at: 1 }));
        assert_eq!(sel("$.items[*].p", &input), Ok(json!([3, 12])));
        assert_eq!(sel("$..n", &input), Ok(json!(["x", "y"])));
        assert_eq!(sel("$.a.b[1:]", &input), Ok(json!([2, 3])));
        assert_eq!(sel("$.items[?(@.p > 10)].n", &input), Ok(json!(["y"])));
        assert_eq!(sel("$.items[?(@.n == 'x' && @.p < 5)].p", &input), Ok(json!([3])));
        assert_eq!(sel("$.a.b.length()", &input), Ok(json!(3)));
        assert_eq!(sel("$.a.b[(@.length-1)]", &input), Ok(json!([3])));
        assert_eq!(sel("$['a']['b'][0]", &input), Ok(json!(1)));
    }

    #[test]
    fn result_paths_create_objects_on_the_way() {
        let placed = place(json!({"x": 1}), &parse("$.a.b").unwrap(), json!(2)).unwrap();
        assert_eq!(placed, json!({"x": 1, "a": {"b": 2}}));
        assert_eq!(place(json!({"x": 1}), &parse("$").unwrap(), json!(5)).unwrap(), json!(5));
        assert_eq!(place(json!({"x": 1}), &parse("$.x.y").unwrap(), json!(2)), Err(Unplaceable));
        assert_eq!(place(json!({"l": [1, 2]}), &parse("$.l[1]").unwrap(), json!(9)).unwrap(), json!({"l": [1, 9]}));
    }
}
