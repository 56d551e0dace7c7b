//! Profiling aid: fresh diagnostics of a file, many times.
use asl_ls::ide::{diagnostics::check_parsed, Config};
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(&path).expect("read");
    let parse = asl_ls::syntax::parse(&text);
    let config = Config::default();
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = std::time::Instant::now();
        std::hint::black_box(check_parsed(&text, &parse, &config));
        times.push(t.elapsed());
    }
    times.sort();
    println!("diagnostics min {:?} median {:?}", times[0], times[10]);
}
