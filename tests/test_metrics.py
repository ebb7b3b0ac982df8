import unicodedata

import pytest

from bench.metrics import Score, char_errors, score_page, total, word_counts, words


def test_words_strip_edge_punctuation_and_keep_inner_marks():
    assert words("Ngày: 05/06/2020, số 000.22.31.H02. (Hòa)") == ["Ngày", "05/06/2020", "số", "000.22.31.H02", "Hòa"]
    assert words(" — … ") == []


def test_words_are_nfc_and_diacritic_sensitive():
    decomposed = unicodedata.normalize("NFD", "Hòa Bình")
    assert words(decomposed) == ["Hòa", "Bình"]
    assert word_counts("Hoa Binh", "Hòa Bình") == (0, 2, 2)
    assert word_counts("Hòa Bình", decomposed) == (2, 2, 2)


def test_case_sensitivity_is_optional():
    assert word_counts("CỘNG HÒA", "Cộng Hòa") == (0, 2, 2)
    assert word_counts("CỘNG HÒA", "Cộng Hòa", ignore_case=True) == (2, 2, 2)


def test_bag_of_words_is_a_multiset_match():
    # a repeated word counts only as often as the truth has it; order does not matter
    assert word_counts("xã xã xã phường", "phường xã xã") == (3, 4, 3)
    s = score_page("xã xã xã phường", "phường xã xã")
    assert s.precision == pytest.approx(0.75)
    assert s.recall == 1.0
    assert s.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_cer_normalises_whitespace():
    assert char_errors("Cộng  hòa\n xã\thội", "Cộng hòa xã hội") == (0, 15)
    assert char_errors("Cong hoa", "Cộng hòa") == (2, 8)
    assert score_page("", "abc").cer == 1.0


def test_scores_add_up_micro_averaged():
    a = score_page("một hai", "một hai")
    b = score_page("ba", "ba bốn")
    t = total([a, b])
    assert (t.matched, t.ocr_words, t.truth_words, t.pages) == (3, 3, 4, 2)
    assert t.precision == 1.0 and t.recall == 0.75
    assert Score().f1 == pytest.approx(1.0)  # nothing to read, nothing read
