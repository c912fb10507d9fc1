//! The semantic checks of a scenario: what types cannot say. Unknown personas and card ids,
//! PIN tries above the card's maximum, and expectations that contradict the operator, the
//! faults or the card — e.g. `pin-locked` when the operator types the right PIN first, or
//! `eligible` when every service request fails. Each problem names its key path, and says
//! what is wrong in English and in Japanese (`mynakit --lang ja`; docs/reports.md, "Japanese").

use mynakit_oqs::ElementName;
use std::collections::{BTreeMap, BTreeSet};

use mynakit_emulator::PinFormat;
use mynakit_fixtures::Fixtures;
use mynakit_persona::{CardProfileName, Persona};

use super::expect::Expect;
use super::faults::{
    AtrVariant, CardFault, CardTrigger, InjectStatus, InsertCard, Maintenance, MoreData,
    RemoveCard, ResizeAnswer, ServiceFault, ServiceTrigger, SlowCard, StatusFault, WrongLe,
};
use super::fields;
use super::model::{CardGiven, Scenario, ServerCertificate};
// Kept reachable here for callers written before it moved to `modes`.
use super::operator::AskRef;
use crate::protocol::{Mode, Outcome};

/// One problem found by the semantic checks: where (a key path) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The key path, e.g. `given.cards[0].pins.auth.tries_left`.
    pub path: String,
    /// What is wrong, in lowercase English (`mynakit scenario check --format json` keeps it).
    pub message: String,
    /// The same in Japanese, for a reader of `--lang ja`. Required: [`Problems::add`] takes
    /// both, so no problem is written without its Japanese.
    pub message_ja: String,
    /// The 1-based line and column of the key path in the file, once the loader has found it
    /// (`mynakit_fixtures::yaml::place_of`); `None` for a key the file does not have.
    pub place: Option<(usize, usize)>,
}

impl Problem {
    /// The message in both languages, for the reader's [`super::Word`].
    pub fn said(&self) -> super::said::Said<'_> {
        super::said::Said {
            en: &self.message,
            ja: Some(&self.message_ja),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.path, self.message)
    }
}

/// Collects problems with their paths.
#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    /// A problem at `path`: what is wrong in English (`en`) and in Japanese (`ja`).
    fn add(&mut self, path: impl Into<String>, en: impl Into<String>, ja: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            message: en.into(),
            message_ja: ja.into(),
            place: None,
        });
    }
}

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

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
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

fn header(s: &Scenario, file_stem: Option<&str>, p: &mut Problems) {
    if !is_slug(&s.id) {
        p.add(
            "id",
            format!("{:?} is not lowercase words joined by `-`", s.id),
            format!("{:?} は `-` でつないだ小文字の語ではない", s.id),
        );
    }
    if let Some(stem) = file_stem {
        if stem != s.id {
            p.add(
                "id",
                format!("{:?} differs from the file name {stem:?}", s.id),
                format!("{:?} がファイル名 {stem:?} と違う", s.id),
            );
        }
    }
    if s.title.trim().is_empty() || s.title.contains('\n') {
        p.add(
            "title",
            "must be one non-empty line",
            "空でない 1 行でなければならない",
        );
    }
    for (i, t) in s.tags.iter().enumerate() {
        if !is_slug(t) {
            p.add(
                format!("tags[{i}]"),
                format!("{t:?} is not lowercase words joined by `-`"),
                format!("{t:?} は `-` でつないだ小文字の語ではない"),
            );
        }
    }
    for (i, r) in s.references.iter().enumerate() {
        if r.trim().is_empty() {
            p.add(format!("references[{i}]"), "is empty", "空である");
        }
    }
    if s.timeout_secs == Some(0) {
        p.add(
            "timeout_secs",
            "must be at least 1",
            "1 以上でなければならない",
        );
    }
    let pinned = s.given.clock.pinned.as_deref();
    if pinned.is_some_and(|why| why.trim().is_empty() || why.contains('\n')) {
        p.add(
            "given.clock.pinned",
            "must say in one line why the day is the point",
            "その日付がなぜ要点なのかを 1 行で書かなければならない",
        );
    }
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
            recorded_card(card, recorded, &at, p);
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
        card_overrides(card, &persona, &at, p);
        personas.insert(i, persona);
    }
    personas
}

/// A recorded card (`docs/import.md`): its script is a recording, and nothing of a persona's
/// card is asked of it.
fn recorded_card(
    card: &CardGiven,
    recorded: &super::model::RecordedGiven,
    at: &str,
    p: &mut Problems,
) {
    if !card.persona.is_empty() {
        p.add(
            format!("{at}.persona"),
            "a recorded card has no persona: give `persona` or `recorded`, not both",
            "記録されたカードにペルソナはない: `persona` か `recorded` のどちらか一方を指定する",
        );
    }
    if card.id.is_none() {
        p.add(
            format!("{at}.id"),
            "a recorded card needs an `id`",
            "記録されたカードには `id` が必要だ",
        );
    }
    if card.profile.is_some()
        || card.token.is_some()
        || !card.pins.entries().is_empty()
        || card.behaviour != super::model::BehaviourGiven::default()
    {
        p.add(
            at.to_owned(),
            "`profile`, `pins` and `behaviour` are a persona's card's; a recorded card answers as its log did",
            "`profile`、`pins`、`behaviour` はペルソナのカードのもの: 記録されたカードはログのとおりに応答する",
        );
    }
    if let Err(e) = recorded.recording() {
        p.add(
            format!("{at}.recorded"),
            e.to_string(),
            format!("記録をカードとして再生できない: {e}"),
        );
    }
}

fn card_overrides(card: &CardGiven, persona: &Persona, at: &str, p: &mut Problems) {
    let own = persona.card.profile;
    let mut profile: CardProfileName = card.profile.map_or(own, Into::into);
    match card.token.map(|t| t.phone_profile()) {
        Some(Some(phone)) => profile = phone,
        Some(None) if own.is_phone() => profile = CardProfileName::Standard,
        _ => {}
    }
    if profile.is_phone() != own.is_phone() {
        let (why, why_ja) = if own.is_phone() {
            (
                "holds a phone's certificates: a card needs a card persona",
                "はスマートフォンの証明書を持つ: カードにはカードのペルソナが必要だ",
            )
        } else {
            (
                "has no phone certificates: a phone has its own, issued from the card (use a phone \
                 persona such as `phone-android`; docs/card.md, \"Phone profiles\")",
                "はスマートフォンの証明書を持たない: スマートフォンはカードから発行された自身の証明書を持つ \
                 (`phone-android` などスマートフォンのペルソナを使う、docs/card.md, \"Phone profiles\")",
            )
        };
        let key = if card.token.is_some() {
            "token"
        } else {
            "profile"
        };
        p.add(
            format!("{at}.{key}"),
            format!("persona {:?} {why}", persona.id),
            format!("ペルソナ {:?} {why_ja}", persona.id),
        );
    }
    if profile.uses_p384() != own.uses_p384() {
        let has = if own.uses_p384() { "P-384" } else { "RSA" };
        let needs = if profile.uses_p384() { "P-384" } else { "RSA" };
        p.add(
            format!("{at}.profile"),
            format!(
                "persona {:?} has {has} keys; profile {profile:?} needs {needs} keys",
                persona.id,
            ),
            format!(
                "ペルソナ {:?} の鍵は {has} だが、プロファイル {profile:?} には {needs} の鍵が必要だ",
                persona.id,
            ),
        );
    }
    if profile.has_sign_certificate() && !own.has_sign_certificate() {
        p.add(
            format!("{at}.profile"),
            format!(
                "persona {:?} has no sign certificate for profile {profile:?}",
                persona.id
            ),
            format!(
                "ペルソナ {:?} にはプロファイル {profile:?} の署名用証明書がない",
                persona.id
            ),
        );
    }
    let pins = &persona.card.pins;
    for (key, max, o) in card.pins.entries() {
        let path = format!("{at}.pins.{key}");
        let set = match key {
            "auth" => pins.auth.is_some(),
            "sign" => pins.sign.is_some(),
            "kenhojo" => pins.kenhojo.is_some(),
            _ => pins.juki.is_some(),
        };
        if !profile.pins_set() {
            p.add(
                &path,
                format!("a {profile:?} card has no PINs"),
                format!("{profile:?} のカードに暗証番号はない"),
            );
        } else if !set && o.value.is_none() {
            p.add(
                &path,
                format!("persona {:?} has no {key} PIN to override", persona.id),
                format!(
                    "ペルソナ {:?} に上書きする {key} の暗証番号はない",
                    persona.id
                ),
            );
        }
        if let Some(t) = o.tries_left {
            if t > max {
                p.add(
                    format!("{path}.tries_left"),
                    format!("{t} is more than the {max} tries of the {key} PIN"),
                    format!("{t} は {key} の暗証番号の残り回数の上限 {max} を超えている"),
                );
            }
        }
        if let Some(v) = &o.value {
            let format = if key == "sign" {
                PinFormat::SignPassword
            } else {
                PinFormat::Digits(4)
            };
            if !format.accepts(v.expose().as_bytes()) {
                let (what, what_ja) = if key == "sign" {
                    (
                        "6–16 of A–Z and 0–9 with a letter and a digit",
                        "A–Z と 0–9 の 6–16 文字 (英字と数字を 1 つ以上含む)",
                    )
                } else {
                    ("4 digits", "4 桁の数字")
                };
                p.add(
                    format!("{path}.value"),
                    format!("a {key} PIN is {what}"),
                    format!("{key} の暗証番号は{what_ja}でなければならない"),
                );
            }
        }
    }
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
        if let Some(atr) = &r.atr {
            let hex: String = atr.chars().filter(|c| !c.is_whitespace()).collect();
            if r.profile != super::model::ReaderProfile::Contactless {
                p.add(
                    format!("{at}.atr"),
                    "only a contactless reader synthesises an ATR",
                    "ATR を合成するのは非接触リーダーだけだ",
                );
            } else if !hex.len().is_multiple_of(2)
                || hex.len() < 4
                || hex.len() > 66
                || !hex.bytes().all(|b| b.is_ascii_hexdigit())
            {
                p.add(
                    format!("{at}.atr"),
                    "must be 2 to 33 bytes in hex",
                    "16 進で 2 から 33 バイトでなければならない",
                );
            }
        }
    }
}

/// The longest `given.facility.account.user_id` a scenario may hand the client: room for an id
/// the terminal never issues, within what a login form takes.
const MAX_TYPED_USER_ID: usize = 64;

fn facility(s: &Scenario, p: &mut Problems) {
    let f = &s.given.facility;
    if f.medical_institution_code.len() != 10
        || !f
            .medical_institution_code
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        p.add(
            "given.facility.medical_institution_code",
            "must be 10 digits",
            "10 桁の数字でなければならない",
        );
    }
    for (key, en, ja) in f.checkup_identity_problems(&s.flows) {
        p.add(format!("given.facility.{key}"), en, ja);
    }
    if let Some(a) = &f.account {
        // What the client is given may be an id the terminal never issues (a typo, a 9th
        // character): the service answers it as an unknown user (docs/device-setup.md). Only
        // what no one could type is refused.
        if a.user_id.is_empty()
            || a.user_id.chars().count() > MAX_TYPED_USER_ID
            || a.user_id.chars().any(char::is_control)
        {
            p.add(
                "given.facility.account.user_id",
                "must be 1–64 characters without control characters (the terminal issues 2–8 half-width alphanumerics; another id is an unknown user)",
                "制御文字を含まない 1–64 文字でなければならない (資格確認端末が発行するのは半角英数字 2–8 文字で、ほかの id は未知の利用者になる)",
            );
        }
        if a.password.as_ref().is_some_and(|pw| pw.expose().is_empty()) {
            p.add("given.facility.account.password", "is empty", "空である");
        }
        if a.password.is_none() && s.operator.passwords.is_empty() {
            p.add(
                "given.facility.account.password",
                "is absent, so the staff type it: give `operator.passwords` (flow `password-ask`)",
                "がないので職員が入力する: `operator.passwords` を指定する (業務フロー `password-ask`)",
            );
        }
    }
    if let Some(portal) = &f.portal_account {
        // A device registered through the portal has its device account, never a terminal's
        // account or activation code (docs/device-setup.md, "Portal registration").
        if f.account.is_some() || f.activation_code.is_some() {
            p.add(
                "given.facility.portal_account",
                "is given with `account` or `activation_code`: a facility sets its devices up \
                 either on its terminal or through the portal",
                "が `account` や `activation_code` と共に指定されている: 施設は機器を資格確認端末で\
                 設定するか、ポータルで登録するかのどちらかだ",
            );
        }
        if portal.account.is_empty() {
            p.add(
                "given.facility.portal_account.account",
                "is empty",
                "空である",
            );
        }
        if portal.password.expose().is_empty() {
            p.add(
                "given.facility.portal_account.password",
                "is empty",
                "空である",
            );
        }
    }
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
        if given.data.clock.is_some() {
            p.add(
                "given.terminal.clock",
                "the scenario has one clock: use `given.clock`",
                "シナリオの時計は 1 つだ: `given.clock` を使う",
            );
        }
    }
}

/// The answer-editing card faults (`wrong-le`, `more-data`, `truncate`, `extend`, `atr`).
fn answer_edit(at: &str, f: &CardFault, p: &mut Problems) {
    let times = match f {
        CardFault::WrongLe(WrongLe { times, .. })
        | CardFault::MoreData(MoreData { times, .. })
        | CardFault::Truncate(ResizeAnswer { times, .. })
        | CardFault::Extend(ResizeAnswer { times, .. }) => *times,
        CardFault::Atr(AtrVariant { atr, .. }) => {
            if let Err(e) = mynakit_reader::atr::parse_hex(atr) {
                p.add(
                    format!("{at}.atr"),
                    e.to_string(),
                    format!("ATR が正しくない: {e}"),
                );
            }
            1
        }
        _ => 1,
    };
    if times == 0 {
        p.add(
            format!("{at}.times"),
            "must be at least 1",
            "1 以上でなければならない",
        );
    }
    if let CardFault::Truncate(ResizeAnswer { by: 0, .. })
    | CardFault::Extend(ResizeAnswer { by: 0, .. }) = f
    {
        p.add(
            format!("{at}.by"),
            "must be at least 1",
            "1 以上でなければならない",
        );
    }
}

fn ask_ref(path: &str, r: &AskRef, p: &mut Problems) {
    if r.nth == 0 {
        p.add(format!("{path}.nth"), "counts from 1", "1 から数える");
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
        ask_ref("operator.cancel", c, p);
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
        match f.when() {
            CardTrigger::Apdu(0) => {
                p.add(format!("{at}.when.apdu"), "counts from 1", "1 から数える")
            }
            CardTrigger::Operator(r) => ask_ref(&format!("{at}.when.operator"), r, p),
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
        if let CardFault::Status(InjectStatus { times: 0, .. }) = f {
            p.add(
                format!("{at}.times"),
                "must be at least 1",
                "1 以上でなければならない",
            );
        }
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
        if let CardFault::Slow(SlowCard { times: Some(0), .. }) = f {
            p.add(
                format!("{at}.times"),
                "must be at least 1",
                "1 以上でなければならない",
            );
        }
        answer_edit(&at, f, p);
    }
    for (i, f) in s.faults.service.iter().enumerate() {
        let at = format!("faults.service[{i}].{}", f.key());
        if let ServiceFault::Status(StatusFault { status, .. }) = f {
            if !(200..=599).contains(status) {
                p.add(
                    format!("{at}.status"),
                    format!("{status} is not a final HTTP status (200–599)"),
                    format!("{status} は最終的な HTTP ステータス (200–599) ではない"),
                );
            }
        }
        if let ServiceFault::Maintenance(Maintenance { from, to }) = f {
            if from >= to {
                p.add(
                    format!("{at}.to"),
                    "must be after `from`",
                    "`from` より後でなければならない",
                );
            }
        }
        if let Some(on) = f.on() {
            service_trigger(&format!("{at}.on"), on, p);
        }
    }
}

fn service_trigger(at: &str, on: &ServiceTrigger, p: &mut Problems) {
    if on.request == Some(0) {
        p.add(format!("{at}.request"), "counts from 1", "1 から数える");
    }
    if on.times == Some(0) {
        p.add(
            format!("{at}.times"),
            "must be at least 1",
            "1 以上でなければならない",
        );
    }
    if let Some(m) = &on.method {
        if m.is_empty() || !m.bytes().all(|b| b.is_ascii_uppercase()) {
            p.add(
                format!("{at}.method"),
                format!("{m:?} is not an upper-case HTTP method"),
                format!("{m:?} は大文字の HTTP メソッドではない"),
            );
        }
    }
    if let Some(prefix) = &on.path_prefix {
        if !prefix.starts_with('/') {
            p.add(
                format!("{at}.path_prefix"),
                "must start with `/`",
                "`/` で始まらなければならない",
            );
        }
    }
    if let Some(r) = &on.operator {
        ask_ref(&format!("{at}.operator"), r, p);
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
