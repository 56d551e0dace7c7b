//! The laid-out graph as an SVG document. Each state is a `<g class="state">`
//! with `data-state` and `data-line`/`data-character` (its name's position,
//! as the caller counts them), so a viewer can jump to it.

use super::layout::{ClusterBox, EdgePath, Layout, NODE_HEIGHT};
use super::{Cluster, EdgeKind, Graph};
use crate::model::StateKind;
use std::fmt::Write;

/// (fill, stroke) per state type.
fn colours(kind: Option<StateKind>) -> (&'static str, &'static str) {
    match kind {
        Some(StateKind::Task) => ("#e3f0fc", "#2b6cb0"),
        Some(StateKind::Choice) => ("#fff4e0", "#c05621"),
        Some(StateKind::Pass) => ("#f2f2f2", "#6b6b6b"),
        Some(StateKind::Wait) => ("#f1e8fb", "#6b46c1"),
        Some(StateKind::Succeed) => ("#e6f6ea", "#2f855a"),
        Some(StateKind::Fail) => ("#fde8e8", "#c53030"),
        Some(StateKind::Parallel | StateKind::Map) => ("#f7fafc", "#2c7a7b"),
        None => ("#ffffff", "#999999"),
    }
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `position(offset)` gives the (line, character) the viewer uses for a state.
pub fn svg(graph: &Graph, layout: &Layout, position: &dyn Fn(u32) -> (u32, u32)) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="asl-graph" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="Helvetica, Arial, sans-serif" font-size="13">"##,
        w = layout.width,
        h = layout.height
    );
    out.push_str(concat!(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>"##,
        r##"<marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#2f855a"/></marker></defs>"##,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    ));
    cluster(&mut out, &graph.root, &layout.root, position);
    out.push_str("</svg>\n");
    out
}

fn cluster(out: &mut String, cluster_data: &Cluster, boxed: &ClusterBox, position: &dyn Fn(u32) -> (u32, u32)) {
    for (edge, path) in cluster_data.edges.iter().zip(&boxed.edges) {
        let name = |i: usize| cluster_data.nodes.get(i).map_or("", |n| n.name.as_str());
        edge_path(out, path, name(edge.from), name(edge.to));
    }
    if let Some((x, y)) = boxed.start {
        let _ = write!(
            out,
            r##"<g class="start"><circle cx="{x:.1}" cy="{:.1}" r="6" fill="#333"/><line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/></g>"##,
            y + 6.0,
            y + 12.0,
            y + 30.0
        );
    }
    for node_box in &boxed.nodes {
        let node = &cluster_data.nodes[node_box.index];
        let (fill, stroke) = colours(node.kind);
        let (line, character) = position(node.range.start);
        let kind = node.kind.map_or("?", |k| k.name());
        let stroke_width = if node.visited {
            3.0
        } else if node.terminal {
            2.2
        } else {
            1.4
        };
        let outline = if node.visited { "#2f855a" } else { stroke };
        let _ = write!(
            out,
            r##"<g class="state{}" data-state="{}" data-type="{kind}" data-line="{line}" data-character="{character}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="{fill}" stroke="{outline}" stroke-width="{stroke_width}"/>"##,
            if node.visited { " visited" } else { "" },
            escape(&node.name),
            node_box.x,
            node_box.y,
            node_box.width,
            node_box.height
        );
        let centre = node_box.x + node_box.width / 2.0;
        let header =
            if node_box.children.is_empty() { node_box.y + NODE_HEIGHT / 2.0 - 3.0 } else { node_box.y + 18.0 };
        let _ = write!(
            out,
            r##"<text x="{centre:.1}" y="{header:.1}" text-anchor="middle" font-weight="bold" fill="#1a202c">{}</text><text x="{centre:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="{stroke}">{kind}</text>"##,
            escape(&node.name),
            header + 15.0
        );
        for (child, child_box) in node.children.iter().zip(&node_box.children) {
            let _ = write!(
                out,
                r##"<g class="cluster"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="none" stroke="#a0aec0" stroke-dasharray="4 3"/><text x="{:.1}" y="{:.1}" font-size="10" fill="#718096">{}</text>"##,
                child_box.x - 8.0,
                child_box.y - 16.0,
                child_box.width + 16.0,
                child_box.height + 22.0,
                child_box.x - 4.0,
                child_box.y - 5.0,
                escape(&child.title)
            );
            self::cluster(out, child, child_box, position);
            out.push_str("</g>");
        }
        // A container's branches are inside its group, so a click finds the innermost state.
        out.push_str("</g>");
    }
}

/// An edge, with `data-from`/`data-to` naming its states.
fn edge_path(out: &mut String, edge: &EdgePath, from: &str, to: &str) {
    let d: Vec<String> = edge
        .points
        .iter()
        .enumerate()
        .map(|(i, (x, y))| format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" }))
        .collect();
    let (colour, marker, width) = if edge.taken { ("#2f855a", "arrow-taken", 2.4) } else { ("#555", "arrow", 1.3) };
    let end = if edge.arrow { format!(r#" marker-end="url(#{marker})""#) } else { String::new() };
    let dash = if edge.kind == EdgeKind::Catch { r#" stroke-dasharray="5 4""# } else { "" };
    let _ = write!(
        out,
        r##"<path class="edge {}{}" data-from="{}" data-to="{}" d="{}" fill="none" stroke="{colour}" stroke-width="{width}"{dash}{end}/>"##,
        match edge.kind {
            EdgeKind::Next => "next",
            EdgeKind::Default => "default",
            EdgeKind::Rule => "rule",
            EdgeKind::Catch => "catch",
        },
        if edge.taken { " taken" } else { "" },
        escape(from),
        escape(to),
        d.join("")
    );
    if let (Some(label), Some((x, y))) = (&edge.label, edge.label_at) {
        let width = super::layout::label_width(label);
        let _ = write!(
            out,
            r##"<g class="label"><rect x="{:.1}" y="{:.1}" width="{width:.1}" height="15" rx="3" fill="#ffffff" fill-opacity="0.9"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="10.5" fill="#4a5568">{}</text></g>"##,
            x - width / 2.0,
            y - 8.0,
            y + 3.5,
            escape(label)
        );
    }
}
