//! The semantic checks of a scenario: what types cannot say. Unknown personas and card ids,
//! PIN tries above the card's maximum, and expectations that contradict the operator, the
//! faults or the card — e.g. `pin-locked` when the operator types the right PIN first, or
//! `eligible` when every service request fails. Each problem names its key path, and says
//! what is wrong in English and in Japanese (`mynakit --lang ja`; docs/reports.md, "Japanese").
//!
//! Each section's own checks are written next to its type (`CardGiven::check_against`,
//! `Facility::check`, `CardFault::check`, `ServiceFault::check`, `AskRef::check`,
//! `Operator::check`, `Expect::check`, …); a check that reads the rest of the scenario sits in
//! the module of what it checks: [`super::modes::check`] (`modes:`), [`super::terminal::check`]
//! (`given.service`, `given.terminal`), [`super::needs::check`] (the declared role and flows).
//! The operator's and the expectations' checks are given what they read of the other sections
//! (modes, flows, the terminal, the cards' ids) rather than the scenario, whose type holds
//! theirs. This module walks the scenario and runs them in file order, so a file's problems
//! keep their order, and holds what one section names in another (a reader's card, a card's
//! persona, a fault's reader and card) and the expectations the scenario's own world
//! contradicts (`contradictions`).

use std::collections::{BTreeMap, BTreeSet};

use mynakit_fixtures::Fixtures;
use mynakit_persona::Persona;

use super::faults::{CardFault, CardTrigger, InsertCard};
use super::model::Scenario;
pub use super::problem::Problem;
use super::problem::{joined, Problems};
use crate::protocol::Mode;

/// Runs every check; an empty list means the scenario is valid. A scenario of several modes
/// (`modes:`) is checked as written, and as run in each of its modes
/// ([`super::modes::in_mode`]): a problem only one of its runs has names that run.
pub(crate) fn validate(s: &Scenario, file_stem: Option<&str>, fixtures: &Fixtures) -> Vec<Problem> {
    let mut problems = validate_run(s, file_stem, fixtures);
    let mut p = Problems::default();
    super::modes::check(s, &mut p);
    problems.extend(p.0);
    if s.modes.is_empty() || s.expect.exit_code.is_some() {
        return problems;
    }
    for &mode in &s.modes {
        let run = super::modes::in_mode(s, mode);
        for problem in validate_run(&run, file_stem, fixtures) {
            if !problems.contains(&problem) {
                problems.push(Problem {
                    message: format!("in its `{}` run: {}", mode.as_str(), problem.message),
                    message_ja: format!(
                        "`{}` モードでの実行で: {}",
                        mode.as_str(),
                        problem.message_ja
                    ),
                    path: problem.path,
                    place: None,
                    suggestion: problem.suggestion,
                });
            }
        }
    }
    problems
}

/// Every check of one run.
fn validate_run(s: &Scenario, file_stem: Option<&str>, fixtures: &Fixtures) -> Vec<Problem> {
    let mut p = Problems::default();
    header(s, file_stem, &mut p);
    let personas = cards(s, fixtures, &mut p);
    readers(s, &mut p);
    facility(s, &mut p);
    super::terminal::check(s, fixtures, &mut p);
    let card_ids = s.given.card_ids();
    s.operator.check(
        &s.modes,
        &s.flows,
        s.given.terminal.is_some(),
        &card_ids,
        &mut p,
    );
    for (i, key, en, ja) in super::visits::problems(&s.given.earlier_visits) {
        p.add(format!("given.earlier_visits[{i}].{key}"), en, ja);
    }
    faults(s, &mut p);
    relying_party(s, fixtures, &mut p);
    super::station_prices::check(&s.given.station_prices, &s.id, &mut p);
    s.expect.check(&card_ids, &mut p);
    contradictions::contradictions(s, &personas, &mut p);
    super::needs::check(s, &mut p);
    p.0
}

/// The scenario's own keys, then its clock's.
fn header(s: &Scenario, file_stem: Option<&str>, p: &mut Problems) {
    s.check_header(file_stem, p);
    s.given.clock.check("given.clock", p);
}

/// The persona of each card (by card index), when it could be loaded.
fn cards(s: &Scenario, fixtures: &Fixtures, p: &mut Problems) -> BTreeMap<usize, Persona> {
    let mut personas = BTreeMap::new();
    let mut ids = BTreeSet::new();
    let known = fixtures.persona_ids().unwrap_or_default();
    for (i, card) in s.given.cards_or_default().iter().enumerate() {
        let at = format!("given.cards[{i}]");
        if !ids.insert(card.card_id().to_owned()) {
            p.add(
                format!("{at}.id"),
                format!(
                    "card id {:?} is used twice (give the cards distinct `id`s)",
                    card.card_id()
                ),
                format!(
                    "カード id {:?} が二度使われている (カードごとに別の `id` を付ける)",
                    card.card_id()
                ),
            );
        }
        if let Some(recorded) = &card.recorded {
            card.check_recorded(recorded, &at, p);
            continue;
        }
        if card.persona.is_empty() {
            p.add(
                format!("{at}.persona"),
                "a card needs a `persona` (or `recorded`, a card replaying a field log)",
                "カードには `persona` (または現場のログを再生するカード `recorded`) が必要だ",
            );
            continue;
        }
        let persona = match fixtures.persona(&card.persona) {
            Ok(persona) => persona,
            Err(e) => {
                let near = if known.contains(&card.persona) {
                    None
                } else {
                    super::suggest::nearest(&card.persona, known.iter().map(String::as_str))
                };
                let (en, ja) = if known.contains(&card.persona) {
                    (
                        format!("persona {:?} cannot be loaded: {e}", card.persona),
                        format!("ペルソナ {:?} を読み込めない: {e}", card.persona),
                    )
                } else {
                    let known = known.join(", ");
                    (
                        format!(
                            "no persona {:?} (`mynakit fixtures --list`: {known})",
                            card.persona
                        ),
                        format!(
                            "ペルソナ {:?} はない (`mynakit fixtures --list`: {known})",
                            card.persona
                        ),
                    )
                };
                p.add(format!("{at}.persona"), en, ja);
                p.suggest(near);
                continue;
            }
        };
        card.check_against(&persona, &at, p);
        if let Some(other) = &card.certificates_of {
            certificates_of(other, &persona, fixtures, &at, p);
        }
        personas.insert(i, persona);
    }
    personas
}

/// `given.cards[i].certificates_of`: a known persona whose certificates take the place of
/// `persona`'s on its card, of the same kind (a card or a phone, RSA or P-384) and with a 署名用
/// certificate wherever the card holds one.
fn certificates_of(
    other: &str,
    persona: &Persona,
    fixtures: &Fixtures,
    at: &str,
    p: &mut Problems,
) {
    let at = format!("{at}.certificates_of");
    let Ok(theirs) = fixtures.persona(other) else {
        let known = fixtures.persona_ids().unwrap_or_default().join(", ");
        p.add(
            at,
            format!("no persona {other:?} (`mynakit fixtures --list`: {known})"),
            format!("ペルソナ {other:?} はない (`mynakit fixtures --list`: {known})"),
        );
        return;
    };
    let (own, their) = (persona.card.profile, theirs.card.profile);
    if own.uses_p384() != their.uses_p384()
        || own.is_phone() != their.is_phone()
        || (own.has_sign_certificate() && !their.has_sign_certificate())
    {
        p.add(
            at,
            format!(
                "persona {other:?}'s certificates do not fit persona {:?}'s card (another key \
                 type, a phone's, or no 署名用 certificate where the card holds one)",
                persona.id
            ),
            format!(
                "ペルソナ {other:?} の証明書はペルソナ {:?} のカードに合わない (鍵の種類が違う、\
                 スマートフォンのもの、またはカードが持つ署名用証明書がない)",
                persona.id
            ),
        );
    }
}

/// `given.relying_party`: a relying party's server, in a `relying-party` scenario only, whose
/// accounts name known personas.
fn relying_party(s: &Scenario, fixtures: &Fixtures, p: &mut Problems) {
    let Some(given) = &s.given.relying_party else {
        return;
    };
    if s.role != Some(mynakit_protocol::Role::RelyingParty) {
        p.add(
            "given.relying_party",
            "a relying party's server is given only in a `role: relying-party` scenario",
            "署名検証者のサーバは `role: relying-party` のシナリオでのみ与えられる",
        );
    }
    let known = fixtures.persona_ids().unwrap_or_default();
    for (i, account) in given.accounts.iter().enumerate() {
        if let Some(Err(text)) = account.birth_date() {
            p.add(
                format!("given.relying_party.accounts[{i}].birth_date"),
                format!("{text:?} is not a date YYYY-MM-DD"),
                format!("{text:?} は YYYY-MM-DD の日付ではない"),
            );
        }
        let persona = account.persona();
        if !known.iter().any(|k| k == persona) {
            let list = known.join(", ");
            p.add(
                format!("given.relying_party.accounts[{i}]"),
                format!("no persona {persona:?} (`mynakit fixtures --list`: {list})"),
                format!("ペルソナ {persona:?} はない (`mynakit fixtures --list`: {list})"),
            );
            p.suggest(super::suggest::nearest(
                persona,
                known.iter().map(String::as_str),
            ));
        }
    }
}

fn readers(s: &Scenario, p: &mut Problems) {
    let cards = s.given.card_ids();
    let mut placed = BTreeMap::new();
    for (i, r) in s.given.readers.iter().enumerate() {
        let at = format!("given.readers[{i}]");
        if let Some(card) = &r.card {
            if !cards.contains(card) {
                p.add(
                    format!("{at}.card"),
                    format!(
                        "no card {card:?} in `given.cards` (ids: {})",
                        joined(&cards)
                    ),
                    format!(
                        "`given.cards` にカード {card:?} はない (id: {})",
                        joined(&cards)
                    ),
                );
            } else if let Some(j) = placed.insert(card.clone(), i) {
                p.add(
                    format!("{at}.card"),
                    format!("card {card:?} is already in reader {j}"),
                    format!("カード {card:?} はすでにリーダー {j} にある"),
                );
            }
        }
        r.check(&at, p);
    }
}

fn facility(s: &Scenario, p: &mut Problems) {
    let staff_type_passwords = !s.operator.passwords.is_empty();
    s.given.facility.check(&s.flows, staff_type_passwords, p);
}

fn faults(s: &Scenario, p: &mut Problems) {
    let readers = s.given.readers_or_default().len();
    for (i, f) in s.faults.card.iter().enumerate() {
        let at = format!("faults.card[{i}].{}", f.key());
        if f.reader() >= readers {
            p.add(
                format!("{at}.reader"),
                format!(
                    "reader {} does not exist (the scenario has {readers})",
                    f.reader()
                ),
                format!(
                    "リーダー {} はない (シナリオのリーダーは {readers} 台)",
                    f.reader()
                ),
            );
        }
        if let Some(when) = f.when() {
            when.check(&format!("{at}.when"), p);
        }
        match f.when() {
            Some(CardTrigger::VerifyPin) if s.operator.mode != Mode::Pin => {
                p.add(
                    format!("{at}.when"),
                    format!(
                        "never fires: no PIN is verified in {} mode",
                        s.operator.mode.as_str()
                    ),
                    format!(
                        "決して起きない: {} モードでは暗証番号を照合しない",
                        s.operator.mode.as_str()
                    ),
                );
            }
            Some(CardTrigger::Signature) if s.operator.mode != Mode::Pin => {
                p.add(
                    format!("{at}.when"),
                    format!(
                        "never fires: nothing is signed in {} mode",
                        s.operator.mode.as_str()
                    ),
                    format!(
                        "決して起きない: {} モードでは何も署名しない",
                        s.operator.mode.as_str()
                    ),
                );
            }
            _ => {}
        }
        // A fault's own checks (`times`, `by`), and an `insert`'s card: one kind each, so
        // the order of their problems is the kind's.
        f.check(&at, p);
        if let CardFault::Insert(InsertCard { card, .. }) = f {
            if !s.given.card_ids().contains(card) {
                p.add(
                    format!("{at}.card"),
                    format!("no card {card:?} in `given.cards`"),
                    format!("`given.cards` にカード {card:?} はない"),
                );
            } else if s
                .given
                .readers_or_default()
                .iter()
                .any(|r| r.card.as_deref() == Some(card.as_str()))
            {
                p.add(
                    format!("{at}.card"),
                    format!("card {card:?} is in a reader at the start; a card sits in one reader"),
                    format!(
                        "カード {card:?} は開始時にリーダーにある: カードが入るリーダーは 1 つだ"
                    ),
                );
            }
        }
    }
    for (i, f) in s.faults.service.iter().enumerate() {
        f.check(&format!("faults.service[{i}].{}", f.key()), p);
    }
}

mod contradictions;

#[cfg(test)]
mod tests;
