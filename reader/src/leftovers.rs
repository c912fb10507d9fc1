//! The temporary directories of managed pcscds (`/tmp/mynakit-pcscd-*`), and the removal of
//! those whose owner died without removing its own.
//!
//! Dropping a [`crate::Pcscd`] removes its directory, but a process that never drops it leaves
//! the directory behind: one killed by SIGKILL, or one that keeps its readers in a `static` (the
//! test helpers and the runner's shared pool do, since libpcsclite talks to one pcscd per
//! process) and exits. Its pcscd dies with it (`setpriv --pdeathsig KILL`), so the directory is
//! just litter; 137 had piled up on one machine. Each directory therefore names its owner in a
//! marker file [`MARKER`] written when it is made (process id and start time, so a reused id is
//! not mistaken for the owner), and every managed start removes the directories whose owner is
//! gone.
//!
//! Only what mynakit made and marked is ever removed: `$TMPDIR` is shared with the user's own
//! folders, and a `--report-dir $TMPDIR/mynakit-report` or a fuzz output has the same prefix but
//! no marker (mynakit never marks a folder a user names). A folder without the marker is left
//! alone however old it is; so is one a running process names on its command line.

use std::fs;
use std::path::Path;
use std::time::Duration;

/// The name prefix of a managed pcscd's directory.
pub const PREFIX: &str = "mynakit-pcscd-";

/// How old a directory whose marker names no owner must be before it counts as left over: its
/// maker died between creating the marker and writing the owner into it (one being created right
/// now has an empty marker for a moment).
pub const GRACE: Duration = Duration::from_secs(60);

/// The file that marks a directory as made by mynakit, holding its owner (`PID STARTTIME`).
pub const MARKER: &str = ".mynakit-owner";

/// The marker of mynakit versions before [`MARKER`]: swept only when it holds exactly two
/// numbers, as those versions wrote it.
const LEGACY_MARKER: &str = "owner";

/// Creates a managed pcscd's directory under `base`, naming this process as its owner.
pub(crate) fn create(base: &Path) -> std::io::Result<tempfile::TempDir> {
    create_named(base, PREFIX)
}

/// Creates a directory named `prefix…` under `base` (mode 0700), naming this process as its
/// owner, for another managed daemon (the harness's private smbd uses `mynakit-smb-`).
///
/// # Errors
///
/// Creating the directory or writing `owner`.
pub fn create_named(base: &Path, prefix: &str) -> std::io::Result<tempfile::TempDir> {
    use std::os::unix::fs::PermissionsExt as _;
    // Created 0700, never widened: what is inside (a pcscd's socket, which pcscd itself makes
    // 0666; an smbd's config and logs) is reachable only through this directory
    // (`docs/security.md`). tempfile's default leaves the mode to the umask (0755).
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .permissions(fs::Permissions::from_mode(0o700))
        .tempdir_in(base)?;
    let me = this_process().ok_or_else(|| std::io::Error::other("cannot read /proc/self/stat"))?;
    // In a directory mkdtemp just made (mode 0700): nothing can be in the way.
    let mut marker = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dir.path().join(MARKER))?;
    std::io::Write::write_all(&mut marker, me.as_bytes())?;
    Ok(dir)
}

/// Creates a directory named `prefix…` under `base` as [`create_named`] does, whose *name* also
/// names its owner (`prefix` + `o<PID>.<STARTTIME>-` + six random characters): it is marked from
/// the instant it exists, so a SIGKILL between its `mkdir` and the write of [`MARKER`] leaves a
/// folder the next sweep still knows as a dead process's (a run's scenario folders; a pcscd's
/// keeps the shorter name, its socket path being near the limit of `sun_path`).
///
/// # Errors
///
/// As [`create_named`].
pub fn create_owned(base: &Path, prefix: &str) -> std::io::Result<tempfile::TempDir> {
    let me = this_process().ok_or_else(|| std::io::Error::other("cannot read /proc/self/stat"))?;
    create_named(base, &format!("{prefix}o{}-", me.replace(' ', ".")))
}

/// The owner (`PID STARTTIME`) a name made by [`create_owned`] holds:
/// `…-o<PID>.<STARTTIME>-XXXXXX`.
fn owner_in_name(name: &str) -> Option<String> {
    let rest = name.get(..name.len().checked_sub(6)?)?.strip_suffix('-')?;
    let (_, owner) = rest.rsplit_once("-o")?;
    let (pid, started) = owner.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(started)).then(|| format!("{pid} {started}"))
}

/// Removes the directories under `base` left by managed pcscds whose owner process is gone.
/// Best effort: a directory that cannot be read or removed is left alone. Returns how many were
/// removed.
pub fn sweep(base: &Path, grace: Duration) -> usize {
    sweep_named(base, PREFIX, grace)
}

/// Removes the directories `prefix…` under `base` made by [`create_named`] whose owner process
/// is gone; as [`sweep`].
pub fn sweep_named(base: &Path, prefix: &str, grace: Duration) -> usize {
    let Ok(entries) = fs::read_dir(base) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = entry.file_name().to_string_lossy().starts_with(prefix);
        if ours && is_left_over(&path, grace) && fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn is_left_over(dir: &Path, grace: Duration) -> bool {
    use std::os::unix::fs::MetadataExt;
    // `/tmp` is shared: only real directories (not symlinks) that this user owns.
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return false;
    };
    let me = fs::metadata("/proc/self").map(|m| m.uid()).ok();
    if !meta.is_dir() || Some(meta.uid()) != me {
        return false;
    }
    if mentioned_by_a_process(dir) {
        return false;
    }
    // Named at birth ([`create_owned`]): its owner is known even before the marker is written.
    if let Some(owner) = dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(owner_in_name)
    {
        return !is_alive(&owner);
    }
    let marker = dir.join(MARKER);
    match fs::symlink_metadata(&marker) {
        Ok(m) if m.is_file() => match fs::read_to_string(&marker) {
            Ok(owner) if is_owner(&owner) => !is_alive(owner.trim()),
            // Marked, but no owner written: its maker died in between, or is writing it now.
            _ => m
                .modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= grace),
        },
        // Not marked by this version: an older mynakit's only if its `owner` is as it wrote it.
        _ => fs::symlink_metadata(dir.join(LEGACY_MARKER))
            .is_ok_and(|m| m.is_file())
            .then(|| fs::read_to_string(dir.join(LEGACY_MARKER)).ok())
            .flatten()
            .is_some_and(|owner| is_owner(&owner) && !is_alive(owner.trim())),
    }
}

/// `PID STARTTIME`: two decimal numbers, as [`this_process`] writes them.
fn is_owner(text: &str) -> bool {
    let parts: Vec<&str> = text.split_whitespace().collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// This process as `PID STARTTIME` (the start time in clock ticks since boot, field 22 of
/// `/proc/PID/stat`).
fn this_process() -> Option<String> {
    let pid = std::process::id();
    Some(format!("{pid} {}", start_time(pid)?))
}

fn start_time(pid: u32) -> Option<String> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may contain spaces; count after it.
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19).map(str::to_owned)
}

/// Whether the process `PID STARTTIME` still runs.
fn is_alive(owner: &str) -> bool {
    let mut parts = owner.split_whitespace();
    let (Some(pid), Some(started)) = (parts.next(), parts.next()) else {
        return false;
    };
    pid.parse::<u32>()
        .ok()
        .and_then(start_time)
        .is_some_and(|now| now == started)
}

/// Whether any process's command line names `dir` (a managed pcscd is started with
/// `--config DIR/reader.conf.d`).
fn mentioned_by_a_process(dir: &Path) -> bool {
    let needle = dir.as_os_str().as_encoded_bytes();
    let Ok(procs) = fs::read_dir("/proc") else {
        return false;
    };
    procs.flatten().any(|p| {
        fs::read(p.path().join("cmdline"))
            .is_ok_and(|cmdline| cmdline.windows(needle.len()).any(|w| w == needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owned_name_tells_its_owner_and_is_swept_unmarked_once_its_owner_is_gone() {
        assert_eq!(
            owner_in_name("mynakit-pin-ok-o1234.5678-AbC123"),
            Some("1234 5678".to_owned())
        );
        assert_eq!(owner_in_name("mynakit-report"), None);
        assert_eq!(owner_in_name("mynakit-pin-ok-AbC123"), None);
        let base = tempfile::tempdir().expect("base");
        let mine = create_owned(base.path(), "mynakit-x-").expect("create");
        let name = mine
            .path()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(owner_in_name(&name), this_process());
        // Its marker gone (as if killed before writing it): kept while its owner runs.
        fs::remove_file(mine.path().join(MARKER)).expect("unmark");
        assert!(!is_left_over(mine.path(), GRACE));
        // A dead owner's folder, not yet marked: swept.
        let mut gone = std::process::Command::new("true").spawn().expect("spawn");
        let pid = gone.id();
        gone.wait().expect("wait");
        let dead = base.path().join(format!("mynakit-x-o{pid}.1-AbC123"));
        fs::create_dir(&dead).expect("mkdir");
        assert!(is_left_over(&dead, GRACE));
    }

    #[test]
    fn only_directories_whose_owner_is_gone_are_removed() {
        let base = tempfile::tempdir().unwrap();
        let mine = create(base.path()).unwrap();
        let dead = base.path().join(format!("{PREFIX}dead"));
        fs::create_dir(&dead).unwrap();
        fs::write(dead.join(MARKER), "4000000000 12345").unwrap();
        let reused = base.path().join(format!("{PREFIX}reused"));
        fs::create_dir(&reused).unwrap();
        fs::write(reused.join("owner"), format!("{} 1", std::process::id())).unwrap();
        let fresh = base.path().join(format!("{PREFIX}fresh"));
        fs::create_dir(&fresh).unwrap();
        fs::write(fresh.join(MARKER), "").unwrap();
        let other = base.path().join("somebody-else");
        fs::create_dir(&other).unwrap();
        fs::write(other.join(MARKER), "4000000000 12345").unwrap();
        // A user's folder with our prefix: no marker, so never ours, however old.
        let users = base.path().join(format!("{PREFIX}report"));
        fs::create_dir(&users).unwrap();
        fs::write(users.join("report.json"), "{}").unwrap();
        // An `owner` file not as mynakit writes it.
        let named = base.path().join(format!("{PREFIX}named"));
        fs::create_dir(&named).unwrap();
        fs::write(named.join("owner"), "alice bob").unwrap();

        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(mine.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "only its owner may enter it");
        }
        assert_eq!(sweep(base.path(), GRACE), 2, "the dead and the reused id");
        assert!(mine.path().exists(), "this process owns it");
        assert!(!dead.exists() && !reused.exists());
        assert!(
            fresh.exists(),
            "no owner yet, and younger than the grace period"
        );
        assert!(other.exists(), "not a managed pcscd's directory");
        assert_eq!(
            sweep(base.path(), Duration::ZERO),
            1,
            "marked, old and ownerless"
        );
        assert!(!fresh.exists());
        assert!(users.join("report.json").exists(), "never marked");
        assert!(named.exists(), "not an owner mynakit wrote");
    }
}
