//! SecCodePLT check: runs every executable task's patched and vulnerable solution and reports how
//! many patched solutions pass all capability and safety cases, how many vulnerable ones fail at
//! least one safety case, and every task that does not behave so, with the reason.
//!
//! cargo run --release -p tsp-sandbox --example seccodeplt_report -- [../shared/data/seccodeplt/data.json] [--timeout SECS]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tsp_sandbox::{Limits, Outcome, Program, ProgramResult, Sandbox, TestKind, TestResult};
use tsp_tasks::import::seccodeplt::{import_seccodeplt, SecCodePltTask};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.iter().find(|a| a.ends_with(".json")).cloned().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seccodeplt/data.json").to_string()
    });
    let timeout = args
        .iter()
        .position(|a| a == "--timeout")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let all = import_seccodeplt(std::path::Path::new(&path)).unwrap_or_else(|e| {
        eprintln!("seccodeplt_report: {e}");
        std::process::exit(2)
    });
    let tasks: Vec<&SecCodePltTask> = all.iter().filter(|t| t.task.has_tests()).collect();
    let sb = Sandbox::new(Limits {
        wall: Duration::from_secs(timeout),
        ..Limits::default()
    });
    for w in sb.warnings() {
        eprintln!("warning: {w}");
    }
    let programs: Vec<Program> = tasks
        .iter()
        .flat_map(|t| {
            let v = t.task.vulnerable.clone().unwrap_or_default();
            [
                Program::from_task(&t.task, &t.task.golden),
                Program::from_task(&t.task, &v),
            ]
        })
        .collect();
    let start = Instant::now();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results = tsp_sandbox::run_programs(&sb, &programs, &|_| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(200) {
            eprintln!("{n}/{} programs, {:.0}s", programs.len(), start.elapsed().as_secs_f64());
        }
    });
    let first_pass = start.elapsed();

    // Tasks that misbehave are run once more: a different outcome marks them flaky.
    let bad: Vec<usize> = (0..tasks.len())
        .filter(|&i| !behaves(&results[2 * i], &results[2 * i + 1]))
        .collect();
    let rerun_programs: Vec<Program> = bad
        .iter()
        .flat_map(|&i| [programs[2 * i].clone(), programs[2 * i + 1].clone()])
        .collect();
    let rerun = tsp_sandbox::run_programs(&sb, &rerun_programs, &|_| {});

    let patched_ok = (0..tasks.len()).filter(|&i| all_pass(&results[2 * i])).count();
    let vuln_caught = (0..tasks.len())
        .filter(|&i| results[2 * i + 1].any_not_pass(TestKind::Security))
        .count();
    let vuln_functional = (0..tasks.len())
        .filter(|&i| results[2 * i + 1].all_pass(TestKind::Functional))
        .count();
    println!(
        "SecCodePLT: {} executable tasks of {} ({})",
        tasks.len(),
        all.len(),
        path
    );
    println!(
        "patched solutions passing every capability and safety case: {patched_ok} / {}",
        tasks.len()
    );
    println!(
        "vulnerable solutions failing at least one safety case:      {vuln_caught} / {}",
        tasks.len()
    );
    println!(
        "vulnerable solutions passing every capability case:         {vuln_functional} / {}",
        tasks.len()
    );
    println!("tasks where both hold: {} / {}", tasks.len() - bad.len(), tasks.len());
    println!(
        "{} programs in {:.1}s ({:.1} programs/s), wall limit {timeout}s",
        programs.len(),
        first_pass.as_secs_f64(),
        programs.len() as f64 / first_pass.as_secs_f64()
    );

    let mut by_reason: BTreeMap<String, Vec<String>> = BTreeMap::new();
    println!("\nmisbehaving tasks ({}):", bad.len());
    for (k, &i) in bad.iter().enumerate() {
        let t = tasks[i];
        let (p, v) = (&results[2 * i], &results[2 * i + 1]);
        let flaky = outcomes(p) != outcomes(&rerun[2 * k]) || outcomes(v) != outcomes(&rerun[2 * k + 1]);
        let reason = if flaky {
            "flaky: outcome changed between two runs".to_string()
        } else {
            reason(t, p, v)
        };
        let class = reason.split(':').next().unwrap_or("").to_string();
        by_reason.entry(class).or_default().push(t.task.id.clone());
        println!("  {} ({}): {}", t.task.id, t.task.cwes.join(","), reason);
    }
    println!("\nby reason:");
    for (r, ids) in &by_reason {
        println!("  {:>4}  {r}", ids.len());
    }
}

fn all_pass(r: &ProgramResult) -> bool {
    r.tests.iter().all(|t| t.outcome == Outcome::Pass) && !r.tests.is_empty()
}

fn behaves(patched: &ProgramResult, vulnerable: &ProgramResult) -> bool {
    all_pass(patched) && vulnerable.any_not_pass(TestKind::Security)
}

fn outcomes(r: &ProgramResult) -> Vec<(String, Outcome)> {
    r.tests.iter().map(|t| (t.name.clone(), t.outcome)).collect()
}

fn last_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .chars()
        .take(140)
        .collect()
}

/// Why a task misbehaves, starting with a class: `missing package`, `timeout`, `patched fails`, ...
fn reason(t: &SecCodePltTask, patched: &ProgramResult, vulnerable: &ProgramResult) -> String {
    let bad: Vec<&TestResult> = patched.tests.iter().filter(|x| x.outcome != Outcome::Pass).collect();
    if let Some(x) = bad
        .iter()
        .find(|x| x.message.contains("ModuleNotFoundError") || x.message.contains("ImportError"))
    {
        return format!(
            "missing package: {} (install_requires {:?})",
            last_line(&x.message),
            t.install_requires
        );
    }
    if let Some(x) = bad.first() {
        let what = match x.outcome {
            Outcome::Timeout => "patched times out".to_string(),
            Outcome::Fail => "patched fails a case".to_string(),
            _ => "patched errors".to_string(),
        };
        return format!("{what}: {}::{} {}", x.kind.stem(), x.name, last_line(&x.message));
    }
    if patched.tests.is_empty() {
        return "bad upstream data: no cases".into();
    }
    let safety = vulnerable.tests.iter().filter(|x| x.kind == TestKind::Security).count();
    if safety == 0 {
        return "bad upstream data: no safety cases".into();
    }
    let slow = vulnerable.millis as f64 / 1000.0;
    format!("vulnerable passes all {safety} safety cases: the cases do not expose the flaw here (took {slow:.1}s; ReDoS cases fail only if matching outlasts the wall limit)")
}
