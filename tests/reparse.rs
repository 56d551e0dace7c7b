//! The language server reparses only the object around an edit
//! (`syntax::reparse`) and updates the line index only there; that must
//! give exactly the tree, problems and line starts of a fresh parse. Every corpus definition is edited step by step (the edits a
//! user makes while typing, the text broken most of the time) and each
//! version reparsed from the last, against a fresh parse.

mod support;

use asl_ls::syntax::{parse, reparse};
use asl_ls::text::{Edit, LineIndex};
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
            let edit = Edit::between(&text, &edited);
            let (reparsed, incremental) = reparse(previous, &edited, edit);
            // The line index is updated the same way.
            assert_eq!(LineIndex::new(&text).edited(&edited, edit), LineIndex::new(&edited));
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
    println!("{regions} of {versions} versions reparsed a region");
    assert!(versions > 4000, "only {versions} versions");
    // Most edits fall inside one state: the case that must be fast.
    assert!(regions * 2 > versions, "only {regions} of {versions} reparsed a region");
}
