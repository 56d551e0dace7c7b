//! The checker against AWS's own recorded answers
//! (`shared/conformance/validation`): every definition AWS accepted gets no
//! error, every refusal gets AWS's code at AWS's location, and at least 95%
//! of the cases give AWS's verdict.

mod support;

use asl_ls::ide::diagnostics::{check, Severity};
use asl_ls::ide::{Config, MachineType};
use serde_json::Value;

#[test]
fn matches_aws_validation_answers() {
    let dir = support::shared().join("conformance/validation");
    let cases = support::files(&dir, &[".json"]);
    assert!(cases.len() > 200, "expected the validation cases in {}", dir.display());
    let (mut agree, mut false_errors, mut missed) = (0, Vec::new(), Vec::new());
    for path in &cases {
        let case: Value = serde_json::from_str(&support::read(path)).expect("case JSON");
        let text = case["definition_text"].as_str().expect("definition_text");
        let machine_type =
            if case["state_machine_type"] == "EXPRESS" { MachineType::Express } else { MachineType::Standard };
        let diagnostics = check(text, &Config { machine_type, ..Config::default() });
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        let name = path.file_name().unwrap().to_string_lossy();
        if case["expected"]["result"] == "OK" {
            if errors.is_empty() {
                agree += 1;
            } else {
                false_errors.push(format!("{name}: {:?}", errors.iter().map(|d| &d.message).collect::<Vec<_>>()));
            }
            continue;
        }
        let ours: Vec<(&str, Option<&str>)> =
            errors.iter().filter_map(|d| d.aws.as_ref()).map(|a| (a.code, a.location.as_deref())).collect();
        let expected = case["expected"]["diagnostics"].as_array().expect("diagnostics");
        let absent: Vec<String> = expected
            .iter()
            .filter(|e| {
                let code = e["code"].as_str().unwrap_or_default();
                let location = e["location"].as_str();
                !ours.contains(&(code, location))
            })
            .map(|e| format!("{} at {}", e["code"], e["location"]))
            .collect();
        if absent.is_empty() && !errors.is_empty() {
            agree += 1;
        } else {
            missed.push(format!("{name}: missing {absent:?}; we said {ours:?}"));
        }
    }
    let ratio = agree as f64 / cases.len() as f64;
    println!("validation conformance: {agree}/{} ({:.1}%)", cases.len(), ratio * 100.0);
    assert!(false_errors.is_empty(), "errors on definitions AWS accepted:\n{}", false_errors.join("\n"));
    assert!(missed.is_empty(), "AWS refusals not reproduced:\n{}", missed.join("\n"));
    assert!(ratio >= 0.95, "only {agree}/{} cases agree with AWS", cases.len());
}

/// Every definition in `shared/conformance/cases` ran on AWS, so AWS
/// accepted it: none may get an error.
#[test]
fn definitions_aws_executed_get_no_error() {
    let dir = support::shared().join("conformance/cases");
    let cases = support::files(&dir, &[".json"]);
    assert!(cases.len() > 700, "expected the conformance cases in {}", dir.display());
    let mut false_errors = Vec::new();
    for path in &cases {
        let case = support::json_lenient(&support::read(path));
        let text = serde_json::to_string_pretty(&case["definition"]).expect("definition");
        for d in check(&text, &Config::default()).iter().filter(|d| d.severity == Severity::Error) {
            let name = path.file_name().unwrap().to_string_lossy();
            false_errors.push(format!("{name}: {} {}", d.code.id(), d.message));
        }
    }
    assert!(false_errors.is_empty(), "errors on definitions AWS executed:\n{}", false_errors.join("\n"));
}
