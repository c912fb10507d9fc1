use super::*;

fn verdicts(json: &str) -> Verdicts {
    Verdicts::from_json(json.as_bytes()).unwrap()
}

#[test]
fn each_kind_of_change_is_named_and_unchanged_verdicts_are_not() {
    let old = verdicts(
        r#"{"scenarios":[
            {"id":"a","scenario":"a","mode":"pin","level":"PASSED"},
            {"id":"b","scenario":"b","mode":"pin","level":"FAILED"},
            {"id":"c","scenario":"c","mode":"pin","level":"PASSED"},
            {"id":"d","scenario":"d","mode":"pin","level":"PASSED"},
            {"id":"gone","scenario":"gone","mode":"pin","level":"FAILED"},
            {"id":"same","scenario":"same","mode":"pin","level":"FAILED"}]}"#,
    );
    let new = verdicts(
        r#"{"scenarios":[
            {"id":"a","scenario":"a","mode":"pin","level":"FAILED"},
            {"id":"b","scenario":"b","mode":"pin","level":"PASSED"},
            {"id":"c","scenario":"c","mode":"pin","level":"WARNING"},
            {"id":"d","scenario":"d","mode":"pin","level":"PASSED"},
            {"id":"e[visual]","scenario":"e","mode":"visual","level":"PASSED"},
            {"id":"f","scenario":"f","mode":"pin","level":"FAILED"},
            {"id":"same","scenario":"same","mode":"pin","level":"FAILED"}]}"#,
    );
    let diff = ReportDiff::between(&old, &new);
    let got: Vec<_> = diff
        .changes
        .iter()
        .map(|c| (c.kind, c.id.as_str(), c.before, c.after))
        .collect();
    assert_eq!(
        got,
        [
            (
                ChangeKind::NewFailure,
                "a",
                Some(Level::Passed),
                Some(Level::Failed)
            ),
            (ChangeKind::NewFailure, "f", None, Some(Level::Failed)),
            (
                ChangeKind::Fixed,
                "b",
                Some(Level::Failed),
                Some(Level::Passed)
            ),
            (
                ChangeKind::Moved,
                "c",
                Some(Level::Passed),
                Some(Level::Warning)
            ),
            (ChangeKind::Added, "e[visual]", None, Some(Level::Passed)),
            (ChangeKind::Removed, "gone", Some(Level::Failed), None),
        ]
    );
    assert!(diff.has_new_failures());
    assert_eq!(diff.changes[4].scenario, "e");
    assert_eq!(diff.changes[4].mode, "visual");
    assert_eq!((diff.before, diff.after), (6, 7));
}

#[test]
fn a_report_of_an_earlier_schema_compares_by_id() {
    // Schema 1 wrote neither `scenario` nor `mode`, and had fields this one does not read.
    let old = verdicts(
        r#"{"schema":1,"tool":"mynakit 0.1.0","scenarios":[
            {"id":"a","title":"A","level":"PASSED","extra":[1,2]}]}"#,
    );
    let new = verdicts(
        r#"{"schema":2,"scenarios":[{"id":"a","scenario":"a","mode":"pin","level":"PASSED"}]}"#,
    );
    let diff = ReportDiff::between(&old, &new);
    assert!(diff.changes.is_empty(), "{diff:?}");
    assert!(!diff.has_new_failures());
}

#[test]
fn not_a_report_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    std::fs::write(&path, br#"{"scenarios":[{"id":"a"}]}"#).unwrap();
    let e = Verdicts::read(&path).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{}: not a mynakit report.json", path.display())),
        "{e}"
    );
    // A folder is read as its report.json; a folder without one names the file it looked for.
    let e = Verdicts::read(&dir.path().join("missing"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing"), "{e}");
    assert!(Verdicts::read(dir.path()).is_err());
}
