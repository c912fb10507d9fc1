//! The detection matrix's rows of the 医療費助成 through PMH (issue 109; docs/subsidies.md, "What
//! a レセコン does"): each `UKE-subsidy*` check, the bundled scenario the reference client
//! passes, and the defect that fails it there; apart from [`super::DETECTION`] as the checks
//! are apart in `crate::uke` (`subsidy*.rs`).

use super::row::{caught, Detection};

/// The 医療費助成 rows: each KO against the entries of the day's answer, in catalogue order.
pub static SUBSIDY: &[Detection] = &[
    caught(
        "UKE-subsidy",
        "terminal-claim-file-subsidy-child",
        "claim-subsidy-crossed-numbers",
    ),
    caught(
        "UKE-subsidy-valid",
        "terminal-claim-file-subsidy-child-2027-01",
        "claim-subsidy-expired-taken",
    ),
    caught(
        "UKE-subsidy-valid",
        "terminal-claim-file-subsidy-adult-2026-07",
        "claim-subsidy-expired-taken",
    ),
    caught(
        "UKE-subsidy-cap",
        "terminal-claim-file-subsidy-cap-reached",
        "claim-subsidy-cap-ignored",
    ),
    caught(
        "UKE-subsidy-days",
        "terminal-claim-file-subsidy-ends-mid-month",
        "claim-subsidy-days-of-insurance",
    ),
    caught(
        "UKE-subsidy-days",
        "terminal-claim-file-subsidy-declined-mid-month",
        "claim-subsidy-days-of-insurance",
    ),
    caught(
        "UKE-subsidy",
        "terminal-claim-file-subsidy-declined-after-last-month",
        "claim-subsidy-from-master",
    ),
    caught(
        "UKE-subsidy",
        "terminal-claim-file-subsidy-declined-mid-month",
        "claim-subsidy-from-master",
    ),
    caught(
        "UKE-subsidy",
        "terminal-claim-file-subsidy-child-2026-12-31",
        "claim-subsidy-last-day-dropped",
    ),
    caught(
        "UKE-subsidy-days",
        "terminal-claim-file-subsidy-ends-mid-month",
        "claim-subsidy-points-of-insurance",
    ),
    caught(
        "UKE-subsidy-days",
        "terminal-claim-file-subsidy-declined-mid-month",
        "claim-subsidy-points-of-insurance",
    ),
    caught(
        "UKE-subsidy-days",
        "terminal-claim-file-subsidy-starts-mid-month",
        "claim-subsidy-points-of-insurance",
    ),
];
