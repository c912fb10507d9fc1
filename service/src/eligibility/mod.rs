//! Eligibility answers: the records behind them (`records`: serial → registration → person →
//! qualification), 保険証利用登録 (`registration`), the card check itself ([`confirm`]), the OQS
//! answer of a check (`answer`), the facility's past confirmations (`history`), the 健診
//! facilities' own identities ([`kenshin_id`]; `docs/service.md`, `docs/kenshin.md`), and what
//! a check reads of the service it runs in ([`context`]). Their HTTP handlers are in `http`'s
//! `eligibility`.

pub(crate) mod answer;
pub mod confirm;
pub mod context;
pub(crate) mod history;
pub mod kenshin_id;
pub(crate) mod records;
pub(crate) mod registration;
