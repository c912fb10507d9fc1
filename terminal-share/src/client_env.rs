//! The variables that tell a client (a レセコン under `mynakit run --terminal-share smb`) where
//! the terminal's share is and how to log in (`docs/client-protocol.md`, "Environment";
//! `docs/terminal.md`, "The share in a run").

use crate::Share;

// The variables' names, once in the client protocol's vocabulary (`mynakit_protocol::env`).
use mynakit_protocol::env::{
    TERMINAL_SMB_AUTH_FILE, TERMINAL_SMB_PASSWORD, TERMINAL_SMB_URL, TERMINAL_SMB_USER,
};

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
            TERMINAL_SMB_URL.to_owned(),
            format!("smb://{host}:{}/{}", addr.port(), crate::SHARE),
        ),
        (TERMINAL_SMB_USER.to_owned(), crate::USER.to_owned()),
        (TERMINAL_SMB_PASSWORD.to_owned(), share.password()?),
        (
            TERMINAL_SMB_AUTH_FILE.to_owned(),
            share.credentials_file().display().to_string(),
        ),
    ])
}
