//! What is at an offset: the chain of values from the root down to the
//! innermost one containing the offset, and whether the offset is in a key,
//! in a value, or in the gap where a new member or element would go. Works
//! on broken text: the tree is the error-tolerant parser's.

use super::tree::{Member, Object, Value, ValueKind};
use crate::text::TextRange;

/// One step down from a container.
#[derive(Clone, Copy, Debug)]
pub enum Step<'t> {
    /// Into the value of this member of an object.
    Member(&'t Member),
    /// Into element `index` of an array.
    Element(usize, &'t Value),
}

impl<'t> Step<'t> {
    pub fn value(self) -> &'t Value {
        match self {
            Step::Member(m) => &m.value,
            Step::Element(_, v) => v,
        }
    }

    pub fn key(self) -> Option<&'t str> {
        match self {
            Step::Member(m) => Some(&m.key),
            Step::Element(..) => None,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Spot<'t> {
    /// On the key of `member` of `object`.
    Key { object: &'t Object, member: &'t Member },
    /// Between members of `object`, where a new key would go.
    NewKey { object: &'t Object },
    /// On a scalar value (the last step's value), or right after the `:` of
    /// a member whose value is missing.
    Value { value: &'t Value },
    /// Between elements of an array (the last step's value).
    NewElement { array: &'t Value },
    /// Outside any value, or on punctuation.
    None,
}

#[derive(Clone, Debug)]
pub struct Located<'t> {
    /// From the root: each step enters a value; the last entered value is
    /// the container of `spot` (or the scalar itself for `Spot::Value`).
    pub steps: Vec<Step<'t>>,
    pub spot: Spot<'t>,
}

/// Whether `offset` is inside a token or container at `range` (after its
/// first character; at its end only when it is not closed).
fn inside(text: &str, value: &Value, offset: u32) -> bool {
    let range = value.range;
    if offset <= range.start || offset > range.end {
        return false;
    }
    if offset < range.end {
        return true;
    }
    // At the very end: inside only an unterminated string or unclosed container.
    let last = text.as_bytes().get(range.end.saturating_sub(1) as usize).copied();
    match &value.kind {
        ValueKind::String(_) => range.len() == 1 || last != Some(b'"'),
        ValueKind::Object(_) => last != Some(b'}'),
        ValueKind::Array(_) => last != Some(b']'),
        _ => true,
    }
}

fn key_contains(text: &str, range: TextRange, offset: u32) -> bool {
    if offset <= range.start || offset > range.end {
        return false;
    }
    let source = &text[range.as_usize()];
    let quoted = source.starts_with('"');
    let closed = quoted && source.len() > 1 && source.ends_with('"');
    // A bare word is "inside" up to its end; a closed string up to its closing quote.
    offset < range.end || !closed || !quoted
}

pub fn locate<'t>(text: &str, root: &'t Value, offset: u32) -> Located<'t> {
    let mut steps = Vec::new();
    if !(inside(text, root, offset) || offset == root.range.start && root.range.is_empty()) {
        return Located { steps, spot: Spot::None };
    }
    let mut current = root;
    loop {
        match &current.kind {
            ValueKind::Object(object) => {
                if let Some(member) = object.members.iter().find(|m| key_contains(text, m.key_range, offset)) {
                    return Located { steps, spot: Spot::Key { object, member } };
                }
                if let Some(member) = object.members.iter().find(|m| inside(text, &m.value, offset)) {
                    steps.push(Step::Member(member));
                    current = &member.value;
                    continue;
                }
                // Right after `"key":` with the value still missing?
                let before = object.members.iter().rev().find(|m| m.key_range.end <= offset);
                if let Some(member) = before {
                    let between = text.get(member.key_range.end as usize..offset as usize).unwrap_or("");
                    let after_value = member.value.range.end <= offset && !member.value.range.is_empty();
                    if between.trim() == ":" && !after_value {
                        steps.push(Step::Member(member));
                        return Located { steps, spot: Spot::Value { value: &member.value } };
                    }
                    if after_value && !between.contains(',') && !between.contains('\n') && member.value.is_error() {
                        return Located { steps, spot: Spot::None };
                    }
                }
                return Located { steps, spot: Spot::NewKey { object } };
            }
            ValueKind::Array(items) => {
                if let Some((index, item)) = items.iter().enumerate().find(|(_, v)| inside(text, v, offset)) {
                    steps.push(Step::Element(index, item));
                    current = item;
                    continue;
                }
                return Located { steps, spot: Spot::NewElement { array: current } };
            }
            _ => return Located { steps, spot: Spot::Value { value: current } },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn spot(text_with_cursor: &str) -> (Vec<String>, String) {
        let offset = text_with_cursor.find("$0").unwrap();
        let text = text_with_cursor.replacen("$0", "", 1);
        let parse = parse(&text);
        let root = parse.root.unwrap();
        let located = locate(&text, &root, offset as u32);
        let path = located
            .steps
            .iter()
            .map(|s| match s {
                Step::Member(m) => m.key.to_string(),
                Step::Element(i, _) => format!("[{i}]"),
            })
            .collect();
        let spot = match located.spot {
            Spot::Key { member, .. } => format!("key {}", member.key),
            Spot::NewKey { .. } => "new key".into(),
            Spot::Value { value } => format!("value {}", &text[value.range.as_usize()]),
            Spot::NewElement { .. } => "new element".into(),
            Spot::None => "none".into(),
        };
        (path, spot)
    }

    #[test]
    fn keys_values_and_gaps() {
        assert_eq!(
            spot(r#"{"States": {"A": {"Ty$0pe": "Pass"}}}"#),
            (vec!["States".into(), "A".into()], "key Type".into())
        );
        assert_eq!(
            spot(r#"{"States": {"A": {"Next": "B$0"}}}"#),
            (vec!["States".into(), "A".into(), "Next".into()], "value \"B\"".into())
        );
        assert_eq!(
            spot("{\"States\": {\"A\": {\"Type\": \"Pass\",\n  $0\n}}}"),
            (vec!["States".into(), "A".into()], "new key".into())
        );
        assert_eq!(spot("{\"A\": {\"Next\": $0\n}}"), (vec!["A".into(), "Next".into()], "value ".into()));
        assert_eq!(spot(r#"{"E": ["x", $0]}"#), (vec!["E".into()], "new element".into()));
        assert_eq!(spot("{\"A\": {\"Next\": \"Fo$0\n}}"), (vec!["A".into(), "Next".into()], "value \"Fo".into()));
        assert_eq!(spot("{\"A\": {\"Ty$0\n}}"), (vec!["A".into()], "key Ty".into()));
        assert_eq!(spot(r#"{"A": 1}$0"#).1, "none");
    }
}
