//! Coverage of a machine by test runs: each state entered, each Choice
//! rule matched and `Default` taken, each retrier and catcher that fired —
//! counted over runs, reported as a table, JSON or lcov.

use crate::model::{lower, StateKind};
use crate::run::{Outcome, Taken};
use crate::syntax::{Language, Value as Node};
use crate::text::{LineIndex, TextRange};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    State,
    Rule(usize),
    Default,
    Retrier(usize),
    Catcher(usize),
}

/// One thing a run can cover, and how often runs did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    pub state: String,
    /// The state's name in the definition (the item's line for lcov).
    pub state_range: TextRange,
    pub hits: usize,
}

impl Item {
    pub fn label(&self) -> String {
        match self.kind {
            ItemKind::State => format!("state `{}`", self.state),
            ItemKind::Rule(i) => format!("`{}` rule {i}", self.state),
            ItemKind::Default => format!("`{}` Default", self.state),
            ItemKind::Retrier(i) => format!("`{}` retrier {i}", self.state),
            ItemKind::Catcher(i) => format!("`{}` catcher {i}", self.state),
        }
    }
}

/// The coverage of one definition.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    pub items: Vec<Item>,
}

impl Coverage {
    /// Every coverable item of the definition, none hit yet.
    pub fn of(definition: &str, language: Language) -> Coverage {
        let parse = language.parse(definition);
        let Some(machine) = parse.root.as_ref().and_then(lower) else { return Coverage::default() };
        let mut items = Vec::new();
        for state in &machine.states {
            let item = |kind| Item { kind, state: state.name.to_string(), state_range: state.name_range(), hits: 0 };
            items.push(item(ItemKind::State));
            let count = |field: &str| state.field(field).and_then(|m| m.value.as_array()).map_or(0, <[Node]>::len);
            if state.kind == Some(StateKind::Choice) {
                items.extend((0..count("Choices")).map(|i| item(ItemKind::Rule(i))));
                if state.field("Default").is_some() {
                    items.push(item(ItemKind::Default));
                }
            }
            items.extend((0..count("Retry")).map(|i| item(ItemKind::Retrier(i))));
            items.extend((0..count("Catch")).map(|i| item(ItemKind::Catcher(i))));
        }
        Coverage { items }
    }

    /// Counts what a run covered.
    pub fn record(&mut self, outcome: &Outcome) {
        for run in &outcome.states {
            let mut hit = |kind: ItemKind| {
                if let Some(item) = self.items.iter_mut().find(|i| i.state_range == run.name_range && i.kind == kind) {
                    item.hits += 1;
                }
            };
            hit(ItemKind::State);
            for taken in &run.taken {
                hit(match *taken {
                    Taken::Rule(i) => ItemKind::Rule(i),
                    Taken::Default => ItemKind::Default,
                    Taken::Retrier(i) => ItemKind::Retrier(i),
                    Taken::Catcher(i) => ItemKind::Catcher(i),
                });
            }
        }
    }

    /// (covered, all) of the states, and of the branches (rules, Default,
    /// retriers, catchers).
    pub fn totals(&self) -> ((usize, usize), (usize, usize)) {
        let count = |states: bool| {
            let all: Vec<&Item> = self.items.iter().filter(|i| (i.kind == ItemKind::State) == states).collect();
            (all.iter().filter(|i| i.hits > 0).count(), all.len())
        };
        (count(true), count(false))
    }

    /// The lcov record of the definition at `path` (lines of the states'
    /// names; branches as `BRDA` on their state's line).
    pub fn lcov(&self, path: &str, definition: &str) -> String {
        let index = LineIndex::new(definition);
        let line = |range: TextRange| index.chars(definition, range.start).line + 1;
        let mut out = format!("TN:\nSF:{path}\n");
        let mut lines: Vec<(u32, usize)> = Vec::new();
        for item in self.items.iter().filter(|i| i.kind == ItemKind::State) {
            let at = line(item.state_range);
            match lines.iter_mut().find(|(l, _)| *l == at) {
                Some((_, hits)) => *hits = (*hits).max(item.hits),
                None => lines.push((at, item.hits)),
            }
        }
        lines.sort();
        for (at, hits) in &lines {
            let _ = writeln!(out, "DA:{at},{hits}");
        }
        let branches: Vec<&Item> = self.items.iter().filter(|i| i.kind != ItemKind::State).collect();
        for (n, item) in branches.iter().enumerate() {
            let hits = if item.hits > 0 { item.hits.to_string() } else { "0".into() };
            let _ = writeln!(out, "BRDA:{},0,{n},{hits}", line(item.state_range));
        }
        let ((_, _), (branches_hit, branches_all)) = self.totals();
        let lines_hit = lines.iter().filter(|(_, h)| *h > 0).count();
        let _ =
            writeln!(out, "BRF:{branches_all}\nBRH:{branches_hit}\nLF:{}\nLH:{lines_hit}\nend_of_record", lines.len());
        out
    }
}
