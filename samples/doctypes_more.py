"""Builders for the other document types: cards (citizen ID, health insurance), civil
status (death, marriage), land use certificates, construction permits, business
registrations and ``unknown`` documents (letters, minutes, notices...). See
``samples.doctypes`` for the conventions.
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
    field,
    header,
    issuing_body,
    national_center,
    nm,
    pick,
    place_for,
    register,
    seal_for,
    sender,
    signature,
    subject_person,
    title,
    value_style,
    ward_agency,
    ward_seal,
    window,
)
from .render import CARD_PT, Barcode, Block, Columns, Figure, Gap, Line, PageBreak, Table, barcode_size

# --------------------------------------------------------------------------- ID cards


def card_expiry(dob: dt.date, issued: dt.date, ages: tuple[int, ...]) -> dt.date | None:
    """The card is valid until the next age milestone that is more than two years after
    the issue date; none left: it never expires."""
    for age in ages:
        limit = V.add_years(dob, age)
        if issued < V.add_years(limit, -2):
            return limit
    return None


def mrz_check(s: str) -> str:
    values = {**{str(i): i for i in range(10)}, "<": 0, **{chr(ord("A") + i): 10 + i for i in range(26)}}
    return str(sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def mrz(pid: str, name: str, dob: dt.date, gender: str, expiry: dt.date | None) -> list[str]:
    """The three 30-character lines of a TD1 machine-readable zone."""
    doc = pid[-9:]
    line1 = f"IDVNM{doc}{mrz_check(doc)}{pid}<<"
    line1 = (line1 + "<" * 30)[:29]
    line1 += mrz_check(line1[5:29])
    b = f"{dob:%y%m%d}"
    e = f"{expiry:%y%m%d}" if expiry else "991231"
    line2 = f"{b}{mrz_check(b)}{'M' if gender == 'male' else 'F'}{e}{mrz_check(e)}VNM"
    line2 = (line2 + "<" * 30)[:29]
    line2 += mrz_check(line1[5:30] + line2[:7] + line2[8:15] + line2[18:29])
    parts = V.ascii_fold(name).upper().split()
    line3 = (f"{parts[0]}<<{'<'.join(parts[1:])}" + "<" * 30)[:30]
    return [line1, line2, line3]


def card_decor(seed: int) -> Figure:
    return Figure("card_bg", CARD_PT[0], CARD_PT[1], seed=seed, at=(0, 0))


PERSONAL_MARKS = (
    "Nốt ruồi C:1cm dưới trước mép trái",
    "Sẹo chấm C:2cm trên sau đuôi mắt phải",
    "Nốt ruồi C:1,5cm trên đầu lông mày trái",
    "Sẹo chấm C:3cm dưới cằm",
    "Nốt ruồi C:2cm dưới sau cánh mũi phải",
)


@register("citizen_id_card")
def citizen_id_card(rng: random.Random, variant: str | None = None, **opts) -> Document:
    """CĂN CƯỚC CÔNG DÂN (chip card 2021-2024), CĂN CƯỚC (2024-) or the old CHỨNG MINH NHÂN
    DÂN (9 digits): two card-size pages, front and back."""
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
    residence = V.address(rng, place)
    origin = person.hometown or rng.choice(V.HOMETOWNS)
    f = Fields()
    name = f("full_name", person.full_name, person.full_name.upper())
    bg = rng.getrandbits(32)
    signer = V.random_name(rng, "male")
    sep = rng.choice(("/", "/", "-"))
    dob = f("date_of_birth", V.iso(person.dob), V.date_numeric(person.dob, sep))
    front: list[Block] = [card_decor(bg)]
    back: list[Block] = [card_decor(bg)]
    head = [Line(NATIONAL, "header", "center"), Line(MOTTO, "header", "center")]
    if variant != "cmnd":
        head += [
            Line("SOCIALIST REPUBLIC OF VIET NAM", "small", "center"),
            Line("Independence - Freedom - Happiness", "small_italic", "center"),
        ]
    front.append(Columns([Figure("emblem", 24, 24)], head, split=0.16))
    if variant == "cmnd":
        pid = f("personal_id", V.cmnd_number(rng, place.region))
        front += [
            Line("CHỨNG MINH NHÂN DÂN", "title", "center"),
            Columns(
                [Figure("portrait", 50, 64, space_before=0.3)],
                [
                    Line(f"SỐ {pid}", "title", "left"),
                    field("Họ tên", name, "bold"),
                    field("Sinh ngày", dob),
                    field("Nguyên quán", f("place_of_origin", origin)),
                    field("Nơi ĐKHK thường trú", f("place_of_residence", residence)),
                ],
                split=0.27,
            ),
        ]
        issue_line = f"Ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
        back += [
            Columns(
                [
                    Line(f"Dân tộc: {person.ethnic}\tTôn giáo: {person.religion}", "small"),
                    Line("DẤU VẾT RIÊNG VÀ DỊ HÌNH", "small_bold", "center"),
                    Line(rng.choice(PERSONAL_MARKS), "small"),
                    Line(issue_line, "small", "center", space_before=0.3),
                    Line(f"GIÁM ĐỐC CA {place.region.province_short}", "small_bold", "center"),
                    Gap(
                        2.4,
                        scribble=rng.getrandbits(32),
                        seal=seal_for(rng, f"CÔNG AN {place.region.province_upper}", card=True),
                    ),
                    Line(signer, "small_bold", "center"),
                ],
                [
                    Line("NGÓN TRỎ TRÁI", "small_bold", "center"),
                    Figure("box", 34, 40),
                    Line("NGÓN TRỎ PHẢI", "small_bold", "center"),
                    Figure("box", 34, 40),
                ],
                split=0.62,
            )
        ]
        doc_title = "CHỨNG MINH NHÂN DÂN"
    else:
        pid = f("personal_id", person.personal_id)
        ages = (14, 25, 40, 60) if variant == "cancuoc" else (25, 40, 60)
        expiry = card_expiry(person.dob, issued, ages)
        exp_text = f(
            "expiry_date",
            V.iso(expiry) if expiry else "none",
            V.date_numeric(expiry, sep) if expiry else "Không thời hạn",
        )
        gender = f("gender", person.gender, person.gender_vi)
        qr = Barcode(
            f"{pid}|{V.cmnd_number(rng, place.region)}|{person.full_name}|"
            f"{person.dob:%d%m%Y}|{person.gender_vi}|{residence}|{issued:%d%m%Y}",
            "qr",
            module_mm=0.2,
            quiet=2,
        )
        qw, _ = barcode_size(qr)
        qr.at = (CARD_PT[0] - qw - 4, 4)
        if variant == "cccd":
            doc_title = "CĂN CƯỚC CÔNG DÂN"
            front += [
                Line("CĂN CƯỚC CÔNG DÂN", "title", "center"),
                Line("Citizen Identity Card", "small_bold", "center"),
                Columns(
                    [
                        Figure("portrait", 48, 62, space_before=0.2),
                        Line("Có giá trị đến:", "small", "center"),
                        Line("Date of expiry", "small_italic", "center"),
                        Line(exp_text, "small", "center"),
                    ],
                    [
                        Line(pid, "title", label="Số / No.:", label_style="small"),
                        Line("Họ và tên / Full name:", "small"),
                        Line(name, "bold"),
                        Line(f"Ngày sinh / Date of birth: {dob}", "small"),
                        Line(f"Giới tính / Sex: {gender}\tQuốc tịch / Nationality: Việt Nam", "small"),
                        Line("Quê quán / Place of origin:", "small"),
                        Line(f("place_of_origin", origin), "body"),
                        Line("Nơi thường trú / Place of residence:", "small"),
                        Line(f("place_of_residence", residence), "body"),
                    ],
                    split=0.27,
                ),
            ]
            back += [
                Columns(
                    [
                        Line("Đặc điểm nhân dạng / Personal identification:", "small"),
                        Line(rng.choice(PERSONAL_MARKS), "small"),
                        Line(f"Ngày, tháng, năm / Date, month, year: {V.date_numeric(issued, sep)}", "small"),
                        Line("CỤC TRƯỞNG CỤC CẢNH SÁT", "small_bold", "center"),
                        Line("QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", "small_bold", "center"),
                        Gap(
                            1.8,
                            scribble=rng.getrandbits(32),
                            seal=seal_for(rng, "BỘ CÔNG AN * CỤC CẢNH SÁT QLHC VỀ TTXH", card=True),
                        ),
                        Line(signer, "small_bold", "center"),
                    ],
                    [
                        Line("Ngón trỏ trái", "small", "center"),
                        Figure("box", 30, 34),
                        Line("Ngón trỏ phải", "small", "center"),
                        Figure("box", 30, 34),
                    ],
                    split=0.66,
                )
            ]
        else:
            doc_title = "CĂN CƯỚC"
            front += [
                Line("CĂN CƯỚC", "title", "center"),
                Line("IDENTITY CARD", "small_bold", "center"),
                Columns(
                    [Figure("portrait", 48, 62, space_before=0.2)],
                    [
                        Line("Số định danh cá nhân / Personal identification number:", "small"),
                        Line(pid, "title"),
                        Line("Họ, chữ đệm và tên khai sinh / Full name:", "small"),
                        Line(name, "bold"),
                        Line(f"Ngày, tháng, năm sinh / Date of birth: {dob}", "small"),
                        Line(f"Giới tính / Sex: {gender}", "small"),
                        Line("Quốc tịch / Nationality: Việt Nam", "small"),
                    ],
                    split=0.27,
                ),
            ]
            back += [
                Line("Nơi cư trú / Place of residence:", "small"),
                Line(f("place_of_residence", residence), "body"),
                Line("Nơi đăng ký khai sinh / Place of birth:", "small"),
                Line(f"{place.ward}, {place.region.province}", "body"),
                Line(f"Ngày, tháng, năm cấp / Date of issue: {V.date_numeric(issued, sep)}", "small"),
                Line(f"Ngày, tháng, năm hết hạn / Date of expiry: {exp_text}", "small"),
                Line("BỘ CÔNG AN / MINISTRY OF PUBLIC SECURITY", "small_bold", "center", space_before=0.2),
            ]
        if variant == "cancuoc" or rng.random() < 0.5:
            front.append(qr)  # chip cards carry a QR at the top right
        back += [
            Gap(0.3),
            *[Line(t, "code", "left") for t in mrz(pid, person.full_name, person.dob, person.gender, expiry)],
        ]
    doc = Document(
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
    return doc


@register("health_insurance_card")
def health_insurance_card(rng: random.Random, **opts) -> Document:
    """THẺ BẢO HIỂM Y TẾ: one card-size page; the old 15-character number (2 letters +
    13 digits) or, since 2021, the 10-digit social insurance number."""
    start, end = window(opts)
    valid_from = dt.date(rng.randint(max(2016, start.year), end.year), 1, 1)
    if rng.random() < 0.4:
        valid_from = valid_from.replace(month=rng.randint(1, 12))
    if valid_from > end:
        valid_from = valid_from.replace(month=1)
    issued = V.working_day(rng, valid_from - dt.timedelta(days=40), valid_from)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1940, 2020))
    short = valid_from.year >= 2021 and rng.random() < 0.5
    group = "TE" if valid_from.year - person.dob.year < 6 else None
    f = Fields()
    number = f("insurance_number", V.insurance_number(rng, place.region, group, short))
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.8))
    dob = f("date_of_birth", V.iso(person.dob), V.date_numeric(person.dob))
    gender = f("gender", person.gender, person.gender_vi)
    vfrom = f("valid_from", V.iso(valid_from), V.date_numeric(valid_from))
    blocks: list[Block] = [
        card_decor(rng.getrandbits(32)),
        Columns(
            [Figure("emblem", 22, 22)],
            [Line("BẢO HIỂM XÃ HỘI VIỆT NAM", "header", "center"), Line("THẺ BẢO HIỂM Y TẾ", "title", "center")],
            split=0.15,
        ),
        Line(number, "title", "center", label="Mã số:" if short else "Số:", label_style="small_bold"),
        field("Họ và tên", name, "bold"),
        Line(f"Ngày sinh: {dob}\tGiới tính: {gender}", "small"),
        field("Địa chỉ", V.address(rng, place), "small"),
        Line(
            f"Nơi ĐKKCB ban đầu: {rng.choice(place.region.hospitals)}\t"
            f"Mã: {place.region.insurance_code}-{rng.randint(1, 200):03d}",
            "small",
        ),
    ]
    if rng.random() < 0.6:
        valid_to = dt.date(valid_from.year, 12, 31)
        vto = f("valid_to", V.iso(valid_to), V.date_numeric(valid_to))
        blocks.append(Line(f"Giá trị sử dụng: từ {vfrom} đến {vto}", "small"))
    else:
        blocks.append(Line(f"Giá trị sử dụng từ ngày: {vfrom}", "small"))
        blocks.append(
            Line(f"Thời điểm đủ 05 năm liên tục: {V.date_numeric(V.add_years(valid_from, rng.randint(1, 5)))}", "small")
        )
    blocks.append(
        Columns(
            [Figure("portrait", 30, 38)] if rng.random() < 0.4 else [],
            [
                Line(
                    f"{place.place_name}, ngày {issued.day:02d}/{issued.month:02d}/{issued.year}",
                    "small_italic",
                    "center",
                ),
                Line("GIÁM ĐỐC", "small_bold", "center"),
                Gap(
                    1.6,
                    scribble=rng.getrandbits(32),
                    seal=seal_for(rng, f"BẢO HIỂM XÃ HỘI {place.region.province_short}", card=True),
                ),
                Line(V.random_name(rng, rng.choice(("male", "female"))), "small_bold", "center"),
            ],
            split=0.45,
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


# --------------------------------------------------------------------------- death, marriage


@register("death_certificate")
def death_certificate(rng: random.Random, copy: bool | None = None, **opts) -> Document:
    """TRÍCH LỤC KHAI TỬ (original or BẢN SAO) or the older GIẤY CHỨNG TỬ."""
    start, end = window(opts)
    registered = V.working_day(rng, start, end - dt.timedelta(days=5))
    place = place_for(rng, opts, registered)
    died = V.random_date(rng, registered - dt.timedelta(days=14), registered - dt.timedelta(days=1))
    person = V.random_person(rng, region=place.region, born=(1920, died.year - 30))
    copy = rng.random() < 0.5 if copy is None else copy
    old_form = rng.random() < 0.2
    issued = V.working_day(rng, registered, end) if copy else registered
    upper = rng.random() < 0.5
    vs = value_style(rng)
    f = Fields()
    if old_form:
        doc_title = "GIẤY CHỨNG TỬ"
        number = f("document_number", f"{rng.randint(1, 300)}/{registered.year}")
    else:
        doc_title = "TRÍCH LỤC KHAI TỬ"
        number = f("document_number", f"{rng.randint(1, 600)}/{'TLKT-BS' if copy else rng.choice(('TLKT', 'TLKT-BC'))}")
    pd_line = V.place_date(place.place_name, issued, rng)
    f("issue_date", V.iso(issued), pd_line.split(", ", 1)[1])
    blocks: list[Block] = [
        header(
            ward_agency(place),
            number,
            pd_line,
            superior=place.superior,
            rng=rng,
            extra_left=[f"Quyển số: {rng.randint(1, 3):02d}/{registered.year}"] if rng.random() < 0.5 else (),
        ),
        *title(doc_title, *(["(BẢN SAO)"] if copy else [])),
    ]
    name = f("full_name", person.full_name, nm(person.full_name, upper))
    dob = f("date_of_birth", V.iso(person.dob), V.date_any(rng, person.dob))
    pid = f("personal_id", person.personal_id)
    dod = f("date_of_death", V.iso(died), V.date_any(rng, died))
    h, m = rng.randint(0, 23), rng.randint(0, 59)
    cause = rng.choice(("Bệnh", "Già yếu", "Tai nạn giao thông", "Bệnh tim mạch", "Ung thư"))
    blocks += [
        field(pick(rng, "Họ, chữ đệm, tên", "Họ và tên người chết", "Họ, chữ đệm và tên"), name, vs),
        field("Ngày, tháng, năm sinh", dob, vs),
        Line(f"Giới tính: {person.gender_vi}\tDân tộc: {person.ethnic}\tQuốc tịch: Việt Nam"),
        field(pick(rng, "Số định danh cá nhân", "Giấy tờ tùy thân: CCCD số"), pid, vs),
        field("Nơi cư trú cuối cùng", V.address(rng, place)),
        Line(f"Đã chết vào lúc: {h:02d} giờ {m:02d} phút, {dod if dod.startswith('ngày') else 'ngày ' + dod}"),
        field(
            "Nơi chết",
            rng.choice(
                (f"Tại nhà, {V.address(rng, place)}", f"{rng.choice(place.region.hospitals)}, {place.region.province}")
            ),
        ),
        field("Nguyên nhân chết", cause),
        field(
            "Giấy báo tử/Giấy tờ thay thế Giấy báo tử số",
            f"{rng.randint(1, 900)}/GBT ngày {V.date_numeric(died + dt.timedelta(days=1))}",
        ),
        field("Họ, chữ đệm, tên người đi khai tử", V.random_name(rng, rng.choice(("male", "female")))),
        field("Nơi đăng ký khai tử", f"{issuing_body(place)}, {', '.join(place.parts()[1:])}"),
        field("Ngày, tháng, năm đăng ký", V.date_any(rng, registered)),
    ]
    blocks.append(
        signature(
            rng,
            [pick(rng, "NGƯỜI KÝ TRÍCH LỤC", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")],
            V.random_name(rng, rng.choice(("male", "female"))),
            note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)",
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


@register("marriage_certificate")
def marriage_certificate(rng: random.Random, **opts) -> Document:
    """GIẤY CHỨNG NHẬN KẾT HÔN: the couple side by side in a table, or one after the other."""
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
    upper = rng.random() < 0.5
    f = Fields()
    number = f("document_number", f"{rng.randint(1, 250)}/{registered.year}")
    hn = f("husband_name", husband.full_name, nm(husband.full_name, upper))
    wn = f("wife_name", wife.full_name, nm(wife.full_name, upper))
    reg = f("registration_date", V.iso(registered), V.date_any(rng, registered))
    blocks: list[Block] = [
        header(
            ward_agency(place),
            number,
            None,
            superior=place.superior,
            rng=rng,
            extra_left=[f"Quyển số: {rng.randint(1, 3):02d}"] if rng.random() < 0.5 else (),
        ),
        *title("GIẤY CHỨNG NHẬN KẾT HÔN"),
    ]
    rows = [
        ("Họ, chữ đệm, tên", hn, wn),
        ("Ngày, tháng, năm sinh", V.date_numeric(husband.dob), V.date_numeric(wife.dob)),
        ("Dân tộc", husband.ethnic, wife.ethnic),
        ("Quốc tịch", "Việt Nam", "Việt Nam"),
        ("Nơi cư trú", V.address(rng, place), V.address(rng, place)),
        ("Giấy tờ tùy thân", f"CCCD số {husband.personal_id}", f"CCCD số {wife.personal_id}"),
    ]
    if rng.random() < 0.55:
        blocks.append(Table([["Thông tin", "Chồng", "Vợ"], *[list(r) for r in rows]], [0.24, 0.38, 0.38], style="body"))
    else:
        for who, k in (("chồng", 1), ("vợ", 2)):
            blocks.append(Line(f"Thông tin người {who}:", "bold", space_before=0.3))
            blocks += [field(r[0], r[k], "bold" if i == 0 else "body") for i, r in enumerate(rows)]
    blocks += [
        field("Ngày, tháng, năm đăng ký", reg, "bold"),
        field("Nơi đăng ký", f"{issuing_body(place)}, {', '.join(place.parts()[1:])}"),
    ]
    blocks.append(
        Columns(
            [
                Line("Chồng", "bold", "center"),
                Line("(Ký, ghi rõ họ, chữ đệm, tên)", "small_italic", "center"),
                Gap(2.5, scribble=rng.getrandbits(32)),
                Line(husband.full_name, "bold", "center"),
            ],
            [
                Line("Vợ", "bold", "center"),
                Line("(Ký, ghi rõ họ, chữ đệm, tên)", "small_italic", "center"),
                Gap(2.5, scribble=rng.getrandbits(32)),
                Line(wife.full_name, "bold", "center"),
            ],
            split=0.5,
            space_before=0.5,
        )
    )
    blocks.append(
        signature(
            rng,
            ["NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN"],
            V.random_name(rng, rng.choice(("male", "female"))),
            note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)",
            place_date=V.place_date(place.place_name, registered, rng),
            seal=ward_seal(rng, place),
            split=0.35,
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


# --------------------------------------------------------------------------- land


LAND_PURPOSES = (
    "Đất ở tại đô thị",
    "Đất ở tại nông thôn",
    "Đất trồng cây lâu năm",
    "Đất trồng lúa",
    "Đất nuôi trồng thủy sản",
)
LAND_ORIGINS = (
    "Nhà nước giao đất có thu tiền sử dụng đất",
    "Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất",
    "Nhận chuyển nhượng quyền sử dụng đất",
    "Nhận thừa kế quyền sử dụng đất",
    "Được tặng cho quyền sử dụng đất",
)


@register("land_use_certificate")
def land_use_certificate(rng: random.Random, **opts) -> Document:
    """GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI
    ĐẤT: 2-3 pages (holder and serial; parcel and signature; sketch and changes)."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    owner = subject_person(rng, opts, place, (1940, issued.year - 18))
    upper = rng.random() < 0.7
    f = Fields()
    name = f("full_name", owner.full_name, nm(owner.full_name, upper))
    pid = f("personal_id", owner.personal_id)
    serial = f("certificate_serial", V.certificate_serial(rng))
    parcel_n = rng.randint(1, 1500)
    sheet_n = rng.randint(1, 80)
    parcel = f("parcel_number", str(parcel_n), f"{parcel_n:03d}" if rng.random() < 0.1 else str(parcel_n))
    sheet = f("map_sheet_number", str(sheet_n), f"{sheet_n:02d}" if rng.random() < 0.3 else str(sheet_n))
    area_v = f"{rng.randint(40, 900)}" + (f".{rng.randint(1, 9)}" if rng.random() < 0.5 else "")
    area = f("area_m2", area_v, V.decimal_vi(area_v))
    new_form = issued >= dt.date(2024, 8, 1) and rng.random() < 0.6
    title_lines = (
        ["GIẤY CHỨNG NHẬN", "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN", "GẮN LIỀN VỚI ĐẤT"]
        if new_form
        else ["GIẤY CHỨNG NHẬN", "QUYỀN SỬ DỤNG ĐẤT", "QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"]
    )
    honor = "Ông" if owner.gender == "male" else "Bà"
    id_label = rng.choice(("CCCD số", "Số định danh cá nhân", "Căn cước công dân số"))
    blocks: list[Block] = [
        *national_center(),
        Gap(0.6),
        Figure("emblem", 60, 60),
        Gap(0.4),
        Line(title_lines[0], "big_title", "center"),
        *[Line(t, "title", "center") for t in title_lines[1:]],
        Gap(0.8),
        Line("I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", "bold"),
        Line(f"{honor}: {name}\tSinh năm: {owner.dob.year}"),
        Line(f"{id_label}: {pid}"),
        field("Địa chỉ thường trú", V.address(rng, place)),
    ]
    if rng.random() < 0.4:
        spouse = V.random_person(
            rng,
            gender="female" if owner.gender == "male" else "male",
            region=place.region,
            born=(owner.dob.year - 5, owner.dob.year + 5),
        )
        blocks += [
            Line(
                f"Và {'vợ' if spouse.gender == 'female' else 'chồng'} "
                f"{'Bà' if spouse.gender == 'female' else 'Ông'}: "
                f"{nm(spouse.full_name, upper)}\tSinh năm: {spouse.dob.year}"
            ),
            Line(f"{id_label}: {spouse.personal_id}"),
        ]
    blocks += [Gap(1.0), Line(serial, "big_title", "right"), PageBreak()]
    blocks.append(Line("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", "bold"))
    purpose = rng.choice(LAND_PURPOSES)
    origin = rng.choice(LAND_ORIGINS)
    addr = V.address(rng, place)
    if new_form or rng.random() < 0.3:
        blocks.append(
            Table(
                [
                    ["Thửa đất số", "Tờ bản đồ số", "Diện tích (m²)", "Mục đích sử dụng", "Thời hạn sử dụng"],
                    [parcel, sheet, area, purpose, "Lâu dài"],
                ],
                [0.16, 0.16, 0.18, 0.28, 0.22],
                style="body",
                align=["center"] * 5,
            )
        )
        blocks += [field("Địa chỉ thửa đất", addr), field("Nguồn gốc sử dụng", origin)]
    else:
        blocks += [
            Line("1. Thửa đất:"),
            Line(f"a) Thửa đất số: {parcel};\tTờ bản đồ số: {sheet};", indent=14),
            field("b) Địa chỉ", addr),
            Line(f"c) Diện tích: {area} m² (Bằng chữ: {V.capitalize(V.decimal_words(area_v))} mét vuông)", indent=14),
            Line("d) Hình thức sử dụng: Sử dụng riêng", indent=14),
            Line(f"đ) Mục đích sử dụng: {purpose}", indent=14),
            Line("e) Thời hạn sử dụng: Lâu dài", indent=14),
            Line(f"g) Nguồn gốc sử dụng: {origin}", indent=14),
            Line("2. Nhà ở: -"),
            Line("3. Công trình xây dựng khác: -"),
            Line("4. Rừng sản xuất là rừng trồng: -"),
            Line("5. Cây lâu năm: -"),
            Line("6. Ghi chú: -"),
        ]
    pd_line = V.place_date(place.place_name, issued, rng)
    f("issue_date", V.iso(issued), pd_line.split(", ", 1)[1])
    if new_form or not place.city:
        titles = (
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
            if rng.random() < 0.5
            else ["SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
        )
        ring = (
            f"SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG * {place.region.province_short}"
            if titles[0].startswith("SỞ")
            else f"ỦY BAN NHÂN DÂN * {place.region.province_short}"
        )
    else:
        titles = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        ring = f"ỦY BAN NHÂN DÂN {place.city.upper()} * {place.region.province_short}"
    book = f"{rng.choice(('CS', 'CH', 'CT'))} {rng.randint(1, 30000):05d}"
    blocks.append(
        signature(
            rng,
            titles,
            V.random_name(rng, "male"),
            place_date=pd_line,
            seal=seal_for(rng, ring),
            left=[Gap(4.0), Line(f"Số vào sổ cấp GCN: {book}", "small")],
        )
    )
    if rng.random() < 0.6:
        blocks += [
            PageBreak(),
            Line("III. Sơ đồ thửa đất, nhà ở và tài sản khác gắn liền với đất", "bold"),
            Figure("parcel", 300, 230, seed=rng.getrandbits(32), space_before=0.5),
            Line("IV. Những thay đổi sau khi cấp Giấy chứng nhận", "bold", space_before=1.0),
            Table(
                [
                    ["Nội dung thay đổi và cơ sở pháp lý", "Xác nhận của cơ quan có thẩm quyền"],
                    ["", ""],
                    ["", ""],
                    ["", ""],
                ],
                [0.6, 0.4],
                style="body",
            ),
        ]
    return Document(
        "land_use_certificate",
        " ".join(title_lines),
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        variant="2024" if new_form else "2009",
        person=owner,
    )


@register("construction_permit")
def construction_permit(rng: random.Random, **opts) -> Document:
    """GIẤY PHÉP XÂY DỰNG (nhà ở riêng lẻ), issued by the district (or, after the merger,
    the ward); the investor's obligations on a second page."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1945, issued.year - 20))
    f = Fields()
    number = f("document_number", f"{rng.randint(1, 2500)}/{rng.choice(('GPXD', 'GPXD', 'GPXD-UBND', 'GPXD-QLĐT'))}")
    if rng.random() < 0.15:
        number = f("document_number", f"{rng.randint(1, 2500)}/{issued.year}/GPXD")
    pd_line = V.place_date(place.place_name, issued, rng)
    f("issue_date", V.iso(issued), pd_line.split(", ", 1)[1])
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.5))
    site = f("construction_address", V.address(rng, place))
    if place.city:
        agency, superior = ["ỦY BAN NHÂN DÂN", place.city.upper()], None
        ring = f"ỦY BAN NHÂN DÂN {place.city.upper()} * {place.region.province_short}"
    else:
        agency, superior = ward_agency(place), None
        ring = f"ỦY BAN NHÂN DÂN {place.ward.upper()} * {place.region.province_short}"
    honorific = pick(rng, "Ông", "Ông/Bà", "Ông (bà)") if person.gender == "male" else pick(rng, "Bà", "Ông/Bà")
    floors = rng.randint(1, 5)
    footprint = rng.randint(50, 160) + rng.choice((0, 0.5))
    blocks: list[Block] = [
        header(agency, number, pd_line, superior=superior, rng=rng),
        *title("GIẤY PHÉP XÂY DỰNG", "(Sử dụng cho nhà ở riêng lẻ)"),
        Line(f"1. Cấp cho: {honorific}: {name}"),
        field("- Địa chỉ", V.address(rng, place)),
        Line("2. Được phép xây dựng công trình: Nhà ở riêng lẻ"),
        Line(
            f"- Theo thiết kế: do Công ty TNHH Tư vấn Thiết kế Xây dựng "
            f"{rng.choice(('Hải Long', 'Đông Nam', 'Phú Quý', 'Sao Mai'))} lập.",
            "body",
            "justify",
        ),
        Line("- Gồm các nội dung sau:"),
        Line(f"+ Vị trí xây dựng: thửa đất số {rng.randint(1, 900)}, tờ bản đồ số {rng.randint(1, 60)}", indent=14),
        Line(f"+ Địa chỉ công trình: {site}", indent=14),
        Line(f"+ Cốt nền xây dựng công trình: +{rng.randint(2, 6) * 0.15:.2f} m".replace(".", ","), indent=14),
        Line(
            f"+ Mật độ xây dựng: {rng.choice((70, 75, 80, 85, 90))}%\tHệ số sử dụng đất: "
            f"{V.decimal_vi(str(round(floors * 0.8, 1)))}",
            indent=14,
        ),
        Line(f"+ Diện tích xây dựng tầng 1 (tầng trệt): {V.decimal_vi(str(footprint))} m²", indent=14),
        Line(f"+ Tổng diện tích sàn: {V.decimal_vi(str(footprint * floors))} m²", indent=14),
        Line(f"+ Chiều cao công trình: {V.decimal_vi(str(3.6 * floors + 1.2)[:4])} m", indent=14),
        Line(f"+ Số tầng: {floors} tầng", indent=14),
        Line(f"3. Giấy tờ về quyền sử dụng đất: Giấy chứng nhận số {V.certificate_serial(rng)}"),
        Line(
            "4. Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn 12 tháng kể từ "
            "ngày cấp; quá thời hạn trên thì phải đề nghị gia hạn giấy phép xây dựng.",
            "body",
            "justify",
        ),
    ]
    blocks.append(
        signature(
            rng,
            ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if rng.random() < 0.6 else ["CHỦ TỊCH"],
            V.random_name(rng, "male"),
            seal=seal_for(rng, ring),
            left=[Line("Nơi nhận:", "small_bold"), Line("- Chủ đầu tư;", "small"), Line("- Lưu: VT, QLĐT.", "small")],
        )
    )
    if rng.random() < 0.7:
        blocks += [
            PageBreak(),
            Line("CHỦ ĐẦU TƯ PHẢI THỰC HIỆN CÁC NỘI DUNG SAU ĐÂY:", "bold", "center"),
            *[
                Line(f"{i}. {t}", "body", "justify")
                for i, t in enumerate(
                    (
                        "Phải hoàn toàn chịu trách nhiệm trước pháp luật nếu xâm phạm các quyền "
                        "hợp pháp của các chủ sở hữu liền kề.",
                        "Phải thực hiện đúng các quy định của pháp luật về đất đai, về đầu tư "
                        "xây dựng và Giấy phép xây dựng này.",
                        "Phải thông báo cho cơ quan cấp phép xây dựng đến kiểm tra khi định vị "
                        "công trình, xây móng và công trình ngầm.",
                        "Xuất trình Giấy phép xây dựng cho cơ quan có thẩm quyền khi được yêu "
                        "cầu theo quy định của pháp luật và treo biển báo tại địa điểm xây "
                        "dựng theo quy định.",
                        "Khi điều chỉnh thiết kế làm thay đổi một trong các nội dung quy định "
                        "thì phải đề nghị điều chỉnh giấy phép xây dựng và chờ quyết định của "
                        "cơ quan cấp giấy phép.",
                    ),
                    1,
                )
            ],
            Line("ĐIỀU CHỈNH/GIA HẠN GIẤY PHÉP", "bold", "center", space_before=1.0),
            Table([["Nội dung điều chỉnh/gia hạn", "Thời gian có hiệu lực"], ["", ""], ["", ""]], [0.65, 0.35]),
        ]
    return Document(
        "construction_permit",
        "GIẤY PHÉP XÂY DỰNG",
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        person=person,
    )


# --------------------------------------------------------------------------- business

TRADES = (
    "THƯƠNG MẠI DỊCH VỤ",
    "XÂY DỰNG",
    "VẬN TẢI",
    "DU LỊCH",
    "THỦY SẢN",
    "CƠ KHÍ",
    "THỰC PHẨM",
    "ĐẦU TƯ BẤT ĐỘNG SẢN",
    "TƯ VẤN THIẾT KẾ",
    "XUẤT NHẬP KHẨU",
)
NAMES = (
    "HẢI ĐĂNG",
    "PHÚ QUÝ",
    "SAO MAI",
    "ĐÔNG NAM",
    "MINH PHÁT",
    "THÀNH CÔNG",
    "BIỂN XANH",
    "HÒA BÌNH",
    "NAM VIỆT",
    "KIM LONG",
    "TÂN PHƯỚC",
    "LONG HẢI",
    "AN KHANG",
    "VẠN LỢI",
)
HOUSEHOLD = ("TẠP HÓA", "QUÁN CÀ PHÊ", "TIỆM VÀNG", "CƠ SỞ MAY", "QUÁN ĂN", "SỬA XE")


@register("business_registration")
def business_registration(rng: random.Random, variant: str | None = None, **opts) -> Document:
    """GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP (limited or joint-stock company), its branch
    variant (code 10 + 3 digits) or GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH (no enterprise
    code)."""
    variant = variant or rng.choice(("tnhh1", "tnhh2", "cp", "branch", "household"))
    start, end = window(opts)
    first = V.working_day(rng, dt.date(2010, 1, 1), end - dt.timedelta(days=60))
    changed = rng.random() < 0.5
    latest = V.working_day(rng, first, end) if changed else first
    place = place_for(rng, opts, latest)
    person = subject_person(rng, opts, place, (1950, first.year - 20))
    f = Fields()
    trade, brand = rng.choice(TRADES), rng.choice(NAMES)
    kind = {
        "tnhh1": "CÔNG TY TNHH MỘT THÀNH VIÊN",
        "tnhh2": "CÔNG TY TNHH",
        "cp": "CÔNG TY CỔ PHẦN",
        "branch": "CHI NHÁNH CÔNG TY TNHH",
        "household": f"HỘ KINH DOANH {rng.choice(HOUSEHOLD)}",
    }[variant]
    company = f"{kind} {trade} {brand}" if variant != "household" else f"{kind} {brand}"
    province = place.region.province_upper
    if variant == "household":
        agency = ["ỦY BAN NHÂN DÂN", (place.city or place.ward).upper(), "PHÒNG TÀI CHÍNH - KẾ HOẠCH"]
        doc_title = "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"
    else:
        agency = [
            "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" if latest < dt.date(2025, 3, 1) else "SỞ TÀI CHÍNH",
            province,
            "PHÒNG ĐĂNG KÝ KINH DOANH",
        ]
        doc_title = (
            "GIẤY CHỨNG NHẬN ĐĂNG KÝ HOẠT ĐỘNG CHI NHÁNH"
            if variant == "branch"
            else "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP"
        )
    blocks: list[Block] = [Columns([Line(a, "header", "center") for a in agency], national_center(), split=0.45)]
    subtitle = {
        "tnhh1": "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN",
        "tnhh2": "CÔNG TY TRÁCH NHIỆM HỮU HẠN HAI THÀNH VIÊN TRỞ LÊN",
        "cp": "CÔNG TY CỔ PHẦN",
        "branch": "",
        "household": "",
    }[variant]
    blocks += title(doc_title, *([subtitle] if subtitle else []))
    if variant == "household":
        blocks.append(Line(f"Số: {place.region.insurance_code}A8{rng.randrange(10**6):06d}", "bold", "center"))
    else:
        code = V.enterprise_code(rng, place.region, branch=rng.randint(1, 12) if variant == "branch" else None)
        label = "Mã số chi nhánh" if variant == "branch" else "Mã số doanh nghiệp"
        blocks.append(Line(f("enterprise_code", code), "bold", "center", label=f"{label}:", label_style="bold"))
    frd = f("first_registration_date", V.iso(first), V.date_words(first))
    blocks.append(Line(f"Đăng ký lần đầu: {frd}", "body", "center"))
    if changed:
        blocks.append(Line(f"Đăng ký thay đổi lần thứ: {rng.randint(1, 6)}, {V.date_words(latest)}", "body", "center"))
    cname = f("company_name", company)
    addr = V.address(rng, place)
    if variant == "household":
        blocks += [
            field("1. Tên hộ kinh doanh", cname, "bold"),
            field("2. Địa điểm kinh doanh", addr),
            Line(f"Điện thoại: {V.phone(rng)}"),
            Line("3. Ngành, nghề kinh doanh:"),
            Table(
                [
                    ["STT", "Tên ngành", "Mã ngành"],
                    ["1", "Bán lẻ lương thực, thực phẩm, đồ uống", "4711"],
                    ["2", "Dịch vụ ăn uống khác", "5629"],
                ],
                [0.1, 0.7, 0.2],
                align=["center", "left", "center"],
            ),
            Line(f"4. Vốn kinh doanh: {V.money(rng.randint(5, 500) * 10**6)} đồng"),
            Line("5. Chủ hộ kinh doanh:", "bold"),
        ]
    else:
        capital = rng.randint(1, 200) * 10**8
        blocks += [
            Line("1. Tên công ty", "bold"),
            field("Tên công ty viết bằng tiếng Việt", cname, "bold"),
            field(
                "Tên công ty viết bằng tiếng nước ngoài",
                f"{V.ascii_fold(brand)} {rng.choice(('COMPANY LIMITED', 'JOINT STOCK COMPANY', 'CO., LTD'))}",
            ),
            Line("2. Địa chỉ trụ sở chính", "bold"),
            Line(addr),
            Line(f"Điện thoại: {V.phone_landline(rng, place.region)}\tEmail: {V.email(rng, person.full_name)}"),
        ]
        if variant != "branch":
            blocks += [
                Line("3. Vốn điều lệ", "bold"),
                Line(f"Vốn điều lệ: {V.money(capital)} đồng"),
                Line(f"Bằng chữ: {V.capitalize(V.number_words(capital))} đồng"),
            ]
        if variant in ("tnhh2", "cp"):
            rows = [["STT", "Tên thành viên", "Số CCCD", "Phần vốn góp (VNĐ)", "Tỷ lệ (%)"]]
            shares = [rng.randint(20, 60)]
            shares.append(100 - shares[0])
            members = [person, V.random_person(rng, region=place.region, born=(1955, 1995))]
            for i, (mem, s) in enumerate(zip(members, shares), 1):
                rows.append([str(i), mem.full_name, mem.personal_id, V.money(capital * s // 100), str(s)])
            blocks += [
                Line(
                    "4. Danh sách thành viên góp vốn" if variant == "tnhh2" else "4. Danh sách cổ đông sáng lập", "bold"
                ),
                Table(
                    rows,
                    [0.07, 0.3, 0.22, 0.25, 0.16],
                    style="small",
                    header_style="small_bold",
                    align=["center", "left", "center", "right", "center"],
                ),
            ]
        blocks.append(
            Line(
                f"{'5' if variant in ('tnhh2', 'cp') else '4'}. Người đại diện "
                f"theo pháp luật của {'chi nhánh' if variant == 'branch' else 'công ty'}",
                "bold",
            )
        )
        blocks.append(field("Chức danh", rng.choice(("Giám đốc", "Tổng giám đốc", "Chủ tịch công ty"))))
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.6))
    pid = f("personal_id", person.personal_id)
    id_issued = V.working_day(rng, dt.date(2016, 1, 1), max(first, dt.date(2017, 1, 1)))
    blocks += [
        Line(f"Họ và tên: {name}\tGiới tính: {person.gender_vi}"),
        Line(f"Sinh ngày: {V.date_numeric(person.dob)}\tDân tộc: {person.ethnic}\tQuốc tịch: Việt Nam"),
        field("Loại giấy tờ pháp lý của cá nhân", "Căn cước công dân"),
        Line(f"Số giấy tờ pháp lý của cá nhân: {pid}"),
        Line(f"Ngày cấp: {V.date_numeric(id_issued)}\tNơi cấp: Cục Cảnh sát QLHC về TTXH"),
        field("Địa chỉ thường trú", V.address(rng, place)),
    ]
    if variant == "household":
        ring = f"ỦY BAN NHÂN DÂN {(place.city or place.ward).upper()} * {place.region.province_short}"
        titles = ["TRƯỞNG PHÒNG"]
    else:
        ring = f"PHÒNG ĐĂNG KÝ KINH DOANH * {agency[0]} {province}"
        titles = ["TRƯỞNG PHÒNG"] if rng.random() < 0.6 else ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"]
    blocks.append(signature(rng, titles, V.random_name(rng, rng.choice(("male", "female"))), seal=seal_for(rng, ring)))
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


# --------------------------------------------------------------------------- unknown


@register("unknown")
def unknown(rng: random.Random, **opts) -> Document:
    """Papers of a dossier that are none of the catalogued types: authorisation letters,
    minutes, notices, invitations, official letters, commitments, CVs."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1950, issued.year - 18))
    other = V.random_person(rng, region=place.region, born=(1950, issued.year - 18))
    kind = rng.choice(("uyquyen", "bienban", "thongbao", "giaymoi", "congvan", "camket", "lylich"))
    pd_line = V.place_date(place.place_name, issued, rng)
    agency = ward_agency(place)
    seal = ward_seal(rng, place)
    chair = V.random_name(rng, rng.choice(("male", "female")))
    addr = V.address(rng, place)
    blocks: list[Block] = []
    if kind == "uyquyen":
        doc_title = "GIẤY ỦY QUYỀN"
        blocks += [
            *national_center(),
            *title(doc_title),
            Line("Bên ủy quyền:", "bold"),
            field("Họ và tên", person.full_name),
            field("CCCD số", person.personal_id),
            field("Địa chỉ", addr),
            Line("Bên nhận ủy quyền:", "bold"),
            field("Họ và tên", other.full_name),
            field("CCCD số", other.personal_id),
            field("Địa chỉ", V.address(rng, place)),
            Line(
                "Nội dung ủy quyền: Bên nhận ủy quyền được thay mặt bên ủy quyền nộp "
                "hồ sơ, nhận kết quả và ký các giấy tờ có liên quan tại cơ quan có "
                "thẩm quyền.",
                "body",
                "justify",
            ),
            Line(f"Thời hạn ủy quyền: kể từ ngày ký đến hết ngày {V.date_numeric(V.add_years(issued, 1))}."),
            Columns(
                [
                    Line("BÊN NHẬN ỦY QUYỀN", "bold", "center"),
                    Gap(3, scribble=rng.getrandbits(32)),
                    Line(other.full_name, "bold", "center"),
                ],
                [
                    Line(pd_line, "place_date", "center"),
                    Line("BÊN ỦY QUYỀN", "bold", "center"),
                    Gap(3, scribble=rng.getrandbits(32)),
                    Line(person.full_name, "bold", "center"),
                ],
                split=0.5,
                space_before=0.8,
            ),
        ]
    elif kind == "bienban":
        doc_title = "BIÊN BẢN"
        blocks += [
            header(agency, None, pd_line, superior=place.superior, rng=rng),
            *title(
                doc_title,
                rng.choice(
                    (
                        "Làm việc về việc xác minh nơi cư trú",
                        "Kiểm tra hiện trạng công trình xây dựng",
                        "Hòa giải tranh chấp đất đai",
                    )
                ),
            ),
            Line(
                f"Hôm nay, vào lúc {rng.randint(7, 16)} giờ, {V.date_words(issued)}, "
                f"tại trụ sở Ủy ban nhân dân {place.ward}, chúng tôi gồm:",
                "body",
                "justify",
                indent=24,
            ),
            Line(f"1. Ông/Bà {chair} - Phó Chủ tịch Ủy ban nhân dân {place.ward};", indent=24),
            Line(f"2. Ông/Bà {V.random_name(rng, 'male')} - Công chức Địa chính - Xây dựng;", indent=24),
            Line(f"3. Ông/Bà {person.full_name} - người có liên quan.", indent=24),
            Line(
                "Nội dung làm việc: Các bên đã trao đổi, thống nhất các nội dung có "
                "liên quan và đồng ý ký vào biên bản. Biên bản được lập thành 03 bản "
                "có giá trị như nhau, kết thúc vào lúc 11 giờ cùng ngày.",
                "body",
                "justify",
                indent=24,
            ),
            Columns(
                [
                    Line("NGƯỜI CÓ LIÊN QUAN", "bold", "center"),
                    Gap(3, scribble=rng.getrandbits(32)),
                    Line(person.full_name, "bold", "center"),
                ],
                [
                    Line("ĐẠI DIỆN UBND", "bold", "center"),
                    Gap(3, scribble=rng.getrandbits(32), seal=seal),
                    Line(chair, "bold", "center"),
                ],
                split=0.5,
                space_before=0.8,
            ),
        ]
    elif kind in ("thongbao", "giaymoi", "congvan"):
        number = f"{rng.randint(1, 900)}/{rng.choice(('TB-UBND', 'GM-UBND', 'UBND-VP'))}"
        doc_title = {"thongbao": "THÔNG BÁO", "giaymoi": "GIẤY MỜI", "congvan": "CÔNG VĂN"}[kind]
        subj = rng.choice(
            (
                "Về việc bổ sung hồ sơ",
                "Về việc tiếp công dân định kỳ",
                "Về việc lấy ý kiến khu dân cư",
                "Về việc niêm yết công khai",
            )
        )
        head_extra = [f"V/v {subj[8:]}"] if kind == "congvan" else []
        blocks += [header(agency, number, pd_line, superior=place.superior, rng=rng, extra_left=head_extra)]
        if kind != "congvan":
            blocks += title(doc_title, subj)
        blocks += [
            Line(f"Kính gửi: Ông/Bà {person.full_name}", "body", "center", space_before=0.5),
            Line(f"Địa chỉ: {addr}", "body", "center"),
            *[
                Line(t, "body", "justify", indent=28)
                for t in rng.sample(
                    (
                        f"Ủy ban nhân dân {place.ward} đề nghị Ông/Bà có mặt tại trụ sở vào lúc "
                        f"8 giờ 00 phút, ngày {V.date_numeric(V.add_working_days(issued, 5))} "
                        f"để làm việc.",
                        "Khi đến mang theo giấy tờ tùy thân và các giấy tờ có liên quan.",
                        "Đề nghị Ông/Bà bổ sung hồ sơ trong thời hạn 10 ngày làm việc kể từ "
                        "ngày nhận được thông báo này.",
                        "Mọi chi tiết xin liên hệ bộ phận tiếp nhận và trả kết quả để được hướng dẫn.",
                    ),
                    rng.randint(2, 4),
                )
            ],
            signature(
                rng,
                ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
                chair,
                seal=seal,
                left=[Line("Nơi nhận:", "small_bold"), Line("- Như trên;", "small"), Line("- Lưu: VT.", "small")],
            ),
        ]
    elif kind == "camket":
        doc_title = "BẢN CAM KẾT"
        blocks += [
            *national_center(),
            *title(doc_title),
            Line(f"Kính gửi: Ủy ban nhân dân {place.ward}", "body", "center"),
            field("Tôi tên là", person.full_name),
            field("Sinh năm", str(person.dob.year)),
            field("Số CCCD", person.personal_id),
            field("Thường trú tại", addr),
            Line(
                "Tôi xin cam kết thực hiện đúng các quy định về xây dựng, trật tự đô "
                "thị và vệ sinh môi trường trong quá trình thi công. Nếu vi phạm tôi "
                "xin hoàn toàn chịu trách nhiệm trước pháp luật.",
                "body",
                "justify",
                indent=24,
            ),
            signature(rng, ["NGƯỜI CAM KẾT"], person.full_name, place_date=pd_line, note="(Ký và ghi rõ họ tên)"),
        ]
    else:
        doc_title = "SƠ YẾU LÝ LỊCH"
        blocks += [
            *national_center(),
            *title(doc_title, "(Tự thuật)"),
            Columns(
                [Figure("portrait", 85, 113), Line("Ảnh 4x6", "small", "center")],
                [
                    field("Họ và tên", person.full_name.upper(), "bold"),
                    field("Giới tính", person.gender_vi),
                    field("Sinh ngày", V.date_numeric(person.dob)),
                    field("Nơi đăng ký khai sinh", place.region.province),
                    field("Quê quán", person.hometown or rng.choice(V.HOMETOWNS)),
                    field("Dân tộc", person.ethnic),
                    field("Tôn giáo", person.religion),
                    field("Số CCCD", person.personal_id),
                ],
                split=0.27,
            ),
            Line("QUAN HỆ GIA ĐÌNH", "bold", "center", space_before=0.6),
            Table(
                [
                    ["Quan hệ", "Họ và tên", "Năm sinh", "Nghề nghiệp"],
                    [
                        "Cha",
                        V.random_name(rng, "male", person.full_name.split()[0]),
                        str(person.dob.year - rng.randint(22, 35)),
                        "Hưu trí",
                    ],
                    ["Mẹ", V.random_name(rng, "female"), str(person.dob.year - rng.randint(20, 32)), "Nội trợ"],
                ],
                [0.18, 0.42, 0.15, 0.25],
            ),
            signature(rng, ["NGƯỜI KHAI"], person.full_name, place_date=pd_line, note="(Ký và ghi rõ họ tên)"),
        ]
    return Document("unknown", doc_title, blocks, {}, sender=sender(place), variant=kind, person=person)
