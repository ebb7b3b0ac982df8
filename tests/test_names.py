"""Name syllables: marks OCR misread put back only where the letters leave no doubt."""

from digitize.understand.names import name_word, syllable_key


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
