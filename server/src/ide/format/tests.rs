use super::*;

fn formatted(text: &str, language: Language) -> String {
    let edits = format(text, language, None, &FormatOptions::new(Indent::Spaces(2))).expect("formats");
    apply(text, &edits)
}

fn json(text: &str) -> String {
    formatted(text, Language::Json)
}

#[test]
fn json_is_laid_out_one_member_per_line_with_the_users_blank_lines() {
    let text = "{\"StartAt\":\"A\",\n\n\n\"States\":{\"A\":{\"Type\":\"Pass\",\n\"End\":true}}}\n";
    let expected = "\
{
  \"StartAt\": \"A\",

  \"States\": {
    \"A\": {
      \"Type\": \"Pass\",
      \"End\": true
    }
  }
}
";
    assert_eq!(json(text), expected);
    assert_eq!(json(expected), expected, "a second formatting changes nothing");
}

#[test]
fn containers_written_on_one_line_stay_there_while_they_fit() {
    let text = "{\n\"Retry\": [{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":2}],\n\"Empty\": { },\n\"Long\": [\"aaaaaaaaaaaaaaaaaaaa\", \"bbbbbbbbbbbbbbbbbbbbbbbb\", \"cccccccccccccccccccccccccccc\"]\n}";
    let expected = "\
{
  \"Retry\": [{ \"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 2 }],
  \"Empty\": {},
  \"Long\": [
    \"aaaaaaaaaaaaaaaaaaaa\",
    \"bbbbbbbbbbbbbbbbbbbbbbbb\",
    \"cccccccccccccccccccccccccccc\"
  ]
}";
    assert_eq!(json(text), expected);
    assert_eq!(json(expected), expected);
}

#[test]
fn comments_stay_where_they_were() {
    let text = "// machine\n{ // top\n\"A\": 1, // one\n    /* block */\n\"B\": /* inline */ 2\n// last\n}\n";
    let expected = "\
// machine
{ // top
  \"A\": 1, // one
  /* block */
  \"B\": /* inline */ 2
  // last
}
";
    assert_eq!(json(text), expected);
    assert_eq!(json(expected), expected);
}

#[test]
fn a_line_comment_before_a_comma_keeps_the_comma_out_of_the_comment() {
    let text = "{\"A\": 1 // one\n, \"B\": 2}";
    let out = json(text);
    let reparsed = crate::syntax::parse(&out);
    assert!(reparsed.errors.iter().all(|e| e.kind == crate::syntax::SyntaxErrorKind::Comment), "{out}");
    assert_eq!(json(&out), out);
}

#[test]
fn indentation_and_newlines_follow_the_options_and_the_file() {
    let text = "{\r\n  \"a\": [\r\n 1,\r\n2]\r\n}";
    let options = FormatOptions { final_newline: Some(true), ..FormatOptions::new(Indent::Tab) };
    let out = apply(text, &format(text, Language::Json, None, &options).unwrap());
    assert_eq!(out, "{\r\n\t\"a\": [\r\n\t\t1,\r\n\t\t2\r\n\t]\r\n}\r\n");
    assert_eq!(Indent::of_text("{\n    \"a\": 1\n}"), Indent::Spaces(4));
    assert_eq!(Indent::of_text("{\n\t\"a\": 1\n}"), Indent::Tab);
    assert_eq!(Indent::of_text("{}"), Indent::Spaces(2));
}

#[test]
fn a_document_that_does_not_parse_gets_no_edits() {
    for text in ["{\"a\": }", "{\"a\": 1", "{\"a\" 1}", "[1 2]"] {
        assert!(format(text, Language::Json, None, &FormatOptions::new(Indent::Spaces(2))).is_err(), "{text}");
    }
    assert!(format("a: [\n", Language::Yaml, None, &FormatOptions::new(Indent::Spaces(2))).is_err());
}

#[test]
fn a_range_formats_the_smallest_container_around_it_at_its_own_indentation() {
    let text = "{\n    \"States\": {\n        \"A\": {\"Type\":\"Pass\",\n\"End\":true},\n\"B\":   1\n    }\n}";
    let selection = TextRange::new(text.find("\"Type").unwrap() as u32, text.find("true").unwrap() as u32);
    let options = FormatOptions::new(Indent::Spaces(4));
    let out = apply(text, &format(text, Language::Json, Some(selection), &options).unwrap());
    assert_eq!(
        out,
        "{\n    \"States\": {\n        \"A\": {\n            \"Type\": \"Pass\",\n            \"End\": true\n        },\n\"B\":   1\n    }\n}"
    );
}

#[test]
fn yaml_is_reindented_to_the_unit_and_nothing_else() {
    let text = "\
# machine
StartAt: A
States:
    A:
        Type: Pass   # trailing
        Comment: |
            kept
              as is
        Parameters: {a: 1,
                      b: 2}
        Next: B
    B:
        Type: Choice
        Choices:
        - Variable: $.x
          IsPresent: true
          Next: A
        -   Variable: $.y
            IsNull: true
            Next: A
        Default: A
";
    let expected = "\
# machine
StartAt: A
States:
  A:
    Type: Pass   # trailing
    Comment: |
        kept
          as is
    Parameters: {a: 1,
                  b: 2}
    Next: B
  B:
    Type: Choice
    Choices:
    - Variable: $.x
      IsPresent: true
      Next: A
    -   Variable: $.y
        IsNull: true
        Next: A
    Default: A
";
    assert_eq!(formatted(text, Language::Yaml), expected);
    assert_eq!(formatted(expected, Language::Yaml), expected);
}

#[test]
fn yaml_with_tabs_for_indentation_is_left_alone() {
    let options = FormatOptions::new(Indent::Tab);
    assert!(format("a:\n  b: 1\n", Language::Yaml, None, &options).is_err());
}
