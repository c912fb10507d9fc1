//! The 資格確認端末's folders as an SMB share (`\\host\oqs`), served by a private Samba `smbd`
//! that mynakit starts and stops.
//!
//! In a clinic the terminal shares `req`, `res` and `face` with the レセコン PC over the LAN; a
//! Windows レセコン maps the share and never sees a local folder. [`Share::start`] runs Debian's
//! `smbd` from a temporary directory of its own (`mynakit-smb-*`: config, passdb, private, lock,
//! state, cache, pid and log directories): it reads no system Samba config (`-s` names ours) and
//! writes nothing outside that directory. The share's one user ([`USER`]) gets a password
//! generated at each start, kept only in two 0600 files in that directory (never printed, logged
//! or traced): [`Share::password_file`] for `net use`, [`Share::credentials_file`] for `smbclient
//! -A`. Readiness is polled (smbd accepting on its address), never slept for; dropping the
//! [`Share`] kills and reaps smbd (its helpers follow their parent) and removes the directory,
//! and directories left by owners that died are removed by the next start
//! ([`mynakit_reader::leftovers`]). Step by step, and the security notes: `docs/terminal.md`,
//! "Sharing the folders over SMB".
//!
//! The share is a tool of its own: `mynakit terminal --smb` and `mynakit serve --terminal DIR
//! --smb` start one beside the terminal, and a test can start one around any folder.
//!
//! ```no_run
//! use std::path::Path;
//!
//! use mynakit_terminal_share::{Share, ShareConfig};
//!
//! // Loopback on a free high port; `ShareConfig { listen: Some(ip) }` serves port 445 (root).
//! let share = Share::start(Path::new("/srv/oqs"), &ShareConfig::default())?;
//! for line in share.describe() {
//!     println!("{line}"); // where to connect, the user, and the file holding the password
//! }
//! let args = share.smbclient_args(); // `smbclient` arguments that log in through the share
//! # let _ = args;
//! drop(share); // smbd is stopped and its directory removed
//! # Ok::<(), mynakit_terminal_share::ShareError>(())
//! ```

mod audit;
mod client_env;
mod listening;
mod share;

pub use audit::{AuditLog, AuditOp, AuditRecord};
pub use client_env::client_env;
pub use share::{Share, ShareConfig, ShareError, SHARE, SMB_PORT, USER};
