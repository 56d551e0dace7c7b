//! The evaluator, following the reference implementation's semantics:
//! result sequences that collapse to single values, *undefined* distinct
//! from `null`, paths that map over arrays and flatten, tuple streams for
//! focus (`@`), index (`#`) and parent (`%`) bindings, closures and tail
//! calls. A depth and a time budget turn runaway expressions into errors.

use super::ast::{Kind, Node, SortTerm, Stage};
use super::error::Error;
use super::functions;
use super::value::{deep_equal, Flags, Function, Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, Error>;

/// A scope of variable bindings.
#[derive(Default)]
pub struct Frame {
    vars: RefCell<HashMap<Rc<str>, Value>>,
    parent: Option<Env>,
}

pub type Env = Rc<Frame>;

impl Frame {
    pub fn child(parent: &Env) -> Env {
        Rc::new(Frame { vars: RefCell::default(), parent: Some(parent.clone()) })
    }

    pub fn lookup(&self, name: &str) -> Value {
        let mut frame = self;
        loop {
            if let Some(value) = frame.vars.borrow().get(name) {
                return value.clone();
            }
            match &frame.parent {
                Some(parent) => frame = parent,
                None => return Value::Undefined,
            }
        }
    }

    pub fn bind(&self, name: &str, value: Value) {
        self.vars.borrow_mut().insert(Rc::from(name), value);
    }
}

/// Limits on one evaluation.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest nesting of evaluation steps (a runaway recursion).
    pub max_depth: usize,
    /// Longest run.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 1000, timeout: Duration::from_secs(10) }
    }
}

pub struct Evaluator {
    depth: usize,
    limits: Limits,
    started: Instant,
    ticks: u32,
    /// Milliseconds since the epoch when the evaluation started: `$now()`
    /// and `$millis()` answer this all through one evaluation.
    pub now_millis: f64,
    random_state: u64,
    /// `function($f, $g) { function($x){ $g($f($x)) } }`, for `$f ~> $g`.
    chain: Option<Rc<Node>>,
}

const RED_ZONE: usize = 256 * 1024;
const STACK_GROWTH: usize = 1024 * 1024;

impl Evaluator {
    pub fn new(limits: Limits) -> Self {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        Evaluator {
            depth: 0,
            limits,
            started: Instant::now(),
            ticks: 0,
            now_millis: now.as_millis() as f64,
            random_state: (now.as_nanos() as u64) | 1,
            chain: None,
        }
    }

    /// A number in [0, 1) (xorshift; `$random` needs no cryptographic quality).
    pub fn random(&mut self) -> f64 {
        let mut x = self.random_state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.random_state = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    fn enter(&mut self, node: &Node) -> Result<()> {
        self.depth += 1;
        self.ticks = self.ticks.wrapping_add(1);
        if self.depth > self.limits.max_depth {
            return Err(Error::new("U1001", node.start..node.end).value("stack overflow"));
        }
        if self.ticks % 1024 == 0 && self.started.elapsed() > self.limits.timeout {
            return Err(Error::new("U1001", node.start..node.end).value("timeout"));
        }
        Ok(())
    }

    pub fn evaluate(&mut self, node: &Node, input: &Value, env: &Env) -> Result<Value> {
        self.enter(node)?;
        let result = stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || self.evaluate_node(node, input, env));
        self.depth -= 1;
        let mut result = result?;
        for stage in &node.predicate {
            if let Stage::Filter { expr, .. } = stage {
                result = self.filter(expr, result, env)?;
            }
        }
        if !node.is_path() {
            if let Some(group) = &node.group {
                result = self.group(&group.pairs, group.start..group.end, result, env)?;
            }
        }
        if let Value::Array(array) = &result {
            if array.flags.sequence && !array.flags.tuple_stream {
                if node.keep_array {
                    result = result.with_flags(|f| f.keep_singleton = true);
                }
                let (len, keep) = match &result {
                    Value::Array(a) => (a.items.len(), a.flags.keep_singleton),
                    _ => (0, false),
                };
                if len == 0 {
                    result = Value::Undefined;
                } else if len == 1 && !keep {
                    result = result.items().map(|i| i[0].clone()).unwrap_or(Value::Undefined);
                }
            }
        }
        Ok(result)
    }

    fn evaluate_node(&mut self, node: &Node, input: &Value, env: &Env) -> Result<Value> {
        match &node.kind {
            Kind::Path(steps) => self.path(node, steps, input, env),
            Kind::Binary { op, lhs, rhs } => self.binary(node, op, lhs, rhs, input, env),
            Kind::Negate(expr) => match self.evaluate(expr, input, env)? {
                Value::Undefined => Ok(Value::Undefined),
                Value::Number(n) => Ok(Value::Number(-n)),
                other => Err(runtime("D1002", node, &other).token("-")),
            },
            Kind::Array(items) => self.array_constructor(node, items, input, env),
            Kind::Object(pairs) => self.group(pairs, node.start..node.end, input.clone(), env),
            Kind::Name(name) => Ok(lookup(input, name)),
            Kind::String(s) => Ok(Value::string(s)),
            Kind::Number(n) => Ok(Value::Number(*n)),
            Kind::Bool(b) => Ok(Value::Bool(*b)),
            Kind::Null => Ok(Value::Null),
            Kind::Wildcard => Ok(wildcard(input)),
            Kind::Descendant => Ok(descendants(input)),
            Kind::Parent(_) => Ok(node.label.as_deref().map(|label| env.lookup(label)).unwrap_or(Value::Undefined)),
            Kind::Condition { condition, then, otherwise } => {
                let test = self.evaluate(condition, input, env)?;
                if truthy(&test)? {
                    self.evaluate(then, input, env)
                } else if let Some(otherwise) = otherwise {
                    self.evaluate(otherwise, input, env)
                } else {
                    Ok(Value::Undefined)
                }
            }
            Kind::Block(expressions) => {
                let frame = Frame::child(env);
                let mut result = Value::Undefined;
                for expression in expressions {
                    result = self.evaluate(expression, input, &frame)?;
                }
                Ok(result)
            }
            Kind::Bind { name, value } => {
                let value = self.evaluate(value, input, env)?;
                env.bind(name, value.clone());
                Ok(value)
            }
            Kind::Regex { pattern, flags } => {
                let matcher = functions::regex::Matcher::new(pattern, flags)
                    .map_err(|message| Error::new("S0302", node.start..node.end).value(message))?;
                Ok(Value::Function(Rc::new(Function::Regex(Rc::new(matcher)))))
            }
            Kind::Function { procedure, args } => self.call(node, procedure, args, None, input, env),
            Kind::Variable(name) => Ok(if name.is_empty() {
                match input {
                    Value::Array(a) if a.flags.outer_wrapper => a.items.first().cloned().unwrap_or(Value::Undefined),
                    other => other.clone(),
                }
            } else {
                env.lookup(name)
            }),
            Kind::Lambda { params, signature, body, thunk } => Ok(Value::Function(Rc::new(Function::Lambda {
                params: params.clone(),
                body: body.clone(),
                signature: signature.clone(),
                env: env.clone(),
                input: input.clone(),
                thunk: *thunk,
            }))),
            Kind::Partial { procedure, args } => self.partial(node, procedure, args, input, env),
            Kind::Apply { lhs, rhs } => self.apply_expression(node, lhs, rhs, input, env),
            Kind::Transform { pattern, update, delete } => Ok(Value::Function(Rc::new(Function::Transform {
                pattern: pattern.clone(),
                update: update.clone(),
                delete: delete.clone(),
                env: env.clone(),
            }))),
            Kind::Sort(terms) => self.sort(node, terms, input.clone(), env),
            Kind::Placeholder => Err(Error::new("S0201", node.start..node.end).token("?")),
        }
    }

    // ---- paths ------------------------------------------------------------

    fn path(&mut self, node: &Node, steps: &[Node], input: &Value, env: &Env) -> Result<Value> {
        let first_is_variable = matches!(steps.first().map(|s| &s.kind), Some(Kind::Variable(_)));
        let mut input_seq: Vec<Value> = match input {
            Value::Array(a) if !first_is_variable => a.items.clone(),
            other => vec![other.clone()],
        };
        let mut input_is_sequence_value = if let Value::Array(_) = input { !first_is_variable } else { false };
        let mut result = Value::Undefined;
        let mut tuple_stream = false;
        let mut bindings: Option<Vec<Rc<Map>>> = None;
        for (i, step) in steps.iter().enumerate() {
            if step.tuple {
                tuple_stream = true;
            }
            if i == 0 && step.cons_array {
                let sequence = if input_is_sequence_value { input.clone() } else { Value::sequence(input_seq.clone()) };
                result = self.evaluate(step, &sequence, env)?;
            } else if tuple_stream {
                bindings = Some(self.tuple_step(step, &input_seq, bindings, env)?);
            } else {
                result = self.step(step, &input_seq, env, i + 1 == steps.len())?;
            }
            // An undefined or empty result ends the path.
            if !tuple_stream && (result.is_undefined() || result.items().is_some_and(<[Value]>::is_empty)) {
                break;
            }
            if step.focus.is_none() {
                input_seq = result.to_vec();
                input_is_sequence_value = false;
            }
        }
        if tuple_stream {
            let tuples = bindings.clone().unwrap_or_default();
            result = if node.tuple {
                Value::array(
                    tuples.into_iter().map(Value::Object).collect(),
                    Flags { sequence: true, tuple_stream: true, ..Flags::default() },
                )
            } else {
                Value::sequence(tuples.iter().map(|t| t.get("@").cloned().unwrap_or(Value::Undefined)).collect())
            };
        }
        if node.keep_singleton_array {
            if let Value::Array(a) = &result {
                if a.flags.cons && !a.flags.sequence {
                    result = Value::sequence(vec![result.clone()]);
                }
                result = result.with_flags(|f| f.keep_singleton = true);
            }
        }
        if let Some(group) = &node.group {
            let input = if tuple_stream { tuple_stream_value(bindings.unwrap_or_default()) } else { result };
            result = self.group(&group.pairs, group.start..group.end, input, env)?;
        }
        Ok(result)
    }

    fn step(&mut self, step: &Node, input: &[Value], env: &Env, last: bool) -> Result<Value> {
        if let Kind::Sort(terms) = &step.kind {
            let mut result = self.sort(step, terms, Value::sequence(input.to_vec()), env)?;
            if !step.stages.is_empty() {
                result = self.stages(&step.stages, result, env)?;
            }
            return Ok(result);
        }
        let mut results = Vec::new();
        for item in input {
            let mut value = self.evaluate(step, item, env)?;
            for stage in &step.stages {
                if let Stage::Filter { expr, .. } = stage {
                    value = self.filter(expr, value, env)?;
                }
            }
            if !value.is_undefined() {
                results.push(value);
            }
        }
        if last && results.len() == 1 {
            if let Value::Array(a) = &results[0] {
                if !a.flags.sequence {
                    return Ok(results.pop().unwrap_or(Value::Undefined));
                }
            }
        }
        let mut flat = Vec::with_capacity(results.len());
        for value in results {
            match value {
                Value::Array(a) if !a.flags.cons => flat.extend(a.items.iter().cloned()),
                other => flat.push(other),
            }
        }
        Ok(Value::sequence(flat))
    }

    fn stages(&mut self, stages: &[Stage], input: Value, env: &Env) -> Result<Value> {
        let mut result = input;
        for stage in stages {
            match stage {
                Stage::Filter { expr, .. } => result = self.filter(expr, result, env)?,
                Stage::Index(name) => {
                    let flags = result.flags();
                    let items = result
                        .to_vec()
                        .into_iter()
                        .enumerate()
                        .map(|(i, tuple)| match tuple {
                            Value::Object(map) => {
                                let mut map = (*map).clone();
                                map.insert(name.clone(), Value::Number(i as f64));
                                Value::object(map)
                            }
                            other => other,
                        })
                        .collect();
                    result = Value::array(items, flags);
                }
            }
        }
        Ok(result)
    }

    fn tuple_step(
        &mut self,
        step: &Node,
        input: &[Value],
        bindings: Option<Vec<Rc<Map>>>,
        env: &Env,
    ) -> Result<Vec<Rc<Map>>> {
        if let Kind::Sort(terms) = &step.kind {
            let result = match bindings {
                Some(tuples) => {
                    let stream = tuple_stream_value(tuples);
                    self.sort(step, terms, stream, env)?
                }
                None => {
                    let sorted = self.sort(step, terms, Value::sequence(input.to_vec()), env)?;
                    let tuples = sorted
                        .to_vec()
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let mut tuple = Map::new();
                            tuple.insert("@".into(), v);
                            if let Some(index) = &step.index {
                                tuple.insert(index.clone(), Value::Number(i as f64));
                            }
                            Value::object(tuple)
                        })
                        .collect();
                    Value::array(tuples, Flags { sequence: true, tuple_stream: true, ..Flags::default() })
                }
            };
            let result = if step.stages.is_empty() { result } else { self.stages(&step.stages, result, env)? };
            return Ok(tuples_of(&result));
        }
        let tuples = bindings.unwrap_or_else(|| {
            input
                .iter()
                .map(|item| {
                    let mut tuple = Map::new();
                    tuple.insert("@".into(), item.clone());
                    Rc::new(tuple)
                })
                .collect()
        });
        let mut out = Vec::new();
        for tuple in &tuples {
            let step_env = frame_from_tuple(env, tuple);
            let context = tuple.get("@").cloned().unwrap_or(Value::Undefined);
            let result = self.evaluate(step, &context, &step_env)?;
            if result.is_undefined() {
                continue;
            }
            let is_stream = result.flags().tuple_stream;
            let items = match &result {
                Value::Array(a) => a.items.clone(),
                other => vec![other.clone()],
            };
            for (bb, item) in items.into_iter().enumerate() {
                let mut next = (**tuple).clone();
                if is_stream {
                    if let Value::Object(bound) = &item {
                        for (k, v) in bound.iter() {
                            next.insert(k.clone(), v.clone());
                        }
                    }
                } else {
                    if let Some(focus) = &step.focus {
                        next.insert(focus.clone(), item);
                        next.insert("@".into(), context.clone());
                    } else {
                        next.insert("@".into(), item);
                    }
                    if let Some(index) = &step.index {
                        next.insert(index.clone(), Value::Number(bb as f64));
                    }
                    if let Some(label) = &step.label {
                        next.insert(label.to_string(), context.clone());
                    }
                }
                out.push(Rc::new(next));
            }
        }
        if step.stages.is_empty() {
            return Ok(out);
        }
        let staged = self.stages(&step.stages, tuple_stream_value(out), env)?;
        Ok(tuples_of(&staged))
    }

    fn filter(&mut self, predicate: &Node, input: Value, env: &Env) -> Result<Value> {
        let tuple_stream = input.flags().tuple_stream;
        let items = match &input {
            Value::Array(a) => a.items.clone(),
            other => vec![other.clone()],
        };
        let flags = Flags { sequence: true, tuple_stream, ..Flags::default() };
        if let Kind::Number(n) = predicate.kind {
            let mut index = n.floor();
            if index < 0.0 {
                index += items.len() as f64;
            }
            let item = if index >= 0.0 { items.get(index as usize) } else { None };
            return Ok(match item {
                Some(Value::Undefined) | None => Value::array(Vec::new(), flags),
                Some(array @ Value::Array(_)) => array.clone(),
                Some(item) => Value::array(vec![item.clone()], flags),
            });
        }
        let mut results = Vec::new();
        let len = items.len() as f64;
        for (index, item) in items.iter().enumerate() {
            let (context, item_env) = match (tuple_stream, item) {
                (true, Value::Object(tuple)) => {
                    (tuple.get("@").cloned().unwrap_or(Value::Undefined), frame_from_tuple(env, tuple))
                }
                _ => (item.clone(), env.clone()),
            };
            let mut result = self.evaluate(predicate, &context, &item_env)?;
            if let Value::Number(_) = result {
                result = Value::sequence(vec![result]);
            }
            match &result {
                Value::Array(a) if a.items.iter().all(|v| matches!(v, Value::Number(_))) => {
                    for n in a.items.iter().filter_map(Value::as_f64) {
                        let mut wanted = n.floor();
                        if wanted < 0.0 {
                            wanted += len;
                        }
                        if wanted == index as f64 {
                            results.push(item.clone());
                        }
                    }
                }
                other => {
                    if truthy(other)? {
                        results.push(item.clone());
                    }
                }
            }
        }
        Ok(Value::array(results, flags))
    }

    // ---- operators ----------------------------------------------------------

    fn binary(&mut self, node: &Node, op: &str, lhs: &Node, rhs: &Node, input: &Value, env: &Env) -> Result<Value> {
        let left = self.evaluate(lhs, input, env)?;
        if op == "and" || op == "or" {
            let l = truthy(&left)?;
            if op == "and" && !l {
                return Ok(Value::Bool(false));
            }
            if op == "or" && l {
                return Ok(Value::Bool(true));
            }
            let right = self.evaluate(rhs, input, env)?;
            return Ok(Value::Bool(truthy(&right)?));
        }
        let right = self.evaluate(rhs, input, env)?;
        let with_position =
            |e: Error| Error { range: node.start..node.end, token: e.token.or(Some(op.to_string())), ..e };
        let result = match op {
            "+" | "-" | "*" | "/" | "%" => numeric(op, &left, &right),
            "=" => Ok(Value::Bool(!left.is_undefined() && !right.is_undefined() && deep_equal(&left, &right))),
            "!=" => Ok(Value::Bool(!left.is_undefined() && !right.is_undefined() && !deep_equal(&left, &right))),
            "<" | "<=" | ">" | ">=" => comparison(op, &left, &right),
            "&" => {
                let l = if left.is_undefined() { String::new() } else { functions::string::stringify(&left, false)? };
                let r = if right.is_undefined() { String::new() } else { functions::string::stringify(&right, false)? };
                Ok(Value::string(&(l + &r)))
            }
            ".." => range(&left, &right),
            "in" => Ok(Value::Bool(includes(&left, &right))),
            _ => Err(Error::new("S0201", 0..0).token(op)),
        };
        result.map_err(with_position)
    }

    fn array_constructor(&mut self, node: &Node, items: &[Node], input: &Value, env: &Env) -> Result<Value> {
        let mut result: Vec<Value> = Vec::new();
        for item in items {
            let value = self.evaluate(item, input, env)?;
            if value.is_undefined() {
                continue;
            }
            if let Kind::Array(_) = item.kind {
                result.push(value);
            } else {
                match value {
                    Value::Array(a) => result.extend(a.items.iter().cloned()),
                    other => result.push(other),
                }
            }
        }
        Ok(Value::array(result, Flags { cons: node.cons_array, ..Flags::default() }))
    }

    /// Object constructors and group-by: `{key: value, …}` over the input.
    fn group(
        &mut self,
        pairs: &[(Node, Node)],
        range: std::ops::Range<usize>,
        input: Value,
        env: &Env,
    ) -> Result<Value> {
        let reduce = input.flags().tuple_stream;
        let mut items = match &input {
            Value::Array(a) => a.items.clone(),
            other => vec![other.clone()],
        };
        if items.is_empty() {
            items.push(Value::Undefined);
        }
        // key -> (data, index of the pair that made it)
        let mut groups: indexmap::IndexMap<String, (Value, usize)> = indexmap::IndexMap::new();
        for item in &items {
            let (context, item_env) = match (reduce, item) {
                (true, Value::Object(tuple)) => {
                    (tuple.get("@").cloned().unwrap_or(Value::Undefined), frame_from_tuple(env, tuple))
                }
                _ => (item.clone(), env.clone()),
            };
            for (index, (key_node, _)) in pairs.iter().enumerate() {
                let key = self.evaluate(key_node, &context, &item_env)?;
                let key = match key {
                    Value::Undefined => continue,
                    Value::String(s) => s.to_string(),
                    other => return Err(Error::new("T1003", range.clone()).value(describe(&other))),
                };
                match groups.get_mut(&key) {
                    Some((data, first)) => {
                        if *first != index {
                            return Err(Error::new("D1009", range.clone()).value(key));
                        }
                        *data = append(std::mem::replace(data, Value::Undefined), item.clone());
                    }
                    None => {
                        groups.insert(key, (item.clone(), index));
                    }
                }
            }
        }
        let mut result = Map::new();
        for (key, (data, index)) in groups {
            let (context, group_env) = if reduce {
                let mut tuple = reduce_tuple_stream(&data);
                let context = tuple.shift_remove("@").unwrap_or(Value::Undefined);
                (context, frame_from_tuple(env, &Rc::new(tuple)))
            } else {
                (data, env.clone())
            };
            let value = self.evaluate(&pairs[index].1, &context, &group_env)?;
            if !value.is_undefined() {
                result.insert(key, value);
            }
        }
        Ok(Value::object(result))
    }

    /// Order-by: a stable merge sort on the terms.
    fn sort(&mut self, node: &Node, terms: &[SortTerm], input: Value, env: &Env) -> Result<Value> {
        let tuple_sort = input.flags().tuple_stream;
        // Nothing to order: the input comes back as it is (a sequence stays one).
        if input.items().is_some_and(|i| i.len() <= 1) || input.is_undefined() {
            return Ok(input);
        }
        let items = input.to_vec();
        // Each item's sort keys, evaluated once.
        let mut keyed = Vec::with_capacity(items.len());
        for item in items {
            let (context, item_env) = match (tuple_sort, &item) {
                (true, Value::Object(tuple)) => {
                    (tuple.get("@").cloned().unwrap_or(Value::Undefined), frame_from_tuple(env, tuple))
                }
                _ => (item.clone(), env.clone()),
            };
            let mut keys = Vec::with_capacity(terms.len());
            for term in terms {
                keys.push(self.evaluate(&term.expr, &context, &item_env)?);
            }
            keyed.push((keys, item));
        }
        let descending: Vec<bool> = terms.iter().map(|t| t.descending).collect();
        let compare = |a: &Vec<Value>, b: &Vec<Value>| -> Result<bool> {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let comp = match (x, y) {
                    (Value::Undefined, Value::Undefined) => 0,
                    (Value::Undefined, _) => return Ok(true),
                    (_, Value::Undefined) => return Ok(false),
                    (Value::Number(p), Value::Number(q)) => order(p.partial_cmp(q)),
                    (Value::String(p), Value::String(q)) => order(Some(p.cmp(q))),
                    (Value::Number(_) | Value::String(_), Value::Number(_) | Value::String(_)) => {
                        return Err(Error::new("T2007", node.start..node.end).value(describe(x)).value2(describe(y)));
                    }
                    (bad, _) if !matches!(bad, Value::Number(_) | Value::String(_)) => {
                        return Err(Error::new("T2008", node.start..node.end).value(describe(bad)));
                    }
                    (_, bad) => return Err(Error::new("T2008", node.start..node.end).value(describe(bad))),
                };
                if comp != 0 {
                    let comp = if descending[i] { -comp } else { comp };
                    return Ok(comp == 1);
                }
            }
            Ok(false)
        };
        let sorted = merge_sort(keyed, &mut |a, b| compare(&a.0, &b.0))?;
        let flags = if tuple_sort {
            Flags { sequence: true, tuple_stream: true, ..Flags::default() }
        } else {
            Flags::default()
        };
        Ok(Value::array(sorted.into_iter().map(|(_, item)| item).collect(), flags))
    }

    // ---- functions -----------------------------------------------------------

    fn call(
        &mut self,
        node: &Node,
        procedure: &Node,
        args: &[Node],
        context: Option<Value>,
        input: &Value,
        env: &Env,
    ) -> Result<Value> {
        let function = self.evaluate(procedure, input, env)?;
        let name = procedure_name(procedure);
        if function.is_undefined() {
            if let Some(first) = first_step_name(procedure) {
                if !env.lookup(first).is_undefined() {
                    return Err(Error::new("T1005", node.start..node.end).token(first));
                }
            }
        }
        let mut evaluated = Vec::with_capacity(args.len() + 1);
        evaluated.extend(context);
        for arg in args {
            evaluated.push(self.evaluate(arg, input, env)?);
        }
        self.apply(&function, evaluated, input, env).map_err(|e| {
            let range = if e.range == (0..0) { node.start..node.end } else { e.range.clone() };
            Error { range, token: e.token.or(name), ..e }
        })
    }

    /// Applies a function, unwinding tail calls.
    pub fn apply(&mut self, function: &Value, args: Vec<Value>, input: &Value, env: &Env) -> Result<Value> {
        let mut result = self.apply_inner(function, args, input, env)?;
        loop {
            let thunk = match &result {
                Value::Function(f) => match &**f {
                    Function::Lambda { thunk: true, body, env: lambda_env, input: lambda_input, .. } => {
                        Some((body.clone(), lambda_env.clone(), lambda_input.clone()))
                    }
                    _ => None,
                },
                _ => None,
            };
            let Some((body, lambda_env, lambda_input)) = thunk else { return Ok(result) };
            let Kind::Function { procedure, args } = &body.kind else { return Ok(result) };
            self.enter(&body)?;
            let outcome = (|| {
                let next = self.evaluate(procedure, &lambda_input, &lambda_env)?;
                let mut evaluated = Vec::with_capacity(args.len());
                for arg in args {
                    evaluated.push(self.evaluate(arg, &lambda_input, &lambda_env)?);
                }
                self.apply_inner(&next, evaluated, input, env)
            })();
            self.depth -= 1;
            result = outcome.map_err(|e| {
                let range = if e.range == (0..0) { body.start..body.end } else { e.range.clone() };
                Error { range, token: e.token.or(procedure_name(procedure)), ..e }
            })?;
        }
    }

    fn apply_inner(&mut self, function: &Value, args: Vec<Value>, input: &Value, env: &Env) -> Result<Value> {
        let Value::Function(function) = function else {
            return Err(Error::new("T1006", 0..0));
        };
        match &**function {
            Function::Lambda { params, body, signature, env: lambda_env, input: lambda_input, .. } => {
                let args = match signature {
                    Some(signature) => signature.validate(&args, input)?,
                    None => args,
                };
                let frame = Frame::child(lambda_env);
                for (i, param) in params.iter().enumerate() {
                    frame.bind(param, args.get(i).cloned().unwrap_or(Value::Undefined));
                }
                self.evaluate(body, lambda_input, &frame)
            }
            Function::Native { signature, imp, .. } => {
                let args = signature.validate(&args, input)?;
                imp(self, &args, input, env)
            }
            Function::Partial { function, args: bound } => {
                let mut supplied = args.into_iter();
                let full: Vec<Value> = bound
                    .iter()
                    .map(|a| a.clone().unwrap_or_else(|| supplied.next().unwrap_or(Value::Undefined)))
                    .collect();
                self.apply_inner(&Value::Function(function.clone()), full, input, env)
            }
            Function::Regex(matcher) => {
                let text = match args.first() {
                    Some(Value::String(s)) => s.clone(),
                    _ => return Ok(Value::Undefined),
                };
                let from = args.get(1).and_then(Value::as_f64).unwrap_or(0.0) as usize;
                Ok(matcher.match_object(&text, from))
            }
            Function::Transform { pattern, update, delete, env: transform_env } => {
                let target = args.into_iter().next().unwrap_or(Value::Undefined);
                self.transform(&target, pattern, update, delete.as_deref(), transform_env)
            }
        }
    }

    fn partial(&mut self, node: &Node, procedure: &Node, args: &[Node], input: &Value, env: &Env) -> Result<Value> {
        let mut evaluated = Vec::with_capacity(args.len());
        for arg in args {
            evaluated.push(if let Kind::Placeholder = arg.kind { None } else { Some(self.evaluate(arg, input, env)?) });
        }
        let function = self.evaluate(procedure, input, env)?;
        if function.is_undefined() {
            if let Some(first) = first_step_name(procedure) {
                if !env.lookup(first).is_undefined() {
                    return Err(Error::new("T1007", node.start..node.end).token(first));
                }
            }
        }
        match &function {
            Value::Function(f) => match &**f {
                Function::Lambda { params, body, signature, env: lambda_env, input: lambda_input, .. } => {
                    let frame = Frame::child(lambda_env);
                    let mut unbound = Vec::new();
                    for (i, param) in params.iter().enumerate() {
                        match evaluated.get(i) {
                            Some(Some(value)) => frame.bind(param, value.clone()),
                            Some(None) => unbound.push(param.clone()),
                            None => frame.bind(param, Value::Undefined),
                        }
                    }
                    let _ = signature;
                    Ok(Value::Function(Rc::new(Function::Lambda {
                        params: unbound,
                        body: body.clone(),
                        signature: None,
                        env: frame,
                        input: lambda_input.clone(),
                        thunk: false,
                    })))
                }
                _ => Ok(Value::Function(Rc::new(Function::Partial { function: f.clone(), args: evaluated }))),
            },
            _ => Err(Error::new("T1008", node.start..node.end).token(procedure_name(procedure).unwrap_or_default())),
        }
    }

    fn apply_expression(&mut self, node: &Node, lhs: &Node, rhs: &Node, input: &Value, env: &Env) -> Result<Value> {
        let left = self.evaluate(lhs, input, env)?;
        if let Kind::Function { procedure, args } = &rhs.kind {
            return self.call(rhs, procedure, args, Some(left), input, env);
        }
        let function = self.evaluate(rhs, input, env)?;
        if !function.is_function() {
            return Err(Error::new("T2006", node.start..node.end).value(describe(&function)));
        }
        if left.is_function() {
            let chain = self.chain_function()?;
            let composed = self.evaluate(&chain, &Value::Null, env)?;
            return self.apply(&composed, vec![left, function], &Value::Null, env);
        }
        self.apply(&function, vec![left], input, env)
    }

    fn chain_function(&mut self) -> Result<Rc<Node>> {
        if let Some(chain) = &self.chain {
            return Ok(chain.clone());
        }
        let ast = super::parse("function($f, $g) { function($x){ $g($f($x)) } }")?;
        let chain = Rc::new(ast.root);
        self.chain = Some(chain.clone());
        Ok(chain)
    }

    /// `| pattern | update, delete |` applied to a copy of `target`.
    fn transform(
        &mut self,
        target: &Value,
        pattern: &Node,
        update: &Node,
        delete: Option<&Node>,
        env: &Env,
    ) -> Result<Value> {
        if target.is_undefined() {
            return Ok(Value::Undefined);
        }
        let copy = deep_clone(target);
        let matches = self.evaluate(pattern, &copy, env)?.to_vec();
        let mut replaced: HashMap<*const Map, Rc<Map>> = HashMap::new();
        for found in matches {
            let original = match &found {
                Value::Object(map) => Some(map.clone()),
                _ => None,
            };
            let current = original.as_ref().map(|o| replaced.get(&Rc::as_ptr(o)).cloned().unwrap_or_else(|| o.clone()));
            let subject = current.clone().map(Value::Object).unwrap_or(found.clone());
            let changes = self.evaluate(update, &subject, env)?;
            let mut updated = current.as_deref().cloned();
            match &changes {
                Value::Undefined => {}
                Value::Object(props) => {
                    if let Some(updated) = updated.as_mut() {
                        for (k, v) in props.iter() {
                            updated.insert(k.clone(), v.clone());
                        }
                    }
                }
                other => return Err(Error::new("T2011", update.start..update.end).value(describe(other))),
            }
            if let Some(delete) = delete {
                let subject = updated.clone().map(Value::object).unwrap_or(found.clone());
                let deletions = self.evaluate(delete, &subject, env)?;
                if !deletions.is_undefined() {
                    let names = deletions.to_vec();
                    if !names.iter().all(|n| matches!(n, Value::String(_))) {
                        return Err(Error::new("T2012", delete.start..delete.end).value(describe(&deletions)));
                    }
                    if let Some(updated) = updated.as_mut() {
                        for name in names.iter().filter_map(Value::as_str) {
                            updated.shift_remove(name);
                        }
                    }
                }
            }
            if let (Some(original), Some(updated)) = (original, updated) {
                replaced.insert(Rc::as_ptr(&original), Rc::new(updated));
            }
        }
        let mut path = Vec::new();
        Ok(rebuild(&copy, &replaced, &mut path))
    }

    /// Calls a function the way the higher-order built-ins do: with as many
    /// of (value, index, array) as the function takes.
    pub fn apply_hof(
        &mut self,
        function: &Value,
        value: Value,
        index: usize,
        array: &Value,
        env: &Env,
    ) -> Result<Value> {
        let arity = match function {
            Value::Function(f) => f.arity(),
            _ => 1,
        };
        let mut args = vec![value];
        if arity >= 2 {
            args.push(Value::Number(index as f64));
        }
        if arity >= 3 {
            args.push(array.clone());
        }
        self.apply(function, args, &Value::Undefined, env)
    }
}

fn order(ordering: Option<std::cmp::Ordering>) -> i32 {
    match ordering {
        Some(std::cmp::Ordering::Less) => -1,
        Some(std::cmp::Ordering::Greater) => 1,
        _ => 0,
    }
}

/// A stable merge sort with a fallible "swap" comparator, as the reference's
/// `$sort`: `swap(a, b)` true puts `b` before `a`.
pub fn merge_sort<T: Clone>(items: Vec<T>, swap: &mut dyn FnMut(&T, &T) -> Result<bool>) -> Result<Vec<T>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let middle = items.len() / 2;
    let mut left = items;
    let right = left.split_off(middle);
    let left = merge_sort(left, swap)?;
    let right = merge_sort(right, swap)?;
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if swap(&left[i], &right[j])? {
            merged.push(right[j].clone());
            j += 1;
        } else {
            merged.push(left[i].clone());
            i += 1;
        }
    }
    merged.extend_from_slice(&left[i..]);
    merged.extend_from_slice(&right[j..]);
    Ok(merged)
}

fn procedure_name(procedure: &Node) -> Option<String> {
    match &procedure.kind {
        Kind::Variable(name) => Some(name.clone()),
        Kind::Path(_) => first_step_name(procedure).map(str::to_string),
        _ => None,
    }
}

fn first_step_name(procedure: &Node) -> Option<&str> {
    match &procedure.kind {
        Kind::Path(steps) => match steps.first().map(|s| &s.kind) {
            Some(Kind::Name(name)) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

fn tuple_stream_value(tuples: Vec<Rc<Map>>) -> Value {
    Value::array(
        tuples.into_iter().map(Value::Object).collect(),
        Flags { sequence: true, tuple_stream: true, ..Flags::default() },
    )
}

fn tuples_of(value: &Value) -> Vec<Rc<Map>> {
    value
        .to_vec()
        .into_iter()
        .filter_map(|v| match v {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .collect()
}

fn frame_from_tuple(env: &Env, tuple: &Rc<Map>) -> Env {
    let frame = Frame::child(env);
    for (name, value) in tuple.iter() {
        frame.bind(name, value.clone());
    }
    frame
}

fn reduce_tuple_stream(data: &Value) -> Map {
    match data {
        Value::Array(a) if !a.items.is_empty() => {
            let mut result = match &a.items[0] {
                Value::Object(first) => (**first).clone(),
                _ => Map::new(),
            };
            for tuple in &a.items[1..] {
                if let Value::Object(tuple) = tuple {
                    for (k, v) in tuple.iter() {
                        let existing = result.shift_remove(k).unwrap_or(Value::Undefined);
                        result.insert(k.clone(), append(existing, v.clone()));
                    }
                }
            }
            result
        }
        Value::Object(tuple) => (**tuple).clone(),
        _ => Map::new(),
    }
}

/// The reference's `$append` on two values.
pub fn append(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Undefined, b) => b,
        (a, Value::Undefined) => a,
        (a, b) => {
            let mut items = a.to_vec();
            items.extend(b.to_vec());
            Value::array(items, Flags::default())
        }
    }
}

/// A value in an error message.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Undefined => "undefined".into(),
        Value::Function(_) => "function".into(),
        other => other.to_json().map(|j| j.to_string()).unwrap_or_default(),
    }
}

fn runtime(code: &'static str, node: &Node, value: &Value) -> Error {
    Error::new(code, node.start..node.end).value(describe(value))
}

/// JSONata's effective boolean value (`$boolean`); undefined is false here.
pub fn truthy(value: &Value) -> Result<bool> {
    Ok(functions::boolean(value)?.unwrap_or(false))
}

/// A member of an object, or of each object in an array (flattened).
pub fn lookup(input: &Value, key: &str) -> Value {
    match input {
        Value::Array(a) => {
            let mut result = Vec::new();
            for item in &a.items {
                match lookup(item, key) {
                    Value::Undefined => {}
                    Value::Array(inner) => result.extend(inner.items.iter().cloned()),
                    value => result.push(value),
                }
            }
            Value::sequence(result)
        }
        Value::Object(map) => map.get(key).cloned().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

fn flatten_into(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Array(a) => a.items.iter().for_each(|v| flatten_into(v, out)),
        other => out.push(other.clone()),
    }
}

fn wildcard(input: &Value) -> Value {
    let input = match input {
        Value::Array(a) if a.flags.outer_wrapper && !a.items.is_empty() => &a.items[0],
        other => other,
    };
    let mut results = Vec::new();
    let values: Vec<&Value> = match input {
        Value::Object(map) => map.values().collect(),
        Value::Array(a) => a.items.iter().collect(),
        _ => Vec::new(),
    };
    for value in values {
        match value {
            Value::Array(_) => flatten_into(value, &mut results),
            other => results.push(other.clone()),
        }
    }
    Value::sequence(results)
}

fn descendants(input: &Value) -> Value {
    if input.is_undefined() {
        return Value::Undefined;
    }
    let mut results = Vec::new();
    recurse_descendants(input, &mut results);
    if results.len() == 1 {
        results.pop().unwrap_or(Value::Undefined)
    } else {
        Value::sequence(results)
    }
}

fn recurse_descendants(input: &Value, results: &mut Vec<Value>) {
    match input {
        Value::Array(a) => a.items.iter().for_each(|v| recurse_descendants(v, results)),
        Value::Object(map) => {
            results.push(input.clone());
            map.values().for_each(|v| recurse_descendants(v, results));
        }
        other => results.push(other.clone()),
    }
}

fn numeric(op: &str, left: &Value, right: &Value) -> Result<Value> {
    for operand in [left, right] {
        if let Value::Number(n) = operand {
            if !n.is_finite() {
                return Err(Error::new("D1001", 0..0).value(functions::numbers::js_number_to_string(*n)));
            }
        }
    }
    let l = match left {
        Value::Undefined => None,
        Value::Number(n) => Some(*n),
        other => return Err(Error::new("T2001", 0..0).value(describe(other))),
    };
    let r = match right {
        Value::Undefined => None,
        Value::Number(n) => Some(*n),
        other => return Err(Error::new("T2002", 0..0).value(describe(other))),
    };
    let (Some(l), Some(r)) = (l, r) else { return Ok(Value::Undefined) };
    Ok(Value::Number(match op {
        "+" => l + r,
        "-" => l - r,
        "*" => l * r,
        "/" => l / r,
        _ => l % r,
    }))
}

fn comparison(op: &str, left: &Value, right: &Value) -> Result<Value> {
    let comparable = |v: &Value| matches!(v, Value::Undefined | Value::String(_) | Value::Number(_));
    if !comparable(left) || !comparable(right) {
        let bad = if comparable(left) { right } else { left };
        return Err(Error::new("T2010", 0..0).value(describe(bad)));
    }
    let ordering = match (left, right) {
        (Value::Undefined, _) | (_, Value::Undefined) => return Ok(Value::Undefined),
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
        (Value::String(a), Value::String(b)) => Some(compare_utf16(a, b)),
        _ => return Err(Error::new("T2009", 0..0).value(describe(left)).value2(describe(right))),
    };
    let Some(ordering) = ordering else { return Ok(Value::Bool(false)) };
    use std::cmp::Ordering::*;
    Ok(Value::Bool(match op {
        "<" => ordering == Less,
        "<=" => ordering != Greater,
        ">" => ordering == Greater,
        _ => ordering != Less,
    }))
}

/// Strings compare as JavaScript does: by UTF-16 code units.
pub fn compare_utf16(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn range(left: &Value, right: &Value) -> Result<Value> {
    let integer = |v: &Value, code: &'static str| match v {
        Value::Undefined => Ok(None),
        Value::Number(n) if n.fract() == 0.0 => Ok(Some(*n)),
        other => Err(Error::new(code, 0..0).value(describe(other))),
    };
    let l = integer(left, "T2003")?;
    let r = integer(right, "T2004")?;
    let (Some(l), Some(r)) = (l, r) else { return Ok(Value::Undefined) };
    if l > r {
        return Ok(Value::Undefined);
    }
    let size = r - l + 1.0;
    if size > 1e7 {
        return Err(Error::new("D2014", 0..0).value(functions::numbers::js_number_to_string(size)));
    }
    let items = (0..size as u64).map(|i| Value::Number(l + i as f64)).collect();
    Ok(Value::sequence(items))
}

fn includes(left: &Value, right: &Value) -> bool {
    if left.is_undefined() || right.is_undefined() {
        return false;
    }
    right.to_vec().iter().any(|item| strict_equal(item, left))
}

/// JavaScript `===`: values for scalars, identity for objects and arrays.
fn strict_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// A deep copy with fresh objects (transforms change the copy, not the input).
pub fn deep_clone(value: &Value) -> Value {
    match value {
        Value::Array(a) => Value::array(a.items.iter().map(deep_clone).collect(), a.flags),
        Value::Object(map) => Value::object(map.iter().map(|(k, v)| (k.clone(), deep_clone(v))).collect()),
        other => other.clone(),
    }
}

/// The copy with every updated object swapped in.
fn rebuild(value: &Value, replaced: &HashMap<*const Map, Rc<Map>>, path: &mut Vec<*const Map>) -> Value {
    match value {
        Value::Object(map) => {
            let pointer = Rc::as_ptr(map);
            if path.contains(&pointer) {
                return value.clone(); // an update made a cycle: stop here
            }
            path.push(pointer);
            let base = replaced.get(&pointer).unwrap_or(map);
            let rebuilt = base.iter().map(|(k, v)| (k.clone(), rebuild(v, replaced, path))).collect();
            path.pop();
            Value::object(rebuilt)
        }
        Value::Array(a) => Value::array(a.items.iter().map(|v| rebuild(v, replaced, path)).collect(), a.flags),
        other => other.clone(),
    }
}
