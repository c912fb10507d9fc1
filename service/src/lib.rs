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

pub mod accounts;
pub mod admin;
mod answer;
pub mod api;
pub mod care;
mod care_api;
mod certificate;
mod certificate_cache;
mod challenge;
pub mod config;
pub mod confirm;
mod content_digest;
pub mod data;
mod device_api;
pub mod device_auth;
pub mod devices;
mod error;
pub mod fault;
mod history;
pub mod httpsig;
mod journal;
pub mod kenshin_id;
mod layers;
pub mod portal;
mod problem;
mod proof;
mod records;
mod redact;
mod registration;
mod replay;
pub mod routes;
mod serve;
pub mod signer;
mod state;
pub mod structured_fields;

pub use config::{ServiceConfig, Settings, SettingsPatch};
pub use error::{ServeError, TlsError};
pub use problem::{ApiError, MAX_ADMIN_BODY, MAX_BODY};
pub use proof::TokenKind;
pub use serve::{
    serve, start, start_preloaded, start_with, tls_config, RunningService, ServiceFixtures,
};
pub use state::AppState;
