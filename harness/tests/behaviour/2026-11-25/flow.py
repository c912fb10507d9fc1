"""How a flow ends, shared by every module of the client."""


class Cancelled(Exception):
    """The operator pressed cancel at an ask."""


class HarnessEnded(Exception):
    """The harness sent `error` or closed stdin: exit without a result."""


class Finish(Exception):
    """The flow is over: the result line to send."""

    def __init__(self, outcome: str, fields: dict | None = None, text: str | None = None):
        super().__init__(outcome)
        self.outcome, self.fields, self.text = outcome, fields, text
