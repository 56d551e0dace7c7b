//! Profiling aid: a completion at the start of a new field, many times.
use asl_ls::ide::Analysis;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let mut text = std::fs::read_to_string(&path).expect("read");
    let types: Vec<usize> = text.match_indices("\"Type\": \"").map(|(i, _)| i).collect();
    let typ = types[types.len() / 2];
    let eol = typ + text[typ..].find('\n').unwrap();
    let line_start = text[..typ].rfind('\n').unwrap() + 1;
    let indent: String = text[line_start..].chars().take_while(|c| *c == ' ').collect();
    text.insert_str(eol, &format!("\n{indent}"));
    let offset = (eol + 1 + indent.len()) as u32;
    let analysis = Analysis::new(text);
    let mut times = Vec::new();
    for _ in 0..50 {
        let t = std::time::Instant::now();
        std::hint::black_box(analysis.completions(offset));
        times.push(t.elapsed());
    }
    times.sort();
    println!("completion min {:?} median {:?} ({} items)", times[0], times[25], analysis.completions(offset).len());
}
