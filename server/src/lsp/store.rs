//! Open documents: a rope per URI in a concurrent map, with the version the
//! client gave and a cached analysis of that version. Edits are applied on
//! the notification path without parsing; analysis happens on snapshots.

use super::convert::{rope_offset, Encoding};
use crate::ide::diagnostics::StateMemo;
use crate::ide::{Analysis, Document, Hosted};
use crate::syntax::Language;
use dashmap::DashMap;
use ropey::Rope;
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

struct OpenDocument {
    rope: Rope,
    version: i32,
    language_id: String,
    language: Language,
    /// The analysis of `version`, once computed.
    analysis: Option<Arc<Document>>,
    /// Each state's diagnostics from the last check, for the next.
    memo: Arc<Mutex<StateMemo>>,
    /// The analysis of an earlier version: the next one reuses its tree.
    expired: Option<Arc<Document>>,
}

/// An immutable view of one version of a document.
#[derive(Clone)]
pub struct Snapshot {
    pub version: i32,
    pub language_id: String,
    pub language: Language,
    pub analysis: Arc<Document>,
}

/// Frees a large value (a closed document: its tree is tens of MB for a
/// 5 MB file) on a blocking thread, not on the notification's path.
fn drop_later<T: Send + 'static>(value: T) {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => drop(runtime.spawn_blocking(move || drop(value))),
        Err(_) => drop(value),
    }
}

/// The rope's text in one allocation of the exact size (`to_string` grows
/// its buffer step by step: 10 MB copied for a 5 MB document).
fn text_of(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    rope.chunks().for_each(|chunk| text.push_str(chunk));
    text
}

#[derive(Default)]
pub struct Store {
    docs: DashMap<Uri, OpenDocument>,
}

impl Store {
    pub fn open(&self, uri: Uri, text: &str, version: i32, language_id: String) {
        let memo = Arc::default();
        let language = Language::of_document(uri.as_str(), &language_id);
        let rope = Rope::from_str(text);
        self.docs
            .insert(uri, OpenDocument { rope, version, language_id, language, analysis: None, memo, expired: None });
    }

    pub fn close(&self, uri: &Uri) {
        if let Some((_, doc)) = self.docs.remove(uri) {
            drop_later(doc);
        }
    }

    /// Applies the changes in order; a change without a range replaces the text.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> bool {
        let Some(mut doc) = self.docs.get_mut(uri) else { return false };
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = rope_offset(&doc.rope, range.start, encoding);
                    let end = rope_offset(&doc.rope, range.end, encoding).max(start);
                    let (start, end) = (doc.rope.byte_to_char(start), doc.rope.byte_to_char(end));
                    doc.rope.remove(start..end);
                    doc.rope.insert(start, &change.text);
                }
                None => doc.rope = Rope::from_str(&change.text),
            }
        }
        doc.version = version;
        // Kept for the next analysis, which reparses only what changed
        // (and the edit does not wait for a tree to be freed).
        if let Some(old) = doc.analysis.take() {
            doc.expired = Some(old);
        }
        true
    }

    /// The document's diagnostics memo (see [`StateMemo`]).
    pub fn memo(&self, uri: &Uri) -> Option<Arc<Mutex<StateMemo>>> {
        self.docs.get(uri).map(|d| d.memo.clone())
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.docs.get(uri).map(|d| d.version)
    }

    /// The document's version, length in bytes and SHA-256 of its text, as
    /// hex: what `asl-ls/textDigest` answers, so a client can check that the
    /// server holds the same text after its edits.
    pub fn text_digest(&self, uri: &Uri) -> Option<(i32, usize, String)> {
        let doc = self.docs.get(uri)?;
        let text = text_of(&doc.rope);
        let sha256 = crate::lang::sfn_jsonata::hex_digest(&text, "SHA-256")?;
        Some((doc.version, text.len(), sha256))
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.docs.iter().map(|entry| entry.key().clone()).collect()
    }

    /// The current version's analysis, computed outside the lock when missing
    /// (from the last one's, when nothing else holds that any more).
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let expired = self.docs.get_mut(uri).and_then(|mut doc| doc.expired.take());
        let previous = expired.and_then(|analysis| Arc::try_unwrap(analysis).ok());
        let (version, language_id, language, text) = {
            let doc = self.docs.get(uri)?;
            if let Some(analysis) = &doc.analysis {
                return Some(Snapshot {
                    version: doc.version,
                    language_id: doc.language_id.clone(),
                    language: doc.language,
                    analysis: analysis.clone(),
                });
            }
            (doc.version, doc.language_id.clone(), doc.language, text_of(&doc.rope))
        };
        let analysis = Arc::new(document(uri, &language_id, language, text, previous));
        if let Some(mut doc) = self.docs.get_mut(uri) {
            if doc.version == version {
                doc.analysis = Some(analysis.clone());
            }
        }
        Some(Snapshot { version, language_id, language, analysis })
    }
}

/// A definition by its file name (`*.asl.json`, `*.asl.yaml`, …) or by the
/// language the client names (`asl`, `asl-yaml`): never a template.
pub fn named_as_definition(uri: &Uri, language_id: &str) -> bool {
    let path = uri.as_str().split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
    crate::syntax::DEFINITION_SUFFIXES.iter().any(|end| path.ends_with(end))
        || ["asl", "asl-yaml", "stepfunctions", "stepfunctions-yaml"].contains(&language_id)
}

/// A template when the file holds state machines (and is not a definition
/// by its name or language), else a definition, from the last version's
/// tree when there is one.
pub(super) fn document(
    uri: &Uri,
    language_id: &str,
    language: Language,
    text: String,
    previous: Option<Document>,
) -> Document {
    let path = uri.as_str().split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
    if !named_as_definition(uri, language_id) {
        let file = uri.to_file_path().map(|p| p.into_owned());
        let folder = file.as_ref().and_then(|f| f.parent().map(|p| p.to_path_buf()));
        let resolve = |relative: &str| match &folder {
            Some(folder) => crate::text::read_file(&folder.join(relative)),
            None => Err("the template is not a file on disk".to_string()),
        };
        // The language the client names counts: a `.tf` is not JSON.
        let name = match language_id {
            "terraform" | "hcl" | "tf" if !path.ends_with(".tf") => format!("{path}.tf"),
            _ => path.clone(),
        };
        let previous = match previous {
            Some(Document::Template(previous)) => match previous.after(&name, &text, &resolve) {
                Some(hosted) => return Document::Template(hosted),
                None => None,
            },
            other => match Hosted::new(&name, &text, &resolve) {
                Some(hosted) => return Document::Template(hosted),
                None => other,
            },
        };
        return Document::Definition(match previous {
            Some(Document::Definition(previous)) => Analysis::after(text, previous),
            _ => Analysis::new_in(text, language),
        });
    }
    Document::Definition(match previous {
        Some(Document::Definition(previous)) => Analysis::after(text, previous),
        _ => Analysis::new_in(text, language),
    })
}
