"""Click-and-collect pickup codes: what the customer shows at the centre's counter.

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S,
2/Z, 8/B), drawn with `secrets`, so a code is read aloud or typed from a
phone screen without mistakes and cannot be guessed (25^8 ≈ 1.5e11). Staff
may type it with spaces, dashes or in lower case.
"""

import base64
import secrets

import segno

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8


def new_pickup_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_matches(order, code: str) -> bool:
    """Constant-time comparison, so timing does not leak how much of a code was right."""
    if not order.pickup_code:
        return False
    return secrets.compare_digest(normalize_code(code).encode(), order.pickup_code.encode())


def pickup_qr_data_uri(code: str) -> str:
    """The code as a QR image (SVG data URI) for the counter's scanner."""
    svg = segno.make(code, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
