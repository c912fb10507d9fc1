//! Zipped files in the folder exchange: bulk results that come back as `…res….zip` wrapping the
//! XML (`YUKI-ENT/OQSDrug2` `ImportResultAsync` unzips them and takes the XML whose name starts
//! with the result prefix), and requests a client drops as `.zip`.
//!
//! With OQSComApp's per-prefix encryption (`encrypt.conf`) files travel as **password** ZIPs whose
//! password is kept in Windows Credential Manager as `OQS_CRYPT_PASS` (a public PowerShell
//! "ONS_Reconfig_Encrypt" setup script; `docs/terminal.md`, "Zipped files"); that is not
//! emulated: an encrypted entry is refused with a reason, never guessed at. Sizes are
//! capped so a hostile archive cannot exhaust memory (`docs/terminal.md`, "Zipped files").

use std::io::{Cursor, Read as _, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The largest request the terminal unpacks (real requests are a few kilobytes).
pub const MAX_UNZIPPED: u64 = 16 * 1024 * 1024;

/// Why a zipped request could not be unpacked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ArchiveError {
    /// Not a ZIP archive, or a damaged one.
    #[error("not a readable ZIP archive: {0}")]
    Corrupt(String),
    /// The XML entry is password-protected (OQSComApp's `encrypt.conf` = `e`).
    #[error("{entry}: password-protected ZIP entry (OQSComApp encryption is not emulated; send it unencrypted)")]
    Encrypted {
        /// The entry's name.
        entry: String,
    },
    /// No `.xml` entry in the archive.
    #[error("no .xml file inside the ZIP archive")]
    NoXml,
    /// The XML entry is larger than [`MAX_UNZIPPED`].
    #[error("{entry}: larger than {MAX_UNZIPPED} bytes unpacked")]
    TooLarge {
        /// The entry's name.
        entry: String,
    },
}

/// Why a result could not be zipped: the `zip` crate refused the name or the time (a bug here;
/// the terminal then writes the result as XML and says so).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WrapError {
    /// The year does not fit a ZIP timestamp's `u16`.
    #[error("{error}")]
    Year {
        /// The year of the stamp.
        year: i32,
        /// The conversion's error.
        error: std::num::TryFromIntError,
    },
    /// The time is outside what a ZIP (DOS) timestamp holds (1980 to 2107).
    #[error(transparent)]
    Time(#[from] zip::result::DateTimeRangeError),
    /// The archive could not be written.
    #[error(transparent)]
    Zip(#[from] zip::result::ZipError),
    /// The entry's bytes could not be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A ZIP archive holding one file, `entry_name`, deflated, stamped with `modified`
/// (yyyy, MM, dd, HH, mm, ss; the scenario time, so goldens are stable).
///
/// # Errors
///
/// [`WrapError`], only if the `zip` crate refuses the name or the time (a bug here).
pub fn wrap(
    entry_name: &str,
    bytes: &[u8],
    modified: time::PrimitiveDateTime,
) -> Result<Vec<u8>, WrapError> {
    let year = modified.year();
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(year).map_err(|error| WrapError::Year { year, error })?,
        u8::from(modified.month()),
        modified.day(),
        modified.hour(),
        modified.minute(),
        modified.second(),
    )?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    writer.start_file(entry_name, options)?;
    writer.write_all(bytes)?;
    Ok(writer.finish()?.into_inner())
}

/// The XML inside a zipped request: the `.xml` entry named `preferred` (case-insensitively) if
/// there is one, else the first `.xml` entry. Returns its name and bytes.
///
/// # Errors
///
/// [`ArchiveError`]: damaged, encrypted, no XML, or too large.
pub fn unwrap(bytes: &[u8], preferred: &str) -> Result<(String, Vec<u8>), ArchiveError> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ArchiveError::Corrupt(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| ArchiveError::Corrupt(e.to_string()))?
            .into_owned();
        if !entry.is_dir() && crate::file_name::is_xml(&name) {
            names.push((i, name, entry.encrypted()));
        }
    }
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_ascii_lowercase();
    let chosen = names
        .iter()
        .find(|(_, n, _)| base(n) == preferred.to_ascii_lowercase())
        .or(names.first())
        .cloned()
        .ok_or(ArchiveError::NoXml)?;
    let (index, name, encrypted) = chosen;
    if encrypted {
        return Err(ArchiveError::Encrypted { entry: name });
    }
    let entry = archive
        .by_index(index)
        .map_err(|e| ArchiveError::Corrupt(format!("{name}: {e}")))?;
    let mut out = Vec::new();
    entry
        .take(MAX_UNZIPPED + 1)
        .read_to_end(&mut out)
        .map_err(|e| ArchiveError::Corrupt(format!("{name}: {e}")))?;
    if u64::try_from(out.len()).unwrap_or(u64::MAX) > MAX_UNZIPPED {
        return Err(ArchiveError::TooLarge { entry: name });
    }
    Ok((name, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when() -> time::PrimitiveDateTime {
        time::macros::datetime!(2026-11-01 09:00:00)
    }

    #[test]
    fn wraps_and_unwraps_one_file() {
        let zip = wrap("OQSmuquc02res_1.xml", b"<XmlMsg/>", when()).unwrap();
        assert!(zip.starts_with(b"PK\x03\x04"));
        let (name, bytes) = unwrap(&zip, "other.xml").unwrap();
        assert_eq!(name, "OQSmuquc02res_1.xml");
        assert_eq!(bytes, b"<XmlMsg/>");
        // Same input, same bytes: goldens can rely on it.
        assert_eq!(
            zip,
            wrap("OQSmuquc02res_1.xml", b"<XmlMsg/>", when()).unwrap()
        );
    }

    #[test]
    fn the_preferred_entry_wins_and_bad_archives_are_refused() {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let o = SimpleFileOptions::default();
        writer.start_file("readme.txt", o).unwrap();
        writer.write_all(b"x").unwrap();
        writer.start_file("a.xml", o).unwrap();
        writer.write_all(b"<a/>").unwrap();
        writer.start_file("dir/B.XML", o).unwrap();
        writer.write_all(b"<b/>").unwrap();
        let zip = writer.finish().unwrap().into_inner();
        assert_eq!(unwrap(&zip, "b.xml").unwrap().1, b"<b/>");
        assert_eq!(unwrap(&zip, "c.xml").unwrap().1, b"<a/>");
        assert!(matches!(
            unwrap(b"<XmlMsg/>", "a.xml"),
            Err(ArchiveError::Corrupt(_))
        ));
        let only_text = wrap("readme.txt", b"x", when()).unwrap();
        assert_eq!(unwrap(&only_text, "a.xml"), Err(ArchiveError::NoXml));
        // OQSComApp's encryption: the entry's "encrypted" flag (bit 0) set, as a password ZIP
        // has it in the local and central headers.
        let mut locked = wrap("a.xml", b"<a/>", when()).unwrap();
        for (signature, flag_at) in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)] {
            let at = locked
                .windows(4)
                .position(|w| w == signature.as_slice())
                .unwrap();
            locked[at + flag_at] |= 1;
        }
        assert_eq!(
            unwrap(&locked, "a.xml"),
            Err(ArchiveError::Encrypted {
                entry: "a.xml".into()
            })
        );
        let mut cut = wrap("a.xml", b"<a/>", when()).unwrap();
        cut.truncate(cut.len() / 2);
        assert!(unwrap(&cut, "a.xml").is_err());
    }
}
