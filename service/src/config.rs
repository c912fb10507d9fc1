//! How the service is started (`mynakit service …`) and the knobs a scenario can change later.
//!
//! [`ServiceConfig`] is what the command line gives (it derives `clap::Args`, so the CLI can
//! `#[command(flatten)]` it); [`Settings`] is the part that stays adjustable at run time through
//! the admin API (`PUT /__admin/settings`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::codes::CodeTable;
use crate::jis::NonJisMode;

/// The default terms-of-use version a registration must consent to.
pub const DEFAULT_TERMS_VERSION: &str = "2026-04";

fn parse_rfc3339(s: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| format!("not an RFC 3339 date-time ({e}), e.g. 2026-11-01T09:00:00+09:00"))
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
    #[arg(long, default_value_t = 60)]
    pub challenge_ttl_secs: u64,
    /// How long after its first use a renewed card's new certificate is re-linked.
    #[arg(long, default_value_t = 86_400)]
    pub relink_lag_secs: u64,
    /// How long after 保険証利用登録 the registration takes effect.
    #[arg(long, default_value_t = 0)]
    pub registration_delay_secs: u64,
    /// What to do with characters outside JIS X 0208 in names and addresses.
    #[arg(long, value_enum, default_value_t = NonJisMode::Substitute)]
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
    /// accounts and activation codes (`docs/service.md`, "Service data").
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Refuse public requests that are not signed by an activated device (RFC 9421).
    #[arg(long)]
    pub require_device_signatures: bool,
    /// How far a device signature's `created` may be from the system clock, seconds.
    #[arg(long, default_value_t = 300)]
    pub signature_window_secs: u64,
    /// How long after issue an activation code becomes usable (the manual says about 10 minutes).
    #[arg(long, default_value_t = 0)]
    pub activation_delay_secs: u64,
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
            non_jis: NonJisMode::Substitute,
            terms_version: DEFAULT_TERMS_VERSION.to_owned(),
            seed: 0,
            run_header: "x-mynakit-run".to_owned(),
            data: None,
            require_device_signatures: false,
            signature_window_secs: 300,
            activation_delay_secs: 0,
        }
    }
}

/// The knobs a scenario can turn at run time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
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
    /// Refuse public requests without a device signature.
    pub require_device_signatures: bool,
    /// Accepted distance of a signature's `created` from the system clock, seconds.
    pub signature_window_secs: u64,
    /// Delay before an activation code is usable, seconds.
    pub activation_delay_secs: u64,
}

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
            require_device_signatures: c.require_device_signatures,
            signature_window_secs: c.signature_window_secs,
            activation_delay_secs: c.activation_delay_secs,
        }
    }
}
