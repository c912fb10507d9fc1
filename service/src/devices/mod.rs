//! The devices of the マイナ資格確認アプリ world: the facility's accounts ([`accounts`]),
//! activation codes and activated devices ([`activation`]), and device registration through the
//! portal for a facility with no 資格確認端末 ([`portal`]; `docs/device-setup.md`). Their HTTP
//! handlers are in `http`'s `devices`.

pub mod accounts;
pub mod activation;
pub mod portal;
