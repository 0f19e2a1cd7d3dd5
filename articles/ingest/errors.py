"""The one error type the pipeline raises for input it cannot take."""


class IngestError(ValueError):
    """Input the pipeline refuses, with a machine-readable `code` and a message for people.

    Codes: empty, too_large, binary, undecodable, no_body, invalid.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
