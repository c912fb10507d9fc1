//! What the crate itself says, in English and Japanese side by side, apart from any family's
//! checks: the NOT-APPLICABLE shared by the checks of visual and face mode, the catalogue's
//! lead before a required check that did not apply, its answer for an unknown check id, a
//! place in a client's output as two families name it (a typed PIN, a かざし's birth date), and
//! the headings of the families' tables (`docs/reports.md`, "Findings as data").

use crate::reason::Reason;

/// The lead of the reason of a check the scenario requires but that did not apply: FAILED,
/// though the check itself judged nothing (the detection matrix proves that each defect fails
/// its check by the check's own judgement, not by this).
pub const REQUIRED_NOT_APPLIED: &str = "the scenario requires this check, but it did not apply";

/// [`REQUIRED_NOT_APPLIED`] in Japanese.
pub const REQUIRED_NOT_APPLIED_JA: &str =
    "シナリオはこのチェックを必須としているが、この実行には当てはまらなかった";

/// A check the scenario requires did not apply (`why`, the check's own NOT-APPLICABLE, whose
/// message and facts it keeps).
pub(crate) fn required_not_applied(why: Reason) -> Reason {
    why.after(
        &format!("{REQUIRED_NOT_APPLIED}: "),
        &format!("{REQUIRED_NOT_APPLIED_JA}: "),
    )
}

/// A check the scenario requires did not apply (`why`) in a run whose client chose `chosen`, an
/// outcome the scenario's `expect.outcome_or` allows besides its `expect.outcome`: SKIPPED, the
/// way the scenario allows gave the check nothing to judge (`docs/conformance.md`, "Severity
/// and result levels").
pub(crate) fn allowed_outcome_chosen(chosen: mynakit_protocol::Outcome, why: Reason) -> Reason {
    let chosen = chosen.as_str();
    why.after(
        &format!(
            "{REQUIRED_NOT_APPLIED}, because the client chose `{chosen}`, which the scenario allows: "
        ),
        &format!(
            "{REQUIRED_NOT_APPLIED_JA}。クライアントがシナリオの許す `{chosen}` を選んだため: "
        ),
    )
    .code("chosen_outcome", chosen)
}

/// A check whose roles (`roles`) do not include the role the client plays in the run (`role`):
/// SKIPPED, it judges only the roles it lists (`docs/conformance.md`, "Roles").
pub(crate) fn role_not_judged(
    role: mynakit_protocol::Role,
    roles: &[mynakit_protocol::Role],
) -> Reason {
    let roles = roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let role = role.as_str();
    Reason::new(
        format!("this check judges the role {roles}; the client plays {role} here"),
        format!(
            "このチェックが判定する役割は {roles} で、この実行でクライアントが担う役割は {role}"
        ),
    )
    .message("conformance/role-not-judged")
    .code("role", role)
    .code("roles", roles)
}

/// A scenario names a check id the catalogue does not know.
pub(crate) fn no_such_check() -> Reason {
    Reason::new("no such check", "そのようなチェックはない").message("conformance/no-such-check")
}

/// The checks of visual and face mode (目視確認, 顔認証) in another `mode`.
pub(crate) fn not_visual_or_face(mode: &str) -> Reason {
    Reason::new(
        format!("the operator's mode is {mode}, not visual or face"),
        format!("操作者のモードは {mode} で、visual でも face でもない"),
    )
    .message("conformance/not-visual-or-face")
    .code("mode", mode)
}

/// The check families, in catalogue order: the id prefix and the heading of its table in
/// `docs/conformance.md` (English, keeping the Japanese terms the catalogue keeps).
pub const FAMILIES: [(&str, &str); 8] = [
    ("PIN", "PIN handling"),
    ("APDU", "APDU discipline"),
    ("DATA", "The patient's data"),
    ("SVC", "The card-check service"),
    ("XML", "The 資格確認端末 folder exchange"),
    ("VIS", "目視確認 (visual mode)"),
    ("UKE", "The claim file (RECEIPTC.UKE)"),
    (
        "RP",
        "The relying party (身元確認 by signature, 当人認証 by a nonce)",
    ),
];

/// A place in a client's output as the harness names it (`stderr line 3: a typed PIN in clear`,
/// with `what` = `a typed PIN`), in Japanese: `stderr の 3 行目に、{what_ja}が出ていた (平文)`.
/// `None` for a text of another shape (then the words say it whole).
pub(crate) fn output_place(text: &str, what: &str, what_ja: &str) -> Option<String> {
    let (stream, rest) = text.split_once(" line ")?;
    let (n, form) = rest.split_once(&format!(": {what} "))?;
    let form = match form {
        "in clear" => "平文",
        "as APDU hex" => "APDU の 16 進",
        _ => return None,
    };
    n.parse::<usize>().ok()?;
    Some(format!(
        "{stream} の {n} 行目に、{what_ja}が出ていた ({form})"
    ))
}
