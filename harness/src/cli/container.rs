//! The warning at the start of `mynakit run --client` and `mynakit fuzz --client` when they run
//! as the machine's real root inside a container: a rootful engine (Docker, a GitLab docker
//! executor, podman run by root) without `--user` and without a user namespace. The image names no `USER`, so
//! that rootless podman's `--userns keep-id` runs it as the caller (docs/install.md, "The
//! container image"); under a rootful engine the same image runs mynakit, and the vendor's
//! client it starts, as root of the host. That is the engine's choice, not mynakit's to refuse,
//! but nobody should meet it unawares.

use std::os::unix::fs::MetadataExt;

use mynakit_harness::report::Lang;

/// Whether `uid_map` (the text of `/proc/self/uid_map`, user_namespaces(7)) maps uid 0 inside
/// to uid 0 outside: the initial user namespace (`0 0 4294967295`) or a mapping that keeps
/// root root. Rootless podman maps 0 to the caller (`0 1000 1`), which is no real root.
pub(crate) fn maps_root_to_root(uid_map: &str) -> bool {
    uid_map.lines().any(|line| {
        let mut fields = line.split_whitespace().map(str::parse::<u64>);
        matches!(
            (fields.next(), fields.next(), fields.next()),
            (Some(Ok(0)), Some(Ok(0)), Some(Ok(count))) if count > 0
        )
    })
}

/// Whether this process runs in a container: the marker files podman (`/run/.containerenv`)
/// and Docker (`/.dockerenv`) put into every container, or the `container` variable that
/// podman and systemd-nspawn set (systemd's "Container Interface").
fn in_container() -> bool {
    std::path::Path::new("/run/.containerenv").exists()
        || std::path::Path::new("/.dockerenv").exists()
        || std::env::var_os("container").is_some_and(|v| !v.is_empty())
}

/// The warning, when this process is the real root in a container; `None` otherwise (and when
/// any of it cannot be read: no guess is printed).
pub(crate) fn real_root_warning(lang: Lang) -> Option<&'static str> {
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    if uid != 0 || !in_container() {
        return None;
    }
    let uid_map = std::fs::read_to_string("/proc/self/uid_map").ok()?;
    if !maps_root_to_root(&uid_map) {
        return None;
    }
    Some(match lang {
        Lang::En => {
            "mynakit: warning: running as the host's real root in a container (a rootful engine \
             without --user or a user namespace): the client command runs as root too. Run the \
             container with --user \"$(id -u):$(id -g)\", or with rootless podman (`mynakit docs \
             install`, \"Root in the container\")."
        }
        Lang::Ja => {
            "mynakit: 警告: コンテナ内でホストの本物の root として動いている (--user もユーザー名前空間もない \
             rootful なエンジン)。クライアントのコマンドも root で動く。--user \"$(id -u):$(id -g)\" \
             を付けるか rootless の podman で実行する (`mynakit docs install`、\"Root in the container\")。"
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_map_that_keeps_root_root_is_real_root() {
        // The host, and a rootful container without user namespace remapping.
        assert!(maps_root_to_root("         0          0 4294967295\n"));
        // Rootless podman: root inside is the caller; keep-id: the caller is itself.
        assert!(!maps_root_to_root(
            "         0       1000          1\n         1     100000      65536\n"
        ));
        assert!(!maps_root_to_root(
            "         0          1       1000\n      1000       1000          1\n      1001       1001  64536\n"
        ));
        // Docker's userns-remap.
        assert!(!maps_root_to_root("         0     231072      65536\n"));
        // Nothing readable is no root.
        assert!(!maps_root_to_root(""));
        assert!(!maps_root_to_root("0 0 0\n"));
        assert!(!maps_root_to_root("garbage\n"));
    }
}
