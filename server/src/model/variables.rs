//! Variables (`Assign`): where each is assigned, which scope sees which
//! names, and which are surely assigned when a state is entered (a
//! forward data-flow over the transitions of each scope).
//!
//! Rules (spec ASL.md §7): a state's `Assign` takes effect when it moves on
//! by `Next` (for a Choice, by `Default`); a choice rule's `Assign` when the
//! rule's `Next` is taken; a catcher's `Assign` when the catcher's `Next`
//! is taken (the state's own `Assign` then does not apply). A Parallel
//! branch or Map processor starts with what its state starts with and its
//! own assignments do not leave it; a distributed Map's processor sees no
//! outer variable.

use super::{Machine, Part, ScopeId, ScopeKind, StateId, StateKind, TransitionKind};
use crate::syntax::{Member, Value};
use foldhash::{HashMap, HashMapExt};

#[derive(Clone, Debug)]
pub struct Assignment<'t> {
    /// The variable name: the key, without the `.$` of a JSONPath state.
    pub name: &'t str,
    pub member: &'t Member,
    pub state: StateId,
    pub part: Part,
}

/// Every `Assign` entry of the machine, in document order per state.
pub fn assignments<'t>(machine: &Machine<'t>) -> Vec<Assignment<'t>> {
    let mut out = Vec::new();
    for (id, state) in machine.states.iter().enumerate() {
        let Some(object) = state.object else { continue };
        let jsonpath = state.query_language == super::QueryLanguage::JsonPath;
        let mut add = |assign: Option<&'t Value>, part: Part| {
            for member in assign.and_then(Value::as_object).map(|o| o.members.as_slice()).unwrap_or_default() {
                let name = if jsonpath { member.key.strip_suffix(".$").unwrap_or(&member.key) } else { &member.key };
                out.push(Assignment { name, member, state: id, part });
            }
        };
        let [assign, choices, catch] = object.get_each(["Assign", "Choices", "Catch"]);
        add(assign.map(|m| &m.value), Part::State);
        for (list, part) in [(choices, Part::Rule as fn(usize) -> Part), (catch, Part::Catcher)] {
            let items = list.and_then(|m| m.value.as_array()).unwrap_or_default();
            for (i, item) in items.iter().enumerate() {
                add(item.as_object().and_then(|o| o.value("Assign")), part(i));
            }
        }
    }
    out
}

/// Whether a scope is a distributed Map's processor (its iterations are
/// child executions that see no outer variable).
pub fn is_distributed_processor(machine: &Machine<'_>, scope: ScopeId) -> bool {
    matches!(machine.scopes[scope].kind, ScopeKind::Processor { .. })
        && machine.scopes[scope]
            .object
            .value("ProcessorConfig")
            .and_then(Value::as_object)
            .and_then(|c| c.value("Mode"))
            .and_then(Value::as_str)
            == Some("DISTRIBUTED")
}

/// The scope that contains a nested scope's state, unless the nested
/// scope cannot see it (a distributed Map's processor).
pub fn visible_parent(machine: &Machine<'_>, scope: ScopeId) -> Option<ScopeId> {
    let parent = match machine.scopes[scope].kind {
        ScopeKind::Root => return None,
        ScopeKind::Branch { parent, .. } | ScopeKind::Processor { parent } => parent,
    };
    (!is_distributed_processor(machine, scope)).then(|| machine.states[parent].scope)
}

/// The definite-assignment facts of a machine.
pub struct Flow {
    /// Variable names, indexed.
    pub names: Vec<String>,
    index: HashMap<String, usize>,
    words: usize,
    /// Per state: the names surely assigned when it is entered.
    entry: Vec<Vec<u64>>,
    /// Per scope: the names assigned in it or in the scopes it sees.
    visible: Vec<Vec<u64>>,
    /// Per scope: [`visible_parent`].
    parents: Vec<Option<ScopeId>>,
}

impl Flow {
    pub fn new(machine: &Machine<'_>, assignments: &[Assignment<'_>]) -> Flow {
        let mut names = Vec::new();
        let mut index = HashMap::new();
        for a in assignments {
            if !index.contains_key(a.name) {
                index.insert(a.name.to_string(), names.len());
                names.push(a.name.to_string());
            }
        }
        let words = names.len().div_ceil(64).max(1);
        let empty = vec![0u64; words];
        let parents = (0..machine.scopes.len()).map(|s| visible_parent(machine, s)).collect();
        let mut flow = Flow {
            names,
            index,
            words,
            entry: vec![empty.clone(); machine.states.len()],
            visible: Vec::new(),
            parents,
        };
        if flow.names.is_empty() {
            // No variables: nothing to solve (every question answers "not set").
            flow.visible = vec![empty; machine.scopes.len()];
            return flow;
        }
        // What each state's parts assign.
        let mut by_state: HashMap<(StateId, Part), Vec<u64>> = HashMap::new();
        let mut own: Vec<Vec<u64>> = vec![empty.clone(); machine.scopes.len()];
        for a in assignments {
            let bit = flow.index[a.name];
            set(by_state.entry((a.state, a.part)).or_insert_with(|| empty.clone()), bit);
            set(&mut own[machine.states[a.state].scope], bit);
        }
        // Parents come before their nested scopes in the scope list.
        for (scope, own) in own.into_iter().enumerate() {
            let mut visible = own;
            if let Some(parent) = flow.parents[scope] {
                union(&mut visible, &flow.visible[parent]);
            }
            flow.visible.push(visible);
            flow.solve(machine, scope, &by_state, &empty);
        }
        flow
    }

    fn solve(
        &mut self,
        machine: &Machine<'_>,
        scope_id: ScopeId,
        by_state: &HashMap<(StateId, Part), Vec<u64>>,
        empty: &[u64],
    ) {
        let scope = &machine.scopes[scope_id];
        let all = vec![u64::MAX; self.words];
        for &id in &scope.states {
            self.entry[id] = all.clone();
        }
        let Some(start) = scope.start_at().and_then(|m| m.value.as_str()).and_then(|n| scope.lookup(n)) else { return };
        let start_set = match (scope.kind, self.parents[scope_id]) {
            (ScopeKind::Branch { parent, .. } | ScopeKind::Processor { parent }, Some(_)) => self.entry[parent].clone(),
            _ => empty.to_vec(),
        };
        self.entry[start] = start_set;
        // Each state's ways out, with the part whose `Assign` they apply.
        let edges: Vec<Vec<(StateId, Part)>> = scope
            .states
            .iter()
            .map(|&id| {
                let state = &machine.states[id];
                state
                    .transitions()
                    .into_iter()
                    .filter_map(|t| {
                        let target = scope.lookup(t.target)?;
                        let part = match t.kind {
                            TransitionKind::Next => Part::State,
                            TransitionKind::Default if state.kind == Some(StateKind::Choice) => Part::State,
                            TransitionKind::Default => return None,
                            TransitionKind::ChoiceRule(i) => Part::Rule(i),
                            TransitionKind::Catch(i) => Part::Catcher(i),
                        };
                        Some((target, part))
                    })
                    .collect()
            })
            .collect();
        let mut work = vec![start];
        // Indexed by position in the scope.
        let mut queued = vec![false; scope.states.len()];
        queued[machine.states[start].index_in_scope] = true;
        while let Some(id) = work.pop() {
            queued[machine.states[id].index_in_scope] = false;
            for &(target, part) in &edges[machine.states[id].index_in_scope] {
                let mut out = self.entry[id].clone();
                union(&mut out, by_state.get(&(id, part)).map(Vec::as_slice).unwrap_or(empty));
                let mut next = self.entry[target].clone();
                intersect(&mut next, &out);
                if next != self.entry[target] {
                    self.entry[target] = next;
                    if !std::mem::replace(&mut queued[machine.states[target].index_in_scope], true) {
                        work.push(target);
                    }
                }
            }
        }
    }

    /// Whether `name` is surely assigned when `state` is entered; `None`
    /// when no `Assign` anywhere sets it.
    pub fn assigned_at_entry(&self, state: StateId, name: &str) -> Option<bool> {
        let bit = *self.index.get(name)?;
        Some(get(&self.entry[state], bit))
    }

    /// The scope whose variables `scope` sees besides its own.
    pub fn parent(&self, scope: ScopeId) -> Option<ScopeId> {
        self.parents[scope]
    }

    /// Whether some `Assign` in `scope` or in a scope it sees sets `name`.
    pub fn visible_in(&self, scope: ScopeId, name: &str) -> bool {
        self.index.get(name).is_some_and(|&bit| get(&self.visible[scope], bit))
    }
}

fn set(bits: &mut [u64], bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

fn get(bits: &[u64], bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

fn union(into: &mut [u64], other: &[u64]) {
    into.iter_mut().zip(other).for_each(|(a, b)| *a |= b);
}

fn intersect(into: &mut [u64], other: &[u64]) {
    into.iter_mut().zip(other).for_each(|(a, b)| *a &= b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lower;
    use crate::syntax::parse;

    /// For each named state, whether each name is surely set on entry.
    fn facts(text: &str, queries: &[(&str, &str)]) -> Vec<Option<bool>> {
        let parse = parse(text);
        let root = parse.root.expect("tree");
        let machine = lower(&root).expect("machine");
        let assignments = assignments(&machine);
        let flow = Flow::new(&machine, &assignments);
        queries
            .iter()
            .map(|(state, name)| {
                let id = machine.states.iter().position(|s| s.name == *state).expect("state");
                flow.assigned_at_entry(id, name)
            })
            .collect()
    }

    #[test]
    fn follows_next_choice_rules_default_and_catchers() {
        let text = r#"{"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "x", "Assign": {"ok": 1},
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err": 1}, "Next": "C"}], "Next": "B"},
            "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Assign": {"rule": 1}, "Next": "C"}],
                  "Assign": {"dflt": 1}, "Default": "C"},
            "C": {"Type": "Succeed"}}}"#;
        let got = facts(
            text,
            &[("B", "ok"), ("B", "err"), ("C", "ok"), ("C", "err"), ("C", "rule"), ("C", "dflt"), ("A", "zzz")],
        );
        assert_eq!(got, [Some(true), Some(false), Some(false), Some(false), Some(false), Some(false), None]);
    }

    #[test]
    fn loops_keep_what_every_way_in_sets_and_branches_start_with_their_state() {
        let text = r#"{"StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Assign": {"n": 0}, "Next": "Loop"},
            "Loop": {"Type": "Pass", "Assign": {"m": 1}, "Next": "P"},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "In", "States": {
                "In": {"Type": "Pass", "Assign": {"inner": 1}, "Next": "In2"},
                "In2": {"Type": "Succeed"}}}], "Next": "Loop"}}}"#;
        let got =
            facts(text, &[("Loop", "n"), ("Loop", "m"), ("In", "n"), ("In", "m"), ("In2", "inner"), ("P", "inner")]);
        assert_eq!(got, [Some(true), Some(false), Some(true), Some(true), Some(true), Some(false)]);
    }

    #[test]
    fn a_distributed_map_starts_with_nothing() {
        let text = r#"{"StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Assign": {"n": 0}, "Next": "M"},
            "M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "In",
                  "States": {"In": {"Type": "Succeed"}}}, "End": true}}}"#;
        assert_eq!(facts(text, &[("M", "n"), ("In", "n")]), [Some(true), Some(false)]);
    }
}
