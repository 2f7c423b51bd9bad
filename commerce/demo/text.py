"""Rich text the way Saleor stores it (Editor.js blocks), and slugs.

The timestamp is fixed so that the same text always makes the same JSON: the
loader compares before saving, and a clock in the data would make every run a change.
"""

from django.utils.text import slugify
from unidecode import unidecode

from commerce.core.richtext import editorjs_plaintext as plaintext  # noqa: F401 (the demo's name for it)

EDITORJS_VERSION = "2.24.3"
EDITORJS_TIME = 1735689600000  # 2025-01-01T00:00:00Z, fixed on purpose


def editorjs(*paragraphs: str) -> dict:
    blocks = [{"id": f"p{i}", "type": "paragraph", "data": {"text": text}} for i, text in enumerate(paragraphs) if text]
    return {"time": EDITORJS_TIME, "blocks": blocks, "version": EDITORJS_VERSION}


def ascii_slug(text: str) -> str:
    """'Gốm Bát Tràng' -> 'gom-bat-trang': ASCII slugs read the same in every URL bar."""
    return slugify(unidecode(text.replace("đ", "d").replace("Đ", "D")))


def initials(text: str, limit: int = 2) -> str:
    words = [w for w in unidecode(text).split() if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words[:limit]) or "O"
