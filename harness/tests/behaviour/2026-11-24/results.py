"""From the service's OQS-shaped answer to the screen: the outcome and the fields shown.

The rules are docs/client-protocol.md#outcomes, docs/service.md#result-codes and the table
"From the answer to the screen" of docs/reference-client.md.
"""

GAIJI = "\u25cf"  # ●: a character OQS could not carry (docs/service.md#result-shape)

CERTIFICATE_CODES = {"MOCK-E111", "MOCK-E112", "MOCK-E113", "MOCK-E114", "MOCK-E115", "MOCK-E121"}

ELIGIBLE_FIELDS = [
    "QualificationValidity", "InsuredCardClassification", "InsurerNumber", "InsurerName",
    "InsuredCardSymbol", "InsuredIdentificationNumber", "InsuredBranchNumber",
    "PersonalFamilyClassification", "Name", "NameKana", "Sex1", "Birthdate", "Address",
    "QualificationDate", "InsuredPartialContributionRatio",
    "ElderlyRecipientCertificateDate", "ElderlyRecipientValidStartDate",
    "ElderlyRecipientValidEndDate", "ElderlyRecipientContributionRatio",
    "LimitApplicationCertificateRelatedConsFlg", "LimitApplicationCertificateRelatedConsTime",
    "LimitApplicationCertificateClassification", "LimitApplicationCertificateClassificationFlag",
    "LimitApplicationCertificateDate", "LimitApplicationCertificateValidStartDate",
    "LimitApplicationCertificateValidEndDate", "LimitApplicationCertificateLongTermDate",
    "SpecificDiseasesDiseaseCategory", "SpecificDiseasesCertificateDate",
    "SpecificDiseasesValidStartDate", "SpecificDiseasesValidEndDate", "SpecificDiseasesSelfPay",
    "ReferenceNumber",
]
# Screen E-05-A (医療扶助), with the 裏面記載情報 when the answer carries them.
MEDICAL_ASSISTANCE_FIELDS = [
    "QualificationValidity", "InsuredCardClassification", "InsurerNumber", "InsurerName",
    "InsuredIdentificationNumber", "Name", "NameKana", "Birthdate", "Sex1",
    "NameOfOther", "NameOfOtherKana", "Sex2",
]
INELIGIBLE_FIELDS = ["QualificationValidity", "DisqualificationDate", "ReasonOfLoss"]


def _flatten(node, out: dict):
    """Leaf strings of the result record by element name; of a repeated block, the first."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str):
                out.setdefault(k, v)
            else:
                _flatten(v, out)
    elif isinstance(node, list) and node:
        _flatten(node[0], out)


def record(answer: dict) -> dict:
    body = answer.get("MessageBody") or {}
    results = (body.get("ResultList") or {}).get("ResultOfQualificationConfirmation")
    if isinstance(results, dict):
        results = [results]
    flat: dict = {}
    if results:
        _flatten(results[0], flat)
    return flat


def outcome_of(answer: dict) -> str:
    header = answer.get("MessageHeader") or {}
    body = answer.get("MessageBody") or {}
    if header.get("SegmentOfResult") != "1":
        return "card-error" if header.get("ErrorCode") in CERTIFICATE_CODES else "service-error"
    if body.get("ProcessingResultStatus") == "2":
        return "not-registered" if body.get("ProcessingResultCode") == "MOCK-E201" else "ineligible"
    validity = body.get("QualificationValidity")
    rec = record(answer)
    if validity in ("1", "6") and rec.get("InsuredCardClassification") == "A1":
        return "medical-assistance"
    if validity == "1":
        return "eligible"
    if validity in ("2", "3", "4", "5"):
        return "ineligible"
    return "service-error"  # never guess "valid"


LIMIT_PREFIX = "LimitApplicationCertificate"
LIMIT_DATA = [n for n in ELIGIBLE_FIELDS if n.startswith(LIMIT_PREFIX) and n != "LimitApplicationCertificateRelatedConsFlg"]


def screen_fields(answer: dict, outcome: str, limit_consent: bool | None = None) -> dict:
    """The fields the screen shows. `limit_consent` is the patient's answer to the 限度額
    consent, or None when it was not asked (rules of 2025-05-21: shown as released)."""
    header = answer.get("MessageHeader") or {}
    body = answer.get("MessageBody") or {}
    rec = record(answer)
    if body.get("QualificationValidity"):
        rec.setdefault("QualificationValidity", body["QualificationValidity"])
    if outcome == "eligible":
        names = ELIGIBLE_FIELDS
    elif outcome == "medical-assistance":
        names = MEDICAL_ASSISTANCE_FIELDS
    elif outcome == "ineligible" and rec.get("InsuredCardClassification") == "A1":
        # a lost 医療扶助 record: screen E-05-A still shows who and which 福祉事務所
        # (docs/registration-branches.md)
        names = MEDICAL_ASSISTANCE_FIELDS + INELIGIBLE_FIELDS
    elif outcome == "ineligible":
        names = INELIGIBLE_FIELDS
    elif outcome == "not-registered":
        names = []
    else:
        names = []
    if outcome in ("eligible", "medical-assistance") and body.get("PrescriptionIssueSelect"):
        rec.setdefault("PrescriptionIssueSelect", body["PrescriptionIssueSelect"])
        names = names + ["PrescriptionIssueSelect"]
    if limit_consent is False:
        names = [n for n in names if n not in LIMIT_DATA]
    fields = {n: rec[n] for n in names if rec.get(n)}
    if outcome in ("ineligible", "not-registered") and body.get("ProcessingResultCode"):
        fields["ProcessingResultCode"] = body["ProcessingResultCode"]
    if outcome in ("eligible", "medical-assistance") and body.get("ProcessingResultCode"):
        # a warning on a normal result (MOCK-W401/W402): shown with its message in the text
        fields["ProcessingResultCode"] = body["ProcessingResultCode"]
    if outcome in ("card-error", "service-error") and header.get("ErrorCode"):
        fields["ErrorCode"] = header["ErrorCode"]
    return fields
