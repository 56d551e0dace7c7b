//! The JSONPath → JSONata converter measured on AWS's own recordings: each
//! JSONPath case of `shared/conformance/cases`, converted, run on the same
//! input and mocks, gives the outcome AWS recorded for the original.

mod support;

use asl_ls::ide::convert::machine_to_jsonata;
use asl_ls::ide::diagnostics::{check, Severity};
use asl_ls::ide::Config;
use serde_json::Value;

/// No state (nor the machine) says `"QueryLanguage": "JSONata"`.
fn is_jsonpath(definition: &Value) -> bool {
    match definition {
        Value::Object(map) => {
            map.get("QueryLanguage").and_then(Value::as_str) != Some("JSONata") && map.values().all(is_jsonpath)
        }
        Value::Array(items) => items.iter().all(is_jsonpath),
        _ => true,
    }
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

/// JSONata → JSONPath measured the same way: AWS's JSONata recordings
/// converted back where JSONPath can say it, and JSONPath ones after a
/// round trip through JSONata.
#[test]
fn converted_back_machines_keep_aws_outcome() {
    use asl_ls::ide::convert::machine_to_jsonpath;
    let dir = support::shared().join("conformance/cases");
    let files = support::conformance::case_files(&[dir]);
    let (mut jsonata, mut back, mut back_same) = (0, 0, 0);
    let (mut trips, mut trip_back, mut trip_same) = (0, 0, 0);
    let mut renamed_errors = 0;
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    let mut differ = Vec::new();
    let mut unclean = Vec::new();
    for path in &files {
        let Ok(case) = serde_json::from_str::<Value>(&support::read(path)) else { continue };
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let original = case["definition"].clone();
        let candidate = if is_jsonpath(&original) {
            let there = machine_to_jsonata(&original);
            if !there.complete() {
                continue;
            }
            trips += 1;
            machine_to_jsonpath(&there.definition)
        } else {
            jsonata += 1;
            machine_to_jsonpath(&original)
        };
        let text = serde_json::to_string_pretty(&candidate.definition).unwrap_or_default();
        let had_errors = check(&serde_json::to_string_pretty(&original).unwrap_or_default(), &Config::default())
            .iter()
            .any(|d| d.severity == Severity::Error);
        for d in check(&text, &Config::default()).iter().filter(|d| d.severity == Severity::Error && !had_errors) {
            unclean.push(format!("{name}: {} {}", d.code.id(), d.message));
        }
        for left in &candidate.left {
            let class: String = left.why.chars().take(60).collect();
            *reasons.entry(class).or_default() += 1;
        }
        if !candidate.complete() {
            continue;
        }
        trip_back += usize::from(is_jsonpath(&original));
        let mut run = case.clone();
        run["definition"] = candidate.definition;
        let outcome = std::panic::catch_unwind(|| support::conformance::run_case(&run).0);
        // The same failure under the name the other language gives it.
        let renamed = |why: &str| {
            why.starts_with("error \"States.Runtime\", expected \"States.QueryEvaluationError\"")
                || why.starts_with("error \"States.QueryEvaluationError\", expected \"States.Runtime\"")
        };
        let same = match &outcome {
            Ok(None) => true,
            Ok(Some(why)) if renamed(why) => {
                renamed_errors += 1;
                true
            }
            _ => false,
        };
        let name = match outcome {
            Ok(Some(why)) => format!("{name}: {why}"),
            _ => name,
        };
        match (is_jsonpath(&original), same) {
            (true, true) => trip_same += 1,
            (false, true) => {
                back += 1;
                back_same += 1
            }
            (false, false) => {
                back += 1;
                differ.push(name)
            }
            (true, false) => differ.push(format!("{name} (round trip)")),
        }
    }
    println!(
        "JSONata cases {jsonata}: converted back fully {back}, same outcome {back_same} ({renamed_errors} of them the same failure named by the other language)"
    );
    println!("JSONPath → JSONata → JSONPath: {trips} there, {trip_back} back fully, same outcome {trip_same}");
    println!("left JSONata, by reason: {reasons:#?}");
    for d in &differ {
        println!("differs: {d}");
    }
    assert!(unclean.is_empty(), "converted definitions with errors:\n{}", unclean.join("\n"));
    assert!(trip_same as f64 >= trip_back as f64 * 0.95, "{trip_same} of {trip_back} round trips keep their outcome");
    assert!(back_same as f64 >= back as f64 * 0.95, "{back_same} of {back} converted back keep their outcome");
}
