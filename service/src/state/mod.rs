//! One service instance: its start-up configuration and settings ([`config`]), the service data
//! a scenario loads ([`data`]), the shared state every handler is passed (`app`: `AppState`,
//! re-exported at the crate root), that state as each domain's rules see it (`contexts`), and
//! the errors that stop the service from starting (`error`).

pub(crate) mod app;
pub mod config;
mod contexts;
pub mod data;
pub(crate) mod error;
