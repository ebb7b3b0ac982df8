"""Layout family "b" of the civil-status papers: GIẤY KHAI SINH / TRÍCH LỤC KHAI SINH and
XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ, drawn independently of ``samples.doctypes`` (parents on one
line each, dates also spelt out in words after the value, the registration date only in the
place-and-date line, the citizen named in running text)."""

from __future__ import annotations

import datetime as dt
import random

from . import vocab as V
from .doctypes import (
    Document,
    Fields,
    issuing_body,
    member_table,
    nm,
    place_for,
    register,
    relation_to_head,
    seal_for,
    sender,
    signature,
    subject_person,
    title,
    ward_agency,
    ward_seal,
    window,
)
from .layouts_b_parts import (
    DOB_LABELS,
    after_label,
    cells,
    date_printed,
    head,
    honorific,
    place_date_lines,
)
from .render import Block, Gap, Line, Table


def date_in_words(d: dt.date) -> str:
    """ "Mười hai tháng ba năm hai nghìn không trăm hai mươi" (birth certificates spell
    the date of birth out after the figures)."""
    return V.capitalize(f"{V.number_words(d.day)} tháng {V.number_words(d.month)} năm {V.number_words(d.year)}")


@register("birth_certificate", layout="b")
def birth_certificate_b(rng: random.Random, copy: bool | None = None, **opts) -> Document:
    """GIẤY KHAI SINH or TRÍCH LỤC KHAI SINH (BẢN SAO), family "b"."""
    start, end = window(opts)
    registered = V.working_day(rng, start, end - dt.timedelta(days=10))
    place = place_for(rng, opts, registered)
    region = place.region
    parent = opts.get("person")
    born_max = registered.year - 20
    father = (
        parent
        if parent and parent.gender == "male"
        else V.random_person(rng, gender="male", born=(born_max - 22, born_max), region=region)
    )
    mother = (
        parent
        if parent and parent.gender == "female"
        else V.random_person(rng, gender="female", born=(born_max - 18, born_max), region=region)
    )
    gender = rng.choice(("male", "female"))
    dob = V.random_date(rng, registered - dt.timedelta(days=58), registered - dt.timedelta(days=2))
    family = father.full_name.split()[0]
    child = V.Person(V.random_name(rng, gender, family), gender, dob, V.personal_id(rng, region, dob, gender), region)
    copy = rng.random() < 0.5 if copy is None else copy
    has_father = parent is not None and parent.gender == "male" or rng.random() < 0.88
    issued = V.working_day(rng, registered, end) if copy else registered
    upper = rng.random() < 0.7
    f = Fields()
    signer = V.random_name(rng, rng.choice(("male", "female")))
    pd_lines, pd_date = place_date_lines(rng, place.place_name, issued)
    # the original's place-and-date line is its registration date; some print no other
    reg_in_place_date = not copy and rng.random() < 0.4
    if copy:
        doc_title = "TRÍCH LỤC KHAI SINH"
        blocks: list[Block] = head(
            rng, ward_agency(place), f"{rng.randint(1, 900)}/TLKS", pd_lines, superior=place.superior
        )
        blocks += title(doc_title, rng.choice(("(BẢN SAO)", "(Bản sao)")))
        sign_pd: list[Line] = []
    else:
        doc_title = "GIẤY KHAI SINH"
        blocks = head(
            rng,
            ward_agency(place),
            None,
            None,
            extra_left=(f"Số: {rng.randint(1, 400)}", f"Quyển số: {rng.randint(1, 3):02d}"),
        )
        blocks += title(doc_title)
        sign_pd = pd_lines
        if reg_in_place_date:
            f("registration_date", V.iso(registered), pd_date)
    # the child
    name = f("full_name", child.full_name, nm(child.full_name, upper))
    dob_text = f("date_of_birth", V.iso(dob), date_printed(rng, dob))
    gender_text = f("gender", gender, child.gender_vi)
    pid = f("personal_id", child.personal_id)
    pob = f("place_of_birth", f"{rng.choice(region.hospitals)}, {region.province}")
    name_label = rng.choice(("Họ, chữ đệm, tên", "Họ và tên", "Họ, chữ đệm và tên", "Họ tên"))
    dob_line = after_label(rng.choice(DOB_LABELS), dob_text)
    if rng.random() < 0.5:  # the date also in words, on the same line
        dob_line += f" ({rng.choice(('bằng chữ', 'ghi bằng chữ', 'Bằng chữ'))}: {date_in_words(dob)})"
    blocks += [Line(f"{name_label}: {name}", "bold" if rng.random() < 0.4 else "body"), Line(dob_line)]
    if rng.random() < 0.6:
        blocks.append(cells(f"Giới tính: {gender_text}", f"Dân tộc: {child.ethnic}", "Quốc tịch: Việt Nam"))
    else:
        blocks.append(cells(f"Giới tính: {gender_text}", f"Dân tộc: {child.ethnic}"))
        blocks.append(Line("Quốc tịch: Việt Nam"))
    blocks += [
        Line(f"{rng.choice(('Nơi sinh', 'Sinh tại'))}: {pob}"),
        Line(f"Quê quán: {rng.choice(V.HOMETOWNS)}"),
        Line(f"{rng.choice(('Số định danh cá nhân', 'Mã định danh', 'Số định danh'))}: {pid}"),
    ]
    # the parents: one line each ("Mẹ: … Năm sinh: … Dân tộc: …"), a labelled block each,
    # or a heading per parent with its own "Họ và tên:" under it
    mname = f("mother_name", mother.full_name, nm(mother.full_name, upper))
    fname = f("father_name", father.full_name, nm(father.full_name, upper)) if has_father else ""
    style = rng.random()
    parents = [("mẹ", mname, mother)] + ([("cha", fname, father)] if has_father else [])
    for who, shown, p in parents:
        where = V.address(rng, place)
        if style < 0.4:
            blocks.append(
                cells(
                    f"{rng.choice(('Họ, chữ đệm, tên', 'Họ và tên'))} người {who}: {shown}",
                    f"Năm sinh: {p.dob.year}",
                    f"Dân tộc: {p.ethnic}",
                )
            )
            blocks.append(Line(f"Nơi cư trú: {where}"))
        elif style < 0.75:
            word = "Mẹ" if who == "mẹ" else rng.choice(("Cha", "Bố"))
            blocks.append(cells(f"{word}: {shown}", f"Sinh năm: {p.dob.year}", "Quốc tịch: Việt Nam"))
            blocks.append(Line(f"Thường trú: {where}", indent=20))
        else:
            blocks += [
                Line(f"{'Thông tin người mẹ' if who == 'mẹ' else 'Thông tin người cha'}:", "bold", space_before=0.2),
                Line(f"- Họ và tên: {shown}", indent=14),
                cells(f"- Năm sinh: {p.dob.year}", f"Dân tộc: {p.ethnic}", indent=14),
                Line(f"- Nơi cư trú: {where}", indent=14),
            ]
    if not has_father:
        blocks.append(Line("Họ, chữ đệm, tên người cha:", leader=True))
    # where and when it was registered
    body = f"{issuing_body(place)}, {', '.join(place.parts()[1:])}"
    if not reg_in_place_date:
        reg = f("registration_date", V.iso(registered), date_printed(rng, registered))
        if rng.random() < 0.5:
            blocks.append(Line(f"Nơi đăng ký khai sinh: {body}"))
            blocks.append(Line(after_label(rng.choice(("Ngày, tháng, năm đăng ký", "Đăng ký ngày")), reg)))
        else:  # in prose
            on = reg if reg.startswith("ngày") else f"ngày {reg}"
            blocks.append(Line(f"Đã đăng ký khai sinh {on} tại {body}.", "body", "justify", space_before=0.2))
    else:
        blocks.append(Line(f"Nơi đăng ký khai sinh: {body}"))
    if copy:
        blocks.append(
            Line(
                f"Sao từ Sổ đăng ký khai sinh, số {rng.randint(1, 400)}, quyển số {rng.randint(1, 3):02d}/{registered.year}.",
                "small_italic",
                space_before=0.3,
            )
        )
    sign = signature(
        rng,
        [rng.choice(("NGƯỜI KÝ GIẤY KHAI SINH", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"))],
        signer,
        note=rng.choice(("(Ký, ghi rõ họ tên và đóng dấu)", None)),
        seal=ward_seal(rng, place),
    )
    sign.right[:0] = sign_pd  # the original's place-and-date line (maybe wrapped) over the signature
    blocks.append(sign)
    return Document(
        "birth_certificate",
        doc_title,
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        variant="copy" if copy else "original",
        person=child,
    )


@register("residence_confirmation", layout="b")
def residence_confirmation_b(rng: random.Random, **opts) -> Document:
    """XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ, family "b": the citizen in a confirmation sentence
    or on lines of two or three fields."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1940, issued.year - 1))
    chief = V.random_name(rng, "male")
    police = f"Công an {place.ward}"
    upper = rng.random() < 0.5
    f = Fields()
    pd_lines, pd_date = place_date_lines(rng, place.place_name, issued)
    f("issue_date", V.iso(issued), pd_date)
    tail = (place.city or place.region.province_short).upper()
    blocks: list[Block] = head(
        rng,
        [f"CÔNG AN {place.ward.upper()}"],
        f"{rng.randint(1, 999)}/{rng.choice(('XN-CAP', 'XNCT', 'CAX'))}",
        pd_lines,
        superior=f"CÔNG AN {tail}",
    )
    blocks += title(rng.choice(("XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", "GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ")))
    name = f("full_name", person.full_name, nm(person.full_name, upper))
    dob = f("date_of_birth", V.iso(person.dob), date_printed(rng, person.dob))
    pid = f("personal_id", person.personal_id)
    permanent = f("permanent_address", V.address(rng, place))
    hon = honorific(person, rng)
    prose = rng.random() < 0.45
    if prose:  # one confirmation sentence
        born = dob if dob.startswith("ngày") else f"ngày {dob}"
        blocks.append(
            Line(
                f"{police} xác nhận {hon} {name}, sinh {born}, số định danh cá nhân {pid}, "
                f"hiện có nơi thường trú tại {permanent}.",
                "body",
                "justify",
                indent=28,
            )
        )
        blocks.append(Line(f"Giới tính: {person.gender_vi}\tDân tộc: {person.ethnic}\tTôn giáo: {person.religion}"))
    else:
        blocks.append(Line(f"{police} xác nhận:", "body", indent=28))
        first = "Ông (bà)" if rng.random() < 0.5 else rng.choice(("Họ và tên", "Họ, chữ đệm, tên"))
        blocks += [
            cells(f"{first}: {name}", f"Giới tính: {person.gender_vi}"),
            cells(after_label(rng.choice(DOB_LABELS), dob), f"Dân tộc: {person.ethnic}", "Quốc tịch: Việt Nam"),
            Line(f"{rng.choice(('Số định danh cá nhân', 'Số ĐDCN', 'Số CCCD'))}: {pid}"),
            Line(f"{rng.choice(('Nơi thường trú', 'Thường trú tại', 'Địa chỉ thường trú'))}: {permanent}"),
            Line(f"Nơi ở hiện tại: {rng.choice(('Như trên', permanent))}"),
        ]
    head_person = V.random_person(rng, region=place.region)
    if rng.random() < 0.5:
        blocks.append(
            cells(
                f"Chủ hộ: {head_person.full_name}",
                f"Quan hệ với chủ hộ: {relation_to_head(rng, person, head_person)}",
            )
        )
    if rng.random() < 0.4:
        blocks += [Line("Các thành viên khác trong hộ:"), member_table(rng, head_person, place, rng.randint(1, 3))]
    if rng.random() < 0.5:  # a short history table of the residence
        since = V.random_date(rng, person.dob, issued)
        blocks += [
            Line("Quá trình cư trú:", space_before=0.2),
            Table(
                [["Từ ngày", "Đến ngày", "Nơi cư trú"], [V.date_numeric(since), "nay", permanent]],
                [0.18, 0.18, 0.64],
                style="small",
                header_style="small_bold",
            ),
        ]
    blocks.append(
        Line(
            rng.choice(
                (
                    "Giấy này có giá trị 30 ngày kể từ ngày ký.",
                    "Xác nhận này có giá trị sử dụng trong thời hạn 06 tháng.",
                    "Công an xác nhận để công dân bổ sung hồ sơ theo quy định.",
                )
            ),
            "italic",
            space_before=0.3,
        )
    )
    seal = seal_for(rng, f"CÔNG AN {place.ward.upper()} * {tail}")
    blocks.append(Gap(0.2))
    blocks.append(
        signature(
            rng,
            rng.choice((["TRƯỞNG CÔNG AN"], ["KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"])),
            f"{rng.choice(('Thiếu tá', 'Trung tá', 'Đại úy'))} {chief}",
            seal=seal,
        )
    )
    return Document(
        "residence_confirmation",
        "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ",
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place, "CONG AN"),
        variant="prose" if prose else "lines",
        person=person,
    )
