//! Where the expressions of a definition are: every string that Step
//! Functions evaluates as a path, an intrinsic call or JSONata, found by
//! the state's query language and the field it is in. Diagnostics,
//! variables, completion, hover and highlighting all start from this list.

use super::{Machine, QueryLanguage, State, StateId};
use crate::data::{state_fields, structure_fields, Operand, Shape, Structure, CHOICE_OPERATORS};
use crate::lang::is_jsonata_expression;
use crate::syntax::{Object, Value, ValueKind};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// `InputPath`, `OutputPath`: any JSONPath.
    Path,
    /// A path that names one node: `ResultPath`, `ItemsPath`, the `…Path`
    /// fields, a choice rule's `Variable` and `…Path` operands.
    ReferencePath,
    /// The value of a `.$` key in a payload template: a path or an
    /// intrinsic call.
    PathOrCall,
    /// Fail `ErrorPath`/`CausePath`: a reference path or an intrinsic call
    /// that returns a string.
    FailPath,
    /// `{% … %}` in a JSONata state.
    Jsonata,
    /// `{% … %}` in a JSONPath state: plain text there.
    InertJsonata,
    /// The value of a `.$` key in a JSONata state: plain text there.
    InertDollar,
}

/// Which part of a state an expression belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    State,
    /// Element `i` of `Catch`.
    Catcher(usize),
    /// Element `i` of `Choices` (and the rules nested in it).
    Rule(usize),
}

#[derive(Clone, Debug)]
pub struct Expr<'t> {
    /// The string literal.
    pub value: &'t Value,
    /// Its decoded text.
    pub text: &'t str,
    pub kind: ExprKind,
    pub state: StateId,
    pub part: Part,
    /// The field it is in, within its part: `Parameters`, `Output`,
    /// `Assign`, `Condition`, `Variable`, …
    pub field: &'t str,
    /// The member key of a template entry (`total.$`) or an `Assign` name.
    pub key: Option<&'t str>,
    /// AWS's location for a problem with it.
    pub location: String,
}

/// Template fields of JSONPath states: keys ending in `.$` are evaluated.
const TEMPLATES: &[&str] = &["Parameters", "ResultSelector", "ItemSelector", "Assign", "Credentials", "BatchInput"];

/// Fields of JSONata states that hold no expression, or hold nested
/// machines listed as states of their own.
const JSONATA_STRUCTURAL: &[&str] = &[
    "Type",
    "Comment",
    "Next",
    "End",
    "Resource",
    "QueryLanguage",
    "Default",
    "ItemProcessor",
    "Iterator",
    "Branches",
    "Retry",
];

/// Fields of catchers and choice rules that hold no expression.
const RULE_STRUCTURAL: &[&str] = &["Next", "Comment", "ErrorEquals"];

/// Every expression of every state, in document order per state.
pub fn expressions<'t>(machine: &Machine<'t>) -> Vec<Expr<'t>> {
    let mut out = Vec::new();
    for id in 0..machine.states.len() {
        state_expressions(machine, id, &mut out);
    }
    out
}

/// The expressions of one state.
pub fn state_expressions<'t>(machine: &Machine<'t>, id: StateId, out: &mut Vec<Expr<'t>>) {
    expressions_of(&machine.states[id], id, out);
}

/// The expressions of `state`, recorded as state `id`.
pub fn expressions_of<'t>(state: &State<'t>, id: StateId, out: &mut Vec<Expr<'t>>) {
    let (Some(object), Some(kind)) = (state.object, state.kind) else { return };
    let mut walker = Walker { out, state: id, pointer: state.pointer.clone() };
    match state.query_language {
        QueryLanguage::JsonPath => {
            let table = state_fields(kind.name()).unwrap_or_default();
            walker.jsonpath_fields(object, table, Part::State);
        }
        QueryLanguage::Jsonata => walker.jsonata_state(object),
    }
}

struct Walker<'o, 't> {
    out: &'o mut Vec<Expr<'t>>,
    state: StateId,
    /// The AWS location of the value being walked; grows and shrinks with
    /// the walk, so only expressions pay for a string of their own.
    pointer: String,
}

impl<'t> Walker<'_, 't> {
    /// Walks `f` with `/key` (or `[i]`) added to the pointer.
    fn within<R>(&mut self, step: Seg<'_>, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.pointer.len();
        match step {
            Seg::Key(key) => {
                self.pointer.push('/');
                self.pointer.push_str(key);
            }
            Seg::Index(i) => {
                let _ = write!(self.pointer, "[{i}]");
            }
        }
        let result = f(self);
        self.pointer.truncate(len);
        result
    }

    fn push(
        &mut self,
        value: &'t Value,
        kind: ExprKind,
        part: Part,
        field: &'t str,
        key: Option<&'t str>,
        location: String,
    ) {
        if let ValueKind::String(text) = &value.kind {
            self.out.push(Expr { value, text, kind, state: self.state, part, field, key, location });
        }
    }

    /// The fields of a JSONPath state or of a structure nested in one.
    fn jsonpath_fields(&mut self, object: &'t Object, table: &[crate::data::Field], part: Part) {
        for member in &object.members {
            let key = member.key.as_str();
            self.within(Seg::Key(key), |w| {
                if TEMPLATES.contains(&key) {
                    let field_pointer = w.pointer.len();
                    w.template(&member.value, part, key, field_pointer);
                    return;
                }
                if key == "Choices" {
                    for (i, rule) in member.value.as_array().unwrap_or_default().iter().enumerate() {
                        if let Some(rule) = rule.as_object() {
                            w.within(Seg::Index(i), |w| w.choice_rule(rule, Part::Rule(i), true));
                        }
                    }
                    return;
                }
                let Some(field) = table.iter().find(|f| f.name == key) else { return };
                let kind = match field.shape {
                    Shape::Path { .. } => ExprKind::Path,
                    Shape::ReferencePath { .. } => ExprKind::ReferencePath,
                    Shape::PathOrIntrinsic => ExprKind::FailPath,
                    Shape::Structure(structure) if nested(structure) => {
                        if let Some(inner) = member.value.as_object() {
                            w.jsonpath_fields(inner, structure_fields(structure), part);
                        }
                        return;
                    }
                    Shape::ArrayOf(structure) if nested(structure) => {
                        for (i, item) in member.value.as_array().unwrap_or_default().iter().enumerate() {
                            let Some(inner) = item.as_object() else { continue };
                            let part = if structure == Structure::Catcher { Part::Catcher(i) } else { part };
                            w.within(Seg::Index(i), |w| w.jsonpath_fields(inner, structure_fields(structure), part));
                        }
                        return;
                    }
                    _ => return,
                };
                let location = w.pointer.clone();
                w.push(&member.value, kind, part, key, None, location);
            });
        }
    }

    /// A payload template; the pointer's first `field_pointer` bytes are
    /// where AWS reports a bad `.$` value (the template field itself).
    fn template(&mut self, value: &'t Value, part: Part, field: &'t str, field_pointer: usize) {
        match &value.kind {
            ValueKind::Object(object) => {
                for member in &object.members {
                    if member.key.ends_with(".$") {
                        let location = self.pointer[..field_pointer].to_string();
                        self.push(&member.value, ExprKind::PathOrCall, part, field, Some(&member.key), location);
                    } else {
                        self.within(Seg::Key(&member.key), |w| {
                            if member.value.as_str().is_some_and(is_jsonata_expression) {
                                let location = w.pointer.clone();
                                w.push(&member.value, ExprKind::InertJsonata, part, field, Some(&member.key), location);
                            } else {
                                w.template(&member.value, part, field, field_pointer);
                            }
                        });
                    }
                }
            }
            ValueKind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.within(Seg::Index(i), |w| {
                        if item.as_str().is_some_and(is_jsonata_expression) {
                            let location = w.pointer.clone();
                            w.push(item, ExprKind::InertJsonata, part, field, None, location);
                        } else {
                            w.template(item, part, field, field_pointer);
                        }
                    });
                }
            }
            _ => {}
        }
    }

    /// A JSONPath choice rule, and the rules nested in `And`/`Or`/`Not`.
    fn choice_rule(&mut self, rule: &'t Object, part: Part, top: bool) {
        for member in &rule.members {
            let key = member.key.as_str();
            self.within(Seg::Key(key), |w| match key {
                "Variable" => {
                    let location = w.pointer.clone();
                    w.push(&member.value, ExprKind::ReferencePath, part, key, None, location);
                }
                "Assign" if top => {
                    let field_pointer = w.pointer.len();
                    w.template(&member.value, part, key, field_pointer);
                }
                "And" | "Or" => {
                    for (i, nested) in member.value.as_array().unwrap_or_default().iter().enumerate() {
                        if let Some(nested) = nested.as_object() {
                            w.within(Seg::Index(i), |w| w.choice_rule(nested, part, false));
                        }
                    }
                }
                "Not" => {
                    if let Some(nested) = member.value.as_object() {
                        w.choice_rule(nested, part, false);
                    }
                }
                _ => {
                    let is_path_operand =
                        CHOICE_OPERATORS.iter().any(|(op, operand)| *op == key && *operand == Operand::Path);
                    if is_path_operand {
                        let location = w.pointer.clone();
                        w.push(&member.value, ExprKind::ReferencePath, part, key, None, location);
                    }
                }
            });
        }
    }

    fn jsonata_state(&mut self, object: &'t Object) {
        for member in &object.members {
            let key = member.key.as_str();
            if JSONATA_STRUCTURAL.contains(&key) {
                continue;
            }
            self.within(Seg::Key(key), |w| match key {
                "Catch" | "Choices" => {
                    for (i, item) in member.value.as_array().unwrap_or_default().iter().enumerate() {
                        let Some(rule) = item.as_object() else { continue };
                        let part = if key == "Catch" { Part::Catcher(i) } else { Part::Rule(i) };
                        w.within(Seg::Index(i), |w| {
                            for field in rule.members.iter().filter(|m| !RULE_STRUCTURAL.contains(&m.key.as_str())) {
                                w.within(Seg::Key(&field.key), |w| {
                                    w.jsonata_value(&field.value, part, &field.key, None)
                                });
                            }
                        });
                    }
                }
                _ => w.jsonata_value(&member.value, Part::State, key, None),
            });
        }
    }

    fn jsonata_value(&mut self, value: &'t Value, part: Part, field: &'t str, key: Option<&'t str>) {
        match &value.kind {
            ValueKind::String(s) if is_jsonata_expression(s) => {
                let location = self.pointer.clone();
                self.push(value, ExprKind::Jsonata, part, field, key, location);
            }
            ValueKind::Object(object) => {
                for member in &object.members {
                    // `Assign` names are the keys of its top-level object.
                    let key = if field == "Assign" && key.is_none() { Some(member.key.as_str()) } else { key };
                    self.within(Seg::Key(&member.key), |w| {
                        if member.key.ends_with(".$") && member.value.as_str().is_some() {
                            let location = w.pointer.clone();
                            w.push(&member.value, ExprKind::InertDollar, part, field, Some(&member.key), location);
                        } else {
                            w.jsonata_value(&member.value, part, field, key);
                        }
                    });
                }
            }
            ValueKind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.within(Seg::Index(i), |w| w.jsonata_value(item, part, field, key));
                }
            }
            _ => {}
        }
    }
}

/// One step of a pointer.
enum Seg<'k> {
    Key(&'k str),
    Index(usize),
}

/// Structures whose fields are walked here (machines and choice rules are
/// walked on their own).
fn nested(structure: Structure) -> bool {
    !matches!(structure, Structure::Machine | Structure::ChoiceRule)
}
