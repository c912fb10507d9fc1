//! What `UKE-share` says: RE's レセプト種別 and 給付割合 against the share the answer gives
//! (`docs/uke.md`, "The claim file in a run").

use mynakit_uke::Insured;

use crate::reason::Reason;

/// The answer at `answer` is no covered 医療保険 visit.
pub(in crate::uke) fn no_insurance(answer: &str) -> Reason {
    Reason::new(
        format!("the answer {answer} is not a covered 医療保険 visit: no insurer's share to claim"),
        format!("回答 {answer} は資格のある医療保険の受診ではない: 請求する保険者の負担がない"),
    )
    .message("uke/share-no-insurance")
}

/// The share the answer gives: `percent` for a patient of 70 or over, or none.
pub(in crate::uke) fn answered(share: Option<u8>) -> Reason {
    match share {
        Some(percent) => Reason::new(
            format!("a share of {percent} % for a patient of 70 or over"),
            format!("70歳以上の患者の負担 {percent} %"),
        )
        .count("share", percent),
        None => Reason::new("no 高齢受給者 or 後期 share", "高齢受給者・後期の負担なし"),
    }
}

/// The claim states the answer's share (`said`), as the verdict's context.
pub(in crate::uke) fn states(said: &Reason) -> (String, String) {
    (
        format!(" states the answer's share, {said},"),
        format!(
            " は回答の負担 ({}) を記している",
            said.ja().unwrap_or_default()
        ),
    )
}

/// What the answer `said`, as the verdict's context.
pub(in crate::uke) fn context(said: &Reason) -> (String, String) {
    (
        format!(" ({said})"),
        format!(" ({})", said.ja().unwrap_or_default()),
    )
}

/// The 返戻 a wrong share predicts.
pub(in crate::uke) const RETURNED: &str = "資格関係の誤り, 給付割合";

/// RE (`at`)'s レセプト種別 `kind` is not in the 別表.
pub(in crate::uke) fn unknown_kind((at, at_ja): (&str, &str), kind: &str) -> Reason {
    Reason::new(
        format!("RE ({at}) レセプト種別 {kind:?} is not in the 別表"),
        format!("RE ({at_ja}) のレセプト種別 {kind:?} は別表にない"),
    )
    .message("uke/share-unknown-kind")
    .code("kind", kind)
}

/// RE (`at`)'s レセプト種別 `kind` is of 公費 alone.
pub(in crate::uke) fn public_alone((at, at_ja): (&str, &str), kind: &str) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) レセプト種別 {kind} is of 公費 alone, yet the answer is the insurance's"
        ),
        format!(
            "RE ({at_ja}) のレセプト種別 {kind} は公費単独のものだが、回答は医療保険のものである"
        ),
    )
    .message("uke/share-public-alone")
    .code("kind", kind)
}

/// A class of insured as English names it.
fn name(i: Insured) -> &'static str {
    match i {
        Insured::Principal | Insured::Preschool | Insured::Family => "本人・家族 (under 70)",
        Insured::ElderlyGeneral => "高齢受給者 一般・低所得者",
        Insured::ElderlySeventy => "高齢受給者 7割",
    }
}

/// [`name`] in Japanese.
fn name_ja(i: Insured) -> &'static str {
    match i {
        Insured::Principal | Insured::Preschool | Insured::Family => "本人・家族 (70歳未満)",
        other => name(other),
    }
}

/// RE (`at`)'s レセプト種別 `kind` says `claimed`, the share of `percent` % another class.
pub(in crate::uke) fn other_class(
    (at, at_ja): (&str, &str),
    kind: &str,
    claimed: Insured,
    percent: u8,
) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) レセプト種別 {kind} says {}, but the share of {percent} % makes it {}",
            name(claimed),
            name(Insured::elderly(percent))
        ),
        format!(
            "RE ({at_ja}) のレセプト種別 {kind} は{}だが、負担 {percent} % なら{}である",
            name_ja(claimed),
            name_ja(Insured::elderly(percent))
        ),
    )
    .message("uke/share-other-class")
    .code("kind", kind)
    .count("share", percent)
}

/// RE (`at`)'s レセプト種別 `kind` says an elderly class `claimed`, the answer none.
pub(in crate::uke) fn not_elderly(
    (at, at_ja): (&str, &str),
    kind: &str,
    claimed: Insured,
) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) レセプト種別 {kind} says {}, but the answer gives no 高齢受給者 or 後期 share",
            name(claimed)
        ),
        format!(
            "RE ({at_ja}) のレセプト種別 {kind} は{}だが、回答に高齢受給者・後期の負担がない",
            name_ja(claimed)
        ),
    )
    .message("uke/share-not-elderly")
    .code("kind", kind)
}

/// RE (`at`)'s レセプト種別 `kind` is no 未就学者's, yet the answer's child is.
pub(in crate::uke) fn not_preschool((at, at_ja): (&str, &str), kind: &str) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) レセプト種別 {kind} is not of a 未就学者, but PreschoolClassification is 1 \
             (未就学: 2割): the claim charges the family's 3割"
        ),
        format!(
            "RE ({at_ja}) のレセプト種別 {kind} は未就学者のものではないが、\
             PreschoolClassification は 1 (未就学: 2割): レセプトは家族の 3割で請求している"
        ),
    )
    .message("uke/share-not-preschool")
    .code("kind", kind)
}

/// RE (`at`)'s レセプト種別 `kind` is a 未就学者's, the answer's not.
pub(in crate::uke) fn preschool((at, at_ja): (&str, &str), kind: &str) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) レセプト種別 {kind} is of a 未就学者, but the answer has no \
             PreschoolClassification 1"
        ),
        format!(
            "RE ({at_ja}) のレセプト種別 {kind} は未就学者のものだが、回答に \
             PreschoolClassification 1 がない"
        ),
    )
    .message("uke/share-preschool")
    .code("kind", kind)
}

/// RE (`at`)'s 給付割合 `written` is not `due` for a share of `percent` %.
pub(in crate::uke) fn other_ratio(
    (at, at_ja): (&str, &str),
    written: u16,
    percent: u8,
    due: u16,
) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) 給付割合 is {written}, but the answer's share of {percent} % makes it {due}"
        ),
        format!(
            "RE ({at_ja}) の給付割合は {written} だが、回答の負担 {percent} % なら {due} である"
        ),
    )
    .message("uke/share-other-ratio")
    .count("written", written)
    .count("share", percent)
    .count("due", due)
}

/// A 国保 claim (RE at `at`) writes no 給付割合, `due` for a share of `percent` %.
pub(in crate::uke) fn no_ratio((at, at_ja): (&str, &str), percent: u8, due: u16) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) has no 給付割合, which a 国保 claim writes ({due} for a share of {percent} %)"
        ),
        format!(
            "RE ({at_ja}) に給付割合がない。国保のレセプトは記載する (負担 {percent} % なら {due})"
        ),
    )
    .message("uke/share-no-ratio")
    .count("share", percent)
    .count("due", due)
}

/// No user of the run's consent imports has a covered 医療保険 claim in the station's `path`.
pub(in crate::uke) fn station_no_user(path: &str) -> Reason {
    Reason::new(
        format!(
            "no user of the run's 居宅 consent imports (OQSmuhvq02) has a 医療保険 claim in {path} \
             whose share to judge"
        ),
        format!(
            "実行の居宅同意の取り込み (OQSmuhvq02) の利用者に、{path} で負担を確かめる医療保険の\
             請求がない"
        ),
    )
    .message("uke/share-station-no-user")
}

/// The claims in the station's `path` of `users` users state their confirmation's share.
pub(in crate::uke) fn station_agree(path: &str, users: usize) -> Reason {
    Reason::new(
        format!(
            "the claims of {path} of {users} user(s) of the run's 居宅 confirmations state the \
             confirmation's share in their レセプト種別 (the 訪問看護 別表4, 後期 of its own) and \
             給付割合"
        ),
        format!(
            "{path} の請求は、実行の居宅同意取得型の確認の利用者 {users} 人について確認の負担を\
             レセプト種別 (訪問看護の別表4、後期は後期の種別) と給付割合に記している"
        ),
    )
    .message("uke/share-station-agree")
    .count("users", users)
}

/// The station's users whose claims state another share than their confirmation's.
pub(in crate::uke) fn station_disagree(failed: &[(&str, String, Reason)]) -> Reason {
    super::station_insurer::users(failed).message("uke/share-station-disagree")
}

/// A station's RE (`at`) レセプト種別 `kind` is (`late` true) or is not of the 後期 kinds of the
/// 訪問看護 別表4, against an insurer that is not (or is) a 後期高齢者医療広域連合.
pub(in crate::uke) fn station_late_kind(
    (at, at_ja): (&str, &str),
    kind: &str,
    late: bool,
) -> Reason {
    let (en, ja) = if late {
        (
            format!(
                "RE ({at}) レセプト種別 {kind} is of 後期高齢者医療 (2nd digit 3: 別表4 of \
                 訪問看護, the 後期 kinds of the other lists), yet the answer's insurer is not a 後期高齢者医療広域連合"
            ),
            format!(
                "RE ({at_ja}) のレセプト種別 {kind} は後期高齢者医療のもの (2桁目 3: 訪問看護の別表4、\
                 他の表の後期の種別) だが、回答の保険者は後期高齢者医療広域連合ではない"
            ),
        )
    } else {
        (
            format!(
                "RE ({at}) レセプト種別 {kind} is of the 医療保険 (2nd digit 1), yet the answer's \
                 insurer is a 後期高齢者医療広域連合 (法別 39): the 訪問看護 別表4 claims it as 後期 \
                 (63…, 6318 一般・低所得者, 6310 7割)"
            ),
            format!(
                "RE ({at_ja}) のレセプト種別 {kind} は医療保険のもの (2桁目 1) だが、回答の保険者は\
                 後期高齢者医療広域連合 (法別 39) である: 訪問看護の別表4 では後期 (63…、一般・\
                 低所得者 6318、7割 6310) で請求する"
            ),
        )
    };
    Reason::new(en, ja)
        .message("uke/share-station-late-kind")
        .code("kind", kind)
}

/// The import's unit at `unit` carries no 負担割合 (InsuredPartialContributionRatio).
pub(in crate::uke) fn station_no_share(unit: &str) -> Reason {
    Reason::new(
        format!("the unit of {unit} carries no InsuredPartialContributionRatio: no share to judge"),
        format!("{unit} の単位に InsuredPartialContributionRatio がない: 確かめる負担がない"),
    )
    .message("uke/share-station-no-share")
}
