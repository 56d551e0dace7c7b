//! Intrinsic functions of JSONPath states (spec: intrinsics.json).

#[derive(Clone, Copy, Debug)]
pub struct Intrinsic {
    pub name: &'static str,
    pub min_args: usize,
    /// `None` for variadic functions.
    pub max_args: Option<usize>,
    pub returns_string: bool,
}

const fn i(name: &'static str, min_args: usize, max_args: Option<usize>, returns_string: bool) -> Intrinsic {
    Intrinsic { name, min_args, max_args, returns_string }
}

pub const INTRINSICS: &[Intrinsic] = &[
    i("States.Format", 1, None, true),
    i("States.StringToJson", 1, Some(1), false),
    i("States.JsonToString", 1, Some(1), true),
    i("States.JsonMerge", 3, Some(3), false),
    i("States.Array", 0, None, false),
    i("States.ArrayPartition", 2, Some(2), false),
    i("States.ArrayContains", 2, Some(2), false),
    i("States.ArrayRange", 3, Some(3), false),
    i("States.ArrayGetItem", 2, Some(2), true),
    i("States.ArrayLength", 1, Some(1), false),
    i("States.ArrayUnique", 1, Some(1), false),
    i("States.Base64Encode", 1, Some(1), true),
    i("States.Base64Decode", 1, Some(1), true),
    i("States.Hash", 2, Some(2), true),
    i("States.MathRandom", 2, Some(3), false),
    i("States.MathAdd", 2, Some(2), false),
    i("States.StringSplit", 2, Some(2), false),
    i("States.UUID", 0, Some(0), true),
];

pub fn intrinsic(name: &str) -> Option<&'static Intrinsic> {
    INTRINSICS.iter().find(|f| f.name == name)
}
