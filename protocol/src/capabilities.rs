//! What a client claims to do, in the spirit of an ICS (Implementation Conformance Statement):
//! its role, its modes, its flows and the rule sets it follows (`docs/client-protocol.md`,
//! "Capabilities"). Declared in a file (`mynakit run --capabilities FILE`, JSON Schema
//! `docs/capabilities.schema.json`) or in `hello`. A scenario the client does not claim is
//! NOT-APPLICABLE to it, never FAILED.
//!
//! Every key is optional: an absent key means what a client that declares nothing gets — a card
//! app with the `pin`, `visual` and `face` modes and the flows of [`Flow::UNDECLARED`], under any
//! rule set. Flows and roles added later never join those defaults, so a scenario written for
//! them is NOT-APPLICABLE to a client that did not claim them.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::rules::RuleSet;
use crate::Mode;

/// The part a client plays.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A card-reading eligibility app (マイナ資格確認アプリ, 資格確認限定型): reads the card in a
    /// PC/SC reader and talks to the service.
    CardApp,
    /// A レセコン (receipt computer): exchanges OQS XML with the 資格確認端末 through its
    /// `req`/`res`/`face` folders.
    ReceiptComputer,
    /// A JPKI relying party (署名検証者・利用者証明検証者): an eKYC app and its server as one
    /// client, that reads the card's 公的個人認証 (JPKI) certificates, has them sign, and checks
    /// the chain and revocation, as the 犯収法施行規則 asks of a non-face-to-face identity check
    /// from 2027-04-01 (`docs/relying-party.md`). Added after release: it joins no default, so a
    /// client that does not declare it never sees its scenarios, and report.json names it only
    /// for a client that declared it.
    RelyingParty,
}

impl Role {
    /// As written in files (`card-app`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::CardApp => "card-app",
            Role::ReceiptComputer => "receipt-computer",
            Role::RelyingParty => "relying-party",
        }
    }

    /// The modes a client of this role offers when it does not say (`docs/client-protocol.md`).
    pub fn modes(self) -> &'static [Mode] {
        match self {
            Role::CardApp => &[Mode::Pin, Mode::Visual, Mode::Face],
            Role::ReceiptComputer => &[Mode::InsuranceCard, Mode::Face],
            // The holder types the 署名用 password or the 利用者証明用 PIN into the app.
            Role::RelyingParty => &[Mode::Pin],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A flow beyond the basic eligibility check.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Flow {
    /// 保険証利用登録 for an unregistered card (MHLW 事務連絡 2025-04-15).
    Registration,
    /// 限度額: showing the 限度額適用区分, with or without the consent the rule set asks for.
    LimitApplication,
    /// Device set-up: activation code, device key, signed requests (`docs/service.md`).
    DeviceSetup,
    /// 閲覧履歴: listing past confirmations and handing one to a レセコン (`docs/history.md`).
    History,
    /// The account roles 一般利用者 and 医療情報閲覧: showing and asking only what the role may
    /// (`docs/viewing.md`).
    Viewing,
    /// The branches of 保険証利用登録 beyond the happy path: declined, terms refused or
    /// outdated, the registration delay, visual mode, 医療扶助 after a loss
    /// (`docs/registration-branches.md`).
    RegistrationBranches,
    /// 居宅同意取得型 (訪問診療・訪問看護・訪問薬局): consent registered with the card and PIN on a
    /// mobile device at the first visit, card-less validity checks within it later
    /// (`docs/care-settings.md`).
    Kyotaku,
    /// オンライン診療等: the patient's own device registers a consent for each visit
    /// (`docs/care-settings.md`).
    OnlineShinryo,
    /// 特定健診・保健指導機関 with 資格確認限定型: 受診券 eligibility, no health or medical
    /// information (`docs/care-settings.md`).
    Kenshin,
    /// バス健診: 資格確認限定型 on a bus, over a mobile network that may drop
    /// (`docs/care-settings.md`).
    BusKenshin,
    /// 災害時: viewing without card identity in designated institutions and periods
    /// (`docs/care-settings.md`).
    Disaster,
    /// 救急時医療情報閲覧: a hospital with the role views an unconscious patient's 薬剤・診療・
    /// 特定健診 information after a card read without consent, only when the patient cannot give
    /// it (`docs/emergency.md`).
    Emergency,
    /// 柔道整復・あん摩マッサージ指圧・はり・きゅう (柔整・あはき) 施術所: a 医療扶助 result does not
    /// say whether the 施術所 is 委託 or 未委託, so the staff are told to check the 施術券 as
    /// before (「委託・未委託の情報は表示されないため、従来どおり施術券を確認いただく必要があります」,
    /// MHLW 事務連絡 2025-04-15, 別紙「医療扶助表示画面の改修」; `docs/care-settings.md`). A
    /// client declares this facility kind with this flow in `hello.capabilities.flows`.
    JuseiAhaki,
    /// The staff type the account's password at the app's login (a `password` ask), and the
    /// client stops asking once the account is locked (`docs/device-setup.md`).
    PasswordAsk,
    /// 読み上げ: the app reads the result aloud and reports each reading with a `spoken` line
    /// (「資格情報のテキストの読み上げ機能を実装」, 厚生労働省保険局「オンライン資格確認（資格確認限定型）の
    /// 導入が始まります」; `docs/client-protocol.md`, "Reading aloud"). Judged by `DATA-read-aloud`.
    ReadAloud,
    /// The app's own login: a mobile app unlocks itself (「（生体認証）（ログインパスコード）」) before
    /// its first card read and says so with an `app-login` line (厚生労働省保険局「オンライン資格確認
    /// （資格確認限定型）の導入が始まります」, the mobile screens; `docs/client-protocol.md`, "The app's
    /// own login"). Judged by `DATA-app-login`.
    AppLogin,
    /// 人間ドック: the card may be checked online only to confirm that the examinee belongs to the
    /// insurer the contract names, never for identity alone (「本人確認を目的とした場合においては
    /// オンライン資格確認を利用することはできませんが、マイナンバーカードの提示により本人確認が可能です」,
    /// 厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等に
    /// ついて（周知）」第2の4). The staff answer a `confirm` ask `checkup-purpose` first
    /// (`docs/kenshin.md`, "人間ドック"). Judged by `SVC-dock-purpose`.
    NingenDock,
    /// The claim record: a レセコン reports what it recorded for the visit (card used,
    /// information obtained) with a `claim-record` line before its `result`, so that the 加算
    /// its claim takes can be judged by the rules of the visit's day (`docs/client-protocol.md`,
    /// "The claim record"). Judged by `XML-claim-record`.
    ClaimRecord,
    /// The device check before a 巡回健診 bus tour: before the tour's first card check the app
    /// checks its devices — the service answers its health endpoint, a card reader is there —
    /// and reports what it found with a `device-check` line (「巡回健診の実施前にあらかじめ機器の
    /// 設置場所、動線や機器の動作について確認の上」, 厚生労働省保険局 事務連絡「特定健診・保健指導に係る
    /// オンライン資格確認（資格確認限定型）の導入等について（周知）」第2の3; `docs/bus-kenshin.md`,
    /// "The device check before a tour"). Judged by `SVC-pre-tour-check`.
    PreTourCheck,
    /// 照会番号 registration: at the counter the staff key in the patient's 照会番号 (the
    /// clinic's own patient number, printed on its 診察券) with the insurance card, and the
    /// レセコン registers it with the terminal (`OQSsiimm01`) before the check, so that the
    /// patient's later results carry it as `ReferenceNumber` (「マイナンバーカードを診察券として
    /// 利用」; the ReceptionAgent 照会番号 spec; sanox.org road18/26; `docs/client-protocol.md`,
    /// "照会番号 registration"). Judged by `XML-reference-number`.
    ReferenceNumber,
    /// The month's 医療扶助 import: a 指定医療機関's レセコン asks the terminal for the 医療券 of
    /// every 医療扶助 patient for this treatment month (`OQSmutic01` upload with
    /// `MedicalTreatmentMonth` yyyyMM, `ReceptionNumber`, `OQSmutic02` downloads until final),
    /// as `YUKI-ENT/OQSDrug2`'s `BulkQualificationService` does; no patient at the counter. Told
    /// through `MYNAKIT_CARE_SETTING` like the 居宅 same-day import (`docs/client-protocol.md`,
    /// "The month's 医療扶助 import"). Judged by `XML-medical-assistance-import`.
    MedicalAssistanceImport,
    /// Portal registration: the facility has no 資格確認端末 and registered this device through
    /// the portal beforehand (「事前にポータルサイトを通じて、PC端末の認証・登録を行う」,
    /// 厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」), so the client
    /// gets a device account (`MYNAKIT_PORTAL_ACCOUNT`) and its password, no activation code,
    /// and logs in with them (`docs/device-setup.md`, "Portal registration"). Judged by
    /// `SVC-portal-login` (and `SVC-login-stop` after a refusal).
    PortalSetup,
    /// The claim file: after its `result`, before it exits, the レセコン writes the month's claim
    /// for the scenario's visits as `RECEIPTC.UKE` into `MYNAKIT_CLAIM_DIR`, as it would send
    /// it to the 審査支払機関 (厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」;
    /// `docs/uke.md`, "The claim file in a run"). The harness reads it when the client has
    /// ended and judges it against the answers the run gave (`UKE-` checks).
    ClaimFile,
    /// A 健診 facility known by its own identity: the client gets its 健診・保健指導機関番号
    /// (`MYNAKIT_CHECKUP_INSTITUTION_NUMBER`) or, at an insurer that runs its own 健診, its
    /// オンライン資格確認用コード (`MYNAKIT_INSURER_ONLINE_CODE`), and names the facility by it in
    /// every 健診 check (厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認
    /// 限定型）の導入等について（周知）」第2の1; `docs/kenshin.md`, "Facility identities"). Judged
    /// by `SVC-kenshin-facility-identity`.
    CheckupFacility,
    /// 資格確認限定型 at a 医療機関・薬局 that claims on paper (紙レセプト), the exception to the
    /// obligation: eligibility only, by PIN or by eye, with the 医療機関コード it claims under
    /// (seed: 「オンライン資格確認義務化の例外医療機関等についても、この簡素な仕組みを導入」;
    /// `docs/care-settings.md`). A client declares this facility kind with this flow.
    PaperClaims,
    /// 訪問看護ステーション: a 居宅同意取得型 setting whose facility is a station (its 10-digit code
    /// on 点数表 6): the user consents once at home with the card and PIN on the staff's mobile
    /// device, later visits are checked by 再照会 within that consent, and the station's
    /// レセコン imports the day's results (seed: 居宅同意取得型 「※訪問看護ステーションを含む」;
    /// 厚生労働省「訪問看護レセプト（医療保険請求分）の電子化に関する情報」: from 2024-06-01,
    /// obligatory 2024-12-02; `docs/visiting-nursing.md`). A client declares this facility kind
    /// with this flow.
    VisitingNursing,
    /// 身元確認 by signature (a relying party, `docs/relying-party.md`): the holder types the
    /// 署名用 password, the card signs data the relying party's server made, and the relying
    /// party verifies the signature, the certificate's chain to the 署名用 test CA
    /// (`MYNAKIT_SIGN_CA_FILE`) and its revocation by OCSP (`MYNAKIT_OCSP_URL`), then accepts or
    /// refuses the person with the 基本4情報 of the certificate's SubjectAltName (the
    /// 犯罪収益移転防止法施行規則's JPKI method from 2027-04-01). Played by the role
    /// `relying-party` only.
    IdentityBySignature,
    /// 当人認証 by a server nonce (a relying party, `docs/relying-party.md`): the holder types the
    /// 利用者証明用 PIN, the card signs with its auth key a nonce the relying party's server
    /// issued for this check (`MYNAKIT_NONCE_URL`), and the relying party verifies the
    /// signature, the 利用者証明用 certificate's chain to its test CA (`MYNAKIT_AUTH_CA_FILE`)
    /// and its revocation by OCSP (`MYNAKIT_OCSP_URL`), then accepts or refuses. A nonce is
    /// never made on the client nor used twice (J-LIS, 利用者証明用電子証明書 for login: the
    /// server's random challenge). Played by the role `relying-party` only.
    AuthenticationByNonce,
    /// かざし (PIN-less, a relying party, `docs/relying-party.md`): a later use by a holder the
    /// relying party's server already knows from a 身元確認 (its accounts,
    /// `MYNAKIT_RP_ACCOUNTS`: the 利用者証明用 certificate linked to the account and the
    /// birth date). No PIN is typed: the app reads the 利用者証明用 certificate, which needs
    /// none, the server checks it (chain, revocation) and finds its account, and the card
    /// proves itself by the 券面事項確認AP's own key signing a server nonce once the birth-date
    /// key (the account's birth date) opened it. A first use, a card whose certificate no
    /// account holds, is refused (PocketSign Verify, docs.p8n.app pin-less/sequence: the birth
    /// date comes from the first registration). Played by the role `relying-party` only.
    PinLess,
    /// 現況確認 (a relying party, `docs/relying-party.md`): later status checks, without the
    /// card, of the holders its server identified before by their 署名用 certificates (its
    /// accounts, `MYNAKIT_RP_ACCOUNTS`): each certificate checked again at the revocation
    /// service, and each account's decision (kept, a new 身元確認, renewal, link ended,
    /// suspended, held) reported by its RFC 5280 reason as result fields
    /// ([`crate::StatusDecision`]). Played by the role `relying-party` only.
    StatusCheck,
    /// マイナ救急 (総務省消防庁; 本格運用 from FY2026, 2026-04-01): an ambulance team's tablet reads
    /// the patient's マイナ保険証 with no PIN (「救急隊員が傷病者の顔と券面上の写真を確認し、本人確認を
    /// 行うため、マイナンバーカードの暗証番号の入力は原則不要」), views the 救急 information with the
    /// patient's consent — or without it only when the patient cannot give it (「意識不明等のため同意を
    /// 得ることが困難である場合に限り、本人の同意なしで閲覧する」) — and keeps nothing on the tablet
    /// (「閲覧した情報は救急隊の使用するタブレットに保存されません」). A card-app flow and a care
    /// setting; `docs/emergency.md`, "マイナ救急".
    MynaKyukyu,
    /// 対面 IC read (a relying party at a counter, `docs/counter-read.md`): a bank's, a phone
    /// shop's or a 古物商's counter app reads the card the customer presents without a PIN. The
    /// staff type 照合番号B (birth date, expiry year, security code, printed on the card face),
    /// which opens the 券面事項確認AP and the 券面事項入力補助AP's 基本4情報; the app checks what it
    /// read, shows it, the staff compare the face photo with the customer, and the app keeps only
    /// the 確認記録 items (犯罪収益移転防止法施行規則 as amended 2025-06-24, from 2027-04-01: the
    /// face-to-face check reads the IC chip and shows its content; デジタル庁
    /// マイナンバーカード対面確認アプリ, 2024-08-20). Played by the role `relying-party` only.
    CounterRead,
    /// 医療費助成 through PMH (`docs/subsidies.md`): the レセコン takes the 医療費助成 受給者証 that
    /// come with the confirmation (公費負担者番号, 受給者番号, 有効期間) into the claim's KO records,
    /// those valid on the visit's day and not declined by the patient. Declared beside
    /// `claim-file`: a レセコン not yet changed for PMH (a facility that takes the paper
    /// 受給者証 only, as the 自治体 still issue them) does not claim it, and its subsidy
    /// scenarios are NOT-APPLICABLE (added 2026-11-29). A card app that declares it asks the
    /// patient whether to use the entries its answer carries (`consent` on `medical-subsidy`)
    /// and shows those valid on the day (`docs/subsidies.md`, "The card app"); one that does
    /// not is NOT-APPLICABLE to the card app's subsidy scenarios.
    Subsidy,
    /// A station's prices by the run's table (`docs/rules.md`, "Setting a station's prices"):
    /// declared beside `visiting-nursing` and `claim-file`, the station's レセコン prices each KA
    /// of RECEIPTH.UKE by the vendor's dated table the run gives in `MYNAKIT_STATION_PRICES`
    /// (with the public prices, each visit at the price in force on its day). A scenario whose
    /// own table (`given.station_prices`) holds a price made up for it is played only by a
    /// レセコン that declares this: one that prices by its own 訪問看護療養費マスター alone, whose
    /// 2026 prices are not the scenario's, is NOT-APPLICABLE to it (added 2026-11-29).
    StationPrices,
}

impl Flow {
    /// The flows a client that declares nothing is judged on: those of the card scenarios
    /// bundled before capabilities existed. A flow added later never joins this list.
    pub const UNDECLARED: [Flow; 2] = [Flow::Registration, Flow::LimitApplication];

    /// As written in files (`limit-application`).
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Registration => "registration",
            Flow::LimitApplication => "limit-application",
            Flow::DeviceSetup => "device-setup",
            Flow::History => "history",
            Flow::Viewing => "viewing",
            Flow::RegistrationBranches => "registration-branches",
            Flow::Kyotaku => "kyotaku",
            Flow::OnlineShinryo => "online-shinryo",
            Flow::Kenshin => "kenshin",
            Flow::BusKenshin => "bus-kenshin",
            Flow::Disaster => "disaster",
            Flow::Emergency => "emergency",
            Flow::JuseiAhaki => "jusei-ahaki",
            Flow::PasswordAsk => "password-ask",
            Flow::ReadAloud => "read-aloud",
            Flow::AppLogin => "app-login",
            Flow::NingenDock => "ningen-dock",
            Flow::ClaimRecord => "claim-record",
            Flow::PreTourCheck => "pre-tour-check",
            Flow::ReferenceNumber => "reference-number",
            Flow::MedicalAssistanceImport => "medical-assistance-import",
            Flow::PortalSetup => "portal-setup",
            Flow::ClaimFile => "claim-file",
            Flow::CheckupFacility => "checkup-facility",
            Flow::PaperClaims => "paper-claims",
            Flow::VisitingNursing => "visiting-nursing",
            Flow::IdentityBySignature => "identity-by-signature",
            Flow::AuthenticationByNonce => "authentication-by-nonce",
            Flow::PinLess => "pin-less",
            Flow::StatusCheck => "status-check",
            Flow::CounterRead => "counter-read",
            Flow::MynaKyukyu => "myna-kyukyu",
            Flow::Subsidy => "subsidy",
            Flow::StationPrices => "station-prices",
        }
    }

    /// The care settings (`docs/care-settings.md`): a scenario exercising one of them tells the
    /// client through `MYNAKIT_CARE_SETTING`, as a real app is set up for its setting.
    pub const CARE_SETTINGS: [Flow; 12] = [
        Flow::Kyotaku,
        Flow::OnlineShinryo,
        Flow::Kenshin,
        Flow::BusKenshin,
        Flow::Disaster,
        Flow::JuseiAhaki,
        Flow::NingenDock,
        Flow::PaperClaims,
        // Not a care setting but, like 居宅's same-day import, a task the レセコン is set up
        // for with no patient at the counter: told the same way.
        Flow::MedicalAssistanceImport,
        Flow::VisitingNursing,
        Flow::Emergency,
        Flow::MynaKyukyu,
    ];

    /// Whether this flow is a care setting ([`Flow::CARE_SETTINGS`]).
    pub fn is_care_setting(self) -> bool {
        Flow::CARE_SETTINGS.contains(&self)
    }

    /// A 資格確認限定型 setting: the facility confirms eligibility with a 限定型 app, which views
    /// no health or medical information (docs/care-settings.md).
    pub fn is_limited_type(self) -> bool {
        matches!(
            self,
            Flow::Kenshin | Flow::BusKenshin | Flow::JuseiAhaki | Flow::PaperClaims
        )
    }

    /// A 居宅同意取得型 setting (`docs/kyotaku.md`): consent once with the card and PIN at the
    /// patient's home, later visits by 再照会 within it, the day's results imported at the
    /// facility. A 訪問看護ステーション is one such setting whose facility is a station.
    pub fn is_home_visit(self) -> bool {
        matches!(self, Flow::Kyotaku | Flow::VisitingNursing)
    }

    /// What only an institution's 資格確認端末 (既存型) has: the 災害時 view of medical
    /// information, the 救急時医療情報閲覧 and the 医療情報閲覧 account role (docs/disaster.md,
    /// docs/emergency.md, docs/viewing.md).
    pub fn is_institution_terminal(self) -> bool {
        matches!(self, Flow::Disaster | Flow::Emergency | Flow::Viewing)
    }

    /// The flow named `name` as written in files (`bus-kenshin`).
    pub fn from_name(name: &str) -> Option<Flow> {
        [
            Flow::Registration,
            Flow::LimitApplication,
            Flow::DeviceSetup,
        ]
        .into_iter()
        .chain(Flow::CARE_SETTINGS)
        .find(|f| f.as_str() == name)
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A client's declaration. Read from `--capabilities FILE` (JSON) or `hello.capabilities`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "mynakit client capabilities")]
pub struct Capabilities {
    /// The role, or the roles, the client plays (`card-app`, `receipt-computer`, and
    /// `relying-party`, added without a new protocol or report schema version: it is written
    /// back, in report.json too, only by a client that declares it). Default: `card-app`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "one_or_many"
    )]
    #[schemars(with = "Option<OneOrMany<Role>>")]
    pub role: Option<Vec<Role>>,
    /// The modes it offers. Default: those of its roles (`pin`, `visual`, `face` for a card
    /// app; `insurance-card`, `face` for a receipt computer; `pin` for a relying party).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modes: Option<Vec<Mode>>,
    /// The flows it supports beyond the basic check. Default: `registration`,
    /// `limit-application`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flows: Option<Vec<Flow>>,
    /// The rule set, or the rule sets, it follows (dates, `docs/rules.md`). Default: any. Its
    /// newest is the rule set of scenarios that do not name one, unless `--rules` says otherwise.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "one_or_many"
    )]
    #[schemars(with = "Option<OneOrMany<RuleSet>>")]
    pub rules: Option<Vec<RuleSet>>,
    /// The files it keeps on purpose in its folders, which may hold the patient's values
    /// (`docs/client-protocol.md`, "The client's folders"): paths under `home/`, `tmp/` or
    /// `work/`, a folder ending in `/`. Shown in the report; `DATA-nothing-kept` judges every
    /// other file. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keeps: Option<Vec<String>>,
    /// How it reaches the card: `pcsc` (a PC/SC reader, the default) or `nfc` (a mobile app:
    /// the patient's card is behind the NFC relay, `docs/mobile.md`, and the mobile scenarios
    /// apply to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<crate::Transport>,
    /// The phone platforms the app ships (`android`, `ios`), one or a list: vendors ship
    /// Android and iOS as separate builds, and a scenario for another platform (`platform:`)
    /// is NOT-APPLICABLE to this one (`docs/mobile.md`, "Platforms"). Default: any platform,
    /// the app plays whichever a scenario asks for in `MYNAKIT_PLATFORM`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "one_or_many"
    )]
    #[schemars(with = "Option<OneOrMany<crate::nfc::Platform>>")]
    pub platforms: Option<Vec<crate::nfc::Platform>>,
    /// The dated starts it implements (`docs/rules.md`, "What began when"; the names of
    /// `mynakit run --began`), one or a list: `NAME`, a build that plays the start on every
    /// day, or `NAME=YYYY-MM-DD`, the day its build began to. A scenario about the days before
    /// such a start is NOT-APPLICABLE to it, and one that rests on it is judged from that day;
    /// the run's `--began` and `MYNAKIT_BEGAN` win for the starts they set. Default: none,
    /// each start on its own day.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "declared_starts"
    )]
    #[schemars(with = "Option<OneOrMany<String>>")]
    pub began: Option<Vec<String>>,
    /// The suite it is judged by, `YYYY-MM-DD` (`docs/suites.md`): the checks and bundled
    /// scenarios of that day's suite, as `mynakit run --suite` (which wins). Default: the
    /// newest suite.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "suite_day"
    )]
    pub suite: Option<String>,
}

/// `suite`: a day, `YYYY-MM-DD`, refused where it is read when it is not one.
fn suite_day<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<SuiteDay>::deserialize(deserializer)?.map(|day| day.0))
}

/// A suite's day as a declaration writes it. Checked as the value is read, so the reader names
/// the place (`caps.yaml:2:8: suite: …`), not the declaration's start.
struct SuiteDay(String);

impl<'de> Deserialize<'de> for SuiteDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SuiteDay, D::Error> {
        // Refused inside the reader's own call, where it knows the value's place.
        struct DayVisitor;
        impl Visitor<'_> for DayVisitor {
            type Value = SuiteDay;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a day, YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, day: &str) -> Result<SuiteDay, E> {
                match crate::rules::Day::parse(day) {
                    Ok(_) => Ok(SuiteDay(day.to_owned())),
                    Err(_) => Err(E::custom(format_args!(
                        "`{day}` is not a day: a suite is named YYYY-MM-DD (`mynakit changes`)"
                    ))),
                }
            }
        }
        deserializer.deserialize_str(DayVisitor)
    }
}

/// `began`: one or a list of starts, each read as [`crate::Starts::declare`] reads it, so a
/// declaration naming no start or no day is refused where it is read (the file, `hello`), at
/// its place; and no start declared twice.
fn declared_starts<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    let texts: Option<Vec<DeclaredStart>> = one_or_many(deserializer)?;
    let texts: Option<Vec<String>> = texts.map(|t| t.into_iter().map(|s| s.0).collect());
    if let Some(texts) = &texts {
        let mut starts = crate::Starts::default();
        for text in texts {
            starts.declare(text).map_err(de::Error::custom)?;
        }
    }
    Ok(texts)
}

/// One start as a declaration writes it, checked alone as it is read (its name, its day).
struct DeclaredStart(String);

impl<'de> Deserialize<'de> for DeclaredStart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DeclaredStart, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::Starts::default()
            .declare(&text)
            .map_err(de::Error::custom)?;
        Ok(DeclaredStart(text))
    }
}

/// A single value or a list of them (for the JSON Schema).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrMany<T> {
    /// One.
    One(T),
    /// Several.
    Many(Vec<T>),
}

impl Capabilities {
    /// The roles: declared, or `card-app`.
    pub fn roles(&self) -> Vec<Role> {
        match &self.role {
            Some(roles) if !roles.is_empty() => roles.clone(),
            _ => vec![Role::CardApp],
        }
    }

    /// The modes: declared, or those of the roles.
    pub fn modes(&self) -> Vec<Mode> {
        match &self.modes {
            Some(modes) => modes.clone(),
            None => {
                let mut modes: Vec<Mode> = Vec::new();
                for role in self.roles() {
                    for mode in role.modes() {
                        if !modes.contains(mode) {
                            modes.push(*mode);
                        }
                    }
                }
                modes
            }
        }
    }

    /// The flows: declared, or [`Flow::UNDECLARED`].
    pub fn flows(&self) -> Vec<Flow> {
        self.flows
            .clone()
            .unwrap_or_else(|| Flow::UNDECLARED.to_vec())
    }

    /// Whether the declaration describes an app that can exist: a 資格確認限定型 app (flows
    /// `kenshin`, `bus-kenshin`, `jusei-ahaki`) views no health or medical information
    /// (「受診者の健康・医療情報の閲覧はできません」, 厚生労働省保険局 事務連絡「特定健診・保健指導に係る
    /// オンライン資格確認（資格確認限定型）の導入等について（周知）」第1の1), so it cannot also have what
    /// only an institution's 資格確認端末 has: the 災害時 view (`disaster`) and the 医療情報閲覧
    /// account role (`viewing`). A declaration of both roles (`card-app` and
    /// `receipt-computer`) stands for several products, a test client that plays every part
    /// (mynakit's reference client, docs/scope.md), and is judged per scenario instead.
    ///
    /// An `Err` is a **warning**, not a refusal: the rule came after clients were written that
    /// declare every flow they play, and a declaration an earlier release accepted is never
    /// refused (`docs/client-protocol.md`, "Capabilities"). The harness says so and judges the
    /// client as several products, each scenario by its own needs, as before the rule.
    ///
    /// Nor can a 資格確認限定型 app confirm by face: its identity modes are 暗証番号入力 and 目視確認
    /// only, a 顔認証付きカードリーダー being the 既存型's (厚生労働省保険局 事務連絡「特定健診・保健指導
    /// に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」,（参考１）「オンライン資格確認の
    /// 仕組み」's 本人確認 column; docs/scope.md, "Kinds of facility"). A declaration of the
    /// `face` mode with a 資格確認限定型 flow gets the same warning.
    ///
    /// # Errors
    ///
    /// [`DeclarationError::LimitedWithInstitution`] naming one flow of each kind, else
    /// [`DeclarationError::LimitedWithFace`] naming the 資格確認限定型 flow.
    pub fn check(&self) -> Result<(), DeclarationError> {
        let roles = self.roles();
        if roles.contains(&Role::CardApp) && roles.contains(&Role::ReceiptComputer) {
            return Ok(());
        }
        let flows = self.flows();
        let limited = flows.iter().copied().find(|f| f.is_limited_type());
        let institution = flows.iter().copied().find(|f| f.is_institution_terminal());
        // Only modes the declaration names: the defaults of a role (face among them) were not
        // written by the client and say nothing of its setting.
        let face = self
            .modes
            .as_ref()
            .is_some_and(|modes| modes.contains(&Mode::Face));
        match (limited, institution) {
            (Some(limited), Some(institution)) => Err(DeclarationError::LimitedWithInstitution {
                limited,
                institution,
            }),
            (Some(limited), None) if face => Err(DeclarationError::LimitedWithFace { limited }),
            _ => Ok(()),
        }
    }

    /// The starts it declares ([`Capabilities::began`]), each read as
    /// [`crate::Starts::declare`] reads it; what does not read (a declaration built in code,
    /// not read) is left out.
    pub fn declared_starts(&self) -> crate::Starts {
        let mut starts = crate::Starts::default();
        for text in self.began.iter().flatten() {
            let _ = starts.declare(text);
        }
        starts
    }

    /// The phone platforms it ships; empty = any (it plays whichever a scenario asks for).
    pub fn platforms(&self) -> Vec<crate::nfc::Platform> {
        self.platforms.clone().unwrap_or_default()
    }

    /// How it reaches the card: declared, or `pcsc`.
    pub fn transport(&self) -> crate::Transport {
        self.transport.unwrap_or_default()
    }

    /// The rule sets it follows; empty = any.
    pub fn rule_sets(&self) -> Vec<RuleSet> {
        self.rules.clone().unwrap_or_default()
    }

    /// The newest rule set it follows, if it names any.
    pub fn newest_rules(&self) -> Option<RuleSet> {
        self.rule_sets().into_iter().max()
    }

    /// One line for tables and reports: `role card-app; modes pin, visual, face; flows
    /// registration, limit-application; rules any`, then `; transport nfc`, `; platforms
    /// android` and `; keeps
    /// home/app.db` when declared (the files a reader of the report must know were kept on
    /// purpose: `DATA-nothing-kept` does not judge them).
    pub fn summary(&self) -> String {
        let join = |items: Vec<String>| {
            if items.is_empty() {
                "none".to_owned()
            } else {
                items.join(", ")
            }
        };
        let modes: Vec<String> = self
            .modes()
            .iter()
            .map(|m| {
                serde_json::to_value(m)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        let transport = match self.transport {
            Some(t) if t != crate::Transport::Pcsc => format!("; transport {t}"),
            _ => String::new(),
        };
        let platforms = match self.platforms.as_deref() {
            Some(p) if !p.is_empty() => format!(
                "; platforms {}",
                p.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")
            ),
            _ => String::new(),
        };
        let keeps = match self.keeps.as_deref() {
            Some(kept) if !kept.is_empty() => format!("; keeps {}", kept.join(", ")),
            _ => String::new(),
        };
        format!(
            "role {}; modes {}; flows {}; rules {}{transport}{platforms}{keeps}",
            join(self.roles().iter().map(ToString::to_string).collect()),
            join(modes),
            join(self.flows().iter().map(ToString::to_string).collect()),
            match self.rule_sets() {
                r if r.is_empty() => "any".to_owned(),
                r => join(r.iter().map(ToString::to_string).collect()),
            },
        )
    }
}

/// Reads a value or a list of values as a list (`"card-app"` or `["card-app", …]`).
fn one_or_many<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    struct OneOrManyVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: DeserializeOwned> Visitor<'de> for OneOrManyVisitor<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a list of strings")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
            T::deserialize(de::value::StrDeserializer::<E>::new(v)).map(|one| vec![one])
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut all = Vec::new();
            while let Some(one) = seq.next_element::<String>()? {
                all.push(T::deserialize(
                    de::value::StrDeserializer::<A::Error>::new(&one),
                )?);
            }
            Ok(all)
        }
    }

    deserializer
        .deserialize_any(OneOrManyVisitor(std::marker::PhantomData))
        .map(Some)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A declared suite or start whose day is not a day is refused as the value is read, so
    /// the reader names its place (YAML: its line; JSON: its object's end); year 0 and 9999-12-31
    /// are days.
    #[test]
    fn a_declared_day_that_is_not_a_day_is_refused_at_its_place() {
        for bad in ["2026-02-30", "0000-00-00", "2026-1-01", " 2026-11-28"] {
            let text = format!("{{\n  \"role\": \"card-app\",\n  \"suite\": \"{bad}\"\n}}");
            let e = serde_json::from_str::<Capabilities>(&text).unwrap_err();
            assert!(
                e.to_string().contains(&format!("`{bad}` is not a day")),
                "{e}"
            );
            // serde_json places an error of a field's value at the end of its object.
            assert!((3..=4).contains(&e.line()), "{e}");
            let text = format!("{{\n  \"began\": [\"kenshin\",\n    \"phone-card={bad}\"]\n}}");
            let e = serde_json::from_str::<Capabilities>(&text).unwrap_err();
            assert!(
                e.to_string().contains(&format!("`{bad}` is not a day")),
                "{e}"
            );
            assert_eq!(e.line(), 3, "{e}");
        }
        for far in ["0000-01-01", "9999-12-31"] {
            let text = format!("{{\"suite\": \"{far}\", \"began\": \"kenshin={far}\"}}");
            let read: Capabilities = serde_json::from_str(&text).unwrap();
            assert_eq!(read.suite.as_deref(), Some(far));
        }
    }

    fn declared(json: &str) -> Capabilities {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_limited_type_app_with_an_institution_s_flow_is_contradictory_unless_it_is_several_products(
    ) {
        let mixed = declared(r#"{"role":"card-app","flows":["kenshin","disaster"]}"#);
        let error = mixed.check().unwrap_err();
        assert_eq!(
            error,
            DeclarationError::LimitedWithInstitution {
                limited: Flow::Kenshin,
                institution: Flow::Disaster,
            }
        );
        let said = error.to_string();
        assert!(said.contains("`kenshin`"), "{said}");
        // It names the rule, says how it is judged and how to fix it.
        assert_eq!(error.rule(), "limited-type-without-institution-flows");
        assert!(
            said.contains("`limited-type-without-institution-flows`"),
            "{said}"
        );
        assert!(said.contains("judged as several products"), "{said}");
        assert!(said.contains("To fix it"), "{said}");
        assert!(declared(r#"{"flows":["jusei-ahaki","viewing"]}"#)
            .check()
            .is_err());
        assert!(declared(r#"{"flows":["kenshin","bus-kenshin"]}"#)
            .check()
            .is_ok());
        assert!(declared(r#"{"flows":["disaster","viewing"]}"#)
            .check()
            .is_ok());
        assert!(declared(r#"{}"#).check().is_ok());
        let suite =
            declared(r#"{"role":["card-app","receipt-computer"],"flows":["kenshin","disaster"]}"#);
        assert!(suite.check().is_ok());
    }

    #[test]
    fn a_limited_type_app_that_declares_face_is_contradictory_unless_it_is_several_products() {
        let face = declared(r#"{"modes":["face"],"flows":["jusei-ahaki"]}"#);
        let error = face.check().unwrap_err();
        assert_eq!(
            error,
            DeclarationError::LimitedWithFace {
                limited: Flow::JuseiAhaki
            }
        );
        assert_eq!(error.rule(), "limited-type-without-face");
        let said = error.to_string();
        assert!(said.contains("`limited-type-without-face`"), "{said}");
        assert!(said.contains("`jusei-ahaki`"), "{said}");
        assert!(said.contains("To fix it"), "{said}");
        // The role's default modes (face among them) are not a declaration of face.
        assert!(declared(r#"{"flows":["jusei-ahaki"]}"#).check().is_ok());
        assert!(
            declared(r#"{"modes":["pin","visual"],"flows":["kenshin"]}"#)
                .check()
                .is_ok()
        );
        assert!(declared(r#"{"modes":["face"],"flows":["registration"]}"#)
            .check()
            .is_ok());
        let suite = declared(
            r#"{"role":["card-app","receipt-computer"],"modes":["face"],"flows":["kenshin"]}"#,
        );
        assert!(suite.check().is_ok());
    }

    /// The strings of every `const` and `enum` in a JSON Schema.
    fn constants(schema: &serde_json::Value, out: &mut Vec<String>) {
        match schema {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("const", serde_json::Value::String(s)) => out.push(s.clone()),
                        ("enum", serde_json::Value::Array(values)) => {
                            out.extend(values.iter().filter_map(|v| v.as_str().map(str::to_owned)))
                        }
                        _ => constants(value, out),
                    }
                }
            }
            serde_json::Value::Array(values) => {
                for value in values {
                    constants(value, out);
                }
            }
            _ => {}
        }
    }

    /// docs/client-protocol.md's capabilities table names every flow a client can declare.
    #[test]
    fn the_capabilities_table_names_every_flow() {
        let schema = serde_json::to_value(schemars::schema_for!(Flow)).unwrap();
        let mut flows = Vec::new();
        constants(&schema, &mut flows);
        assert!(
            flows.contains(&Flow::AppLogin.as_str().to_owned()),
            "{flows:?}"
        );
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/client-protocol.md"),
        )
        .unwrap();
        let row = docs.lines().find(|l| l.starts_with("| `flows` |")).unwrap();
        for flow in flows {
            assert!(
                row.contains(&format!("`{flow}`")),
                "docs/client-protocol.md, \"Capabilities\": the `flows` row does not name `{flow}`"
            );
        }
    }

    #[test]
    fn nothing_declared_is_a_card_app_on_todays_flows_under_any_rules() {
        let none = Capabilities::default();
        assert_eq!(none.roles(), [Role::CardApp]);
        assert_eq!(none.modes(), [Mode::Pin, Mode::Visual, Mode::Face]);
        assert_eq!(none.flows(), Flow::UNDECLARED);
        assert!(none.rule_sets().is_empty());
        assert_eq!(
            none.summary(),
            "role card-app; modes pin, visual, face; flows registration, limit-application; rules any"
        );
    }

    #[test]
    fn one_value_or_a_list() {
        let c: Capabilities =
            serde_json::from_str(r#"{"role":"receipt-computer","flows":[],"rules":"2025-05-21"}"#)
                .unwrap();
        assert_eq!(c.roles(), [Role::ReceiptComputer]);
        assert_eq!(c.modes(), [Mode::InsuranceCard, Mode::Face]);
        assert!(c.flows().is_empty());
        assert_eq!(c.newest_rules(), Some(RuleSet::App2025));
        let both: Capabilities = serde_json::from_str(
            r#"{"role":["card-app","receipt-computer"],"modes":["visual"],"rules":["2021-04-01","2025-05-21"]}"#,
        )
        .unwrap();
        assert_eq!(both.roles(), [Role::CardApp, Role::ReceiptComputer]);
        assert_eq!(both.modes(), [Mode::Visual]);
        assert_eq!(both.rule_sets(), [RuleSet::Oqs2021, RuleSet::App2025]);
        let back: Capabilities =
            serde_json::from_str(&serde_json::to_string(&both).unwrap()).unwrap();
        assert_eq!(back, both);
    }

    #[test]
    fn transport_is_pcsc_unless_declared() {
        assert_eq!(Capabilities::default().transport(), crate::Transport::Pcsc);
        let nfc: Capabilities = serde_json::from_str(r#"{"transport":"nfc"}"#).unwrap();
        assert_eq!(nfc.transport(), crate::Transport::Nfc);
        assert!(
            nfc.summary().ends_with("; transport nfc"),
            "{}",
            nfc.summary()
        );
        assert!(serde_json::from_str::<Capabilities>(r#"{"transport":"usb"}"#).is_err());
    }

    #[test]
    fn the_platforms_shipped_are_one_or_a_list_and_in_the_summary_line() {
        use crate::nfc::Platform;
        assert!(Capabilities::default().platforms().is_empty());
        let android: Capabilities =
            serde_json::from_str(r#"{"transport":"nfc","platforms":"android"}"#).unwrap();
        assert_eq!(android.platforms(), [Platform::Android]);
        assert!(
            android
                .summary()
                .ends_with("; transport nfc; platforms android"),
            "{}",
            android.summary()
        );
        let both: Capabilities =
            serde_json::from_str(r#"{"platforms":["android","ios"]}"#).unwrap();
        assert_eq!(both.platforms(), [Platform::Android, Platform::Ios]);
        let err = serde_json::from_str::<Capabilities>(r#"{"platforms":["windows"]}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown variant `windows`"), "{err}");
    }

    #[test]
    fn the_files_kept_on_purpose_are_in_the_summary_line() {
        let kept: Capabilities =
            serde_json::from_str(r#"{"keeps":["home/app.db","work/cache/"]}"#).unwrap();
        assert!(
            kept.summary()
                .ends_with("; rules any; keeps home/app.db, work/cache/"),
            "{}",
            kept.summary()
        );
        let none: Capabilities = serde_json::from_str(r#"{"keeps":[]}"#).unwrap();
        assert!(!none.summary().contains("keeps"), "{}", none.summary());
    }

    #[test]
    fn mistakes_are_named() {
        for (text, wanted) in [
            (r#"{"role":"kiosk"}"#, "unknown variant `kiosk`"),
            (r#"{"flows":["shopping"]}"#, "unknown variant `shopping`"),
            (r#"{"rules":"2020-01-01"}"#, "no rule set was in force"),
            (r#"{"mode":["pin"]}"#, "unknown field `mode`"),
            (r#"{"role":3}"#, "a string or a list of strings"),
        ] {
            let err = serde_json::from_str::<Capabilities>(text).unwrap_err();
            assert!(err.to_string().contains(wanted), "{text}: {err}");
        }
    }
}

/// Why a declaration of capabilities describes no app that can exist ([`Capabilities::check`]):
/// a warning the harness prints or reports, never a refusal (`docs/client-protocol.md`,
/// "Capabilities").
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeclarationError {
    /// A 資格確認限定型 flow with one only an institution's 資格確認端末 has.
    #[error(
        "the capabilities break the rule `{}`: `{}` is a 資格確認限定型 setting, whose app views \
         no health or medical information, and `{}` only an institution's 資格確認端末 has, so \
         one app cannot be both; judged as several products, each scenario by its own needs. To \
         fix it, declare each app in its own capabilities, or both roles `card-app` and \
         `receipt-computer` for a test client that plays every part; a later protocol version \
         may refuse it (`mynakit docs client-protocol`, \"Capabilities\")",
        DeclarationError::LIMITED_WITHOUT_INSTITUTION,
        .limited.as_str(),
        .institution.as_str()
    )]
    LimitedWithInstitution {
        /// The 資格確認限定型 flow.
        limited: Flow,
        /// The institution's flow.
        institution: Flow,
    },
    /// A 資格確認限定型 flow with the `face` mode, which only a 既存型 institution's
    /// 顔認証付きカードリーダー has.
    #[error(
        "the capabilities break the rule `{}`: `{}` is a 資格確認限定型 setting, whose app \
         confirms identity by 暗証番号 or 目視確認 only, and `face` is a 既存型 institution's \
         顔認証付きカードリーダー, so one app cannot be both; judged as several products, each \
         scenario by its own needs, and the `face` runs of 資格確認限定型 scenarios are \
         NOT-APPLICABLE. To fix it, declare each app in its own capabilities, or both roles \
         `card-app` and `receipt-computer` for a test client that plays every part; a later \
         protocol version may refuse it (`mynakit docs client-protocol`, \"Capabilities\")",
        DeclarationError::LIMITED_WITHOUT_FACE,
        .limited.as_str()
    )]
    LimitedWithFace {
        /// The 資格確認限定型 flow.
        limited: Flow,
    },
}

impl DeclarationError {
    /// The name of the rule [`DeclarationError::LimitedWithInstitution`] breaks, as warnings
    /// and docs/client-protocol.md name it.
    pub const LIMITED_WITHOUT_INSTITUTION: &'static str = "limited-type-without-institution-flows";

    /// The name of the rule [`DeclarationError::LimitedWithFace`] breaks.
    pub const LIMITED_WITHOUT_FACE: &'static str = "limited-type-without-face";

    /// The name of the rule broken.
    pub fn rule(&self) -> &'static str {
        match self {
            DeclarationError::LimitedWithInstitution { .. } => {
                DeclarationError::LIMITED_WITHOUT_INSTITUTION
            }
            DeclarationError::LimitedWithFace { .. } => DeclarationError::LIMITED_WITHOUT_FACE,
        }
    }
}
