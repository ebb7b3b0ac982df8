"""The second layout family ("b") for the types of ``samples.doctypes_more``: ID and
health insurance cards, death and marriage certificates, land use certificates,
construction permits and business registrations.

Written apart from the family "a" builders (it reuses their value pools, seals, MRZ and
card background, not their layouts): other label wordings real forms use (some that the
catalogue does not know), two or three fields on one line, labels the catalogue does not
know right after a value, place-and-date lines broken over two lines, prose ("cấp cho hộ
ông (bà) …"), long company names that wrap, numbered items. As everywhere in ``samples``,
each field the page prints is in the truth (canonical and as printed) and nothing else is:
other people's names, IDs and dates on the page are not the document's fields.
"""

from __future__ import annotations

import datetime as dt
import random

from . import vocab as V
from .doctypes import (
    MOTTO,
    NATIONAL,
    Document,
    Fields,
    issuing_body,
    national_center,
    national_header,
    nm,
    pick,
    place_for,
    register,
    seal_for,
    sender,
    signature,
    subject_person,
    title,
    ward_agency,
    ward_seal,
    window,
)
from .doctypes_more import (
    HOUSEHOLD,
    LAND_ORIGINS,
    LAND_PURPOSES,
    NAMES,
    PERSONAL_MARKS,
    TRADES,
    card_decor,
    card_expiry,
    mrz,
)
from .render import CARD_PT, Barcode, Block, Columns, Figure, Gap, Line, PageBreak, Table, barcode_size

# --------------------------------------------------------------------------- common parts


def one_line(rng: random.Random, *cells: str, style: str = "body", indent: float = 0.0) -> Line:
    """Several "label: value" cells on one line: on a grid (tabs) or run on with spaces,
    as typed forms do."""
    sep = "\t" if rng.random() < 0.6 else "   "
    return Line(sep.join(c for c in cells if c), style, indent=indent)


def date_printed(rng: random.Random, d: dt.date, words: float = 0.3) -> str:
    """A date in one of the printed forms the spec says must parse."""
    r = rng.random()
    if r < words:
        return V.date_words(d, None if rng.random() < 0.7 else False)
    return V.date_numeric(d, rng.choice(("/", "/", "-")), pad=rng.random() < 0.85)


def place_date_lines(rng: random.Random, place_name: str, d: dt.date) -> tuple[list[str], str]:
    """The "<place>, ngày … tháng … năm …" line as a narrow column prints it: often broken
    before "năm" or after the place; and the date as printed."""
    date = V.date_words(d, None if rng.random() < 0.7 else False)
    r = rng.random()
    if r < 0.45:  # "…, ngày 28 tháng 08 ⏎ năm 2010"
        head, _, year = date.rpartition(" năm ")
        return [f"{place_name}, {head}", f"năm {year}"], date
    if r < 0.75:
        return [f"{place_name},", date], date
    return [f"{place_name}, {date}"], date


def head_b(
    rng: random.Random,
    agency: list[str],
    left_extra: list[str],
    pd_lines: list[str] | None,
    superior: str | None = None,
) -> Columns:
    """The two-column head; its left column may carry two items on a line ("Số: …
    Quyển số: …"), its right column a place-date line broken in two."""
    left: list = []
    if superior:
        left.append(Line(superior, "header_plain", "center"))
    for i, name in enumerate(agency):
        left.append(Line(name, "header", "center", rule_below=0.4 if i == len(agency) - 1 else 0.0))
    left += [Line(t, "body", "center", space_before=0.3 if i == 0 else 0.0) for i, t in enumerate(left_extra)]
    right: list = list(national_header())
    align = pick(rng, "center", "center", "right")
    for i, t in enumerate(pd_lines or ()):
        right.append(Line(t, "place_date", align, space_before=0.3 if i == 0 else 0.0))
    return Columns(left, right, split=rng.uniform(0.36, 0.44))


def sign_b(
    rng: random.Random,
    titles: list[str],
    name: str,
    pd_lines: list[str] | None = None,
    seal=None,
    left: list | None = None,
) -> Columns:
    right: list = [Line(t, "place_date", "center") for t in pd_lines or ()]
    right += [Line(t, "bold", "center") for t in titles if t]
    right += [Gap(rng.uniform(2.8, 3.8), scribble=rng.getrandbits(32), seal=seal), Line(name, "bold", "center")]
    return Columns(left or [], right, split=rng.uniform(0.38, 0.48), space_before=rng.uniform(0.4, 0.9))


def other_person(rng: random.Random, region: V.Region, born: tuple[int, int], gender: str | None = None) -> V.Person:
    """Someone else on the page (declarant, spouse, co-owner): their name and ID are not
    the document's fields."""
    return V.random_person(rng, gender=gender, region=region, born=born)


# --------------------------------------------------------------------------- ID card


@register("citizen_id_card", layout="b")
def citizen_id_card_b(rng: random.Random, variant: str | None = None, **opts) -> Document:
    """The ID card drawn otherwise: the name on its label's line, date of birth, sex and
    nationality on one line, residence wrapping under its label, expiry on the back."""
    variant = variant or rng.choice(("cccd", "cccd", "cancuoc", "cmnd"))
    start, end = window(opts)
    if variant == "cancuoc":
        start = max(start, dt.date(2024, 7, 1))
    elif variant == "cccd":
        end = min(end, dt.date(2024, 6, 30))
    else:
        start, end = dt.date(2005, 1, 1), min(end, dt.date(2015, 12, 31))
    start = min(start, end - dt.timedelta(days=30))
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1945, issued.year - 15))
    f = Fields()
    sep = pick(rng, "/", "/", "-")
    bg = rng.getrandbits(32)
    front: list[Block] = [card_decor(bg)]
    back: list[Block] = [card_decor(bg)]
    bilingual = variant != "cmnd"
    head = [Line(NATIONAL, "small_bold", "center"), Line(MOTTO, "small_bold", "center")]
    if bilingual:
        head.append(Line("SOCIALIST REPUBLIC OF VIET NAM", "small", "center"))
    front.append(Columns([Figure("emblem", 22, 22)], head, split=0.15))
    name = f("full_name", person.full_name, person.full_name.upper())
    dob = f("date_of_birth", V.iso(person.dob), V.date_numeric(person.dob, sep))
    residence = V.address(rng, place)
    origin = person.hometown or rng.choice(V.HOMETOWNS)
    marks = rng.choice(PERSONAL_MARKS)
    signer = V.random_name(rng, "male")
    if variant == "cmnd":
        doc_title = "CHỨNG MINH NHÂN DÂN"
        pid = f("personal_id", V.cmnd_number(rng, place.region))
        name_label = pick(rng, "Họ tên", "Họ và tên", "Họ tên khai sinh")
        rows = [
            Line(f"Số: {pid}", "title", "center"),
            Line(f"{name_label}: {name}", "bold"),
            one_line(rng, f"Sinh ngày: {dob}", f"Dân tộc: {person.ethnic}", style="small"),
            Line(f"{pick(rng, 'Nguyên quán', 'Quê quán')}: {f('place_of_origin', origin)}", "small"),
            Line(
                f"{pick(rng, 'Nơi ĐKHK thường trú', 'Nơi thường trú')}: {f('place_of_residence', residence)}", "small"
            ),
        ]
        front += [Line(doc_title, "title", "center"), Columns([Figure("portrait", 46, 60)], rows, split=0.26)]
        back += [
            Line(f"Tôn giáo: {person.religion}", "small"),
            Line(f"Dấu vết riêng và dị hình: {marks}", "small"),
            Line(
                f"Ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}",
                "small_italic",
                "center",
                space_before=0.4,
            ),
            Line(f"GIÁM ĐỐC CÔNG AN {place.region.province_short}", "small_bold", "center"),
            Gap(
                2.2,
                scribble=rng.getrandbits(32),
                seal=seal_for(rng, f"CÔNG AN {place.region.province_upper}", card=True),
            ),
            Line(signer, "small_bold", "center"),
        ]
        expiry = None
    else:
        pid = f("personal_id", person.personal_id)
        expiry = card_expiry(person.dob, issued, (14, 25, 40, 60) if variant == "cancuoc" else (25, 40, 60))
        exp_text = f(
            "expiry_date",
            V.iso(expiry) if expiry else "none",
            V.date_numeric(expiry, sep) if expiry else "Không thời hạn",
        )
        gender = f("gender", person.gender, person.gender_vi)
        doc_title = "CĂN CƯỚC CÔNG DÂN" if variant == "cccd" else "CĂN CƯỚC"
        name_label = pick(
            rng,
            "Họ và tên / Full name",
            "Họ, chữ đệm và tên khai sinh / Surname, middle name and given name",
            "Họ, chữ đệm và tên / Full name",
        )
        name_rows = (
            [Line(f"{name_label}: {name}", "bold")]
            if rng.random() < 0.6
            else [Line(f"{name_label}:", "small"), Line(name, "bold")]
        )
        three = rng.random() < 0.5
        dob_rows = (
            [one_line(rng, f"Ngày sinh: {dob}", f"Giới tính: {gender}", "Quốc tịch: Việt Nam", style="small")]
            if three
            else [
                one_line(rng, f"Ngày, tháng, năm sinh / Date of birth: {dob}", style="small"),
                one_line(rng, f"Giới tính / Sex: {gender}", "Quốc tịch / Nationality: Việt Nam", style="small"),
            ]
        )
        pid_line = Line(
            f"{pick(rng, 'Số / No.', 'Số định danh cá nhân / Personal identification number', 'Số CCCD')}: {pid}",
            "bold",
        )
        expiry_line = Line(
            f"{pick(rng, 'Có giá trị đến', 'Ngày hết hạn / Date of expiry', 'Giá trị đến')}: {exp_text}", "small"
        )
        if variant == "cccd":
            origin_label = pick(rng, "Quê quán / Place of origin", "Quê quán", "Nguyên quán")
            residence_label = pick(rng, "Nơi thường trú / Place of residence", "Nơi thường trú", "Thường trú")
            rows = [
                pid_line,
                *name_rows,
                *dob_rows,
                Line(f"{origin_label}: {f('place_of_origin', origin)}", "small"),
                Line(f"{residence_label}: {f('place_of_residence', residence)}", "small"),
            ]
            left = [Figure("portrait", 46, 60)]
            if rng.random() < 0.5:
                left.append(Line(f"Có giá trị đến: {exp_text}", "small", "center"))
            else:
                back.append(expiry_line)
            front += [
                Line(doc_title, "title", "center"),
                Line("Citizen Identity Card", "small_bold", "center"),
                Columns(left, rows, split=0.27),
            ]
            back += [
                Line(f"Đặc điểm nhân dạng / Personal identification: {marks}", "small"),
                one_line(
                    rng,
                    f"Ngày, tháng, năm / Date, month, year: {V.date_numeric(issued, sep)}",
                    style="small",
                ),
                Line("CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", "small_bold", "center"),
                Gap(
                    1.6,
                    scribble=rng.getrandbits(32),
                    seal=seal_for(rng, "BỘ CÔNG AN * CỤC CẢNH SÁT QLHC VỀ TTXH", card=True),
                ),
                Line(signer, "small_bold", "center"),
            ]
        else:
            front += [
                Line(doc_title, "title", "center"),
                Line("IDENTITY CARD", "small_bold", "center"),
                Columns([Figure("portrait", 46, 60)], [pid_line, *name_rows, *dob_rows], split=0.27),
            ]
            back += [
                Line(
                    f"{pick(rng, 'Nơi cư trú / Place of residence', 'Nơi cư trú')}: "
                    f"{f('place_of_residence', residence)}",
                    "small",
                ),
                Line(f"Nơi đăng ký khai sinh / Place of birth: {place.ward}, {place.region.province}", "small"),
                one_line(
                    rng,
                    f"Ngày cấp / Date of issue: {V.date_numeric(issued, sep)}",
                    f"{pick(rng, 'Ngày hết hạn / Date of expiry', 'Có giá trị đến')}: {exp_text}",
                    style="small",
                ),
                Line("BỘ CÔNG AN / MINISTRY OF PUBLIC SECURITY", "small_bold", "center"),
            ]
        qr = Barcode(
            f"{pid}||{person.full_name}|{person.dob:%d%m%Y}|{person.gender_vi}|{residence}",
            "qr",
            module_mm=0.2,
            quiet=2,
        )
        qw, _ = barcode_size(qr)
        qr.at = (CARD_PT[0] - qw - 4, 4)
        front.append(qr)
        back += [Gap(0.2), *[Line(t, "code") for t in mrz(pid, person.full_name, person.dob, person.gender, expiry)]]
    return Document(
        "citizen_id_card",
        doc_title,
        [*front, PageBreak(), *back],
        f.values,
        printed=f.printed,
        page_size=CARD_PT,
        card=True,
        variant=variant,
        sender="CONG AN",
        person=person,
    )


# --------------------------------------------------------------------------- health insurance card


@register("health_insurance_card", layout="b")
def health_insurance_card_b(rng: random.Random, **opts) -> Document:
    """The health insurance card drawn otherwise: the number under other labels (with the
    benefit level after it), name, date of birth and sex on one or two lines, the validity
    as "Hạn thẻ: từ … đến …" or on two labels."""
    start, end = window(opts)
    valid_from = dt.date(rng.randint(max(2016, start.year), end.year), rng.choice((1, 1, 1, 4, 7, 10)), 1)
    if valid_from > end:
        valid_from = valid_from.replace(month=1)
    issued = V.working_day(rng, valid_from - dt.timedelta(days=30), valid_from)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1940, 2020))
    short = valid_from.year >= 2021 and rng.random() < 0.5
    group = "TE" if valid_from.year - person.dob.year < 6 else None
    f = Fields()
    number = f("insurance_number", V.insurance_number(rng, place.region, group, short))
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.7))
    dob = f("date_of_birth", V.iso(person.dob), V.date_numeric(person.dob, pick(rng, "/", "-")))
    gender = f("gender", person.gender, person.gender_vi)
    vfrom = f("valid_from", V.iso(valid_from), V.date_numeric(valid_from))
    number_label = pick(rng, "Mã số BHXH", "Mã số") if short else pick(rng, "Mã thẻ", "Số thẻ", "Mã số thẻ", "Số")
    after_number = pick(rng, "", f"Mức hưởng: {pick(rng, '80%', '95%', '100%')}", f"Mã quyền lợi: {rng.randint(1, 5)}")
    blocks: list[Block] = [
        card_decor(rng.getrandbits(32)),
        Columns(
            [Figure("emblem", 20, 20)],
            [
                Line(
                    pick(rng, "BẢO HIỂM XÃ HỘI VIỆT NAM", f"BẢO HIỂM XÃ HỘI {place.region.province_short}"),
                    "small_bold",
                ),
                Line("THẺ BẢO HIỂM Y TẾ", "title", "center"),
            ],
            split=0.14,
        ),
        one_line(rng, f"{number_label}: {number}", after_number, style="bold"),
    ]
    layout = rng.random()
    if layout < 0.4:  # name, date of birth and sex on one line
        blocks.append(one_line(rng, f"Họ tên: {name}", f"Ngày sinh: {dob}", f"Giới tính: {gender}", style="small"))
    elif layout < 0.7:
        blocks += [
            one_line(rng, f"{pick(rng, 'Họ và tên', 'Họ tên')}: {name}", f"Giới tính: {gender}", style="small"),
            Line(f"Ngày sinh: {dob}", "small"),
        ]
    else:
        blocks += [
            Line(f"Họ và tên: {name}", "small"),
            one_line(
                rng, f"Ngày, tháng, năm sinh: {dob}", f"{pick(rng, 'Giới tính', 'Nam/Nữ')}: {gender}", style="small"
            ),
        ]
    blocks += [
        Line(f"{pick(rng, 'Địa chỉ', 'Nơi cư trú')}: {V.address(rng, place)}", "small"),
        one_line(
            rng,
            f"{pick(rng, 'Nơi ĐK KCB BĐ', 'Nơi đăng ký KCB ban đầu')}: {rng.choice(place.region.hospitals)}",
            f"Mã KCB: {place.region.insurance_code}{rng.randint(1, 200):03d}",
            style="small",
        ),
    ]
    r = rng.random()
    if r < 0.65:
        valid_to = (
            dt.date(valid_from.year, 12, 31)
            if rng.random() < 0.6
            else V.add_years(valid_from, 1) - dt.timedelta(days=1)
        )
        vto = f("valid_to", V.iso(valid_to), V.date_numeric(valid_to))
        if r < 0.3:
            blocks.append(Line(f"{pick(rng, 'Hạn thẻ', 'Thời hạn sử dụng')}: từ {vfrom} đến {vto}", "small"))
        elif r < 0.5:
            blocks.append(one_line(rng, f"Có giá trị từ: {vfrom}", f"Đến: {vto}", style="small"))
        else:
            blocks.append(Line(f"Giá trị sử dụng: từ ngày {vfrom} đến ngày {vto}", "small"))
    else:
        blocks.append(
            one_line(
                rng,
                f"{pick(rng, 'Giá trị sử dụng từ ngày', 'Hiệu lực từ ngày', 'Sử dụng từ ngày')}: {vfrom}",
                f"Thời điểm đủ 5 năm liên tục: {V.date_numeric(V.add_years(valid_from, rng.randint(1, 5)))}",
                style="small",
            )
        )
    blocks.append(
        Columns(
            [Figure("portrait", 28, 36)] if rng.random() < 0.5 else [],
            [
                Line(
                    f"{place.place_name}, ngày {issued.day:02d}/{issued.month:02d}/{issued.year}",
                    "small_italic",
                    "center",
                ),
                Line(pick(rng, "GIÁM ĐỐC", "KT. GIÁM ĐỐC"), "small_bold", "center"),
                Gap(
                    1.4,
                    scribble=rng.getrandbits(32),
                    seal=seal_for(rng, f"BẢO HIỂM XÃ HỘI {place.region.province_short}", card=True),
                ),
                Line(V.random_name(rng, rng.choice(("male", "female"))), "small_bold", "center"),
            ],
            split=0.5,
        )
    )
    return Document(
        "health_insurance_card",
        "THẺ BẢO HIỂM Y TẾ",
        blocks,
        f.values,
        printed=f.printed,
        page_size=CARD_PT,
        card=True,
        variant="short" if short else "long",
        sender="BHXH",
        person=person,
    )


# --------------------------------------------------------------------------- death certificate


@register("death_certificate", layout="b")
def death_certificate_b(rng: random.Random, copy: bool | None = None, **opts) -> Document:
    """The death extract drawn otherwise: numbered items with two or three fields a line,
    the declarant's own ID on the page, the place-and-date line broken in two, in the head
    or over the signature."""
    start, end = window(opts)
    registered = V.working_day(rng, start, end - dt.timedelta(days=5))
    place = place_for(rng, opts, registered)
    died = V.random_date(rng, registered - dt.timedelta(days=14), registered - dt.timedelta(days=1))
    person = V.random_person(rng, region=place.region, born=(1920, died.year - 30))
    declarant = other_person(rng, place.region, (1950, registered.year - 18))
    copy = rng.random() < 0.5 if copy is None else copy
    old_form = rng.random() < 0.2
    issued = V.working_day(rng, registered, end) if copy else registered
    upper = rng.random() < 0.5
    f = Fields()
    if old_form:
        doc_title = "GIẤY CHỨNG TỬ"
        number = f("document_number", f"{rng.randint(1, 300)}/{registered.year}")
    else:
        doc_title = "TRÍCH LỤC KHAI TỬ"
        number = f("document_number", f"{rng.randint(1, 600)}/{'TLKT-BS' if copy else pick(rng, 'TLKT', 'TLKT-BC')}")
    pd_lines, pd_date = place_date_lines(rng, place.place_name, issued)
    f("issue_date", V.iso(issued), pd_date)
    book = f"Quyển số: {rng.randint(1, 3):02d}/{registered.year}"
    number_rows = [f"Số: {number}   {book}"] if rng.random() < 0.4 else [f"Số: {number}", book]
    pd_in_head = rng.random() < 0.5
    blocks: list[Block] = [
        head_b(rng, ward_agency(place), number_rows, pd_lines if pd_in_head else None, superior=place.superior),
        *title(doc_title, *(["(BẢN SAO)"] if copy else [])),
    ]
    if rng.random() < 0.5:
        blocks.append(
            Line(
                f"{pick(rng, 'Ủy ban nhân dân', 'UBND')} {place.ward} "
                f"{pick(rng, 'trích lục việc khai tử của người có tên dưới đây', 'chứng nhận người có tên dưới đây đã chết')}:",
                "body",
                "justify",
                indent=24,
            )
        )
    name = f("full_name", person.full_name, nm(person.full_name, upper))
    dob_words = rng.random() < 0.5
    dob = f("date_of_birth", V.iso(person.dob), date_printed(rng, person.dob, words=0.5 if dob_words else 0.0))
    pid = f("personal_id", person.personal_id)
    h, m = rng.randint(0, 23), rng.randint(0, 59)
    name_label = pick(
        rng, "Họ, chữ đệm, tên người đã chết", "Họ và tên người chết", "Họ, chữ đệm, tên", "Người chết", "Họ tên"
    )
    numbered = rng.random() < 0.6
    n = iter(range(1, 20))

    def item(text: str) -> str:
        return f"{next(n)}. {text}" if numbered else text

    blocks.append(one_line(rng, item(f"{name_label}: {name}"), f"Giới tính: {person.gender_vi}"))
    if dob_words:
        blocks.append(
            one_line(rng, item(f"Ngày, tháng, năm sinh: {dob}"), f"Dân tộc: {person.ethnic}", "Quốc tịch: Việt Nam")
        )
    else:
        blocks.append(one_line(rng, item(f"{pick(rng, 'Sinh ngày', 'Ngày sinh')}: {dob}"), f"Dân tộc: {person.ethnic}"))
    id_issued = V.working_day(rng, dt.date(2016, 1, 1), died)
    r = rng.random()
    if r < 0.35:
        blocks.append(Line(item(f"Giấy tờ tùy thân: Căn cước công dân số {pid}, cấp ngày {V.date_numeric(id_issued)}")))
    elif r < 0.7:
        blocks.append(
            one_line(
                rng, item(f"{pick(rng, 'Số định danh cá nhân', 'Số CCCD')}: {pid}"), "Nơi cấp: Cục CS QLHC về TTXH"
            )
        )
    else:
        blocks.append(Line(item(f"CCCD số: {pid}")))
    blocks.append(
        Line(item(f"{pick(rng, 'Nơi cư trú cuối cùng', 'Nơi thường trú trước khi chết')}: {V.address(rng, place)}"))
    )
    r = rng.random()
    clock = f"{h:02d} giờ {m:02d} phút"
    label = pick(rng, "Ngày chết", "Chết ngày", "Mất ngày")
    # in words only where no label ending in "ngày" comes before it
    dod = f("date_of_death", V.iso(died), date_printed(rng, died, words=0.0 if 0.35 <= r < 0.6 else 0.5))
    on_day = dod if dod.startswith("ngày") else f"ngày {dod}"
    if r < 0.35:
        blocks.append(Line(item(f"Đã chết vào lúc: {clock}, {on_day}")))
    elif r < 0.6:
        blocks.append(one_line(rng, item(f"{label}: {dod}"), f"Lúc: {clock}"))
    elif r < 0.8:
        blocks.append(Line(item(f"Thời điểm chết: {clock}, {on_day}")))
    else:
        blocks.append(Line(item(f"Đã từ trần hồi {clock} {on_day}")))
    blocks.append(
        one_line(
            rng,
            item(
                "Nơi chết: "
                + rng.choice((f"Tại nhà riêng, {V.address(rng, place)}", f"{rng.choice(place.region.hospitals)}"))
            ),
            f"Nguyên nhân chết: {rng.choice(('Bệnh', 'Già yếu', 'Tai nạn giao thông', 'Bệnh tim mạch', 'Ung thư'))}",
        )
    )
    relation = rng.choice(("Con", "Vợ", "Chồng", "Cháu", "Anh", "Em"))
    blocks += [
        one_line(rng, item(f"Người đi khai tử: {declarant.full_name}"), f"Quan hệ với người chết: {relation}"),
        Line(f"Giấy tờ tùy thân của người đi khai tử: CCCD số {declarant.personal_id}", indent=14),
        Line(item(f"Nơi đăng ký khai tử: {issuing_body(place)}, {', '.join(place.parts()[1:])}")),
        Line(item(f"Ngày, tháng, năm đăng ký: {date_printed(rng, registered)}")),
    ]
    blocks.append(
        sign_b(
            rng,
            [pick(rng, "NGƯỜI KÝ TRÍCH LỤC", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")],
            V.random_name(rng, rng.choice(("male", "female"))),
            None if pd_in_head else pd_lines,
            seal=ward_seal(rng, place),
        )
    )
    return Document(
        "death_certificate",
        doc_title,
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        variant="copy" if copy else "original",
    )


# --------------------------------------------------------------------------- marriage certificate


@register("marriage_certificate", layout="b")
def marriage_certificate_b(rng: random.Random, **opts) -> Document:
    """The marriage certificate drawn otherwise: the couple in two columns headed CHỒNG /
    VỢ, or one after the other as "Anh: … Chị: …" or "Họ và tên chồng: … Ngày sinh: …";
    the registration date in a sentence or on a label."""
    start, end = window(opts)
    registered = V.working_day(rng, start, end)
    place = place_for(rng, opts, registered)
    given = opts.get("person")
    husband = (
        given
        if given and given.gender == "male"
        else V.random_person(rng, gender="male", region=place.region, born=(registered.year - 45, registered.year - 20))
    )
    wife = (
        given
        if given and given.gender == "female"
        else V.random_person(
            rng, gender="female", region=place.region, born=(husband.dob.year - 3, husband.dob.year + 8)
        )
    )
    upper = rng.random() < 0.6
    f = Fields()
    number = f("document_number", f"{rng.randint(1, 250)}/{registered.year}")
    hn = f("husband_name", husband.full_name, nm(husband.full_name, upper))
    wn = f("wife_name", wife.full_name, nm(wife.full_name, upper))
    pd_lines, _ = place_date_lines(rng, place.place_name, registered)
    book = f"Quyển số: {rng.randint(1, 3):02d}"
    blocks: list[Block] = [
        head_b(
            rng,
            ward_agency(place),
            [f"Số: {number}   {book}"] if rng.random() < 0.5 else [f"Số: {number}"],
            None,
            superior=place.superior,
        ),
        *title("GIẤY CHỨNG NHẬN KẾT HÔN"),
    ]
    people = ((husband, hn), (wife, wn))
    layout = rng.random()
    if layout < 0.35:  # two columns headed CHỒNG / VỢ
        cols = []
        for who, (p, shown) in zip(("CHỒNG", "VỢ"), people):
            cols.append(
                [
                    Line(who, "bold", "center"),
                    Line(f"{pick(rng, 'Họ, chữ đệm, tên', 'Họ và tên')}: {shown}", "bold"),
                    Line(f"Ngày sinh: {V.date_numeric(p.dob)}"),
                    Line(f"Dân tộc: {p.ethnic}   Quốc tịch: Việt Nam"),
                    Line(f"Nơi cư trú: {V.address(rng, place)}"),
                    Line(f"Giấy tờ tùy thân: CCCD số {p.personal_id}"),
                ]
            )
        blocks.append(Columns(cols[0], cols[1], split=0.5, space_before=0.3))
    else:
        plain = layout < 0.7
        for who, (p, shown) in zip(("chồng", "vợ"), people):
            label = pick(rng, "Anh", "Ông") if who == "chồng" else pick(rng, "Chị", "Bà")
            if not plain:
                label = pick(rng, f"Họ và tên {who}", f"Họ, chữ đệm, tên người {who}", f"Họ tên {who}")
            blocks += [
                one_line(rng, f"{label}: {shown}", f"Sinh ngày: {V.date_numeric(p.dob)}", f"Dân tộc: {p.ethnic}"),
                Line(f"Nơi cư trú: {V.address(rng, place)}", indent=14),
                Line(f"Giấy tờ tùy thân: Căn cước công dân số {p.personal_id}", indent=14),
            ]
    r = rng.random()
    label = pick(rng, "Ngày đăng ký", "Ngày, tháng, năm đăng ký kết hôn", "Đăng ký ngày", "Ngày đăng ký kết hôn")
    reg_text = date_printed(rng, registered, words=0.0 if r >= 0.4 and label.endswith("ngày") else 0.5)
    if r < 0.4:  # in a sentence
        on_day = reg_text if reg_text.startswith("ngày") else f"ngày {reg_text}"
        blocks.append(
            Line(
                f"Đã đăng ký kết hôn tại {issuing_body(place)}, {', '.join(place.parts()[1:])}, {on_day}.",
                "body",
                "justify",
                space_before=0.3,
            )
        )
    else:
        blocks += [
            Line(f"{pick(rng, 'Nơi đăng ký kết hôn', 'Nơi đăng ký')}: {issuing_body(place)}", space_before=0.3),
            one_line(rng, f"{label}: {reg_text}", f"Ghi vào sổ đăng ký kết hôn, {book.lower()}"),
        ]
    f("registration_date", V.iso(registered), reg_text)
    blocks.append(
        Columns(
            [
                Line("Chồng", "bold", "center"),
                Gap(2.2, scribble=rng.getrandbits(32)),
                Line(husband.full_name, "bold", "center"),
            ],
            [
                Line("Vợ", "bold", "center"),
                Gap(2.2, scribble=rng.getrandbits(32)),
                Line(wife.full_name, "bold", "center"),
            ],
            split=0.5,
            space_before=0.5,
        )
    )
    blocks.append(
        sign_b(
            rng,
            [pick(rng, "TM. ỦY BAN NHÂN DÂN", "NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN"), pick(rng, "CHỦ TỊCH", "")],
            V.random_name(rng, rng.choice(("male", "female"))),
            pd_lines,
            seal=ward_seal(rng, place),
        )
    )
    return Document(
        "marriage_certificate",
        "GIẤY CHỨNG NHẬN KẾT HÔN",
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        person=given if given in (husband, wife) else husband,
    )


# --------------------------------------------------------------------------- land use certificate


@register("land_use_certificate", layout="b")
def land_use_certificate_b(rng: random.Random, **opts) -> Document:
    """The land certificate drawn otherwise: the holder in prose ("Hộ ông (bà): …, sinh
    năm …, CCCD số …") or after "Người sử dụng đất:", the parcel's number, sheet and area
    on one line (or in a sentence), the serial under its label, a place-date line broken
    in two; one or two pages."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    owner = subject_person(rng, opts, place, (1940, issued.year - 18))
    upper = rng.random() < 0.7
    f = Fields()
    name = f("full_name", owner.full_name, nm(owner.full_name, upper))
    pid = f("personal_id", owner.personal_id)
    serial = f("certificate_serial", V.certificate_serial(rng))
    parcel_n, sheet_n = rng.randint(1, 1500), rng.randint(1, 80)
    parcel = f("parcel_number", str(parcel_n))
    sheet = f("map_sheet_number", str(sheet_n), f"{sheet_n:02d}" if rng.random() < 0.3 else str(sheet_n))
    area_v = f"{rng.randint(40, 900)}" + (f".{rng.randint(1, 9)}" if rng.random() < 0.5 else "")
    area = f("area_m2", area_v, V.decimal_vi(area_v))
    honor = "ông" if owner.gender == "male" else "bà"
    title_text = pick(
        rng,
        "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
        "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
    )
    authority = f"Ủy ban nhân dân {place.city or place.region.province}"
    blocks: list[Block] = [
        *national_center(),
        Gap(0.4),
        Line(title_text, "big_title" if len(title_text) < 40 else "title", "center"),
        Gap(0.4),
        Line(f"{authority} chứng nhận:", "italic", space_before=0.3) if rng.random() < 0.6 else Gap(0.2),
    ]
    spouse = (
        other_person(
            rng,
            place.region,
            (owner.dob.year - 5, owner.dob.year + 5),
            gender="female" if owner.gender == "male" else "male",
        )
        if rng.random() < 0.4
        else None
    )
    id_word = pick(rng, "CCCD số", "Căn cước công dân số", "số định danh cá nhân")
    r = rng.random()
    if r < 0.4:  # prose: "Hộ ông (bà): NAME, sinh năm 1960, CCCD số …"
        holder = pick(rng, "Hộ ông (bà)", f"Hộ {honor}", f"{honor.capitalize()}")
        text = f"{holder}: {name}, sinh năm {owner.dob.year}, {id_word} {pid}"
        if spouse:
            text += f"; và {'vợ' if owner.gender == 'male' else 'chồng'} {nm(spouse.full_name, upper)}, sinh năm {spouse.dob.year}, {id_word} {spouse.personal_id}"
        text += f"; địa chỉ thường trú: {V.address(rng, place)}."
        blocks += [Line("1. Người sử dụng đất:", "bold"), Line(text, "body", "justify", indent=14)]
    elif r < 0.7:  # "Người sử dụng đất: Ông NAME   Năm sinh: 1960"
        blocks += [
            Line("I. NGƯỜI SỬ DỤNG ĐẤT, CHỦ SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT", "bold"),
            one_line(rng, f"{honor.capitalize()}: {name}", f"Năm sinh: {owner.dob.year}"),
            one_line(
                rng,
                f"{id_word.capitalize()}: {pid}",
                f"Cấp ngày: {V.date_numeric(V.working_day(rng, dt.date(2016, 1, 1), issued))}",
            ),
            Line(f"Địa chỉ thường trú: {V.address(rng, place)}"),
        ]
        if spouse:
            blocks += [
                one_line(
                    rng,
                    f"{'Vợ' if owner.gender == 'male' else 'Chồng'}: {nm(spouse.full_name, upper)}",
                    f"Năm sinh: {spouse.dob.year}",
                ),
                Line(f"{id_word.capitalize()}: {spouse.personal_id}"),
            ]
    else:  # the holder's name after the statement, the ID on its own line
        blocks += [
            Line(
                f"Cấp cho {pick(rng, 'hộ ông (bà)', 'người sử dụng đất là')} {name}, sinh năm {owner.dob.year}",
                "body",
                "justify",
            ),
            Line(f"{id_word.capitalize()}: {pid}"),
            Line(f"Thường trú tại: {V.address(rng, place)}"),
        ]
    serial_label = pick(rng, "Số phát hành", "Số seri", "Số hiệu giấy chứng nhận", "Sê-ri")
    serial_on_first = rng.random() < 0.5
    if serial_on_first:
        blocks.append(Line(f"{serial_label}: {serial}", "bold", "right", space_before=0.8))
    blocks.append(PageBreak() if rng.random() < 0.6 else Gap(0.6))
    blocks.append(
        Line(
            pick(rng, "II. THỬA ĐẤT, NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", "2. Thửa đất được quyền sử dụng:"), "bold"
        )
    )
    addr = V.address(rng, place)
    purpose, origin = rng.choice(LAND_PURPOSES), rng.choice(LAND_ORIGINS)
    r = rng.random()
    if r < 0.45:
        blocks += [
            one_line(rng, f"a) Thửa đất số: {parcel}", f"Tờ bản đồ số: {sheet}", f"Diện tích: {area} m²", indent=14),
            Line(f"b) Địa chỉ thửa đất: {addr}", indent=14),
            one_line(rng, f"c) Mục đích sử dụng: {purpose}", "Thời hạn: Lâu dài", indent=14),
            Line(f"d) Nguồn gốc sử dụng: {origin}", indent=14),
        ]
    elif r < 0.75:  # in a sentence
        blocks.append(
            Line(
                f"Thửa đất số {parcel}, tờ bản đồ số {sheet}, diện tích {area} m² "
                f"({V.decimal_words(area_v)} mét vuông), tại {addr}; mục đích sử dụng: "
                f"{purpose.lower()}; thời hạn sử dụng: lâu dài; nguồn gốc: {origin.lower()}.",
                "body",
                "justify",
                indent=14,
            )
        )
    else:
        blocks += [
            Table(
                [
                    ["Số thửa", "Tờ bản đồ", "Diện tích (m²)", "Mục đích", "Thời hạn"],
                    [parcel, sheet, area, purpose, "Lâu dài"],
                ],
                [0.14, 0.16, 0.18, 0.32, 0.2],
                align=["center"] * 5,
            ),
            Line(f"Địa chỉ: {addr}"),
        ]
    if rng.random() < 0.5:
        blocks.append(one_line(rng, "Nhà ở: -", "Công trình xây dựng khác: -", "Ghi chú: -"))
    pd_lines, pd_date = place_date_lines(rng, place.place_name, issued)
    f("issue_date", V.iso(issued), pd_date)
    ring = (
        f"ỦY BAN NHÂN DÂN {place.city.upper()} * {place.region.province_short}"
        if place.city
        else f"SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG * {place.region.province_short}"
    )
    book = f"{pick(rng, 'CH', 'CS', 'CT')} {rng.randint(1, 30000):05d}"
    left = [Gap(3.0), Line(f"Vào sổ cấp giấy chứng nhận số: {book}", "small")]
    if not serial_on_first:
        left.append(Line(f"{serial_label}: {serial}", "bold"))
    blocks.append(
        sign_b(
            rng,
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if place.city else ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
            V.random_name(rng, "male"),
            pd_lines,
            seal=seal_for(rng, ring),
            left=left,
        )
    )
    return Document(
        "land_use_certificate",
        title_text,
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        variant="prose",
        person=owner,
    )


# --------------------------------------------------------------------------- construction permit


@register("construction_permit", layout="b")
def construction_permit_b(rng: random.Random, **opts) -> Document:
    """The permit drawn otherwise: a decision-like text "cấp cho hộ ông (bà) …, được phép
    xây dựng … tại …", the number under the title or in the head, the place-date line
    broken in two."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1945, issued.year - 20))
    f = Fields()
    number = f("document_number", f"{rng.randint(1, 2500)}/{pick(rng, 'GPXD', 'GPXD', 'GPXD-UBND', 'GP-UBND')}")
    pd_lines, pd_date = place_date_lines(rng, place.place_name, issued)
    f("issue_date", V.iso(issued), pd_date)
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.6))
    site = f("construction_address", V.address(rng, place))
    home = V.address(rng, place) if rng.random() < 0.6 else site
    if place.city:
        agency = ["ỦY BAN NHÂN DÂN", place.city.upper()]
        ring = f"ỦY BAN NHÂN DÂN {place.city.upper()} * {place.region.province_short}"
        body = f"Ủy ban nhân dân {place.city}"
    else:
        agency = ward_agency(place)
        ring = f"ỦY BAN NHÂN DÂN {place.ward.upper()} * {place.region.province_short}"
        body = issuing_body(place)
    number_under_title = rng.random() < 0.4
    blocks: list[Block] = [
        head_b(rng, agency, [] if number_under_title else [f"Số: {number}"], pd_lines),
        *title("GIẤY PHÉP XÂY DỰNG", pick(rng, "(Nhà ở riêng lẻ)", "(Dùng cho nhà ở riêng lẻ)")),
    ]
    if number_under_title:
        blocks.insert(-1, Line(f"Số: {number}", "bold", "center"))
    honor = pick(rng, "hộ ông (bà)", "ông (bà)", "ông" if person.gender == "male" else "bà")
    floors = rng.randint(1, 5)
    footprint = rng.randint(50, 160)
    parcel, sheet = rng.randint(1, 900), rng.randint(1, 60)
    r = rng.random()
    if r < 0.45:  # prose
        blocks.append(
            Line(
                f"{body} cấp giấy phép xây dựng cho {honor} {name}, "
                f"{pick(rng, 'địa chỉ thường trú', 'thường trú tại', 'địa chỉ')}: {home}.",
                "body",
                "justify",
                indent=24,
            )
        )
        blocks.append(
            Line(
                f"Được phép xây dựng nhà ở riêng lẻ tại thửa đất số {parcel}, tờ bản đồ số {sheet}, "
                f"địa điểm xây dựng: {site}.",
                "body",
                "justify",
                indent=24,
            )
        )
    elif r < 0.75:  # numbered items, the name with its year of birth on one line
        blocks += [
            one_line(
                rng,
                f"1. Cấp cho: {pick(rng, 'Ông (bà)', 'Hộ ông (bà)', 'Chủ đầu tư')} {name}",
                f"Năm sinh: {person.dob.year}",
            ),
            Line(f"Địa chỉ: {home}", indent=14),
            Line("2. Được phép xây dựng công trình: Nhà ở riêng lẻ"),
            one_line(rng, f"- Lô đất số: {parcel}", f"Tờ bản đồ số: {sheet}", indent=14),
            Line(
                f"- {pick(rng, 'Địa điểm xây dựng', 'Công trình xây dựng tại', 'Địa chỉ công trình')}: {site}",
                indent=14,
            ),
        ]
    else:  # "Chủ đầu tư:" and a site under another wording
        blocks += [
            Line(f"{pick(rng, 'Chủ đầu tư', 'Người đề nghị cấp phép')}: {name}", "bold"),
            Line(f"Nơi thường trú: {home}"),
            Line(f"{pick(rng, 'Vị trí xây dựng', 'Xây dựng tại')}: {site}"),
            Line(f"Thửa đất số {parcel}, tờ bản đồ số {sheet}", indent=14),
        ]
    blocks += [
        Line("Nội dung cấp phép:", "bold", space_before=0.3),
        one_line(
            rng,
            f"- Diện tích xây dựng tầng 1: {footprint} m²",
            f"Tổng diện tích sàn: {footprint * floors} m²",
            indent=14,
        ),
        one_line(
            rng,
            f"- Chiều cao công trình: {V.decimal_vi(f'{3.6 * floors + 1.2:.1f}')} m",
            f"Số tầng: {floors}",
            f"Mật độ xây dựng: {rng.choice((70, 80, 90))}%",
            indent=14,
        ),
        Line(
            f"- Giấy tờ về đất: Giấy chứng nhận quyền sử dụng đất số {V.certificate_serial(rng)}"
            f" do {pick(rng, 'UBND', 'Sở Tài nguyên và Môi trường')} cấp.",
            indent=14,
        ),
        Line(
            "Giấy phép có hiệu lực khởi công trong thời hạn 12 tháng kể từ ngày cấp; quá thời "
            "hạn trên phải đề nghị gia hạn.",
            "italic",
            "justify",
        ),
    ]
    blocks.append(
        sign_b(
            rng,
            ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if rng.random() < 0.6 else ["CHỦ TỊCH"],
            V.random_name(rng, "male"),
            seal=seal_for(rng, ring),
            left=[Line("Nơi nhận:", "small_bold"), Line("- Như trên;", "small"), Line("- Lưu: VT.", "small")],
        )
    )
    return Document(
        "construction_permit",
        "GIẤY PHÉP XÂY DỰNG",
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        variant="prose" if r < 0.45 else "items",
        person=person,
    )


# --------------------------------------------------------------------------- business registration

LEGAL_FORMS = {
    "tnhh1": "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN",
    "tnhh2": "CÔNG TY TRÁCH NHIỆM HỮU HẠN",
    "cp": "CÔNG TY CỔ PHẦN",
}


@register("business_registration", layout="b")
def business_registration_b(rng: random.Random, variant: str | None = None, **opts) -> Document:
    """The registration drawn otherwise: a long company name (legal form spelled out, two
    trades) wrapping under or after its label, the first registration date under other
    wordings, the representative's sex, date of birth and nationality on one line (a date
    the registration date must not be taken from), the ID with its issue date."""
    variant = variant or rng.choice(("tnhh1", "tnhh2", "cp", "household"))
    start, end = window(opts)
    first = V.working_day(rng, dt.date(2010, 1, 1), end - dt.timedelta(days=60))
    changed = rng.random() < 0.5
    latest = V.working_day(rng, first, end) if changed else first
    place = place_for(rng, opts, latest)
    person = subject_person(rng, opts, place, (1950, first.year - 20))
    f = Fields()
    brand = rng.choice(NAMES)
    if variant == "household":
        company = f"HỘ KINH DOANH {rng.choice(HOUSEHOLD)} {brand}"
        agency = ["ỦY BAN NHÂN DÂN", (place.city or place.ward).upper(), "PHÒNG TÀI CHÍNH - KẾ HOẠCH"]
        doc_title = "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"
    else:
        t1, t2 = rng.sample(TRADES, 2)
        company = f"{LEGAL_FORMS[variant]} {t1} {t2} {brand}"
        agency = [
            "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" if latest < dt.date(2025, 3, 1) else "SỞ TÀI CHÍNH",
            place.region.province_upper,
            "PHÒNG ĐĂNG KÝ KINH DOANH",
        ]
        doc_title = "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP"
    blocks: list[Block] = [
        Columns([Line(a, "header", "center") for a in agency], national_center(), split=0.44),
        *title(doc_title, *([f"{LEGAL_FORMS[variant]}"] if variant != "household" and rng.random() < 0.5 else [])),
    ]
    if variant == "household":
        blocks.append(Line(f"Số: {place.region.insurance_code}A8{rng.randrange(10**6):06d}", "bold", "center"))
    else:
        code = f("enterprise_code", V.enterprise_code(rng, place.region))
        blocks.append(
            Line(
                f"{pick(rng, 'Mã số doanh nghiệp', 'Mã số doanh nghiệp/Mã số thuế', 'Mã số thuế')}: {code}",
                "bold",
                "center",
            )
        )
    frd = f("first_registration_date", V.iso(first), date_printed(rng, first, words=0.6))
    on_day = frd if frd.startswith("ngày") else f"ngày {frd}"
    blocks.append(
        Line(
            pick(
                rng,
                f"Đăng ký lần đầu: {frd}",
                f"Đăng ký lần đầu, {on_day}",
                f"Ngày đăng ký lần đầu: {frd}",
                f"Cấp lần đầu {on_day}",
                f"Đăng ký mới {on_day}",
            ),
            "body",
            "center",
        )
    )
    if changed:
        blocks.append(
            Line(f"Đăng ký thay đổi lần thứ {rng.randint(1, 6)}: {date_printed(rng, latest)}", "body", "center")
        )
    cname = f("company_name", company)
    name_label = (
        "Tên hộ kinh doanh"
        if variant == "household"
        else pick(rng, "Tên doanh nghiệp viết bằng tiếng Việt", "Tên công ty viết bằng tiếng Việt", "Tên doanh nghiệp")
    )
    if rng.random() < 0.5:  # the name after its label, wrapping
        blocks.append(Line(f"1. {name_label}: {cname}", "bold"))
    else:
        blocks += [Line(f"1. {name_label}:"), Line(cname, "bold", indent=14)]
    if variant != "household":
        blocks.append(Line(f"Tên viết tắt: {V.ascii_fold(brand).replace(' ', '')} CO., LTD", indent=14))
    addr = V.address(rng, place)
    blocks += [
        Line(f"2. {pick(rng, 'Địa chỉ trụ sở chính', 'Địa điểm kinh doanh', 'Trụ sở')}: {addr}"),
        one_line(rng, f"Điện thoại: {V.phone_landline(rng, place.region)}", f"Email: {V.email(rng, brand)}", indent=14),
    ]
    if variant == "household":
        blocks.append(Line(f"3. Vốn kinh doanh: {V.money(rng.randint(5, 500) * 10**6)} đồng"))
        rep_head = pick(rng, "4. Chủ hộ kinh doanh", "4. Thông tin về chủ hộ kinh doanh")
    else:
        capital = rng.randint(1, 200) * 10**8
        blocks.append(Line(f"3. Vốn điều lệ: {V.money(capital)} đồng ({V.capitalize(V.number_words(capital))} đồng)"))
        rep_head = pick(
            rng, "4. Người đại diện theo pháp luật của công ty", "4. Thông tin về người đại diện theo pháp luật"
        )
    blocks.append(Line(rep_head, "bold"))
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.6))
    pid = f("personal_id", person.personal_id)
    dob = date_printed(rng, person.dob, words=0.0)  # after "Sinh ngày": figures
    id_issued = V.working_day(rng, dt.date(2016, 1, 1), max(first, dt.date(2017, 1, 1)))
    honor = "Ông" if person.gender == "male" else "Bà"
    r = rng.random()
    if r < 0.4:  # three fields on a line
        blocks += [
            one_line(rng, f"Họ và tên: {name}", f"Giới tính: {person.gender_vi}", f"Sinh ngày: {dob}"),
            one_line(rng, f"Dân tộc: {person.ethnic}", "Quốc tịch: Việt Nam"),
        ]
    elif r < 0.7:
        blocks += [
            one_line(
                rng,
                f"{honor}: {name}",
                f"Chức danh: {pick(rng, 'Chủ hộ') if variant == 'household' else pick(rng, 'Giám đốc', 'Tổng giám đốc')}",
            ),
            one_line(rng, f"Ngày, tháng, năm sinh: {dob}", f"Dân tộc: {person.ethnic}", "Quốc tịch: Việt Nam"),
        ]
    else:  # prose
        blocks.append(
            Line(
                f"{honor} {name}, sinh ngày {dob}, dân tộc {person.ethnic}, quốc tịch Việt Nam.",
                "body",
                "justify",
            )
        )
    r = rng.random()
    if r < 0.4:
        blocks.append(
            one_line(
                rng, f"Số định danh cá nhân: {pid}", f"Ngày cấp: {V.date_numeric(id_issued)}", "Nơi cấp: Bộ Công an"
            )
        )
    elif r < 0.7:
        blocks += [
            Line("Loại giấy tờ pháp lý của cá nhân: Thẻ căn cước công dân"),
            one_line(rng, f"Số giấy tờ pháp lý của cá nhân: {pid}", f"Cấp ngày: {V.date_numeric(id_issued)}"),
        ]
    else:
        blocks.append(
            Line(f"Căn cước công dân số {pid} do Cục Cảnh sát QLHC về TTXH cấp ngày {V.date_numeric(id_issued)}")
        )
    blocks.append(Line(f"{pick(rng, 'Địa chỉ thường trú', 'Nơi cư trú')}: {V.address(rng, place)}"))
    ring = (
        f"ỦY BAN NHÂN DÂN {(place.city or place.ward).upper()} * {place.region.province_short}"
        if variant == "household"
        else f"PHÒNG ĐĂNG KÝ KINH DOANH * {agency[0]}"
    )
    blocks.append(
        signature(
            rng,
            ["TRƯỞNG PHÒNG"] if rng.random() < 0.6 else ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"],
            V.random_name(rng, rng.choice(("male", "female"))),
            seal=seal_for(rng, ring),
        )
    )
    return Document(
        "business_registration",
        doc_title,
        blocks,
        f.values,
        printed=f.printed,
        sender="PHONG DKKD",
        variant=variant,
        person=person,
    )
