//! The second stage of parsing, as the reference's `processAST`: flattens
//! `.` chains into path steps, attaches predicates, grouping, sorting, focus
//! and index bindings to steps, resolves `%` (parent) references, and marks
//! tail calls. Reports the reference's S02xx errors of this stage.

use super::ast::{Ast, Group, Kind, Node, Slot, SlotId, SortTerm, Stage};
use super::error::Error;
use super::parser::{PKind, PNode};

type Result<T> = std::result::Result<T, Error>;

pub fn process(root: PNode) -> Result<Ast> {
    let mut processor = Processor { slots: Vec::new() };
    let mut node = processor.node(root)?;
    if matches!(node.kind, Kind::Parent(_)) || !node.seeking_parent.is_empty() {
        return Err(Error::new("S0217", node.start..node.end).token(kind_name(&node)));
    }
    resolve_labels(&mut node, &processor.slots);
    Ok(Ast { root: node, slots: processor.slots })
}

struct Processor {
    slots: Vec<Slot>,
}

fn kind_name(node: &Node) -> &'static str {
    match node.kind {
        Kind::Path(_) => "path",
        Kind::Name(_) => "name",
        Kind::Variable(_) => "variable",
        Kind::String(_) => "string",
        Kind::Number(_) => "number",
        Kind::Bool(_) | Kind::Null => "value",
        Kind::Regex { .. } => "regex",
        Kind::Wildcard => "wildcard",
        Kind::Descendant => "descendant",
        Kind::Parent(_) => "parent",
        Kind::Binary { .. } => "binary",
        Kind::Apply { .. } => "apply",
        Kind::Bind { .. } => "bind",
        Kind::Sort(_) => "sort",
        Kind::Negate(_) | Kind::Array(_) | Kind::Object(_) => "unary",
        Kind::Block(_) => "block",
        Kind::Function { .. } => "function",
        Kind::Partial { .. } => "partial",
        Kind::Placeholder => "operator",
        Kind::Lambda { .. } => "lambda",
        Kind::Condition { .. } => "condition",
        Kind::Transform { .. } => "transform",
    }
}

/// Adds `value`'s unresolved parent slots to `result`'s.
fn push_ancestry(result: &mut Node, value: &Node) {
    result.seeking_parent.extend_from_slice(&value.seeking_parent);
    if let Kind::Parent(slot) = value.kind {
        result.seeking_parent.push(slot);
    }
}

fn path_of(node: Node) -> Node {
    if node.is_path() {
        return node;
    }
    let (start, end) = (node.start, node.end);
    Node::new(Kind::Path(vec![node]), start, end)
}

/// The last step of a path, or the node itself.
fn step_of(node: &mut Node) -> &mut Node {
    if node.is_path() {
        steps_mut(node).last_mut().expect("paths have steps")
    } else {
        node
    }
}

fn steps_mut(node: &mut Node) -> &mut Vec<Node> {
    match &mut node.kind {
        Kind::Path(steps) => steps,
        _ => unreachable!("only called on paths"),
    }
}

impl Processor {
    fn node(&mut self, expr: PNode) -> Result<Node> {
        stacker::maybe_grow(super::parser::RED_ZONE, super::parser::STACK_GROWTH, || self.node_inner(expr))
    }

    fn node_inner(&mut self, expr: PNode) -> Result<Node> {
        let keep_array = expr.keep_array;
        let (start, end) = (expr.start, expr.end);
        let mut result = match expr.kind {
            PKind::Binary { op: ".", lhs, rhs } => self.path(*lhs, *rhs)?,
            PKind::Filter { lhs, rhs } => self.filter(*lhs, *rhs, start, end)?,
            PKind::Group { lhs, pairs } => {
                let mut result = self.node(*lhs)?;
                if result.group.is_some() {
                    return Err(Error::new("S0210", start..end));
                }
                let mut processed = Vec::with_capacity(pairs.len());
                for (key, value) in pairs {
                    processed.push((self.node(key)?, self.node(value)?));
                }
                result.group = Some(Group { pairs: processed, start, end });
                result
            }
            PKind::Sort { lhs, terms } => {
                let mut result = path_of(self.node(*lhs)?);
                let mut step = Node::new(Kind::Sort(Vec::new()), start, end);
                let mut sorted = Vec::with_capacity(terms.len());
                for (descending, term) in terms {
                    let expr = self.node(term)?;
                    push_ancestry(&mut step, &expr);
                    sorted.push(SortTerm { descending, expr });
                }
                step.kind = Kind::Sort(sorted);
                steps_mut(&mut result).push(step);
                self.resolve_ancestry(&mut result)?;
                result
            }
            PKind::Binary { op: ":=", lhs, rhs } => {
                let PKind::Variable(name) = lhs.kind else {
                    return Err(Error::new("S0212", lhs.start..lhs.end));
                };
                let value = self.node(*rhs)?;
                let mut result = Node::new(Kind::Null, start, end);
                push_ancestry(&mut result, &value);
                result.kind = Kind::Bind { name, value: Box::new(value) };
                result
            }
            PKind::Binary { op: "@", lhs, rhs } => {
                let PKind::Variable(name) = rhs.kind else {
                    return Err(Error::new("S0214", rhs.start..rhs.end).token("@"));
                };
                let mut result = self.node(*lhs)?;
                let step = match &mut result.kind {
                    Kind::Path(steps) => steps.last_mut().expect("paths have steps"),
                    _ => &mut result,
                };
                if !step.stages.is_empty() || !step.predicate.is_empty() {
                    return Err(Error::new("S0215", start..end));
                }
                if matches!(step.kind, Kind::Sort(_)) {
                    return Err(Error::new("S0216", start..end));
                }
                if keep_array {
                    step.keep_array = true;
                }
                step.focus = Some(name);
                step.tuple = true;
                result
            }
            PKind::Binary { op: "#", lhs, rhs } => {
                let PKind::Variable(name) = rhs.kind else {
                    return Err(Error::new("S0214", rhs.start..rhs.end).token("#"));
                };
                let mut result = self.node(*lhs)?;
                if !result.is_path() {
                    let mut step = result;
                    if !step.predicate.is_empty() {
                        step.stages = std::mem::take(&mut step.predicate);
                    }
                    result = path_of(step);
                }
                let step = steps_mut(&mut result).last_mut().expect("paths have steps");
                if step.stages.is_empty() {
                    step.index = Some(name);
                } else {
                    step.stages.push(Stage::Index(name));
                }
                step.tuple = true;
                result
            }
            PKind::Binary { op: "~>", lhs, rhs } => {
                let lhs = self.node(*lhs)?;
                let rhs = self.node(*rhs)?;
                let mut result = Node::new(Kind::Apply { lhs: Box::new(lhs), rhs: Box::new(rhs) }, start, end);
                if let Kind::Apply { lhs, rhs } = &result.kind {
                    result.keep_array = lhs.keep_array || rhs.keep_array;
                }
                result
            }
            PKind::Binary { op, lhs, rhs } => {
                let lhs = self.node(*lhs)?;
                let rhs = self.node(*rhs)?;
                let mut result = Node::new(Kind::Null, start, end);
                push_ancestry(&mut result, &lhs);
                push_ancestry(&mut result, &rhs);
                result.kind = Kind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) };
                result
            }
            PKind::Array(items) => {
                let mut result = Node::new(Kind::Null, start, end);
                let mut processed = Vec::with_capacity(items.len());
                for item in items {
                    let value = self.node(item)?;
                    push_ancestry(&mut result, &value);
                    processed.push(value);
                }
                result.kind = Kind::Array(processed);
                result
            }
            PKind::Object(pairs) => {
                let mut result = Node::new(Kind::Null, start, end);
                let mut processed = Vec::with_capacity(pairs.len());
                for (key, value) in pairs {
                    let key = self.node(key)?;
                    push_ancestry(&mut result, &key);
                    let value = self.node(value)?;
                    push_ancestry(&mut result, &value);
                    processed.push((key, value));
                }
                result.kind = Kind::Object(processed);
                result
            }
            PKind::Negate(inner) => {
                let inner = self.node(*inner)?;
                if let Kind::Number(n) = inner.kind {
                    let mut folded = inner;
                    folded.kind = Kind::Number(-n);
                    folded
                } else {
                    let mut result = Node::new(Kind::Null, start, end);
                    push_ancestry(&mut result, &inner);
                    result.kind = Kind::Negate(Box::new(inner));
                    result
                }
            }
            PKind::Function { procedure, args, partial } => {
                let mut result = Node::new(Kind::Null, start, end);
                let mut processed = Vec::with_capacity(args.len());
                for arg in args {
                    let arg = self.node(arg)?;
                    push_ancestry(&mut result, &arg);
                    processed.push(arg);
                }
                let procedure = Box::new(self.node(*procedure)?);
                result.kind = if partial {
                    Kind::Partial { procedure, args: processed }
                } else {
                    Kind::Function { procedure, args: processed }
                };
                result
            }
            PKind::Lambda { params, signature, body } => {
                let body = tail_call_optimize(self.node(*body)?);
                let params = params.into_iter().map(|(name, _)| name).collect();
                Node::new(Kind::Lambda { params, signature, body: std::rc::Rc::new(body), thunk: false }, start, end)
            }
            PKind::Condition { condition, then, otherwise } => {
                let condition = self.node(*condition)?;
                let then = self.node(*then)?;
                let otherwise = otherwise.map(|o| self.node(*o)).transpose()?;
                self.condition(condition, then, otherwise, start, end)
            }
            PKind::Coalesce { lhs, rhs } => {
                // `a ?? b` is `$exists(a) ? a : b`, as in the reference.
                let value = self.node(*lhs)?;
                let exists = Node::new(Kind::Variable("exists".into()), start, end);
                let test =
                    Node::new(Kind::Function { procedure: Box::new(exists), args: vec![value.clone()] }, start, end);
                let otherwise = self.node(*rhs)?;
                self.condition(test, value, Some(otherwise), start, end)
            }
            PKind::Elvis { lhs, rhs } => {
                let value = self.node(*lhs)?;
                let otherwise = self.node(*rhs)?;
                self.condition(value.clone(), value, Some(otherwise), start, end)
            }
            PKind::Transform { pattern, update, delete } => {
                let pattern = std::rc::Rc::new(self.node(*pattern)?);
                let update = std::rc::Rc::new(self.node(*update)?);
                let delete = delete.map(|d| self.node(*d).map(std::rc::Rc::new)).transpose()?;
                Node::new(Kind::Transform { pattern, update, delete }, start, end)
            }
            PKind::Block(items) => {
                let mut result = Node::new(Kind::Null, start, end);
                let mut processed = Vec::with_capacity(items.len());
                for item in items {
                    let part = self.node(item)?;
                    push_ancestry(&mut result, &part);
                    let first_step_cons =
                        matches!(&part.kind, Kind::Path(steps) if steps.first().is_some_and(|s| s.cons_array));
                    if part.cons_array || first_step_cons {
                        result.cons_array = true;
                    }
                    processed.push(part);
                }
                result.kind = Kind::Block(processed);
                result
            }
            PKind::Name(name) => {
                let step = Node { keep_array, ..Node::new(Kind::Name(name), start, end) };
                let mut path = Node::new(Kind::Path(vec![step]), start, end);
                path.keep_singleton_array = keep_array;
                path
            }
            PKind::OperatorName(name) => {
                let step = Node { keep_array, ..Node::new(Kind::Name(name.to_string()), start, end) };
                let mut path = Node::new(Kind::Path(vec![step]), start, end);
                path.keep_singleton_array = keep_array;
                path
            }
            PKind::Parent => {
                let index = self.slots.len();
                self.slots.push(Slot { label: format!("!{index}"), level: 1, index });
                Node::new(Kind::Parent(index), start, end)
            }
            PKind::Variable(name) => Node::new(Kind::Variable(name), start, end),
            PKind::String(s) => Node::new(Kind::String(s), start, end),
            PKind::Number(n) => Node::new(Kind::Number(n), start, end),
            PKind::Bool(b) => Node::new(Kind::Bool(b), start, end),
            PKind::Null => Node::new(Kind::Null, start, end),
            PKind::Regex { pattern, flags } => Node::new(Kind::Regex { pattern, flags }, start, end),
            PKind::Wildcard => Node::new(Kind::Wildcard, start, end),
            PKind::Descendant => Node::new(Kind::Descendant, start, end),
            PKind::Placeholder => Node::new(Kind::Placeholder, start, end),
            PKind::End => return Err(Error::new("S0207", start..end)),
            // Only recovering parses make these, and they are not processed.
            PKind::Error => return Err(Error::new("S0201", start..end)),
        };
        if keep_array {
            result.keep_array = true;
        }
        Ok(result)
    }

    fn condition(&mut self, condition: Node, then: Node, otherwise: Option<Node>, start: usize, end: usize) -> Node {
        let mut result = Node::new(Kind::Null, start, end);
        push_ancestry(&mut result, &condition);
        push_ancestry(&mut result, &then);
        if let Some(otherwise) = &otherwise {
            push_ancestry(&mut result, otherwise);
        }
        result.kind = Kind::Condition {
            condition: Box::new(condition),
            then: Box::new(then),
            otherwise: otherwise.map(Box::new),
        };
        result
    }

    /// `lhs.rhs`: one path with the steps of both.
    fn path(&mut self, lhs: PNode, rhs: PNode) -> Result<Node> {
        let left = self.node(lhs)?;
        let left_parent = match left.kind {
            Kind::Parent(slot) => Some(slot),
            _ => None,
        };
        let mut result = path_of(left);
        if let Some(slot) = left_parent {
            result.seeking_parent = vec![slot];
        }
        let mut rest = self.node(rhs)?;
        if rest.is_path() {
            let Kind::Path(steps) = std::mem::replace(&mut rest.kind, Kind::Null) else { unreachable!() };
            steps_mut(&mut result).extend(steps);
        } else {
            if !rest.predicate.is_empty() {
                rest.stages = std::mem::take(&mut rest.predicate);
            }
            steps_mut(&mut result).push(rest);
        }
        let steps = steps_mut(&mut result);
        for step in steps.iter_mut() {
            match &step.kind {
                Kind::Number(n) => {
                    let value = super::parser::format_number(*n);
                    return Err(Error::new("S0213", step.start..step.end).value(value));
                }
                Kind::Bool(b) => return Err(Error::new("S0213", step.start..step.end).value(b.to_string())),
                Kind::Null => return Err(Error::new("S0213", step.start..step.end).value("null")),
                Kind::String(s) => step.kind = Kind::Name(s.clone()),
                _ => {}
            }
        }
        let keep = steps.iter().any(|s| s.keep_array);
        if let Some(first) = steps.first_mut() {
            if first.is_array_constructor() {
                first.cons_array = true;
            }
        }
        if let Some(last) = steps.last_mut() {
            if last.is_array_constructor() {
                last.cons_array = true;
            }
        }
        if keep {
            result.keep_singleton_array = true;
        }
        self.resolve_ancestry(&mut result)?;
        Ok(result)
    }

    /// `lhs[rhs]`: a predicate (or index) on the last step.
    fn filter(&mut self, lhs: PNode, rhs: PNode, start: usize, end: usize) -> Result<Node> {
        let mut result = self.node(lhs)?;
        let is_path = result.is_path();
        if step_of(&mut result).group.is_some() {
            return Err(Error::new("S0209", start..end));
        }
        let predicate = self.node(rhs)?;
        let step = step_of(&mut result);
        if !predicate.seeking_parent.is_empty() {
            for &slot in &predicate.seeking_parent {
                if self.slots[slot].level == 1 {
                    self.seek_parent(step, slot)?;
                } else {
                    self.slots[slot].level -= 1;
                }
            }
            push_ancestry(step, &predicate);
        }
        let stage = Stage::Filter { expr: Box::new(predicate), start, end };
        if is_path {
            step.stages.push(stage);
        } else {
            step.predicate.push(stage);
        }
        Ok(result)
    }

    /// Walks back from a step to the one a `%` refers to.
    fn seek_parent(&mut self, node: &mut Node, slot: SlotId) -> Result<()> {
        match &mut node.kind {
            Kind::Name(_) | Kind::Wildcard => {
                self.slots[slot].level -= 1;
                if self.slots[slot].level == 0 {
                    if let Some(existing) = node.ancestor {
                        let label = self.slots[existing].label.clone();
                        self.slots[slot].label = label;
                    }
                    node.ancestor = Some(slot);
                    node.tuple = true;
                }
            }
            Kind::Parent(_) => self.slots[slot].level += 1,
            Kind::Block(expressions) => {
                if let Some(last) = expressions.last_mut() {
                    self.seek_parent(last, slot)?;
                    node.tuple = true;
                }
            }
            Kind::Path(steps) => {
                let mut index = steps.len();
                while index > 0 {
                    index -= 1;
                    self.seek_parent(&mut steps[index], slot)?;
                    if self.slots[slot].level <= 0 {
                        break;
                    }
                }
                node.tuple = true;
            }
            _ => return Err(Error::new("S0217", node.start..node.end).token(kind_name(node))),
        }
        Ok(())
    }

    /// Resolves the parent slots sought by a path's last step against the
    /// steps before it; what is left is sought by the path itself.
    fn resolve_ancestry(&mut self, path: &mut Node) -> Result<()> {
        let Kind::Path(steps) = &mut path.kind else { return Ok(()) };
        let Some(last) = steps.last() else { return Ok(()) };
        let mut slots = last.seeking_parent.clone();
        if let Kind::Parent(slot) = last.kind {
            slots.push(slot);
        }
        let mut unresolved = Vec::new();
        for slot in slots {
            let mut index = steps.len() as isize - 2;
            while self.slots[slot].level > 0 {
                if index < 0 {
                    unresolved.push(slot);
                    break;
                }
                let mut current = index as usize;
                index -= 1;
                // Contiguous steps that bind the focus count as one.
                while index >= 0 && steps[current].focus.is_some() && steps[index as usize].focus.is_some() {
                    current = index as usize;
                    index -= 1;
                }
                self.seek_parent(&mut steps[current], slot)?;
            }
        }
        path.seeking_parent.extend(unresolved);
        Ok(())
    }
}

/// Writes each parent slot's final label onto the nodes that use it.
fn resolve_labels(node: &mut Node, slots: &[Slot]) {
    let slot = match node.kind {
        Kind::Parent(slot) => Some(slot),
        _ => node.ancestor,
    };
    if let Some(slot) = slot.and_then(|s| slots.get(s)) {
        node.label = Some(std::rc::Rc::from(slot.label.as_str()));
    }
    for stage in node.stages.iter_mut().chain(node.predicate.iter_mut()) {
        if let Stage::Filter { expr, .. } = stage {
            resolve_labels(expr, slots);
        }
    }
    if let Some(group) = &mut node.group {
        for (key, value) in &mut group.pairs {
            resolve_labels(key, slots);
            resolve_labels(value, slots);
        }
    }
    match &mut node.kind {
        Kind::Path(items) | Kind::Array(items) | Kind::Block(items) => {
            items.iter_mut().for_each(|n| resolve_labels(n, slots));
        }
        Kind::Binary { lhs, rhs, .. } | Kind::Apply { lhs, rhs } => {
            resolve_labels(lhs, slots);
            resolve_labels(rhs, slots);
        }
        Kind::Bind { value, .. } | Kind::Negate(value) => resolve_labels(value, slots),
        Kind::Sort(terms) => terms.iter_mut().for_each(|t| resolve_labels(&mut t.expr, slots)),
        Kind::Object(pairs) => pairs.iter_mut().for_each(|(k, v)| {
            resolve_labels(k, slots);
            resolve_labels(v, slots);
        }),
        Kind::Function { procedure, args } | Kind::Partial { procedure, args } => {
            resolve_labels(procedure, slots);
            args.iter_mut().for_each(|a| resolve_labels(a, slots));
        }
        Kind::Lambda { body, .. } => {
            if let Some(body) = std::rc::Rc::get_mut(body) {
                resolve_labels(body, slots);
            }
        }
        Kind::Condition { condition, then, otherwise } => {
            resolve_labels(condition, slots);
            resolve_labels(then, slots);
            if let Some(o) = otherwise {
                resolve_labels(o, slots);
            }
        }
        Kind::Transform { pattern, update, delete } => {
            for part in [Some(pattern), Some(update), delete.as_mut()].into_iter().flatten() {
                if let Some(part) = std::rc::Rc::get_mut(part) {
                    resolve_labels(part, slots);
                }
            }
        }
        _ => {}
    }
}

/// Calls in tail position become thunks, so deep recursion in user
/// functions runs in a loop.
fn tail_call_optimize(expr: Node) -> Node {
    match expr.kind {
        Kind::Function { .. } if expr.predicate.is_empty() => {
            let (start, end) = (expr.start, expr.end);
            Node::new(
                Kind::Lambda { params: Vec::new(), signature: None, body: std::rc::Rc::new(expr), thunk: true },
                start,
                end,
            )
        }
        Kind::Condition { condition, then, otherwise } => Node {
            kind: Kind::Condition {
                condition,
                then: Box::new(tail_call_optimize(*then)),
                otherwise: otherwise.map(|o| Box::new(tail_call_optimize(*o))),
            },
            ..expr
        },
        Kind::Block(mut expressions) => {
            if let Some(last) = expressions.pop() {
                expressions.push(tail_call_optimize(last));
            }
            Node { kind: Kind::Block(expressions), ..expr }
        }
        _ => expr,
    }
}
