//! The decoded run: what every check reads. `catalogue::evaluate` decodes a run's timeline once
//! into a [`Run`] (`events`: APDUs with their command, status word and card context, reader and
//! file actions as enums, protocol lines and HTTP exchanges decoded) and hands it to every check
//! by reference; the HTML report reads the same [`Run`]. Beside it, the readings several families
//! share: `answer` (the answer this client got, in either role), `folder` (the 資格確認端末
//! folder's files, requests and answers), `said` (the fallbacks the client offered and the fields it showed), `certificate` (the auth certificate as the card
//! answered it) and `claim` (the visit's claim as `XML-claim-record` and the `UKE-` checks word
//! it).
//! It sits below the checks' vocabulary (`check`) and reads nothing above it.

pub(crate) mod answer;
mod certificate;
pub(crate) mod claim;
mod events;
pub(crate) mod folder;
mod pin_key;
mod said;

pub(crate) use certificate::CertificateRead;
pub(crate) use events::*;
pub use events::{Apdu, Exchange, Run, Step};
pub use pin_key::{Df, PinKey};
pub(crate) use said::{fallbacks, place_ja, shown_fields, shown_fields_said};
