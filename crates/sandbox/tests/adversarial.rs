//! Hostile programs: each attack is contained, reported as an error or timeout (or, where the
//! attack lands in the sandbox's private copy, shown not to reach the host), and the runner stays
//! responsive. Network checks use only the host's own 127.0.0.1.

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};
use tsp_sandbox::{Isolation, Limits, Outcome, Program, ProgramResult, Sandbox};
use tsp_tasks::Language;

const WALL: Duration = Duration::from_secs(3);

fn limits() -> Limits {
    Limits {
        wall: WALL,
        ..Limits::default()
    }
}

fn bwrap_sandbox() -> Option<Sandbox> {
    match Sandbox::with_isolation(limits(), Isolation::Bubblewrap) {
        Ok(sb) => Some(sb),
        Err(e) => {
            eprintln!("note: {e}; skipping the bubblewrap case");
            None
        }
    }
}

fn python(security: &str) -> Program {
    Program {
        id: "attack".into(),
        language: Language::Python,
        source: "import os, sys, socket, subprocess, time\n".into(),
        functional_tests: None,
        security_tests: Some(format!("import os, sys, socket, subprocess, time, ctypes\n{security}")),
    }
}

/// Runs `p`, checks the runner came back within the wall-clock limit plus slack, returns outcomes.
fn run(sb: &Sandbox, p: &Program) -> (ProgramResult, Vec<Outcome>) {
    let t = Instant::now();
    let r = sb.run_program(p);
    let took = t.elapsed();
    assert!(took < WALL * 2 + Duration::from_secs(10), "runner took {took:?}");
    let o = r.tests.iter().map(|t| t.outcome).collect();
    (r, o)
}

fn token() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("tsp{:x}{}", t & 0xffff_ffff, std::process::id())
}

/// Live (not zombie) host processes whose command line or name contains `needle`, polled for up
/// to two seconds (killing is asynchronous).
fn host_processes_with(needle: &str) -> usize {
    let mut n = 0;
    for _ in 0..20 {
        n = live_processes_with(needle);
        if n == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    n
}

fn live_processes_with(needle: &str) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        if !e.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        let comm = std::fs::read(e.path().join("comm")).unwrap_or_default();
        let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
        if stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        {
            continue;
        }
        if String::from_utf8_lossy(&cmd).contains(needle) || String::from_utf8_lossy(&comm).contains(needle) {
            n += 1;
        }
    }
    n
}

fn fork_bomb(sb: &Sandbox) {
    let tok = &token()[..14]; // comm holds 15 bytes
    let p = python(&format!(
        "def test_fork_bomb():\n    libc = ctypes.CDLL(None)\n    libc.prctl(15, b'{tok}', 0, 0, 0)\n    while True:\n        os.fork()\n"
    ));
    let (r, o) = run(sb, &p);
    assert!(matches!(o[..], [Outcome::Error | Outcome::Timeout]), "{r:#?}");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(host_processes_with(tok), 0, "fork bomb processes survived");
}

#[test]
fn fork_bomb_is_stopped() {
    if let Some(sb) = bwrap_sandbox() {
        fork_bomb(&sb);
    }
}

#[test]
fn fork_bomb_is_stopped_without_bwrap() {
    fork_bomb(&Sandbox::with_isolation(limits(), Isolation::Fallback).unwrap());
}

#[test]
fn infinite_loop_times_out() {
    let sb = Sandbox::new(limits());
    let t = Instant::now();
    let (r, o) = run(
        &sb,
        &python("def test_loop():\n    while True:\n        pass\n\ndef test_after():\n    pass\n"),
    );
    assert_eq!(o, [Outcome::Timeout, Outcome::Pass], "{r:#?}");
    assert!(t.elapsed() >= WALL);
}

#[test]
fn ten_gigabytes_are_refused() {
    let sb = Sandbox::new(limits());
    let (r, o) = run(
        &sb,
        &python("def test_alloc():\n    b = bytearray(10 * 1024**3)\n    b[::4096] = b'x' * len(b[::4096])\n"),
    );
    assert_eq!(o, [Outcome::Error], "{r:#?}");
    assert!(r.tests[0].message.contains("MemoryError"), "{}", r.tests[0].message);
}

#[test]
fn ten_gigabytes_are_refused_in_c_under_asan() {
    if !Path::new("/usr/bin/gcc").exists() {
        eprintln!("note: no gcc; skipping");
        return;
    }
    let sb = Sandbox::new(limits());
    let p = Program {
        id: "alloc".into(),
        language: Language::C,
        source: "#include <stdlib.h>\n#include <string.h>\nchar *grab(size_t n) { char *p = malloc(n); if (p) memset(p, 1, n); return p; }\n".into(),
        functional_tests: None,
        security_tests: Some("#include \"tsp_test.h\"\nTEST(alloc) { char *p = grab((size_t)10 << 30); CHECK(p != NULL); free(p); }\n".into()),
    };
    let (r, o) = run(&sb, &p);
    // ASan's RSS limit or the memory cgroup kills it (error), or malloc returns NULL (fail).
    assert!(
        matches!(o[..], [Outcome::Error | Outcome::Fail | Outcome::Timeout]),
        "{r:#?}"
    );
}

fn network(sb: &Sandbox, expect_loopback_only: bool) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut tests = format!(
        "def test_connect_to_host():\n    s = socket.create_connection(('127.0.0.1', {port}), timeout=2)\n    s.sendall(b'escaped')\n"
    );
    if expect_loopback_only {
        tests.push_str("\ndef test_only_own_loopback():\n    assert [n for _, n in socket.if_nameindex()] == ['lo'], socket.if_nameindex()\n");
    }
    let (r, o) = run(sb, &python(&tests));
    assert!(matches!(o[0], Outcome::Error | Outcome::Timeout), "{r:#?}");
    if expect_loopback_only {
        assert_eq!(o[1], Outcome::Pass, "{r:#?}");
    }
    assert!(listener.accept().is_err(), "the sandbox reached the host's listener");
}

#[test]
fn host_network_is_unreachable() {
    if let Some(sb) = bwrap_sandbox() {
        network(&sb, true);
    }
}

#[test]
fn host_network_is_unreachable_without_bwrap() {
    network(&Sandbox::with_isolation(limits(), Isolation::Fallback).unwrap(), false);
}

#[test]
fn writes_outside_tmp_do_not_reach_the_host() {
    let Some(sb) = bwrap_sandbox() else { return };
    let tok = token();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{tok}.txt"));
    let home = Path::new(&std::env::var("HOME").unwrap_or("/root".into())).join(format!("{tok}.txt"));
    let host_tmp = Path::new("/tmp").join(format!("{tok}.txt"));
    let write = |name: &str, p: &Path| {
        format!(
            "def test_{name}():\n    open({:?}, 'w').write('x')\n\n",
            p.display().to_string()
        )
    };
    let src = write("repo", &repo)
        + &write("home", &home)
        + &write("tmp", &host_tmp)
        + &write("usr", Path::new("/usr/tsp-escape"));
    let (r, o) = run(&sb, &python(&src));
    // The repository, $HOME and /usr are not writable (absent or read-only): errors.
    assert_eq!(o[0], Outcome::Error, "{r:#?}");
    assert_eq!(o[1], Outcome::Error, "{r:#?}");
    assert_eq!(o[3], Outcome::Error, "{r:#?}");
    // /tmp is the sandbox's own tmpfs: the write succeeds there and never reaches the host.
    assert_eq!(o[2], Outcome::Pass, "{r:#?}");
    for p in [&repo, &home, &host_tmp, Path::new("/usr/tsp-escape")] {
        assert!(!p.exists(), "{} was written on the host", p.display());
    }
}

#[test]
fn secrets_outside_are_unreadable() {
    let Some(sb) = bwrap_sandbox() else { return };
    let tok = token();
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, format!("SECRET-{tok}")).unwrap();
    let repo_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let src = format!(
        "def test_read_tmp_secret():\n    print(open({:?}).read())\n\ndef test_read_repo():\n    print(open({:?}).read())\n\ndef test_read_home():\n    print(os.listdir({:?}))\n",
        secret.display().to_string(),
        repo_file.display().to_string(),
        std::env::var("HOME").unwrap_or("/root".into())
    );
    let (r, o) = run(&sb, &python(&src));
    assert_eq!(o, [Outcome::Error, Outcome::Error, Outcome::Error], "{r:#?}");
    for t in &r.tests {
        assert!(!t.stdout_tail.contains(&format!("SECRET-{tok}")) && !t.stdout_tail.contains("[package]"));
    }
}

fn daemon(sb: &Sandbox) {
    let tok = token();
    // Double fork + setsid: the classic way out of a process group.
    let src = format!(
        "def test_daemon():\n    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n            os.execv('/bin/sh', ['/bin/sh', '-c', 'exec -a {tok} sleep 60'])\n        os._exit(0)\n    time.sleep(0.5)\n"
    );
    let (r, o) = run(sb, &python(&src));
    assert_eq!(o, [Outcome::Pass], "{r:#?}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(host_processes_with(&tok), 0, "the background process outlived the run");
}

#[test]
fn background_process_dies_with_the_run() {
    if let Some(sb) = bwrap_sandbox() {
        daemon(&sb);
    }
}

#[test]
fn background_process_dies_with_the_run_without_bwrap() {
    let sb = Sandbox::with_isolation(limits(), Isolation::Fallback).unwrap();
    if sb.process_limit() != tsp_sandbox::ProcessLimit::Cgroup {
        eprintln!("note: no pids cgroup; the fallback cannot reach an escaped daemon; skipping");
        return;
    }
    daemon(&sb);
}

#[test]
fn runner_stays_responsive_after_attacks() {
    let sb = Sandbox::new(limits());
    let bad = python("def test_loop():\n    while True:\n        pass\n");
    let good = python("def test_ok():\n    assert 1 + 1 == 2\n");
    let programs = vec![bad.clone(), good.clone(), bad, good];
    let t = Instant::now();
    let results = tsp_sandbox::run_programs(&sb, &programs, &|_| {});
    let o: Vec<Outcome> = results.iter().map(|r| r.tests[0].outcome).collect();
    assert_eq!(o, [Outcome::Timeout, Outcome::Pass, Outcome::Timeout, Outcome::Pass]);
    assert!(t.elapsed() < WALL * 4, "{:?}", t.elapsed());
}
