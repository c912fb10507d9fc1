//! Windows card apps under Wine (docs/windows.md): `mynakit run --windows PROGRAM.exe`, and
//! `mynakit windows setup|check`.
//!
//! The launcher (`windows/wine-run`) and the root builder (`windows/wine-root.sh`) are in the
//! binary, so an installed `mynakit` needs no checkout: each command writes them into a private
//! folder of its own (0700, through `mynakit_fixtures::output`, so nothing is written through a
//! symlink) that is removed when it ends, and runs them with `bash`.
//!
//! Before any scenario runs, the Wine root must be complete (its marker file) and the pcsc-lite
//! client library the program will load must speak the protocol of the pcscd it will talk to;
//! otherwise `SCardEstablishContext` fails only later, inside the app, with
//! `SCARD_E_SERVICE_STOPPED`. The protocol of each pcsc-lite version is the table of
//! <https://blog.apdu.fr/posts/2026/01/pcsc-lite-backward-forward-compatible-with-itself/>.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use mynakit_fixtures::output::{Folder, WriteError, WriteMode};
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;

/// The launcher: runs a Windows program under the root's Wine, as a client (docs/windows.md).
const WINE_RUN: &str = include_str!("../../../windows/wine-run");
/// The root builder: a Debian 13 root holding Wine 10, built once and cached.
const WINE_ROOT_SH: &str = include_str!("../../../windows/wine-root.sh");
/// The library that makes `SCardStatus` answer Windows' state (`--windows-state windows`).
const WINSTATE_C: &str = include_str!("../../../windows/winstate.c");
/// The file `wine-root.sh` writes last: a root without it is incomplete.
const MARKER: &str = ".mynakit-wine-root-complete";
/// What fixes a missing or incomplete root.
const SETUP: &str = "mynakit windows setup";
/// Where the launcher looks for the host's `libpcsclite.so.1`, in its order (`windows/wine-run`).
const HOST_LIB_DIRS: [&str; 4] = [
    "/usr/lib/x86_64-linux-gnu",
    "/lib/x86_64-linux-gnu",
    "/usr/lib64",
    "/usr/lib",
];

/// `mynakit windows …`.
#[derive(clap::Subcommand)]
pub(crate) enum WindowsCommand {
    /// Build the Wine root once (as root; needs debootstrap and a Debian mirror) and print its
    /// path: `$MYNAKIT_WINE_ROOT`, else ~/.cache/mynakit-ci/wine-root. A complete root is only
    /// printed.
    Setup,
    /// Check what `run --windows` checks before any scenario: the root is complete, and the
    /// pcsc-lite client the program loads speaks the host pcscd's protocol.
    Check,
}

/// Runs `mynakit windows setup|check`.
pub(crate) fn windows_command(command: WindowsCommand, lang: Lang) -> anyhow::Result<bool> {
    match command {
        WindowsCommand::Setup => {
            let scripts = Scripts::write()?;
            let status = Command::new("bash")
                .arg(scripts.path().join("wine-root.sh"))
                .env("MYNAKIT_WINE_ROOT", root_path())
                .status()
                .map_err(|e| anyhow::anyhow!("starting bash: {e}"))?;
            if !status.success() {
                anyhow::bail!("wine-root.sh failed ({status})");
            }
            Ok(true)
        }
        WindowsCommand::Check => {
            let root = root_path();
            let versions = check(&root)?;
            let root = root.display().to_string();
            println!("{}", msg::wine_root(lang, &root, &versions.root_line));
            for line in versions.lines() {
                println!("{line}");
            }
            Ok(true)
        }
    }
}

/// The Wine root: `$MYNAKIT_WINE_ROOT`, else `$XDG_CACHE_HOME/mynakit-ci/wine-root` (default
/// `~/.cache`), as `windows/wine-root.sh` and `windows/wine-run` find it.
pub(crate) fn root_path() -> PathBuf {
    if let Some(root) = std::env::var_os("MYNAKIT_WINE_ROOT").filter(|r| !r.is_empty()) {
        return PathBuf::from(root);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|c| !c.is_empty())
        .map_or_else(
            || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"),
            PathBuf::from,
        );
    cache.join("mynakit-ci/wine-root")
}

/// The embedded scripts, written into a private folder that is removed on drop.
pub(crate) struct Scripts {
    dir: tempfile::TempDir,
}

impl Scripts {
    /// Writes both scripts into a fresh 0700 folder under `$TMPDIR`.
    pub(crate) fn write() -> Result<Scripts, WindowsError> {
        let dir = tempfile::Builder::new()
            .prefix("mynakit-windows-")
            .tempdir()
            .map_err(|e| {
                WindowsError::Scripts(WriteError::Io {
                    path: std::env::temp_dir(),
                    source: e,
                })
            })?;
        let folder = Folder::open(dir.path()).map_err(WindowsError::Scripts)?;
        for (name, text) in [("wine-run", WINE_RUN), ("wine-root.sh", WINE_ROOT_SH)] {
            folder
                .write(name, text.as_bytes(), WriteMode::New)
                .map_err(WindowsError::Scripts)?;
        }
        Ok(Scripts { dir })
    }

    /// The folder holding `wine-run` and `wine-root.sh`.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// What `SCardStatus` answers as the card's state under Wine (`run --windows-state`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum StateArg {
    /// As Wine passes pcsc-lite's through: flags with an event counter (`0x10034`).
    #[default]
    Wine,
    /// As Windows answers: one value (`SCARD_SPECIFIC` 6 for a card in use), through a small
    /// library (windows/winstate.c, built with the host's `cc`) the launcher preloads.
    Windows,
}

/// A checked Wine root and the launcher, for the runs of `run --windows`.
pub(crate) struct Windows {
    scripts: Scripts,
    root: PathBuf,
    /// The built state library, with `--windows-state windows`.
    state_shim: Option<PathBuf>,
}

impl Windows {
    /// Checks the root and the pcsc-lite versions ([`check`]), writes the launcher and, for
    /// `state`'s `windows`, builds the state library.
    pub(crate) fn prepare(state: StateArg) -> anyhow::Result<Windows> {
        let root = root_path();
        let versions = check(&root)?;
        for line in versions.lines() {
            eprintln!("mynakit run --windows: {line}");
        }
        let scripts = Scripts::write()?;
        let state_shim = match state {
            StateArg::Wine => None,
            StateArg::Windows => Some(build_state_shim(&scripts)?),
        };
        Ok(Windows {
            scripts,
            root,
            state_shim,
        })
    }

    /// The client command that runs `program` (made absolute: each scenario's client starts
    /// in a folder of its own) under the launcher, with `args` after it (`--windows-arg`).
    pub(crate) fn client_command(&self, program: &Path, args: &[String]) -> anyhow::Result<String> {
        let program = std::path::absolute(program)
            .map_err(|e| anyhow::anyhow!("--windows {}: {e}", program.display()))?;
        if !program.is_file() {
            return Err(WindowsError::NoProgram(program).into());
        }
        Ok(launcher_command(
            self.state_shim.as_deref(),
            &self.scripts.path().join("wine-run"),
            &self.root,
            &program,
            args,
        ))
    }
}

/// `sh -c` words that run `program` with `args` through the launcher `wine_run` on `root`
/// (and the state library `shim`): each one word, whatever it holds.
fn launcher_command(
    shim: Option<&Path>,
    wine_run: &Path,
    root: &Path,
    program: &Path,
    args: &[String],
) -> String {
    let shim = shim.map_or_else(String::new, |shim| {
        format!(
            "env MYNAKIT_WINE_STATE_SHIM={} ",
            quote(&shim.as_os_str().to_owned())
        )
    });
    let mut command = format!(
        "{shim}bash {} --root {} -- {}",
        quote(&wine_run.as_os_str().to_owned()),
        quote(&root.as_os_str().to_owned()),
        quote(&program.as_os_str().to_owned())
    );
    for arg in args {
        command.push(' ');
        command.push_str(&quote(&OsString::from(arg)));
    }
    command
}

/// Builds windows/winstate.c for the host beside the scripts: the library the launcher preloads
/// for `--windows-state windows`.
fn build_state_shim(scripts: &Scripts) -> Result<PathBuf, WindowsError> {
    let folder = Folder::open(scripts.path()).map_err(WindowsError::Scripts)?;
    let source = folder
        .write("winstate.c", WINSTATE_C.as_bytes(), WriteMode::New)
        .map_err(WindowsError::Scripts)?;
    let library = scripts.path().join("libmynakit-winstate.so");
    let out = Command::new("cc")
        .args(["-shared", "-fPIC", "-O2", "-o"])
        .arg(&library)
        .arg(&source)
        .arg("-ldl")
        .output()
        .map_err(|e| {
            WindowsError::StateShim(format!("starting cc: {e} (Debian: apt-get install gcc)"))
        })?;
    if !out.status.success() {
        return Err(WindowsError::StateShim(format!(
            "cc failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(library)
}

/// `path` as one word for `sh -c`: single-quoted, a `'` inside as `'\''`.
fn quote(path: &OsString) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', r"'\''"))
}

/// Why a Windows program cannot be run.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WindowsError {
    /// No complete root where it is looked for.
    #[error(
        "no complete Wine root at {} (its marker {MARKER} is missing): build it with `{SETUP}` \
         (as root, once; docs/windows.md), or set MYNAKIT_WINE_ROOT to a built one",
        .0.display()
    )]
    NoRoot(PathBuf),
    /// The launcher has no host pcsc-lite client library to load.
    #[error(
        "the host has no libpcsclite.so.1 (in {}), which Wine's winscard loads \
         (Debian: apt-get install libpcsclite1)",
        HOST_LIB_DIRS.join(", ")
    )]
    NoHostLibrary,
    /// The client library and pcscd speak different protocols.
    #[error(
        "the pcsc-lite versions disagree: the Windows program's client library is {client} but \
         the host's pcscd is {server}; SCardEstablishContext would fail with \
         SCARD_E_SERVICE_STOPPED (0x8010001E). Install the client library of the pcscd's \
         release: `apt-get install libpcsclite1={server_version}` (`mynakit docs windows`)"
    )]
    Mismatch {
        /// The client library, its version and protocol.
        client: Box<Named>,
        /// pcscd, its version and protocol.
        server: Box<Named>,
        /// pcscd's package version, for the fix.
        server_version: String,
    },
    /// `--windows` names no file.
    #[error("--windows {}: no such program", .0.display())]
    NoProgram(PathBuf),
    /// The state library (`--windows-state windows`) could not be built.
    #[error("--windows-state windows: building windows/winstate.c: {0}")]
    StateShim(String),
    /// The launcher could not be written.
    #[error("writing the Wine launcher: {0}")]
    Scripts(WriteError),
}

/// A pcsc-lite piece named for a message: what it is, its version and protocol.
#[derive(Debug)]
pub(crate) struct Named {
    what: &'static str,
    version: Version,
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.what, self.version)?;
        match self.version.protocol() {
            Some((major, minor)) => write!(f, " (protocol {major}:{minor})"),
            None => write!(f, " (protocol unknown)"),
        }
    }
}

/// What [`check`] found, for the lines it prints.
pub(crate) struct Versions {
    /// The root's marker, on one line (`built …; libpcsclite1 2.3.3-1; …`).
    root_line: String,
    client: Option<Named>,
    root_client: Option<Named>,
    server: Option<Named>,
}

impl Versions {
    /// What was found, one line each: the client library the program loads, the root's own
    /// when it differs and why it is not used, and pcscd.
    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match (&self.client, &self.server) {
            (Some(client), Some(server)) => lines.push(format!(
                "pcsc-lite: the program loads {client}; pcscd is {server}: they agree"
            )),
            (client, server) => lines.push(format!(
                "pcsc-lite: {}; {}: not compared",
                client.as_ref().map_or_else(
                    || "the host's libpcsclite1 version is unknown (no dpkg-query)".to_owned(),
                    |c| format!("the program loads {c}")
                ),
                server.as_ref().map_or_else(
                    || "no pcscd found to ask (`pcscd --version`)".to_owned(),
                    |s| format!("pcscd is {s}")
                ),
            )),
        }
        if let (Some(root_client), Some(server)) = (&self.root_client, &self.server) {
            if !compatible(&root_client.version, &server.version) {
                lines.push(format!(
                    "note: {root_client} would not reach {server}; the launcher loads the \
                     host's libpcsclite1 instead (`mynakit docs windows`)"
                ));
            }
        }
        lines
    }
}

/// Checks that `root` is complete and that the host's pcsc-lite client library (which the
/// launcher puts before the root's) speaks the host pcscd's protocol. A version that cannot be
/// found (no dpkg, no pcscd) is not compared; the run's own checks name a missing pcscd.
pub(crate) fn check(root: &Path) -> Result<Versions, WindowsError> {
    let marker = std::fs::read_to_string(root.join(MARKER))
        .map_err(|_| WindowsError::NoRoot(root.to_path_buf()))?;
    if !HOST_LIB_DIRS
        .iter()
        .any(|d| Path::new(d).join("libpcsclite.so.1").exists())
    {
        return Err(WindowsError::NoHostLibrary);
    }
    let root_client = marker_version(&marker, "libpcsclite1").map(|version| Named {
        what: "the Wine root's libpcsclite1",
        version,
    });
    let client = dpkg_version("libpcsclite1").map(|version| Named {
        what: "the host's libpcsclite1",
        version,
    });
    let server = pcscd_version().map(|version| Named {
        what: "pcsc-lite",
        version,
    });
    if let (Some(c), Some(s)) = (&client, &server) {
        if !compatible(&c.version, &s.version) {
            let server_version =
                dpkg_version("pcscd").map_or_else(|| s.version.to_string(), |v| v.text);
            return Err(WindowsError::Mismatch {
                client: Box::new(Named {
                    what: c.what,
                    version: c.version.clone(),
                }),
                server: Box::new(Named {
                    what: "pcsc-lite",
                    version: s.version.clone(),
                }),
                server_version,
            });
        }
    }
    Ok(Versions {
        root_line: marker.lines().collect::<Vec<_>>().join("; "),
        client,
        root_client,
        server,
    })
}

/// A pcsc-lite version as a package or `pcscd --version` writes it (`1.9.9-2`, `2.3.3`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Version {
    /// As written.
    text: String,
    /// The upstream release's numbers (`[1, 9, 9]`): no epoch, no Debian revision.
    numbers: Vec<u32>,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Version {
    /// Parses `[EPOCH:]UPSTREAM[-REVISION]`; `None` without a leading number.
    pub(crate) fn parse(text: &str) -> Option<Version> {
        let text = text.trim().trim_end_matches('.');
        let upstream = text.split_once(':').map_or(text, |(_, rest)| rest);
        let upstream = upstream.split(['-', '~', '+']).next().unwrap_or_default();
        let numbers: Vec<u32> = upstream
            .split('.')
            .map_while(|part| part.parse().ok())
            .collect();
        if numbers.is_empty() {
            return None;
        }
        Some(Version {
            text: text.to_owned(),
            numbers,
        })
    }

    fn at_least(&self, min: &[u32]) -> bool {
        self.numbers.as_slice() >= min
    }

    /// The client/server protocol of this release (pcsc-lite's `winscard_msg.h`; the table of
    /// its author's post cited at the top of this module), `None` before 1.6.5.
    pub(crate) fn protocol(&self) -> Option<(u32, u32)> {
        if self.at_least(&[2, 3, 0]) {
            Some((4, 5))
        } else if self.at_least(&[1, 8, 24]) {
            Some((4, 4))
        } else if self.at_least(&[1, 8, 9]) {
            Some((4, 3))
        } else if self.at_least(&[1, 6, 5]) {
            Some((4, 2))
        } else {
            None
        }
    }
}

/// Whether a client of release `client` can talk to a pcscd of release `server`: the same
/// protocol, or 4:4 against a 2.4.1 or later, which accepts both 4:4 and 4:5 on either side.
/// An unknown protocol is not refused.
pub(crate) fn compatible(client: &Version, server: &Version) -> bool {
    let (Some(c), Some(s)) = (client.protocol(), server.protocol()) else {
        return true;
    };
    if c == s {
        return true;
    }
    let newer = if client.numbers > server.numbers {
        client
    } else {
        server
    };
    newer.at_least(&[2, 4, 1]) && c.min(s) == (4, 4)
}

/// The version of `package` in the root's marker (`libpcsclite1 2.3.3-1`).
fn marker_version(marker: &str, package: &str) -> Option<Version> {
    marker
        .lines()
        .filter_map(|line| line.split_once(' '))
        .find(|(name, _)| *name == package)
        .and_then(|(_, version)| Version::parse(version))
}

/// The installed version of a Debian package, when dpkg is there.
fn dpkg_version(package: &str) -> Option<Version> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f", "${Version}", package])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Version::parse(&String::from_utf8_lossy(&out.stdout))
}

/// The release of the pcscd on `PATH` (or in /usr/sbin, /sbin, where a managed pcscd is found):
/// `pcscd --version` prints `pcsc-lite version 1.9.9.`.
fn pcscd_version() -> Option<Version> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let pcscd = std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|dir| dir.join("pcscd"))
        .find(|p| p.is_file())?;
    let out = Command::new(pcscd).arg("--version").output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("pcsc-lite version "))
        .and_then(Version::parse)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn versions_parse_as_packages_and_pcscd_write_them() {
        assert_eq!(v("1.9.9-2").numbers, [1, 9, 9]);
        assert_eq!(v("1.9.9.").numbers, [1, 9, 9]);
        assert_eq!(v("1:2.3.3-1").numbers, [2, 3, 3]);
        assert_eq!(v("2.4.1~rc1").numbers, [2, 4, 1]);
        assert!(Version::parse("none").is_none());
    }

    #[test]
    fn the_protocol_follows_pcsc_lite_s_history() {
        assert_eq!(v("1.9.9-2").protocol(), Some((4, 4)));
        assert_eq!(v("2.2.3").protocol(), Some((4, 4)));
        assert_eq!(v("2.3.0").protocol(), Some((4, 5)));
        assert_eq!(v("2.3.3-1").protocol(), Some((4, 5)));
        assert_eq!(v("1.8.23").protocol(), Some((4, 3)));
        assert_eq!(v("1.5.0").protocol(), None);
    }

    #[test]
    fn debian_13_s_client_cannot_reach_debian_12_s_pcscd_but_2_4_1_bridges_4_4() {
        assert!(!compatible(&v("2.3.3-1"), &v("1.9.9")));
        assert!(!compatible(&v("1.9.9-2"), &v("2.3.3")));
        assert!(compatible(&v("1.9.9-2"), &v("1.9.9")));
        assert!(compatible(&v("2.4.1"), &v("1.9.9")));
        assert!(compatible(&v("1.9.9"), &v("2.5.0")));
        assert!(!compatible(&v("1.8.23"), &v("2.5.0")));
    }

    #[test]
    fn a_root_without_its_marker_names_the_command_that_builds_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = check(dir.path()).err().unwrap().to_string();
        assert!(err.contains(SETUP), "{err}");
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
    }

    #[test]
    fn the_marker_names_the_root_s_client_library() {
        let marker =
            "built 2026-11-23T21:36:24Z in 110 s\nlibpcsclite1 2.3.3-1\nwine64 10.0~repack-6\n";
        assert_eq!(marker_version(marker, "libpcsclite1"), Some(v("2.3.3-1")));
        assert_eq!(marker_version(marker, "pcscd"), None);
    }

    /// `--windows-arg`: each argument reaches the program as one word, in order, whatever it
    /// holds (spaces, quotes, a leading `-`, `$`), as `sh -c` splits the client command.
    #[test]
    fn windows_args_follow_the_program_each_one_word() {
        let args = [
            "--port".to_owned(),
            "8443".to_owned(),
            "C:\\a b\\it's.ini".to_owned(),
            "$HOME;rm".to_owned(),
        ];
        let command = launcher_command(
            None,
            Path::new("/s/wine-run"),
            Path::new("/r"),
            Path::new("/p/app.exe"),
            &args,
        );
        // What the launcher receives, by a real shell: print each word on its own line.
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(command.replacen("bash '/s/wine-run' --root '/r' --", "printf '%s\\n'", 1))
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            "/p/app.exe\n--port\n8443\nC:\\a b\\it's.ini\n$HOME;rm\n"
        );
        assert!(command.starts_with("bash '/s/wine-run' --root '/r' -- '/p/app.exe' '--port'"));
    }

    #[test]
    fn a_program_path_is_one_shell_word() {
        assert_eq!(quote(&"/a b/it's.exe".into()), r"'/a b/it'\''s.exe'");
    }
}
