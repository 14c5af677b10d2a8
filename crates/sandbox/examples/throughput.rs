//! Throughput: programs per second for Python and C, bare processes (rlimits only) beside
//! bubblewrap, on all cores. Each program is a small function with three tests (C: one compile
//! plus three test processes). Prints the median of several rounds and the sandbox's cost.
//!
//! cargo run --release -p tsp-sandbox --example throughput -- [--rounds 5] [--programs 24]

use std::time::Instant;
use tsp_sandbox::{Isolation, Limits, Outcome, Program, Sandbox};
use tsp_tasks::Language;

fn program(lang: Language, i: usize) -> Program {
    match lang {
        Language::Python => Program {
            id: format!("py{i}"),
            language: lang,
            source: format!("def add(a, b):\n    return a + b + {i} - {i}\n"),
            functional_tests: Some(
                "from solution import add\ndef test_a():\n    assert add(1, 2) == 3\ndef test_b():\n    assert add(0, 0) == 0\n".into(),
            ),
            security_tests: Some("from solution import add\ndef test_c():\n    assert add(-1, 1) == 0\n".into()),
        },
        _ => Program {
            id: format!("c{i}"),
            language: Language::C,
            source: format!("int add(int a, int b) {{ return a + b + {i} - {i}; }}\n"),
            functional_tests: Some("#include \"tsp_test.h\"\nTEST(a) { CHECK(add(1, 2) == 3); }\nTEST(b) { CHECK(add(0, 0) == 0); }\n".into()),
            security_tests: Some("#include \"tsp_test.h\"\nTEST(c) { CHECK(add(-1, 1) == 0); }\n".into()),
        },
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let rounds = arg("--rounds", 5);
    let n = arg("--programs", 24);
    println!(
        "{} threads, {n} programs per round, {rounds} rounds (median)",
        rayon::current_num_threads()
    );
    println!(
        "{:<8} {:>14} {:>14} {:>8}",
        "language", "bare prog/s", "bwrap prog/s", "ratio"
    );
    for lang in [Language::Python, Language::C] {
        let mut rates = Vec::new();
        for iso in [Isolation::Unsandboxed, Isolation::Bubblewrap] {
            let sb = match Sandbox::with_isolation(Limits::default(), iso) {
                Ok(sb) => sb,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            };
            let programs: Vec<Program> = (0..n).map(|i| program(lang, i)).collect();
            let mut per_round = Vec::new();
            for _ in 0..rounds {
                let t = Instant::now();
                let results = tsp_sandbox::run_programs(&sb, &programs, &|_| {});
                let secs = t.elapsed().as_secs_f64();
                for r in &results {
                    assert!(
                        r.tests.len() == 3 && r.tests.iter().all(|t| t.outcome == Outcome::Pass),
                        "{r:#?}"
                    );
                }
                per_round.push(n as f64 / secs);
            }
            rates.push(median(per_round));
        }
        println!(
            "{:<8} {:>14.1} {:>14.1} {:>7.2}x",
            lang.name(),
            rates[0],
            rates[1],
            rates[0] / rates[1]
        );
    }
}
