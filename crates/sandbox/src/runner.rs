//! Running one program's tests: lay out the directory, build if the language needs it, run the
//! tests, and when a process dies mid-way (crash, timeout) blame the test that was running and
//! start again with the tests that remain, so one bad test never hides the others.

use crate::lang::{self, Batching, Discovery, Event, Protocol};
use crate::program::Program;
use crate::result::{Outcome, ProgramResult, TestKind, TestResult};
use crate::sandbox::{Exec, Sandbox, SANDBOX_DIR};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tsp_tasks::Language;

/// Builds the test command for a nonce and the test ids to run (all when empty).
type RunCommand = Box<dyn Fn(&str, &[String]) -> Exec0 + Send + Sync>;

/// How a language's tests are run (filled in by [`prepare`]).
struct Plan {
    /// Files of the program directory the test processes see.
    files: Vec<String>,
    /// Build command, run with the directory writable; failure makes every test an error.
    build: Option<Exec0>,
    discovery: Discovery,
    batching: Batching,
    protocol: Protocol,
    /// The test command for a nonce and the given test ids (all when empty).
    run: RunCommand,
}

/// An [`Exec`] without the directory (added when run).
struct Exec0 {
    argv: Vec<String>,
    env: Vec<(String, String)>,
    address_space: Option<u64>,
}

impl Sandbox {
    /// Runs a program's functional and security tests. Never panics on bad programs: every failure
    /// of the program, its build or the sandbox shows up as test results.
    pub fn run_program(&self, p: &Program) -> ProgramResult {
        let start = Instant::now();
        let mut tests = match self.try_run(p) {
            Ok(t) => t,
            Err(e) => lang::sources(p)
                .into_iter()
                .map(|(kind, _)| error_result(kind, "<load>", format!("sandbox failure: {e}"), "", ""))
                .collect(),
        };
        // A test file that declares no tests cannot pass: say so rather than report nothing.
        for (kind, _) in lang::sources(p) {
            if !tests.iter().any(|t| t.kind == kind) {
                let file = lang::test_file(kind, p.language);
                tests.push(error_result(
                    kind,
                    "<load>",
                    format!("no tests found in {file}"),
                    "",
                    "",
                ));
            }
        }
        // Output of passing tests is noise, and a pipeline keeps thousands of results.
        for t in tests.iter_mut().filter(|t| t.outcome == Outcome::Pass) {
            t.stdout_tail.clear();
            t.stderr_tail.clear();
        }
        ProgramResult {
            tests,
            millis: start.elapsed().as_millis() as u64,
        }
    }

    fn try_run(&self, p: &Program) -> std::io::Result<Vec<TestResult>> {
        if lang::sources(p).is_empty() {
            return Ok(Vec::new());
        }
        let dir = tempfile::Builder::new().prefix("p-").tempdir_in(self.scratch.path())?;
        let nonce = nonce();
        let plan = self
            .prepare(p, dir.path())
            .map_err(|e| ctx(e, "preparing the program directory"))?;
        let exec = |e: &Exec0, writable: bool| Exec {
            dir: dir.path(),
            writable_dir: writable,
            files: &plan.files,
            argv: e.argv.clone(),
            env: e.env.clone(),
            address_space: e.address_space,
        };
        let mut order: Vec<String> = match &plan.discovery {
            Discovery::Static(t) => t.iter().map(|(k, n)| lang::test_id(*k, n)).collect(),
            Discovery::Harness => Vec::new(),
        };
        let mut results: HashMap<String, TestResult> = HashMap::new();
        if let Some(b) = &plan.build {
            let out = self
                .exec(&exec(b, true), &|_| false)
                .map_err(|e| ctx(e, "starting the build"))?;
            if out.timed_out || !out.status.is_some_and(|s| s.success()) {
                let msg = format!(
                    "build failed ({}):\n{}",
                    out.ending(),
                    tail_chars(&out.stderr_tail, 3000)
                );
                let ids = if order.is_empty() { load_ids(p) } else { order.clone() };
                return Ok(ids
                    .iter()
                    .map(|id| {
                        let (kind, name) = lang::split_id(id).unwrap_or((TestKind::Functional, id));
                        let mut r = error_result(kind, name, msg.clone(), &out.stdout_tail, &out.stderr_tail);
                        if out.timed_out {
                            r.outcome = Outcome::Timeout;
                        }
                        r
                    })
                    .collect());
            }
        }
        let proto = plan.protocol;
        let is_event = |line: &str| lang::is_event_line(proto, &nonce, line);
        // Go reports bare test names; map them back to ids.
        let go_ids: HashMap<String, String> = match (&plan.discovery, proto) {
            (Discovery::Static(t), Protocol::GoTest) => {
                t.iter().map(|(k, n)| (n.clone(), lang::test_id(*k, n))).collect()
            }
            _ => HashMap::new(),
        };
        let to_id = |raw: String| go_ids.get(&raw).cloned().unwrap_or(raw);
        let mut planned = matches!(plan.discovery, Discovery::Static(_));
        let mut remaining: Vec<String> = order.clone();
        let max_rounds = 1 + if planned { order.len() } else { 10_000 };
        for _ in 0..max_rounds {
            let batch: Vec<String> = match plan.batching {
                Batching::Batch => remaining.clone(),
                Batching::PerTest => remaining.iter().take(1).cloned().collect(),
            };
            let out = self
                .exec(&exec(&(plan.run)(&nonce, &batch), false), &is_event)
                .map_err(|e| ctx(e, "starting the tests"))?;
            let before = results.len();
            let mut running: Option<String> = None;
            let mut last_fail: Option<String> = None;
            for line in &out.events {
                match lang::parse_event(proto, &nonce, line) {
                    Some(Event::Plan(ids)) if !planned => {
                        order = ids.clone();
                        remaining = ids;
                        planned = true;
                    }
                    Some(Event::Plan(_)) => {}
                    Some(Event::Start(id)) => running = Some(to_id(id)),
                    Some(Event::Result { id, outcome, message }) => {
                        let id = to_id(id);
                        if running.as_deref() == Some(id.as_str()) {
                            running = None;
                        }
                        last_fail = (outcome == Outcome::Fail).then(|| id.clone());
                        let (kind, name) = lang::split_id(&id).unwrap_or((TestKind::Functional, &id));
                        results.insert(
                            id.clone(),
                            TestResult {
                                kind,
                                name: name.to_string(),
                                outcome,
                                message,
                                stdout_tail: out.stdout_tail.clone(),
                                stderr_tail: out.stderr_tail.clone(),
                            },
                        );
                    }
                    None => {}
                }
            }
            if !planned {
                // The harness died before it could even list the tests.
                let msg = format!(
                    "the test harness did not start ({}):\n{}",
                    out.ending(),
                    tail_chars(&out.stderr_tail, 3000)
                );
                return Ok(load_ids(p)
                    .iter()
                    .map(|id| {
                        let (kind, name) = lang::split_id(id).unwrap();
                        let mut r = error_result(kind, name, msg.clone(), &out.stdout_tail, &out.stderr_tail);
                        if out.timed_out {
                            r.outcome = Outcome::Timeout;
                        }
                        r
                    })
                    .collect());
            }
            // A Go test that panicked printed FAIL and then took the process down: an error.
            if proto == Protocol::GoTest && !out.timed_out && !out.status.is_some_and(|s| s.success()) {
                if let Some(id) = last_fail {
                    if out.stdout_tail.contains("panic:") || out.stderr_tail.contains("panic:") {
                        if let Some(r) = results.get_mut(&id) {
                            r.outcome = Outcome::Error;
                            r.message = format!("panic: {}", tail_chars(&out.stderr_tail, 1500));
                        }
                    }
                }
            }
            remaining.retain(|id| !results.contains_key(id));
            if remaining.is_empty() {
                break;
            }
            // The process ended with tests left. Blame the test that was running; if none was and
            // the process made no progress, the next test (a per-test process that crashed).
            let blamed = match running.filter(|r| remaining.contains(r)) {
                Some(r) => r,
                None if results.len() == before => remaining[0].clone(),
                None => continue,
            };
            let (kind, name) = lang::split_id(&blamed).unwrap_or((TestKind::Functional, &blamed));
            let mut r = error_result(kind, name, describe_crash(&out), &out.stdout_tail, &out.stderr_tail);
            if out.timed_out {
                r.outcome = Outcome::Timeout;
            }
            results.insert(blamed.clone(), r);
            remaining.retain(|id| id != &blamed);
            if remaining.is_empty() {
                break;
            }
        }
        Ok(order.iter().filter_map(|id| results.remove(id)).collect())
    }

    /// Writes the program directory and returns the language's plan.
    fn prepare(&self, p: &Program, dir: &Path) -> std::io::Result<Plan> {
        let lang = p.language;
        let ext = lang.extension();
        let mut files = vec![format!("solution.{ext}")];
        std::fs::write(dir.join(&files[0]), &p.source)?;
        for (kind, src) in lang::sources(p) {
            let f = lang::test_file(kind, lang);
            std::fs::write(dir.join(&f), src)?;
            files.push(f);
        }
        let mem = self.limits.memory_bytes;
        let mem_mb = (mem >> 20).max(64);
        // Without a memory cgroup, runtimes that reserve big address ranges still need some bound.
        let loose_as = if self.has_memory_cgroup() {
            None
        } else {
            Some(mem.saturating_mul(8))
        };
        let path = |t: &PathBuf| t.to_string_lossy().into_owned();
        Ok(match lang {
            Language::Python => {
                std::fs::write(dir.join("tsp_harness.py"), lang::PY_HARNESS)?;
                files.push("tsp_harness.py".into());
                let python = path(&self.tools.python);
                Plan {
                    files,
                    build: None,
                    discovery: Discovery::Harness,
                    batching: Batching::Batch,
                    protocol: Protocol::Marker,
                    run: Box::new(move |nonce, ids| Exec0 {
                        argv: [
                            python.clone(),
                            "-B".into(),
                            "-E".into(),
                            "-s".into(),
                            "tsp_harness.py".into(),
                            nonce.into(),
                        ]
                        .into_iter()
                        .chain(ids.iter().cloned())
                        .collect(),
                        env: vec![
                            ("PYTHONIOENCODING".into(), "utf-8".into()),
                            ("PYTHONHASHSEED".into(), "0".into()),
                        ],
                        address_space: Some(mem),
                    }),
                }
            }
            Language::Javascript => {
                std::fs::write(dir.join("tsp_harness.js"), lang::JS_HARNESS)?;
                files.push("tsp_harness.js".into());
                let node = path(&self.tools.node);
                let heap = format!("--max-old-space-size={}", (mem_mb / 2).max(64));
                Plan {
                    files,
                    build: None,
                    discovery: Discovery::Harness,
                    batching: Batching::Batch,
                    protocol: Protocol::Marker,
                    run: Box::new(move |nonce, ids| Exec0 {
                        argv: [node.clone(), heap.clone(), "tsp_harness.js".into(), nonce.into()]
                            .into_iter()
                            .chain(ids.iter().cloned())
                            .collect(),
                        env: vec![],
                        address_space: loose_as,
                    }),
                }
            }
            Language::Go => {
                std::fs::write(dir.join("go.mod"), "module solution\n\ngo 1.19\n")?;
                if let Some(seed) = self.go_seed() {
                    copy_dir(&seed, &dir.join(".gocache")).map_err(|e| ctx(e, "copying the Go cache"))?;
                }
                let tests = lang::static_tests(p);
                let go = path(&self.tools.go);
                let env = vec![
                    ("GOCACHE".into(), format!("{SANDBOX_DIR}/.gocache")),
                    ("GOPATH".into(), "/tmp/gopath".into()),
                    ("GOFLAGS".into(), "-mod=mod".into()),
                    ("GOPROXY".into(), "off".into()),
                    ("GOTOOLCHAIN".into(), "local".into()),
                    ("GO111MODULE".into(), "on".into()),
                    ("CGO_ENABLED".into(), "0".into()),
                ];
                let names: HashMap<String, String> =
                    tests.iter().map(|(k, n)| (lang::test_id(*k, n), n.clone())).collect();
                let gomem = format!("{}MiB", mem_mb * 3 / 4);
                Plan {
                    files: vec!["tsp.test".into()],
                    build: Some(Exec0 {
                        argv: vec![
                            go,
                            "test".into(),
                            "-c".into(),
                            "-o".into(),
                            "tsp.test".into(),
                            ".".into(),
                        ],
                        env,
                        address_space: None,
                    }),
                    discovery: Discovery::Static(tests),
                    batching: Batching::Batch,
                    protocol: Protocol::GoTest,
                    run: Box::new(move |_nonce, ids| {
                        let sel: Vec<&str> = ids.iter().filter_map(|i| names.get(i).map(String::as_str)).collect();
                        Exec0 {
                            argv: vec![
                                "./tsp.test".into(),
                                "-test.v".into(),
                                "-test.count=1".into(),
                                "-test.timeout=0".into(),
                                "-test.run".into(),
                                format!("^({})$", sel.join("|")),
                            ],
                            env: vec![("GOMEMLIMIT".into(), gomem.clone()), ("GOMAXPROCS".into(), "2".into())],
                            address_space: loose_as,
                        }
                    }),
                }
            }
            Language::C | Language::Cpp => {
                std::fs::write(dir.join("tsp_test.h"), lang::C_HEADER)?;
                let tests = lang::static_tests(p);
                let main_file = format!("tsp_main.{ext}");
                std::fs::write(dir.join(&main_file), lang::c_main(p, &tests))?;
                let (cc, std) = if lang == Language::C {
                    (path(&self.tools.gcc), "-std=c11")
                } else {
                    (path(&self.tools.gxx), "-std=c++17")
                };
                let asan = format!(
                    "detect_leaks=0:hard_rss_limit_mb={mem_mb}:allocator_may_return_null=1:abort_on_error=0:exitcode=86"
                );
                Plan {
                    files: vec!["tsp_tests".into()],
                    build: Some(Exec0 {
                        argv: [
                            cc.as_str(),
                            std,
                            "-g",
                            "-O1",
                            "-fsanitize=address,undefined",
                            "-fno-sanitize-recover=all",
                        ]
                        .into_iter()
                        .chain([
                            "-fno-omit-frame-pointer",
                            "-w",
                            "-o",
                            "tsp_tests",
                            main_file.as_str(),
                            "-lm",
                        ])
                        .map(str::to_string)
                        .collect(),
                        env: vec![],
                        address_space: None,
                    }),
                    discovery: Discovery::Static(tests),
                    batching: Batching::PerTest,
                    protocol: Protocol::Marker,
                    run: Box::new(move |nonce, ids| Exec0 {
                        argv: ["./tsp_tests".to_string(), nonce.to_string()]
                            .into_iter()
                            .chain(ids.iter().cloned())
                            .collect(),
                        env: vec![
                            ("ASAN_OPTIONS".into(), asan.clone()),
                            (
                                "UBSAN_OPTIONS".into(),
                                "halt_on_error=1:print_stacktrace=1:exitcode=87".into(),
                            ),
                        ],
                        address_space: None,
                    }),
                }
            }
            Language::Java | Language::Ruby => {
                return Err(std::io::Error::other(format!("no test runner for {lang}")));
            }
        })
    }

    /// A warmed Go build cache, made once per sandbox from [`lang::GO_SEED_TEST`] (trusted code).
    fn go_seed(&self) -> Option<PathBuf> {
        self.go_seed
            .get_or_init(|| {
                let dir = self.scratch.path().join("go-seed");
                let cache = dir.join("cache");
                std::fs::create_dir_all(&cache).ok()?;
                std::fs::write(dir.join("go.mod"), "module solution\n\ngo 1.19\n").ok()?;
                std::fs::write(dir.join("seed_test.go"), lang::GO_SEED_TEST).ok()?;
                let ok = std::process::Command::new(&self.tools.go)
                    .args(["test", "-c", "-o", "seed.test", "."])
                    .current_dir(&dir)
                    .env_clear()
                    .env("PATH", "/usr/bin:/bin")
                    .env("HOME", &dir)
                    .env("GOCACHE", &cache)
                    .env("GOPATH", dir.join("gopath"))
                    .env("GOFLAGS", "-mod=mod")
                    .env("GOPROXY", "off")
                    .env("CGO_ENABLED", "0")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
                    .ok()?
                    .success();
                ok.then_some(cache)
            })
            .clone()
    }
}

/// Runs many programs in parallel (rayon), calling `done` after each. Results are in input order.
pub fn run_programs(sb: &Sandbox, programs: &[Program], done: &(dyn Fn(&ProgramResult) + Sync)) -> Vec<ProgramResult> {
    programs
        .par_iter()
        .map(|p| {
            let r = sb.run_program(p);
            done(&r);
            r
        })
        .collect()
}

/// 16 random hex digits, so that program output cannot forge harness events by accident.
fn nonce() -> String {
    let mut b = [0u8; 8];
    let n = unsafe { libc::getrandom(b.as_mut_ptr().cast(), b.len(), 0) };
    if n != 8 {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        b = (t.as_nanos() as u64 ^ (std::process::id() as u64) << 32).to_le_bytes();
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn ctx(e: std::io::Error, what: &str) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{what}: {e}"))
}

/// `<load>` ids for each test file of a program (tests unknown when nothing could run).
fn load_ids(p: &Program) -> Vec<String> {
    lang::sources(p)
        .into_iter()
        .map(|(k, _)| lang::test_id(k, "<load>"))
        .collect()
}

fn error_result(kind: TestKind, name: &str, message: String, stdout: &str, stderr: &str) -> TestResult {
    TestResult {
        kind,
        name: name.to_string(),
        outcome: Outcome::Error,
        message,
        stdout_tail: stdout.to_string(),
        stderr_tail: stderr.to_string(),
    }
}

/// Why a process died, with the most telling part of its stderr.
fn describe_crash(out: &crate::process::ProcessOutput) -> String {
    let err = &out.stderr_tail;
    let sanitizer = err.lines().find(|l| {
        l.contains("ERROR: AddressSanitizer") || l.contains("runtime error:") || l.contains("ERROR: LeakSanitizer")
    });
    match sanitizer {
        Some(line) => format!("sanitizer report: {}", line.trim()),
        None => format!("{}\n{}", out.ending(), tail_chars(err, 1500)),
    }
}

fn tail_chars(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut i = s.len() - n;
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}
