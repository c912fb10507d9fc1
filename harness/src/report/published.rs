//! Where mynakit is published, derived from one setting: the workspace's `repository` in
//! `Cargo.toml`, which `harness/build.rs` reads. A fork or a vendor's mirror changes that line
//! and everything follows: the Action `init` writes, the address its GitLab job clones, the
//! release downloads of action/steps.sh (which reads the same line) and the schemas' `$id`s
//! (docs/ci.md, "Where mynakit is published").

/// The repository's address, `https://github.com/OWNER/NAME` (or `https://gitlab.com/…`).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The composite Action's name in a workflow's `uses:` (`OWNER/NAME`): GitHub names an Action
/// by its repository ("Metadata syntax for GitHub Actions").
pub const ACTION: &str = env!("MYNAKIT_ACTION");

/// Where the project's `docs/` are published (its Pages site): the base of the schemas' `$id`s.
pub const DOCS_URL: &str = env!("MYNAKIT_DOCS_URL");

/// The release tag this binary was built for (`action/release.sh build VERSION`), `None` for any
/// other build: `init` pins it in the workflow it writes.
pub fn release() -> Option<&'static str> {
    Some(env!("MYNAKIT_BUILD_RELEASE")).filter(|tag| !tag.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_comes_from_the_repository_setting() {
        let (owner, name) = ACTION.split_once('/').unwrap();
        assert!(
            REPOSITORY.ends_with(&format!("/{owner}/{name}")),
            "{REPOSITORY}"
        );
        assert!(DOCS_URL.starts_with("https://") && DOCS_URL.ends_with(&format!("/{name}/docs/")));
    }
}
