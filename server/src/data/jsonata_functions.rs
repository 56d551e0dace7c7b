//! The JSONata function library as its reference documents it
//! (https://docs.jsonata.org/): each function's parameters, in order, and
//! what it does, in our words. Step Functions' own additions are in
//! `lang::sfn_jsonata::FUNCTIONS`; both feed signature help and hover.

/// A parameter: its name, and whether it may be left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FnParam {
    pub name: &'static str,
    pub optional: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonataFunction {
    /// Without the `$`.
    pub name: &'static str,
    pub params: &'static [FnParam],
    pub doc: &'static str,
}

const fn r(name: &'static str) -> FnParam {
    FnParam { name, optional: false }
}

const fn o(name: &'static str) -> FnParam {
    FnParam { name, optional: true }
}

const fn f(name: &'static str, params: &'static [FnParam], doc: &'static str) -> JsonataFunction {
    JsonataFunction { name, params, doc }
}

impl JsonataFunction {
    /// `$substring(str, start[, length])`, as the reference writes it, with
    /// each parameter's byte range in it.
    pub fn label(&self) -> (String, Vec<(usize, usize)>) {
        let mut label = format!("${}(", self.name);
        let mut ranges = Vec::new();
        let mut closing = 0;
        for (i, param) in self.params.iter().enumerate() {
            match (param.optional, i) {
                (true, 0) => {
                    label.push('[');
                    closing += 1;
                }
                (true, _) => {
                    label.push_str("[, ");
                    closing += 1;
                }
                (false, 0) => {}
                (false, _) => label.push_str(", "),
            }
            ranges.push((label.len(), label.len() + param.name.len()));
            label.push_str(param.name);
        }
        label.push_str(&"]".repeat(closing));
        label.push(')');
        (label, ranges)
    }
}

/// The reference library, by the reference's sections.
pub const FUNCTIONS: &[JsonataFunction] = &[
    // String functions
    f("string", &[r("arg"), o("prettify")], "Casts `arg` to a string as JSONata writes values; `prettify` indents objects and arrays."),
    f("length", &[r("str")], "The number of characters in `str`."),
    f("substring", &[r("str"), r("start"), o("length")], "The characters of `str` from `start` (zero-based; negative counts from the end), at most `length` of them."),
    f("substringBefore", &[r("str"), r("chars")], "The part of `str` before the first occurrence of `chars` (all of `str` when absent)."),
    f("substringAfter", &[r("str"), r("chars")], "The part of `str` after the first occurrence of `chars` (all of `str` when absent)."),
    f("uppercase", &[r("str")], "`str` in upper case."),
    f("lowercase", &[r("str")], "`str` in lower case."),
    f("trim", &[r("str")], "`str` with whitespace runs collapsed to one space and trimmed at both ends."),
    f("pad", &[r("str"), r("width"), o("char")], "`str` padded to `width` characters with `char` (default a space): on the right for a positive width, the left for a negative."),
    f("contains", &[r("str"), r("pattern")], "Whether `str` contains `pattern` (a string or a regular expression)."),
    f("split", &[r("str"), r("separator"), o("limit")], "`str` split into an array at each `separator` (a string or a regular expression), at most `limit` parts."),
    f("join", &[r("array"), o("separator")], "The strings of `array` joined with `separator` (default none)."),
    f("match", &[r("str"), r("pattern"), o("limit")], "The matches of the regular expression `pattern` in `str`: each with `match`, `index` and `groups`."),
    f("replace", &[r("str"), r("pattern"), r("replacement"), o("limit")], "`str` with occurrences of `pattern` replaced by `replacement` (a string with `$1`… or a function), at most `limit` times."),
    f("eval", &[r("expr"), o("context")], "Evaluates the JSONata expression `expr` (not available in Step Functions: use `$parse`)."),
    f("base64encode", &[r("str")], "`str` encoded as Base64 (of its UTF-8 bytes)."),
    f("base64decode", &[r("str")], "The Base64 string `str` decoded (as UTF-8)."),
    f("encodeUrlComponent", &[r("str")], "`str` with URL component characters percent-encoded."),
    f("encodeUrl", &[r("str")], "`str` percent-encoded as a whole URL."),
    f("decodeUrlComponent", &[r("str")], "A percent-encoded URL component decoded."),
    f("decodeUrl", &[r("str")], "A percent-encoded URL decoded."),
    // Numeric functions
    f("number", &[r("arg")], "Casts `arg` to a number (numeric strings, booleans, `0x`/`0o`/`0b` literals)."),
    f("abs", &[r("number")], "The absolute value of `number`."),
    f("floor", &[r("number")], "`number` rounded down."),
    f("ceil", &[r("number")], "`number` rounded up."),
    f("round", &[r("number"), o("precision")], "`number` rounded half to even, to `precision` decimal places (negative: to tens, hundreds…)."),
    f("power", &[r("base"), r("exponent")], "`base` raised to `exponent`."),
    f("sqrt", &[r("number")], "The square root of `number`."),
    f("random", &[], "A pseudo-random number from 0 (inclusive) to 1 (exclusive)."),
    f("formatNumber", &[r("number"), r("picture"), o("options")], "`number` as a string laid out by the XPath `picture` (`#,##0.00`)."),
    f("formatBase", &[r("number"), o("radix")], "`number` as a string in base `radix` (2 to 36, default 10)."),
    f("formatInteger", &[r("number"), r("picture")], "`number` as words, Roman numerals or digits by the XPath `picture` (`w`, `I`, `000`)."),
    f("parseInteger", &[r("string"), r("picture")], "The integer that `string` writes by the `picture` of `$formatInteger`."),
    // Aggregation functions
    f("sum", &[r("array")], "The sum of the numbers of `array`."),
    f("max", &[r("array")], "The largest number of `array`."),
    f("min", &[r("array")], "The smallest number of `array`."),
    f("average", &[r("array")], "The mean of the numbers of `array`."),
    // Boolean functions
    f("boolean", &[r("arg")], "Casts `arg` to a Boolean (empty strings, zero, empty arrays and objects are false)."),
    f("not", &[r("arg")], "The Boolean negation of `arg`."),
    f("exists", &[r("arg")], "Whether `arg` has a value (false for a path that selects nothing)."),
    // Array functions
    f("count", &[r("array")], "The number of items of `array`."),
    f("append", &[r("array1"), r("array2")], "The items of both arrays in one (a value counts as an array of one)."),
    f("sort", &[r("array"), o("function")], "`array` sorted: numbers or strings in order, or by `function(left, right)` true when `left` goes after `right`."),
    f("reverse", &[r("array")], "`array` in reverse order."),
    f("shuffle", &[r("array")], "`array` in a random order."),
    f("distinct", &[r("array")], "`array` without duplicates, first occurrences kept."),
    f("zip", &[r("array1"), o("array…")], "Arrays of the items at each index of the given arrays (as long as the shortest)."),
    // Object functions
    f("keys", &[r("object")], "The keys of `object` (of every object, for an array of objects)."),
    f("lookup", &[r("object"), r("key")], "The value of `key` in `object` (in each object of an array)."),
    f("spread", &[r("object")], "`object` as an array of objects of one key each."),
    f("merge", &[r("array")], "The objects of `array` merged into one (later keys win)."),
    f("sift", &[r("object"), r("function")], "The members of `object` for which `function(value, key)` is true."),
    f("each", &[r("object"), r("function")], "The results of `function(value, key)` for each member of `object`."),
    f("error", &[o("message")], "Fails the evaluation with `message`."),
    f("assert", &[r("condition"), r("message")], "Fails the evaluation with `message` unless `condition` is true."),
    f("type", &[r("value")], "The type of `value`: `null`, `number`, `string`, `boolean`, `array`, `object` or `function`."),
    // Date/time functions
    f("now", &[o("picture"), o("timezone")], "The evaluation's start time as an ISO 8601 string (or laid out by `picture` in `timezone`)."),
    f("millis", &[], "The evaluation's start time in milliseconds since the Unix epoch."),
    f("fromMillis", &[r("number"), o("picture"), o("timezone")], "Milliseconds since the epoch as an ISO 8601 string (or laid out by `picture` in `timezone`)."),
    f("toMillis", &[r("timestamp"), o("picture")], "An ISO 8601 timestamp (or one written by `picture`) as milliseconds since the epoch."),
    // Higher-order functions
    f("map", &[r("array"), r("function")], "The results of `function(value, index, array)` for each item of `array`."),
    f("filter", &[r("array"), r("function")], "The items of `array` for which `function(value, index, array)` is true."),
    f("single", &[r("array"), o("function")], "The one item of `array` (that `function` is true for); an error when there is not exactly one."),
    f("reduce", &[r("array"), r("function"), o("init")], "`array` folded by `function(accumulator, value)`, starting with `init` (else the first item)."),
    f("clone", &[r("value")], "A deep copy of `value`."),
];

/// The reference entry of `$name`.
pub fn function(name: &str) -> Option<&'static JsonataFunction> {
    FUNCTIONS.iter().find(|f| f.name == name)
}
