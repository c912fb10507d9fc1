//! Virtual cards that really sign, behind a small HTTP API, so that a load
//! engine (Locust, k6, JMeter, wrk) can make PIN-mode card proofs for thousands of card holders
//! against a vendor's own server (`docs/performance.md`, "Virtual cards for load tests").
//!
//! A card here is its 利用者証明用 key and certificate: "sign this challenge" is what the card's
//! `80 2A 00 97` returns after VERIFY of the 利用者証明用 PIN when the client sends
//! `DigestInfo(SHA-256(challenge))` (RSASSA-PKCS1-v1_5 SHA-256, `docs/card.md`, "Signature"),
//! made by the emulator's own key code ([`mynakit_emulator::CardKey`], OpenSSL's RSA). The cards are either
//! generated ([`mynakit_fixtures::generated`]: a deterministic JPKI-TEST PKI) or the fixture
//! personas' own cards.
//!
//! The API (JSON unless said otherwise; an error is `{"error": "…"}` with a 4xx status):
//!
//! | request | answer |
//! |---|---|
//! | `GET /cards` | `{"count": N, "cards": [{"index", "id", "auth_serial"}, …]}` |
//! | `GET /cards/{i}` | `{"index", "id", "auth_serial", "certificate"}` (DER, standard base64) |
//! | `GET /cards/{i}/certificate` | the certificate, DER (`application/pkix-cert`) |
//! | `POST /cards/{i}/sign` `{"challenge": base64}` | `{"signature": base64, "algorithm": "RSASSA-PKCS1-v1_5-SHA256"}` |
//!
//! On loopback (the default) anyone on the machine may ask, as before. Listening beyond loopback
//! hands signatures to a network, so every request must then carry the [`AccessToken`] made at
//! start-up (`Authorization: Bearer …`), or it is answered 401 (`docs/security.md`,
//! "`mynakit cards serve`").
//!
//! `mynakit cards serve` is the command line over this crate; a load test written in Rust can
//! serve the cards itself:
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use mynakit_load_cards::{router, CardSet};
//! use mynakit_fixtures::Fixtures;
//!
//! let fixtures = Fixtures::bundled();
//! // 100 cards copying the persona "employee", sharing 8 RSA keys.
//! let set = Arc::new(CardSet::generated(&fixtures, "employee", 100, 8)?);
//! let api = router(set, None); // an axum Router; `mynakit_load_cards::serve` serves it
//! # let _ = api;
//! # Ok::<(), mynakit_load_cards::CardsError>(())
//! ```

mod http;
mod set;

pub use http::{needs_token, router, serve, AccessToken, ALGORITHM, MAX_CHALLENGE};
pub use set::{CardSet, CardsError, SignRefused, VirtualCard};
