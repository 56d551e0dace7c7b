use super::parse_yaml;
use crate::syntax::{SyntaxErrorKind, Value, ValueKind};

/// The tree as JSON-like text with each value's source, for comparisons.
fn show(text: &str, value: &Value) -> String {
    let source = &text[value.range.as_usize()];
    match &value.kind {
        ValueKind::Object(o) => {
            let members: Vec<String> = o
                .members
                .iter()
                .map(|m| format!("{}@{:?}={}", m.key, &text[m.key_range.as_usize()], show(text, &m.value)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        ValueKind::Array(items) => format!("[{}]", items.iter().map(|i| show(text, i)).collect::<Vec<_>>().join(", ")),
        ValueKind::String(s) => format!("{s:?}@{source:?}"),
        ValueKind::Number(n) => format!("{}@{source:?}", n.value),
        ValueKind::Bool(b) => format!("{b}@{source:?}"),
        ValueKind::Null => format!("null@{source:?}"),
        ValueKind::Error => format!("error@{source:?}"),
    }
}

#[test]
fn keys_and_values_carry_their_source_ranges() {
    let text = "StartAt: &first A # c\nStates:\n  A:\n    Type: \"Pa\\u00e9ss\"\n    Result: |\n      hello\n      x\n    Parameters: {a: 1, \"b\": [1, 2]}\n    Next: 'B''x'\n    End: true\n    Else:\n  B: *first\n";
    let parse = parse_yaml(text);
    let root = parse.root.as_ref().unwrap();
    assert_eq!(
        &show(text, root),
        r#"{StartAt@"StartAt"="A"@"A", States@"States"={A@"A"={Type@"Type"="Paéss"@"\"Pa\\u00e9ss\"", Result@"Result"="hello\nx\n"@"|\n      hello\n      x", Parameters@"Parameters"={a@"a"=1@"1", b@"\"b\""=[1@"1", 2@"2"]}, Next@"Next"="B'x"@"'B''x'", End@"End"=true@"true", Else@"Else"=null@""}, B@"B"="A"@"*first"}}"#
    );
    let kinds: Vec<_> = parse.errors.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [SyntaxErrorKind::YamlAlias]);
}

#[test]
fn non_ascii_text_keeps_byte_offsets() {
    let text = "Comment: héllo wörld\nStartAt: Ä\n";
    let parse = parse_yaml(text);
    let root = parse.root.as_ref().unwrap();
    assert_eq!(&show(text, root), r#"{Comment@"Comment"="héllo wörld"@"héllo wörld", StartAt@"StartAt"="Ä"@"Ä"}"#);
}

#[test]
fn a_bare_word_line_is_one_error_and_the_rest_is_read() {
    let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Ne\n  B:\n    Type: Succeed\n";
    let parse = parse_yaml(text);
    let errors: Vec<_> = parse.errors.iter().map(|e| (e.kind, &text[e.range.as_usize()], e.message.as_str())).collect();
    assert_eq!(
        &format!("{errors:?}"),
        r#"[(Yaml, "Ne", "`Ne` is not a `key: value` pair: add `: ` and a value after the key, or remove the line")]"#
    );
    let root = parse.root.as_ref().unwrap();
    let states = root.as_object().unwrap().value("States").unwrap().as_object().unwrap();
    assert_eq!(states.members.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(), ["A", "B"]);
}

#[test]
fn tabs_duplicates_typing_and_documents() {
    let text = "StartAt: A\nStates:\n  A:\n\tType: Pass\n    End: yes\n    End: true\n---\nStartAt: B\n";
    let parse = parse_yaml(text);
    let errors: Vec<_> = parse.errors.iter().map(|e| (e.kind, &text[e.range.as_usize()])).collect();
    assert_eq!(&format!("{errors:?}"), r#"[(YamlTab { spaces: 4 }, "\t"), (YamlTyping, "yes"), (Yaml, "---")]"#);
    let duplicates: Vec<_> = parse.duplicate_keys.iter().map(|(_, k)| &text[k.as_usize()]).collect();
    assert_eq!(duplicates, ["End"]);
}

#[test]
fn merge_keys_and_deep_or_broken_text_do_not_panic() {
    let text = "base: &b {Type: Pass, End: true}\nA:\n  <<: *b\n  End: false\n";
    let root = parse_yaml(text).root.unwrap();
    let a = root.as_object().unwrap().value("A").unwrap().as_object().unwrap();
    assert_eq!(a.members.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(), ["End", "Type"]);
    assert_eq!(a.value("End").and_then(Value::as_bool), Some(false));
    let deep = format!("{}1{}", "[".repeat(500), "]".repeat(500));
    let parse = parse_yaml(&deep);
    assert!(parse.errors.iter().any(|e| e.kind == SyntaxErrorKind::TooDeep));
    let laughs = "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    let parse = parse_yaml(laughs);
    assert!(parse.errors.iter().any(|e| e.message.contains("aliases expand")));
    for text in
        ["", "{", "a: [", "- - - ", "a: |\n", "? a\n: b", "\u{feff}a: 1", "a: 'x", "*x", "&a", "a: !Ref b", "]\n}"]
    {
        let _ = parse_yaml(text);
    }
}

#[test]
fn a_block_scalars_text_is_not_blamed_for_the_line_after_it() {
    let text = "Comment: |\n  some text\nType: Pass: x\n";
    let parse = parse_yaml(text);
    let errors: Vec<_> = parse.errors.iter().map(|e| &text[e.range.as_usize()]).collect();
    assert_eq!(errors, ["Type: Pass: x"]);
    let root = parse.root.unwrap();
    // (The blanked line reads as blank text of the scalar: the document is broken anyway.)
    assert!(root
        .as_object()
        .unwrap()
        .value("Comment")
        .and_then(Value::as_str)
        .is_some_and(|c| c.starts_with("some text\n")));
}
