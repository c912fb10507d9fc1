//! One row of the detection matrix: a check and how it is proven (a bundled scenario and the
//! defect that fails it there, or why it never fails), shared by the matrix's tables.

/// How one check is proven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    /// The correct client passes `check` in `scenario`; with `defect` on, the check gives its
    /// severity's level (FAILED, or WARNING for a WARNING check) in the same scenario.
    Caught {
        /// A bundled scenario id.
        scenario: &'static str,
        /// A reference-client defect name.
        defect: &'static str,
    },
    /// As [`Proof::Caught`], in a run with the terminal's folders behind the SMB share
    /// (`mynakit run --terminal-share smb`) and the client reaching them only through it: the
    /// check reads what smbd recorded of the client (`docs/terminal.md`, "The share in a run").
    /// The in-process `detection` test has no share; `harness/tests/external/terminal_share_run.rs`
    /// runs these rows, with a real smbd.
    CaughtOverShare {
        /// A bundled scenario id.
        scenario: &'static str,
        /// A reference-client defect name.
        defect: &'static str,
    },
    /// The check never fails by design; the text says why. Only a REVIEW-severity check (a
    /// figure for a person) may say so: every check that can FAIL or WARN has a defect that
    /// makes it do so (the conformance tests enforce it).
    ByDesign(&'static str),
}

/// One row: a check and one proof of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detection {
    /// The check id.
    pub check: &'static str,
    /// How it is proven.
    pub proof: Proof,
}

pub(super) const fn caught(
    check: &'static str,
    scenario: &'static str,
    defect: &'static str,
) -> Detection {
    Detection {
        check,
        proof: Proof::Caught { scenario, defect },
    }
}
