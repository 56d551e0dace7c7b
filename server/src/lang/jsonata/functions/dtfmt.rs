//! Date/time and integer picture-string support for a JSONata engine.
//!
//! This mirrors the behaviour of the reference jsonata-js 2.x `datetime.js`
//! (`$fromMillis`, `$toMillis`, `$formatInteger`, `$parseInteger`), which in
//! turn implements a subset of XPath/XQuery F&O 3.1 `format-dateTime` and
//! `format-integer`. Where the reference has quirks, they are reproduced on
//! purpose so that results match the reference; such places are commented.
//!
//! All arithmetic is UTC and uses only `std`. Numbers are `f64` throughout,
//! because the reference computes with JavaScript numbers and several results
//! (very large integers in words, roman numerals, ...) depend on that.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

/// An error with the reference implementation's code (e.g. "D3110", "D3133",
/// "D3134", "D3135", "D3136", "D3132", "D3131", "D3130"...) and an optional
/// value for the message.
#[derive(Debug, Clone, PartialEq)]
pub struct DtError {
    pub code: &'static str,
    pub value: Option<String>,
}

impl DtError {
    fn new(code: &'static str) -> Self {
        DtError { code, value: None }
    }

    fn with(code: &'static str, value: impl Into<String>) -> Self {
        DtError { code, value: Some(value.into()) }
    }
}

impl fmt::Display for DtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{}: {}", self.code, v),
            None => write!(f, "{}", self.code),
        }
    }
}

impl std::error::Error for DtError {}

type Result<T> = std::result::Result<T, DtError>;

// ---------------------------------------------------------------------------
// JavaScript-compatible helpers
// ---------------------------------------------------------------------------

fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// `parseInt(s)` without a radix: leading whitespace, optional sign, an
/// optional `0x` prefix, then the longest digit prefix. NaN when no digits.
fn js_parse_int(s: &str) -> f64 {
    let t = s.trim_start_matches(is_js_space);
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, t) = if t.starts_with("0x") || t.starts_with("0X") { (16, &t[2..]) } else { (10, t) };
    let end = t.char_indices().find(|(_, c)| !c.is_digit(radix)).map_or(t.len(), |(i, _)| i);
    let digits = &t[..end];
    if digits.is_empty() {
        return f64::NAN;
    }
    let value = if radix == 10 {
        // Correctly rounded, like V8's decimal parseInt.
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        digits.chars().filter_map(|c| c.to_digit(16)).fold(0.0, |acc, d| acc * 16.0 + f64::from(d))
    };
    if negative {
        -value
    } else {
        value
    }
}

/// `'' + v` for a non-negative number (integers mostly): plain digits below
/// 1e21, exponent form (`1e+21`) above, as JavaScript prints them.
fn js_number_to_string(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        "Infinity".to_string()
    } else if v.abs() < 1e21 {
        // Rust's shortest round-trip digits match JavaScript in this range.
        format!("{v}")
    } else {
        format!("{v:e}").replacen('e', "e+", 1)
    }
}

/// JavaScript truthiness of a number (0 and NaN are falsy).
fn truthy(v: f64) -> bool {
    v != 0.0 && !v.is_nan()
}

/// JavaScript `String.prototype.substr(start, length?)` on a char slice.
fn js_substr(s: &[char], start: isize, length: Option<isize>) -> Vec<char> {
    let len = s.len() as isize;
    let begin = if start < 0 { (len + start).max(0) } else { start.min(len) };
    let count = length.unwrap_or(len - begin).min(len - begin);
    if count <= 0 {
        return Vec::new();
    }
    s[begin as usize..(begin + count) as usize].to_vec()
}

/// Case-insensitive character comparison in the spirit of a JS `/i` regex.
fn ci_eq(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// Char from a JS char code (as `String.fromCharCode` would truncate it).
fn char_from_code(code: f64) -> char {
    let unit = (code.trunc() as i64).rem_euclid(0x1_0000) as u32;
    char::from_u32(unit).unwrap_or('\u{FFFD}')
}

// ---------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, UTC)
// ---------------------------------------------------------------------------

const MS_PER_DAY: f64 = 86_400_000.0;
/// JavaScript's time value limit: +/- 100,000,000 days around the epoch.
const MAX_TIME: f64 = 8.64e15;

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date (year, month 1-12, day 1-31) for days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// JavaScript `TimeClip`: NaN outside the representable range, else truncated.
fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > MAX_TIME {
        f64::NAN
    } else {
        t.trunc() + 0.0
    }
}

/// JavaScript `Date.UTC(y, m0, d, h, mi, s, ms)`, including its mapping of
/// years 0-99 to 1900-1999 and its rollover of out-of-range fields.
#[allow(clippy::too_many_arguments)]
fn js_date_utc(y: f64, m0: f64, d: f64, h: f64, mi: f64, s: f64, ms: f64) -> f64 {
    let args = [y, m0, d, h, mi, s, ms];
    if args.iter().any(|v| !v.is_finite()) {
        return f64::NAN;
    }
    let [y, m0, d, h, mi, s, ms] = args.map(f64::trunc);
    let y = if (0.0..=99.0).contains(&y) { 1900.0 + y } else { y };
    let year = y + (m0 / 12.0).floor();
    // Far outside the time range anyway; avoids i64 overflow below.
    if year.abs() > 1e7 || d.abs() > 1e12 {
        return f64::NAN;
    }
    let month = m0.rem_euclid(12.0) as i64 + 1;
    let day = days_from_civil(year as i64, month, 1) as f64 + d - 1.0;
    let time = h * 3_600_000.0 + mi * 60_000.0 + s * 1000.0 + ms;
    time_clip(day * MS_PER_DAY + time)
}

fn date_utc(y: f64, m0: f64, d: f64) -> f64 {
    js_date_utc(y, m0, d, 0.0, 0.0, 0.0, 0.0)
}

/// Broken-down UTC fields of a (valid) time value, like a JS `Date`.
#[derive(Debug, Clone, Copy)]
struct DateFields {
    time: f64,
    year: f64,
    month0: f64,
    day: f64,
    /// 0 = Sunday, like `getUTCDay`.
    weekday: f64,
    hour: f64,
    minute: f64,
    second: f64,
    millis: f64,
}

impl DateFields {
    /// `t` must be a finite, clipped time value.
    fn from_time(t: f64) -> Self {
        let days = (t / MS_PER_DAY).floor();
        let in_day = t - days * MS_PER_DAY;
        let (y, m, d) = civil_from_days(days as i64);
        DateFields {
            time: t,
            year: y as f64,
            month0: (m - 1) as f64,
            day: d as f64,
            weekday: (days + 4.0).rem_euclid(7.0),
            hour: (in_day / 3_600_000.0).floor(),
            minute: (in_day / 60_000.0).floor() % 60.0,
            second: (in_day / 1000.0).floor() % 60.0,
            millis: in_day % 1000.0,
        }
    }
}

fn weekday_of(t: f64) -> f64 {
    ((t / MS_PER_DAY).floor() + 4.0).rem_euclid(7.0)
}

/// Start (ms) of week 1 of a year or month: ISO 8601 puts the first Thursday
/// in week 1, and F&O applies the same rule to months.
fn start_of_first_week(year: f64, month0: f64) -> f64 {
    let first = date_utc(year, month0, 1.0);
    let mut dow = weekday_of(first);
    if dow == 0.0 {
        dow = 7.0;
    }
    if dow > 4.0 {
        first + (8.0 - dow) * MS_PER_DAY
    } else {
        first - (dow - 1.0) * MS_PER_DAY
    }
}

fn delta_weeks(start: f64, end: f64) -> f64 {
    (end - start) / (MS_PER_DAY * 7.0) + 1.0
}

fn next_month(y: f64, m0: f64) -> (f64, f64) {
    if m0 == 11.0 {
        (y + 1.0, 0.0)
    } else {
        (y, m0 + 1.0)
    }
}

fn previous_month(y: f64, m0: f64) -> (f64, f64) {
    if m0 == 0.0 {
        (y - 1.0, 11.0)
    } else {
        (y, m0 - 1.0)
    }
}

/// A date/time component value, as `getDateTimeFragment` yields it.
enum Fragment {
    Num(f64),
    Text(&'static str),
    Undefined,
}

fn fragment(date: &DateFields, component: char) -> Fragment {
    use Fragment::Num;
    match component {
        'Y' => Num(date.year),
        'M' => Num(date.month0 + 1.0),
        'D' => Num(date.day),
        'd' => {
            let today = date_utc(date.year, date.month0, date.day);
            let first_jan = date_utc(date.year, 0.0, 1.0);
            Num((today - first_jan) / MS_PER_DAY + 1.0)
        }
        'F' => Num(if date.weekday == 0.0 { 7.0 } else { date.weekday }),
        'W' => {
            let today = date_utc(date.year, date.month0, date.day);
            let mut week = delta_weeks(start_of_first_week(date.year, 0.0), today);
            if week > 52.0 {
                // Possibly already week 1 of the following year.
                if today >= start_of_first_week(date.year + 1.0, 0.0) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                // The tail of the previous year's last week.
                week = delta_weeks(start_of_first_week(date.year - 1.0, 0.0), today);
            }
            Num(week.floor())
        }
        'w' => {
            let today = date_utc(date.year, date.month0, date.day);
            let mut week = delta_weeks(start_of_first_week(date.year, date.month0), today);
            if week > 4.0 {
                let (ny, nm) = next_month(date.year, date.month0);
                if today >= start_of_first_week(ny, nm) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                let (py, pm) = previous_month(date.year, date.month0);
                week = delta_weeks(start_of_first_week(py, pm), today);
            }
            Num(week.floor())
        }
        'X' => {
            // ISO week-numbering year (a jsonata extension).
            let start = start_of_first_week(date.year, 0.0);
            let end = start_of_first_week(date.year + 1.0, 0.0);
            Num(if date.time < start {
                date.year - 1.0
            } else if date.time >= end {
                date.year + 1.0
            } else {
                date.year
            })
        }
        'x' => {
            // Month that owns the week-of-month (a jsonata extension).
            let start = start_of_first_week(date.year, date.month0);
            let (ny, nm) = next_month(date.year, date.month0);
            let end = start_of_first_week(ny, nm);
            Num(if date.time < start {
                previous_month(date.year, date.month0).1 + 1.0
            } else if date.time >= end {
                nm + 1.0
            } else {
                date.month0 + 1.0
            })
        }
        'H' => Num(date.hour),
        'h' => {
            let h = date.hour % 12.0;
            Num(if h == 0.0 { 12.0 } else { h })
        }
        'P' => Fragment::Text(if date.hour >= 12.0 { "pm" } else { "am" }),
        'm' => Num(date.minute),
        's' => Num(date.second),
        'f' => Num(date.millis),
        'C' | 'E' => Fragment::Text("ISO"),
        _ => Fragment::Undefined,
    }
}

// ---------------------------------------------------------------------------
// Integer pictures
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    /// A numbering sequence the reference does not support (error D3130).
    Sequence,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Debug, Clone, PartialEq)]
enum Grouping {
    /// One separator repeated every `every` digits.
    Regular { every: usize, sep: char },
    /// Separators at fixed positions (digits counted from the right).
    Irregular(Vec<(usize, char)>),
}

#[derive(Debug, Clone)]
struct IntFormat {
    primary: Primary,
    case: Case,
    ordinal: bool,
    /// Code point of the zero digit of the decimal digit family.
    zero: u32,
    /// Signed because a width modifier may set it to any parsed number.
    mandatory: i64,
    optional: i64,
    grouping: Grouping,
    /// The picture itself, reported by D3130.
    token: String,
    /// Exact digit count to match when parsing adjacent integer markers.
    parse_width: Option<i64>,
}

/// Zero code points of the Unicode decimal digit families the reference knows.
const DECIMAL_GROUPS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
    0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
    0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

fn digit_family(c: char) -> Option<u32> {
    let cp = c as u32;
    DECIMAL_GROUPS.iter().copied().find(|&zero| cp >= zero && cp <= zero + 9)
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The common interval if all separators are the same character and evenly
/// spaced (every multiple of the interval present), else 0.
fn regular_interval(seps: &[(usize, char)]) -> usize {
    let Some(&(_, first)) = seps.first() else {
        return 0;
    };
    if seps.iter().any(|&(_, c)| c != first) {
        return 0;
    }
    let factor = seps.iter().map(|&(p, _)| p).fold(0, gcd);
    let all_present = (1..=seps.len()).all(|i| seps.iter().any(|&(p, _)| p == i * factor));
    if all_present {
        factor
    } else {
        0
    }
}

fn analyse_integer_picture(picture: &str) -> Result<IntFormat> {
    let mut format = IntFormat {
        primary: Primary::Decimal,
        case: Case::Lower,
        ordinal: false,
        zero: 0x30,
        mandatory: 0,
        optional: 0,
        grouping: Grouping::Irregular(Vec::new()),
        token: String::new(),
        parse_width: None,
    };
    // The format modifier follows the last ';' ("o" = ordinal).
    let primary = match picture.rfind(';') {
        Some(i) => {
            format.ordinal = picture[i + 1..].starts_with('o');
            &picture[..i]
        }
        None => picture,
    };
    match primary {
        "A" | "a" => {
            format.primary = Primary::Letters;
            if primary == "A" {
                format.case = Case::Upper;
            }
        }
        "I" | "i" => {
            format.primary = Primary::Roman;
            if primary == "I" {
                format.case = Case::Upper;
            }
        }
        "W" => {
            format.primary = Primary::Words;
            format.case = Case::Upper;
        }
        "Ww" => {
            format.primary = Primary::Words;
            format.case = Case::Title;
        }
        "w" => format.primary = Primary::Words,
        _ => {
            // A decimal digit pattern, scanned right to left so that
            // separator positions count digits from the right.
            let mut zero: Option<u32> = None;
            let mut position = 0;
            let mut seps = Vec::new();
            for c in primary.chars().rev() {
                if let Some(family) = digit_family(c) {
                    format.mandatory += 1;
                    position += 1;
                    match zero {
                        None => zero = Some(family),
                        Some(z) if z != family => return Err(DtError::new("D3131")),
                        Some(_) => {}
                    }
                } else if c == '#' {
                    format.optional += 1;
                    position += 1;
                } else {
                    seps.push((position, c));
                }
            }
            match zero {
                Some(z) => {
                    format.zero = z;
                    let every = regular_interval(&seps);
                    format.grouping =
                        if every > 0 { Grouping::Regular { every, sep: seps[0].1 } } else { Grouping::Irregular(seps) };
                }
                None => {
                    format.primary = Primary::Sequence;
                    format.token = primary.to_string();
                }
            }
        }
    }
    Ok(format)
}

#[rustfmt::skip]
const FEW: [&str; 20] = [
    "Zero", "One", "Two", "Three", "Four", "Five", "Six",
    "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen",
    "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
];
#[rustfmt::skip]
const ORDINALS: [&str; 20] = [
    "Zeroth", "First", "Second", "Third", "Fourth", "Fifth",
    "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh",
    "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth",
    "Eighteenth", "Nineteenth",
];
/// Note "Hundred" is the last "decade" (value 100), as in the reference.
const DECADES: [&str; 9] = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

/// English words for a non-negative integer, in title case.
fn number_to_words(num: f64, prev: bool, ordinal: bool) -> String {
    let mut words = String::new();
    if num <= 19.0 {
        if prev {
            words.push_str(" and ");
        }
        let i = (num.max(0.0) as usize).min(19);
        words.push_str(if ordinal { ORDINALS[i] } else { FEW[i] });
    } else if num < 100.0 {
        let tens = (num / 10.0).floor() as usize;
        let rest = num % 10.0;
        if prev {
            words.push_str(" and ");
        }
        words.push_str(DECADES[tens.saturating_sub(2).min(7)]);
        if rest > 0.0 {
            words.push('-');
            words.push_str(&number_to_words(rest, false, ordinal));
        } else if ordinal {
            // "Twenty" -> "Twentieth"
            words.pop();
            words.push_str("ieth");
        }
    } else if num < 1000.0 {
        let hundreds = (num / 100.0).floor() as usize;
        let rest = num % 100.0;
        if prev {
            words.push_str(", ");
        }
        words.push_str(FEW[hundreds.min(9)]);
        words.push_str(" Hundred");
        if rest > 0.0 {
            words.push_str(&number_to_words(rest, true, ordinal));
        } else if ordinal {
            words.push_str("th");
        }
    } else {
        // Beyond "trillion" the reference stacks magnitudes
        // ("ten billion trillion trillion trillion").
        // At least "thousand", so the recursion always shrinks the number.
        let mag = ((num.log10() / 3.0).floor() as usize).clamp(1, MAGNITUDES.len());
        let factor = 10f64.powi(mag as i32 * 3);
        let mant = (num / factor).floor();
        let rest = num - mant * factor;
        if prev {
            words.push_str(", ");
        }
        words.push_str(&number_to_words(mant, false, false));
        words.push(' ');
        words.push_str(MAGNITUDES[mag - 1]);
        if rest > 0.0 {
            words.push_str(&number_to_words(rest, true, ordinal));
        } else if ordinal {
            words.push_str("th");
        }
    }
    words
}

/// Word -> value table, in the reference's insertion order (the order also
/// drives which alternative the date parser tries first).
fn word_values() -> &'static [(String, f64)] {
    static TABLE: OnceLock<Vec<(String, f64)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(String, f64)> = Vec::new();
        let mut add = |word: String, value: f64| {
            if !table.iter().any(|(w, _)| *w == word) {
                table.push((word, value));
            }
        };
        for (i, w) in FEW.iter().enumerate() {
            add(w.to_lowercase(), i as f64);
        }
        for (i, w) in ORDINALS.iter().enumerate() {
            add(w.to_lowercase(), i as f64);
        }
        for (i, w) in DECADES.iter().enumerate() {
            let lower = w.to_lowercase();
            let value = ((i + 2) * 10) as f64;
            // "twenty" -> "twentieth" (and, faithfully, "hundreieth").
            let stem = &lower[..lower.len() - 1];
            add(lower.clone(), value);
            add(format!("{stem}ieth"), value);
        }
        add("hundredth".to_string(), 100.0);
        for (i, w) in MAGNITUDES.iter().enumerate() {
            let lower = w.to_lowercase();
            let value = 10f64.powi((i as i32 + 1) * 3);
            add(lower.clone(), value);
            add(format!("{lower}th"), value);
        }
        table
    })
}

fn word_value(word: &str) -> Option<f64> {
    word_values().iter().find(|(w, _)| w == word).map(|&(_, v)| v)
}

/// Splits like the reference's `/,\s|\sand\s|[\s\\-]/`.
fn split_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next_is_space = chars.get(i + 1).is_some_and(|&n| is_js_space(n));
        let sep_len = if c == ',' && next_is_space {
            2
        } else if is_js_space(c)
            && chars.get(i + 1..i + 4) == Some(&['a', 'n', 'd'][..])
            && chars.get(i + 4).is_some_and(|&n| is_js_space(n))
        {
            5
        } else if is_js_space(c) || c == '\\' || c == '-' {
            1
        } else {
            0
        };
        if sep_len > 0 {
            parts.push(std::mem::take(&mut current));
            i += sep_len;
        } else {
            current.push(c);
            i += 1;
        }
    }
    parts.push(current);
    parts
}

/// Inverse of `number_to_words` (expects lower case). Unknown words give NaN.
fn words_to_number(text: &str) -> f64 {
    let mut segs: Vec<f64> = vec![0.0];
    for part in split_words(text) {
        let value = word_value(&part).unwrap_or(f64::NAN);
        // NaN fails this test and poisons the result, like `undefined` in JS.
        if value < 100.0 {
            let mut top = segs.pop().unwrap_or(0.0);
            if top >= 1000.0 {
                segs.push(top);
                top = 0.0;
            }
            segs.push(top + value);
        } else {
            let top = segs.pop().unwrap_or(0.0);
            segs.push(top * value);
        }
    }
    segs.iter().sum()
}

#[rustfmt::skip]
const ROMAN_NUMERALS: [(f64, &str); 13] = [
    (1000.0, "m"), (900.0, "cm"), (500.0, "d"), (400.0, "cd"), (100.0, "c"), (90.0, "xc"),
    (50.0, "l"), (40.0, "xl"), (10.0, "x"), (9.0, "ix"), (5.0, "v"), (4.0, "iv"), (1.0, "i"),
];

/// Above this, roman output would be absurdly long (the reference overflows
/// its call stack long before), so it is reported as out of range.
const ROMAN_LIMIT: f64 = 1e7;

fn decimal_to_roman(mut value: f64) -> Result<String> {
    if value > ROMAN_LIMIT {
        return Err(DtError::with("D1001", js_number_to_string(value)));
    }
    let mut out = String::new();
    while let Some(&(n, s)) = ROMAN_NUMERALS.iter().find(|&&(n, _)| value >= n) {
        out.push_str(s);
        value -= n;
    }
    Ok(out)
}

fn roman_to_decimal(roman: &str) -> f64 {
    let mut decimal = 0.0;
    let mut max = 1.0;
    for c in roman.chars().rev() {
        let value = match c {
            'M' => 1000.0,
            'D' => 500.0,
            'C' => 100.0,
            'L' => 50.0,
            'X' => 10.0,
            'V' => 5.0,
            'I' => 1.0,
            // An unknown character makes the reference's sum NaN.
            _ => return f64::NAN,
        };
        if value < max {
            decimal -= value;
        } else {
            max = value;
            decimal += value;
        }
    }
    decimal
}

/// Spreadsheet-column style letters: 1 = a, 26 = z, 27 = aa.
fn decimal_to_letters(mut value: f64, a: char) -> String {
    let mut letters = Vec::new();
    while value > 0.0 {
        letters.push(char_from_code((value - 1.0) % 26.0 + f64::from(a as u32)));
        value = ((value - 1.0) / 26.0).floor();
    }
    letters.iter().rev().collect()
}

fn letters_to_decimal(letters: &str, a: char) -> f64 {
    let units: Vec<u16> = letters.encode_utf16().collect();
    units
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &u)| (f64::from(u) - f64::from(a as u32) + 1.0) * 26f64.powf(i as f64))
        .sum()
}

/// Inserts grouping separators into formatted digits.
fn apply_grouping(digits: Vec<char>, grouping: &Grouping) -> Vec<char> {
    match grouping {
        Grouping::Regular { every, sep } => {
            let mut out = digits;
            let groups = out.len().saturating_sub(1) / every;
            for i in (1..=groups).rev() {
                let pos = out.len() - i * every;
                out.insert(pos, *sep);
            }
            out
        }
        Grouping::Irregular(seps) => {
            // Left-most separator first; mirrors the reference's substr
            // arithmetic, including its odd output for short numbers.
            let mut out = digits;
            for &(position, sep) in seps.iter().rev() {
                let pos = out.len() as isize - position as isize;
                let mut next = js_substr(&out, 0, Some(pos));
                next.push(sep);
                next.extend(js_substr(&out, pos, None));
                out = next;
            }
            out
        }
    }
}

/// Upper bound on zero padding from a (width-modified) digit count.
const MAX_PADDING: i64 = 1 << 20;

fn format_int(value: f64, format: &IntFormat) -> Result<String> {
    if !value.is_finite() {
        return Err(DtError::with("D1001", js_number_to_string(value)));
    }
    let negative = value < 0.0;
    let value = value.abs();
    let mut text = match format.primary {
        Primary::Letters => decimal_to_letters(value, if format.case == Case::Upper { 'A' } else { 'a' }),
        Primary::Roman => {
            let roman = decimal_to_roman(value)?;
            if format.case == Case::Upper {
                roman.to_uppercase()
            } else {
                roman
            }
        }
        Primary::Words => {
            let words = number_to_words(value, false, format.ordinal);
            match format.case {
                Case::Upper => words.to_uppercase(),
                Case::Lower => words.to_lowercase(),
                Case::Title => words,
            }
        }
        Primary::Decimal => {
            let mut digits: Vec<char> = js_number_to_string(value).chars().collect();
            let pad = format.mandatory - digits.len() as i64;
            if pad > MAX_PADDING {
                // JavaScript fails with a RangeError long before this.
                return Err(DtError::with("D1001", format.mandatory.to_string()));
            }
            if pad > 0 {
                let mut padded = vec!['0'; pad as usize];
                padded.extend(digits);
                digits = padded;
            }
            if format.zero != 0x30 {
                // Shift every character into the picture's digit family.
                let shift = format.zero - 0x30;
                digits = digits.iter().map(|&c| char::from_u32(c as u32 + shift).unwrap_or('\u{FFFD}')).collect();
            }
            let digits = apply_grouping(digits, &format.grouping);
            let mut text: String = digits.iter().collect();
            if format.ordinal {
                let last = digits.last().copied();
                let teen = digits.len() > 1 && digits[digits.len() - 2] == '1';
                text.push_str(match last {
                    Some('1') if !teen => "st",
                    Some('2') if !teen => "nd",
                    Some('3') if !teen => "rd",
                    _ => "th",
                });
            }
            text
        }
        Primary::Sequence => return Err(DtError::with("D3130", format.token.clone())),
    };
    if negative {
        text.insert(0, '-');
    }
    Ok(text)
}

/// Reads a decimal-pattern number back (the reference's regex parse step).
fn parse_decimal_text(text: &str, format: &IntFormat, fraction: bool) -> f64 {
    let mut digits: Vec<char> = text.chars().collect();
    if format.ordinal {
        digits.truncate(digits.len().saturating_sub(2));
    }
    match &format.grouping {
        // The reference strips ',' for any regular pattern, whatever the
        // separator character actually is.
        Grouping::Regular { .. } => digits.retain(|&c| c != ','),
        Grouping::Irregular(seps) => digits.retain(|c| !seps.iter().any(|(_, s)| s == c)),
    }
    if format.zero != 0x30 {
        let shifted: Option<Vec<char>> =
            digits.iter().map(|&c| (c as u32 + 0x30).checked_sub(format.zero).and_then(char::from_u32)).collect();
        match shifted {
            Some(s) => digits = s,
            None => return f64::NAN,
        }
    }
    if fraction {
        // Fractional seconds are a decimal fraction: keep at most three
        // digits (milliseconds) and right-pad ("6" -> 600, "01987" -> 19).
        digits.truncate(3);
        while digits.len() < 3 {
            digits.push('0');
        }
    }
    js_parse_int(&digits.iter().collect::<String>())
}

fn parse_int_text(text: &str, format: &IntFormat, fraction: bool) -> Result<f64> {
    let upper = format.case == Case::Upper;
    Ok(match format.primary {
        Primary::Letters => letters_to_decimal(text, if upper { 'A' } else { 'a' }),
        // Only lower-case pictures fold the input to upper case.
        Primary::Roman if upper => roman_to_decimal(text),
        Primary::Roman => roman_to_decimal(&text.to_uppercase()),
        Primary::Words => words_to_number(&text.to_lowercase()),
        Primary::Decimal => parse_decimal_text(text, format, fraction),
        Primary::Sequence => return Err(DtError::with("D3130", format.token.clone())),
    })
}

/// $formatInteger(number, picture).
pub fn format_integer(value: f64, picture: &str) -> Result<String> {
    let format = analyse_integer_picture(picture)?;
    format_int(value.floor(), &format)
}

/// $parseInteger(string, picture): the inverse of `format_integer`.
/// `Ok(None)` stands for a result that is not a number (NaN in the reference).
pub fn parse_integer(text: &str, picture: &str) -> Result<Option<f64>> {
    let format = analyse_integer_picture(picture)?;
    let value = parse_int_text(text, &format, false)?;
    Ok(Some(value).filter(|v| !v.is_nan()))
}

// ---------------------------------------------------------------------------
// Date/time pictures
// ---------------------------------------------------------------------------

const ISO_PICTURE: &str = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";
#[rustfmt::skip]
const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
];
#[rustfmt::skip]
const DAYS: [&str; 8] = [
    "", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
];
/// Components formatted as integers (or names) by `format_component`.
const INTEGER_COMPONENTS: &str = "YMDdFWwXxHhms";

#[derive(Debug, Clone, Default)]
struct Width {
    min: Option<i64>,
    max: Option<i64>,
}

#[derive(Debug, Clone)]
struct Marker {
    /// `None` for an empty marker `[]`.
    component: Option<char>,
    presentation2: Option<char>,
    width: Option<Width>,
    names: Option<Case>,
    int_format: Option<IntFormat>,
    /// Digits of the year to keep (`Y` only).
    year_digits: Option<i64>,
}

#[derive(Debug, Clone)]
enum Part {
    Literal(String),
    Marker(Marker),
}

fn default_presentation(component: char) -> Option<&'static str> {
    Some(match component {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

/// A width number: `*` or anything unparsable means "unbounded".
fn parse_width(text: &str) -> Option<i64> {
    if text == "*" {
        return None;
    }
    let v = js_parse_int(text);
    if v.is_finite() {
        Some(v as i64)
    } else {
        None
    }
}

/// JavaScript `substring(start, end)` on chars (swaps reversed bounds).
fn js_substring(s: &[char], start: usize, end: usize) -> String {
    let (a, b) = if start > end { (end, start) } else { (start, end) };
    let a = a.min(s.len());
    let b = b.min(s.len());
    s[a..b].iter().collect()
}

fn analyse_marker(text: &[char], previous: Option<&mut Part>) -> Result<Marker> {
    // Whitespace inside a marker is insignificant.
    let marker: Vec<char> = text.iter().copied().filter(|c| !is_js_space(*c)).collect();
    let component = marker.first().copied();
    let mut width = None;
    let presentation: String = match marker.iter().rposition(|&c| c == ',') {
        Some(comma) => {
            let width_text: String = marker[comma + 1..].iter().collect();
            let (min, max) = match width_text.find('-') {
                Some(dash) => (parse_width(&width_text[..dash]), parse_width(&width_text[dash + 1..])),
                None => (parse_width(&width_text), None),
            };
            width = Some(Width { min, max });
            js_substring(&marker, 1, comma)
        }
        None => js_substring(&marker, 1, marker.len()),
    };
    let pres: Vec<char> = presentation.chars().collect();
    let mut presentation2 = None;
    let presentation1: String = match pres.len() {
        0 => match component.and_then(default_presentation) {
            Some(p) => p.to_string(),
            None => {
                return Err(DtError::with("D3132", component.map(String::from).unwrap_or_default()));
            }
        },
        1 => presentation,
        n => {
            let last = pres[n - 1];
            if "atco".contains(last) {
                presentation2 = Some(last);
                pres[..n - 1].iter().collect()
            } else {
                presentation
            }
        }
    };

    let mut result = Marker { component, presentation2, width, names: None, int_format: None, year_digits: None };
    let comp = component.unwrap_or('\0');
    let mut p1 = presentation1.chars();
    match (p1.next(), p1.next()) {
        (Some('n'), _) => result.names = Some(Case::Lower),
        (Some('N'), Some('n')) => result.names = Some(Case::Title),
        (Some('N'), _) => result.names = Some(Case::Upper),
        _ if "YMDdFWwXxHhmsf".contains(comp) => {
            let mut pattern = presentation1.clone();
            if let Some(p2) = presentation2 {
                pattern.push(';');
                pattern.push(p2);
            }
            let mut format = analyse_integer_picture(&pattern)?;
            let decimal = format.primary == Primary::Decimal;
            let width = result.width.clone().unwrap_or_default();
            if let Some(min) = width.min {
                if decimal && format.mandatory < min {
                    format.mandatory = min;
                }
            }
            if comp == 'Y' {
                // §9.8.4.4: the width decides how many year digits to keep.
                if let Some(max) = width.max {
                    result.year_digits = Some(max);
                    format.mandatory = max;
                } else if decimal && format.mandatory + format.optional >= 2 {
                    result.year_digits = Some(format.mandatory + format.optional);
                }
            }
            // Adjacent integer markers ("[Y0001][M01]") can only be parsed
            // if the earlier one has a fixed width.
            if let Some(Part::Marker(prev)) = previous {
                if let Some(prev_format) = prev.int_format.as_mut() {
                    prev_format.parse_width =
                        (prev_format.primary == Primary::Decimal).then_some(prev_format.mandatory);
                }
            }
            result.int_format = Some(format);
        }
        _ => {}
    }
    if comp == 'Z' || comp == 'z' {
        result.int_format = Some(analyse_integer_picture(&presentation1)?);
    }
    Ok(result)
}

fn analyse_datetime_picture(picture: &str) -> Result<Vec<Part>> {
    let chars: Vec<char> = picture.chars().collect();
    let mut parts: Vec<Part> = Vec::new();
    let add_literal = |parts: &mut Vec<Part>, start: usize, end: usize| {
        if end > start {
            let literal: String = chars[start..end].iter().collect();
            // "]]" is an escaped "]".
            parts.push(Part::Literal(literal.replace("]]", "]")));
        }
    };
    let mut start = 0;
    let mut pos = 0;
    while pos < chars.len() {
        if chars[pos] == '[' {
            if chars.get(pos + 1) == Some(&'[') {
                // "[[" is an escaped "[".
                add_literal(&mut parts, start, pos);
                parts.push(Part::Literal("[".to_string()));
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(&mut parts, start, pos);
            start = pos;
            let close = chars[start..].iter().position(|&c| c == ']').ok_or_else(|| DtError::new("D3135"))?;
            pos = start + close;
            let marker = analyse_marker(&chars[start + 1..pos], parts.last_mut())?;
            parts.push(Part::Marker(marker));
            start = pos + 1;
        }
        pos += 1;
    }
    add_literal(&mut parts, start, chars.len());
    Ok(parts)
}

fn apply_case(text: &str, case: Case) -> String {
    match case {
        Case::Upper => text.to_uppercase(),
        Case::Lower => text.to_lowercase(),
        Case::Title => text.to_string(),
    }
}

fn format_component(date: &DateFields, marker: &Marker, tz_hours: f64, tz_minutes: f64) -> Result<String> {
    let Some(comp) = marker.component else {
        return Ok("undefined".to_string());
    };
    let value = fragment(date, comp);
    if INTEGER_COMPONENTS.contains(comp) {
        let Fragment::Num(mut v) = value else {
            return Ok("undefined".to_string());
        };
        if let Some(n) = marker.year_digits {
            v %= 10f64.powf(n as f64);
        }
        if let Some(case) = marker.names {
            let name = match comp {
                'M' | 'x' => (v >= 1.0).then(|| MONTHS.get(v as usize - 1)).flatten().copied(),
                'F' => (v >= 0.0).then(|| DAYS.get(v as usize)).flatten().copied(),
                _ => return Err(DtError::with("D3133", comp)),
            }
            .unwrap_or("undefined");
            let mut name: Vec<char> = apply_case(name, case).chars().collect();
            if let Some(max) = marker.width.as_ref().and_then(|w| w.max) {
                if name.len() as i64 > max {
                    name.truncate(max.max(0) as usize);
                }
            }
            return Ok(name.into_iter().collect());
        }
        return match &marker.int_format {
            Some(format) => format_int(v, format),
            None => Err(DtError::with("D3133", comp)),
        };
    }
    match comp {
        'f' => match &marker.int_format {
            Some(format) => format_int(date.millis, format),
            // "[fN]": names make no sense for fractional seconds.
            None => Err(DtError::with("D3133", comp)),
        },
        'Z' | 'z' => format_timezone(marker, comp, tz_hours, tz_minutes),
        'P' => {
            let Fragment::Text(ampm) = value else {
                return Ok("undefined".to_string());
            };
            Ok(if marker.names == Some(Case::Upper) { ampm.to_uppercase() } else { ampm.to_string() })
        }
        _ => Ok(match value {
            Fragment::Num(v) => js_number_to_string(v),
            Fragment::Text(t) => t.to_string(),
            Fragment::Undefined => "undefined".to_string(),
        }),
    }
}

/// §9.8.4.6 timezone formatting, with the reference's choices.
fn format_timezone(marker: &Marker, comp: char, hours: f64, minutes: f64) -> Result<String> {
    let offset = hours * 100.0 + minutes;
    let Some(format) = &marker.int_format else {
        return Err(DtError::new("D3134"));
    };
    let mut text = if matches!(format.grouping, Grouping::Regular { .. }) && format.primary == Primary::Decimal {
        format_int(offset, format)?
    } else if format.primary == Primary::Decimal {
        match format.mandatory {
            1 | 2 => {
                let mut t = format_int(hours, format)?;
                if minutes != 0.0 {
                    t.push(':');
                    t.push_str(&format_integer(minutes, "00")?);
                }
                t
            }
            3 | 4 => format_int(offset, format)?,
            n => return Err(DtError::with("D3134", n.to_string())),
        }
    } else {
        // Names or other non-decimal pictures ("[ZN]") have no digit count.
        return Err(DtError::new("D3134"));
    };
    if offset >= 0.0 {
        text.insert(0, '+');
    }
    if comp == 'z' {
        text.insert_str(0, "GMT");
    }
    if offset == 0.0 && marker.presentation2 == Some('t') {
        text = "Z".to_string();
    }
    Ok(text)
}

/// $fromMillis(millis, picture?, timezone?) — millis since epoch.
///
/// Without a picture the result is ISO 8601 (`2017-11-07T15:07:54.972Z`), in
/// the given `timezone` ("±HHMM") when there is one. Instants outside the
/// JavaScript date range (or a timezone that is not a number) give D1001.
pub fn format_datetime(millis: f64, picture: Option<&str>, timezone: Option<&str>) -> Result<String> {
    let (tz_hours, tz_minutes) = match timezone {
        None => (0.0, 0.0),
        Some(tz) => {
            // The reference reads "±HHMM" with parseInt, so "-0530" becomes
            // hours -6 and minutes -30; reproduced as is.
            let offset = js_parse_int(tz);
            if offset.is_nan() {
                return Err(DtError::with("D1001", tz));
            }
            ((offset / 100.0).floor(), offset % 100.0)
        }
    };
    let parts = analyse_datetime_picture(picture.unwrap_or(ISO_PICTURE))?;
    let offset_millis = (60.0 * tz_hours + tz_minutes) * 60_000.0;
    let time = time_clip(millis + offset_millis);
    if time.is_nan() {
        return Err(DtError::with("D1001", js_number_to_string(millis)));
    }
    let date = DateFields::from_time(time);
    let mut out = String::new();
    for part in &parts {
        match part {
            Part::Literal(text) => out.push_str(text),
            Part::Marker(marker) => out.push_str(&format_component(&date, marker, tz_hours, tz_minutes)?),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Parsing timestamps with a picture
// ---------------------------------------------------------------------------

/// What a picture part matches (the reference builds a regex per part).
#[derive(Debug)]
enum Matcher {
    Literal(Vec<char>),
    /// `[0-9]{n}` or `[0-9]+`, then `(th|st|nd|rd)` for ordinals.
    Digits {
        width: Option<usize>,
        ordinal: bool,
    },
    /// `[a-zA-Z]+` (letters, month/day names, am/pm).
    Letters,
    /// `[MDCLXVI]+` (case-insensitive).
    Roman,
    /// Any sequence of number words, "and", '-', ',' and ' '.
    Words,
    /// `(GMT)?[-+][0-9]+(sep[0-9]+)?`
    Timezone {
        gmt: bool,
        sep: Option<char>,
    },
}

/// How a matched part turns into a component value.
#[derive(Debug)]
enum Reader {
    None,
    Integer(IntFormat),
    Names(Vec<(String, f64)>),
    Timezone { gmt: bool, sep: Option<char> },
}

#[derive(Debug)]
struct MatchPart {
    matcher: Matcher,
    reader: Reader,
    component: char,
}

fn build_match_part(part: &Part) -> Result<MatchPart> {
    let marker = match part {
        Part::Literal(text) => {
            return Ok(MatchPart {
                matcher: Matcher::Literal(text.chars().collect()),
                reader: Reader::None,
                component: '\0',
            });
        }
        Part::Marker(m) => m,
    };
    let comp = marker.component.unwrap_or('\0');
    if comp == 'Z' || comp == 'z' {
        // Only a regular grouping (e.g. "01:01") gives a separator.
        let sep = match marker.int_format.as_ref().map(|f| &f.grouping) {
            Some(Grouping::Regular { sep, .. }) => Some(*sep),
            _ => None,
        };
        let gmt = comp == 'z';
        return Ok(MatchPart {
            matcher: Matcher::Timezone { gmt, sep },
            reader: Reader::Timezone { gmt, sep },
            component: comp,
        });
    }
    if let Some(format) = &marker.int_format {
        let matcher = match format.primary {
            Primary::Letters => Matcher::Letters,
            Primary::Roman => Matcher::Roman,
            Primary::Words => Matcher::Words,
            Primary::Decimal => Matcher::Digits {
                width: format.parse_width.filter(|&w| w > 0).map(|w| w as usize),
                ordinal: format.ordinal,
            },
            Primary::Sequence => return Err(DtError::with("D3130", format.token.clone())),
        };
        return Ok(MatchPart { matcher, reader: Reader::Integer(format.clone()), component: comp });
    }
    // Otherwise the component is written as a name.
    let max = marker.width.as_ref().and_then(|w| w.max).filter(|&m| m != 0);
    let shorten = |name: &str| -> String {
        match max {
            Some(m) => name.chars().take(m.max(0) as usize).collect(),
            None => name.to_string(),
        }
    };
    let lookup: Vec<(String, f64)> = match comp {
        'M' | 'x' => MONTHS.iter().enumerate().map(|(i, n)| (shorten(n), (i + 1) as f64)).collect(),
        'F' => DAYS.iter().enumerate().skip(1).map(|(i, n)| (shorten(n), i as f64)).collect(),
        'P' => [("am", 0.0), ("AM", 0.0), ("pm", 1.0), ("PM", 1.0)].iter().map(|&(n, v)| (n.to_string(), v)).collect(),
        _ => return Err(DtError::with("D3133", comp)),
    };
    Ok(MatchPart { matcher: Matcher::Letters, reader: Reader::Names(lookup), component: comp })
}

fn run_length(input: &[char], pos: usize, pred: impl Fn(char) -> bool) -> usize {
    input[pos.min(input.len())..].iter().take_while(|&&c| pred(c)).count()
}

fn matches_at(input: &[char], pos: usize, word: &[char]) -> bool {
    input.len() >= pos + word.len() && input[pos..pos + word.len()].iter().zip(word).all(|(&a, &b)| ci_eq(a, b))
}

/// All end positions of a greedy run `[class]+` starting at `pos`, longest first.
fn greedy_ends(pos: usize, run: usize) -> Vec<usize> {
    (1..=run).rev().map(|k| pos + k).collect()
}

fn word_tokens() -> &'static [Vec<char>] {
    static TOKENS: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    TOKENS.get_or_init(|| {
        let mut tokens: Vec<Vec<char>> = word_values().iter().map(|(w, _)| w.chars().collect()).collect();
        tokens.push("and".chars().collect());
        tokens.extend(['-', ',', ' '].iter().map(|&c| vec![c]));
        tokens
    })
}

/// End positions of `(?:word|and|[-, ])+` in the order a backtracking regex
/// engine would try them: deeper repetitions first, alternatives in order.
fn word_ends(input: &[char], start: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut seen = HashSet::new();
    // Explicit stack of (position, next alternative index) frames.
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    seen.insert(start);
    while let Some(frame) = stack.last_mut() {
        let (pos, alt) = *frame;
        let tokens = word_tokens();
        if alt < tokens.len() {
            frame.1 += 1;
            let token = &tokens[alt];
            if matches_at(input, pos, token) {
                let next = pos + token.len();
                if seen.insert(next) {
                    stack.push((next, 0));
                }
            }
        } else {
            stack.pop();
            // Stopping here is the last choice, and never before one repetition.
            if pos != start {
                ends.push(pos);
            }
        }
    }
    ends
}

fn candidate_ends(matcher: &Matcher, input: &[char], pos: usize) -> Vec<usize> {
    let is_digit = |c: char| c.is_ascii_digit();
    match matcher {
        Matcher::Literal(text) => {
            if matches_at(input, pos, text) {
                vec![pos + text.len()]
            } else {
                Vec::new()
            }
        }
        Matcher::Digits { width, ordinal } => {
            let run = run_length(input, pos, is_digit);
            let ends = match width {
                Some(w) if run >= *w => vec![pos + w],
                Some(_) => Vec::new(),
                None => greedy_ends(pos, run),
            };
            if !*ordinal {
                return ends;
            }
            let suffixes: [&[char]; 4] = [&['t', 'h'], &['s', 't'], &['n', 'd'], &['r', 'd']];
            ends.into_iter().filter(|&e| suffixes.iter().any(|s| matches_at(input, e, s))).map(|e| e + 2).collect()
        }
        Matcher::Letters => greedy_ends(pos, run_length(input, pos, |c| c.is_ascii_alphabetic())),
        Matcher::Roman => greedy_ends(pos, run_length(input, pos, |c| "MDCLXVImdclxvi".contains(c))),
        Matcher::Words => word_ends(input, pos),
        Matcher::Timezone { gmt, sep } => {
            let mut p = pos;
            if *gmt {
                if !matches_at(input, p, &['G', 'M', 'T']) {
                    return Vec::new();
                }
                p += 3;
            }
            if !matches!(input.get(p), Some('+') | Some('-')) {
                return Vec::new();
            }
            p += 1;
            let run = run_length(input, p, is_digit);
            match sep {
                None => greedy_ends(p, run),
                Some(sep) => {
                    let mut ends = Vec::new();
                    for k in (1..=run).rev() {
                        if input.get(p + k).is_some_and(|c| ci_eq(*c, *sep)) {
                            let q = p + k + 1;
                            ends.extend(greedy_ends(q, run_length(input, q, is_digit)));
                        }
                    }
                    ends
                }
            }
        }
    }
}

/// Matches the whole input against the parts (anchored at both ends) and
/// returns each part's span. Backtracks like a regex, iteratively, with a
/// memo of (part, position) pairs already known to fail.
fn match_parts(parts: &[MatchPart], input: &[char]) -> Option<Vec<(usize, usize)>> {
    struct Frame {
        start: usize,
        ends: Vec<usize>,
        next: usize,
    }
    let mut failed: HashSet<(usize, usize)> = HashSet::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut pos = 0;
    loop {
        let index = frames.len();
        if index == parts.len() {
            if pos == input.len() {
                return Some(frames.iter().map(|f| (f.start, f.ends[f.next - 1])).collect());
            }
        } else if !failed.contains(&(index, pos)) {
            frames.push(Frame { start: pos, ends: candidate_ends(&parts[index].matcher, input, pos), next: 0 });
        }
        // Advance the innermost frame to its next candidate, unwinding
        // exhausted frames (and remembering them as failures).
        loop {
            let frame = frames.last_mut()?;
            if frame.next < frame.ends.len() {
                pos = frame.ends[frame.next];
                frame.next += 1;
                break;
            }
            let start = frame.start;
            frames.pop();
            failed.insert((frames.len(), start));
        }
    }
}

/// A parsed component: `Undefined` differs from NaN, as in the reference.
#[derive(Debug, Clone, Copy)]
enum Value {
    Undefined,
    Num(f64),
}

fn read_value(reader: &Reader, component: char, text: &str) -> Result<Value> {
    Ok(match reader {
        Reader::None => Value::Undefined,
        Reader::Integer(format) => Value::Num(parse_int_text(text, format, component == 'f')?),
        Reader::Names(lookup) => {
            lookup.iter().find(|(name, _)| name == text).map_or(Value::Undefined, |&(_, v)| Value::Num(v))
        }
        Reader::Timezone { gmt, sep } => {
            let text = if *gmt { text.get(3..).unwrap_or("") } else { text };
            let (hours, minutes) = match sep.and_then(|s| text.find(s).map(|i| (i, s))) {
                Some((i, s)) => (js_parse_int(&text[..i]), js_parse_int(&text[i + s.len_utf8()..])),
                None => {
                    // "+5"/"+05" are hours; otherwise "+HHMM". The minutes
                    // keep a positive sign even for negative offsets, as in
                    // the reference.
                    if text.chars().count() <= 3 {
                        (js_parse_int(text), 0.0)
                    } else {
                        let split = text.char_indices().nth(3).map_or(text.len(), |(i, _)| i);
                        (js_parse_int(&text[..split]), js_parse_int(&text[split..]))
                    }
                }
            };
            Value::Num(hours * 60.0 + minutes)
        }
    })
}

fn parse_with_picture(timestamp: &str, picture: &str, now: f64) -> Result<Option<f64>> {
    let spec = analyse_datetime_picture(picture)?;
    let parts = spec.iter().map(build_match_part).collect::<Result<Vec<_>>>()?;
    let input: Vec<char> = timestamp.chars().collect();
    let Some(spans) = match_parts(&parts, &input) else {
        return Ok(None);
    };

    let mut components: BTreeMap<char, Value> = BTreeMap::new();
    for (part, &(start, end)) in parts.iter().zip(&spans) {
        if matches!(part.reader, Reader::None) {
            continue;
        }
        let text: String = input[start..end].iter().collect();
        components.insert(part.component, read_value(&part.reader, part.component, &text)?);
    }
    if components.is_empty() {
        // Only literals: nothing to build a timestamp from.
        return Ok(None);
    }

    // Which date and time component sets are present? A set matches if
    // nothing outside it is given (truthy) and something inside it is.
    let truthy_at = |c: char| matches!(components.get(&c), Some(Value::Num(v)) if truthy(*v));
    let mask_of = |letters: &str| letters.chars().fold(0u32, |mask, c| (mask << 1) | u32::from(truthy_at(c)));
    let is_type = |mask: u32, ty: u32| (!ty & mask) == 0 && (ty & mask) != 0;
    let date_mask = mask_of("YXMxWwdD");
    let date_a = is_type(date_mask, 0b1010_0001); // Y M D
    let date_b = !date_a && is_type(date_mask, 0b1000_0010); // Y d
    let date_c = is_type(date_mask, 0b0101_0100); // X x w (F)
    let date_d = !date_c && is_type(date_mask, 0b0100_1000); // X W (F)
    let time_mask = mask_of("PHhmsf");
    let time_a = is_type(time_mask, 0b01_0111); // H m s f
    let time_b = !time_a && is_type(time_mask, 0b10_1111); // P h m s f

    // The reference lists "YD" (not "Yd") for day-of-year dates.
    let date_comps = if date_b {
        "YD"
    } else if date_c {
        "XxwF"
    } else if date_d {
        "XWF"
    } else {
        "YMD"
    };
    let time_comps = if time_b { "Phmsf" } else { "Hmsf" };

    // Before the first given component, default from "now"; after the last
    // one, default to zero (one for month/day); a gap in between is an error.
    let now = time_clip(now);
    let now_fields = DateFields::from_time(if now.is_nan() { 0.0 } else { now });
    let mut start_specified = false;
    let mut end_specified = false;
    for c in date_comps.chars().chain(time_comps.chars()) {
        let given = matches!(components.get(&c), Some(Value::Num(_)));
        if given {
            start_specified = true;
            if end_specified {
                return Err(DtError::new("D3136"));
            }
        } else if start_specified {
            let zero = if "MDd".contains(c) { 1.0 } else { 0.0 };
            components.insert(c, Value::Num(zero));
            end_specified = true;
        } else {
            let value = match fragment(&now_fields, c) {
                Fragment::Num(v) => v,
                // am/pm from "now" never equals 1 (pm) in the reference.
                _ => 0.0,
            };
            components.insert(c, Value::Num(value));
        }
    }

    let num = |components: &BTreeMap<char, Value>, c: char| match components.get(&c) {
        Some(Value::Num(v)) => *v,
        _ => f64::NAN,
    };
    let mut month0 = match components.get(&'M') {
        Some(Value::Num(m)) if *m > 0.0 => m - 1.0,
        _ => 0.0,
    };
    let year = num(&components, 'Y');
    let mut day = num(&components, 'D');
    if date_b {
        let first_jan = date_utc(year, 0.0, 1.0);
        let derived = time_clip(first_jan + (num(&components, 'd') - 1.0) * MS_PER_DAY);
        if derived.is_nan() {
            month0 = f64::NAN;
            day = f64::NAN;
        } else {
            let fields = DateFields::from_time(derived);
            month0 = fields.month0;
            day = fields.day;
        }
    }
    if date_c || date_d {
        // Week-based dates are recognised but not supported by the reference.
        return Err(DtError::new("D3136"));
    }
    let hour = if time_b {
        let h = num(&components, 'h');
        let mut hour = if h == 12.0 { 0.0 } else { h };
        if matches!(components.get(&'P'), Some(Value::Num(p)) if *p == 1.0) {
            hour += 12.0;
        }
        hour
    } else {
        num(&components, 'H')
    };

    let mut millis =
        js_date_utc(year, month0, day, hour, num(&components, 'm'), num(&components, 's'), num(&components, 'f'));
    let tz = [num(&components, 'Z'), num(&components, 'z')].into_iter().find(|v| truthy(*v));
    if let Some(offset) = tz {
        millis -= offset * 60_000.0;
    }
    Ok(Some(millis).filter(|m| !m.is_nan()))
}

// ---------------------------------------------------------------------------
// ISO 8601 (no picture)
// ---------------------------------------------------------------------------

/// The pieces of a timestamp accepted by the reference's ISO 8601 regex
/// `^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$`.
struct IsoPieces<'a> {
    year: i64,
    dates: Vec<i64>,
    tail: IsoTail<'a>,
}

/// Everything after the date groups.
struct IsoTail<'a> {
    times: Vec<(i64, i64, i64)>,
    fraction: Option<&'a [u8]>,
    /// Offset in minutes, `Some(0)` for "Z".
    offset: Option<i64>,
    zulu: bool,
}

fn two_digits(b: &[u8], i: usize, first_max: u8) -> Option<i64> {
    let d1 = *b.get(i)?;
    let d2 = *b.get(i + 1)?;
    if (b'0'..=first_max).contains(&d1) && d2.is_ascii_digit() {
        Some(i64::from(d1 - b'0') * 10 + i64::from(d2 - b'0'))
    } else {
        None
    }
}

/// Times, fraction and offset from `i` on; `None` unless it ends the input.
fn iso_tail(b: &[u8], mut i: usize) -> Option<IsoTail<'_>> {
    let mut tail = IsoTail { times: Vec::new(), fraction: None, offset: None, zulu: false };
    while b.get(i) == Some(&b'T') {
        let h = two_digits(b, i + 1, b'2')?;
        (b.get(i + 3) == Some(&b':')).then_some(())?;
        let m = two_digits(b, i + 4, b'5')?;
        (b.get(i + 6) == Some(&b':')).then_some(())?;
        let s = two_digits(b, i + 7, b'5')?;
        tail.times.push((h, m, s));
        i += 9;
    }
    if b.get(i) == Some(&b'.') {
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        tail.fraction = Some(&b[i + 1..i + 1 + n]);
        i += 1 + n;
    }
    match b.get(i) {
        Some(b'Z') => {
            tail.offset = Some(0);
            tail.zulu = true;
            i += 1;
        }
        Some(&sign @ (b'+' | b'-')) => {
            let h = two_digits(b, i + 1, b'2')?;
            i += 3;
            if b.get(i) == Some(&b':') {
                i += 1;
            }
            let m = two_digits(b, i, b'5')?;
            i += 2;
            let minutes = h * 60 + m;
            tail.offset = Some(if sign == b'-' { -minutes } else { minutes });
        }
        _ => {}
    }
    (i == b.len()).then_some(tail)
}

fn iso_pieces(ts: &str) -> Option<IsoPieces<'_>> {
    let b = ts.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = ts[..4].parse().ok()?;
    // Collect every "-dd" group; the regex may give some back to a "-hh:mm"
    // offset, so try the longest run of date groups first.
    let mut dates = Vec::new();
    let mut i = 4;
    while b.get(i) == Some(&b'-') {
        match two_digits(b, i + 1, b'3') {
            Some(v) => {
                dates.push(v);
                i += 3;
            }
            None => break,
        }
    }
    (0..=dates.len())
        .rev()
        .find_map(|keep| iso_tail(b, 4 + keep * 3).map(|tail| IsoPieces { year, dates: dates[..keep].to_vec(), tail }))
}

/// `Date.parse` (as V8 does it) for strings the ISO regex accepts.
fn parse_iso(ts: &str) -> Result<Option<f64>> {
    let invalid = || DtError::with("D3110", ts);
    let p = iso_pieces(ts).ok_or_else(invalid)?;
    // Forms V8's ISO parser rejects (and its legacy parser cannot rescue).
    let t = &p.tail;
    if p.dates.len() > 2 || t.times.len() > 1 {
        return Err(invalid());
    }
    if t.times.is_empty() && (t.fraction.is_some() || (t.offset.is_some() && !t.zulu)) {
        return Err(invalid());
    }
    let month = p.dates.first().copied().unwrap_or(1);
    let day = p.dates.get(1).copied().unwrap_or(1);
    // V8 only range-checks days against 31; Feb 30 rolls into March.
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(invalid());
    }
    let (h, m, s) = t.times.first().copied().unwrap_or((0, 0, 0));
    // Only the first three fraction digits count (milliseconds).
    let ms = t.fraction.map_or(0, |f| (0..3).fold(0, |acc, k| acc * 10 + f.get(k).map_or(0, |d| i64::from(d - b'0'))));
    if h > 24 || (h == 24 && (m != 0 || s != 0 || ms != 0)) {
        return Err(invalid());
    }
    // Without an offset the reference uses local time; this crate is UTC.
    let days = days_from_civil(p.year, month, 1) + day - 1;
    let time = ((h * 60 + m - t.offset.unwrap_or(0)) * 60 + s) * 1000 + ms;
    Ok(Some(days as f64 * MS_PER_DAY + time as f64))
}

/// $toMillis(timestamp, picture?) — `Ok(None)` means JSONata "undefined".
///
/// Without a picture the timestamp must be ISO 8601 (error D3110 otherwise).
/// With a picture it is parsed per the picture; components missing before the
/// first one given are taken from `now` (millis), the evaluation's fixed
/// `$now()`.
pub fn parse_datetime_at(timestamp: &str, picture: Option<&str>, now_millis: f64) -> Result<Option<f64>> {
    match picture {
        None => parse_iso(timestamp),
        Some(picture) => parse_with_picture(timestamp, picture, now_millis),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 17_532, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let pictures = [
            "[",
            "[Y",
            "[]",
            "[ ]",
            "[,]",
            "[Y,-]",
            "[Y,--5]",
            "[Y,99999999999999999999]",
            "[Z,]",
            "[ZN]",
            "[Z010101]",
            "[fN]",
            "[q1]",
            "[M,0-0]",
            "]]",
            "[[",
            "[YI,2-2]",
            "[Ya]",
            "[Y;o]",
            "[D#]",
            "[Dα]",
            "[F1,*-*]",
            "[Y٠]-[M]",
            "[xNn]",
            "[w][W][X][x]",
            "[E][C]",
        ];
        let values = [0.0, -1.0, 1e300, -1e300, f64::NAN, f64::INFINITY, 8.64e15, -8.64e15, 0.5, -62_198_755_200_000.0];
        for p in pictures {
            for v in values {
                let _ = format_datetime(v, Some(p), None);
                let _ = format_datetime(v, Some(p), Some("+9999"));
                let _ = format_datetime(v, Some(p), Some("x"));
            }
            for s in ["", "2018", "12", "xx", "GMT+", "+", "twenty", "١٢"] {
                let _ = parse_datetime_at(s, Some(p), 0.0);
            }
        }
        for pic in ["", ";", "#", "0", "w", "W;o", "i", "A", "#,##0", ",0", "0,", "٠", "0;"] {
            for v in values {
                let _ = format_integer(v, pic);
            }
            for s in ["", "-", "x", "1,2", "MMXX", "zz", "one and", ",, ,", "0x1f"] {
                let _ = parse_integer(s, pic);
            }
        }
        for s in ["", "2018-", "2018-99", "2018T", "9999-12-31T24:00:00", "2018-01-01-05:00"] {
            let _ = parse_datetime_at(s, None, 0.0);
        }
    }

    /// Deterministic pseudo-random pictures and inputs: nothing may panic.
    #[test]
    fn fuzz_does_not_panic() {
        let alphabet: Vec<char> = "[]YMDdFWwXxHhPmsfZzCEq0123456789#,;-*onNaAiIwWt: .٠١GMT+".chars().collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let picture: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let len = (next() % 12) as usize;
            let input: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let millis = (next() % 4_000_000_000_000) as f64 - 2e12;
            let _ = format_datetime(millis, Some(&picture), Some("-0130"));
            let _ = parse_datetime_at(&input, Some(&picture), millis);
            let _ = parse_datetime_at(&input, None, 0.0);
            let _ = format_integer(millis, &picture);
            let _ = parse_integer(&input, &picture);
        }
    }
}
