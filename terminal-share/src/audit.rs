//! [`AuditLog`]: what SMB clients did through the share, read from smbd's own log.
//!
//! Samba's `full_audit` VFS module (`vfs_full_audit(8)`, Debian package `samba-vfs-modules`)
//! logs each file operation smbd performs for a client. A share started with
//! [`Share::start_audited`](crate::Share::start_audited) logs, with the prefix `mynakit-audit`, the
//! successful `create_file`, `pread`, `pwrite`, `close`, `renameat` and `unlinkat` of every
//! client into the share's private log (never syslog): `mynakit-audit|pread_send|ok|/root/res/a.xml`.
//! Every such line is a client's doing: the terminal writes its own files directly, not through
//! smbd. [`AuditLog::read_new`] turns the lines written since the last call into
//! [`AuditRecord`]s, paths relative to the shared folder (`docs/terminal.md`, "The share in a
//! run").

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};

/// The `full_audit:prefix` of the share's audit lines.
pub(crate) const AUDIT_PREFIX: &str = "mynakit-audit";

/// The operations audited (`full_audit:success`); failures are not logged.
pub(crate) const OPERATIONS: &str =
    "create_file pread pread_send pwrite pwrite_send close renameat unlinkat";

/// What a client did to one file through the share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditOp {
    /// Opened (or created) the file.
    Open,
    /// Read from it: once per open, at the first read.
    Read,
    /// Wrote to it: once per open, at the first write.
    Write,
    /// Closed it after an [`AuditOp::Open`].
    Close,
    /// Renamed it; [`AuditRecord::path`] is the new name, this the old one.
    Rename {
        /// The old name, relative to the shared folder.
        from: String,
    },
    /// Deleted it.
    Delete,
}

impl AuditOp {
    /// The timeline's name of the operation (`share-open`, `share-read`, …;
    /// `docs/terminal.md`).
    pub fn action(&self) -> &'static str {
        match self {
            AuditOp::Open => "share-open",
            AuditOp::Read => "share-read",
            AuditOp::Write => "share-write",
            AuditOp::Close => "share-close",
            AuditOp::Rename { .. } => "share-rename",
            AuditOp::Delete => "share-delete",
        }
    }
}

/// One operation of a client through the share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    /// What it did.
    pub op: AuditOp,
    /// The file, relative to the shared folder (`res/OQSsiquc01res_0001.xml`).
    pub path: String,
}

/// Reads a share's audit lines as they are written.
#[derive(Debug)]
pub struct AuditLog {
    file: PathBuf,
    root: String,
    offset: u64,
    /// Bytes after the last newline read: a line smbd is still writing.
    partial: Vec<u8>,
    /// Per path open through the share: (opens, read seen, write seen).
    open: BTreeMap<String, (u32, bool, bool)>,
}

impl AuditLog {
    /// The audit of the share of `root` (canonical) logging into `file`.
    pub(crate) fn new(file: PathBuf, root: &Path) -> AuditLog {
        AuditLog {
            file,
            root: root.display().to_string(),
            offset: 0,
            partial: Vec::new(),
            open: BTreeMap::new(),
        }
    }

    /// The operations logged since the last call, in order. Lines that are not audit lines
    /// (smbd's own messages) and operations on folders (the share's own `req`, `res`, `face`
    /// included) or outside the share are left out.
    ///
    /// # Errors
    ///
    /// The log cannot be read.
    pub fn read_new(&mut self) -> std::io::Result<Vec<AuditRecord>> {
        let mut file = fs::File::open(&self.file)?;
        file.seek(SeekFrom::Start(self.offset))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        self.offset += bytes.len() as u64;
        self.partial.extend_from_slice(&bytes);
        let Some(end) = self.partial.iter().rposition(|&b| b == b'\n') else {
            return Ok(Vec::new());
        };
        let complete: Vec<u8> = self.partial.drain(..=end).collect();
        let text = String::from_utf8_lossy(&complete);
        Ok(text.lines().filter_map(|line| self.record(line)).collect())
    }

    /// The record of one log line, if it is one the caller keeps.
    fn record(&mut self, line: &str) -> Option<AuditRecord> {
        let rest = line
            .trim_start()
            .strip_prefix(AUDIT_PREFIX)?
            .strip_prefix('|')?;
        let (op, rest) = rest.split_once('|')?;
        let args = rest.strip_prefix("ok|")?;
        match op {
            "create_file" => {
                // access mask | file or dir | disposition | path
                let mut parts = args.splitn(4, '|');
                let (_, kind, _, path) =
                    (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
                let path = self.relative(path)?;
                // A folder opened without asking for one (SMB2 CHANGE_NOTIFY on `res`) is
                // logged as `file`: what is a folder on disk is left out too.
                if kind != "file" || Path::new(&self.root).join(&path).is_dir() {
                    return None;
                }
                let entry = self.open.entry(path.clone()).or_default();
                *entry = (entry.0 + 1, false, false);
                Some(AuditRecord {
                    op: AuditOp::Open,
                    path,
                })
            }
            "pread" | "pread_send" | "pwrite" | "pwrite_send" => {
                let path = self.relative(args)?;
                let entry = self.open.entry(path.clone()).or_default();
                let seen = if op.starts_with("pread") {
                    &mut entry.1
                } else {
                    &mut entry.2
                };
                if std::mem::replace(seen, true) {
                    return None;
                }
                let op = if op.starts_with("pread") {
                    AuditOp::Read
                } else {
                    AuditOp::Write
                };
                Some(AuditRecord { op, path })
            }
            "close" => {
                let path = self.relative(args)?;
                let entry = self.open.get_mut(&path)?;
                entry.0 = entry.0.saturating_sub(1);
                if entry.0 == 0 {
                    self.open.remove(&path);
                }
                Some(AuditRecord {
                    op: AuditOp::Close,
                    path,
                })
            }
            "renameat" => {
                // old | new: split where the second absolute path under the root starts.
                let marker = format!("|{}/", self.root);
                let at = args.find(&marker)?;
                let from = self.relative(&args[..at])?;
                let path = self.relative(&args[at + 1..])?;
                // A handle open on the old name closes under the new one.
                if let Some(state) = self.open.remove(&from) {
                    self.open.insert(path.clone(), state);
                }
                Some(AuditRecord {
                    op: AuditOp::Rename { from },
                    path,
                })
            }
            "unlinkat" => Some(AuditRecord {
                op: AuditOp::Delete,
                path: self.relative(args)?,
            }),
            _ => None,
        }
    }

    /// `path` relative to the shared folder; `None` for the folder itself or a path outside it.
    fn relative(&self, path: &str) -> Option<String> {
        let rest = path.strip_prefix(&self.root)?.strip_prefix('/')?;
        let rest = rest.trim_end_matches('/');
        (!rest.is_empty() && rest != ".").then(|| rest.to_owned())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Lines as smbd 4.17 writes them for `smbclient get`, `put` then `rename`, and `del`.
    const LOG: &str = "smbd version 4.17.12-Debian started.
mynakit-audit|create_file|ok|0x81|dir|open|/srv/oqs/res
mynakit-audit|close|ok|/srv/oqs/res
mynakit-audit|create_file|ok|0x120089|file|open|/srv/oqs/res/a.xml
mynakit-audit|pread_send|ok|/srv/oqs/res/a.xml
mynakit-audit|pread_send|ok|/srv/oqs/res/a.xml
mynakit-audit|close|ok|/srv/oqs/res/a.xml
mynakit-audit|create_file|ok|0x12019f|file|overwrite_if|/srv/oqs/req/r.xml.tmp
mynakit-audit|pwrite_send|ok|/srv/oqs/req/r.xml.tmp
mynakit-audit|close|ok|/srv/oqs/req/r.xml.tmp
mynakit-audit|create_file|ok|0x110080|file|open|/srv/oqs/req/r.xml.tmp
mynakit-audit|renameat|ok|/srv/oqs/req/r.xml.tmp|/srv/oqs/req/r.xml
mynakit-audit|close|ok|/srv/oqs/req/r.xml
mynakit-audit|unlinkat|ok|/srv/oqs/res/a.xml
mynakit-audit|pread_send|ok|/elsewhere/x
";

    #[test]
    fn lines_become_one_record_per_operation_and_open() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smbd.out");
        // The last line is still being written: it waits for its newline.
        let (done, partial) = LOG.split_at(LOG.len() - 10);
        fs::write(&file, done).unwrap();
        let mut log = AuditLog::new(file.clone(), Path::new("/srv/oqs"));
        let records = log.read_new().unwrap();
        let seen: Vec<(String, &str)> = records
            .iter()
            .map(|r| (r.path.clone(), r.op.action()))
            .collect();
        let expected = [
            ("res/a.xml", "share-open"),
            ("res/a.xml", "share-read"),
            ("res/a.xml", "share-close"),
            ("req/r.xml.tmp", "share-open"),
            ("req/r.xml.tmp", "share-write"),
            ("req/r.xml.tmp", "share-close"),
            ("req/r.xml.tmp", "share-open"),
            ("req/r.xml", "share-rename"),
            ("req/r.xml", "share-close"),
            ("res/a.xml", "share-delete"),
        ];
        let expected: Vec<(String, &str)> = expected
            .iter()
            .map(|(p, a)| ((*p).to_owned(), *a))
            .collect();
        assert_eq!(seen, expected);
        assert_eq!(
            records[7].op,
            AuditOp::Rename {
                from: "req/r.xml.tmp".into()
            }
        );
        let mut all = fs::read(&file).unwrap();
        all.extend_from_slice(partial.as_bytes());
        fs::write(&file, all).unwrap();
        // The line outside the shared folder is left out.
        assert_eq!(log.read_new().unwrap(), Vec::new());
    }

    /// `smbclient -c 'notify res'` opens the folder as a `file`: it is no client file event.
    #[test]
    fn a_folder_watched_for_changes_is_not_a_file_opened() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("oqs");
        fs::create_dir_all(root.join("res")).unwrap();
        let file = dir.path().join("smbd.out");
        let r = root.display();
        fs::write(
            &file,
            format!(
                "mynakit-audit|create_file|ok|0x100081|file|open|{r}/res\n\
                 mynakit-audit|close|ok|{r}/res\n\
                 mynakit-audit|create_file|ok|0x120089|file|open|{r}/res/a.xml\n"
            ),
        )
        .unwrap();
        let records = AuditLog::new(file, &root).read_new().unwrap();
        assert_eq!(
            records,
            [AuditRecord {
                op: AuditOp::Open,
                path: "res/a.xml".into()
            }]
        );
    }
}
