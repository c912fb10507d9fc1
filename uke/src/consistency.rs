//! A claim file checked against itself: what can be said of RECEIPTC.UKE without the
//! eligibility confirmation its visits rest on. Every record reads (the [`Reader`]'s errors),
//! every claim has its payer (an HO or a KO after its RE: 記録条件仕様, レセプト共通レコードの次に
//! 保険者レコード又は公費レコード), the GO trailer's 総件数 is the number of claims read, and its
//! 総合計点数 the sum of each claim's 合計点数 (its HO's, or its first KO's for a claim of 公費
//! alone, as a レセコン totals the claims it writes).
//! A 訪問看護 claim's visits are also held together (its JD, HJ and KA, and HO's 合計金額:
//! [`crate::visits`]).
//! What it never does is name a patient: a [`Problem`] says where (line, claim number), not who.
//!
//! The same [`Tally`] is kept by [`crate::Claims`], so a run (which reads the file claim by
//! claim) and `mynakit claim check` (which reads it here) find the same problems in the same
//! bytes, through the same [`Reader`] with the same default [`crate::Options`].

use std::collections::BTreeMap;
use std::io::BufRead;

use crate::era::YearMonth;
use crate::layout::Layout;
use crate::reader::{read_header, Reader};
use crate::record::{Header, Record};
use crate::UkeError;
use visits::StationClaim;

mod visits;

/// What [`check`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consistency {
    /// The file's layout (医科, 歯科 or 調剤), from its header.
    pub layout: Layout,
    /// The month claimed (the header's 請求年月): the month the file is sent in.
    pub month: YearMonth,
    /// The months of care its claims are for (RE 診療年月, or 調剤年月), each once, in file
    /// order; usually one, the month before [`Consistency::month`]. At most
    /// [`MAX_CARE_MONTHS`] are kept.
    pub care_months: Vec<YearMonth>,
    /// Claims read (RE records).
    pub claims: u32,
    /// Records read, the header and trailer included.
    pub records: u64,
    /// What does not agree within the file, in file order; empty when it is consistent.
    pub problems: Vec<Problem>,
}

/// The most distinct 診療年月 [`Consistency::care_months`] keeps.
pub const MAX_CARE_MONTHS: usize = 12;

/// A disagreement inside a claim file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A claim (its RE at `line`, レセプト番号 `number`) has neither HO nor KO: no payer.
    #[error("line {line}: claim {number} has neither HO nor KO: it names no payer")]
    NoPayer {
        /// The RE's line.
        line: u64,
        /// Its レセプト番号.
        number: u32,
    },
    /// The GO trailer's 総件数 is not the number of claims in the file.
    #[error("GO says {said} claim(s), the file holds {read}")]
    ClaimCount {
        /// GO's 総件数.
        said: u32,
        /// RE records read.
        read: u32,
    },
    /// The GO trailer's 総合計点数 is not the sum of the claims' 合計点数.
    #[error("GO says {said} point(s) in all, the claims' 合計点数 add up to {read}")]
    TotalPoints {
        /// GO's 総合計点数.
        said: u64,
        /// The sum of each claim's HO 合計点数 (or first KO's, without HO).
        read: u64,
    },
    /// 訪問看護: KA items on days the claim's JD does not mark (a 返戻: the 審査支払機関 marks
    /// such a day 9, 不一致).
    #[error(
        "line {line}: claim {number} bills KA on {days} day(s) its JD does not mark \
         (受診日等 and 算定年月日 disagree)"
    )]
    VisitNotInJd {
        /// The first such KA's line.
        line: u64,
        /// The claim's レセプト番号.
        number: u32,
        /// How many days.
        days: u32,
    },
    /// 訪問看護: days the claim's JD marks without a KA (a visit claimed with nothing billed).
    #[error(
        "line {line}: claim {number}'s JD marks {days} day(s) no KA bills \
         (受診日等 and 算定年月日 disagree)"
    )]
    JdDayWithoutVisit {
        /// The claim's first JD's line.
        line: u64,
        /// The claim's レセプト番号.
        number: u32,
        /// How many days.
        days: u32,
    },
    /// 訪問看護: KA items on days no HJ 指示期間 of the claim covers (a visit without the
    /// doctor's 指示書).
    #[error("line {line}: claim {number} bills KA on {days} day(s) outside every HJ 指示期間")]
    VisitOutsideOrder {
        /// The first such KA's line.
        line: u64,
        /// The claim's レセプト番号.
        number: u32,
        /// How many days.
        days: u32,
    },
    /// 訪問看護: HO's 合計金額 is not the sum of the KA 金額 the 医療保険 bears (負担区分,
    /// 別表22; not judged when a KA's 負担区分 is outside it).
    #[error(
        "line {line}: claim {number}'s HO says 合計金額 {said} yen, its KA 金額 add up to {read}"
    )]
    TotalAmount {
        /// The HO's line.
        line: u64,
        /// The claim's レセプト番号.
        number: u32,
        /// HO's 合計金額.
        said: u64,
        /// The sum of the KA 金額 the 医療保険 bears.
        read: u64,
    },
    /// 訪問看護: a KA's 負担区分 (別表22) names a payer the claim does not have: the 医療保険
    /// without an HO (`1` in a 公費単独 claim), or the `nth` 公費 without that many KO.
    #[error(
        "line {line}: claim {number} bills KA of 負担区分 {burden}, borne by a payer it does not \
         name (no {payer}{}): the item is billed to no one", ordinal(.nth)
    )]
    BurdenWithoutPayer {
        /// The first such KA's line.
        line: u64,
        /// The claim's レセプト番号.
        number: u32,
        /// The KA's 負担区分 as written.
        burden: &'static str,
        /// The record that would name the payer: `HO` or `KO`.
        payer: &'static str,
        /// 0 for the 医療保険, else which 公費 (1 to 4).
        nth: usize,
    },
    /// 訪問看護: an HO's or KO's 実日数 is not the number of days its payer's JD counts
    /// (別表25 `1`).
    #[error(
        "line {line}: claim {number}'s {record} says 実日数 {said}, its JD counts {read} day(s)"
    )]
    DaysCounted {
        /// The HO's or KO's line.
        line: u64,
        /// The claim's レセプト番号.
        number: u32,
        /// `HO` or `KO`.
        record: &'static str,
        /// The 実日数 it states.
        said: u32,
        /// The days its payer's JD marks `1`.
        read: u32,
    },
    /// 訪問看護: a claim's 指定訪問看護年月 is not before the file's 請求年月 (HM): the month's
    /// visits claimed before the month has ended.
    #[error(
        "line {line}: claim {number} is for {month}, not before the file's 請求年月 {billing} (HM)"
    )]
    ClaimedBeforeMonthEnds {
        /// The RE's line.
        line: u64,
        /// Its レセプト番号.
        number: u32,
        /// RE 指定訪問看護年月.
        month: YearMonth,
        /// HM 請求年月.
        billing: YearMonth,
    },
    /// 訪問看護: a KO's 受給者番号 written, but not as the seven digits the 記録条件仕様
    /// （訪問看護用） lays it out in (公費レコード: 受給者番号, 7 digits, zero-filled from the left):
    /// the 公費 cannot be matched to its 受給者 (返戻: 公費受給者番号の誤り).
    #[error(
        "line {line}: claim {number}'s KO 受給者番号 is {width} character(s), not the seven \
         digits the layout requires (zero-filled from the left)"
    )]
    RecipientWidth {
        /// The KO's line.
        line: u64,
        /// The claim's レセプト番号.
        number: u32,
        /// How many characters it has (its value is never shown).
        width: usize,
    },
    /// 訪問看護: a claim to an insurer whose claims go to another 審査支払機関 than the one the
    /// file's header (HM) is for ([`crate::Payer::of_insurer`]): a 国保 or 後期 user's claim in
    /// the 支払基金's file, or the reverse. A station whose users are of both writes a file for
    /// each (返戻: 審査支払機関の誤り, the claim is not this 審査支払機関's to pay).
    #[error(
        "line {line}: claim {number}'s HO names an insurer whose claims go to the {belongs} \
         (審査支払機関 {belongs_code}), but the file's HM is for the {said} ({said_code})"
    )]
    PayerOfInsurer {
        /// The HO's line.
        line: u64,
        /// The claim's レセプト番号.
        number: u32,
        /// The 審査支払機関 the insurer's claims go to.
        belongs: &'static str,
        /// Its code.
        belongs_code: &'static str,
        /// The 審査支払機関 HM names.
        said: &'static str,
        /// Its code.
        said_code: &'static str,
    },
    /// 訪問看護: a second claim of the same user, payer and month in one file (the same RE
    /// 指定訪問看護年月 and 生年月日, HO 保険者番号, 記号, 番号 and SN 枝番, or for 公費単独 KO
    /// 負担者番号 and 受給者番号): a user is claimed once a month to each payer, the month's
    /// visits in one claim (a 重複請求, returned).
    #[error(
        "line {line}: claim {number} is of the same user, payer and month as claim {first} \
         (line {first_line}): a user is claimed once a month to a payer (重複請求)"
    )]
    DuplicateClaim {
        /// The second claim's RE line.
        line: u64,
        /// Its レセプト番号.
        number: u32,
        /// The first claim's RE line.
        first_line: u64,
        /// Its レセプト番号.
        first: u32,
    },
}

/// Which of the [`Problem`]s a problem is, without its figures: what a claim-file event keeps
/// beside each problem's words, so a check says the 返戻 each kind is returned for
/// (`UKE-file-reads`, docs/uke.md "Checking a claim file").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// [`Problem::NoPayer`].
    NoPayer,
    /// [`Problem::ClaimCount`].
    ClaimCount,
    /// [`Problem::TotalPoints`].
    TotalPoints,
    /// [`Problem::VisitNotInJd`].
    VisitNotInJd,
    /// [`Problem::JdDayWithoutVisit`].
    JdDayWithoutVisit,
    /// [`Problem::VisitOutsideOrder`].
    VisitOutsideOrder,
    /// [`Problem::TotalAmount`].
    TotalAmount,
    /// [`Problem::BurdenWithoutPayer`].
    BurdenWithoutPayer,
    /// [`Problem::DaysCounted`].
    DaysCounted,
    /// [`Problem::ClaimedBeforeMonthEnds`].
    ClaimedBeforeMonthEnds,
    /// [`Problem::RecipientWidth`].
    RecipientWidth,
    /// [`Problem::PayerOfInsurer`].
    PayerOfInsurer,
    /// [`Problem::DuplicateClaim`].
    DuplicateClaim,
}

impl ProblemKind {
    /// Every kind, in [`Problem`]'s order.
    pub const ALL: [ProblemKind; 13] = [
        ProblemKind::NoPayer,
        ProblemKind::ClaimCount,
        ProblemKind::TotalPoints,
        ProblemKind::VisitNotInJd,
        ProblemKind::JdDayWithoutVisit,
        ProblemKind::VisitOutsideOrder,
        ProblemKind::TotalAmount,
        ProblemKind::BurdenWithoutPayer,
        ProblemKind::DaysCounted,
        ProblemKind::ClaimedBeforeMonthEnds,
        ProblemKind::RecipientWidth,
        ProblemKind::PayerOfInsurer,
        ProblemKind::DuplicateClaim,
    ];

    /// Its name in a claim-file event (`payer-of-insurer`).
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::NoPayer => "no-payer",
            ProblemKind::ClaimCount => "claim-count",
            ProblemKind::TotalPoints => "total-points",
            ProblemKind::VisitNotInJd => "visit-not-in-jd",
            ProblemKind::JdDayWithoutVisit => "jd-day-without-visit",
            ProblemKind::VisitOutsideOrder => "visit-outside-order",
            ProblemKind::TotalAmount => "total-amount",
            ProblemKind::BurdenWithoutPayer => "burden-without-payer",
            ProblemKind::DaysCounted => "days-counted",
            ProblemKind::ClaimedBeforeMonthEnds => "claimed-before-month-ends",
            ProblemKind::RecipientWidth => "recipient-width",
            ProblemKind::PayerOfInsurer => "payer-of-insurer",
            ProblemKind::DuplicateClaim => "duplicate-claim",
        }
    }

    /// The kind named `name`, or `None`.
    pub fn from_name(name: &str) -> Option<ProblemKind> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl Problem {
    /// Which problem this is.
    pub fn kind(&self) -> ProblemKind {
        match self {
            Problem::NoPayer { .. } => ProblemKind::NoPayer,
            Problem::ClaimCount { .. } => ProblemKind::ClaimCount,
            Problem::TotalPoints { .. } => ProblemKind::TotalPoints,
            Problem::VisitNotInJd { .. } => ProblemKind::VisitNotInJd,
            Problem::JdDayWithoutVisit { .. } => ProblemKind::JdDayWithoutVisit,
            Problem::VisitOutsideOrder { .. } => ProblemKind::VisitOutsideOrder,
            Problem::TotalAmount { .. } => ProblemKind::TotalAmount,
            Problem::BurdenWithoutPayer { .. } => ProblemKind::BurdenWithoutPayer,
            Problem::DaysCounted { .. } => ProblemKind::DaysCounted,
            Problem::ClaimedBeforeMonthEnds { .. } => ProblemKind::ClaimedBeforeMonthEnds,
            Problem::RecipientWidth { .. } => ProblemKind::RecipientWidth,
            Problem::PayerOfInsurer { .. } => ProblemKind::PayerOfInsurer,
            Problem::DuplicateClaim { .. } => ProblemKind::DuplicateClaim,
        }
    }
}

/// ` for the 2nd 公費`-style words for the `nth` 公費 of [`Problem::BurdenWithoutPayer`],
/// nothing for the 医療保険.
fn ordinal(nth: &usize) -> String {
    match *nth {
        0 => String::new(),
        n => format!(" for the 第{n}公費"),
    }
}

/// The file's own totals as its records come: claims, payers and points, then GO's word on
/// them. Kept by [`check`] and [`crate::Claims`] alike.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    /// RE records read.
    claims: u32,
    /// The sum of the closed claims' 合計点数.
    points: u64,
    /// The claim being read.
    open: Option<Open>,
    /// GO's 総件数 and 総合計点数, once read.
    trailer: Option<(u32, u64)>,
    /// Whether the file is 訪問看護's, whose claims' visits are held together.
    station: bool,
    /// The 訪問看護 claim being read.
    visits: Option<StationClaim>,
    /// A 訪問看護 file's 請求年月 (HM), which each claim's month precedes.
    billing: Option<YearMonth>,
    /// A 訪問看護 file's 審査支払機関 (HM), to which each claim's insurer sends its claims.
    payer: Option<crate::Payer>,
    /// A 訪問看護 file's claims so far, by a digest of their user, payer and month: the first
    /// claim's RE line and number. One entry a claim, no value kept in clear.
    users: BTreeMap<u64, (u64, u32)>,
    problems: Vec<Problem>,
}

/// What tells a 訪問看護 claim's user and payer apart ([`Problem::DuplicateClaim`]), gathered
/// as its records come.
#[derive(Clone, Debug, Default, Hash)]
struct UserKey {
    month: Option<YearMonth>,
    birth: Option<crate::era::Date>,
    insurance: Option<[String; 3]>,
    branch: Option<String>,
    public: Option<[String; 2]>,
}

impl UserKey {
    /// A digest of the key, once the claim names a payer.
    fn digest(&self) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        if self.insurance.is_none() && self.public.is_none() {
            return None;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut hasher);
        Some(hasher.finish())
    }
}

/// A number as the key compares it: without spaces either side.
fn trimmed(value: &Option<String>) -> String {
    value
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned()
}

/// The claim being read: its RE's line and number, and its payers' points.
#[derive(Clone, Debug)]
struct Open {
    line: u64,
    number: u32,
    /// The HO's 合計点数 (`Some(None)`: an HO without it).
    insurance: Option<Option<u64>>,
    /// The first KO's.
    public: Option<Option<u64>>,
    /// 訪問看護: who the claim is for.
    user: UserKey,
}

impl Tally {
    /// The tally of a file whose header is `header`.
    pub(crate) fn of(header: &Header) -> Tally {
        let station = header.layout() == Layout::Nursing;
        Tally {
            station,
            billing: station.then_some(header.billing),
            payer: station.then_some(header.payer),
            ..Tally::default()
        }
    }

    /// Takes in `record`, read at `line`.
    pub(crate) fn record(&mut self, record: &Record, line: u64) {
        if let Some(visits) = &mut self.visits {
            visits.record(record, line);
        }
        match record {
            Record::Re(re) => {
                self.close();
                if self.station {
                    self.visits = Some(StationClaim::new(re.number, re.month));
                }
                if let Some(billing) = self.billing.filter(|billing| re.month >= *billing) {
                    self.problems.push(Problem::ClaimedBeforeMonthEnds {
                        line,
                        number: re.number,
                        month: re.month,
                        billing,
                    });
                }
                self.claims = self.claims.saturating_add(1);
                self.open = Some(Open {
                    line,
                    number: re.number,
                    insurance: None,
                    public: None,
                    user: UserKey {
                        month: Some(re.month),
                        birth: Some(re.birth),
                        ..UserKey::default()
                    },
                });
            }
            Record::Ho(ho) => {
                let belongs = crate::Payer::of_insurer(&ho.insurer);
                if let (Some(said), Some(belongs), Some(open)) = (self.payer, belongs, &self.open) {
                    if said != belongs {
                        self.problems.push(Problem::PayerOfInsurer {
                            line,
                            number: open.number,
                            belongs: belongs.meaning(),
                            belongs_code: belongs.code(),
                            said: said.meaning(),
                            said_code: said.code(),
                        });
                    }
                }
                if let Some(open) = &mut self.open {
                    open.insurance.get_or_insert(ho.points);
                    open.user.insurance.get_or_insert_with(|| {
                        [
                            ho.insurer.trim().to_owned(),
                            trimmed(&ho.symbol),
                            trimmed(&ho.number),
                        ]
                    });
                }
            }
            Record::Ko(ko) => {
                let recipient = ko.recipient.as_deref().map(str::trim).unwrap_or_default();
                let seven = recipient.len() == 7 && recipient.bytes().all(|b| b.is_ascii_digit());
                if let (true, false, false, Some(open)) =
                    (self.station, recipient.is_empty(), seven, &self.open)
                {
                    self.problems.push(Problem::RecipientWidth {
                        line,
                        number: open.number,
                        width: recipient.chars().count(),
                    });
                }
                if let Some(open) = &mut self.open {
                    open.public.get_or_insert(ko.points);
                    open.user.public.get_or_insert_with(|| {
                        [ko.payer.trim().to_owned(), trimmed(&ko.recipient)]
                    });
                }
            }
            Record::Sn(sn) if sn.payer_kind == crate::PayerKind::Insurance => {
                if let Some(open) = &mut self.open {
                    open.user.branch.get_or_insert_with(|| trimmed(&sn.branch));
                }
            }
            Record::Go(go) => {
                self.close();
                self.trailer = Some((go.claims, go.points));
            }
            // 訪問看護's bare GO, when last, ends the last claim.
            Record::Other { id, .. } if id == "GO" => self.close(),
            _ => {}
        }
    }

    fn close(&mut self) {
        if let Some(visits) = self.visits.take() {
            visits.problems(&mut self.problems);
        }
        let Some(mut open) = self.open.take() else {
            return;
        };
        if self.station {
            self.duplicate(&mut open);
        }
        match open.insurance.or(open.public) {
            Some(points) => self.points = self.points.saturating_add(points.unwrap_or(0)),
            None => self.problems.push(Problem::NoPayer {
                line: open.line,
                number: open.number,
            }),
        }
    }

    /// A 訪問看護 claim of a user, payer and month the file already claimed.
    fn duplicate(&mut self, open: &mut Open) {
        let user = std::mem::take(&mut open.user);
        // 公費単独: the 公費 is the payer; with an HO, the 医療保険 (its 公費 ride on it).
        let user = match user.insurance {
            Some(_) => UserKey {
                public: None,
                ..user
            },
            None => user,
        };
        let Some(digest) = user.digest() else {
            return;
        };
        match self.users.get(&digest) {
            Some(&(first_line, first)) => self.problems.push(Problem::DuplicateClaim {
                line: open.line,
                number: open.number,
                first_line,
                first,
            }),
            None => {
                self.users.insert(digest, (open.line, open.number));
            }
        }
    }

    /// The problems, in file order, once every record has been taken in.
    pub(crate) fn finish(&mut self) -> Vec<Problem> {
        self.close();
        let mut problems = std::mem::take(&mut self.problems);
        if let Some((said, points)) = self.trailer {
            if said != self.claims {
                problems.push(Problem::ClaimCount {
                    said,
                    read: self.claims,
                });
            }
            if points != self.points {
                problems.push(Problem::TotalPoints {
                    said: points,
                    read: self.points,
                });
            }
        }
        problems
    }
}

/// Reads the whole claim file from `reader` and checks it against itself, claim by claim in
/// flat memory.
///
/// # Errors
///
/// The first [`UkeError`]: a file that does not read is not checked further.
///
/// ```
/// use mynakit_uke::{check, Problem, Reader};
/// let file = b"IR,1,13,1,1234567,,,202406,00\r\n\
///     RE,1,1112,202406,,1,19800101\r\nHO,06130012,,1,1,100\r\n\
///     RE,2,1112,202406,,2,19810101\r\n\
///     GO,3,100,99\r\n\x1a";
/// let found = check(Reader::new(&file[..]))?;
/// assert_eq!(found.claims, 2);
/// assert_eq!(
///     found.problems,
///     [Problem::NoPayer { line: 4, number: 2 }, Problem::ClaimCount { said: 3, read: 2 }]
/// );
/// # Ok::<(), mynakit_uke::UkeError>(())
/// ```
pub fn check<R: BufRead>(reader: Reader<R>) -> Result<Consistency, UkeError> {
    // Every record is read and checked; none keeps its fields' text, which this never uses.
    let mut reader = reader.without_fields();
    let header = read_header(&mut reader)?;
    let mut found = Consistency {
        layout: reader.layout().unwrap_or(Layout::Medical),
        month: header.billing,
        care_months: Vec::new(),
        claims: 0,
        records: 1,
        problems: Vec::new(),
    };
    // Record by record, not through [`crate::Claims`], which would gather each claim's records
    // only for this to count them.
    let mut tally = Tally::of(&header);
    while let Some(record) = reader.next() {
        found.records += 1;
        let record = record?;
        if let Record::Re(re) = &record {
            found.claims += 1;
            let months = &mut found.care_months;
            if months.len() < MAX_CARE_MONTHS && !months.contains(&re.month) {
                months.push(re.month);
            }
        }
        tally.record(&record, reader.line());
    }
    found.problems = tally.finish();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind's name reads back as that kind, and no two share one.
    #[test]
    fn each_problem_kind_has_its_own_name() {
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(ProblemKind::from_name("go"), None);
        assert_eq!(ProblemKind::PayerOfInsurer.name(), "payer-of-insurer");
    }

    fn problems(body: &str, go: &str) -> (Vec<Problem>, Vec<Problem>) {
        let file = format!("IR,1,13,1,1234567,,,202406,00\r\n{body}{go}\r\n\x1a");
        let checked = check(Reader::new(file.as_bytes())).expect("reads").problems;
        // The same tally, kept by the claims a run reads.
        let mut claims = crate::Claims::new(Reader::new(file.as_bytes())).expect("reads");
        for claim in &mut claims {
            claim.expect("a claim");
        }
        (checked, claims.problems().to_vec())
    }

    #[test]
    fn go_totals_are_the_claims_and_a_run_finds_what_check_finds() {
        // HO's 合計点数 where there is one; a claim of 公費 alone counts its first KO's.
        let body = "RE,1,1112,202406,,1,19800101\r\nHO,06130012,,1,1,100\r\nKO,12019998,,,1,100\r\n\
                    RE,2,1212,202406,,2,19810101\r\nKO,12019998,1234566,,1,45\r\nKO,28136802,,,1,7\r\n";
        assert_eq!(problems(body, "GO,2,145,99"), (vec![], vec![]));
        let wrong = vec![Problem::TotalPoints {
            said: 245,
            read: 145,
        }];
        assert_eq!(problems(body, "GO,2,245,99"), (wrong.clone(), wrong));
        let both = vec![
            Problem::ClaimCount { said: 3, read: 2 },
            Problem::TotalPoints { said: 0, read: 145 },
        ];
        assert_eq!(problems(body, "GO,3,0,99"), (both.clone(), both));
        let none = "RE,1,1112,202406,,1,19800101\r\n";
        let no_payer = vec![Problem::NoPayer { line: 2, number: 1 }];
        assert_eq!(problems(none, "GO,1,0,99"), (no_payer.clone(), no_payer));
    }
}
