//! The claim folder of a scenario of the flow `claim-file` (`docs/uke.md`, "The claim file in
//! a run"): made with the world, named to the client as `MYNAKIT_CLAIM_DIR`, and read once the
//! client has ended, its `RECEIPTC.UKE` recorded as a `claim-file` event for the `UKE-` checks.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use mynakit_fixtures::input::{self, Links};
use mynakit_protocol::Flow;
use mynakit_timeline::{ClaimFile, ClaimInterest, Coded, EventKind, Source, Timeline};
use mynakit_uke::{ScoreTable, FILE_NAME, STATION_FILE_NAME};

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
/// `RECEIPTC.UKE`, or a 訪問看護ステーション's `RECEIPTH.UKE` when the facility's 点数表 is 6
/// (docs/uke.md, "訪問看護 (RECEIPTH.UKE)"; matched without regard to case, as a medium's file system may), or one
/// with an error when there is none, there are several, or it cannot be read. The event keeps
/// the claims of the patients the run's answers name so far (a month's file is read in flat
/// memory, docs/uke.md "A month's file in a run"), and the 点数表 of `facility_code`
/// (`MYNAKIT_FACILITY_CODE`, its 3rd digit: 1 医科, 3 歯科, 4 調剤, 6 訪問看護), which the
/// file's header must claim on.
pub(crate) fn record(folder: &Path, facility_code: &str, timeline: &Timeline) {
    let interest = ClaimInterest::of_events(&timeline.events());
    let table = facility_table(facility_code);
    let (path, mut file) = read(folder, &interest, file_name(table.as_ref()));
    file.facility_table = table;
    timeline.record(Source::Client, EventKind::ClaimFile { path, file });
}

/// The 点数表 digit of a 10-digit 医療機関コード (都道府県 2, 点数表 1, code 7), if it is one.
fn facility_table(facility_code: &str) -> Option<Coded<ScoreTable>> {
    let digits = facility_code.len() == 10 && facility_code.bytes().all(|b| b.is_ascii_digit());
    facility_code.get(2..3).filter(|_| digits).map(Coded::read)
}

fn failed(path: &str, error: String) -> (String, ClaimFile) {
    (
        path.to_owned(),
        ClaimFile {
            error: Some(error),
            ..ClaimFile::default()
        },
    )
}

/// The claim file a facility of 点数表 `table` writes: a station's RECEIPTH.UKE, every other
/// facility's RECEIPTC.UKE.
fn file_name(table: Option<&Coded<ScoreTable>>) -> &'static str {
    if table.and_then(Coded::known) == Some(ScoreTable::Nursing) {
        STATION_FILE_NAME
    } else {
        FILE_NAME
    }
}

/// The claim file `name` in `folder`; for a station's RECEIPTH.UKE, also one in each folder
/// directly inside it: a station whose users are of both 審査支払機関 (社保 → 支払基金, 国保 and
/// 後期 → 国保連) claims to each in a file of its own, every one named RECEIPTH.UKE, so each is
/// in a folder of its own (the folders' names are the writer's: mynakit's model, as no public
/// source here lays out a submission of two files; docs/uke.md, "訪問看護"). Several files
/// found are one month's claims: read each, then recorded as one event
/// ([`joined`]), each file's HM judged against its own claims (`UKE-file-reads`).
fn read(folder: &Path, interest: &ClaimInterest, name: &'static str) -> (String, ClaimFile) {
    let top = read_one(folder, interest, name);
    if name != STATION_FILE_NAME {
        return top;
    }
    let mut inner: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        // A folder, not a link to one (`file_type` does not follow links).
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    inner.sort();
    let mut found: Vec<(String, ClaimFile)> = Vec::new();
    if !top.1.missing {
        found.push(top.clone());
    }
    for sub in inner {
        let (path, file) = read_one(&folder.join(&sub), interest, name);
        if !file.missing {
            found.push((format!("{sub}/{path}"), file));
        }
    }
    match found.len() {
        0 => top,
        1 => found.remove(0),
        _ => joined(found),
    }
}

/// The files of one station's month (one per 審査支払機関), as one claim file: their claims in
/// the order of the files' paths, each file's problems and error said with its path, the
/// claims each file left out added up. A claim's line is in its own file, which the claim names
/// (`file`), so a finding names the file its line is in.
fn joined(files: Vec<(String, ClaimFile)>) -> (String, ClaimFile) {
    let path = files
        .iter()
        .map(|(p, _)| p.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = ClaimFile::default();
    let mut errors = Vec::new();
    for (name, file) in files {
        out.claims.extend(file.claims.into_iter().map(|mut claim| {
            claim.file = Some(name.clone());
            claim
        }));
        out.omitted = out.omitted.saturating_add(file.omitted);
        out.problems
            .extend(file.problems.into_iter().map(|p| format!("{name}: {p}")));
        out.problem_kinds.extend(file.problem_kinds);
        if let Some(error) = file.error {
            errors.push(format!("{name}: {error}"));
        }
        if out.table.is_none() {
            out.table = file.table;
        }
    }
    out.error = (!errors.is_empty()).then(|| errors.join("; "));
    (path, out)
}

fn read_one(folder: &Path, interest: &ClaimInterest, name: &'static str) -> (String, ClaimFile) {
    // Every name that is the file's but for case: on a medium or share that ignores case
    // (FAT, SMB) they are one file, so two of them leave which is claimed to chance.
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|found| found.eq_ignore_ascii_case(name))
        .collect();
    names.sort();
    let name = match names.as_slice() {
        [] => {
            let (path, mut file) = failed(
                name,
                format!("the client wrote no {name} in MYNAKIT_CLAIM_DIR"),
            );
            file.missing = true;
            return (path, file);
        }
        [one] => one.clone(),
        several => {
            return failed(
                &several.join(", "),
                format!(
                "{} are in MYNAKIT_CLAIM_DIR together: their names differ only in case, so on a \
                     medium or share that ignores case they are one file and which one is \
                     claimed is chance; none is judged",
                several.join(" and ")
            ),
            )
        }
    };
    match open(&folder.join(&name)) {
        Ok(file) => (name, ClaimFile::read(BufReader::new(file), interest)),
        Err(error) => failed(&name, error.to_string()),
    }
}

/// Why the claim file was not read, as its event's error says it after the file's name.
#[derive(Debug, thiserror::Error)]
enum Unread {
    /// The name is a symbolic link (`ELOOP` under `O_NOFOLLOW`).
    #[error("is a symbolic link (a link is not followed)")]
    Link,
    /// The file opened is no regular file: what it is.
    #[error("not a regular file ({0})")]
    NotAFile(&'static str),
    /// The open (or `fstat` of the open file) failed otherwise.
    #[error("cannot be opened: {0}")]
    Open(std::io::Error),
}

/// Opens the claim file without following a link and without blocking on a FIFO put in its
/// place, then checks the type of the file opened, not of the name listed
/// ([`input::open_nonblocking`]): a swap between the listing and the open cannot slip a link or
/// a device in.
fn open(path: &Path) -> Result<File, Unread> {
    let (file, kind) = input::open_nonblocking(path, Links::Refuse).map_err(|e| match e {
        rustix::io::Errno::LOOP => Unread::Link,
        // A Unix socket cannot be opened at all (`ENXIO`): said as any other non-file is.
        rustix::io::Errno::NXIO => Unread::NotAFile(input::what(rustix::fs::FileType::Socket)),
        e => Unread::Open(e.into()),
    })?;
    if kind != rustix::fs::FileType::RegularFile {
        return Err(Unread::NotAFile(input::what(kind)));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_claim() -> Vec<u8> {
        let mut bytes = b"IR,1,13,1,1234567,,,202611,00\r\nRE,1,1112,202611,,1,19800101\r\n\
            HO,06139992,12,345,1,100\r\nGO,1,100,99\r\n"
            .to_vec();
        bytes.push(0x1a);
        bytes
    }

    fn error_of(folder: &Path) -> String {
        read(folder, &ClaimInterest::default(), FILE_NAME)
            .1
            .error
            .unwrap_or_default()
    }

    #[test]
    fn a_missing_file_a_link_and_a_file_in_lower_case() {
        let dir = tempfile::tempdir().expect("dir");
        let (path, file) = read(dir.path(), &ClaimInterest::default(), FILE_NAME);
        assert_eq!(path, FILE_NAME);
        assert!(file.missing && file.error.as_deref().unwrap_or("").contains("wrote no"));

        let target = dir.path().join("elsewhere");
        std::fs::write(&target, one_claim()).expect("write");
        std::os::unix::fs::symlink(&target, dir.path().join(FILE_NAME)).expect("link");
        let (_, file) = read(dir.path(), &ClaimInterest::default(), FILE_NAME);
        assert_eq!(
            file.error.as_deref(),
            Some("is a symbolic link (a link is not followed)")
        );
        assert!(!file.missing);
        std::fs::remove_file(dir.path().join(FILE_NAME)).expect("unlink");

        std::fs::write(dir.path().join("receiptc.uke"), one_claim()).expect("write");
        let (path, file) = read(dir.path(), &ClaimInterest::default(), FILE_NAME);
        assert_eq!((path.as_str(), file.error), ("receiptc.uke", None));
        assert_eq!(file.claims.len(), 1);
        assert_eq!(file.table.as_deref(), Some("1"));
        assert_eq!(facility_table("1349999999").as_deref(), Some("4"));
        assert_eq!(
            facility_table("1349999999").and_then(|t| t.known()),
            Some(ScoreTable::Pharmacy)
        );
        assert_eq!(facility_table("1329999999").as_deref(), Some("2"));
        assert_eq!(facility_table("13499"), None);
    }

    #[test]
    fn a_station_s_folder_is_read_for_its_own_file() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join(FILE_NAME), one_claim()).expect("write");
        let name = file_name(facility_table("1369999999").as_ref());
        assert_eq!(name, STATION_FILE_NAME);
        // A station that wrote the 医科 file wrote none of its own.
        let (path, file) = read(dir.path(), &ClaimInterest::default(), name);
        assert_eq!(path, STATION_FILE_NAME);
        assert!(file.missing, "{file:?}");
        assert_eq!(file_name(Some(&Coded::read("1"))), FILE_NAME);
        assert_eq!(file_name(None), FILE_NAME);
    }

    /// A station's two files, one per 審査支払機関, each in a folder of its own: one event of
    /// both files' claims, each file's problems said with its path.
    #[test]
    fn a_station_s_files_in_folders_of_their_own_are_one_month() {
        let station = |hm: &str, ho: &str| {
            let mut bytes = format!(
                "{hm}\r\nRE,1,6112,202611,,,1,19800101,,,,,,,\r\n{ho}\r\nSN,1,01\r\n\
                 JD,1,,,1\r\nKA,20261103,1,510000110,,5550,01,,\r\nGO\r\n"
            )
            .into_bytes();
            bytes.push(0x1a);
            bytes
        };
        let dir = tempfile::tempdir().expect("dir");
        for sub in ["shaho", "kokuho"] {
            std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
        }
        let shaho = "HM,1,13,6,9999999,,202612,";
        let kokuho = "HM,2,13,6,9999999,,202612,";
        let employee = "HO,06139992,12,345,1,5550";
        let national = "HO,138222,12,345,1,5550";
        std::fs::write(
            dir.path().join("shaho").join(STATION_FILE_NAME),
            station(shaho, employee),
        )
        .expect("write");
        let only = read(dir.path(), &ClaimInterest::default(), STATION_FILE_NAME);
        assert_eq!(only.0, "shaho/RECEIPTH.UKE");
        assert_eq!(only.1.claims.len(), 1);
        // One file: its claims name none (the event's path is theirs).
        assert_eq!(only.1.claims[0].file, None);
        // The 国保 user in the 国保連's file: both files, one month, nothing wrong.
        std::fs::write(
            dir.path().join("kokuho").join(STATION_FILE_NAME),
            station(kokuho, national),
        )
        .expect("write");
        let (path, file) = read(dir.path(), &ClaimInterest::default(), STATION_FILE_NAME);
        assert_eq!(path, "kokuho/RECEIPTH.UKE, shaho/RECEIPTH.UKE");
        assert_eq!((file.claims.len(), file.error.as_deref()), (2, None));
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert!(file.is_station());
        // Each claim names the file its lines are in.
        let files: Vec<Option<&str>> = file.claims.iter().map(|c| c.file.as_deref()).collect();
        assert_eq!(
            files,
            [Some("kokuho/RECEIPTH.UKE"), Some("shaho/RECEIPTH.UKE")]
        );
        // The 国保 user in the 支払基金's file: that file's problem, named with its path.
        std::fs::write(
            dir.path().join("kokuho").join(STATION_FILE_NAME),
            station(shaho, national),
        )
        .expect("write");
        let (_, file) = read(dir.path(), &ClaimInterest::default(), STATION_FILE_NAME);
        assert_eq!(file.problems.len(), 1, "{:?}", file.problems);
        assert!(file.problems[0].starts_with("kokuho/RECEIPTH.UKE: line 3"));
        // A 医科 file is looked for in the folder alone.
        let (_, file) = read(dir.path(), &ClaimInterest::default(), FILE_NAME);
        assert!(file.missing);
    }

    #[test]
    fn names_that_differ_only_in_case_are_a_finding_not_one_of_them() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join(FILE_NAME), one_claim()).expect("write");
        std::fs::write(dir.path().join("receiptc.uke"), one_claim()).expect("write");
        let (path, file) = read(dir.path(), &ClaimInterest::default(), FILE_NAME);
        assert_eq!(path, "RECEIPTC.UKE, receiptc.uke");
        assert!(file.claims.is_empty() && !file.missing);
        assert!(
            file.error.as_deref().unwrap_or("").starts_with(
                "RECEIPTC.UKE and receiptc.uke are in MYNAKIT_CLAIM_DIR together: their names differ \
                 only in case"
            ),
            "{file:?}"
        );
    }

    #[test]
    fn a_fifo_a_folder_and_a_device_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("dir");
        let fifo = dir.path().join(FILE_NAME);
        // An unwritten FIFO: a blocking open would wait for a writer for ever.
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        assert_eq!(error_of(dir.path()), "not a regular file (a FIFO)");
        std::fs::remove_file(&fifo).expect("unlink");

        std::fs::create_dir(&fifo).expect("mkdir");
        assert_eq!(error_of(dir.path()), "not a regular file (a folder)");
        std::fs::remove_dir(&fifo).expect("rmdir");

        // A device reached by a link is refused as the link it is.
        std::os::unix::fs::symlink("/dev/zero", &fifo).expect("link");
        assert!(error_of(dir.path()).contains("symbolic link"));
        std::fs::remove_file(&fifo).expect("unlink");

        // A Unix socket left in its place cannot even be opened: said as what it is.
        let _listener = std::os::unix::net::UnixListener::bind(&fifo).expect("bind");
        assert_eq!(error_of(dir.path()), "not a regular file (a socket)");
    }
}
