//! The state machine as a picture: states as nodes by type, transitions as
//! edges (choice rules labelled, catchers dashed), Parallel branches and Map
//! processors as nested clusters. Built from the model, laid out by
//! [`layout`] (layered, no external tool), written as SVG, DOT or Mermaid.

mod dot;
mod layout;
mod mermaid;
mod svg;

pub use dot::dot;
pub use layout::{layout, Layout};
pub use mermaid::mermaid;
pub use svg::svg;

use crate::model::{Machine, ScopeId, StateId, StateKind, TransitionKind};
use crate::text::TextRange;
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    /// The top-level machine.
    pub root: Cluster,
}

/// One machine: the root, a Parallel branch or a Map processor.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Index in `nodes` of the `StartAt` state.
    pub start: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub id: StateId,
    pub name: String,
    pub kind: Option<StateKind>,
    /// The state's name in the text (for jumping to it).
    pub range: TextRange,
    /// Ends the machine: Succeed, Fail or `"End": true`.
    pub terminal: bool,
    /// Branches of a Parallel, the processor of a Map.
    pub children: Vec<Cluster>,
    /// The last run went through it.
    pub visited: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    Next,
    Default,
    Rule,
    Catch,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Indexes in the cluster's `nodes`.
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub label: Option<String>,
    /// The last run took it.
    pub taken: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Dot,
    Mermaid,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "svg" => Some(Format::Svg),
            "dot" => Some(Format::Dot),
            "mermaid" => Some(Format::Mermaid),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
        }
    }
}

/// The picture of the definition `text`, `None` when it is not a JSON
/// object. SVG nodes carry 0-based line and UTF-16 character of their name
/// (what editors count), so a viewer can jump to the state.
pub fn render(text: &str, format: Format, path: &[Visit]) -> Option<String> {
    render_in(text, crate::syntax::Language::Json, format, path)
}

/// [`render`] of a definition written in `language`.
pub fn render_in(text: &str, language: crate::syntax::Language, format: Format, path: &[Visit]) -> Option<String> {
    let parse = language.parse(text);
    let machine = crate::model::lower(parse.root.as_ref()?)?;
    let index = crate::text::LineIndex::new(text);
    let position = |offset| {
        let at = index.utf16(text, offset);
        (at.line, at.col)
    };
    Some(draw(&machine, format, path, &position))
}

/// The picture of a machine already lowered (the language server's analysis
/// has one per version), with the caller's `position(offset) -> (line,
/// character)` for the SVG's node positions (the server counts as its client).
pub fn draw(machine: &Machine<'_>, format: Format, path: &[Visit], position: &dyn Fn(u32) -> (u32, u32)) -> String {
    let graph = graph(machine, path);
    match format {
        Format::Svg => svg(&graph, &layout(&graph), position),
        Format::Dot => dot(&graph),
        Format::Mermaid => mermaid(&graph),
    }
}

/// A state a run went through: its nesting depth (0 at the top level) and
/// the range of its name, which tells states of the same name apart.
pub type Visit = (usize, TextRange);

/// The states an evaluator run went through, in order.
pub fn path_of(outcome: &crate::run::Outcome) -> Vec<Visit> {
    outcome.states.iter().map(|s| (s.depth, s.name_range)).collect()
}

/// The transitions a path took: consecutive visits at the same depth, with
/// nothing shallower between them (a branch's states don't break the step
/// from its Parallel to the next state).
fn steps(path: &[Visit]) -> HashSet<(u32, u32)> {
    let mut last: Vec<Option<u32>> = Vec::new();
    let mut steps = HashSet::new();
    for &(depth, range) in path {
        last.resize(depth + 1, None);
        if let Some(Some(previous)) = last.get(depth) {
            steps.insert((*previous, range.start));
        }
        last[depth] = Some(range.start);
    }
    steps
}

/// The graph of a machine, coloured with the `path` of a run.
pub fn graph(machine: &Machine<'_>, path: &[Visit]) -> Graph {
    let visited: HashSet<u32> = path.iter().map(|(_, range)| range.start).collect();
    let steps = steps(path);
    let root = if machine.scopes.is_empty() {
        Cluster { title: String::new(), nodes: Vec::new(), edges: Vec::new(), start: None }
    } else {
        cluster(machine, 0, "State machine".into(), &visited, &steps)
    };
    Graph { root }
}

fn cluster(
    machine: &Machine<'_>,
    scope_id: ScopeId,
    title: String,
    visited: &HashSet<u32>,
    steps: &HashSet<(u32, u32)>,
) -> Cluster {
    let scope = &machine.scopes[scope_id];
    let index_of = |name: &str| scope.lookup(name).and_then(|id| scope.states.iter().position(|s| *s == id));
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for (i, &id) in scope.states.iter().enumerate() {
        let state = &machine.states[id];
        let children = state
            .children
            .iter()
            .enumerate()
            .map(|(n, &child)| {
                let title = match state.kind {
                    Some(StateKind::Parallel) => format!("Branch {}", n + 1),
                    _ => "Iterations".to_string(),
                };
                cluster(machine, child, title, visited, steps)
            })
            .collect();
        let end = state.object.and_then(|o| o.value("End")).and_then(|v| v.as_bool()) == Some(true);
        nodes.push(Node {
            id,
            name: state.name.to_string(),
            kind: state.kind,
            range: state.name_range(),
            terminal: end || matches!(state.kind, Some(StateKind::Succeed | StateKind::Fail)),
            children,
            visited: visited.contains(&state.name_range().start),
        });
        let rules = state.object.and_then(|o| o.value("Choices")).and_then(|v| v.as_array()).unwrap_or_default();
        for transition in state.transitions() {
            let Some(to) = index_of(transition.target) else { continue };
            let (kind, label) = match transition.kind {
                TransitionKind::Next => (EdgeKind::Next, None),
                TransitionKind::Default => (EdgeKind::Default, Some("Default".to_string())),
                TransitionKind::ChoiceRule(r) => (EdgeKind::Rule, Some(rule_label(rules.get(r), r))),
                TransitionKind::Catch(c) => {
                    let errors = state
                        .object
                        .and_then(|o| o.value("Catch"))
                        .and_then(|v| v.as_array())
                        .and_then(|a| a.get(c))
                        .and_then(|c| c.as_object())
                        .and_then(|c| c.value("ErrorEquals"))
                        .and_then(|v| v.as_array())
                        .map(|names| names.iter().filter_map(|n| n.as_str()).collect::<Vec<_>>().join(", "))
                        .unwrap_or_default();
                    (EdgeKind::Catch, Some(errors))
                }
            };
            let target = machine.states[scope.states[to]].name_range().start;
            let taken = steps.contains(&(state.name_range().start, target));
            edges.push(Edge { from: i, to, kind, label, taken });
        }
    }
    let start = scope.start_at().and_then(|m| m.value.as_str()).and_then(index_of);
    Cluster { title, nodes, edges, start }
}

/// A short label for a choice rule: `$.x == "a"`, `all of 3`, or `rule 2`.
fn rule_label(rule: Option<&crate::syntax::Value>, index: usize) -> String {
    rule.and_then(condition_label).map_or_else(|| format!("rule {}", index + 1), |label| shorten(&label))
}

fn condition_label(rule: &crate::syntax::Value) -> Option<String> {
    use crate::syntax::ValueKind;
    let rule = rule.as_object()?;
    if let Some(condition) = rule.value("Condition").and_then(|v| v.as_str()) {
        return Some(condition.trim_start_matches("{%").trim_end_matches("%}").trim().to_string());
    }
    if let Some(all) = rule.value("And").and_then(|v| v.as_array()) {
        return Some(format!("all of {}", all.len()));
    }
    if let Some(any) = rule.value("Or").and_then(|v| v.as_array()) {
        return Some(format!("any of {}", any.len()));
    }
    if let Some(inner) = rule.value("Not") {
        return Some(format!("not ({})", condition_label(inner).unwrap_or_else(|| "…".into())));
    }
    let variable = rule.value("Variable").and_then(|v| v.as_str())?;
    let op = rule
        .members
        .iter()
        .find(|m| !matches!(m.key.as_str(), "Variable" | "Next" | "Assign" | "Comment" | "Output"))?;
    let value = match &op.value.kind {
        ValueKind::String(s) => format!("\"{s}\""),
        ValueKind::Number(n) => crate::syntax::number_text(n.value),
        ValueKind::Bool(b) => b.to_string(),
        _ => "…".into(),
    };
    Some(match (op.key.as_str(), value.as_str()) {
        ("IsPresent", "true") => format!("{variable} is present"),
        ("IsPresent", "false") => format!("{variable} is absent"),
        ("IsNull", "true") => format!("{variable} is null"),
        (key, "true") if key.starts_with("Is") => format!("{variable} {}", key.to_lowercase().replacen("is", "is ", 1)),
        (key, _) => format!("{variable} {} {value}", operator_symbol(key)),
    })
}

fn operator_symbol(op: &str) -> &str {
    let base = op.strip_suffix("Path").unwrap_or(op);
    match () {
        _ if base.ends_with("GreaterThanEquals") => "≥",
        _ if base.ends_with("LessThanEquals") => "≤",
        _ if base.ends_with("GreaterThan") => ">",
        _ if base.ends_with("LessThan") => "<",
        _ if base.ends_with("Equals") => "==",
        _ if base == "StringMatches" => "matches",
        _ => op,
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= 32 {
        return text.to_string();
    }
    let cut: String = text.chars().take(31).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests;
