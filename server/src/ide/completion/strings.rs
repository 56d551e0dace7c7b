//! Completion inside expression strings: context-object fields after `$$.`
//! and `$states.context.`, `$states` members, variables visible in the
//! state, intrinsic functions (JSONPath) and JSONata functions, each with
//! the edit that replaces what is typed of it.

use super::samples::{member_items, value_at, Samples};
use super::{CompletionItem, ItemKind};
use crate::data::{context_children, Intrinsic, INTRINSICS};
use crate::ide::edit::{json_escaped as escaped, TextEdit};
use crate::ide::expr_at::{word_before, ExprAt};
use crate::lang::jsonata::functions;
use crate::lang::sfn_jsonata;
use crate::model::{assignments, visible_parent, ExprKind, Machine, ScopeId};
use crate::syntax::source_range;
use std::collections::BTreeMap;

/// `$states` members and what each holds.
pub(crate) const STATES_MEMBERS: &[(&str, &str)] = &[
    ("input", "The state's input."),
    ("result", "The result of the task, branches or iterations; in `Output` and `Assign` of Task, Parallel and Map."),
    ("errorOutput", "The error (`Error`, `Cause`); only in a catcher's `Output` and `Assign`."),
    ("context", "The context object: execution, state, state machine, task and Map item."),
];

pub(crate) fn items(text: &str, at: &ExprAt<'_>, samples: &Samples) -> Vec<CompletionItem> {
    let expr = &at.expr;
    let (start, word) = word_before(expr.text, at.cursor);
    let out = Out { text, at, order: std::cell::Cell::new(0) };
    let jsonata = expr.kind == ExprKind::Jsonata;
    if matches!(expr.kind, ExprKind::InertJsonata | ExprKind::InertDollar) {
        return Vec::new();
    }
    // `$$.Execution.I`, `$states.context.Execution.I`
    let context = if jsonata { word.strip_prefix("$states.context.") } else { word.strip_prefix("$$.") };
    if let Some(rest) = context {
        let (parent, partial) = rest.rsplit_once('.').unwrap_or(("", rest));
        let from = at.cursor - partial.len();
        return context_children(parent)
            .map(|f| {
                let name = f.path.rsplit('.').next().unwrap_or(f.path);
                out.item(name, ItemKind::Field, Some(f.ty.name().to_string()), Some(f.doc.to_string()), from, false)
            })
            .collect();
    }
    if jsonata {
        if let Some(partial) = word.strip_prefix("$states.") {
            if !partial.contains('.') {
                let from = at.cursor - partial.len();
                return STATES_MEMBERS
                    .iter()
                    .map(|(name, doc)| out.item(name, ItemKind::Field, None, Some(doc.to_string()), from, false))
                    .collect();
            }
        }
    }
    let after_call_start = expr.text[..start].trim_end().ends_with(['(', ',']) || start == 0;
    let call_position = matches!(expr.kind, ExprKind::PathOrCall | ExprKind::FailPath) && after_call_start;
    if call_position
        && !word.starts_with('$')
        && (word.is_empty() || "States.".starts_with(word) || word.starts_with("States."))
    {
        return INTRINSICS.iter().map(|f| intrinsic_item(&out, f, start)).collect();
    }
    if word.contains('.') {
        return sample_items(&out, jsonata, samples);
    }
    let mut items = Vec::new();
    if word.starts_with('$') || (jsonata && word.is_empty()) {
        let machine = at.machine();
        let variables = machine.as_ref().map(|(m, id)| visible_variables(m, m.states[*id].scope)).unwrap_or_default();
        for (name, states) in variables {
            let doc =
                format!("Assigned in {}.", states.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "));
            items.push(out.item(
                &format!("${name}"),
                ItemKind::Value,
                Some("variable".into()),
                Some(doc),
                start,
                false,
            ));
        }
        if jsonata {
            items.push(out.item(
                "$states",
                ItemKind::Value,
                Some("Step Functions".into()),
                Some("The state's input, result, error output and context.".into()),
                start,
                false,
            ));
            items.extend(jsonata_functions(&out, start));
        }
    }
    items
}

/// `$.order.` / `$states.input.order.`: the members the state's input had
/// in the last run. In JSONPath, `$` is the input after `InputPath` only in
/// the fields that read it; `ResultSelector` (the result) and `OutputPath`
/// (the output) get nothing.
fn sample_items(out: &Out<'_, '_>, jsonata: bool, samples: &Samples) -> Vec<CompletionItem> {
    // The path typed so far, index steps (`lines[0]`) included.
    let before = &out.at.expr.text[..out.at.cursor];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '$' | '_' | '.' | '[' | ']'))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[start..];
    let typed = if jsonata { word.strip_prefix("$states.input.") } else { word.strip_prefix("$.") };
    let Some(typed) = typed else { return Vec::new() };
    if !jsonata && matches!(out.at.expr.field, "ResultSelector" | "OutputPath") {
        return Vec::new();
    }
    let Some(input) = samples.input(&out.at.state_member.key) else { return Vec::new() };
    let Some((value, partial)) = value_at(input, typed) else { return Vec::new() };
    let from = out.at.cursor - partial;
    member_items(value, |name, kind, detail, doc| out.item(name, kind, detail, doc, from, false))
}

/// Variables assigned in `scope` or a scope it sees, with their states.
fn visible_variables<'t>(machine: &Machine<'t>, scope: ScopeId) -> BTreeMap<&'t str, Vec<&'t str>> {
    let mut seen = vec![scope];
    let mut current = scope;
    while let Some(parent) = visible_parent(machine, current) {
        seen.push(parent);
        current = parent;
    }
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in assignments(machine) {
        let state = &machine.states[a.state];
        if seen.contains(&state.scope) {
            let states = out.entry(a.name).or_default();
            if !states.contains(&state.name) {
                states.push(state.name);
            }
        }
    }
    out
}

fn jsonata_functions<'a>(out: &'a Out<'_, '_>, start: usize) -> impl Iterator<Item = CompletionItem> + 'a {
    let sfn =
        sfn_jsonata::FUNCTIONS.iter().map(move |(name, signature, doc)| out.call_item(name, signature, doc, start));
    let builtin = functions::names().filter(|(n, _)| *n != "eval").map(move |(name, signature)| {
        match crate::data::jsonata_functions::function(name) {
            Some(function) => out.call_item(name, &function.label().0, function.doc, start),
            None => {
                let doc = format!("JSONata function; signature `{signature}`. See https://docs.jsonata.org/");
                out.call_item(name, &format!("${name}(…)"), &doc, start)
            }
        }
    });
    sfn.chain(builtin)
}

fn intrinsic_item(out: &Out<'_, '_>, function: &Intrinsic, start: usize) -> CompletionItem {
    let params: Vec<String> =
        function.params.iter().enumerate().map(|(i, p)| format!("${{{}:{}}}", i + 1, p.name)).collect();
    let snippet = format!("{}({})", function.name, params.join(", "));
    let mut item = out.item(
        function.name,
        ItemKind::Operator,
        Some(function.signature()),
        Some(function.doc.to_string()),
        start,
        true,
    );
    item.edit.new_text = snippet;
    item
}

struct Out<'a, 't> {
    text: &'a str,
    at: &'a ExprAt<'t>,
    order: std::cell::Cell<usize>,
}

impl Out<'_, '_> {
    /// An item replacing decoded bytes `from..cursor` with `label`.
    fn item(
        &self,
        label: &str,
        kind: ItemKind,
        detail: Option<String>,
        doc: Option<String>,
        from: usize,
        snippet: bool,
    ) -> CompletionItem {
        let range = source_range(self.text, self.at.expr.value.range, from, self.at.cursor);
        self.order.set(self.order.get() + 1);
        CompletionItem {
            label: label.to_string(),
            kind,
            detail,
            documentation: doc,
            edit: TextEdit::replace(range, escaped(label)),
            additional_edits: Vec::new(),
            snippet,
            filter_text: Some(label.to_string()),
            sort_text: Some(format!("{:04}", self.order.get())),
        }
    }

    /// `$name(…)` with the cursor between the parentheses.
    fn call_item(&self, name: &str, signature: &str, doc: &str, from: usize) -> CompletionItem {
        let label = format!("${name}");
        let mut item =
            self.item(&label, ItemKind::Operator, Some(signature.to_string()), Some(doc.to_string()), from, true);
        item.edit.new_text = format!("\\${name}($1)");
        item
    }
}
