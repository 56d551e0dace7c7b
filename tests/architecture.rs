//! The invariants of docs/architecture.md, checked on the code: the layer
//! table (read from the page itself, so the page stays true), LSP types only
//! in `lsp/`, no global mutable state.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn src() -> PathBuf {
    repo().join("server/src")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under server/src: `ide/diagnostics/memo.rs`
/// is `[ide, diagnostics, memo]`, `ide/mod.rs` is `[ide]`.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts
}

/// The code of a file without its line comments (doc links are not uses).
fn code(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

fn identifier_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
    &rest[..end]
}

/// The top-level modules a file's paths name: `crate::x`, the items of
/// `crate::{x, y::z}`, and `super::…` chains that climb to the crate root.
fn top_level_uses(file: &Path, text: &str) -> BTreeSet<String> {
    let code = code(text);
    let mut uses = BTreeSet::new();
    let boundary = |at: usize| at == 0 || !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
    for (at, _) in code.match_indices("crate::").filter(|(at, _)| boundary(*at)) {
        let after = at + "crate::".len();
        if code[after..].starts_with('{') {
            // Top-level items of the group: the first identifier of each
            // comma-separated part at depth 1, up to the matching brace.
            let mut depth = 0;
            let mut start = after + 1;
            for (i, c) in code[after..].char_indices() {
                let i = after + i;
                match c {
                    '{' => depth += 1,
                    '}' | ',' if depth == 1 => {
                        let name = identifier_at(code[start..i].trim_start(), 0);
                        if !name.is_empty() {
                            uses.insert(name.to_string());
                        }
                        start = i + 1;
                        if c == '}' {
                            break;
                        }
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
        } else {
            uses.insert(identifier_at(&code, after).to_string());
        }
    }
    let module = module_path(file);
    for (at, _) in code.match_indices("super::").filter(|(at, _)| boundary(*at)) {
        let mut depth = 0;
        let mut next = at;
        while code[next..].starts_with("super::") {
            depth += 1;
            next += "super::".len();
        }
        if at > 0 && code[..at].ends_with("super::") {
            continue; // counted from the chain's first `super::`
        }
        // A file `a/b.rs` is module [a, b]: its `super` is [a]; in `a/mod.rs`
        // ([a]) `super` is the crate root.
        if depth >= module.len() {
            let name = identifier_at(&code, next);
            if !name.is_empty() {
                uses.insert(name.to_string());
            }
        }
    }
    uses
}

/// The layer table of docs/architecture.md: module → the modules it may use.
fn layer_table() -> BTreeMap<String, BTreeSet<String>> {
    let page = std::fs::read_to_string(repo().join("docs/architecture.md")).expect("docs/architecture.md");
    let section = page.split("## Layers of `server/src`").nth(1).expect("the layers section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut table = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let ticked =
            |cell: &str| -> Vec<String> { cell.split('`').skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>() };
        let name = ticked(cells[0]).into_iter().next().expect("a module name");
        let allowed = ticked(cells.last().expect("a may-use cell")).into_iter().collect();
        table.insert(name, allowed);
    }
    table
}

fn top_level_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ").or_else(|| l.trim().strip_prefix("mod ")))
        .map(|l| l.trim_end_matches(';').trim().to_string())
        .collect()
}

/// The table's rows in the page's order, bottom layer first.
fn layer_order() -> Vec<String> {
    let page = std::fs::read_to_string(repo().join("docs/architecture.md")).expect("docs/architecture.md");
    let section = page.split("## Layers of `server/src`").nth(1).expect("the layers section");
    let section = section.split("\n## ").next().unwrap_or(section);
    section.lines().filter(|l| l.starts_with("| `")).filter_map(|l| l.split('`').nth(1).map(str::to_string)).collect()
}

#[test]
fn the_layer_table_only_lets_a_layer_use_the_rows_below_it() {
    let table = layer_table();
    let order = layer_order();
    for (at, module) in order.iter().enumerate() {
        for allowed in &table[module] {
            let below = order[..at].contains(allowed);
            assert!(below, "docs/architecture.md lets `{module}` use `{allowed}`, which is not a row below it");
        }
    }
}

#[test]
fn the_layer_table_names_every_module_and_only_modules() {
    let table: BTreeSet<String> = layer_table().into_keys().collect();
    assert_eq!(table, top_level_modules(), "docs/architecture.md's layer table vs server/src/lib.rs");
}

#[test]
fn no_module_uses_a_layer_it_may_not() {
    let table = layer_table();
    let modules = top_level_modules();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let Some(layer) = module_path(file).first().cloned() else { continue }; // lib.rs, main.rs
        let text = std::fs::read_to_string(file).expect("read");
        for used in top_level_uses(file, &text) {
            if used != layer && modules.contains(&used) && !table[&layer].contains(&used) {
                wrong.push(format!("{} uses `{used}`", file.strip_prefix(src()).unwrap().display()));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against docs/architecture.md's layers:\n{}", wrong.join("\n"));
}

#[test]
fn the_path_reader_sees_every_form_of_use() {
    let file = src().join("ide/diagnostics/memo.rs");
    let text = "use crate::{model::X, syntax::{A, B}, text};\nuse super::super::super::run::Y; // crate::lsp\nuse super::super::ide_only;\nfn f() { crate::graph::g(); }";
    let uses: Vec<String> = top_level_uses(&file, text).into_iter().collect();
    assert_eq!(uses, ["graph", "model", "run", "syntax", "text"]);
}

#[test]
fn lsp_types_only_in_the_lsp_edge() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let outside: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(src().join("lsp")))
        .filter(|f| {
            let text = code(&std::fs::read_to_string(f).expect("read"));
            text.contains("tower_lsp_server") || text.contains("lsp_types")
        })
        .map(|f| f.strip_prefix(src()).unwrap().display().to_string())
        .collect();
    assert!(outside.is_empty(), "LSP types outside server/src/lsp: {outside:?}");
}

#[test]
fn no_global_mutable_state_and_unsafe_only_in_main() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in &files {
        let text = code(&std::fs::read_to_string(file).expect("read"));
        let shown = file.strip_prefix(src()).unwrap().display().to_string();
        assert!(!text.contains("static mut"), "{shown} has a `static mut`");
        let unsafe_blocks = text.match_indices("unsafe").filter(|(at, _)| {
            let after = &text[at + "unsafe".len()..];
            after.starts_with(" {") || after.starts_with(" fn") || after.starts_with(" impl")
        });
        if shown != "main.rs" {
            assert_eq!(unsafe_blocks.count(), 0, "{shown} has `unsafe` code");
        }
    }
}

#[test]
fn the_repository_map_names_every_top_level_folder() {
    let page = std::fs::read_to_string(repo().join("docs/architecture.md")).expect("docs/architecture.md");
    let section = page.split("## The repository").nth(1).expect("the repository section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let output = std::process::Command::new("git").args(["ls-files"]).current_dir(repo()).output();
    let Some(output) = output.ok().filter(|o| o.status.success()) else { return }; // not a git checkout
    let tracked = String::from_utf8_lossy(&output.stdout).into_owned();
    let folders: BTreeSet<&str> = tracked.lines().filter_map(|l| l.split_once('/').map(|(top, _)| top)).collect();
    let missing: Vec<&&str> = folders
        .iter()
        .filter(|f| !f.starts_with('.') || **f == ".github")
        .filter(|f| !section.contains(&format!("`{f}/")))
        .collect();
    assert!(missing.is_empty(), "docs/architecture.md's repository map lacks {missing:?}");
}
