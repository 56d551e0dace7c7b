//! The language server reparses only the object around an edit
//! (`syntax::reparse`); that must give exactly the tree and problems of a
//! fresh parse. Every corpus definition is edited step by step (the edits a
//! user makes while typing, the text broken most of the time) and each
//! version reparsed from the last, against a fresh parse.

mod support;

use asl_ls::syntax::{parse, reparse};
use support::Rng;

#[test]
fn reparse_equals_a_fresh_parse_through_random_edits() {
    let shared = support::shared();
    let mut files = support::files(&shared.join("corpus/real-world"), &[".json"]);
    files.extend(support::files(&shared.join("corpus/invalid"), &[".json"]));
    let mut rng = Rng(23);
    let (mut versions, mut regions) = (0, 0);
    for path in &files {
        let mut text = support::read(path);
        let mut previous = parse(&text);
        for step in 0..12 {
            let edited = support::random_edit(&text, &mut rng);
            let (reparsed, incremental) = reparse(previous, &text, &edited);
            regions += usize::from(incremental);
            let fresh = parse(&edited);
            let at = || format!("{} after {} edits:\n{edited}", path.display(), step + 1);
            assert_eq!(reparsed.root, fresh.root, "tree of {}", at());
            assert_eq!(reparsed.errors, fresh.errors, "errors of {}", at());
            assert_eq!(reparsed.duplicate_keys, fresh.duplicate_keys, "duplicate keys of {}", at());
            (text, previous) = (edited, reparsed);
            versions += 1;
        }
    }
    assert!(versions > 4000, "only {versions} versions");
    // Most edits fall inside one state: the case that must be fast.
    assert!(regions * 2 > versions, "only {regions} of {versions} reparsed a region");
}
