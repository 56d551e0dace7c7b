//! Model layer: the state machine read from the JSON tree. States live in one
//! arena (`StateId`), grouped into scopes: the top level, each Parallel branch
//! and each Map processor. Every item borrows its syntax node, so every answer
//! can point back at exact text. Lowering never fails: missing or mistyped
//! parts are simply absent here and reported by the diagnostics.

mod expressions;
mod graph;
mod lower;
mod variables;

pub use expressions::{expressions, expressions_of, state_expressions, Expr, ExprKind, Part};
pub use graph::{reachable, Transition, TransitionKind};
pub use lower::lower;
pub use variables::{assignments, is_distributed_processor, visible_parent, Assignment, Flow};

// The state types are a language fact (data); the model names them too.
pub use crate::data::StateKind;
use crate::syntax::{Member, Object};
use crate::text::TextRange;
use foldhash::HashMap;

pub type StateId = usize;
pub type ScopeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryLanguage {
    JsonPath,
    Jsonata,
}

impl QueryLanguage {
    /// AWS treats any present value other than exactly `JSONPath` as JSONata.
    pub fn from_value(value: &str) -> Self {
        if value == "JSONPath" {
            QueryLanguage::JsonPath
        } else {
            QueryLanguage::Jsonata
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The top-level machine.
    Root,
    /// Element `index` of a Parallel state's `Branches`.
    Branch { parent: StateId, index: usize },
    /// A Map state's `ItemProcessor` (or legacy `Iterator`).
    Processor { parent: StateId },
}

/// One `{ "StartAt", "States" }` object.
#[derive(Debug)]
pub struct Scope<'t> {
    pub kind: ScopeKind,
    pub object: &'t Object,
    /// The AWS location of the object: `` for the root, `/States/P/Branches[0]`.
    pub pointer: String,
    /// The `States` member, when it is an object.
    pub states_object: Option<&'t Object>,
    pub states: Vec<StateId>,
    /// First state of each name in this scope.
    pub by_name: HashMap<&'t str, StateId>,
}

impl<'t> Scope<'t> {
    pub fn start_at(&self) -> Option<&'t Member> {
        self.object.get("StartAt")
    }

    pub fn lookup(&self, name: &str) -> Option<StateId> {
        self.by_name.get(name).copied()
    }
}

#[derive(Debug)]
pub struct State<'t> {
    pub name: &'t str,
    pub member: &'t Member,
    /// The state's object; `None` when the value is not an object.
    pub object: Option<&'t Object>,
    pub scope: ScopeId,
    /// Position in `scope.states`.
    pub index_in_scope: usize,
    /// `None` when `Type` is missing or unknown.
    pub kind: Option<StateKind>,
    /// The language its fields are checked against.
    pub query_language: QueryLanguage,
    /// AWS location, e.g. `/States/P/Branches[0]/States/A`.
    pub pointer: String,
    /// Scopes nested in this state (branches, processor).
    pub children: Vec<ScopeId>,
}

impl<'t> State<'t> {
    pub fn name_range(&self) -> TextRange {
        self.member.key_range
    }

    pub fn field(&self, name: &str) -> Option<&'t Member> {
        self.object.and_then(|o| o.get(name))
    }
}

#[derive(Debug)]
pub struct Machine<'t> {
    pub root: &'t Object,
    pub query_language: QueryLanguage,
    /// Scope 0 is the root.
    pub scopes: Vec<Scope<'t>>,
    pub states: Vec<State<'t>>,
}

impl<'t> Machine<'t> {
    /// Whether a scope is (inside) the processor of a distributed Map, whose
    /// iterations run as child workflows.
    pub fn in_distributed_map(&self, mut scope: ScopeId) -> bool {
        loop {
            let parent = match self.scopes[scope].kind {
                ScopeKind::Root => return false,
                ScopeKind::Branch { parent, .. } => parent,
                ScopeKind::Processor { parent } => {
                    let mode = self.scopes[scope]
                        .object
                        .value("ProcessorConfig")
                        .and_then(|c| c.as_object())
                        .and_then(|c| c.value("Mode"))
                        .and_then(|m| m.as_str());
                    if mode == Some("DISTRIBUTED") {
                        return true;
                    }
                    parent
                }
            };
            scope = self.states[parent].scope;
        }
    }

    /// AWS location of a field of an object at `pointer`: `/States/A/Next`.
    pub fn pointer_join(pointer: &str, field: &str) -> String {
        format!("{pointer}/{field}")
    }
}
