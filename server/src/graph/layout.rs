//! A layered layout of the graph, computed here (no external tool): each
//! state goes in the layer after the longest forward path reaching it from
//! `StartAt`; layers are ordered by barycenters to uncross edges; a
//! Parallel or Map node grows to hold its branches or processor, laid out
//! the same way; back edges (loops) go round the right side.

use super::{Cluster, Edge, EdgeKind, Graph};
use std::collections::{HashMap, VecDeque};

pub const NODE_HEIGHT: f64 = 46.0;
const LAYER_GAP: f64 = 54.0;
const NODE_GAP: f64 = 36.0;
const PADDING: f64 = 20.0;
/// Room above a container's branches for its name, type and branch titles.
const HEADER: f64 = 60.0;
/// Of the bold 13 px state names.
const CHAR_WIDTH: f64 = 8.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub root: ClusterBox,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClusterBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub title: String,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
    /// Where the start arrow comes from.
    pub start: Option<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    /// Index in the cluster's nodes.
    pub index: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub children: Vec<ClusterBox>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    pub points: Vec<(f64, f64)>,
    pub label_at: Option<(f64, f64)>,
    pub kind: EdgeKind,
    pub label: Option<String>,
    pub taken: bool,
    /// False when the edge joins a trunk of shared bends drawn by another.
    pub arrow: bool,
}

pub fn layout(graph: &Graph) -> Layout {
    let mut root = cluster_box(&graph.root);
    shift(&mut root, PADDING, PADDING);
    Layout { width: root.width + 2.0 * PADDING, height: root.height + 2.0 * PADDING, root }
}

/// Moves a cluster (and everything in it) by `dx`, `dy`.
fn shift(cluster: &mut ClusterBox, dx: f64, dy: f64) {
    cluster.x += dx;
    cluster.y += dy;
    cluster.start = cluster.start.map(|(x, y)| (x + dx, y + dy));
    for node in &mut cluster.nodes {
        node.x += dx;
        node.y += dy;
        for child in &mut node.children {
            shift(child, dx, dy);
        }
    }
    for edge in &mut cluster.edges {
        for p in &mut edge.points {
            p.0 += dx;
            p.1 += dy;
        }
        edge.label_at = edge.label_at.map(|(x, y)| (x + dx, y + dy));
    }
}

/// Which edges close a loop (lead back to a node on the current DFS path).
fn back_edges(cluster: &Cluster) -> Vec<bool> {
    let n = cluster.nodes.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut back = vec![false; cluster.edges.len()];
    let mut outgoing = vec![Vec::new(); n];
    for (e, edge) in cluster.edges.iter().enumerate() {
        outgoing[edge.from].push(e);
    }
    let order: Vec<usize> = cluster.start.into_iter().chain(0..n).collect();
    for root in order {
        if state[root] != 0 {
            continue;
        }
        // Iterative DFS: (node, next edge index to look at).
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some((node, next)) = stack.pop() {
            if let Some(&e) = outgoing[node].get(next) {
                stack.push((node, next + 1));
                let to = cluster.edges[e].to;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
            }
        }
    }
    back
}

/// Longest-path layers over the forward edges.
fn layers(cluster: &Cluster, back: &[bool]) -> Vec<usize> {
    let n = cluster.nodes.len();
    let forward: Vec<&Edge> =
        cluster.edges.iter().zip(back).filter(|(e, b)| !**b && e.from != e.to).map(|(e, _)| e).collect();
    let mut indegree = vec![0usize; n];
    let mut successors = vec![Vec::new(); n];
    for e in &forward {
        indegree[e.to] += 1;
        successors[e.from].push(e.to);
    }
    let mut rank = vec![0usize; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    // The start first, so it sits on top.
    if let Some(start) = cluster.start {
        queue.retain(|&v| v != start);
        if indegree[start] == 0 {
            queue.push_front(start);
        }
    }
    while let Some(v) = queue.pop_front() {
        for &to in &successors[v] {
            rank[to] = rank[to].max(rank[v] + 1);
            indegree[to] -= 1;
            if indegree[to] == 0 {
                queue.push_back(to);
            }
        }
    }
    rank
}

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH + 28.0
}

/// A node's box before placement: containers hold their children side by side.
fn sized(index: usize, node: &super::Node) -> NodeBox {
    let mut children: Vec<ClusterBox> = node.children.iter().map(cluster_box).collect();
    let label = text_width(&node.name).max(text_width(node.kind.map_or("", |k| k.name()))).max(110.0);
    if children.is_empty() {
        return NodeBox { index, x: 0.0, y: 0.0, width: label, height: NODE_HEIGHT, children };
    }
    let mut x = PADDING;
    let mut tallest: f64 = 0.0;
    for child in &mut children {
        shift(child, x, HEADER);
        x += child.width + NODE_GAP;
        tallest = tallest.max(child.height);
    }
    let width = (x - NODE_GAP + PADDING).max(label);
    NodeBox { index, x: 0.0, y: 0.0, width, height: HEADER + tallest + PADDING, children }
}

/// What is placed in the layers: the nodes, then one dummy per layer that a
/// long edge crosses, so that the edge bends round the states in between.
struct Items {
    width: Vec<f64>,
    layer: Vec<usize>,
    /// Edges between items of consecutive layers.
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
    /// Each cluster edge's chain of items from its source (forward edges
    /// only): through its dummies to its target, or to the dummy where it
    /// joins a trunk of shared dummies.
    chains: Vec<Vec<usize>>,
    nodes: usize,
}

impl Items {
    /// Long edges into the same state share their dummies (one per layer),
    /// so N catchers of one handler cost N dummies, not N²; past
    /// [`MAX_DUMMIES`] long edges are drawn without them.
    fn new(cluster: &Cluster, boxes: &[NodeBox], rank: &[usize], back: &[bool]) -> Items {
        let n = boxes.len();
        let mut items = Items {
            width: boxes.iter().map(|b| b.width).collect(),
            layer: rank.to_vec(),
            up: vec![Vec::new(); n],
            down: vec![Vec::new(); n],
            chains: Vec::with_capacity(cluster.edges.len()),
            nodes: n,
        };
        let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
        for (e, edge) in cluster.edges.iter().enumerate() {
            if back[e] || edge.from == edge.to {
                items.chains.push(Vec::new());
                continue;
            }
            let mut chain = vec![edge.from];
            let span = rank[edge.from] + 1..rank[edge.to];
            if items.width.len() - n + span.len() <= MAX_DUMMIES {
                for (i, l) in span.enumerate() {
                    // The first dummy carries the label, so it is as wide as it.
                    let width = match (&edge.label, i) {
                        (Some(label), 0) => label_width(label),
                        _ => DUMMY_WIDTH,
                    };
                    // Whoever made this dummy made the rest of the trunk to the target.
                    if let Some(&dummy) = shared.get(&(edge.to, l)) {
                        items.width[dummy] = items.width[dummy].max(width);
                        chain.push(dummy);
                        break;
                    }
                    items.width.push(width);
                    items.layer.push(l);
                    items.up.push(Vec::new());
                    items.down.push(Vec::new());
                    shared.insert((edge.to, l), items.width.len() - 1);
                    chain.push(items.width.len() - 1);
                }
            }
            if chain.last().is_none_or(|&last| !items.is_dummy(last) || items.layer[last] + 1 == rank[edge.to]) {
                chain.push(edge.to);
            }
            for pair in chain.windows(2) {
                if !items.down[pair[0]].contains(&pair[1]) {
                    items.down[pair[0]].push(pair[1]);
                    items.up[pair[1]].push(pair[0]);
                }
            }
            items.chains.push(chain);
        }
        items
    }

    fn is_dummy(&self, item: usize) -> bool {
        item >= self.nodes
    }

    fn gap(&self, a: usize, b: usize) -> f64 {
        if self.is_dummy(a) && self.is_dummy(b) {
            DUMMY_GAP
        } else {
            NODE_GAP
        }
    }
}

const DUMMY_WIDTH: f64 = 8.0;
/// Past this many bend points in one cluster, long edges go straight.
const MAX_DUMMIES: usize = 100_000;
const DUMMY_GAP: f64 = 10.0;

pub fn label_width(label: &str) -> f64 {
    label.chars().count() as f64 * 6.2 + 8.0
}

/// Orders each layer by the mean slot of the items it links to, sweeping
/// down and up, to uncross edges.
fn order(items: &Items, layer_count: usize) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (item, &l) in items.layer.iter().enumerate() {
        layers[l].push(item);
    }
    let mut slot = vec![0usize; items.layer.len()];
    let number = |layers: &Vec<Vec<usize>>, slot: &mut Vec<usize>| {
        for layer in layers {
            for (i, &v) in layer.iter().enumerate() {
                slot[v] = i;
            }
        }
    };
    number(&layers, &mut slot);
    for sweep in 0..8 {
        let down = sweep % 2 == 0;
        let range: Vec<usize> =
            if down { (1..layer_count).collect() } else { (0..layer_count.saturating_sub(1)).rev().collect() };
        for l in range {
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let neighbours = if down { &items.up[v] } else { &items.down[v] };
                    let key = if neighbours.is_empty() {
                        i as f64
                    } else {
                        neighbours.iter().map(|&u| slot[u] as f64).sum::<f64>() / neighbours.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in layers[l].iter().enumerate() {
                slot[v] = i;
            }
        }
    }
    layers
}

/// Left edges of every item: each layer is pulled towards the centres of
/// the items it links to, then pushed apart (right, then left, which
/// leaves every gap), a few times down and up.
fn place(items: &Items, layers: &[Vec<usize>]) -> Vec<f64> {
    let mut x = vec![0.0; items.layer.len()];
    for layer in layers {
        let mut at = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                at += items.gap(layer[i - 1], v);
            }
            x[v] = at;
            at += items.width[v];
        }
    }
    let centre = |x: &[f64], v: usize| x[v] + items.width[v] / 2.0;
    for pass in 0..6 {
        let down = pass % 2 == 0;
        let range: Vec<usize> =
            if down { (1..layers.len()).collect() } else { (0..layers.len().saturating_sub(1)).rev().collect() };
        for l in range {
            let layer = &layers[l];
            let neighbours = |v: usize| if down { &items.up[v] } else { &items.down[v] };
            let mut wanted: Vec<f64> = layer
                .iter()
                .map(|&v| match neighbours(v) {
                    n if n.is_empty() => x[v],
                    n => n.iter().map(|&u| centre(&x, u)).sum::<f64>() / n.len() as f64 - items.width[v] / 2.0,
                })
                .collect();
            // A dummy continuing a trunk of dummies keeps its place, so long
            // edges run straight; the states move aside.
            let pinned: Vec<bool> =
                layer.iter().map(|&v| items.is_dummy(v) && neighbours(v).iter().any(|&u| items.is_dummy(u))).collect();
            for i in 1..layer.len() {
                if !pinned[i] {
                    let min = wanted[i - 1] + items.width[layer[i - 1]] + items.gap(layer[i - 1], layer[i]);
                    wanted[i] = wanted[i].max(min);
                }
            }
            for i in (0..layer.len().saturating_sub(1)).rev() {
                let max = wanted[i + 1] - items.gap(layer[i], layer[i + 1]) - items.width[layer[i]];
                wanted[i] = wanted[i].min(max);
            }
            for (i, &v) in layer.iter().enumerate() {
                x[v] = wanted[i];
            }
        }
    }
    let min = x.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        x.iter_mut().for_each(|v| *v -= min);
    }
    x
}

/// A path down from the last point to `(tx, ty)`: straight when aligned,
/// else with a horizontal step at `mid` (half way between the two rows).
fn step(points: &mut Vec<(f64, f64)>, (tx, ty): (f64, f64), mid: f64) {
    let Some(&(sx, _)) = points.last() else { return };
    if (sx - tx).abs() >= 1.0 {
        points.push((sx, mid));
        points.push((tx, mid));
    }
    points.push((tx, ty));
}

fn cluster_box(cluster: &Cluster) -> ClusterBox {
    let mut boxes: Vec<NodeBox> = cluster.nodes.iter().enumerate().map(|(i, node)| sized(i, node)).collect();
    let back = back_edges(cluster);
    let rank = layers(cluster, &back);
    let layer_count = rank.iter().max().map_or(0, |m| m + 1);
    let items = Items::new(cluster, &boxes, &rank, &back);
    let layer_items = order(&items, layer_count);
    let xs = place(&items, &layer_items);
    let content_width = (0..items.layer.len()).map(|v| xs[v] + items.width[v]).fold(0.0, f64::max);
    // Rows: each layer as tall as its tallest state; nodes centred in it.
    let top = if cluster.start.is_some() { 30.0 } else { 0.0 };
    let mut row_top = Vec::with_capacity(layer_count);
    let mut row_height = Vec::with_capacity(layer_count);
    let mut y = top;
    for layer in &layer_items {
        let height = layer.iter().filter(|&&v| !items.is_dummy(v)).map(|&v| boxes[v].height).fold(0.0, f64::max);
        row_top.push(y);
        row_height.push(height);
        y += height + LAYER_GAP;
    }
    for (v, node) in boxes.iter_mut().enumerate() {
        let l = rank[v];
        let (dx, dy) = (xs[v], row_top[l] + (row_height[l] - node.height) / 2.0);
        node.x = dx;
        node.y = dy;
        for child in &mut node.children {
            shift(child, dx, dy);
        }
    }
    let content_height = (y - LAYER_GAP).max(top);
    // Edges: down through their dummies; loops round the right.
    let mut loops = 0.0;
    let mut edges = Vec::with_capacity(cluster.edges.len());
    let mut drawn = vec![false; items.layer.len() - items.nodes];
    for (e, edge) in cluster.edges.iter().enumerate() {
        let (a, b) = (&boxes[edge.from], &boxes[edge.to]);
        let mut label_at = None;
        let mut arrow = true;
        let points = if edge.from == edge.to {
            let (x, y) = (a.x + a.width, a.y + a.height / 2.0);
            label_at = Some((x + 26.0, y - 14.0));
            vec![(x, y - 8.0), (x + 26.0, y - 8.0), (x + 26.0, y + 8.0), (x, y + 8.0)]
        } else if back[e] {
            loops += 14.0;
            let lane = content_width + 12.0 + loops;
            let (sx, sy) = (a.x + a.width, a.y + a.height / 2.0);
            let (tx, ty) = (b.x + b.width, b.y + b.height / 2.0);
            label_at = Some((lane, (sy + ty) / 2.0));
            vec![(sx, sy), (lane, sy), (lane, ty), (tx, ty)]
        } else {
            let chain = &items.chains[e];
            let mut points = vec![(a.x + a.width / 2.0, a.y + a.height)];
            for &d in chain[1..].iter().filter(|&&d| items.is_dummy(d)) {
                let (cx, l) = (xs[d] + items.width[d] / 2.0, items.layer[d]);
                step(&mut points, (cx, row_top[l]), row_top[l] - LAYER_GAP / 2.0);
                if label_at.is_none() {
                    label_at = Some((cx, row_top[l] + 8.0));
                }
                // Joining a trunk another edge already draws: stop here.
                if std::mem::replace(&mut drawn[d - items.nodes], true) {
                    arrow = false;
                    break;
                }
                points.push((cx, row_top[l] + row_height[l]));
            }
            if arrow {
                let (tx, ty) = (b.x + b.width / 2.0, b.y);
                let mid = row_top[rank[edge.to]] - LAYER_GAP / 2.0;
                step(&mut points, (tx, ty), mid);
                // A direct edge's label sits just above its target.
                label_at = label_at.or(Some((tx, (mid + ty) / 2.0)));
            }
            points
        };
        let label_at = edge.label.as_ref().and(label_at);
        edges.push(EdgePath { points, label_at, kind: edge.kind, label: edge.label.clone(), taken: edge.taken, arrow });
    }
    let start = cluster.start.map(|s| (boxes[s].x + boxes[s].width / 2.0, 0.0));
    ClusterBox {
        x: 0.0,
        y: 0.0,
        width: content_width + if loops > 0.0 { 24.0 + loops } else { 0.0 },
        height: content_height,
        title: cluster.title.clone(),
        nodes: boxes,
        edges,
        start,
    }
}
