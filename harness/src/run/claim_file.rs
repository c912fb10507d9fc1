//! The claim folder of a scenario of the flow `claim-file` (`docs/uke.md`, "The claim file in
//! a run"): made with the world, named to the client as `MYNAKIT_CLAIM_DIR`, and read once the
//! client has ended, its `RECEIPTC.UKE` recorded as a `claim-file` event for the `UKE-` checks.

use std::path::{Path, PathBuf};

use mynakit_protocol::Flow;
use mynakit_timeline::{ClaimFile, EventKind, Source, Timeline};
use mynakit_uke::FILE_NAME;

use crate::scenario::Scenario;

/// Makes `claim` in `dir` when `scenario` exercises the flow `claim-file`.
///
/// # Errors
///
/// The folder cannot be made.
pub(crate) fn create(scenario: &Scenario, dir: &Path) -> std::io::Result<Option<PathBuf>> {
    if !scenario.flows.contains(&Flow::ClaimFile) {
        return Ok(None);
    }
    let folder = dir.join("claim");
    std::fs::create_dir_all(&folder)?;
    Ok(Some(folder))
}

/// Records what the client left in its claim folder: one `claim-file` event for its
/// `RECEIPTC.UKE` (matched without regard to case, as a medium's file system may), or one
/// with an error when there is none or it cannot be read. A symbolic link is not followed.
/// The event keeps the 点数表 of `facility_code` (`MYNAKIT_FACILITY_CODE`, its 3rd digit: 1
/// 医科, 3 歯科, 4 調剤), which the file's header must claim on.
pub(crate) fn record(folder: &Path, facility_code: &str, timeline: &Timeline) {
    let (path, mut file) = read(folder);
    file.facility_table = facility_table(facility_code);
    timeline.record(Source::Client, EventKind::ClaimFile { path, file });
}

/// The 点数表 digit of a 10-digit 医療機関コード (都道府県 2, 点数表 1, code 7), if it is one.
fn facility_table(facility_code: &str) -> Option<String> {
    let digits = facility_code.len() == 10 && facility_code.bytes().all(|b| b.is_ascii_digit());
    facility_code
        .get(2..3)
        .filter(|_| digits)
        .map(str::to_owned)
}

fn read(folder: &Path) -> (String, ClaimFile) {
    let failed = |path: &str, error: String| {
        (
            path.to_owned(),
            ClaimFile {
                error: Some(error),
                ..ClaimFile::default()
            },
        )
    };
    let found = std::fs::read_dir(folder).ok().and_then(|entries| {
        entries.flatten().find(|e| {
            e.file_name()
                .to_string_lossy()
                .eq_ignore_ascii_case(FILE_NAME)
        })
    });
    let Some(entry) = found else {
        let (path, mut file) = failed(
            FILE_NAME,
            format!("the client wrote no {FILE_NAME} in MYNAKIT_CLAIM_DIR"),
        );
        file.missing = true;
        return (path, file);
    };
    let name = entry.file_name().to_string_lossy().into_owned();
    match entry.file_type() {
        Ok(t) if t.is_file() => {}
        _ => {
            return failed(
                &name,
                "not a regular file (a link is not followed)".to_owned(),
            )
        }
    }
    match std::fs::File::open(entry.path()) {
        Ok(file) => (name, ClaimFile::read(std::io::BufReader::new(file))),
        Err(e) => failed(&name, format!("cannot be opened: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_a_link_and_a_file_in_lower_case() {
        let dir = tempfile::tempdir().expect("dir");
        let (path, file) = read(dir.path());
        assert_eq!(path, FILE_NAME);
        assert!(file.missing && file.error.as_deref().unwrap_or("").contains("wrote no"));

        let target = dir.path().join("elsewhere");
        std::fs::write(&target, b"x").expect("write");
        std::os::unix::fs::symlink(&target, dir.path().join(FILE_NAME)).expect("link");
        let (_, file) = read(dir.path());
        assert!(
            file.error.as_deref().unwrap_or("").contains("link"),
            "{file:?}"
        );
        assert!(!file.missing);
        std::fs::remove_file(dir.path().join(FILE_NAME)).expect("unlink");

        let mut bytes = b"IR,1,13,1,1234567,,,202611,00\r\nRE,1,1112,202611,,1,19800101\r\n\
            HO,06139992,12,345,1,100\r\nGO,1,100,99\r\n"
            .to_vec();
        bytes.push(0x1a);
        std::fs::write(dir.path().join("receiptc.uke"), bytes).expect("write");
        let (path, file) = read(dir.path());
        assert_eq!((path.as_str(), file.error), ("receiptc.uke", None));
        assert_eq!(file.claims.len(), 1);
        assert_eq!(file.table.as_deref(), Some("1"));
        assert_eq!(facility_table("1349999999").as_deref(), Some("4"));
        assert_eq!(facility_table("13499"), None);
    }
}
