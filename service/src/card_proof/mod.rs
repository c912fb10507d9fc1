//! The card's proof of a card check: the single-use challenge (`challenge`), the card's auth
//! certificate and its chain to the 利用者証明用 CA (`certificate`, parsed and verified once per
//! certificate in `certificate_cache`), and the proof read from a request's fields and checked
//! in order (`proof`; `docs/service.md`, "Card check"), and the request bodies that carry it
//! (`request`).

pub(crate) mod certificate;
pub(crate) mod certificate_cache;
pub(crate) mod challenge;
pub(crate) mod proof;
pub(crate) mod request;
