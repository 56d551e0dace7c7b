//! JSONPath inside strings: the whole grammar (not only how a path
//! starts), reference paths where one value is required, context-object
//! fields, and the variables a path reads.

use super::expressions::At;
use super::suggest::closest;
use super::{Code, Diagnostic, Sink};
use crate::data::{context_children, context_lookup, ContextLookup};
use crate::ide::edit::{json_escaped as escaped, Fix, TextEdit};
use crate::lang::jsonpath::{self, Root};
use crate::model::{Expr, Part, StateKind};
use std::ops::Range;

/// How a path in a given place is reported.
pub(super) struct How {
    /// Only `.name`, `['name']` and `[index]` steps.
    pub reference: bool,
    pub syntax_code: Code,
    /// What holds the path, for messages: "`ResultPath`", "`total.$`".
    pub subject: String,
    pub aws_message: String,
}

impl How {
    /// A path field (`InputPath`, `ResultPath`, `Variable`, …).
    pub fn field(expr: &Expr<'_>, reference: bool) -> How {
        let field = expr.field;
        How {
            reference,
            syntax_code: Code::InvalidPath,
            subject: format!("`{field}`"),
            aws_message: format!("The value for the field '{field}' must be a valid JSONPath"),
        }
    }

    /// The value of a `.$` key, or a path argument of an intrinsic in it.
    pub fn template(expr: &Expr<'_>) -> How {
        let key = expr.key.unwrap_or(expr.field);
        How {
            reference: false,
            syntax_code: Code::InvalidDollarValue,
            subject: format!("`{key}`"),
            aws_message: format!(
                "The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call"
            ),
        }
    }
}

/// Checks `text`, found at decoded offset `offset` of the expression.
pub(super) fn check(at: &mut At<'_, '_, '_>, sink: &mut Sink, text: &str, offset: usize, how: &How) {
    let shift = |r: Range<usize>| offset + r.start..offset + r.end;
    let path = match jsonpath::parse(text) {
        Ok(path) => path,
        Err(error) => {
            let message = format!("{} is not a valid path: {}", how.subject, error.message);
            sink.push(
                Diagnostic::new(how.syntax_code, at.range(shift(error.range)), message)
                    .aws_with(Some(at.expr.location.clone()), how.aws_message.clone()),
            );
            return;
        }
    };
    if how.reference {
        if let Some(step) = path.first_non_reference() {
            let written = &text[step.range.clone()];
            let message = format!(
                "{} must name a single value (a reference path), but `{written}` can select several: use only `.name`, `['name']` and `[index]` steps",
                how.subject
            );
            sink.push(
                Diagnostic::new(Code::NotReferencePath, at.range(shift(step.range.clone())), message)
                    .aws_at(Some(at.expr.location.clone())),
            );
        }
    }
    match &path.root {
        Root::Input => {}
        Root::Variable(name) => at.read(name, shift(path.root_range.clone()), false),
        Root::Context => {
            let names: Vec<(String, Range<usize>)> =
                path.member_prefix().map(|(name, step)| (name.to_string(), shift(step.selector.clone()))).collect();
            context(at, sink, &names, "$$");
        }
    }
}

/// Checks the member names read from the context object (`$$.Execution.Id`
/// or `$states.context.Execution.Id`, written `prefix` in messages).
pub(super) fn context(at: &mut At<'_, '_, '_>, sink: &mut Sink, names: &[(String, Range<usize>)], prefix: &str) {
    let plain: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    if plain.is_empty() {
        return;
    }
    if let ContextLookup::Unknown { index } = context_lookup(&plain) {
        let parent = plain[..index].join(".");
        let name = plain[index];
        let written = if parent.is_empty() { prefix.to_string() } else { format!("{prefix}.{parent}") };
        let children: Vec<&str> =
            context_children(&parent).map(|f| f.path.rsplit('.').next().unwrap_or(f.path)).collect();
        let range = at.range(names[index].1.clone());
        let message = if children.is_empty() {
            format!("`{written}` is a single value: it has no field `{name}`")
        } else {
            let list = children.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            format!("the context object has no field `{written}.{name}`: `{written}` has {list}")
        };
        let mut diagnostic = Diagnostic::new(Code::UnknownContextField, range, message);
        if let Some(suggestion) = closest(name, children.iter().copied()) {
            let edit = TextEdit::replace(range, escaped(suggestion));
            diagnostic = diagnostic.with_fix(Fix::safe(format!("Change to `{suggestion}`"), vec![edit]));
        }
        sink.push(diagnostic);
        return;
    }
    if plain.first() == Some(&"Map") && !builds_map_items(at) {
        let message = format!(
            "`{prefix}.Map` is set only while a Map state builds each item's input (its `ItemSelector`); here it is null"
        );
        sink.push(Diagnostic::new(Code::UnknownContextField, at.range(names[0].1.clone()), message));
    }
}

/// Whether the expression is in a Map state's `ItemSelector` (or the
/// legacy `Parameters`), where `Map.Item` is set.
fn builds_map_items(at: &At<'_, '_, '_>) -> bool {
    let state = &at.cx.machine.states[at.expr.state];
    state.kind == Some(StateKind::Map)
        && at.expr.part == Part::State
        && matches!(at.expr.field, "ItemSelector" | "Parameters")
}
