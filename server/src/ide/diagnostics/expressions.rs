//! Expressions inside strings: each path, intrinsic call and JSONata
//! expression the model finds is parsed and checked in its own language
//! (`paths`, `calls`, `jsonata`), errors placed on the exact characters
//! (escapes in the JSON string accounted for). The variables they read are
//! collected for the data-flow check of `variables`.

use super::fields::{has_placeholder, path_start_is_valid};
use super::variables::Use;
use super::{calls, jsonata, paths, Code, Cx, Diagnostic, Sink};
use crate::model::{Expr, ExprKind, StateId};
use crate::syntax::source_range;
use crate::text::TextRange;
use std::ops::Range;

/// The expressions of state `id`; the variables they read go to `uses`,
/// for `variables::check` once every state is done.
pub(super) fn check_state<'t>(
    cx: &Cx<'_, 't>,
    sink: &mut Sink,
    id: StateId,
    uses: &mut Vec<Use>,
    cache: &mut jsonata::Cache<'t>,
) {
    let mut expressions = Vec::new();
    crate::model::state_expressions(cx.machine, id, &mut expressions);
    for expr in &expressions {
        let mut at = At { cx, expr, uses };
        match expr.kind {
            _ if has_placeholder(expr.text) && expr.kind != ExprKind::Jsonata => {}
            ExprKind::Path | ExprKind::ReferencePath if path_start_is_valid(expr.text) => {
                let how = paths::How::field(expr, expr.kind == ExprKind::ReferencePath);
                paths::check(&mut at, sink, expr.text, 0, &how);
            }
            ExprKind::Path | ExprKind::ReferencePath => {}
            ExprKind::PathOrCall if expr.text.starts_with("States.") => calls::check(&mut at, sink, false),
            ExprKind::PathOrCall if path_start_is_valid(expr.text) => {
                paths::check(&mut at, sink, expr.text, 0, &paths::How::template(expr));
            }
            ExprKind::FailPath if expr.text.starts_with("States.") => calls::check(&mut at, sink, true),
            ExprKind::FailPath if path_start_is_valid(expr.text) => {
                paths::check(&mut at, sink, expr.text, 0, &paths::How::field(expr, true));
            }
            ExprKind::PathOrCall | ExprKind::FailPath => {}
            ExprKind::Jsonata => jsonata::check(&mut at, sink, cache),
            ExprKind::InertJsonata => {
                let message = "this is a JSONPath state, so `{% … %}` is not evaluated: the text is passed on as written; set `\"QueryLanguage\": \"JSONata\"` on the state to evaluate it";
                sink.push(Diagnostic::new(Code::JsonataInJsonPath, expr.value.range, message));
            }
            ExprKind::InertDollar => {
                let key = expr.key.unwrap_or_default();
                let message = format!("this is a JSONata state, so `{key}` is an ordinary key and `{}` is passed on as text: write `\"{}\": \"{{% … %}}\"` to compute it", expr.text, key.trim_end_matches(".$"));
                sink.push(Diagnostic::new(Code::DollarKeyInJsonata, expr.value.range, message));
            }
        }
    }
}

/// One expression being checked: maps its offsets to the document and
/// records the variables it reads.
pub(super) struct At<'a, 'c, 't> {
    pub cx: &'a Cx<'c, 't>,
    pub expr: &'a Expr<'t>,
    pub uses: &'a mut Vec<Use>,
}

impl At<'_, '_, '_> {
    /// The document range of decoded bytes `range` of the expression's string.
    pub fn range(&self, range: Range<usize>) -> TextRange {
        source_range(self.cx.text, self.expr.value.range, range.start, range.end)
    }

    /// Records a read of variable `name` at decoded bytes `range`;
    /// `guarded`: the expression tests whether it is set.
    pub fn read(&mut self, name: &str, range: Range<usize>, guarded: bool) {
        let range = self.range(range);
        let jsonata = self.expr.kind == ExprKind::Jsonata;
        let function = jsonata && crate::lang::sfn_jsonata::is_function(name);
        self.uses.push(Use { name: name.to_string(), range, state: self.expr.state, jsonata, guarded, function });
    }
}
