//! The ISO 7816-4 command/response codec: cases 1–4, short and extended lengths. It lives in
//! `mynakit-apdu`, the workspace's one APDU vocabulary; re-exported here so that the card's
//! callers (benches, the fuzz target) keep their paths.

pub(crate) use mynakit_apdu::{response, Command, DecodeError, Le};
