"""The care settings beyond the counter (docs/care-settings.md), told by MYNAKIT_CARE_SETTING:
特定健診 (`kenshin`) and 健診 buses (`bus-kenshin`) with 資格確認限定型, 災害時 (`disaster`),
居宅同意取得型 (`kyotaku`) and オンライン診療等 (`online-shinryo`).
"""

import base64

from flow import Cancelled, Finish
from jpki import CardError
from results import outcome_of, screen_fields
from service import ServiceError

MEDICAL_INFORMATION = ("DrugInformation", "SpecificHealthCheckupsInformation")
# 資格確認限定型: eligibility only, never a disease or an income bracket (SVC-kenshin-eligibility-only)
NOT_AT_KENSHIN = ("SpecificDiseases", "LimitApplicationCertificate")


def _problem(e: ServiceError) -> str:
    return ((getattr(e, "problem", {}) or {}).get("type") or "").rsplit(":", 1)[-1]


class Care:
    def __init__(self, app, setting: str):
        self.app = app
        self.p = app.p
        self.setting = setting

    def fallback(self, offered: list[str], text: str):
        self.p.send({"type": "fallback", "offered": offered, "text": text})

    def run(self):
        try:
            if self.setting in ("kenshin", "bus-kenshin"):
                return self.kenshin()
            if self.setting == "disaster":
                return self.disaster()
            if self.setting == "kyotaku":
                return self.kyotaku()
            if self.setting == "online-shinryo":
                return self.online_visit()
        except Cancelled:
            raise
        raise Finish("service-error", text=f"未対応の利用形態です: {self.setting}")

    # -- 特定健診 and バス健診 ---------------------------------------------------------------------

    def kenshin(self):
        app = self.app
        app.purpose = "kenshin"
        app.mode = self.p.ask("mode", offered=["pin", "visual"])["mode"]
        try:
            app.read_card()
            answer = app.confirmation()
        except Finish as f:
            # any outcome but eligible and cancelled: tell the staff what to do instead
            if f.outcome != "cancelled":
                self.kenshin_fallback(f.outcome == "service-error")
            raise
        except CardError:
            self.kenshin_fallback(False)
            raise
        outcome = outcome_of(answer)
        fields = {k: v for k, v in screen_fields(answer, outcome).items() if not k.startswith(NOT_AT_KENSHIN)}
        if outcome != "eligible":
            self.kenshin_fallback(outcome == "service-error")
            return outcome, fields, None
        app.release_card()
        # The 受診券: is the person insured by the insurer it names?
        ticket = self.p.ask("insurance-card")["card"]
        same = all((ticket.get(k) or "").strip() == (fields.get(k) or "").strip()
                   for k in ("InsurerNumber", "InsuredCardSymbol", "InsuredIdentificationNumber")
                   if ticket.get(k) is not None)
        if not same:
            self.kenshin_fallback(False)
            return "ineligible", fields, "受診券の保険者と資格情報が一致しません"
        return "eligible", fields, "受診券の保険者の加入者であることを確認しました"

    def kenshin_fallback(self, later: bool):
        offered = ["qualification-certificate", "checkup-ticket", "myna-portal"]
        if later:
            offered.append("later-card-check")
        self.fallback(offered, "オンラインで資格を確認できませんでした。資格確認書、またはマイナポータルの資格情報画面と受診券で確認してください")

    # -- 災害時 --------------------------------------------------------------------------------

    def disaster(self):
        app = self.app
        code = app.facility or ""
        try:
            _, d = app.with_retries(lambda: app.service.request(
                "GET", f"/v1/disaster-designation?medical_institution_code={code}", timeout=app.left()))
        except Finish:
            self.fallback(["qualification-certificate", "later-card-check"], "災害時の閲覧ができません。資格確認書で確認してください")
            raise
        if not d.get("designated"):
            self.fallback(["qualification-certificate", "later-card-check"],
                          "災害時の特別措置の対象外です。資格確認書で確認するか、後ほどカードで確認してください")
            raise Finish("service-error", text="災害時の特別措置の対象ではありません")
        if d.get("lookup") == "name-birth-date":
            # the protocol has no ask for a name: we cannot look the patient up (docs/disaster.md#lookup)
            self.fallback(["qualification-certificate", "later-card-check"],
                          "災害時の閲覧は氏名・生年月日での検索のみです。資格確認書で確認するか、後ほどカードで確認してください")
            raise Finish("service-error", text="氏名・生年月日での検索には対応していません")
        if not self.p.ask("consent", topic="medical-information").get("granted"):
            raise Finish("cancelled", text="同意が得られなかったため閲覧しません")
        card = self.p.ask("insurance-card")["card"]
        try:
            _, view = app.with_retries(lambda: app.service.request("POST", "/v1/disaster-views", {
                "medical_institution_code": code, "insurance_card": card, "consent": True}, timeout=app.left()))
        except Finish:
            self.fallback(["qualification-certificate", "later-card-check"], "閲覧できませんでした。資格確認書で確認してください")
            raise
        return self.with_medical_information(view)

    def with_medical_information(self, answer: dict):
        qualification = answer.get("qualification") or {}
        outcome = outcome_of(qualification)
        fields = screen_fields(qualification, outcome)
        for k, v in (answer.get("medical_information") or {}).items():
            if k in MEDICAL_INFORMATION and v:
                fields[k] = v
        return outcome, fields, None

    # -- 居宅同意取得型 and オンライン診療等 --------------------------------------------------------

    def register_consent(self, kind: str) -> dict:
        """Card, PIN, the patient's consents, then POST /v1/care-consents with a fresh proof."""
        app = self.app
        app.mode = self.p.ask("mode", offered=["pin"])["mode"]
        app.read_card()
        if not self.p.ask("consent", topic="qualification-check").get("granted"):
            raise Finish("cancelled", text="資格確認への同意が得られませんでした")
        medical = bool(self.p.ask("consent", topic="medical-information").get("granted"))
        def attempt():
            body = {"kind": kind, "mode": "pin", "certificate": base64.b64encode(app.certificate).decode(),
                    "medical_institution_code": app.facility, "consent": True, "medical_information": medical}
            body.update(app.proof())
            return app.service.request("POST", "/v1/care-consents", body, timeout=app.left())[1]

        answer = app.with_retries(attempt)
        app.release_card()
        return answer

    def care_check(self, body: dict) -> dict:
        app = self.app
        try:
            return app.with_retries(lambda: app.service.request("POST", "/v1/care-checks", body, timeout=app.left())[1])
        except Finish as f:
            self.fallback(["later-card-check", "qualification-certificate"],
                          "同意の範囲で資格を確認できませんでした。次回カードで確認するか、資格確認書で確認してください")
            raise Finish("service-error", text=f.text) from None

    def kyotaku(self):
        app = self.app
        if self.p.ask("confirm", topic="first-visit", text="初回の訪問ですか？").get("yes"):
            answer = self.register_consent("home-visit")
            if not answer.get("consent_id"):
                q = answer.get("qualification") or {}
                return outcome_of(q), screen_fields(q, outcome_of(q)), "同意を登録できませんでした"
            outcome, fields, _ = self.with_medical_information(answer)
            return outcome, fields, "同意を登録しました"
        card = self.p.ask("insurance-card")["card"]
        answer = self.care_check({"kind": "home-visit", "medical_institution_code": app.facility,
                                  "insurance_card": card})
        outcome, fields, text = self.with_medical_information(answer)
        if outcome == "eligible" and self.p.ask(
                "confirm", topic="withdraw-consent", text="患者さんが同意の取り消しを希望していますか？").get("yes"):
            text = self.withdraw(answer.get("consent_id"))
        return outcome, fields, text

    def withdraw(self, consent_id: str | None) -> str:
        """POST /v1/care-consents/{id}/withdraw: the result stays the visit's; a withdrawal the
        service did not take is service-error, so the staff never believe it done
        (docs/kyotaku.md#the-app-at-the-visit)."""
        app = self.app
        if not consent_id:
            raise Finish("service-error", text="同意IDが返されなかったため、同意を取り消せませんでした")
        try:
            app.with_retries(lambda: app.service.request(
                "POST", f"/v1/care-consents/{consent_id}/withdraw",
                {"medical_institution_code": app.facility}, timeout=app.left()))
        except Finish as f:
            raise Finish("service-error", text=f"同意を取り消せませんでした（{f.text}）") from None
        return "同意を取り消しました。次回の訪問からは、カードと暗証番号で改めて同意が必要です"

    def online_visit(self):
        app = self.app
        answer = self.register_consent("online-visit")
        consent_id = answer.get("consent_id")
        if not consent_id:
            q = answer.get("qualification") or {}
            return outcome_of(q), screen_fields(q, outcome_of(q)), "同意を登録できませんでした"
        checked = self.care_check({"kind": "online-visit", "medical_institution_code": app.facility,
                                   "consent_id": consent_id})
        return self.with_medical_information(checked)
