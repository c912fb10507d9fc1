//! `init` keeps mynakit's reports out of the vendor's repository: the report folders appended to
//! `.gitignore` once (a second `init`, or a `.gitignore` that already names them, adds nothing),
//! never through a symlink (`init` refuses a `.gitignore` that is one, and writes with
//! `O_NOFOLLOW`).

use mynakit_harness::report::DEFAULT_REPORT_DIR;

/// The file.
pub(super) const GITIGNORE: &str = ".gitignore";

/// The folders ignored: where `mynakit run` writes by default, and where the GitHub Action and
/// the GitLab job write (`MYNAKIT_REPORT_DIR`, `action/steps.sh`).
fn folders() -> [String; 2] {
    [
        format!("/{DEFAULT_REPORT_DIR}/"),
        "/mynakit-report/".to_owned(),
    ]
}

/// What to append to a `.gitignore` holding `text`: the folders it does not name yet (with or
/// without its slashes), under a comment; `None` when it names them all.
pub(super) fn addition(text: &str) -> Option<String> {
    let names = |folder: &str| {
        let bare = folder.trim_matches('/');
        text.lines().any(|l| l.trim().trim_matches('/') == bare)
    };
    let missing: Vec<String> = folders().into_iter().filter(|f| !names(f)).collect();
    if missing.is_empty() {
        return None;
    }
    let mut out = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("# mynakit's reports (mynakit init)\n");
    for folder in missing {
        out.push_str(&folder);
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folders_are_added_once_after_what_is_there() {
        let added = addition("").unwrap_or_default();
        assert_eq!(
            added,
            "# mynakit's reports (mynakit init)\n/target/mynakit-report/\n/mynakit-report/\n"
        );
        assert_eq!(addition(&added), None, "never twice");
        let partly = addition("node_modules\nmynakit-report").unwrap_or_default();
        assert_eq!(
            partly, "\n# mynakit's reports (mynakit init)\n/target/mynakit-report/\n",
            "a line of its own, only what is missing"
        );
    }
}
