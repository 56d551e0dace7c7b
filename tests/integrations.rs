//! Service integrations against real definitions and against botocore:
//! every optimized and `aws-sdk:` resource in the real-world corpus is
//! recognised (integration, action, pattern), and the committed SDK data is
//! what the generator makes from the pinned botocore release.

mod support;

use asl_ls::data::{integration, sdk, Pattern};
use asl_ls::lang::resource::{self, Resource};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn resources(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("Resource", Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    _ => resources(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| resources(v, out)),
        _ => {}
    }
}

/// Why a resource is not recognised, if it is not.
fn unrecognised(text: &str) -> Option<String> {
    match resource::parse(text) {
        Resource::Optimized { service, action, suffix, .. } => {
            let Some(found) = integration(service.text) else { return Some("unknown optimized service".into()) };
            let Some(documented) = found.action(action.text) else { return Some("unknown optimized action".into()) };
            let pattern = Pattern::from_suffix(suffix.text)?;
            let fits = documented.patterns.contains(&pattern)
                || pattern == Pattern::RequestResponse
                    && documented.patterns.iter().any(|p| matches!(p, Pattern::ItemReader | Pattern::ResultWriter));
            (!fits).then(|| format!("pattern {pattern:?} not supported"))
        }
        Resource::Sdk { service, action, suffix, .. } => {
            let Some(found) = sdk().service(service.text) else { return Some("unknown SDK service".into()) };
            if found.has_model() && found.operation(action.text).is_none() {
                return Some("unknown SDK action".into());
            }
            (!matches!(suffix.text, "" | ".waitForTaskToken")).then(|| "pattern".into())
        }
        _ => None,
    }
}

#[test]
fn every_real_world_integration_is_recognised() {
    let dir = support::shared().join("corpus/real-world");
    let mut all = BTreeSet::new();
    for path in support::files(&dir, &[".json"]) {
        if let Ok(value) = serde_json::from_str::<Value>(&support::read(&path)) {
            resources(&value, &mut all);
        }
    }
    let integrations: Vec<&String> =
        all.iter().filter(|r| r.starts_with("arn:aws:states:::") && !asl_ls::lang::has_placeholder(r)).collect();
    assert!(integrations.len() > 120, "expected the real-world corpus ({} resources)", integrations.len());
    let failures: Vec<String> =
        integrations.iter().filter_map(|r| unrecognised(r).map(|why| format!("{r}: {why}"))).collect();
    assert!(
        failures.is_empty(),
        "{} of {} not recognised:\n{}",
        failures.len(),
        integrations.len(),
        failures.join("\n")
    );
}

/// The committed data, decoded: the index and each service's inflated JSON
/// (its API, then its documentation).
fn decode(bytes: &[u8]) -> (Value, Vec<(String, Value)>) {
    let rest = bytes.strip_prefix(b"ASLSDK2\n").expect("magic");
    let length = u32::from_le_bytes(rest[..4].try_into().expect("length")) as usize;
    let index: Value = serde_json::from_slice(&rest[4..4 + length]).expect("index");
    let base = 4 + length;
    let mut services = Vec::new();
    for service in index["services"].as_array().expect("services") {
        for part in ["chunk", "docs"] {
            let Some(chunk) = service[part].as_array() else { continue };
            let start = base + chunk[0].as_u64().expect("offset") as usize;
            let end = start + chunk[1].as_u64().expect("length") as usize;
            let raw = miniz_oxide::inflate::decompress_to_vec(&rest[start..end]).expect("inflate");
            let name = format!("{} {part}", service["name"].as_str().unwrap_or_default());
            services.push((name, serde_json::from_slice(&raw).expect("chunk")));
        }
    }
    (index, services)
}

/// Compressed chunks differ between zlib builds, so the index without
/// offsets and the inflated contents are compared.
fn without_offsets(mut index: Value) -> Value {
    for service in index["services"].as_array_mut().into_iter().flatten() {
        if let Some(map) = service.as_object_mut() {
            map.remove("chunk");
            map.remove("docs");
        }
    }
    index
}

#[test]
fn committed_sdk_data_matches_a_fresh_generation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = root.join("target/sdk-fresh.bin");
    // The generator downloads the pinned botocore wheel into target/botocore when it is missing.
    let status = Command::new("python3")
        .arg(root.join("tools/sdk/generate.py"))
        .arg("--out")
        .arg(&out)
        .status()
        .expect("python3 runs the generator");
    assert!(status.success(), "tools/sdk/generate.py failed");
    let fresh = decode(&std::fs::read(&out).expect("fresh data"));
    let committed = decode(include_bytes!("../server/data/sdk.bin"));
    assert_eq!(
        without_offsets(fresh.0),
        without_offsets(committed.0),
        "the index differs: rerun tools/sdk/generate.py"
    );
    assert_eq!(fresh.1.len(), committed.1.len());
    for ((name, a), (_, b)) in fresh.1.iter().zip(&committed.1) {
        assert!(a == b, "{name} differs: rerun tools/sdk/generate.py");
    }
}
