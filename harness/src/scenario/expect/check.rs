//! The `expect` section checked: ids that exist, fields the result can hold, checks that do,
//! waivers with a reason, each problem in English and in Japanese.

use std::collections::BTreeSet;

use super::Expect;
use crate::protocol::Outcome;
use crate::scenario::fields;
use crate::scenario::problem::{joined, Problems};

impl Expect {
    /// Every check of `expect`, in its keys' order; `card_ids` are the scenario's cards, which
    /// `expect.cards` names.
    pub(in crate::scenario) fn check(&self, card_ids: &BTreeSet<String>, p: &mut Problems) {
        let e = self;
        if e.exit_code.is_some() {
            if e.outcome != Outcome::Crashed {
                p.add(
                "expect.exit_code",
                "a plain PC/SC program reports no outcome: give `exit_code` or `outcome`, not both",
                "PC/SC だけを使うプログラムは結果を報告しない: `exit_code` か `outcome` のどちらか一方を指定する",
            );
            }
        } else if e.outcome == Outcome::Crashed {
            p.add(
            "expect.outcome",
            "`outcome` is required (or `exit_code`, for a plain PC/SC program that does not speak the client protocol)",
            "`outcome` が必要だ (クライアントプロトコルを話さない、PC/SC だけを使うプログラムなら `exit_code`)",
        );
        } else if e.outcome.harness_only() {
            p.add(
            "expect.outcome",
            format!("`{}` is what the harness records for a failing client; expect what a correct client reports", e.outcome),
            format!("`{}` はハーネスが失敗したクライアントに記録する結果だ: 正しいクライアントが報告する結果を期待する", e.outcome),
        );
        }
        for (i, o) in e.outcome_or.iter().enumerate() {
            if o.harness_only() {
                p.add(
                format!("expect.outcome_or[{i}]"),
                format!("`{o}` is what the harness records for a failing client; accept only what a correct client reports"),
                format!("`{o}` はハーネスが失敗したクライアントに記録する結果だ: 正しいクライアントが報告する結果だけを認める"),
            );
            }
        }
        for (i, o) in e.shown_outcomes.iter().enumerate() {
            if o.harness_only() {
                p.add(
                    format!("expect.shown_outcomes[{i}]"),
                    format!("a client never shows `{o}`"),
                    format!("クライアントが `{o}` を表示することはない"),
                );
            }
        }
        for name in e.fields.keys() {
            field_name(format!("expect.fields.{name}"), name, p);
        }
        for (i, name) in e.shown.iter().enumerate() {
            field_name(format!("expect.shown[{i}]"), name, p);
        }
        for (i, name) in e.hidden.iter().enumerate() {
            field_name(format!("expect.hidden[{i}]"), name, p);
            if e.fields.contains_key(name) || e.shown.contains(name) {
                p.add(
                    format!("expect.hidden[{i}]"),
                    format!("{name} is also expected to be shown"),
                    format!("{name} は表示されることも期待されている"),
                );
            }
        }
        let cards = card_ids;
        for (id, c) in &e.cards {
            let at = format!("expect.cards.{id}");
            if !cards.contains(id) {
                p.add(
                    &at,
                    format!("no card {id:?} in `given.cards` (ids: {})", joined(cards)),
                    format!(
                        "`given.cards` にカード {id:?} はない (id: {})",
                        joined(cards)
                    ),
                );
            }
            for (key, max, t) in c.pins.entries() {
                if t.tries_left > max {
                    p.add(
                        format!("{at}.pins.{key}.tries_left"),
                        format!(
                            "{} is more than the {max} tries of the {key} PIN",
                            t.tries_left
                        ),
                        format!(
                            "{} は {key} の暗証番号の残り回数の上限 {max} を超えている",
                            t.tries_left
                        ),
                    );
                }
            }
        }
        let mut seen = BTreeSet::new();
        for (i, c) in e.checks.iter().enumerate() {
            if !is_check_id(c) {
                p.add(
                    format!("expect.checks[{i}]"),
                    format!("{c:?} is not a check id like `PIN-no-auto-retry`"),
                    format!("{c:?} は `PIN-no-auto-retry` のようなチェック id ではない"),
                );
                p.suggest(nearest_check(c));
            } else if mynakit_conformance::find(c).is_none() {
                p.add(
                    format!("expect.checks[{i}]"),
                    format!("no check {c} (`mynakit checks` lists them)"),
                    format!("チェック {c} はない (`mynakit checks` に一覧がある)"),
                );
                p.suggest(nearest_check(c));
            }
            if !seen.insert(c) {
                p.add(
                    format!("expect.checks[{i}]"),
                    format!("{c} is listed twice"),
                    format!("{c} が二度挙げられている"),
                );
            }
        }
        for (i, w) in e.waivers.iter().enumerate() {
            let at = format!("expect.waivers[{i}]");
            if !is_check_id(&w.check) {
                p.add(
                    format!("{at}.check"),
                    format!("{:?} is not a check id", w.check),
                    format!("{:?} はチェック id ではない", w.check),
                );
                p.suggest(nearest_check(&w.check));
            } else if mynakit_conformance::find(&w.check).is_none() {
                p.add(
                    format!("{at}.check"),
                    format!("no check {} (`mynakit checks` lists them)", w.check),
                    format!(
                        "チェック {} はない (`mynakit checks` に一覧がある)",
                        w.check
                    ),
                );
                p.suggest(nearest_check(&w.check));
            }
            if e.checks.contains(&w.check) {
                p.add(
                    format!("{at}.check"),
                    format!("{} is both required (`expect.checks`) and waived", w.check),
                    format!(
                        "{} は必須 (`expect.checks`) でありながら免除されている",
                        w.check
                    ),
                );
            }
            if w.reason.trim().is_empty() || w.reason.trim().contains('\n') {
                p.add(
                    format!("{at}.reason"),
                    "a waiver needs a one-line reason",
                    "免除には 1 行の理由が必要だ",
                );
            }
        }
    }
}

/// `name` is an OQS element name or a 現況確認's field, or a problem at `path` that suggests
/// the nearest.
fn field_name(path: String, name: &str, p: &mut Problems) {
    if !fields::is_oqs_field(name) && !is_status_check_field(name) {
        let suggested = fields::suggest(name);
        let hint = suggested
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        let hint_ja = suggested
            .map(|s| format!(" (`{s}` の誤りか)"))
            .unwrap_or_default();
        p.add(
            path,
            format!("{name:?} is not an OQS element name{hint}"),
            format!("{name:?} は OQS の要素名ではない{hint_ja}"),
        );
    }
}

/// A field of a relying party's 現況確認 (flow `status-check`, `docs/relying-party.md`): an
/// account's decision or user, by its 署名用 certificate's serial (`Decision.05f5e4f3`).
fn is_status_check_field(name: &str) -> bool {
    [
        mynakit_protocol::DECISION_FIELD,
        mynakit_protocol::USER_FIELD,
    ]
    .into_iter()
    .filter_map(|prefix| name.strip_prefix(prefix))
    .any(|serial| !serial.is_empty() && serial.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A conformance check id: an upper-case family, then lower-case words (`PIN-no-auto-retry`).
fn is_check_id(text: &str) -> bool {
    let mut parts = text.split('-');
    let family_ok = parts
        .next()
        .is_some_and(|f| f.len() >= 2 && f.bytes().all(|b| b.is_ascii_uppercase()));
    let rest: Vec<&str> = parts.collect();
    family_ok
        && !rest.is_empty()
        && rest.iter().all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The catalogue's check id nearest to a misspelt `id` (`mynakit checks` lists them).
fn nearest_check(id: &str) -> Option<&'static str> {
    crate::scenario::suggest::nearest(id, mynakit_conformance::CHECKS.iter().map(|c| c.id()))
}

#[cfg(test)]
mod tests {
    use super::is_check_id;

    #[test]
    fn check_ids() {
        assert!(is_check_id("PIN-no-auto-retry"));
        assert!(is_check_id("SVC-tls-validated"));
        assert!(!is_check_id("pin-no-auto-retry"));
        assert!(!is_check_id("PIN"));
        assert!(!is_check_id("PIN-No"));
    }
}
