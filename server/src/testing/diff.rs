//! Expected and actual JSON side by side as a line diff (`-` expected,
//! `+` actual), as `cargo test`'s assertion messages and pytest show it.

use serde_json::Value;

/// Larger documents are shown whole, not diffed (the table is n × m).
const MAX_LINES: usize = 400;

pub fn diff(expected: &Value, actual: &Value) -> String {
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let (e, a) = (pretty(expected), pretty(actual));
    let (e, a): (Vec<&str>, Vec<&str>) = (e.lines().collect(), a.lines().collect());
    if e.len() > MAX_LINES || a.len() > MAX_LINES {
        return format!("expected:\n{}\nactual:\n{}", e.join("\n"), a.join("\n"));
    }
    // Longest common subsequence, then the edit script from its table.
    let mut table = vec![vec![0u16; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            table[i][j] = if e[i] == a[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            out.push(format!("  {}", e[i]));
            i += 1;
            j += 1;
        } else if i < e.len() && (j == a.len() || table[i + 1][j] >= table[i][j + 1]) {
            // What was expected first, then what came instead.
            out.push(format!("- {}", e[i]));
            i += 1;
        } else {
            out.push(format!("+ {}", a[j]));
            j += 1;
        }
    }
    out.join("\n")
}
