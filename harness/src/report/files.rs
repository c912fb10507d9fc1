//! The report folder's place and its files' names, as the writers, the run and the tools that
//! read a report back name them (docs/reports.md).

/// Where `mynakit run` writes its reports unless `--report-dir` says otherwise.
pub const DEFAULT_REPORT_DIR: &str = "target/mynakit-report";
/// The JUnit XML report's file name in the report directory.
pub const JUNIT_FILE: &str = "report.xml";
/// The JSON report's file name in the report directory.
pub const JSON_FILE: &str = "report.json";
/// The most a report.json read back may hold (`claim check --run`, `report merge`, `run
/// --rerun-failed`), read through the bounded reader (`mynakit_fixtures::input`): far above a
/// run of every bundled scenario (a few MiB), so that a wrong path (`/dev/zero`, a FIFO, a
/// huge file) is refused at this size instead of filling memory (docs/security.md, "Files
/// mynakit reads").
pub const MAX_JSON_BYTES: u64 = 512 << 20;
/// The HTML report's file name in the report directory.
pub const HTML_FILE: &str = "report.html";
