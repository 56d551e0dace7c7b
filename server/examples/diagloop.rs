use asl_ls::ide::Config;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(&path).expect("read");
    let parse = asl_ls::syntax::parse(&text);
    let config = Config::default();
    let mut times = Vec::new();
    let n: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(20);
    for _ in 0..n {
        let t = std::time::Instant::now();
        std::hint::black_box(asl_ls::ide::diagnostics::check_parsed(&text, &parse, &config));
        times.push(t.elapsed());
    }
    times.sort();
    println!("diagnostics min {:?} median {:?}", times[0], times[times.len() / 2]);
}
