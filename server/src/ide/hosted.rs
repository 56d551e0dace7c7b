//! [`Hosted`]: the analysis of a host file (a template holding state
//! machines). Each embedded definition gets an [`Analysis`] of its own
//! text; every answer is mapped back into the host through the
//! definition's [`SourceMap`], and every edit written in the host's syntax.

use super::completion::{strip_snippet, CompletionItem};
use super::diagnostics::{self, Code, Diagnostic, Severity, StateMemo};
use super::edit::{Fix, TextEdit};
use super::hover::Hover;
use super::navigation::Highlight;
use super::symbols::{Symbol, SymbolKind};
use super::{Action, Analysis, Config};
use crate::host::{self, Body, Embedding, HostKind, ProblemKind, SourceMap, Style};
use crate::syntax::Language;
use crate::text::{Edit, LineIndex, TextRange};
use std::sync::Mutex;

/// A definition file a template names (`DefinitionUri`, `file()`,
/// `templatefile()`), read and analysed with the template's substitutions.
pub struct Linked {
    /// As the template writes it, relative to the template's folder.
    pub path: String,
    pub path_range: TextRange,
    pub analysis: Analysis,
    /// From the analysed text into the file's (a `templatefile` template);
    /// `None`: the analysed text is the file's.
    pub map: Option<SourceMap>,
    /// The file's own text.
    pub text: String,
}

pub struct HostedMachine {
    pub name: String,
    pub name_range: TextRange,
    /// Each state's diagnostics from the last check, for the next version.
    memo: Mutex<StateMemo>,
    /// The embedded definition's analysis (none for a file or S3 location).
    pub analysis: Option<Analysis>,
    pub map: SourceMap,
    pub linked: Option<Linked>,
    pub embedding: Embedding,
}

pub struct Hosted {
    text: Box<str>,
    line_index: LineIndex,
    kind: HostKind,
    machines: Vec<HostedMachine>,
    /// The host's own diagnostics: syntax, definition values, files,
    /// unused substitutions.
    own: Vec<Diagnostic>,
    /// The host has syntax errors: only they are reported.
    broken: bool,
}

/// A diagnostic and the machine it belongs to (`None`: the host's own).
#[derive(Clone, Debug)]
pub struct HostedDiagnostic {
    pub machine: Option<String>,
    pub diagnostic: Diagnostic,
}

/// How a linked file is read: its text, or why it cannot be.
pub type Resolve<'a> = &'a dyn Fn(&str) -> Result<String, String>;

impl Hosted {
    /// The file at `path` as a host, when it holds a state machine;
    /// `resolve` reads the files it names.
    pub fn new(path: &str, text: &str, resolve: Resolve<'_>) -> Option<Hosted> {
        let host = host::read(path, text)?;
        let mut own = Vec::new();
        // The first syntax error only: what follows it in a broken template
        // is the parser's guess, and nothing else is reported until it reads.
        let mut syntax: Vec<Diagnostic> = Vec::new();
        if let Some(language) = host.language {
            let parse = crate::syntax::Parse { errors: host.errors.clone(), language, ..Default::default() };
            let errors =
                diagnostics::syntax_diagnostics(text, &parse).into_iter().filter(|d| d.severity == Severity::Error);
            syntax.extend(errors.take(1));
        }
        for problem in &host.problems {
            let diagnostic = |code| Diagnostic::new(code, problem.range, problem.message.clone());
            match problem.kind {
                ProblemKind::DefinitionValue => own.push(diagnostic(Code::TemplateDefinitionValue)),
                ProblemKind::HclSyntax => syntax.push(diagnostic(Code::HclSyntax)),
            }
        }
        let broken = !syntax.is_empty();
        let mut machines = Vec::new();
        for embedded in host.machines {
            let mut machine = HostedMachine {
                name: embedded.name,
                name_range: embedded.name_range,
                memo: Mutex::default(),
                analysis: None,
                map: SourceMap::default(),
                linked: None,
                embedding: embedded.embedding,
            };
            match embedded.body {
                Body::Text { text, language, map } => {
                    machine.analysis = Some(Analysis::new_embedded(text, language, &machine.embedding));
                    machine.map = map;
                }
                Body::File { path, range } => match read_linked(&path, range, host.kind, &machine.embedding, resolve) {
                    Ok(linked) => machine.linked = Some(linked),
                    Err(message) => own.push(Diagnostic::new(Code::TemplateDefinitionFile, range, message)),
                },
                Body::Unchecked { .. } => {}
            }
            own.extend(unused_substitutions(&machine));
            machines.push(machine);
        }
        if broken {
            own = syntax;
            own.truncate(1);
        }
        own.sort_by_key(|d| (d.range.start, d.range.end, d.code));
        let text: Box<str> = text.into();
        let line_index = LineIndex::new(&text);
        Some(Hosted { text, line_index, kind: host.kind, machines, own, broken })
    }

    /// The host after an edit (`text` is its new whole text). A keystroke
    /// inside one line of a YAML block definition changes that definition
    /// only: its text is edited in place and read again, the rest of the
    /// host kept (moved). Anything else reads the host again. Either way
    /// each machine's memo carries over. `None`: no longer a template.
    pub fn after(self, path: &str, text: &str, resolve: Resolve<'_>) -> Option<Hosted> {
        let edit = Edit::between(&self.text, text);
        match self.edited(text, edit) {
            Ok(hosted) => Some(hosted),
            Err(old) => {
                let mut new = Hosted::new(path, text, resolve)?;
                for machine in &mut new.machines {
                    let same = old.machines.iter().find(|m| m.name == machine.name);
                    if let Some(memo) = same.and_then(|m| m.memo.lock().ok().map(|mut g| std::mem::take(&mut *g))) {
                        machine.memo = Mutex::new(memo);
                    }
                }
                Some(new)
            }
        }
    }

    /// [`Hosted::after`]'s fast path; the host back when it does not apply.
    pub(super) fn edited(mut self, text: &str, edit: Edit) -> Result<Hosted, Hosted> {
        let new_bytes = text.get(edit.start..edit.new_end).unwrap_or("\n");
        let old_bytes = self.text.get(edit.start..edit.old_end).unwrap_or("\n");
        let one_line = |s: &str| !s.contains(['\n', '\r']);
        let yaml = self.kind != HostKind::Terraform && !self.text.trim_start().starts_with('{');
        if self.broken || !yaml || !one_line(new_bytes) || !one_line(old_bytes) {
            return Err(self);
        }
        // A YAML line must read alone before and after: no quote, bracket or
        // block string that could run on into the host's lines. (A JSON
        // text in a `|` string is the string's content: it cannot.)
        let line = |text: &str, from: usize, to: usize| {
            let start = text[..from].rfind('\n').map_or(0, |i| i + 1);
            let end = text[to..].find('\n').map_or(text.len(), |i| to + i);
            text[start..end].to_string()
        };
        let contained = || {
            crate::syntax::line_is_self_contained(&line(&self.text, edit.start, edit.old_end))
                && crate::syntax::line_is_self_contained(&line(text, edit.start, edit.new_end))
        };
        let (start, old_end, delta) = (edit.start as u32, edit.old_end as u32, edit.delta());
        // Past a line's indentation: an edit there could change where a block
        // (or a `|` string's indentation) ends in the host.
        let line_start = self.text[..edit.start].rfind('\n').map_or(0, |i| i + 1);
        let column = (edit.start - line_start) as u32;
        let Some((index, virt, map)) = self.machines.iter().enumerate().find_map(|(i, m)| {
            let language = m.analysis.as_ref()?.language();
            let (virt, map) = m.map.edited_inside(start, old_end, delta)?;
            let indent = m.map.pieces().iter().find_map(|p| match p.style {
                Style::Raw { indent } => Some(indent),
                _ => None,
            })?;
            // In a `|` string the first line with text sets the indentation:
            // a blank line there takes no fast keystroke.
            let after_text = self.text[line_start..edit.start].bytes().any(|b| b != b' ');
            let deep = column > indent && (language == Language::Yaml || after_text);
            (deep && (language == Language::Json || contained())).then_some((i, virt, map))
        }) else {
            return Err(self);
        };
        // The definition read again; a YAML error there breaks the host too,
        // which then reports only that (read afresh).
        let edited = &self.machines[index];
        let Some(old) = &edited.analysis else { return Err(self) };
        let mut definition = old.text().to_string();
        definition.replace_range(virt.as_usize(), new_bytes);
        let analysis = Analysis::new_embedded(definition, old.language(), &edited.embedding);
        if old.language() == Language::Yaml && analysis.has_syntax_errors() {
            return Err(self);
        }
        let mut analysis = Some(analysis);
        let shift = |r: TextRange| {
            let at = |o: u32| if o >= old_end { (i64::from(o) + delta).max(0) as u32 } else { o };
            TextRange::new(at(r.start), at(r.end))
        };
        for (i, machine) in self.machines.iter_mut().enumerate() {
            machine.name_range = shift(machine.name_range);
            for s in &mut machine.embedding.substitutions {
                s.key_range = shift(s.key_range);
            }
            if let Some(linked) = &mut machine.linked {
                linked.path_range = shift(linked.path_range);
            }
            if i == index {
                machine.analysis = analysis.take();
                machine.map = map.clone();
            } else {
                machine.map = machine.map.shifted(old_end, delta);
            }
        }
        // The host's own: moved, and the unused substitutions found again.
        self.own.retain(|d| d.code != Code::TemplateUnusedSubstitution);
        for d in &mut self.own {
            d.range = shift(d.range);
        }
        for machine in &self.machines {
            self.own.extend(unused_substitutions(machine));
        }
        self.own.sort_by_key(|d| (d.range.start, d.range.end, d.code));
        let line_index = std::mem::replace(&mut self.line_index, LineIndex::new("")).edited(text, edit);
        Ok(Hosted { text: text.into(), line_index, ..self })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    pub fn kind(&self) -> HostKind {
        self.kind
    }

    pub fn machines(&self) -> &[HostedMachine] {
        &self.machines
    }

    /// The machine named `name` (a logical id or resource address).
    pub fn machine(&self, name: &str) -> Option<&HostedMachine> {
        self.machines.iter().find(|m| m.name == name)
    }

    /// Every diagnostic in the host, in host ranges, in text order.
    pub fn diagnostics(&self, config: &Config) -> Vec<HostedDiagnostic> {
        let mut own = self.own.clone();
        diagnostics::apply_severities(config, &mut own);
        let mut out: Vec<HostedDiagnostic> =
            own.into_iter().map(|diagnostic| HostedDiagnostic { machine: None, diagnostic }).collect();
        if !self.broken {
            for machine in &self.machines {
                let Some(analysis) = &machine.analysis else { continue };
                let mut memo = machine.memo.try_lock().ok();
                for diagnostic in analysis.diagnostics_with(config, memo.as_deref_mut()).iter() {
                    let diagnostic = map_diagnostic(&machine.map, diagnostic);
                    out.push(HostedDiagnostic { machine: Some(machine.name.clone()), diagnostic });
                }
            }
        }
        out.sort_by_key(|d| (d.diagnostic.range.start, d.diagnostic.range.end, d.diagnostic.code));
        out
    }

    /// The diagnostics of the definition files the host names, in each
    /// file's own ranges: (machine, the file as written, its text, diagnostics).
    pub fn linked_diagnostics(&self, config: &Config) -> Vec<(&str, &Linked, Vec<Diagnostic>)> {
        self.machines
            .iter()
            .filter_map(|m| {
                let linked = m.linked.as_ref()?;
                let found = linked.analysis.diagnostics(config);
                let found = match &linked.map {
                    Some(map) => found.iter().map(|d| map_diagnostic(map, d)).collect(),
                    None => found.into_owned(),
                };
                Some((m.name.as_str(), linked, found))
            })
            .collect()
    }

    /// The machine whose definition holds host offset `offset`, and the
    /// offset in its definition text.
    fn at(&self, offset: u32) -> Option<(&HostedMachine, &Analysis, u32)> {
        self.machines.iter().find_map(|m| {
            let analysis = m.analysis.as_ref()?;
            Some((m, analysis, m.map.to_definition(offset)?))
        })
    }

    pub fn hover(&self, offset: u32) -> Option<Hover> {
        let (machine, analysis, at) = self.at(offset)?;
        let hover = analysis.hover(at)?;
        Some(Hover { markdown: hover.markdown, range: machine.map.range_to_host(hover.range) })
    }

    /// The refactors of the machine at `range`, written into the template
    /// (those the template cannot take where they land are left out).
    pub fn refactors(&self, range: TextRange, machine_wide: bool) -> Vec<super::refactor::Refactor> {
        let Some((machine, analysis, start)) = self.at(range.start) else { return Vec::new() };
        let end = machine.map.to_definition(range.end).unwrap_or(start).max(start);
        analysis
            .refactors(TextRange::new(start, end), machine_wide)
            .into_iter()
            .filter_map(|r| Some(super::refactor::Refactor { edits: map_edits(&machine.map, &r.edits)?, ..r }))
            .collect()
    }

    pub fn started(&self, offset: u32) -> Option<(TextRange, super::started::Started)> {
        let (machine, analysis, at) = self.at(offset)?;
        let (range, started) = super::started::started_at(analysis.text(), analysis.root_value()?, at)?;
        Some((machine.map.range_to_host(range), started))
    }

    /// The machine of this template a placeholder stands for: named by it
    /// (`${Charge}`, `${Charge.Arn}`), or by the substitution it is
    /// (`ChargeArn: !GetAtt Charge.Arn`).
    pub fn machine_for_placeholder(&self, offset: u32, name: &str) -> Option<&HostedMachine> {
        if let Some(machine) = self.machine(name) {
            return Some(machine);
        }
        let (machine, ..) = self.at(offset)?;
        let substitution = machine.embedding.substitutions.iter().find(|s| s.name == name)?;
        let rest = &self.text[substitution.key_range.end as usize..];
        let line = rest.split('\n').next().unwrap_or("");
        let line =
            if line.trim_start_matches([':', '"', ' ']).is_empty() { rest.lines().nth(1).unwrap_or("") } else { line };
        self.machines
            .iter()
            .find(|m| line.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == m.name))
    }

    pub fn signature_help(&self, offset: u32) -> Option<super::signature_help::SignatureHelp> {
        let (_, analysis, at) = self.at(offset)?;
        analysis.signature_help(at)
    }

    pub fn definition(&self, offset: u32) -> Option<TextRange> {
        if let Some(range) = self.substitution_at(offset) {
            return Some(range);
        }
        // On a substitution's name: its first use.
        if let Some(first) = self.substitution_uses(offset).first() {
            return Some(*first);
        }
        let (machine, analysis, at) = self.at(offset)?;
        analysis.definition(at).map(|r| machine.map.range_to_host(r))
    }

    /// On a `${Name}` placeholder: where the substitution `Name` is given.
    fn substitution_at(&self, offset: u32) -> Option<TextRange> {
        let (machine, analysis, at) = self.at(offset)?;
        let text = analysis.text();
        let before = text.get(..at as usize)?;
        let start = before.rfind("${")?;
        let end = start + text.get(start..)?.find('}')?;
        if (at as usize) > end || before[start..].contains(['"', '\n']) {
            return None;
        }
        let name = text[start + 2..end].trim();
        machine.embedding.substitutions.iter().find(|s| s.name == name).map(|s| s.key_range)
    }

    /// The definition file a `DefinitionUri`, `file()` or `templatefile()`
    /// path at `offset` names, as the template writes it.
    pub fn linked_at(&self, offset: u32) -> Option<&Linked> {
        self.machines.iter().filter_map(|m| m.linked.as_ref()).find(|l| l.path_range.contains(offset))
    }

    /// On the name of a substitution (`DefinitionSubstitutions`, `Fn::Sub`
    /// or `templatefile` variables): each `${name}` of its machine's
    /// definition that uses it, in host ranges.
    pub fn substitution_uses(&self, offset: u32) -> Vec<TextRange> {
        let Some((machine, name)) = self.machines.iter().find_map(|m| {
            let s = m.embedding.substitutions.iter().find(|s| s.key_range.contains(offset))?;
            Some((m, s.name.as_str()))
        }) else {
            return Vec::new();
        };
        let Some(analysis) = &machine.analysis else { return Vec::new() };
        let text = analysis.text();
        let wanted = format!("${{{name}}}");
        text.match_indices(&wanted)
            .map(|(at, _)| machine.map.range_to_host(TextRange::new(at as u32, (at + wanted.len()) as u32)))
            .collect()
    }

    pub fn references(&self, offset: u32, include_declaration: bool) -> Vec<TextRange> {
        let uses = self.substitution_uses(offset);
        if !uses.is_empty() {
            return uses;
        }
        let Some((machine, analysis, at)) = self.at(offset) else { return Vec::new() };
        analysis.references(at, include_declaration).into_iter().map(|r| machine.map.range_to_host(r)).collect()
    }

    pub fn highlights(&self, offset: u32) -> Vec<Highlight> {
        let Some((machine, analysis, at)) = self.at(offset) else { return Vec::new() };
        let mut highlights = analysis.highlights(at);
        for h in &mut highlights {
            h.range = machine.map.range_to_host(h.range);
        }
        highlights
    }

    pub fn prepare_rename(&self, offset: u32) -> Result<(TextRange, String), String> {
        let (machine, analysis, at) = self.at(offset).ok_or("not inside a state machine")?;
        let (range, name) = analysis.prepare_rename(at)?;
        Ok((machine.map.range_to_host(range), name))
    }

    pub fn rename(&self, offset: u32, new_name: &str) -> Result<Vec<TextEdit>, String> {
        let (machine, analysis, at) = self.at(offset).ok_or("not inside a state machine")?;
        let edits = analysis.rename(at, new_name)?;
        map_edits(&machine.map, &edits).ok_or_else(|| "the template cannot take this rename here".to_string())
    }

    pub fn completions(&self, offset: u32) -> Vec<CompletionItem> {
        self.completions_with(offset, &Default::default())
    }

    /// [`Hosted::completions`], `$.` fields completed from a run's inputs.
    pub fn completions_with(&self, offset: u32, samples: &crate::ide::completion::Samples) -> Vec<CompletionItem> {
        let Some((machine, analysis, at)) = self.at(offset) else { return Vec::new() };
        analysis
            .completions_with(at, samples)
            .into_iter()
            .filter_map(|item| map_completion(&machine.map, item))
            .collect()
    }

    /// Quick fixes for the diagnostics that touch `range`.
    pub fn code_actions(&self, range: TextRange, config: &Config) -> Vec<Action> {
        if self.broken {
            return Vec::new();
        }
        let mut out = Vec::new();
        for machine in &self.machines {
            let Some(analysis) = &machine.analysis else { continue };
            let span = machine.map.host_span();
            if range.end < span.start || span.end < range.start {
                continue;
            }
            let (Some(start), end) = (
                machine.map.to_definition(range.start.max(span.start)),
                machine.map.to_definition(range.end.min(span.end)),
            ) else {
                continue;
            };
            let end = end.unwrap_or(start).max(start);
            for action in analysis.code_actions(TextRange::new(start, end), config) {
                let Some(edits) = map_edits(&machine.map, &action.fix.edits) else { continue };
                out.push(Action {
                    fix: Fix { edits, ..action.fix },
                    diagnostic: map_diagnostic(&machine.map, &action.diagnostic),
                    preferred: action.preferred,
                });
            }
        }
        out
    }

    /// One symbol per machine (its name in the host), its states below.
    pub fn symbols(&self) -> Vec<Symbol> {
        self.machines
            .iter()
            .map(|m| {
                let children = m.analysis.as_ref().map(|a| map_symbols(&m.map, a.symbols())).unwrap_or_default();
                let span = if m.analysis.is_some() { m.map.host_span() } else { m.name_range };
                Symbol {
                    name: m.name.clone(),
                    detail: Some("state machine".into()),
                    kind: SymbolKind::Machine,
                    range: m.name_range.cover(span),
                    selection_range: m.name_range,
                    children,
                }
            })
            .collect()
    }

    pub fn semantic_tokens(&self) -> Vec<(TextRange, crate::lang::highlight::Class)> {
        let mut out: Vec<_> = self
            .machines
            .iter()
            .filter_map(|m| Some((m, m.analysis.as_ref()?)))
            .flat_map(|(m, a)| a.semantic_tokens().into_iter().map(|(r, c)| (m.map.range_to_host(r), c)))
            .filter(|(r, _)| !r.is_empty())
            .collect();
        out.sort_by_key(|(r, _)| (r.start, r.end));
        out.dedup_by(|b, a| b.0.start < a.0.end);
        out
    }

    pub fn folding_ranges(&self) -> Vec<TextRange> {
        self.machines
            .iter()
            .filter_map(|m| Some((m, m.analysis.as_ref()?)))
            .flat_map(|(m, a)| a.folding_ranges().into_iter().map(|r| m.map.range_to_host(r)))
            .collect()
    }

    pub fn selection_ranges(&self, offset: u32) -> Vec<TextRange> {
        let Some((machine, analysis, at)) = self.at(offset) else { return Vec::new() };
        let mut ranges: Vec<TextRange> =
            analysis.selection_ranges(at).into_iter().map(|r| machine.map.range_to_host(r)).collect();
        ranges.dedup();
        ranges
    }

    /// Where each machine's code lens goes: its `StartAt` (else its name).
    pub fn lens_ranges(&self) -> Vec<(&str, TextRange)> {
        self.machines
            .iter()
            .map(|m| {
                let at = m.analysis.as_ref().and_then(|a| a.start_at_range()).map(|r| m.map.range_to_host(r));
                (m.name.as_str(), at.unwrap_or(m.name_range))
            })
            .collect()
    }
}

/// A linked definition file, read and analysed.
fn read_linked(
    path: &str,
    path_range: TextRange,
    kind: HostKind,
    embedding: &Embedding,
    resolve: Resolve<'_>,
) -> Result<Linked, String> {
    let text = resolve(path).map_err(|why| format!("`{path}` cannot be read as the definition: {why}"))?;
    let language = Language::from_path(path);
    let (analysis, map) = if kind == HostKind::Terraform && embedding.rule == host::Rule::Vars {
        let whole = TextRange::new(0, text.len() as u32);
        let (definition, map) = host::template_text(&text, whole, false);
        (Analysis::new_embedded(definition, Language::Json, embedding), Some(map))
    } else {
        let embedding = Embedding { cfn: false, ..embedding.clone() };
        match host::extract::quote_bare_placeholders(&text).filter(|_| language == Language::Json) {
            Some((definition, map)) => (Analysis::new_embedded(definition, language, &embedding), Some(map)),
            None => (Analysis::new_embedded(text.clone(), language, &embedding), None),
        }
    };
    Ok(Linked { path: path.to_string(), path_range, analysis, map, text })
}

/// A warning on each substitution the definition never names.
fn unused_substitutions(machine: &HostedMachine) -> Vec<Diagnostic> {
    let used = match (&machine.analysis, &machine.linked) {
        (Some(analysis), _) => analysis.used_substitutions(),
        (None, Some(linked)) => linked.analysis.used_substitutions(),
        (None, None) => return Vec::new(),
    };
    machine
        .embedding
        .substitutions
        .iter()
        .filter(|s| !used.contains(&s.name))
        .map(|s| {
            let message = format!(
                "the definition of `{}` never uses `${{{}}}`: remove the substitution, or use it where its value belongs",
                machine.name, s.name
            );
            Diagnostic::new(Code::TemplateUnusedSubstitution, s.key_range, message)
        })
        .collect()
}

fn map_diagnostic(map: &SourceMap, diagnostic: &Diagnostic) -> Diagnostic {
    let mut out = diagnostic.clone();
    out.range = map.range_to_host(diagnostic.range);
    out.fixes = diagnostic
        .fixes
        .iter()
        .filter_map(|fix| Some(Fix { edits: map_edits(map, &fix.edits)?, ..fix.clone() }))
        .collect();
    out
}

/// Edits in the host's syntax; `None` when one of them cannot be written there.
fn map_edits(map: &SourceMap, edits: &[TextEdit]) -> Option<Vec<TextEdit>> {
    edits
        .iter()
        .map(|e| map.edit_to_host(e.range, &e.new_text).map(|(range, new_text)| TextEdit { range, new_text }))
        .collect()
}

fn map_completion(map: &SourceMap, mut item: CompletionItem) -> Option<CompletionItem> {
    // Snippets go into the host as plain text where the host escapes (a
    // JSON string, `Fn::Sub`, a heredoc): escaping would break tab stops.
    let raw = map.pieces().iter().all(|p| matches!(p.style, Style::Raw { .. })) && !map.sub;
    if item.snippet && !raw {
        item.edit.new_text = strip_snippet(&item.edit.new_text);
        item.snippet = false;
    }
    let (range, new_text) = map.edit_to_host(item.edit.range, &item.edit.new_text)?;
    item.edit = TextEdit { range, new_text };
    item.additional_edits = map_edits(map, &item.additional_edits)?;
    Some(item)
}

fn map_symbols(map: &SourceMap, symbols: Vec<Symbol>) -> Vec<Symbol> {
    symbols
        .into_iter()
        .map(|s| Symbol {
            range: map.range_to_host(s.range),
            selection_range: map.range_to_host(s.selection_range),
            children: map_symbols(map, s.children),
            ..s
        })
        .collect()
}
