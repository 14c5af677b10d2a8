//! Resource limits for one sandboxed process.

use std::time::Duration;

/// Limits applied to every process the sandbox starts. The defaults suit unit-test-sized programs
/// on a small machine: generous enough for a Go build, small enough that a hostile program cannot
/// take the host down.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Wall-clock time per test: a process is killed (its whole process group and cgroup) when
    /// this passes without a test starting or finishing, and for a build, when it passes at all.
    pub wall: Duration,
    /// Wall-clock time per process however many tests it runs.
    pub wall_total: Duration,
    /// Wall-clock time for a build (a Go or C compile on a loaded machine takes seconds).
    pub build_wall: Duration,
    /// CPU seconds per process (RLIMIT_CPU).
    pub cpu_secs: u64,
    /// Memory in bytes: the memory cgroup limit where available, RLIMIT_AS otherwise (not for
    /// AddressSanitizer binaries, which reserve terabytes of address space; they get ASan's own
    /// `hard_rss_limit_mb`), Node's heap limit, Go's GOMEMLIMIT.
    pub memory_bytes: u64,
    /// Largest file a process may write (RLIMIT_FSIZE), and the size of each private tmpfs.
    pub file_bytes: u64,
    /// Open file descriptors (RLIMIT_NOFILE).
    pub open_files: u64,
    /// Processes and threads alive at once (cgroup `pids.max`; RLIMIT_NPROC when not root).
    pub processes: u64,
    /// Bytes of stdout and of stderr kept per process (the tail).
    pub output_tail: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            wall: Duration::from_secs(10),
            wall_total: Duration::from_secs(120),
            build_wall: Duration::from_secs(60),
            cpu_secs: 10,
            memory_bytes: 1 << 30,
            file_bytes: 64 << 20,
            open_files: 256,
            processes: 64,
            output_tail: 4096,
        }
    }
}
