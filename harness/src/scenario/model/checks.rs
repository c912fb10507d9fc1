//! The checks of the top level and of `given`'s own sections, next to their types
//! ([`super`]): what each says about itself. What a section names elsewhere (a reader's card,
//! a card's persona) is checked with the scenario (`super::super::validate`).

use mynakit_emulator::PinFormat;
use mynakit_persona::{CardProfileName, Persona};

use super::super::problem::Problems;
use super::{
    BehaviourGiven, CardGiven, Clock, Facility, ReaderGiven, ReaderProfile, RecordedGiven, Scenario,
};

/// Lowercase words joined by `-` (`pin-lockout`): a scenario id, a tag.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl Scenario {
    /// What is wrong with the scenario's own keys: `id` (a slug, the file's stem), `title`
    /// (one line), `tags`, `references` and `timeout_secs`.
    pub(crate) fn check_header(&self, file_stem: Option<&str>, p: &mut Problems) {
        if !is_slug(&self.id) {
            p.add(
                "id",
                format!("{:?} is not lowercase words joined by `-`", self.id),
                format!("{:?} は `-` でつないだ小文字の語ではない", self.id),
            );
        }
        if let Some(stem) = file_stem {
            if stem != self.id {
                p.add(
                    "id",
                    format!("{:?} differs from the file name {stem:?}", self.id),
                    format!("{:?} がファイル名 {stem:?} と違う", self.id),
                );
            }
        }
        if self.title.trim().is_empty() || self.title.contains('\n') {
            p.add(
                "title",
                "must be one non-empty line",
                "空でない 1 行でなければならない",
            );
        }
        if let Some(title_ja) = &self.title_ja {
            if title_ja.trim().is_empty() || title_ja.contains('\n') {
                p.add(
                    "title_ja",
                    "must be one non-empty line",
                    "空でない 1 行でなければならない",
                );
            }
        }
        for (i, t) in self.tags.iter().enumerate() {
            if !is_slug(t) {
                p.add(
                    format!("tags[{i}]"),
                    format!("{t:?} is not lowercase words joined by `-`"),
                    format!("{t:?} は `-` でつないだ小文字の語ではない"),
                );
            }
        }
        for (i, r) in self.references.iter().enumerate() {
            if r.trim().is_empty() {
                p.add(format!("references[{i}]"), "is empty", "空である");
            }
        }
        for (i, r) in self.references_ja.iter().enumerate() {
            if r.trim().is_empty() {
                p.add(format!("references_ja[{i}]"), "is empty", "空である");
            }
        }
        if !self.references_ja.is_empty() && self.references_ja.len() != self.references.len() {
            p.add(
                "references_ja",
                format!(
                    "has {} entries for the {} of `references`: one for each, in order",
                    self.references_ja.len(),
                    self.references.len()
                ),
                format!(
                    "`references` の {} 件に対して {} 件ある: 1 件ずつ同じ順で書く",
                    self.references.len(),
                    self.references_ja.len()
                ),
            );
        }
        if self.timeout_secs == Some(0) {
            p.add(
                "timeout_secs",
                "must be at least 1",
                "1 以上でなければならない",
            );
        }
    }
}

impl Clock {
    /// What is wrong with the clock, at `at` (`given.clock`): a `pinned` says in one line why.
    pub(crate) fn check(&self, at: &str, p: &mut Problems) {
        let pinned = self.pinned.as_deref();
        let pinned_ja = self.pinned_ja.as_deref();
        for (key, why) in [("pinned", pinned), ("pinned_ja", pinned_ja)] {
            if why.is_some_and(|why| why.trim().is_empty() || why.contains('\n')) {
                p.add(
                    format!("{at}.{key}"),
                    "must say in one line why the day is the point",
                    "その日付がなぜ要点なのかを 1 行で書かなければならない",
                );
            }
        }
        if pinned_ja.is_some() && pinned.is_none() {
            p.add(
                format!("{at}.pinned_ja"),
                "is the Japanese of `pinned`, which is not set",
                "`pinned` の日本語だが、`pinned` がない",
            );
        }
    }
}

impl ReaderGiven {
    /// What is wrong with the reader itself, at `at` (`given.readers[i]`): only a contactless
    /// reader synthesises an ATR (its hex and size were checked as it was read,
    /// `super::super::hex::ReaderAtrHex`).
    pub(crate) fn check(&self, at: &str, p: &mut Problems) {
        if self.atr.is_some() && self.profile != ReaderProfile::Contactless {
            p.add(
                format!("{at}.atr"),
                "only a contactless reader synthesises an ATR",
                "ATR を合成するのは非接触リーダーだけだ",
            );
        }
    }
}

impl CardGiven {
    /// What is wrong with a recorded card, at `at` (`given.cards[i]`; `docs/import.md`): its
    /// script is a recording, and nothing of a persona's card is asked of it.
    pub(crate) fn check_recorded(&self, recorded: &RecordedGiven, at: &str, p: &mut Problems) {
        let card = self;
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
            || card.behaviour != BehaviourGiven::default()
            || card.certificates_of.is_some()
            || !card.records.is_genuine()
        {
            p.add(
                at.to_owned(),
                "`profile`, `pins`, `behaviour`, `certificates_of` and `records` are a persona's card's; a recorded card answers as its log did",
                "`profile`、`pins`、`behaviour`、`certificates_of`、`records` はペルソナのカードのもの: 記録されたカードはログのとおりに応答する",
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

    /// What is wrong with the card's overrides of its persona's card, at `at`
    /// (`given.cards[i]`): a profile or token of the persona's kind (card or phone, RSA or
    /// P-384, with the certificates it needs), and PINs the persona has, within their tries
    /// and formats.
    pub(crate) fn check_against(&self, persona: &Persona, at: &str, p: &mut Problems) {
        let card = self;
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
}

/// The longest `given.facility.account.user_id` a scenario may hand the client: room for an id
/// the terminal never issues, within what a login form takes.
const MAX_TYPED_USER_ID: usize = 64;

impl Facility {
    /// What is wrong with the facility, at `given.facility`: a 10-digit code, its 健診 identity
    /// in a scenario of `flows` ([`Facility::checkup_identity_problems`]), an account the staff
    /// can log in with (its password given, or typed by the staff when
    /// `staff_type_passwords`: `operator.passwords`), and a portal account instead of a
    /// terminal's.
    pub(crate) fn check(
        &self,
        flows: &[mynakit_protocol::Flow],
        staff_type_passwords: bool,
        p: &mut Problems,
    ) {
        let f = self;
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
        for (key, en, ja) in f.checkup_identity_problems(flows) {
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
            if a.password.is_none() && !staff_type_passwords {
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
}
