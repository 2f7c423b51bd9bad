"""Plain text out of Editor.js rich text (Saleor's description format).

Products keep `description_plaintext` beside the JSON (product.actions derives it
on every save); translations only have the JSON, so search reads it from there.
"""

import html
import re

_TAG = re.compile(r"<[^>]*>")


def editorjs_plaintext(rich_text) -> str:
    """Every piece of visible text in the blocks, tags removed, one block a line."""
    if not isinstance(rich_text, dict):
        return ""
    lines = []
    for block in rich_text.get("blocks") or []:
        if isinstance(block, dict):
            lines.extend(_texts(block.get("data")))
    return "\n".join(line for line in lines if line)


def _texts(data) -> list[str]:
    """Text of a block's data, wherever the block type keeps it (text, list items,
    nested list items, table cells, captions)."""
    if isinstance(data, str):
        return [html.unescape(_TAG.sub(" ", data)).strip()]
    if isinstance(data, list):
        return [text for item in data for text in _texts(item)]
    if isinstance(data, dict):
        keys = ("text", "caption", "content", "items", "title", "message")
        return [text for key in keys if key in data for text in _texts(data[key])]
    return []
