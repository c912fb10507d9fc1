//! What `SVC-ambulance-unread` says (`docs/emergency.md`, "The tablet's flow"), in English and
//! Japanese.

use crate::reason::Reason;
use crate::run::Apdu;

pub(in crate::svc) use super::ambulance::not_ambulance;

/// The patient did not refuse (consented, could not consent, or was never asked).
pub(in crate::svc) fn no_refusal() -> Reason {
    Reason::new(
        "the patient did not refuse the medical-information consent: what the tablet read is \
         not this check's",
        "傷病者は医療情報の閲覧への同意を拒んでいない: タブレットが何を読んだかはこのチェックの対象外",
    )
    .message("svc/ambulance-unread-no-refusal")
}

/// `read` reached the card of a patient who refused.
pub(in crate::svc) fn read_after_all(read: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "the patient refused (consent medical-information answered no), but the tablet \
             read their card: {} {}",
            read.place(),
            read.name()
        ),
        format!(
            "傷病者が同意しなかった (consent medical-information に「いいえ」) のに、タブレットが\
             そのカードを読み取った: {} {}",
            read.place(),
            read.name_ja()
        ),
    )
    .message("svc/ambulance-unread-read")
    .cite(read)
}

/// The patient refused and nothing of their card was read.
pub(in crate::svc) fn card_unread() -> Reason {
    Reason::new(
        "the patient refused, and nothing of their card was read",
        "傷病者が同意せず、そのカードからは何も読み取っていない",
    )
    .message("svc/ambulance-unread-kept")
}
