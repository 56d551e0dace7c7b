//! The graph: transition targets (`StartAt`, `Next`, `Default`, choice-rule
//! and catcher `Next`), `Next` vs `End`, terminal states, reachability.

use super::fields::has_placeholder;
use super::suggest::{closest, did_you_mean};
use super::{Code, Cx, Diagnostic, Sink};
use crate::ide::edit::{insert_member, json_string, remove_member, Fix, TextEdit};
use crate::model::{reachable, Machine, Scope, ScopeId, ScopeKind, State, StateKind};
use crate::text::TextRange;

pub(super) fn check(cx: &Cx<'_, '_>, sink: &mut Sink) {
    let machine = cx.machine;
    for (scope_id, scope) in machine.scopes.iter().enumerate() {
        let start_ok = check_start_at(cx, scope, scope_id, sink);
        let mut targets_ok = true;
        for &id in &scope.states {
            let state = &machine.states[id];
            targets_ok &= check_targets(cx, state, sink);
            check_next_or_end(cx, state, sink);
        }
        let has_terminal = check_terminal(machine, scope, sink);
        if start_ok && targets_ok && has_terminal {
            check_reachable(machine, scope, scope_id, sink);
        }
    }
}

/// Fixes for a reference to a missing state: the closest name, and a new
/// state of that name at the end of the scope's `States`.
fn target_fixes(cx: &Cx<'_, '_>, scope: &Scope<'_>, range: TextRange, name: &str) -> Vec<Fix> {
    let machine = cx.machine;
    let mut fixes = Vec::new();
    let suggestion = closest(name, scope.states.iter().map(|&id| machine.states[id].name));
    if let Some(suggestion) = suggestion {
        let edit = TextEdit::replace(range, json_string(suggestion));
        fixes.push(Fix::safe(format!("Change to `{suggestion}`"), vec![edit]));
    }
    // A new state, unless the one it was likely meant for would then be
    // reached from nowhere (an error of its own).
    let orphans = suggestion.is_some_and(|s| !referenced_elsewhere(scope, machine, s, range));
    if let (Some(states), false) = (scope.states_object, orphans) {
        let edit = insert_member(cx.text, states, name, "{\n  \"Type\": \"Pass\",\n  \"End\": true\n}");
        fixes.push(Fix::unsafe_(format!("Add a state named `{name}`"), vec![edit]));
    }
    fixes
}

/// Whether `name` is the target of `StartAt` or of a transition other than
/// the one at `except`.
fn referenced_elsewhere(scope: &Scope<'_>, machine: &Machine<'_>, name: &str, except: TextRange) -> bool {
    let start = scope.start_at().is_some_and(|m| m.value.as_str() == Some(name) && m.value.range != except);
    start
        || scope
            .states
            .iter()
            .any(|&id| machine.states[id].transitions().iter().any(|t| t.target == name && t.range != except))
}

/// Whether `StartAt` names a state of the scope (false also when unknown).
fn check_start_at(cx: &Cx<'_, '_>, scope: &Scope<'_>, scope_id: ScopeId, sink: &mut Sink) -> bool {
    let machine = cx.machine;
    let Some(member) = scope.start_at() else { return false };
    let Some(name) = member.value.as_str() else { return false };
    if scope.lookup(name).is_some() {
        return true;
    }
    if !has_placeholder(name) && scope.states_object.is_some() {
        let pointer = format!("{}/StartAt", scope.pointer);
        let message = missing_target_message(machine, scope, scope_id, name, "`StartAt`");
        let code = if outside_scope(machine, scope_id, name).is_some() {
            Code::TargetOutsideScope
        } else {
            Code::UnknownTarget
        };
        let mut diagnostic = Diagnostic::new(code, member.value.range, message)
            .aws_with(Some(pointer), format!("Missing 'StartAt' target: {name}"));
        diagnostic.fixes = target_fixes(cx, scope, member.value.range, name);
        sink.push(diagnostic);
    }
    false
}

/// Reports unknown targets; false when a target is unknown or unresolvable.
fn check_targets(cx: &Cx<'_, '_>, state: &State<'_>, sink: &mut Sink) -> bool {
    let machine = cx.machine;
    let scope = &machine.scopes[state.scope];
    let mut ok = true;
    for transition in state.transitions() {
        if scope.lookup(transition.target).is_some() {
            continue;
        }
        ok = false;
        if has_placeholder(transition.target) {
            continue;
        }
        let what = match transition.kind {
            crate::model::TransitionKind::Next => "`Next`",
            crate::model::TransitionKind::Default => "`Default`",
            crate::model::TransitionKind::ChoiceRule(_) => "this choice rule's `Next`",
            crate::model::TransitionKind::Catch(_) => "this catcher's `Next`",
        };
        let message = missing_target_message(machine, scope, state.scope, transition.target, what);
        let code = if outside_scope(machine, state.scope, transition.target).is_some() {
            Code::TargetOutsideScope
        } else {
            Code::UnknownTarget
        };
        let location = format!("{}/{}", state.pointer, transition.location_suffix());
        let mut diagnostic = Diagnostic::new(code, transition.range, message)
            .aws_with(Some(location), format!("Missing 'Next' target: {}", transition.target));
        if code == Code::UnknownTarget {
            diagnostic.fixes = target_fixes(cx, scope, transition.range, transition.target);
        }
        sink.push(diagnostic);
    }
    ok
}

fn missing_target_message(
    machine: &Machine<'_>,
    scope: &Scope<'_>,
    scope_id: ScopeId,
    name: &str,
    what: &str,
) -> String {
    if let Some(other) = outside_scope(machine, scope_id, name) {
        return format!(
            "{what} names `{name}`, a state of {}; transitions cannot leave or enter a Parallel branch or Map processor: end the branch with `\"End\": true` and continue from the enclosing state's `Next`",
            scope_description(machine, other)
        );
    }
    let names = scope.states.iter().map(|&id| machine.states[id].name);
    let hint = did_you_mean(name, names);
    format!("{what} names `{name}`, but there is no such state in {}{hint}", scope_description(machine, scope_id))
}

/// The scope that holds a state named `name`, when it is not `scope_id`.
fn outside_scope(machine: &Machine<'_>, scope_id: ScopeId, name: &str) -> Option<ScopeId> {
    machine.scopes.iter().enumerate().find(|(id, s)| *id != scope_id && s.lookup(name).is_some()).map(|(id, _)| id)
}

fn scope_description(machine: &Machine<'_>, scope_id: ScopeId) -> String {
    match machine.scopes[scope_id].kind {
        ScopeKind::Root => "the top-level `States`".to_string(),
        ScopeKind::Branch { parent, index } => format!("branch {index} of `{}`", machine.states[parent].name),
        ScopeKind::Processor { parent } => format!("the item processor of `{}`", machine.states[parent].name),
    }
}

fn check_next_or_end(cx: &Cx<'_, '_>, state: &State<'_>, sink: &mut Sink) {
    let Some(kind) = state.kind else { return };
    let Some(object) = state.object else { return };
    if !kind.has_transition() {
        return;
    }
    let next = state.field("Next");
    let end = state.field("End");
    let end_true = end.is_some_and(|m| m.value.as_bool() == Some(true));
    // A broken or mistyped `End` is reported where it is.
    if end.is_some_and(|m| m.value.as_bool().is_none()) {
        return;
    }
    match (next, end) {
        (Some(_), Some(end)) if end_true => {
            let message = "a state has either `Next` or `\"End\": true`, not both: remove one";
            let mut diagnostic = Diagnostic::new(Code::NextAndEnd, end.key_range, message)
                .aws_with(Some(state.pointer.clone()), "These fields cannot be used together: [Next, End]");
            // Removing `Next` would leave its state reached from nowhere, unless something else leads there.
            let scope = &cx.machine.scopes[state.scope];
            let orphans =
                next.and_then(|m| m.value.as_str().map(|t| (t, m.value.range))).is_some_and(|(target, range)| {
                    scope.by_name.contains_key(target) && !referenced_elsewhere(scope, cx.machine, target, range)
                });
            for (field, member) in [("End", Some(end)), ("Next", next.filter(|_| !orphans))] {
                let index = member.and_then(|m| object.members.iter().position(|o| std::ptr::eq(o, m)));
                if let Some(edit) = index.and_then(|i| remove_member(cx.text, object, i)) {
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(format!("Remove `{field}`"), vec![edit]));
                }
            }
            sink.push(diagnostic);
        }
        (None, _) if !end_true => {
            let (range, message) = match end {
                Some(end) if end.value.as_bool() == Some(false) => (
                    end.range(),
                    format!("`\"End\": false` does not end a {} state: give it a `Next` state or set `\"End\": true`", kind.name()),
                ),
                _ => (
                    state.name_range(),
                    format!("this {} state has neither `Next` nor `\"End\": true`: add `Next` with the state to run after it, or `\"End\": true`", kind.name()),
                ),
            };
            let aws = "These fields are required: [Next]".to_string();
            let edit = match end {
                Some(end) => TextEdit::replace(end.value.range, "true"),
                None => insert_member(cx.text, object, "End", "true"),
            };
            let diagnostic = Diagnostic::new(Code::MissingNextOrEnd, range, message)
                .aws_with(Some(state.pointer.clone()), aws)
                .with_fix(Fix::unsafe_("Add `\"End\": true`", vec![edit]));
            sink.push(diagnostic);
        }
        _ => {}
    }
}

fn is_terminal(state: &State<'_>) -> bool {
    matches!(state.kind, Some(StateKind::Succeed | StateKind::Fail))
        || state.field("End").is_some_and(|m| m.value.as_bool() == Some(true))
}

/// Reports a scope without a terminal state; returns whether it has one.
fn check_terminal(machine: &Machine<'_>, scope: &Scope<'_>, sink: &mut Sink) -> bool {
    let Some(states_member) = scope.object.get("States") else { return false };
    if scope.states.is_empty() {
        return false;
    }
    if scope.states.iter().any(|&id| is_terminal(&machine.states[id])) {
        return true;
    }
    // A state of unknown type, or with a broken `End`, may be meant as the
    // terminal one.
    let unclear =
        |state: &State<'_>| state.kind.is_none() || state.field("End").is_some_and(|m| m.value.as_bool().is_none());
    if scope.states.iter().any(|&id| unclear(&machine.states[id])) {
        return false;
    }
    let where_ = match scope.kind {
        ScopeKind::Root => "this state machine",
        ScopeKind::Branch { .. } => "this Parallel branch",
        ScopeKind::Processor { .. } => "this Map processor",
    };
    let message = format!(
        "{where_} has no terminal state, so it could never finish: add a Succeed or Fail state, or `\"End\": true` on its last state"
    );
    let range = TextRange::new(states_member.key_range.start, states_member.key_range.end);
    sink.push(Diagnostic::new(Code::NoTerminalState, range, message).aws_with(None, "Workflow has no terminal state"));
    false
}

fn check_reachable(machine: &Machine<'_>, scope: &Scope<'_>, scope_id: ScopeId, sink: &mut Sink) {
    let seen = reachable(machine, scope_id);
    for (&id, reached) in scope.states.iter().zip(seen) {
        if reached {
            continue;
        }
        let state = &machine.states[id];
        // A repeated name is reported as a duplicate, not as unreachable.
        if scope.lookup(state.name) != Some(id) {
            continue;
        }
        let message = format!(
            "`{}` is never reached: no `StartAt`, `Next`, `Default`, choice rule or catcher leads to it; link it or remove it",
            state.name
        );
        sink.push(
            Diagnostic::new(Code::UnreachableState, state.name_range(), message)
                .aws_with(Some(state.pointer.clone()), format!("State \"{}\" is not reachable.", state.name)),
        );
    }
}
