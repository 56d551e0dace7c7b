//! The LSP edge, in memory: the input is a document's text, a NUL byte, then
//! a script of client messages decoded from the rest — opens, incremental
//! and whole edits (ranges outside the document, positions inside UTF-16
//! surrogate pairs), every request, cancellations, closes, settings, bad
//! parameters, unknown methods, malformed frames. Every request must get its
//! answer (result or error) and the server must end on `exit`.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const URIS: [&str; 3] = ["file:///fuzz/a.asl.json", "file:///fuzz/b.json", "untitled:Untitled-1"];
const SNIPPETS: [&str; 12] =
    ["\"", "{", "}", ",", ":", "[", "\n", "\r\n", "é", "😀", "\"Next\": \"", "{% $states.input %}"];

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .max_blocking_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

/// Client messages to send, and the ids of the requests among them.
#[derive(Default)]
struct Script {
    frames: Vec<Vec<u8>>,
    requests: BTreeSet<i64>,
    next_id: i64,
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

impl Script {
    fn notify(&mut self, method: &str, params: Value) {
        self.frames.push(frame(json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string().as_bytes()));
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.requests.insert(id);
        let message = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.frames.push(frame(message.to_string().as_bytes()));
        id
    }
}

fn position(u: &mut Unstructured, lines: u32) -> Result<Value> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => json!({"line": u.arbitrary::<u32>()?, "character": u.arbitrary::<u32>()?}),
        1 => json!({"line": u.int_in_range(0..=lines + 1)?, "character": u.arbitrary::<u32>()?}),
        _ => json!({"line": u.int_in_range(0..=lines + 1)?, "character": u.int_in_range(0..=120u32)?}),
    })
}

fn range(u: &mut Unstructured, lines: u32) -> Result<Value> {
    Ok(json!({"start": position(u, lines)?, "end": position(u, lines)?}))
}

/// Text to insert: a piece of the seed document, a JSON token, or anything.
fn insertion(u: &mut Unstructured, seed: &str) -> Result<String> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => {
            let start = u.int_in_range(0..=seed.len())?;
            let len = u.int_in_range(0..=256usize)?;
            let end = (start + len).min(seed.len());
            seed.get(start..end).unwrap_or("").to_string()
        }
        1 => u.arbitrary::<String>()?,
        _ => u.choose(&SNIPPETS)?.to_string(),
    })
}

fn decode(seed: &str, u: &mut Unstructured) -> Result<Script> {
    let mut script = Script::default();
    let lines = seed.lines().count() as u32;
    if u.ratio(1, 8)? {
        // Before `initialize`: the server must refuse, not crash.
        script.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URIS[0]}, "position": {"line": 0, "character": 0}}),
        );
    }
    let utf8 = u.arbitrary::<bool>()?;
    let encodings = if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
    // No inlay hint refresh: the script answers no server-to-client requests.
    let capabilities = json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {"completion": {"completionItem": {"snippetSupport": u.arbitrary::<bool>()?}}}
    });
    script.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": capabilities}));
    script.notify("initialized", json!({}));
    let mut version = 1;
    script.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URIS[0], "languageId": "json", "version": version, "text": seed}}),
    );
    let mut steps = 0;
    while !u.is_empty() && steps < 64 {
        steps += 1;
        let uri = if u.ratio(7, 8)? { URIS[0] } else { *u.choose(&URIS)? };
        let doc = json!({"uri": uri});
        version += if u.ratio(15, 16)? { 1 } else { -1 };
        match u.int_in_range(0..=24u8)? {
            0..=5 => {
                let mut changes = Vec::new();
                for _ in 0..u.int_in_range(1..=3u8)? {
                    changes.push(json!({"range": range(u, lines)?, "text": insertion(u, seed)?}));
                }
                script.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
                );
            }
            6 => {
                let text = if u.arbitrary::<bool>()? { seed.to_string() } else { insertion(u, seed)? };
                script.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
                );
            }
            7..=14 => {
                let method = *u.choose(&[
                    "textDocument/completion",
                    "textDocument/hover",
                    "textDocument/definition",
                    "textDocument/documentHighlight",
                    "textDocument/prepareRename",
                ])?;
                let id = script.request(method, json!({"textDocument": doc, "position": position(u, lines)?}));
                if u.ratio(1, 4)? {
                    script.notify("$/cancelRequest", json!({"id": id}));
                }
            }
            15 => {
                let params = json!({"textDocument": doc, "position": position(u, lines)?, "context": {"includeDeclaration": u.arbitrary::<bool>()?}});
                script.request("textDocument/references", params);
            }
            16 => {
                let params =
                    json!({"textDocument": doc, "position": position(u, lines)?, "newName": insertion(u, seed)?});
                script.request("textDocument/rename", params);
            }
            17 => {
                let method = *u.choose(&[
                    "textDocument/documentSymbol",
                    "textDocument/semanticTokens/full",
                    "textDocument/foldingRange",
                    "textDocument/codeLens",
                    "asl-ls/textDigest",
                ])?;
                script.request(method, json!({"textDocument": doc}));
            }
            18 => {
                let r = range(u, lines)?;
                script.request("textDocument/inlayHint", json!({"textDocument": doc, "range": r}));
                let r = range(u, lines)?;
                script.request(
                    "textDocument/codeAction",
                    json!({"textDocument": doc, "range": r, "context": {"diagnostics": []}}),
                );
                let positions = [position(u, lines)?, position(u, lines)?];
                script.request("textDocument/selectionRange", json!({"textDocument": doc, "positions": positions}));
            }
            19 => {
                let arguments = match u.int_in_range(0..=3u8)? {
                    0 => json!([uri]),
                    1 => json!([uri, {"format": *u.choose(&["svg", "dot", "mermaid", "png"])?}]),
                    2 => json!([]),
                    _ => json!([u.arbitrary::<String>()?]),
                };
                let command = if u.arbitrary::<bool>()? { "asl-ls.run" } else { "asl-ls.graph" };
                script.request("workspace/executeCommand", json!({"command": command, "arguments": arguments}));
            }
            20 => {
                script.notify("textDocument/didClose", json!({"textDocument": doc}));
                if u.arbitrary::<bool>()? {
                    let text = insertion(u, seed)?;
                    script.notify(
                        "textDocument/didOpen",
                        json!({"textDocument": {"uri": uri, "languageId": "asl", "version": version, "text": text}}),
                    );
                }
            }
            21 => {
                let settings = match u.int_in_range(0..=2u8)? {
                    0 => json!({"asl-ls": {"machineType": "EXPRESS", "severity": {"ASL201": "warning"}}}),
                    1 => {
                        json!({"asl-ls": {"machineType": u.arbitrary::<String>()?, "severity": u.arbitrary::<String>()?}})
                    }
                    _ => json!(null),
                };
                script.notify("workspace/didChangeConfiguration", json!({"settings": settings}));
            }
            22 => {
                // Wrong parameters and unknown methods are answered with errors.
                let method =
                    *u.choose(&["textDocument/hover", "textDocument/completion", "asl/nothing", "asl-ls/textDigest"])?;
                script.request(method, json!({"textDocument": u.arbitrary::<u32>()?}));
            }
            23 => {
                // A well-framed body that is not a valid message: answered by the guard, no id to wait for.
                let body: Vec<u8> = u.arbitrary()?;
                script.frames.push(frame(&body));
            }
            _ => script.frames.push(b"X-Nothing: here\r\n\r\n".to_vec()),
        }
    }
    Ok(script)
}

async fn read_frame<R: tokio::io::AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length.expect("every frame the server writes has a Content-Length")];
    reader.read_exact(&mut body).await.ok()?;
    Some(serde_json::from_slice(&body).expect("every message the server writes is JSON"))
}

async fn play(script: Script) {
    // One pipe each way, as stdin and stdout are: the client sees the end of
    // the output when the server is done with it.
    let (mut to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let serving = tokio::spawn(asl_ls::lsp::serve(server_in, server_out));
    let mut reader = BufReader::new(from_server);
    let Script { frames, mut requests, next_id } = script;
    let writing = tokio::spawn(async move {
        for frame in frames {
            to_server.write_all(&frame).await.expect("the server reads every message");
        }
        to_server
    });
    let answers = async {
        while !requests.is_empty() {
            let message = read_frame(&mut reader).await.expect("the server answers every request before it stops");
            if message.get("method").is_none() {
                if let Some(id) = message["id"].as_i64() {
                    requests.remove(&id);
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(8), answers).await.expect("every request is answered");
    let mut to_server = writing.await.expect("writer");
    // As an editor ends: `shutdown`, its answer, then `exit`.
    let shutdown = next_id + 1;
    let message = json!({"jsonrpc": "2.0", "id": shutdown, "method": "shutdown"});
    to_server.write_all(&frame(message.to_string().as_bytes())).await.expect("write");
    let answer = async {
        loop {
            let message = read_frame(&mut reader).await.expect("the server answers shutdown");
            if message["id"] == shutdown && message.get("method").is_none() {
                assert!(message.get("error").is_none(), "shutdown refused: {message}");
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(8), answer).await.expect("shutdown is answered");
    let message = json!({"jsonrpc": "2.0", "method": "exit"});
    to_server.write_all(&frame(message.to_string().as_bytes())).await.expect("write");
    let rest = async { while read_frame(&mut reader).await.is_some() {} };
    tokio::time::timeout(Duration::from_secs(8), rest).await.expect("the server stops on exit");
    tokio::time::timeout(Duration::from_secs(8), serving).await.expect("serve returns").expect("serve");
}

fuzz_target!(|data: &[u8]| {
    let (text, ops) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    let seed = String::from_utf8_lossy(text);
    let Ok(script) = decode(&seed, &mut Unstructured::new(ops)) else { return };
    runtime().block_on(play(script));
});
