//! The expression string under the cursor, for completion, hover and
//! navigation inside strings: which expression, and where the cursor is in
//! its decoded text. Found along the path from the root to the cursor, so
//! a request costs what that path costs; the whole machine is lowered only
//! for what needs it (the variables a state sees).

use crate::model::{expressions_of, lower, Expr, Machine, QueryLanguage, State, StateId, StateKind};
use crate::syntax::{decoded_offset, locate, Member, Spot, Step, Value, ValueKind};

pub(crate) struct ExprAt<'t> {
    pub root: &'t Value,
    /// The expression; its `state` id is meaningless here (see [`ExprAt::machine`]).
    pub expr: Expr<'t>,
    /// The member of the state the expression is in.
    pub state_member: &'t Member,
    /// The cursor as a byte offset in the decoded string.
    pub cursor: usize,
}

impl<'t> ExprAt<'t> {
    /// The machine, and the id of the expression's state in it.
    pub fn machine(&self) -> Option<(Machine<'t>, StateId)> {
        let machine = lower(self.root)?;
        let id = machine.states.iter().position(|s| std::ptr::eq(s.member, self.state_member))?;
        Some((machine, id))
    }
}

/// The expression whose string contains `offset` (after its opening quote).
pub(crate) fn expr_at<'t>(text: &str, root: &'t Value, offset: u32) -> Option<ExprAt<'t>> {
    let located = locate(text, root, offset);
    let Spot::Value { value } = located.spot else { return None };
    if !matches!(value.kind, ValueKind::String(_)) {
        return None;
    }
    let (member, query_language) = innermost_state(root, &located.steps)?;
    let object = member.value.as_object();
    let kind = object.and_then(|o| o.value("Type")).and_then(Value::as_str).and_then(StateKind::from_name);
    let state = State {
        name: &member.key,
        member,
        object,
        scope: 0,
        index_in_scope: 0,
        kind,
        query_language,
        pointer: String::new(),
        children: Vec::new(),
    };
    let mut list = Vec::new();
    expressions_of(&state, 0, &mut list);
    let expr = list.into_iter().find(|e| std::ptr::eq(e.value, value))?;
    let cursor = decoded_offset(text, expr.value.range, offset).min(expr.text.len());
    Some(ExprAt { root, expr, state_member: member, cursor })
}

/// The state member deepest on the path, and its query language: a member
/// of a `States` object of the root, of a Parallel branch or of a Map
/// processor.
fn innermost_state<'t>(root: &'t Value, steps: &[Step<'t>]) -> Option<(&'t Member, QueryLanguage)> {
    /// What the value a step enters is.
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        Machine,
        States,
        State,
        Branches,
        Other,
    }
    let language = |value: Option<&Value>| value.and_then(Value::as_str).map(QueryLanguage::from_value);
    let top = language(root.as_object().and_then(|o| o.value("QueryLanguage"))).unwrap_or(QueryLanguage::JsonPath);
    let mut found = None;
    let mut at = At::Machine;
    for step in steps {
        at = match (at, step) {
            (At::Machine, Step::Member(m)) if m.key == "States" => At::States,
            (At::States, Step::Member(m)) => {
                let own = language(m.value.as_object().and_then(|o| o.value("QueryLanguage")));
                found = Some((*m, own.unwrap_or(top)));
                At::State
            }
            (At::State, Step::Member(m)) if m.key == "Branches" => At::Branches,
            (At::State, Step::Member(m)) if matches!(m.key.as_str(), "ItemProcessor" | "Iterator") => At::Machine,
            (At::Branches, Step::Element(..)) => At::Machine,
            _ => At::Other,
        };
    }
    found
}

/// The word of a path or variable around `cursor`: `$`, `.`, letters,
/// digits and `_`. Returns the start of the word and the part before the
/// cursor.
pub(crate) fn word_before(text: &str, cursor: usize) -> (usize, &str) {
    let before = &text[..cursor.min(text.len())];
    let start =
        before.char_indices().rev().take_while(|(_, c)| is_word_char(*c)).last().map_or(before.len(), |(i, _)| i);
    (start, &before[start..])
}

/// The end of the word that starts before `cursor`.
pub(crate) fn word_end(text: &str, cursor: usize) -> usize {
    let after = &text[cursor.min(text.len())..];
    cursor + after.char_indices().find(|(_, c)| !is_word_char(*c)).map_or(after.len(), |(i, _)| i)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '$' | '_' | '.')
}
