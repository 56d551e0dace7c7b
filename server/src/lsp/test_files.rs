//! Test files in the editor (`NAME.asl.test.yaml`): their problems as
//! diagnostics, a "▶ Run test" lens on each case and "▶ Run all tests"
//! on the file, and the command that runs them (`asl-ls.runTests`), whose
//! failures become diagnostics at the failing expectations.

use super::convert::Converter;
use crate::syntax::Language;
use crate::testing::{self, CaseResult, TestFile};
use crate::text::TextRange;
use serde_json::{json, Value};
use std::path::Path;
use tower_lsp_server::ls_types::{CodeLens, Command, Diagnostic, DiagnosticSeverity, NumberOrString, Uri};

pub const RUN_TESTS_COMMAND: &str = "asl-ls.runTests";

/// Whether the document is a test file, by its name.
pub fn is_test_file(uri: &Uri) -> bool {
    let path = uri.as_str().split(['?', '#']).next().unwrap_or("");
    testing::is_test_file(path.rsplit('/').next().unwrap_or(""))
}

pub fn read(uri: &Uri, text: &str) -> TestFile {
    let path = uri.as_str().split(['?', '#']).next().unwrap_or("");
    testing::read(text, Language::from_path(path))
}

/// The test file's own problems (code `TEST001`).
pub fn problems(cv: &Converter<'_>, file: &TestFile) -> Vec<Diagnostic> {
    file.problems.iter().map(|p| diagnostic(cv, p.range, "TEST001", p.message.clone())).collect()
}

fn diagnostic(cv: &Converter<'_>, range: TextRange, code: &str, message: String) -> Diagnostic {
    Diagnostic {
        range: cv.range(range),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(code.into())),
        source: Some("asl-ls test".into()),
        message,
        ..Default::default()
    }
}

/// "▶ Run all tests" on the first line, "▶ Run test" on each case.
pub fn lenses(cv: &Converter<'_>, uri: &Uri, file: &TestFile) -> Vec<CodeLens> {
    if file.cases.is_empty() {
        return Vec::new();
    }
    let lens = |range: TextRange, title: String, arguments: Vec<Value>| CodeLens {
        range: cv.range(TextRange::empty(range.start)),
        command: Some(Command { title, command: RUN_TESTS_COMMAND.into(), arguments: Some(arguments) }),
        data: None,
    };
    let mut out =
        vec![lens(TextRange::empty(0), format!("▶ Run all tests ({})", file.cases.len()), vec![json!(uri.as_str())])];
    for case in &file.cases {
        out.push(lens(case.range, "▶ Run test".into(), vec![json!(uri.as_str()), json!({"case": case.name})]));
    }
    out
}

/// Runs the cases (all, or the one named) against the definition the test
/// file names (its text as the editor holds it, when it is open).
pub fn run(
    path: &Path,
    file: &TestFile,
    only: Option<&str>,
    open_text: &dyn Fn(&Path) -> Option<String>,
) -> Result<Vec<CaseResult>, String> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let definition = match &file.definition {
        Some(relative) => folder.join(relative),
        None => testing::definition_beside(path).ok_or("no definition to test: name it with `definition`")?,
    };
    let name = definition.to_string_lossy().into_owned();
    let text = match open_text(&definition) {
        Some(text) => text,
        None => crate::text::read_file(&definition).map_err(|e| format!("{name}: {e}"))?,
    };
    // In a template, the machine the test file names, as `asl-ls test` takes it.
    let (text, language) = match &file.machine {
        None => (text, Language::from_path(&name)),
        Some(machine) => {
            let base = definition.parent().unwrap_or(Path::new(".")).to_path_buf();
            let resolve = move |relative: &str| crate::text::read_file(&base.join(relative));
            let hosted =
                crate::ide::Hosted::new(&name, &text, &resolve).ok_or(format!("{name} holds no state machine"))?;
            let document = crate::ide::Document::Template(hosted);
            let (analysis, _) = document.machine(Some(machine))?;
            (analysis.text().to_string(), analysis.language())
        }
    };
    let subject = testing::Subject { definition: &text, language, folder };
    Ok(file
        .cases
        .iter()
        .filter(|c| only.is_none_or(|o| c.name == o))
        .map(|c| testing::run_case(&subject, file, c))
        .collect())
}

/// Each failure at its expectation (code `TEST002`), and a case that could not run at its name.
pub fn failures(cv: &Converter<'_>, results: &[CaseResult]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for result in results {
        if let Some(error) = &result.error {
            out.push(diagnostic(
                cv,
                TextRange::empty(result.range.start),
                "TEST002",
                format!("`{}` could not run: {error}", result.name),
            ));
        }
        for failure in &result.failures {
            let message = format!("`{}`: {} not as expected\n{}", result.name, failure.what, failure.message);
            out.push(diagnostic(cv, failure.range, "TEST002", message));
        }
    }
    out
}

/// The results as the command answers them.
pub fn results_json(results: &[CaseResult]) -> Value {
    Value::Array(
        results
            .iter()
            .map(|r| {
                json!({
                    "name": r.name,
                    "passed": r.passed(),
                    "error": r.error,
                    "failures": r.failures.iter().map(|f| json!({"what": f.what, "message": f.message})).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
