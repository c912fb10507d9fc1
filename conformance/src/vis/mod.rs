//! 目視確認 (visual mode, `VIS-`): the duties a PIN-less confirmation puts on the app and the
//! staff (`docs/client-protocol.md`, "目視確認 (visual mode)"; `docs/conformance.md`,
//! "目視確認 (visual mode)").

mod visual;
mod words;

pub(crate) use visual::{CardRead, NoPin, PhotoBeforeResult};
