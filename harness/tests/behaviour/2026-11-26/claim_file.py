"""The month's claim file RECEIPTC.UKE of a レセコン (flow `claim-file`), written from the docs
alone: docs/uke.md ("The frame", "Layouts implemented", "The claim file in a run"),
docs/rules.md ("Claim additions by the visit's day") and docs/client-protocol.md
(`MYNAKIT_CLAIM_DIR`).

The format is 厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用): one
record a line, fields separated by commas, Windows-31J, CR LF after every record and 0x1A after
the last. This client writes what it learnt from the eligibility answer — who pays (HO, or KO for
医療扶助), who the patient is (RE, SN) and the 加算 that depend on how eligibility was confirmed
(SI) — and nothing a real レセコン would add from its own records (diagnoses, drugs, points
beyond the basic fee).

A 薬局 (the 3rd digit of MYNAKIT_FACILITY_CODE, its 点数表, is 4) claims on the 調剤 layout
(記録条件仕様（調剤用）, docs/uke.md "調剤" and its minimal 調剤 claim): YK in place of IR,
レセプト種別 4xxx, and one 剤 (SH, CZ, IY) with KI carrying the 調剤基本料. It bills no 加算 that
depends on how eligibility was confirmed: their 調剤行為コード are not public (docs/rules.md), and
a 医科 code is never a 薬局's.

One patient under one insurer in one month is one claim (one RE): a later visit of the month
is added to the claim RECEIPTC.UKE already holds (docs/uke.md, "Several visits in a month"),
and a change of insurance within the month makes a second claim. A visit the answer does not cover (lost, no qualification) is
never claimed to the answer's insurer; a month left with no claim gets no file at all.
"""

import os
import secrets
from dataclasses import dataclass

from results import outcome_of, record

FILE_NAME = "RECEIPTC.UKE"
END_MARK = b"\x1a"
CRLF = b"\r\n"
ENCODING = "cp932"  # Windows-31J: Shift_JIS with the NEC and IBM extensions (docs/uke.md)
UNWRITABLE = "〓"  # 〓 (geta) stands for a character Windows-31J has no code for

# 初診料 (A000), the one basic fee this client bills: it keeps no record of earlier visits, so
# every visit is a 初診 (as a claim-record without `visit` means, docs/client-protocol.md). The
# points are those of docs/uke.md's example; no check reads them.
FIRST_VISIT_FEE = ("111000110", 291)
CARE_FIRST_VISIT = "11"  # 診療識別 11 初診 (記録条件仕様 別表 診療識別コード)

# The 加算 of a 初診 that depends on how eligibility was confirmed, by the first day of each row
# of docs/rules.md "Claim additions by the visit's day": (first day, (code, points) when the
# patient's card was used, (code, points) when not). None: nothing to bill — before 2022-04-01
# no such 加算 existed, and the codes of 電子的診療情報連携体制整備加算 (2026-06-01) are not
# public, so no SI line can name them. Sources as the table cites them: 令和4年度・令和6年度・
# 令和8年度診療報酬改定, 中医協 総会 第592回 (2024-07-17), the 9-digit codes of the 支払基金
# 医科診療行為マスター. The facility-tier 医療DX推進体制整備加算 is not billed: it depends on
# the facility's usage rate, which this client does not know.
FIRST_VISIT_ADDITIONS = [
    ("20220401", ("111015170", 7), ("111015270", 3)),  # 電子的保健医療情報活用加算
    ("20221001", ("111016070", 2), ("111015970", 4)),  # 医療情報・システム基盤整備体制充実加算
    ("20230401", ("111016070", 2), ("111015970", 6)),  # 同（特例）
    ("20240101", ("111016070", 2), ("111015970", 4)),  # 同（特例終了）
    ("20240601", ("111703270", 1), ("111703170", 3)),  # 医療情報取得加算
    ("20241201", ("111703270", 1), ("111703270", 1)),  # 医療情報取得加算（見直し）
    ("20260601", None, None),                          # 電子的診療情報連携体制整備加算: no public code
]

# A later visit of the month by a patient this file already claims is a 再診 (docs/uke.md,
# "Several visits in a month"): 再診料 (A001, 診療識別 12) and the 再診 tier of the row, as
# FIRST_VISIT_ADDITIONS lists the 初診 ones (docs/rules.md's table: a 再診 tier with a public
# code only in these rows). A tier already billed in the month's claim is not billed again.
RETURN_VISIT_FEE = ("112007410", 75)
CARE_RETURN_VISIT = "12"
RETURN_VISIT_ADDITIONS = [
    ("20220401", None, None),                          # its 再診 code is not in the table
    ("20221001", None, None),
    ("20230401", None, ("112026570", 2)),              # 特例: card not used
    ("20240101", None, None),
    ("20240601", ("112708970", 1), ("112708870", 2)),  # 医療情報取得加算 4 / 3
    ("20241201", ("112708970", 1), ("112708970", 1)),  # 見直し: one tier, 3月に1回
    ("20260601", None, None),                          # no public code
]

# 調剤 (docs/uke.md, the minimal 調剤 claim): the 点数表 digit of a 薬局, and the placeholder
# 調剤基本料 (code, points) and 医薬品コード its KI and IY carry; no check reads them.
TABLE_PHARMACY = "4"
PHARMACY_BASE_FEE = ("410000110", 45)
PHARMACY_DRUG = "620000001"

# 審査支払機関 (IR field 1): 1 支払基金, 2 国保連 (docs/uke.md, "Code lists validated").
PAYER_SHAHO, PAYER_KOKUHO = "1", "2"
PAYER_KIND_INSURANCE, PAYER_KIND_FIRST_PUBLIC = "1", "2"  # 負担者種別: 1 保険, 2 第1公費
CONFIRMED_AT_COUNTER = "01"  # SN 確認区分 01: what a レセコン writes (02–14 are not its own)
BURDEN_INSURANCE, BURDEN_FIRST_PUBLIC = "1", "5"  # SI 負担区分: 1 医保, 5 第1公費 (別表 負担区分コード)


@dataclass
class Visit:
    """One visit as its eligibility answer states it: the flat record of
    ResultOfQualificationConfirmation plus the header facts the claim needs."""
    day: str  # QualificationConfirmationDate, yyyyMMdd: the 診療日 the 加算 is chosen by
    card_used: bool  # the answer came from the card at the face reader (ReferenceClassification 1)
    assistance: bool  # 医療扶助 (InsuredCardClassification A1): KO, not HO
    rec: dict


def visit_of(answer: dict, today: str | None) -> Visit | None:
    """The visit an answer confirms, or None when it covers nothing to claim: an error, a lost
    qualification or none at all (QualificationValidity 2–4: 返戻「資格喪失後の受診」 if claimed
    to the old insurer, docs/uke.md "The claim file in a run")."""
    outcome = outcome_of(answer)
    if outcome not in ("eligible", "medical-assistance"):
        return None
    header = answer.get("MessageHeader") or {}
    rec = record(answer)
    if not rec.get("InsurerNumber"):
        return None
    day = header.get("QualificationConfirmationDate") or today or ""
    return Visit(day=day, card_used=header.get("ReferenceClassification") == "1",
                 assistance=outcome == "medical-assistance", rec=rec)


# -- the insurer and the share ------------------------------------------------------------------


def padded_insurer(number: str) -> str:
    """HO 保険者番号 in eight columns, right-aligned: a 6-digit 国保 number after two spaces
    (docs/uke.md; 記録条件仕様 HO 保険者番号)."""
    return number.strip().rjust(8)


def is_kokuho(number: str) -> bool:
    """A 国民健康保険 insurer has a 6-digit number (its claims go to the 国保連)."""
    return len(number.strip()) == 6


def is_late_elderly(number: str) -> bool:
    """A 後期高齢者医療広域連合 has an 8-digit number of 法別 39."""
    number = number.strip()
    return len(number) == 8 and number.startswith("39")


def share_percent(value: str | None) -> int | None:
    """The patient's share in percent from an OQS ratio (`020` is 2割, 20 %), or None."""
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def elderly_share(visit: Visit) -> int | None:
    """The share of a patient of 70 or over: the 高齢受給者証's ElderlyRecipientContributionRatio,
    or, under a 後期高齢者医療 insurer, InsuredPartialContributionRatio. None: not an elderly
    share (docs/uke.md, the row "the share of a patient of 70 or over")."""
    elderly = share_percent(visit.rec.get("ElderlyRecipientContributionRatio"))
    if elderly is not None:
        return elderly
    if is_late_elderly(visit.rec["InsurerNumber"]):
        return share_percent(visit.rec.get("InsuredPartialContributionRatio"))
    return None


def is_pharmacy(facility: str | None) -> bool:
    """Whether the facility is a 薬局: its 10-digit code's 3rd digit (点数表) is 4."""
    code = (facility or "").strip()
    return len(code) == 10 and code.isdigit() and code[2] == TABLE_PHARMACY


def receipt_kind(visit: Visit, pharmacy: bool = False) -> str:
    """RE レセプト種別; a 薬局's is the same with 4 (調剤) first: 4112, 4116, 4212, …"""
    kind = medical_receipt_kind(visit)
    return TABLE_PHARMACY + kind[1:] if pharmacy else kind


def medical_receipt_kind(visit: Visit) -> str:
    """RE レセプト種別 of an outpatient 医科 claim (記録条件仕様 別表 レセプト種別コード, as
    sosuke-hirayama/uke-parser lists it): 1 医科, then 1 医保 / 2 公費, 1 単独, then the
    patient's class — 2 本人, 4 未就学者, 6 家族, 8 高齢受給者 一般・低所得者, 0 高齢受給者 7割.
    A 後期高齢者 is claimed as 医保単独 with the 高齢受給者 classes; 医療扶助 alone is 1212."""
    if visit.assistance:
        return "1212"
    share = elderly_share(visit)
    if share is not None:
        return "1110" if share >= 30 else "1118"
    if visit.rec.get("PreschoolClassification") == "1":
        return "1114"
    return "1116" if visit.rec.get("PersonalFamilyClassification") == "2" else "1112"


def benefit_ratio(visit: Visit) -> str:
    """RE 給付割合: 100 less the patient's share, written for a 国保 insurer whose answer gives
    a share, empty otherwise (後期 and 被用者保険 leave it empty; docs/uke.md `UKE-share`, as
    hangilc/myclinic-ts writes it)."""
    if visit.assistance or not is_kokuho(visit.rec["InsurerNumber"]):
        return ""
    share = elderly_share(visit)
    if share is None:
        share = share_percent(visit.rec.get("InsuredPartialContributionRatio"))
    return "" if share is None else str(100 - share)


def income_class(visit: Visit) -> str:
    """RE レセプト特記事項 of a patient of 70 or over: the 高額療養費 income class the answer
    supports (docs/uke.md, "The income class of a patient of 70 or over"): 3割 26 (区ア), or 27
    (区イ) with a 限度額 class; 2割・1割 29 (区エ), or 30 (区オ) with one. Empty under 70 and
    for 医療扶助."""
    share = None if visit.assistance else elderly_share(visit)
    if share is None:
        return ""
    limit_class = bool((visit.rec.get("LimitApplicationCertificateClassificationFlag") or "").strip())
    if share >= 30:
        return "27" if limit_class else "26"
    return "30" if limit_class else "29"


def payer_of(visit: Visit) -> str:
    """IR 審査支払機関: the 国保連 for a 国保 or 後期 insurer, the 支払基金 otherwise (医療扶助
    included). A file goes to one of them; docs/uke.md says no check reads it."""
    number = visit.rec["InsurerNumber"]
    if not visit.assistance and (is_kokuho(number) or is_late_elderly(number)):
        return PAYER_KOKUHO
    return PAYER_SHAHO


# -- the 加算 of the day ------------------------------------------------------------------------


def addition_on(day: str, card_used: bool, rows=FIRST_VISIT_ADDITIONS) -> tuple[str, int] | None:
    """The 初診 (or, with RETURN_VISIT_ADDITIONS, 再診) 加算 due on the visit's day for how it was
    confirmed: the newest row whose first day is on or before it (docs/rules.md, "each date is
    the first day of its row")."""
    due = None
    for first_day, used, not_used in rows:
        if day >= first_day:
            due = used if card_used else not_used
    return due


# -- the records --------------------------------------------------------------------------------


def days(day: str) -> list[str]:
    """The 31 day fields of JD and SI (算定日): "1" on the visit's day of the month."""
    marks = [""] * 31
    if len(day) == 8 and day[6:].isdigit() and 1 <= int(day[6:]) <= 31:
        marks[int(day[6:]) - 1] = "1"
    return marks


def si_line(burden: str, code: str, points: int, day: str, care: str = CARE_FIRST_VISIT) -> list[str]:
    """SI 診療行為: 診療識別, 負担区分, code, 数量 (none), 点数, 回数 1, the three comment pairs
    left empty, then 算定日 (fields 13–43)."""
    return ["SI", care, burden, code, "", str(points), "1"] + [""] * 6 + days(day)


def return_items(visit: Visit, billed_before: set) -> list[list[str]]:
    """The SI lines of a 再診 in a month whose claim already holds the patient: 再診料 and the
    再診 tier of the day, unless the claim billed that tier already (its frequency)."""
    burden = BURDEN_FIRST_PUBLIC if visit.assistance else BURDEN_INSURANCE
    lines = [si_line(burden, *RETURN_VISIT_FEE, visit.day, CARE_RETURN_VISIT)]
    addition = addition_on(visit.day, visit.card_used, RETURN_VISIT_ADDITIONS)
    if addition is not None and addition[0] not in billed_before:
        lines.append(si_line(burden, *addition, visit.day, CARE_RETURN_VISIT))
    return lines


def items(visit: Visit) -> list[list[str]]:
    """The SI lines billed: the basic fee and the 加算 in force on the visit's day."""
    burden = BURDEN_FIRST_PUBLIC if visit.assistance else BURDEN_INSURANCE
    lines = [si_line(burden, *FIRST_VISIT_FEE, visit.day)]
    addition = addition_on(visit.day, visit.card_used)
    if addition is not None:
        lines.append(si_line(burden, *addition, visit.day))
    return lines


def pharmacy_items(visit: Visit) -> list[list[str]]:
    """A 薬局's one 剤 (docs/uke.md, "調剤" and the minimal 調剤 claim): SH (No 1, 剤形 1), CZ
    (医師番号 1, 処方月日 and 調剤月日 the visit's MMDD, 受付回 1, 7 日分), IY (負担区分, code, 使用量)
    and KI (算定日, 受付回 1, 負担区分, 調剤基本料コード, 点数)."""
    burden = BURDEN_FIRST_PUBLIC if visit.assistance else BURDEN_INSURANCE
    month_day = visit.day[4:8]
    code, points = PHARMACY_BASE_FEE
    return [["SH", "1", "1"], ["CZ", "1", month_day, month_day, "1", "7"],
            ["IY", burden, PHARMACY_DRUG, "3"], ["KI", visit.day, "1", burden, code, str(points), ""]]


def points_of(lines: list[list[str]]) -> int:
    """The points billed: SI's 点数 and KI's 調剤基本料 点数 are both field 5."""
    return sum(int(line[5]) for line in lines if line[0] in ("SI", "KI"))


def claim(number: int, visit: Visit, pharmacy: bool = False) -> list[list[str]]:
    """One visit's claim: RE, then HO (or KO for 医療扶助), SN, JD and the SI lines (a 薬局:
    the 剤 and KI)."""
    rec = visit.rec
    billed = pharmacy_items(visit) if pharmacy else items(visit)
    total = str(points_of(billed))
    re = ["RE", str(number), receipt_kind(visit, pharmacy), visit.day[:6], rec.get("Name", ""),
          rec.get("Sex1", ""), rec.get("Birthdate", ""), benefit_ratio(visit)]
    note = income_class(visit)
    if note:
        # レセプト特記事項: 調剤 field 8, 医科 field 11 (8–10 empty).
        re += [note] if pharmacy else ["", "", "", note]
    if visit.assistance:
        # 公費負担者番号 = InsurerNumber (法別 12), 受給者番号 = InsuredIdentificationNumber
        payer = ["KO", rec["InsurerNumber"].strip(), rec.get("InsuredIdentificationNumber", ""), "", "1", total]
        sn = ["SN", PAYER_KIND_FIRST_PUBLIC, CONFIRMED_AT_COUNTER, rec["InsurerNumber"].strip(), "", "", "",
              rec.get("InsuredIdentificationNumber", "")]
        kind = PAYER_KIND_FIRST_PUBLIC
    else:
        insurer = padded_insurer(rec["InsurerNumber"])
        symbol, insured = rec.get("InsuredCardSymbol", ""), rec.get("InsuredIdentificationNumber", "")
        payer = ["HO", insurer, symbol, insured, "1", total]
        sn = ["SN", PAYER_KIND_INSURANCE, CONFIRMED_AT_COUNTER, insurer, symbol, insured,
              rec.get("InsuredBranchNumber", ""), ""]
        kind = PAYER_KIND_INSURANCE
    jd = ["JD", kind] + days(visit.day)
    return [re, payer, sn, jd] + billed


def header(visits: list[Visit], facility: str | None) -> list[str]:
    """IR 医療機関情報, or YK 薬局情報 for a 薬局. The 10-digit 医療機関コード
    (MYNAKIT_FACILITY_CODE) is 都道府県 (2), 点数表 (1) and the 7-digit code; 請求年月 is the
    visit's month, as docs/uke.md's example gives it for a run on the visit's month (no check
    reads it)."""
    code = (facility or "").strip()
    if not (len(code) == 10 and code.isdigit()):
        code = "1319999999"  # a synthetic facility, as in the docs' examples
    month = max(v.day[:6] for v in visits)
    if is_pharmacy(code):
        # YK: 審査支払機関, 都道府県, 点数表 4, 薬局コード, 薬局連絡先名称, 請求年月, マルチ
        # ボリューム識別情報, 電話番号.
        return ["YK", payer_of(visits[0]), code[:2], TABLE_PHARMACY, code[3:], "テスト薬局", month, "00", ""]
    return ["IR", payer_of(visits[0]), code[:2], "1", code[3:], "", "テスト医療機関", month, "00", ""]


def claim_records(visits: list[Visit], facility: str | None, earlier: list | None = None) -> list[list[str]]:
    """The whole file as records: IR, the month's claims (those already written this month,
    `earlier`, with each visit added), then GO (総件数, 総合計点数, マルチボリューム識別情報 99: a
    single volume)."""
    records = [header(visits, facility)]
    pharmacy = is_pharmacy(facility)
    claims = [list(c) for c in (earlier or [])]
    for visit in visits:
        new = claim(0, visit, pharmacy)
        key = payer_key(new)
        same = next((c for c in claims if key is not None and payer_key(c) == key), None)
        if same is not None and not pharmacy:
            # A 再診: its own fee and tier in place of the 初診 lines claim() wrote.
            before = {rec[3] for rec in same if rec[0] == "SI" and len(rec) > 3}
            new = [rec for rec in new if rec[0] != "SI"] + return_items(visit, before)
            new[1][5] = str(points_of(new[4:]))  # HO / KO 合計点数: this visit's lines
        add_visit(claims, new, visit.day)
    total = 0
    for claim_lines in claims:
        total += payer_points(claim_lines)
        records.extend(claim_lines)
    records.append(["GO", str(len(claims)), str(total), "99"])
    return records


# -- the month's file (docs/uke.md, "Several visits in a month") --------------------------------

# What a later visit adds to a claim: its billed lines, not who pays or when.
NOT_BILLED = ("RE", "HO", "KO", "SN", "JD", "MF")


def payer_key(claim_lines: list[list[str]]) -> tuple | None:
    """Who a claim is to: HO 保険者番号, 記号, 番号, or for 医療扶助 alone KO 公費負担者番号,
    受給者番号, without their spaces. One patient, one insurer, one month is one claim."""
    for wanted, width in (("HO", 4), ("KO", 3)):
        for rec in claim_lines:
            if rec[0] == wanted:
                return (wanted,) + tuple(f.strip() for f in rec[1:width])
    return None


def payer_points(claim_lines: list[list[str]]) -> int:
    """A claim's 合計点数: field 5 of its HO, else of its KO."""
    for wanted in ("HO", "KO"):
        for rec in claim_lines:
            if rec[0] == wanted and len(rec) > 5 and rec[5].strip().isdigit():
                return int(rec[5])
    return 0


def add_visit(claims: list, new: list[list[str]], day: str):
    """Add one visit's claim to the month's claims: into the claim of the same patient and
    insurer (its JD marks the day too, HO or KO count one more 診療実日数 and its points, its
    billed lines follow), else as a claim of its own (a change of insurance within the month is
    two claims). The RE numbers then run from 1."""
    key = payer_key(new)
    same = next((c for c in claims if key is not None and payer_key(c) == key), None)
    if same is None:
        claims.append(new)
    else:
        points = payer_points(new)
        the_day = int(day[6:8]) if len(day) == 8 and day[6:].isdigit() else 0
        for rec in same:
            if rec[0] == "JD" and 1 <= the_day <= 31:
                rec.extend([""] * (2 + the_day - len(rec)))
                rec[1 + the_day] = "1"  # JD: 負担者種別 at 1, day 1 at 2
            elif rec[0] in ("HO", "KO") and len(rec) > 5:
                rec[4] = str(int(rec[4] or 0) + 1)
                rec[5] = str(int(rec[5] or 0) + points)
        dispensed = sum(1 for rec in same if rec[0] == "SH")
        for rec in new:
            if rec[0] in NOT_BILLED:
                continue
            if rec[0] == "SH":
                rec[1] = str(dispensed + 1)  # a 薬局's next 剤
            same.append(rec)
    for number, claim_lines in enumerate(claims, start=1):
        claim_lines[0][1] = str(number)


def read_month(folder: str, month: str) -> list:
    """The claims of `month` (yyyyMM) already in the folder's RECEIPTC.UKE, RE first in each;
    none when there is no file, it holds another month, or it cannot be read. Opened without
    following a symbolic link."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            fd = os.open(FILE_NAME, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=dir_fd)
            with os.fdopen(fd, "rb") as f:
                data = f.read()
        finally:
            os.close(dir_fd)
        text = data.rstrip(END_MARK).decode(ENCODING)
    except (OSError, UnicodeDecodeError):
        return []
    claims = []
    for line in text.split("\r\n"):
        if not line:
            continue
        rec = line.split(",")
        if rec[0] in ("IR", "YK", "GO"):
            continue
        if rec[0] == "RE":
            if len(rec) < 4 or rec[3] != month:
                return []
            claims.append([rec])
        elif claims:
            claims[-1].append(rec)
    return claims


# -- the bytes ----------------------------------------------------------------------------------


def field_text(value: str) -> str:
    """A field as the frame allows it: no comma, CR, LF or 0x1A inside, and only characters
    Windows-31J can encode (another one becomes 〓, for the staff to correct)."""
    value = "".join(" " if ch in ",\r\n\x1a" else ch for ch in value)
    return "".join(ch if _encodable(ch) else UNWRITABLE for ch in value)


def _encodable(ch: str) -> bool:
    try:
        ch.encode(ENCODING)
        return True
    except UnicodeEncodeError:
        return False


def encode(records: list[list[str]]) -> bytes:
    """Windows-31J, CR LF after every record, and the end mark 0x1A right after the last CR LF."""
    lines = [",".join(field_text(f) for f in rec).encode(ENCODING) for rec in records]
    return b"".join(line + CRLF for line in lines) + END_MARK


def write_atomically(folder: str, data: bytes):
    """Write RECEIPTC.UKE so the harness never sees half a file, and never through a symbolic
    link: a temporary file created anew (O_EXCL, O_NOFOLLOW) in the same folder, flushed, then
    renamed over the name, every step relative to the folder opened without following a link."""
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        tmp = f".{FILE_NAME}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=dir_fd)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, FILE_NAME, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=dir_fd)
            except OSError:
                pass
            raise
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_claim_file(folder: str, answers: list, today: str | None, facility: str | None, log) -> int:
    """The month's claim for the visits of `answers` (the eligibility answers the results rest
    on), written into `folder`; returns the number of claims. No covered visit: no file. Logs
    counts only, never a name or an insurance number."""
    visits = [v for v in (visit_of(a, today) for a in answers) if v is not None]
    if not visits:
        log("claim file: no covered visit this month, no RECEIPTC.UKE written")
        return 0
    # The month's file: the claims this month's earlier visits left in the folder, with these added.
    earlier = read_month(folder, max(v.day[:6] for v in visits))
    records = claim_records(visits, facility, earlier)
    claims = sum(1 for rec in records if rec[0] == "RE")
    data = encode(records)
    write_atomically(folder, data)
    log(f"claim file: {FILE_NAME} written, {claims} claim(s) ({len(earlier)} from earlier visits), {len(data)} bytes")
    return claims


__all__ = ["write_claim_file", "visit_of", "claim_records", "encode"]
