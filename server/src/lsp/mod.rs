//! The language server edge: `asl-ls --stdio`. LSP types and client
//! positions exist only here; everything else speaks byte offsets.

mod config;
mod convert;
mod proto;
mod runs;
mod server;
mod store;
mod transport;

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
    runtime.block_on(async {
        // The framework reads and writes through the guard (see transport.rs).
        let (server_in, guard_in) = tokio::io::duplex(1 << 16);
        let (guard_out, server_out) = tokio::io::duplex(1 << 16);
        let (errors_tx, errors_rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(transport::guard_input(tokio::io::stdin(), guard_in, errors_tx));
        let output = tokio::spawn(transport::merge_output(server_out, tokio::io::stdout(), errors_rx));
        let (service, socket) = LspService::new(server::Backend::new);
        Server::new(server_in, guard_out, socket).serve(service).await;
        // Everything the server wrote reaches the client before we exit.
        let _ = output.await;
    });
    // Reading stdin may still block a thread: do not wait for it.
    runtime.shutdown_background();
    0
}
