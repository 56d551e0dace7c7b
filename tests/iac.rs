//! Real templates (tests/fixtures/iac, and ../shared/corpus/iac when it
//! exists): every state machine found, and not one error on any of them.

mod support;

use asl_ls::ide::diagnostics::Severity;
use asl_ls::ide::{Config, Hosted};
use std::path::{Path, PathBuf};

/// Reads the files a template names, beside it.
fn resolver(template: &Path) -> impl Fn(&str) -> Result<String, String> {
    let folder = template.parent().unwrap_or(Path::new(".")).to_path_buf();
    move |relative| std::fs::read_to_string(folder.join(relative)).map_err(|e| e.to_string())
}

/// Each manifest row: the template's path and how many machines it holds.
fn manifest(dir: &Path) -> Vec<(PathBuf, usize)> {
    let text = support::read(&dir.join("MANIFEST.tsv"));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut columns = l.split('\t');
            let path = dir.join(columns.next().unwrap_or(""));
            let machines = columns.next().and_then(|n| n.trim().parse().ok()).unwrap_or(usize::MAX);
            (path, machines)
        })
        .collect()
}

fn check_corpus(dir: &Path) -> usize {
    let rows = manifest(dir);
    let mut failures = Vec::new();
    for (path, expected) in &rows {
        let text = support::read(path);
        let shown = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        let Some(hosted) = Hosted::new(&path.to_string_lossy(), &text, &resolver(path)) else {
            failures.push(format!("{shown}: not read as a template"));
            continue;
        };
        if hosted.machines().len() != *expected {
            let names: Vec<_> = hosted.machines().iter().map(|m| m.name.as_str()).collect();
            failures.push(format!("{shown}: {} machines found ({names:?}), the manifest says {expected}", names.len()));
        }
        let config = Config::default();
        let index = hosted.line_index();
        for d in hosted.diagnostics(&config).iter().filter(|d| d.diagnostic.severity == Severity::Error) {
            let line = index.chars(&text, d.diagnostic.range.start).line + 1;
            failures.push(format!("{shown}:{line}: {} {}", d.diagnostic.code.id(), d.diagnostic.message));
        }
        for (machine, linked, found) in hosted.linked_diagnostics(&config) {
            for d in found.iter().filter(|d| d.severity == Severity::Error) {
                failures.push(format!("{shown} → {} ({machine}): {} {}", linked.path, d.code.id(), d.message));
            }
        }
    }
    assert!(failures.is_empty(), "in {}:\n{}", dir.display(), failures.join("\n"));
    rows.len()
}

#[test]
fn real_templates_hold_the_machines_their_manifest_counts_and_no_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/iac");
    assert!(check_corpus(&dir) >= 40);
}

/// The shared corpus of templates, when the steering repository adds it.
#[test]
fn shared_templates_get_the_same() {
    let dir = support::shared().join("corpus/iac");
    if dir.join("MANIFEST.tsv").is_file() {
        check_corpus(&dir);
    }
}
