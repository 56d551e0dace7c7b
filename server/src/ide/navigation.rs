//! State names as symbols: go to definition, references, highlights and
//! rename. A reference is any `StartAt`, `Next`, `Default`, choice-rule or
//! catcher `Next`; it resolves in its own scope (the `States` it is in).

use super::edit::{string_like, TextEdit};
use crate::model::{Machine, ScopeId, StateId};
use crate::text::TextRange;

/// A state name under the cursor.
struct NameAt {
    scope: ScopeId,
    name: String,
    /// The token under the cursor, quotes included.
    range: TextRange,
    /// The state it names, when it exists.
    state: Option<StateId>,
}

fn touches(range: TextRange, offset: u32) -> bool {
    range.start <= offset && offset <= range.end
}

fn name_at(machine: &Machine<'_>, offset: u32) -> Option<NameAt> {
    for (id, state) in machine.states.iter().enumerate() {
        if touches(state.name_range(), offset) {
            return Some(NameAt {
                scope: state.scope,
                name: state.name.to_string(),
                range: state.name_range(),
                state: Some(id),
            });
        }
    }
    for state in &machine.states {
        if !state.member.range().contains(offset) && state.member.range().end != offset {
            continue;
        }
        for transition in state.transitions() {
            if touches(transition.range, offset) {
                let scope = &machine.scopes[state.scope];
                return Some(NameAt {
                    scope: state.scope,
                    name: transition.target.to_string(),
                    range: transition.range,
                    state: scope.lookup(transition.target),
                });
            }
        }
    }
    for (scope_id, scope) in machine.scopes.iter().enumerate() {
        let Some(start) = scope.start_at() else { continue };
        if let (true, Some(name)) = (touches(start.value.range, offset), start.value.as_str()) {
            return Some(NameAt {
                scope: scope_id,
                name: name.to_string(),
                range: start.value.range,
                state: scope.lookup(name),
            });
        }
    }
    None
}

pub fn definition(machine: &Machine<'_>, offset: u32) -> Option<TextRange> {
    let at = name_at(machine, offset)?;
    Some(machine.states[at.state?].name_range())
}

/// Every reference to the name in its scope (and its key, when asked).
fn occurrences(machine: &Machine<'_>, scope_id: ScopeId, name: &str) -> (Option<TextRange>, Vec<TextRange>) {
    let scope = &machine.scopes[scope_id];
    let declaration = scope.lookup(name).map(|id| machine.states[id].name_range());
    let mut uses = Vec::new();
    if let Some(start) = scope.start_at() {
        if start.value.as_str() == Some(name) {
            uses.push(start.value.range);
        }
    }
    for &id in &scope.states {
        for transition in machine.states[id].transitions() {
            if transition.target == name {
                uses.push(transition.range);
            }
        }
    }
    uses.sort_by_key(|r| r.start);
    // A YAML alias's copies share their original's ranges: one edit each.
    uses.dedup();
    uses.retain(|r| Some(*r) != declaration);
    (declaration, uses)
}

pub fn references(machine: &Machine<'_>, offset: u32, include_declaration: bool) -> Vec<TextRange> {
    let Some(at) = name_at(machine, offset) else { return Vec::new() };
    let (declaration, mut uses) = occurrences(machine, at.scope, &at.name);
    if include_declaration {
        uses.extend(declaration);
        uses.sort_by_key(|r| r.start);
    }
    uses
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub range: TextRange,
    /// The state's key (where the name is defined), not a use.
    pub is_definition: bool,
}

pub fn highlights(machine: &Machine<'_>, offset: u32) -> Vec<Highlight> {
    let Some(at) = name_at(machine, offset) else { return Vec::new() };
    let (declaration, uses) = occurrences(machine, at.scope, &at.name);
    let mut out: Vec<Highlight> =
        declaration.map(|range| Highlight { range, is_definition: true }).into_iter().collect();
    out.extend(uses.into_iter().map(|range| Highlight { range, is_definition: false }));
    out
}

/// The range inside the quotes of the name at `offset`, and the name.
pub fn prepare_rename(text: &str, machine: &Machine<'_>, offset: u32) -> Result<(TextRange, String), String> {
    let at =
        name_at(machine, offset).ok_or("no state name here: rename works on a state's name or a reference to it")?;
    if at.state.is_none() {
        return Err(format!("there is no state named `{}` to rename", at.name));
    }
    // Inside the quotes; a YAML plain name is all name.
    let quoted = matches!(text.as_bytes().get(at.range.start as usize), Some(b'"' | b'\''));
    let inner = if quoted {
        TextRange::new((at.range.start + 1).min(at.range.end), at.range.end.saturating_sub(1).max(at.range.start))
    } else {
        at.range
    };
    Ok((inner, at.name))
}

pub fn rename(text: &str, machine: &Machine<'_>, offset: u32, new_name: &str) -> Result<Vec<TextEdit>, String> {
    let at = name_at(machine, offset).ok_or("no state name here")?;
    if at.state.is_none() {
        return Err(format!("there is no state named `{}` to rename", at.name));
    }
    if new_name == at.name {
        return Ok(Vec::new());
    }
    validate_name(machine, new_name)?;
    let (declaration, uses) = occurrences(machine, at.scope, &at.name);
    // Each occurrence in its own style (JSON, or YAML's plain and quoted).
    let edit = |range| TextEdit::replace(range, string_like(text, range, new_name));
    Ok(declaration.into_iter().chain(uses).map(edit).collect())
}

fn validate_name(machine: &Machine<'_>, name: &str) -> Result<(), String> {
    let length = name.chars().count();
    if length == 0 {
        return Err("a state name cannot be empty".into());
    }
    if length > 80 {
        return Err(format!("`{name}` has {length} characters; state names have at most 80"));
    }
    if name.chars().any(char::is_control) {
        return Err("a state name cannot contain control characters".into());
    }
    if machine.states.iter().any(|s| s.name == name) {
        return Err(format!("a state named `{name}` already exists: names are unique across the whole definition"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::edit::apply;
    use crate::model::lower;
    use crate::syntax::parse;

    const TEXT: &str = r#"{"StartAt": "A", "States": {
  "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B"}], "Default": "A"},
  "B": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"Bx": {"Type": "Succeed"}}}], "End": true}
}}"#;

    fn offset_of(needle: &str, nth: usize) -> u32 {
        TEXT.match_indices(needle).nth(nth).map(|(i, _)| i as u32 + 1).unwrap()
    }

    #[test]
    fn definition_references_and_rename_stay_in_scope() {
        let parse = parse(TEXT);
        let root = parse.root.unwrap();
        let machine = lower(&root).unwrap();
        // `"Next": "B"` in the choice rule goes to the top-level B, not the branch's StartAt.
        let next_b = offset_of("\"B\"", 0);
        assert_eq!(&TEXT[definition(&machine, next_b).unwrap().as_usize()], "\"B\"");
        assert_eq!(definition(&machine, next_b).unwrap().start, offset_of("\"B\"", 1) - 1);
        let refs = references(&machine, offset_of("\"A\"", 0), true);
        assert_eq!(refs.len(), 3, "StartAt, the key, Default");
        let edits = rename(TEXT, &machine, offset_of("\"A\"", 1), "Check").unwrap();
        let renamed = apply(TEXT, &edits);
        assert!(renamed.contains(r#"{"StartAt": "Check""#) && renamed.contains(r#""Default": "Check""#));
        assert_eq!(
            rename(TEXT, &machine, offset_of("\"A\"", 1), "Bx").unwrap_err(),
            "a state named `Bx` already exists: names are unique across the whole definition"
        );
        assert_eq!(prepare_rename(TEXT, &machine, offset_of("\"A\"", 1)).unwrap().1, "A");
    }

    #[test]
    fn rename_in_yaml_keeps_each_occurrence_in_its_style() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: 'B'\n  B:\n    Type: Choice\n    Choices: []\n    Default: \"A\"\n";
        let root = crate::syntax::parse_yaml(text).root.unwrap();
        let machine = lower(&root).unwrap();
        let at = text.find("A:").unwrap() as u32;
        let (range, name) = prepare_rename(text, &machine, at).unwrap();
        assert_eq!((&text[range.as_usize()], name.as_str()), ("A", "A"));
        let renamed = apply(text, &rename(text, &machine, at, "First step").unwrap());
        assert_eq!(renamed, "StartAt: First step\nStates:\n  First step:\n    Type: Pass\n    Next: 'B'\n  B:\n    Type: Choice\n    Choices: []\n    Default: \"First step\"\n");
        let at_b = text.find("'B'").unwrap() as u32 + 1;
        assert_eq!(&text[prepare_rename(text, &machine, at_b).unwrap().0.as_usize()], "B");
        let renamed = apply(text, &rename(text, &machine, at_b, "it's: done").unwrap());
        assert!(renamed.contains("Next: 'it''s: done'") && renamed.contains("  \"it's: done\":\n"), "{renamed}");
    }
}
