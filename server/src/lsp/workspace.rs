//! The workspace's definition files that are not open: found under the
//! workspace folders when the server starts, read again when the client
//! says they changed on disk, each with its symbols (for
//! `workspace/symbol`) and diagnostics (published, or pulled by
//! `workspace/diagnostic`).

use super::convert::{Converter, Encoding};
use super::proto;
use super::store::document;
use crate::ide::{Config, Document};
use crate::syntax::Language;
use dashmap::DashMap;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{Diagnostic, Location, Uri, WorkspaceSymbol};

/// Bounds of the walk: a workspace is a repository, not a disk.
const MAX_FILES: usize = 5000;
const MAX_DEPTH: usize = 12;
const MAX_BYTES: u64 = 8 << 20;

/// One file of the workspace read as asl-ls reads an open one.
pub struct Indexed {
    pub symbols: Vec<WorkspaceSymbol>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct Workspace {
    pub files: DashMap<Uri, Indexed>,
}

impl Workspace {
    /// Reads `path` (a definition or a template) into the index; `false`
    /// when it holds no state machine (then it is not kept).
    pub fn index(&self, uri: &Uri, path: &Path, config: &Config, encoding: Encoding) -> bool {
        match read(uri, path, config, encoding) {
            Some(indexed) => {
                self.files.insert(uri.clone(), indexed);
                true
            }
            None => {
                self.files.remove(uri);
                false
            }
        }
    }
}

fn read(uri: &Uri, path: &Path, config: &Config, encoding: Encoding) -> Option<Indexed> {
    let text = crate::text::read_file(path).ok()?;
    let name = path.to_string_lossy();
    let doc = document(uri, "", Language::from_path(&name), text, None);
    let holds_machine = match &doc {
        Document::Definition(analysis) => {
            analysis.looks_like_definition() || super::store::named_as_definition(uri, "")
        }
        Document::Template(hosted) => !hosted.machines().is_empty(),
    };
    if !holds_machine {
        return None;
    }
    let cv = Converter { text: doc.text(), index: doc.line_index(), encoding };
    let diagnostics = doc.diagnostics(config, None).iter().map(|d| proto::diagnostic(&cv, d)).collect();
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut symbols = Vec::new();
    flatten(uri, &cv, &doc.symbols(), &file, &mut symbols);
    Some(Indexed { symbols, diagnostics })
}

/// Document symbols as workspace symbols, each named with where it is.
pub fn flatten(
    uri: &Uri,
    cv: &Converter<'_>,
    symbols: &[crate::ide::symbols::Symbol],
    container: &str,
    out: &mut Vec<WorkspaceSymbol>,
) {
    for symbol in symbols {
        #[allow(deprecated)]
        out.push(WorkspaceSymbol {
            name: symbol.name.clone(),
            kind: proto::symbol(cv, symbol).kind,
            tags: None,
            container_name: Some(container.to_string()),
            location: tower_lsp_server::ls_types::OneOf::Left(Location {
                uri: uri.clone(),
                range: cv.range(symbol.selection_range),
            }),
            data: None,
        });
        flatten(uri, cv, &symbol.children, &format!("{container} › {}", symbol.name), out);
    }
}

/// Whether a symbol's name answers the query: its characters in order,
/// ignoring case (as editors' symbol pickers match).
pub fn matches(name: &str, query: &str) -> bool {
    let mut wanted = query.chars().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).peekable();
    for c in name.chars().flat_map(char::to_lowercase) {
        if wanted.peek() == Some(&c) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

/// The files under `folders` that may hold a state machine, by name.
pub fn candidates(folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for folder in folders {
        walk(folder, 0, &mut out);
    }
    out
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH || out.len() >= MAX_FILES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_lowercase();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            let parent = dir.file_name().map(|d| d.to_string_lossy().to_lowercase()).unwrap_or_default();
            if !crate::syntax::is_skipped_folder(&parent, &name) {
                walk(&path, depth + 1, out);
            }
        } else if kind.is_file() && is_candidate(&name) && entry.metadata().is_ok_and(|m| m.len() <= MAX_BYTES) {
            out.push(path);
            if out.len() >= MAX_FILES {
                return;
            }
        }
    }
}

/// A name a definition or a template can have.
pub fn is_candidate(name: &str) -> bool {
    let name = name.to_lowercase();
    [".json", ".yaml", ".yml", ".asl", ".tf"].iter().any(|end| name.ends_with(end))
        && !["package.json", "package-lock.json", "tsconfig.json"].contains(&name.as_str())
}
