//! The environment variables the harness sets for the client command.

/// The protocol version (`1`).
pub const PROTOCOL: &str = "MYNAKIT_PROTOCOL";
/// The run id (also sent to the service in the `x-mynakit-run` header, and in `welcome`).
pub const RUN_ID: &str = "MYNAKIT_RUN_ID";
/// The scenario id.
pub const SCENARIO: &str = "MYNAKIT_SCENARIO";
/// The PC/SC name of the reader holding the patient's card.
pub const READER: &str = "MYNAKIT_READER";
/// Every reader of the scenario, one PC/SC name per line.
pub const READERS: &str = "MYNAKIT_READERS";
/// The mock service's base URL, e.g. `https://localhost:41234`.
pub const SERVICE_URL: &str = "MYNAKIT_SERVICE_URL";
/// A PEM file of the CA the client must trust for the service, and nothing else.
pub const CA_FILE: &str = "MYNAKIT_CA_FILE";
/// The 資格確認端末 folder (with `req`, `res` and `face`), for レセコン-style clients.
pub const TERMINAL_DIR: &str = "MYNAKIT_TERMINAL_DIR";
/// The facility's 医療機関コード (10 digits).
pub const FACILITY_CODE: &str = "MYNAKIT_FACILITY_CODE";
/// The facility account's user id (absent when the scenario has none).
pub const ACCOUNT: &str = "MYNAKIT_ACCOUNT";
/// The facility account's password (absent when the scenario has none). Never log it.
pub const ACCOUNT_PASSWORD: &str = "MYNAKIT_ACCOUNT_PASSWORD";
/// The scenario clock's start (RFC 3339): "today" for `QualificationConfirmationDate`.
pub const CLOCK: &str = "MYNAKIT_CLOCK";
/// The starts whose first day the run set (`mynakit run --began`; `docs/rules.md`, "Setting a
/// start's day"): `NAME=YYYY-MM-DD` separated by commas ([`crate::Starts::from_env`]); absent
/// when the run set none. A client that shows the screen of the day (the reference client)
/// shows it by these days; a client that knows its own days may ignore it.
pub const BEGAN: &str = "MYNAKIT_BEGAN";
/// The scenario's time limit in seconds; after it the harness ends the client.
pub const TIMEOUT_SECS: &str = "MYNAKIT_TIMEOUT_SECS";
/// The activation code (11 or 12 digits, a string: a leading 0 is kept) the facility's administrator issued for this device
/// (absent when the scenario has none; `docs/device-setup.md`). A secret: never log it.
pub const ACTIVATION_CODE: &str = "MYNAKIT_ACTIVATION_CODE";
/// The device account this device was registered with through the portal, at a facility
/// with no 資格確認端末 (flow `portal-setup`; absent otherwise): log in with it and
/// `MYNAKIT_ACCOUNT_PASSWORD`, never with an activation code (`docs/device-setup.md`,
/// "Portal registration"). Not a secret; its password is.
pub const PORTAL_ACCOUNT: &str = "MYNAKIT_PORTAL_ACCOUNT";
/// The care setting the client is deployed in (`kyotaku`, `online-shinryo`, `kenshin`,
/// `bus-kenshin`, `disaster`; `docs/care-settings.md`); absent = the counter. Set only for
/// scenarios of those flows, so clients that never read it see no change. A レセコン's
/// month's 医療扶助 import (`medical-assistance-import`) is told the same way.
pub const CARE_SETTING: &str = "MYNAKIT_CARE_SETTING";
/// `smb://HOST:PORT/oqs`: the terminal's share holding `req`, `res` and `face`, under
/// `mynakit run --terminal-share smb` (`docs/terminal.md`, "The share in a run").
pub const TERMINAL_SMB_URL: &str = "MYNAKIT_TERMINAL_SMB_URL";
/// The share's SMB user name.
pub const TERMINAL_SMB_USER: &str = "MYNAKIT_TERMINAL_SMB_USER";
/// The share's SMB password, new for each share. A secret: never log it.
pub const TERMINAL_SMB_PASSWORD: &str = "MYNAKIT_TERMINAL_SMB_PASSWORD";
/// An `smbclient -A` file (mode 0600) with the share's user and password.
pub const TERMINAL_SMB_AUTH_FILE: &str = "MYNAKIT_TERMINAL_SMB_AUTH_FILE";
/// The folder the レセコン writes its claim file `RECEIPTC.UKE` into, after its `result` and
/// before it exits (flow `claim-file`; absent in every other scenario; `docs/uke.md`, "The
/// claim file in a run").
pub const CLAIM_DIR: &str = "MYNAKIT_CLAIM_DIR";
/// With [`CLAIM_DIR`] in a 訪問看護ステーション's scenario judged by a vendor's price table
/// (`mynakit run --station-prices`, or the scenario's own `given.station_prices`;
/// `docs/rules.md`, "Setting a station's prices"): a file of that table, in `--station-prices`'
/// format (`code<TAB>from<TAB>yen`, [`crate::PriceTable::to_tsv`]), so that a レセコン that
/// prices by the run's master bills each visit at the price in force on its day
/// ([`crate::StationPrice::on`]). Absent when the run has no table; added 2026-11-29 without a
/// protocol version: a client that never reads it sees no change.
pub const STATION_PRICES: &str = "MYNAKIT_STATION_PRICES";
/// The 健診・保健指導機関番号 of the 健診 facility the client runs at, to send in place of a
/// 医療機関コード in a 健診 check (flow `checkup-facility`; `docs/kenshin.md`, "Facility
/// identities").
pub const CHECKUP_INSTITUTION_NUMBER: &str = "MYNAKIT_CHECKUP_INSTITUTION_NUMBER";
/// The オンライン資格確認用コード of the insurer whose own 健診 the client runs, to send in
/// place of a 医療機関コード in a 健診 check (flow `checkup-facility`).
pub const INSURER_ONLINE_CODE: &str = "MYNAKIT_INSURER_ONLINE_CODE";
/// The file-name prefix of the 資格確認端末's 診療情報 request (`SRKsiquc01` unless the
/// terminal is set otherwise): its real name is not public, so it is the terminal's setting
/// and the レセコン reads it here (set whenever `MYNAKIT_TERMINAL_DIR` is;
/// `docs/terminal.md`, "診療情報").
pub const DIAGNOSIS_INFO_PREFIX: &str = "MYNAKIT_DIAGNOSIS_INFO_PREFIX";
/// The OCSP responder of the revocation service the run starts for a `relying-party`
/// scenario, on loopback (`http://127.0.0.1:PORT/ocsp`, RFC 6960: POST, or GET with the
/// request in the path): it answers for both JPKI test CAs (`docs/revocation.md`). Set only in
/// such scenarios, so clients of the other roles see no change.
pub const OCSP_URL: &str = "MYNAKIT_OCSP_URL";
/// The CRL of the JPKI 署名用 test CA on the same service (`…/crl/sign-ca.crl`, RFC 5280 v2
/// CRL, DER); set with [`OCSP_URL`].
pub const SIGN_CRL_URL: &str = "MYNAKIT_SIGN_CRL_URL";
/// The CRL of the JPKI 利用者証明用 test CA on the same service (`…/crl/auth-ca.crl`), for a
/// relying party that checks a 利用者証明用 certificate by CRL; set with [`OCSP_URL`]. Added
/// after [`SIGN_CRL_URL`], in a `relying-party` scenario only.
pub const AUTH_CRL_URL: &str = "MYNAKIT_AUTH_CRL_URL";
/// A PEM file of the JPKI 署名用 test CA (`O=JPKI-TEST`): the trust anchor of a 署名用電子証明書
/// chain and the signer of the revocation service's answers about it; set with [`OCSP_URL`].
pub const SIGN_CA_FILE: &str = "MYNAKIT_SIGN_CA_FILE";
/// A PEM file of the JPKI 利用者証明用 test CA (`O=JPKI-TEST`): the trust anchor of a
/// 利用者証明用電子証明書 chain and the signer of the revocation service's answers about it;
/// set with [`OCSP_URL`].
pub const AUTH_CA_FILE: &str = "MYNAKIT_AUTH_CA_FILE";
/// Where the relying party's server gets a fresh nonce for a 当人認証 (flow
/// `authentication-by-nonce`): `POST` to it answers 32 random bytes as 64 hexadecimal digits,
/// each issued once and recorded for the checks (`docs/relying-party.md`). Set with
/// [`OCSP_URL`], on a loopback port of its own.
pub const NONCE_URL: &str = "MYNAKIT_NONCE_URL";
/// In a かざし (flow `pin-less`) or a 現況確認 (flow `status-check`): a JSON file of the relying
/// party's server's accounts, made at earlier 身元確認s: `[{"auth_certificate_serial": "…",
/// "birth_date": "YYYYMMDD", …}]`, the 利用者証明用 certificate linked to each account (its
/// serial in hexadecimal digits) and the holder's birth date from the 署名用 certificate, and,
/// added for the 現況確認, the account's `user` and the 署名用 certificate it was identified with
/// (`sign_certificate_serial`, `sign_certificate_issuer`, and `sign_certificate_not_after` when
/// the server kept the certificate itself; `docs/relying-party.md`). Set with
/// [`NONCE_URL`] in a かざし, with [`OCSP_URL`] alone in a 現況確認.
pub const RP_ACCOUNTS: &str = "MYNAKIT_RP_ACCOUNTS";
/// The relying party's flow the scenario plays, by its capabilities name:
/// `identity-by-signature`, `authentication-by-nonce`, `pin-less` or `status-check`
/// (`docs/relying-party.md`); set with [`OCSP_URL`], in a `relying-party` scenario only. A
/// client that reads it needs not infer the flow from which of [`NONCE_URL`] and
/// [`RP_ACCOUNTS`] are set (which still tells, as before).
pub const RP_FLOW: &str = "MYNAKIT_RP_FLOW";

/// In a counter read (flow `counter-read`, `docs/counter-read.md`): a PEM file (`PUBLIC KEY`,
/// RSA-2048) of the 券面事項確認AP's test CV root, which its EF `0004` certificate, and through
/// it the card face's signature (DF28), verifies with. Set with [`RP_FLOW`] `counter-read` only.
pub const KENKAKU_CV_ROOT_FILE: &str = "MYNAKIT_KENKAKU_CV_ROOT_FILE";
/// The same for the 券面事項入力補助AP: its EF `0004` certificate, and through it the
/// integrity record `0003` over the 基本4情報.
pub const KENHOJO_CV_ROOT_FILE: &str = "MYNAKIT_KENHOJO_CV_ROOT_FILE";

/// Every variable above, in documentation order.
pub const ALL: [&str; 35] = [
    PROTOCOL,
    RUN_ID,
    SCENARIO,
    READER,
    READERS,
    SERVICE_URL,
    CA_FILE,
    TERMINAL_DIR,
    FACILITY_CODE,
    ACCOUNT,
    ACCOUNT_PASSWORD,
    CLOCK,
    TIMEOUT_SECS,
    ACTIVATION_CODE,
    CARE_SETTING,
    TERMINAL_SMB_URL,
    TERMINAL_SMB_USER,
    TERMINAL_SMB_PASSWORD,
    TERMINAL_SMB_AUTH_FILE,
    PORTAL_ACCOUNT,
    CLAIM_DIR,
    STATION_PRICES,
    CHECKUP_INSTITUTION_NUMBER,
    INSURER_ONLINE_CODE,
    DIAGNOSIS_INFO_PREFIX,
    OCSP_URL,
    SIGN_CRL_URL,
    AUTH_CRL_URL,
    SIGN_CA_FILE,
    AUTH_CA_FILE,
    NONCE_URL,
    RP_ACCOUNTS,
    RP_FLOW,
    KENKAKU_CV_ROOT_FILE,
    KENHOJO_CV_ROOT_FILE,
];
