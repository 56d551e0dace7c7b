//! Writing a parsed expression back as text: the printed text parses to the
//! same tree (positions aside). Parentheses in the source are block nodes
//! of the tree, so printing in order needs no precedence rules.

use super::parser::{PKind, PNode};
use std::fmt::Write;

/// The expression as text.
pub fn print(node: &PNode) -> String {
    let mut out = String::new();
    write(&mut out, node, 0);
    out
}

/// Deepest tree printed; parsed trees are bounded by the parser's limit.
const MAX_DEPTH: usize = 2_000;

fn write(out: &mut String, node: &PNode, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let d = depth + 1;
    match &node.kind {
        PKind::Name(name) => write_name(out, name),
        PKind::Variable(name) => {
            out.push('$');
            out.push_str(name);
        }
        PKind::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        PKind::Number(n) => {
            let _ = write!(out, "{n}");
        }
        PKind::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        PKind::Null => out.push_str("null"),
        PKind::Regex { pattern, flags } => {
            let _ = write!(out, "/{pattern}/{flags}");
        }
        PKind::Wildcard => out.push('*'),
        PKind::Descendant => out.push_str("**"),
        PKind::Parent => out.push('%'),
        PKind::OperatorName(op) => out.push_str(op),
        PKind::Placeholder => out.push('?'),
        PKind::Binary { op, lhs, rhs } => {
            write(out, lhs, d);
            match *op {
                // `2 .5` is a path step; `2.5` would be a number.
                "." if out.ends_with(|c: char| c.is_ascii_digit()) => out.push_str(" ."),
                "." | "@" | "#" => out.push_str(op),
                _ => {
                    let _ = write!(out, " {op} ");
                }
            }
            write(out, rhs, d);
        }
        PKind::Filter { lhs, rhs } => {
            write(out, lhs, d);
            out.push('[');
            write(out, rhs, d);
            out.push(']');
        }
        PKind::Group { lhs, pairs } => {
            write(out, lhs, d);
            write_pairs(out, pairs, d);
        }
        PKind::Sort { lhs, terms } => {
            write(out, lhs, d);
            out.push_str("^(");
            for (i, (descending, term)) in terms.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push(if *descending { '>' } else { '<' });
                write(out, term, d);
            }
            out.push(')');
        }
        PKind::Negate(inner) => {
            out.push('-');
            let mut operand = String::new();
            write(&mut operand, inner, d);
            if operand.starts_with('-') {
                out.push(' ');
            }
            out.push_str(&operand);
        }
        PKind::Array(items) => {
            out.push('[');
            write_list(out, items, d);
            out.push(']');
        }
        PKind::Object(pairs) => write_pairs(out, pairs, d),
        PKind::Block(items) => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                write(out, item, d);
            }
            out.push(')');
        }
        PKind::Function { procedure, args, .. } => {
            write(out, procedure, d);
            out.push('(');
            write_list(out, args, d);
            out.push(')');
        }
        PKind::Lambda { params, signature, body } => {
            out.push_str("function(");
            let names: Vec<String> = params.iter().map(|(name, _)| format!("${name}")).collect();
            out.push_str(&names.join(", "));
            out.push(')');
            if let Some(signature) = signature {
                out.push_str(&signature.text);
            }
            out.push('{');
            write(out, body, d);
            out.push('}');
        }
        PKind::Condition { condition, then, otherwise } => {
            write(out, condition, d);
            out.push_str(" ? ");
            write(out, then, d);
            if let Some(otherwise) = otherwise {
                out.push_str(" : ");
                write(out, otherwise, d);
            }
        }
        PKind::Coalesce { lhs, rhs } | PKind::Elvis { lhs, rhs } => {
            write(out, lhs, d);
            out.push_str(if matches!(node.kind, PKind::Coalesce { .. }) { " ?? " } else { " ?: " });
            write(out, rhs, d);
        }
        PKind::Transform { pattern, update, delete } => {
            out.push('|');
            write(out, pattern, d);
            out.push('|');
            write(out, update, d);
            if let Some(delete) = delete {
                out.push_str(", ");
                write(out, delete, d);
            }
            out.push('|');
        }
        PKind::End | PKind::Error => {}
    }
    if node.keep_array {
        out.push_str("[]");
    }
}

fn write_list(out: &mut String, items: &[PNode], depth: usize) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(out, item, depth);
    }
}

fn write_pairs(out: &mut String, pairs: &[(PNode, PNode)], depth: usize) {
    out.push('{');
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(out, key, depth);
        out.push_str(": ");
        write(out, value, depth);
    }
    out.push('}');
}

/// A name as written: bare when the tokenizer reads it back as one name,
/// else in backquotes.
fn write_name(out: &mut String, name: &str) {
    let bare = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '"' | '\'' | '`'))
        && !name
            .chars()
            .any(|c| c.is_whitespace() || super::lexer::SINGLE_OPERATORS.iter().any(|op| op.starts_with(c)))
        && !matches!(name, "and" | "or" | "in" | "true" | "false" | "null" | "function" | "λ");
    if bare {
        out.push_str(name);
    } else {
        let _ = write!(out, "`{name}`");
    }
}

/// Whether two trees are the same but for positions.
pub fn same_shape(a: &PNode, b: &PNode) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    erase_positions(&mut a, 0);
    erase_positions(&mut b, 0);
    a == b
}

fn erase_positions(node: &mut PNode, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    node.start = 0;
    node.end = 0;
    let d = depth + 1;
    let each = |n: &mut PNode| erase_positions(n, d);
    match &mut node.kind {
        PKind::Binary { lhs, rhs, .. }
        | PKind::Filter { lhs, rhs }
        | PKind::Coalesce { lhs, rhs }
        | PKind::Elvis { lhs, rhs } => {
            each(lhs);
            each(rhs);
        }
        PKind::Group { lhs, pairs } => {
            each(lhs);
            pairs.iter_mut().for_each(|(k, v)| {
                each(k);
                each(v);
            });
        }
        PKind::Object(pairs) => pairs.iter_mut().for_each(|(k, v)| {
            each(k);
            each(v);
        }),
        PKind::Sort { lhs, terms } => {
            each(lhs);
            terms.iter_mut().for_each(|(_, t)| each(t));
        }
        PKind::Negate(inner) => each(inner),
        PKind::Array(items) | PKind::Block(items) => items.iter_mut().for_each(each),
        PKind::Function { procedure, args, .. } => {
            each(procedure);
            args.iter_mut().for_each(each);
        }
        PKind::Lambda { params, body, .. } => {
            params.iter_mut().for_each(|(_, range)| *range = 0..0);
            each(body);
        }
        PKind::Condition { condition, then, otherwise } => {
            each(condition);
            each(then);
            if let Some(o) = otherwise {
                each(o);
            }
        }
        PKind::Transform { pattern, update, delete } => {
            each(pattern);
            each(update);
            if let Some(d) = delete {
                each(d);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::parser::parse;
    use super::*;

    #[test]
    fn prints_back_to_the_same_tree() {
        for src in [
            "$states.input.items[price > 10].{ 'name': name, 'total': price * qty }",
            "Account.Order.Product[$contains(`Product Name`, /hat/i)]",
            "Account.Order@$o.Product#$i.{ 'p': %.OrderID, 'i': $i }",
            "function($x, $y)<nn:n>{ $x + $y }(1, 2)",
            "($inc := $add(?, 1); $inc(5))",
            "a ? b : c ? d : e",
            "a ?: b ?? c",
            "[1..5]^(>$, name)",
            "| Account.Order | {'x': 1}, ['y'] |",
            "-(-5) - -x",
            "Phone[type='mobile'][]",
            "`and`.`two words`.**.*",
            "\"quote \\\" and \\n\"",
            "1e21 + 0.1 + 1e-7",
        ] {
            let tree = parse(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            let printed = print(&tree);
            let again = parse(&printed).unwrap_or_else(|e| panic!("{src} → {printed}: {e:?}"));
            assert!(same_shape(&tree, &again), "{src} → {printed}");
        }
    }
}
