//! Per-run cgroups (v1 `pids` and `memory` controllers). Running as root, RLIMIT_NPROC is not
//! enforced, so a fork bomb is stopped by `pids.max`; `memory.limit_in_bytes` bounds what a run
//! (and its tmpfs) can take, even for AddressSanitizer binaries that cannot live under RLIMIT_AS.
//! Each run gets its own cgroup, so killing a run means killing every pid listed in it, including
//! background processes that left the process group.

use std::fs;

use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The sandbox's parent cgroups, created once per [`crate::Sandbox`] under the cgroups this
/// process is in, and removed when it is dropped.
#[derive(Debug)]
pub(crate) struct CgroupRoot {
    pids: PathBuf,
    memory: Option<PathBuf>,
    next: AtomicU64,
}

/// One run's cgroups. `procs` are open `cgroup.procs` files that the child writes its own pid to
/// before exec (so it is limited from its first instruction).
pub(crate) struct RunCgroup {
    dirs: Vec<PathBuf>,
    procs: Vec<fs::File>,
}

impl CgroupRoot {
    /// Creates `tsp-sandbox-<pid>-<n>` parents; `None` when the v1 pids controller is not writable.
    pub(crate) fn create() -> Option<CgroupRoot> {
        let own = fs::read_to_string("/proc/self/cgroup").ok()?;
        let path_of = |ctrl: &str| -> Option<PathBuf> {
            let rel = own.lines().find_map(|l| {
                let mut parts = l.splitn(3, ':');
                let (_, ctrls, path) = (parts.next()?, parts.next()?, parts.next()?);
                ctrls
                    .split(',')
                    .any(|c| c == ctrl)
                    .then(|| path.trim_start_matches('/').to_string())
            })?;
            let base = Path::new("/sys/fs/cgroup").join(ctrl);
            base.join("cgroup.procs").exists().then(|| base.join(rel))
        };
        static SANDBOXES: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "tsp-sandbox-{}-{}",
            std::process::id(),
            SANDBOXES.fetch_add(1, Ordering::Relaxed)
        );
        let pids = path_of("pids")?.join(&name);
        fs::create_dir_all(&pids).ok()?;
        if !pids.join("pids.max").exists() {
            let _ = fs::remove_dir(&pids);
            return None;
        }
        let memory = path_of("memory")
            .map(|m| m.join(&name))
            .filter(|m| fs::create_dir_all(m).is_ok());
        Some(CgroupRoot {
            pids,
            memory,
            next: AtomicU64::new(0),
        })
    }

    pub(crate) fn has_memory(&self) -> bool {
        self.memory.is_some()
    }

    /// A fresh cgroup pair for one run, with its limits written.
    pub(crate) fn run(&self, max_pids: u64, memory_bytes: u64) -> std::io::Result<RunCgroup> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let mut cg = RunCgroup {
            dirs: Vec::new(),
            procs: Vec::new(),
        };
        let pids = self.pids.join(format!("run-{n}"));
        fs::create_dir(&pids)?;
        cg.dirs.push(pids.clone());
        fs::write(pids.join("pids.max"), max_pids.to_string())?;
        cg.procs
            .push(fs::OpenOptions::new().write(true).open(pids.join("cgroup.procs"))?);
        if let Some(mem) = &self.memory {
            let dir = mem.join(format!("run-{n}"));
            fs::create_dir(&dir)?;
            cg.dirs.push(dir.clone());
            fs::write(dir.join("memory.limit_in_bytes"), memory_bytes.to_string())?;
            // Without swap accounting this file is absent; the plain limit then suffices.
            let _ = fs::write(dir.join("memory.memsw.limit_in_bytes"), memory_bytes.to_string());
            cg.procs
                .push(fs::OpenOptions::new().write(true).open(dir.join("cgroup.procs"))?);
        }
        Ok(cg)
    }
}

impl Drop for CgroupRoot {
    fn drop(&mut self) {
        let _ = fs::remove_dir(&self.pids);
        if let Some(m) = &self.memory {
            let _ = fs::remove_dir(m);
        }
    }
}

impl RunCgroup {
    /// Raw fds of the `cgroup.procs` files, for the child to write its pid into (see `process.rs`).
    pub(crate) fn proc_fds(&self) -> Vec<RawFd> {
        self.procs.iter().map(|f| f.as_raw_fd()).collect()
    }

    /// Whether an OOM kill happened in this run (memory controller only).
    pub(crate) fn oom_killed(&self) -> bool {
        self.dirs.iter().any(|d| {
            fs::read_to_string(d.join("memory.oom_control"))
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find_map(|l| l.strip_prefix("oom_kill ").map(|n| n.trim() != "0"))
                })
                .unwrap_or(false)
        })
    }

    /// Whether a fork was refused because of `pids.max`.
    pub(crate) fn pids_limited(&self) -> bool {
        self.dirs.iter().any(|d| {
            fs::read_to_string(d.join("pids.events"))
                .ok()
                .and_then(|s| s.lines().find_map(|l| l.strip_prefix("max ").map(|n| n.trim() != "0")))
                .unwrap_or(false)
        })
    }

    /// Kills every process in the run's cgroups until they are empty (a process being killed
    /// cannot fork, so this converges; bounded anyway).
    pub(crate) fn kill_all(&self) {
        for _ in 0..100 {
            let mut any = false;
            for d in &self.dirs {
                if let Ok(s) = fs::read_to_string(d.join("cgroup.procs")) {
                    for pid in s.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
                        any = true;
                        unsafe { libc::kill(pid, libc::SIGKILL) };
                    }
                }
            }
            if !any {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
}

impl Drop for RunCgroup {
    fn drop(&mut self) {
        self.kill_all();
        self.procs.clear();
        for d in &self.dirs {
            // A killed process leaves the cgroup a moment after it dies.
            for _ in 0..200 {
                if fs::remove_dir(d).is_ok() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    }
}

/// Writes the calling process's pid to each fd. Runs in the child between fork and exec, so it
/// only makes raw system calls and does not allocate.
pub(crate) fn join_in_child(fds: &[RawFd]) -> std::io::Result<()> {
    let pid = unsafe { libc::getpid() };
    let mut buf = [0u8; 16];
    let mut n = pid as u32;
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &fd in fds {
        let r = unsafe { libc::write(fd, buf[i..].as_ptr().cast(), buf.len() - i) };
        if r < 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}
