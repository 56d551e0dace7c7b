//! Every definition of the real-world and invalid corpora, embedded in a template by
//! this test (inline in a SAM template, as a CloudFormation `!Sub`
//! `DefinitionString`, in a Terraform heredoc and as a Terraform
//! `jsonencode` object), gets the diagnostics it gets
//! on its own: the same codes, on ranges that cover the same text once the
//! host's indentation and escapes are taken away.
//!
//! Each host's escapes are written as a user writes them (`${!` in `!Sub`,
//! `$${` in Terraform). YAML definitions go inline in SAM only (the other
//! hosts take JSON). Left out: definitions with `Ref`/`Fn::` objects inline
//! in SAM (there they are intrinsic functions, on their own wrong-typed
//! objects), and the template codes (ASL02x: a standalone file has no
//! substitutions to check).

mod support;

use asl_ls::ide::diagnostics::{check_in, Diagnostic};
use asl_ls::ide::{Config, Hosted};
use asl_ls::syntax::{parse, to_yaml, Language};

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") }).collect::<Vec<_>>().join("\n")
}

/// `code "covered text"` lines, sorted; the text with `indent` removed after
/// each line break and `unescape` applied.
fn described(text: &str, found: &[Diagnostic], indent: usize, unescape: &dyn Fn(&str) -> String) -> Vec<String> {
    let pad = format!("\n{}", " ".repeat(indent));
    let mut lines: Vec<String> = found
        .iter()
        .filter(|d| !d.code.id().starts_with("ASL02"))
        .map(|d| {
            let covered = text.get(d.range.as_usize()).unwrap_or("?").replace(&pad, "\n");
            format!("{} {:?}", d.code.id(), unescape(&covered))
        })
        .collect();
    lines.sort();
    lines
}

/// A JSON value written as an HCL expression, as a user writes it in
/// `jsonencode(…)`: identifier keys bare, `=`, one member a line.
fn hcl(value: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value;
    let string = |s: &str| serde_json::to_string(s).unwrap_or_default().replace("${", "$${").replace("%{", "%%{");
    match value {
        Value::Object(members) if !members.is_empty() => {
            out.push_str("{\n");
            for (key, item) in members {
                out.push_str(&" ".repeat(indent + 2));
                let bare = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    && !matches!(key.as_str(), "true" | "false" | "null");
                out.push_str(&if bare { key.clone() } else { string(key) });
                out.push_str(" = ");
                hcl(item, indent + 2, out);
                out.push('\n');
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                hcl(item, indent, out);
            }
            out.push(']');
        }
        Value::String(s) => out.push_str(&string(s)),
        other => out.push_str(&other.to_string()),
    }
}

/// What a range covers, without the punctuation JSON and HCL write differently.
fn bare(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '"' | ' ' | '\n' | ',' | ':' | '=')).collect()
}

fn hosted(path: &str, text: &str) -> Vec<Diagnostic> {
    let none = |_: &str| Err("no files here".to_string());
    let hosted = Hosted::new(path, text, &none).unwrap_or_else(|| panic!("{path} not read as a template:\n{text}"));
    assert_eq!(hosted.machines().len(), 1, "{text}");
    hosted.diagnostics(&Config::default()).into_iter().map(|d| d.diagnostic).collect()
}

struct Case {
    name: String,
    /// The definition as YAML (for the SAM template) and as JSON.
    yaml: String,
    json: Option<String>,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for corpus in ["corpus/real-world", "corpus/invalid"] {
        cases_in(&support::shared().join(corpus), &mut out);
    }
    out
}

fn cases_in(dir: &std::path::Path, out: &mut Vec<Case>) {
    for path in support::files(dir, &[".json", ".yaml", ".yml"]) {
        let name = path.strip_prefix(dir).unwrap_or(&path).display().to_string();
        if name.ends_with("MANIFEST.tsv") {
            continue;
        }
        let text = support::read(&path);
        if Language::from_path(&name) == Language::Yaml {
            out.push(Case { name, yaml: text, json: None });
            continue;
        }
        let parsed = parse(&text);
        let Some(root) = parsed.root.as_ref().filter(|_| parsed.errors.is_empty()) else { continue };
        out.push(Case { name, yaml: to_yaml(&text, root, "  "), json: Some(text) });
    }
}

#[test]
fn definitions_embedded_in_templates_get_the_same_diagnostics() {
    let cases = cases();
    assert!(cases.len() >= 400, "expected the real-world and invalid corpora");
    let same = |s: &str| s.to_string();
    let mut failures = Vec::new();
    let (mut sam, mut sub, mut heredoc, mut jsonencode, mut compared) = (0, 0, 0, 0, 0);
    for case in &cases {
        let config = Config::default();
        // SAM, inline: the YAML text under `Definition:`.
        let alone = described(&case.yaml, &check_in(&case.yaml, Language::Yaml, &config), 0, &same);
        let template = format!(
            "Transform: AWS::Serverless-2016-10-31\nResources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition:\n{}\n",
            indent(case.yaml.trim_end(), 8)
        );
        let embedded = described(&template, &hosted("template.yaml", &template), 8, &same);
        compared += alone.len();
        let intrinsics = case.yaml.contains("Fn::") || case.yaml.contains("Ref:");
        if embedded != alone && !intrinsics {
            failures.push(format!("{} (SAM inline):\n  alone    {alone:?}\n  embedded {embedded:?}", case.name));
        }
        sam += 1;
        let Some(json) = &case.json else { continue };
        let alone = described(json, &check_in(json, Language::Json, &config), 0, &same);
        // CloudFormation `!Sub` block: `${` escaped as `${!`, as the user would.
        {
            let template = format!(
                "Resources:\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub |\n{}\n",
                indent(json.replace("${", "${!").trim_end(), 8)
            );
            let unescape = |s: &str| s.replace("${!", "${");
            let embedded = described(&template, &hosted("template.yaml", &template), 8, &unescape);
            compared += alone.len();
            if embedded != alone {
                failures.push(format!("{} (!Sub):\n  alone    {alone:?}\n  embedded {embedded:?}", case.name));
            }
            sub += 1;
        }
        // Terraform heredoc: `${` and `%{` escaped as the user would.
        let escaped = json.replace("${", "$${").replace("%{", "%%{");
        let template = format!(
            "resource \"aws_sfn_state_machine\" \"machine\" {{\n  name = \"m\"\n  definition = <<EOT\n{}\nEOT\n}}\n",
            escaped.trim_end()
        );
        let unescape = |s: &str| s.replace("$${", "${").replace("%%{", "%{");
        let embedded = described(&template, &hosted("main.tf", &template), 0, &unescape);
        compared += alone.len();
        if embedded != alone {
            failures.push(format!("{} (heredoc):\n  alone    {alone:?}\n  embedded {embedded:?}", case.name));
        }
        heredoc += 1;
        // Terraform `jsonencode`: the same value as an HCL expression. Only
        // where serde_json reads the file alike (no duplicate keys, which a
        // JSON value cannot hold) and its numbers stay as written.
        let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else { continue };
        let duplicates = check_in(json, Language::Json, &config).iter().any(|d| d.code.id() == "ASL004");
        if duplicates {
            continue;
        }
        let mut expression = String::new();
        hcl(&value, 2, &mut expression);
        let template = format!(
            "resource \"aws_sfn_state_machine\" \"machine\" {{\n  name = \"m\"\n  definition = jsonencode({expression})\n}}\n"
        );
        let alone_bare = described(json, &check_in(json, Language::Json, &config), 0, &bare);
        let hcl_escapes = |s: &str| bare(&s.replace("$${", "${").replace("%%{", "%{"));
        let embedded = described(&template, &hosted("main.tf", &template), 0, &hcl_escapes);
        compared += alone_bare.len();
        if embedded != alone_bare {
            failures.push(format!("{} (jsonencode):\n  alone    {alone_bare:?}\n  embedded {embedded:?}", case.name));
        }
        jsonencode += 1;
    }
    eprintln!("compared {sam} SAM inline, {sub} !Sub, {heredoc} heredoc, {jsonencode} jsonencode definitions: {compared} diagnostics");
    assert!(compared > 600, "too few diagnostics to compare: {compared}");
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
}
