//! Hover and go-to-definition inside expression strings: intrinsic and
//! JSONata functions (signature and what they do), context-object fields,
//! `$states` members, and variables (where they are assigned).

use super::Hover;
use crate::data::{context_lookup, intrinsic, ContextLookup};
use crate::ide::completion::STATES_MEMBERS;
use crate::ide::expr_at::{word_before, word_end, ExprAt};
use crate::lang::jsonata::functions;
use crate::lang::sfn_jsonata;
use crate::model::{assignments, visible_parent, Assignment, ExprKind, Machine, StateId};
use crate::syntax::source_range;
use crate::text::TextRange;

/// What the word under the cursor names.
enum Target<'w> {
    Intrinsic(&'w str),
    Function(&'w str),
    Variable(&'w str),
    Context(Vec<&'w str>),
    ContextRoot,
    States,
    StatesMember(&'w str),
}

/// The word under the cursor, the segment of it the cursor is on (decoded
/// range) and what it names.
fn target<'w>(at: &'w ExprAt<'_>) -> Option<(std::ops::Range<usize>, Target<'w>)> {
    let text = at.expr.text;
    let (start, _) = word_before(text, at.cursor);
    let end = word_end(text, at.cursor);
    let word = &text[start..end];
    let called = text[end..].trim_start().starts_with('(');
    // Segments of the word split at `.`, with their ranges.
    let mut segments = Vec::new();
    let mut from = start;
    for part in word.split('.') {
        segments.push((from..from + part.len(), part));
        from += part.len() + 1;
    }
    let index = segments.iter().position(|(r, _)| r.start <= at.cursor && at.cursor <= r.end)?;
    let (range, segment) = segments[index].clone();
    let jsonata = at.expr.kind == ExprKind::Jsonata;
    let whole = start..end;
    let target = if !jsonata && word.starts_with("States.") && called {
        return Some((whole, Target::Intrinsic(word)));
    } else if !jsonata && segments[0].1 == "$$" {
        if index == 0 {
            Target::ContextRoot
        } else {
            Target::Context(segments[1..=index].iter().map(|(_, s)| *s).collect())
        }
    } else if jsonata && segments[0].1 == "$states" {
        match index {
            0 => Target::States,
            1 => Target::StatesMember(segment),
            _ if segments[1].1 == "context" => Target::Context(segments[2..=index].iter().map(|(_, s)| *s).collect()),
            _ => return None,
        }
    } else if index == 0 && segment.len() > 1 && segment.starts_with('$') {
        let name = &segment[1..];
        if jsonata && called {
            Target::Function(name)
        } else {
            Target::Variable(name)
        }
    } else {
        return None;
    };
    Some((range, target))
}

pub(crate) fn hover(text: &str, at: &ExprAt<'_>) -> Option<Hover> {
    let (range, target) = target(at)?;
    let markdown = match target {
        Target::Intrinsic(name) => {
            let f = intrinsic(name)?;
            format!("```\n{}\n```\n{}\n\nReturns {}.", f.signature(), f.doc, f.returns.name())
        }
        Target::Function(name) => function_doc(name)?,
        Target::Variable(name) => {
            let (machine, state) = at.machine()?;
            variable_doc(text, &machine, state, name)
        }
        Target::ContextRoot => {
            "**$$** · the context object\n\nExecution, state, state machine, task and Map item facts.".into()
        }
        Target::Context(names) => match context_lookup(&names) {
            ContextLookup::Field(field) => format!("**$$.{}** · {}\n\n{}", field.path, field.ty.name(), field.doc),
            _ => return None,
        },
        Target::States => {
            "**$states** · Step Functions\n\n`input`, `result`, `errorOutput` and `context` of the current state."
                .into()
        }
        Target::StatesMember(member) => {
            let (_, doc) = STATES_MEMBERS.iter().find(|(m, _)| *m == member)?;
            format!("**$states.{member}**\n\n{doc}")
        }
    };
    Some(Hover { markdown, range: source_range(text, at.expr.value.range, range.start, range.end) })
}

fn function_doc(name: &str) -> Option<String> {
    if let Some((_, signature, doc)) = sfn_jsonata::FUNCTIONS.iter().find(|(n, ..)| *n == name) {
        return Some(format!("```\n{signature}\n```\n{doc} (Step Functions)"));
    }
    if let Some(function) = crate::data::jsonata_functions::function(name) {
        return Some(format!("```\n{}\n```\n{} (JSONata)", function.label().0, function.doc));
    }
    let (_, signature) = functions::names().find(|(n, _)| *n == name)?;
    Some(format!(
        "**${name}** · JSONata function\n\nSignature `{signature}`; see https://docs.jsonata.org/ for what it does."
    ))
}

/// The assignments of `name` that a state sees, nearest scope first.
fn visible_assignments<'t>(machine: &Machine<'t>, state: StateId, name: &str) -> Vec<Assignment<'t>> {
    let all = assignments(machine);
    let mut out = Vec::new();
    let mut scope = Some(machine.states[state].scope);
    while let Some(s) = scope {
        out.extend(all.iter().filter(|a| a.name == name && machine.states[a.state].scope == s).cloned());
        scope = visible_parent(machine, s);
    }
    out
}

fn variable_doc(text: &str, machine: &Machine<'_>, state: StateId, name: &str) -> String {
    let found = visible_assignments(machine, state, name);
    if found.is_empty() {
        return format!("**${name}** · variable\n\nNo `Assign` this state can see sets it.");
    }
    let lines: Vec<String> = found
        .iter()
        .take(10)
        .map(|a| {
            let written = text.get(a.member.value.range.as_usize()).unwrap_or_default();
            let mut value: String = written.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(60).collect();
            if value.len() < written.len() && written.chars().count() > 60 {
                value.push('…');
            }
            format!("- `{}`: `{value}`", machine.states[a.state].name)
        })
        .collect();
    format!("**${name}** · variable\n\nAssigned in:\n{}", lines.join("\n"))
}

/// The `Assign` key a variable under the cursor comes from: the first
/// assignment in the nearest scope that has one.
pub(crate) fn variable_definition(at: &ExprAt<'_>) -> Option<TextRange> {
    let (_, Target::Variable(name)) = target(at)? else { return None };
    let (machine, state) = at.machine()?;
    let found = visible_assignments(&machine, state, name);
    found.first().map(|a| a.member.key_range)
}

#[cfg(test)]
mod tests {
    use crate::ide::Analysis;

    /// The hover text at `$0` and the text it covers.
    fn hover(fixture: &str) -> Option<(String, String)> {
        let offset = fixture.find("$0").expect("fixture has $0") as u32;
        let text = fixture.replacen("$0", "", 1);
        let analysis = Analysis::new(text.clone());
        let hover = analysis.hover(offset)?;
        Some((hover.markdown, text[hover.range.as_usize()].to_string()))
    }

    fn definition(fixture: &str) -> Option<String> {
        let offset = fixture.find("$0").expect("fixture has $0") as u32;
        let text = fixture.replacen("$0", "", 1);
        let range = Analysis::new(text.clone()).definition(offset)?;
        Some(text[range.as_usize()].to_string())
    }

    const MACHINE: &str = r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Assign": {"total": 3}, "Next": "B"},
  "B": {"Type": "Pass", "Parameters": {"t.$": "$to$0tal", "id.$": "States.Format('{}', $$.Execution.Id)"}, "End": true}
}}"#;

    #[test]
    fn a_variable_shows_where_it_is_assigned_and_goes_there() {
        let (markdown, covered) = hover(MACHINE).expect("hover");
        assert_eq!(covered, "$total");
        assert_eq!(markdown, "**$total** · variable\n\nAssigned in:\n- `A`: `3`");
        assert_eq!(definition(MACHINE).as_deref(), Some("\"total\""));
    }

    #[test]
    fn intrinsics_and_context_fields() {
        let fixture = MACHINE.replace("$to$0tal", "$total").replace("States.Fo", "States.Fo$0");
        let (markdown, covered) = hover(&fixture).expect("hover");
        assert_eq!(covered, "States.Format");
        assert!(markdown.starts_with("```\nStates.Format(template, values…)\n```\nFills each `{}`"), "{markdown}");
        let fixture = MACHINE.replace("$to$0tal", "$total").replace("Execution.Id", "Execution.I$0d");
        let (markdown, covered) = hover(&fixture).expect("hover");
        assert_eq!(covered, "Id");
        assert_eq!(markdown, "**$$.Execution.Id** · a string\n\nThe execution's ARN.");
    }

    #[test]
    fn states_members_and_functions_in_jsonata() {
        let fixture = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.inp$0ut & $uuid() %}", "End": true}}}"#;
        let (markdown, covered) = hover(fixture).expect("hover");
        assert_eq!(covered, "input");
        assert_eq!(markdown, "**$states.input**\n\nThe state's input.");
        let fixture = fixture.replace("inp$0ut", "input").replace("$uuid", "$uu$0id");
        let (markdown, covered) = hover(&fixture).expect("hover");
        assert_eq!(covered, "$uuid");
        assert!(markdown.contains("A random version 4 UUID."), "{markdown}");
    }

    #[test]
    fn hover_ranges_land_past_escapes() {
        let fixture = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Format('\"{}\"', $$.State.Na$0me)"}, "End": true}}}"#;
        let (markdown, covered) = hover(fixture).expect("hover");
        assert_eq!(covered, "Name");
        assert_eq!(markdown, "**$$.State.Name** · a string\n\nThe current state's name.");
    }
}
