//! Care settings (`docs/care-settings.md`): the model and its rules ([`settings`]) and their
//! HTTP handlers (`api`).

pub(crate) mod api;
pub mod settings;
