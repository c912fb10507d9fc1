//! A pcscd for the virtual readers: a private one mynakit starts and stops, or the system's.
//!
//! The managed pcscd runs from a private reader config in namespaces of its own: a **network**
//! namespace, so vpcd's card ports (which vpcd opens on all interfaces) are reachable from
//! nowhere but mynakit's links ([`crate::netns`]); and a **mount** namespace with a private
//! `/run` bind-mounted from a temporary directory and an empty directory over the USB drivers
//! directory (so it does not also hot-plug the machine's real CCID readers): it neither touches
//! nor depends on a system pcscd. As root that is all; as any other user it also gets a **user**
//! namespace (`unshare --user --map-root-user`), in which it may mount: no sudo, no system
//! config. Clients reach it through `PCSCLITE_CSOCK_NAME` (libpcsclite reads it once per
//! process). Readiness is polled, never slept for, and dropping a [`Pcscd`] kills and reaps the
//! process and removes its directory; directories left by processes that died without dropping
//! theirs are removed by the next managed start ([`crate::leftovers`]). Facts and figures:
//! `docs/reader.md`.

use std::fs;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};

use crate::netns::Namespace;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub use crate::keeper::Keeper;

/// Where Debian's vsmartcard-vpcd installs the pcscd driver.
pub const VPCD_DRIVER: &str = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
/// Debian's vpcd config for the system pcscd.
pub const SYSTEM_VPCD_CONFIG: &str = "/etc/reader.conf.d/vpcd";
/// The environment variable naming the system pcscd's vpcd config when it is not
/// [`SYSTEM_VPCD_CONFIG`] (another distribution's path, or a config on other ports).
pub const VPCD_CONFIG_ENV: &str = "MYNAKIT_VPCD_CONFIG";

/// The flags that make pcsc-lite 1.9 log every APDU (`APDU:` lines) and every whole response
/// (`SW:` lines), PINs in clear: what `mynakit import pcscd-log` reads and what the capture
/// recipe in `docs/import.md` ("pcscd debug log") runs, with `--foreground` and the log on stdout.
pub const APDU_LOG_FLAGS: &str = "--debug --apdu";

/// The system pcscd's vpcd config: `$MYNAKIT_VPCD_CONFIG`, else Debian's.
pub fn system_vpcd_config() -> PathBuf {
    std::env::var_os(VPCD_CONFIG_ENV)
        .filter(|path| !path.is_empty())
        .map_or_else(|| PathBuf::from(SYSTEM_VPCD_CONFIG), PathBuf::from)
}
/// Where pcscd looks for USB reader drivers (libccid's `ifd-ccid.bundle`); a managed pcscd sees
/// an empty directory here.
pub const USB_DRIVERS: &str = "/usr/lib/pcsc/drivers";
/// The socket libpcsclite uses unless `PCSCLITE_CSOCK_NAME` says otherwise.
pub const SYSTEM_SOCKET: &str = "/run/pcscd/pcscd.comm";
/// The environment variable libpcsclite reads for the socket path.
pub const SOCKET_ENV: &str = "PCSCLITE_CSOCK_NAME";
/// The longest socket path a PC/SC client can connect to: `sun_path` holds 108 bytes, the
/// closing NUL included (unix(7)), and libpcsclite cuts a longer `PCSCLITE_CSOCK_NAME` short
/// without a word, so its clients would knock at a path that does not exist.
pub const SOCKET_PATH_MAX: usize = 107;
/// Where a managed pcscd's socket is, under its directory: pcscd makes `/run/pcscd/pcscd.comm`,
/// and its `/run` is the directory's `run`.
const SOCKET_IN_DIR: &str = "run/pcscd/pcscd.comm";

/// A reader vpcd exposes, and where its card side is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReaderPort {
    /// The name PC/SC clients see, e.g. `mynakit A 00 00`.
    pub name: String,
    /// The vpcd port on loopback.
    pub addr: SocketAddr,
}

/// Why a pcscd could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PcscdError {
    /// A program or driver is missing.
    #[error(
        "{what} is missing: install the Debian package `{package}` (apt-get install -y {package})"
    )]
    Missing {
        /// What was looked for.
        what: String,
        /// The Debian package that provides it.
        package: &'static str,
    },
    /// A private pcscd needs root for its mount namespace. No longer returned: a non-root user
    /// gets a user namespace instead ([`PcscdError::NoUserNamespace`] when the kernel refuses).
    #[error("a private pcscd needs root (for its mount namespace); run as root or use the system pcscd (--pcscd system)")]
    NotRoot,
    /// The kernel refuses the unprivileged user namespace a non-root user's private pcscd needs.
    #[error("a private pcscd run by a non-root user needs an unprivileged user namespace, which this system refuses ({detail}){cause}. Allow them, or run as root, or use the system pcscd (--pcscd system) with Debian's vpcd config")]
    NoUserNamespace {
        /// What `unshare` said.
        detail: String,
        /// The setting that forbids it, when one is found (see [`userns_refused_by`]).
        cause: String,
    },
    /// No system pcscd is running.
    #[error("no pcscd is listening on {socket}: start it (`pcscd`) or let mynakit start its own (--pcscd managed, as root)")]
    NoSystemPcscd {
        /// The socket looked for.
        socket: PathBuf,
    },
    /// More readers were asked of the system pcscd than its vpcd config offers.
    #[error("the system pcscd offers {offered} vpcd readers ({config}: {names}); {asked} were asked for: use fewer personas or slots, or a managed pcscd (--pcscd managed, as root), which has as many as needed")]
    TooManySlots {
        /// How many readers were asked for.
        asked: usize,
        /// How many the config offers.
        offered: usize,
        /// Their names.
        names: String,
        /// The config file.
        config: PathBuf,
    },
    /// The system vpcd config could not be read.
    #[error("{path}: {reason}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: VpcdConfigError,
    },
    /// pcscd did not come up in time; `detail` says what was not ready, and why.
    #[error("pcscd did not become ready within {waited:?}: {detail}")]
    NotReady {
        /// How long we waited.
        waited: Duration,
        /// The last thing seen (pcscd's log tail or the PC/SC error).
        detail: String,
    },
    /// The socket path of a managed pcscd would not fit in a Unix socket address: clients
    /// could not connect to it (libpcsclite truncates the path silently).
    #[error("the pcscd socket path {path} is {len} bytes, longer than the {max} a Unix socket address holds (sun_path, unix(7)); set TMPDIR to a shorter folder")]
    SocketPathTooLong {
        /// The path.
        path: PathBuf,
        /// Its length in bytes.
        len: usize,
        /// The longest that fits ([`SOCKET_PATH_MAX`]).
        max: usize,
    },
    /// An I/O error starting pcscd.
    #[error("starting pcscd: {0}")]
    Io(#[from] std::io::Error),
}

/// A pcscd whose vpcd readers carry mynakit's cards.
#[derive(Debug)]
pub struct Pcscd {
    /// A managed pcscd's process and how it was started (`None` for the system's); boxed, so
    /// that a `Pcscd` stays small beside the readers that hold it.
    managed: Option<Box<Managed>>,
    dir: Option<tempfile::TempDir>,
    socket: PathBuf,
    readers: Vec<ReaderPort>,
    namespace: Option<std::sync::Arc<Namespace>>,
}

/// A managed pcscd: its process (none while stopped: [`Pcscd::stop`]) and how to start it
/// again on the same socket ([`Pcscd::start_again`]).
#[derive(Debug)]
struct Managed {
    keeper: std::sync::Mutex<Option<Keeper>>,
    programs: Programs,
    run: PathBuf,
    conf: PathBuf,
    no_usb: PathBuf,
    apdu_log: bool,
}

impl Managed {
    fn keeper(&self) -> std::sync::MutexGuard<'_, Option<Keeper>> {
        self.keeper.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts pcscd, its output appended to `log`.
    fn spawn(&self, log: &Path) -> Result<(), PcscdError> {
        let log = fs::OpenOptions::new().create(true).append(true).open(log)?;
        let mut command = launcher(
            &self.programs,
            &self.run,
            &self.conf,
            Some(&self.no_usb),
            SandboxNetwork::Private,
            self.apdu_log,
        );
        command
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        *self.keeper() = Some(Keeper::spawn(command)?);
        Ok(())
    }
}

/// The programs a managed pcscd runs.
#[derive(Debug)]
struct Programs {
    pcscd: PathBuf,
    unshare: PathBuf,
    nsenter: PathBuf,
    ip: PathBuf,
    bash: PathBuf,
}

/// How long a managed pcscd has to end on SIGTERM before it is killed ([`Pcscd::stop`]).
const STOP_GRACE: Duration = Duration::from_secs(2);

/// The first vpcd port of a managed pcscd. Each pcscd has a network namespace of its own, so
/// every one uses the same ports (vpcd's default, then upwards), and concurrent runs cannot race
/// for free ports on the host.
pub const MANAGED_BASE_PORT: u16 = 35963;

impl Pcscd {
    /// Whether this machine can run a managed pcscd: pcscd, the vpcd driver, util-linux,
    /// iproute2 and bash installed, and root or unprivileged user namespaces. The error names the
    /// Debian package to install, or the setting that forbids user namespaces.
    pub fn can_run_managed() -> Result<(), PcscdError> {
        Self::can_manage().map(|_| ())
    }

    fn can_manage() -> Result<Programs, PcscdError> {
        let programs = find_installed(&search_dirs(), Path::new(VPCD_DRIVER))?;
        if !is_root() {
            probe_user_namespace(&programs.unshare)?;
        }
        Ok(programs)
    }

    /// Starts a private pcscd with `slots` vpcd readers, rounded up to an even number: each vpcd
    /// entry gives two, and PC/SC lists both, so both are offered. The readers are named
    /// `mynakit A 00 00`, `mynakit A 00 01`, `mynakit B 00 00`, …; their ports are inside the
    /// pcscd's own network namespace.
    ///
    /// vpcd listens (`DEVICENAME /dev/null:PORT`) and the cards connect from inside the
    /// namespace ([`crate::netns`]). Reversed mode (vpcd connecting to the cards) is not offered:
    /// Debian's vpcd 3.3 crashes pcscd when it reconnects (`docs/reader.md`).
    pub fn managed(slots: usize) -> Result<Pcscd, PcscdError> {
        Self::managed_logging(slots, false)
    }

    /// [`Pcscd::managed`], with `apdu_log` adding `--debug --apdu`: pcscd then logs every
    /// APDU (`APDU:` and `SW:` lines), PINs in clear, to [`Pcscd::log_path`]. Only for
    /// synthetic cards: it is how the tests make the logs `mynakit import pcscd-log` reads.
    pub fn managed_logging(slots: usize, apdu_log: bool) -> Result<Pcscd, PcscdError> {
        let bases: Vec<u16> = (0..slots.max(1).div_ceil(2))
            .map(|pair| MANAGED_BASE_PORT.saturating_add(2 * pair as u16))
            .collect();
        Self::managed_on_logging(&managed_readers(&bases), apdu_log)
    }

    /// Starts a private pcscd for readers laid out by [`managed_readers`].
    pub fn managed_on(readers: &[ReaderPort]) -> Result<Pcscd, PcscdError> {
        Self::managed_on_logging(readers, false)
    }

    fn managed_on_logging(readers: &[ReaderPort], apdu_log: bool) -> Result<Pcscd, PcscdError> {
        Self::managed_with(readers, apdu_log, |dir, conf| {
            write_vpcd_config(dir, conf, readers)
        })
    }

    /// Starts a private pcscd whose reader config `write_config` writes, given the pcscd's
    /// private folder and its `reader.conf.d` (vpcd's here, mynakit's own driver in
    /// [`crate::ifd`]); `readers` are what [`Pcscd::readers`] then lists.
    pub(crate) fn managed_with(
        readers: &[ReaderPort],
        apdu_log: bool,
        write_config: impl FnOnce(&Path, &Path) -> std::io::Result<()>,
    ) -> Result<Pcscd, PcscdError> {
        let programs = Self::can_manage()?;
        let base = base_dir();
        crate::leftovers::sweep(&base, crate::leftovers::GRACE);
        let dir = crate::leftovers::create(&base)?;
        let socket = dir.path().join(SOCKET_IN_DIR);
        let len = socket.as_os_str().len();
        if len > SOCKET_PATH_MAX {
            return Err(PcscdError::SocketPathTooLong {
                path: socket,
                len,
                max: SOCKET_PATH_MAX,
            });
        }
        let run = dir.path().join("run");
        let conf = dir.path().join("reader.conf.d");
        let no_usb = dir.path().join("no-usb-drivers");
        fs::create_dir_all(&run)?;
        fs::create_dir_all(&conf)?;
        fs::create_dir_all(&no_usb)?;
        write_config(dir.path(), &conf)?;
        let readers = readers.to_vec();
        let log = dir.path().join("pcscd.log");
        fs::File::create(&log)?;
        let process = Managed {
            keeper: std::sync::Mutex::new(None),
            programs,
            run,
            conf,
            no_usb,
            apdu_log,
        };
        process.spawn(&log)?;
        let mut managed = Pcscd {
            managed: Some(Box::new(process)),
            // pcscd creates `/run/pcscd` in its private `/run`.
            socket,
            dir: Some(dir),
            readers,
            namespace: None,
        };
        managed.wait_for_socket(Duration::from_secs(10))?;
        managed.keep_socket_private()?;
        let pid = managed.pid().unwrap_or_default();
        let Some(programs) = managed.managed.as_ref().map(|m| &m.programs) else {
            return Err(PcscdError::NotReady {
                waited: Duration::ZERO,
                detail: "pcscd is not managed".into(),
            });
        };
        let namespace = Namespace::of(pid, &programs.nsenter, &programs.bash)
            .and_then(|namespace| namespace.check().map(|()| namespace))
            .map_err(|e| PcscdError::NotReady {
                waited: Duration::ZERO,
                detail: format!("pcscd's network namespace: {e}"),
            })?;
        managed.namespace = Some(std::sync::Arc::new(namespace));
        Ok(managed)
    }

    /// The private network namespace of a managed pcscd, in which its vpcd ports are (`None`
    /// for the system's, whose ports are on the host).
    pub fn namespace(&self) -> Option<&std::sync::Arc<Namespace>> {
        self.namespace.as_ref()
    }

    /// Uses the system pcscd and Debian's vpcd config (`/etc/reader.conf.d/vpcd`: two readers,
    /// `Virtual PCD 00 00` on port 35963 and `Virtual PCD 00 01` on 35964), or the one
    /// [`VPCD_CONFIG_ENV`] names ([`system_vpcd_config`]).
    pub fn system() -> Result<Pcscd, PcscdError> {
        let socket = std::env::var_os(SOCKET_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(SYSTEM_SOCKET));
        let readers = system_readers(&system_vpcd_config())?;
        if !socket.exists() {
            return Err(PcscdError::NoSystemPcscd { socket });
        }
        Ok(Pcscd {
            managed: None,
            dir: None,
            socket,
            readers,
            namespace: None,
        })
    }

    /// The process id of a managed pcscd (`None` for the system's).
    pub fn pid(&self) -> Option<u32> {
        let managed = self.managed.as_ref()?;
        let keeper = managed.keeper();
        keeper.as_ref().map(Keeper::pid)
    }

    /// The readers, in slot order.
    pub fn readers(&self) -> &[ReaderPort] {
        &self.readers
    }

    /// The socket PC/SC clients must use.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Environment variables a PC/SC client process needs to see these readers.
    pub fn client_env(&self) -> Vec<(String, String)> {
        if self.managed.is_some() {
            vec![(SOCKET_ENV.to_owned(), self.socket.display().to_string())]
        } else {
            Vec::new()
        }
    }

    /// Whether this process started the pcscd.
    pub fn is_managed(&self) -> bool {
        self.managed.is_some()
    }

    /// Where a managed pcscd writes its log (its stdout and stderr); `None` for the system's.
    pub fn log_path(&self) -> Option<std::path::PathBuf> {
        self.dir.as_ref().map(|dir| dir.path().join("pcscd.log"))
    }

    /// pcscd's own log (managed only): for error messages.
    pub fn log_tail(&self) -> String {
        let Some(dir) = &self.dir else {
            return String::new();
        };
        let text = fs::read_to_string(dir.path().join("pcscd.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(10)..].join("\n")
    }

    /// How a managed pcscd ended, once it has by itself.
    fn exited(&self) -> Option<std::process::ExitStatus> {
        let managed = self.managed.as_ref()?;
        let keeper = managed.keeper();
        keeper.as_ref().and_then(Keeper::exited)
    }

    /// Stops a managed pcscd now, as systemd stops it for a package update: SIGTERM to its pid.
    /// pcsc-lite 1.9.9 ends at once on SIGTERM (`signal_trap`, "Direct suicide": `at_exit`
    /// removes its socket file and pid file, then `exit`), without waiting for a driver's
    /// call in flight. Every client connection to it dies with it: a call in flight reads the
    /// closed socket (`SCARD_F_COMM_ERROR`), later calls on a context from before fail
    /// (`SCARD_E_NO_SERVICE`), and so does `SCardEstablishContext`, which finds no socket file,
    /// until [`Pcscd::start_again`] (`docs/reader.md`, "pcscd stops and starts again"). One
    /// that has not ended within [`STOP_GRACE`] is killed. Returns once it is reaped, whether
    /// it ran; the system's pcscd is never stopped (`false`).
    pub fn stop(&self) -> bool {
        let Some(managed) = &self.managed else {
            return false;
        };
        let Some(keeper) = managed.keeper().take() else {
            return false;
        };
        keeper.terminate(STOP_GRACE);
        true
    }

    /// Starts a managed pcscd stopped by [`Pcscd::stop`] again, in namespaces of its own as
    /// before, on the **same socket path** (so a client's libpcsclite, which read
    /// `PCSCLITE_CSOCK_NAME` once, reaches it with a new context), with the reader
    /// configuration `write_config` writes into its emptied `reader.conf.d`. Returns once the
    /// socket is there; [`Pcscd::wait_for_listed`] waits for the readers. A running one is
    /// stopped first.
    ///
    /// Only for readers reached through Unix sockets in the pcscd's folder (mynakit's driver,
    /// [`crate::ifd`]): vpcd's ports are in the old pcscd's network namespace, which ends with
    /// it, and [`Pcscd::namespace`] still names that one.
    ///
    /// # Errors
    ///
    /// The system's pcscd (never started here), a file of the folder, or a pcscd that did not
    /// make its socket in time (the error holds the end of its log).
    pub(crate) fn start_again(
        &self,
        write_config: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<(), PcscdError> {
        let (Some(managed), Some(log)) = (&self.managed, self.log_path()) else {
            return Err(PcscdError::NotReady {
                waited: Duration::ZERO,
                detail: "only a pcscd mynakit started can be started again".into(),
            });
        };
        self.stop();
        // The dead pcscd's socket and pid file: a new pcscd would find the socket and
        // refuse to start while the pid in the file belongs to a live process.
        let _ = fs::remove_dir_all(managed.run.join("pcscd"));
        for entry in fs::read_dir(&managed.conf)? {
            fs::remove_file(entry?.path())?;
        }
        write_config(&managed.conf)?;
        managed.spawn(&log)?;
        self.wait_for_socket(Duration::from_secs(10))?;
        self.keep_socket_private()
    }

    /// Narrows what pcscd made for everyone (its folder 0755 and its socket 0666, as a system
    /// pcscd serving every user wants them) to the user who started it. The 0700 directory above already keeps other users out, since every client path goes
    /// through it (`PCSCLITE_CSOCK_NAME`); this keeps them out should that directory ever be
    /// opened up. `/proc/PID/root/run/pcscd` is the one other way in, and the kernel lets only
    /// those who may ptrace pcscd take it: root and, rootless, this same user
    /// (`docs/security.md`).
    fn keep_socket_private(&self) -> Result<(), PcscdError> {
        use std::os::unix::fs::PermissionsExt as _;
        if let Some(folder) = self.socket.parent() {
            fs::set_permissions(folder, fs::Permissions::from_mode(0o700))?;
        }
        // pcscd makes its socket 0666 itself right after it listens (pcsc-lite's
        // `InitializeSocket`, winscard_msg_srv.c): a mode set before that lands is undone, as
        // a loaded machine showed. Wait (briefly) for pcscd's own mode to land, then set ours;
        // the folder is 0700 whatever the socket's mode.
        let mode = || -> std::io::Result<u32> {
            Ok(fs::metadata(&self.socket)?.permissions().mode() & 0o777)
        };
        let first = mode()?;
        let start = Instant::now();
        while first != 0o666 && start.elapsed() < Duration::from_millis(300) {
            if mode()? != first {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        fs::set_permissions(&self.socket, fs::Permissions::from_mode(0o600))?;
        Ok(())
    }

    fn wait_for_socket(&self, limit: Duration) -> Result<(), PcscdError> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if self.socket.exists() {
                return Ok(());
            }
            if let Some(status) = self.exited() {
                return Err(PcscdError::NotReady {
                    waited: start.elapsed(),
                    detail: format!("pcscd exited ({status}): {}", self.log_tail()),
                });
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Err(PcscdError::NotReady {
            waited: limit,
            detail: format!(
                "no socket at {}: {}",
                self.socket.display(),
                self.log_tail()
            ),
        })
    }
}

/// Writes vpcd's entries for `readers` (in pairs) into `conf`, each with a private copy of the
/// driver in `dir`.
fn write_vpcd_config(dir: &Path, conf: &Path, readers: &[ReaderPort]) -> std::io::Result<()> {
    let mut config = String::new();
    for (entry, pair) in readers.chunks(2).enumerate() {
        let base = pair[0].addr.port();
        let friendly = pair[0].name.trim_end_matches(" 00 00");
        // The vpcd driver keeps its connections in one static table indexed by the slot
        // within an entry, so two entries loaded from the same file overwrite each other's
        // slots. A private copy per entry is a separate inode, which the dynamic loader
        // maps as a separate library with its own table (`docs/reader.md`, "Known limits").
        let driver = dir.join(format!("libifdvpcd-{entry}.so"));
        fs::copy(VPCD_DRIVER, &driver)?;
        let driver = driver.display();
        config.push_str(&format!(
            "FRIENDLYNAME \"{friendly}\"\nDEVICENAME   /dev/null:0x{base:04X}\nLIBPATH      {driver}\nCHANNELID    0x{base:04X}\n\n"
        ));
    }
    fs::write(conf.join("mynakit-vpcd"), config)
}

/// Where a managed pcscd's temporary directory goes: the temporary directory, unless that is
/// under `/run`, which the pcscd's own `/run` hides from it (e.g. `TMPDIR=$XDG_RUNTIME_DIR`), or
/// so long that the socket path would not fit in a Unix socket address ([`SOCKET_PATH_MAX`]):
/// `/tmp` then. (Were even that too long, [`Pcscd::managed`] fails at once, naming the path.)
fn base_dir() -> PathBuf {
    base_dir_for(&std::env::temp_dir())
}

fn base_dir_for(temp: &Path) -> PathBuf {
    // `mynakit-pcscd-` and tempfile's six random characters.
    let socket_len = temp.as_os_str().len()
        + "/".len()
        + crate::leftovers::PREFIX.len()
        + 6
        + "/".len()
        + SOCKET_IN_DIR.len();
    if temp.starts_with("/run") || socket_len > SOCKET_PATH_MAX {
        PathBuf::from("/tmp")
    } else {
        temp.to_owned()
    }
}

/// The network a sandboxed pcscd sees ([`sandbox_command`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SandboxNetwork {
    /// A network namespace of its own, with only loopback up: vpcd's card ports (which vpcd
    /// opens on all interfaces) are reachable from nowhere but mynakit's links
    /// ([`crate::netns`]). Every managed pcscd runs so.
    Private,
    /// The host's network: vpcd's ports are reachable from the host, as a system pcscd's are.
    /// For a stand-in of the system pcscd (the `--pcscd system` test) only.
    Host,
}

/// The command that runs pcscd in mynakit's sandbox: a private mount namespace whose `/run` is
/// `run` (so the machine's `/run/pcscd` is neither touched nor needed), the reader config folder
/// `conf`, the drivers folder hidden behind the empty folder `no_usb` when given (so a real
/// reader plugged into the machine never shows up; a config whose driver is in that folder, as
/// Debian's stock vpcd config's is, needs `None`), a user namespace for a non-root user (`docs/reader.md`, "Rootless"),
/// `setpriv --pdeathsig KILL` so pcscd dies with its keeper, and the network `network`.
/// `apdu_log` adds `--debug --apdu` ([`Pcscd::managed_logging`]). The socket appears at
/// `run/pcscd/pcscd.comm`. The one launcher of every pcscd mynakit or its tests start.
pub fn sandbox_command(
    run: &Path,
    conf: &Path,
    no_usb: Option<&Path>,
    network: SandboxNetwork,
    apdu_log: bool,
) -> Result<Command, PcscdError> {
    let programs = Pcscd::can_manage()?;
    Ok(launcher(&programs, run, conf, no_usb, network, apdu_log))
}

/// The command that starts a pcscd in its namespaces ([`sandbox_command`]).
///
/// `unshare` makes the namespaces: mount always, network for [`SandboxNetwork::Private`], and a
/// user namespace (this user mapped to root inside) when not root, so that mounting is allowed
/// without privileges. Inside, the script brings up a private network's loopback interface
/// (vpcd's ports are reached there),
/// bind-mounts the private `run` directory over `/run` (pcscd's socket and pid file go to the
/// fixed `/run/pcscd`, which a non-root user could not create on the host), and hides
/// libccid's bundle under an empty directory over [`USB_DRIVERS`] (the vpcd drivers are copies
/// in the temporary directory; pcscd would otherwise also hot-plug the machine's real USB
/// readers). `exec` keeps one PID from unshare to pcscd, so killing the child kills pcscd, and
/// `setpriv --pdeathsig KILL` kills it if this process dies without dropping it. Never `-a`
/// unless `apdu_log` asks (tests capturing logs of synthetic cards):
/// pcscd would log APDUs, PINs included.
fn launcher(
    programs: &Programs,
    run: &Path,
    conf: &Path,
    no_usb: Option<&Path>,
    network: SandboxNetwork,
    apdu_log: bool,
) -> Command {
    let mut command = Command::new(&programs.unshare);
    if !is_root() {
        command.args(["--user", "--map-root-user"]);
    }
    command.arg("--mount");
    let loopback_up = match network {
        SandboxNetwork::Private => {
            command.arg("--net");
            "\"$5\" link set lo up && "
        }
        SandboxNetwork::Host => "",
    };
    command
        .args([
            "--propagation",
            "private",
            "setpriv",
            "--pdeathsig",
            "KILL",
            "sh",
            "-c",
        ])
        .arg(format!(
            "{loopback_up}mount --bind \"$0\" /run \
             && {{ [ -z \"$4\" ] || [ ! -d \"$3\" ] || mount --bind \"$4\" \"$3\"; }} \
             && exec \"$1\" --foreground --config \"$2\" $6"
        ))
        .arg(run)
        .arg(&programs.pcscd)
        .arg(conf)
        .arg(USB_DRIVERS)
        // An empty `$4` skips the hiding (`[ -z "$4" ]`).
        .arg(no_usb.unwrap_or(Path::new("")))
        .arg(&programs.ip)
        .arg(if apdu_log { APDU_LOG_FLAGS } else { "" });
    command
}

/// Checks that this (non-root) user may make the user, mount and network namespaces a managed
/// pcscd needs, by making them once around `true`.
fn probe_user_namespace(unshare: &Path) -> Result<(), PcscdError> {
    let out = Command::new(unshare)
        .args(["--user", "--map-root-user", "--mount", "--net", "true"])
        .stdin(Stdio::null())
        .output()?;
    if out.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    Err(PcscdError::NoUserNamespace {
        detail: if said.is_empty() {
            format!("unshare --user exited with {}", out.status)
        } else {
            said
        },
        cause: userns_refused_by(Path::new("/proc/sys")),
    })
}

/// The kernel setting under `proc_sys` (normally `/proc/sys`) that forbids unprivileged user
/// namespaces, with how to allow them, as a clause for [`PcscdError::NoUserNamespace`]; a hint
/// about containers when none does.
pub fn userns_refused_by(proc_sys: &Path) -> String {
    let value = |name: &str| {
        fs::read_to_string(proc_sys.join(name))
            .map(|v| v.trim().to_owned())
            .ok()
    };
    if value("kernel/unprivileged_userns_clone").as_deref() == Some("0") {
        return ": the sysctl kernel.unprivileged_userns_clone is 0 (Debian's switch; `sysctl -w kernel.unprivileged_userns_clone=1` allows them)".into();
    }
    if value("user/max_user_namespaces").as_deref() == Some("0") {
        return ": the sysctl user.max_user_namespaces is 0 (`sysctl -w user.max_user_namespaces=15000` allows them)".into();
    }
    if value("kernel/apparmor_restrict_unprivileged_userns").as_deref() == Some("1") {
        return ": the sysctl kernel.apparmor_restrict_unprivileged_userns is 1 (Ubuntu 23.10 and later; set it to 0, or give unshare an AppArmor profile that allows userns)".into();
    }
    ": no sysctl forbids them, so a container's seccomp profile probably does (Docker's default refuses unshare(CLONE_NEWUSER); run the container with --security-opt seccomp=unconfined, or as root with --cap-add SYS_ADMIN)".into()
}

/// Why a vpcd config gives no readers.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VpcdConfigError {
    /// A `DEVICENAME` entry without a port after its last `:`.
    #[error("line {line}: cannot read a port from `{entry}`")]
    NoPort {
        /// 1-based line.
        line: usize,
        /// The entry after `DEVICENAME`.
        entry: String,
    },
    /// No `DEVICENAME` entry at all.
    #[error("no DEVICENAME entry")]
    NoDevice,
}

/// Reads the readers out of a vpcd config: each `DEVICENAME /dev/null:PORT` (or `host:PORT`)
/// gives two readers, `<FRIENDLYNAME> 00 00` on PORT and `… 00 01` on PORT+1.
///
/// # Errors
///
/// [`VpcdConfigError`] with the line of an entry without a port, or when there is none.
pub fn parse_vpcd_config(text: &str) -> Result<Vec<ReaderPort>, VpcdConfigError> {
    let mut readers = Vec::new();
    let mut friendly = String::from("Virtual PCD");
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("FRIENDLYNAME") {
            friendly = rest.trim().trim_matches('"').to_owned();
        } else if let Some(rest) = line.strip_prefix("DEVICENAME") {
            let port_text = rest.trim().rsplit(':').next().unwrap_or_default();
            let port = parse_port(port_text).ok_or_else(|| VpcdConfigError::NoPort {
                line: number + 1,
                entry: rest.trim().to_owned(),
            })?;
            for slot in 0..2u16 {
                readers.push(ReaderPort {
                    name: format!("{friendly} 00 {slot:02}"),
                    addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port + slot)),
                });
            }
        }
    }
    if readers.is_empty() {
        return Err(VpcdConfigError::NoDevice);
    }
    Ok(readers)
}

fn parse_port(text: &str) -> Option<u16> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u16::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

/// The readers of the system pcscd's vpcd config; the error names the package that installs it.
pub fn system_readers(config: &Path) -> Result<Vec<ReaderPort>, PcscdError> {
    let text = fs::read_to_string(config).map_err(|_| PcscdError::Missing {
        what: format!("the vpcd reader config {}", config.display()),
        package: "vsmartcard-vpcd",
    })?;
    parse_vpcd_config(&text).map_err(|reason| PcscdError::Config {
        path: config.into(),
        reason,
    })
}

/// Where programs are looked for: `PATH`, then the sbin directories a non-login root shell may
/// lack (pcscd is in `/usr/sbin`).
fn search_dirs() -> Vec<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .collect()
}

/// Finds what a managed pcscd runs, in `dirs` and at `driver`; the error names the Debian
/// package that installs the first missing piece.
fn find_installed(dirs: &[PathBuf], driver: &Path) -> Result<Programs, PcscdError> {
    let find = |name: &'static str, package: &'static str| {
        dirs.iter()
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
            .ok_or(PcscdError::Missing {
                what: name.into(),
                package,
            })
    };
    let pcscd = find("pcscd", "pcscd")?;
    if !driver.exists() {
        return Err(PcscdError::Missing {
            what: format!("the vpcd driver {}", driver.display()),
            package: "vsmartcard-vpcd",
        });
    }
    Ok(Programs {
        pcscd,
        unshare: find("unshare", "util-linux")?,
        nsenter: find("nsenter", "util-linux")?,
        ip: find("ip", "iproute2")?,
        bash: find("bash", "bash")?,
    })
}

/// Whether this process runs as root (a non-root user's private pcscd gets a user namespace).
pub fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

/// The readers of a managed pcscd whose vpcd entries use these base ports: `mynakit A 00 00` on
/// the first base, `mynakit A 00 01` on base+1, `mynakit B 00 00` on the second base, … Both
/// readers of every entry: PC/SC lists them all.
pub fn managed_readers(bases: &[u16]) -> Vec<ReaderPort> {
    let mut readers = Vec::new();
    for (pair, base) in bases.iter().enumerate() {
        let friendly = format!("mynakit {}", char::from(b'A' + (pair % 26) as u8));
        for slot in 0..2u16 {
            readers.push(ReaderPort {
                name: format!("{friendly} 00 {slot:02}"),
                addr: SocketAddr::from((Ipv4Addr::LOCALHOST, base + slot)),
            });
        }
    }
    readers
}

/// Finds `pairs` pairs of free ports on the host (vpcd binds PORT and PORT+1 on all interfaces).
/// A managed pcscd no longer needs them (its ports are in its own network namespace); kept for
/// callers that configure a vpcd on the host themselves.
pub fn free_port_pairs(pairs: usize) -> std::io::Result<Vec<u16>> {
    let mut found = Vec::new();
    let mut candidate = 20000 + (std::process::id() % 20000) as u16 * 2;
    for _ in 0..2000 {
        candidate = if candidate >= 60000 {
            20000
        } else {
            candidate + 2
        };
        let free = |port: u16| TcpListener::bind((Ipv4Addr::UNSPECIFIED, port)).is_ok();
        if free(candidate) && free(candidate + 1) {
            found.push(candidate);
            if found.len() == pairs {
                return Ok(found);
            }
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        "no free port pairs for vpcd",
    ))
}

/// Polls a PC/SC context (of this process) until `ready` says yes. libpcsclite in this process
/// must already point at the right socket: see [`Pcscd::use_in_this_process`].
fn poll_pcsc(
    limit: Duration,
    mut ready: impl FnMut(&pcsc::Context) -> Result<bool, pcsc::Error>,
) -> Result<(), PcscdError> {
    let start = Instant::now();
    let mut last = String::from("not polled");
    while start.elapsed() < limit {
        match pcsc::Context::establish(pcsc::Scope::User).and_then(|ctx| ready(&ctx)) {
            Ok(true) => return Ok(()),
            Ok(false) => last = "answered, but not as wanted yet".into(),
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(PcscdError::NotReady {
        waited: limit,
        detail: last,
    })
}

impl Pcscd {
    /// Points this process's libpcsclite at this pcscd. libpcsclite reads the variable once, on
    /// first use, so this must run before any PC/SC call in the process, and one process can use
    /// only one pcscd.
    pub fn use_in_this_process(&self) {
        for (key, value) in self.client_env() {
            std::env::set_var(key, value);
        }
    }

    /// Waits until PC/SC lists every reader of this pcscd. The error names the readers still
    /// missing, the socket, and the end of pcscd's log (or that pcscd exited).
    pub fn wait_for_readers(&self, limit: Duration) -> Result<(), PcscdError> {
        let wanted: Vec<String> = self.readers.iter().map(|r| r.name.clone()).collect();
        self.wait_for_listed(&wanted, limit)
    }

    /// Waits until PC/SC lists every reader named in `wanted` (a pcscd started again with
    /// readers under other names: [`Pcscd::start_again`]); errors as
    /// [`Pcscd::wait_for_readers`].
    pub fn wait_for_listed(&self, wanted: &[String], limit: Duration) -> Result<(), PcscdError> {
        let wanted = wanted.to_vec();
        let mut missing = wanted.clone();
        let waited = poll_pcsc(limit, |ctx| {
            let listed = match ctx.list_readers_owned() {
                Ok(listed) => listed,
                Err(pcsc::Error::NoReadersAvailable) => Vec::new(),
                Err(e) => return Err(e),
            };
            let listed: Vec<String> = listed
                .iter()
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            missing = wanted
                .iter()
                .filter(|w| !listed.contains(w))
                .cloned()
                .collect();
            Ok(missing.is_empty())
        });
        waited.map_err(|e| match e {
            PcscdError::NotReady { waited, detail } => PcscdError::NotReady {
                waited,
                detail: format!(
                    "PC/SC at {} lists {} of {} readers (missing: {}); last PC/SC answer: {detail}{}",
                    self.socket.display(),
                    wanted.len() - missing.len(),
                    wanted.len(),
                    missing.join(", "),
                    self.state_of_process()
                ),
            },
            other => other,
        })
    }

    /// Whether a managed pcscd still runs, and its log's end: for "not ready" errors.
    fn state_of_process(&self) -> String {
        if self.managed.is_none() {
            return String::new();
        }
        let state = match (self.exited(), self.pid()) {
            (Some(status), _) => format!("pcscd exited ({status})"),
            (None, Some(pid)) => format!("pcscd (pid {pid}) runs"),
            (None, None) => "pcscd is stopped".to_owned(),
        };
        format!("; {state}; its log ends: {}", self.log_tail())
    }

    /// Waits until PC/SC sees a card in `reader` (`present`) or sees it empty (`!present`).
    ///
    /// One context waits on pcscd's own events (`SCardGetStatusChange` given the state seen
    /// last), instead of asking again every few milliseconds: a run stages many worlds at once
    /// (`docs/performance.md`), and each question is a round trip that keeps pcscd from the
    /// clients' commands.
    pub fn wait_for_card(
        &self,
        reader: &str,
        present: bool,
        limit: Duration,
    ) -> Result<(), PcscdError> {
        let name = std::ffi::CString::new(reader).map_err(|_| PcscdError::NotReady {
            waited: Duration::ZERO,
            detail: format!("reader name {reader:?} contains NUL"),
        })?;
        let start = Instant::now();
        let mut seen = pcsc::State::UNAWARE;
        poll_pcsc(limit, |ctx| {
            let mut states = [pcsc::ReaderState::new(name.clone(), pcsc::State::UNAWARE)];
            loop {
                // The first call (state unaware) answers at once; the next ones when the
                // reader's state changes, or at the limit.
                let left = limit.saturating_sub(start.elapsed());
                match ctx.get_status_change(left.max(Duration::from_millis(1)), &mut states) {
                    Ok(()) | Err(pcsc::Error::Timeout) => {}
                    Err(pcsc::Error::UnknownReader) => return Ok(false),
                    Err(e) => return Err(e),
                }
                let state = states[0].event_state();
                seen = state;
                let is_present =
                    state.contains(pcsc::State::PRESENT) && !state.contains(pcsc::State::MUTE);
                if is_present == present {
                    return Ok(true);
                }
                if start.elapsed() >= limit {
                    return Ok(false);
                }
                states[0].sync_current_state();
            }
        })
        .map_err(|e| match e {
            PcscdError::NotReady { waited, detail } => PcscdError::NotReady {
                waited,
                detail: format!("{detail} (reader state {seen:?})"),
            },
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_vpcd_config() {
        let text = "FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME   /dev/null:0x8C7B\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    0x8C7B\n";
        let readers = parse_vpcd_config(text).unwrap();
        assert_eq!(readers.len(), 2);
        assert_eq!(readers[0].name, "Virtual PCD 00 00");
        assert_eq!(readers[0].addr.port(), 35963);
        assert_eq!(readers[1].name, "Virtual PCD 00 01");
        assert_eq!(readers[1].addr.port(), 35964);
        assert_eq!(
            parse_vpcd_config("LIBPATH x\n"),
            Err(VpcdConfigError::NoDevice)
        );
        let no_port = parse_vpcd_config("DEVICENAME /dev/null:0xZZ\n").unwrap_err();
        assert_eq!(
            no_port.to_string(),
            "line 1: cannot read a port from `/dev/null:0xZZ`"
        );
    }

    /// The messages a person on a fresh machine sees name the Debian package to install.
    #[test]
    fn missing_pieces_name_their_debian_package() {
        let empty = tempfile::tempdir().unwrap();
        let bin = tempfile::tempdir().unwrap();
        let no_driver = empty.path().join("libifdvpcd.so");
        let message = |dirs: &[PathBuf]| {
            find_installed(dirs, &no_driver)
                .map(|_| ())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            message(&[empty.path().to_owned()]),
            "pcscd is missing: install the Debian package `pcscd` (apt-get install -y pcscd)"
        );
        fs::write(bin.path().join("pcscd"), "").unwrap();
        assert_eq!(
            message(&[bin.path().to_owned()]),
            format!(
                "the vpcd driver {} is missing: install the Debian package `vsmartcard-vpcd` (apt-get install -y vsmartcard-vpcd)",
                no_driver.display()
            )
        );
        fs::write(&no_driver, "").unwrap();
        for (program, package) in [
            ("unshare", "util-linux"),
            ("nsenter", "util-linux"),
            ("ip", "iproute2"),
            ("bash", "bash"),
        ] {
            let said = message(&[bin.path().to_owned()]);
            assert!(
                said.starts_with(&format!("{program} is missing"))
                    && said.contains(&format!("`{package}`")),
                "{said}"
            );
            fs::write(bin.path().join(program), "").unwrap();
        }
        assert!(find_installed(&[bin.path().to_owned()], &no_driver).is_ok());
        let err = system_readers(&empty.path().join("vpcd"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`vsmartcard-vpcd`"), "{err}");
    }

    /// A refused user namespace names the setting that refuses it, and how to allow it.
    #[test]
    fn a_refused_user_namespace_names_the_sysctl() {
        let sys = tempfile::tempdir().unwrap();
        fs::create_dir_all(sys.path().join("kernel")).unwrap();
        fs::create_dir_all(sys.path().join("user")).unwrap();
        let write = |name: &str, value: &str| fs::write(sys.path().join(name), value).unwrap();
        assert!(userns_refused_by(sys.path()).contains("seccomp"));
        write("kernel/apparmor_restrict_unprivileged_userns", "1\n");
        assert!(userns_refused_by(sys.path())
            .contains("kernel.apparmor_restrict_unprivileged_userns is 1"));
        write("user/max_user_namespaces", "0\n");
        assert!(userns_refused_by(sys.path()).contains("user.max_user_namespaces is 0"));
        write("kernel/unprivileged_userns_clone", "0\n");
        let cause = userns_refused_by(sys.path());
        assert!(
            cause.contains("kernel.unprivileged_userns_clone is 0")
                && cause.contains("sysctl -w kernel.unprivileged_userns_clone=1"),
            "{cause}"
        );
        let error = PcscdError::NoUserNamespace {
            detail: "unshare: unshare failed: Operation not permitted".into(),
            cause,
        }
        .to_string();
        assert!(
            error.contains("run as root") && error.contains("--pcscd system"),
            "{error}"
        );
    }

    /// A long `$TMPDIR` would give a socket path no client can connect to (issue: `run
    /// --transport pcscd` waited 20 s for readers it could never list): the directory goes to
    /// `/tmp` instead, and a path that still does not fit is refused at once, naming it.
    #[test]
    fn the_socket_path_always_fits_in_a_unix_socket_address() {
        let short = Path::new("/tmp/ci");
        assert_eq!(base_dir_for(short), short);
        assert_eq!(base_dir_for(Path::new("/run/user/1000")), Path::new("/tmp"));
        // The longest base that still fits, and one byte more.
        let fits = format!("/{}", "t".repeat(SOCKET_PATH_MAX - 43));
        let base = base_dir_for(Path::new(&fits));
        assert_eq!(base, Path::new(&fits));
        let dir = base.join(format!("{}abcdef", crate::leftovers::PREFIX));
        assert_eq!(dir.join(SOCKET_IN_DIR).as_os_str().len(), SOCKET_PATH_MAX);
        let too_long = format!("{fits}t");
        assert_eq!(base_dir_for(Path::new(&too_long)), Path::new("/tmp"));
        let error = PcscdError::SocketPathTooLong {
            path: PathBuf::from(&too_long).join(SOCKET_IN_DIR),
            len: too_long.len() + 21,
            max: SOCKET_PATH_MAX,
        }
        .to_string();
        assert!(
            error.contains(&too_long) && error.contains(&format!("{} bytes", too_long.len() + 21)),
            "{error}"
        );
    }

    #[test]
    fn managed_readers_come_in_pairs() {
        let names: Vec<String> = managed_readers(&[30000, 30002])
            .into_iter()
            .map(|r| format!("{} {}", r.name, r.addr.port()))
            .collect();
        assert_eq!(
            names,
            [
                "mynakit A 00 00 30000",
                "mynakit A 00 01 30001",
                "mynakit B 00 00 30002",
                "mynakit B 00 01 30003"
            ]
        );
    }
}
