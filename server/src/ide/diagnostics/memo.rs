//! Reuse, between versions of one document, of each state's own diagnostics
//! (`machine::check_state`: its type, fields, resource, parameters, rules,
//! and its paths, intrinsic calls and JSONata, with the variables they read)
//! when the state's text has not changed. A keystroke in a 5000-state file
//! then re-checks one state, not all. The result is the same as checking afresh:
//! an entry is used only when the state's text (from the start of its key's
//! line, so indentation counts), place (its pointer), query language,
//! distributed-Map setting, the machine type and the file's indentation
//! unit are all the same, and only diagnostics lying wholly inside that
//! text are kept, stored relative to its start.

use super::machine::check_state;
use super::variables::Use;
use super::{jsonata, Cx, Diagnostic, Sink};
use crate::ide::edit::{indent_unit, line_start};
use crate::ide::MachineType;
use crate::model::QueryLanguage;
use crate::text::TextRange;
use foldhash::HashMap;

/// The last check's per-state diagnostics of one document.
#[derive(Default)]
pub struct StateMemo {
    indent: String,
    machine_type: MachineType,
    /// Each state's place (`/States/A/Branches[0]/States/B`), in the checked
    /// version's order.
    pointers: Vec<String>,
    /// Indexed like `pointers`; `None` for a state whose diagnostics are not kept.
    entries: Vec<Option<Entry>>,
}

struct Entry {
    source: Box<str>,
    query_language: QueryLanguage,
    distributed: bool,
    /// Ranges relative to the start of `source`.
    diagnostics: Vec<Diagnostic>,
    uses: Vec<Use>,
}

impl StateMemo {
    /// `check_state` for every state, reusing
    /// what is unchanged; returns the variables read, and keeps this
    /// version's entries only.
    pub(super) fn check_states<'t>(&mut self, cx: &Cx<'_, 't>, sink: &mut Sink) -> Vec<Use> {
        let indent = indent_unit(cx.text);
        if indent != self.indent || cx.config.machine_type != self.machine_type {
            self.entries.clear();
            self.pointers.clear();
            self.indent = indent;
            self.machine_type = cx.config.machine_type;
        }
        let pointers = std::mem::take(&mut self.pointers);
        let entries = std::mem::take(&mut self.entries);
        let mut previous = Previous { pointers: &pointers, entries, by_pointer: None, shift: 0 };
        self.entries.reserve(cx.machine.states.len());
        self.pointers.reserve(cx.machine.states.len());
        let mut uses = Vec::new();
        let mut cache = jsonata::Cache::default();
        for (id, state) in cx.machine.states.iter().enumerate() {
            self.pointers.push(state.pointer.clone());
            let range = state.member.range();
            let start = line_start(cx.text, range.start);
            let Some(source) = cx.text.get(start..range.end as usize) else {
                check_state(cx, sink, id, &mut uses, &mut cache);
                self.entries.push(None);
                continue;
            };
            let distributed = cx.machine.in_distributed_map(state.scope);
            let reusable = previous.take(id, &state.pointer).filter(|e| {
                &*e.source == source && e.query_language == state.query_language && e.distributed == distributed
            });
            let entry = match reusable {
                Some(entry) => {
                    sink.diagnostics.extend(entry.diagnostics.iter().map(|d| shifted(d, start as i64)));
                    uses.extend(entry.uses.iter().map(|u| Use {
                        range: shift(u.range, start as i64),
                        state: id,
                        ..u.clone()
                    }));
                    entry
                }
                None => {
                    let (first, first_use) = (sink.diagnostics.len(), uses.len());
                    check_state(cx, sink, id, &mut uses, &mut cache);
                    let inside = TextRange::new(start as u32, range.end);
                    let produced = &sink.diagnostics[first..];
                    let read = &uses[first_use..];
                    if !produced.iter().all(|d| within(d, inside))
                        || !read.iter().all(|u| inside.contains_range(u.range))
                    {
                        // Refers outside its state: checked afresh each time.
                        self.entries.push(None);
                        continue;
                    }
                    let back = -(start as i64);
                    Entry {
                        source: source.into(),
                        query_language: state.query_language,
                        distributed,
                        diagnostics: produced.iter().map(|d| shifted(d, back)).collect(),
                        uses: read.iter().map(|u| Use { range: shift(u.range, back), ..u.clone() }).collect(),
                    }
                }
            };
            self.entries.push(Some(entry));
        }
        uses
    }
}

/// The entries of the last check, taken one by one by pointer.
struct Previous<'p> {
    pointers: &'p [String],
    entries: Vec<Option<Entry>>,
    /// Built only when a state is not where it was (moved or renamed).
    by_pointer: Option<HashMap<&'p str, usize>>,
    /// Where the last state found by pointer had moved to, relative to its index.
    shift: isize,
}

impl<'p> Previous<'p> {
    /// The entry of the state at `pointer`, now the `id`th: an edit seldom
    /// moves states, so the same position (or the last found shift) is
    /// tried before a lookup by pointer.
    fn take(&mut self, id: usize, pointer: &str) -> Option<Entry> {
        let guesses = [Some(id), id.checked_add_signed(self.shift)];
        for at in guesses.into_iter().flatten() {
            if self.pointers.get(at).is_some_and(|p| p == pointer) {
                return self.entries.get_mut(at)?.take();
            }
        }
        let pointers = self.pointers;
        let by_pointer =
            self.by_pointer.get_or_insert_with(|| pointers.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect());
        let at = *by_pointer.get(pointer)?;
        self.shift = at as isize - id as isize;
        self.entries.get_mut(at)?.take()
    }
}

fn within(d: &Diagnostic, outer: TextRange) -> bool {
    outer.contains_range(d.range) && d.fixes.iter().flat_map(|f| &f.edits).all(|e| outer.contains_range(e.range))
}

fn shift(r: TextRange, by: i64) -> TextRange {
    let at = |o: u32| (o as i64 + by).clamp(0, u32::MAX as i64) as u32;
    TextRange::new(at(r.start), at(r.end))
}

fn shifted(d: &Diagnostic, by: i64) -> Diagnostic {
    let mut d = d.clone();
    d.range = shift(d.range, by);
    for edit in d.fixes.iter_mut().flat_map(|f| &mut f.edits) {
        edit.range = shift(edit.range, by);
    }
    d
}
