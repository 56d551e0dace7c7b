//! Field names from sample values: in a JSONPath string `$.` completes the
//! members of the state's input as the last run (or the sample input file)
//! showed it, and `$states.input.` does the same in JSONata. Paths are read
//! member by member (`$.order.lines[0].`), each name typed so far a step.

use super::{CompletionItem, ItemKind};
use serde_json::Value;
use std::collections::HashMap;

/// Each state's input as a run last saw it, by state name (names are
/// unique in a machine).
#[derive(Clone, Debug, Default)]
pub struct Samples {
    inputs: HashMap<String, Value>,
}

impl Samples {
    pub fn new(inputs: HashMap<String, Value>) -> Samples {
        Samples { inputs }
    }

    pub fn input(&self, state: &str) -> Option<&Value> {
        self.inputs.get(state)
    }

    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }
}

/// The value at `steps` (`order.lines[0]`) of `root`, and the partial name
/// after the last `.`.
pub(super) fn value_at<'v>(root: &'v Value, typed: &str) -> Option<(&'v Value, usize)> {
    let (parents, partial) = typed.rsplit_once('.').unwrap_or(("", typed));
    let mut value = root;
    for step in parents.split('.').filter(|s| !s.is_empty()) {
        let (name, indexes) = step.split_once('[').map_or((step, ""), |(n, rest)| (n, rest));
        if !name.is_empty() {
            value = value.get(name)?;
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let index: usize = index.trim_end_matches(']').parse().ok()?;
            value = value.get(index)?;
        }
    }
    Some((value, partial.len()))
}

/// One item per member of `value`, its type and a short sample as detail.
pub(super) fn member_items(
    value: &Value,
    mut item: impl FnMut(&str, ItemKind, Option<String>, Option<String>) -> CompletionItem,
) -> Vec<CompletionItem> {
    let Some(object) = value.as_object() else { return Vec::new() };
    object
        .iter()
        .filter(|(name, _)| is_plain(name))
        .map(|(name, v)| {
            let doc = format!("In the last run: `{}`", short(v));
            item(name, ItemKind::Field, Some(crate::run::type_name(v).to_string()), Some(doc))
        })
        .collect()
}

/// A name that can follow `.` in JSONPath and JSONata alike.
fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// A value cut to 60 characters for a completion's documentation.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 60 {
        return text;
    }
    let cut: String = text.chars().take(57).collect();
    format!("{cut}…")
}
