"""The error codes of a failed record (record.md) and the exception that carries one."""

NOT_FOUND = "not_found"
EMPTY_FILE = "empty_file"
UNSUPPORTED_FORMAT = "unsupported_format"
UNREADABLE_INPUT = "unreadable_input"
ENCRYPTED_PDF = "encrypted_pdf"
TOO_LARGE = "too_large"
OCR_FAILED = "ocr_failed"
SIGNING_FAILED = "signing_failed"  # the signature or its time-stamp could not be made; retryable
INTERNAL_ERROR = "internal_error"

CODES = (
    NOT_FOUND,
    EMPTY_FILE,
    UNSUPPORTED_FORMAT,
    UNREADABLE_INPUT,
    ENCRYPTED_PDF,
    TOO_LARGE,
    OCR_FAILED,
    SIGNING_FAILED,
    INTERNAL_ERROR,
)


class DigitizeError(Exception):
    """An input that cannot be processed; `message` is for people, `code` for machines."""

    def __init__(self, code: str, message: str):
        assert code in CODES, code
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self):  # crosses process boundaries from the page workers
        return (DigitizeError, (self.code, self.message))

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}
