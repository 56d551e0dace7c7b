//! One fixture per diagnostic code (tests/fixtures/diagnostics/ASLnnn-name…),
//! each beside a snapshot of every diagnostic it gets: code, severity, exact
//! range and the text under it, message, and AWS's code, location and
//! message. Templates (`*.template.yaml`, `*.tf`) are checked as hosts.
//! `UPDATE_EXPECT=1 cargo test` rewrites the snapshots.

mod support;

use asl_ls::ide::diagnostics::{check_in, Code, Diagnostic};
use asl_ls::ide::edit::Applicability;
use asl_ls::ide::{Config, Hosted, MachineType};
use asl_ls::syntax::Language;
use asl_ls::text::LineIndex;
use std::fmt::Write;
use std::path::Path;

/// Codes whose fixture would not fit in a file here, with where they are tested.
const TESTED_ELSEWHERE: &[(&str, &str)] = &[("ASL007", "ide::diagnostics::tests (a 1 MiB definition)")];

fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let start = index.chars(text, d.range.start);
        let end = index.chars(text, d.range.end);
        let mut covered: String = text[d.range.start as usize..d.range.end as usize].chars().take(60).collect();
        if covered.len() < (d.range.end - d.range.start) as usize {
            covered.push('…');
        }
        let _ = writeln!(
            out,
            "{} {} {}:{}-{}:{} {:?}",
            d.code.id(),
            d.severity.name(),
            start.line + 1,
            start.col + 1,
            end.line + 1,
            end.col + 1,
            covered
        );
        let _ = writeln!(out, "  {}", d.message);
        if let Some(aws) = &d.aws {
            let location = aws.location.as_deref().unwrap_or("(no location)");
            let _ = writeln!(out, "  AWS {} at {}: {}", aws.code, location, aws.message.replace('\n', "\\n"));
        }
        for fix in &d.fixes {
            let kind = match fix.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
            };
            let _ = writeln!(out, "  fix ({kind}) {}", fix.title);
            for edit in &fix.edits {
                let start = index.chars(text, edit.range.start);
                let end = index.chars(text, edit.range.end);
                let _ = writeln!(
                    out,
                    "    {}:{}-{}:{} => {:?}",
                    start.line + 1,
                    start.col + 1,
                    end.line + 1,
                    end.col + 1,
                    edit.new_text
                );
            }
        }
    }
    out
}

#[test]
fn every_code_has_a_fixture_with_its_exact_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diagnostics");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut covered = Vec::new();
    for path in support::files(&dir, &[".json", ".yaml", ".tf"]) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let id = &name[..6];
        covered.push(id.to_string());
        let text = support::read(&path);
        let machine_type = if name.contains(".express.") { MachineType::Express } else { MachineType::Standard };
        let language = Language::from_path(&name);
        let config = Config { machine_type, ..Config::default() };
        // A template: its diagnostics in its own ranges (linked files are
        // looked for beside the fixtures).
        let resolve = |relative: &str| std::fs::read_to_string(dir.join(relative)).map_err(|e| e.to_string());
        let diagnostics = match Hosted::new(&name, &text, &resolve) {
            Some(hosted) => hosted.diagnostics(&config).into_iter().map(|d| d.diagnostic).collect(),
            None => check_in(&text, language, &config),
        };
        if !diagnostics.iter().any(|d| d.code.id() == id) {
            failures.push(format!("{name}: no {id} diagnostic"));
        }
        let actual = render(&text, &diagnostics);
        let stem = name.trim_end_matches(".json").trim_end_matches(".yaml").trim_end_matches(".tf");
        let snapshot = path.with_file_name(format!("{stem}.snap"));
        if update {
            std::fs::write(&snapshot, &actual).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name}: snapshot differs (UPDATE_EXPECT=1 to accept)\n--- expected\n{expected}--- actual\n{actual}"
            ));
        }
    }
    for code in Code::ALL {
        let id = code.id();
        if !covered.iter().any(|c| c == id) && !TESTED_ELSEWHERE.iter().any(|(c, _)| *c == id) {
            failures.push(format!("{id} ({}) has no fixture in {}", code.name(), dir.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
