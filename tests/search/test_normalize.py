"""Documents and queries are folded by one function: lowercase, no diacritics, đ→d,
punctuation only separates words."""

import pytest
from django.db import connection

from commerce.search.normalize import normalize_search_text, search_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gốm Bát Tràng", "gom bat trang"),
        ("ĐÔNG HỒ", "dong ho"),
        ("đồ đồng Đại Bái", "do dong dai bai"),
        ("Nguyễn Thị Ỷ Lan", "nguyen thi y lan"),
        ("Phở ƯỚP ơ", "pho uop o"),
        ("BT-001/A", "bt 001 a"),
        ("“Đám cưới chuột” – tranh", "dam cuoi chuot tranh"),
        ("Straße Øresund Łódź", "strasse oresund lodz"),
        ("   ", ""),
        (None, ""),
    ],
)
def test_text_is_folded_to_plain_lowercase_words(text, expected):
    assert normalize_search_text(text) == expected


def test_query_syntax_characters_only_separate_words():
    assert search_words("gốm' & bát | !tràng :* \\ (x) <-> y_z") == ["gom", "bat", "trang", "x", "y", "z"]


def test_precomposed_and_combining_forms_fold_alike():
    precomposed = "Gốm"
    combining = "Go\u0302\u0301m"  # o + circumflex + acute, as some keyboards send it
    assert normalize_search_text(precomposed) == normalize_search_text(combining) == "gom"


@pytest.mark.django_db
def test_postgresql_keeps_our_words_as_they_are():
    """The `simple` configuration must neither split nor change a normalised word,
    or the index and the query would disagree."""
    text = normalize_search_text("Bình gốm men lam BT-001 8931234567890 Đông Hồ 中文")
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(lexeme ORDER BY lexeme) FROM unnest(to_tsvector('simple', %s))", [text])
        (lexemes,) = cursor.fetchone()
    assert lexemes == sorted(set(text.split()))
