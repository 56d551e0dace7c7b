use super::*;

/// Reparsing after each edit gives what a fresh parse gives.
fn check(before: &str, after: &str) -> bool {
    let (reparsed, incremental) = reparse(parse(before), after, Edit::between(before, after));
    let fresh = parse(after);
    assert_eq!(reparsed.root, fresh.root, "tree of {after:?}");
    assert_eq!(reparsed.errors, fresh.errors, "errors of {after:?}");
    assert_eq!(reparsed.duplicate_keys, fresh.duplicate_keys, "duplicates of {after:?}");
    incremental
}

#[test]
fn edits_inside_one_state_match_a_fresh_parse() {
    let before = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}, "X": [1, {"y": 2}]}"#;
    // (edit, whether only a region is parsed again)
    for (after, region) in [
        (before.replace("\"Next\": \"B\"", "\"Next\": \"BB\""), true),
        (before.replace("\"Pass\"", "\"Pass\", \"Bogus\": 1"), true),
        (before.replace("\"Pass\"", "\"Pass\", \"Type\": 1"), true), // a duplicate key
        (before.replace("\"Pass\"", "\"Pass\" /* note */"), true),   // a comment
        (before.replace("\"Pass\"", "\"Pass\",,"), true),            // broken inside
        (before.replace("\"Pass\", ", "\"Pass\" "), true),           // a missing comma
        (before.replace("\"Succeed\"", "\"Succeed\", \"Extra\": {\"deep\": [1, 2, 3]}"), true),
        (before.replace("[1, ", "[1, 1.5e3, "), true),
        (before.replace("\"A\": {", "\"A\": {  "), true),
        (before.replace("\"States\": {", "\"States\": { \"New\": {},"), true),
        // A line comment or an unterminated string runs to the end of the
        // line, past the brackets; a `}` inside an array ends nothing.
        (before.replace("\"Pass\"", "\"Pass\" // note"), false),
        (before.replace("\"Next\": \"B\"", "\"Next\": \"B"), false),
        (before.replace("{\"y\": 2}", "{\"y\": 2, \"z\": [}"), false),
    ] {
        assert_eq!(check(before, &after), region, "{after}");
        check(&after, before);
    }
    // Brackets that no longer match: the whole text again.
    assert!(!check(before, &before.replace("\"Next\": \"B\"", "\"Next\": \"B\"}")));
}

#[test]
fn problems_before_and_after_the_region_move_with_it() {
    let before = "{\"a\": 1, \"a\": 2, /* c */ \"s\": {\"x\": 1}, \"b\": [1,], \"b\": 3";
    for after in [before.replace("\"x\": 1", "\"x\": 12345"), before.replace("\"x\": 1", "")] {
        assert!(check(before, &after));
        assert!(check(&after, before));
    }
}
