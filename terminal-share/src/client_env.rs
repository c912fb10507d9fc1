//! The variables that tell a client (a レセコン under `mynakit run --terminal-share smb`) where
//! the terminal's share is and how to log in (`docs/client-protocol.md`, "Environment";
//! `docs/terminal.md`, "The share in a run").

use crate::Share;

/// `smb://HOST:PORT/oqs`: the share holding `req`, `res` and `face` (smbclient:
/// `//HOST/oqs -p PORT`; Windows: `\\HOST\oqs` on port 445 only).
pub const ENV_SMB_URL: &str = "MYNAKIT_TERMINAL_SMB_URL";
/// The SMB user name ([`crate::USER`]).
pub const ENV_SMB_USER: &str = "MYNAKIT_TERMINAL_SMB_USER";
/// The SMB password, new for each share; never printed or kept by mynakit.
pub const ENV_SMB_PASSWORD: &str = "MYNAKIT_TERMINAL_SMB_PASSWORD";
/// An `smbclient -A` file (mode 0600) with the user and the password, so that a client using
/// smbclient need not put the password on a command line.
pub const ENV_SMB_AUTH_FILE: &str = "MYNAKIT_TERMINAL_SMB_AUTH_FILE";

/// The variables of a client of `share`, in this order: URL, user, password, auth file.
///
/// # Errors
///
/// The share's password file cannot be read.
pub fn client_env(share: &Share) -> std::io::Result<Vec<(String, String)>> {
    let addr = share.addr();
    let host = match addr.ip() {
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        std::net::IpAddr::V4(ip) => ip.to_string(),
    };
    Ok(vec![
        (
            ENV_SMB_URL.to_owned(),
            format!("smb://{host}:{}/{}", addr.port(), crate::SHARE),
        ),
        (ENV_SMB_USER.to_owned(), crate::USER.to_owned()),
        (ENV_SMB_PASSWORD.to_owned(), share.password()?),
        (
            ENV_SMB_AUTH_FILE.to_owned(),
            share.credentials_file().display().to_string(),
        ),
    ])
}
