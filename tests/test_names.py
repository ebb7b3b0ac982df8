"""Name syllables: marks OCR misread put back only where the letters leave no doubt."""

from digitize.understand.catalogue import load_catalogue
from digitize.understand.extract import extract
from digitize.understand.names import guessed, name_word, name_word_guess, syllable_key
from tests.pagetext import page_from_text

CAT = load_catalogue(home="/nonexistent")


def test_a_word_that_is_no_name_syllable_takes_the_one_its_letters_spell():
    assert name_word("BÁO", first=False) == "Bảo"
    assert name_word("LOẠN", first=False) == "Loan"
    assert name_word("Chỉ", first=False) is None  # Chi or Chí: left as read
    assert name_word("NHŨNG", first=False) == "Nhung"
    assert name_word("NGUYÊN", first=True) == "Nguyễn"  # a family name first...
    assert name_word("NGUYÊN", first=False) is None  # ...a given name after it
    assert name_word("THỦ", first=False) == "Thu"  # Thu or Thư: the vowel as read decides


def test_names_and_doubtful_words_are_kept_as_read():
    assert name_word("MỸ", first=False) is None and name_word("My", first=False) is None
    assert name_word("THUY", first=False) is None  # Thủy, Thùy, Thúy or Thụy
    assert name_word("Hoà", first=False) is None  # new tone placement of Hòa: a name
    assert name_word("Xyz", first=False) is None  # no name syllable has these letters
    assert name_word("NHẬTTRÍ", first=False) is None
    assert syllable_key("Hoà") == syllable_key("hòa") != syllable_key("hoa")


def test_a_mark_no_vietnamese_letter_has_marks_the_vowel_ocr_misread():
    # a fax's specks read as a diaeresis: HUYŸN is no word; one name fits its other letters
    assert name_word("HUYŸN", first=False) == "Huyền"
    assert name_word("Xÿz", first=False) is None


def test_a_speck_read_as_a_tone_on_a_name_is_guessed_away_for_review():
    # CHỈ is no name; Chi or Chí fit its letters: the bare one (a speck adds a mark more often
    # than OCR trades one for another) — a guess, so the name goes to review
    assert name_word("CHỈ", first=False) is None and name_word_guess("CHỈ", first=False) == "Chi"
    assert name_word_guess("TRÌNH", first=False) == "Trinh"  # Trinh or Trịnh
    assert name_word_guess("ĐAO", first=False) is None  # Đào or Đạo: both marked, kept
    assert name_word_guess("LÝ", first=False) is None  # a name syllable (family name Lý): kept
    assert name_word_guess("BÁO", first=False) is None  # name_word settles it: no guess
    assert guessed("NGUYỄN THANH CHỈ") and not guessed("NGUYỄN THANH CHI")
    result = extract([page_from_text("Họ và tên: NGUYỄN THANH CHỈ\nGiới tính: Nữ")], "application_form", CAT)
    assert result.fields["full_name"]["value"] == "NGUYỄN THANH CHI"
    assert "low_confidence:full_name" in result.review_reasons


def test_a_name_word_whose_d_ocr_read_barred_keeps_the_tone_it_was_read_with():
    # "Đũng" is no name; Dung and Dũng are. OCR added the bar (no vowel's shape) and read the
    # tone as well as the rest: Dũng. Read with no tone, Dung.
    assert name_word("Đũng", first=False) == "Dũng"
    assert name_word("Đung", first=False) == "Dung"
    assert name_word("ĐŨNG", first=False) == "Dũng"
    # a vowel's shape misread still decides nothing from the tone (THỦ: Thu, not Thư or Thú)
    assert name_word("Thủ", first=False) == "Thu"


def test_two_given_names_ocr_ran_together_are_split_in_a_vietnamese_name():
    from digitize.understand.tidy import tidy_name

    # "THUMY" has no letter only Vietnamese has; the name opens with a family name and the one
    # cut into two name words gives THU MY
    assert tidy_name("TRẦN THUMY") == "TRẦN THU MY"
    # a name that is not Vietnamese keeps its words as read
    assert tidy_name("ANNA MARIA") == "ANNA MARIA"


def test_a_name_letter_a_scan_split_in_two_is_put_back_from_the_shared_table():
    from digitize.understand.tidy import tidy_name

    # a U whose bowl a fax broke into two stems (confusions.SPLIT_LETTER "ii" → "u")
    assert tidy_name("NGUYỄN DIỄM KHIIÊ") == "NGUYỄN DIỄM KHUÊ"
    # an n whose arch broke from its stem
    assert tidy_name("Trần Văn Thàrih") == "Trần Văn Thành"
    # a word that spells no name either way stays as read
    assert tidy_name("LÊ VĂN II") == "LÊ VĂN II"
    # an H whose crossbar a copy lost, its stems read I and l ("il" → "h")
    assert tidy_name("NGUYỄN THỊ ILOA") == "NGUYỄN THỊ HOA"


def test_a_family_name_a_gap_split_into_two_syllables_is_whole_again():
    from digitize.understand.tidy import tidy_name

    # a photocopy's NGUYỄN read "NGỦ YẾN": both syllables, neither a family name alone
    assert tidy_name("NGỦ YẾN MINH TUẤN PHÚC") == "NGUYỄN MINH TUẤN PHÚC"
    # a family name read whole is never joined to the name after it
    assert tidy_name("LÊ VĂN AN BÌNH") == "LÊ VĂN AN BÌNH"


def test_a_family_name_with_one_letter_misread_is_the_stocks_for_review():
    from digitize.understand.tidy import tidy_name

    # a fax's NGUYỄN read "NGHYÊN": one letter off the one family name, given back as a guess
    assert tidy_name("NGHYÊN THẢO HUỆ") == "NGUYỄN THẢO HUỆ"
    assert guessed("NGHYÊN THẢO HUỆ")
    # short words (two family names a letter apart) and given names are left as read
    assert tidy_name("LÂ VĂN AN") == "LÂ VĂN AN"
    assert not guessed("NGUYỄN VĂN AN")


def test_a_name_word_with_one_capital_confused_by_the_shared_table_is_given_back_for_review():
    from digitize.understand.tidy import tidy_name

    # "Vv" for Vy: a y read as a v (confusions.LETTER_FOR_LETTER), no name word as read
    assert tidy_name("Nguyễn Ánh Vv") == "Nguyễn Ánh Vy"
    assert guessed("Nguyễn Ánh Vv")
    # a word two letters off anything stays as read
    assert tidy_name("PILVN THỊ LY") == "PILVN THỊ LY"


def test_a_name_loses_a_lone_letter_after_it():
    from digitize.understand.tidy import tidy_name

    # the next line's "Ngày" cut to its N, run into the name above it: no word of a name that
    # opens with a family name is one letter
    assert tidy_name("NGUYỄN BÙI QUANG VIỆT N") == "NGUYỄN BÙI QUANG VIỆT"
    assert tidy_name("Y Moan Enuôl") == "Y Moan Enuôl"  # a minority's name, as read


def test_a_three_letter_family_name_a_letter_off_is_guessed_for_review():
    from digitize.understand.names import guessed
    from digitize.understand.tidy import tidy_name

    # "BỜI UYÊN": no family name is Bời; Bùi is the one a letter off
    assert tidy_name("BỜI UYÊN") == "BÙI UYÊN" and guessed("BỜI UYÊN")
    assert tidy_name("TÔ LAN") == "TÔ LAN" and not guessed("TÔ LAN")
