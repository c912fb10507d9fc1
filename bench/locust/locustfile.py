"""Load on an eligibility server with virtual My Number cards that really sign.

Each Locust user is one card holder at a reception desk doing PIN-mode (暗証番号) confirmations in
a loop: it asks the target server for a challenge, has its card sign the challenge through
`mynakit cards serve` (the card's 80 2A 00 97 over DigestInfo(SHA-256(challenge)), RSA-2048,
O=JPKI-TEST), and sends certificate, signature and challenge id back as a confirmation. Only a
200 answer that carries a qualification (ProcessingResultStatus 1) is a success.

    mynakit cards serve --count 1000 --service-data cards.yaml &
    mynakit service --plain-http --allow-unsigned --data cards.yaml &     # or your own server
    MYNAKIT_CARDS=http://127.0.0.1:7360 locust -f bench/locust/locustfile.py \\
        --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8443

The target must trust the JPKI-TEST 利用者証明用 CA (fixtures/pki/ca/auth-ca.der) and know the
cards' serials, or it refuses every confirmation; the request and answer shapes are those of
mynakit's service (docs/service.md) — adapt `confirm` to your server's own API.

Distributed mode (docs/performance.md, "Virtual cards for load tests"): run `mynakit cards serve`
with the same --count on every worker machine (the cards are deterministic, so every machine
holds the same set), start `locust --master` and `locust --worker --master-host HOST` with
MYNAKIT_WORKERS set to the number of workers; worker w's users take cards w, w + W, w + 2W, …,
so no two workers use the same card.
"""

import itertools
import os

from locust import HttpUser, constant, task
from locust.clients import HttpSession

CARDS_URL = os.environ.get("MYNAKIT_CARDS", "http://127.0.0.1:7360")
# The token `mynakit cards serve` prints when it listens beyond loopback (docs/security.md).
CARDS_TOKEN = os.environ.get("MYNAKIT_CARDS_TOKEN", "")
WORKERS = max(int(os.environ.get("MYNAKIT_WORKERS", "1")), 1)

# The users this process started, in order: the local part of each user's card index.
_started = itertools.count()


class PinConfirmation(HttpUser):
    """One card holder confirming with the PIN, again and again."""

    wait_time = constant(0)

    def on_start(self):
        self.cards = HttpSession(
            base_url=CARDS_URL,
            request_event=self.environment.events.request,
            user=self,
        )
        if CARDS_TOKEN:
            self.cards.headers["Authorization"] = f"Bearer {CARDS_TOKEN}"
        count = self.cards.get("/cards", name="cards: list").json()["count"]
        worker = getattr(self.environment.runner, "worker_index", 0) or 0
        self.card = (worker + WORKERS * next(_started)) % count
        card = self.cards.get(f"/cards/{self.card}", name="cards: certificate").json()
        self.certificate = card["certificate"]

    @task
    def confirm(self):
        with self.client.post(
            "/v1/challenges", name="target: challenge", catch_response=True
        ) as answer:
            if answer.status_code != 201:
                answer.failure(f"status {answer.status_code}: {answer.text[:200]}")
                return
            challenge = answer.json()
        signed = self.cards.post(
            f"/cards/{self.card}/sign",
            json={"challenge": challenge["challenge"]},
            name="cards: sign",
        )
        if signed.status_code != 200:
            return
        proof = {
            "mode": "pin",
            "certificate": self.certificate,
            "signature": signed.json()["signature"],
            "challenge_id": challenge["challenge_id"],
        }
        with self.client.post(
            "/v1/confirmations", json=proof, name="target: confirmation", catch_response=True
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}: {answer.text[:200]}")
                return
            message = answer.json()
            body = message.get("MessageBody") or {}
            if body.get("ProcessingResultStatus") != "1" or not body.get("ResultList"):
                header = message.get("MessageHeader") or {}
                answer.failure(
                    f"card {self.card}: no qualification: {header.get('ErrorCode')} "
                    f"{body.get('ProcessingResultCode')} {body.get('ProcessingResultMessage')}"
                )
