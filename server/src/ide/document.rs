//! [`Document`]: what the language server holds for one open file — a
//! definition ([`Analysis`]) or a template holding definitions
//! ([`Hosted`]) — with every editor feature answering in the file's own
//! byte offsets either way.

use super::completion::CompletionItem;
use super::diagnostics::{Diagnostic, StateMemo};
use super::edit::TextEdit;
use super::hover::Hover;
use super::navigation::Highlight;
use super::symbols::Symbol;
use super::{Action, Analysis, Config, Hosted};
use crate::text::{LineIndex, TextRange};

pub enum Document {
    Definition(Analysis),
    Template(Hosted),
}

impl Document {
    pub fn text(&self) -> &str {
        match self {
            Document::Definition(a) => a.text(),
            Document::Template(h) => h.text(),
        }
    }

    pub fn line_index(&self) -> &LineIndex {
        match self {
            Document::Definition(a) => a.line_index(),
            Document::Template(h) => h.line_index(),
        }
    }

    /// The machine to run or draw: the definition, or the template's
    /// machine `name` (needed when it holds several), with the map of its
    /// text into the document (`None`: the document is the definition).
    pub fn machine(&self, name: Option<&str>) -> Result<(&Analysis, Option<&crate::host::SourceMap>), String> {
        match self {
            Document::Definition(a) => Ok((a, None)),
            Document::Template(h) => {
                let names: Vec<&str> = h.machines().iter().map(|m| m.name.as_str()).collect();
                let machine = match (name, h.machines()) {
                    (Some(name), _) => h.machine(name).ok_or_else(|| format!("no state machine `{name}` here"))?,
                    (None, [one]) => one,
                    (None, _) => return Err(format!("choose a machine: {}", names.join(", "))),
                };
                match (&machine.analysis, &machine.linked) {
                    (Some(a), _) => Ok((a, Some(&machine.map))),
                    (None, Some(linked)) => Ok((&linked.analysis, None)),
                    (None, None) => Err(format!("the definition of `{}` is not in the template", machine.name)),
                }
            }
        }
    }

    /// The definition's analysis, when the document is one.
    pub fn definition_analysis(&self) -> Option<&Analysis> {
        match self {
            Document::Definition(a) => Some(a),
            Document::Template(_) => None,
        }
    }

    pub fn diagnostics(&self, config: &Config, memo: Option<&mut StateMemo>) -> Vec<Diagnostic> {
        match self {
            Document::Definition(a) => a.diagnostics_with(config, memo).into_owned(),
            Document::Template(h) => h.diagnostics(config).into_iter().map(|d| d.diagnostic).collect(),
        }
    }

    pub fn definition(&self, offset: u32) -> Option<TextRange> {
        match self {
            Document::Definition(a) => a.definition(offset),
            Document::Template(h) => h.definition(offset),
        }
    }

    pub fn references(&self, offset: u32, include_declaration: bool) -> Vec<TextRange> {
        match self {
            Document::Definition(a) => a.references(offset, include_declaration),
            Document::Template(h) => h.references(offset, include_declaration),
        }
    }

    pub fn highlights(&self, offset: u32) -> Vec<Highlight> {
        match self {
            Document::Definition(a) => a.highlights(offset),
            Document::Template(h) => h.highlights(offset),
        }
    }

    pub fn prepare_rename(&self, offset: u32) -> Result<(TextRange, String), String> {
        match self {
            Document::Definition(a) => a.prepare_rename(offset),
            Document::Template(h) => h.prepare_rename(offset),
        }
    }

    pub fn rename(&self, offset: u32, new_name: &str) -> Result<Vec<TextEdit>, String> {
        match self {
            Document::Definition(a) => a.rename(offset, new_name),
            Document::Template(h) => h.rename(offset, new_name),
        }
    }

    pub fn symbols(&self) -> Vec<Symbol> {
        match self {
            Document::Definition(a) => a.symbols(),
            Document::Template(h) => h.symbols(),
        }
    }

    pub fn semantic_tokens(&self) -> Vec<(TextRange, crate::lang::highlight::Class)> {
        match self {
            Document::Definition(a) => a.semantic_tokens(),
            Document::Template(h) => h.semantic_tokens(),
        }
    }

    /// None in a template: an editor takes folds (and selection ranges)
    /// from one provider, and the template's own YAML or Terraform tooling
    /// folds the whole file, not only its state machines.
    pub fn folding_ranges(&self) -> Vec<TextRange> {
        match self {
            Document::Definition(a) => a.folding_ranges(),
            Document::Template(_) => Vec::new(),
        }
    }

    pub fn selection_ranges(&self, offset: u32) -> Vec<TextRange> {
        match self {
            Document::Definition(a) => a.selection_ranges(offset),
            Document::Template(_) => Vec::new(),
        }
    }

    pub fn completions(&self, offset: u32) -> Vec<CompletionItem> {
        self.completions_with(offset, &Default::default())
    }

    /// [`Document::completions`], `$.` fields completed from a run's inputs.
    pub fn completions_with(&self, offset: u32, samples: &crate::ide::completion::Samples) -> Vec<CompletionItem> {
        match self {
            Document::Definition(a) => a.completions_with(offset, samples),
            Document::Template(h) => h.completions_with(offset, samples),
        }
    }

    pub fn hover(&self, offset: u32) -> Option<Hover> {
        match self {
            Document::Definition(a) => a.hover(offset),
            Document::Template(h) => h.hover(offset),
        }
    }

    /// The machine a `StateMachineArn` at `offset` starts, with the string's range.
    pub fn started(&self, offset: u32) -> Option<(TextRange, super::started::Started)> {
        match self {
            Document::Definition(a) => super::started::started_at(a.text(), a.root_value()?, offset),
            Document::Template(h) => h.started(offset),
        }
    }

    pub fn refactors(&self, range: TextRange, machine_wide: bool) -> Vec<super::refactor::Refactor> {
        match self {
            Document::Definition(a) => a.refactors(range, machine_wide),
            Document::Template(h) => h.refactors(range, machine_wide),
        }
    }

    pub fn signature_help(&self, offset: u32) -> Option<super::signature_help::SignatureHelp> {
        match self {
            Document::Definition(a) => a.signature_help(offset),
            Document::Template(h) => h.signature_help(offset),
        }
    }

    pub fn code_actions(&self, range: TextRange, config: &Config) -> Vec<Action> {
        match self {
            Document::Definition(a) => a.code_actions(range, config),
            Document::Template(h) => h.code_actions(range, config),
        }
    }

    /// Where code lenses go: the definition's `StartAt`, or each machine's
    /// (with its name) in a template.
    pub fn lens_ranges(&self) -> Vec<(Option<&str>, TextRange)> {
        match self {
            Document::Definition(a) => vec![(None, a.start_at_range().unwrap_or_default())],
            Document::Template(h) => h.lens_ranges().into_iter().map(|(name, r)| (Some(name), r)).collect(),
        }
    }
}
