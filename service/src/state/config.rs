//! How the service is started (`mynakit service …`) and the knobs a scenario can change later.
//!
//! [`ServiceConfig`] is what the command line gives (it derives `clap::Args`, so the CLI can
//! `#[command(flatten)]` it); [`Settings`] is the part that stays adjustable at run time. A
//! [`SettingsPatch`] changes some settings and keeps the others: it is the body of
//! `PUT /__admin/settings` and the `settings` key of the service data (`docs/service.md`,
//! "Admin API" and "Service data").
//!
//! Every duration is capped at [`MAX_SECS`] when it is set, so no later date arithmetic on the
//! scenario clock can overflow (the clock itself saturates at the ends of `time`'s range).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use mynakit_protocol::RuleSet;

use mynakit_oqs::CodeTable;
use mynakit_oqs::NonJisMode;
// The limits every HTTP listener of mynakit has unless told; the flags below set the service's.
use mynakit_listener::{
    DEFAULT_BODY_TIMEOUT_SECS, DEFAULT_HEADER_TIMEOUT_SECS, DEFAULT_MAX_CONNECTIONS,
};

use crate::care::settings::DisasterLookup;
use crate::devices::portal::PortalAccountFormat;
use crate::eligibility::kenshin_id::KenshinIdFormat;

/// The default terms-of-use version a registration must consent to.
pub const DEFAULT_TERMS_VERSION: &str = "2026-04";

/// The longest duration a setting may hold, in seconds: ten years of 366 days. Longer ones have
/// no use in a scenario and would only push dates past year 9999.
pub const MAX_SECS: u64 = 10 * 366 * 86_400;

// The journal's and the history's default caps belong to them; named here too, beside the
// flags that change them.
pub use crate::eligibility::history::DEFAULT_HISTORY_CAP;
pub use crate::journal::DEFAULT_JOURNAL_CAP;

/// A value that is not one a setting takes, saying what it must be. The parsers below read the
/// command line's flags (clap names the flag); [`Secs`] reads a data file's or an admin
/// request's key (serde names the key and its place).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not an RFC 3339 date-time.
    #[error("not an RFC 3339 date-time ({0}), e.g. 2026-11-01T09:00:00+09:00")]
    NotDateTime(time::error::Parse),
    /// Not a deadline of 1 to 3600 seconds.
    #[error("a whole number of seconds from 1 to 3600")]
    NotDeadline,
    /// Not a number of connections from 1 to 1,000,000.
    #[error("a whole number from 1 to 1000000")]
    NotConnectionCount,
    /// Not a whole number of seconds.
    #[error("not a whole number of seconds")]
    NotSeconds,
    /// More seconds than [`MAX_SECS`].
    #[error("at most {MAX_SECS} seconds (ten years)")]
    TooLong {
        /// The seconds given.
        secs: u64,
    },
}

fn parse_rfc3339(s: &str) -> Result<OffsetDateTime, ValueError> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(ValueError::NotDateTime)
}

/// A deadline in whole seconds: at least 1, at most an hour (a longer one protects nothing).
fn parse_deadline(s: &str) -> Result<u64, ValueError> {
    match s.parse::<u64>() {
        Ok(secs @ 1..=3600) => Ok(secs),
        _ => Err(ValueError::NotDeadline),
    }
}

fn parse_max_connections(s: &str) -> Result<usize, ValueError> {
    match s.parse::<usize>() {
        Ok(n @ 1..=1_000_000) => Ok(n),
        _ => Err(ValueError::NotConnectionCount),
    }
}

fn parse_secs(s: &str) -> Result<u64, ValueError> {
    let secs: u64 = s.parse().map_err(|_| ValueError::NotSeconds)?;
    check_secs(secs)
}

/// `secs` if it is at most [`MAX_SECS`].
fn check_secs(secs: u64) -> Result<u64, ValueError> {
    if secs <= MAX_SECS {
        Ok(secs)
    } else {
        Err(ValueError::TooLong { secs })
    }
}

/// `secs` as a `time::Duration` (saturating; settings are capped at [`MAX_SECS`] anyway).
pub fn secs(secs: u64) -> Duration {
    Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Start-up configuration. Both listeners bind to 127.0.0.1 only.
#[derive(Clone, Debug, clap::Args)]
pub struct ServiceConfig {
    /// Port of the public API on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 8443)]
    pub port: u16,
    /// Port of the admin API (plain HTTP) on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 8444)]
    pub admin_port: u16,
    /// Serve the public API over plain HTTP instead of HTTPS.
    #[arg(long)]
    pub plain_http: bool,
    /// Fixtures directory (`personas/`, `pki/`); default: the bundled one or $MYNAKIT_FIXTURES.
    /// Not a flag of its own: the `mynakit` command's global `--fixtures` sets it.
    #[arg(skip)]
    pub fixtures: Option<PathBuf>,
    /// Start of the scenario clock, RFC 3339 (default 2026-11-01T09:00:00+09:00).
    #[arg(long, value_name = "RFC3339", value_parser = parse_rfc3339)]
    pub clock: Option<OffsetDateTime>,
    /// Freeze the scenario clock; it then moves only through the admin API.
    #[arg(long)]
    pub freeze_clock: bool,
    /// Lifetime of a challenge, in scenario-clock seconds.
    #[arg(long, default_value_t = 60, value_parser = parse_secs)]
    pub challenge_ttl_secs: u64,
    /// How long after its first use a renewed card's new certificate is re-linked.
    #[arg(long, default_value_t = 86_400, value_parser = parse_secs)]
    pub relink_lag_secs: u64,
    /// How long after 保険証利用登録 the registration takes effect.
    #[arg(long, default_value_t = 0, value_parser = parse_secs)]
    pub registration_delay_secs: u64,
    /// What to do with characters outside JIS X 0208 in names and addresses.
    #[arg(long, value_enum, default_value_t = NonJisMode::Observed)]
    pub non_jis: NonJisMode,
    /// The terms-of-use version registrations must consent to.
    #[arg(long, default_value = DEFAULT_TERMS_VERSION)]
    pub terms_version: String,
    /// Seed of the fault injector's random latency.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Request header carrying the scenario/run id recorded in the journal.
    #[arg(long, default_value = "x-mynakit-run")]
    pub run_header: String,
    /// Service data (YAML): persons, insurances, registrations, revocations, clock, faults,
    /// accounts, activation codes and settings (`mynakit docs service`, "Service data").
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Accept public requests that carry no device signature (RFC 9421). Off by default: every
    /// public request but health, the OpenAPI document and activation must be signed by an
    /// activated device. A request that carries a signature is always verified.
    #[arg(long)]
    pub allow_unsigned: bool,
    /// How far a device signature's `created` may be from the system clock, seconds.
    #[arg(long, default_value_t = 300, value_parser = parse_secs)]
    pub signature_window_secs: u64,
    /// How long after issue an activation code becomes usable (the manual says about 10 minutes).
    #[arg(long, default_value_t = 0, value_parser = parse_secs)]
    pub activation_delay_secs: u64,
    /// Journal entries kept; beyond it the oldest are dropped (and counted).
    #[arg(long, default_value_t = DEFAULT_JOURNAL_CAP)]
    pub journal_cap: usize,
    /// Confirmations kept in the history; beyond it the oldest are dropped.
    #[arg(long, default_value_t = DEFAULT_HISTORY_CAP)]
    pub history_cap: usize,
    /// The rule set in force, by date (`mynakit docs rules`): `2025-05-21` (the default, the newest)
    /// releases 限度額 data without the patient's consent unless the client refuses it;
    /// `2021-03-04` only with `limit_application_consent: true`.
    #[arg(long, value_name = "DATE", default_value_t = RuleSet::NEWEST)]
    pub rules: RuleSet,
    /// Deadline for a whole request head (request line and headers), seconds, counted from the
    /// first byte awaited and never extended by a header line; the connection is closed then.
    #[arg(long, default_value_t = DEFAULT_HEADER_TIMEOUT_SECS, value_parser = parse_deadline)]
    pub header_timeout_secs: u64,
    /// Deadline for a whole request body after its head, seconds; a slower body is answered
    /// 408 problem+json and the connection is closed.
    #[arg(long, default_value_t = DEFAULT_BODY_TIMEOUT_SECS, value_parser = parse_deadline)]
    pub body_timeout_secs: u64,
    /// Open connections per listener (public and admin each); beyond it new ones wait to be
    /// accepted until one closes.
    #[arg(long, default_value_t = DEFAULT_MAX_CONNECTIONS, value_parser = parse_max_connections)]
    pub max_connections: usize,
    /// How the 災害時 view finds a patient without a card (`mynakit docs disaster`, "Lookup"): by
    /// the insurance data they tell (the default), by name and birth date, or either. The
    /// sources do not say; a switch.
    #[arg(long, value_enum, default_value_t = DisasterLookup::InsuranceCard)]
    pub disaster_lookup: DisasterLookup,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            port: 8443,
            admin_port: 8444,
            plain_http: false,
            fixtures: None,
            clock: None,
            freeze_clock: false,
            challenge_ttl_secs: 60,
            relink_lag_secs: 86_400,
            registration_delay_secs: 0,
            non_jis: NonJisMode::Observed,
            terms_version: DEFAULT_TERMS_VERSION.to_owned(),
            seed: 0,
            run_header: "x-mynakit-run".to_owned(),
            data: None,
            allow_unsigned: false,
            signature_window_secs: 300,
            activation_delay_secs: 0,
            journal_cap: DEFAULT_JOURNAL_CAP,
            history_cap: DEFAULT_HISTORY_CAP,
            rules: RuleSet::NEWEST,
            header_timeout_secs: DEFAULT_HEADER_TIMEOUT_SECS,
            body_timeout_secs: DEFAULT_BODY_TIMEOUT_SECS,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            disaster_lookup: DisasterLookup::InsuranceCard,
        }
    }
}

/// The knobs a scenario can turn at run time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Challenge lifetime, seconds.
    pub challenge_ttl_secs: u64,
    /// Re-link lag after a renewed card's first use, seconds.
    pub relink_lag_secs: u64,
    /// Delay before a registration takes effect, seconds.
    pub registration_delay_secs: u64,
    /// Characters outside JIS X 0208.
    pub non_jis: NonJisMode,
    /// The current terms-of-use version.
    pub terms_version: String,
    /// Result-code overrides.
    pub codes: CodeTable,
    /// Accept public requests without a device signature.
    pub allow_unsigned: bool,
    /// Accepted distance of a signature's `created` from the system clock, seconds.
    pub signature_window_secs: u64,
    /// Delay before an activation code is usable, seconds.
    pub activation_delay_secs: u64,
    /// The rule set in force (`docs/rules.md`): whether 限度額 data needs the patient's consent.
    pub rules: RuleSet,
    /// Wrong passwords in a row that lock an account at activation (0: never). The real number
    /// is not public: [`DEFAULT_LOCKOUT_AFTER`] is this mock's default (`docs/device-setup.md`).
    pub lockout_after: u32,
    /// A revision of the terms of use published while a patient reads them: right after
    /// `GET /v1/terms` has answered, `terms_version` becomes this (once), so a registration
    /// that consents to what was shown is refused as outdated (`docs/registration-branches.md`).
    pub terms_revised_to: Option<String>,
    /// How the 災害時 view finds a patient without a card (`docs/disaster.md`, "Lookup").
    pub disaster_lookup: DisasterLookup,
    /// The digit counts an activation code may have. The terminal's manual shows an 11-digit
    /// code beside 12-digit ones and states no length, so the default accepts both
    /// ([`DEFAULT_ACTIVATION_CODE_LENGTHS`], `docs/device-setup.md`).
    pub activation_code_lengths: Vec<u8>,
    /// The formats of a 健診 facility's 健診・保健指導機関番号 and an insurer's
    /// オンライン資格確認用コード. The notice names both and gives neither format, so the
    /// default (10 digits each) is an assumption (`docs/kenshin.md`, "Facility identities").
    pub kenshin_facility_id_format: KenshinIdFormat,
    /// The format of a portal device account's id. Only the example `W0000001` is public, so
    /// the default (`W` and 7 digits) follows it (`docs/device-setup.md`, "Portal
    /// registration").
    pub portal_account_format: PortalAccountFormat,
    /// The オンライン資格確認用コード the 支払基金 has issued on an insurer's オンライン資格確認導入届
    /// (保険者): a 健診 check naming another is refused (`insurer-code-not-introduced`). `None`
    /// (the default): every code of the format is taken, as no list of issued codes is public
    /// (`docs/kenshin.md`, "Facility identities").
    pub introduced_insurer_codes: Option<Vec<String>>,
}

/// Activation code lengths accepted by default: 11 and 12 digits, as the codes the terminal's
/// administrator screen lists (MHLW 事務連絡 2025-05-21 別添 step ②: `95660891443` beside
/// `606544757014`). The real rule is not public (`docs/device-setup.md`).
pub const DEFAULT_ACTIVATION_CODE_LENGTHS: [u8; 2] = [11, 12];

/// Wrong passwords in a row that lock an account by default: 5, a common choice; the real
/// system's number is not public.
pub const DEFAULT_LOCKOUT_AFTER: u32 = 5;

impl Default for Settings {
    fn default() -> Self {
        Settings::from(&ServiceConfig::default())
    }
}

impl From<&ServiceConfig> for Settings {
    fn from(c: &ServiceConfig) -> Self {
        Settings {
            challenge_ttl_secs: c.challenge_ttl_secs,
            relink_lag_secs: c.relink_lag_secs,
            registration_delay_secs: c.registration_delay_secs,
            non_jis: c.non_jis,
            terms_version: c.terms_version.clone(),
            codes: CodeTable::default(),
            allow_unsigned: c.allow_unsigned,
            signature_window_secs: c.signature_window_secs,
            activation_delay_secs: c.activation_delay_secs,
            rules: c.rules,
            lockout_after: DEFAULT_LOCKOUT_AFTER,
            terms_revised_to: None,
            disaster_lookup: c.disaster_lookup,
            activation_code_lengths: DEFAULT_ACTIVATION_CODE_LENGTHS.to_vec(),
            kenshin_facility_id_format: KenshinIdFormat::default(),
            portal_account_format: PortalAccountFormat::default(),
            introduced_insurer_codes: None,
        }
    }
}

/// A setting that cannot be used, with the field it is in.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {detail}")]
pub struct SettingsError {
    /// The setting's name (`challenge_ttl_secs`, …).
    pub field: &'static str,
    /// What is wrong.
    pub detail: String,
}

impl Settings {
    /// Checks every setting: durations at most [`MAX_SECS`], a non-empty terms version.
    ///
    /// # Errors
    ///
    /// [`SettingsError`] naming the first bad setting.
    pub fn validate(&self) -> Result<(), SettingsError> {
        for (field, value) in [
            ("challenge_ttl_secs", self.challenge_ttl_secs),
            ("relink_lag_secs", self.relink_lag_secs),
            ("registration_delay_secs", self.registration_delay_secs),
            ("signature_window_secs", self.signature_window_secs),
            ("activation_delay_secs", self.activation_delay_secs),
        ] {
            check_secs(value).map_err(|e| SettingsError {
                field,
                detail: e.to_string(),
            })?;
        }
        if self.terms_version.trim().is_empty() {
            return Err(SettingsError {
                field: "terms_version",
                detail: "must not be empty".to_owned(),
            });
        }
        if self.activation_code_lengths.is_empty()
            || self
                .activation_code_lengths
                .iter()
                .any(|n| !(1..=32).contains(n))
        {
            return Err(SettingsError {
                field: "activation_code_lengths",
                detail: "must list digit counts from 1 to 32".to_owned(),
            });
        }
        if let Some(codes) = &self.introduced_insurer_codes {
            let lengths = &self.kenshin_facility_id_format.insurer_online_code_lengths;
            if let Some(code) = codes.iter().find(|c| {
                !c.bytes().all(|b| b.is_ascii_digit())
                    || !lengths.iter().any(|n| usize::from(*n) == c.len())
            }) {
                return Err(SettingsError {
                    field: "introduced_insurer_codes",
                    detail: format!(
                        "{code:?} is no オンライン資格確認用コード of the format \
                         (kenshin_facility_id_format.insurer_online_code_lengths)"
                    ),
                });
            }
        }
        if let Some(field) = self.kenshin_facility_id_format.invalid_field() {
            return Err(SettingsError {
                field,
                detail: "must list digit counts from 1 to 32".to_owned(),
            });
        }
        if let Some(detail) = self.portal_account_format.invalid() {
            return Err(SettingsError {
                field: "portal_account_format",
                detail: detail.to_owned(),
            });
        }
        Ok(())
    }

    /// Whether `code` is an activation code under these settings: ASCII digits only (a leading
    /// `0` included: a code is a string, never a number), as many as one of
    /// `activation_code_lengths`.
    pub fn is_activation_code(&self, code: &str) -> bool {
        code.bytes().all(|b| b.is_ascii_digit())
            && u8::try_from(code.len()).is_ok_and(|n| self.activation_code_lengths.contains(&n))
    }

    /// The accepted lengths for an error message: `11 or 12 digits`.
    pub fn activation_code_rule(&self) -> String {
        let lengths: Vec<String> = self
            .activation_code_lengths
            .iter()
            .map(u8::to_string)
            .collect();
        format!("must be {} digits", lengths.join(" or "))
    }

    /// These settings with the keys of `patch` applied; `codes`, if given, replaces the whole
    /// override table.
    ///
    /// # Errors
    ///
    /// [`SettingsError`] if the result is not valid ([`Settings::validate`]).
    pub fn patched(&self, patch: &SettingsPatch) -> Result<Settings, SettingsError> {
        let mut s = self.clone();
        let secs = |v: Option<Secs>, old: u64| v.map_or(old, |s| s.0);
        s.challenge_ttl_secs = secs(patch.challenge_ttl_secs, s.challenge_ttl_secs);
        s.relink_lag_secs = secs(patch.relink_lag_secs, s.relink_lag_secs);
        s.registration_delay_secs = secs(patch.registration_delay_secs, s.registration_delay_secs);
        s.signature_window_secs = secs(patch.signature_window_secs, s.signature_window_secs);
        s.activation_delay_secs = secs(patch.activation_delay_secs, s.activation_delay_secs);
        if let Some(v) = patch.non_jis {
            s.non_jis = v;
        }
        if let Some(v) = &patch.terms_version {
            s.terms_version.clone_from(v);
        }
        if let Some(v) = &patch.codes {
            s.codes = v.clone();
        }
        if let Some(v) = patch.allow_unsigned {
            s.allow_unsigned = v;
        }
        if let Some(v) = patch.rules {
            s.rules = v;
        }
        if let Some(v) = patch.lockout_after {
            s.lockout_after = v;
        }
        if let Some(v) = &patch.terms_revised_to {
            s.terms_revised_to = Some(v.clone());
        }
        if let Some(v) = patch.disaster_lookup {
            s.disaster_lookup = v;
        }
        if let Some(v) = &patch.activation_code_lengths {
            s.activation_code_lengths.clone_from(v);
        }
        if let Some(v) = &patch.kenshin_facility_id_format {
            s.kenshin_facility_id_format.clone_from(v);
        }
        if let Some(v) = &patch.portal_account_format {
            s.portal_account_format.clone_from(v);
        }
        if let Some(v) = &patch.introduced_insurer_codes {
            s.introduced_insurer_codes = Some(v.clone());
        }
        s.validate()?;
        Ok(s)
    }
}

/// A duration setting in seconds, checked against [`MAX_SECS`] as it is read, so a bad value is
/// refused naming its key (in an admin request or at `file:line:col` in YAML data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct Secs(u64);

impl Secs {
    /// The seconds.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl TryFrom<u64> for Secs {
    type Error = ValueError;
    fn try_from(value: u64) -> Result<Self, Self::Error> {
        check_secs(value).map(Secs)
    }
}

impl From<Secs> for u64 {
    fn from(value: Secs) -> u64 {
        value.0
    }
}

/// A whole number of seconds up to [`MAX_SECS`], as `TryFrom<u64>` reads it.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Secs {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secs".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_SECS,
            "description": "Seconds, at most ten years."
        })
    }
}

/// Some settings to change; absent keys keep their current value. The body of
/// `PUT /__admin/settings` and the `settings` key of the service data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    /// Challenge lifetime, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_ttl_secs: Option<Secs>,
    /// Re-link lag after a renewed card's first use, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relink_lag_secs: Option<Secs>,
    /// Delay before a registration takes effect, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_delay_secs: Option<Secs>,
    /// Characters outside JIS X 0208.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_jis: Option<NonJisMode>,
    /// The current terms-of-use version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_version: Option<String>,
    /// Result-code overrides (replaces the whole table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codes: Option<CodeTable>,
    /// Accept public requests without a device signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_unsigned: Option<bool>,
    /// Accepted distance of a signature's `created` from the system clock, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_window_secs: Option<Secs>,
    /// Delay before an activation code is usable, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_delay_secs: Option<Secs>,
    /// The rule set in force, by date (`docs/rules.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<RuleSet>,
    /// Wrong passwords in a row that lock an account (0: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lockout_after: Option<u32>,
    /// The terms version published right after the next `GET /v1/terms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_revised_to: Option<String>,
    /// How the 災害時 view finds a patient without a card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disaster_lookup: Option<DisasterLookup>,
    /// The digit counts an activation code may have (default 11 and 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_code_lengths: Option<Vec<u8>>,
    /// The formats of a 健診 facility's identities (replaces both lists; default 10 digits
    /// each, an assumption: `docs/kenshin.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kenshin_facility_id_format: Option<KenshinIdFormat>,
    /// The オンライン資格確認用コード issued on a 導入届 (replaces the list; `[]`: none is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced_insurer_codes: Option<Vec<String>>,
    /// The format of a portal device account's id (default `W` and 7 digits, after the one
    /// public example: `docs/device-setup.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_account_format: Option<PortalAccountFormat>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_codes_are_digit_strings_of_an_accepted_length() {
        let s = Settings::default();
        assert!(s.is_activation_code("95660891443"), "11 digits, as listed");
        assert!(s.is_activation_code("606544757014"), "12 digits");
        assert!(s.is_activation_code("060654475701"), "a leading 0 is kept");
        assert!(!s.is_activation_code("9566089144"), "10 digits");
        assert!(!s.is_activation_code("6065447570145"), "13 digits");
        assert!(!s.is_activation_code("60654475701a"));
        assert!(
            !s.is_activation_code("６０６５４４７５７０１４"),
            "full-width digits"
        );
        let only_12 = Settings {
            activation_code_lengths: vec![12],
            ..Settings::default()
        };
        assert!(!only_12.is_activation_code("95660891443"));
        assert_eq!(only_12.activation_code_rule(), "must be 12 digits");
        assert_eq!(s.activation_code_rule(), "must be 11 or 12 digits");
    }

    #[test]
    fn a_patch_keeps_what_it_does_not_name() {
        let base = Settings {
            allow_unsigned: false,
            challenge_ttl_secs: 30,
            ..Settings::default()
        };
        let patch: SettingsPatch = serde_json::from_str(r#"{"relink_lag_secs": 0}"#).unwrap();
        let patched = base.patched(&patch).unwrap();
        assert_eq!(patched.relink_lag_secs, 0);
        assert_eq!(patched.challenge_ttl_secs, 30);
        assert!(!patched.allow_unsigned);
    }

    #[test]
    fn durations_are_capped_where_they_are_read() {
        let err = serde_json::from_str::<SettingsPatch>(
            r#"{"challenge_ttl_secs": 18446744073709551615}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("at most"), "{err}");
        let too_long = Settings {
            activation_delay_secs: MAX_SECS + 1,
            ..Settings::default()
        };
        assert_eq!(
            too_long.validate().unwrap_err().field,
            "activation_delay_secs"
        );
        assert!(parse_secs("18446744073709551615").is_err());
        let none = Settings {
            activation_code_lengths: Vec::new(),
            ..Settings::default()
        };
        assert_eq!(
            none.validate().unwrap_err().field,
            "activation_code_lengths"
        );
        assert_eq!(parse_secs("60"), Ok(60));
        assert_eq!(secs(u64::MAX), Duration::seconds(i64::MAX));
    }
}
