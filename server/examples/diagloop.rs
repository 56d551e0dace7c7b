//! Profiling aid: diagnostics of a file, afresh and through the memo.
use asl_ls::ide::diagnostics::StateMemo;
use asl_ls::ide::{Analysis, Config};
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(&path).expect("read");
    let config = Config::default();
    let mut memo = StateMemo::default();
    for round in 0..4 {
        let a = Analysis::new(text.as_str());
        let t = Instant::now();
        let n = a.diagnostics(&config).len();
        let fresh = t.elapsed();
        let b = Analysis::new(text.as_str());
        let t = Instant::now();
        let m = b.diagnostics_with(&config, Some(&mut memo)).len();
        println!("round {round}: fresh {fresh:?} ({n}) memo {:?} ({m})", t.elapsed());
    }
}
