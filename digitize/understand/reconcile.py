"""Reconciliation across the document: one candidate chosen per field, the subject's
facts kept to the subject's block, names completed and their marks settled, the barcodes' and
the MRZ's values over the printed ones, and the checks between fields."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from digitize.understand import kinds, names, validators
from digitize.understand.candidate import LOW_CONFIDENCE, REPAIRED, Candidate, for_review
from digitize.understand.catalogue import DocType, FieldSpec
from digitize.understand.labelindex import Doc
from digitize.understand.layout import Segment
from digitize.understand.mrz import Mrz, find_mrz
from digitize.understand.textmatch import fold, one_letter_off
from digitize.understand.tidy import TIDIERS, address_guessed, company_garbled
from digitize.understand.values import meaningful
from ocr import confusions
from ocr.model import Box, PageText, nfc

if TYPE_CHECKING:
    from digitize.link.barcodes import Code


def choose(cands: list[Candidate]) -> Candidate | None:
    if not cands:
        return None
    best_q = max(c.quality for c in cands)
    close = [c for c in cands if c.quality >= best_q - 0.03]
    return min(close, key=lambda c: c.order)


# the roles (catalogue.ROLES) of the facts about the person a document is about that are kept to
# their block of the page (_the_subjects)
SUBJECT_FACTS = ("subject_id", "subject_birth_date", "subject_gender")


def _by_role(chosen: dict[str, Candidate], doc_spec: DocType, role: str) -> Candidate | None:
    """The value chosen for the type's field with ``role``, if it has one and it was read."""
    name = doc_spec.role_field(role)
    return None if name is None else chosen.get(name)


def _the_subjects(chosen_name: Candidate, others: list[tuple], cands: list[Candidate]) -> list[Candidate]:
    """On a page about several people (a land certificate for a couple, a birth
    certificate with the parents, an application about a child), the ID, date of birth
    and gender are the ones in the block of the citizen the document is about: after the
    previous other person's name and before the next one (``others``: where they are, in
    reading order). The others' are dropped."""
    before = [o for o in others if o < chosen_name.order]
    after = [o for o in others if o > chosen_name.order]
    if not before and not after:
        return cands
    lo = max(before) if before else (-1,)
    hi = min(after) if after else (10**9,)
    return [c for c in cands if lo <= c.order < hi]


_RELATIVES = {"chong", "vo"}  # "… và chồng TRẦN VĂN AN, sinh năm …": a husband, a wife


def _relatives_in_prose(doc: Doc) -> list[tuple]:
    """Where a sentence names another person by their relation ("và chồng Châu Hoàng Lộc",
    ", vợ Lê Thị Hoa"): "và" or a comma, the relation word, then a capitalised name."""
    out = []
    for seg in doc.all_segments():
        toks = seg.tokens
        for k in range(1, len(toks) - 1):  # (the name may wrap onto the next line)
            before, word = toks[k - 1].text, toks[k].text.rstrip(":")
            if fold(word) not in _RELATIVES or not word.islower():
                continue
            if not (fold(before) == "va" or before.endswith((",", ";"))):
                continue
            if all(t.text[:1].isupper() and t.text.rstrip(",;").isalpha() for t in toks[k + 1 : k + 3]):
                out.append((seg.page, seg.row, seg.col, k))
    return out


def _name_lines(doc: Doc) -> list[list[str]]:
    """Segments that are a name and nothing else (a signature: 2-5 capitalised words)."""
    out = []
    for seg in doc.all_segments():
        words = [t.text.strip(".,;") for t in seg.tokens]
        if 2 <= len(words) <= 5 and all(w.isalpha() and w[:1].isupper() for w in words):
            out.append(words)
    return out


def _completed_name(doc: Doc, value: str) -> str:
    """A name that lost its first or last word to OCR (``QUANG VĂN KHOA``), completed from
    the same name printed whole on a line of its own elsewhere in the document (the
    signature: ``Nguyễn Quang Văn Khoa``) — when exactly one such line, starting with a family
    name, extends it by one word, or ends its last word by a letter or two."""
    words = value.split()
    if len(words) < 2:
        return value
    key = [fold(w) for w in words]
    found = set()
    for line in _name_lines(doc):
        lk = [fold(w) for w in line]
        if len(lk) == len(key) + 1 and (lk[1:] == key or lk[:-1] == key) and names.is_family_name(line[0]):
            found.add(tuple(line))
        elif (
            len(lk) == len(key)
            and lk[:-1] == key[:-1]
            and lk[-1].startswith(key[-1])
            and len(lk[-1]) - len(key[-1]) in (1, 2)
        ):
            # the last word's last letter or two lost (``BÙI THẢO ÁN`` / ``Bùi Thảo Ánh``)
            found.add(tuple(line))
    if len(found) != 1:
        return value
    (line,) = found
    if len(line) == len(words):
        return " ".join([*words[:-1], _case_of(line[-1], value)])
    extra = line[0] if [fold(w) for w in line[1:]] == key else line[-1]
    extra = _case_of(extra, value)
    return f"{extra} {value}" if [fold(w) for w in line[1:]] == key else f"{value} {extra}"


def _name_word_read_again(doc: Doc, value: str) -> str | None:
    """A name with a word that spells no name of the stock (``LÍ KIM OANH``: the Ê of Lê read
    as Í; ``Phạm Hải Nuân Lâm``: the X of Xuân read as N) where the same name is printed again
    in the document (an article, a signature) with, in that word's place, a name word one
    letter from it (``Lê Kim Oanh``, ``Phạm Hải Xuân Lâm``): the name with that word, in the
    value's case; None when no such reading, or more than one, is found."""
    words = value.split()
    if len(words) < 2:
        return None
    key = [fold(w) for w in words]
    n = len(key)
    odd = [k for k, w in enumerate(words) if not names.spells_a_name_word(w, first=k == 0)]
    if len(odd) != 1:  # one word misread; more is another name, or garbage
        return None
    (k,) = odd
    found = set()
    for seg in doc.all_segments():
        texts = [t.text.strip(".,;:()'\"") for t in seg.tokens]
        for i in range(len(texts) - n + 1):
            window = texts[i : i + n]
            folded = [fold(w) for w in window]
            if folded[:k] + folded[k + 1 :] != key[:k] + key[k + 1 :] or not all(w[:1].isupper() for w in window):
                continue
            if names.spells_a_name_word(window[k], first=k == 0) and one_letter_off(folded[k], key[k]):
                found.add(nfc(window[k]).capitalize())
    if len(found) != 1:
        return None
    word = found.pop()
    return " ".join([*words[:k], word.upper() if words[k].isupper() else word, *words[k + 1 :]])


def _marks_by_confidence(doc: Doc, value: str) -> str:
    """A name printed more than once in the document (in the field, in the signature, in a
    sentence: ``NGUYỄN MINH DIÊM`` / ``Nguyễn Minh Diễm``) whose readings differ in their
    marks only: each word as OCR was surest of it (its word confidence), in the value's case."""
    words = value.split()
    if len(words) < 2:
        return value
    key = [fold(w) for w in words]
    n = len(key)
    # per word: the surest confidence OCR had in each spelling it read
    spellings: list[dict[str, tuple[float, str]]] = [{} for _ in words]
    readings = 0
    for seg in doc.all_segments():
        texts = [t.text.strip(".,;:()'\"") for t in seg.tokens]
        for i in range(len(texts) - n + 1):
            window = texts[i : i + n]
            if [fold(w) for w in window] != key or not all(w[:1].isupper() for w in window):
                continue
            readings += 1
            for k, (w, tok) in enumerate(zip(window, seg.tokens[i : i + n])):
                got = spellings[k].get(nfc(w).lower())
                if got is None or tok.conf > got[0]:
                    spellings[k][nfc(w).lower()] = (tok.conf, w)
    if readings < 2:
        return value
    out = []
    for w, seen in zip(words, spellings):
        own = seen.get(nfc(w).lower(), (-1.0, w))[0]
        conf, b = max(seen.values(), default=(-1.0, w))
        # another reading only where OCR was clearly surer of it (a point or two is noise)
        out.append((b.upper() if w.isupper() else b) if conf >= own + MARKS_MARGIN else w)
    return nfc(" ".join(out))


MARKS_MARGIN = 0.03  # word confidence (0-1) by which another reading of a name word must win


def _case_of(word: str, model: str) -> str:
    letters = [c for c in model if c.isalpha()]
    return word.upper() if letters and all(c.isupper() for c in letters) else word


def _looks_misread(spec: FieldSpec, value: str) -> bool:
    """A value that passes its check but looks like OCR lost something: a Vietnamese name
    with no marks at all (``NGUYEN GIANG``: nearly every Vietnamese name carries some)."""
    if spec.kind == "name":
        return len(value.split()) >= 2 and value.isascii()
    return False


MRZ_CONF = 0.95  # a value whose MRZ check digit agrees
CODE_CONF = 0.99  # a value decoded from a barcode or QR code (its own error correction)


def _apply_codes(chosen: dict[str, Candidate], codes: Sequence[tuple[int, Code]], doc_spec: DocType) -> None:
    """A dossier code in a barcode or QR code on the document over the one OCR read from the
    print: the symbol is exact where the print's digits can be misread (0 as 6 or 9). Only
    when the document's symbols agree on one code."""
    for name, spec in doc_spec.fields.items():
        if spec.kind != "dossier_id":
            continue
        found = {c.dossier_id: page for page, c in codes if c.dossier_id}
        if len(found) != 1:
            continue
        ((value, page),) = found.items()
        cand = chosen.get(name)
        if cand is None:
            chosen[name] = Candidate(value, CODE_CONF, page, (page, 10**6, 0, 0), 1.0)
        else:
            if value != cand.value:
                cand.box = None  # the code's value, not the printed words'
            cand.value, cand.valid, cand.problem = value, True, None
            cand.conf, cand.quality = max(cand.conf, CODE_CONF), max(cand.quality, 1.0)


def _id_of_document_number(printed: str, number: str) -> str | None:
    """The 12-digit ID a card's zone gives with its nine-digit document number (the ID without
    its province code) and the printed ID's province code: the printed ID read whole, or with
    one digit after its province code lost ("07907065743" beside the number 070657431)."""
    if not re.fullmatch(r"\d{11,12}", printed):
        return None
    rest = printed[3:]
    if len(rest) == 8 and not any(number[:k] + number[k + 1 :] == rest for k in range(len(number))):
        return None
    return printed[:3] + number


NEVER_EXPIRES_FROM = "2090"  # a zone's expiry from this year on is the placeholder of "none"


def _name_from_zone(doc: Doc, chosen: dict[str, Candidate], mrz: Mrz, doc_spec: DocType) -> None:
    """A card's name whose label OCR garbled ("Họ, đệm tên khai sín Full nar"): the one line
    that is a name and nothing else whose letters, marks aside, are the zone's name — the
    printed name, with its marks. A name read without its family name (cut or read apart) has
    it back from the zone."""
    field = doc_spec.role_field("subject_name")
    if field is None or len(mrz.name) < 2:
        return
    zone = [w.lower() for w in mrz.name]
    if field in chosen:
        read = chosen[field].value.split()
        if not _cut_family_name(read, zone):
            return
        lines = [read]
    else:
        lines = _name_lines(doc)
    found = {tuple(line) for line in lines if [fold(w) for w in line] == zone}
    conf = MRZ_CONF
    if not found:
        # the family name cut to its first letters ("N ÁNH THƯ"): given back from the zone,
        # its marks from the stock of names — a guess, for review
        found = {_family_name_from_zone(line, mrz.name) for line in lines if _cut_family_name(line, zone)}
        found.discard(None)
        conf = for_review(MRZ_CONF, REPAIRED)
    if len(found) != 1:
        return
    spec = doc_spec.fields[field]
    value = " ".join(found.pop())
    value = TIDIERS[spec.tidy](value) if spec.tidy else kinds.tidy(spec.kind, value)
    if field in chosen:
        chosen[field].value, chosen[field].box = value, None
        chosen[field].conf = for_review(chosen[field].conf, REPAIRED)
        return
    chosen[field] = Candidate(value, conf, mrz.page, (mrz.page, 10**6, 0, 0), 1.0)


def _cut_family_name(line: list[str], zone: list[str]) -> bool:
    """Whether ``line`` is the zone's name with its family name cut to its first letters, or
    lost (read apart from the line), the rest two words or more."""
    key = [fold(w) for w in line]
    if len(key) == len(zone) - 1:
        return len(key) >= 2 and key == zone[1:]
    return len(key) == len(zone) and key[1:] == zone[1:] and zone[0].startswith(key[0]) and key[0] != zone[0]


def _family_name_from_zone(line: list[str], zone: tuple[str, ...]) -> tuple[str, ...] | None:
    """``line`` with the zone's family name, its marks from the stock of names, for the cut or
    lost one."""
    proper = names.name_word(zone[0], first=True)
    if proper is None:
        return None
    given = line[1:] if len(line) == len(zone) else line
    return (_case_of(proper, " ".join(given)), *given)


def _apply_mrz(chosen: dict[str, Candidate], mrz: Mrz, doc_spec: DocType) -> None:
    """The machine-readable zone's check-digit-protected values over what OCR read from the
    printed fields: a printed value that agrees is confirmed, one that differs is replaced (a
    misread digit in the zone changes its check digit; in the print nothing catches it)."""

    def put(role: str, value: str | None) -> None:
        name = doc_spec.role_field(role)
        if value is None or name is None:
            return
        cand = chosen.get(name)
        if cand is None:
            chosen[name] = Candidate(value, MRZ_CONF, mrz.page, (mrz.page, 10**6, 0, 0), 1.0)
            return
        if value != cand.value:
            cand.box = None  # the zone's value, not the printed words'
        cand.value, cand.valid, cand.problem = value, True, None
        cand.conf, cand.quality = max(cand.conf, MRZ_CONF), max(cand.quality, 1.0)

    pid = _by_role(chosen, doc_spec, "subject_id")
    if mrz.personal_id is not None:
        put("subject_id", mrz.personal_id)
    elif mrz.document_number is not None and pid is not None:
        # the document number is the ID without its province code: the printed province stays
        fixed = _id_of_document_number(pid.value, mrz.document_number)
        if fixed is not None and validators.personal_id(fixed).ok:
            put("subject_id", fixed)
    dob, mrz_dob = _by_role(chosen, doc_spec, "subject_birth_date"), mrz.date_of_birth
    pid = _by_role(chosen, doc_spec, "subject_id")
    if mrz_dob and mrz.personal_id is None:
        # the zone has two digits of the year: the century from the printed ID, else from the
        # printed date of birth
        id_year = validators.personal_id_birth_year(pid.value) if pid is not None and pid.valid else None
        if id_year is not None and str(id_year)[2:] == mrz_dob[2:4]:
            mrz_dob = str(id_year)[:2] + mrz_dob[2:]
        elif dob is not None and _ISO_DATE.fullmatch(dob.value):
            mrz_dob = dob.value[:2] + mrz_dob[2:]
    put("subject_birth_date", mrz_dob)
    put("subject_gender", mrz.gender)
    expiry = _by_role(chosen, doc_spec, "expiry")
    if mrz.expiry_date is not None and not (expiry is not None and expiry.value == "none"):
        # a card that never expires carries a placeholder date in its zone (99-12-31): said
        # so where OCR missed the printed "Không thời hạn" or the card leaves it out
        never = mrz.expiry_date >= NEVER_EXPIRES_FROM
        put("expiry", "none" if never else mrz.expiry_date)


def _cross_check(chosen: dict[str, Candidate], doc_spec: DocType) -> None:
    """Checks between fields of one document: ID against date of birth and gender (the
    fields with those roles in the catalogue), dates that must be in order (a field's
    ``after`` list, in catalogue order)."""
    pid = _by_role(chosen, doc_spec, "subject_id")
    dob = _by_role(chosen, doc_spec, "subject_birth_date")
    if dob is not None:
        _born_in_a_lifetime(dob)
    gender = _by_role(chosen, doc_spec, "subject_gender")
    if pid is not None:
        context = {
            "date_of_birth": dob.value if dob and dob.valid else None,
            "gender": gender.value if gender and gender.valid else None,
        }
        if not validators.personal_id(pid.value, **context).ok:
            fixed = validators.repair_personal_id(pid.value, **context)
            if fixed is not None:  # a repair is a guess from the structure: less sure
                pid.value, pid.valid, pid.problem = fixed, True, None
                pid.conf *= REPAIRED
        if context["date_of_birth"] and context["gender"]:
            # no province has the code read (677…, 071…): one digit OCR confuses put right
            # where that alone agrees with the date of birth and sex; still for review
            fixed = validators.repair_personal_id_head(pid.value, **context) or validators.repair_personal_id_century(
                pid.value, **context
            )
            if fixed is not None:
                pid.value, pid.valid, pid.problem = fixed, True, None
                pid.conf = for_review(pid.conf, REPAIRED)
    if pid is not None and pid.valid and dob is not None and not dob.valid:
        _birth_year_from_id(pid, dob)
    if pid is not None and pid.valid:
        if (
            dob is not None
            and dob.valid
            and re.fullmatch(r"\d{12}", pid.value)
            and re.fullmatch(r"\d{4}-.*", dob.value)
        ):
            # the ID carries the century and the year of birth: a date of birth that differs
            # only in its century ("1854" for 1954) is an OCR slip on the date
            id_year = str(validators.personal_id_birth_year(pid.value))
            if dob.value[:4] != id_year and dob.value[2:4] == id_year[2:]:
                dob.value = id_year + dob.value[4:]
            elif confusions.one_confusion_apart(dob.value[:4], id_year) and abs(dob.conf - pid.conf) >= 0.05:
                # the year of birth in the ID and on the date differ in one digit that OCR
                # confuses (1982 / 1962): the one OCR read clearly less surely is put right, and
                # both still go to review (read as surely: a conflict, both flagged invalid)
                if dob.conf < pid.conf:
                    dob.value = id_year + dob.value[4:]
                else:
                    fixed = pid.value[:4] + dob.value[2:4] + pid.value[6:]
                    if validators.personal_id(fixed, date_of_birth=dob.value).ok:
                        pid.value = fixed
                dob.conf, pid.conf = for_review(dob.conf), for_review(pid.conf)
        check = validators.personal_id(
            pid.value,
            date_of_birth=dob.value if dob and dob.valid else None,
            gender=gender.value if gender and gender.valid else None,
        )
        if not check.ok:
            pid.valid, pid.problem = False, check.problem
            # which of the two OCR misread is not known: both go to review
            if dob is not None and dob.valid and check.code == validators.Problem.DATE_OF_BIRTH:
                dob.valid, dob.problem = False, check.problem
            if gender is not None and gender.valid and check.code == validators.Problem.GENDER:
                gender.valid, gender.problem = False, check.problem
    _document_date_not_yet(chosen, doc_spec)
    _number_year_against_issue_date(chosen, doc_spec)
    _expiry_against_birth_date(chosen, doc_spec)
    _not_in_the_future(chosen, doc_spec)
    for late, spec in doc_spec.fields.items():
        for early in spec.after:
            a, b = chosen.get(early), chosen.get(late)
            if a and b and a.valid and b.valid and len(a.value) == len(b.value) == 10 and b.value < a.value:
                b.valid, b.problem = False, f"{late} {b.value} is before {early} {a.value}"
                # which of the two OCR misread is not known ("từ 01/01/2031 đến 31/12/2021"):
                # the earlier goes to review too
                a.conf = for_review(a.conf)


def _birth_year_from_id(pid: Candidate, dob: Candidate) -> None:
    """A date of birth whose year OCR misread out of range (``25/11/1087``) by one digit it
    confuses from the year of birth the 12-digit ID carries: that year, for review."""
    if not (re.fullmatch(r"\d{12}", pid.value) and _ISO_DATE.fullmatch(dob.value)):
        return
    id_year = str(validators.personal_id_birth_year(pid.value))
    fixed = id_year + dob.value[4:]
    if confusions.one_confusion_apart(dob.value[:4], id_year) and kinds.check("date", fixed).ok:
        dob.value, dob.valid, dob.problem = fixed, True, None
        dob.conf = for_review(dob.conf, REPAIRED)


# An ID card is valid until its holder's birthday at the next of these ages (CCCD 2016–2024:
# 25, 40, 60; căn cước since 2024 also 14); after 60 it does not expire ("none").
CARD_AGES = (14, 25, 40, 60)
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _expiry_against_birth_date(chosen: dict[str, Candidate], doc_spec: DocType) -> None:
    """An ID card's expiry is a birthday of its holder: where expiry and date of birth differ in
    one digit from that, the one OCR read clearly less surely is put right from the other (both
    go to review); read as surely, both are flagged."""
    exp = _by_role(chosen, doc_spec, "expiry")
    dob = _by_role(chosen, doc_spec, "subject_birth_date")
    if exp is None or dob is None or not (exp.valid and dob.valid):
        return
    if not (_ISO_DATE.fullmatch(exp.value) and _ISO_DATE.fullmatch(dob.value)):
        return
    month_day = dob.value[4:]
    alike = (month_day, "-02-28", "-03-01") if month_day == "-02-29" else (month_day,)
    if exp.value[4:] in alike and int(exp.value[:4]) - int(dob.value[:4]) in CARD_AGES:
        return
    birthdays = [f"{int(dob.value[:4]) + age}{month_day}" for age in CARD_AGES]
    near = [b for b in birthdays if _one_digit_apart(exp.value, b)]
    if len(near) != 1:
        return  # not a birthday at all: nothing to go by (an old card, another rule)
    if exp.conf < dob.conf - 0.05:
        exp.value = near[0]
    elif dob.conf < exp.conf - 0.05 and exp.value[:4] == near[0][:4]:
        dob.value = dob.value[:4] + exp.value[4:]  # the day or month of birth misread
    exp.conf, dob.conf = for_review(exp.conf, REPAIRED), for_review(dob.conf, REPAIRED)


LIFETIME_YEARS = 120  # a person older than this holds no card and asks for nothing


def _born_in_a_lifetime(dob: Candidate) -> None:
    """A date of birth no one alive has ("1880", a 9 read as 8): where one digit of its year
    OCR confuses gives the one year within a lifetime, that year, for review; else flagged
    invalid."""
    if not _ISO_DATE.fullmatch(dob.value) or not (dob.valid or kinds.check("date", "2000" + dob.value[4:]).ok):
        return  # (an invalid date is looked at only for its year: its day and month are real)
    today = dt.date.today()
    earliest = str(today.year - LIFETIME_YEARS)
    if dob.value[:4] >= earliest:
        return

    def lifetime(y: str) -> bool:
        return earliest <= y <= str(today.year) and kinds.check("date", y + dob.value[4:]).ok

    year = confusions.repair(dob.value[:4], lifetime)
    if year is None:
        # the century's second figure misread ("1575" on a fax): the one year of a lifetime
        # with the first, third and fourth as read
        years = {y for d in "0123456789" if lifetime(y := dob.value[0] + d + dob.value[2:4])}
        year = years.pop() if len(years) == 1 else None
    if year is not None:
        dob.value, dob.valid, dob.problem = year + dob.value[4:], True, None
        dob.conf = for_review(dob.conf, REPAIRED)
    else:
        dob.valid, dob.problem = False, f"a birth in {dob.value[:4]} is more than {LIFETIME_YEARS} years ago"


def _not_in_the_future(chosen: dict[str, Candidate], doc_spec: DocType) -> None:
    """A date that cannot be after today (a field's ``past``: a birth, an issue, a
    registration) read after it: where one digit of its year OCR reads for a 0 (``2029`` for
    2020) makes it a date that can be, and not before the dates it must follow, that date, for
    review; else it is flagged invalid."""
    today = dt.date.today().isoformat()
    for name, spec in doc_spec.fields.items():
        cand = chosen.get(name)
        is_subjects_birth = spec.role == "subject_birth_date"
        if not (spec.past or is_subjects_birth) or cand is None or not cand.valid or cand.value[:10] <= today:
            continue
        earliest = max((chosen[e].value for e in spec.after if e in chosen and chosen[e].valid), default="")
        year = _year_that_can_be(cand.value, spec.kind, earliest, today)
        if year is not None:
            cand.value = year + cand.value[4:]
            cand.conf = for_review(cand.conf, REPAIRED)
        else:
            cand.valid, cand.problem = False, f"{name} {cand.value} is in the future"


def _year_that_can_be(value: str, kind: str, earliest: str, today: str) -> str | None:
    """The one year, a digit of ``value``'s read for a 0 put back, that makes it a date of
    ``kind`` between ``earliest`` and ``today``; None when none or several do."""

    def possible(year: str) -> bool:
        fixed = year + value[4:]
        return kinds.check(kind, fixed).ok and earliest <= fixed <= today

    return confusions.repair(value[:4], possible, into="0")


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _number_year_against_issue_date(chosen: dict[str, Candidate], doc_spec: DocType) -> None:
    """A number with its year ("1385/2022/QĐ-UBND": number/year of issue/symbol; a register's
    "36/2017") whose year differs from the document's date (of issue, or registration) by one
    digit OCR confuses (2622, 2012 for 2022): the year put right from the date, for review.
    Which of the two OCR misread is not known otherwise, so only a year that cannot be (after
    this year) is changed; a possible one is only flagged. With no date to go by, a year that
    cannot be and one digit read for a 0 from one that can (2917) is put right, for review."""
    issued = next((chosen[n] for n in _DOCUMENT_DATES if n in chosen), None)
    if issued is not None and (not issued.valid or not _ISO_DATE.fullmatch(issued.value)):
        issued = None
    this_year = str(dt.date.today().year)
    for name, spec in doc_spec.fields.items():
        number = chosen.get(name)
        if spec.kind != "document_number" or number is None:
            continue
        m = re.fullmatch(r"(\d+[A-Za-z]?/)(\d{4})(/.+)?", number.value)
        if not m:
            continue
        read, tail = m.group(2), m.group(3) or ""
        if issued is None:
            year = confusions.repair(read, lambda y: "1900" <= y <= this_year, into="0") if read > this_year else None
            if year is not None:
                number.value = m.group(1) + year + tail
                number.conf = for_review(number.conf, REPAIRED)
            continue
        year = issued.value[:4]
        if read != year and not tail and not confusions.one_confusion_apart(read, year):
            # a register's year is its registration's: another one is a misread or a slash put
            # back at the wrong place ("1542022"), for review
            number.conf = for_review(number.conf)
            continue
        if read == year or not confusions.one_confusion_apart(read, year):
            continue
        if read > this_year:
            number.value = m.group(1) + year + tail
            number.conf = for_review(number.conf, REPAIRED)
        else:
            number.conf = issued.conf = min(for_review(number.conf), for_review(issued.conf))


def _document_date_not_yet(chosen: dict[str, Candidate], doc_spec: DocType) -> None:
    """A document is not issued (nor registered) on a day still to come ("năm 2043", a figure
    misread): the year its own number carries ("Số: 1717/2023/QĐ-UBND", not one cited in a
    sentence) put in, for review, where that gives a day gone by; else the date is left to
    ``_not_in_the_future`` (a 0 misread in its year, or flagged)."""
    today = dt.date.today().isoformat()
    years = [
        m.group(1)
        for name, spec in doc_spec.fields.items()
        if spec.kind == "document_number" and name in chosen and chosen[name].explicit
        if (m := re.fullmatch(r"\d+[A-Za-z]?/(\d{4})/.+", chosen[name].value))
    ]
    for name in _DOCUMENT_DATES:
        dated = chosen.get(name)
        if dated is None or not dated.valid or not _ISO_DATE.fullmatch(dated.value) or dated.value <= today:
            continue
        fixed = years[0] + dated.value[4:] if years else None
        if fixed is not None and "1900" <= fixed <= today and kinds.check("date", fixed).ok:
            dated.value, dated.conf = fixed, for_review(dated.conf, REPAIRED)


# the fields that date the document itself, in the order they are trusted for its year
_DOCUMENT_DATES = ("issue_date", "registration_date")


# the line a fax machine prints across the top of what it sends: "02/02/2816 16:07 FROM: …"
_FAX_LINE = re.compile(r"^\W*\d{1,2}/\d{1,2}/(\d{4})\s+\d{1,2}:\d{2}\b")


def _fax_year(pages: Sequence[PageText]) -> str | None:
    """The year the first page was faxed, from the fax machine's line at its top; its figures
    read for 0s on the fax itself ("2816") put right where that alone gives a possible year."""
    lines = [line for line in (pages[0].text.splitlines() if pages else []) if line.strip()][:3]
    m = next((m for line in lines if (m := _FAX_LINE.match(line))), None)
    if m is None:
        return None
    year, this_year = m.group(1), str(dt.date.today().year)
    if "1990" <= year <= this_year:
        return year
    return confusions.repair(year, lambda y: "1990" <= y <= this_year, into="0")


def _issue_date_against_fax_line(chosen: dict[str, Candidate], pages: Sequence[PageText]) -> None:
    """A document is issued before it is faxed: an issue date whose year differs from the fax
    line's in one digit OCR confuses (2010 read for 2016, faxed in 2016) is flagged for review.
    Only flagged: an old decision may be faxed years later, and either year may be misread."""
    issued = chosen.get("issue_date")
    if issued is None or not issued.valid or not _ISO_DATE.fullmatch(issued.value):
        return
    faxed, year = _fax_year(pages), issued.value[:4]
    if faxed is None or int(year) == int(faxed) - 1:
        return  # issued late in the year before, faxed early in the next: as expected
    if confusions.one_confusion_apart(year, faxed):
        issued.conf = for_review(issued.conf)


def _part_of_the_same_name(a: str, b: str) -> bool:
    """Whether one name is the other or its first words (a name cut where its line wrapped:
    "NGUYÊN HOÀNG." / "PHONG" read as "NGUYÊN HOÀNG" beside "NGUYÊN HOÀNG PHONG")."""
    wa, wb = fold(a).replace(".", " ").split(), fold(b).replace(".", " ").split()
    short, long = sorted((wa, wb), key=len)
    return wa == wb or (len(short) >= 2 and long[: len(short)] == short)


def _one_person_per_name(
    chosen: dict[str, Candidate], candidates: dict[str, list[Candidate]], doc_spec: DocType
) -> None:
    """Two people's names (a husband's, a wife's) picked from the same words: one label's name
    lost ("Họ, chữ đệm, tên: THÀNH TRUNG HẬU" unread as a name), the next person's taken for
    it. The field none of whose other candidates (a signature) is that name takes its own
    other candidate, for review; the one a signature agrees with keeps it."""
    people = [n for n, spec in doc_spec.fields.items() if spec.kind == "name" and n in chosen]
    for a in people:
        for b in people:
            if a >= b or chosen[a].order != chosen[b].order or chosen[a].value != chosen[b].value:
                continue
            shared = chosen[a]
            others = {n: [c for c in candidates[n] if c is not shared and c.order != shared.order] for n in (a, b)}
            agrees = [n for n in (a, b) if any(_part_of_the_same_name(c.value, shared.value) for c in others[n])]
            if len(agrees) != 1:
                continue
            lost = b if agrees == [a] else a
            own = choose([c for c in others[lost] if not _part_of_the_same_name(c.value, shared.value)])
            if own is not None:
                own.conf = for_review(own.conf)
                chosen[lost] = own


def reconcile(
    doc: Doc,
    doc_spec: DocType,
    candidates: dict[str, list[Candidate]],
    pages: Sequence[PageText],
    codes: Sequence[tuple[int, Code]] = (),
) -> dict[str, Candidate]:
    """One candidate per field found (``candidates``: field name → its candidates, from
    ``locators.field_candidates``), tidied, confirmed by the document's codes and MRZ where
    its type says so, and checked against the other fields."""
    chosen: dict[str, Candidate] = {}
    name_field = doc_spec.role_field("subject_name")
    name_pick = choose(candidates[name_field]) if name_field in candidates else None
    if name_pick is not None:
        # other people: names under their own explicit label ("Họ, chữ đệm, tên: …",
        # "Họ, chữ đệm, tên người mẹ: …"), not a name met in a sentence
        others = [
            c.order
            for n, spec in doc_spec.fields.items()
            if spec.kind == "name"
            for c in candidates[n]
            if c.explicit and not _part_of_the_same_name(c.value, name_pick.value)
        ] + _relatives_in_prose(doc)
        for role in SUBJECT_FACTS:
            field_name = doc_spec.role_field(role)
            if field_name in candidates:
                candidates[field_name] = _the_subjects(name_pick, others, candidates[field_name])
    for name, cands in candidates.items():
        pick = choose(cands)
        if pick is not None:
            chosen[name] = pick
    _one_person_per_name(chosen, candidates, doc_spec)
    for name, cand in chosen.items():
        spec = doc_spec.fields[name]
        if spec.kind == "name":
            cand.value = _marks_by_confidence(doc, _completed_name(doc, cand.value))
            again = _name_word_read_again(doc, cand.value)
            if again is not None:  # which reading is right is not sure: for review
                cand.value, cand.conf = again, for_review(cand.conf, REPAIRED)
            if names.guessed(cand.value):  # tidying will choose a word's marks by a guess
                cand.conf = for_review(cand.conf)
        if (spec.tidy or spec.kind) == "address" and address_guessed(cand.value):
            cand.conf = for_review(cand.conf)  # a unit's letter will be put right by a guess
        cand.value = TIDIERS[spec.tidy](cand.value) if spec.tidy else kinds.tidy(spec.kind, cand.value)
        if spec.tidy == "company" and company_garbled(cand.value):
            cand.conf = for_review(cand.conf)  # part of the name lost or garbled: not to be trusted
    if "codes" in doc_spec.cross_checks and codes:
        _apply_codes(chosen, codes, doc_spec)
    if "mrz" in doc_spec.cross_checks:
        mrz = find_mrz([p.text for p in pages])
        if mrz is not None:
            _apply_mrz(chosen, mrz, doc_spec)
            _name_from_zone(doc, chosen, mrz, doc_spec)
    _cross_check(chosen, doc_spec)
    _gender_of_the_id(doc, chosen, doc_spec)
    _received_against_dossier_code(chosen, doc_spec)
    _issue_date_against_fax_line(chosen, pages)
    return chosen


def _gender_of_the_id(doc: Doc, chosen: dict[str, Candidate], doc_spec: DocType) -> None:
    """A person's gender whose label is on the page but whose value was not read ("Giới tính:"
    and nothing after it on a copy) is the one their 12-digit ID says (its fourth digit,
    century and gender), for review: the ID's own digit may be misread."""
    name = doc_spec.role_field("subject_gender")
    pid = _by_role(chosen, doc_spec, "subject_id")
    if name is None or name in chosen or pid is None or not pid.valid:
        return
    if not any(_label_left_empty(doc, seg, name) for seg in doc.all_segments()):
        return  # the page prints no gender, or one OCR read (another person's, maybe)
    gender = validators.personal_id_gender(pid.value)
    if gender is not None and validators.personal_id(pid.value).ok:
        chosen[name] = Candidate(gender, for_review(pid.conf), pid.page, (pid.page, 10**6, 0, 0), 1.0)


def _label_left_empty(doc: Doc, seg: Segment, name: str) -> bool:
    """Whether ``seg`` has the field's label with nothing after it before the next label or
    its end ("Giới tính:  Quốc tịch: Việt Nam")."""
    hits = sorted(doc.seg_hits(seg), key=lambda h: h.start)
    for k, hit in enumerate(hits):
        if hit.field == name:
            stop = hits[k + 1].start if k + 1 < len(hits) else len(seg.tokens)
            if not meaningful(seg.tokens[hit.end : stop]):
                return True
    return False


def _received_against_dossier_code(chosen: dict[str, Candidate], doc_spec: DocType) -> None:
    """The day a dossier was received is written twice: as a date, and as the YYMMDD inside its
    dossier code. Read apart: a code from a barcode or QR (exact) gives the date, for review;
    both read by OCR, both go to review (which one is misread is not known). A date not read
    at all is the code's, for review."""
    name = doc_spec.role_field("received")
    code = next((chosen[n] for n, s in doc_spec.fields.items() if s.kind == "dossier_id" and n in chosen), None)
    if name is None or code is None or not (code.valid and validators.dossier_id(code.value).ok):
        return
    yymmdd = code.value.split("-")[1]
    day = f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:]}"
    received = chosen.get(name)
    if received is None:
        chosen[name] = Candidate(day, for_review(code.conf), code.page, (code.page, 10**6, 0, 0), 1.0)
    elif received.value[:10] != day:
        if code.conf >= CODE_CONF:
            received.value, received.valid, received.problem, received.box = day, True, None, None
            received.conf = for_review(received.conf, REPAIRED)
        else:
            received.conf, code.conf = for_review(received.conf), for_review(code.conf)


def readings_a_digit_apart(chosen: dict[str, Candidate], readings: dict[str, list[Candidate]]) -> None:
    """A field read in two places (a registration's label and the place-and-date line above
    the signature) whose readings one digit OCR confuses tells apart ("ngày 19 tháng 7" and
    "ngày 10 tháng 7"): one of them is misread and which one is not known, so the value kept is
    flagged for review. Readings further apart are other facts (a copy's later date), left be.
    A value that cannot be (a date still to come: "năm 2035") takes the one other reading a
    digit from it that can, for review."""
    today = dt.date.today().isoformat()
    for name, cand in chosen.items():
        others = {c.value for c in readings.get(name, ()) if c is not cand and c.valid and c.value != cand.value}
        if not cand.valid:
            near = [v for v in others if _one_digit_apart(cand.value, v) and v[:10] <= today]
            if len(near) == 1:
                cand.value, cand.valid, cand.problem = near[0], True, None
                cand.conf = for_review(cand.conf, REPAIRED)
            continue
        if any(confusions.one_confusion_apart(cand.value, v) for v in others):
            cand.conf = for_review(cand.conf)


def review(doc_spec: DocType, chosen: dict[str, Candidate]) -> tuple[dict[str, dict], list[str], dict[str, Box]]:
    """The fields as the record gives them (value, confidence, 1-based page), the review
    reasons (``invalid:<field>``, ``low_confidence:<field>``) and the boxes of their words."""
    fields: dict[str, dict] = {}
    boxes: dict[str, Box] = {}
    reasons: list[str] = []
    for name in doc_spec.fields:
        cand = chosen.get(name)
        if cand is None:
            continue
        conf = cand.conf * (0.7 + 0.3 * min(1.0, cand.quality))
        if cand.valid and _looks_misread(doc_spec.fields[name], cand.value):
            conf = for_review(conf)
        if not cand.valid:
            conf = min(conf, 0.4) * 0.75
            reasons.append(f"invalid:{name}")
        elif conf < LOW_CONFIDENCE:
            reasons.append(f"low_confidence:{name}")
        fields[name] = {"value": cand.value, "confidence": round(max(0.0, min(conf, 0.99)), 2), "page": cand.page + 1}
        if cand.box is not None:
            boxes[name] = cand.box
    return fields, reasons, boxes
