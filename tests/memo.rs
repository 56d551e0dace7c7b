//! The language server reuses each unchanged state's diagnostics between
//! versions of a document (`StateMemo`); that must never change what the
//! user sees. Every corpus definition, edited step by step (insertions,
//! deletions, renames, indentation changes, machine type flips), gets the
//! same diagnostics through the memo as checked afresh.

mod support;

use asl_ls::ide::diagnostics::StateMemo;
use asl_ls::ide::{Analysis, Config, MachineType};
use support::Rng;

/// One random edit of `text` at a character boundary.
fn edit(text: &str, rng: &mut Rng) -> String {
    const PIECES: &[&str] = &["X", "\"", ",", "{", "}", "\n  ", " ", "\"Next\": \"A\",", "$.x", "Task", "\t"];
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut out = text.to_string();
    match rng.below(3) {
        0 => out.insert_str(at, PIECES[rng.below(PIECES.len())]),
        1 => {
            let mut end = (at + 1 + rng.below(8)).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            out.replace_range(at..end, "");
        }
        _ => {
            // Undo-like: back to a state names all agree on.
            out = text.replacen("\"Type\": \"Pass\"", "\"Type\": \"Task\"", 1);
        }
    }
    out
}

#[test]
fn memo_never_changes_the_diagnostics() {
    let shared = support::shared();
    let mut files = support::files(&shared.join("corpus/real-world"), &[".json"]);
    files.extend(support::files(&shared.join("corpus/invalid"), &[".json"]));
    let mut rng = Rng(7);
    let mut checked = 0;
    for path in files.iter().filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() < 40_000)) {
        let mut text = support::read(path);
        let mut memo = StateMemo::default();
        for step in 0..6 {
            let config = Config {
                machine_type: if step == 4 { MachineType::Express } else { MachineType::Standard },
                ..Config::default()
            };
            let analysis = Analysis::new(text.as_str());
            let fresh = Analysis::new(text.as_str());
            let reused = analysis.diagnostics_with(&config, Some(&mut memo));
            assert_eq!(*reused, *fresh.diagnostics(&config), "{} after {step} edits:\n{text}", path.display());
            checked += 1;
            text = edit(&text, &mut rng);
        }
    }
    assert!(checked > 1500, "only {checked} versions checked");
}

#[test]
fn memo_on_a_large_machine_matches_too() {
    // A large machine, edited a few times.
    let path = support::shared().join("corpus/synthetic/synthetic-1000.asl.json");
    let mut text = support::read(&path);
    let mut memo = StateMemo::default();
    let mut rng = Rng(11);
    let config = Config::default();
    for step in 0..4 {
        let reused = Analysis::new(text.as_str());
        let fresh = Analysis::new(text.as_str());
        assert_eq!(*reused.diagnostics_with(&config, Some(&mut memo)), *fresh.diagnostics(&config), "step {step}");
        text = edit(&text, &mut rng);
    }
}

#[test]
fn moved_renamed_and_removed_states_match_too() {
    // Each state has a diagnostic of its own (an unknown field), so a
    // reused entry in the wrong place would show at the wrong range.
    let state = |name: &str, next: &str| {
        format!("    \"{name}\": {{\n      \"Type\": \"Pass\",\n      \"Bogus{name}\": 1,\n      \"Next\": \"{next}\"\n    }}")
    };
    let machine =
        |states: &[String]| format!("{{\n  \"StartAt\": \"A\",\n  \"States\": {{\n{}\n  }}\n}}", states.join(",\n"));
    let versions = [
        machine(&[state("A", "B"), state("B", "C"), state("C", "D"), state("D", "A")]),
        // B removed: C and D move up.
        machine(&[state("A", "B"), state("C", "D"), state("D", "A")]),
        // B back at the end.
        machine(&[state("A", "B"), state("C", "D"), state("D", "A"), state("B", "C")]),
        // C and D swapped, B renamed.
        machine(&[state("A", "B"), state("D", "A"), state("C", "D"), state("Bee", "C")]),
        // A new state first: every other state one further down.
        machine(&[state("New", "A"), state("A", "B"), state("D", "A"), state("C", "D"), state("Bee", "C")]),
    ];
    let config = Config::default();
    let mut memo = StateMemo::default();
    for (step, text) in versions.iter().enumerate() {
        let reused = Analysis::new(text.as_str());
        let fresh = Analysis::new(text.as_str());
        let fresh = fresh.diagnostics(&config);
        assert!(fresh.len() >= 4, "step {step}: {fresh:?}");
        assert_eq!(*reused.diagnostics_with(&config, Some(&mut memo)), *fresh, "step {step}:\n{text}");
    }
}
