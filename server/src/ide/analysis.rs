//! [`Analysis`]: one immutable snapshot of a document — its text, parse
//! and line index — and every editor feature as a method answering in byte
//! offsets. The language server keeps one per document version; the CLI
//! makes one per file.

use super::completion::{self, CompletionItem};
use super::diagnostics::{self, Diagnostic, StateMemo};
use super::edit::{Fix, TextEdit};
use super::hover::{self, Hover};
use super::navigation::{self, Highlight};
use super::structure;
use super::symbols::{self, Symbol};
use super::Config;
use crate::graph::{Format, Visit};
use crate::host::{Embedding, Findings, Rule};
use crate::model::{lower, Machine};
use crate::syntax::{reparse, Language, Parse, Value};
use crate::text::{floor_char_boundary, Edit, LineIndex, TextRange};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The model lowered from a parse, borrowing it.
type Lowered<'t> = Option<Machine<'t>>;

self_cell::self_cell!(
    /// The parse and its model, kept together: lowered once per version,
    /// not per request.
    struct Tree {
        owner: Parse,
        #[covariant]
        dependent: Lowered,
    }
);

pub struct Analysis {
    text: Box<str>,
    language: Language,
    tree: Tree,
    line_index: LineIndex,
    /// The diagnostics of the first config asked for (code actions ask again).
    diagnostics: OnceLock<(Config, Vec<Diagnostic>)>,
    /// For a definition inside a template: what reading it as the host
    /// deploys it found (placeholders nothing supplies, substitutions used).
    embedded: Option<Findings>,
}

/// A quick fix offered for a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub fix: Fix,
    /// The diagnostic it fixes.
    pub diagnostic: Diagnostic,
    /// The one fix an editor may apply without asking ("preferred").
    pub preferred: bool,
}

/// The model of a parse. Lowering is total on any tree; should it ever
/// panic, the document is just not a machine.
fn lowered(parse: &Parse) -> Lowered<'_> {
    let root = parse.root.as_ref()?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lower(root))).ok().flatten()
}

impl Analysis {
    /// The analysis of a JSON definition.
    pub fn new(text: impl Into<Box<str>>) -> Self {
        Analysis::new_in(text, Language::Json)
    }

    pub fn new_in(text: impl Into<Box<str>>, language: Language) -> Self {
        let text = text.into();
        let parse = if text.len() > diagnostics::MAX_ANALYSED_BYTES { Parse::default() } else { language.parse(&text) };
        let line_index = LineIndex::new(&text);
        let tree = Tree::new(parse, lowered);
        Analysis { text, language, tree, line_index, diagnostics: OnceLock::new(), embedded: None }
    }

    /// The analysis of a definition embedded in a template (see
    /// [`crate::host`]): its values read as the host deploys them.
    pub fn new_embedded(text: impl Into<Box<str>>, language: Language, embedding: &Embedding) -> Self {
        let text = text.into();
        let mut parse = if text.len() > diagnostics::MAX_ANALYSED_BYTES {
            Parse::default()
        } else {
            match language {
                Language::Yaml if embedding.cfn => crate::syntax::parse_yaml_cfn(&text),
                _ => language.parse(&text),
            }
        };
        let findings = crate::host::prepare(&text, &mut parse, embedding);
        let line_index = LineIndex::new(&text);
        let tree = Tree::new(parse, lowered);
        Analysis { text, language, tree, line_index, diagnostics: OnceLock::new(), embedded: Some(findings) }
    }

    /// Whether the text has a syntax error (not a warning such as a YAML
    /// alias or a value YAML loaders read differently).
    pub fn has_syntax_errors(&self) -> bool {
        use crate::syntax::SyntaxErrorKind as Kind;
        self.tree.borrow_owner().errors.iter().any(|e| !matches!(e.kind, Kind::YamlAlias | Kind::YamlTyping))
    }

    /// The substitutions an embedded definition uses.
    pub fn used_substitutions(&self) -> &[String] {
        self.embedded.as_ref().map_or(&[], |f| &f.used)
    }

    /// Diagnostics of an embedded definition's placeholders.
    fn placeholder_diagnostics(&self) -> Vec<Diagnostic> {
        let Some(findings) = &self.embedded else { return Vec::new() };
        let code = diagnostics::Code::TemplateUnresolved;
        findings
            .unresolved
            .iter()
            .map(|(range, name, rule, known)| {
                let (message, severity) = match rule {
                    Rule::Sub => (
                        format!("`${{{name}}}` names no parameter, resource, pseudo parameter or `Fn::Sub` variable: CloudFormation refuses the template; define `{name}`, or write `${{!{name}}}` for the literal text"),
                        diagnostics::Severity::Error,
                    ),
                    Rule::Vars => (
                        format!("`${{{name}}}` is not a variable of the `templatefile` call: Terraform refuses to render it; add `{name} = …` to the call's map, or write `$${{{name}}}` for the literal text"),
                        diagnostics::Severity::Error,
                    ),
                    _ if *known => (
                        format!("`{name}` is in the template, but nothing substitutes it here: `${{{name}}}` is deployed as written; add `{name}: !Ref {name}` (or `!GetAtt`) to `DefinitionSubstitutions`"),
                        diagnostics::Severity::Warning,
                    ),
                    _ => (
                        format!("nothing supplies `${{{name}}}`: it is deployed as the literal text `${{{name}}}`; add `{name}` to `DefinitionSubstitutions`"),
                        diagnostics::Severity::Warning,
                    ),
                };
                Diagnostic::new(code, *range, message).with_severity(severity)
            })
            .collect()
    }

    /// The analysis of `text`, an edit of `previous`'s: only the object or
    /// array around the changed bytes is parsed again (see
    /// [`crate::syntax::reparse`]); the rest of its tree is kept. YAML is
    /// parsed again whole: its structure is indentation, which one edit can
    /// change for every line below it.
    pub fn after(text: impl Into<Box<str>>, previous: Analysis) -> Self {
        let text = text.into();
        if text.len() > diagnostics::MAX_ANALYSED_BYTES || previous.language != Language::Json {
            return Analysis::new_in(text, previous.language);
        }
        let Analysis { text: old_text, tree, line_index, .. } = previous;
        let edit = Edit::between(&old_text, &text);
        drop(old_text);
        let (parse, _) = reparse(tree.into_owner(), &text, edit);
        let line_index = line_index.edited(&text, edit);
        let tree = Tree::new(parse, lowered);
        Analysis { text, language: Language::Json, tree, line_index, diagnostics: OnceLock::new(), embedded: None }
    }

    /// `offset` inside the text and on a character boundary (moved back):
    /// every feature below may take any offset.
    fn at(&self, offset: u32) -> u32 {
        floor_char_boundary(&self.text, offset.min(self.text.len() as u32))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    fn root(&self) -> Option<&Value> {
        self.tree.borrow_owner().root.as_ref()
    }

    /// The tree the analysis reads (for an embedded definition: as the
    /// host deploys it).
    pub fn root_value(&self) -> Option<&Value> {
        self.root()
    }

    fn machine(&self) -> Option<&Machine<'_>> {
        self.tree.borrow_dependent().as_ref()
    }

    /// Whether the text is a state machine: a top-level object with
    /// `StartAt` and `States` (what the server takes a plain `.json` for).
    pub fn looks_like_definition(&self) -> bool {
        self.root().and_then(Value::as_object).is_some_and(|o| o.has("StartAt") && o.has("States"))
    }

    /// Computed once per config (code actions ask again for the same).
    pub fn diagnostics(&self, config: &Config) -> Cow<'_, [Diagnostic]> {
        self.diagnostics_with(config, None)
    }

    /// [`Analysis::diagnostics`], reusing the unchanged states' diagnostics
    /// of an earlier version of the same document (and updating `memo`).
    pub fn diagnostics_with(&self, config: &Config, memo: Option<&mut StateMemo>) -> Cow<'_, [Diagnostic]> {
        let compute = |memo| {
            let mut found =
                diagnostics::check_lowered(&self.text, self.tree.borrow_owner(), self.machine(), config, memo);
            if self.embedded.is_some() {
                let mut placeholders = self.placeholder_diagnostics();
                diagnostics::apply_severities(config, &mut placeholders);
                found.extend(placeholders);
                found.sort_by_key(|d| (d.range.start, d.range.end, d.code));
            }
            found
        };
        match self.diagnostics.get() {
            Some((used, diagnostics)) if used == config => Cow::Borrowed(diagnostics),
            Some(_) => Cow::Owned(compute(memo)),
            None => Cow::Borrowed(&self.diagnostics.get_or_init(|| (config.clone(), compute(memo))).1),
        }
    }

    /// The state a reference at `offset` names: the range of its key.
    pub fn definition(&self, offset: u32) -> Option<TextRange> {
        let offset = self.at(offset);
        let root = self.root()?;
        if let Some(at) = super::expr_at::expr_at(&self.text, root, offset) {
            return super::hover::variable_definition(&at);
        }
        navigation::definition(self.machine()?, offset)
    }

    pub fn references(&self, offset: u32, include_declaration: bool) -> Vec<TextRange> {
        let offset = self.at(offset);
        self.machine().map(|m| navigation::references(m, offset, include_declaration)).unwrap_or_default()
    }

    pub fn highlights(&self, offset: u32) -> Vec<Highlight> {
        let offset = self.at(offset);
        self.machine().map(|m| navigation::highlights(m, offset)).unwrap_or_default()
    }

    /// The name under the cursor (inside its quotes) and the name itself.
    pub fn prepare_rename(&self, offset: u32) -> Result<(TextRange, String), String> {
        let offset = self.at(offset);
        let machine = self.machine().ok_or("not a state machine")?;
        navigation::prepare_rename(&self.text, machine, offset)
    }

    pub fn rename(&self, offset: u32, new_name: &str) -> Result<Vec<TextEdit>, String> {
        let offset = self.at(offset);
        let machine = self.machine().ok_or("not a state machine")?;
        navigation::rename(&self.text, machine, offset, new_name)
    }

    /// The machine as a picture (see [`crate::graph`]); `None` when the
    /// text is not a JSON object.
    pub fn graph(&self, format: Format, path: &[Visit], position: &dyn Fn(u32) -> (u32, u32)) -> Option<String> {
        Some(crate::graph::draw(self.machine()?, format, path, position))
    }

    pub fn symbols(&self) -> Vec<Symbol> {
        self.machine().map(symbols::symbols).unwrap_or_default()
    }

    /// Ranges of objects and arrays; the edge keeps those spanning lines.
    pub fn folding_ranges(&self) -> Vec<TextRange> {
        let yaml = self.language == Language::Yaml;
        self.root().map(|root| structure::folding_ranges(root, yaml)).unwrap_or_default()
    }

    /// Ranges around `offset`, innermost first, each inside the next.
    pub fn selection_ranges(&self, offset: u32) -> Vec<TextRange> {
        let offset = self.at(offset);
        self.root().map(|r| structure::selection_ranges(&self.text, r, offset)).unwrap_or_default()
    }

    pub fn completions(&self, offset: u32) -> Vec<CompletionItem> {
        self.completions_with(offset, &completion::Samples::default())
    }

    /// [`Analysis::completions`], `$.` fields completed from a run's inputs.
    pub fn completions_with(&self, offset: u32, samples: &completion::Samples) -> Vec<CompletionItem> {
        let offset = self.at(offset);
        if self.language == Language::Yaml {
            return completion::yaml_completions(&self.text, self.root(), offset, samples);
        }
        match self.root() {
            Some(root) => completion::completions_with(&self.text, root, offset, samples),
            None => completion::empty_document(&self.text, offset),
        }
    }

    /// Where a code lens on the whole machine goes: the `StartAt` member
    /// (else the start of the text).
    pub fn start_at_range(&self) -> Option<TextRange> {
        let root = self.root()?.as_object()?;
        Some(root.get("StartAt").map_or(TextRange::empty(0), |m| m.key_range))
    }

    /// The classes of the expression parts of strings, in document order.
    pub fn semantic_tokens(&self) -> Vec<(TextRange, crate::lang::highlight::Class)> {
        self.root().map(|r| super::semantic_tokens::semantic_tokens(&self.text, r)).unwrap_or_default()
    }

    pub fn hover(&self, offset: u32) -> Option<Hover> {
        let offset = self.at(offset);
        hover::hover(&self.text, self.root()?, offset)
    }

    /// The refactors offered at `range` (convert to JSONata, Lambda calls);
    /// the whole machine's conversion too when `machine_wide`.
    pub fn refactors(&self, range: TextRange, machine_wide: bool) -> Vec<super::refactor::Refactor> {
        let range = TextRange::new(self.at(range.start), self.at(range.end.max(range.start)));
        match (self.root(), self.machine()) {
            (Some(root), Some(machine)) => {
                super::refactor::refactors(&self.text, root, machine, self.language(), range, machine_wide)
            }
            _ => Vec::new(),
        }
    }

    /// The signature of the function call the cursor is in, in an expression string.
    pub fn signature_help(&self, offset: u32) -> Option<super::signature_help::SignatureHelp> {
        let offset = self.at(offset);
        super::signature_help::signature_help(&self.text, self.root()?, offset)
    }

    /// Quick fixes for the diagnostics that touch `range`.
    pub fn code_actions(&self, range: TextRange, config: &Config) -> Vec<Action> {
        let range = TextRange::new(self.at(range.start), self.at(range.end.max(range.start)));
        let mut actions = Vec::new();
        for diagnostic in self.diagnostics(config).iter() {
            let touches = diagnostic.range.start <= range.end && range.start <= diagnostic.range.end;
            if !touches {
                continue;
            }
            for (i, fix) in diagnostic.fixes.iter().enumerate() {
                let preferred = i == 0 && fix.applicability == super::edit::Applicability::Safe;
                actions.push(Action { fix: fix.clone(), diagnostic: diagnostic.clone(), preferred });
            }
        }
        actions
    }
}
