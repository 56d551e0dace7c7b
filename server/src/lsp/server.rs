//! The `LanguageServer` implementation: every method converts positions at
//! the edge, asks the analysis layer, and converts the answer back.

use super::config;
use super::convert::{Converter, Encoding};
use super::proto;
use super::runs::{self, LastRun, RunSettings, GRAPH_COMMAND, RUN_COMMAND};
use super::store::{Snapshot, Store};
use super::test_files;
use super::workspace::{self, Workspace};
use crate::graph::{path_of, Format};
use crate::ide::started::Started;
use crate::ide::{fix_all, format, Config, Document};
use crate::syntax::Language;
use crate::text::TextRange;
use dashmap::DashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, RwLock};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    store: Arc<Store>,
    state: Arc<RwLock<State>>,
    /// The last run of each document (see `runs`).
    runs: Arc<DashMap<Uri, LastRun>>,
    /// The workspace's definition files that are not open.
    workspace: Arc<Workspace>,
    /// A test file's failures from its last run, for the version run.
    test_failures: Arc<DashMap<Uri, (i32, Vec<Diagnostic>)>>,
}

/// What `initialize` and the settings decided.
#[derive(Default)]
struct State {
    config: Config,
    encoding: Encoding,
    snippets: bool,
    run: RunSettings,
    /// The client asks to be told when inlay hints change.
    hint_refresh: bool,
    /// The workspace folders, searched for definitions at start.
    folders: Vec<std::path::PathBuf>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): none are pushed.
    pull: bool,
    /// The client lets the server register file watchers.
    watch: bool,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            store: Arc::new(Store::default()),
            state: Arc::new(RwLock::new(State::default())),
            runs: Arc::new(DashMap::new()),
            workspace: Arc::new(Workspace::default()),
            test_failures: Arc::new(DashMap::new()),
        }
    }

    fn pull(&self) -> bool {
        self.state.read().is_ok_and(|s| s.pull)
    }

    fn encoding(&self) -> Encoding {
        self.state.read().map(|s| s.encoding).unwrap_or_default()
    }

    fn config(&self) -> Config {
        self.state.read().map(|s| s.config.clone()).unwrap_or_default()
    }

    /// The document's snapshot, when it is a state machine we handle.
    fn asl_snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let snapshot = self.store.snapshot(uri)?;
        is_asl(uri, &snapshot).then_some(snapshot)
    }

    /// Runs an analysis query on the current snapshot; a panic becomes an
    /// error response, never a dead server.
    fn query<T>(&self, uri: &Uri, f: impl FnOnce(&Document, &Converter<'_>) -> Option<T>) -> Result<Option<T>> {
        let Some(snapshot) = self.asl_snapshot(uri) else { return Ok(None) };
        let analysis = &snapshot.analysis;
        let converter = Converter { text: analysis.text(), index: analysis.line_index(), encoding: self.encoding() };
        catch_unwind(AssertUnwindSafe(|| f(analysis, &converter))).map_err(|_| Error::internal_error())
    }

    /// Publishes diagnostics for the current version, unless a newer edit
    /// arrives first (then its own task publishes).
    fn schedule_diagnostics(&self, uri: Uri) {
        let store = self.store.clone();
        let client = self.client.clone();
        let state = self.state.clone();
        let runs = self.runs.clone();
        tokio::spawn(async move {
            // Let edits already queued land first: their task will publish.
            tokio::task::yield_now().await;
            let Some(version) = store.version(&uri) else { return };
            let (config, encoding, pull) = match state.read() {
                Ok(s) => (s.config.clone(), s.encoding, s.pull),
                Err(_) => return,
            };
            // Pulled diagnostics are computed when asked; an edit needs no refresh.
            if pull && !runs.contains_key(&uri) {
                return;
            }
            let task_store = store.clone();
            let task_uri = uri.clone();
            let computed = tokio::task::spawn_blocking(move || {
                open_diagnostics(&task_store, &runs, &task_uri, version, &config, encoding)
            })
            .await;
            let Ok(Some(diagnostics)) = computed else { return };
            if store.version(&uri) != Some(version) {
                return; // stale: a newer edit has its own task
            }
            if pull {
                // The client pulls: tell it something changed (a run's failure).
                let _ = client.workspace_diagnostic_refresh().await;
                return;
            }
            client.publish_diagnostics(uri, diagnostics, Some(version)).await;
        });
    }
}

impl Backend {
    /// A handle on the same server state, for tasks that outlive a request.
    fn shallow(&self) -> Backend {
        Backend {
            client: self.client.clone(),
            store: self.store.clone(),
            state: self.state.clone(),
            runs: self.runs.clone(),
            workspace: self.workspace.clone(),
            test_failures: self.test_failures.clone(),
        }
    }

    /// `asl-ls.runTests [uri, {"case"}]`: runs a test file's cases, shows
    /// the failures at their expectations, answers the results.
    async fn run_tests(&self, arguments: &[serde_json::Value]) -> Result<serde_json::Value> {
        let uri = arguments
            .first()
            .and_then(|a| a.as_str())
            .and_then(|s| s.parse::<Uri>().ok())
            .ok_or_else(|| Error::invalid_params("asl-ls.runTests takes the test file's URI"))?;
        let only = arguments.get(1).and_then(|o| o.get("case")).and_then(|c| c.as_str()).map(str::to_string);
        let path = uri
            .to_file_path()
            .map(|p| p.into_owned())
            .ok_or_else(|| Error::invalid_params("the test file is not a file on disk"))?;
        let version = self.store.version(&uri);
        let text = match self.store.snapshot(&uri) {
            Some(snapshot) => snapshot.analysis.text().to_string(),
            None => crate::text::read_file(&path).map_err(Error::invalid_params)?,
        };
        let store = self.store.clone();
        let task_uri = uri.clone();
        let task_text = text.clone();
        let results = tokio::task::spawn_blocking(move || {
            let file = test_files::read(&task_uri, &task_text);
            let open = |definition: &std::path::Path| {
                let uri = Uri::from_file_path(definition)?;
                store.snapshot(&uri).map(|s| s.analysis.text().to_string())
            };
            catch_unwind(AssertUnwindSafe(|| test_files::run(&path, &file, only.as_deref(), &open)))
                .unwrap_or_else(|_| Err("the test run failed".into()))
        })
        .await
        .map_err(|_| Error::internal_error())?
        .map_err(Error::invalid_params)?;
        let index = crate::text::LineIndex::new(&text);
        let cv = Converter { text: &text, index: &index, encoding: self.encoding() };
        let failures = test_files::failures(&cv, &results);
        let mut shown = test_files::problems(&cv, &test_files::read(&uri, &text));
        shown.extend(failures.iter().cloned());
        if let Some(version) = version {
            self.test_failures.insert(uri.clone(), (version, failures));
        }
        if self.pull() {
            let _ = self.client.workspace_diagnostic_refresh().await;
        } else {
            self.client.publish_diagnostics(uri, shown, version).await;
        }
        Ok(test_files::results_json(&results))
    }

    /// The machine a `StateMachineArn` at `offset` starts: its range there,
    /// its name, and where it is (this template, an open file, the workspace).
    fn started_location(&self, uri: &Uri, document: &Document, offset: u32) -> Option<(TextRange, String, Location)> {
        let (range, started) = document.started(offset)?;
        let encoding = self.encoding();
        match started {
            Started::Placeholder(name) => {
                let Document::Template(hosted) = document else { return None };
                let machine = hosted.machine_for_placeholder(offset, &name)?;
                let cv = Converter { text: hosted.text(), index: hosted.line_index(), encoding };
                let location = Location { uri: uri.clone(), range: cv.range(machine.name_range) };
                Some((range, machine.name.clone(), location))
            }
            Started::Name(name) => self.machine_named(&name).map(|location| (range, name, location)),
        }
    }

    /// A machine of the workspace by its name: a template's machine, or a
    /// definition file named after it (`Charge.asl.json`).
    fn machine_named(&self, name: &str) -> Option<Location> {
        let encoding = self.encoding();
        let stem_is = |uri: &Uri| {
            let file = uri.as_str().rsplit('/').next().unwrap_or("");
            file.split('.').next() == Some(name)
        };
        let open = self.store.uris();
        for uri in &open {
            let Some(snapshot) = self.asl_snapshot(uri) else { continue };
            match &*snapshot.analysis {
                Document::Template(hosted) => {
                    if let Some(machine) = hosted.machine(name) {
                        let cv = Converter { text: hosted.text(), index: hosted.line_index(), encoding };
                        return Some(Location { uri: uri.clone(), range: cv.range(machine.name_range) });
                    }
                }
                Document::Definition(_) if stem_is(uri) => {
                    return Some(Location { uri: uri.clone(), range: Range::default() });
                }
                Document::Definition(_) => {}
            }
        }
        for entry in self.workspace.files.iter().filter(|e| !open.contains(e.key())) {
            if let Some(symbol) = entry.value().symbols.iter().find(|s| s.kind == SymbolKind::CLASS && s.name == name) {
                if let OneOf::Left(location) = &symbol.location {
                    return Some(location.clone());
                }
            }
            if stem_is(entry.key()) {
                return Some(Location { uri: entry.key().clone(), range: Range::default() });
            }
        }
        None
    }

    /// Reads a workspace file again (`None`: it is gone) and shows its
    /// diagnostics, unless it is open (the editor's text wins). A client
    /// that pulls is asked to pull again when `refresh` (the start's scan
    /// asks once, at its end, not once per file).
    async fn refresh_file(&self, uri: Uri, path: Option<std::path::PathBuf>, refresh: bool) {
        if self.store.version(&uri).is_some() {
            return;
        }
        let (config, encoding, pull) = match self.state.read() {
            Ok(s) => (s.config.clone(), s.encoding, s.pull),
            Err(_) => return,
        };
        let workspace = self.workspace.clone();
        let task_uri = uri.clone();
        let had = workspace.files.contains_key(&uri);
        let indexed = tokio::task::spawn_blocking(move || match path {
            Some(path) => {
                catch_unwind(AssertUnwindSafe(|| workspace.index(&task_uri, &path, &config, encoding))).unwrap_or(false)
            }
            None => {
                workspace.files.remove(&task_uri);
                false
            }
        })
        .await
        .unwrap_or(false);
        if pull {
            if refresh && (indexed || had) {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            return;
        }
        let diagnostics = self.workspace.files.get(&uri).map(|f| f.diagnostics.clone());
        match diagnostics {
            Some(diagnostics) => self.client.publish_diagnostics(uri, diagnostics, None).await,
            None if had => self.client.publish_diagnostics(uri, Vec::new(), None).await,
            None => {}
        }
    }
}

/// An open document's diagnostics for `version` (`None` when a newer one
/// came): the analysis's, and where the last run of this version failed.
fn open_diagnostics(
    store: &Store,
    runs: &DashMap<Uri, LastRun>,
    uri: &Uri,
    version: i32,
    config: &Config,
    encoding: Encoding,
) -> Option<Vec<Diagnostic>> {
    // Queued behind a newer edit: that edit's task publishes.
    if store.version(uri) != Some(version) {
        return None;
    }
    let snapshot = store.snapshot(uri)?;
    if snapshot.version != version {
        return None;
    }
    if test_files::is_test_file(uri) {
        let doc = &snapshot.analysis;
        let cv = Converter { text: doc.text(), index: doc.line_index(), encoding };
        return Some(test_files::problems(&cv, &test_files::read(uri, doc.text())));
    }
    if !is_asl(uri, &snapshot) {
        return Some(Vec::new());
    }
    let analysis = &snapshot.analysis;
    let converter = Converter { text: analysis.text(), index: analysis.line_index(), encoding };
    let memo = store.memo(uri);
    let mut memo = memo.as_ref().and_then(|m| m.try_lock().ok());
    let diagnostics =
        catch_unwind(AssertUnwindSafe(|| analysis.diagnostics(config, memo.as_deref_mut()))).unwrap_or_default();
    let mut out: Vec<Diagnostic> = diagnostics.iter().map(|d| proto::diagnostic(&converter, d)).collect();
    if let Some(last) = runs.get(uri).filter(|r| r.version == version) {
        if let Some((range, message)) = runs::failure_at(&last.outcome) {
            out.push(Diagnostic {
                range: converter.range(range),
                severity: Some(DiagnosticSeverity::INFORMATION),
                source: Some("asl-ls run".into()),
                message,
                ..Default::default()
            });
        }
    }
    Some(out)
}

/// The parameters of `asl-ls/textDigest`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextDigestParams {
    text_document: TextDocumentIdentifier,
}

impl Backend {
    /// `asl-ls/textDigest`: the open document's version, byte length and
    /// SHA-256, for clients (and the stress test) to check that the server's
    /// text is theirs; `null` for a document that is not open.
    pub async fn text_digest(&self, params: TextDigestParams) -> Result<Option<LSPAny>> {
        Ok(self
            .store
            .text_digest(&params.text_document.uri)
            .map(|(version, bytes, sha256)| serde_json::json!({"version": version, "bytes": bytes, "sha256": sha256})))
    }

    /// The document as a picture, with the last run's path when it ran on
    /// this version (after an edit its ranges no longer name the states).
    async fn graph_document(&self, uri: &Uri, format: Format, machine: Option<String>) -> Result<LSPAny> {
        let snapshot = self.asl_snapshot(uri).ok_or_else(|| Error::invalid_params("not an open state machine"))?;
        let version = snapshot.version;
        let last = self.runs.get(uri).filter(|r| r.version == version).map(|r| path_of(&r.outcome));
        let encoding = self.encoding();
        let coloured = last.is_some();
        let picture = tokio::task::spawn_blocking(move || {
            let document = &snapshot.analysis;
            let (analysis, map) = document.machine(machine.as_deref())?;
            let cv = Converter { text: document.text(), index: document.line_index(), encoding };
            // A template's machine: its offsets are the definition text's.
            let position = |offset| {
                let at = cv.position(map.map_or(offset, |m| m.to_host(offset)));
                (at.line, at.character)
            };
            catch_unwind(AssertUnwindSafe(|| analysis.graph(format, last.as_deref().unwrap_or_default(), &position)))
                .map_err(|_| "the graph failed".to_string())?
                .ok_or_else(|| "the document is not a state machine".to_string())
        })
        .await
        .map_err(|_| Error::internal_error())?
        .map_err(Error::invalid_params)?;
        Ok(serde_json::json!({format.name(): picture, "version": version, "runColoured": coloured}))
    }

    /// Runs the document's current version, keeps the result, and has the
    /// client show it (diagnostics, inlay hints).
    async fn run_document(&self, uri: &Uri, machine: Option<String>) -> std::result::Result<LastRun, String> {
        let snapshot = self.asl_snapshot(uri).ok_or("not an open state machine")?;
        let settings = self.state.read().map(|s| s.run.clone()).unwrap_or_default();
        let path = uri.to_file_path().map(|p| p.into_owned());
        let version = snapshot.version;
        let last = tokio::task::spawn_blocking(move || {
            let run = || match &*snapshot.analysis {
                Document::Definition(analysis) => {
                    runs::run_document(analysis.text(), analysis.language(), path.as_deref(), &settings, version)
                        .map(|last| (last, true))
                }
                Document::Template(hosted) => {
                    // A template's machine runs on its tree (read as the host
                    // deploys it), with `NAME.input.json` and `NAME.mocks.json`
                    // beside the template; its trace is moved into the template.
                    let (analysis, map) = snapshot.analysis.machine(machine.as_deref())?;
                    let name = machine.clone().or_else(|| hosted.machines().first().map(|m| m.name.clone()));
                    let beside = path.and_then(|p| Some(p.parent()?.join(format!("{}.asl.json", name?))));
                    let root = analysis.root_value().ok_or("the definition cannot be read")?;
                    let mut last = runs::run_with(beside.as_deref(), &settings, version, &mut |options, mocks| {
                        crate::run::run_tree(root, options, mocks)
                    })?;
                    // (A machine in a file the template names: its ranges are that file's.)
                    let Some(map) = map else { return Ok((last, false)) };
                    for state in &mut last.outcome.states {
                        state.name_range = map.range_to_host(state.name_range);
                    }
                    Ok((last, true))
                }
            };
            catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| Err("the evaluator failed".into()))
        })
        .await
        .map_err(|e| e.to_string())??;
        let (last, in_this_document) = last;
        if self.store.version(uri) != Some(last.version) {
            return Err("the document changed during the run".into());
        }
        if !in_this_document {
            return Ok(last);
        }
        self.runs.insert(uri.clone(), last.clone());
        self.schedule_diagnostics(uri.clone());
        if self.state.read().is_ok_and(|s| s.hint_refresh) {
            // Not awaited here: the command's answer must not wait for the client's.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.inlay_hint_refresh().await;
            });
        }
        Ok(last)
    }
}

/// A refused rename becomes an error response whose message the editor shows.
impl Backend {
    /// The edits formatting a document (or the part around `range`); none
    /// when it does not parse or cannot be formatted safely.
    fn format(&self, uri: &Uri, range: Option<Range>, options: &FormattingOptions) -> Result<Option<Vec<TextEdit>>> {
        let path = uri.as_str().split(['?', '#']).next().unwrap_or("").to_string();
        self.query(uri, |document, cv| {
            let options = super::formatting::options(options);
            let range = range.map(|r| cv.text_range(r));
            let edits = match document {
                Document::Definition(analysis) => format::format(analysis.text(), analysis.language(), range, &options),
                Document::Template(hosted) => {
                    format::format_file(&path, hosted.text(), Language::from_path(&path), &options).map(|edits| {
                        edits.into_iter().filter(|e| range.is_none_or(|r| r.contains_range(e.range))).collect()
                    })
                }
            };
            edits.ok().map(|edits| edits.iter().map(|e| proto::text_edit(cv, e)).collect())
        })
    }
}

fn refusal_as_error<T>(answer: Option<std::result::Result<T, String>>) -> Result<Option<T>> {
    match answer {
        Some(Ok(value)) => Ok(Some(value)),
        Some(Err(message)) => Err(Error::invalid_params(message)),
        None => Ok(None),
    }
}

/// A definition by its file name or the language the client names.
fn named_as_definition(uri: &Uri, snapshot: &Snapshot) -> bool {
    super::store::named_as_definition(uri, &snapshot.language_id)
}

/// `*.asl.json`, `*.asl.yaml`, `*.asl.yml`, `*.asl`, documents the client
/// calls `asl` (or `asl-yaml`), and JSON or YAML whose top level has
/// `StartAt` and `States`.
fn is_asl(uri: &Uri, snapshot: &Snapshot) -> bool {
    named_as_definition(uri, snapshot)
        || match &*snapshot.analysis {
            Document::Definition(analysis) => analysis.looks_like_definition(),
            Document::Template(_) => true,
        }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encodings =
            params.capabilities.general.as_ref().and_then(|g| g.position_encodings.clone()).unwrap_or_default();
        let encoding = if encodings.contains(&PositionEncodingKind::UTF8) { Encoding::Utf8 } else { Encoding::Utf16 };
        let snippets = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let (config, problems) = params.initialization_options.as_ref().map(config::from_settings).unwrap_or_default();
        let run = params.initialization_options.as_ref().map(RunSettings::from_settings).unwrap_or_default();
        let hint_refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|h| h.refresh_support)
            .unwrap_or(false);
        // The folders to search: the workspace's, else the root the client names.
        #[allow(deprecated)]
        let roots: Vec<Uri> = match &params.workspace_folders {
            Some(folders) => folders.iter().map(|f| f.uri.clone()).collect(),
            None => params.root_uri.iter().cloned().collect(),
        };
        let folders: Vec<std::path::PathBuf> =
            roots.iter().filter_map(|u| u.to_file_path().map(|p| p.into_owned())).collect();
        let text_caps = params.capabilities.text_document.as_ref();
        let pull = text_caps.is_some_and(|t| t.diagnostic.is_some());
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if let Ok(mut state) = self.state.write() {
            *state = State { config, encoding, snippets, run, hint_refresh, folders: folders.clone(), pull, watch };
        }
        for problem in problems {
            self.client.log_message(MessageType::WARNING, format!("asl-ls settings: {problem}")).await;
        }
        Ok(InitializeResult {
            capabilities: proto::capabilities(encoding, pull),
            server_info: Some(ServerInfo { name: "asl-ls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let (folders, watch) = match self.state.read() {
            Ok(s) => (s.folders.clone(), s.watch),
            Err(_) => return,
        };
        if watch {
            let options = serde_json::json!({"watchers": [{"globPattern": "**/*.{json,yaml,yml,asl,tf}"}]});
            let registration = Registration {
                id: "asl-ls-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: Some(options),
            };
            // Not awaited here: the answer comes when the client gets to it.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.register_capability(vec![registration]).await;
            });
        }
        if folders.is_empty() {
            return;
        }
        // The workspace's files, read off the request path.
        let backend = self.shallow();
        tokio::spawn(async move {
            let paths = tokio::task::spawn_blocking(move || workspace::candidates(&folders)).await.unwrap_or_default();
            for path in paths {
                let Some(uri) = Uri::from_file_path(&path) else { continue };
                backend.refresh_file(uri, Some(path), false).await;
            }
            if backend.pull() && !backend.workspace.files.is_empty() {
                let _ = backend.client.workspace_diagnostic_refresh().await;
            }
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            let path = change.uri.to_file_path().map(|p| p.into_owned());
            let deleted = change.typ == FileChangeType::DELETED;
            self.shallow().refresh_file(change.uri, path.filter(|_| !deleted), true).await;
        }
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        let folder = uri.to_file_path().and_then(|p| p.parent().map(|d| d.to_path_buf()));
        self.query(&uri, |document, cv| {
            let Document::Template(hosted) = document else { return Some(Vec::new()) };
            let folder = folder.as_ref()?;
            let links = hosted
                .machines()
                .iter()
                .filter_map(|m| m.linked.as_ref())
                .filter_map(|linked| {
                    let target = Uri::from_file_path(folder.join(&linked.path))?;
                    Some(DocumentLink {
                        range: cv.range(linked.path_range),
                        target: Some(target),
                        tooltip: Some(format!("Open {}", linked.path)),
                        data: None,
                    })
                })
                .collect();
            Some(links)
        })
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        const LIMIT: usize = 500;
        let encoding = self.encoding();
        let mut out = Vec::new();
        let open = self.store.uris();
        for uri in &open {
            let Some(snapshot) = self.asl_snapshot(uri) else { continue };
            let doc = &snapshot.analysis;
            let cv = Converter { text: doc.text(), index: doc.line_index(), encoding };
            let file = uri.as_str().rsplit('/').next().unwrap_or("").to_string();
            workspace::flatten(uri, &cv, &doc.symbols(), &file, &mut out);
        }
        for entry in self.workspace.files.iter() {
            if !open.contains(entry.key()) {
                out.extend(entry.value().symbols.iter().cloned());
            }
        }
        out.retain(|s| workspace::matches(&s.name, &params.query));
        out.truncate(LIMIT);
        Ok(Some(WorkspaceSymbolResponse::Nested(out)))
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let (config, encoding) = (self.config(), self.encoding());
        let items = match self.store.version(&uri) {
            Some(version) => {
                let (store, runs) = (self.store.clone(), self.runs.clone());
                let task_uri = uri.clone();
                tokio::task::spawn_blocking(move || {
                    open_diagnostics(&store, &runs, &task_uri, version, &config, encoding)
                })
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
            }
            None => self.workspace.files.get(&uri).map(|f| f.diagnostics.clone()).unwrap_or_default(),
        };
        let mut items = items;
        if let Some(failures) = self.test_failures.get(&uri).filter(|f| Some(f.0) == self.store.version(&uri)) {
            items.extend(failures.1.iter().cloned());
        }
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
            },
        )))
    }

    async fn workspace_diagnostic(&self, _: WorkspaceDiagnosticParams) -> Result<WorkspaceDiagnosticReportResult> {
        let open = self.store.uris();
        let items = self
            .workspace
            .files
            .iter()
            .filter(|entry| !open.contains(entry.key()))
            .map(|entry| {
                WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                    uri: entry.key().clone(),
                    version: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: None,
                        items: entry.value().diagnostics.clone(),
                    },
                })
            })
            .collect();
        Ok(WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items }))
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.store.open(doc.uri.clone(), &doc.text, doc.version, doc.language_id);
        self.schedule_diagnostics(doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.store.change(&uri, params.text_document.version, params.content_changes, self.encoding()) {
            self.schedule_diagnostics(uri.clone());
            // A run of an older version no longer matches the text: hints,
            // hover and the failure diagnostic check the version; completion
            // of `$.` keeps using its inputs (field names rarely change).
            if self.runs.contains_key(&uri) && self.state.read().is_ok_and(|s| s.run.on_edit) {
                let version = params.text_document.version;
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                if self.store.version(&uri) == Some(version) {
                    let _ = self.run_document(&uri, None).await;
                }
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.store.close(&uri);
        self.runs.remove(&uri);
        // A file of the workspace shows what it holds on disk again.
        let in_workspace = self
            .state
            .read()
            .is_ok_and(|s| uri.to_file_path().is_some_and(|p| s.folders.iter().any(|f| p.starts_with(f))));
        if !self.pull() {
            self.client.publish_diagnostics(uri.clone(), Vec::new(), None).await;
        }
        if let Some(path) = uri.to_file_path().map(|p| p.into_owned()).filter(|_| in_workspace) {
            self.shallow().refresh_file(uri, Some(path), true).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (config, problems) = config::from_settings(&params.settings);
        if let Ok(mut state) = self.state.write() {
            state.config = config;
            state.run = RunSettings::from_settings(&params.settings);
        }
        for problem in problems {
            self.client.log_message(MessageType::WARNING, format!("asl-ls settings: {problem}")).await;
        }
        for uri in self.store.uris() {
            self.schedule_diagnostics(uri);
        }
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let folder = uri.to_file_path().and_then(|p| p.parent().map(|d| d.to_path_buf()));
        self.query(&uri, |analysis, cv| {
            let offset = cv.offset(position.position);
            // From a template's `DefinitionUri` (or `file()`) to the file.
            if let Document::Template(hosted) = analysis {
                if let Some(linked) = hosted.linked_at(offset) {
                    let file = folder.as_ref()?.join(&linked.path);
                    let target = Uri::from_file_path(file)?;
                    return Some(GotoDefinitionResponse::Scalar(Location { uri: target, range: Range::default() }));
                }
            }
            if let Some(target) = analysis.definition(offset) {
                return Some(GotoDefinitionResponse::Scalar(Location { uri: uri.clone(), range: cv.range(target) }));
            }
            // From a `StateMachineArn` to the machine it starts.
            let (_, _, location) = self.started_location(&uri, analysis, offset)?;
            Some(GotoDefinitionResponse::Scalar(location))
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let include = params.context.include_declaration;
        self.query(&uri, |analysis, cv| {
            let ranges = analysis.references(cv.offset(position.position), include);
            Some(ranges.into_iter().map(|r| Location { uri: uri.clone(), range: cv.range(r) }).collect())
        })
    }

    async fn document_highlight(&self, params: DocumentHighlightParams) -> Result<Option<Vec<DocumentHighlight>>> {
        let position = params.text_document_position_params;
        self.query(&position.text_document.uri, |analysis, cv| {
            let highlights = analysis.highlights(cv.offset(position.position));
            Some(
                highlights
                    .into_iter()
                    .map(|h| DocumentHighlight {
                        range: cv.range(h.range),
                        kind: Some(if h.is_definition {
                            DocumentHighlightKind::WRITE
                        } else {
                            DocumentHighlightKind::READ
                        }),
                    })
                    .collect(),
            )
        })
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        let answer = self.query(&params.text_document.uri, |analysis, cv| {
            Some(analysis.prepare_rename(cv.offset(params.position)).map(|(range, name)| {
                PrepareRenameResponse::RangeWithPlaceholder { range: cv.range(range), placeholder: name }
            }))
        })?;
        refusal_as_error(answer)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let answer = self.query(&uri, |analysis, cv| {
            Some(analysis.rename(cv.offset(position.position), &params.new_name).map(|edits| {
                let edits = edits.iter().map(|e| proto::text_edit(cv, e)).collect();
                WorkspaceEdit { changes: Some([(uri.clone(), edits)].into_iter().collect()), ..Default::default() }
            }))
        })?;
        refusal_as_error(answer)
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.query(&params.text_document.uri, |analysis, cv| {
            let symbols = analysis.symbols().iter().map(|s| proto::symbol(cv, s)).collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.query(&params.text_document.uri, |analysis, cv| {
            Some(SemanticTokensResult::Tokens(proto::semantic_tokens(cv, &analysis.semantic_tokens())))
        })
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.query(&params.text_document.uri, |analysis, cv| {
            Some(proto::folding_ranges(cv, &analysis.folding_ranges()))
        })
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> Result<Option<Vec<SelectionRange>>> {
        self.query(&params.text_document.uri, |analysis, cv| {
            Some(
                params
                    .positions
                    .iter()
                    .map(|p| proto::selection_range(cv, &analysis.selection_ranges(cv.offset(*p)), *p))
                    .collect(),
            )
        })
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position;
        let snippets = self.state.read().map(|s| s.snippets).unwrap_or(false);
        let uri = position.text_document.uri;
        // An empty new definition file is not a definition yet, but deserves
        // a skeleton (an empty YAML or JSON file of another kind does not).
        let Some(snapshot) = self.store.snapshot(&uri) else { return Ok(None) };
        let empty_definition = snapshot.analysis.text().trim().is_empty() && named_as_definition(&uri, &snapshot);
        if !is_asl(&uri, &snapshot) && !empty_definition {
            return Ok(None);
        }
        let analysis = &snapshot.analysis;
        let cv = Converter { text: analysis.text(), index: analysis.line_index(), encoding: self.encoding() };
        // `$.` completes the fields of the state's input in the last run (any
        // version: the names rarely change with an edit) or the sample input.
        let settings = self.state.read().map(|s| s.run.clone()).unwrap_or_default();
        let start = match &**analysis {
            Document::Definition(a) => a.root_value().and_then(|r| r.as_object()?.value("StartAt")?.as_str()),
            Document::Template(_) => None,
        };
        let path = uri.to_file_path().map(|p| p.into_owned());
        let samples = {
            let last = self.runs.get(&uri);
            runs::samples(last.as_ref().map(|r| &r.outcome), start, path.as_deref(), &settings)
        };
        let items =
            catch_unwind(AssertUnwindSafe(|| analysis.completions_with(cv.offset(position.position), &samples)))
                .map_err(|_| Error::internal_error())?;
        let items = items.iter().map(|i| proto::completion_item(&cv, i, snippets)).collect();
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let last = self.runs.get(&uri).map(|r| r.clone());
        let version = self.store.version(&uri);
        self.query(&uri, |analysis, cv| {
            let offset = cv.offset(position.position);
            let Some(hover) = analysis.hover(offset) else {
                let (range, name, location) = self.started_location(&uri, analysis, offset)?;
                let file = location.uri.as_str().rsplit('/').next().unwrap_or("").to_string();
                let line = location.range.start.line + 1;
                let value = format!("Starts the state machine **{name}** ({file}, line {line})");
                return Some(Hover {
                    contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
                    range: Some(cv.range(range)),
                });
            };
            let mut markdown = hover.markdown;
            // A state the last run visited: its input and output.
            if let Some(last) = last.filter(|r| Some(r.version) == version) {
                if let Some(run) = runs::hover_text(&last.outcome, hover.range) {
                    markdown.push_str(&format!("\n\n---\n\n{run}"));
                }
            }
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
                range: Some(cv.range(hover.range)),
            })
        })
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        if test_files::is_test_file(&uri) {
            let Some(snapshot) = self.store.snapshot(&uri) else { return Ok(None) };
            let doc = &snapshot.analysis;
            let cv = Converter { text: doc.text(), index: doc.line_index(), encoding: self.encoding() };
            return Ok(Some(test_files::lenses(&cv, &uri, &test_files::read(&uri, doc.text()))));
        }
        let input = uri
            .to_file_path()
            .and_then(|p| runs::input_file(&p))
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
        // The files a run of the definition reads, each opened from a lens beside "▶ Run".
        let files: Vec<(String, Uri)> = uri
            .to_file_path()
            .map(|p| runs::run_files(&p))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(label, path)| Some((label, Uri::from_file_path(path)?)))
            .collect();
        self.query(&uri, |document, cv| {
            let opens: Vec<CodeLens> = document
                .lens_ranges()
                .into_iter()
                .filter(|(machine, _)| machine.is_none())
                .flat_map(|(_, at)| {
                    files.iter().map(move |(label, file)| CodeLens {
                        range: cv.range(at),
                        command: Some(Command {
                            title: label.clone(),
                            command: runs::OPEN_COMMAND.into(),
                            arguments: Some(vec![serde_json::json!(file.as_str())]),
                        }),
                        data: None,
                    })
                })
                .collect();
            let lenses = document
                .lens_ranges()
                .into_iter()
                .map(|(machine, at)| {
                    let (title, arguments) = match (&input, machine) {
                        (_, Some(name)) => (
                            format!("▶ Run {name}"),
                            vec![serde_json::json!(uri.as_str()), serde_json::json!({"machine": name})],
                        ),
                        (Some(file), None) => (format!("▶ Run with {file}"), vec![serde_json::json!(uri.as_str())]),
                        (None, None) => ("▶ Run".to_string(), vec![serde_json::json!(uri.as_str())]),
                    };
                    let command = Command { title, command: RUN_COMMAND.into(), arguments: Some(arguments) };
                    CodeLens { range: cv.range(at), command: Some(command), data: None }
                })
                .chain(opens)
                .collect();
            Some(lenses)
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let command = params.command.as_str();
        if command == test_files::RUN_TESTS_COMMAND {
            return self.run_tests(&params.arguments).await.map(Some);
        }
        if command == runs::OPEN_COMMAND {
            // Asks the editor to show the file (LSP `window/showDocument`).
            let uri = params.arguments.first().and_then(|a| a.as_str()).and_then(|s| s.parse::<Uri>().ok());
            let uri = uri.ok_or_else(|| Error::invalid_params("asl-ls.open takes a file URI"))?;
            let shown = self
                .client
                .show_document(ShowDocumentParams {
                    uri,
                    external: Some(false),
                    take_focus: Some(true),
                    selection: None,
                })
                .await?;
            return Ok(Some(serde_json::json!({"success": shown})));
        }
        if command != RUN_COMMAND && command != GRAPH_COMMAND {
            return Err(Error::invalid_params(format!("unknown command `{command}`")));
        }
        let uri = params
            .arguments
            .first()
            .and_then(|a| a.as_str())
            .and_then(|s| s.parse::<Uri>().ok())
            .ok_or_else(|| Error::invalid_params(format!("{command} takes the document URI")))?;
        let machine =
            params.arguments.get(1).and_then(|o| o.get("machine")).and_then(|m| m.as_str()).map(str::to_string);
        if command == GRAPH_COMMAND {
            let format = match params.arguments.get(1).and_then(|o| o.get("format")) {
                None => Format::Svg,
                Some(name) => name
                    .as_str()
                    .and_then(Format::parse)
                    .ok_or_else(|| Error::invalid_params("format: use svg, dot or mermaid"))?,
            };
            return self.graph_document(&uri, format, machine).await.map(Some);
        }
        match self.run_document(&uri, machine).await {
            Ok(last) => Ok(Some(runs::trace_json(&last))),
            Err(message) => Err(Error::invalid_params(message)),
        }
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri;
        let Some(last) = self.runs.get(&uri).map(|r| r.clone()) else { return Ok(None) };
        if self.store.version(&uri) != Some(last.version) {
            return Ok(None);
        }
        self.query(&uri, |_, cv| {
            let hints = runs::last_visits(&last.outcome)
                .into_iter()
                .map(|(state, count)| {
                    let times = if count > 1 { format!(" (×{count})") } else { String::new() };
                    let label = match &state.output {
                        Some(output) => format!("→ {}{times}", runs::short(output)),
                        None => format!("✗ did not exit{times}"),
                    };
                    InlayHint {
                        position: cv.position(state.name_range.end),
                        label: InlayHintLabel::String(label),
                        kind: None,
                        text_edits: None,
                        tooltip: None,
                        padding_left: Some(true),
                        padding_right: None,
                        data: None,
                    }
                })
                .collect();
            Some(hints)
        })
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        let position = params.text_document_position_params;
        self.query(&position.text_document.uri, |document, cv| {
            let help = document.signature_help(cv.offset(position.position))?;
            Some(proto::signature_help(cv, &help))
        })
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format(&params.text_document.uri, None, &params.options)
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format(&params.text_document.uri, Some(params.range), &params.options)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let config = self.config();
        let only = params.context.only.clone();
        let asked = |kind: &str| only.as_ref().is_none_or(|kinds| kinds.iter().any(|k| kind.starts_with(k.as_str())));
        let snapshot = self.asl_snapshot(&uri);
        self.query(&uri, |analysis, cv| {
            let range = cv.text_range(params.range);
            let mut out: Vec<CodeActionOrCommand> = Vec::new();
            if asked(CodeActionKind::QUICKFIX.as_str()) {
                let actions = analysis.code_actions(range, &config);
                out.extend(actions.iter().map(|a| CodeActionOrCommand::CodeAction(proto::code_action(cv, &uri, a))));
            }
            if asked(CodeActionKind::REFACTOR_REWRITE.as_str()) {
                // The whole machine rewritten is asked for, not computed for every lightbulb.
                let invoked = params.context.trigger_kind == Some(CodeActionTriggerKind::INVOKED);
                let refactors = analysis.refactors(range, only.is_some() || invoked);
                out.extend(refactors.iter().map(|r| CodeActionOrCommand::CodeAction(proto::refactor(cv, &uri, r))));
            }
            // Fix-all re-checks the text round after round: only when asked for by kind.
            if only.is_some() && asked(proto::FIX_ALL_KIND) {
                let snapshot = snapshot.as_ref()?;
                let build = |text: &str| {
                    super::store::document(&uri, &snapshot.language_id, snapshot.language, text.to_string(), None)
                };
                let fixed = fix_all::fix_all(analysis.text(), &build, &config, false);
                if let Some(edit) = fix_all::single_edit(analysis.text(), &fixed.text) {
                    out.push(CodeActionOrCommand::CodeAction(proto::fix_all_action(
                        cv,
                        &uri,
                        &edit,
                        fixed.applied.len(),
                    )));
                }
            }
            Some(out)
        })
    }
}
