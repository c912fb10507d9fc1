//! The terminal's folders (`req`, `res`, `face`) as open directory handles, so that nothing the
//! terminal creates, writes, renames, reads or deletes ever follows a symbolic link out of its
//! root (`docs/terminal.md`, "Folder safety").
//!
//! A folder is opened relative to the root with `O_DIRECTORY | O_NOFOLLOW`: a `res` that is a
//! symlink is refused, not followed. Every file operation is then relative to that handle
//! (`openat`, `renameat`, `linkat`, `unlinkat`, `statat` with `AT_SYMLINK_NOFOLLOW`), so a path
//! can never leave the folder, and files are created with `O_CREAT | O_EXCL | O_NOFOLLOW` under
//! names nobody can predict (128 random bits), so a planted link at a guessed temporary name
//! only makes the terminal pick another name. Requests are opened with `O_NOFOLLOW |
//! O_NONBLOCK` and checked to be regular files, so a FIFO cannot block the terminal.
//!
//! `rustix` gives these system calls without `unsafe` (forbidden in this workspace).

use std::ffi::{OsStr, OsString};
use std::io::{Read as _, Write as _};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt as _, OsStringExt as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rustix::fs::{AtFlags, FileType, FlockOperation, Mode, OFlags, RenameFlags};

/// The request folder's name.
pub const REQ: &str = "req";
/// The result folder's name.
pub const RES: &str = "res";
/// The face-push folder's name.
pub const FACE: &str = "face";
use rustix::io::Errno;

/// How a result appears in `res` (and a push in `face`): `docs/terminal.md`, "How results
/// appear".
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ResultWrite {
    /// Created under its final name, already complete: written to an anonymous file
    /// (`O_TMPFILE`, else a hidden random name) and linked into place. A watcher sees one
    /// creation (inotify `IN_CREATE`, .NET `FileSystemWatcher.Created`, chokidar `add`) and a
    /// reader never sees a partial file. What the public clients written against the real
    /// terminal wait for.
    #[default]
    Create,
    /// Given its final name already holding an exclusive `flock`, then written and closed (a
    /// watcher sees a creation, then modifications: chokidar `add` then `change`). A reader
    /// that does not take the lock can see a partial file, as with a Windows terminal read
    /// without share modes; one that takes a shared `flock` waits for the whole file
    /// (`Folder::write_in_place`).
    InPlace,
    /// Written under a hidden random name and renamed into place (inotify `IN_MOVED_TO`, .NET
    /// `Renamed`): this project's behaviour before the `create` default.
    Rename,
}

/// Whether an in-place write holds an exclusive `flock` while it writes
/// ([`Folder::write_in_place_as`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lock {
    /// `LOCK_EX` from before the name appears until the content is complete (the default of
    /// `in-place`).
    Exclusive,
    /// No lock: a reader sees the partial file (`slow_result` with `lock: false`).
    None,
}

/// A file's size and modification time, to see whether it is still changing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) size: u64,
    pub(crate) mtime: Option<SystemTime>,
}

/// What kind of directory entry a name is (never following a link).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// A symbolic link (never followed).
    Symlink,
    /// A FIFO, socket or device.
    Special,
}

impl Kind {
    /// The word used in rejections and docs.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Kind::File => "a regular file",
            Kind::Directory => "a directory",
            Kind::Symlink => "a symbolic link",
            Kind::Special => "a FIFO, socket or device",
        }
    }
}

/// One entry of a folder.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The name as the file system has it (possibly not UTF-8).
    pub(crate) name: OsString,
    pub(crate) kind: Kind,
    pub(crate) stamp: Stamp,
}

/// One of the terminal's folders, open without following links.
#[derive(Debug)]
pub(crate) struct Folder {
    fd: OwnedFd,
    path: PathBuf,
}

fn io(e: Errno) -> std::io::Error {
    std::io::Error::from(e)
}

fn kind_of(t: FileType) -> Kind {
    match t {
        FileType::RegularFile => Kind::File,
        FileType::Directory => Kind::Directory,
        FileType::Symlink => Kind::Symlink,
        _ => Kind::Special,
    }
}

fn stamp_of(st: &rustix::fs::Stat) -> Stamp {
    let secs = u64::try_from(st.st_mtime).ok();
    let nanos = u32::try_from(st.st_mtime_nsec).unwrap_or(0);
    Stamp {
        size: u64::try_from(st.st_size).unwrap_or(0),
        mtime: secs.and_then(|s| {
            SystemTime::UNIX_EPOCH.checked_add(std::time::Duration::new(s, nanos.min(999_999_999)))
        }),
    }
}

/// A hidden name nobody can guess: `.<name>.<32 hex>.tmp` (the leading dot and `.tmp` keep
/// every client's pattern, and the terminal's own pickup, away from it).
fn random_name(name: &OsStr) -> Result<OsString, std::io::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    let hex = hex::encode(bytes);
    let mut out = OsString::from(".");
    out.push(name);
    out.push(format!(".{hex}.tmp"));
    Ok(out)
}

const CREATE_NEW: OFlags = OFlags::WRONLY
    .union(OFlags::CREATE)
    .union(OFlags::EXCL)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

impl Folder {
    /// `root/sub`, created if missing, opened without following a link at `sub`.
    ///
    /// # Errors
    ///
    /// The root cannot be opened, `sub` cannot be created, or it is not a directory (a symbolic
    /// link there is refused with `ELOOP` / `ENOTDIR`).
    pub(crate) fn open(root: &Path, sub: &str, create: bool) -> std::io::Result<Folder> {
        let path = root.join(sub);
        let root_fd = rustix::fs::open(
            root,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(io)?;
        if create {
            match rustix::fs::mkdirat(&root_fd, sub, Mode::from_raw_mode(0o755)) {
                Ok(()) | Err(Errno::EXIST) => {}
                Err(e) => return Err(io(e)),
            }
        }
        let fd = rustix::fs::openat(
            &root_fd,
            sub,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| match e {
            Errno::LOOP | Errno::NOTDIR => std::io::Error::other(format!(
                "{} is not a directory (a symbolic link is never followed)",
                path.display()
            )),
            e => io(e),
        })?;
        Ok(Folder { fd, path })
    }

    /// The path of `name` in this folder, for messages.
    pub(crate) fn display(&self, name: &OsStr) -> PathBuf {
        self.path.join(name)
    }

    /// Every entry but `.` and `..`, with its kind and stamp as `lstat` sees it.
    ///
    /// # Errors
    ///
    /// The folder cannot be listed.
    pub(crate) fn entries(&self) -> std::io::Result<Vec<Entry>> {
        let dir = rustix::fs::Dir::read_from(&self.fd).map_err(io)?;
        let mut out = Vec::new();
        for entry in dir {
            let entry = entry.map_err(io)?;
            let name = OsStr::from_bytes(entry.file_name().to_bytes());
            if name == "." || name == ".." {
                continue;
            }
            // Gone between listing and stat: the next scan will not see it either.
            let Ok(st) = rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) else {
                continue;
            };
            out.push(Entry {
                name: name.to_os_string(),
                kind: kind_of(FileType::from_raw_mode(st.st_mode)),
                stamp: stamp_of(&st),
            });
        }
        Ok(out)
    }

    /// The kind of `name`, if it exists (never following a link).
    pub(crate) fn kind(&self, name: &OsStr) -> Option<Kind> {
        rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW)
            .ok()
            .map(|st| kind_of(FileType::from_raw_mode(st.st_mode)))
    }

    /// Reads the regular file `name` (at most `limit` bytes more than its size when opened),
    /// with the stamp it had when opened.
    ///
    /// # Errors
    ///
    /// A link (`ELOOP`), a FIFO or anything not a regular file (`InvalidInput`), or I/O.
    pub(crate) fn read(&self, name: &OsStr) -> std::io::Result<(Vec<u8>, Stamp)> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(io)?;
        let st = rustix::fs::fstat(&fd).map_err(io)?;
        if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        let stamp = stamp_of(&st);
        let mut file = std::fs::File::from(fd);
        let mut bytes = Vec::with_capacity(usize::try_from(stamp.size).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        Ok((bytes, stamp))
    }

    /// Removes `name` (a link itself, never its target; not a directory).
    ///
    /// # Errors
    ///
    /// I/O, e.g. it is gone already.
    pub(crate) fn remove(&self, name: &OsStr) -> std::io::Result<()> {
        rustix::fs::unlinkat(&self.fd, name, AtFlags::empty()).map_err(io)
    }

    /// Moves `name` from this folder to `to/new_name` (replacing an entry there, a link
    /// included, never following it).
    ///
    /// # Errors
    ///
    /// I/O.
    pub(crate) fn move_to(
        &self,
        name: &OsStr,
        to: &Folder,
        new_name: &OsStr,
    ) -> std::io::Result<()> {
        rustix::fs::renameat(&self.fd, name, &to.fd, new_name).map_err(io)
    }

    /// Writes `bytes` as `name` the way `how` says. With `replace`, an existing entry of that
    /// name (a link included) is replaced; without, an existing name is an `AlreadyExists`
    /// error and nothing is written.
    ///
    /// # Errors
    ///
    /// I/O; no temporary file is left behind.
    pub(crate) fn write(
        &self,
        name: &OsStr,
        bytes: &[u8],
        how: ResultWrite,
        replace: bool,
    ) -> std::io::Result<()> {
        if !replace && self.kind(name).is_some() {
            return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
        }
        match how {
            ResultWrite::Rename => {
                let temp = self.write_temp(name, bytes)?;
                let moved = if replace {
                    rustix::fs::renameat(&self.fd, &temp, &self.fd, name).map_err(io)
                } else {
                    self.link(&temp, name)
                };
                let cleanup = if replace && moved.is_ok() {
                    Ok(())
                } else {
                    self.remove(&temp)
                };
                moved.and(cleanup.or(Ok(())))
            }
            ResultWrite::Create => self.write_linked(name, bytes, replace),
            ResultWrite::InPlace => {
                self.write_in_place(name, replace, |file| file.write_all(bytes))
            }
        }
    }

    /// `InPlace`: `name` appears already locked, and only then is `fill` written through it.
    ///
    /// A reader that takes a shared `flock` as soon as it sees the name (inotify `IN_CREATE`)
    /// must wait for the whole content (`docs/terminal.md`, "How results appear"). No order of
    /// `open(O_CREAT)` and `flock` can promise that: between the two calls the file exists,
    /// empty and unlocked. So the file is created unnamed (`O_TMPFILE`, open(2)), locked
    /// (`LOCK_EX`), and only then linked into the folder (`linkat` of `/proc/self/fd/N` with
    /// `AT_SYMLINK_FOLLOW`, as open(2) describes): a watcher sees one creation of a file that
    /// is already locked, then the writes (`IN_MODIFY`) and the close (`IN_CLOSE_WRITE`); the
    /// lock is released after them. A flock belongs to the open file description, so it holds
    /// whatever name the file is reached by.
    ///
    /// Where `O_TMPFILE` or `/proc` is missing (older kernels; NFS, CIFS and FAT have no
    /// `O_TMPFILE`), the file is created under a hidden random name, locked, and only then
    /// linked (on a file system without hard links, renamed) to `name`: as safe for `name`, at
    /// the cost of a dot file a watcher may see for a moment. Every in-place write goes through
    /// here; `fill` decides how the content is written (all at once, or slowly in parts).
    ///
    /// # Errors
    ///
    /// I/O; `AlreadyExists` without `replace` when `name` is taken. No temporary name is left.
    pub(crate) fn write_in_place(
        &self,
        name: &OsStr,
        replace: bool,
        fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.write_in_place_as(name, replace, Lock::Exclusive, fill)
    }

    /// [`Folder::write_in_place`], with the lock as `lock` says. [`Lock::None`] is the way a
    /// terminal that creates, writes and closes without any lock looks (a result arriving
    /// slowly over a share, `slow_result` in `docs/terminal.md`): `name` is created at once,
    /// empty (`O_CREAT | O_EXCL | O_NOFOLLOW`, after removing an entry in the way when
    /// `replace`), and every reader sees each part as `fill` writes it. Deliberately exposes the
    /// partial file; never the default.
    ///
    /// # Errors
    ///
    /// As [`Folder::write_in_place`].
    pub(crate) fn write_in_place_as(
        &self,
        name: &OsStr,
        replace: bool,
        lock: Lock,
        fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if lock == Lock::None {
            if replace {
                self.clear(name)?;
            }
            let fd = rustix::fs::openat(&self.fd, name, CREATE_NEW, Mode::from_raw_mode(0o644))
                .map_err(io)?;
            let mut file = std::fs::File::from(fd);
            fill(&mut file)?;
            return file.sync_all();
        }
        let locked = match self.locked_anonymous(name, replace)? {
            Some(file) => file,
            None => self.locked_named(name, replace)?,
        };
        // Written through the name it now has, so that watchers are told of the writes under
        // that name (`IN_MODIFY`, chokidar `change`): writes through the first descriptor would
        // be reported under the name it was opened by (none, or the hidden one).
        let mut file = self.reopen(name, &locked)?;
        fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        // Closing the first descriptor releases the lock, once the content is complete.
        drop(locked);
        Ok(())
    }

    /// `name`, opened again for writing: the same file as `locked` (a name swapped in between
    /// is an error, never written).
    fn reopen(&self, name: &OsStr, locked: &std::fs::File) -> std::io::Result<std::fs::File> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(io)?;
        let (now, was) = (
            rustix::fs::fstat(&fd).map_err(io)?,
            rustix::fs::fstat(locked).map_err(io)?,
        );
        if (now.st_dev, now.st_ino) != (was.st_dev, was.st_ino) {
            return Err(std::io::Error::other(format!(
                "{} was replaced while being written",
                self.display(name).display()
            )));
        }
        Ok(std::fs::File::from(fd))
    }

    /// An unnamed file, locked (`LOCK_EX`), then linked as `name`; `None` without `O_TMPFILE`
    /// or `/proc` (the unnamed file then just goes away).
    fn locked_anonymous(
        &self,
        name: &OsStr,
        replace: bool,
    ) -> std::io::Result<Option<std::fs::File>> {
        let Some(fd) = self.anonymous()? else {
            return Ok(None);
        };
        rustix::fs::flock(&fd, FlockOperation::LockExclusive).map_err(io)?;
        let file = std::fs::File::from(fd);
        match self.name_anonymous(&file, name, replace) {
            Ok(()) => Ok(Some(file)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A file under a hidden random name, locked (`LOCK_EX`), then put in place as `name`
    /// ([`Folder::place`]).
    fn locked_named(&self, name: &OsStr, replace: bool) -> std::io::Result<std::fs::File> {
        let (temp, fd) = self.create_temp(name)?;
        let placed = rustix::fs::flock(&fd, FlockOperation::LockExclusive)
            .map_err(io)
            .and_then(|()| self.place(&temp, name, replace));
        if let Err(e) = placed {
            let _ = self.remove(&temp);
            return Err(e);
        }
        Ok(std::fs::File::from(fd))
    }

    /// Removes an entry that is in the way of a new file (not a directory).
    fn clear(&self, name: &OsStr) -> std::io::Result<()> {
        match self.remove(name) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// `Create`: an anonymous file written, synced and linked into place complete; else a
    /// hidden random file, written, synced and put in place ([`Folder::place`]).
    fn write_linked(&self, name: &OsStr, bytes: &[u8], replace: bool) -> std::io::Result<()> {
        if let Some(fd) = self.anonymous()? {
            let file = write_all(fd, bytes)?;
            match self.name_anonymous(&file, name, replace) {
                // No /proc (a container without it): the named fallback below.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                other => return other,
            }
        }
        let temp = self.write_temp(name, bytes)?;
        let placed = self.place(&temp, name, replace);
        if placed.is_err() {
            let _ = self.remove(&temp);
        }
        placed
    }

    /// A new unnamed file in this folder (`O_TMPFILE`), or `None` where the kernel or the file
    /// system does not have it.
    fn anonymous(&self) -> std::io::Result<Option<OwnedFd>> {
        match rustix::fs::openat(
            &self.fd,
            ".",
            OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o644),
        ) {
            Ok(fd) => Ok(Some(fd)),
            // O_TMPFILE is not supported here (older kernels, some file systems).
            Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL | Errno::NOENT) => Ok(None),
            Err(e) => Err(io(e)),
        }
    }

    /// Links the unnamed `file` as `name`, replacing an entry there when `replace`.
    /// `NotFound` when `/proc` is missing.
    fn name_anonymous(
        &self,
        file: &std::fs::File,
        name: &OsStr,
        replace: bool,
    ) -> std::io::Result<()> {
        let proc = PathBuf::from(format!("/proc/self/fd/{}", fd_number(file)));
        let linked = self.link_proc(&proc, name);
        if replace && matches!(&linked, Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists) {
            self.clear(name)?;
            return self.link_proc(&proc, name);
        }
        linked
    }

    /// Gives the hidden file `temp` the name `name` and removes `temp`: a hard link (replacing
    /// an entry there when `replace`), or, on a file system without hard links (FAT: `EPERM`),
    /// a rename (`RENAME_NOREPLACE` unless `replace`).
    fn place(&self, temp: &OsStr, name: &OsStr, replace: bool) -> std::io::Result<()> {
        let mut linked = rustix::fs::linkat(&self.fd, temp, &self.fd, name, AtFlags::empty());
        if replace && linked == Err(Errno::EXIST) {
            self.clear(name)?;
            linked = rustix::fs::linkat(&self.fd, temp, &self.fd, name, AtFlags::empty());
        }
        match linked {
            Ok(()) => self.remove(temp),
            Err(Errno::PERM | Errno::OPNOTSUPP) => {
                let flags = if replace {
                    RenameFlags::empty()
                } else {
                    RenameFlags::NOREPLACE
                };
                rustix::fs::renameat_with(&self.fd, temp, &self.fd, name, flags).map_err(io)
            }
            Err(e) => Err(io(e)),
        }
    }

    fn link(&self, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
        rustix::fs::linkat(&self.fd, from, &self.fd, to, AtFlags::empty()).map_err(io)
    }

    /// Links the anonymous file behind the `/proc/self/fd` entry `proc` as `to` (the one link
    /// followed on purpose: our own descriptor's magic link, not a path anyone else controls).
    fn link_proc(&self, proc: &Path, to: &OsStr) -> std::io::Result<()> {
        rustix::fs::linkat(rustix::fs::CWD, proc, &self.fd, to, AtFlags::SYMLINK_FOLLOW).map_err(io)
    }

    /// A new hidden file under a random name, open for writing.
    fn create_temp(&self, name: &OsStr) -> std::io::Result<(OsString, OwnedFd)> {
        for _ in 0..8 {
            let temp = random_name(name)?;
            match rustix::fs::openat(&self.fd, &temp, CREATE_NEW, Mode::from_raw_mode(0o644)) {
                Ok(fd) => return Ok((temp, fd)),
                // Taken (by chance, or planted): another name.
                Err(Errno::EXIST) => continue,
                Err(e) => return Err(io(e)),
            }
        }
        Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
    }

    /// A new hidden file under a random name, holding `bytes`, synced.
    fn write_temp(&self, name: &OsStr, bytes: &[u8]) -> std::io::Result<OsString> {
        let (temp, fd) = self.create_temp(name)?;
        if let Err(e) = write_all(fd, bytes) {
            let _ = self.remove(&temp);
            return Err(e);
        }
        Ok(temp)
    }
}

fn write_all(fd: OwnedFd, bytes: &[u8]) -> std::io::Result<std::fs::File> {
    let mut file = std::fs::File::from(fd);
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(file)
}

fn fd_number(file: &std::fs::File) -> i32 {
    use std::os::fd::AsRawFd as _;
    file.as_fd().as_raw_fd()
}

/// `name`'s bytes with the first `req` replaced by `res` (as [`crate::file_name::mirror`]
/// does), for names that are not UTF-8: the client can still match its request byte for byte.
/// Without `req`, `<name>.res.xml`.
pub(crate) fn mirror_bytes(name: &OsStr) -> OsString {
    let bytes = name.as_bytes();
    let mut out = bytes.to_vec();
    match bytes.windows(3).position(|w| w == b"req") {
        Some(at) => out
            .splice(at..at + 3, b"res".iter().copied())
            .for_each(drop),
        None => out.extend_from_slice(b".res.xml"),
    }
    OsString::from_vec(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, Folder) {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::open(dir.path(), RES, true).unwrap();
        (dir, folder)
    }

    /// Whether another open file can take a shared lock on `path` right now.
    fn lockable(path: &Path) -> bool {
        let file = std::fs::File::open(path).unwrap();
        match rustix::fs::flock(&file, FlockOperation::NonBlockingLockShared) {
            Ok(()) => true,
            Err(Errno::WOULDBLOCK) => false,
            Err(e) => panic!("flock: {e}"),
        }
    }

    /// Both ways of an in-place write (unnamed, and the hidden-name fallback) give the name a
    /// file that is already locked, and leave nothing else in the folder.
    #[test]
    fn an_in_place_file_is_locked_before_it_has_its_name() {
        let (dir, res) = folder();
        let name = OsStr::new("OQSsiquc01res_1.xml");
        let path = dir.path().join(RES).join(name);
        type Way = fn(&Folder, &OsStr, bool) -> std::io::Result<std::fs::File>;
        let anonymous: Way = |f, n, r| Ok(f.locked_anonymous(n, r)?.expect("O_TMPFILE here"));
        let named: Way = Folder::locked_named;
        for (way, locked) in [("anonymous", anonymous), ("named", named)] {
            for replace in [false, true] {
                if !replace {
                    let _ = std::fs::remove_file(&path);
                }
                let mut file = locked(&res, name, replace).unwrap();
                assert!(path.is_file(), "{way}: named at once");
                assert!(!lockable(&path), "{way}: locked when it appears");
                file.write_all(b"<XmlMsg/>").unwrap();
                assert!(!lockable(&path), "{way}: locked while written");
                drop(file);
                assert!(lockable(&path), "{way}: unlocked when closed");
                assert_eq!(std::fs::read(&path).unwrap(), b"<XmlMsg/>", "{way}");
                let names: Vec<_> = std::fs::read_dir(dir.path().join(RES))
                    .unwrap()
                    .map(|e| e.unwrap().file_name())
                    .collect();
                assert_eq!(names, [name], "{way}: no temporary name left");
            }
            // Without `replace`, a taken name is refused and nothing is left behind.
            let err = locked(&res, name, false).unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists, "{way}");
            assert_eq!(std::fs::read_dir(dir.path().join(RES)).unwrap().count(), 1);
        }
        // The whole writer: locked while `fill` writes, unlocked and complete after.
        let other = OsStr::new("OQSsiquc01res_2.xml");
        let other_path = dir.path().join(RES).join(other);
        res.write_in_place(other, false, |file| {
            assert!(!lockable(&other_path), "locked while filled");
            file.write_all(b"<XmlMsg>")?;
            assert!(!lockable(&other_path), "locked while filled");
            file.write_all(b"</XmlMsg>")
        })
        .unwrap();
        assert!(lockable(&other_path));
        assert_eq!(std::fs::read(&other_path).unwrap(), b"<XmlMsg></XmlMsg>");
    }
}
