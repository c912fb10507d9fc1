//! What began when: the dated starts mynakit applies that are neither a rule set, a claim 加算
//! nor a paper (`docs/rules.md`, "What began when"). Each answers "is it in force on day D?"
//! for the reference client (which shows the screen of the day), the checks (which judge by
//! the day) and the harness (which leaves a scenario whose point did not exist yet
//! NOT-APPLICABLE, naming the start).
//!
//! Each start is a first day: in force on it and after.

use super::{check_date, RulesError};

/// A start mynakit applies by the scenario's day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Began {
    /// The viewing of 薬剤情報 and 特定健診情報 at the 資格確認端末, with the patient's consent
    /// (the レセコン's `drug-info` and `checkup-info` requests): from the 本格運用 of オンライン資格
    /// 確認 on this day. Before it the system confirmed eligibility only (the プレ運用 from
    /// 2021-03-04), and no 薬剤情報 or 特定健診情報 was served to look at.
    InformationViewing,
    /// The viewing of 診療情報 at the 資格確認端末, with the patient's consent (the レセコン's
    /// `diagnosis-info` request): the 医療機関名, 受診歴, 診療年月日 and 診療行為名 (放射線治療,
    /// 画像診断, 人工腎臓 …) of the patient's past claims, from this day. Before it the system
    /// served 薬剤情報 and 特定健診情報 only; 手術 followed later (planned for 2023-05), which no
    /// request of mynakit's asks for.
    DiagnosisInfoViewing,
    /// The 顔認証マイナンバーカード: a card issued without PINs, whose 利用者証明用 certificate is
    /// used after a face check by a machine or by eye, never a PIN. Before this day no such card
    /// was issued: every card had its PINs.
    FaceAuthCard,
    /// The オンライン資格確認 of 生活保護's 医療扶助: from this day the service answers a
    /// recipient's card with the 医療扶助 record (受給者番号, 福祉事務所, 医療券・調剤券); before it a
    /// recipient's qualification was confirmed only by the paper 医療券, and no 医療扶助 record
    /// existed to show. The national start: each 福祉事務所 joined on a day of its own (some
    /// months later), which no run models.
    MedicalAssistanceOnline,
    /// The オンライン資格確認 at 施術所 of 柔道整復 and あん摩マッサージ指圧・はり・きゅう (the
    /// 資格確認限定型 flow `jusei-ahaki` of the マイナ資格確認アプリ): in operation from this
    /// day, after a test period to 2024-03-31 in which the 保険証 still decided.
    JuseiAhaki,
    /// The 資格確認限定型 at 医療機関・薬局 that claim on paper (紙レセプト), the exception to the
    /// obligation (the flow `paper-claims` of a card app): such a facility may confirm
    /// eligibility with the マイナ資格確認アプリ from this day; before it it had no オンライン資格確認
    /// (the 保険証 was looked at).
    PaperClaims,
    /// The 居宅同意取得型 of 訪問診療等 (the flow `kyotaku`): the patient consents once, at home,
    /// with the card on the staff's mobile device, and later visits are checked by 再照会 within
    /// that consent. In operation from this day; before it a visit at home had no オンライン資格
    /// 確認 (the 保険証 was looked at). 訪問看護ステーション followed on 2024-06-01: their own
    /// flow `visiting-nursing` and start, [`Began::VisitingNursing`].
    KyotakuConsent,
    /// The 資格確認限定型 at 特定健診・特定保健指導機関 (the flows `kenshin` and `bus-kenshin` of a
    /// card app): a 健診 facility may confirm the examinee's qualification with the マイナ資格確認
    /// アプリ from this day; before it the 受診券 was compared with the 保険証 by eye and no 限定型
    /// app existed for a 健診 facility. A 既存型 institution's 資格確認端末 (a レセコン scenario)
    /// could already be used for its 健診 (「引き続き、導入済みのオンライン資格確認を利用」), so
    /// it does not rest on this start.
    LimitedTypeCheckup,
    /// The マイナ資格確認アプリ's 転記 functions: the 「API連携機能」 that hands a past
    /// confirmation's result to the 施術所's レセコン, and the 閲覧 of past results in the app
    /// (flow `history`). Before it the app showed a result once, at the check, and kept none to
    /// look up or hand off.
    HistoryHandOff,
    /// The マイナ資格確認アプリ's 医療扶助 screen E-05-A with the 資格情報 (福祉事務所名, …), kept after
    /// the qualification was lost, and the 裏面記載情報 (`NameOfOtherKana`, `NameOfOther`,
    /// `Sex2`). Before it the app showed 「医療扶助対象者です／必要な提出書類等により、資格確認を
    /// 行ってください」 with no 福祉事務所名 and no 裏面記載情報.
    WelfareScreen,
    /// 保険証利用登録 in the マイナ資格確認アプリ (screens C-04-01-A, F-01-A; flow `registration`):
    /// from this day an app that reads an unregistered card offers the registration. Before it
    /// the app had no such function: the patient registered elsewhere (a 顔認証付きカードリーダー,
    /// マイナポータル, a セブン銀行 ATM), and the app showed the card as not registered.
    AppRegistration,
    /// A smartphone (the Android スマホ用電子証明書, the iPhone's マイナンバーカード) used as the
    /// card: a マイナ保険証 from this day; before it a phone was none.
    PhoneCard,
    /// The 居宅同意取得型 at 訪問看護ステーション (the flow `visiting-nursing`), with the station's
    /// online claims (RECEIPTH.UKE): from this day (June's visits, claimed in July), obligatory
    /// from 2024-12-02; before it a station had no オンライン資格確認 (the 保険証 was looked at)
    /// and claimed on paper.
    VisitingNursing,
    /// 救急時医療情報閲覧 at a hospital's 資格確認端末 (the flow `emergency`): a patient who cannot
    /// consent has their 薬剤・診療・特定健診 information viewed after the card is read, from this
    /// day. Before it every viewing needed the patient's consent (the 通常時 rule), and 災害時 was
    /// the only exception.
    EmergencyViewing,
    /// マイナ救急's 本格運用 (the flow `myna-kyukyu`): every ambulance team (救急隊) views, with the
    /// patient's card read on its tablet without a PIN, the patient's 救急 information, from the
    /// first day of FY2026. Before it the teams ran 実証事業 only (67 消防本部 in 2024, all 720 from
    /// 2025-10-01 to 2026-03-31), and elsewhere the team asked the patient or family by voice.
    MynaKyukyu,
}

impl Began {
    /// Every start, oldest first.
    pub const ALL: [Began; 15] = [
        Began::InformationViewing,
        Began::DiagnosisInfoViewing,
        Began::FaceAuthCard,
        Began::MedicalAssistanceOnline,
        Began::JuseiAhaki,
        Began::KyotakuConsent,
        Began::LimitedTypeCheckup,
        Began::HistoryHandOff,
        Began::WelfareScreen,
        Began::AppRegistration,
        Began::PhoneCard,
        // Added after the others: `ALL`'s order is oldest first within those a release had, and
        // a start joins at the end so that no earlier start's place moves.
        Began::PaperClaims,
        Began::VisitingNursing,
        Began::EmergencyViewing,
        Began::MynaKyukyu,
    ];

    /// Its name where a run sets its day (`mynakit run --began NAME=YYYY-MM-DD`,
    /// `MYNAKIT_BEGAN`; [`super::Starts`]).
    pub fn key(self) -> &'static str {
        match self {
            Began::InformationViewing => "information-viewing",
            Began::DiagnosisInfoViewing => "diagnosis-info-viewing",
            Began::FaceAuthCard => "face-auth-card",
            Began::MedicalAssistanceOnline => "medical-assistance-online",
            Began::JuseiAhaki => "jusei-ahaki",
            Began::KyotakuConsent => "kyotaku",
            Began::LimitedTypeCheckup => "kenshin",
            Began::HistoryHandOff => "history-hand-off",
            Began::AppRegistration => "app-registration",
            Began::WelfareScreen => "welfare-screen",
            Began::PhoneCard => "phone-card",
            Began::PaperClaims => "paper-claims",
            Began::VisitingNursing => "visiting-nursing",
            Began::EmergencyViewing => "emergency-viewing",
            Began::MynaKyukyu => "myna-kyukyu",
        }
    }

    /// The start named `key` ([`Began::key`]).
    pub fn from_key(key: &str) -> Option<Began> {
        Began::ALL.into_iter().find(|b| b.key() == key)
    }

    /// Its place in [`Began::ALL`].
    pub(crate) fn index(self) -> usize {
        Began::ALL
            .iter()
            .position(|b| *b == self)
            .unwrap_or_default()
    }

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Began::InformationViewing => "the viewing of 薬剤情報・特定健診情報",
            Began::DiagnosisInfoViewing => "the viewing of 診療情報",
            Began::FaceAuthCard => "the 顔認証マイナンバーカード",
            Began::MedicalAssistanceOnline => "the online eligibility of 医療扶助",
            Began::JuseiAhaki => "the オンライン資格確認 at 柔整・あはき 施術所",
            Began::KyotakuConsent => "the 居宅同意取得型 of 訪問診療等",
            Began::LimitedTypeCheckup => "the 資格確認限定型 at 特定健診・保健指導機関",
            Began::WelfareScreen => "the 医療扶助 screen E-05-A with 裏面記載情報",
            Began::HistoryHandOff => "the app's 閲覧履歴 and API連携 to a レセコン",
            Began::AppRegistration => "保険証利用登録 in the マイナ資格確認アプリ",
            Began::PhoneCard => "the smartphone マイナ保険証",
            Began::PaperClaims => "the 資格確認限定型 at 紙レセプト 医療機関・薬局",
            Began::VisitingNursing => "the 居宅同意取得型 at 訪問看護ステーション",
            Began::EmergencyViewing => "救急時医療情報閲覧 at the 資格確認端末",
            Began::MynaKyukyu => "マイナ救急's 本格運用 on the ambulance teams' tablets",
        }
    }

    /// Its name in a Japanese report: [`Began::name`] in Japanese, kept beside it so that the
    /// two say the same start (docs/reports.md, "Japanese").
    pub fn name_ja(self) -> &'static str {
        match self {
            Began::InformationViewing => "薬剤情報・特定健診情報の閲覧",
            Began::DiagnosisInfoViewing => "診療情報の閲覧",
            Began::FaceAuthCard => "顔認証マイナンバーカード",
            Began::MedicalAssistanceOnline => "医療扶助のオンライン資格確認",
            Began::JuseiAhaki => "柔整・あはき 施術所でのオンライン資格確認",
            Began::KyotakuConsent => "訪問診療等の居宅同意取得型",
            Began::LimitedTypeCheckup => "特定健診・保健指導機関での資格確認限定型",
            Began::WelfareScreen => "裏面記載情報を表示する医療扶助の画面 E-05-A",
            Began::HistoryHandOff => "アプリの閲覧履歴とレセコンへの API連携",
            Began::AppRegistration => "マイナ資格確認アプリでの保険証利用登録",
            Began::PhoneCard => "スマートフォンのマイナ保険証",
            Began::PaperClaims => "紙レセプトの医療機関・薬局での資格確認限定型",
            Began::VisitingNursing => "訪問看護ステーションの居宅同意取得型",
            Began::EmergencyViewing => "資格確認端末での救急時医療情報閲覧",
            Began::MynaKyukyu => "救急隊のタブレットでのマイナ救急の本格運用",
        }
    }

    /// Its first day, `YYYY-MM-DD`.
    ///
    /// `JuseiAhaki`: the first day of the month the sources give (「令和6年4月～ 運用開始」); no
    /// public page read gives the day: a default ([`Began::confirmed`]).
    ///
    /// `KyotakuConsent`: the first day of the month the 厚生労働省's 事務連絡 gives (「令和６年４月
    /// より運用開始」); the day itself was read only in a vendor's page (「令和6年4月1日本格運用
    /// 開始」): a default ([`Began::confirmed`]).
    ///
    /// `WelfareScreen`: the date of the 事務連絡 that announced the update as already made
    /// (「アップデートを行いました」), not a release day of the app, which no public document
    /// gives: a default ([`Began::confirmed`]).
    ///
    /// `HistoryHandOff`: the first day of the month the 資格確認限定型 leaflet (令和5年11月時点更新)
    /// plans it for (「連携機能の実装は令和６年10月予定」), a plan, not a release: a default. A
    /// later page of a 師会 plans the レセコン transfer for 令和7年1月以降 instead; a vendor whose
    /// app gained it on another day sets it with `--began history-hand-off=YYYY-MM-DD`.
    ///
    /// `AppRegistration`: the date of the same 事務連絡 as `WelfareScreen` (「これ以降、マイナ
    /// 資格確認アプリにおいて、マイナンバーカードの健康保険証利用登録が可能となります」): a default.
    ///
    /// `InformationViewing`: the day of the 本格運用, as accounts of the 部会 of 2021-09-22 give
    /// it: a default.
    ///
    /// `DiagnosisInfoViewing`: the day accounts of the 医療部会 of 2022-09-05 and the 医療保険部会
    /// of 2022-09-08 give (「9月11日から」); the 部会's paper itself was not read: a default.
    ///
    /// `LimitedTypeCheckup`: the first day of the month the 厚生労働省's papers give (「令和6年4月
    /// ～」, 「令和６年４月から…導入を任意で可能とする」); no day is given: a default.
    ///
    /// `PaperClaims`: the month the 事務連絡's 参考１ gives for the 資格確認限定型 of 「紙レセプト等の
    /// 医療機関・薬局」 (「令和６年４月より運用開始」); no day is given: a default.
    ///
    /// `VisitingNursing`: the first day of the month the 厚生労働省's page on the station's
    /// claims and the 説明会 accounts give (June's visits, claimed in July); the obligation
    /// followed on 2024-12-02 (`docs/rules.md`).
    ///
    /// `EmergencyViewing`: the day the 医療機関等向け総合ポータルサイト's notice of 2024-12-05 gives
    /// for the function's start (「12月9日（月）から運用開始」); a service's data may set another
    /// (`care.emergency_viewing_from`, mynakit's model of a hospital's own start).
    ///
    /// `MynaKyukyu`: the first day of 令和8年度, which the 消防本部's pages give for the 本運用
    /// (知多市消防本部: 「令和8年4月1日から本運用開始予定」; 薩摩川内市: 本格運用 from 令和8年度)
    /// after the 総務省消防庁's 実証事業 of 2025-10-01 to 2026-03-31; a planned day, not a notice.
    pub fn first_day(self) -> &'static str {
        match self {
            Began::InformationViewing => "2021-10-20",
            Began::DiagnosisInfoViewing => "2022-09-11",
            Began::FaceAuthCard => "2023-12-15",
            Began::MedicalAssistanceOnline => "2024-03-01",
            Began::JuseiAhaki => "2024-04-01",
            Began::KyotakuConsent => "2024-04-01",
            Began::LimitedTypeCheckup => "2024-04-01",
            Began::HistoryHandOff => "2024-10-01",
            Began::WelfareScreen => "2025-04-15",
            Began::AppRegistration => "2025-04-15",
            Began::PhoneCard => "2025-09-19",
            Began::PaperClaims => "2024-04-01",
            Began::VisitingNursing => "2024-06-01",
            Began::EmergencyViewing => "2024-12-09",
            Began::MynaKyukyu => "2026-04-01",
        }
    }

    /// What changed for an app or a レセコン.
    pub fn change(self) -> &'static str {
        match self {
            Began::InformationViewing => {
                "an institution's 資格確認端末 shows the patient's 薬剤情報 and 特定健診情報 with \
                 the consent given at the counter (a レセコン's drug-info and checkup-info \
                 requests); before it, in the プレ運用 from 2021-03-04, the system confirmed \
                 eligibility only"
            }
            Began::DiagnosisInfoViewing => {
                "an institution's 資格確認端末 shows the patient's 診療情報 (医療機関名, 受診歴, \
                 診療年月日, 診療行為名 such as 放射線治療, 画像診断, 人工腎臓) with the consent \
                 given at the counter (a レセコン's diagnosis-info request); before it only \
                 薬剤情報 and 特定健診情報 were served (手術 later, planned for 2023-05)"
            }
            Began::LimitedTypeCheckup => {
                "a 特定健診・特定保健指導機関 (also on a 巡回健診 bus) may confirm the examinee's \
                 qualification with the マイナ資格確認アプリ (資格確認限定型, flows kenshin and \
                 bus-kenshin); before it the 受診券 was compared with the 保険証 and no 限定型 app \
                 existed for a 健診 facility (a 既存型 institution kept its 資格確認端末 for it)"
            }
            Began::FaceAuthCard => {
                "a 市区町村 issues, on request, the 顔認証マイナンバーカード: no PINs, no 署名用 \
                 certificate, 「顔認証」 in the 追記欄; at an institution it is used by a face check \
                 or by eye; before it every card had its PINs"
            }
            Began::JuseiAhaki => {
                "施術所 of 柔道整復 and あん摩マッサージ指圧・はり・きゅう confirm eligibility with the \
                 マイナ資格確認アプリ (資格確認限定型); before it they had no オンライン資格確認 \
                 (a test period to 2024-03-31, the 保険証 deciding)"
            }
            Began::KyotakuConsent => {
                "訪問診療等 of institutions confirm eligibility at the patient's home with the \
                 居宅同意取得型 (the card read once on a mobile device, with the consent to \
                 薬剤情報 etc.; later visits by 再照会 within it), and オンライン診療等 by a consent \
                 the patient registers on their own device (マイナ在宅受付Web); before it a visit \
                 at home or online had no オンライン資格確認"
            }
            Began::MedicalAssistanceOnline => {
                "the オンライン資格確認 answers a 生活保護 recipient's card with the 医療扶助 record \
                 (公費負担者番号, 受給者番号, 福祉事務所, 医療券・調剤券); before it a recipient's \
                 eligibility was the paper 医療券 alone and the service had no 医療扶助 record"
            }
            Began::WelfareScreen => {
                "the マイナ資格確認アプリ's 医療扶助 screen E-05-A shows 福祉事務所名, 氏名カナ, 氏名, \
                 生年月日, 性別, 証区分, also after the qualification was lost, and the 裏面記載情報 \
                 (NameOfOtherKana, NameOfOther, Sex2); before it the screen said only 「医療扶助対象者\
                 です／必要な提出書類等により、資格確認を行ってください」, and an app may not show the \
                 裏面記載情報"
            }
            Began::PhoneCard => {
                "the スマホ用電子証明書 (Android) and the iPhone's マイナンバーカード are accepted as \
                 マイナ保険証 at institutions that have a reader for them; before that a phone was \
                 no マイナ保険証"
            }
            Began::HistoryHandOff => {
                "the マイナ資格確認アプリ transcribes the 資格情報 (転記): a 施術所 with a レセコン \
                 receives a confirmation's result through the API連携機能, one without looks past \
                 results up in the app (閲覧履歴); before it the app kept nothing to look up or hand \
                 off, and an app that offers either is the app of a later day"
            }
            Began::VisitingNursing => {
                "訪問看護ステーション (医療保険) confirm eligibility with the 居宅同意取得型 (the card \
                 and PIN once on a mobile device, later visits by 再照会 within the consent; flow \
                 visiting-nursing) and claim online in their own file, RECEIPTH.UKE, from the \
                 claims of 2024-07; before it only 訪問診療等 of institutions could (from \
                 2024-04-01)"
            }
            Began::MynaKyukyu => {
                "an ambulance team reads the patient's card on its tablet without a PIN (the face \
                 checked by eye) and views the 救急 information with the patient's consent, or \
                 without it only when the patient cannot give it, keeping nothing (flow \
                 myna-kyukyu); before it only the 実証事業 of 2024 and 2025 did"
            }
            Began::EmergencyViewing => {
                "a hospital that holds the role views, after the card is read, the 薬剤・診療・特定健診 \
                 information of a patient who cannot consent (unconscious, in an emergency; flow \
                 emergency); before it every viewing needed the patient's consent, 災害時 apart"
            }
            Began::PaperClaims => {
                "a 医療機関・薬局 allowed to claim on paper (the exception to the obligation, about \
                 4 % of them) may confirm eligibility with the マイナ資格確認アプリ (資格確認限定型, \
                 flow paper-claims): eligibility only, by PIN or by eye; before it such a facility \
                 had no オンライン資格確認"
            }
            Began::AppRegistration => {
                "the マイナ資格確認アプリ offers 保険証利用登録 for an unregistered card (screens \
                 C-04-01-A, F-01-A); before it the app showed the card as not registered and offered \
                 nothing (the patient registered at a 顔認証付きカードリーダー, in マイナポータル or \
                 at a セブン銀行 ATM)"
            }
        }
    }

    /// The public document that made it.
    pub fn source(self) -> &'static str {
        match self {
            Began::InformationViewing => {
                "社会保障審議会医療保険部会 2021-09-22, as reported (CBnews cbnews.jp/news/entry/\
                 20210922163240: 「本格運用を10月20日に始める。この日から、システムを導入した医療機関や\
                 薬局は特定健診や薬剤の情報を閲覧できるようになる」; 時事メディカル \
                 medical.jiji.com/news/47292)"
            }
            Began::DiagnosisInfoViewing => {
                "社会保障審議会医療部会 第90回 2022-09-05 and 医療保険部会 第153回 2022-09-08, as \
                 reported (Gem Med gemmed.ghc-j.com/?p=49899, 2022-09-08: 「この9月11日(2022年9月11日)\
                 から▼医療機関名、受診歴▼診療年月日▼診療行為名(放射線治療、画像診断、病理診断、\
                 医学管理等、在宅医療のうち在宅療養指導管理料、処置のうち人工腎臓・持続緩徐式血液濾過・\
                 腹膜灌流)—などにも拡大」; Takeda Medical site takedamed.com/knowledge/\
                 medicine-system/articles/healthcare/20221001_1, 2022-10-04: 「令和4年9月11日から\
                 特定健診等情報・薬剤情報に加えて診療情報も閲覧可能に」, 「手術の情報は令和5年5月を\
                 目途に閲覧が可能となる予定」)"
            }
            Began::LimitedTypeCheckup => {
                "厚生労働省 社会保障審議会医療保険部会 第170回 (2023-11-09) 資料1「オンライン資格確認\
                 について」 (mhlw.go.jp/stf/newpage_36273.html, as republished by wic-net.com \
                 material 11875 p.4): 健診実施機関等 「①オンライン資格確認（資格確認限定型）の導入を\
                 任意で可能としてはどうか（令和6年4月～）」; 厚生労働省保険局 事務連絡「特定健診・\
                 保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」第1の2: \
                 「令和６年４月から、オンライン資格確認（資格確認限定型）の導入を任意で可能とする」, \
                 参考１ 【資格確認限定型】「令和６年４月より運用開始」; 支払基金 portal FAQ \
                 (iryohokenjyoho.service-now.com, 資格確認限定型の対象: 健診実施機関等)"
            }
            Began::FaceAuthCard => {
                "水俣市「顔認証マイナンバーカード」(city.minamata.lg.jp/kiji0033534): 導入時期 \
                 令和5年12月15日; 嘉麻市 (city.kama.lg.jp/site/mynumber/32993.html): 「令和5年12月\
                 15日より、顔認証マイナンバーカード…の作成・切り替えが可能となりました」; the day \
                 of the amended 電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律施行規則"
            }
            Began::JuseiAhaki => {
                "日本あん摩マッサージ指圧師会「鍼灸マッサージ施術所でのオンライン資格確認」(2023-11, \
                 jamma.org): 「令和6年4月～ 施術所等におけるオンライン資格確認（資格確認限定型）運用\
                 開始」, 「～令和6年3月31日 … 運用テスト期間」"
            }
            Began::KyotakuConsent => {
                "厚生労働省保険局医療介護連携政策課 事務連絡「特定健診・保健指導に係るオンライン資格\
                 確認（資格確認限定型）の導入等について（周知）」(参考１: 【居宅同意取得型】\
                 「令和６年４月より運用開始」, 訪問診療、訪問看護、オンライン診療など); the day: \
                 MIC onshikaku.mic.jp ?p=8283 (「令和6年4月1日本格運用開始となります」); \
                 オンライン診療等: 京都府医師会 (kyotoihou.t-reader.jp ?p=26483, 厚生労働省's Q&A: \
                 「令和6年4月から開始したマイナ在宅受付Web」)"
            }
            Began::MedicalAssistanceOnline => {
                "厚生労働省「医療扶助のオンライン資格確認」(mhlw.go.jp/stf/newpage_25108.html): \
                 「令和6年3月1日よりマイナンバーカードを利用したオンライン資格確認が始まっています」"
            }
            Began::WelfareScreen => {
                "厚生労働省保険局医療介護連携政策課・社会・援護局保護課 事務連絡 2025-04-15「オンライン\
                 資格確認（資格確認限定型）のマイナ資格確認アプリにおける機能追加について（周知）」, 別紙 \
                 「医療扶助表示画面の改修」(改修前／改修後, screen E-05-A)"
            }
            Began::PhoneCard => {
                "社会保障審議会医療保険部会 (2025-08-28): スマートフォンのマイナ保険証 from 2025-09-19"
            }
            Began::HistoryHandOff => {
                "厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」(令和5年11月\
                 時点更新), 資格確認限定型における資格情報の確認・閲覧について: 「療養費の支給申請書の\
                 作成等において資格情報を転記できる機能を実装する。（連携機能の実装は令和６年10月予定）」 \
                 (a plan; 福島県鍼灸師会's page (fukushinkyo.gr.jp) later plans the レセコン transfer \
                 「令和7年1月以降」)"
            }
            Began::AppRegistration => {
                "厚生労働省保険局医療介護連携政策課・社会・援護局保護課 事務連絡 2025-04-15「オンライン\
                 資格確認（資格確認限定型）のマイナ資格確認アプリにおける機能追加について（周知）」: \
                 「これ以降、マイナ資格確認アプリにおいて、マイナンバーカードの健康保険証利用登録が可能\
                 となります」, 別紙 (screens C-04-01-A, F-01-A)"
            }
            Began::VisitingNursing => {
                "厚生労働省 事務連絡 2024-06-13, リーフレット「訪問看護（医療保険）におけるオンライン\
                 資格確認（居宅同意取得型）・オンライン請求は令和6年6月（7月請求分）から開始し、\
                 令和6年12月（12月請求分）から義務化となります」 (as republished by wic-net.com \
                 material 15324); 社会保険出版社 media.shaho.co.jp n158f6adb36b6 (「令和6年6月1日から\
                 …開始された」); 厚生労働省「訪問看護レセプト（医療保険請求分）の電子化に関する情報」 \
                 (shinryohoshu.mhlw.go.jp rece_nursing_menu.jsp)"
            }
            Began::EmergencyViewing => {
                "医療機関等向け総合ポータルサイト「救急時医療情報閲覧機能の運用開始とご案内」 (2024-12-05: \
                 運用開始 2024-12-09); 厚生労働省医政局「令和6年12月スタート 救急時医療情報閲覧」"
            }
            Began::MynaKyukyu => {
                "総務省消防庁「救急業務のあり方に関する検討会」令和7年7月1日 資料 (全国720消防本部・5,334隊の\
                 実証, 令和7年10月1日から令和8年3月31日); 知多市 city.chita.lg.jp docs/2025032500074 \
                 (「令和8年4月1日から本運用開始予定」); 薩摩川内市 koho-satsumasendai.jp articles/100"
            }
            Began::PaperClaims => {
                "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                 の導入等について（周知）」参考１「オンライン資格確認の仕組み」: 【資格確認限定型】 \
                 「紙レセプト等の医療機関・薬局、柔道整復師、あん摩マッサージ指圧師、はり師、きゅう師の\
                 施術所、健診・保健指導機関など」, 「資格確認のみを行う簡素な仕組み」, 「令和６年４月より\
                 運用開始」; 厚生労働省「オンライン資格確認の導入について」: 「例外：「現在紙レセプト\
                 での請求が認められている医療機関・薬局」（全体の約４％）」, 「オンライン資格確認義務化の\
                 例外医療機関等についても、この簡素な仕組みを導入し、必要な資格確認を行える方向で検討\
                 する」"
            }
        }
    }

    /// [`Began::source`] in a Japanese report: the same documents, pages, dates and quotations,
    /// the words between them in Japanese (the same text where the English has none).
    pub fn source_ja(self) -> &'static str {
        match self {
            Began::InformationViewing => {
                "社会保障審議会医療保険部会 2021-09-22 の報道 (CBnews cbnews.jp/news/entry/\
                 20210922163240: 「本格運用を10月20日に始める。この日から、システムを導入した医療機関や\
                 薬局は特定健診や薬剤の情報を閲覧できるようになる」; 時事メディカル \
                 medical.jiji.com/news/47292)"
            }
            Began::DiagnosisInfoViewing => {
                "社会保障審議会医療部会 第90回 2022-09-05 と医療保険部会 第153回 2022-09-08 の報道 \
                 (Gem Med gemmed.ghc-j.com/?p=49899, 2022-09-08: 「この9月11日(2022年9月11日)\
                 から▼医療機関名、受診歴▼診療年月日▼診療行為名(放射線治療、画像診断、病理診断、\
                 医学管理等、在宅医療のうち在宅療養指導管理料、処置のうち人工腎臓・持続緩徐式血液濾過・\
                 腹膜灌流)—などにも拡大」; Takeda Medical site takedamed.com/knowledge/\
                 medicine-system/articles/healthcare/20221001_1, 2022-10-04: 「令和4年9月11日から\
                 特定健診等情報・薬剤情報に加えて診療情報も閲覧可能に」, 「手術の情報は令和5年5月を\
                 目途に閲覧が可能となる予定」)"
            }
            Began::LimitedTypeCheckup => {
                "厚生労働省 社会保障審議会医療保険部会 第170回 (2023-11-09) 資料1「オンライン資格確認\
                 について」 (mhlw.go.jp/stf/newpage_36273.html, wic-net.com 資料 11875 p.4 の転載): \
                 健診実施機関等 「①オンライン資格確認（資格確認限定型）の導入を任意で可能としてはどうか\
                 （令和6年4月～）」; 厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格\
                 確認（資格確認限定型）の導入等について（周知）」第1の2: 「令和６年４月から、オンライン\
                 資格確認（資格確認限定型）の導入を任意で可能とする」, 参考１ 【資格確認限定型】\
                 「令和６年４月より運用開始」; 支払基金 ポータル FAQ \
                 (iryohokenjyoho.service-now.com, 資格確認限定型の対象: 健診実施機関等)"
            }
            Began::FaceAuthCard => {
                "水俣市「顔認証マイナンバーカード」(city.minamata.lg.jp/kiji0033534): 導入時期 \
                 令和5年12月15日; 嘉麻市 (city.kama.lg.jp/site/mynumber/32993.html): 「令和5年12月\
                 15日より、顔認証マイナンバーカード…の作成・切り替えが可能となりました」; 改正された\
                 電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律施行規則の施行日"
            }
            Began::KyotakuConsent => {
                "厚生労働省保険局医療介護連携政策課 事務連絡「特定健診・保健指導に係るオンライン資格\
                 確認（資格確認限定型）の導入等について（周知）」(参考１: 【居宅同意取得型】\
                 「令和６年４月より運用開始」, 訪問診療、訪問看護、オンライン診療など); 日付: \
                 MIC onshikaku.mic.jp ?p=8283 (「令和6年4月1日本格運用開始となります」); \
                 オンライン診療等: 京都府医師会 (kyotoihou.t-reader.jp ?p=26483, 厚生労働省の Q&A: \
                 「令和6年4月から開始したマイナ在宅受付Web」)"
            }
            Began::WelfareScreen => {
                "厚生労働省保険局医療介護連携政策課・社会・援護局保護課 事務連絡 2025-04-15「オンライン\
                 資格確認（資格確認限定型）のマイナ資格確認アプリにおける機能追加について（周知）」, 別紙 \
                 「医療扶助表示画面の改修」(改修前／改修後, 画面 E-05-A)"
            }
            Began::PhoneCard => {
                "社会保障審議会医療保険部会 (2025-08-28): 2025-09-19 からのスマートフォンのマイナ保険証"
            }
            Began::HistoryHandOff => {
                "厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」(令和5年11月\
                 時点更新), 資格確認限定型における資格情報の確認・閲覧について: 「療養費の支給申請書の\
                 作成等において資格情報を転記できる機能を実装する。（連携機能の実装は令和６年10月予定）」 \
                 (予定。のちの福島県鍼灸師会のページ (fukushinkyo.gr.jp) はレセコンへの転送を \
                 「令和7年1月以降」と予定している)"
            }
            Began::AppRegistration => {
                "厚生労働省保険局医療介護連携政策課・社会・援護局保護課 事務連絡 2025-04-15「オンライン\
                 資格確認（資格確認限定型）のマイナ資格確認アプリにおける機能追加について（周知）」: \
                 「これ以降、マイナ資格確認アプリにおいて、マイナンバーカードの健康保険証利用登録が可能\
                 となります」, 別紙 (画面 C-04-01-A, F-01-A)"
            }
            Began::JuseiAhaki | Began::MedicalAssistanceOnline | Began::PaperClaims => {
                self.source()
            }
            Began::VisitingNursing => {
                "厚生労働省 事務連絡 2024-06-13, リーフレット「訪問看護（医療保険）におけるオンライン\
                 資格確認（居宅同意取得型）・オンライン請求は令和6年6月（7月請求分）から開始し、\
                 令和6年12月（12月請求分）から義務化となります」 (wic-net.com 資料 15324 に転載); \
                 社会保険出版社 media.shaho.co.jp n158f6adb36b6 (「令和6年6月1日から…開始された」); \
                 厚生労働省「訪問看護レセプト（医療保険請求分）の電子化に関する情報」 \
                 (shinryohoshu.mhlw.go.jp rece_nursing_menu.jsp)"
            }
            Began::EmergencyViewing | Began::MynaKyukyu => self.source(),
        }
    }

    /// Whether the first day was read in the source as the day the rule starts. `false`: a
    /// default (the 顔認証マイナンバーカード read on cities' pages; the 柔整・あはき month from a
    /// 師会's summary, with no day; the 居宅同意取得型's day from a vendor's page;
    /// the notice's date for the app's update and its 保険証利用登録; the planned month of the
    /// app's 閲覧 and API連携; the phone's day from a secondary account of the 部会's paper; the
    /// 本格運用's day from news accounts of the 部会; the 診療情報's day from news accounts of the
    /// 部会s of 2022-09; the 健診 facilities' month from the 部会's
    /// paper and the 事務連絡, with no day; the 訪問看護ステーション's month from the 厚生労働省's
    /// page and a publisher's account of its 説明会).
    pub fn confirmed(self) -> bool {
        match self {
            // The 顔認証マイナンバーカード's day is read on the issuing cities' pages, not in the
            // national notice (the amended 施行規則) itself.
            Began::MedicalAssistanceOnline => true,
            Began::InformationViewing
            | Began::DiagnosisInfoViewing
            | Began::FaceAuthCard
            | Began::JuseiAhaki
            | Began::KyotakuConsent
            | Began::LimitedTypeCheckup
            | Began::HistoryHandOff
            | Began::WelfareScreen
            | Began::AppRegistration
            | Began::PhoneCard
            | Began::PaperClaims
            | Began::VisitingNursing
            // The 消防本部's pages give the planned 本運用 day, not a notice of the 消防庁.
            | Began::MynaKyukyu => false,
            // The portal's notice gives the day itself.
            Began::EmergencyViewing => true,
        }
    }

    /// Where mynakit applies it, for the calendar.
    pub fn applied_by(self) -> &'static str {
        match self {
            Began::InformationViewing => {
                "dated request (a scenario in the mode `drug-info` or `checkup-info` is \
                 NOT-APPLICABLE before it)"
            }
            Began::DiagnosisInfoViewing => {
                "dated request (a scenario in the mode `diagnosis-info` is NOT-APPLICABLE before it)"
            }
            Began::LimitedTypeCheckup => {
                "dated flow (a card-app scenario of the flow `kenshin` or `bus-kenshin` is \
                 NOT-APPLICABLE before it; a レセコン's 既存型 健診 is judged on every day)"
            }
            Began::FaceAuthCard => {
                "dated card (a scenario whose card has the profile `face-auth` is NOT-APPLICABLE \
                 before it)"
            }
            Began::JuseiAhaki => {
                "dated flow (a scenario of the flow `jusei-ahaki` is NOT-APPLICABLE before it)"
            }
            Began::KyotakuConsent => {
                "dated flow (a scenario of the flow `kyotaku` or `online-shinryo` is \
                 NOT-APPLICABLE before it)"
            }
            Began::MedicalAssistanceOnline => {
                "dated record (a scenario that expects a 医療扶助 result is NOT-APPLICABLE before \
                 it: no 医療扶助 record existed to show)"
            }
            Began::WelfareScreen => {
                "dated screen (`SVC-welfare-screen` judges the screen of the day; a scenario that \
                 expects a 裏面記載情報 field is NOT-APPLICABLE before it)"
            }
            Began::PhoneCard => {
                "dated token (a scenario whose card is a phone is NOT-APPLICABLE before it)"
            }
            Began::HistoryHandOff => {
                "dated function (`SVC-history-hand-off` FAILS a 閲覧履歴 listing or a hand-off \
                 before it; a scenario of the flow `history` is NOT-APPLICABLE before it)"
            }
            Began::PaperClaims => {
                "dated flow (a scenario of the flow `paper-claims` is NOT-APPLICABLE before it)"
            }
            Began::VisitingNursing => {
                "dated flow (a scenario of the flow `visiting-nursing` is NOT-APPLICABLE before it)"
            }
            Began::EmergencyViewing => {
                "dated flow (a scenario of the flow `emergency` is NOT-APPLICABLE before it; the \
                 service refuses a view before it, `emergency-not-started`)"
            }
            Began::MynaKyukyu => {
                "dated flow (a scenario of the flow `myna-kyukyu` is NOT-APPLICABLE before it)"
            }
            Began::AppRegistration => {
                "dated function (`SVC-unregistered-flow` FAILS a registration offered or posted \
                 before it; a scenario of the flow `registration` is NOT-APPLICABLE before it)"
            }
        }
    }

    /// Whether it is in force on `day` (`YYYY-MM-DD`).
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] when `day` is not `YYYY-MM-DD`.
    pub fn in_force_on(self, day: &str) -> Result<bool, RulesError> {
        check_date(day)?;
        // `YYYY-MM-DD` orders as the days it names.
        Ok(day >= self.first_day())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn each_start_is_in_force_from_its_first_day_on() {
        for b in Began::ALL {
            check_date(b.first_day()).unwrap();
        }
        let face = Began::FaceAuthCard;
        assert!(!face.in_force_on("2023-12-14").unwrap());
        assert!(face.in_force_on("2023-12-15").unwrap());
        let jusei = Began::JuseiAhaki;
        assert!(!jusei.in_force_on("2024-03-31").unwrap());
        assert!(jusei.in_force_on("2024-04-01").unwrap());
        let viewing = Began::InformationViewing;
        assert!(!viewing.in_force_on("2021-10-19").unwrap());
        assert!(viewing.in_force_on("2021-10-20").unwrap());
        let diagnosis = Began::DiagnosisInfoViewing;
        assert!(!diagnosis.in_force_on("2022-09-10").unwrap());
        assert!(diagnosis.in_force_on("2022-09-11").unwrap());
        let kenshin = Began::LimitedTypeCheckup;
        assert!(!kenshin.in_force_on("2024-03-31").unwrap());
        assert!(kenshin.in_force_on("2024-04-01").unwrap());
        let kyotaku = Began::KyotakuConsent;
        assert!(!kyotaku.in_force_on("2024-03-31").unwrap());
        assert!(kyotaku.in_force_on("2024-04-01").unwrap());
        let online = Began::MedicalAssistanceOnline;
        assert!(!online.in_force_on("2024-02-29").unwrap());
        assert!(online.in_force_on("2024-03-01").unwrap());
        let e05a = Began::WelfareScreen;
        assert!(!e05a.in_force_on("2025-04-14").unwrap());
        assert!(e05a.in_force_on("2025-04-15").unwrap());
        let history = Began::HistoryHandOff;
        assert!(!history.in_force_on("2024-09-30").unwrap());
        assert!(history.in_force_on("2024-10-01").unwrap());
        let registration = Began::AppRegistration;
        assert!(!registration.in_force_on("2025-04-14").unwrap());
        assert!(registration.in_force_on("2025-04-15").unwrap());
        let phone = Began::PhoneCard;
        assert!(!phone.in_force_on("2025-09-18").unwrap());
        assert!(phone.in_force_on("2025-09-19").unwrap());
        assert!(phone.in_force_on("2025-9-19").is_err());
        let station = Began::VisitingNursing;
        assert!(!station.in_force_on("2024-05-31").unwrap());
        assert!(station.in_force_on("2024-06-01").unwrap());
        let emergency = Began::EmergencyViewing;
        assert!(!emergency.in_force_on("2024-12-08").unwrap());
        assert!(emergency.in_force_on("2024-12-09").unwrap());
        let kyukyu = Began::MynaKyukyu;
        assert!(!kyukyu.in_force_on("2026-03-31").unwrap());
        assert!(kyukyu.in_force_on("2026-04-01").unwrap());
    }

    /// The Japanese name and source say the same start as the English: every page, date and
    /// figure the English source cites is in the Japanese one, and neither Japanese text holds
    /// an English sentence (three lowercase words in a row).
    #[test]
    fn each_start_has_its_japanese_name_and_source_citing_the_same() {
        let english_run = |text: &str| {
            let mut run = 0;
            text.split(|c: char| c.is_whitespace() || !c.is_ascii())
                .any(|w| {
                    let w = w.strip_suffix("'s").unwrap_or(w);
                    run = if !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()) {
                        run + 1
                    } else {
                        0
                    };
                    run >= 3
                })
        };
        for b in Began::ALL {
            for ja in [b.name_ja(), b.source_ja()] {
                assert!(!ja.is_ascii() && !english_run(ja), "{b:?}: {ja}");
            }
            for cited in b
                .source()
                .split(|c: char| c.is_whitespace() || "(),;:「」".contains(c))
                .filter(|w| w.contains(['.', '/', '-']) || w.bytes().any(|b| b.is_ascii_digit()))
                .filter(|w| w.is_ascii())
            {
                assert!(b.source_ja().contains(cited), "{b:?}: {cited:?}");
            }
        }
    }
}
