//! [`Share`]: a private `smbd` serving one folder, from start to drop.

use std::fs;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mynakit_reader::pcscd::Keeper;

use crate::audit::{AuditLog, AUDIT_PREFIX, OPERATIONS};
use crate::listening;
use serde::Deserialize;

/// The share's name: clients map `\\HOST\oqs`.
pub const SHARE: &str = "oqs";
/// The SMB user name clients log in with (mapped to the Unix user running mynakit).
pub const USER: &str = "mynakit";
/// The port Windows connects to (it cannot be told another).
pub const SMB_PORT: u16 = 445;
/// The name prefix of a share's temporary directory.
pub(crate) const PREFIX: &str = "mynakit-smb-";
/// How long smbd may take to accept connections.
pub(crate) const READY_WITHIN: Duration = Duration::from_secs(15);

/// Where the share listens (`[smb]` in `mynakit serve`'s TOML; `--smb`, `--smb-listen`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareConfig {
    /// An address of this machine to serve on port 445 (root only); `None`: loopback on a free
    /// high port.
    #[serde(default)]
    pub listen: Option<IpAddr>,
}

/// Why the share could not be served.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    /// A program is missing.
    #[error(
        "{what} is missing: install the Debian package `{package}` (apt-get install -y {package})"
    )]
    Missing {
        /// What was looked for.
        what: String,
        /// The Debian package that provides it.
        package: &'static str,
    },
    /// Port 445 needs root.
    #[error("--smb-listen {addr} serves port 445, which needs root; run as root, or use --smb alone (loopback, a high port)")]
    NotRoot {
        /// The address asked for.
        addr: IpAddr,
    },
    /// `0.0.0.0` or `::` was asked for.
    #[error("--smb-listen {addr}: name one address of this machine (the interface the レセコン's network is on, e.g. 192.168.122.1 on virbr0), not every interface")]
    Unspecified {
        /// The address asked for.
        addr: IpAddr,
    },
    /// The address is not one of this machine's.
    #[error(
        "--smb-listen {addr}: not an address of this machine ({reason}); see `ip -brief address`"
    )]
    NotLocal {
        /// The address asked for.
        addr: IpAddr,
        /// The bind error.
        reason: String,
    },
    /// Someone else holds the port.
    #[error("{addr} is already in use{holder}: stop the system Samba first (`systemctl stop smbd`) or name another address")]
    PortHeld {
        /// The address and port.
        addr: SocketAddr,
        /// ", by smbd (pid N)" when a system smbd is seen.
        holder: String,
    },
    /// The terminal's folder cannot be shared.
    #[error("{path}: {reason}")]
    Root {
        /// The folder.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The share's user could not be created.
    #[error("creating the share's user with pdbedit failed: {detail}")]
    Account {
        /// pdbedit's message (the password never appears in it).
        detail: String,
    },
    /// smbd did not come up.
    #[error("smbd did not accept connections on {addr} within {waited:?}: {detail}")]
    NotReady {
        /// Where it should listen.
        addr: SocketAddr,
        /// How long we waited.
        waited: Duration,
        /// What was seen (smbd's exit and log tail).
        detail: String,
    },
    /// Another program took the free port picked for smbd before smbd bound it, three times.
    #[error("another program took {addr} before smbd could listen there")]
    PortTaken {
        /// The port picked.
        addr: SocketAddr,
    },
    /// An I/O error preparing or starting smbd.
    #[error("starting smbd: {0}")]
    Io(#[from] std::io::Error),
}

/// A running share of a terminal's root.
#[derive(Debug)]
pub struct Share {
    // Declared first: dropped (smbd killed and reaped) before the directory is removed.
    keeper: Keeper,
    dir: tempfile::TempDir,
    addr: SocketAddr,
    root: PathBuf,
    audited: bool,
}

/// The programs a share runs.
#[derive(Debug)]
struct Programs {
    smbd: PathBuf,
    pdbedit: PathBuf,
    setpriv: PathBuf,
}

impl Share {
    /// Serves `root` as `\\HOST\oqs` until dropped.
    ///
    /// # Errors
    ///
    /// [`ShareError`]: samba missing, `--smb-listen` without root or on a held port, a folder
    /// Samba cannot name, or smbd not ready (with its log tail).
    pub fn start(root: &Path, config: &ShareConfig) -> Result<Share, ShareError> {
        Share::start_with(root, config, false)
    }

    /// Serves `root` as [`Share::start`] does, and logs what clients do through it (Samba's
    /// `full_audit` module, into the share's private log): read it with [`Share::audit_log`].
    /// `mynakit run --terminal-share smb` uses this (`docs/terminal.md`, "The share in a run").
    ///
    /// # Errors
    ///
    /// As [`Share::start`], and [`ShareError::Missing`] naming `samba-vfs-modules` when smbd's
    /// module folder has no `vfs/full_audit.so`.
    pub fn start_audited(root: &Path, config: &ShareConfig) -> Result<Share, ShareError> {
        Share::start_with(root, config, true)
    }

    fn start_with(root: &Path, config: &ShareConfig, audited: bool) -> Result<Share, ShareError> {
        // A free port is picked by binding and releasing it: when another program takes it
        // before smbd binds it, smbd exits and the share starts again on another one.
        let mut tries = 1;
        loop {
            match Share::start_once(root, config, audited) {
                Err(ShareError::PortTaken { .. }) if config.listen.is_none() && tries < 3 => {
                    tries += 1;
                }
                started => return started,
            }
        }
    }

    fn start_once(root: &Path, config: &ShareConfig, audited: bool) -> Result<Share, ShareError> {
        let programs = find_programs(&search_dirs())?;
        if audited {
            full_audit_installed(&programs.smbd)?;
        }
        let root = shareable_root(root)?;
        let addr = match config.listen {
            Some(addr) => port_445(addr)?,
            None => SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?)),
        };
        let base = std::env::temp_dir();
        mynakit_reader::leftovers::sweep_named(&base, PREFIX, mynakit_reader::leftovers::GRACE);
        let dir = mynakit_reader::leftovers::create_named(&base, PREFIX)?;
        for sub in ["private", "lock", "state", "cache", "pid", "ncalrpc", "log"] {
            fs::create_dir(dir.path().join(sub))?;
        }
        let unix_user = unix_user()?;
        let conf = dir.path().join("smb.conf");
        fs::write(
            &conf,
            smb_conf(dir.path(), &root, addr, &unix_user, audited)
                .map_err(|(path, reason)| ShareError::Root { path, reason })?,
        )?;
        fs::write(
            dir.path().join("usermap"),
            format!("{unix_user} = {USER}\n"),
        )?;
        let password = generate_password()?;
        add_user(&programs.pdbedit, &conf, &unix_user, &password)?;
        write_private(&dir.path().join("password"), &format!("{password}\n"))?;
        write_private(
            &dir.path().join("smbclient.auth"),
            &format!("username = {USER}\npassword = {password}\n"),
        )?;
        let log = fs::File::create(dir.path().join("log").join("smbd.out"))?;
        // `setpriv --pdeathsig KILL` kills smbd if mynakit dies without dropping the share;
        // its helpers (notifyd, cleanupd, connection children) exit when their parent does.
        // `--no-process-group` keeps smbd in mynakit's process group, so Ctrl-C in a shell
        // reaches mynakit, which then stops smbd by its pid.
        let mut command = Command::new(&programs.setpriv);
        command
            .args(["--pdeathsig", "KILL"])
            .arg(&programs.smbd)
            .args(["--foreground", "--no-process-group", "--debug-stdout"])
            .args(["--debuglevel", "1", "--configfile"])
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let share = Share {
            keeper: Keeper::spawn(command)?,
            dir,
            addr,
            root,
            audited,
        };
        share.wait_until_ready(READY_WITHIN)?;
        Ok(share)
    }

    /// Where smbd listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The shared folder (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// smbd's process id.
    pub fn pid(&self) -> u32 {
        self.keeper.pid()
    }

    /// The share's private directory (config, passdb, logs); removed when the share stops.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The file holding the password (0600, one line), for `net use`.
    pub fn password_file(&self) -> PathBuf {
        self.dir.path().join("password")
    }

    /// An `smbclient -A` authentication file (0600) with the user and password.
    pub fn credentials_file(&self) -> PathBuf {
        self.dir.path().join("smbclient.auth")
    }

    /// `//HOST/oqs`, as smbclient names the share.
    pub fn service(&self) -> String {
        match self.addr.ip() {
            IpAddr::V6(ip) => format!("//[{ip}]/{SHARE}"),
            IpAddr::V4(ip) => format!("//{ip}/{SHARE}"),
        }
    }

    /// The arguments of `smbclient` that reach this share as its user, before `-c COMMANDS`.
    pub fn smbclient_args(&self) -> Vec<String> {
        vec![
            self.service(),
            "-p".into(),
            self.addr.port().to_string(),
            "-A".into(),
            self.credentials_file().display().to_string(),
        ]
    }

    /// What a person needs to connect, for the banner: never the password itself.
    pub fn describe(&self) -> Vec<String> {
        let ip = self.addr.ip();
        let mut lines = vec![format!(
            "SMB share: \\\\{ip}\\{SHARE} on port {} → {} (smbd pid {}{})",
            self.addr.port(),
            self.root.display(),
            self.pid(),
            if ip.is_loopback() {
                ", loopback only"
            } else {
                ""
            }
        )];
        lines.push(format!(
            "SMB user: {USER}; password (new at every start): cat {}",
            self.password_file().display()
        ));
        lines.push(format!("smbclient {}", self.smbclient_args().join(" ")));
        if self.addr.port() == SMB_PORT {
            lines.push(format!(
                "Windows: net use O: \\\\{ip}\\{SHARE} /user:{USER} *   (docs/terminal.md, \"Sharing the folders over SMB\")"
            ));
        }
        lines
    }

    /// The password of [`USER`], read from [`Share::password_file`]: for a client's environment
    /// (`MYNAKIT_TERMINAL_SMB_PASSWORD`), never for a log.
    ///
    /// # Errors
    ///
    /// The file cannot be read.
    pub fn password(&self) -> std::io::Result<String> {
        Ok(fs::read_to_string(self.password_file())?.trim().to_owned())
    }

    /// What clients did through the share, for a share started with
    /// [`Share::start_audited`]; `None` otherwise. Each call starts at the log's beginning.
    pub fn audit_log(&self) -> Option<AuditLog> {
        self.audited
            .then(|| AuditLog::new(self.dir.path().join("log").join("smbd.out"), &self.root))
    }

    /// The last lines smbd logged (for error messages).
    pub fn log_tail(&self) -> String {
        log_tail(self.dir.path())
    }

    fn wait_until_ready(&self, limit: Duration) -> Result<(), ShareError> {
        let start = Instant::now();
        let mut last = String::from("not tried");
        while start.elapsed() < limit {
            match TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)) {
                Ok(_) if listening::holds_listener(self.keeper.pid(), self.addr.port()) => {
                    return Ok(())
                }
                Ok(_) => last = "answered, but not by this smbd".to_owned(),
                Err(e) => last = e.to_string(),
            }
            if let Some(status) = self.keeper.exited() {
                if !listening::holds_listener(self.keeper.pid(), self.addr.port())
                    && TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok()
                {
                    return Err(ShareError::PortTaken { addr: self.addr });
                }
                return Err(ShareError::NotReady {
                    addr: self.addr,
                    waited: start.elapsed(),
                    detail: format!("smbd exited ({status}): {}", self.log_tail()),
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(ShareError::NotReady {
            addr: self.addr,
            waited: limit,
            detail: format!("last connect: {last}; smbd log: {}", self.log_tail()),
        })
    }
}

fn log_tail(dir: &Path) -> String {
    let text = fs::read_to_string(dir.join("log").join("smbd.out")).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}

/// The private smb.conf: one share, nothing else (no printers, homes, usershares, NetBIOS or
/// SMB1), no symlink followed (so none leads out of the root), every state directory under
/// `dir`. Samba has no quoting: a path with a newline or `%` (a Samba macro) is refused.
///
/// No RPC helpers (`rpc start on demand helpers = no`): Samba 4.17's smbd would otherwise start
/// `samba-dcerpcd` on the first named-pipe open (a share listing), detached from smbd, outliving
/// it and logging under `/var/log/samba`. Without it a share listing is empty; mapping the
/// share by name needs none.
fn smb_conf(
    dir: &Path,
    root: &Path,
    addr: SocketAddr,
    unix_user: &str,
    audited: bool,
) -> Result<String, (PathBuf, String)> {
    let path = |p: &Path| -> Result<String, (PathBuf, String)> {
        let refuse = |reason: &str| (p.to_owned(), reason.to_owned());
        let text = p
            .to_str()
            .ok_or_else(|| refuse("not UTF-8, which smb.conf needs"))?;
        if text.contains(['\n', '\r', '%']) || text.trim() != text {
            return Err(refuse(
                "Samba cannot share a path with a newline, `%` (a Samba macro) or edge spaces",
            ));
        }
        Ok(text.to_owned())
    };
    let d = path(dir)?;
    let root = path(root)?;
    // Into smbd's own output (the private `log/smbd.out`), not syslog: `AuditLog` reads it.
    let audit = if audited {
        format!(
            "    vfs objects = full_audit
    full_audit:prefix = {AUDIT_PREFIX}
    full_audit:success = {OPERATIONS}
    full_audit:failure = none
    full_audit:syslog = false
    full_audit:log_secdesc = false
"
        )
    } else {
        String::new()
    };
    Ok(format!(
        "# Written by mynakit for one run (docs/terminal.md, \"Sharing the folders over SMB\").
[global]
    config backend = file
    server role = standalone server
    workgroup = WORKGROUP
    netbios name = MYNAKIT
    disable netbios = yes
    smb ports = {port}
    interfaces = {ip}
    bind interfaces only = yes
    server min protocol = SMB2_02
    server signing = mandatory
    server smb encrypt = desired
    ntlm auth = ntlmv2-only
    map to guest = never
    restrict anonymous = 2
    passdb backend = tdbsam:{d}/private/passdb.tdb
    username map = {d}/usermap
    private dir = {d}/private
    lock directory = {d}/lock
    state directory = {d}/state
    cache directory = {d}/cache
    pid directory = {d}/pid
    ncalrpc dir = {d}/ncalrpc
    log file = {d}/log/smbd.log
    max log size = 1000
    log level = 1
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
    usershare max shares = 0
    host msdfs = no
    allow insecure wide links = no
    smb1 unix extensions = no
    smb2 leases = no
    rpc start on demand helpers = no
    idmap config * : backend = tdb
    idmap config * : range = 3000-7999

[{SHARE}]
    comment = mynakit 資格確認端末 (req, res, face)
    path = {root}
    valid users = {unix_user}
    guest ok = no
    read only = no
    browseable = yes
    follow symlinks = no
    wide links = no
    create mask = 0644
    directory mask = 0755
    map archive = no
    oplocks = no
    level2 oplocks = no
{audit}",
        port = addr.port(),
        ip = addr.ip(),
    ))
}

/// The root as Samba will see it: an existing directory, canonical (so that no symlink on the
/// way is followed later).
fn shareable_root(root: &Path) -> Result<PathBuf, ShareError> {
    let canonical = fs::canonicalize(root).map_err(|e| ShareError::Root {
        path: root.into(),
        reason: e.to_string(),
    })?;
    if !canonical.is_dir() {
        return Err(ShareError::Root {
            path: root.into(),
            reason: "not a directory".into(),
        });
    }
    Ok(canonical)
}

/// Checks that Samba's `full_audit` module is there: Debian ships it in `samba-vfs-modules`, not
/// in `samba`; without it smbd refuses every connection to the share (`NT_STATUS_BAD_NETWORK_NAME`).
/// A build that does not say where its modules are (`smbd -b`, `MODULESDIR`) is trusted.
fn full_audit_installed(smbd: &Path) -> Result<(), ShareError> {
    let out = Command::new(smbd).arg("-b").output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(dir) = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("MODULESDIR:"))
        .map(str::trim)
    else {
        return Ok(());
    };
    if Path::new(dir).join("vfs").join("full_audit.so").is_file() {
        return Ok(());
    }
    Err(ShareError::Missing {
        what: format!("Samba's full_audit module ({dir}/vfs/full_audit.so)"),
        package: "samba-vfs-modules",
    })
}

/// Checks that `addr:445` may be served: a specific local address, root, and the port free.
fn port_445(addr: IpAddr) -> Result<SocketAddr, ShareError> {
    if addr.is_unspecified() {
        return Err(ShareError::Unspecified { addr });
    }
    let socket = SocketAddr::from((addr, SMB_PORT));
    if !mynakit_reader::pcscd::is_root() {
        return Err(ShareError::NotRoot { addr });
    }
    match TcpListener::bind(socket) {
        Ok(listener) => {
            drop(listener);
            Ok(socket)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(ShareError::PortHeld {
            addr: socket,
            holder: other_smbd()
                .map(|pid| format!(", by smbd (pid {pid})"))
                .unwrap_or_default(),
        }),
        Err(e) => Err(ShareError::NotLocal {
            addr,
            reason: e.to_string(),
        }),
    }
}

/// The pid of an smbd this process did not start, if one runs (for the "port held" message).
fn other_smbd() -> Option<u32> {
    let me = std::process::id().to_string();
    fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let comm = fs::read_to_string(entry.path().join("comm")).ok()?;
        let stat = fs::read_to_string(entry.path().join("stat")).ok()?;
        let parent = stat[stat.rfind(')')? + 1..].split_whitespace().nth(1)?;
        (comm.trim() == "smbd" && parent != me).then_some(pid)
    })
}

/// A free loopback port above 1024 (smbd binds it a moment later).
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// The Unix user running mynakit: Samba maps [`USER`] to it, so files written through the share
/// belong to the same user as the terminal's.
fn unix_user() -> Result<String, ShareError> {
    let out = Command::new("id").arg("-un").output()?;
    let name = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() || name.is_empty() || name.contains(char::is_whitespace) {
        return Err(ShareError::Account {
            detail: format!(
                "cannot name this process's Unix user (`id -un`: {})",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    Ok(name)
}

/// 20 characters from 62 letters and digits (about 119 bits), from the kernel's generator.
fn generate_password() -> std::io::Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut random = fs::File::open("/dev/urandom")?;
    let mut password = String::new();
    let mut byte = [0u8; 1];
    while password.len() < 20 {
        std::io::Read::read_exact(&mut random, &mut byte)?;
        // 248 = 4 × 62: rejecting the rest keeps every character equally likely.
        if byte[0] < 248 {
            password.push(char::from(ALPHABET[usize::from(byte[0] % 62)]));
        }
    }
    Ok(password)
}

/// Adds the passdb entry with `pdbedit -t` (password twice on stdin, never on a command line).
fn add_user(
    pdbedit: &Path,
    conf: &Path,
    unix_user: &str,
    password: &str,
) -> Result<(), ShareError> {
    let mut child = Command::new(pdbedit)
        .arg("--configfile")
        .arg(conf)
        .args(["-a", "-u", unix_user, "-t"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(format!("{password}\n{password}\n").as_bytes())?;
    }
    let out = child.wait_with_output()?;
    if !out.status.success() {
        let detail = String::from_utf8_lossy(&out.stderr).replace(password, "***");
        return Err(ShareError::Account {
            detail: format!("{} ({})", detail.trim(), out.status),
        });
    }
    Ok(())
}

/// Creates `path` readable by its owner only, with `text`.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?
        .write_all(text.as_bytes())
}

/// `PATH`, then the sbin directories a non-login shell may lack (smbd is in `/usr/sbin`).
fn search_dirs() -> Vec<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .collect()
}

/// Finds smbd, pdbedit and setpriv in `dirs`; the error names the Debian package to install.
fn find_programs(dirs: &[PathBuf]) -> Result<Programs, ShareError> {
    let find = |name: &str, package: &'static str| {
        dirs.iter()
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
            .ok_or(ShareError::Missing {
                what: name.into(),
                package,
            })
    };
    Ok(Programs {
        smbd: find("smbd", "samba")?,
        pdbedit: find("pdbedit", "samba")?,
        setpriv: find("setpriv", "util-linux")?,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_config_shares_one_folder_and_nothing_else() {
        let conf = smb_conf(
            Path::new("/tmp/mynakit-smb-x"),
            Path::new("/srv/oqs"),
            SocketAddr::from(([127, 0, 0, 1], 44545)),
            "clinic",
            false,
        )
        .unwrap();
        assert!(!conf.contains("full_audit"), "{conf}");
        for line in [
            "smb ports = 44545",
            "interfaces = 127.0.0.1",
            "bind interfaces only = yes",
            "disable netbios = yes",
            "load printers = no",
            "map to guest = never",
            "follow symlinks = no",
            "wide links = no",
            "path = /srv/oqs",
            "valid users = clinic",
            "passdb backend = tdbsam:/tmp/mynakit-smb-x/private/passdb.tdb",
        ] {
            assert!(conf.contains(line), "{line} missing:\n{conf}");
        }
        let sections: Vec<&str> = conf.lines().filter(|l| l.starts_with('[')).collect();
        assert_eq!(sections, ["[global]", "[oqs]"], "no [homes], no [printers]");
        let err = smb_conf(
            Path::new("/tmp/x"),
            Path::new("/srv/100%U"),
            SocketAddr::from(([127, 0, 0, 1], 1)),
            "u",
            true,
        )
        .unwrap_err();
        assert_eq!(err.0, Path::new("/srv/100%U"));
        assert!(err.1.contains("`%`"), "{err:?}");
    }

    #[test]
    fn passwords_are_long_and_differ() {
        let a = generate_password().unwrap();
        let b = generate_password().unwrap();
        assert_eq!(a.len(), 20);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }

    #[test]
    fn missing_samba_names_the_package() {
        let empty = tempfile::tempdir().unwrap();
        let err = find_programs(&[empty.path().to_owned()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "smbd is missing: install the Debian package `samba` (apt-get install -y samba)"
        );
    }

    #[test]
    fn every_interface_is_refused() {
        let err = port_445("0.0.0.0".parse().unwrap()).unwrap_err();
        assert!(matches!(err, ShareError::Unspecified { .. }), "{err}");
    }
}
