//! Never panic, never hang: every prefix of most corpus files, a
//! few thousand random mutations of all of them, and pathological inputs go
//! through the whole analysis.

mod support;

use asl_ls::ide::diagnostics::check;
use asl_ls::ide::{Analysis, Config, MachineType};
use asl_ls::text::TextRange;
use std::sync::mpsc;
use std::time::Duration;

/// Runs `work` on its own thread; a hang becomes a test failure, not a stuck CI job.
fn with_watchdog(name: &str, limit: Duration, work: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        work();
        let _ = done.send(());
    });
    match finished.recv_timeout(limit) {
        Ok(()) => handle.join().expect("worker thread"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: no answer after {limit:?}: the analysis hangs"),
    }
}

const PREFIX_FILES: &[&str] = &[
    "corpus/real-world/asl-validator/tests__definitions__valid-map-with-item-batcher-jsonata.asl.json",
    "corpus/real-world/agent-toolkit-for-aws/skills__specialized-skills__serverless-skills__aws-step-functions__assets__scatter-gather-with-partial-results.asl.json",
    "corpus/real-world/step-functions-agent/lambda__tools__batch_processor__state_machine_definition.asl.json",
    "corpus/invalid/statelint/test__linked-parallel.asl.json",
    "corpus/invalid/statelint/test__parameter-path-problems.asl.json",
    "corpus/invalid/sfn-constructor/examples__asl__json__4_parallel.asl.json",
    "lsp-harness/samples",
];

/// Every corpus file under 3 KB (most of them), plus larger ones chosen for
/// their features.
fn prefix_inputs() -> Vec<String> {
    let shared = support::shared();
    let mut texts: Vec<String> = support::files(&shared.join("corpus"), &[".json"])
        .iter()
        .map(|p| support::read(p))
        .filter(|t| t.len() < 3000)
        .collect();
    for file in PREFIX_FILES {
        let path = shared.join(file);
        if path.is_dir() {
            for sample in support::files(&path, &[".json"]) {
                texts.push(support::read(&sample));
            }
        } else {
            texts.push(support::read(&path));
        }
    }
    texts
}

#[test]
fn every_prefix_is_analysed_without_panic() {
    let texts = prefix_inputs();
    with_watchdog("prefixes", Duration::from_secs(300), move || {
        let config = Config::default();
        for text in &texts {
            for (end, _) in text.char_indices() {
                let _ = check(&text[..end], &config);
            }
        }
    });
}

#[test]
fn random_mutations_are_analysed_without_panic() {
    let dir = support::shared().join("corpus");
    let texts: Vec<Vec<u8>> =
        support::files(&dir, &[".json"]).iter().map(|p| std::fs::read(p).expect("corpus file")).collect();
    with_watchdog("mutations", Duration::from_secs(300), move || {
        let mut rng = support::Rng(0x9E37_79B9_7F4A_7C15);
        let express = Config { machine_type: MachineType::Express, ..Config::default() };
        const SPECIAL: &[u8] = b"{}[]\":,\\ \n$.%{}tfn0-";
        for round in 0..4000 {
            let mut bytes = texts[rng.below(texts.len())].clone();
            for _ in 0..1 + rng.below(8) {
                if bytes.is_empty() {
                    break;
                }
                let at = rng.below(bytes.len());
                match rng.below(5) {
                    0 => bytes[at] = rng.next() as u8,
                    1 => bytes[at] = SPECIAL[rng.below(SPECIAL.len())],
                    2 => {
                        bytes.remove(at);
                    }
                    3 => bytes.insert(at, SPECIAL[rng.below(SPECIAL.len())]),
                    _ => {
                        let end = (at + rng.below(64)).min(bytes.len());
                        let chunk = bytes[at..end].to_vec();
                        let to = rng.below(bytes.len());
                        bytes.splice(to..to, chunk);
                    }
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let config = if round % 2 == 0 { Config::default() } else { express.clone() };
            let _ = check(&text, &config);
        }
    });
}

#[test]
fn pathological_inputs_are_analysed_without_panic() {
    with_watchdog("pathological", Duration::from_secs(300), || {
        let config = Config::default();
        let deep_arrays = "[".repeat(10_000);
        let deep_objects = "{\"a\":".repeat(10_000);
        let deep_machine = format!(
            "{{\"StartAt\":\"P\",\"States\":{{{}\"P\":{{\"Type\":\"Pass\",\"End\":true}}{}}}}}",
            "\"P\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[{\"StartAt\":\"P\",\"States\":{".repeat(60),
            "}}]}".repeat(60)
        );
        let huge = format!(
            "{{\"StartAt\":\"A\",\"States\":{{\"A\":{{\"Type\":\"Pass\",\"Result\":\"{}\",\"End\":true}}}}}}",
            "x".repeat(50 << 20)
        );
        for text in [
            "",
            " ",
            "\u{feff}",
            "\0\0\0",
            "null",
            "[]",
            "\"",
            "{\"States\"",
            "{\"StartAt\":{},\"States\":[]}",
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Choice\",\"Choices\":[{\"Not\":{\"Not\":{\"And\":[]}}}]}}}",
            &deep_arrays,
            &deep_objects,
            &deep_machine,
            &huge,
        ] {
            let _ = check(text, &config);
        }
    });
}

#[test]
fn every_feature_takes_offsets_inside_a_character() {
    // Found by the `analysis` fuzz target: completion at an offset inside a
    // multi-byte character sliced the text there. Every feature now moves
    // such an offset back to the character's start.
    let shared = support::shared();
    let config = Config::default();
    let mut checked = 0;
    for path in support::files(&shared.join("corpus/real-world"), &[".json"]) {
        let text = support::read(&path);
        if text.is_ascii() {
            continue;
        }
        let analysis = Analysis::new(text.as_str());
        let inside: Vec<u32> = text
            .char_indices()
            .filter(|(_, c)| c.len_utf8() > 1)
            .flat_map(|(i, c)| (1..c.len_utf8()).map(move |k| (i + k) as u32))
            .take(200)
            .collect();
        for offset in inside {
            let _ = analysis.completions(offset);
            let _ = analysis.hover(offset);
            let _ = analysis.definition(offset);
            let _ = analysis.references(offset, true);
            let _ = analysis.highlights(offset);
            let _ = analysis.prepare_rename(offset);
            let _ = analysis.rename(offset, "Renamed");
            let _ = analysis.selection_ranges(offset);
            let _ = analysis.code_actions(TextRange::new(offset, offset), &config);
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} offsets inside characters");
    // The fuzzer's own input, at the offsets it used.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/fuzz/completion-inside-a-character.asl.json");
    let text = support::read(&path);
    let analysis = Analysis::new(text.as_str());
    let len = text.len() as u32;
    for offset in [0, len / 3, len / 2, len.saturating_sub(1), len] {
        let _ = analysis.completions(offset);
        let _ = analysis.hover(offset);
        let _ = analysis.definition(offset);
        let _ = analysis.code_actions(TextRange::new(offset, len), &config);
    }
}

/// Tasks answered as a Lambda would, as in the `evaluator` fuzz target.
struct Lambda;

impl asl_ls::run::mocks::Mocks for Lambda {
    fn answer(&mut self, _: &str, input: &serde_json::Value, attempt: usize) -> Option<asl_ls::run::mocks::Answer> {
        Some(asl_ls::run::mocks::Answer::Return(serde_json::json!({"Payload": input, "attempt": attempt})))
    }
}

#[test]
fn inputs_the_fuzzers_found_run_and_analyse_without_panic() {
    // Each file in tests/fixtures/fuzz made a fuzz target fail once.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").flatten().map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).expect("read")).into_owned();
        let _ = check(&text, &Config::default());
        let options = asl_ls::run::Options {
            input: serde_json::json!({"items": [1, 2, 3], "x": "y"}),
            max_transitions: 200,
            ..asl_ls::run::Options::default()
        };
        let _ = asl_ls::run::run(&text, &options, &mut Lambda);
    }
}

/// YAML documents, whole and broken by random edits (and YAML's own
/// mistakes: tabs, dashes, colons), through every feature at many offsets:
/// no panic, every range inside the text on character boundaries.
#[test]
fn yaml_documents_broken_anywhere_never_panic() {
    use asl_ls::syntax::Language;
    let dir = support::shared().join("corpus/real-world");
    let files = support::files(&dir, &[".yaml"]);
    assert!(files.len() >= 19);
    let config = Config::default();
    let mut rng = support::Rng(0x5eed_cafe);
    const YAML_PIECES: &[&str] = &["\t", "- ", ": ", ":", "\n", "  ", "&a ", "*a", "|\n", "'", "\"", "{", "[", "#"];
    for path in &files {
        let original = support::read(path);
        let mut text = original.clone();
        for round in 0..30 {
            text = if round % 2 == 0 {
                support::random_edit(&text, &mut rng)
            } else {
                let mut at = rng.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut edited = text.clone();
                edited.insert_str(at, YAML_PIECES[rng.below(YAML_PIECES.len())]);
                edited
            };
            let analysis = Analysis::new_in(text.as_str(), Language::Yaml);
            let ok = |r: TextRange| {
                r.end as usize <= text.len()
                    && text.is_char_boundary(r.start as usize)
                    && text.is_char_boundary(r.end as usize)
            };
            for d in analysis.diagnostics(&config).iter() {
                assert!(ok(d.range), "{}: {d:?}", path.display());
                for edit in d.fixes.iter().flat_map(|f| &f.edits) {
                    assert!(ok(edit.range), "{}: {edit:?}", path.display());
                }
            }
            let len = text.len() as u32;
            for offset in [0, len / 4, len / 3, len / 2, len * 2 / 3, len.saturating_sub(1), len] {
                for item in analysis.completions(offset) {
                    assert!(ok(item.edit.range), "{}: {item:?}", path.display());
                }
                let _ = analysis.hover(offset);
                let _ = analysis.definition(offset);
                let _ = analysis.references(offset, true);
                let _ = analysis.prepare_rename(offset);
                let _ = analysis.rename(offset, "Renamed");
                let _ = analysis.selection_ranges(offset);
            }
            let _ = analysis.symbols();
            let _ = analysis.semantic_tokens();
            let _ = analysis.folding_ranges();
        }
    }
}
