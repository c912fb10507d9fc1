//! The harness's `integration` binary runs its four groups in one process, side by side
//! (DEVELOPERS.md, "Where the tests are"): a test there that changed the process's environment
//! or working folder would change them under every test running beside it, in another group as
//! well as its own.

use super::{root, sources};

/// The groups of the `integration` binary and what they share.
const GROUPS: [&str; 5] = ["inprocess", "pcscd", "browser", "external", "common"];

/// Calls that change what every thread of the process sees.
const PROCESS_WIDE: [&str; 3] = ["set_var(", "remove_var(", "set_current_dir("];

#[test]
fn no_integration_test_changes_what_the_process_shares() {
    let tests = root().join("harness/tests");
    let found: Vec<String> = sources()
        .into_iter()
        .filter(|path| GROUPS.iter().any(|g| path.starts_with(tests.join(g))))
        .flat_map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            text.lines()
                .enumerate()
                .filter(|(_, line)| PROCESS_WIDE.iter().any(|call| line.contains(call)))
                .map(|(i, _)| format!("{}:{}", path.display(), i + 1))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "set the child's environment or folder (Command::env, current_dir) instead: {found:#?}"
    );
}
