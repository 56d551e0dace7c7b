//! Syntax tree → [`Machine`].

use super::{Machine, QueryLanguage, Scope, ScopeId, ScopeKind, State, StateKind};
use crate::syntax::{Object, Value};
use foldhash::{HashMap, HashMapExt};

/// Reads the machine from the top-level value; `None` when it is not an object.
pub fn lower(root: &Value) -> Option<Machine<'_>> {
    let root = root.as_object()?;
    let query_language = root
        .value("QueryLanguage")
        .and_then(Value::as_str)
        .map(QueryLanguage::from_value)
        .unwrap_or(QueryLanguage::JsonPath);
    let mut machine = Machine { root, query_language, scopes: Vec::new(), states: Vec::new() };
    add_scope(&mut machine, root, ScopeKind::Root, String::new());
    Some(machine)
}

fn add_scope<'t>(machine: &mut Machine<'t>, object: &'t Object, kind: ScopeKind, pointer: String) -> ScopeId {
    let scope_id = machine.scopes.len();
    let states_object = object.value("States").and_then(Value::as_object);
    machine.scopes.push(Scope { kind, object, pointer, states_object, states: Vec::new(), by_name: HashMap::new() });
    let Some(states) = states_object else { return scope_id };
    machine.scopes[scope_id].states.reserve(states.members.len());
    machine.scopes[scope_id].by_name.reserve(states.members.len());
    for member in &states.members {
        let state_object = member.value.as_object();
        let kind = state_object.and_then(|o| o.value("Type")).and_then(Value::as_str).and_then(StateKind::from_name);
        let own_language = state_object.and_then(|o| o.value("QueryLanguage")).and_then(Value::as_str);
        let pointer = format!("{}/States/{}", machine.scopes[scope_id].pointer, member.key);
        let id = machine.states.len();
        machine.states.push(State {
            name: &member.key,
            member,
            object: state_object,
            scope: scope_id,
            index_in_scope: machine.scopes[scope_id].states.len(),
            kind,
            query_language: own_language.map(QueryLanguage::from_value).unwrap_or(machine.query_language),
            pointer,
            children: Vec::new(),
        });
        let scope = &mut machine.scopes[scope_id];
        scope.states.push(id);
        scope.by_name.entry(&member.key).or_insert(id);
        add_children(machine, id);
    }
    scope_id
}

/// Branches and processors nested in a Parallel or Map state.
fn add_children(machine: &mut Machine<'_>, id: usize) {
    let state = &machine.states[id];
    let (Some(object), Some(kind @ (StateKind::Parallel | StateKind::Map))) = (state.object, state.kind) else {
        return;
    };
    let pointer = state.pointer.clone();
    let mut children = Vec::new();
    match kind {
        StateKind::Parallel => {
            let branches = object.value("Branches").and_then(Value::as_array).unwrap_or_default();
            for (index, branch) in branches.iter().enumerate() {
                if let Some(branch) = branch.as_object() {
                    let kind = ScopeKind::Branch { parent: id, index };
                    children.push(add_scope(machine, branch, kind, format!("{pointer}/Branches[{index}]")));
                }
            }
        }
        StateKind::Map => {
            for field in ["ItemProcessor", "Iterator"] {
                if let Some(processor) = object.value(field).and_then(Value::as_object) {
                    let kind = ScopeKind::Processor { parent: id };
                    children.push(add_scope(machine, processor, kind, format!("{pointer}/{field}")));
                }
            }
        }
        _ => {}
    }
    machine.states[id].children = children;
}
