//! Where things are: the `MYNAKIT_*` environment the harness gives every client
//! (`docs/client-protocol.md`, "The client is a command"), read once into a [`ClientEnv`].
//!
//! The binary reads the process environment ([`ClientEnv::from_env`]); an in-process caller
//! builds the same from a map ([`ClientEnv::from_vars`]). The client's own timing choices —
//! HTTP timeouts, retry backoff, folder polling — are in [`Timings`], so tests can shorten them.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mynakit_protocol::env;

/// Everything the client knows about its world, from `MYNAKIT_*` variables.
#[derive(Clone, Debug)]
pub struct ClientEnv {
    /// `TMPDIR`: the client's private temporary folder, which mynakit searches for the
    /// patient's values after the run (`docs/client-protocol.md`, "The client's folders"). This
    /// client writes nothing there; only the `keep-patient-data` defect does.
    pub temp_dir: Option<std::path::PathBuf>,
    /// `MYNAKIT_RUN_ID`: sent to the service as `x-mynakit-run` so its journal lines up with the
    /// run's timeline. Empty when unset.
    pub run_id: String,
    /// `MYNAKIT_SCENARIO`: for logs only; the client never changes behaviour by scenario.
    pub scenario: String,
    /// `MYNAKIT_READER`: the PC/SC reader holding the patient's card; set = the card-reading role.
    pub reader: Option<String>,
    /// `MYNAKIT_READERS`: every reader of the scenario, one per line (empty when unset). The
    /// client uses only `reader`; the list is read for the `pin-to-other-reader` defect.
    pub readers: Vec<String>,
    /// `MYNAKIT_SERVICE_URL`: the eligibility service's base URL (`https://…` or `http://…`).
    pub service_url: Option<String>,
    /// `MYNAKIT_CA_FILE`: the PEM file of the only CA trusted for the service.
    pub ca_file: Option<PathBuf>,
    /// `MYNAKIT_OCSP_URL`: the OCSP responder a relying party asks (`docs/relying-party.md`).
    pub ocsp_url: Option<String>,
    /// `MYNAKIT_SIGN_CRL_URL`: the 署名用 test CA's CRL, which a 現況確認 (flow `status-check`)
    /// reads.
    pub sign_crl_url: Option<String>,
    /// `MYNAKIT_SIGN_CA_FILE`: the 署名用 test CA (PEM), the anchor of the certificate's chain
    /// and the signer of the OCSP answers.
    pub sign_ca_file: Option<PathBuf>,
    /// `MYNAKIT_AUTH_CA_FILE`: the 利用者証明用 test CA (PEM), the anchor of a 当人認証's
    /// certificate chain and the signer of the OCSP answers about it.
    pub auth_ca_file: Option<PathBuf>,
    /// `MYNAKIT_KENKAKU_CV_ROOT_FILE`, `MYNAKIT_KENHOJO_CV_ROOT_FILE`: in a counter read, the
    /// 券面 APs' test CV roots (PEM public keys) the 券面 records verify with.
    pub cv_root_files: (Option<PathBuf>, Option<PathBuf>),
    /// `MYNAKIT_NONCE_URL`: the nonce service of a 当人認証 (flow `authentication-by-nonce`).
    pub nonce_url: Option<String>,
    /// `MYNAKIT_RP_ACCOUNTS`: the relying party's server's accounts in a かざし (flow
    /// `pin-less`) or a 現況確認 (flow `status-check`).
    pub rp_accounts: Option<PathBuf>,
    /// `MYNAKIT_RP_FLOW`: the relying party's flow the scenario plays; unset (a harness before
    /// it was added), the flow is told by which of the variables above are set.
    pub rp_flow: Option<mynakit_protocol::Flow>,
    /// `MYNAKIT_TERMINAL_DIR`: the 資格確認端末 folder (`req`, `res`, `face`); with no reader, the
    /// レセコン role.
    pub terminal_dir: Option<PathBuf>,
    /// The terminal's request names, with 診療情報 under `MYNAKIT_DIAGNOSIS_INFO_PREFIX` (its
    /// real name is not public: the terminal's setting, `docs/terminal.md`, "診療情報");
    /// mynakit's default when unset.
    pub request_names: mynakit_oqs::RequestNames,
    /// `MYNAKIT_CLAIM_DIR`: where the レセコン writes its claim file `RECEIPTC.UKE` (flow
    /// `claim-file`), absent in every other scenario.
    pub claim_dir: Option<PathBuf>,
    /// `MYNAKIT_STATION_PRICES`: the vendor's 訪問看護療養費 price table the run judges a
    /// station's claim by (`docs/rules.md`, "Setting a station's prices"), which the station's
    /// レセコン prices its KA by; absent when the run has none.
    pub station_prices: Option<PathBuf>,
    /// `MYNAKIT_CARE_SETTING`: the care setting the app is set up for (`docs/care-settings.md`);
    /// `None` at the counter.
    pub care_setting: Option<mynakit_protocol::Flow>,
    /// `MYNAKIT_FACILITY_CODE`: the 医療機関コード (10 digits).
    pub facility_code: Option<String>,
    /// `MYNAKIT_CHECKUP_INSTITUTION_NUMBER` or `MYNAKIT_INSURER_ONLINE_CODE`: the 健診 facility's
    /// own identity, named in place of the 医療機関コード in a 健診 check (`docs/kenshin.md`).
    pub checkup_identity: Option<mynakit_protocol::CheckupIdentity>,
    /// `MYNAKIT_ACCOUNT`: the facility account's user id.
    pub account: Option<String>,
    /// `MYNAKIT_ACCOUNT_PASSWORD`: its password (never logged).
    pub account_password: Option<mynakit_protocol::Secret>,
    /// `MYNAKIT_PORTAL_ACCOUNT`: the device account this device was registered with through
    /// the portal (a facility with no 資格確認端末); set = the client logs in with it and
    /// `MYNAKIT_ACCOUNT_PASSWORD`, and signs every request (`docs/device-setup.md`, "Portal
    /// registration").
    pub portal_account: Option<String>,
    /// `MYNAKIT_ACTIVATION_CODE`: the activation code issued for this device; set = the client
    /// logs in and signs every request (`docs/device-setup.md`). Never logged.
    pub activation_code: Option<mynakit_protocol::Secret>,
    /// "Today" as `yyyyMMdd`, the date part of `MYNAKIT_CLOCK` (in its own offset, i.e. JST).
    pub today: Option<String>,
    /// The scenario's clock as the client reads it: `MYNAKIT_CLOCK` when the client started,
    /// running since ([`ScenarioNow::now`]); the machine's clock without it.
    pub clock: ScenarioNow,
    /// `MYNAKIT_BEGAN`: the starts whose first day the run set (`--began`); the screen of the
    /// day follows them (`crate::screen_of_day`). Unset: each start's own day.
    pub began: mynakit_protocol::Starts,
    /// `HOME`: where the レセコン keeps its own records of the patients' visits
    /// (`crate::claim_history`). Unset: it remembers nothing between visits.
    pub home: Option<PathBuf>,
    /// `MYNAKIT_TIMEOUT_SECS`: the harness ends the client after this; the client finishes
    /// [`Timings::margin`] earlier with a result of its own.
    pub time_limit: Option<Duration>,
    /// The client's own timing choices.
    pub timings: Timings,
    /// Where log lines go (stderr for the binary).
    pub logger: Logger,
    /// In-process only: the run's registry of waits that only wait for time
    /// (`docs/scenarios.md`, "Waits that only wait for time"). The client declares its HTTP
    /// waits there and reads time as [`ClientEnv::now`], so a skipped wait ends as if it had
    /// lasted. `None` (the binary, any client in its own process): real time only.
    pub skip: Option<Arc<mynakit_oqs::clock::SkipAhead>>,
    /// `MYNAKIT_READ_PATTERN`: how this client reads certificates (default `header4`); the
    /// reference client's own switch, not part of the client protocol
    /// (docs/reference-client.md, "Read patterns").
    pub read_pattern: crate::jpki::ReadPattern,
    /// `MYNAKIT_VARIANTS`: the correct variants this client plays (none by default); the
    /// reference client's own switch, not part of the client protocol
    /// (docs/reference-client.md, "Variants").
    pub variants: crate::Variants,
}

/// The client's timing choices. Defaults suit the bundled scenarios' 60 s limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timings {
    /// Longest wait for one HTTP exchange (connect to last body byte). 10 s: a service that
    /// takes longer is treated as not answering, and three tries still fit a 60 s limit.
    pub http_timeout: Duration,
    /// Automatic retries after a transient service failure (5xx, reset, timeout), before the
    /// staff are asked. 2, as `docs/reference-client.md` explains.
    pub auto_retries: u32,
    /// Wait before the first automatic retry; doubled for each further one (≥ 300 ms, so a
    /// struggling service is not hammered).
    pub retry_backoff: Duration,
    /// How often the terminal folders are looked at.
    pub poll_interval: Duration,
    /// Longest wait for a result file in `res` or a face push in `face`.
    pub terminal_wait: Duration,
    /// How long before [`ClientEnv::time_limit`] the client stops waiting and reports.
    pub margin: Duration,
    /// Longest wait for a card when the reader is empty at the start: 5 s, so a patient who
    /// places the card just after the staff started is served, and an empty reader still ends
    /// in a card error quickly (`docs/reference-client.md`, "Waiting for the card").
    pub card_wait: Duration,
    /// Longest wait for a reader another program holds exclusively (PC/SC
    /// `SCARD_E_SHARING_VIOLATION`), trying to connect again every [`Timings::busy_retry`]:
    /// 5 s, as long as the wait for a card (`docs/reference-client.md`, "Another program holds
    /// the reader").
    pub busy_wait: Duration,
    /// How often a reader another program holds is tried again: 200 ms.
    pub busy_retry: Duration,
}

impl Timings {
    /// The variant `retries-at-the-limits`: each wait and repeat at the bound
    /// `docs/client-protocol.md` ("Bounds a client must meet", "Retrying a failed request")
    /// gives a client, or just inside it.
    pub fn at_the_limits() -> Timings {
        Timings {
            auto_retries: 3,
            retry_backoff: Duration::from_millis(200),
            card_wait: Duration::from_secs(20),
            busy_wait: Duration::from_secs(25),
            busy_retry: Duration::from_millis(1900),
            ..Timings::default()
        }
    }
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            http_timeout: Duration::from_secs(10),
            auto_retries: 2,
            retry_backoff: Duration::from_millis(400),
            poll_interval: Duration::from_millis(100),
            terminal_wait: Duration::from_secs(30),
            margin: Duration::from_secs(5),
            card_wait: Duration::from_secs(5),
            busy_wait: Duration::from_secs(5),
            busy_retry: Duration::from_millis(200),
        }
    }
}

/// A function that takes one log line.
type LogFn = dyn Fn(&str) + Send + Sync;

/// A sink for log lines (never PINs: the client never formats one).
#[derive(Clone, Default)]
pub struct Logger(Option<Arc<LogFn>>);

impl Logger {
    /// Writes each line to stderr, prefixed with the client's name.
    pub fn stderr() -> Logger {
        // A closed stderr must not end the check (`eprintln!` would panic).
        Logger::new(|line| {
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "mynakit-reference-client: {line}");
        })
    }

    /// Drops every line.
    pub fn silent() -> Logger {
        Logger(None)
    }

    /// Hands each line to `f`.
    pub fn new(f: impl Fn(&str) + Send + Sync + 'static) -> Logger {
        Logger(Some(Arc::new(f)))
    }

    /// Logs one line.
    pub fn log(&self, line: &str) {
        if let Some(f) = &self.0 {
            f(line);
        }
    }
}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Logger"
        } else {
            "Logger(silent)"
        })
    }
}

/// The reference client's own variable naming its read pattern ([`ClientEnv::read_pattern`]).
pub const READ_PATTERN: &str = "MYNAKIT_READ_PATTERN";

/// A variable whose value the client cannot use.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name}={value:?}: {problem}")]
pub struct EnvError {
    /// The variable.
    pub name: &'static str,
    /// Its value.
    pub value: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl ClientEnv {
    /// Reads the process environment: the `MYNAKIT_*` variables and the client's own folders
    /// (`HOME`, `TMPDIR`: docs/client-protocol.md, "The client's folders"), as an in-process
    /// run hands them over. Logs go to stderr.
    ///
    /// # Errors
    ///
    /// [`EnvError`] for a malformed `MYNAKIT_CLOCK` or `MYNAKIT_TIMEOUT_SECS`.
    pub fn from_env() -> Result<ClientEnv, EnvError> {
        ClientEnv::from_vars(
            std::env::vars()
                .filter(|(k, _)| k.starts_with("MYNAKIT_") || k == "HOME" || k == "TMPDIR"),
        )
    }

    /// Builds the environment from `(name, value)` pairs, as an in-process caller has them.
    /// Empty values count as unset; unknown names are ignored. Logs go to stderr; replace
    /// [`ClientEnv::logger`] to capture them.
    ///
    /// # Errors
    ///
    /// [`EnvError`] for a malformed `MYNAKIT_CLOCK` or `MYNAKIT_TIMEOUT_SECS`.
    pub fn from_vars<I, K, V>(vars: I) -> Result<ClientEnv, EnvError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars: BTreeMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        let get = |name: &str| vars.get(name).cloned();
        let today = get(env::CLOCK)
            .map(|clock| {
                date_of(&clock).ok_or(EnvError {
                    name: env::CLOCK,
                    value: clock.clone(),
                    problem: "not an RFC 3339 date-time, e.g. 2026-11-01T09:00:00+09:00",
                })
            })
            .transpose()?;
        let began = match get(env::BEGAN) {
            Some(text) => mynakit_protocol::Starts::from_env(&text).map_err(|_| EnvError {
                name: env::BEGAN,
                value: text.clone(),
                problem: "not NAME=YYYY-MM-DD separated by commas, with a start's name",
            })?,
            None => mynakit_protocol::Starts::default(),
        };
        let time_limit = get(env::TIMEOUT_SECS)
            .map(|secs| {
                secs.trim()
                    .parse::<u64>()
                    .map(Duration::from_secs)
                    .map_err(|_| EnvError {
                        name: env::TIMEOUT_SECS,
                        value: secs.clone(),
                        problem: "not a whole number of seconds",
                    })
            })
            .transpose()?;
        let care_setting = get(env::CARE_SETTING).map(care_setting).transpose()?;
        let request_names = get(env::DIAGNOSIS_INFO_PREFIX)
            .map(|prefix| {
                prefix
                    .trim()
                    .parse()
                    .map(mynakit_oqs::RequestNames::new)
                    .map_err(|_| EnvError {
                        name: env::DIAGNOSIS_INFO_PREFIX,
                        value: prefix.clone(),
                        problem: "not a request prefix (10 half-width letters and digits, \
                                  no req or res, not another message's)",
                    })
            })
            .transpose()?
            .unwrap_or_default();
        let rp_flow = get(env::RP_FLOW).map(relying_party_flow).transpose()?;
        let variants = get(crate::VARIANTS)
            .map(|list| {
                crate::Variants::from_list(&list).map_err(|_| EnvError {
                    name: crate::VARIANTS,
                    value: list.clone(),
                    problem: "names no variant of the reference client (mynakit docs \
                              reference-client, \"Variants\")",
                })
            })
            .transpose()?
            .unwrap_or_default();
        let read_pattern = get(READ_PATTERN)
            .map(read_pattern)
            .transpose()?
            .unwrap_or_default();
        let timings = if variants.has(crate::Variant::RetriesAtTheLimits) {
            Timings::at_the_limits()
        } else {
            Timings::default()
        };
        Ok(ClientEnv {
            read_pattern,
            variants,
            temp_dir: get("TMPDIR").map(std::path::PathBuf::from),
            home: get("HOME").map(PathBuf::from),
            care_setting,
            run_id: get(env::RUN_ID).unwrap_or_default(),
            scenario: get(env::SCENARIO).unwrap_or_default(),
            reader: get(env::READER),
            readers: get(env::READERS)
                .map(|list| {
                    list.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            service_url: get(env::SERVICE_URL).map(|u| u.trim_end_matches('/').to_owned()),
            ca_file: get(env::CA_FILE).map(PathBuf::from),
            ocsp_url: get(env::OCSP_URL),
            sign_ca_file: get(env::SIGN_CA_FILE).map(PathBuf::from),
            auth_ca_file: get(env::AUTH_CA_FILE).map(PathBuf::from),
            cv_root_files: (
                get(env::KENKAKU_CV_ROOT_FILE).map(PathBuf::from),
                get(env::KENHOJO_CV_ROOT_FILE).map(PathBuf::from),
            ),
            nonce_url: get(env::NONCE_URL),
            rp_accounts: get(env::RP_ACCOUNTS).map(PathBuf::from),
            rp_flow,
            sign_crl_url: get(env::SIGN_CRL_URL),
            terminal_dir: get(env::TERMINAL_DIR).map(PathBuf::from),
            claim_dir: get(env::CLAIM_DIR).map(PathBuf::from),
            station_prices: get(env::STATION_PRICES).map(PathBuf::from),
            request_names,
            facility_code: get(env::FACILITY_CODE),
            checkup_identity: mynakit_protocol::CheckupIdentity::from_env(get),
            account: get(env::ACCOUNT),
            account_password: get(env::ACCOUNT_PASSWORD).map(mynakit_protocol::Secret::new),
            activation_code: get(env::ACTIVATION_CODE).map(mynakit_protocol::Secret::new),
            portal_account: get(env::PORTAL_ACCOUNT),
            clock: ScenarioNow {
                start: get(env::CLOCK).and_then(|clock| {
                    time::OffsetDateTime::parse(
                        clock.trim(),
                        &time::format_description::well_known::Rfc3339,
                    )
                    .ok()
                }),
                read_at: Instant::now(),
            },
            today,
            began,
            time_limit,
            timings,
            logger: Logger::stderr(),
            skip: None,
        })
    }

    /// When the client must have reported by, counted from `start`: the time limit less the
    /// margin. `None` without a time limit.
    pub fn deadline(&self, start: Instant) -> Option<Instant> {
        self.time_limit
            .map(|limit| start + limit.saturating_sub(self.timings.margin))
    }

    /// The time the client reads: the wall clock, plus what the run skipped
    /// ([`ClientEnv::skip`]).
    pub fn now(&self) -> Instant {
        self.skip
            .as_ref()
            .map_or_else(Instant::now, |skip| skip.now())
    }

    pub(crate) fn log(&self, line: &str) {
        self.logger.log(line);
    }
}

/// "Now" on the scenario's clock (`docs/relying-party.md`, "Which clock"): the instant of
/// `MYNAKIT_CLOCK` when the client read it, plus the time since. The scenario's clock runs with
/// wall time from the start the harness gives, so this is the moment the world's services
/// (the revocation service's answers and CRLs) are dated on, give or take the start-up of the
/// client, which the service's backdated thisUpdate covers.
#[derive(Clone, Copy, Debug)]
pub struct ScenarioNow {
    /// `MYNAKIT_CLOCK`; `None` when unset or not an RFC 3339 date-time.
    start: Option<time::OffsetDateTime>,
    /// When it was read.
    read_at: Instant,
}

impl ScenarioNow {
    /// The scenario's clock now; the machine's without `MYNAKIT_CLOCK`.
    pub fn now(&self) -> time::OffsetDateTime {
        match self.start {
            Some(start) => {
                let elapsed = time::Duration::try_from(self.read_at.elapsed())
                    .unwrap_or(time::Duration::ZERO);
                start.saturating_add(elapsed)
            }
            None => time::OffsetDateTime::now_utc(),
        }
    }
}

/// `yyyyMMdd` from the date part of an RFC 3339 date-time. The part before `T` is already the
/// local date in the value's own offset (the scenario clock is JST), so no time zone arithmetic
/// is needed.
fn date_of(rfc3339: &str) -> Option<String> {
    let date = rfc3339.trim().get(..10)?;
    let (y, rest) = date.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    let all_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let time_follows = matches!(rfc3339.trim().as_bytes().get(10), Some(b'T' | b't' | b' '));
    (all_digits(y, 4) && all_digits(m, 2) && all_digits(d, 2) && time_follows)
        .then(|| format!("{y}{m}{d}"))
}

/// `MYNAKIT_CARE_SETTING`: a flow that is a care setting.
fn care_setting(name: String) -> Result<mynakit_protocol::Flow, EnvError> {
    mynakit_protocol::Flow::from_name(name.trim())
        .filter(|f| f.is_care_setting())
        .ok_or(EnvError {
            name: env::CARE_SETTING,
            value: name.clone(),
            problem: "not a care setting (`mynakit docs care-settings` lists them)",
        })
}

/// `MYNAKIT_READ_PATTERN`: how this client reads certificates.
fn read_pattern(name: String) -> Result<crate::jpki::ReadPattern, EnvError> {
    crate::jpki::ReadPattern::from_name(name.trim()).ok_or(EnvError {
        name: READ_PATTERN,
        value: name.clone(),
        problem: "not a read pattern (header4, header7-from-zero, header8, chunks, extended)",
    })
}

/// The relying party's flow `MYNAKIT_RP_FLOW` names (`docs/relying-party.md`): one of the four
/// a relying party plays, else the error naming the variable.
fn relying_party_flow(name: String) -> Result<mynakit_protocol::Flow, EnvError> {
    use mynakit_protocol::Flow;
    [
        Flow::IdentityBySignature,
        Flow::AuthenticationByNonce,
        Flow::PinLess,
        Flow::StatusCheck,
        Flow::CounterRead,
    ]
    .into_iter()
    .find(|f| f.as_str() == name.trim())
    .ok_or(EnvError {
        name: env::RP_FLOW,
        value: name,
        problem: "not a relying party's flow (identity-by-signature, authentication-by-nonce, \
                  pin-less, status-check, counter-read)",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_variables() {
        let env = ClientEnv::from_vars([
            ("MYNAKIT_RUN_ID", "run-1"),
            ("MYNAKIT_READER", "mynakit A 00 00"),
            ("MYNAKIT_SERVICE_URL", "https://localhost:1234/"),
            ("MYNAKIT_TERMINAL_DIR", ""),
            ("MYNAKIT_CLOCK", "2026-12-01T09:00:00+09:00"),
            ("MYNAKIT_TIMEOUT_SECS", "60"),
        ])
        .unwrap();
        assert_eq!(env.run_id, "run-1");
        assert_eq!(env.reader.as_deref(), Some("mynakit A 00 00"));
        assert_eq!(env.service_url.as_deref(), Some("https://localhost:1234"));
        assert_eq!(env.terminal_dir, None);
        assert_eq!(env.today.as_deref(), Some("20261201"));
        assert_eq!(env.time_limit, Some(Duration::from_secs(60)));
    }

    #[test]
    fn refuses_malformed_values() {
        // The starts' days the run set: read back, or a malformed value named.
        let set = ClientEnv::from_vars([("MYNAKIT_BEGAN", "welfare-screen=2025-05-15")]).unwrap();
        assert_eq!(
            set.began.first_day(mynakit_protocol::Began::WelfareScreen),
            "2025-05-15"
        );
        assert!(ClientEnv::from_vars([("MYNAKIT_BEGAN", "")])
            .unwrap()
            .began
            .is_empty());
        let err = ClientEnv::from_vars([("MYNAKIT_BEGAN", "welfare=2025-05-15")]).unwrap_err();
        assert_eq!(err.name, "MYNAKIT_BEGAN");
        let err = ClientEnv::from_vars([("MYNAKIT_CLOCK", "tomorrow")]).unwrap_err();
        assert_eq!(err.name, "MYNAKIT_CLOCK");
        let err = ClientEnv::from_vars([("MYNAKIT_TIMEOUT_SECS", "1m")]).unwrap_err();
        assert_eq!(err.name, "MYNAKIT_TIMEOUT_SECS");
    }
}
