//! Seccomp filters. Inside bubblewrap they are defense in depth (no ptrace, mount, namespaces,
//! kernel keyrings, bpf, module loading); in the fallback without bubblewrap they are the network
//! boundary (`socket` is refused); as root without a pids cgroup they are the process limit
//! (`fork`/`vfork` and non-thread `clone` are refused, threads still work).

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter, SeccompRule,
};
use std::collections::BTreeMap;

/// What the filter must refuse beyond the always-denied calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Policy {
    /// Refuse `socket` (the fallback's network boundary).
    pub deny_sockets: bool,
    /// Refuse new processes (the process limit as root when no pids cgroup exists).
    pub deny_fork: bool,
}

/// System calls no test needs and an escape would: denied with EPERM in every mode.
const ALWAYS_DENIED: &[i64] = &[
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_unshare,
    libc::SYS_setns,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_userfaultfd,
    libc::SYS_kexec_load,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_reboot,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_open_by_handle_at,
    libc::SYS_name_to_handle_at,
    libc::SYS_acct,
    libc::SYS_iopl,
    libc::SYS_ioperm,
    libc::SYS_syslog,
];

fn arch() -> seccompiler::TargetArch {
    std::env::consts::ARCH
        .try_into()
        .expect("seccomp: unsupported architecture")
}

/// The filters for a policy, to be installed in order. Two programs because seccompiler gives one
/// action per filter: the first answers EPERM, the second answers `clone3` with ENOSYS so that
/// glibc falls back to `clone`, whose flags a filter can inspect (it cannot read clone3's struct).
pub(crate) fn filters(policy: Policy) -> Vec<BpfProgram> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = ALWAYS_DENIED.iter().map(|&s| (s, vec![])).collect();
    if policy.deny_sockets {
        rules.insert(libc::SYS_socket, vec![]);
    }
    if policy.deny_fork {
        rules.insert(libc::SYS_fork, vec![]);
        rules.insert(libc::SYS_vfork, vec![]);
        // clone without CLONE_THREAD makes a process; with it, a thread (allowed).
        let no_thread = SeccompCondition::new(
            0,
            SeccompCmpArgLen::Qword,
            SeccompCmpOp::MaskedEq(libc::CLONE_THREAD as u64),
            0,
        )
        .expect("seccomp condition");
        rules.insert(
            libc::SYS_clone,
            vec![SeccompRule::new(vec![no_thread]).expect("seccomp rule")],
        );
    }
    let eperm = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM as u32),
        arch(),
    )
    .expect("seccomp filter");
    let clone3: BTreeMap<i64, Vec<SeccompRule>> = [(libc::SYS_clone3, vec![])].into_iter().collect();
    let enosys = SeccompFilter::new(
        clone3,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::ENOSYS as u32),
        arch(),
    )
    .expect("seccomp filter");
    vec![
        eperm.try_into().expect("seccomp compile"),
        enosys.try_into().expect("seccomp compile"),
    ]
}

/// The raw `struct sock_filter` array, as bubblewrap's `--add-seccomp-fd` reads it.
pub(crate) fn to_bytes(prog: &BpfProgram) -> Vec<u8> {
    let mut out = Vec::with_capacity(prog.len() * 8);
    for ins in prog {
        out.extend_from_slice(&ins.code.to_ne_bytes());
        out.push(ins.jt);
        out.push(ins.jf);
        out.extend_from_slice(&ins.k.to_ne_bytes());
    }
    out
}

/// Installs filters in the calling process (between fork and exec: no allocation).
pub(crate) fn apply(progs: &[BpfProgram]) -> std::io::Result<()> {
    for p in progs {
        seccompiler::apply_filter(p).map_err(|_| std::io::Error::last_os_error())?;
    }
    Ok(())
}
