//! The outline: states in their scopes, branches and processors nested in
//! their Parallel and Map states.

use crate::model::{Machine, ScopeId, ScopeKind, StateKind};
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    State(Option<StateKind>),
    Branch,
    Processor,
    /// A state machine in a template.
    Machine,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// The state's type (and query language when JSONata).
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole member: key through value.
    pub range: TextRange,
    /// The name's key.
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

pub fn symbols(machine: &Machine<'_>) -> Vec<Symbol> {
    if machine.scopes.is_empty() {
        return Vec::new();
    }
    scope_symbols(machine, 0)
}

fn scope_symbols(machine: &Machine<'_>, scope: ScopeId) -> Vec<Symbol> {
    machine.scopes[scope]
        .states
        .iter()
        .map(|&id| {
            let state = &machine.states[id];
            let detail = state.kind.map(|k| match state.query_language {
                crate::model::QueryLanguage::Jsonata => format!("{} (JSONata)", k.name()),
                crate::model::QueryLanguage::JsonPath => k.name().to_string(),
            });
            let children = state
                .children
                .iter()
                .map(|&child| {
                    let child_scope = &machine.scopes[child];
                    let (name, kind) = match child_scope.kind {
                        ScopeKind::Branch { index, .. } => (format!("Branch {}", index + 1), SymbolKind::Branch),
                        _ => (
                            child_scope.pointer.rsplit('/').next().unwrap_or("ItemProcessor").to_string(),
                            SymbolKind::Processor,
                        ),
                    };
                    let range = child_scope.object.range;
                    Symbol {
                        name,
                        detail: None,
                        kind,
                        range,
                        selection_range: TextRange::new(range.start, (range.start + 1).min(range.end)),
                        children: scope_symbols(machine, child),
                    }
                })
                .collect();
            Symbol {
                name: state.name.to_string(),
                detail,
                kind: SymbolKind::State(state.kind),
                range: state.member.range(),
                selection_range: state.name_range(),
                children,
            }
        })
        .collect()
}
