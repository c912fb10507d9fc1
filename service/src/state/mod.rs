//! One service instance: its start-up configuration and settings ([`config`]), the service data
//! a scenario loads ([`data`]), and the shared state every handler is passed (`app`:
//! `AppState`, re-exported at the crate root).

pub(crate) mod app;
pub mod config;
pub mod data;
