//! Number printing, rounding and formatting with the exact behaviour of JavaScript numbers and of
//! the reference JSONata implementation (jsonata-js 2.x): `Number.prototype.toString`,
//! `toPrecision`, `toFixed`, `$string` number rendering, `$round`, `$formatBase` and
//! `$formatNumber` (XPath F&O 3.1 `format-number` as jsonata-js implements it, quirks included).
//!
//! Every function is total: NaN, infinities, huge precisions and odd pictures give an error or a
//! defined result, never a panic or a hang.

/// An error raised by one of the JSONata functions, with the reference's error code.
#[derive(Debug, Clone, PartialEq)]
pub struct NumError {
    pub code: &'static str,
    pub value: Option<String>,
}

impl NumError {
    fn code(code: &'static str) -> Self {
        NumError { code, value: None }
    }
}

impl std::fmt::Display for NumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} ({})", self.code, v),
            None => f.write_str(self.code),
        }
    }
}

impl std::error::Error for NumError {}

// ---------------------------------------------------------------------------------------------
// Exact decimal expansion of binary doubles (the basis of toFixed / toPrecision)
// ---------------------------------------------------------------------------------------------

/// An unsigned big integer in base 10^9, least significant limb first. Only what the exact
/// expansion of an f64 needs: multiply by small factors and print.
struct BigDec {
    limbs: Vec<u32>,
}

const LIMB_BASE: u64 = 1_000_000_000;

impl BigDec {
    fn from_u64(mut n: u64) -> Self {
        let mut limbs = Vec::new();
        while n > 0 {
            limbs.push((n % LIMB_BASE) as u32);
            n /= LIMB_BASE;
        }
        BigDec { limbs }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.limbs {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = (v % LIMB_BASE) as u32;
            carry = v / LIMB_BASE;
        }
        while carry > 0 {
            self.limbs.push((carry % LIMB_BASE) as u32);
            carry /= LIMB_BASE;
        }
    }

    /// Multiply by `base^exp`, batching factors so each step still fits in a u32.
    fn mul_pow(&mut self, base: u32, mut exp: u32) {
        while exp > 0 {
            let mut factor = 1u64;
            while exp > 0 && factor * u64::from(base) <= u64::from(u32::MAX) {
                factor *= u64::from(base);
                exp -= 1;
            }
            self.mul_small(factor as u32);
        }
    }

    fn digits(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, limb) in self.limbs.iter().rev().enumerate() {
            let s = if i == 0 { limb.to_string() } else { format!("{limb:09}") };
            out.extend(s.bytes().map(|b| b - b'0'));
        }
        out
    }
}

/// A non-negative decimal number `0.d1 d2 d3 ... × 10^point`, digits without trailing zeros.
/// No digits means zero.
#[derive(Debug, Clone)]
struct Decimal {
    digits: Vec<u8>,
    point: i64,
}

impl Decimal {
    /// The exact value of `|x|` (finite) in decimal. Every double is a dyadic rational, so its
    /// decimal expansion terminates: m × 2^-k = m × 5^k × 10^-k.
    fn exact(x: f64) -> Decimal {
        let bits = x.abs().to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1u64 << 52) - 1);
        let (mantissa, exp2) = if biased == 0 { (fraction, -1074) } else { (fraction | (1u64 << 52), biased - 1075) };
        if mantissa == 0 {
            return Decimal { digits: Vec::new(), point: 0 };
        }
        let mut big = BigDec::from_u64(mantissa);
        let shift = if exp2 >= 0 {
            big.mul_pow(2, exp2 as u32);
            0
        } else {
            big.mul_pow(5, (-exp2) as u32);
            -exp2
        };
        let mut digits = big.digits();
        let point = digits.len() as i64 - shift;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Decimal { digits, point }
    }

    /// Keep the first `keep` significant digits, rounding half up (towards the larger
    /// magnitude), which is what JS `toFixed`/`toPrecision` do on the exact value.
    fn round_half_up(&self, keep: i64) -> Decimal {
        let len = self.digits.len() as i64;
        if keep >= len {
            return self.clone();
        }
        if keep < 0 {
            // The value is below a tenth of the rounding unit.
            return Decimal { digits: Vec::new(), point: self.point };
        }
        let keep = keep as usize;
        let round_up = self.digits[keep] >= 5;
        let mut digits = self.digits[..keep].to_vec();
        let mut point = self.point;
        if round_up {
            // Propagate the carry; a run of nines becomes a single 1 one place higher.
            loop {
                match digits.last_mut() {
                    Some(d) if *d == 9 => {
                        digits.pop();
                    }
                    Some(d) => {
                        *d += 1;
                        break;
                    }
                    None => {
                        digits.push(1);
                        point += 1;
                        break;
                    }
                }
            }
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Decimal { digits, point }
    }

    /// The digit worth `10^(point - 1 - index)`; zero outside the stored digits.
    fn digit(&self, index: i64) -> u8 {
        if index < 0 {
            return 0;
        }
        self.digits.get(index as usize).copied().unwrap_or(0)
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// JavaScript number to string conversions
// ---------------------------------------------------------------------------------------------

/// JavaScript `Number.prototype.toString()` (radix 10): shortest round-trip digits, plain
/// notation for 1e-7 < |n| < 1e21, exponent notation (`1e+21`, `1e-7`) outside; `-0` prints
/// `0`. Non-finite values print as JS does (`NaN`, `Infinity`, `-Infinity`).
pub fn js_number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_string();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if n == 0.0 {
        return "0".to_string();
    }
    // Rust's `{:e}` gives the shortest digits that round-trip, like ECMAScript's Number::toString.
    let sci = format!("{:e}", n.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
    let point = exponent.parse::<i64>().unwrap_or(0) + 1;
    let digits = prefer_even_on_tie(n.abs(), digits, point);
    let digits: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let sign = if n < 0.0 { "-" } else { "" };
    format!("{sign}{}", layout_shortest(&digits, point))
}

/// When the exact value of `x` lies exactly halfway between two shortest candidates, Rust
/// keeps the upper one but ECMAScript wants the one with the even last digit
/// (95844268.798828125 prints as `95844268.79882812`). A tie needs 16 or more digits, since
/// a step in the 15th digit is wider than any double's ulp, so shorter output is left alone.
fn prefer_even_on_tie(x: f64, digits: Vec<u8>, point: i64) -> Vec<u8> {
    let Some(&last) = digits.last() else {
        return digits;
    };
    if digits.len() < 16 || last % 2 == 0 {
        return digits;
    }
    let exact = Decimal::exact(x);
    if exact.point != point {
        return digits;
    }
    let with_half = |d: &[u8]| [d, &[5]].concat();
    let mut lower = digits.clone();
    if let Some(l) = lower.last_mut() {
        *l -= 1;
    }
    let alternative = if exact.digits == with_half(&digits) {
        // Halfway up to the next candidate: increment, carrying through nines.
        let mut upper = digits.clone();
        while upper.last() == Some(&9) {
            upper.pop();
        }
        match upper.last_mut() {
            Some(l) => *l += 1,
            None => return digits,
        }
        upper
    } else if exact.digits == with_half(&lower) {
        lower
    } else {
        return digits;
    };
    // Only switch if the even candidate still reads back as the same double.
    let text: String = alternative.iter().map(|d| char::from(b'0' + d)).collect();
    if format!("0.{text}e{point}").parse::<f64>() == Ok(x) {
        let mut alternative = alternative;
        while alternative.last() == Some(&0) {
            alternative.pop();
        }
        alternative
    } else {
        digits
    }
}

/// Lay out significant digits `digits` (value = 0.digits × 10^point) by the ECMAScript
/// Number::toString rules.
fn layout_shortest(digits: &str, point: i64) -> String {
    let k = digits.len() as i64;
    if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let sign = if e >= 0 { "+" } else { "-" };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{first}e{sign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{sign}{}", e.abs())
        }
    }
}

/// JavaScript `n.toPrecision(p)`. JS throws a RangeError outside 1..=100; here `p` is clamped
/// into that range instead so the function stays total.
pub fn js_to_precision(n: f64, p: usize) -> String {
    let p = p.clamp(1, 100);
    if n.is_nan() {
        return "NaN".to_string();
    }
    // `x < 0` is false for -0, so -0 prints without a sign, as in JS.
    let sign = if n < 0.0 { "-" } else { "" };
    if n.is_infinite() {
        return format!("{sign}Infinity");
    }
    let (digits, e) = if n == 0.0 {
        (vec![0u8; p], 0i64)
    } else {
        let rounded = Decimal::exact(n).round_half_up(p as i64);
        let digits: Vec<u8> = (0..p as i64).map(|i| rounded.digit(i)).collect();
        (digits, rounded.point - 1)
    };
    let m: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let p = p as i64;
    let body = if e < -6 || e >= p {
        let (first, rest) = m.split_at(1);
        let exp_sign = if e >= 0 { "+" } else { "-" };
        if rest.is_empty() {
            format!("{first}e{exp_sign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{exp_sign}{}", e.abs())
        }
    } else if e == p - 1 {
        m
    } else if e >= 0 {
        let (int, frac) = m.split_at((e + 1) as usize);
        format!("{int}.{frac}")
    } else {
        format!("0.{}{m}", "0".repeat((-(e + 1)) as usize))
    };
    format!("{sign}{body}")
}

/// JavaScript `x.toFixed(f)` for any `f` (JS itself stops at 100; callers check that).
fn js_to_fixed(x: f64, f: usize) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x < 0.0 {
        return format!("-{}", js_to_fixed(-x, f));
    }
    // Also covers Infinity, like the specification's "if x >= 10^21, use ToString(x)".
    if x >= 1e21 {
        return js_number_to_string(x);
    }
    let exact = Decimal::exact(x);
    let rounded = exact.round_half_up(exact.point + f as i64);
    let mut out = String::new();
    if rounded.point <= 0 || rounded.is_zero() {
        out.push('0');
    } else {
        out.extend((0..rounded.point).map(|i| char::from(b'0' + rounded.digit(i))));
    }
    if f > 0 {
        out.push('.');
        out.extend((0..f as i64).map(|i| char::from(b'0' + rounded.digit(rounded.point + i))));
    }
    out
}

/// How jsonata-js renders a number in `$string()` and JSON output: `JSON.stringify` with a
/// replacer that snaps non-integers to `Number(n.toPrecision(15))` (hiding float noise such as
/// 0.1 + 0.2). Since jsonata 2.1 integers are exempt and keep all their digits
/// (5890840712243076 stays as is). Non-finite numbers give `null`, as JSON.stringify does
/// (`$string` itself raises D3001 for them before getting here).
pub fn jsonata_number_to_string(n: f64) -> String {
    if !n.is_finite() {
        return "null".to_string();
    }
    if n.fract() == 0.0 {
        return js_number_to_string(n);
    }
    js_number_to_string(js_string_to_number(&js_to_precision(n, 15)))
}

/// JavaScript unary `+` on the decimal strings this module builds (`"1.5e+3"`, `"Infinitye2"`):
/// anything that is not a plain decimal literal is NaN.
fn js_string_to_number(s: &str) -> f64 {
    let plain = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if plain {
        s.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

// ---------------------------------------------------------------------------------------------
// $round and $formatBase
// ---------------------------------------------------------------------------------------------

/// JavaScript `Math.round`: nearest integer, ties towards +∞, keeping the sign of zero.
fn js_math_round(x: f64) -> f64 {
    // Doubles this large are already integers.
    if !x.is_finite() || x.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    let floor = x.floor();
    // x - floor(x) is exact, so the tie test is exact too.
    let r = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    if r == 0.0 && x.is_sign_negative() {
        -0.0
    } else {
        r
    }
}

/// Move the decimal point of `x` by `by` places through its JS string form (`"1.005"` →
/// `"1.005e2"` → 100.5), which avoids the binary artefacts of multiplying by 10^n.
fn shift_decimal(x: f64, by: i64) -> f64 {
    let s = js_number_to_string(x);
    let (mantissa, exponent) = match s.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (s.as_str(), 0),
    };
    js_string_to_number(&format!("{mantissa}e{}", exponent.saturating_add(by)))
}

/// jsonata's `$round(n, precision)`: round half to even at `precision` decimal places
/// (negative precision rounds to tens, hundreds, ...). Like the reference, the decimal point
/// is shifted in the number's string form, and a negative zero result comes back as +0.
pub fn round_half_even(value: f64, precision: i32) -> f64 {
    let precision = i64::from(precision);
    let arg = if precision != 0 { shift_decimal(value, precision) } else { value };
    let mut result = js_math_round(arg);
    // Math.round sends ties up; a tie that landed on an odd number goes back down to even.
    if (result - arg).abs() == 0.5 && (result % 2.0).abs() == 1.0 {
        result -= 1.0;
    }
    if precision != 0 {
        result = shift_decimal(result, -precision);
    }
    if result == 0.0 {
        // JSON has no -0.
        result = 0.0;
    }
    result
}

/// `$formatBase(value, radix)`: the value rounded (half even) and written in base 2..=36 with
/// lower-case digits; other radixes raise D3100 (NaN too, where JS would throw a RangeError).
pub fn format_base(value: f64, radix: Option<f64>) -> Result<String, NumError> {
    let value = round_half_even(value, 0);
    let radix = radix.map_or(10.0, |r| round_half_even(r, 0));
    if radix.is_nan() || !(2.0..=36.0).contains(&radix) {
        return Err(NumError { code: "D3100", value: Some(js_number_to_string(radix)) });
    }
    Ok(js_number_to_radix_string(value, radix as u32))
}

/// `Number.prototype.toString(radix)` for an integer-valued double, following V8's algorithm
/// (digits below the double's precision come out as zeros rather than exact digits).
fn js_number_to_radix_string(value: f64, radix: u32) -> String {
    if radix == 10 || !value.is_finite() {
        return js_number_to_string(value);
    }
    let base = f64::from(radix);
    let mut integer = value.abs().floor();
    let mut reversed = Vec::new();
    while integer / base >= 9_007_199_254_740_992.0 {
        integer /= base;
        reversed.push('0');
    }
    loop {
        let remainder = integer % base;
        reversed.push(char::from_digit(remainder as u32, radix).unwrap_or('0'));
        integer = (integer - remainder) / base;
        if integer <= 0.0 {
            break;
        }
    }
    if value < 0.0 {
        reversed.push('-');
    }
    reversed.iter().rev().collect()
}

// ---------------------------------------------------------------------------------------------
// $formatNumber
// ---------------------------------------------------------------------------------------------

/// The decimal-format properties of `$formatNumber`'s third argument; unset fields take the
/// reference defaults (`.` `,` `e` `Infinity` `-` `NaN` `%` `‰` `0` `#` `;`).
#[derive(Debug, Clone, Default)]
pub struct DecimalFormat {
    pub decimal_separator: Option<String>,
    pub grouping_separator: Option<String>,
    pub exponent_separator: Option<String>,
    pub infinity: Option<String>,
    pub minus_sign: Option<String>,
    pub nan: Option<String>,
    pub percent: Option<String>,
    pub per_mille: Option<String>,
    pub zero_digit: Option<String>,
    pub digit: Option<String>,
    pub pattern_separator: Option<String>,
}

/// Picture strings are handled as char vectors so that indexes behave like the JS string
/// indexes of the reference (identical for BMP text).
type Chars = Vec<char>;

/// The resolved properties. `infinity` and `NaN` are accepted but, as in the reference, unused.
struct Props {
    decimal: Chars,
    grouping: Chars,
    exponent: Chars,
    minus: Chars,
    percent: Chars,
    per_mille: Chars,
    zero: Chars,
    digit: Chars,
    pattern: Chars,
    /// The ten digits starting at the zero digit.
    family: Chars,
}

impl Props {
    fn new(o: &DecimalFormat) -> Self {
        let pick = |v: &Option<String>, default: &str| -> Chars { v.as_deref().unwrap_or(default).chars().collect() };
        let zero = pick(&o.zero_digit, "0");
        let family = digit_family(&zero);
        Props {
            decimal: pick(&o.decimal_separator, "."),
            grouping: pick(&o.grouping_separator, ","),
            exponent: pick(&o.exponent_separator, "e"),
            minus: pick(&o.minus_sign, "-"),
            percent: pick(&o.percent, "%"),
            per_mille: pick(&o.per_mille, "\u{2030}"),
            zero,
            digit: pick(&o.digit, "#"),
            pattern: pick(&o.pattern_separator, ";"),
            family,
        }
    }

    fn is_decimal_digit(&self, c: char) -> bool {
        self.family.contains(&c)
    }

    /// A digit of the family or the optional-digit sign.
    fn is_digit_sign(&self, c: char) -> bool {
        self.is_decimal_digit(c) || is_char(c, &self.digit)
    }

    fn is_active(&self, c: char) -> bool {
        self.is_decimal_digit(c)
            || [&self.decimal, &self.exponent, &self.grouping, &self.digit, &self.pattern].iter().any(|p| is_char(c, p))
    }
}

/// The ten consecutive characters from the zero digit, like the reference's
/// `String.fromCharCode(zero + i)` (which wraps within the BMP). Code points that are not
/// characters (surrogates) become U+FFFD; a non-BMP zero digit works per code point, where
/// the reference would split it into UTF-16 halves.
fn digit_family(zero: &[char]) -> Chars {
    let Some(&z) = zero.first() else {
        return Vec::new();
    };
    let z = u32::from(z);
    (0..10)
        .map(|i| {
            let code = if z < 0x1_0000 { (z + i) & 0xFFFF } else { z + i };
            char::from_u32(code).unwrap_or('\u{FFFD}')
        })
        .collect()
}

/// JS `ch === prop` for a one-character string `ch`.
fn is_char(c: char, prop: &[char]) -> bool {
    prop.len() == 1 && prop[0] == c
}

/// JS `s.charAt(i) === prop`: out of range gives the empty string.
fn char_at_is(s: &[char], i: i64, prop: &[char]) -> bool {
    match usize::try_from(i).ok().and_then(|i| s.get(i)) {
        Some(&c) => is_char(c, prop),
        None => prop.is_empty(),
    }
}

/// JS `indexOf(needle, from)`.
fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    let from = from.min(hay.len());
    if needle.is_empty() {
        return Some(from);
    }
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

/// JS `lastIndexOf(needle)`.
fn rfind(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn contains(hay: &[char], needle: &[char]) -> bool {
    find(hay, needle, 0).is_some()
}

/// JS `indexOf` result as a number, -1 when absent.
fn index_or_minus_one(hay: &[char], needle: &[char]) -> i64 {
    find(hay, needle, 0).map_or(-1, |i| i as i64)
}

/// JS `substring(start, end)`: indexes clamped to the string, swapped if reversed.
fn substring(s: &[char], start: i64, end: i64) -> Chars {
    let len = s.len() as i64;
    let a = start.clamp(0, len) as usize;
    let b = end.clamp(0, len) as usize;
    s[a.min(b)..a.max(b)].to_vec()
}

/// JS `s = s.slice(0, at) + insert + s.slice(at)` (negative `at` counts from the end), in place.
fn insert_at(s: &mut Chars, at: i64, insert: &[char]) {
    let len = s.len() as i64;
    // Both slices normalise `at` the same way, so this is a plain insertion there.
    let at = if at < 0 { (len + at).max(0) } else { at.min(len) } as usize;
    s.splice(at..at, insert.iter().copied());
}

/// JS `split(separator)`.
fn js_split(s: &[char], sep: &[char]) -> Vec<Chars> {
    if sep.is_empty() {
        return s.iter().map(|&c| vec![c]).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(i) = find(s, sep, start) {
        out.push(s[start..i].to_vec());
        start = i + sep.len();
    }
    out.push(s[start..].to_vec());
    out
}

fn repeat(unit: &[char], times: i64) -> Chars {
    let times = usize::try_from(times).unwrap_or(0);
    unit.iter().copied().cycle().take(unit.len() * times).collect()
}

/// A sub-picture cut into its parts (F&O 4.7.3), reproducing the reference's index arithmetic.
struct Parts {
    prefix: Chars,
    suffix: Chars,
    active: Chars,
    mantissa: Chars,
    exponent: Option<Chars>,
    integer: Chars,
    fractional: Chars,
    sub: Chars,
}

fn split_parts(sub: &[char], p: &Props) -> Parts {
    // Prefix and suffix stop at the first/last active character other than the exponent
    // separator; with none at all both are empty (the jsonata 2.x fix for issue 786).
    let is_anchor = |c: char| p.is_active(c) && !is_char(c, &p.exponent);
    let prefix = sub.iter().position(|&c| is_anchor(c)).map_or_else(Vec::new, |i| sub[..i].to_vec());
    let suffix = sub.iter().rposition(|&c| is_anchor(c)).map_or_else(Vec::new, |i| sub[i + 1..].to_vec());
    let len = sub.len() as i64;
    let active = substring(sub, prefix.len() as i64, len - suffix.len() as i64);
    // The reference looks the separator up in the whole sub-picture but cuts the active part
    // at that index; with a prefix present the cut is off, and we keep that.
    let (mantissa, exponent) = match find(sub, &p.exponent, prefix.len()) {
        Some(pos) if pos as i64 <= len - suffix.len() as i64 => {
            let pos = pos as i64;
            let alen = active.len() as i64;
            (substring(&active, 0, pos), Some(substring(&active, pos + 1, alen)))
        }
        _ => (active.clone(), None),
    };
    let (integer, fractional) = match find(&mantissa, &p.decimal, 0) {
        // Without a decimal separator the reference takes the suffix as the fractional part.
        None => (mantissa.clone(), suffix.clone()),
        Some(d) => {
            let d = d as i64;
            let mlen = mantissa.len() as i64;
            (substring(&mantissa, 0, d), substring(&mantissa, d + 1, mlen))
        }
    };
    Parts { prefix, suffix, active, mantissa, exponent, integer, fractional, sub: sub.to_vec() }
}

/// Picture validation (F&O 4.7.3). Every rule runs and the last one that fails decides the
/// code, as in the reference.
fn validate(parts: &Parts, p: &Props) -> Result<(), NumError> {
    let sub = &parts.sub;
    let mut error = None;
    let decimal_pos = find(sub, &p.decimal, 0);
    if decimal_pos != rfind(sub, &p.decimal) {
        error = Some("D3081");
    }
    if find(sub, &p.percent, 0) != rfind(sub, &p.percent) {
        error = Some("D3082");
    }
    if find(sub, &p.per_mille, 0) != rfind(sub, &p.per_mille) {
        error = Some("D3083");
    }
    if contains(sub, &p.percent) && contains(sub, &p.per_mille) {
        error = Some("D3084");
    }
    if !parts.mantissa.iter().any(|&c| p.is_digit_sign(c)) {
        error = Some("D3085");
    }
    if parts.active.iter().any(|&c| !p.is_active(c)) {
        error = Some("D3086");
    }
    match decimal_pos {
        Some(d) => {
            let d = d as i64;
            if char_at_is(sub, d - 1, &p.grouping) || char_at_is(sub, d + 1, &p.grouping) {
                error = Some("D3087");
            }
        }
        None => {
            if char_at_is(&parts.integer, parts.integer.len() as i64 - 1, &p.grouping) {
                error = Some("D3088");
            }
        }
    }
    if contains(sub, &[p.grouping.as_slice(), p.grouping.as_slice()].concat()) {
        error = Some("D3089");
    }
    // An optional digit sign may not follow a mandatory digit in the integer part...
    let integer_digit = find(&parts.integer, &p.digit, 0);
    if integer_digit.is_some_and(|pos| parts.integer[..pos].iter().any(|&c| p.is_decimal_digit(c))) {
        error = Some("D3090");
    }
    // ...nor precede one in the fractional part.
    let fraction_digit = rfind(&parts.fractional, &p.digit);
    if fraction_digit.is_some_and(|pos| parts.fractional[pos..].iter().any(|&c| p.is_decimal_digit(c))) {
        error = Some("D3091");
    }
    if let Some(exponent) = &parts.exponent {
        if !exponent.is_empty() && (contains(sub, &p.percent) || contains(sub, &p.per_mille)) {
            error = Some("D3092");
        }
        if exponent.is_empty() || exponent.iter().any(|&c| !p.is_decimal_digit(c)) {
            error = Some("D3093");
        }
    }
    match error {
        Some(code) => Err(NumError::code(code)),
        None => Ok(()),
    }
}

/// The variables the formatting step needs (F&O 4.7.4).
#[derive(Clone)]
struct Analysis {
    integer_grouping: Vec<usize>,
    regular_grouping: usize,
    min_integer: usize,
    scaling_factor: usize,
    prefix: Chars,
    fractional_grouping: Vec<usize>,
    min_fractional: usize,
    max_fractional: usize,
    min_exponent: usize,
    suffix: Chars,
    picture: Chars,
}

/// For each grouping separator in `part`, the number of digit signs to its right (or left).
/// As in the reference, separators after the first are looked up in the integer part.
fn grouping_positions(part: &[char], integer: &[char], to_left: bool, p: &Props) -> Vec<usize> {
    let mut positions = Vec::new();
    // An empty separator is rejected by validation (D3089); guard anyway against looping.
    if p.grouping.is_empty() {
        return positions;
    }
    // digit_signs_before[i]: digit signs in part[..i], so each count is O(1).
    let mut digit_signs_before = vec![0usize];
    for &c in part {
        let last = digit_signs_before.last().copied().unwrap_or(0);
        digit_signs_before.push(last + usize::from(p.is_digit_sign(c)));
    }
    let total = digit_signs_before.last().copied().unwrap_or(0);
    let mut next = find(part, &p.grouping, 0);
    while let Some(at) = next {
        // Indexes past `part` (taken from the integer part) clamp like JS substring.
        let left = digit_signs_before[at.min(part.len())];
        positions.push(if to_left { left } else { total - left });
        next = find(integer, &p.grouping, at + 1).filter(|&n| n > at);
    }
    positions
}

/// The interval of a regular grouping (every position a multiple of their gcd), else 0.
fn regular_interval(positions: &[usize]) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let Some((&first, rest)) = positions.split_first() else {
        return 0;
    };
    let factor = rest.iter().fold(first, |acc, &x| gcd(acc, x));
    let present: std::collections::HashSet<usize> = positions.iter().copied().collect();
    let regular = (1..=positions.len()).all(|i| present.contains(&(i * factor)));
    if regular {
        factor
    } else {
        0
    }
}

fn analyse(parts: &Parts, p: &Props) -> Analysis {
    let integer_grouping = grouping_positions(&parts.integer, &parts.integer, false, p);
    let regular_grouping = regular_interval(&integer_grouping);
    let fractional_grouping = grouping_positions(&parts.fractional, &parts.integer, true, p);
    let count = |s: &[char], f: &dyn Fn(char) -> bool| s.iter().filter(|&&c| f(c)).count();
    let mut min_integer = count(&parts.integer, &|c| p.is_decimal_digit(c));
    let scaling_factor = min_integer;
    let mut min_fractional = count(&parts.fractional, &|c| p.is_decimal_digit(c));
    let mut max_fractional = count(&parts.fractional, &|c| p.is_digit_sign(c));
    let exponent_present = parts.exponent.is_some();
    if min_integer == 0 && max_fractional == 0 {
        if exponent_present {
            min_fractional = 1;
            max_fractional = 1;
        } else {
            min_integer = 1;
        }
    }
    if exponent_present && min_integer == 0 && contains(&parts.integer, &p.digit) {
        min_integer = 1;
    }
    if min_integer == 0 && min_fractional == 0 {
        min_fractional = 1;
    }
    let min_exponent = parts.exponent.as_ref().map_or(0, |e| count(e, &|c| p.is_decimal_digit(c)));
    Analysis {
        integer_grouping,
        regular_grouping,
        min_integer,
        scaling_factor,
        prefix: parts.prefix.clone(),
        fractional_grouping,
        min_fractional,
        max_fractional,
        min_exponent,
        suffix: parts.suffix.clone(),
        picture: parts.sub.clone(),
    }
}

/// `Math.pow(10, n)`, correctly rounded.
fn pow10(n: i64) -> f64 {
    format!("1e{n}").parse().unwrap_or(f64::INFINITY)
}

/// Scale `n` to mantissa × 10^exponent with the mantissa's magnitude in
/// [10^(scaling-1), 10^scaling] (reference bullet 5, with the 2.x fix for zero and negatives).
fn normalise(n: f64, scaling_factor: usize) -> (f64, i64) {
    let scaling = i64::try_from(scaling_factor).unwrap_or(i64::MAX / 2);
    let max = pow10(scaling);
    let min = pow10(scaling - 1);
    let mut mantissa = n;
    let mut exponent = 0i64;
    // Zero stays 0e0; infinities would loop forever in the reference (NaN skips the loops).
    // The caps are far above the ~2100 steps any finite double can need.
    if mantissa != 0.0 && mantissa.is_finite() {
        let mut steps = 0;
        while mantissa.abs() < min && steps < 4000 {
            mantissa *= 10.0;
            exponent -= 1;
            steps += 1;
        }
        while mantissa.abs() > max && steps < 8000 {
            mantissa /= 10.0;
            exponent += 1;
            steps += 1;
        }
    }
    (mantissa, exponent)
}

/// `Math.abs(value).toFixed(dp)` with the digits mapped onto the zero-digit family.
fn make_string(value: f64, dp: usize, p: &Props) -> Result<Chars, NumError> {
    if dp > 100 {
        // The reference's toFixed throws a RangeError (no JSONata code) beyond 100 digits.
        return Err(NumError {
            code: "RangeError",
            value: Some("toFixed() digits argument must be between 0 and 100".to_string()),
        });
    }
    let fixed = js_to_fixed(value.abs(), dp);
    if p.zero == ['0'] {
        return Ok(fixed.chars().collect());
    }
    Ok(fixed
        .chars()
        .filter_map(|c| match c.to_digit(10) {
            // A missing family member (empty zero-digit) joins as "" in the reference.
            Some(d) => p.family.get(d as usize).copied(),
            None => Some(c),
        })
        .collect())
}

/// `$formatNumber(value, picture, options)` as jsonata-js implements XPath F&O 3.1
/// `format-number`: one or two sub-pictures separated by the pattern separator, grouping,
/// mandatory and optional digits, percent / per-mille, exponent pictures, and the reference's
/// D3080..D3093 picture errors. Values are rounded half to even, like `$round`.
///
/// Like the reference, the `infinity` and `NaN` properties are not used: infinities print as
/// `Infinity` and NaN takes the negative sub-picture (`-NaN`). Exponent pictures with an infinite
/// value (which hang the reference) print an exponent of 0. More than 100 fractional digits
/// fail with the non-JSONata code `RangeError`, where JS `toFixed` throws.
pub fn format_number(value: f64, picture: &str, options: &DecimalFormat) -> Result<String, NumError> {
    let p = Props::new(options);
    let picture: Chars = picture.chars().collect();
    let sub_pictures = js_split(&picture, &p.pattern);
    if sub_pictures.len() > 2 {
        return Err(NumError::code("D3080"));
    }
    if sub_pictures.is_empty() {
        // Only an empty picture split by an empty separator; the reference crashes here.
        return Err(NumError::code("D3085"));
    }
    let parts: Vec<Parts> = sub_pictures.iter().map(|s| split_parts(s, &p)).collect();
    for part in &parts {
        validate(part, &p)?;
    }
    let mut variables: Vec<Analysis> = parts.iter().map(|part| analyse(part, &p)).collect();
    if variables.len() == 1 {
        // No negative sub-picture: the positive one with the minus sign in front.
        let mut negative = variables[0].clone();
        negative.prefix = [p.minus.as_slice(), negative.prefix.as_slice()].concat();
        variables.push(negative);
    }
    // NaN fails `>= 0` and so takes the negative sub-picture, as in the reference.
    let pic = if value >= 0.0 { &variables[0] } else { &variables[1] };

    let adjusted = if contains(&pic.picture, &p.percent) {
        value * 100.0
    } else if contains(&pic.picture, &p.per_mille) {
        value * 1000.0
    } else {
        value
    };
    let (mantissa, exponent) = if pic.min_exponent == 0 {
        (adjusted, None)
    } else {
        let (m, e) = normalise(adjusted, pic.scaling_factor);
        (m, Some(e))
    };
    let precision = i32::try_from(pic.max_fractional).unwrap_or(i32::MAX);
    let rounded = round_half_even(mantissa, precision);

    let mut s = make_string(rounded, pic.max_fractional, &p)?;
    match s.iter().position(|&c| c == '.') {
        Some(i) => {
            s.splice(i..=i, p.decimal.iter().copied());
        }
        None => s.extend_from_slice(&p.decimal),
    }
    // Drop leading and trailing zero digits; padding below puts back the mandatory ones.
    let leading = s.iter().take_while(|&&c| is_char(c, &p.zero)).count();
    s.drain(..leading);
    let trailing = s.iter().rev().take_while(|&&c| is_char(c, &p.zero)).count();
    s.truncate(s.len() - trailing);

    let decimal_pos = index_or_minus_one(&s, &p.decimal);
    let pad_left = pic.min_integer as i64 - decimal_pos;
    let pad_right = pic.min_fractional as i64 - (s.len() as i64 - decimal_pos - 1);
    s = [repeat(&p.zero, pad_left), s, repeat(&p.zero, pad_right)].concat();

    let mut decimal_pos = index_or_minus_one(&s, &p.decimal);
    if pic.regular_grouping > 0 {
        let interval = pic.regular_grouping as i64;
        let groups = (decimal_pos - 1).div_euclid(interval);
        for group in 1..=groups {
            insert_at(&mut s, decimal_pos - group * interval, &p.grouping);
        }
    } else {
        for &pos in &pic.integer_grouping {
            insert_at(&mut s, decimal_pos - pos as i64, &p.grouping);
            decimal_pos += 1;
        }
    }
    let decimal_pos = index_or_minus_one(&s, &p.decimal);
    for &pos in &pic.fractional_grouping {
        insert_at(&mut s, pos as i64 + decimal_pos + 1, &p.grouping);
    }
    // No decimal separator in the picture, or nothing after it: drop the last character.
    let decimal_pos = index_or_minus_one(&s, &p.decimal);
    if !contains(&pic.picture, &p.decimal) || decimal_pos == s.len() as i64 - 1 {
        s = substring(&s, 0, s.len() as i64 - 1);
    }
    if let Some(exponent) = exponent {
        let mut digits = make_string(exponent as f64, 0, &p)?;
        let pad = pic.min_exponent as i64 - digits.len() as i64;
        digits = [repeat(&p.zero, pad), digits].concat();
        s.extend_from_slice(&p.exponent);
        if exponent < 0 {
            s.extend_from_slice(&p.minus);
        }
        s.extend(digits);
    }
    Ok(pic.prefix.iter().chain(&s).chain(&pic.suffix).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_to_string_matches_javascript() {
        let cases: &[(f64, &str)] = &[
            (0.1 + 0.2, "0.30000000000000004"),
            (100.0, "100"),
            (1.5e300, "1.5e+300"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e21, "1e+21"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (-1.5, "-1.5"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-0.0, "0"),
            (0.0, "0"),
            (1e20, "100000000000000000000"),
            (123.456, "123.456"),
            (0.000123, "0.000123"),
            (1.2345e-7, "1.2345e-7"),
            (2f64.powi(53), "9007199254740992"),
            (-1e-7, "-1e-7"),
            (1.5e21, "1.5e+21"),
            // Exact ties between two 17-digit candidates go to the even one, as in V8:
            // 95844268.798828125 and -2149473428726196.25.
            (f64::from_bits(0x4196_d9de_b332_0000), "95844268.79882812"),
            (f64::from_bits(0xc31e8bbd20b186d1), "-2149473428726196.2"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for &(n, expected) in cases {
            assert_eq!(js_number_to_string(n), expected, "{n:e}");
        }
    }

    #[test]
    fn to_precision_matches_javascript() {
        let cases: &[(f64, usize, &str)] = &[
            (1.0 / 3.0, 15, "0.333333333333333"),
            (0.1 + 0.2, 15, "0.300000000000000"),
            (100.0, 15, "100.000000000000"),
            (1e21, 15, "1.00000000000000e+21"),
            (123.456, 4, "123.5"),
            (123.456, 2, "1.2e+2"),
            (0.000001234, 2, "0.0000012"),
            (0.0000001234, 2, "1.2e-7"),
            (2.5, 1, "3"),
            (-2.5, 1, "-3"),
            (1.45, 2, "1.4"), // 1.45 is 1.4499999... in binary
            (0.0, 3, "0.00"),
            (-0.0, 1, "0"),
            (99.99, 3, "100"),
            (99.99, 2, "1.0e+2"),
            (5e-324, 3, "4.94e-324"),
            (1.7976931348623157e308, 5, "1.7977e+308"),
            (123.0, 3, "123"),
            (1e-6, 1, "0.000001"),
            (f64::NAN, 5, "NaN"),
            (f64::NEG_INFINITY, 5, "-Infinity"),
            (0.1, 30, "0.100000000000000005551115123126"),
        ];
        for &(n, p, expected) in cases {
            assert_eq!(js_to_precision(n, p), expected, "{n:e} p={p}");
        }
        // Out-of-range precisions are clamped rather than panicking.
        assert_eq!(js_to_precision(1.5, 0), "2");
        assert_eq!(js_to_precision(1.5, 1000).len(), 101);
    }

    #[test]
    fn to_fixed_matches_javascript() {
        assert_eq!(js_to_fixed(1.005, 2), "1.00");
        assert_eq!(js_to_fixed(1.5, 0), "2");
        assert_eq!(js_to_fixed(2.5, 0), "3");
        assert_eq!(js_to_fixed(0.000001, 2), "0.00");
        assert_eq!(js_to_fixed(12345.6, 2), "12345.60");
        assert_eq!(js_to_fixed(1e20, 0), "100000000000000000000");
        assert_eq!(js_to_fixed(1e21, 2), "1e+21");
        assert_eq!(js_to_fixed(0.5, 0), "1");
        assert_eq!(js_to_fixed(0.05, 1), "0.1"); // 0.05 is slightly above 0.05 in binary
        assert_eq!(js_to_fixed(-1.25, 1), "-1.3");
        assert_eq!(js_to_fixed(0.0, 3), "0.000");
        assert_eq!(js_to_fixed(f64::INFINITY, 3), "Infinity");
    }

    #[test]
    fn jsonata_string_rendering() {
        let cases: &[(f64, &str)] = &[
            (1.0 / 3.0, "0.333333333333333"),
            (0.1 + 0.2, "0.3"),
            (1e21, "1e+21"),
            (100.0, "100"),
            (22.0 / 7.0, "3.14285714285714"),
            (1e100, "1e+100"),
            (1e-100, "1e-100"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (5890840712243076.0, "5890840712243076"),
            (9007199254740993.0, "9007199254740992"),
            (1234.5678901234567, "1234.56789012346"),
            (39.4, "39.4"),
            (-0.0, "0"),
            (f64::NAN, "null"),
        ];
        for &(n, expected) in cases {
            assert_eq!(jsonata_number_to_string(n), expected, "{n:e}");
        }
    }

    #[test]
    fn rounding() {
        assert_eq!(round_half_even(2.5, 0), 2.0);
        assert_eq!(round_half_even(3.5, 0), 4.0);
        let z = round_half_even(-0.5, 0);
        assert!(z == 0.0 && z.is_sign_positive());
        assert_eq!(round_half_even(5.43219, 3), 5.432);
        assert_eq!(round_half_even(1.23456, 4), 1.2346);
        assert_eq!(round_half_even(12345.0, -2), 12300.0);
        assert_eq!(round_half_even(1.005, 2), 1.0);
        assert_eq!(round_half_even(6.022e-23, 24), 6e-23);
        // The shifted value overflows to Infinity, whose string form does not shift back: the
        // reference returns NaN here too.
        assert!(round_half_even(1e300, 100).is_nan());
        assert_eq!(round_half_even(1e300, -299), 1e300);
        assert!(round_half_even(f64::NAN, 2).is_nan());
        assert_eq!(round_half_even(f64::INFINITY, 0), f64::INFINITY);
        assert!(round_half_even(f64::INFINITY, 2).is_nan());
        assert!(round_half_even(1.5, i32::MAX).is_nan());
        assert_eq!(round_half_even(1.5, i32::MIN), 0.0);
    }

    #[test]
    fn radix_strings() {
        assert_eq!(format_base(255.0, Some(16.0)).as_deref(), Ok("ff"));
        assert_eq!(format_base(-0.4, Some(2.0)).as_deref(), Ok("0"));
        assert_eq!(format_base(2f64.powi(60), Some(2.0)).unwrap().len(), 61);
        assert_eq!(format_base(1e21, None).as_deref(), Ok("1e+21"));
        assert_eq!(format_base(f64::NAN, Some(2.0)).as_deref(), Ok("NaN"));
        assert_eq!(format_base(f64::NEG_INFINITY, Some(2.0)).as_deref(), Ok("-Infinity"));
        assert_eq!(format_base(1.0, Some(f64::NAN)).unwrap_err().code, "D3100");
        // V8 prints digits past double precision as zeros.
        assert_eq!(format_base(1e20, Some(36.0)).as_deref(), Ok(js_number_to_radix_string(1e20, 36).as_str()));
    }

    #[test]
    fn format_number_edge_cases_do_not_panic() {
        let d = DecimalFormat::default();
        for picture in ["", "#", ";", "e", "0e", ".", ",", "%", "#,#,##", "0.a", "#;", ";#", "0e0"] {
            for v in [0.0, -0.0, 1.0, -1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 5e-324, 1.7976931348623157e308]
            {
                let _ = format_number(v, picture, &d);
            }
        }
        assert_eq!(format_number(1.0, "", &d).unwrap_err().code, "D3085");
        assert_eq!(format_number(1.0, "e", &d).unwrap_err().code, "D3093");
        assert_eq!(format_number(1.0, "k", &d).unwrap_err().code, "D3086");
        assert_eq!(format_number(1.0, "..", &d).unwrap_err().code, "D3085");
        assert_eq!(format_number(1.0, "0.a", &d).as_deref(), Ok("1a"));
        assert_eq!(format_number(1.5, "0.", &d).as_deref(), Ok("2"));
        assert_eq!(format_number(0.25, "#.#", &d).as_deref(), Ok(".2"));
        assert_eq!(format_number(1.0, "#.e0", &d).as_deref(), Ok("1.0e0"));
        assert_eq!(format_number(12.345, "#,##0.00", &d).as_deref(), Ok("12.34"));
        assert_eq!(format_number(f64::INFINITY, "#", &d).as_deref(), Ok("Infinity"));
        assert_eq!(format_number(f64::NAN, "#", &d).as_deref(), Ok("-NaN"));
        assert_eq!(format_number(5.0, "#,#,##", &d).as_deref(), Ok(",,5"));
        let long = format!("0.{}", "0".repeat(150));
        assert_eq!(format_number(1.0, &long, &d).unwrap_err().code, "RangeError");
        let odd = DecimalFormat {
            zero_digit: Some(String::new()),
            decimal_separator: Some(String::new()),
            grouping_separator: Some(String::new()),
            pattern_separator: Some(String::new()),
            exponent_separator: Some(String::new()),
            ..DecimalFormat::default()
        };
        for picture in ["", "#", "0.0", "#,##0"] {
            let _ = format_number(12.5, picture, &odd);
        }
    }

    /// Pseudo-random pictures and options: no panics, and no pathological slowness.
    #[test]
    fn format_number_fuzz_is_total() {
        let mut seed = 12345u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        let alphabet = ["0", "#", ".", ",", ";", "%", "\u{2030}", "e", "9", "a", "-", "E", "", "\u{ffff}"];
        let values = [0.0, -0.0, 1.5, -2.5, 1e21, -1e-9, 5e-324, f64::NAN, f64::INFINITY];
        for _ in 0..20_000 {
            let picture: String = (0..next(10)).map(|_| alphabet[next(alphabet.len())]).collect();
            let mut opts = DecimalFormat::default();
            match next(6) {
                0 => opts.zero_digit = Some(alphabet[next(alphabet.len())].to_string()),
                1 => opts.decimal_separator = Some(alphabet[next(alphabet.len())].to_string()),
                2 => opts.grouping_separator = Some(alphabet[next(alphabet.len())].to_string()),
                3 => opts.exponent_separator = Some(alphabet[next(alphabet.len())].to_string()),
                4 => opts.pattern_separator = Some(alphabet[next(alphabet.len())].to_string()),
                _ => {}
            }
            let _ = format_number(values[next(values.len())], &picture, &opts);
        }
        // Long pictures stay fast (the reference is quadratic in the number of separators).
        let d = DecimalFormat::default();
        let long = format!("#{}##", ",#".repeat(20_000));
        assert!(format_number(123456.0, &long, &d).is_ok());
        let long = format!("0{}", ",0".repeat(20_000));
        assert!(format_number(1.0, &long, &d).is_ok());
    }
}
