"""The レセコン role: OQS XML files through the 資格確認端末's req/res/face folders
(docs/terminal.md; docs/client-protocol.md, "The レセコン role").

A single check (`OQSsiquc01`) from the insurance card's data, or a face-reader push picked up
from `face`. Written under a temporary name and renamed into req; the answer is the file named
after the request (req → res), never the newest file in res; results are decoded by their XML
declaration (UTF-8 or Shift_JIS); a face push is moved aside before it is read.
"""

import os
import re
import secrets
import time
import xml.etree.ElementTree as ET

from results import outcome_of, record

POLL_SECS = 0.2
SHIFT_JIS_LABELS = {"shift_jis", "shift-jis", "sjis", "ms932", "windows-31j", "cp932",
                    "windows-932", "x-ms-cp932", "ibm-943", "x-sjis"}


class TerminalError(Exception):
    pass


def pad_insurer(number: str) -> str:
    """8 characters: a 6-digit 国保 number right-aligned with spaces (check XML-insurer-padding)."""
    number = number.strip()
    return number.rjust(8) if len(number) < 8 else number


def decode(raw: bytes) -> str:
    """The file's text by its own declaration (check XML-encoding); UTF-8 otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    m = re.match(rb'<\?xml[^>]*encoding=["\']([A-Za-z0-9_.:-]+)["\']', raw)
    label = m.group(1).decode("ascii").lower() if m else "utf-8"
    return raw.decode("cp932" if label in SHIFT_JIS_LABELS else label)


def to_tree(raw: bytes) -> dict:
    """The XML answer as the same dict shape as the service's JSON (docs/service.md#result-shape):
    leaves are strings, and a repeated element is a list."""
    text = decode(raw)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # the declaration names the bytes' encoding
    root = ET.fromstring(text)

    def conv(el):
        children = list(el)
        if not children:
            return (el.text or "").strip()
        out: dict = {}
        for c in children:
            v = conv(c)
            if c.tag in out:
                if not isinstance(out[c.tag], list):
                    out[c.tag] = [out[c.tag]]
                out[c.tag].append(v)
            else:
                out[c.tag] = v
        return out

    tree = conv(root)
    body = tree.get("MessageBody") if isinstance(tree, dict) else None
    if isinstance(body, dict) and isinstance(body.get("ResultList"), dict):
        res = body["ResultList"].get("ResultOfQualificationConfirmation")
        if isinstance(res, dict):
            body["ResultList"]["ResultOfQualificationConfirmation"] = [res]
    return tree


def _el(name, value, indent="      "):
    v = (value or "").replace("&", "&amp;").replace("<", "&lt;")
    return f"{indent}<{name}>{v}</{name}>\n"


def _message(today: str | None, facility: str | None, body: str) -> bytes:
    header = ""
    if today:
        header += f"    <QualificationConfirmationDate>{today}</QualificationConfirmationDate>\n"
    if facility:
        header += f"    <MedicalInstitutionCode>{facility}</MedicalInstitutionCode>\n"
    header += f"    <ArbitraryFileIdentifier>py-{secrets.token_hex(6)}</ArbitraryFileIdentifier>\n"
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<XmlMsg>\n  <MessageHeader>\n'
           + header + "  </MessageHeader>\n  <MessageBody>\n" + body + "  </MessageBody>\n</XmlMsg>\n")
    return xml.encode("utf-8")


def _search(card: dict, limit_consent: bool) -> str:
    search = _el("InsurerNumber", pad_insurer(card.get("InsurerNumber", "")))
    for name in ("InsuredCardSymbol", "InsuredIdentificationNumber", "InsuredBranchNumber", "Birthdate"):
        if card.get(name):
            search += _el(name, card[name])
    search += _el("LimitApplicationCertificateRelatedConsFlg", "1" if limit_consent else "0")
    return "    <QualificationConfirmSearchInfo>\n" + search + "    </QualificationConfirmSearchInfo>\n"


def single_check_request(card: dict, today: str | None, facility: str | None, limit_consent: bool) -> bytes:
    return _message(today, facility, _search(card, limit_consent))


def bulk_upload_request(cards: list, today: str | None, facility: str | None, limit_consent: bool) -> bytes:
    """OQSmuquc01: one QualificationConfirmSearchInfo per card, in the staff's order."""
    return _message(today, facility, "".join(_search(c, limit_consent) for c in cards))


def bulk_download_request(reception_number: str, today: str | None, facility: str | None) -> bytes:
    return _message(today, facility, _el("ReceptionNumber", reception_number, "    "))


def consent_import_request(flag: str, day: str, facility: str | None) -> bytes:
    """OQSmuhvq01 (居宅, MedicalTreatmentFlag 2) / OQSmuonq01 (オンライン診療, 3): the consents
    of one day (docs/kyotaku.md#the-same-day-import, docs/online-shinryo.md)."""
    prefix = "Consent" if flag == "2" else "Examination"
    search = (_el(f"{prefix}DateFrom", day) + _el(f"{prefix}DateTo", day)
              + _el("MedicalTreatmentFlag", flag))
    return _message(day, facility,
                    "    <QualificationConfirmSearchInfo>\n" + search + "    </QualificationConfirmSearchInfo>\n")


def _registration(card: dict) -> str:
    """One ReferenceNumberRegistrationInfo: the keyed-in ReferenceNumber and the card's data, the
    empty ones left out."""
    info = _el("ReferenceNumber", card.get("ReferenceNumber", ""))
    info += _el("InsurerNumber", pad_insurer(card.get("InsurerNumber", "")))
    for name in ("InsuredCardSymbol", "InsuredIdentificationNumber", "InsuredBranchNumber"):
        if card.get(name):
            info += _el(name, card[name])
    return "    <ReferenceNumberRegistrationInfo>\n" + info + "    </ReferenceNumberRegistrationInfo>\n"


def reference_number_request(card: dict, today: str | None, facility: str | None) -> bytes:
    """OQSsiimm01 (照会番号 registration) of one card (docs/client-protocol.md#照会番号-registration)."""
    return _message(today, facility, _registration(card))


def bulk_reference_number_request(cards: list, today: str | None, facility: str | None) -> bytes:
    """OQSmuimm01 (bulk 照会番号 registration): one ReferenceNumberRegistrationInfo per card that
    has a number, in the staff's order (docs/client-protocol.md#照会番号-registration)."""
    return _message(today, facility, "".join(_registration(c) for c in cards))


def assistance_import_request(month: str, today: str | None, facility: str | None) -> bytes:
    """OQSmutic01 (the month's 医療扶助 import): MedicalTreatmentMonth (yyyyMM) in a
    QualificationConfirmSearchInfo (docs/client-protocol.md#the-months-医療扶助-import)."""
    return _message(today, facility, "    <QualificationConfirmSearchInfo>\n"
                    + _el("MedicalTreatmentMonth", month) + "    </QualificationConfirmSearchInfo>\n")


def drug_info_request(card: dict, facility: str | None, category: str, prefix: str = "YZKsiquc01") -> bytes:
    """YZKsiquc01 (薬剤情報) or TKKsiquc01 (特定健診情報, `prefix`): the card data in MessageHeader
    under this message's own names, FileCategory 2 (XML) or 1 (PDF) in the body
    (docs/terminal.md#薬剤情報-and-特定健診情報); the prefix only names the file."""
    header = ""
    if facility:
        header += f"    <MedicalInstitutionCode>{facility}</MedicalInstitutionCode>\n"
    header += f"    <ArbitraryFileIdentifier>py-{secrets.token_hex(6)}</ArbitraryFileIdentifier>\n"
    header += _el("InsurerNumber", pad_insurer(card.get("InsurerNumber", "")), "    ")
    for ours, theirs in (("InsuredCardSymbol", "InsuranceCardSymbol"),
                         ("InsuredIdentificationNumber", "InsuredPersonIdentificationNumber"),
                         ("InsuredBranchNumber", "BranchNumber")):
        if card.get(ours):
            header += _el(theirs, card[ours], "    ")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<XmlMsg>\n  <MessageHeader>\n'
           + header + "  </MessageHeader>\n  <MessageBody>\n" + _el("FileCategory", category, "    ")
           + "  </MessageBody>\n</XmlMsg>\n")
    return xml.encode("utf-8")


def find_all(node, name: str) -> list:
    """Every element `name` anywhere in the tree (a repeated one gives each)."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == name:
                found.extend(v if isinstance(v, list) else [v])
            else:
                found.extend(find_all(v, name))
    elif isinstance(node, list):
        for item in node:
            found.extend(find_all(item, name))
    return found


def unit_answer(unit: dict) -> dict:
    """A BulkConfirmUnit as a single check's answer, for the same outcome and field rules
    (either bulk_layout: the record directly in the unit, or in a ResultList)."""
    body = {k: v for k, v in unit.items() if isinstance(v, str)}
    records = find_all(unit, "ResultOfQualificationConfirmation")
    if records:
        rec = dict(records[0])
        if unit.get("ReferenceNumber") and "ReferenceNumber" not in rec:
            rec["ReferenceNumber"] = unit["ReferenceNumber"]
        body["ResultList"] = {"ResultOfQualificationConfirmation": [rec]}
    return {"MessageHeader": {"SegmentOfResult": "1"}, "MessageBody": body}


class Terminal:
    def __init__(self, root: str, log):
        self.root = root
        self.req = os.path.join(root, "req")
        self.res = os.path.join(root, "res")
        self.face = os.path.join(root, "face")
        self.log = log

    def single_check(self, request: bytes, deadline: float, prefix: str = "OQSsiquc01") -> dict:
        return to_tree(self.exchange(request, deadline, prefix)[1])

    def exchange(self, request: bytes, deadline: float, prefix: str, pdf: bool = False) -> tuple[str, bytes]:
        """Write `request` into req, wait for the answer of the mirrored name (req → res) and
        take it: ("xml", bytes), or with `pdf` also ("pdf", bytes) from the `.pdf` name."""
        name = f"{prefix}req_py{time.strftime('%Y%m%d%H%M%S')}{secrets.token_hex(4)}.xml"
        tmp = os.path.join(self.req, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(request)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, os.path.join(self.req, name))  # appears complete (check XML-atomic-write)
        answer = os.path.join(self.res, name.replace("req", "res", 1))
        answers = [("xml", answer)]
        if pdf:
            answers.insert(0, ("pdf", answer[:-len(".xml")] + ".pdf"))
        self.log(f"terminal: wrote req/{name}, waiting for res/{os.path.basename(answer)}")
        while time.monotonic() < deadline:
            for kind, path in answers:
                if os.path.exists(path):
                    raw = self._read_settled(path, deadline, kind == "xml")
                    try:
                        os.remove(path)  # taken: the answer is ours, and read once
                    except OSError:
                        pass
                    return kind, raw
            time.sleep(POLL_SECS)
        raise TerminalError("資格確認端末から応答がありません")

    def face_push(self, deadline: float) -> dict:
        taken = os.path.join(self.face, "taken")
        os.makedirs(taken, exist_ok=True)
        while time.monotonic() < deadline:
            pushes = sorted(n for n in os.listdir(self.face)
                            if n.startswith("OQSsiquc01res_face_") and n.endswith(".xml"))
            for n in pushes:
                dest = os.path.join(taken, n)
                try:
                    os.rename(os.path.join(self.face, n), dest)  # move aside first (XML-face-consume)
                except OSError:
                    continue  # another workstation took it
                self.log(f"terminal: took face/{n}")
                return to_tree(self._read_settled(dest, deadline))
            time.sleep(POLL_SECS)
        raise TerminalError("顔認証付きカードリーダーからの結果が届きません")

    @staticmethod
    def _read_settled(path: str, deadline: float, xml: bool = True) -> bytes:
        """Read until two reads agree and the XML is complete (ReceptionAgent §21's advice)."""
        last = None
        while True:
            with open(path, "rb") as f:
                raw = f.read()
            if raw == last and (raw.rstrip().endswith(b">") or (not xml and raw.rstrip().endswith(b"%%EOF"))):
                return raw
            if time.monotonic() > deadline:
                return raw
            last = raw
            time.sleep(0.05)


def terminal_outcome(tree: dict) -> str:
    """As for the service, but a failed message is never a card problem here: no card was read
    by this client (check XML-status-both)."""
    header = tree.get("MessageHeader") or {}
    if header.get("SegmentOfResult") != "1":
        return "service-error"
    return outcome_of(tree)


__all__ = ["Terminal", "TerminalError", "single_check_request", "bulk_upload_request",
           "consent_import_request", "drug_info_request",
           "reference_number_request", "bulk_reference_number_request", "assistance_import_request", "to_tree",
           "bulk_download_request", "find_all", "unit_answer", "terminal_outcome", "record"]
