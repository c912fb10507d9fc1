//! The HTTP API: the public routes ([`api`]) and the admin routes ([`admin`]), the router that
//! lists what it serves ([`routes`]), the layers around them (`layers`: journal, catch-panic,
//! faults, device signatures), the problem documents a refused request gets (`problem`, with
//! `redact`, which keeps a sent value out of them), and starting and serving both ports (`serve`,
//! its errors in `error`) through `mynakit_listener`. Everything below this folder answers in
//! values; only here do they become HTTP (`docs/service.md`).

pub mod admin;
pub mod api;
pub(crate) mod care;
pub(crate) mod devices;
pub(crate) mod domain_errors;
pub(crate) mod eligibility;
pub(crate) mod layers;
pub(crate) mod problem;
pub(crate) mod proof_request;
pub mod routes;
pub(crate) mod serve;
