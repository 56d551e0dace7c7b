//! asl-ls: language server, checker and evaluator for the Amazon States
//! Language. Layers, bottom up: `text`, `lang`, `data` → `syntax` → `host` →
//! `model` → `run` → `graph`, `testing` → `ide` (pure analysis) → the `lsp` and `cli`
//! edges. docs/architecture.md is the map; tests/architecture.rs checks it.

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
pub mod testing;
pub mod text;
