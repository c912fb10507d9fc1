//! The card's proof of a card check: the single-use challenge (`challenge`), the card's auth
//! certificate and its chain to the 利用者証明用 CA (`certificate`, parsed and verified once per
//! certificate in `certificate_cache`), and the proof checked in order (`proof`; `docs/service.md`,
//! "Card check") against what the service knows (`context`). The request bodies that carry a
//! proof are read in `http`'s `proof_request`.

pub(crate) mod certificate;
pub(crate) mod certificate_cache;
pub(crate) mod challenge;
pub(crate) mod context;
pub(crate) mod proof;
