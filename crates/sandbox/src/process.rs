//! Starting one process under the sandbox's isolation and collecting what it did: exit status,
//! whether the wall clock ran out, the tails of stdout and stderr, and the event lines the
//! harness printed. The process runs in its own session (so the whole process group can be
//! killed) and, where available, in its own cgroups (so everything it started can be killed).

use crate::cgroup::{join_in_child, RunCgroup};
use seccompiler::BpfProgram;
use std::collections::VecDeque;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Everything a child sets up between fork and exec.
pub(crate) struct ChildSetup {
    /// (resource, limit) pairs for `setrlimit`.
    pub rlimits: Vec<(libc::__rlimit_resource_t, u64)>,
    /// `cgroup.procs` files to write the child's pid to.
    pub cgroup_fds: Vec<RawFd>,
    /// Filters installed in the child itself (fallback mode).
    pub seccomp_in_child: Vec<BpfProgram>,
    /// Fds the child keeps open across exec (seccomp programs handed to bubblewrap): they are
    /// opened close-on-exec, so no other concurrently spawned child inherits them.
    pub pass_fds: Vec<RawFd>,
}

/// What one process did.
#[derive(Debug, Default)]
pub(crate) struct ProcessOutput {
    /// `None` when the status could not be collected.
    pub status: Option<ExitStatus>,
    pub timed_out: bool,
    pub stdout_tail: String,
    pub stderr_tail: String,
    /// Lines of stdout for which the event filter returned true, in order.
    pub events: Vec<String>,
    pub oom_killed: bool,
    pub pids_limited: bool,
    pub elapsed: Duration,
}

impl ProcessOutput {
    /// A short description of how the process ended, for error messages.
    pub fn ending(&self) -> String {
        if self.timed_out {
            return "wall-clock timeout".into();
        }
        let mut s = match self.status {
            Some(st) => match (st.code(), st.signal()) {
                (Some(c), _) => format!("exit code {c}"),
                (None, Some(sig)) => format!("killed by signal {sig}"),
                _ => "unknown status".into(),
            },
            None => "no exit status".into(),
        };
        if self.oom_killed {
            s.push_str(" (memory limit reached)");
        }
        if self.pids_limited {
            s.push_str(" (process limit reached)");
        }
        s
    }
}

/// What the waiting thread hears about: the exit, or progress (an event line on stdout).
enum Signal {
    Exited(std::io::Result<ExitStatus>),
    Progress,
}

/// Runs `cmd` (whose program, args, env and cwd are set) with `setup`. `is_event` picks the
/// stdout lines to keep whole. The process is killed when `wall` passes without an event line
/// (each test start or result restarts the clock, so the limit is per test in a batch), or when
/// `cap` passes in all (so a program printing fake events cannot run forever).
pub(crate) fn run(
    mut cmd: Command,
    setup: ChildSetup,
    cgroup: Option<&RunCgroup>,
    wall: Duration,
    cap: Duration,
    tail: usize,
    is_event: &(dyn Fn(&str) -> bool + Sync),
) -> std::io::Result<ProcessOutput> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let ChildSetup {
        rlimits,
        cgroup_fds,
        seccomp_in_child,
        pass_fds,
    } = setup;
    unsafe {
        cmd.pre_exec(move || {
            // New session: the child leads a process group we can kill as one.
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            // If the runner dies, so does the child.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            for &(res, lim) in &rlimits {
                let r = libc::rlimit {
                    rlim_cur: lim,
                    rlim_max: lim,
                };
                if libc::setrlimit(res, &r) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            join_in_child(&cgroup_fds)?;
            for &fd in &pass_fds {
                if libc::fcntl(fd, libc::F_SETFD, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            crate::seccomp::apply(&seccomp_in_child)?;
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child: Child = cmd.spawn()?;
    let pid = child.id() as i32;
    let out_pipe = child.stdout.take().expect("piped stdout");
    let err_pipe = child.stderr.take().expect("piped stderr");
    let (out_tx, out_rx) = mpsc::channel();
    let (err_tx, err_rx) = mpsc::channel();
    let (sig_tx, sig_rx) = mpsc::channel();
    let progress_tx = sig_tx.clone();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let on_event = move || {
                let _ = progress_tx.send(Signal::Progress);
            };
            let _ = out_tx.send(read_stream(out_pipe, tail, Some(is_event), &on_event));
        });
        scope.spawn(move || {
            let _ = err_tx.send(read_stream(err_pipe, tail, None, &|| {}));
        });
        scope.spawn(move || {
            let _ = sig_tx.send(Signal::Exited(child.wait()));
        });
        let mut out = ProcessOutput::default();
        let hard_stop = start + cap;
        let mut deadline = (start + wall).min(hard_stop);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match sig_rx.recv_timeout(left) {
                Ok(Signal::Exited(status)) => {
                    out.status = status.ok();
                    break;
                }
                Ok(Signal::Progress) => deadline = (Instant::now() + wall).min(hard_stop),
                Err(_) => {
                    out.timed_out = true;
                    kill_group(pid);
                    if let Some(cg) = cgroup {
                        cg.kill_all();
                    }
                    while let Ok(sig) = sig_rx.recv() {
                        if let Signal::Exited(status) = sig {
                            out.status = status.ok();
                            break;
                        }
                    }
                    break;
                }
            }
        }
        out.elapsed = start.elapsed();
        // Whatever the process left behind (a daemon that escaped its group) dies with the run.
        kill_group(pid);
        if let Some(cg) = cgroup {
            out.oom_killed = cg.oom_killed();
            out.pids_limited = cg.pids_limited();
            cg.kill_all();
        }
        // A descendant outside our reach may still hold the pipes open: wait briefly, then give
        // up on the output rather than hang the runner.
        let grace = Duration::from_millis(if cgroup.is_some() { 2000 } else { 500 });
        if let Ok((tail, events)) = out_rx.recv_timeout(grace) {
            out.stdout_tail = tail;
            out.events = events;
        }
        if let Ok((tail, _)) = err_rx.recv_timeout(grace) {
            out.stderr_tail = tail;
        }
        Ok(out)
    })
}

/// Kills the process group led by `pid`.
fn kill_group(pid: i32) {
    unsafe {
        libc::killpg(pid, libc::SIGKILL);
    }
}

/// Reads a stream to its end, keeping the last `tail` bytes and (when asked) the event lines.
fn read_stream(
    mut r: impl Read,
    tail: usize,
    is_event: Option<&(dyn Fn(&str) -> bool + Sync)>,
    on_event: &dyn Fn(),
) -> (String, Vec<String>) {
    const MAX_LINE: usize = 1 << 20;
    const MAX_EVENTS: usize = 100_000;
    let mut ring: VecDeque<u8> = VecDeque::with_capacity(tail.min(1 << 16));
    let mut line: Vec<u8> = Vec::new();
    let mut events = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &b in &buf[..n] {
            if ring.len() == tail {
                ring.pop_front();
            }
            if tail > 0 {
                ring.push_back(b);
            }
        }
        if let Some(f) = is_event {
            for &b in &buf[..n] {
                if b == b'\n' {
                    if events.len() < MAX_EVENTS {
                        let s = String::from_utf8_lossy(&line);
                        if f(&s) {
                            events.push(s.into_owned());
                            on_event();
                        }
                    }
                    line.clear();
                } else if line.len() < MAX_LINE {
                    line.push(b);
                }
            }
        }
    }
    if let Some(f) = is_event {
        let s = String::from_utf8_lossy(&line);
        if !s.is_empty() && f(&s) {
            events.push(s.into_owned());
        }
    }
    let bytes: Vec<u8> = ring.into_iter().collect();
    (String::from_utf8_lossy(&bytes).into_owned(), events)
}

/// A sealed in-memory file holding `bytes`, for handing a seccomp program to bubblewrap.
pub(crate) fn memfd_with(bytes: &[u8]) -> std::io::Result<OwnedFd> {
    let fd = unsafe { libc::memfd_create(c"tsp-seccomp".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    let mut off = 0;
    while off < bytes.len() {
        let n = unsafe { libc::write(owned.as_raw_fd(), bytes[off..].as_ptr().cast(), bytes.len() - off) };
        if n < 0 {
            return Err(std::io::Error::last_os_error());
        }
        off += n as usize;
    }
    if unsafe { libc::lseek(owned.as_raw_fd(), 0, libc::SEEK_SET) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(owned)
}
