//! What the check of a device-signed request reads and changes of the service it runs in: the
//! signature window, the activated devices, the public scheme and the replay cache.
//!
//! The caller passes it explicitly (the service's state implements it), so the check depends on
//! no HTTP and no state (`docs/architecture.md`, "The service in layers").

use std::sync::MutexGuard;

use crate::devices::activation::Devices;
use crate::signatures::replay::ReplayCache;

/// The service, as the check of a device signature sees it.
pub trait SignatureContext {
    /// How far, in seconds, a signature's `created` may be from now (a setting).
    fn signature_window_secs(&self) -> u64;

    /// Accounts, activation codes and devices, locked.
    fn devices(&self) -> MutexGuard<'_, Devices>;

    /// `https`, or `http` with `--plain-http` (for `@scheme` / `@target-uri`).
    fn public_scheme(&self) -> &'static str;

    /// Device signatures and nonces seen within the signature window.
    fn replays(&self) -> &ReplayCache;
}
