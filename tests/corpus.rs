//! The checker on the shared corpora: no error on any real-world definition,
//! and on every definition other tools call invalid, the error for the
//! problem its manifest names (tests/expected/invalid-corpus.tsv).

mod support;

use asl_ls::ide::diagnostics::{check, check_in, Severity};
use asl_ls::ide::Config;
use asl_ls::syntax::Language;

#[test]
fn real_world_definitions_get_no_error() {
    let dir = support::shared().join("corpus/real-world");
    let files = support::files(&dir, &[".json"]);
    assert!(files.len() >= 300, "expected the real-world corpus in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let text = support::read(path);
        for d in check(&text, &Config::default()).iter().filter(|d| d.severity == Severity::Error) {
            let line = text[..d.range.start as usize].lines().count().max(1);
            failures.push(format!("{}:{line}: {} {}", path.display(), d.code.id(), d.message));
        }
    }
    assert!(failures.is_empty(), "false errors on real-world definitions:\n{}", failures.join("\n"));
}

/// Every YAML definition the manifest lists, and not one error on them.
#[test]
fn real_world_yaml_definitions_get_no_error() {
    let dir = support::shared().join("corpus/real-world");
    let manifest = support::read(&dir.join("MANIFEST.tsv"));
    let files: Vec<_> = manifest
        .lines()
        .filter(|l| l.split('\t').nth(5) == Some("yaml"))
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert!(files.len() >= 19, "expected the YAML definitions in {}", dir.display());
    let mut failures = Vec::new();
    for file in files {
        let text = support::read(&dir.join(file));
        assert_eq!(Language::from_path(file), Language::Yaml);
        for d in check_in(&text, Language::Yaml, &Config::default()).iter().filter(|d| d.severity == Severity::Error) {
            let line = text[..d.range.start as usize].lines().count().max(1);
            failures.push(format!("{file}:{line}: {:?} {} {}", d.severity, d.code.id(), d.message));
        }
    }
    assert!(failures.is_empty(), "false errors on real-world YAML definitions:\n{}", failures.join("\n"));
}

#[test]
fn invalid_definitions_get_the_expected_errors() {
    let dir = support::shared().join("corpus/invalid");
    let table = include_str!("expected/invalid-corpus.tsv");
    let mut listed = 0;
    let mut failures = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (file, expected) = line.split_once('\t').expect("file<TAB>expectation");
        listed += 1;
        let text = support::read(&dir.join(file));
        let errors: Vec<_> =
            check(&text, &Config::default()).into_iter().filter(|d| d.severity == Severity::Error).collect();
        if expected.starts_with("accepted:") || expected.starts_with("pending:") {
            continue;
        }
        for code in expected.split_whitespace() {
            if !errors.iter().any(|d| d.code.id() == code) {
                let ours: Vec<_> = errors.iter().map(|d| d.code.id()).collect();
                failures.push(format!("{file}: expected {code}, got {ours:?}"));
            }
        }
    }
    let on_disk = support::files(&dir, &[".json"]).len();
    assert_eq!(listed, on_disk, "tests/expected/invalid-corpus.tsv must list every JSON file of {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
