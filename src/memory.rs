//! How much memory this process may really use, so that an allocation sized from user input
//! can be refused with advice before it is made, rather than aborting the interpreter.
//!
//! The machine's memory is not the whole story: a notebook server or a batch system often caps
//! a process with an rlimit (`ulimit -v`) or a cgroup (containers), and an allocation past the
//! cap fails just as one past the machine's memory does. Read from Linux's text interfaces
//! (`/proc/meminfo`, `/proc/self/limits`, the cgroup's `memory.max` or `memory.limit_in_bytes`);
//! elsewhere, or where none can be read, there is no limit beyond the callers' own caps.

use std::fs;

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
    let text = fs::read_to_string("/proc/self/limits").ok()?;
    let rest = text.lines().find_map(|l| l.strip_prefix(name))?;
    rest.split_whitespace().next()?.parse().ok()
}

fn cgroup() -> Option<u64> {
    [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .find_map(|p| fs::read_to_string(p).ok()?.trim().parse().ok())
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
}
