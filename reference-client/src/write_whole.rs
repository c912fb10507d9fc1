//! Files written whole: under a temporary name, then renamed, so that a reader polling the
//! folder (the terminal, the harness) sees the file whole or not at all, and a link planted at
//! either name is replaced, never written through (docs/security.md).

use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` as `dir/name.tmp`, flushes it to disk, then renames it to `dir/name`: the
/// terminal ignores `.tmp` names, so it sees the request whole or not at all. The temporary file
/// is created new (`O_EXCL`), after removing any left at that name: a symlink planted there by
/// another user of the folder is removed, never written through (docs/security.md).
pub(crate) fn write_then_rename(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = dir.join(format!("{name}.tmp"));
    match std::fs::remove_file(&temporary) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, dir.join(name))
}

/// Makes the folder `dir` (one level, in a parent that exists) unless it is there; a symbolic
/// link at its name is refused, not followed, so nothing is written outside the client's own
/// folders (`docs/reference-client.md`).
pub(crate) fn folder_not_through_a_link(dir: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is a symbolic link; not followed", dir.display()),
        )),
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a folder", dir.display()),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir(dir),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link planted where the client keeps its folder is refused: nothing is made or written
    /// through it.
    #[test]
    fn a_folder_is_not_made_through_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let folder = dir.path().join("own");
        std::os::unix::fs::symlink(&elsewhere, &folder).unwrap();
        let error = folder_not_through_a_link(&folder).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        std::fs::remove_file(&folder).unwrap();
        folder_not_through_a_link(&folder).unwrap();
        folder_not_through_a_link(&folder).unwrap();
        assert!(folder.is_dir());
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }

    /// A symlink planted at the temporary name is removed, not written through; the request
    /// arrives whole.
    #[test]
    fn a_request_is_not_written_through_a_planted_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let req = dir.path().join("req");
        std::fs::create_dir(&req).unwrap();
        std::os::unix::fs::symlink(&victim, req.join("r.xml.tmp")).unwrap();
        write_then_rename(&req, "r.xml", b"<x/>").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(req.join("r.xml")).unwrap(), "<x/>");
        assert!(!req.join("r.xml.tmp").exists());
    }
}
