//! The semantic checks of a scenario: what types cannot say. Unknown personas and card ids,
//! PIN tries above the card's maximum, and expectations that contradict the operator, the
//! faults or the card — e.g. `pin-locked` when the operator types the right PIN first, or
//! `eligible` when every service request fails. Each problem names its key path, and says
//! what is wrong in English and in Japanese (`mynakit --lang ja`; docs/reports.md, "Japanese").
//!
//! Each section's own checks are written next to its type (`CardGiven::check_against`,
//! `Facility::check`, `CardFault::check`, `ServiceFault::check`, `AskRef::check`, …); this module
//! walks the scenario, runs them in file order, and holds the checks that span sections: what a
//! section names elsewhere (a reader's card, a fault's reader), the operator against the mode
//! and the terminal, the expectations and their contradictions.

use mynakit_oqs::ElementName;
use std::collections::{BTreeMap, BTreeSet};

use mynakit_emulator::PinFormat;
use mynakit_fixtures::Fixtures;
use mynakit_persona::Persona;

use super::expect::Expect;
use super::faults::{CardFault, CardTrigger, InsertCard, RemoveCard};
use super::fields;
use super::model::{Scenario, ServerCertificate};
// Kept reachable here for callers written before it moved to `modes`.
use super::operator::AskRef;
pub use super::problem::Problem;
use super::problem::Problems;
use crate::protocol::{Mode, Outcome};

/// The modes that ask the 資格確認端末 for a patient's information from the insurance card
/// (薬剤情報, 特定健診情報, 診療情報; `docs/terminal.md`).
const INFO_MODES: [Mode; 3] = [Mode::DrugInfo, Mode::CheckupInfo, Mode::DiagnosisInfo];

/// Outcomes that need the service to have answered a card check.
const SERVICE_ANSWERED: [Outcome; 5] = [
    Outcome::Eligible,
    Outcome::Ineligible,
    Outcome::MedicalAssistance,
    Outcome::NotRegistered,
    Outcome::Registered,
];

/// Runs every check; an empty list means the scenario is valid. A scenario of several modes
/// (`modes:`) is checked as written, and as run in each of its modes
/// ([`super::modes::in_mode`]): a problem only one of its runs has names that run.
pub(crate) fn validate(s: &Scenario, file_stem: Option<&str>, fixtures: &Fixtures) -> Vec<Problem> {
    let mut problems = validate_run(s, file_stem, fixtures);
    let mut p = Problems::default();
    modes(s, &mut p);
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
                });
            }
        }
    }
    problems
}

/// `modes:`: modes of the scenario's role, each once, `operator.mode` among them, and nothing
/// that makes the scenario about one mode only.
fn modes(s: &Scenario, p: &mut Problems) {
    if s.modes.is_empty() {
        return;
    }
    if s.expect.exit_code.is_some() {
        p.add(
            "modes",
            "a plain PC/SC program (`expect.exit_code`) has no mode: remove `modes`",
            "PC/SC だけを使うプログラム (`expect.exit_code`) にモードはない: `modes` を削除する",
        );
        return;
    }
    let role = s.role();
    let offered = super::modes::role_modes(role);
    for (i, mode) in s.modes.iter().enumerate() {
        if s.modes[..i].contains(mode) {
            p.add(
                format!("modes[{i}]"),
                format!("`{}` is listed twice", mode.as_str()),
                format!("`{}` が二度挙げられている", mode.as_str()),
            );
        } else if !offered.contains(mode) {
            let offers = offered
                .iter()
                .map(|m| format!("`{}`", m.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            p.add(
                format!("modes[{i}]"),
                format!("a `{role}` offers {offers}, not `{}`", mode.as_str()),
                format!(
                    "`{role}` のモードは {offers} で、`{}` ではない",
                    mode.as_str()
                ),
            );
        }
    }
    if !s.modes.contains(&s.operator.mode) {
        p.add(
            "modes",
            format!(
                "`operator.mode` ({}) is not listed: the scenario's own run is in `operator.mode`",
                s.operator.mode.as_str()
            ),
            format!(
                "`operator.mode` ({}) が挙げられていない: シナリオ自身の実行は `operator.mode` で行う",
                s.operator.mode.as_str()
            ),
        );
    }
    if s.modes.len() > 1 {
        if let Some(AskRef {
            ask: super::operator::AskKind::Pin,
            ..
        }) = s.operator.cancel
        {
            p.add(
                "modes",
                "`operator.cancel` at a `pin` ask is about PIN mode: list only `pin`, or remove `modes`",
                "`pin` の入力要求での `operator.cancel` は暗証番号モードのためのもの: `pin` だけを挙げるか、`modes` を削除する",
            );
        }
        let pin_trigger = s.faults.card.iter().any(|f| {
            matches!(
                f.when(),
                CardTrigger::Operator(AskRef {
                    ask: super::operator::AskKind::Pin,
                    ..
                })
            )
        }) || s.faults.service.iter().any(|f| {
            f.on()
                .and_then(|on| on.operator)
                .is_some_and(|r| r.ask == super::operator::AskKind::Pin)
        });
        if pin_trigger {
            p.add(
                "modes",
                "a fault triggered by a `pin` ask is about PIN mode: list only `pin`, or remove `modes`",
                "`pin` の入力要求で起こす障害は暗証番号モードのためのもの: `pin` だけを挙げるか、`modes` を削除する",
            );
        }
    }
}

/// Every check of one run.
fn validate_run(s: &Scenario, file_stem: Option<&str>, fixtures: &Fixtures) -> Vec<Problem> {
    let mut p = Problems::default();
    header(s, file_stem, &mut p);
    let personas = cards(s, fixtures, &mut p);
    readers(s, &mut p);
    facility(s, &mut p);
    service_and_terminal(s, fixtures, &mut p);
    operator(s, &mut p);
    for (i, key, en, ja) in super::visits::problems(&s.given.earlier_visits) {
        p.add(format!("given.earlier_visits[{i}].{key}"), en, ja);
    }
    faults(s, &mut p);
    expectations::expect(s, &mut p);
    contradictions::contradictions(s, &personas, &mut p);
    needs(s, &mut p);
    p.0
}

/// The role and flows a scenario declares match what it does, so that choosing scenarios by a
/// client's capabilities (`docs/client-protocol.md`, "Capabilities") is right.
fn needs(s: &Scenario, p: &mut Problems) {
    use mynakit_protocol::{Flow, Role};
    if s.platform.is_some() && s.transport != Some(mynakit_protocol::Transport::Nfc) {
        p.add(
            "platform",
            "a phone platform is played over the NFC relay only: add `transport: nfc`",
            "スマートフォンのプラットフォームは NFC 中継でのみ実行する: `transport: nfc` を追加する",
        );
    }
    if s.platform == Some(mynakit_protocol::nfc::Platform::Other) {
        p.add(
            "platform",
            "`other` is no phone: name `android` or `ios`",
            "`other` はスマートフォンではない: `android` か `ios` を指定する",
        );
    }
    match (s.role, s.given.terminal.is_some()) {
        (Some(Role::CardApp), true) => p.add(
            "role",
            "a scenario with `given.terminal` is played by a `receipt-computer`",
            "`given.terminal` のあるシナリオは `receipt-computer` が実行する",
        ),
        (Some(Role::ReceiptComputer), false) => p.add(
            "role",
            "a `receipt-computer` needs a 資格確認端末: add `given.terminal`",
            "`receipt-computer` には資格確認端末が必要だ: `given.terminal` を追加する",
        ),
        _ => {}
    }
    let registration = std::iter::once(&s.expect.outcome)
        .chain(&s.expect.shown_outcomes)
        .find(|o| matches!(o, Outcome::NotRegistered | Outcome::Registered));
    if let Some(o) = registration {
        if !s.flows.contains(&Flow::Registration) {
            p.add(
                "flows",
                format!("the scenario expects `{o}`: add `registration`, the flow it exercises"),
                format!(
                    "シナリオは `{o}` を期待している: その業務フロー `registration` を追加する"
                ),
            );
        }
    }
    let limit_field = s
        .expect
        .fields
        .keys()
        .chain(&s.expect.shown)
        .chain(&s.expect.hidden)
        .find(|name| ElementName::from_name(name).is_some_and(ElementName::is_limit_application));
    if let Some(name) = limit_field {
        if !s.flows.contains(&Flow::LimitApplication) {
            p.add(
                "flows",
                format!("`expect` names {name}: add `limit-application`, the flow it exercises"),
                format!("`expect` が {name} を挙げている: その業務フロー `limit-application` を追加する"),
            );
        }
    }
    for (i, flow) in s.flows.iter().enumerate() {
        if s.flows[..i].contains(flow) {
            p.add(
                format!("flows[{i}]"),
                format!("`{flow}` is listed twice"),
                format!("`{flow}` が二度挙げられている"),
            );
        }
    }
}

/// A conformance check id: an upper-case family, then lower-case words (`PIN-no-auto-retry`).
pub(crate) fn is_check_id(text: &str) -> bool {
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
                continue;
            }
        };
        card.check_against(&persona, &at, p);
        personas.insert(i, persona);
    }
    personas
}

fn readers(s: &Scenario, p: &mut Problems) {
    let cards: BTreeSet<String> = s
        .given
        .cards_or_default()
        .iter()
        .map(|c| c.card_id().to_owned())
        .collect();
    let mut placed = BTreeMap::new();
    for (i, r) in s.given.readers.iter().enumerate() {
        let at = format!("given.readers[{i}]");
        if let Some(card) = &r.card {
            if !cards.contains(card) {
                p.add(
                    format!("{at}.card"),
                    format!("no card {card:?} in `given.cards` (ids: {})", join(&cards)),
                    format!(
                        "`given.cards` にカード {card:?} はない (id: {})",
                        join(&cards)
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

fn service_and_terminal(s: &Scenario, fixtures: &Fixtures, p: &mut Problems) {
    if let Some(data) = &s.given.service {
        if data.clock.is_some() {
            p.add(
                "given.service.clock",
                "the scenario has one clock: use `given.clock`",
                "シナリオの時計は 1 つだ: `given.clock` を使う",
            );
        }
        if !data.faults.is_empty() {
            p.add(
                "given.service.faults",
                "scenario faults go in `faults.service`, with their triggers",
                "シナリオの障害は、その発生条件と共に `faults.service` に書く",
            );
        }
        if data.settings.as_ref().is_some_and(|s| s.rules.is_some()) {
            p.add(
                "given.service.settings.rules",
                "the scenario's rule set is `rules:` at the top, for the checks as for the service",
                "シナリオの規則の版は最上位の `rules:` に書く (チェックにもサービスにも使う)",
            );
        }
        if let Ok(personas) = fixtures.personas() {
            if let Err(e) = data.persons(personas) {
                p.add(
                    "given.service",
                    e.to_string(),
                    format!("サービスのデータが正しくない: {e}"),
                );
            }
        }
    }
    if let Some(given) = &s.given.terminal {
        // The scenario has one clock; the terminal's own is not a scenario's to set.
        if given.clock.is_some() {
            p.add(
                "given.terminal.clock",
                "the scenario has one clock: use `given.clock`",
                "シナリオの時計は 1 つだ: `given.clock` を使う",
            );
        }
    }
}

fn operator(s: &Scenario, p: &mut Problems) {
    let o = &s.operator;
    // With `modes:` listing `pin`, the PINs are typed in the PIN-mode run only.
    if o.mode != Mode::Pin && !o.pins.is_empty() && !s.modes.contains(&Mode::Pin) {
        p.add(
            "operator.pins",
            format!(
                "no PIN is typed in {} mode; remove the PINs or use `mode: pin`",
                o.mode.as_str()
            ),
            format!(
                "{} モードでは暗証番号を入力しない: 暗証番号を削除するか、`mode: pin` にする",
                o.mode.as_str()
            ),
        );
    }
    if let Some(c) = &o.cancel {
        c.check("operator.cancel", p);
    }
    let terminal = s.given.terminal.is_some();
    if o.mode == Mode::InsuranceCard && o.insurance_card.is_none() {
        p.add(
            "operator.insurance_card",
            "mode `insurance-card` needs the card's data here",
            "モード `insurance-card` では、ここに保険証のデータが必要だ",
        );
    }
    if o.mode == Mode::Bulk && o.insurance_cards.is_empty() && o.insurance_card.is_none() {
        p.add(
            "operator.insurance_cards",
            "mode `bulk` needs the cards' data here (or one card in `insurance_card`)",
            "モード `bulk` では、ここに保険証のデータが必要だ (または `insurance_card` に 1 枚)",
        );
    }
    // The 受診券 of a 健診 or 人間ドック and the insurance data a patient without a card gives in a disaster
    // are keyed in without a terminal (docs/care-settings.md).
    let keyed_in_care = s.flows.iter().any(|f| {
        matches!(
            f,
            mynakit_protocol::Flow::Kenshin
                | mynakit_protocol::Flow::BusKenshin
                | mynakit_protocol::Flow::NingenDock
                | mynakit_protocol::Flow::Disaster
                | mynakit_protocol::Flow::Kyotaku
                | mynakit_protocol::Flow::OnlineShinryo
        )
    });
    // A 照会番号 keyed in is registered only by a client of the flow `reference-number`
    // (docs/client-protocol.md, "照会番号 registration"): without the flow, a client that does
    // not register would be judged on it.
    let keyed_reference = o
        .insurance_card
        .iter()
        .chain(&o.insurance_cards)
        .any(|c| c.reference_number.is_some());
    if keyed_reference && !s.flows.contains(&mynakit_protocol::Flow::ReferenceNumber) {
        p.add(
            "operator.insurance_card.ReferenceNumber",
            "a 照会番号 keyed in needs `flows: [reference-number]`",
            "照会番号を入力するには `flows: [reference-number]` が必要だ",
        );
    }
    if INFO_MODES.contains(&o.mode) && o.insurance_card.is_none() {
        p.add(
            "operator.insurance_card",
            format!("mode `{}` needs the card's data here", o.mode.as_str()),
            format!(
                "モード `{}` では、ここに保険証のデータが必要だ",
                o.mode.as_str()
            ),
        );
    }
    if (matches!(o.mode, Mode::InsuranceCard | Mode::Bulk)
        || INFO_MODES.contains(&o.mode)
        || (o.insurance_card.is_some() && !keyed_in_care)
        || !o.insurance_cards.is_empty()
        || o.face_reader.is_some())
        && !terminal
    {
        p.add(
            "operator.mode",
            "insurance-card data and the face reader need a 資格確認端末: add `given.terminal`",
            "保険証のデータと顔認証付きカードリーダーには資格確認端末が必要だ: `given.terminal` を追加する",
        );
    }
    if let Some(face) = &o.face_reader {
        if matches!(face.mode, Mode::InsuranceCard | Mode::Bulk) || INFO_MODES.contains(&face.mode)
        {
            p.add(
                "operator.face_reader.mode",
                "the face reader confirms by `face`, `pin` or `visual`",
                "顔認証付きカードリーダーの確認は `face`、`pin`、`visual` のいずれかだ",
            );
        }
        if let Some(card) = &face.card {
            if !s
                .given
                .cards_or_default()
                .iter()
                .any(|c| c.card_id() == card)
            {
                p.add(
                    "operator.face_reader.card",
                    format!("no card {card:?} in `given.cards`"),
                    format!("`given.cards` にカード {card:?} はない"),
                );
            }
        }
    }
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
        f.when().check(&format!("{at}.when"), p);
        match f.when() {
            CardTrigger::Signature if s.operator.mode != Mode::Pin => {
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
            let cards = s.given.cards_or_default();
            if !cards.iter().any(|c| c.card_id() == card) {
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

fn field_name(path: String, name: &str, p: &mut Problems) {
    if !fields::is_oqs_field(name) {
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

fn join(ids: &BTreeSet<String>) -> String {
    ids.iter().cloned().collect::<Vec<_>>().join(", ")
}

mod contradictions;
mod expectations;

#[cfg(test)]
mod tests;
