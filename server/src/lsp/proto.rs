//! Analysis answers to LSP types.

use super::convert::{Converter, Encoding};
use crate::ide::completion::{CompletionItem as Item, ItemKind};
use crate::ide::diagnostics::{Diagnostic as Diag, Severity};
use crate::ide::edit::{Applicability, TextEdit as Edit};
use crate::ide::symbols::{Symbol, SymbolKind as Kind};
use crate::ide::Action;
use crate::lang::highlight::Class;
use crate::model::StateKind;
use crate::text::TextRange;
use tower_lsp_server::ls_types::*;

/// What the server offers; `pull`: the client pulls diagnostics.
pub fn capabilities(encoding: Encoding, pull: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..Default::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), "$".into(), ".".into()]),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend { token_types: TOKEN_TYPES.to_vec(), token_modifiers: Vec::new() },
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: Default::default(),
            },
        )),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        signature_help_provider: Some(SignatureHelpOptions {
            trigger_characters: Some(vec!["(".into(), ",".into()]),
            retrigger_characters: Some(vec![")".into()]),
            work_done_progress_options: Default::default(),
        }),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("asl-ls".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: Default::default(),
            })
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_range_formatting_provider: Some(OneOf::Left(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![
                super::runs::RUN_COMMAND.into(),
                super::runs::GRAPH_COMMAND.into(),
                super::runs::OPEN_COMMAND.into(),
                super::test_files::RUN_TESTS_COMMAND.into(),
            ],
            work_done_progress_options: Default::default(),
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
                CodeActionKind::REFACTOR_REWRITE,
                CodeActionKind::from(FIX_ALL_KIND),
            ]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// The code action kind of fix-all (editors: `"source.fixAll.asl-ls": "explicit"` on save).
pub const FIX_ALL_KIND: &str = "source.fixAll.asl-ls";

/// The legend: token type `i` is `TOKEN_TYPES[i]`.
const TOKEN_TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::VARIABLE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::KEYWORD,
    SemanticTokenType::OPERATOR,
    SemanticTokenType::REGEXP,
];

fn token_type(class: Class) -> u32 {
    match class {
        Class::Variable => 0,
        Class::Function => 1,
        Class::Property => 2,
        Class::String => 3,
        Class::Number => 4,
        Class::Keyword => 5,
        Class::Operator => 6,
        Class::Regexp => 7,
    }
}

/// Tokens in LSP's relative encoding (each against the one before).
pub fn semantic_tokens(cv: &Converter<'_>, tokens: &[(TextRange, Class)]) -> SemanticTokens {
    let mut data = Vec::with_capacity(tokens.len());
    let (mut line, mut character) = (0, 0);
    for (range, class) in tokens {
        let start = cv.position(range.start);
        let end = cv.position(range.end);
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let delta_line = start.line - line;
        let delta_start = if delta_line == 0 { start.character - character } else { start.character };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: token_type(*class),
            token_modifiers_bitset: 0,
        });
        (line, character) = (start.line, start.character);
    }
    SemanticTokens { result_id: None, data }
}

pub fn diagnostic(cv: &Converter<'_>, d: &Diag) -> Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    };
    let message = match &d.aws {
        Some(aws) if aws.message != d.message => format!("{}\nAWS: {}: {}", d.message, aws.code, aws.message),
        Some(aws) => format!("{}\nAWS: {}", d.message, aws.code),
        None => d.message.clone(),
    };
    Diagnostic {
        range: cv.range(d.range),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.id().to_string())),
        source: Some("asl-ls".into()),
        message,
        ..Default::default()
    }
}

pub fn signature_help(cv: &Converter<'_>, help: &crate::ide::signature_help::SignatureHelp) -> SignatureHelp {
    // Offsets into the label count the position encoding's units, as positions do.
    let units = |end: usize| -> u32 {
        let prefix = &help.label[..end];
        match cv.encoding {
            Encoding::Utf8 => prefix.len() as u32,
            Encoding::Utf16 => prefix.encode_utf16().count() as u32,
        }
    };
    let parameters = help
        .parameters
        .iter()
        .map(|((start, end), doc)| ParameterInformation {
            label: ParameterLabel::LabelOffsets([units(*start), units(*end)]),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: doc.clone(),
            })),
        })
        .collect();
    SignatureHelp {
        signatures: vec![SignatureInformation {
            label: help.label.clone(),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: help.documentation.clone(),
            })),
            parameters: Some(parameters),
            active_parameter: Some(help.active_parameter as u32),
        }],
        active_signature: Some(0),
        active_parameter: Some(help.active_parameter as u32),
    }
}

pub fn refactor(cv: &Converter<'_>, uri: &Uri, refactor: &crate::ide::refactor::Refactor) -> CodeAction {
    let edits: Vec<TextEdit> = refactor.edits.iter().map(|e| text_edit(cv, e)).collect();
    CodeAction {
        title: refactor.title.clone(),
        kind: Some(CodeActionKind::REFACTOR_REWRITE),
        edit: (!edits.is_empty()).then(|| WorkspaceEdit {
            changes: Some([(uri.clone(), edits)].into_iter().collect()),
            ..Default::default()
        }),
        disabled: refactor.disabled.as_ref().map(|reason| CodeActionDisabled { reason: reason.clone() }),
        ..Default::default()
    }
}

/// The editor's fix-all: every safe fix, as one edit.
pub fn fix_all_action(cv: &Converter<'_>, uri: &Uri, edit: &Edit, fixes: usize) -> CodeAction {
    CodeAction {
        title: format!("Fix all safely fixable problems ({fixes})"),
        kind: Some(CodeActionKind::from(FIX_ALL_KIND)),
        edit: Some(WorkspaceEdit {
            changes: Some([(uri.clone(), vec![text_edit(cv, edit)])].into_iter().collect()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub fn text_edit(cv: &Converter<'_>, edit: &Edit) -> TextEdit {
    TextEdit { range: cv.range(edit.range), new_text: edit.new_text.clone() }
}

pub fn code_action(cv: &Converter<'_>, uri: &Uri, action: &Action) -> CodeAction {
    let edits = action.fix.edits.iter().map(|e| text_edit(cv, e)).collect();
    // A fix that may change what the machine does says so; fix-all leaves it.
    let title = match action.fix.applicability {
        Applicability::Safe => action.fix.title.clone(),
        Applicability::Unsafe => format!("{} (unsafe)", action.fix.title),
    };
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(cv, &action.diagnostic)]),
        edit: Some(WorkspaceEdit { changes: Some([(uri.clone(), edits)].into_iter().collect()), ..Default::default() }),
        is_preferred: (action.preferred && action.fix.applicability == Applicability::Safe).then_some(true),
        ..Default::default()
    }
}

fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::State(Some(StateKind::Task)) => SymbolKind::FUNCTION,
        Kind::State(Some(StateKind::Pass)) => SymbolKind::FIELD,
        Kind::State(Some(StateKind::Choice)) => SymbolKind::ENUM,
        Kind::State(Some(StateKind::Wait)) => SymbolKind::EVENT,
        Kind::State(Some(StateKind::Succeed)) => SymbolKind::CONSTANT,
        Kind::State(Some(StateKind::Fail)) => SymbolKind::OPERATOR,
        Kind::State(Some(StateKind::Parallel)) => SymbolKind::NAMESPACE,
        Kind::State(Some(StateKind::Map)) => SymbolKind::ARRAY,
        Kind::State(None) => SymbolKind::OBJECT,
        Kind::Branch | Kind::Processor => SymbolKind::MODULE,
        Kind::Machine => SymbolKind::CLASS,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be named to build the struct.
pub fn symbol(cv: &Converter<'_>, s: &Symbol) -> DocumentSymbol {
    DocumentSymbol {
        name: if s.name.is_empty() { "\"\"".into() } else { s.name.clone() },
        detail: s.detail.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: cv.range(s.range),
        selection_range: cv.range(s.selection_range),
        children: Some(s.children.iter().map(|c| symbol(cv, c)).collect()),
    }
}

/// Objects and arrays spanning lines; the closing bracket stays visible.
pub fn folding_ranges(cv: &Converter<'_>, ranges: &[TextRange]) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    for range in ranges {
        let start = cv.position(range.start).line;
        // The last character (a bracket in JSON; anything in YAML).
        let close = crate::text::floor_char_boundary(cv.text, range.end.saturating_sub(1));
        let mut end = cv.position(close).line;
        let before = cv.text.get(..close as usize).unwrap_or("");
        let close_starts_line = before.rsplit('\n').next().is_some_and(|l| l.trim().is_empty());
        if close_starts_line && end > start {
            end -= 1;
        }
        if end > start {
            out.push(FoldingRange { start_line: start, end_line: end, ..Default::default() });
        }
    }
    out
}

/// Innermost range first, each with its enclosing one as parent.
pub fn selection_range(cv: &Converter<'_>, ranges: &[TextRange], position: Position) -> SelectionRange {
    let mut current: Option<SelectionRange> = None;
    for range in ranges.iter().rev() {
        current = Some(SelectionRange { range: cv.range(*range), parent: current.map(Box::new) });
    }
    current.unwrap_or(SelectionRange { range: Range { start: position, end: position }, parent: None })
}

pub fn completion_item(cv: &Converter<'_>, item: &Item, snippets: bool) -> CompletionItem {
    let kind = match item.kind {
        ItemKind::Field => CompletionItemKind::FIELD,
        ItemKind::State => CompletionItemKind::REFERENCE,
        ItemKind::Value => CompletionItemKind::ENUM_MEMBER,
        ItemKind::Error => CompletionItemKind::CONSTANT,
        ItemKind::Operator => CompletionItemKind::OPERATOR,
        ItemKind::Snippet => CompletionItemKind::SNIPPET,
    };
    let (new_text, format) = if item.snippet && snippets {
        (item.edit.new_text.clone(), InsertTextFormat::SNIPPET)
    } else if item.snippet {
        (strip_snippet(&item.edit.new_text), InsertTextFormat::PLAIN_TEXT)
    } else {
        (item.edit.new_text.clone(), InsertTextFormat::PLAIN_TEXT)
    };
    CompletionItem {
        label: item.label.clone(),
        kind: Some(kind),
        detail: item.detail.clone(),
        documentation: item
            .documentation
            .as_ref()
            .map(|d| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: d.clone() })),
        sort_text: item.sort_text.clone(),
        filter_text: item.filter_text.clone(),
        insert_text_format: Some(format),
        // Our text is already indented for its place.
        insert_text_mode: Some(InsertTextMode::AS_IS),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit { range: cv.range(item.edit.range), new_text })),
        additional_text_edits: (!item.additional_edits.is_empty())
            .then(|| item.additional_edits.iter().map(|e| text_edit(cv, e)).collect()),
        ..Default::default()
    }
}

pub use crate::ide::completion::strip_snippet;

#[cfg(test)]
mod tests {
    use super::strip_snippet;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(strip_snippet("\"Next\": \"${1|A,B|}\""), "\"Next\": \"A\"");
        assert_eq!(strip_snippet("\"X\": ${1:60}, \"P\": \"\\$.${2:field}\"$0"), "\"X\": 60, \"P\": \"$.field\"");
        assert_eq!(strip_snippet("\"C\": \"{% $1 %}\""), "\"C\": \"{%  %}\"");
    }
}
