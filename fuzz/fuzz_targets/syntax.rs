//! The JSON syntax layer: any bytes parse without a panic, every range lies
//! in the text, and reparsing after an edit equals parsing afresh.
#![no_main]

use asl_ls::syntax::{parse, reparse};
use asl_ls::text::{Edit, LineIndex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse(text);
    for error in &parsed.errors {
        assert!(error.range.end as usize <= text.len());
    }
    // The second half of the input, as an edit of the first.
    let cut = (text.len() / 2..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
    let (before, after) = text.split_at(cut);
    let edit = Edit::between(before, after);
    let (reparsed, _) = reparse(parse(before), after, edit);
    let fresh = parse(after);
    assert_eq!(reparsed.root, fresh.root);
    assert_eq!(reparsed.errors, fresh.errors);
    assert_eq!(reparsed.duplicate_keys, fresh.duplicate_keys);
    assert_eq!(LineIndex::new(before).edited(after, edit), LineIndex::new(after));
});
