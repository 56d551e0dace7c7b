//! Variables: names AWS refuses, reads of names no `Assign` sets or that
//! may not be set yet on some path, assignments to an outer scope's
//! names, outer names read in a distributed Map, and names never read.

use super::{Code, Cx, Diagnostic, Sink};
use crate::model::{assignments, Assignment, Flow, QueryLanguage, ScopeId};
use crate::text::TextRange;
use foldhash::{HashMap, HashMapExt, HashSet};

/// A read of a variable in an expression of `state`.
#[derive(Clone)]
pub(crate) struct Use {
    pub name: String,
    pub range: TextRange,
    pub state: usize,
    /// In JSONata, where an unset variable is undefined rather than an error.
    pub jsonata: bool,
    /// The expression tests whether it is set (`$exists($x)`).
    pub guarded: bool,
    /// The name of a JSONata function (`$count`): a read of the variable
    /// only if some `Assign` sets it.
    pub function: bool,
}

/// What reading an unset variable does, by language.
fn consequence(u: &Use) -> &'static str {
    if u.jsonata {
        "it is undefined there, and an expression that yields undefined fails the state (States.QueryEvaluationError)"
    } else {
        "the path then selects nothing and the state fails"
    }
}

/// Longest variable name AWS takes, in characters.
const MAX_NAME_CHARS: usize = 80;

pub(super) fn check(cx: &Cx<'_, '_>, sink: &mut Sink, uses: &[Use]) {
    let machine = cx.machine;
    let assignments = assignments(machine);
    for assignment in &assignments {
        check_name(cx, sink, assignment);
    }
    let flow = Flow::new(machine, &assignments);
    outer_assigned(cx, sink, &assignments, &flow);
    let mut read: HashMap<&str, HashSet<ScopeId>> = HashMap::new();
    for u in uses {
        if u.function && flow.assigned_at_entry(u.state, &u.name).is_none() {
            continue;
        }
        let scope = machine.states[u.state].scope;
        read.entry(u.name.as_str()).or_default().insert(scope);
        if u.guarded {
            continue;
        }
        if flow.visible_in(scope, &u.name) {
            if flow.assigned_at_entry(u.state, &u.name) == Some(false) {
                let message = format!(
                    "`${}` may not be assigned yet here: on some path to state `{}` no `Assign` sets it; {}",
                    u.name,
                    machine.states[u.state].name,
                    consequence(u)
                );
                sink.push(Diagnostic::new(Code::PossiblyUnassignedVariable, u.range, message));
            }
        } else if seen_past_distributed_map(cx, scope, &flow, &u.name) {
            let message = format!(
                "a distributed Map's iterations cannot read variables of the states around it, so `${}` is not set here: pass its value in through `ItemSelector`",
                u.name
            );
            sink.push(Diagnostic::new(Code::OuterVariableInDistributedMap, u.range, message));
        } else {
            let message = if assignments.iter().any(|a| a.name == u.name) {
                format!(
                    "`${}` is assigned only in other Parallel branches or Map processors, which this state cannot see; {}",
                    u.name,
                    consequence(u)
                )
            } else {
                format!("no `Assign` sets `${}`; {}", u.name, consequence(u))
            };
            sink.push(Diagnostic::new(Code::UnassignedVariable, u.range, message));
        }
    }
    unused(cx, sink, &assignments, &read, &flow);
}

fn check_name(cx: &Cx<'_, '_>, sink: &mut Sink, assignment: &Assignment<'_>) {
    let name = assignment.name;
    let state = &cx.machine.states[assignment.state];
    // A `.$` key in a JSONata state is reported as such (ASL813).
    if state.query_language == QueryLanguage::Jsonata && name.ends_with(".$") {
        return;
    }
    let range = assignment.member.key_range;
    let refused = if name == "states" {
        Some(
            "`states` is reserved for `$states` (input, result, errorOutput, context): choose another name".to_string(),
        )
    } else if name.is_empty() {
        Some("a variable needs a name".to_string())
    } else if name.contains(['.', '[']) {
        Some(format!("`{name}` assigns to a part of a variable, which `Assign` cannot do: assign the whole value under a plain name"))
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(format!("a variable name has at most {MAX_NAME_CHARS} characters; this one has {}", name.chars().count()))
    } else {
        None
    };
    if let Some(message) = refused {
        sink.push(Diagnostic::new(Code::InvalidVariableName, range, message).aws_at(Some(location(assignment, state))));
        return;
    }
    if !is_identifier(name) {
        let message = format!("`{name}` is not an identifier (a letter or `_`, then letters, digits and `_`): `${name}` cannot be read back in a path or a JSONata expression");
        sink.push(Diagnostic::new(Code::VariableNameCharacters, range, message));
    }
}

/// A letter or `_`, then letters, digits and `_`: what `$name` can read.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

fn location(assignment: &Assignment<'_>, state: &crate::model::State<'_>) -> String {
    let part = match assignment.part {
        crate::model::Part::State => String::new(),
        crate::model::Part::Catcher(i) => format!("/Catch[{i}]"),
        crate::model::Part::Rule(i) => format!("/Choices[{i}]"),
    };
    format!("{}{part}/Assign", state.pointer)
}

/// A branch or processor assigning a name that a scope around it assigns.
fn outer_assigned(cx: &Cx<'_, '_>, sink: &mut Sink, assignments: &[Assignment<'_>], flow: &Flow) {
    let machine = cx.machine;
    let mut first: HashMap<(&str, ScopeId), &Assignment<'_>> = HashMap::new();
    for assignment in assignments {
        first.entry((assignment.name, machine.states[assignment.state].scope)).or_insert(assignment);
    }
    for assignment in assignments {
        let mut scope = machine.states[assignment.state].scope;
        while let Some(parent) = flow.parent(scope) {
            scope = parent;
            if let Some(outer) = first.get(&(assignment.name, scope)) {
                let message = format!(
                    "`{}` is also assigned in an outer scope (state `{}`): AWS documents that a Parallel branch or Map processor can read outer variables but not assign them; use another name",
                    assignment.name, machine.states[outer.state].name
                );
                sink.push(Diagnostic::new(Code::OuterVariableAssigned, assignment.member.key_range, message));
                break;
            }
        }
    }
}

/// Whether `name` is assigned around the distributed Map that cuts `scope`
/// off from its outer scopes.
fn seen_past_distributed_map(cx: &Cx<'_, '_>, scope: ScopeId, flow: &Flow, name: &str) -> bool {
    let machine = cx.machine;
    let mut scope = scope;
    loop {
        let parent = match machine.scopes[scope].kind {
            crate::model::ScopeKind::Root => return false,
            crate::model::ScopeKind::Branch { parent, .. } | crate::model::ScopeKind::Processor { parent } => parent,
        };
        let outer = machine.states[parent].scope;
        if flow.parent(scope).is_none() {
            return flow.visible_in(outer, name);
        }
        scope = outer;
    }
}

/// Names assigned but read nowhere the assignment is visible.
fn unused(
    cx: &Cx<'_, '_>,
    sink: &mut Sink,
    assignments: &[Assignment<'_>],
    read: &HashMap<&str, HashSet<ScopeId>>,
    flow: &Flow,
) {
    let machine = cx.machine;
    // A read in scope `s` reads what `s` and the scopes it sees assign.
    let mut read_in: HashMap<&str, HashSet<ScopeId>> = HashMap::new();
    for (name, scopes) in read {
        let seen = read_in.entry(name).or_default();
        for &scope in scopes {
            let mut current = Some(scope);
            while let Some(s) = current {
                if !seen.insert(s) {
                    break;
                }
                current = flow.parent(s);
            }
        }
    }
    for assignment in assignments.iter().filter(|a| is_identifier(a.name) && a.name != "states") {
        let scope = machine.states[assignment.state].scope;
        let is_read = read_in.get(assignment.name).is_some_and(|scopes| scopes.contains(&scope));
        if !is_read {
            let message = format!("`{}` is assigned but never read", assignment.name);
            sink.push(Diagnostic::new(Code::UnusedVariable, assignment.member.key_range, message));
        }
    }
}
