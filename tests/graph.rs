//! The SVG of a real-world definition: every state is a node, every
//! transition an edge of the right kind, branches are clusters inside
//! their Parallel, and the document is well-formed XML a browser can open.

mod support;

use asl_ls::graph::{render, Format};
use roxmltree::{Document, Node};
use std::collections::BTreeSet;

fn definition() -> String {
    support::read(
        &support::shared().join("corpus/real-world/aws-serverless-workshops/ImageProcessing__stepfunction.asl.json"),
    )
}

fn has_class(node: &Node, class: &str) -> bool {
    node.attribute("class").is_some_and(|c| c.split(' ').any(|part| part == class))
}

/// The states drawn directly in `cluster` (not inside its branches).
fn states_of<'a>(cluster: Node<'a, 'a>) -> Vec<Node<'a, 'a>> {
    cluster.children().filter(|n| has_class(n, "state")).collect()
}

fn state<'a>(doc: &'a Document, name: &str) -> Node<'a, 'a> {
    doc.descendants().find(|n| has_class(n, "state") && n.attribute("data-state") == Some(name)).expect(name)
}

/// `(from, to, kind)` of the edges drawn directly in `cluster`.
fn edges_of(cluster: Node) -> BTreeSet<(String, String, String)> {
    cluster
        .children()
        .filter(|n| has_class(n, "edge"))
        .map(|n| {
            let kind = n.attribute("class").unwrap_or("").split(' ').nth(1).unwrap_or("").to_string();
            (n.attribute("data-from").unwrap_or("").into(), n.attribute("data-to").unwrap_or("").into(), kind)
        })
        .collect()
}

fn set(edges: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    edges.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
}

#[test]
fn real_world_definition_as_svg() {
    let text = definition();
    let svg = render(&text, Format::Svg, &[]).expect("a state machine");
    let doc = Document::parse(&svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));

    let top: Vec<&str> = states_of(root).iter().filter_map(|n| n.attribute("data-state")).collect();
    assert_eq!(
        top,
        [
            "Choice",
            "TransformS3event",
            "FaceDetection",
            "CheckFaceDuplicate",
            "PhotoDoesNotMeetRequirement",
            "ParallelProcessing",
            "PersistMetadata"
        ]
    );
    let types: Vec<&str> = states_of(root).iter().filter_map(|n| n.attribute("data-type")).collect();
    assert_eq!(types, ["Choice", "Pass", "Task", "Task", "Task", "Parallel", "Task"]);
    assert_eq!(
        edges_of(root),
        set(&[
            ("Choice", "TransformS3event", "default"),
            ("Choice", "FaceDetection", "rule"),
            ("TransformS3event", "FaceDetection", "next"),
            ("FaceDetection", "CheckFaceDuplicate", "next"),
            ("FaceDetection", "PhotoDoesNotMeetRequirement", "catch"),
            ("CheckFaceDuplicate", "ParallelProcessing", "next"),
            ("CheckFaceDuplicate", "PhotoDoesNotMeetRequirement", "catch"),
            ("ParallelProcessing", "PersistMetadata", "next"),
        ])
    );
    // Catch edges are dashed; the Choice rule carries its condition.
    for edge in root.children().filter(|n| has_class(n, "edge")) {
        assert_eq!(edge.attribute("stroke-dasharray").is_some(), has_class(&edge, "catch"), "{edge:?}");
    }
    let labels: BTreeSet<String> = root
        .children()
        .filter(|n| has_class(n, "label"))
        .filter_map(|n| n.descendants().find(|t| t.has_tag_name("text")).and_then(|t| t.text()).map(str::to_string))
        .collect();
    assert!(labels.contains("all of 3") && labels.contains("Default"), "{labels:?}");
    assert!(labels.contains("PhotoDoesNotMeetRequirementError"), "{labels:?}");

    // The Parallel holds its two branches as clusters, each with one state.
    let parallel = state(&doc, "ParallelProcessing");
    let branches: Vec<Node> = parallel.children().filter(|n| has_class(n, "cluster")).collect();
    let titles: Vec<&str> =
        branches.iter().filter_map(|b| b.children().find(|t| t.has_tag_name("text")).and_then(|t| t.text())).collect();
    assert_eq!(titles, ["Branch 1", "Branch 2"]);
    let inner: Vec<Vec<&str>> =
        branches.iter().map(|b| states_of(*b).iter().filter_map(|n| n.attribute("data-state")).collect()).collect();
    assert_eq!(inner, [vec!["AddFaceToIndex"], vec!["Thumbnail"]]);

    // Each node points at its name in the file (0-based line, UTF-16 column of the key's quote).
    let lines: Vec<&str> = text.lines().collect();
    for node in doc.descendants().filter(|n| has_class(n, "state")) {
        let name = node.attribute("data-state").expect("name");
        let line: usize = node.attribute("data-line").and_then(|l| l.parse().ok()).expect("line");
        let character: usize = node.attribute("data-character").and_then(|c| c.parse().ok()).expect("character");
        assert!(lines[line][character..].starts_with(&format!("\"{name}\"")), "{name} at {line}:{character}");
    }

    // Inside the picture, nodes of one cluster never overlap.
    let rect = |n: &Node| -> [f64; 4] {
        let r = n.children().find(|c| c.has_tag_name("rect")).expect("rect");
        ["x", "y", "width", "height"].map(|a| r.attribute(a).and_then(|v| v.parse().ok()).expect(a))
    };
    let boxes: Vec<[f64; 4]> = states_of(root).iter().map(rect).collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1];
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn every_real_world_definition_renders_in_each_format() {
    let mut drawn = 0;
    for path in support::files(&support::shared().join("corpus/real-world"), &[".json"]) {
        let text = support::read(&path);
        let Some(svg) = render(&text, Format::Svg, &[]) else { continue };
        Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(render(&text, Format::Dot, &[]).is_some_and(|d| d.starts_with("digraph")));
        assert!(render(&text, Format::Mermaid, &[]).is_some_and(|m| m.starts_with("flowchart")));
        drawn += 1;
    }
    assert!(drawn > 250, "only {drawn} definitions drawn");
}
