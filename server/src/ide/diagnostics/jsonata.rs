//! JSONata expressions (`{% … %}`) in JSONata states. AWS parses every
//! expression when the definition is created and refuses one that does
//! not parse (`INVALID_JSONATA_EXPRESSION`) or that reads what Step
//! Functions does not provide (`UNSUPPORTED_JSONATA_EXPRESSION`): a field
//! name at the top level, `$states.errorOutput` outside a catcher,
//! `$states.result` before there is a result. Variables read are recorded
//! for the data-flow check.

use super::expressions::At;
use super::paths;
use super::suggest::closest;
use super::{Code, Diagnostic, Sink};
use crate::ide::edit::{json_escaped as escaped, Fix, TextEdit};
use crate::lang::jsonata::refs::{refs, Refs, VariableRef};
use crate::lang::{jsonata, sfn_jsonata};
use crate::model::{Part, StateKind};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// Where the expression starts in the string: after `{%`.
const OFFSET: usize = 2;

const STATES_MEMBERS: &[&str] = &["input", "result", "errorOutput", "context"];

/// What an expression's text comes to: its references, or its syntax
/// errors. Definitions repeat expressions (`$states.input.id` in many
/// states), so each text is analysed once per check.
pub(super) type Analysed = Result<Refs, Vec<jsonata::Error>>;

#[derive(Default)]
pub(super) struct Cache<'t> {
    by_text: HashMap<&'t str, Rc<Analysed>>,
}

impl<'t> Cache<'t> {
    fn get(&mut self, expression: &'t str) -> Rc<Analysed> {
        self.by_text
            .entry(expression)
            .or_insert_with(|| Rc::new(jsonata::parse_reporting_all(expression).map(|ast| refs(&ast))))
            .clone()
    }
}

pub(super) fn check<'t>(at: &mut At<'_, '_, 't>, sink: &mut Sink, cache: &mut Cache<'t>) {
    let text = at.expr.text;
    let expression = &text[OFFSET..text.len() - OFFSET];
    let analysed = cache.get(expression);
    let refs = match &*analysed {
        Ok(refs) => refs,
        Err(errors) => return syntax_errors(at, sink, errors),
    };
    for (name, range) in &refs.top_level_names {
        let message = format!("`{name}` reads a field of the top-level context, which Step Functions does not provide in JSONata: read the state input as `$states.input.{name}`");
        let range = at.range(shift(range));
        let edit = TextEdit::replace(range, escaped(&format!("$states.input.{name}")));
        sink.push(
            Diagnostic::new(Code::JsonataTopLevelName, range, message)
                .aws_with(
                    Some(at.expr.location.clone()),
                    format!("Reference to '{name}' at the top level is not supported."),
                )
                .with_fix(Fix::safe(format!("Change to `$states.input.{name}`"), vec![edit])),
        );
    }
    for (what, range) in &refs.root_context {
        let message = format!("`{what}` at the top level of a JSONata expression is not the state input in Step Functions: use `$states.input`");
        let range = at.range(shift(range));
        let edit = TextEdit::replace(range, "$states.input");
        sink.push(
            Diagnostic::new(Code::JsonataRootContext, range, message)
                .with_fix(Fix::safe("Change to `$states.input`", vec![edit])),
        );
    }
    for variable in &refs.variables {
        match variable.name.as_str() {
            "states" => states_member(at, sink, variable),
            name if variable.call && sfn_jsonata::is_function(name) => {}
            _ if variable.call => unknown_function(at, sink, variable),
            // `$count` may be the function or a variable that hides it.
            name => at.read(name, shift(&variable.range), variable.guarded),
        }
    }
}

fn shift(range: &Range<usize>) -> Range<usize> {
    range.start + OFFSET..range.end + OFFSET
}

fn syntax_errors(at: &mut At<'_, '_, '_>, sink: &mut Sink, errors: &[jsonata::Error]) {
    for error in errors {
        let range = at.range(shift(&error.range));
        if error.code == "S0900" {
            let message = "this JSONata expression is nested too deeply for asl-ls to check";
            sink.push(Diagnostic::new(Code::JsonataTooDeep, range, message));
            continue;
        }
        let message = format!("JSONata syntax error {}: {}", error.code, error.message());
        sink.push(
            Diagnostic::new(Code::InvalidJsonata, range, message.clone())
                .aws_with(Some(at.expr.location.clone()), message),
        );
    }
}

/// `$states.x`: the member must exist and be available where it is read.
fn states_member(at: &mut At<'_, '_, '_>, sink: &mut Sink, variable: &VariableRef) {
    let Some((member, member_range)) = variable.members.first() else { return };
    let range = at.range(shift(member_range));
    let state = &at.cx.machine.states[at.expr.state];
    let in_catcher = matches!(at.expr.part, Part::Catcher(_));
    match member.as_str() {
        "input" => {}
        "context" => {
            let names: Vec<(String, Range<usize>)> =
                variable.members[1..].iter().map(|(n, r)| (n.clone(), shift(r))).collect();
            if !names.is_empty() {
                paths::context(at, sink, &names, "$states.context");
            }
        }
        "errorOutput" if !in_catcher => {
            let message =
                "`$states.errorOutput` is set only in a catcher (`Catch` `Output` and `Assign`): read the error there";
            sink.push(
                Diagnostic::new(Code::JsonataStatesUnavailable, range, message).aws_at(Some(at.expr.location.clone())),
            );
        }
        "errorOutput" => {}
        "result" if at.expr.part == Part::State && at.expr.field == "Arguments" => {
            let message = "`$states.result` is not set yet in `Arguments`, which builds the task's input: read the result in `Output` or `Assign`";
            sink.push(
                Diagnostic::new(Code::JsonataStatesUnavailable, range, message).aws_at(Some(at.expr.location.clone())),
            );
        }
        "result" => {
            let has_result = matches!(state.kind, Some(StateKind::Task | StateKind::Parallel | StateKind::Map));
            let after_result = at.expr.part == Part::State && matches!(at.expr.field, "Output" | "Assign");
            if !(has_result && after_result) {
                let message = if in_catcher {
                    "`$states.result` is not set in a catcher, as the state failed: read `$states.errorOutput`"
                        .to_string()
                } else if !has_result {
                    format!(
                        "a {} state has no result: `$states.result` is not set here; read `$states.input`",
                        state.kind.map_or("", |k| k.name())
                    )
                } else {
                    format!("`$states.result` is set only in `Output` and `Assign`, not in `{}`", at.expr.field)
                };
                sink.push(Diagnostic::new(Code::JsonataStatesMember, range, message));
            }
        }
        other => {
            let list = STATES_MEMBERS.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
            let suggestion = closest(other, STATES_MEMBERS.iter().copied());
            let hint = suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            let message = format!("`$states` has no member `{other}`: it has {list}{hint}");
            let mut diagnostic = Diagnostic::new(Code::JsonataStatesMember, range, message);
            if let Some(suggestion) = suggestion {
                let edit = TextEdit::replace(range, escaped(suggestion));
                diagnostic = diagnostic.with_fix(Fix::safe(format!("Change to `{suggestion}`"), vec![edit]));
            }
            sink.push(diagnostic);
        }
    }
}

fn unknown_function(at: &mut At<'_, '_, '_>, sink: &mut Sink, variable: &VariableRef) {
    let name = variable.name.as_str();
    let range = at.range(shift(&variable.range));
    if name == "eval" {
        let message =
            "`$eval` is not available in Step Functions (the call fails with T1006): use `$parse` to read JSON text";
        sink.push(Diagnostic::new(Code::JsonataUnknownFunction, range, message));
        return;
    }
    let functions: Vec<&str> = jsonata::functions::names()
        .map(|(n, _)| n)
        .chain(sfn_jsonata::FUNCTIONS.iter().map(|(n, ..)| *n))
        .filter(|n| *n != "eval")
        .collect();
    let suggestion = closest(name, functions.iter().copied());
    let hint = suggestion.map(|s| format!("; did you mean `${s}`?")).unwrap_or_default();
    let message = format!("`${name}` is not a function in Step Functions' JSONata (the call fails with T1006){hint}");
    let mut diagnostic = Diagnostic::new(Code::JsonataUnknownFunction, range, message);
    if let Some(suggestion) = suggestion {
        let edit = TextEdit::replace(range, escaped(&format!("${suggestion}")));
        diagnostic = diagnostic.with_fix(Fix::safe(format!("Change to `${suggestion}`"), vec![edit]));
    }
    sink.push(diagnostic);
}
