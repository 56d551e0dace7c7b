//! A guard between the client and the LSP framework. The framework stops
//! reading for good at the first message it cannot decode, so every message
//! is checked here first: a well-formed one goes through; a malformed one
//! gets its JSON-RPC error answer (`-32700` parse error, `-32600` invalid
//! request) and the server carries on.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Largest message we accept (a 50 MB definition fits).
const MAX_MESSAGE_BYTES: usize = 256 << 20;

/// One framed message: headers read, body of `Content-Length` bytes.
enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length`.
    BadHeader,
    End,
}

async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> std::io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(Frame::End);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !saw_header {
                continue; // stray blank line between messages
            }
            break;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    match length {
        Some(n) if n <= MAX_MESSAGE_BYTES => {
            let mut body = vec![0; n];
            reader.read_exact(&mut body).await?;
            Ok(Frame::Body(body))
        }
        _ => Ok(Frame::BadHeader),
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// What the framework needs of a message; the rest (`params` of a 5 MB
/// `didOpen`) is only checked to be JSON, not built.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    jsonrpc: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, deserialize_with = "present")]
    id: Option<Value>,
    method: Option<Value>,
    #[serde(default, deserialize_with = "shape")]
    params: Option<Shape>,
    #[serde(default, deserialize_with = "shape")]
    result: Option<Shape>,
    #[serde(default, deserialize_with = "shape")]
    error: Option<Shape>,
}

/// The kind of a value, read without keeping it.
#[derive(PartialEq)]
enum Shape {
    Structured,
    Null,
    Scalar,
}

/// `Some(Null)` for an explicit `"id": null` (a present field), unlike a missing one.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    use serde::Deserialize;
    Ok(Some(Value::deserialize(d)?))
}

fn shape<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Shape>, D::Error> {
    struct Visit;
    impl<'de> serde::de::Visitor<'de> for Visit {
        type Value = Shape;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_unit<E>(self) -> Result<Shape, E> {
            Ok(Shape::Null)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
            Ok(Shape::Scalar)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
            Ok(Shape::Scalar)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
            Ok(Shape::Scalar)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
            Ok(Shape::Scalar)
        }
        fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
            Ok(Shape::Scalar)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(Shape::Structured)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
            while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
            Ok(Shape::Structured)
        }
    }
    d.deserialize_any(Visit).map(Some)
}

/// `Ok` for a message the framework can decode, else the error to answer.
fn check(body: &[u8]) -> Result<(), Value> {
    let parse_error = || json!({"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null});
    let message = match serde_json::from_slice::<Envelope>(body) {
        Ok(message) => message,
        // Valid JSON of the wrong shape (an array, a string) is an invalid request.
        Err(e) if e.is_data() => {
            return Err(json!({"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid request"}, "id": null}))
        }
        Err(_) => return Err(parse_error()),
    };
    let id = message.id.clone().unwrap_or(Value::Null);
    let valid_id = matches!(id, Value::Null | Value::Number(_) | Value::String(_));
    let is_request = message.method.as_ref().is_some_and(Value::is_string);
    let is_response = message.id.is_some() && (message.result.is_some() || message.error.is_some());
    let params_ok = message.params.is_none_or(|p| p != Shape::Scalar);
    if message.jsonrpc.as_deref() == Some("2.0") && valid_id && (is_request || is_response) && params_ok {
        return Ok(());
    }
    let id = if valid_id { id } else { Value::Null };
    Err(json!({"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid request"}, "id": id}))
}

/// Copies client messages to the server, answering malformed ones itself.
pub async fn guard_input<R, W>(input: R, mut to_server: W, errors: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        match read_frame(&mut reader).await {
            Ok(Frame::Body(body)) => match check(&body) {
                Ok(()) => {
                    if to_server.write_all(&frame(&body)).await.is_err() {
                        return;
                    }
                    let _ = to_server.flush().await;
                }
                Err(answer) => {
                    let _ = errors.send(frame(answer.to_string().as_bytes()));
                }
            },
            Ok(Frame::BadHeader) => {
                let answer = json!({"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error: no usable Content-Length header"}, "id": null});
                let _ = errors.send(frame(answer.to_string().as_bytes()));
            }
            Ok(Frame::End) | Err(_) => return,
        }
    }
}

/// Writes the server's messages and the guard's answers to the client,
/// whole messages at a time.
pub async fn merge_output<R, W>(from_server: R, mut output: W, mut errors: mpsc::UnboundedReceiver<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(from_server);
    let mut errors_open = true;
    loop {
        tokio::select! {
            next = read_frame(&mut reader) => match next {
                Ok(Frame::Body(body)) => {
                    if output.write_all(&frame(&body)).await.is_err() {
                        return;
                    }
                    let _ = output.flush().await;
                }
                Ok(Frame::BadHeader) => continue,
                Ok(Frame::End) | Err(_) => {
                    let _ = output.flush().await;
                    return;
                }
            },
            answer = errors.recv(), if errors_open => match answer {
                Some(bytes) => {
                    if output.write_all(&bytes).await.is_err() {
                        return;
                    }
                    let _ = output.flush().await;
                }
                None => errors_open = false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn malformed_messages_get_the_right_error() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","method":"initialized"}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":7,"result":null}"#).is_ok());
        assert_eq!(check(b"{not json").unwrap_err()["error"]["code"], -32700);
        assert_eq!(check(br#"{"jsonrpc":"2.0","id":4,"params":{}}"#).unwrap_err()["id"], 4);
        assert_eq!(check(b"[1, 2]").unwrap_err()["error"]["code"], -32600);
        assert_eq!(check(br#"{"jsonrpc":"2.0","id":{},"method":"x"}"#).unwrap_err()["id"], serde_json::Value::Null);
    }
}
