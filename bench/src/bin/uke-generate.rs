//! Writes a synthetic 医科 claim file (RECEIPTC.UKE) of a large hospital's month for
//! `bench/uke.sh`: by default 50,000 claims, about 100 MB, as the "at disk speed" target
//! sizes it.
//!
//! Usage: `uke-generate OUT [CLAIMS] [SEED] [INSERT]` (default 50,000 claims, seed 1).
//!
//! With `INSERT`, a 医科 claim file a client wrote (the reference client's in a run of
//! `bench/claim-run.sh`), the month is built around it: its IR header, its 診療年月 for every
//! claim, its claims in the middle of the generated ones (their RE renumbered in sequence), and
//! GO counting them all, so a run judges the client's own claim inside a hospital's month.
//!
//! The frame is the 記録条件仕様's (厚生労働省「オンライン又は光ディスク等による請求に係る記録条件
//! 仕様（医科用）」): Windows-31J text written by [`mynakit_uke::Writer`], CR LF after each record,
//! the 0x1A end mark, the IR header first and the GO trailer last. Each claim is an RE, an HO, an
//! SN, a JD, a few SY and some SI and IY records, every record written with all of its fields
//! (empty ones included), so that line lengths and the share of empty fields are those of a real
//! file rather than of a minimal one: SI and IY carry their six comment fields and 31 算定日.
//!
//! Everything is synthetic: names are put together from a fixed list of common surnames and
//! given names (漢字 and their カタカナ readings, so that every claim carries Shift_JIS text),
//! insurance numbers are made up, and the same seed writes the same bytes. 診療行為 codes other
//! than 初診料 111000110 and 再診料 112007410, 医薬品 codes and 傷病名 codes are nine- or
//! seven-digit numbers of the right shape, not looked up in the master files; the points add up
//! (HO 合計点数 is the sum of the claim's items, GO 総合計点数 the sum of the claims').

use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;

use mynakit_uke::{Date, Reader, Record, UkeError, Writer, YearMonth};

/// Surnames and their readings (common words; never a person's data).
const SURNAMES: [(&str, &str); 12] = [
    ("山田", "ヤマダ"),
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("松本", "マツモト"),
];

/// Given names, their readings and 男女区分 (1 男, 2 女).
const GIVEN: [(&str, &str, &str); 12] = [
    ("太郎", "タロウ", "1"),
    ("花子", "ハナコ", "2"),
    ("一郎", "イチロウ", "1"),
    ("美咲", "ミサキ", "2"),
    ("健太", "ケンタ", "1"),
    ("陽子", "ヨウコ", "2"),
    ("翔", "ショウ", "1"),
    ("結衣", "ユイ", "2"),
    ("大輔", "ダイスケ", "1"),
    ("恵子", "ケイコ", "2"),
    ("誠", "マコト", "1"),
    ("由美", "ユミ", "2"),
];

/// 診療行為: code, 診療識別, points. The first two are 初診料 and 再診料; the rest are codes of
/// the right shape with synthetic points.
const PROCEDURES: [(&str, &str, u32); 8] = [
    ("111000110", "11", 291),
    ("112007410", "12", 75),
    ("160008010", "60", 11),
    ("160000310", "60", 27),
    ("160019210", "60", 35),
    ("170000410", "70", 210),
    ("140000610", "40", 52),
    ("120001210", "13", 68),
];

/// 医薬品: code, 使用量, points (synthetic shape: nine digits starting with 6).
const DRUGS: [(&str, &str, u32); 6] = [
    ("620000001", "3", 12),
    ("620000123", "1", 5),
    ("621234501", "2.5", 8),
    ("622345601", "14", 31),
    ("610406001", "1", 3),
    ("620987602", "6", 18),
];

/// 傷病名 codes (seven digits, synthetic shape); `0000999` is a name without a code.
const DISEASES: [&str; 6] = [
    "8830000", "8831001", "8832002", "8833003", "8834004", "0000999",
];

/// Names of diseases written without a code (generic words).
const DISEASE_NAMES: [&str; 4] = ["急性上気道炎", "腰痛症", "高血圧症", "胃炎"];

/// Insurers: 保険者番号 as written in HO (eight columns; a 国保 number of six digits after two
/// spaces) and 給付割合 written for 国保. Synthetic numbers.
const INSURERS: [(&str, &str); 4] = [
    ("06139992", ""),
    ("01130018", ""),
    ("  139998", "70"),
    ("31139995", ""),
];

/// The claimed month (診療年月) and the month of the claim (請求年月), without `INSERT`.
const MONTH: &str = "202610";
const BILLING: &str = "202611";

/// A small deterministic generator (SplitMix64): the same seed, the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len() as u64) as usize]
    }
}

/// A record of `len` fields, all empty but the id.
fn record(id: &str, len: usize) -> Vec<String> {
    let mut fields = vec![String::new(); len];
    fields[0] = id.to_owned();
    fields
}

/// Writes claim `number`; returns its points.
fn claim<W: std::io::Write>(
    out: &mut Writer<W>,
    rng: &mut Rng,
    number: u32,
    month: &str,
) -> Result<u64, UkeError> {
    let (surname, surname_kana) = *rng.pick(&SURNAMES);
    let (given, given_kana, sex) = *rng.pick(&GIVEN);
    let (insurer, benefit) = *rng.pick(&INSURERS);
    let family = rng.below(3) == 0;
    let birth = format!(
        "{:04}{:02}{:02}",
        1940 + rng.below(80),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let visits = 1 + rng.below(9) as usize;
    let mut days: Vec<u64> = (0..visits).map(|_| 1 + rng.below(days_in(month))).collect();
    days.sort_unstable();
    days.dedup();

    // The items first, to know the points HO carries.
    let mut items = Vec::new();
    let mut points = 0u64;
    for (at, day) in days.iter().enumerate() {
        let first = at == 0;
        let procedures = 2 + rng.below(5) as usize;
        for i in 0..procedures {
            let (code, category, p) = match i {
                0 if first => PROCEDURES[0],
                0 => PROCEDURES[1],
                _ => PROCEDURES[2 + rng.below(PROCEDURES.len() as u64 - 2) as usize],
            };
            items.push(item("SI", category, code, "", p, *day));
            points += u64::from(p);
        }
        let drugs = rng.below(5) as usize;
        for _ in 0..drugs {
            let (code, quantity, p) = *rng.pick(&DRUGS);
            items.push(item("IY", "21", code, quantity, p, *day));
            points += u64::from(p);
        }
    }

    let mut re = record("RE", 38);
    re[1] = number.to_string();
    re[2] = if family { "1116" } else { "1112" }.to_owned();
    re[3] = month.to_owned();
    re[4] = format!("{surname}\u{3000}{given}");
    re[5] = sex.to_owned();
    re[6] = birth;
    re[7] = benefit.to_owned();
    re[13] = format!("{:08}", rng.below(100_000_000));
    re[36] = format!("{surname_kana}\u{3000}{given_kana}");
    out.write_fields(&re)?;

    let symbol = format!("{}", 1000 + rng.below(9000));
    let card_number = format!("{}", rng.below(1_000_000));
    let mut ho = record("HO", 15);
    ho[1] = insurer.to_owned();
    ho[2] = symbol.clone();
    ho[3] = card_number.clone();
    ho[4] = days.len().to_string();
    ho[5] = points.to_string();
    ho[11] = (points * 3).to_string(); // 3 割 of 10 円 a point
    out.write_fields(&ho)?;

    let mut sn = record("SN", 9);
    sn[1] = "1".to_owned();
    sn[2] = "01".to_owned();
    sn[3] = insurer.trim_start().to_owned();
    sn[4] = symbol;
    sn[5] = card_number;
    sn[6] = if family { "01" } else { "00" }.to_owned();
    out.write_fields(&sn)?;

    let mut jd = record("JD", 33);
    jd[1] = "1".to_owned();
    for day in &days {
        jd[1 + *day as usize] = "1".to_owned();
    }
    out.write_fields(&jd)?;

    let diseases = 1 + rng.below(4) as usize;
    for i in 0..diseases {
        let mut sy = record("SY", 8);
        let code = *rng.pick(&DISEASES);
        sy[1] = code.to_owned();
        sy[2] = format!("{month}{:02}", days[0]);
        sy[3] = "1".to_owned();
        if code == "0000999" {
            sy[5] = (*rng.pick(&DISEASE_NAMES)).to_owned();
        }
        if i == 0 {
            sy[6] = "01".to_owned();
        }
        out.write_fields(&sy)?;
    }

    for fields in &items {
        out.write_fields(fields)?;
    }
    Ok(points)
}

/// An SI or IY record (医科, 44 fields): 診療識別, 負担区分, code, quantity, points, 回数 1, six
/// empty comment fields, and the 31 算定日 with a 1 on `day`.
fn item(
    id: &str,
    category: &str,
    code: &str,
    quantity: &str,
    points: u32,
    day: u64,
) -> Vec<String> {
    let mut fields = record(id, 44);
    fields[1] = category.to_owned();
    fields[2] = "1".to_owned();
    fields[3] = code.to_owned();
    fields[4] = quantity.to_owned();
    fields[5] = points.to_string();
    fields[6] = "1".to_owned();
    fields[12 + day as usize] = "1".to_owned();
    fields
}

/// The days of `month` (`YYYYMM`), so that no claim marks a day the month does not have.
fn days_in(month: &str) -> u64 {
    YearMonth::parse(month).map_or(28, |m| u64::from(Date::last_of(m).day))
}

/// A record as its fields.
type Fields = Vec<String>;

/// A client's claim file to build the month around: its header, its claims (each its records,
/// RE first), its GO's 総合計点数.
struct Insert {
    header: Fields,
    claims: Vec<Vec<Fields>>,
    points: u64,
}

impl Insert {
    fn read(path: &str) -> Result<Insert, String> {
        let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        let records: Vec<Record> = Reader::new(std::io::BufReader::new(file))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{path}: {e}"))?;
        let mut records = records.iter().map(|r| r.fields().to_vec());
        let header = records.next().unwrap_or_default();
        if header.first().map(String::as_str) != Some("IR")
            || header.get(3).map(String::as_str) != Some("1")
        {
            return Err(format!("{path}: not a 医科 file (IR of 点数表 1)"));
        }
        let (mut claims, mut points) = (Vec::<Vec<Fields>>::new(), 0);
        for fields in records {
            match fields.first().map(String::as_str) {
                Some("GO") => points = fields.get(2).and_then(|p| p.parse().ok()).unwrap_or(0),
                Some("RE") => claims.push(vec![fields]),
                _ => match claims.last_mut() {
                    Some(claim) => claim.push(fields),
                    None => return Err(format!("{path}: a record before the first RE")),
                },
            }
        }
        Ok(Insert {
            header,
            claims,
            points,
        })
    }

    /// The 診療年月 of its first claim.
    fn month(&self) -> Option<&str> {
        self.claims.first()?.first()?.get(3).map(String::as_str)
    }

    /// Writes claim `at` as number `number`.
    fn write<W: std::io::Write>(
        &self,
        out: &mut Writer<W>,
        at: usize,
        number: u32,
    ) -> Result<(), UkeError> {
        let mut re = self.claims[at][0].clone();
        re[1] = number.to_string();
        out.write_fields(&re)?;
        for record in &self.claims[at][1..] {
            out.write_fields(record)?;
        }
        Ok(())
    }
}

fn run(path: &str, claims: u32, seed: u64, insert: Option<&Insert>) -> Result<(), UkeError> {
    let mut out = Writer::new(BufWriter::with_capacity(1 << 16, File::create(path)?));
    let mut rng = Rng(seed);
    let mut ir = record("IR", 10);
    ir[1] = "1".to_owned();
    ir[2] = "13".to_owned();
    ir[3] = "1".to_owned();
    ir[4] = "9999999".to_owned();
    ir[6] = "テスト総合病院".to_owned();
    ir[7] = BILLING.to_owned();
    ir[8] = "00".to_owned();
    ir[9] = "0300000000".to_owned();
    let month = insert.and_then(Insert::month).unwrap_or(MONTH).to_owned();
    out.write_fields(insert.map_or(&ir, |i| &i.header))?;
    let mut total = insert.map_or(0, |i| i.points);
    let inserted = insert.map_or(0, |i| i.claims.len());
    let mut number = 0u32;
    for generated in 0..claims {
        if generated == claims / 2 {
            for at in 0..inserted {
                number += 1;
                insert.map_or(Ok(()), |i| i.write(&mut out, at, number))?;
            }
        }
        number += 1;
        total += claim(&mut out, &mut rng, number, &month)?;
    }
    if claims == 0 {
        for at in 0..inserted {
            number += 1;
            insert.map_or(Ok(()), |i| i.write(&mut out, at, number))?;
        }
    }
    let go = [
        "GO".to_owned(),
        number.to_string(),
        total.to_string(),
        "99".to_owned(),
    ];
    out.write_fields(&go)?;
    let mut file = out.finish()?;
    std::io::Write::flush(&mut file)?;
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: uke-generate OUT [CLAIMS] [SEED]");
        return ExitCode::from(2);
    };
    let claims = match args.next().map(|s| s.parse::<u32>()) {
        None => 50_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("uke-generate: CLAIMS: {e}");
            return ExitCode::from(2);
        }
    };
    let seed = match args.next().map(|s| s.parse::<u64>()) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("uke-generate: SEED: {e}");
            return ExitCode::from(2);
        }
    };
    let insert = match args.next().map(|p| Insert::read(&p)) {
        None => None,
        Some(Ok(insert)) => Some(insert),
        Some(Err(e)) => {
            eprintln!("uke-generate: INSERT {e}");
            return ExitCode::from(2);
        }
    };
    match run(&path, claims, seed, insert.as_ref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("uke-generate: {path}: {e}");
            ExitCode::from(1)
        }
    }
}
