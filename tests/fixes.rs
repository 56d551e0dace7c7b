//! Quick fixes as a product: every fix of every diagnostic of every fixture,
//! applied alone, gives text with no error the text did not have before.

mod support;

use asl_ls::ide::diagnostics::Severity;
use asl_ls::ide::format::apply;
use asl_ls::ide::{Analysis, Config};
use asl_ls::syntax::Language;
use std::collections::HashMap;

/// Each error (code and message) and how often it appears.
fn errors(text: &str, language: Language) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for d in Analysis::new_in(text, language).diagnostics(&Config::default()).iter() {
        if d.severity == Severity::Error {
            *out.entry((d.code.id().to_string(), d.message.clone())).or_default() += 1;
        }
    }
    out
}

#[test]
fn no_fix_of_any_fixture_brings_a_new_error() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diagnostics");
    let files = support::files(&dir, &[".json", ".yaml"]);
    let mut failures = Vec::new();
    let mut tried = 0;
    for path in &files {
        let text = support::read(path);
        let language = Language::from_path(&path.to_string_lossy());
        let before = errors(&text, language);
        let analysis = Analysis::new_in(text.as_str(), language);
        for diagnostic in analysis.diagnostics(&Config::default()).iter() {
            for fix in &diagnostic.fixes {
                tried += 1;
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|e| (e.range.start, e.range.end));
                let fixed = apply(&text, &edits);
                let after = errors(&fixed, language);
                let new: Vec<String> = after
                    .iter()
                    .filter(|(key, count)| before.get(*key).copied().unwrap_or(0) < **count)
                    .map(|((code, message), _)| format!("{code} {message}"))
                    .collect();
                if !new.is_empty() {
                    failures.push(format!(
                        "{} {} fix {:?} ({:?}): {}",
                        path.file_name().unwrap().to_string_lossy(),
                        diagnostic.code.id(),
                        fix.title,
                        fix.applicability,
                        new.join("; ")
                    ));
                }
            }
        }
    }
    assert!(tried > 50, "only {tried} fixes");
    assert!(failures.is_empty(), "{} of {tried} fixes bring new errors:\n{}", failures.len(), failures.join("\n"));
}
