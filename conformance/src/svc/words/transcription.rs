//! What `SVC-transcription-fields` says (`docs/care-settings.md#jusei-ahaki-柔整あはき-施術所`).

use super::shown::place;
use crate::reason::Reason;
use crate::run::answer::{self, Answer};

/// Not a 柔整・あはき 施術所.
pub(in crate::svc) fn not_jusei_ahaki() -> Reason {
    Reason::new("not a 柔整・あはき 施術所", "柔整・あはきの施術所ではない")
        .message("svc/transcription-not-jusei-ahaki")
}

/// No answer to judge.
pub(in crate::svc) fn no_answer() -> Reason {
    Reason::new(answer::NO_ANSWER, answer::NO_ANSWER_JA).message("svc/transcription-no-answer")
}

/// The last answer `a` confirmed no valid qualification.
pub(in crate::svc) fn not_covered(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "the last answer ({}) did not confirm a valid qualification: nothing to transcribe",
            a.describe()
        ),
        format!(
            "最後の回答 ({}) は有効な資格を確認していない: 転記するものがない",
            a.describe_ja()
        ),
    )
    .message("svc/transcription-not-covered")
    .cite(place(a))
}

/// The last answer `a` is 医療扶助.
pub(in crate::svc) fn medical_assistance(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "the last answer ({}) is 医療扶助: its 施術 is claimed to the 福祉事務所 with the \
             施術券, not on a 療養費支給申請書 (SVC-treatment-ticket-shown)",
            a.describe()
        ),
        format!(
            "最後の回答 ({}) は医療扶助: その施術は療養費支給申請書ではなく施術券で福祉事務所に\
             請求する (SVC-treatment-ticket-shown)",
            a.describe_ja()
        ),
    )
    .message("svc/transcription-medical-assistance")
    .cite(place(a))
}

/// The result carries the `held` fields of `a` as it gave them.
pub(in crate::svc) fn carried(held: usize, a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "the result carries the {held} field(s) of the 療養費支給申請書 the answer holds ({}), \
             as the answer gave them",
            a.describe()
        ),
        format!(
            "結果は、回答 ({}) にある療養費支給申請書の項目 {held} 個を回答のとおりに含む",
            a.describe_ja(),
        ),
    )
    .message("svc/transcription-carried")
    .count("fields", held)
    .cite(place(a))
}

/// `a` confirmed a qualification to transcribe.
pub(in crate::svc) fn confirmed(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "{} confirmed a qualification for the 療養費支給申請書",
            a.describe()
        ),
        format!(
            "{} は療養費支給申請書のための資格を確認した",
            a.describe_ja()
        ),
    )
    .message("svc/transcription-confirmed")
    .cite(place(a))
}
