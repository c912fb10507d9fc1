//! How a 資格確認端末 names an answer after its request: the first `req` in the name becomes `res`
//! (`OQSsiquc01req_1.xml` → `OQSsiquc01res_1.xml`; sanox.org road13, `YUKI-ENT/OQSDrug2`
//! `FindExpectedResultFile`; `docs/terminal.md`, "Encodings and drift"). The terminal writes
//! answers by it and the conformance checks pair them by it.

/// The answer's name for a request named `name`: the first `req` replaced by `res`; `None` when
/// the name has no `req` (the terminal then answers `<name>.res.xml`).
pub fn mirror(name: &str) -> Option<String> {
    name.find("req")
        .map(|at| format!("{}res{}", &name[..at], &name[at + 3..]))
}

/// Whether `name` is still being written by a client that renames when done, or is hidden: a
/// name the 資格確認端末 skips in `req` (a leading `.` or `~`, a trailing `~`, or `.tmp`,
/// `.part`, `.partial`, `.crdownload`, `.swp`, `.filepart`, any case), so that write-then-rename
/// works (`docs/terminal.md`, "Terminal behaviour"). A name the terminal reads is one a client
/// must not write in place.
pub fn is_in_progress(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || [
            ".tmp",
            ".part",
            ".partial",
            ".crdownload",
            ".swp",
            ".filepart",
        ]
        .iter()
        .any(|s| lower.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_req_becomes_res() {
        assert_eq!(
            mirror("OQSsiquc01req_prereq01.xml").as_deref(),
            Some("OQSsiquc01res_prereq01.xml")
        );
        assert_eq!(mirror("answer.xml"), None);
    }

    #[test]
    fn temporary_names_are_not_requests_yet() {
        for n in [".x.xml", "a.xml.tmp", "a.XML.PART", "a.xml~", "~$a.xml"] {
            assert!(is_in_progress(n), "{n}");
        }
        assert!(!is_in_progress("OQSsiquc01req_1.xml"));
    }
}
