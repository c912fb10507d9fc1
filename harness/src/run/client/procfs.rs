//! What `/proc` says about a process (proc(5)): the table of processes, a process's state,
//! parent, group and start time, and whether it carries a client's token in its environment.
//! Below both [`super::group`] (ending a client's processes) and [`super::orphans`] (ending what
//! a killed run left behind), which read the same fields.

use std::fs;

/// The environment variable holding a client's token. Internal to the harness: a client must
/// not rely on it (it is not part of the protocol's `MYNAKIT_*` set).
pub(crate) const TOKEN_VAR: &str = "MYNAKIT_CLIENT_TOKEN";

/// Whether `pid`'s environment holds `TOKEN_VAR=token` (a zombie's reads empty).
pub(crate) fn carries_token(pid: u32, token: &str) -> bool {
    let needle = format!("{TOKEN_VAR}={token}\0").into_bytes();
    fs::read(format!("/proc/{pid}/environ"))
        .is_ok_and(|env| env.windows(needle.len()).any(|w| w == needle.as_slice()))
}

/// Every process id in `/proc`.
pub(crate) fn pids() -> impl Iterator<Item = u32> {
    fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
}

/// Fields of `/proc/<pid>/stat` after the command name (which is in parentheses and may hold
/// spaces): index 0 is the state (field 3 of proc(5)).
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    Some(after.split_whitespace().map(str::to_owned).collect())
}

/// The start time of `pid` (field 22 of proc(5), clock ticks since boot), `None` if it does not
/// run (or is a zombie: it ran, and is dead).
pub(crate) fn start_time(pid: u32) -> Option<String> {
    let fields = stat_fields(pid)?;
    (fields.first()? != "Z")
        .then(|| fields.get(19).cloned())
        .flatten()
}

/// The process group of `pid` (field 5).
pub(crate) fn pgid(pid: u32) -> Option<u32> {
    stat_fields(pid)?.get(2)?.parse().ok()
}

/// The parent of `pid` (field 4) and whether it is a zombie.
pub(crate) fn parent_and_zombie(pid: u32) -> Option<(u32, bool)> {
    let fields = stat_fields(pid)?;
    Some((fields.get(1)?.parse().ok()?, fields.first()? == "Z"))
}
