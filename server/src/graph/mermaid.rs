//! The graph as a Mermaid flowchart (renders in GitHub Markdown).

use super::{Cluster, EdgeKind, Graph};
use crate::model::StateKind;
use std::fmt::Write;

fn label(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "#quot;"))
}

pub fn mermaid(graph: &Graph) -> String {
    let mut out = String::from("flowchart TD\n");
    let mut counter = 0;
    cluster(&mut out, &graph.root, &mut counter, 1);
    out.push_str("  classDef visited stroke:#2f855a,stroke-width:3px;\n");
    out
}

fn cluster(out: &mut String, cluster_data: &Cluster, counter: &mut usize, depth: usize) {
    let indent = "  ".repeat(depth);
    if let Some(start) = cluster_data.start {
        *counter += 1;
        let _ = writeln!(out, "{indent}start{counter}((start)) --> s{}", cluster_data.nodes[start].id);
    }
    for node in &cluster_data.nodes {
        let text = label(&format!("{}<br/><small>{}</small>", node.name, node.kind.map_or("?", |k| k.name())));
        let shape = match node.kind {
            Some(StateKind::Choice) => format!("{{{text}}}"),
            Some(StateKind::Succeed | StateKind::Fail) => format!("([{text}])"),
            _ => format!("[{text}]"),
        };
        let _ = writeln!(out, "{indent}s{}{shape}", node.id);
        if node.visited {
            let _ = writeln!(out, "{indent}class s{} visited", node.id);
        }
        for child in &node.children {
            *counter += 1;
            let _ =
                writeln!(out, "{indent}subgraph c{counter}[{}]", label(&format!("{} · {}", node.name, child.title)));
            self::cluster(out, child, counter, depth + 1);
            let _ = writeln!(out, "{indent}end");
        }
    }
    for edge in &cluster_data.edges {
        let (from, to) = (cluster_data.nodes[edge.from].id, cluster_data.nodes[edge.to].id);
        let arrow = if edge.kind == EdgeKind::Catch { "-.->" } else { "-->" };
        match &edge.label {
            Some(text) => {
                let _ = writeln!(out, "{indent}s{from} {arrow}|{}| s{to}", label(text));
            }
            None => {
                let _ = writeln!(out, "{indent}s{from} {arrow} s{to}");
            }
        }
    }
}
