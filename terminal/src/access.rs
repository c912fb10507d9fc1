//! Which results and pushes the client read: inotify on `res` and `face` (Linux), reported as
//! `result-read` / `face-read` client events (`docs/terminal.md`, "Timeline"). The judge of the
//! レセコン role needs them: a client that reads another workstation's answer, or the same push
//! twice, leaves no other trace.
//!
//! A read is a file opened without write access and closed (`IN_CLOSE_NOWRITE`): the terminal
//! itself never opens a result or push for reading (it writes them, and keeps its own copy), so
//! every such close is the client's, locally or through the SMB share (smbd opens on its
//! behalf). Without inotify (another OS, or the limit of watches reached) nothing is recorded
//! and the checks that need reads say they saw none.

use std::mem::MaybeUninit;
use std::path::Path;

use rustix::fd::OwnedFd;
use rustix::fs::inotify::{self, CreateFlags, ReadFlags, WatchFlags};
use rustix::io::Errno;

use crate::folder::{FACE, RES};
use mynakit_oqs::file_names::is_in_progress;

/// The inotify watches on `res` and `face`.
#[derive(Debug)]
pub(crate) struct Access {
    fd: OwnedFd,
    res: i32,
    face: i32,
}

impl Access {
    /// Watches `root`'s `res` and `face` for reads (never following a link at either); `None`
    /// when inotify is not available.
    pub(crate) fn watch(root: &Path) -> Option<Access> {
        let fd = inotify::init(CreateFlags::NONBLOCK | CreateFlags::CLOEXEC).ok()?;
        let flags = WatchFlags::CLOSE_NOWRITE | WatchFlags::DONT_FOLLOW | WatchFlags::ONLYDIR;
        let res = inotify::add_watch(&fd, root.join(RES), flags).ok()?;
        let face = inotify::add_watch(&fd, root.join(FACE), flags).ok()?;
        Some(Access { fd, res, face })
    }

    /// The reads since the last call, in order: `res/…` or `face/…` paths.
    pub(crate) fn drain(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = [MaybeUninit::uninit(); 4096];
        let mut reader = inotify::Reader::new(&self.fd, &mut buf);
        loop {
            let event = match reader.next() {
                Ok(event) => event,
                Err(Errno::INTR) => continue,
                // WOULDBLOCK: nothing more for now; anything else: give up quietly.
                Err(_) => break,
            };
            if event.events().contains(ReadFlags::ISDIR) {
                continue;
            }
            let folder = match event.wd() {
                wd if wd == self.res => RES,
                wd if wd == self.face => FACE,
                _ => continue,
            };
            let Some(name) = event.file_name() else {
                continue;
            };
            let name = name.to_string_lossy();
            if is_in_progress(&name) {
                continue;
            }
            out.push(format!("{folder}/{name}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_reads_in_res_and_face_but_not_writes() {
        let dir = tempfile::tempdir().unwrap();
        for sub in [RES, FACE, "req"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let access = Access::watch(dir.path()).expect("inotify");
        std::fs::write(dir.path().join("res/a.xml"), b"x").unwrap();
        std::fs::write(dir.path().join("req/b.xml"), b"x").unwrap();
        assert!(access.drain().is_empty());
        std::fs::read(dir.path().join("res/a.xml")).unwrap();
        std::fs::write(dir.path().join("face/f.xml"), b"x").unwrap();
        std::fs::read(dir.path().join("face/f.xml")).unwrap();
        std::fs::read(dir.path().join("req/b.xml")).unwrap();
        assert_eq!(access.drain(), ["res/a.xml", "face/f.xml"]);
    }
}
