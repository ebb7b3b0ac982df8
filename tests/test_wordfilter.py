"""ocr.wordfilter: what Tesseract read that is not text goes, real words stay as read."""

from __future__ import annotations

from ocr.model import Line, PageText, Word
from ocr.wordfilter import filter_words, keep_word, strip_rules

H = 30.0  # typical word height on these pages, pixels


def _word(text: str, conf: float = 95.0, height: float = H, x: float = 0.0, line: int = 0) -> Word:
    return Word(text=text, conf=conf, box=(x, 100.0, x + 10.0 * len(text), 100.0 + height), line=line)


def _page(words: list[Word]) -> PageText:
    body = [
        _word(t, x=100.0 * i, line=1)
        for i, t in enumerate(["Họ,", "chữ", "đệm", "tên:", "NGUYỄN", "VĂN", "NAM", "Ngày", "sinh:", "20/01/2024"])
    ]
    return PageText(
        width=2000,
        height=3000,
        dpi=300,
        source="ocr",
        words=words + body,
        lines=[Line(box=(0, 0, 1, 1), block=1), Line(box=(0, 0, 1, 1), block=1)],
    )


def _texts(page: PageText) -> list[str]:
    return [w.text for w in page.words if w.line == 0]


def test_table_rules_go_and_are_cut_off_words():
    page = filter_words(_page([_word("|", 93.0), _word("|Phạm", 90.0), _word("Vũ|", 88.0), _word("[15/03/1980", 91.0)]))
    assert _texts(page) == ["Phạm", "Vũ", "15/03/1980"]


def test_diacritics_read_as_a_line_of_their_own_go():
    # "CỘNG HÒA XÃ" in bold capitals: Tesseract found the marks above as a 4-px line "R v xã R"
    tiny = [_word(t, c, height=4.0) for t, c in [("R", 28.5), ("v", 0.0), ("xã", 25.2), ("R", 48.7)]]
    assert _texts(filter_words(_page(tiny))) == []


def test_specks_read_with_little_confidence_go_but_confident_short_words_stay():
    words = [
        _word("À", 12.0),
        _word("h", 31.0),
        _word("N", 38.0),
        _word("1.", 96.0),
        _word("Bà", 91.0),
        _word("7", 88.0),
        _word("m²", 90.0),
    ]
    assert _texts(filter_words(_page(words))) == ["1.", "Bà", "7", "m²"]


def test_a_long_word_read_badly_is_kept_only_above_the_floor():
    words = [_word("Nguyễn", 35.0), _word("TRƯỞNG", 5.0)]
    assert _texts(filter_words(_page(words))) == ["Nguyễn"]


def test_a_whole_vietnamese_word_read_with_little_confidence_stays():
    # a family name in capitals with stacked marks (NGUYỄN) reads at ~20; a signature loop
    # or a seal ring read as letters seldom spells a Vietnamese syllable
    words = [
        _word("NGUYÊN", 19.9, height=2 * H),
        _word("lrạng", 15.0),
        _word("Itìa", 19.0),
        _word("TRƯỞNG", 12.0),
        _word("Khau", 14.0, height=0.3 * H),
        _word("ĐKKCB", 15.0),
    ]
    assert _texts(filter_words(_page(words))) == ["NGUYÊN", "TRƯỞNG"]


def test_symbol_only_tokens_go_punctuation_and_plus_stay():
    words = [_word("`", 96.0), _word("¬", 78.0), _word("⁄", 92.0), _word("-", 90.0), _word("+", 90.0), _word("(", 90.0)]
    assert _texts(filter_words(_page(words))) == ["-", "+", "("]


def test_dashes_and_commas_stay_though_they_are_small():
    words = [_word("Rịa", 93.0), _word("-", 91.0, height=4.0), _word("Vũng", 93.0), _word(",", 80.0, height=6.0)]
    assert _texts(filter_words(_page(words))) == ["Rịa", "-", "Vũng", ","]


def test_values_are_never_edited_beyond_their_rule_edges():
    assert strip_rules("|Phạm") == "Phạm"
    assert strip_rules("000.22.31.H02-200605-0115") == "000.22.31.H02-200605-0115"
    assert strip_rules("|") == "|"  # nothing left: the word itself decides (it is junk)
    assert strip_rules("29⁄12⁄2006") == "29/12/2006"  # fraction slash look-alike


def test_text_layer_words_are_kept_as_the_file_says():
    pdf_word = Word(text="|", conf=-1.0, box=(0, 0, 1, 1), line=0)
    assert keep_word(pdf_word, H)


def test_lines_stay_addressable_after_filtering():
    page = filter_words(_page([_word("|", 93.0)]))
    assert len(page.lines) == 2
    assert all(0 <= w.line < len(page.lines) for w in page.words)
    assert "NGUYỄN VĂN NAM" in page.text


def test_a_number_read_with_next_to_no_confidence_at_the_words_height_stays():
    # a certificate's serial "CV 932238" in large bold print: its figures read right at 2
    words = [_word("CV", 94.0), _word("932238", 2.0, height=1.2 * H), _word("17", 3.0), _word("1111", 4.0, height=4.0)]
    assert _texts(filter_words(_page(words))) == ["CV", "932238"]


def test_a_line_of_an_id_cards_zone_read_with_no_confidence_stays():
    # a fax's MRZ lines at 15 and 7: their check digits, not Tesseract, vouch for them
    words = [_word("IDVNHB314207352879g51428735<<4", 15.0), _word("8189286H4109288VNM«<x<<<<<=sec6", 7.0)]
    words.append(_word("~~<<~~", 5.0))  # a scrawl with two of the zone's signs is none
    assert _texts(filter_words(_page(words))) == ["IDVNHB314207352879g51428735<<4", "8189286H4109288VNM«<x<<<<<=sec6"]
