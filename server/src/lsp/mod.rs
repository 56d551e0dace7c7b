//! The language server edge: `asl-ls --stdio`. LSP types and client
//! positions exist only here; everything else speaks byte offsets.

mod config;
mod convert;
mod formatting;
mod proto;
mod runs;
mod server;
mod store;
mod test_files;
mod transport;
mod workspace;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin/stdout until the client says `exit`.
pub fn run() -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Analyses and runs: a few at a time; a burst of edits queues instead
        // of starting a thread per keystroke.
        .max_blocking_threads(4)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("asl-ls: cannot start the async runtime: {error}");
            return 2;
        }
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Reading stdin may still block a thread: do not wait for it.
    runtime.shutdown_background();
    0
}

/// Serves LSP on any byte streams until the client says `exit` or closes
/// `input` (the fuzz target drives it in memory). Needs a Tokio runtime
/// with blocking threads: analyses run on them.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    // The framework reads and writes through the guard (see transport.rs).
    let (server_in, guard_in) = tokio::io::duplex(1 << 16);
    let (guard_out, server_out) = tokio::io::duplex(1 << 16);
    let (errors_tx, errors_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(transport::guard_input(input, guard_in, errors_tx));
    let output = tokio::spawn(transport::merge_output(server_out, output, errors_rx));
    let (service, socket) = LspService::build(server::Backend::new)
        .custom_method("asl-ls/textDigest", server::Backend::text_digest)
        .finish();
    Server::new(server_in, guard_out, socket).serve(service).await;
    // Everything the server wrote reaches the client before we return.
    let _ = output.await;
}
