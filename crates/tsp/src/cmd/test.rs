//! `tsp test`: run tasks' tests in the sandbox against given solutions (default: the golden ones)
//! and print pass@1, sec@1 and secure-pass@1 overall, per CWE and per language.

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tsp_sandbox::metrics::{self, Report, Scores};
use tsp_sandbox::{Limits, Outcome, Program, ProgramResult, Sandbox};
use tsp_tasks::Task;

/// Run tasks' functional and security tests in the sandbox and report pass@1, sec@1 and
/// secure-pass@1 (overall, per CWE, per language).
#[derive(Args)]
pub struct TestArgs {
    /// Tasks: a JSON Lines file, a suite directory (`suite/<language>/<task-id>/`), or `embedded`
    /// for the suite compiled into this binary.
    pub tasks: String,
    /// Solutions to test: JSON Lines of `{"task_id": ..., "solution": ...}`; several lines per task
    /// are several samples (pass@1 is then the mean of c/n). Default: each task's golden solution.
    #[arg(long, value_name = "FILE.jsonl")]
    pub solutions: Option<PathBuf>,
    /// Test each task's vulnerable solution instead of the golden one.
    #[arg(long, conflicts_with = "solutions")]
    pub vulnerable: bool,
    /// Only tasks whose id contains this text.
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    /// Wall-clock seconds per test (a process that shows no progress for this long is killed).
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    pub timeout: u64,
    /// Programs run at once (default: the number of CPUs).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write every program's test results here (JSON Lines).
    #[arg(long, value_name = "FILE.jsonl")]
    pub results: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Deserialize)]
struct SolutionRecord {
    task_id: String,
    solution: String,
}

/// One program's results, as written by `--results` and `--format json`.
#[derive(Serialize)]
struct ProgramLine<'a> {
    task_id: &'a str,
    sample: usize,
    result: &'a ProgramResult,
}

pub fn run(args: TestArgs) -> anyhow::Result<ExitCode> {
    let mut tasks = load_tasks(&args.tasks)?;
    if let Some(f) = &args.filter {
        tasks.retain(|t| t.id.contains(f.as_str()));
    }
    let untested = tasks.iter().filter(|t| !t.has_tests()).count();
    tasks.retain(Task::has_tests);
    if tasks.is_empty() {
        bail!("{}: no task with tests to run", args.tasks);
    }
    // (task index, sample index, program)
    let mut jobs: Vec<(usize, usize, Program)> = Vec::new();
    match &args.solutions {
        Some(path) => {
            let index: HashMap<&str, usize> = tasks.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
            let mut samples = vec![0usize; tasks.len()];
            for (line_no, rec) in read_solutions(path)? {
                let Some(&i) = index.get(rec.task_id.as_str()) else {
                    bail!("{}:{line_no}: unknown task id {:?}", path.display(), rec.task_id);
                };
                jobs.push((i, samples[i], Program::from_task(&tasks[i], &rec.solution)));
                samples[i] += 1;
            }
        }
        None => {
            for (i, t) in tasks.iter().enumerate() {
                let solution = if args.vulnerable {
                    match &t.vulnerable {
                        Some(v) => v.as_str(),
                        None => continue,
                    }
                } else {
                    t.golden.as_str()
                };
                jobs.push((i, 0, Program::from_task(t, solution)));
            }
        }
    }
    if jobs.is_empty() {
        bail!("nothing to run: no solution matches a task with tests");
    }

    let sandbox = Sandbox::new(Limits {
        wall: Duration::from_secs(args.timeout.max(1)),
        ..Limits::default()
    });
    for w in sandbox.warnings() {
        eprintln!("tsp: warning: {w}");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let bar = ProgressBar::new(jobs.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} programs [{elapsed_precise}] {wide_bar} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let start = Instant::now();
    let programs: Vec<Program> = jobs.iter().map(|(_, _, p)| p.clone()).collect();
    let results = pool.install(|| tsp_sandbox::run_programs(&sandbox, &programs, &|_| bar.inc(1)));
    bar.finish_and_clear();
    let elapsed = start.elapsed();

    let mut per_task: Vec<Vec<&ProgramResult>> = vec![Vec::new(); tasks.len()];
    for ((ti, _, _), r) in jobs.iter().zip(&results) {
        per_task[*ti].push(r);
    }
    let report = metrics::score(tasks.iter().zip(per_task).filter(|(_, r)| !r.is_empty()));
    let lines: Vec<ProgramLine> = jobs
        .iter()
        .zip(&results)
        .map(|((ti, s, _), r)| ProgramLine {
            task_id: &tasks[*ti].id,
            sample: *s,
            result: r,
        })
        .collect();
    if let Some(path) = &args.results {
        tsp_tasks::write_jsonl(path, &lines).with_context(|| format!("writing {}", path.display()))?;
    }
    match args.format {
        Format::Json => {
            let out = serde_json::json!({
                "tasks": args.tasks,
                "solutions": match (&args.solutions, args.vulnerable) {
                    (Some(p), _) => p.display().to_string(),
                    (None, true) => "vulnerable".into(),
                    (None, false) => "golden".into(),
                },
                "isolation": format!("{:?}", sandbox.isolation()).to_lowercase(),
                "seconds": elapsed.as_secs_f64(),
                "report": report,
                "programs": lines,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        Format::Text => print_text(&report, &lines, untested, elapsed, &sandbox),
    }
    Ok(ExitCode::SUCCESS)
}

fn load_tasks(spec: &str) -> anyhow::Result<Vec<Task>> {
    if spec == "embedded" {
        let suite = tsp_tasks::embedded_suite()?;
        if suite.tasks.is_empty() {
            bail!("this binary was built without an embedded suite (no suite/ folder at build time)");
        }
        return Ok(suite.tasks);
    }
    let path = Path::new(spec);
    if path.is_dir() {
        Ok(tsp_tasks::load_suite_dir(path)?.tasks)
    } else {
        Ok(tsp_tasks::read_tasks(path)?)
    }
}

/// Reads solution records with their line numbers (errors name `file:line`).
fn read_solutions(path: &Path) -> anyhow::Result<Vec<(usize, SolutionRecord)>> {
    let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: SolutionRecord =
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
        out.push((i + 1, rec));
    }
    Ok(out)
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:6.1}%", v * 100.0))
        .unwrap_or_else(|| "      -".into())
}

fn row(name: &str, s: &Scores) -> String {
    format!(
        "{name:<14} {:>5} {:>8}  {}  {}  {}",
        s.tasks,
        s.programs,
        pct(s.pass_at_1),
        pct(s.sec_at_1),
        pct(s.secure_pass_at_1)
    )
}

fn print_text(report: &Report, lines: &[ProgramLine], untested: usize, elapsed: Duration, sb: &Sandbox) {
    let header = format!(
        "{:<14} {:>5} {:>8}  {:>7}  {:>7}  {:>7}",
        "", "tasks", "programs", "pass@1", "sec@1", "s-pass@1"
    );
    println!("{header}");
    println!("{}", row("overall", &report.overall));
    println!("\nby language");
    for (k, s) in &report.by_language {
        println!("{}", row(k, s));
    }
    println!("\nby CWE");
    let mut cwes: Vec<_> = report.by_cwe.iter().collect();
    cwes.sort_by_key(|(k, _)| k.trim_start_matches("CWE-").parse::<u32>().unwrap_or(u32::MAX));
    for (k, s) in cwes {
        println!("{}", row(k, s));
    }
    let mut counts: HashMap<Outcome, usize> = HashMap::new();
    let mut not_passing = Vec::new();
    for l in lines {
        for t in &l.result.tests {
            *counts.entry(t.outcome).or_default() += 1;
            if t.outcome != Outcome::Pass {
                let msg = t
                    .message
                    .lines()
                    .rev()
                    .find(|s| !s.trim().is_empty())
                    .unwrap_or("")
                    .trim();
                not_passing.push(format!(
                    "  {} [{}] {}::{} {:?}: {}",
                    l.task_id,
                    l.sample,
                    t.kind.stem(),
                    t.name,
                    t.outcome,
                    msg.chars().take(160).collect::<String>()
                ));
            }
        }
    }
    println!(
        "\ntests: {} pass, {} fail, {} error, {} timeout",
        counts.get(&Outcome::Pass).unwrap_or(&0),
        counts.get(&Outcome::Fail).unwrap_or(&0),
        counts.get(&Outcome::Error).unwrap_or(&0),
        counts.get(&Outcome::Timeout).unwrap_or(&0)
    );
    if !not_passing.is_empty() {
        println!("\ntests that did not pass ({}):", not_passing.len());
        for l in not_passing.iter().take(200) {
            println!("{l}");
        }
        if not_passing.len() > 200 {
            println!(
                "  ... and {} more (use --results or --format json)",
                not_passing.len() - 200
            );
        }
    }
    if untested > 0 {
        println!("\n{untested} tasks without tests were skipped");
    }
    println!(
        "\n{} programs in {:.1}s ({:.1}/s), isolation: {:?}, process limit: {:?}",
        lines.len(),
        elapsed.as_secs_f64(),
        lines.len() as f64 / elapsed.as_secs_f64().max(1e-9),
        sb.isolation(),
        sb.process_limit()
    );
}
