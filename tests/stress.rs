//! The real server under a client that edits real-world definitions at
//! random — insertions (with characters of two UTF-16 units), deletions,
//! undo — with completion, hover, definition, references, rename and
//! highlight requests in between, some cancelled. After every step the
//! server's text must equal the client's (`asl-ls/textDigest`); every
//! request must be answered; memory must not grow from one pass over the
//! files to the next.
//!
//! Bounded for CI: `ASL_LS_STRESS_FILES` files (40) × `ASL_LS_STRESS_STEPS`
//! steps (100) × 2 passes; raise both for a longer run.

mod support;

use serde_json::{json, Value};
use sha2::Digest;
use std::collections::HashSet;
use std::time::Instant;
use support::lsp_client::{rss_kib, Server};
use support::Rng;

const PIECES: &[&str] = &["\"", ",", "{", "}", ":", "\n    ", " ", "é", "😀", "\"Next\": \"", "$.", "{% $x %}", "\r\n"];
const REQUESTS: &[&str] = &[
    "textDocument/completion",
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/prepareRename",
    "textDocument/rename",
];

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The LSP position of a byte offset: lines end at `\n`, `\r\n` or a lone
/// `\r`; columns count UTF-16 units.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let breaks = before.match_indices(['\r', '\n']).filter(|&(i, b)| !(b == "\r" && text[i + 1..].starts_with('\n')));
    let (line, line_start) = breaks.fold((0, 0), |(line, _), (i, _)| (line + 1, i + 1));
    json!({"line": line, "character": before[line_start..].encode_utf16().count()})
}

/// The nearest place at or before `at` where an editor's cursor can be: a
/// character boundary, not between the `\r` and `\n` of a line break.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) || (at > 0 && text[..at].ends_with('\r') && text[at..].starts_with('\n')) {
        at -= 1;
    }
    at
}

/// A replacement of `start..end` by `text`; its inverse undoes it.
struct Change {
    start: usize,
    end: usize,
    text: String,
}

struct Client {
    server: Server,
    text: String,
    uri: String,
    version: i64,
    undo: Vec<Change>,
    /// Requests sent and not yet answered.
    pending: HashSet<i64>,
    next_id: i64,
    requests: usize,
    cancels: usize,
}

impl Client {
    fn apply(&mut self, change: Change) -> Change {
        let range = json!({"start": position(&self.text, change.start), "end": position(&self.text, change.end)});
        let old = self.text[change.start..change.end].to_string();
        self.text.replace_range(change.start..change.end, &change.text);
        self.version += 1;
        self.server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": self.uri, "version": self.version},
                   "contentChanges": [{"range": range, "text": change.text}]}),
        );
        Change { start: change.start, end: change.start + change.text.len(), text: old }
    }

    fn send(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.server.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.pending.insert(id);
        id
    }

    /// Reads messages until the answer to `id`, counting the others' answers.
    fn answer(&mut self, id: i64) -> Value {
        loop {
            let message = self.server.wait(|_| true);
            if message.get("method").is_some() {
                continue; // diagnostics and logs
            }
            let Some(answered) = message["id"].as_i64() else { continue };
            self.pending.remove(&answered);
            if answered == id {
                return message;
            }
        }
    }

    fn step(&mut self, rng: &mut Rng) {
        let at = boundary(&self.text, rng.below(self.text.len() + 1));
        match rng.below(10) {
            0..=3 => {
                let piece = if rng.below(3) == 0 {
                    let from = boundary(&self.text, rng.below(self.text.len() + 1));
                    let to = boundary(&self.text, from + rng.below(40));
                    self.text[from..to].to_string()
                } else {
                    PIECES[rng.below(PIECES.len())].to_string()
                };
                let inverse = self.apply(Change { start: at, end: at, text: piece });
                self.undo.push(inverse);
            }
            4..=6 => {
                let end = boundary(&self.text, at + 1 + rng.below(12));
                let inverse = self.apply(Change { start: at, end, text: String::new() });
                self.undo.push(inverse);
            }
            _ => {
                if let Some(inverse) = self.undo.pop() {
                    self.apply(inverse);
                }
            }
        }
        if rng.below(2) == 0 {
            let method = REQUESTS[rng.below(REQUESTS.len())];
            let at = boundary(&self.text, rng.below(self.text.len() + 1));
            let params = json!({
                "textDocument": {"uri": self.uri},
                "position": position(&self.text, at),
                "context": {"includeDeclaration": true},
                "newName": "Renamed",
            });
            let id = self.send(method, params);
            self.requests += 1;
            if rng.below(4) == 0 {
                self.server.notify("$/cancelRequest", json!({"id": id}));
                self.cancels += 1;
            }
        }
        let id = self.send("asl-ls/textDigest", json!({"textDocument": {"uri": self.uri}}));
        let digest = self.answer(id);
        let sha256: String = sha2::Sha256::digest(self.text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let expected = json!({"version": self.version, "bytes": self.text.len(), "sha256": sha256});
        assert_eq!(
            digest["result"], expected,
            "{}: the server's text differs after version {}",
            self.uri, self.version
        );
    }
}

#[test]
fn random_edits_keep_the_servers_text_and_every_request_is_answered() {
    let files_wanted = setting("ASL_LS_STRESS_FILES", 40);
    let steps = setting("ASL_LS_STRESS_STEPS", 100);
    let mut files = support::files(&support::shared().join("corpus/real-world"), &[".json"]);
    // Spread over the corpus, not its first folder.
    let stride = (files.len() / files_wanted.max(1)).max(1);
    files = files.into_iter().step_by(stride).take(files_wanted).collect();
    let server = Server::start();
    let mut client = Client {
        server,
        text: String::new(),
        uri: String::new(),
        version: 0,
        undo: Vec::new(),
        pending: HashSet::new(),
        next_id: 1_000_000,
        requests: 0,
        cancels: 0,
    };
    let started = Instant::now();
    let mut rss = Vec::new();
    for pass in 0..2u64 {
        for (n, file) in files.iter().enumerate() {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((pass << 32) | (n as u64 + 1)));
            client.text = support::read(file);
            client.uri = format!("file:///stress/{n}.asl.json");
            client.version = 1;
            client.undo.clear();
            client.server.open(&client.uri, &client.text);
            for _ in 0..steps {
                client.step(&mut rng);
            }
            // Everything asked about this file is answered before it closes.
            while let Some(&id) = client.pending.iter().next() {
                client.answer(id);
            }
            client.server.notify("textDocument/didClose", json!({"textDocument": {"uri": client.uri}}));
            client.server.backlog.clear();
        }
        rss.extend(rss_kib(client.server.child.id()));
    }
    let steps_run = 2 * files.len() * steps;
    eprintln!(
        "{steps_run} steps over {} files in {:.1} s: {} requests ({} cancelled), RSS after each pass {rss:?} KiB",
        files.len(),
        started.elapsed().as_secs_f64(),
        client.requests,
        client.cancels
    );
    if let [first, second] = rss[..] {
        // Freed memory stays with the allocator (see lsp/mod.rs), so allow a little.
        assert!(second as f64 <= first as f64 * 1.10 + 4096.0, "RSS grew from {first} KiB to {second} KiB");
    }
    assert_eq!(client.server.stop(), 0);
}
