//! The JSONPath → JSONata converter measured on AWS's own recordings: each
//! JSONPath case of `shared/conformance/cases`, converted, run on the same
//! input and mocks, gives the outcome AWS recorded for the original.

mod support;

use asl_ls::ide::convert::machine_to_jsonata;
use asl_ls::ide::diagnostics::{check, Severity};
use asl_ls::ide::Config;
use serde_json::Value;

fn is_jsonpath(definition: &Value) -> bool {
    !serde_json::to_string(definition).unwrap_or_default().contains("JSONata")
}

#[test]
fn converted_recorded_machines_keep_aws_outcome() {
    let dir = support::shared().join("conformance/cases");
    let files = support::conformance::case_files(&[dir]);
    assert!(files.len() >= 700, "expected the conformance cases");
    let (mut jsonpath, mut complete, mut same) = (0, 0, 0);
    let mut differ = Vec::new();
    let mut unclean = Vec::new();
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    for path in &files {
        let Ok(mut case) = serde_json::from_str::<Value>(&support::read(path)) else { continue };
        if !is_jsonpath(&case["definition"]) {
            continue;
        }
        jsonpath += 1;
        let conversion = machine_to_jsonata(&case["definition"]);
        for left in &conversion.left {
            let class = left.why.split(['`', ',']).next().unwrap_or("").trim().to_string();
            *reasons.entry(if class.is_empty() { left.why.clone() } else { class }).or_default() += 1;
        }
        // The converted definition checks clean, converted fully or not.
        let text = serde_json::to_string_pretty(&conversion.definition).unwrap_or_default();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let had_errors =
            check(&serde_json::to_string_pretty(&case["definition"]).unwrap_or_default(), &Config::default())
                .iter()
                .any(|d| d.severity == Severity::Error);
        for d in check(&text, &Config::default()).iter().filter(|d| d.severity == Severity::Error && !had_errors) {
            unclean.push(format!("{name}: {} {}", d.code.id(), d.message));
        }
        if !conversion.complete() {
            continue;
        }
        complete += 1;
        case["definition"] = conversion.definition;
        match std::panic::catch_unwind(|| support::conformance::run_case(&case).0) {
            Ok(None) => same += 1,
            Ok(Some(why)) => differ.push(format!("{name}: {why}")),
            Err(_) => differ.push(format!("{name}: panicked")),
        }
    }
    let share = same as f64 / complete.max(1) as f64 * 100.0;
    println!("JSONPath cases {jsonpath}, converted fully {complete}, same outcome {same} ({share:.1}%)");
    println!("not converted, by reason (states): {reasons:#?}");
    for d in &differ {
        println!("differs: {d}");
    }
    assert!(unclean.is_empty(), "converted definitions with errors:\n{}", unclean.join("\n"));
    assert!(complete * 2 > jsonpath, "only {complete} of {jsonpath} converted fully");
    assert!(share >= 95.0, "{share:.1}% of converted cases keep their outcome:\n{}", differ.join("\n"));
}

/// Every real-world definition, converted, still gets no error.
#[test]
fn converted_real_world_definitions_check_clean() {
    let dir = support::shared().join("corpus/real-world");
    let files = support::files(&dir, &[".json"]);
    let (mut converted, mut complete, mut failures) = (0, 0, Vec::new());
    for path in &files {
        let text = support::read(path);
        let Ok(definition) = serde_json::from_str::<Value>(&text) else { continue };
        if !is_jsonpath(&definition) || definition.get("States").is_none() {
            continue;
        }
        converted += 1;
        let conversion = machine_to_jsonata(&definition);
        complete += usize::from(conversion.complete());
        let out = serde_json::to_string_pretty(&conversion.definition).unwrap_or_default();
        for d in check(&out, &Config::default()).iter().filter(|d| d.severity == Severity::Error) {
            failures.push(format!("{}: {} {}", path.display(), d.code.id(), d.message));
        }
    }
    println!("real-world JSONPath definitions {converted}, converted fully {complete}");
    assert!(converted > 200);
    assert!(failures.is_empty(), "{} errors after conversion:\n{}", failures.len(), failures.join("\n"));
}
