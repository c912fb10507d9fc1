//! mynakit's mock オンライン資格確認 eligibility service: a **model** of the card-check web API of
//! the 資格確認限定型 / マイナ資格確認アプリ world (the real API is not public), answering with
//! OQS-shaped results.
//!
//! A client fetches a challenge, has the virtual (or any JPKI-TEST) card sign it, and posts the
//! auth certificate plus signature (PIN mode) or the certificate alone (visual/face mode). The
//! service checks the chain, validity (with the eligibility grace period), revocation, signature
//! and challenge, resolves serial → registration → person → qualification on a scenario clock,
//! and answers with `XmlMsg` as JSON or XML. Faults, the clock, data and the journal are driven
//! through a separate admin port. Everything is documented in `docs/service.md`.
//!
//! The modules sit in one folder per concept, in three layers (`docs/architecture.md`, "The
//! service in layers"): the domains, which know nothing of HTTP or of the shared state —
//! [`signatures`] (device request signatures, both sides), `card_proof` (the card's proof),
//! [`devices`] (accounts, activation, the portal), [`eligibility`] (records, registration, the
//! card check, answers, history), [`care`] (care settings), and [`fault`], the journal and
//! `redact`, one file each —; above them [`state`] (configuration, service data, the shared
//! state, and that state as each domain's context); above that [`http`] (the public and admin
//! API: each domain's handlers and routes, its layers, problem documents, serving).
//!
//! Both ports are served through [`mynakit_listener`], the one HTTP listener of mynakit, with
//! its rule for slow peers and for stopping (`docs/security.md`, "HTTP listeners").
//!
//! ```no_run
//! # async fn demo() -> Result<(), mynakit_service::ServeError> {
//! let config = mynakit_service::ServiceConfig { port: 0, admin_port: 0, ..Default::default() };
//! let running = mynakit_service::start(&config, None).await?;
//! println!("public {} admin {}", running.public_url(), running.admin_url());
//! running.stop().await;
//! # Ok(()) }
//! ```

mod card_proof;
pub mod care;
pub mod devices;
pub mod eligibility;
pub mod fault;
pub mod http;
mod journal;
pub mod nonce;
mod redact;
pub mod revocation;
pub mod signatures;
pub mod state;

pub use card_proof::proof::TokenKind;
pub use http::problem::{ApiError, MAX_ADMIN_BODY, MAX_BODY};
pub use http::serve::{
    serve, start, start_preloaded, start_with, tls_config, RunningService, ServiceFixtures,
};
pub use state::app::AppState;
pub use state::config::{ServiceConfig, Settings, SettingsPatch};
pub use state::error::{ServeError, TlsError};
