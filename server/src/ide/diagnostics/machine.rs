//! Machines: the top level, each Parallel branch and each Map processor —
//! their own fields, `StartAt`, `States` — then every state in them.

use super::fields::{check_members, location, Target};
use super::variables::Use;
use super::{expressions, jsonata, names, states, transitions, variables, Code, Cx, Diagnostic, Sink, StateMemo};
use crate::data::{BRANCH, PROCESSOR, TOP_LEVEL};
use crate::ide::edit::{insert_member, json_string, Fix};
use crate::model::{Scope, ScopeKind, StateId};
use crate::text::TextRange;

pub(super) fn check(cx: &Cx<'_, '_>, memo: Option<&mut StateMemo>, sink: &mut Sink) {
    for scope in &cx.machine.scopes {
        check_scope(cx, sink, scope);
    }
    names::check(cx, sink);
    transitions::check(cx, sink);
    let uses = match memo {
        Some(memo) => memo.check_states(cx, sink),
        None => {
            let (mut uses, mut cache) = (Vec::new(), jsonata::Cache::default());
            (0..cx.machine.states.len()).for_each(|id| check_state(cx, sink, id, &mut uses, &mut cache));
            uses
        }
    };
    variables::check(cx, sink, &uses);
}

/// One state's own checks and its expressions'; the variables they read go
/// to `uses`, for [`variables::check`] once every state is done.
pub(super) fn check_state<'t>(
    cx: &Cx<'_, 't>,
    sink: &mut Sink,
    id: StateId,
    uses: &mut Vec<Use>,
    cache: &mut jsonata::Cache<'t>,
) {
    states::check(cx, sink, id);
    expressions::check_state(cx, sink, id, uses, cache);
}

fn check_scope(cx: &Cx<'_, '_>, sink: &mut Sink, scope: &Scope<'_>) {
    let (table, what) = match scope.kind {
        ScopeKind::Root => (TOP_LEVEL, "the state machine".to_string()),
        ScopeKind::Branch { index, .. } => (BRANCH, format!("branch {index} of a Parallel state")),
        ScopeKind::Processor { .. } => {
            let field = scope.pointer.rsplit('/').next().unwrap_or("ItemProcessor");
            (PROCESSOR, format!("`{field}`"))
        }
    };
    let target =
        Target { object: scope.object, pointer: &scope.pointer, ql: cx.machine.query_language, table, what: &what };
    let mut missing = check_members(cx, sink, &target);
    // AWS lists them in this order.
    missing.sort_by_key(|name| *name != "States");
    if !missing.is_empty() {
        let anchor = TextRange::new(scope.object.open_brace.start, scope.object.open_brace.end);
        let names = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" and ");
        let message = format!("{what} needs {names}: `StartAt` names the first state, `States` holds the states");
        let aws = format!("These fields are required: [{}]", missing.join(", "));
        let mut diagnostic =
            Diagnostic::new(Code::MissingField, anchor, message).aws_with(Some(location(&scope.pointer)), aws);
        if missing == ["StartAt"] {
            let first = scope.states_object.and_then(|s| s.members.first()).map(|m| m.key.as_str());
            if let Some(first) = first {
                let edit = insert_member(cx.text, scope.object, "StartAt", &json_string(first));
                diagnostic = diagnostic.with_fix(Fix::unsafe_(format!("Start at `{first}`"), vec![edit]));
            }
        }
        sink.push(diagnostic);
    }
    if let (Some(states), Some(member)) = (scope.states_object, scope.object.get("States")) {
        if states.members.is_empty() {
            let message = "`States` is empty: add at least one state";
            sink.push(
                Diagnostic::new(Code::EmptyArray, member.value.range, message)
                    .aws_at(Some(format!("{}/States", scope.pointer))),
            );
        }
    }
    if let Some(version) = scope.object.get("Version").and_then(|m| m.value.as_str().map(|s| (m, s))) {
        let (member, value) = version;
        if value != "1.0" {
            let message = format!("`Version` \"{value}\" is not a known language version: use \"1.0\" or leave it out");
            sink.push(Diagnostic::new(Code::InvalidVersion, member.value.range, message));
        }
    }
}
