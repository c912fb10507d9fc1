//! The decoded run: what every check reads. `catalogue::evaluate` decodes a run's timeline once
//! into a [`Run`] (`decoded`: one [`Step`] per event, `step`) and hands it to every check by
//! reference; the HTML report reads the same [`Run`]. Its vocabularies, one a module, by layer:
//! `apdu` (a command/response pair with the card context it was sent in, `card_context`),
//! `reader` (reader events), `exchange` (an HTTP exchange with the mock service), `oqs` (what an
//! OQS answer says), `dialogue` (the client protocol's asks and answers); `encoding` (hex and
//! base64 as the timeline and clients write them) and `text` (times and counts in verdict texts)
//! serve them all; `harness_facts` reads the facts the harness noted. Beside it, the readings several families
//! share: `answer` (the answer this client got, in either role), `folder` (the 資格確認端末
//! folder's files, requests and answers), `said` (the fallbacks the client offered and the fields it showed), `certificate` (the auth certificate as the card
//! answered it) and `claim` (the visit's claim as `XML-claim-record` and the `UKE-` checks word
//! it).
//! It sits below the checks' vocabulary (`check`) and reads nothing above it.

pub(crate) mod answer;
mod apdu;
mod card_context;
mod certificate;
pub(crate) mod claim;
mod decoded;
mod dialogue;
mod encoding;
mod exchange;
pub(crate) mod folder;
mod harness_facts;
mod oqs;
mod pin_key;
mod reader;
mod said;
mod step;
mod text;
mod visit;
pub(crate) mod words;

pub(crate) use certificate::CertificateRead;
pub(crate) use dialogue::{answer_id, answers, is_qualification, photo_answer};
pub(crate) use encoding::{base64, hex_bytes};
pub(crate) use exchange::SLOW_US;
pub(crate) use oqs::Oqs;
pub use pin_key::{Df, PinKey};
pub(crate) use reader::set_tries;
pub(crate) use said::{fallbacks, shown_fields_said};
pub(crate) use text::{at, count, secs};
pub(crate) use visit::{visit_at, visit_end_us, visit_ends, visit_starts, visit_steps};
pub use {apdu::Apdu, decoded::Run, exchange::Exchange, step::Step};
