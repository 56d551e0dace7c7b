//! asl-ls: language server and command-line checker for the Amazon States
//! Language. Layers, each using only those above it in this list:
//! `text` → `syntax` → `model` → `ide` (pure analysis) → `cli` / `lsp` edges.
//! `data` holds the language facts as tables.

pub mod cli;
pub mod data;
pub mod graph;
pub mod host;
pub mod ide;
pub mod lang;
pub mod lsp;
pub mod model;
pub mod run;
pub mod syntax;
pub mod text;
