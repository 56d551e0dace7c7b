//! The expression string under the cursor, for completion, hover and
//! navigation inside strings: which expression (by the model's list), and
//! where the cursor is in its decoded text.

use crate::model::{lower, state_expressions, Expr, Machine, StateId};
use crate::syntax::{decoded_offset, Value};

pub(crate) struct ExprAt<'t> {
    pub machine: Machine<'t>,
    pub expr: Expr<'t>,
    /// The cursor as a byte offset in the decoded string.
    pub cursor: usize,
}

/// The expression whose string contains `offset` (after its opening quote).
pub(crate) fn expr_at<'t>(text: &str, root: &'t Value, offset: u32) -> Option<ExprAt<'t>> {
    let machine = lower(root)?;
    let state = innermost_state(&machine, offset)?;
    let mut list = Vec::new();
    state_expressions(&machine, state, &mut list);
    let expr = list.into_iter().find(|e| {
        let range = e.value.range;
        // Inside the quotes; at the end only when the string is unterminated.
        offset > range.start && (offset < range.end || !text[range.as_usize()].ends_with('"') || range.len() == 1)
    })?;
    let cursor = decoded_offset(text, expr.value.range, offset).min(expr.text.len());
    Some(ExprAt { machine, expr, cursor })
}

/// The most deeply nested state whose member contains `offset`.
fn innermost_state(machine: &Machine<'_>, offset: u32) -> Option<StateId> {
    machine
        .states
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            let range = s.member.range();
            range.start <= offset && offset <= range.end
        })
        .max_by_key(|(_, s)| s.member.range().start)
        .map(|(id, _)| id)
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
