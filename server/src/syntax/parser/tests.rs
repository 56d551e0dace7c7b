use super::*;

fn errors(text: &str) -> Vec<(SyntaxErrorKind, String, String)> {
    parse(text).errors.into_iter().map(|e| (e.kind, text[e.range.as_usize()].to_string(), e.message)).collect()
}

fn keys(text: &str) -> Vec<String> {
    let parse = parse(text);
    let root = parse.root.unwrap();
    root.as_object().unwrap().members.iter().map(|m| m.key.to_string()).collect()
}

#[test]
fn valid_json_has_no_errors_and_ranges() {
    let text = r#"{"a": [1, 2.5, "x\n"], "b": {"c": null, "d": true}}"#;
    let parse = parse(text);
    assert!(parse.errors.is_empty());
    let root = parse.root.unwrap();
    let obj = root.as_object().unwrap();
    let a = obj.get("a").unwrap();
    assert_eq!(&text[a.key_range.as_usize()], "\"a\"");
    assert_eq!(&text[a.value.range.as_usize()], r#"[1, 2.5, "x\n"]"#);
    assert_eq!(a.value.as_array().unwrap()[2].as_str(), Some("x\n"));
    assert_eq!(&text[root.range.as_usize()], text);
}

#[test]
fn missing_comma_is_one_error_and_both_members_survive() {
    let text = "{\"a\": 1\n \"b\": 2}";
    let found = errors(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "expected `,` before the next member");
    assert_eq!(keys(text), ["a", "b"]);
}

#[test]
fn comments_and_trailing_commas_are_reported_but_read() {
    let text = "{\n // note\n \"a\": [1, 2,],\n \"b\": 1, /* x */\n}";
    let kinds: Vec<_> = errors(text).into_iter().map(|(k, t, _)| (k, t)).collect();
    assert_eq!(
        kinds,
        [
            (SyntaxErrorKind::Comment, "// note".to_string()),
            (SyntaxErrorKind::TrailingComma, ",".to_string()),
            // In text order: the comma before the comment.
            (SyntaxErrorKind::TrailingComma, ",".to_string()),
            (SyntaxErrorKind::Comment, "/* x */".to_string()),
        ]
    );
    assert_eq!(keys(text), ["a", "b"]);
}

#[test]
fn unterminated_string_and_missing_value_keep_later_members() {
    let text = "{\"a\": \"oops,\n \"b\": , \"c\": 3}";
    let parse = parse(text);
    assert!(parse.errors.len() >= 2, "{:?}", parse.errors);
    assert_eq!(keys(text), ["a", "b", "c"]);
}

#[test]
fn several_errors_in_one_file() {
    let text = "{\"a\": tru, \"b\": [1 2], \"c\": 01}";
    let found = errors(text);
    let texts: Vec<_> = found.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(texts, ["tru", "", "01"]);
}

#[test]
fn unclosed_brackets_are_reported_at_the_opening_bracket() {
    let found = errors("{\"a\": [1, {\"b\": 2");
    let texts: Vec<_> = found.iter().map(|(_, t, m)| (t.as_str(), m.as_str())).collect();
    assert_eq!(
        texts,
        [
            ("{", "unclosed `{`: add the matching `}`"),
            ("[", "unclosed `[`: add the matching `]`"),
            ("{", "unclosed `{`: add the matching `}`")
        ]
    );
}

#[test]
fn deep_nesting_is_bounded() {
    let text = "[".repeat(10_000) + &"]".repeat(10_000);
    let found = errors(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, SyntaxErrorKind::TooDeep);
}

#[test]
fn placeholders_outside_strings_are_one_error() {
    let found = errors("{\"Seconds\": ${Wait}, \"End\": true}");
    let texts: Vec<_> = found.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(texts, ["${Wait}"]);
}

#[test]
fn empty_and_garbage_text() {
    assert!(parse("").root.is_none());
    assert!(parse("   ").errors.is_empty());
    let found = errors("not a definition");
    assert!(!found.is_empty());
}

#[test]
fn deep_indentation_and_nested_containers_keep_their_ranges() {
    // Runs of spaces longer than eight, tabs and line breaks mixed in; arrays
    // and objects nested in each other (their members share one stack).
    let text = "{\n                 \"a\": [\n\t {\"b\": [1, {\"c\": 2}]},   \r\n           3],\n         \"d\": {}}";
    let parse = parse(text);
    assert!(parse.errors.is_empty());
    let root = parse.root.unwrap();
    let obj = root.as_object().unwrap();
    assert_eq!(obj.members.len(), 2);
    let a = obj.get("a").unwrap();
    assert_eq!(&text[a.key_range.as_usize()], "\"a\"");
    let items = a.value.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(&text[items[0].range.as_usize()], "{\"b\": [1, {\"c\": 2}]}");
    assert_eq!(&text[items[1].range.as_usize()], "3");
    let b = items[0].as_object().unwrap().value("b").unwrap().as_array().unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(&text[b[1].range.as_usize()], "{\"c\": 2}");
    assert_eq!(&text[obj.get("d").unwrap().key_range.as_usize()], "\"d\"");
}
