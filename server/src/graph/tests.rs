//! The graph of small definitions: nodes, edges and labels, the layout's
//! geometry, and each output format.

use super::layout::{ClusterBox, NodeBox};
use super::{graph, layout, path_of, render, EdgeKind, Format, Graph, Visit};
use crate::model::lower;
use crate::run::mocks::NoMocks;
use crate::run::{run, Options};
use crate::syntax::parse;
use serde_json::json;

/// The path of running `text` (tasks answer their input).
fn run_path(text: &str) -> Vec<Visit> {
    let options = Options { input: json!({"n": 5}), ..Options::default() };
    path_of(&run(text, &options, &mut NoMocks).expect("runs"))
}

fn graph_of(text: &str, path: &[Visit]) -> Graph {
    let parse = parse(text);
    let machine = lower(parse.root.as_ref().expect("json")).expect("object");
    graph(&machine, path)
}

const CHOICE_LOOP: &str = r#"{"StartAt": "Check", "States": {
  "Check": {"Type": "Choice", "Choices": [
      {"Variable": "$.n", "NumericGreaterThan": 3, "Next": "Done"},
      {"Not": {"Variable": "$.ok", "IsPresent": true}, "Next": "Failed"}],
    "Default": "Wait"},
  "Wait": {"Type": "Wait", "Seconds": 1, "Next": "Work"},
  "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Check",
    "Catch": [{"ErrorEquals": ["States.Timeout", "Custom"], "Next": "Failed"}]},
  "Done": {"Type": "Succeed"},
  "Failed": {"Type": "Fail"}}}"#;

#[test]
fn nodes_edges_and_labels() {
    // n = 5 > 3: straight to Done.
    let graph = graph_of(CHOICE_LOOP, &run_path(CHOICE_LOOP));
    let root = &graph.root;
    let names: Vec<&str> = root.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["Check", "Wait", "Work", "Done", "Failed"]);
    assert_eq!(root.start, Some(0));
    let edges: Vec<(&str, &str, EdgeKind, Option<&str>, bool)> =
        root.edges.iter().map(|e| (names[e.from], names[e.to], e.kind, e.label.as_deref(), e.taken)).collect();
    assert_eq!(
        edges,
        [
            ("Check", "Wait", EdgeKind::Default, Some("Default"), false),
            ("Check", "Done", EdgeKind::Rule, Some("$.n > 3"), true),
            ("Check", "Failed", EdgeKind::Rule, Some("not ($.ok is present)"), false),
            ("Wait", "Work", EdgeKind::Next, None, false),
            ("Work", "Check", EdgeKind::Next, None, false),
            ("Work", "Failed", EdgeKind::Catch, Some("States.Timeout, Custom"), false),
        ]
    );
    let visited: Vec<&str> = root.nodes.iter().filter(|n| n.visited).map(|n| n.name.as_str()).collect();
    assert_eq!(visited, ["Check", "Done"]);
    let terminal: Vec<&str> = root.nodes.iter().filter(|n| n.terminal).map(|n| n.name.as_str()).collect();
    assert_eq!(terminal, ["Done", "Failed"]);
}

fn overlaps(a: &NodeBox, b: &NodeBox) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// No two nodes of a cluster overlap, and every node sits inside its cluster.
fn assert_tidy(cluster: &ClusterBox) {
    for (i, a) in cluster.nodes.iter().enumerate() {
        assert!(a.x >= cluster.x - 0.01 && a.y >= cluster.y - 0.01, "{a:?} outside {}", cluster.title);
        assert!(a.x + a.width <= cluster.x + cluster.width + 0.01, "{a:?} wider than {}", cluster.title);
        assert!(a.y + a.height <= cluster.y + cluster.height + 0.01, "{a:?} below {}", cluster.title);
        for b in &cluster.nodes[i + 1..] {
            assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
        }
        for child in &a.children {
            assert!(child.x >= a.x && child.x + child.width <= a.x + a.width + 0.01, "branch outside its state");
            assert_tidy(child);
        }
    }
}

#[test]
fn layered_top_down_with_loops_on_the_right() {
    let graph = graph_of(CHOICE_LOOP, &[]);
    let laid = layout(&graph);
    assert_tidy(&laid.root);
    let y = |name: &str| laid.root.nodes[graph.root.nodes.iter().position(|n| n.name == name).unwrap()].y;
    assert!(y("Check") < y("Wait") && y("Wait") < y("Work"), "the flow goes down");
    assert!(y("Work") < y("Failed"), "Failed comes after Work, its catcher");
    // The Work → Check loop is routed beyond the right edge of the content.
    let back = &laid.root.edges[4];
    assert_eq!((graph.root.edges[4].from, graph.root.edges[4].to), (2, 0));
    let right = laid.root.nodes.iter().map(|n| n.x + n.width).fold(0.0, f64::max);
    assert!(back.points.iter().any(|p| p.0 > right), "{back:?}");
    assert!(laid.width >= right);
}

const NESTED: &str = r#"{"StartAt": "Fan", "States": {
  "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
    {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Next": "B2"}, "B2": {"Type": "Pass", "End": true}}}]},
  "Each": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Item", "States": {
    "Item": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}}"#;

#[test]
fn branches_and_processors_are_clusters() {
    let graph = graph_of(NESTED, &[]);
    let fan = &graph.root.nodes[0];
    let titles: Vec<&str> = fan.children.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Branch 1", "Branch 2"]);
    assert_eq!(fan.children[1].edges.len(), 1);
    let each = &graph.root.nodes[1];
    assert_eq!(each.children[0].title, "Iterations");
    assert_eq!(each.children[0].nodes[0].name, "Item");
    let laid = layout(&graph);
    assert_tidy(&laid.root);
    // Branches side by side inside the Parallel state.
    let branches = &laid.root.nodes[0].children;
    assert!(branches[0].x + branches[0].width <= branches[1].x);
}

#[test]
fn svg_nodes_carry_positions() {
    let svg = render(NESTED, Format::Svg, &run_path(NESTED)).expect("svg");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("<g class=\"state").count(), 6);
    assert_eq!(svg.matches("class=\"cluster\"").count(), 3);
    assert!(
        svg.contains(
            r#"<g class="state visited" data-state="Fan" data-type="Parallel" data-line="1" data-character="2">"#
        ),
        "{svg}"
    );
    assert!(svg.contains(r#"data-state="B2" data-type="Pass" data-line="3" data-character="71""#), "{svg}");
}

#[test]
fn a_run_colours_nested_paths() {
    let graph = graph_of(NESTED, &run_path(NESTED));
    let fan = &graph.root.nodes[0];
    assert!(graph.root.edges[0].taken, "Fan → Each, across the branches' states");
    assert!(fan.visited && fan.children[1].nodes.iter().all(|n| n.visited));
    assert!(fan.children[1].edges[0].taken, "B1 → B2");
}

#[test]
fn svg_escapes_names() {
    let svg = render(r#"{"StartAt": "<a & \"b\">", "States": {"<a & \"b\">": {"Type": "Succeed"}}}"#, Format::Svg, &[])
        .expect("svg");
    assert!(svg.contains(r#"data-state="&lt;a &amp; &quot;b&quot;&gt;""#));
    assert!(!svg.contains("<a &"));
}

#[test]
fn dot_and_mermaid() {
    let dot = render(CHOICE_LOOP, Format::Dot, &[]).expect("dot");
    assert!(dot.starts_with("digraph StateMachine {"));
    assert!(dot.contains("s0 -> s3 [label=\"$.n > 3\"];"), "{dot}");
    assert!(dot.contains("s2 -> s4 [label=\"States.Timeout, Custom\", style=dashed];"), "{dot}");
    let dot = render(NESTED, Format::Dot, &[]).expect("dot");
    assert!(dot.contains("subgraph cluster_2 {") && dot.contains("label=\"Fan · Branch 1\"; style=dashed;"), "{dot}");
    let mermaid = render(CHOICE_LOOP, Format::Mermaid, &run_path(CHOICE_LOOP)).expect("mermaid");
    assert!(mermaid.starts_with("flowchart TD\n"));
    assert!(mermaid.contains("s0{\"Check<br/><small>Choice</small>\"}"), "{mermaid}");
    assert!(mermaid.contains("s2 -.->|\"States.Timeout, Custom\"| s4"), "{mermaid}");
    assert!(mermaid.contains("class s0 visited"));
}

#[test]
fn not_a_machine() {
    assert_eq!(render("[1, 2]", Format::Svg, &[]), None);
    assert_eq!(render("not json", Format::Dot, &[]), None);
    // An object without states is an empty picture, not an error.
    assert!(render("{}", Format::Svg, &[]).expect("svg").contains("</svg>"));
}

/// `n` tasks in a row, each caught by one handler at the end.
fn caught_chain(n: usize) -> String {
    let states: Vec<String> = (0..n)
        .map(|i| {
            let next = if i + 1 < n { format!("\"Next\": \"S{}\"", i + 1) } else { "\"End\": true".into() };
            format!(
                r#""S{i}": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", {next},
                "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "Handle"}}]}}"#
            )
        })
        .collect();
    format!(r#"{{"StartAt": "S0", "States": {{{}, "Handle": {{"Type": "Fail"}}}}}}"#, states.join(",\n"))
}

#[test]
fn long_edges_bend_round_states_and_share_one_trunk() {
    let graph = graph_of(&caught_chain(6), &[]);
    let laid = layout(&graph);
    assert_tidy(&laid.root);
    // S0's catch edge spans six layers: it runs beside S1…S5, never through them.
    let catch = &laid.root.edges.iter().zip(&graph.root.edges).find(|(_, e)| e.from == 0 && e.kind == EdgeKind::Catch);
    let (path, _) = catch.expect("S0's catcher");
    for node in &laid.root.nodes[1..6] {
        for pair in path.points.windows(2) {
            let (x0, x1) = (pair[0].0.min(pair[1].0), pair[0].0.max(pair[1].0));
            let (y0, y1) = (pair[0].1.min(pair[1].1), pair[0].1.max(pair[1].1));
            let crosses =
                x0 < node.x + node.width && node.x < x1.max(x0 + 0.1) && y0 < node.y + node.height && node.y < y1;
            assert!(!crosses, "{pair:?} crosses {node:?}");
        }
    }
    // The later catchers join that trunk instead of drawing their own.
    let joined = laid.root.edges.iter().filter(|e| e.kind == EdgeKind::Catch && !e.arrow).count();
    assert_eq!(joined, 4, "S1…S4 join, S5 is next to Handle");
}

#[test]
fn layout_stays_linear_in_shared_trunks() {
    // Without shared bends, 2000 catchers of one handler would draw 2 million points.
    let graph = graph_of(&caught_chain(2000), &[]);
    let laid = layout(&graph);
    let points: usize = laid.root.edges.iter().map(|e| e.points.len()).sum();
    assert!(points < 20 * 2000, "{points} points");
}
