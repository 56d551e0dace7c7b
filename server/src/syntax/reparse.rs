//! Reparsing after an edit: only the innermost object or array around the
//! changed bytes is parsed again; the rest of the previous tree is kept,
//! its offsets after the change moved. A keystroke in a 5 MB definition
//! then parses one state, not 5 MB, and frees one state's tree, not all.
//!
//! Why the result equals a fresh parse: how the parser reads a value
//! depends only on the text from the value's start to its closing bracket
//! (and on its nesting depth). So when the new text from the container's
//! `{` or `[` parses as one closed container ending exactly where the old
//! one ended (moved by the edit), a parse of the whole text would read the
//! same value there, and the same tokens before and after it. Problems are
//! kept in text order ([`parse`] sorts them), so those of the region are
//! replaced as one run. Anything else falls back to a full parse.

use super::parser::parse_container;
use super::{parse, Member, Parse, SyntaxError, SyntaxErrorKind, Value, ValueKind};
use crate::text::{Edit, TextRange};

/// The parse of `text`, reusing `old`, the parse of `old_text`; `edit` is
/// where they differ ([`Edit::between`]). Also whether only a region was
/// parsed again (`false`: the whole text).
pub fn reparse(mut old: Parse, text: &str, edit: Edit) -> (Parse, bool) {
    match splice(&mut old, text, edit) {
        Some(()) => (old, true),
        None => (parse(text), false),
    }
}

fn splice(parse: &mut Parse, text: &str, edit: Edit) -> Option<()> {
    let Edit { start, old_end, new_end } = edit;
    if start == old_end && start == new_end {
        return Some(()); // the same text
    }
    let root = parse.root.as_mut()?;
    // The containers around the change, outermost (the root) first.
    let mut path = Vec::new();
    find_containers(root, start as u32, old_end as u32, &mut path);
    let delta = edit.delta();
    // Innermost first; the root is left to a full parse.
    for depth in (1..path.len()).rev() {
        let container = value_at(root, &path[..depth + 1]);
        let (from, to) = (container.range.start, container.range.end);
        // Unclosed before the edit: its error (at `from`) would look like its holder's.
        let unclosed = |e: &SyntaxError| e.kind == SyntaxErrorKind::Unclosed && e.range.start == from;
        if parse.errors.iter().any(unclosed) {
            continue;
        }
        let new_to = u32::try_from(to as i64 + delta).ok()?;
        let Some(region) = text.get(..new_to as usize).and_then(|t| parse_container(t, from, depth)) else {
            continue;
        };
        shift(root, to, delta);
        *value_at(root, &path[..depth + 1]) = region.root?;
        let at = |e: &SyntaxError| e.range.start;
        let move_error = |e: &mut SyntaxError| moved_range(&mut e.range, to, delta);
        replace_run(&mut parse.errors, region.errors, at, move_error, from, to);
        let move_duplicate = |(brace, key): &mut (TextRange, TextRange)| {
            moved_range(brace, to, delta);
            moved_range(key, to, delta);
        };
        replace_run(&mut parse.duplicate_keys, region.duplicate_keys, |(_, key)| key.start, move_duplicate, from, to);
        return Some(());
    }
    None
}

/// Steps from the root to each object or array whose inside holds the
/// changed bytes `start..end` (its brackets untouched): member or element
/// indexes, the root's as `usize::MAX`.
fn find_containers(value: &Value, start: u32, end: u32, path: &mut Vec<usize>) {
    let mut value = value;
    path.push(usize::MAX);
    loop {
        let inside = |v: &Value| v.range.start < start && end < v.range.end;
        let next = match &value.kind {
            ValueKind::Object(object) => object.members.iter().position(|m| is_container(&m.value) && inside(&m.value)),
            ValueKind::Array(items) => items.iter().position(|v| is_container(v) && inside(v)),
            _ => None,
        };
        let Some(index) = next else { return };
        path.push(index);
        value = match &value.kind {
            ValueKind::Object(object) => &object.members[index].value,
            ValueKind::Array(items) => &items[index],
            _ => return,
        };
    }
}

fn is_container(value: &Value) -> bool {
    matches!(value.kind, ValueKind::Object(_) | ValueKind::Array(_))
}

/// The value at `path` (as made by [`find_containers`]); the root for a path of one.
fn value_at<'v>(root: &'v mut Value, path: &[usize]) -> &'v mut Value {
    let mut value = root;
    for &index in path.iter().skip(1) {
        value = match &mut value.kind {
            ValueKind::Object(object) => &mut object.members[index].value,
            ValueKind::Array(items) => &mut items[index],
            _ => unreachable!("find_containers only steps into objects and arrays"),
        };
    }
    value
}

/// Moves `offset` by `delta` when it lies at or after `from` (the end of
/// the region replaced: whatever follows it, and the ends of what holds it).
fn moved(offset: &mut u32, from: u32, delta: i64) {
    if *offset >= from {
        *offset = (*offset as i64 + delta).clamp(0, u32::MAX as i64) as u32;
    }
}

fn moved_range(range: &mut TextRange, from: u32, delta: i64) {
    moved(&mut range.start, from, delta);
    moved(&mut range.end, from, delta);
}

/// [`moved_range`] for every range in `value`.
fn shift(value: &mut Value, from: u32, delta: i64) {
    if value.range.end < from {
        return; // wholly before the region
    }
    moved_range(&mut value.range, from, delta);
    match &mut value.kind {
        ValueKind::Object(object) => {
            moved_range(&mut object.range, from, delta);
            moved_range(&mut object.open_brace, from, delta);
            for Member { key_range, value, .. } in &mut object.members {
                moved_range(key_range, from, delta);
                shift(value, from, delta);
            }
        }
        ValueKind::Array(items) => items.iter_mut().for_each(|item| shift(item, from, delta)),
        _ => {}
    }
}

/// Replaces the problems of the container at `from..to` (one run: they are
/// in text order, by `at`) by `new`, and moves those after it with
/// `move_after`. Its own problems lie after its opening bracket: one right
/// at `from` is its holder's (a comma missing before it).
fn replace_run<T>(
    all: &mut Vec<T>,
    new: Vec<T>,
    at: impl Fn(&T) -> u32,
    move_after: impl Fn(&mut T),
    from: u32,
    to: u32,
) {
    let first = all.partition_point(|p| at(p) <= from);
    let last = first + all[first..].partition_point(|p| at(p) < to);
    all[last..].iter_mut().for_each(move_after);
    all.splice(first..last, new);
}

#[cfg(test)]
mod tests;
