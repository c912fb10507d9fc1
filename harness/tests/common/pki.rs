//! The real `openssl` command over the test PKI: the independent judge of what mynakit's
//! certificates, signatures and revocation answers say.

use std::path::Path;
use std::process::{Command, Output};

use super::{repo, text};

/// `openssl ARGS` in `dir`; its output, whatever its status.
pub fn openssl(args: &[&str], dir: &Path) -> Output {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs (.ci/run installs it)")
}

/// `fixtures/pki/<rel>` (DER) as PEM in `dir`, named `name`; the name.
pub fn pem(rel: &str, name: &str, dir: &Path) -> String {
    let der = repo().join("fixtures/pki").join(rel);
    let der = der.to_str().expect("the checkout's path is UTF-8");
    let out = openssl(&["x509", "-inform", "der", "-in", der, "-out", name], dir);
    assert!(out.status.success(), "{}", text(&out));
    name.to_owned()
}
