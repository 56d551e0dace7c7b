use super::*;

fn code(src: &str) -> &'static str {
    match parse(src) {
        Ok(_) => "ok",
        Err(e) => e.code,
    }
}

#[test]
fn parse_errors_have_the_reference_codes() {
    let cases = [
        ("$.7a", "S0201"),
        ("Account.Order[0].Product;", "S0201"),
        ("[1,2)", "S0202"),
        ("$replace(\"foo\", \"o, \"rr\")", "S0202"),
        ("[1:2]", "S0202"),
        ("$lowercase(\"Missing close brackets\"", "S0203"),
        ("[1!2]", "S0204"),
        ("%%", "S0207"),
        ("1=", "S0207"),
        ("function(x){$x}(3)", "S0208"),
        ("[1,2,3]{\"num\": $}[true]", "S0209"),
        ("[1,2,3]{\"num\": $}{\"num\": $}", "S0210"),
        ("(%%)", "S0211"),
        ("55=>5", "S0211"),
        ("Ssum(:)", "S0211"),
        ("x:=1", "S0212"),
        ("2:=1", "S0212"),
        ("($a := [1,2]; $a[1]:=3; $a)", "S0212"),
        ("$.7", "S0213"),
        ("Account.Order@o.Product", "S0214"),
        ("Account.Order[1]@$o.Product", "S0215"),
        ("Account.Order^(>OrderID)@$o.Product", "S0216"),
        ("{'hello': 'world'}.% ", "S0217"),
        ("%", "S0217"),
        ("λ($arg)<n<n>>{$arg}(5)", "S0401"),
        ("λ($arr)<(sa<n>)>>{$arr}([[1]])", "S0402"),
    ];
    for (src, expected) in cases {
        assert_eq!(code(src), expected, "{src}");
    }
}

#[test]
fn valid_expressions_parse() {
    for src in [
        "$states.input.items[price > 10].{ 'name': name, 'total': price * qty }",
        "Account.Order.Product[$contains(`Product Name`, /hat/i)]",
        "$sum(Account.Order.Product.(Price * Quantity))",
        "Account.Order@$o.Product#$i.{ 'p': %.OrderID, 'i': $i }",
        "function($x, $y){ $x + $y }(1, 2)",
        "λ($f)<f:n>{ $f(1) }",
        "($inc := $add(?, 1); $inc(5))",
        "a ? b : c",
        "a ?: b",
        "a ?? b",
        "[1..5]^(>$)",
        "| Account.Order | {'x': 1}, ['y'] |",
        "payload ~> $each(function($v, $k) { $k & '=' & $v }) ~> $join('&')",
        "/* comment */ 1 + 2",
        "-5",
        "Phone[type='mobile'][]",
    ] {
        assert!(parse(src).is_ok(), "{src}: {:?}", parse(src).err());
    }
}

#[test]
fn runaway_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(code(&deep), "S0900");
    let long = vec!["1"; 100_000].join("+");
    assert_eq!(code(&long), "S0900");
    let path = vec!["a"; 100_000].join(".");
    assert_eq!(code(&path), "S0900");
}

/// Codes and ranges of every error the recovering check reports.
fn all_errors(src: &str) -> Vec<(&'static str, std::ops::Range<usize>)> {
    check(src).into_iter().map(|e| (e.code, e.range)).collect()
}

#[test]
fn check_reports_each_independent_error_once() {
    // Two broken arguments: both reported, nothing between them.
    assert_eq!(all_errors("$f(1 +, 2 * )"), [("S0211", 6..7), ("S0211", 12..13)]);
    // A missing `:` is taken as inserted, so the object's other pair is checked.
    assert_eq!(all_errors("{'a' 1, 'b': }"), [("S0202", 5..6), ("S0211", 13..14)]);
    // A missing closer at the end: one error, not a cascade.
    assert_eq!(all_errors("$sum([1, 2"), [("S0203", 10..10)]);
    // A wrong closer: one error at it.
    assert_eq!(all_errors("(1 + 2]"), [("S0202", 6..7)]);
    // Trailing tokens after an error-free value, then an error after them.
    assert_eq!(all_errors("$a $b + )"), [("S0201", 3..5), ("S0211", 8..9)]);
    // Lone `!`, bad assignment target and a bad `@` binding, all reported.
    assert_eq!(all_errors("[1 ! 2, x := 3, a@b]"), [("S0204", 3..4), ("S0212", 8..9), ("S0214", 18..19)]);
    // A `;` outside a block, then an unterminated string that ends the check.
    assert_eq!(all_errors("(1 +); 'abc"), [("S0211", 4..5), ("S0201", 5..6), ("S0101", 7..11)]);
}

#[test]
fn check_finds_tree_errors_only_in_clean_syntax() {
    assert_eq!(all_errors("1 ="), [("S0207", 3..3)]);
    assert_eq!(all_errors("$states.input.a + 1"), []);
    // Nesting past the limit is still one error, not a crash.
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(check(&deep).iter().map(|e| e.code).collect::<Vec<_>>(), ["S0900"]);
}
