//! The HTTP API: the public routes ([`api`]) and the admin routes ([`admin`]), the router that
//! lists what it serves ([`routes`]), each domain's handlers in a file named after it
//! (`eligibility`, `devices`, `care`, each declaring its routes with `public_routes()`, and
//! `admin_routes()` for devices), the proof fields of a request body (`proof_request`), the
//! layers around the routes (`layers`: journal, catch-panic, faults, device signatures), the
//! problem documents a refused request gets (`problem`), with the one place a domain's error
//! becomes one (`domain_errors`), and starting and serving both ports (`serve`) through
//! `mynakit_listener`. Everything below this folder answers in values; only here do they become
//! HTTP (`docs/service.md`).

pub mod admin;
pub mod api;
pub(crate) mod care;
pub(crate) mod devices;
pub(crate) mod domain_errors;
pub(crate) mod eligibility;
pub(crate) mod layers;
pub mod nonce;
pub(crate) mod problem;
pub(crate) mod proof_request;
pub mod revocation;
pub mod routes;
pub(crate) mod serve;
