//! Intrinsic functions of JSONPath states (spec: intrinsics.json): names,
//! parameters with the types AWS documents, what each returns, one line of
//! documentation.

/// The JSON type of an argument or a result, as far as it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Any,
    String,
    /// A whole number (AWS documents 32-bit signed values).
    Integer,
    Number,
    Boolean,
    Null,
    Array,
    Object,
    /// String, number, boolean or null (`States.Format` values).
    Scalar,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::Any => "any value",
            Type::String => "a string",
            Type::Integer => "an integer",
            Type::Number => "a number",
            Type::Boolean => "a boolean",
            Type::Null => "null",
            Type::Array => "an array",
            Type::Object => "an object",
            Type::Scalar => "a string, number, boolean or null",
        }
    }

    /// Whether a value of type `actual` can be passed where `self` is expected.
    pub fn accepts(self, actual: Type) -> bool {
        match (self, actual) {
            (Type::Any, _) | (_, Type::Any) => true,
            (Type::Number, Type::Integer) => true,
            (Type::Scalar, t) => matches!(t, Type::String | Type::Integer | Type::Number | Type::Boolean | Type::Null),
            (expected, actual) => expected == actual,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub ty: Type,
    /// Repeats to the end of the argument list.
    pub variadic: bool,
    pub optional: bool,
    /// Words the argument must be one of, when it is a literal.
    pub one_of: &'static [&'static str],
}

#[derive(Clone, Copy, Debug)]
pub struct Intrinsic {
    pub name: &'static str,
    pub params: &'static [Param],
    pub returns: Type,
    pub doc: &'static str,
}

impl Intrinsic {
    pub fn min_args(&self) -> usize {
        self.params.iter().filter(|p| !p.variadic && !p.optional).count()
    }

    /// `None` for variadic functions.
    pub fn max_args(&self) -> Option<usize> {
        if self.params.iter().any(|p| p.variadic) {
            None
        } else {
            Some(self.params.len())
        }
    }

    /// The parameter the argument at `index` binds to.
    pub fn param(&self, index: usize) -> Option<&Param> {
        self.params.get(index).or_else(|| self.params.last().filter(|p| p.variadic))
    }

    /// Whether Fail `ErrorPath`/`CausePath` take it: the functions that
    /// return a string, and `States.ArrayGetItem` (its item may be one).
    pub fn allowed_in_fail_paths(&self) -> bool {
        self.returns == Type::String || self.name == "States.ArrayGetItem"
    }

    /// `States.Hash(data, algorithm)`.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| match (p.variadic, p.optional) {
                (true, _) => format!("{}…", p.name),
                (_, true) => format!("{}?", p.name),
                _ => p.name.to_string(),
            })
            .collect();
        format!("{}({})", self.name, params.join(", "))
    }
}

const fn p(name: &'static str, ty: Type) -> Param {
    Param { name, ty, variadic: false, optional: false, one_of: &[] }
}

const fn many(name: &'static str, ty: Type) -> Param {
    Param { name, ty, variadic: true, optional: false, one_of: &[] }
}

const fn opt(name: &'static str, ty: Type) -> Param {
    Param { name, ty, variadic: false, optional: true, one_of: &[] }
}

pub const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

const fn f(name: &'static str, params: &'static [Param], returns: Type, doc: &'static str) -> Intrinsic {
    Intrinsic { name, params, returns, doc }
}

use Type::{Any, Array, Boolean, Integer, Object, Scalar};
const STRING: Type = Type::String;

pub const INTRINSICS: &[Intrinsic] = &[
    f(
        "States.Format",
        &[p("template", STRING), many("values", Scalar)],
        STRING,
        "Fills each `{}` in the template with the next value.",
    ),
    f("States.StringToJson", &[p("text", STRING)], Any, "Parses a JSON string into a value."),
    f("States.JsonToString", &[p("value", Any)], STRING, "Serializes a value as a JSON string."),
    f(
        "States.JsonMerge",
        &[p("a", Object), p("b", Object), p("deep", Boolean)],
        Object,
        "Merges two objects, keys of the second winning; `deep` must be `false` (only shallow merges).",
    ),
    f("States.Array", &[many("items", Any)], Array, "An array of the arguments."),
    f(
        "States.ArrayPartition",
        &[p("array", Array), p("chunkSize", Integer)],
        Array,
        "Splits an array into chunks of `chunkSize` (the last may be shorter).",
    ),
    f("States.ArrayContains", &[p("array", Array), p("value", Any)], Boolean, "Whether the array contains the value."),
    f(
        "States.ArrayRange",
        &[p("start", Integer), p("end", Integer), p("step", Integer)],
        Array,
        "Integers from `start` to `end` (inclusive) by `step`; at most 1,000 elements.",
    ),
    f("States.ArrayGetItem", &[p("array", Array), p("index", Integer)], Any, "The element at a zero-based index."),
    f("States.ArrayLength", &[p("array", Array)], Integer, "The number of elements."),
    f("States.ArrayUnique", &[p("array", Array)], Array, "The array without duplicate values."),
    f("States.Base64Encode", &[p("text", STRING)], STRING, "Base64 of a string (at most 10,000 characters)."),
    f("States.Base64Decode", &[p("base64", STRING)], STRING, "Decodes base64 (at most 10,000 characters)."),
    f(
        "States.Hash",
        &[p("data", Any), Param { one_of: HASH_ALGORITHMS, ..p("algorithm", STRING) }],
        STRING,
        "Hex digest of the data with `MD5`, `SHA-1`, `SHA-256`, `SHA-384` or `SHA-512`.",
    ),
    f(
        "States.MathRandom",
        &[p("start", Integer), p("end", Integer), opt("seed", Integer)],
        Integer,
        "A random integer between `start` and `end`; a seed makes it repeatable.",
    ),
    f("States.MathAdd", &[p("a", Integer), p("b", Integer)], Integer, "The sum of two integers."),
    f(
        "States.StringSplit",
        &[p("text", STRING), p("delimiters", STRING)],
        Array,
        "Splits a string at any of the delimiter characters.",
    ),
    f("States.UUID", &[], STRING, "A random version 4 UUID."),
];

pub fn intrinsic(name: &str) -> Option<&'static Intrinsic> {
    INTRINSICS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arity_follows_the_parameters() {
        let format = intrinsic("States.Format").unwrap();
        assert_eq!((format.min_args(), format.max_args()), (1, None));
        let random = intrinsic("States.MathRandom").unwrap();
        assert_eq!((random.min_args(), random.max_args()), (2, Some(3)));
        assert_eq!(random.signature(), "States.MathRandom(start, end, seed?)");
        assert_eq!(intrinsic("States.UUID").unwrap().max_args(), Some(0));
        assert_eq!(format.param(5).map(|p| p.name), Some("values"));
    }
}
