//! The graph in Graphviz's DOT language (for `dot -Tpng` and friends).

use super::{Cluster, EdgeKind, Graph};
use std::fmt::Write;

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn dot(graph: &Graph) -> String {
    let mut out = String::from("digraph StateMachine {\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f7fafc\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
    let mut counter = 0;
    cluster(&mut out, &graph.root, &mut counter, 1);
    out.push_str("}\n");
    out
}

fn cluster(out: &mut String, cluster_data: &Cluster, counter: &mut usize, depth: usize) {
    let indent = "  ".repeat(depth);
    if let Some(start) = cluster_data.start {
        *counter += 1;
        let _ = writeln!(out, "{indent}start_{counter} [shape=point, width=0.15];");
        let _ = writeln!(out, "{indent}start_{counter} -> s{};", cluster_data.nodes[start].id);
    }
    for node in &cluster_data.nodes {
        let kind = node.kind.map_or("?", |k| k.name());
        let peripheries = if node.terminal { ", peripheries=2" } else { "" };
        let colour = if node.visited { ", color=\"#2f855a\", penwidth=2.5" } else { "" };
        let _ = writeln!(
            out,
            "{indent}s{} [label={}{peripheries}{colour}];",
            node.id,
            quote(&format!("{}\n{kind}", node.name))
        );
        for child in &node.children {
            *counter += 1;
            let _ = writeln!(out, "{indent}subgraph cluster_{counter} {{");
            let _ =
                writeln!(out, "{indent}  label={}; style=dashed;", quote(&format!("{} · {}", node.name, child.title)));
            self::cluster(out, child, counter, depth + 1);
            let _ = writeln!(out, "{indent}}}");
        }
    }
    for edge in &cluster_data.edges {
        let (from, to) = (cluster_data.nodes[edge.from].id, cluster_data.nodes[edge.to].id);
        let mut attributes = Vec::new();
        if let Some(label) = &edge.label {
            attributes.push(format!("label={}", quote(label)));
        }
        if edge.kind == EdgeKind::Catch {
            attributes.push("style=dashed".into());
        }
        if edge.taken {
            attributes.push("color=\"#2f855a\", penwidth=2.5".into());
        }
        let attributes = if attributes.is_empty() { String::new() } else { format!(" [{}]", attributes.join(", ")) };
        let _ = writeln!(out, "{indent}s{from} -> s{to}{attributes};");
    }
}
