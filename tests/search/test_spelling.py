"""Typo correction against the catalogue's vocabulary: one slip per word (two in
long words), never for codes or very short words."""

import pytest

from commerce.product import actions
from commerce.search.indexing import prune_vocabulary
from commerce.search.models import SearchWord
from commerce.search.spelling import corrections, edit_distance, is_vocabulary_word, one_slip_spellings


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("trang", "trang", 0),
        ("trnag", "trang", 1),  # swapped neighbours
        ("hoo", "ho", 1),  # extra letter
        ("phuk", "phuc", 1),  # wrong letter
        ("tran", "trang", 1),  # missing letter
        ("gom", "xyz", 3),  # beyond the limit: limit + 1
        ("abcdefgh", "abcdefghij", 2),
    ],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b, limit=2) == distance


def test_one_slip_spellings():
    spellings = one_slip_spellings("trnag")
    assert {"trang", "trag", "trnagx", "tnrag", "trnah"} <= spellings
    assert "trnag" not in spellings and "tnarg" not in spellings
    # 5 deletions + 4 swaps + 5·26 replacements + 6·26 insertions, less duplicates
    assert len(spellings) < 5 + 4 + 130 + 156


def test_codes_and_numbers_are_not_vocabulary():
    assert is_vocabulary_word("trang")
    assert not is_vocabulary_word("bt001")
    assert not is_vocabulary_word("300")
    assert not is_vocabulary_word("x")


@pytest.mark.django_db
def test_indexing_fills_the_vocabulary(make_product, reindex):
    make_product("Bình gốm Bát Tràng", sku="BT-001")
    reindex()
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"binh", "gom", "bat", "trang", "bt"} <= words
    assert "001" not in words and "bt001" not in words


@pytest.mark.django_db
def test_corrections_come_from_the_vocabulary(make_product, reindex):
    make_product("Tranh Đông Hồ", description="Hoa sen, hộp quà.")
    make_product("Bình gốm Bát Tràng")
    reindex()
    found = corrections(["gom", "bat", "trnag", "hoo", "xyzzy", "ab"])
    assert found["trnag"] == ["trang"]
    assert found["hoo"][0] == "ho"  # closest by trigrams among one-slip words
    assert set(found["hoo"]) <= {"ho", "hoa", "hop"}
    assert "gom" not in found and "bat" not in found  # known words stay
    assert "xyzzy" not in found  # nothing near
    assert "ab" not in found  # too short to guess


@pytest.mark.django_db
def test_long_words_may_carry_two_slips(make_product, reindex):
    make_product("Trà thảo mộc", english="Chrysanthemum herbal tea")
    reindex()
    assert corrections(["chrysantemun"]) == {"chrysantemun": ["chrysanthemum"]}


@pytest.mark.django_db
def test_pruning_forgets_words_no_product_uses(make_product, reindex):
    vase = make_product("Bình gốm men rạn")
    reindex()
    vase.name = "Bình gốm men lam"
    actions.save_product(vase)
    reindex()
    assert SearchWord.objects.filter(word="ran").exists()
    assert prune_vocabulary() >= 1
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert "ran" not in words and {"binh", "gom", "men", "lam"} <= words
