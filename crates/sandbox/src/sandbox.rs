//! The [`Sandbox`]: which isolation this machine allows, and how one command is started under it.
//!
//! Bubblewrap mode: `bwrap --unshare-all --die-with-parent --new-session --clearenv`, `/usr`
//! read-only (with the `/bin`, `/lib` links), a few harmless `/etc` files, private `/proc`, `/dev`
//! and a size-limited tmpfs `/tmp`; the program's directory is `/sandbox`. Nothing of `$HOME`, the
//! repository or the host's `/tmp` is mounted. Only a private loopback exists, so the host's
//! network, including its 127.0.0.1, is unreachable.
//!
//! Fallback mode (no working bwrap): the same rlimits and cgroups, plus a seccomp filter that
//! refuses `socket`; files are not hidden, so the fallback is only as strong as that.

use crate::cgroup::{CgroupRoot, RunCgroup};
use crate::limits::Limits;
use crate::process::{self, ChildSetup, ProcessOutput};
use crate::seccomp::{self, Policy};
use seccompiler::BpfProgram;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How programs are isolated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isolation {
    /// bubblewrap namespaces + rlimits + cgroups + seccomp (the default where bwrap works).
    Bubblewrap,
    /// rlimits + cgroups + a seccomp filter denying sockets; the file system is not hidden.
    Fallback,
    /// No isolation beyond rlimits and the timeout: only for measuring the sandbox's own cost.
    Unsandboxed,
}

/// How the number of processes is bounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessLimit {
    /// A per-run `pids` cgroup with `pids.max` (holds as root).
    Cgroup,
    /// seccomp refuses new processes (threads still work); tests that spawn commands error.
    NoFork,
}

/// Host paths of the language tools (all under `/usr`, which is what the sandbox mounts).
#[derive(Clone, Debug)]
pub(crate) struct Tools {
    pub python: PathBuf,
    pub node: PathBuf,
    pub go: PathBuf,
    pub gcc: PathBuf,
    pub gxx: PathBuf,
}

/// A configured sandbox. Create one and share it across threads: [`crate::run_programs`] runs
/// many programs in parallel through one sandbox.
pub struct Sandbox {
    pub(crate) limits: Limits,
    isolation: Isolation,
    bwrap: PathBuf,
    cgroups: Option<CgroupRoot>,
    process_limit: ProcessLimit,
    filters: Vec<Vec<u8>>,
    child_filters: Vec<BpfProgram>,
    warnings: Vec<String>,
    pub(crate) tools: Tools,
    /// Scratch space of this sandbox on the host (program directories, the Go cache seed).
    pub(crate) scratch: tempfile::TempDir,
    pub(crate) go_seed: std::sync::OnceLock<Option<PathBuf>>,
}

/// One command to run: where its files are, what to run, and how.
pub(crate) struct Exec<'a> {
    /// Host directory holding the program's files.
    pub dir: &'a Path,
    /// Build steps (with `build_wall` as their time limit) get `dir` read-write (compilers write
    /// outputs there); test runs get a fresh
    /// tmpfs with `files` bound read-only into it, so nothing they write reaches the host disk.
    pub writable_dir: bool,
    pub files: &'a [String],
    /// argv; the first is an absolute host path under /usr, or `./name` in the program directory.
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
    /// RLIMIT_AS for this command; `None` for AddressSanitizer binaries and runtimes that reserve
    /// large address ranges (the memory cgroup bounds those).
    pub address_space: Option<u64>,
}

/// Where the program directory appears inside bubblewrap.
pub(crate) const SANDBOX_DIR: &str = "/sandbox";

fn find_tool(names: &[&str]) -> PathBuf {
    for n in names {
        let p = Path::new(n);
        if p.exists() {
            return p.to_path_buf();
        }
    }
    PathBuf::from(names[0])
}

impl Sandbox {
    /// The strongest isolation this machine allows, with warnings for what is missing.
    pub fn new(limits: Limits) -> Sandbox {
        let bwrap_ok = bwrap_works();
        let iso = if bwrap_ok {
            Isolation::Bubblewrap
        } else {
            Isolation::Fallback
        };
        let mut sb = Sandbox::with_isolation(limits, iso).expect("fallback isolation is always available");
        if !bwrap_ok {
            sb.warnings.insert(
                0,
                "bubblewrap (bwrap) is missing or does not work here: programs run WITHOUT file-system isolation \
                 (rlimits, cgroups and a seccomp filter denying sockets only); install the `bubblewrap` package"
                    .into(),
            );
        }
        sb
    }

    /// A sandbox with the given isolation (errors when bubblewrap is asked for and does not work).
    pub fn with_isolation(limits: Limits, isolation: Isolation) -> Result<Sandbox, String> {
        if isolation == Isolation::Bubblewrap && !bwrap_works() {
            return Err("bubblewrap (bwrap) is not installed or cannot create namespaces here".into());
        }
        let mut warnings = Vec::new();
        let cgroups = if isolation == Isolation::Unsandboxed {
            None
        } else {
            CgroupRoot::create()
        };
        let process_limit = if cgroups.is_some() {
            ProcessLimit::Cgroup
        } else {
            ProcessLimit::NoFork
        };
        if isolation != Isolation::Unsandboxed {
            match &cgroups {
                None => warnings.push(
                    "no writable cgroup v1 `pids` controller: new processes are refused by seccomp instead \
                     (tests that start commands will error)"
                        .into(),
                ),
                Some(c) if !c.has_memory() => warnings.push(
                    "no writable memory cgroup: memory is limited by RLIMIT_AS only, and not for AddressSanitizer \
                     binaries (ASan's hard_rss_limit_mb applies)"
                        .into(),
                ),
                _ => {}
            }
        }
        let policy = Policy {
            deny_sockets: isolation == Isolation::Fallback,
            deny_fork: process_limit == ProcessLimit::NoFork && isolation != Isolation::Unsandboxed,
        };
        let progs = if isolation == Isolation::Unsandboxed {
            Vec::new()
        } else {
            seccomp::filters(policy)
        };
        let (filters, child_filters) = match isolation {
            Isolation::Bubblewrap => (progs.iter().map(seccomp::to_bytes).collect(), Vec::new()),
            _ => (Vec::new(), progs),
        };
        let scratch = tempfile::Builder::new()
            .prefix("tsp-sandbox-")
            .tempdir()
            .map_err(|e| format!("cannot create a scratch directory: {e}"))?;
        Ok(Sandbox {
            limits,
            isolation,
            bwrap: find_tool(&["/usr/bin/bwrap", "/usr/local/bin/bwrap"]),
            cgroups,
            process_limit,
            filters,
            child_filters,
            warnings,
            tools: Tools {
                python: find_tool(&["/usr/bin/python3"]),
                node: find_tool(&["/usr/bin/node", "/usr/bin/nodejs", "/usr/local/bin/node"]),
                go: find_tool(&["/usr/bin/go", "/usr/lib/go/bin/go"]),
                gcc: find_tool(&["/usr/bin/gcc"]),
                gxx: find_tool(&["/usr/bin/g++"]),
            },
            scratch,
            go_seed: std::sync::OnceLock::new(),
        })
    }

    pub fn isolation(&self) -> Isolation {
        self.isolation
    }

    pub fn process_limit(&self) -> ProcessLimit {
        self.process_limit
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// What this sandbox cannot enforce on this machine; print these to the user.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// True when memory is bounded by a cgroup (so RLIMIT_AS may be left off).
    pub(crate) fn has_memory_cgroup(&self) -> bool {
        self.cgroups.as_ref().is_some_and(|c| c.has_memory())
    }

    /// Runs one command under this sandbox's isolation.
    pub(crate) fn exec(
        &self,
        e: &Exec<'_>,
        is_event: &(dyn Fn(&str) -> bool + Sync),
    ) -> std::io::Result<ProcessOutput> {
        let l = &self.limits;
        let mut rlimits = vec![
            (libc::RLIMIT_CPU, l.cpu_secs),
            (libc::RLIMIT_FSIZE, l.file_bytes),
            (libc::RLIMIT_NOFILE, l.open_files),
            (libc::RLIMIT_CORE, 0),
        ];
        if let Some(a) = e.address_space {
            rlimits.push((libc::RLIMIT_AS, a));
        }
        let run_cg: Option<RunCgroup> = match &self.cgroups {
            Some(root) => Some(root.run(l.processes, l.memory_bytes)?),
            None => None,
        };
        let cgroup_fds = run_cg.as_ref().map(|c| c.proc_fds()).unwrap_or_default();
        let mut memfds = Vec::new();
        let cmd = match self.isolation {
            Isolation::Bubblewrap => {
                let mut pass = Vec::new();
                let mut cmd = Command::new(&self.bwrap);
                cmd.env_clear();
                cmd.args(self.bwrap_args(e));
                for f in &self.filters {
                    let fd = process::memfd_with(f)?;
                    pass.push(fd.as_raw_fd());
                    cmd.args(["--add-seccomp-fd", &fd.as_raw_fd().to_string()]);
                    memfds.push(fd);
                }
                cmd.arg("--").args(&e.argv);
                (cmd, pass)
            }
            Isolation::Fallback | Isolation::Unsandboxed => {
                let mut cmd = Command::new(&e.argv[0]);
                cmd.args(&e.argv[1..]).current_dir(e.dir).env_clear();
                let home = e.dir.to_string_lossy().into_owned();
                for (k, v) in base_env(&home).into_iter().chain(e.env.iter().cloned()) {
                    cmd.env(k, v.replace(SANDBOX_DIR, &home));
                }
                (cmd, Vec::new())
            }
        };
        let (cmd, pass_fds) = cmd;
        let setup = ChildSetup {
            rlimits,
            cgroup_fds,
            seccomp_in_child: self.child_filters.clone(),
            pass_fds,
        };
        let (wall, cap) = if e.writable_dir {
            (l.build_wall, l.build_wall)
        } else {
            (l.wall, l.wall_total.max(l.wall))
        };
        let out = process::run(cmd, setup, run_cg.as_ref(), wall, cap, l.output_tail, is_event);
        drop(memfds);
        out
    }

    fn bwrap_args(&self, e: &Exec<'_>) -> Vec<String> {
        let mut a: Vec<String> = Vec::with_capacity(96);
        let mut push = |xs: &[&str]| a.extend(xs.iter().map(|s| s.to_string()));
        push(&[
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--clearenv",
            "--hostname",
            "sandbox",
        ]);
        push(&["--ro-bind", "/usr", "/usr"]);
        for top in ["/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"] {
            let p = Path::new(top);
            match std::fs::read_link(p) {
                Ok(target) => push(&["--symlink", &target.to_string_lossy(), top]),
                Err(_) if p.is_dir() => push(&["--ro-bind", top, top]),
                Err(_) => {}
            }
        }
        for etc in [
            "/etc/alternatives",
            "/etc/ld.so.cache",
            "/etc/ld.so.conf",
            "/etc/ld.so.conf.d",
            "/etc/localtime",
            "/etc/passwd",
            "/etc/group",
        ] {
            push(&["--ro-bind-try", etc, etc]);
        }
        let size = self.limits.file_bytes.to_string();
        push(&["--proc", "/proc", "--dev", "/dev", "--size", &size, "--tmpfs", "/tmp"]);
        let dir = e.dir.to_string_lossy().into_owned();
        if e.writable_dir {
            push(&["--bind", &dir, SANDBOX_DIR]);
        } else {
            push(&["--size", &size, "--tmpfs", SANDBOX_DIR]);
            for f in e.files {
                let host = e.dir.join(f).to_string_lossy().into_owned();
                push(&["--ro-bind", &host, &format!("{SANDBOX_DIR}/{f}")]);
            }
        }
        push(&["--chdir", SANDBOX_DIR]);
        for (k, v) in base_env("/tmp").iter().chain(e.env.iter()) {
            push(&["--setenv", k, v]);
        }
        a
    }
}

/// The environment every sandboxed command starts from (the host's is never passed on).
fn base_env(home: &str) -> Vec<(String, String)> {
    vec![
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("HOME".into(), home.into()),
        ("TMPDIR".into(), home.into()),
        ("LANG".into(), "C.UTF-8".into()),
    ]
}

/// Whether bwrap exists and can set up its namespaces here (containers may forbid it).
fn bwrap_works() -> bool {
    static OK: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *OK.get_or_init(|| {
        Command::new("bwrap")
            .args([
                "--unshare-all",
                "--die-with-parent",
                "--ro-bind",
                "/usr",
                "/usr",
                "--proc",
                "/proc",
                "--dev",
                "/dev",
            ])
            .args([
                "--symlink",
                "usr/bin",
                "/bin",
                "--symlink",
                "usr/lib",
                "/lib",
                "--symlink",
                "usr/lib64",
                "/lib64",
            ])
            .args(["--", "/usr/bin/true"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    })
}
