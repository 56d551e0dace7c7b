//! Function signatures (`<s-n?:s>`), as the reference parses them: each
//! parameter is a type symbol (or a choice of them), with optional `?`, `+`
//! and `-` (use the context when the argument is missing) modifiers and, for
//! arrays and functions, a `<…>` type parameter.

/// One parameter of a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The type symbols this parameter accepts: `s`, `n`, `b`, `l`, `o`, `a`,
    /// `f`, or several for a choice `(sn)`; `j` (any JSON) and `x` (anything)
    /// are kept as written.
    pub types: String,
    pub optional: bool,
    pub one_or_more: bool,
    /// `-`: the context value stands in for a missing argument.
    pub context: bool,
    /// `a<n>`, `f<n:n>`: the type parameter as written.
    pub subtype: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub params: Vec<Param>,
    /// The whole signature as written, `<…>` included.
    pub text: String,
}

/// Parses `<…>`; an error is a code and the character offset in `text`.
pub fn parse_signature(text: &str) -> Result<Signature, (&'static str, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut params: Vec<Param> = Vec::new();
    let mut position = 1;
    while position < chars.len() {
        let symbol = chars[position];
        if symbol == ':' {
            break; // the return type is not checked, as in the reference
        }
        let new_param =
            |types: String| Param { types, optional: false, one_or_more: false, context: false, subtype: None };
        match symbol {
            's' | 'n' | 'b' | 'l' | 'o' | 'a' | 'f' | 'j' | 'x' => params.push(new_param(symbol.to_string())),
            '-' => {
                if let Some(last) = params.last_mut() {
                    last.context = true;
                    last.optional = true;
                }
            }
            '?' => {
                if let Some(last) = params.last_mut() {
                    last.optional = true;
                }
            }
            '+' => {
                if let Some(last) = params.last_mut() {
                    last.one_or_more = true;
                }
            }
            '(' => {
                let end = closing(&chars, position, '(', ')');
                let choice: String = chars[position + 1..end.min(chars.len())].iter().collect();
                if choice.contains('<') {
                    return Err(("S0402", position));
                }
                params.push(new_param(choice));
                position = end;
            }
            '<' => match params.last_mut() {
                Some(last) if last.types == "a" || last.types == "f" => {
                    let end = closing(&chars, position, '<', '>');
                    last.subtype = Some(chars[position + 1..end.min(chars.len())].iter().collect());
                    position = end;
                }
                _ => return Err(("S0401", position)),
            },
            _ => {}
        }
        position += 1;
    }
    Ok(Signature { params, text: text.to_string() })
}

/// Position of the bracket closing the one at `start`.
fn closing(chars: &[char], start: usize, open: char, close: char) -> usize {
    let mut depth = 1;
    let mut position = start;
    while position < chars.len() {
        position += 1;
        match chars.get(position) {
            Some(c) if *c == close => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Some(c) if *c == open => depth += 1,
            _ => {}
        }
    }
    position
}

use super::error::Error;
use super::value::Value;

impl Param {
    /// The type symbols this parameter matches (`m`: a missing value).
    fn accepts(&self, symbol: char) -> bool {
        match self.types.as_str() {
            "a" | "x" => true,
            "f" => symbol == 'f',
            "j" => symbol != 'f',
            types => symbol == 'm' || types.contains(symbol),
        }
    }

    fn bounds(&self, available: usize) -> (usize, usize) {
        if self.one_or_more {
            (1, available)
        } else if self.optional {
            (0, 1.min(available))
        } else {
            (1, 1.min(available))
        }
    }
}

/// Matches parameters to the argument type string like the reference's
/// regular expression: greedy, backtracking; `anchored` requires the whole
/// string. Returns the span each parameter took.
fn match_params(params: &[Param], symbols: &[char], pos: usize, anchored: bool) -> Option<Vec<(usize, usize)>> {
    let Some((param, rest)) = params.split_first() else {
        return (!anchored || pos == symbols.len()).then(Vec::new);
    };
    let available = symbols[pos..].iter().take_while(|s| param.accepts(**s)).count();
    let (min, max) = param.bounds(available);
    if available < min {
        return None;
    }
    for count in (min..=max).rev() {
        if let Some(mut spans) = match_params(rest, symbols, pos + count, anchored) {
            spans.insert(0, (pos, pos + count));
            return Some(spans);
        }
    }
    None
}

impl Signature {
    /// Checks arguments against the signature and returns them as the
    /// function receives them: the context value in place of a missing `-`
    /// argument, single values wrapped where an array is expected.
    pub fn validate(&self, args: &[Value], context: &Value) -> Result<Vec<Value>, Error> {
        let symbols: Vec<char> = args.iter().map(Value::symbol).collect();
        let Some(spans) = match_params(&self.params, &symbols, 0, true) else {
            return Err(self.mismatch(args, &symbols));
        };
        let mut validated = Vec::with_capacity(self.params.len());
        let mut index = 0;
        for (param, (start, end)) in self.params.iter().zip(spans) {
            if start == end {
                if param.context {
                    if !param.accepts(context.symbol()) {
                        return Err(Error::new("T0411", 0..0).value(describe(context)).index(index + 1));
                    }
                    validated.push(context.clone());
                } else {
                    validated.push(args.get(index).cloned().unwrap_or(Value::Undefined));
                    index += 1;
                }
                continue;
            }
            // `index` follows the reference's argument counter, which an
            // empty optional parameter also advances.
            for &symbol in &symbols[start..end] {
                let arg = args.get(index).cloned().unwrap_or(Value::Undefined);
                let value = if param.types == "a" { array_argument(param, arg, symbol, index)? } else { arg };
                validated.push(value);
                index += 1;
            }
        }
        Ok(validated)
    }

    /// T0410 at the first argument the parameters cannot take.
    fn mismatch(&self, args: &[Value], symbols: &[char]) -> Error {
        let mut good_to = 0;
        for k in 1..=self.params.len() {
            match match_params(&self.params[..k], symbols, 0, false) {
                Some(spans) => good_to = spans.last().map_or(0, |s| s.1),
                None => break,
            }
        }
        let value = args.get(good_to).map(describe).unwrap_or_default();
        Error::new("T0410", 0..0).value(value).index(good_to + 1)
    }
}

/// An argument for an array parameter: checked against the type parameter
/// (`a<n>`), wrapped when it is a single value.
fn array_argument(param: &Param, arg: Value, symbol: char, position: usize) -> Result<Value, Error> {
    if symbol == 'm' {
        return Ok(Value::Undefined);
    }
    if let Some(subtype) = &param.subtype {
        let expected = subtype.chars().next().unwrap_or('x');
        let ok = match &arg {
            Value::Array(a) => match a.items.first() {
                None => true,
                Some(first) => {
                    let item_type = first.symbol();
                    item_type == expected && a.items.iter().all(|v| v.symbol() == item_type)
                }
            },
            single => subtype.as_str() == single.symbol().to_string(),
        };
        if !ok {
            return Err(Error::new("T0412", 0..0).value(describe(&arg)).index(position + 1).value2(array_of(subtype)));
        }
    }
    Ok(match arg {
        Value::Array(_) => arg,
        single => Value::array(vec![single], Default::default()),
    })
}

/// A value in an error message.
fn describe(value: &Value) -> String {
    value.to_json().map(|j| j.to_string()).unwrap_or_else(|| "undefined".into())
}

/// The type of an array's members as jsonata-js names it in T0412 (JSON-quoted).
fn array_of(subtype: &str) -> String {
    let name = match subtype {
        "a" => "arrays",
        "b" => "booleans",
        "f" => "functions",
        "n" => "numbers",
        "o" => "objects",
        "s" => "strings",
        other => other,
    };
    format!("\"{name}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_modifiers_choices_and_type_parameters() {
        let sig = parse_signature("<s-n?a<n>(sb)+:s>").unwrap();
        let types: Vec<_> = sig.params.iter().map(|p| p.types.as_str()).collect();
        assert_eq!(types, ["s", "n", "a", "sb"]);
        assert!(sig.params[0].context && sig.params[1].optional && sig.params[3].one_or_more);
        assert_eq!(sig.params[2].subtype.as_deref(), Some("n"));
        assert_eq!(parse_signature("<n<n>>").unwrap_err().0, "S0401");
        assert_eq!(parse_signature("<(sa<n>)>").unwrap_err().0, "S0402");
    }
}
