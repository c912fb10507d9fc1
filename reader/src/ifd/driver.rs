//! Which reader driver the managed pcscd loads, and writing its copy into the pcscd's folder.
//!
//! The driver is built with this crate (`build.rs`, from `reader/ifd/ifd-mynakit.c`) and
//! embedded in the binary, so every install carries it and finds it without configuration
//! (`docs/install.md`); `$MYNAKIT_IFD_DRIVER` names another build instead, for a developer
//! trying a changed driver (`docs/reader.md`, "The mynakit reader driver").

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The environment variable naming a driver to load instead of the embedded one.
pub const DRIVER_ENV: &str = "MYNAKIT_IFD_DRIVER";

/// The driver compiled by `build.rs` with this crate.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libifdmynakit.so"));

/// The driver to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Driver {
    /// The one inside this binary.
    Embedded,
    /// A file named by `$MYNAKIT_IFD_DRIVER`.
    Named(PathBuf),
}

impl Driver {
    /// `$MYNAKIT_IFD_DRIVER` when set and not empty, else the embedded driver.
    pub fn find() -> Driver {
        std::env::var_os(DRIVER_ENV)
            .filter(|path| !path.is_empty())
            .map_or(Driver::Embedded, |path| Driver::Named(PathBuf::from(path)))
    }

    /// Whether the driver can be loaded: always for the embedded one; a named one must be a
    /// file.
    pub fn is_present(&self) -> bool {
        match self {
            Driver::Embedded => true,
            Driver::Named(path) => path.is_file(),
        }
    }

    /// Writes the driver to `dest` (mode 0644) through a new file beside it, renamed into place:
    /// a reader of `dest` never sees half a library, and a symlink at `dest` is replaced, not
    /// followed.
    pub(crate) fn write_to(&self, dest: &Path) -> std::io::Result<()> {
        let dir = dest.parent().unwrap_or(Path::new("."));
        let mut file = tempfile::Builder::new()
            .prefix(".libifdmynakit")
            .tempfile_in(dir)?;
        match self {
            Driver::Embedded => file.write_all(EMBEDDED)?,
            Driver::Named(path) => {
                std::io::copy(&mut std::fs::File::open(path)?, &mut file)?;
            }
        }
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        file.as_file().sync_all()?;
        file.persist(dest).map_err(|e| e.error)?;
        Ok(())
    }
}

impl std::fmt::Display for Driver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Driver::Embedded => f.write_str("the driver inside mynakit"),
            Driver::Named(path) => write!(f, "{} (${DRIVER_ENV})", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_embedded_driver_is_a_shared_object_with_pcsc_lites_entry_points() {
        assert_eq!(&EMBEDDED[..4], b"\x7fELF");
        let text = String::from_utf8_lossy(EMBEDDED);
        for entry in [
            "IFDHCreateChannelByName",
            "IFDHTransmitToICC",
            "IFDHControl",
        ] {
            assert!(
                text.contains(entry),
                "{entry} is not in the embedded driver"
            );
        }
    }

    #[test]
    fn writing_replaces_a_symlink_instead_of_following_it() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::write(&outside, b"keep").unwrap();
        let dest = dir.path().join("libifdmynakit-0.so");
        std::os::unix::fs::symlink(&outside, &dest).unwrap();
        Driver::Embedded.write_to(&dest).unwrap();
        assert_eq!(std::fs::read(&outside).unwrap(), b"keep");
        assert!(!std::fs::symlink_metadata(&dest).unwrap().is_symlink());
        assert_eq!(std::fs::read(&dest).unwrap(), EMBEDDED);
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary left"
        );
    }

    #[test]
    fn a_named_driver_is_copied_and_a_missing_one_is_not_present() {
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().join("mine.so");
        std::fs::write(&named, b"\x7fELF mine").unwrap();
        let dest = dir.path().join("libifdmynakit-1.so");
        Driver::Named(named).write_to(&dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"\x7fELF mine");
        let missing = Driver::Named(dir.path().join("none.so"));
        assert!(!missing.is_present());
        assert!(Driver::Embedded.is_present());
        assert!(missing
            .to_string()
            .contains("none.so ($MYNAKIT_IFD_DRIVER)"));
    }
}
