//! The syntax layers: any bytes parse as JSON and as YAML without a panic,
//! every range lies in the text on character boundaries, reparsing
//! JSON after an edit equals parsing afresh, and formatting (JSON, YAML)
//! keeps the tree and is stable; test files read without a panic.
#![no_main]

use asl_ls::ide::format::{apply, format, same_tree, FormatOptions, Indent};
use asl_ls::syntax::{parse, parse_yaml, reparse, Language, Value, ValueKind};
use asl_ls::text::TextRange;
use asl_ls::text::{Edit, LineIndex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = parse(text);
    for error in &parsed.errors {
        assert!(error.range.end as usize <= text.len());
    }
    let yaml = parse_yaml(text);
    let within = |r: TextRange| {
        r.start <= r.end && text.is_char_boundary(r.start as usize) && text.is_char_boundary(r.end as usize)
    };
    assert!(yaml.errors.iter().all(|e| within(e.range)), "{:?}", yaml.errors);
    assert!(yaml.duplicate_keys.iter().all(|&(open, key)| within(open) && within(key)));
    if let Some(root) = &yaml.root {
        check_ranges(root, &within);
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
    for language in [Language::Json, Language::Yaml] {
        check_format(text, language);
        // Test files are read from the same trees: problems stay in the text.
        let file = asl_ls::testing::read(text, language);
        assert!(file.problems.iter().all(|p| p.range.end as usize <= text.len()));
    }
});

/// A formatted text reads as the same tree, and formatting it again changes nothing.
fn check_format(text: &str, language: Language) {
    let options = FormatOptions::new(Indent::Spaces(2));
    let Ok(edits) = format(text, language, None, &options) else { return };
    let once = apply(text, &edits);
    match (language.parse(text).root, language.parse(&once).root) {
        (Some(a), Some(b)) => assert!(same_tree(&a, &b), "{once:?}"),
        (a, b) => assert_eq!(a.is_some(), b.is_some(), "{once:?}"),
    }
    let again = format(&once, language, None, &options).map(|e| apply(&once, &e));
    assert_eq!(again.as_deref(), Ok(once.as_str()));
}

fn check_ranges(value: &Value, within: &dyn Fn(TextRange) -> bool) {
    assert!(within(value.range), "{:?}", value.range);
    match &value.kind {
        ValueKind::Object(object) => {
            assert!(within(object.open_brace) && within(object.range));
            for member in &object.members {
                assert!(within(member.key_range));
                check_ranges(&member.value, within);
            }
        }
        ValueKind::Array(items) => items.iter().for_each(|item| check_ranges(item, within)),
        _ => {}
    }
}
