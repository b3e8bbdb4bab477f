//! How much memory this process may really use, so that an allocation sized from user input
//! can be refused with advice before it is made, rather than aborting the interpreter.
//!
//! The machine's memory is not the whole story: a notebook server or a batch system often caps
//! a process with an rlimit (`ulimit -v`) or a cgroup (containers), and an allocation past the
//! cap fails just as one past the machine's memory does. Read from Linux's text interfaces
//! (`/proc/meminfo`, `/proc/self/limits`, and `memory.max` or `memory.limit_in_bytes` of the
//! process's cgroup and of every group above it); elsewhere, or where none can be read, there
//! is no limit beyond the callers' own caps.

use std::fs;
use std::path::{Component, Path};

/// The least of the machine's memory, the address-space and data rlimits and the cgroup's
/// memory limit, in bytes; `u64::MAX` where none is known.
pub fn usable_bytes() -> u64 {
    [
        machine(),
        rlimit("Max address space"),
        rlimit("Max data size"),
        cgroup(),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(u64::MAX)
}

fn machine() -> Option<u64> {
    let text = fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// The soft limit of a `/proc/self/limits` row ("unlimited" is none).
fn rlimit(name: &str) -> Option<u64> {
    soft_limit(&fs::read_to_string("/proc/self/limits").ok()?, name)
}

fn soft_limit(limits: &str, name: &str) -> Option<u64> {
    let rest = limits.lines().find_map(|l| l.trim_start().strip_prefix(name))?;
    rest.split_whitespace().next()?.parse().ok()
}

fn cgroup() -> Option<u64> {
    let membership = fs::read_to_string("/proc/self/cgroup").ok()?;
    cgroup_limit(&membership, Path::new("/sys/fs/cgroup"))
}

/// The least memory limit on the way from the process's own cgroup up to the root, for each
/// hierarchy it belongs to (`membership` is `/proc/self/cgroup`: `id:controllers:path` lines).
/// A limit set on any ancestor caps the process as well, and the process is seldom in the
/// root group: a container, a systemd slice or a batch job puts it below (`/user.slice/…`).
/// cgroup v2 (`0::/path`, `memory.max`, "max" for none) is mounted at the root or at
/// `unified/` beside v1; v1's memory controller (`memory.limit_in_bytes`) at `memory/`.
fn cgroup_limit(membership: &str, root: &Path) -> Option<u64> {
    let mut least: Option<u64> = None;
    for line in membership.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let places: &[(&str, &str)] = if controllers.is_empty() {
            &[("", "memory.max"), ("unified", "memory.max")]
        } else if controllers.split(',').any(|c| c == "memory") {
            &[("memory", "memory.limit_in_bytes")]
        } else {
            continue;
        };
        // A path that climbs out of the mount (a group outside this namespace) is not read.
        let own = Path::new(path.trim_start_matches('/'));
        if own.components().any(|c| !matches!(c, Component::Normal(_))) {
            continue;
        }
        for (mount, file) in places {
            for group in own.ancestors() {
                let text = fs::read_to_string(root.join(mount).join(group).join(file));
                if let Some(limit) = text.ok().and_then(|t| t.trim().parse::<u64>().ok()) {
                    least = Some(least.map_or(limit, |l| l.min(limit)));
                }
            }
        }
    }
    least
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_no_more_than_the_machine_has() {
        let usable = usable_bytes();
        assert!(usable > 0);
        if let Some(total) = machine() {
            assert!(usable <= total);
        }
    }

    fn write(root: &Path, file: &str, text: &str) {
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// cgroup v1 (this machine's layout: the process in `memory:/process_api/<id>`): the limit
    /// of a parent group caps its children, and v1's "no limit" (2^63 rounded down to a page)
    /// never wins over a real one.
    #[test]
    fn a_v1_limit_on_a_parent_group_counts() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        write(root, "memory/memory.limit_in_bytes", "9223372036854771712\n");
        write(root, "memory/jobs/memory.limit_in_bytes", "3221225472\n"); // 3 GiB
        write(root, "memory/jobs/a1/memory.limit_in_bytes", "9223372036854771712\n");
        let membership = "9:name=systemd:/\n4:memory:/jobs/a1\n1:cpu:/\n0::/\n";
        assert_eq!(cgroup_limit(membership, root), Some(3 << 30));
        // The root group alone (what was read before): no limit worth the name.
        assert_eq!(cgroup_limit("4:memory:/\n", root), Some(9223372036854771712));
    }

    /// cgroup v2, at the root of the mount or at `unified/` beside v1: "max" is no limit,
    /// the least number on the way up is the limit.
    #[test]
    fn a_v2_limit_is_the_least_on_the_way_up() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        write(root, "user.slice/memory.max", "8589934592\n"); // 8 GiB
        write(root, "user.slice/job.scope/memory.max", "max\n");
        assert_eq!(cgroup_limit("0::/user.slice/job.scope\n", root), Some(8 << 30));
        write(root, "unified/lab/memory.max", "1073741824\n"); // 1 GiB
        assert_eq!(cgroup_limit("0::/lab\n", root), Some(1 << 30));
        // No memory controller, an unreadable group, a path out of the mount: no limit known.
        assert_eq!(cgroup_limit("1:cpu:/user.slice\n0::/elsewhere\n", root), None);
        assert_eq!(cgroup_limit("0::/../user.slice\n", root), None);
    }

    /// `/proc/self/limits` as Linux writes it: the soft limit in bytes, "unlimited" none.
    #[test]
    fn the_soft_rlimit_is_read() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max data size             unlimited            unlimited            bytes     \n\
                      Max address space         3221225472           unlimited            bytes     \n";
        assert_eq!(soft_limit(limits, "Max address space"), Some(3 << 30));
        assert_eq!(soft_limit(limits, "Max data size"), None);
        assert_eq!(soft_limit(limits, "Max stack size"), None);
    }
}
