//! The README's list of diagnostics is generated from the code table, so it
//! cannot drift. `UPDATE_EXPECT=1 cargo test --test readme` rewrites it.

use asl_ls::ide::diagnostics::Code;
use std::path::Path;

const BEGIN: &str = "<!-- diagnostics:begin (generated from server/src/ide/diagnostics/codes.rs) -->\n";
const END: &str = "<!-- diagnostics:end -->";

fn table() -> String {
    let mut out = String::from(BEGIN);
    out.push_str("| code | name | severity | AWS code | what it means |\n|---|---|---|---|---|\n");
    for code in Code::ALL {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            code.id(),
            code.name(),
            code.default_severity().name(),
            code.aws_code().map(|c| format!("`{c}`")).unwrap_or_else(|| "—".into()),
            code.summary().replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn readme_lists_every_diagnostic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme.find(BEGIN).expect("README has the diagnostics:begin marker");
    let end = readme.find(END).expect("README has the diagnostics:end marker");
    let expected = table();
    if readme[start..end] == expected {
        return;
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let updated = format!("{}{}{}", &readme[..start], expected, &readme[end..]);
        std::fs::write(&path, updated).expect("write README.md");
    } else {
        panic!("README's diagnostics table is out of date: run `UPDATE_EXPECT=1 cargo test --test readme`");
    }
}
