//! The shape of the JSON: folding ranges and selection ranges.

use crate::syntax::{locate, Spot, Step, Value, ValueKind};
use crate::text::TextRange;

/// Every object and array (the edge keeps those spanning several lines).
pub fn folding_ranges(root: &Value) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(value) = stack.pop() {
        match &value.kind {
            ValueKind::Object(object) => {
                out.push(value.range);
                stack.extend(object.members.iter().map(|m| &m.value));
            }
            ValueKind::Array(items) => {
                out.push(value.range);
                stack.extend(items.iter());
            }
            _ => {}
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// In YAML, where a block mapping or sequence has no bracket of its own:
/// from each key whose value is one to the value's end (and each item that
/// is one), so the key's line stays visible.
pub fn yaml_folding_ranges(root: &Value) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    let is_container = |v: &Value| matches!(v.kind, ValueKind::Object(_) | ValueKind::Array(_));
    while let Some(value) = stack.pop() {
        match &value.kind {
            ValueKind::Object(object) => {
                for member in object.members.iter().filter(|m| is_container(&m.value)) {
                    out.push(member.range());
                    stack.push(&member.value);
                }
            }
            ValueKind::Array(items) => {
                for item in items.iter().filter(|v| is_container(v)) {
                    out.push(item.range);
                    stack.push(item);
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// From the token at `offset` outwards: string content, token, member,
/// enclosing object, its member, … the whole document.
pub fn selection_ranges(text: &str, root: &Value, offset: u32) -> Vec<TextRange> {
    let located = locate(text, root, offset);
    let mut outward = vec![root.range];
    for step in &located.steps {
        if let Step::Member(member) = step {
            outward.push(member.range());
        }
        outward.push(step.value().range);
    }
    if let Spot::Key { member, .. } = located.spot {
        outward.push(member.range());
        outward.push(member.key_range);
    }
    // The inside of a string, without its quotes.
    if let Some(last) = outward.last().copied() {
        let token = &text[last.as_usize()];
        if token.len() >= 2 && token.starts_with('"') && token.ends_with('"') {
            outward.push(TextRange::new(last.start + 1, last.end - 1));
        }
    }
    let mut inward: Vec<TextRange> = Vec::new();
    for range in outward.into_iter().rev() {
        let nested = inward.last().is_none_or(|inner| range.contains_range(*inner));
        if nested && inward.last() != Some(&range) {
            inward.push(range);
        }
    }
    inward
}
