//! The shape of the JSON: folding ranges and selection ranges.

use crate::syntax::{locate, Member, Spot, Step, Value, ValueKind};
use crate::text::TextRange;

/// Every object and array (the edge keeps those spanning several lines).
/// In YAML, where a block mapping or sequence has no bracket of its own, a
/// member's fold starts at its key, so the key's line stays visible (and
/// the document itself is no fold).
pub fn folding_ranges(root: &Value, yaml: bool) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut stack = vec![(root, (!yaml).then_some(root.range))];
    while let Some((value, fold)) = stack.pop() {
        let container = match &value.kind {
            ValueKind::Object(object) => {
                let fold_of = |m: &Member| if yaml { m.range() } else { m.value.range };
                stack.extend(object.members.iter().map(|m| (&m.value, Some(fold_of(m)))));
                true
            }
            ValueKind::Array(items) => {
                stack.extend(items.iter().map(|item| (item, Some(item.range))));
                true
            }
            _ => false,
        };
        if container {
            out.extend(fold);
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
