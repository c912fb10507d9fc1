//! mynakit's own revocation service for the test CAs (`docs/revocation.md`): an OCSP responder
//! (RFC 6960, POST and GET) and a CRL per CA (RFC 5280), answering from the personas'
//! revocations, with faults a relying party must survive.
//!
//! The message shapes are the RFCs'; the URLs, the validity periods and the CA signing its own
//! answers are mynakit's model, since J-LIS's revocation profile is disclosed only on
//! application. The service's HTTP layer serves it (`docs/architecture.md`, "The service in
//! layers": a domain names nothing above it).

mod answered;
mod crl;
mod der;
mod error;
mod fault;
mod ocsp;
mod reason;
mod registry;
mod request;
mod responder;

pub use answered::{Answered, OnAnswer, Says};
pub use error::RevocationError;
pub use fault::CRL_BEHIND;
pub use ocsp::{ResponseStatus, BACKDATE, VALIDITY};
pub use reason::Reason;
pub use registry::{Registry, Status};

pub use crl::CRL_VALIDITY;
pub use responder::Responder;
