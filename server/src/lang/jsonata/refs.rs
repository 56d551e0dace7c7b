//! What an expression refers to outside itself: the variables it reads
//! that it does not bind, the functions it calls, the field names it reads
//! from the top-level context, `$`/`$$` at the top level, and the members
//! of a variable it reads (`$states.input`). A host (Step Functions) uses
//! this to check an expression against what its environment provides.

use super::ast::{Ast, Kind, Node, Stage};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refs {
    /// `$name` reads of names the expression does not bind (`:=`, lambda
    /// parameters, `@`/`#` bindings), in source order. Calls included.
    pub variables: Vec<VariableRef>,
    /// Field names read from the top-level context: `{% phone %}`.
    pub top_level_names: Vec<(String, Range<usize>)>,
    /// `$` or `$$` read in the top-level context (`$$` anywhere).
    pub root_context: Vec<(&'static str, Range<usize>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VariableRef {
    pub name: String,
    /// The `$name` token.
    pub range: Range<usize>,
    /// Called as a function: `$name(…)`.
    pub call: bool,
    /// The member names read right after it (`$states.input.x` →
    /// `["input", "x"]`), each with its range.
    pub members: Vec<(String, Range<usize>)>,
    /// The expression tests whether the name is set (`$exists($x)`, a
    /// condition `$x ? … : …`, `$x ?? …`, `$x ?: …`), so it expects it may not be.
    pub guarded: bool,
}

/// The references of a parsed expression.
pub fn refs(ast: &Ast) -> Refs {
    let mut bound = HashSet::new();
    collect_bound(&ast.root, &mut bound, 0);
    let mut guarded = HashSet::new();
    collect_guarded(&ast.root, &mut guarded, 0);
    let mut walker = Walker { bound, refs: Refs::default() };
    walker.node(&ast.root, true, 0);
    for variable in &mut walker.refs.variables {
        variable.guarded = guarded.contains(&variable.name);
    }
    // `a ?? b` and `a ?: b` hold `a` twice in the processed tree.
    let refs = &mut walker.refs;
    refs.variables.sort_by_key(|v| v.range.start);
    refs.variables.dedup_by(|a, b| a.range == b.range);
    refs.top_level_names.sort_by_key(|(_, r)| r.start);
    refs.top_level_names.dedup_by(|a, b| a.1 == b.1);
    refs.root_context.sort_by_key(|(_, r)| r.start);
    refs.root_context.dedup_by(|a, b| a.1 == b.1);
    walker.refs
}

/// Names whose presence the expression tests: the variable a path starts
/// with, as the argument of `$exists` or as the test of a condition.
fn collect_guarded(node: &Node, guarded: &mut HashSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let tested = match &node.kind {
        Kind::Function { procedure, args } if matches!(&procedure.kind, Kind::Variable(n) if n == "exists") => {
            args.first()
        }
        Kind::Condition { condition, .. } => Some(&**condition),
        _ => None,
    };
    if let Some(name) = tested.and_then(leading_variable) {
        guarded.insert(name.to_string());
    }
    for child in children(node) {
        collect_guarded(child, guarded, depth + 1);
    }
}

/// `$x` or the `$x` a path `$x.a.b` starts with.
fn leading_variable(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Variable(name) => Some(name),
        Kind::Path(steps) => steps.first().and_then(leading_variable),
        _ => None,
    }
}

/// Deepest tree walked; processed trees are bounded by the parser's depth
/// limit, this only guards the recursion.
const MAX_DEPTH: usize = 2_000;

/// Every name the expression binds anywhere. Binding scopes are not
/// tracked: a name bound somewhere is taken as local everywhere, so a
/// host is never told about a read that might be local.
fn collect_bound(node: &Node, bound: &mut HashSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(name) = &node.focus {
        bound.insert(name.clone());
    }
    if let Some(name) = &node.index {
        bound.insert(name.clone());
    }
    for stage in node.stages.iter().chain(&node.predicate) {
        if let Stage::Index(name) = stage {
            bound.insert(name.clone());
        }
    }
    match &node.kind {
        Kind::Bind { name, .. } => {
            bound.insert(name.clone());
        }
        Kind::Lambda { params, .. } => bound.extend(params.iter().cloned()),
        _ => {}
    }
    for child in children(node) {
        collect_bound(child, bound, depth + 1);
    }
}

/// The nodes directly inside `node`: operands, stages, group pairs.
fn children(node: &Node) -> Vec<&Node> {
    let mut out = operands(node);
    for stage in node.stages.iter().chain(&node.predicate) {
        if let Stage::Filter { expr, .. } = stage {
            out.push(expr);
        }
    }
    if let Some(group) = &node.group {
        out.extend(group.pairs.iter().flat_map(|(k, v)| [k, v]));
    }
    out
}

/// The operands of a node by its kind (steps of a path, sides of an
/// operator, arguments, …), without its stages and group.
fn operands(node: &Node) -> Vec<&Node> {
    let mut out: Vec<&Node> = Vec::new();
    match &node.kind {
        Kind::Path(steps) => out.extend(steps),
        Kind::Binary { lhs, rhs, .. } | Kind::Apply { lhs, rhs } => {
            out.push(lhs);
            out.push(rhs);
        }
        Kind::Bind { value, .. } => out.push(value),
        Kind::Sort(terms) => out.extend(terms.iter().map(|t| &t.expr)),
        Kind::Negate(inner) => out.push(inner),
        Kind::Array(items) | Kind::Block(items) => out.extend(items),
        Kind::Object(pairs) => out.extend(pairs.iter().flat_map(|(k, v)| [k, v])),
        Kind::Function { procedure, args } | Kind::Partial { procedure, args } => {
            out.push(procedure);
            out.extend(args);
        }
        Kind::Lambda { body, .. } => out.push(body),
        Kind::Condition { condition, then, otherwise } => {
            out.push(condition);
            out.push(then);
            out.extend(otherwise.as_deref());
        }
        Kind::Transform { pattern, update, delete } => {
            out.push(pattern);
            out.push(update);
            out.extend(delete.as_deref());
        }
        _ => {}
    }
    out
}

struct Walker {
    bound: HashSet<String>,
    refs: Refs,
}

impl Walker {
    /// `top`: the node is evaluated against the top-level context (the
    /// expression's input), not against a step, a predicate or a lambda's
    /// argument.
    fn node(&mut self, node: &Node, top: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match &node.kind {
            Kind::Path(steps) => self.path(node, steps, top, depth),
            Kind::Variable(name) => self.variable(name, node.start..node.end, top, false, Vec::new()),
            Kind::Function { procedure, args } | Kind::Partial { procedure, args } => {
                if let Kind::Variable(name) = &procedure.kind {
                    self.variable(name, procedure.start..procedure.end, top, true, Vec::new());
                } else {
                    self.node(procedure, top, depth + 1);
                }
                for arg in args {
                    self.node(arg, top, depth + 1);
                }
            }
            // The function side of `~>`, a lambda's body and a transform
            // are evaluated against other values.
            Kind::Apply { lhs, rhs } => {
                self.node(lhs, top, depth + 1);
                self.node(rhs, false, depth + 1);
            }
            Kind::Lambda { body, .. } => self.node(body, false, depth + 1),
            Kind::Transform { .. } => {
                for child in operands(node) {
                    self.node(child, false, depth + 1);
                }
            }
            _ => {
                for child in operands(node) {
                    self.node(child, top, depth + 1);
                }
            }
        }
        if !matches!(node.kind, Kind::Path(_)) {
            self.stages(node, depth);
        }
    }

    fn path(&mut self, node: &Node, steps: &[Node], top: bool, depth: usize) {
        for (i, step) in steps.iter().enumerate() {
            let first = i == 0;
            match &step.kind {
                Kind::Name(name) if first && top => {
                    self.refs.top_level_names.push((name.clone(), step.start..step.end));
                    self.stages(step, depth);
                }
                Kind::Variable(name) if first => {
                    let members = steps[1..]
                        .iter()
                        .map_while(|s| match &s.kind {
                            Kind::Name(member) => Some((member.clone(), s.start..s.end)),
                            _ => None,
                        })
                        .collect();
                    self.variable(name, step.start..step.end, top, false, members);
                    self.stages(step, depth);
                }
                _ => self.node(step, top && first, depth + 1),
            }
        }
        self.stages(node, depth);
    }

    /// Predicates and groups are evaluated against each selected value.
    fn stages(&mut self, node: &Node, depth: usize) {
        for stage in node.stages.iter().chain(&node.predicate) {
            if let Stage::Filter { expr, .. } = stage {
                self.node(expr, false, depth + 1);
            }
        }
        if let Some(group) = &node.group {
            for (key, value) in &group.pairs {
                self.node(key, false, depth + 1);
                self.node(value, false, depth + 1);
            }
        }
    }

    fn variable(
        &mut self,
        name: &str,
        range: Range<usize>,
        top: bool,
        call: bool,
        members: Vec<(String, Range<usize>)>,
    ) {
        match name {
            "" if top => self.refs.root_context.push(("$", range)),
            "$" => self.refs.root_context.push(("$$", range)),
            "" => {}
            _ if self.bound.contains(name) => {}
            _ => self.refs.variables.push(VariableRef { name: name.to_string(), range, call, members, guarded: false }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn of(src: &str) -> Refs {
        refs(&parse(src).unwrap_or_else(|e| panic!("{src}: {e:?}")))
    }

    fn names(src: &str) -> Vec<String> {
        of(src).variables.into_iter().map(|v| v.name).collect()
    }

    #[test]
    fn free_variables_leave_out_local_bindings() {
        assert_eq!(names("$states.input.a + $total"), ["states", "total"]);
        assert_eq!(names("($x := 1; $x + $y)"), ["y"]);
        assert_eq!(names("$map($items, function($v, $i) { $v * $i + $k })"), ["map", "items", "k"]);
        assert_eq!(names("$states.input.orders@$o.items#$pos[$pos > $limit]"), ["states", "limit"]);
    }

    #[test]
    fn members_after_a_variable() {
        let refs = of("$states.result.Payload.total");
        let members: Vec<&str> = refs.variables[0].members.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(members, ["result", "Payload", "total"]);
        assert_eq!(refs.variables[0].members[0].1, 8..14);
        assert!(of("$uuid()").variables[0].call);
    }

    #[test]
    fn tests_of_presence_guard_a_name() {
        let guarded =
            |src: &str| of(src).variables.iter().filter(|v| v.guarded).map(|v| v.name.clone()).collect::<Vec<_>>();
        assert_eq!(guarded("$exists($err) ? $err.Cause : 'none'"), ["exists", "err", "err"].map(String::from)[1..]);
        assert_eq!(guarded("$a ?? $b"), ["a"]);
        assert_eq!(of("x ?: 1").top_level_names.len(), 1);
        assert_eq!(guarded("$a.x ? 1 : $b"), ["a"]);
        assert_eq!(guarded("$a + $b"), Vec::<String>::new());
    }

    #[test]
    fn top_level_names_and_root_context() {
        assert_eq!(of("phone").top_level_names, [("phone".to_string(), 0..5)]);
        assert_eq!(of("$states.input.items[price > 1].name").top_level_names, []);
        assert_eq!(of("{'a': phone & 'x'}").top_level_names.len(), 1);
        assert_eq!(of("$map($states.input.xs, function($x) { name })").top_level_names, []);
        assert_eq!(of("$").root_context, [("$", 0..1)]);
        assert_eq!(of("$$.a").root_context, [("$$", 0..2)]);
        assert_eq!(of("$states.input.items[$ > 1]").root_context, []);
    }
}
