"""Layout family "b" of the office papers: QUYẾT ĐỊNH, ĐƠN / TỜ KHAI and the receipt of a
dossier, drawn independently of ``samples.doctypes``: decisions whose citizen appears only
in running text or in a numbered list, forms with two or three fields per line and an ID's
own issue date after its number, receipts in prose with long agency names that wrap."""

from __future__ import annotations

import datetime as dt
import random

from . import vocab as V
from .doctypes import (
    DECISION_SUBJECTS,
    LEGAL_BASES,
    MOTTO,
    NATIONAL,
    PROCEDURES,
    Document,
    Fields,
    dossier_barcode,
    issuing_body,
    nm,
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
from .layouts_b_parts import (
    DOB_LABELS,
    ID_LABELS,
    NAME_LABELS,
    after_label,
    cells,
    date_printed,
    head,
    honorific,
    id_with_issue,
    place_date_lines,
)
from .render import Block, Gap, Line, Table

# What a decision grants, phrased so that the citizen follows in running text
# (subject after "V/v" / "Về việc", article 1 up to the person).
DECISION_GRANTS = (
    ("cấp Giấy chứng nhận hộ nghèo năm {year}", "QĐ-UBND", "Cấp Giấy chứng nhận hộ nghèo năm {year} cho hộ"),
    ("chấp thuận hồ sơ đề nghị hỗ trợ nhà ở", "QĐ-UBND", "Chấp thuận hồ sơ đề nghị hỗ trợ nhà ở của"),
    ("giải quyết chế độ trợ cấp xã hội", "QĐ-UBND", "Giải quyết chế độ trợ cấp xã hội hằng tháng đối với"),
    ("công nhận kết quả hòa giải thành", "QĐ-UBND", "Công nhận kết quả hòa giải thành giữa các bên, trong đó có"),
    ("phê duyệt phương án bồi thường, hỗ trợ", "QĐ-UBND", "Phê duyệt phương án bồi thường, hỗ trợ cho hộ"),
)


@register("decision", layout="b")
def decision_b(rng: random.Random, n_articles: int | None = None, **opts) -> Document:
    """QUYẾT ĐỊNH, family "b": the citizen only in article 1's running text ("cấp … cho hộ
    ông (bà) X, sinh ngày …"), in a numbered list under it, or in a one-row table."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1940, issued.year - 18))
    if rng.random() < 0.5:
        subject_t, symbol, art1 = rng.choice(DECISION_GRANTS)
    else:
        subject_t, symbol, art1, _ = rng.choice(DECISION_SUBJECTS)
    subject = subject_t.format(year=issued.year)
    district = bool(place.city) and rng.random() < 0.35
    f = Fields()
    number = f("document_number", V.document_number(rng, symbol, issued.year))
    if district:
        body_name = f"Ủy ban nhân dân {place.city}"
        agency = ["ỦY BAN NHÂN DÂN", place.city.upper()]
        seal = seal_for(rng, f"ỦY BAN NHÂN DÂN {place.city.upper()} * {place.region.province_short}")
        superior = None
    else:
        body_name = issuing_body(place)
        agency = ward_agency(place)
        seal = ward_seal(rng, place)
        superior = place.superior
    f("issuer", body_name, " ".join(agency))
    pd_lines, pd_date = place_date_lines(rng, place.place_name, issued)
    f("issue_date", V.iso(issued), pd_date)
    blocks: list[Block] = head(rng, agency, number, pd_lines, superior=superior, number_label=rng.choice(("Số:", "Số")))
    subj = f("subject", subject)
    blocks += title("QUYẾT ĐỊNH", f"{rng.choice(('V/v', 'Về việc'))} {subj}")
    chairman = rng.random() < 0.5
    where = body_name.split(" dân ", 1)[1]
    blocks.append(Line(f"{'CHỦ TỊCH ' if chairman else ''}ỦY BAN NHÂN DÂN {where.upper()}", "subtitle", "center"))
    indent = rng.choice((0, 28))
    bases = list(LEGAL_BASES)
    rng.shuffle(bases)
    blocks += [Line(b, "italic", "justify", indent=indent) for b in bases[: rng.randint(2, 3)]]
    blocks.append(
        Line(
            f"Xét hồ sơ và đề nghị của {rng.choice(('bộ phận chuyên môn', 'Công chức Văn hóa - Xã hội'))},",
            "italic",
            "justify",
            indent=indent,
        )
    )
    blocks.append(Line("QUYẾT ĐỊNH:", "subtitle", "center", space_before=0.4))
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.5))
    hon = honorific(person, rng)
    with_id = rng.random() < 0.85
    with_dob = rng.random() < 0.85
    dob = f("date_of_birth", V.iso(person.dob), date_printed(rng, person.dob)) if with_dob else ""
    pid = f("personal_id", person.personal_id) if with_id else ""
    addr = V.address(rng, place)
    form = rng.random()
    if form < 0.45:  # the person only in running text
        parts = [f"{hon} {name}"]
        if with_dob:
            parts.append(f"sinh {dob}" if dob.startswith("ngày") else f"sinh ngày {dob}")
        if with_id:
            parts.append(f"{rng.choice(('CCCD số', 'số định danh cá nhân', 'số CCCD'))} {pid}")
        parts.append(f"thường trú tại {addr}")
        blocks.append(
            Line(f"Điều 1. {art1.format(year=issued.year)} {', '.join(parts)}.", "body", "justify", indent=indent)
        )
    elif form < 0.75:  # a numbered list under article 1
        blocks.append(
            Line(f"Điều 1. {art1.format(year=issued.year)} {hon} có tên sau đây:", "body", "justify", indent=indent)
        )
        items = [f"{rng.choice(NAME_LABELS[:3])}: {name}"]
        if with_dob:
            items.append(after_label(rng.choice(DOB_LABELS), dob))
        if with_id:
            items.append(f"{rng.choice(ID_LABELS)}: {pid}")
        items.append(f"{rng.choice(('Nơi cư trú', 'Địa chỉ', 'Trú tại'))}: {addr}")
        marks = rng.choice((("1.", "2.", "3.", "4."), ("a)", "b)", "c)", "d)"), ("-", "-", "-", "-")))
        blocks += [Line(f"{m} {t}", indent=indent + 14) for m, t in zip(marks, items)]
    else:  # a one-row table
        blocks.append(
            Line(
                f"Điều 1. {art1.format(year=issued.year)} {hon} có tên tại danh sách sau:",
                "body",
                "justify",
                indent=indent,
            )
        )
        header = ["TT", "Họ và tên", "Ngày sinh", "Số CCCD", "Nơi cư trú"]
        row = ["1", name, dob, pid, addr]
        keep = [k for k in range(5) if row[k] or k < 2]
        blocks.append(
            Table(
                [[header[k] for k in keep], [row[k] for k in keep]],
                [(0.06, 0.26, 0.16, 0.2, 0.32)[k] for k in keep],
                style="small",
                header_style="small_bold",
            )
        )
    n_articles = n_articles or rng.randint(3, 4)
    blocks.append(Line("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "body", "justify", indent=indent))
    for k in range(3, n_articles):
        blocks.append(
            Line(
                f"Điều {k}. Giao bộ phận chuyên môn theo dõi, hướng dẫn thực hiện và báo cáo kết quả về "
                f"Ủy ban nhân dân {where}.",
                "body",
                "justify",
                indent=indent,
            )
        )
    blocks.append(
        Line(
            f"Điều {n_articles}. Chánh Văn phòng, Thủ trưởng các bộ phận có liên quan và {hon} "
            f"{person.full_name} chịu trách nhiệm thi hành Quyết định này./.",
            "body",
            "justify",
            indent=indent,
        )
    )
    receivers = [
        Line("Nơi nhận:", "small_bold"),
        Line(f"- Như Điều {n_articles};", "small"),
        Line("- Lưu: VT, hồ sơ.", "small"),
    ]
    titles = ["CHỦ TỊCH"] if chairman else ["TM. ỦY BAN NHÂN DÂN", rng.choice(("CHỦ TỊCH", "KT. CHỦ TỊCH"))]
    chair = V.random_name(rng, rng.choice(("male", "female")))
    blocks.append(signature(rng, titles, chair, left=receivers, seal=seal))
    return Document(
        "decision",
        "QUYẾT ĐỊNH",
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        variant=("prose", "list", "table")[0 if form < 0.45 else 1 if form < 0.75 else 2],
        person=person,
    )


@register("application_form", layout="b")
def application_form_b(rng: random.Random, variant: str | None = None, **opts) -> Document:
    """ĐƠN / TỜ KHAI, family "b": a declaration form with two or three fields per line
    (form code CT01, CC01 or TK1-TS), or a letter ("Tôi tên là …, sinh ngày …") in prose.
    ``variant`` (family "a"'s names: CT01, TKKS, DON …) only picks the title of the form
    when a dossier asks for one."""
    start, end = window(opts)
    signed = V.working_day(rng, start, end)
    place = place_for(rng, opts, signed)
    person = subject_person(rng, opts, place, (1950, signed.year - 18))
    upper = rng.random() < 0.6
    f = Fields()
    addr = V.address(rng, place)
    kind = "form" if variant in ("CT01", "CC01", "TK1-TS") else "letter" if variant else rng.choice(("form", "letter"))
    blocks: list[Block] = []
    pd_lines, _ = place_date_lines(rng, place.place_name, signed, style="italic")
    id_from = max(person.dob + dt.timedelta(days=14 * 365), signed - dt.timedelta(days=2400))
    if kind == "form":
        code = variant if variant in ("CT01", "CC01", "TK1-TS") else rng.choice(("CT01", "CC01", "TK1-TS"))
        doc_title = {
            "CT01": "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
            "CC01": "TỜ KHAI CĂN CƯỚC",
            "TK1-TS": "TỜ KHAI THAM GIA, ĐIỀU CHỈNH THÔNG TIN BẢO HIỂM XÃ HỘI, BẢO HIỂM Y TẾ",
        }[code]
        shown_code = f("form_code", code)
        label = rng.choice(("Mẫu số:", "Mẫu:", "Mẫu số"))
        note = Line(f"{label} {shown_code}", "small_bold", rng.choice(("left", "right")))
        blocks += [note, Line(NATIONAL, "subtitle", "center"), Line(MOTTO, "subtitle", "center", rule_below=0.5)]
        blocks += title(doc_title, space_before=0.6)
        if code == "CT01":
            blocks.append(Line(f"Kính gửi: Công an {place.ward}", "body", "center"))
        name = f("full_name", person.full_name, nm(person.full_name, upper))
        dob = f("date_of_birth", V.iso(person.dob), date_printed(rng, person.dob))
        gender = f("gender", person.gender, person.gender_vi)
        pid = f("personal_id", person.personal_id)
        name_label = rng.choice(("Họ, chữ đệm và tên", "Họ và tên", "Họ, chữ đệm, tên khai sinh"))
        if rng.random() < 0.5:  # numbered, two per line
            blocks += [
                cells(f"1. {name_label}: {name}", f"2. Giới tính: {gender}"),
                cells(f"3. {after_label('Ngày, tháng, năm sinh', dob)}", f"4. Dân tộc: {person.ethnic}"),
                cells(f"5. Số định danh cá nhân: {pid}", f"6. Tôn giáo: {person.religion}"),
                Line(f"7. Nơi thường trú: {addr}"),
                cells(
                    f"8. Số điện thoại: {V.phone(rng)}",
                    f"9. Nghề nghiệp: {rng.choice(('Tự do', 'Công nhân', 'Nội trợ'))}",
                ),
            ]
        else:  # three per line, unnumbered
            blocks += [
                Line(f"{name_label}: {name}"),
                cells(after_label(rng.choice(DOB_LABELS), dob), f"Giới tính: {gender}", f"Dân tộc: {person.ethnic}"),
                cells(f"{rng.choice(ID_LABELS)}: {pid}", f"Điện thoại: {V.phone(rng)}"),
                Line(f"{rng.choice(('Địa chỉ thường trú', 'Nơi cư trú', 'Trú tại'))}: {addr}"),
            ]
        if code == "CT01":
            blocks.append(Line(f"Nội dung đề nghị: Đăng ký thường trú tại {addr}", "body", "justify"))
        else:
            blocks.append(Line("Nội dung đề nghị: cấp mới", "body"))
        sig_title = "NGƯỜI KÊ KHAI"
    else:
        kind_of = rng.choice(
            (
                "xác nhận tình trạng hôn nhân",
                "xác nhận hộ gia đình có hoàn cảnh khó khăn",
                "cấp lại giấy khai sinh",
                "hỗ trợ chi phí học tập cho con",
            )
        )
        doc_title = f"ĐƠN {rng.choice(('ĐỀ NGHỊ', 'XIN'))} {kind_of.upper()}"
        blocks += [Line(NATIONAL, "subtitle", "center"), Line(MOTTO, "subtitle", "center", rule_below=0.5)]
        blocks += title(doc_title, space_before=0.8)
        blocks.append(Line(f"Kính gửi: Ủy ban nhân dân {place.ward}", "body", "center"))
        name = f("full_name", person.full_name, nm(person.full_name, upper))
        dob = f("date_of_birth", V.iso(person.dob), date_printed(rng, person.dob))
        pid = f("personal_id", person.personal_id)
        born = dob if dob.startswith("ngày") else f"ngày {dob}"
        with_gender = rng.random() < 0.5
        if rng.random() < 0.5:  # all in one sentence
            gender_part = f", giới tính {f('gender', person.gender, person.gender_vi)}" if with_gender else ""
            id_part = id_with_issue(rng, pid, id_from) if rng.random() < 0.6 else pid
            blocks.append(
                Line(
                    f"Tôi tên là {name}{gender_part}, sinh {born}, CCCD số {id_part}, hiện thường trú tại {addr}.",
                    "body",
                    "justify",
                    indent=28,
                )
            )
        else:  # label lines, a trailing label after the value
            blocks.append(cells(f"Tôi tên là: {name}", f"Bí danh: {rng.choice(('Không', 'không có'))}"))
            if with_gender:
                gender = f("gender", person.gender, person.gender_vi)
                blocks.append(cells(after_label("Sinh ngày", dob), f"Nam/Nữ: {gender}"))
            else:
                blocks.append(Line(after_label("Sinh ngày", dob)))
            blocks.append(Line(f"{rng.choice(ID_LABELS)}: {id_with_issue(rng, pid, id_from)}"))
            blocks.append(Line(f"Hộ khẩu thường trú: {addr}"))
        blocks.append(
            Line(
                f"Nay tôi làm đơn này kính đề nghị Ủy ban nhân dân {place.ward} xem xét, giải quyết việc "
                f"{kind_of} cho tôi. Tôi xin cam đoan những lời khai trên là đúng sự thật.",
                "body",
                "justify",
                indent=28,
            )
        )
        sig_title = rng.choice(("NGƯỜI LÀM ĐƠN", "NGƯỜI VIẾT ĐƠN"))
    sign = signature(rng, [sig_title], person.full_name, note="(Ký và ghi rõ họ tên)", signed=True)
    sign.right[:0] = pd_lines
    blocks.append(sign)
    return Document(
        "application_form",
        doc_title,
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        variant=kind,
        person=person,
    )


@register("receipt", layout="b")
def receipt_b(
    rng: random.Random, code: str | None = None, received: dt.date | None = None, barcode: str | None = "random", **opts
) -> Document:
    """A dossier receipt, family "b": GIẤY BIÊN NHẬN / PHIẾU TIẾP NHẬN HỒ SƠ with the
    applicant in prose or on shared lines, the receipt and due dates on one line or the
    receipt date only in the (wrapped) place-and-date line, long agency names."""
    start, end = window(opts)
    received = received or V.working_day(rng, start, end)
    place = place_for(rng, opts, received)
    person = subject_person(rng, opts, place, (1950, received.year - 18))
    procedure, papers, days = rng.choice(PROCEDURES)
    due = V.add_working_days(received, days)
    code = code or V.dossier_id(rng, place.region, received)
    if barcode == "random":
        barcode = rng.choice(("code128", "qr", "qr_url", None))
    symbol = dossier_barcode(rng, code, place.region, barcode)
    provincial = rng.random() < 0.4
    if provincial:
        agency = [f"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG {place.region.province_upper}"]
        where = f"Trung tâm Phục vụ hành chính công {place.region.province}"
        seat = "Bà Rịa" if place.region is V.BRVT else place.region.cities[0][1]
    else:
        agency = [f"UBND {place.ward.upper()}", "BỘ PHẬN MỘT CỬA"]
        where = f"Bộ phận Một cửa {issuing_body(place)}"
        seat = place.place_name
    f = Fields()
    pd_lines, pd_date = place_date_lines(rng, seat, received)
    date_in_head = rng.random() < 0.3  # the receipt date only in the place-and-date line
    blocks: list[Block] = []
    if symbol is not None:
        symbol.align = rng.choice(("left", "right", "center"))
        blocks.append(symbol)
    blocks += head(rng, agency, None, pd_lines)
    doc_title = rng.choice(("GIẤY BIÊN NHẬN HỒ SƠ", "PHIẾU TIẾP NHẬN HỒ SƠ", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"))
    blocks += title(doc_title, space_before=0.6)
    shown_code = f("dossier_id", code)
    code_label = rng.choice(("Mã hồ sơ", "Mã biên nhận", "Số biên nhận", "Mã số hồ sơ"))
    if rng.random() < 0.5:
        blocks.append(cells(f"{code_label}: {shown_code}", f"Liên: {rng.choice(('01', '02'))}"))
    else:
        blocks.append(Line(f"{code_label}: {shown_code}", "bold", "center"))
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.5))
    pid = f("personal_id", person.personal_id)
    addr = V.address(rng, place)
    hon = honorific(person, rng)
    if rng.random() < 0.45:
        blocks.append(
            Line(
                f"{where} đã nhận hồ sơ của {hon} {name}, số định danh cá nhân {pid}, địa chỉ: {addr}, "
                f"về việc: {procedure}.",
                "body",
                "justify",
                indent=24,
            )
        )
    else:
        blocks += [
            Line(f"{where} tiếp nhận hồ sơ của:"),
            cells(
                f"{rng.choice(('Ông (bà)', 'Người nộp', 'Tên người nộp hồ sơ'))}: {name}", f"Điện thoại: {V.phone(rng)}"
            ),
            cells(f"{rng.choice(ID_LABELS)}: {pid}", f"Email: {V.email(rng, person.full_name)}"),
            Line(f"Địa chỉ: {addr}"),
            Line(f"Thủ tục: {procedure}"),
        ]
    blocks.append(Line("Thành phần hồ sơ gồm:", space_before=0.2))
    blocks += [Line(f"{k}. {p}: 01 bản {rng.choice(('chính', 'sao'))}", indent=18) for k, p in enumerate(papers, 1)]
    due_text = f("due_date", V.iso(due), date_printed(rng, due))
    if date_in_head:
        f("receipt_date", V.iso(received), pd_date)
        blocks.append(Line(after_label(rng.choice(("Hẹn trả kết quả vào ngày", "Ngày hẹn trả kết quả")), due_text)))
    else:
        rec_text = f("receipt_date", V.iso(received), date_printed(rng, received))
        h, m = rng.randint(7, 16), rng.choice((0, 15, 30, 45))
        rec = after_label(rng.choice(("Ngày nhận", "Tiếp nhận ngày", "Ngày tiếp nhận")), rec_text)
        due_line = after_label(rng.choice(("Hẹn trả", "Ngày hẹn trả")), due_text)
        if rng.random() < 0.5:
            blocks.append(cells(f"{rec} lúc {h:02d} giờ {m:02d}", due_line))
        else:
            blocks += [Line(f"{rec}, lúc {h:02d}:{m:02d}"), Line(due_line)]
    blocks.append(Line(f"Thời hạn giải quyết: {days:02d} ngày làm việc.", "italic"))
    left = [
        Line("NGƯỜI NỘP HỒ SƠ", "bold", "center"),
        Gap(3.0, scribble=rng.getrandbits(32)),
        Line(person.full_name, "bold", "center"),
    ]
    clerk = V.random_name(rng, rng.choice(("male", "female")))
    blocks.append(signature(rng, [rng.choice(("NGƯỜI TIẾP NHẬN", "CÁN BỘ TIẾP NHẬN"))], clerk, left=left, split=0.5))
    return Document(
        "receipt",
        doc_title,
        blocks,
        f.values,
        dossier_id=code,
        printed=f.printed,
        sender=V.ascii_fold(where).upper()[:40],
        variant=barcode or "text",
        person=person,
    )
