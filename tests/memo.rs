//! The language server reuses each unchanged state's diagnostics between
//! versions of a document (`StateMemo`), and reparses only the object
//! around an edit (`Analysis::after`); that must never change what the
//! user sees. Every corpus definition, edited step by step (insertions,
//! deletions, renames, indentation changes, machine type flips), gets the
//! same diagnostics through the memo as checked afresh.

mod support;

use asl_ls::ide::diagnostics::StateMemo;
use asl_ls::ide::{Analysis, Config, MachineType};
use support::Rng;

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
        let mut previous: Option<Analysis> = None;
        for step in 0..6 {
            let config = Config {
                machine_type: if step == 4 { MachineType::Express } else { MachineType::Standard },
                ..Config::default()
            };
            // As the server does: the last version's tree reparsed where the text changed.
            let analysis = match previous.take() {
                Some(previous) => Analysis::after(text.as_str(), previous),
                None => Analysis::new(text.as_str()),
            };
            let fresh = Analysis::new(text.as_str());
            let reused = analysis.diagnostics_with(&config, Some(&mut memo));
            assert_eq!(*reused, *fresh.diagnostics(&config), "{} after {step} edits:\n{text}", path.display());
            drop(reused);
            previous = Some(analysis);
            checked += 1;
            text = support::random_edit(&text, &mut rng);
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
    let mut previous: Option<Analysis> = None;
    for step in 0..4 {
        let reused = match previous.take() {
            Some(previous) => Analysis::after(text.as_str(), previous),
            None => Analysis::new(text.as_str()),
        };
        let fresh = Analysis::new(text.as_str());
        assert_eq!(*reused.diagnostics_with(&config, Some(&mut memo)), *fresh.diagnostics(&config), "step {step}");
        previous = Some(reused);
        text = support::random_edit(&text, &mut rng);
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
