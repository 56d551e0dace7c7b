//! Completion in YAML documents: the JSON completions, found and written
//! the YAML way.
//!
//! A new key is typed on a line of its own, and YAML decides by the line's
//! indentation which mapping it belongs to — a blank line under
//! `Parameters:` may even turn a null into a mapping. So for a blank line
//! (or a word being typed, perhaps after `- `) we read the text again with
//! a placeholder key at the cursor and ask where the placeholder landed.
//! Every item's text is then written as YAML at the cursor's column.

use super::{key_items, strings, value_items, CompletionItem, Samples};
use crate::ide::context::context;
use crate::ide::edit::is_block_mapping;
use crate::ide::yaml_text::{members_as_yaml, object_as_yaml, scalar_as_yaml, yaml_unit};
use crate::syntax::{parse_yaml, Spot, Value};
use crate::text::TextRange;

/// The placeholder key: no definition has it.
pub(super) const PLACEHOLDER: &str = "asl_ls_completion_placeholder";

pub fn completions(text: &str, root: Option<&Value>, offset: u32, samples: &Samples) -> Vec<CompletionItem> {
    if let Some(at) = root.and_then(|root| crate::ide::expr_at::expr_at(text, root, offset)) {
        return strings::items(text, &at, samples);
    }
    let cx = root.map(|root| context(text, root, offset));
    // Between the braces of a flow mapping the document is written as
    // JSON is: JSON's items fit it.
    if let (Some(root), Some(Spot::NewKey { object } | Spot::Key { object, .. })) = (root, cx.as_ref().map(|c| c.spot))
    {
        if !is_block_mapping(text, object) {
            return super::completions(text, root, offset);
        }
    }
    if let Some(word) = new_key_at(text, offset) {
        return new_key_items(text, word, offset);
    }
    let Some(cx) = cx else { return Vec::new() };
    let items = match cx.spot {
        Spot::Key { object, member } => key_items(text, &cx, object, Some(member), offset),
        Spot::Value { value } => value_items(text, &cx, Some(value), offset),
        Spot::NewElement { .. } => value_items(text, &cx, None, offset),
        Spot::NewKey { .. } | Spot::None => Vec::new(),
    };
    items.into_iter().map(|item| as_value(text, item, offset)).collect()
}

/// Where a key is being typed at `offset`: the range of the word before
/// the cursor (empty on a blank line), when the line holds nothing else
/// but indentation and `- ` dashes.
fn new_key_at(text: &str, offset: u32) -> Option<TextRange> {
    let offset = offset as usize;
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    if !text[offset..end].trim().is_empty() {
        return None;
    }
    let mut word_start = start;
    loop {
        let rest = &text[word_start..offset];
        let blanks = rest.len() - rest.trim_start_matches(' ').len();
        word_start += blanks;
        match text[word_start..offset].strip_prefix('-') {
            Some(after) if after.is_empty() || after.starts_with(' ') => word_start += 1,
            _ => break,
        }
    }
    let word = &text[word_start..offset];
    let typing_a_key = !word.contains([':', '#', '"', '\'', '{', '[', '&', '*', '!', '|', '>']);
    typing_a_key.then(|| TextRange::new(word_start as u32, offset as u32))
}

fn new_key_items(text: &str, word: TextRange, offset: u32) -> Vec<CompletionItem> {
    let (start, end) = (word.start as usize, offset as usize);
    if text.trim().is_empty() {
        return empty_document(text, offset);
    }
    let patched = format!("{}{PLACEHOLDER}: 0{}", &text[..start], &text[end..]);
    let parse = parse_yaml(&patched);
    let Some(root) = &parse.root else { return Vec::new() };
    let cx = context(&patched, root, word.start + 1);
    let Spot::Key { object, member } = cx.spot else { return Vec::new() };
    if member.key != PLACEHOLDER || member.key_range.start != word.start {
        return Vec::new();
    }
    let column = start - text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = " ".repeat(column);
    let unit = yaml_unit(text);
    key_items(&patched, &cx, object, None, word.start)
        .into_iter()
        .filter_map(|mut item| {
            item.edit.new_text = members_as_yaml(&item.edit.new_text, &indent, &unit)?;
            item.edit.range = word;
            item.additional_edits.clear();
            if !word.is_empty() {
                item.filter_text = Some(item.label.clone());
            }
            Some(item)
        })
        .collect()
}

/// An item of the real tree's keys and values, its text as YAML.
fn as_value(text: &str, mut item: CompletionItem, offset: u32) -> CompletionItem {
    if item.edit.range.is_empty() {
        // An empty YAML value sits wherever its parser put it: use the cursor.
        item.edit.range = TextRange::empty(offset);
    }
    let written = &text[item.edit.range.as_usize()];
    item.additional_edits.clear();
    if written.starts_with('"') {
        return item;
    }
    item.edit.new_text = if written.starts_with('\'') {
        let value: String = serde_json::from_str(&item.edit.new_text).unwrap_or_else(|_| item.edit.new_text.clone());
        format!("'{}'", value.replace('\'', "''"))
    } else {
        scalar_as_yaml(&item.edit.new_text)
    };
    item.filter_text = Some(item.label.clone());
    item
}

/// In an empty YAML file: a whole state machine.
fn empty_document(text: &str, offset: u32) -> Vec<CompletionItem> {
    super::empty_document(text, offset)
        .into_iter()
        .filter_map(|mut item| {
            item.edit.new_text = format!("{}\n", object_as_yaml(&item.edit.new_text, &yaml_unit(text))?);
            item.filter_text = None;
            Some(item)
        })
        .collect()
}
