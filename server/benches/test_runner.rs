//! `asl-ls test` in process: 1,000 cases of the bundled example's test file
//! (its 4 cases, 250 times), read once, each run by the evaluator and
//! checked. `cargo bench --bench test_runner` prints the time of the 1,000.

use asl_ls::syntax::Language;
use asl_ls::testing::{read, run_case, Subject};
use std::path::Path;
use std::time::Instant;

fn main() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let definition = std::fs::read_to_string(examples.join("order-processing.asl.json")).expect("the example");
    let test = std::fs::read_to_string(examples.join("order-processing.asl.test.yaml")).expect("its tests");
    let file = read(&test, Language::Yaml);
    assert!(file.problems.is_empty() && file.cases.len() == 4);
    let subject = Subject { definition: &definition, language: Language::Json, folder: &examples };
    let mut rounds = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let mut passed = 0;
        for _ in 0..250 {
            for case in &file.cases {
                passed += usize::from(std::hint::black_box(run_case(&subject, &file, case)).passed());
            }
        }
        assert_eq!(passed, 1000);
        rounds.push(start.elapsed().as_secs_f64());
    }
    rounds.sort_by(f64::total_cmp);
    println!(
        "1000 test cases of the example: median {:.0} ms (best {:.0} ms, 5 rounds)",
        rounds[2] * 1e3,
        rounds[0] * 1e3
    );
}
