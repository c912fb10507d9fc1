//! The relying party's server's accounts file (`MYNAKIT_RP_ACCOUNTS`, `docs/relying-party.md`),
//! which a かざし (flow `pin-less`) and a 現況確認 (flow `status-check`) both read: a JSON array
//! of objects, each flow taking the keys it knows.

use std::path::{Path, PathBuf};

use mynakit_protocol::Outcome;

use crate::screen::Screen;

/// Largest accounts file read.
const MAX_ACCOUNTS_FILE: u64 = 1 << 20;

/// Why the server's accounts file does not read.
#[derive(Debug, thiserror::Error)]
pub(super) enum AccountsError {
    /// The file cannot be opened or read.
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Not JSON.
    #[error("{}: {source}", path.display())]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    /// JSON, but not an array of accounts: the place named (`[0].birth_date`).
    #[error("{}: {place} is not {what}", path.display())]
    Shape {
        path: PathBuf,
        place: String,
        what: &'static str,
    },
}

/// What the staff see when the server's accounts do not read: the check cannot be made.
pub(super) fn unreadable(why: &AccountsError) -> Screen {
    Screen::outcome(
        Outcome::ServiceError,
        format!("利用者情報を読めません: {why}"),
    )
}

/// The accounts of the file at `path`, each a JSON object as written.
pub(super) fn read(path: &Path) -> Result<Vec<serde_json::Value>, AccountsError> {
    use std::io::Read as _;
    let read = |source| AccountsError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut text = String::new();
    std::fs::File::open(path)
        .map_err(read)?
        .take(MAX_ACCOUNTS_FILE)
        .read_to_string(&mut text)
        .map_err(read)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|source| AccountsError::Json {
            path: path.to_path_buf(),
            source,
        })?;
    match value {
        serde_json::Value::Array(list) => Ok(list),
        _ => Err(AccountsError::Shape {
            path: path.to_path_buf(),
            place: "the file".to_owned(),
            what: "a JSON array",
        }),
    }
}

/// The string `name` of the `i`th account `account` of the file at `path`.
pub(super) fn string(
    path: &Path,
    account: &serde_json::Value,
    i: usize,
    name: &str,
) -> Result<String, AccountsError> {
    account[name]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| AccountsError::Shape {
            path: path.to_path_buf(),
            place: format!("[{i}].{name}"),
            what: "a string",
        })
}

/// The moment `name` of the `i`th account `account` of the file at `path`, in RFC 3339; `None`
/// when the account has no such key.
pub(super) fn optional_time(
    path: &Path,
    account: &serde_json::Value,
    i: usize,
    name: &str,
) -> Result<Option<time::OffsetDateTime>, AccountsError> {
    let Some(value) = account.get(name) else {
        return Ok(None);
    };
    value
        .as_str()
        .and_then(|text| {
            time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
        })
        .map(Some)
        .ok_or_else(|| AccountsError::Shape {
            path: path.to_path_buf(),
            place: format!("[{i}].{name}"),
            what: "an RFC 3339 date-time",
        })
}
