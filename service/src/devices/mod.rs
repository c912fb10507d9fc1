//! The devices of the マイナ資格確認アプリ world: the facility's accounts ([`accounts`]),
//! activation codes and activated devices ([`activation`]), device registration through the
//! portal for a facility with no 資格確認端末 ([`portal`]), and their HTTP handlers (`api`;
//! `docs/device-setup.md`).

pub mod accounts;
pub mod activation;
pub(crate) mod api;
pub mod portal;
