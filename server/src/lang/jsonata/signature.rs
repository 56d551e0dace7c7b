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
