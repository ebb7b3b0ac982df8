"""One builder per document type.

A builder takes a ``random.Random`` (plus optional keyword options) and returns a
``Document``: the blocks to lay out and the truth ``fields`` in canonical form
(shared/spec/document-types.md). Only fields that are printed go into ``fields``. Register
a new type with ``@register("code")``; ``build(code, rng)`` dispatches.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Callable, Sequence

from . import vocab as V
from .render import Block, Columns, Gap, Line, nfc

EARLIEST = dt.date(2016, 1, 1)
LATEST = dt.date(2025, 6, 30)


@dataclass
class Document:
    doc_type: str
    title: str
    blocks: list[Block]
    fields: dict[str, str]
    dossier_id: str | None = None

    def __post_init__(self) -> None:
        self.fields = {k: nfc(v) for k, v in self.fields.items()}


Builder = Callable[..., Document]
BUILDERS: dict[str, Builder] = {}


def register(code: str) -> Callable[[Builder], Builder]:
    def deco(fn: Builder) -> Builder:
        BUILDERS[code] = fn
        return fn
    return deco


def build(code: str, rng: random.Random, **options) -> Document:
    try:
        builder = BUILDERS[code]
    except KeyError:
        raise ValueError(f"unknown document type {code!r}; known: {sorted(BUILDERS)}") from None
    return builder(rng, **options)


# --------------------------------------------------------------------------- common parts

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def national_header() -> list[Line]:
    return [Line(NATIONAL, "header", "center"),
            Line(MOTTO, "header", "center", rule_below=1.0)]


def header(agency: Sequence[str], number: str | None, place_date: str | None,
           superior: str | None = None, extra_left: Sequence[str] = ()) -> Columns:
    """The two-column head: agency and number on the left; national header and the
    place-date line on the right."""
    left: list[Line | Gap] = []
    if superior:
        left.append(Line(superior, "header_plain", "center"))
    for i, name in enumerate(agency):
        left.append(Line(name, "header", "center",
                         rule_below=0.4 if i == len(agency) - 1 else 0.0))
    if number:
        left.append(Line(f"Số: {number}", "body", "center", space_before=0.3))
    left += [Line(t, "body", "center") for t in extra_left]
    right: list[Line | Gap] = list(national_header())
    if place_date:
        right.append(Line(place_date, "place_date", "center", space_before=0.3))
    return Columns(left, right, split=0.44)


def title(text: str, *subtitles: str, space_before: float = 1.2) -> list[Line]:
    blocks = [Line(text, "title", "center", space_before=space_before)]
    blocks += [Line(s, "subtitle", "center") for s in subtitles]
    blocks.append(Gap(0.5))
    return blocks


def signature(rng: random.Random, titles: Sequence[str], name: str,
              note: str | None = None, place_date: str | None = None,
              left: Sequence[Line | Gap] = (), split: float = 0.4) -> Columns:
    right: list[Line | Gap] = []
    if place_date:
        right.append(Line(place_date, "place_date", "center"))
    right += [Line(t, "bold", "center") for t in titles]
    if note:
        right.append(Line(note, "small_italic", "center"))
    right += [Gap(3.2, scribble=rng.getrandbits(32)), Line(name, "bold", "center")]
    return Columns(list(left), right, split=split, space_before=0.8)


def field(label: str, value: str, style: str = "body") -> Line:
    """"label: value", the value in ``style`` (forms often print values in bold)."""
    return Line(value, style, label=f"{label}:", label_style="body")


def value_style(rng: random.Random) -> str:
    return "bold" if rng.random() < 0.35 else "body"


def pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def ward_agency(place: V.Place) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", V.ward_title(place.ward)]


def issuing_body(place: V.Place) -> str:
    return f"Ủy ban nhân dân {place.ward}"


# --------------------------------------------------------------------------- birth certificate


@register("birth_certificate")
def birth_certificate(rng: random.Random, copy: bool | None = None, **_) -> Document:
    """GIẤY KHAI SINH (original) or TRÍCH LỤC KHAI SINH (BẢN SAO)."""
    place = V.random_place(rng)
    region = place.region
    family = rng.choice(V.FAMILY)
    mother = V.random_person(rng, gender="female", born=(1980, 2000), region=region)
    father = V.random_person(rng, gender="male", born=(1976, 1998), region=region, family=family)
    gender = rng.choice(("male", "female"))
    dob = V.random_date(rng, max(EARLIEST, mother.dob.replace(year=mother.dob.year + 19)),
                        LATEST - dt.timedelta(days=90))
    child = V.Person(V.random_name(rng, gender, family), gender, dob,
                     V.personal_id(rng, region, dob, gender), region)
    registered = V.working_day(rng, dob + dt.timedelta(days=3), dob + dt.timedelta(days=55))
    copy = rng.random() < 0.5 if copy is None else copy
    has_father = rng.random() < 0.9
    place_of_birth = f"{rng.choice(region.hospitals)}, {region.province}"
    issued = V.working_day(rng, registered, LATEST) if copy else registered
    upper = rng.random() < 0.6
    vs = value_style(rng)

    def nm(name: str) -> str:
        return name.upper() if upper else name

    if copy:
        doc_title = "TRÍCH LỤC KHAI SINH"
        number = f"{rng.randint(1, 900)}/TLKS-BS"
        head = header(ward_agency(place), number, V.place_date(place.place_name, issued),
                      superior=f"UBND {place.city.upper()}")
        blocks: list[Block] = [head, *title(doc_title, "(BẢN SAO)")]
        sign = signature(rng, ["NGƯỜI KÝ TRÍCH LỤC"], V.random_name(rng, rng.choice(("male", "female"))),
                         note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)")
    else:
        doc_title = "GIẤY KHAI SINH"
        head = header(ward_agency(place), str(rng.randint(1, 400)), None,
                      extra_left=[f"Quyển số: {rng.randint(1, 3):02d}/{registered.year}"])
        blocks = [head, *title(doc_title)]
        sign = signature(rng, ["NGƯỜI KÝ GIẤY KHAI SINH"],
                         V.random_name(rng, rng.choice(("male", "female"))),
                         note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)",
                         place_date=V.place_date(place.place_name, registered))

    name_label = pick(rng, "Họ, chữ đệm, tên", "Họ và tên", "Họ, chữ đệm và tên")
    parent_label = "Họ, chữ đệm, tên" if name_label != "Họ và tên" else "Họ và tên"
    blocks += [
        field(name_label, nm(child.full_name), vs),
        field(pick(rng, "Ngày, tháng, năm sinh", "Ngày sinh"), V.date_any(rng, dob), vs),
        Line(f"Giới tính: {child.gender_vi}\tDân tộc: Kinh\tQuốc tịch: Việt Nam"),
        field("Nơi sinh", place_of_birth),
        field("Quê quán", rng.choice(V.HOMETOWNS)),
        field("Số định danh cá nhân", child.personal_id, vs),
        field(f"{parent_label} người mẹ", nm(mother.full_name), vs),
        Line(f"Năm sinh: {mother.dob.year}\tDân tộc: Kinh\tQuốc tịch: Việt Nam"),
        field("Nơi cư trú", V.address(rng, place)),
    ]
    if has_father:
        blocks += [
            field(f"{parent_label} người cha", nm(father.full_name), vs),
            Line(f"Năm sinh: {father.dob.year}\tDân tộc: Kinh\tQuốc tịch: Việt Nam"),
            field("Nơi cư trú", V.address(rng, place)),
        ]
    else:
        blocks.append(field(f"{parent_label} người cha", ""))
    blocks += [
        field("Nơi đăng ký khai sinh",
              f"{issuing_body(place)}, {place.city}, {region.province}"),
        field("Ngày, tháng, năm đăng ký", V.date_any(rng, registered), vs),
        sign,
    ]
    fields = {
        "full_name": child.full_name,
        "date_of_birth": V.iso(dob),
        "gender": gender,
        "personal_id": child.personal_id,
        "place_of_birth": place_of_birth,
        "mother_name": mother.full_name,
        "registration_date": V.iso(registered),
    }
    if has_father:
        fields["father_name"] = father.full_name
    return Document("birth_certificate", doc_title, blocks, fields)


# --------------------------------------------------------------------------- decision

DECISION_SUBJECTS = (
    # (subject after "Về việc", number symbol, article 1 before the person, article 2)
    ("công nhận hộ cận nghèo năm {year}", "QĐ-UBND",
     "Công nhận hộ cận nghèo năm {year} đối với hộ gia đình",
     "Hộ gia đình có tên tại Điều 1 được hưởng các chính sách hỗ trợ theo quy định hiện hành."),
    ("hỗ trợ kinh phí sửa chữa nhà ở", "QĐ-UBND",
     "Hỗ trợ kinh phí sửa chữa nhà ở với số tiền 20.000.000 đồng (Hai mươi triệu đồng) cho",
     "Kinh phí hỗ trợ được chi từ nguồn ngân sách phường năm {year}."),
    ("trợ cấp xã hội hằng tháng", "QĐ-UBND",
     "Trợ cấp xã hội hằng tháng với mức 500.000 đồng/tháng cho",
     "Thời gian hưởng trợ cấp kể từ tháng {month} năm {year}."),
    ("xử phạt vi phạm hành chính", "QĐ-XPVPHC",
     "Xử phạt vi phạm hành chính với hình thức phạt tiền 1.500.000 đồng đối với",
     "Người bị xử phạt phải nộp tiền phạt trong thời hạn 10 ngày kể từ ngày nhận Quyết định."),
)

LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ "
    "sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày "
    "22 tháng 11 năm 2019;",
    "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính "
    "sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội;",
    "Căn cứ Quyết định của Ủy ban nhân dân tỉnh về việc ban hành quy định phân cấp quản lý "
    "trên địa bàn;",
    "Căn cứ kết quả rà soát, đánh giá của Ban chỉ đạo phường;",
)


@register("decision")
def decision(rng: random.Random, n_articles: int | None = None, **_) -> Document:
    """QUYẾT ĐỊNH of a ward People's Committee concerning one citizen. ``n_articles``
    (default 3-4, at most 18) lengthens the body; 9 or more usually spills onto a second
    page."""
    place = V.random_place(rng)
    issued = V.working_day(rng, EARLIEST, LATEST)
    person = V.random_person(rng, region=place.region, born=(1940, issued.year - 18))
    subject_t, symbol, art1, art2 = rng.choice(DECISION_SUBJECTS)
    subject = subject_t.format(year=issued.year)
    number = V.document_number(rng, symbol)
    chair = V.random_name(rng, rng.choice(("male", "female")))
    addr = V.address(rng, place)
    blocks: list[Block] = [
        header(ward_agency(place), number, V.place_date(place.place_name, issued),
               superior=f"UBND {place.city.upper()}"),
        *title("QUYẾT ĐỊNH", f"Về việc {subject}"),
        Line(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {V.ward_title(place.ward)}", "subtitle", "center"),
        Gap(0.4),
    ]
    bases = list(LEGAL_BASES)
    rng.shuffle(bases)
    blocks += [Line(b, "italic", "justify", indent=28) for b in bases[:rng.randint(2, 4)]]
    blocks.append(Line(f"Xét đề nghị của Công chức Văn hóa - Xã hội {place.ward}.",
                       "italic", "justify", indent=28))
    blocks.append(Line("QUYẾT ĐỊNH:", "subtitle", "center", space_before=0.5))
    dob_text = V.date_any(rng, person.dob)
    dob_phrase = f"sinh {dob_text}" if dob_text.startswith("ngày") else f"sinh ngày {dob_text}"
    blocks.append(Line(
        f"Điều 1. {art1} {person.honorific} {person.full_name}, {dob_phrase}, số định danh "
        f"cá nhân: {person.personal_id}; nơi cư trú: {addr}.", "body", "justify", indent=28))
    blocks.append(Line(f"Điều 2. {art2.format(year=issued.year, month=issued.month)}",
                       "body", "justify", indent=28))
    n_articles = n_articles or rng.randint(3, 4)
    extra = (
        "Giao Công chức Tài chính - Kế toán phối hợp với các bộ phận có liên quan tổ chức "
        "thực hiện, theo dõi và báo cáo kết quả về Ủy ban nhân dân {ward}.",
        "Trong quá trình thực hiện, nếu có vướng mắc phát sinh, các cơ quan, đơn vị, cá nhân "
        "kịp thời phản ánh về Ủy ban nhân dân {ward} để xem xét, giải quyết theo thẩm quyền.",
        "Quyết định này có hiệu lực kể từ ngày ký. Các quy định trước đây trái với Quyết định "
        "này đều bãi bỏ.",
        "Trưởng khu phố nơi cư trú có trách nhiệm thông báo nội dung Quyết định này đến người "
        "có tên tại Điều 1 và theo dõi việc chấp hành.",
        "Công chức Tư pháp - Hộ tịch có trách nhiệm cập nhật thông tin vào hồ sơ, sổ sách "
        "theo quy định.",
        "Người có tên tại Điều 1 có quyền khiếu nại hoặc khởi kiện đối với Quyết định này "
        "theo quy định của pháp luật.",
        "Văn phòng HĐND và UBND {ward} có trách nhiệm lưu trữ hồ sơ và công khai Quyết định "
        "này theo quy định.",
        "Giao Trưởng khu phố phối hợp với Ban công tác Mặt trận khu phố giám sát việc thực "
        "hiện.",
    )
    for k, text in zip(range(3, n_articles), rng.sample(extra, len(extra)) * 2):
        blocks.append(Line(f"Điều {k}. " + text.format(ward=place.ward), "body", "justify",
                           indent=28))
    blocks.append(Line(
        f"Điều {n_articles}. Văn phòng HĐND và UBND {place.ward}, Công chức Văn hóa - Xã hội, "
        f"các bộ phận có liên quan và {person.honorific} {person.full_name} chịu trách nhiệm "
        f"thi hành Quyết định này./.", "body", "justify", indent=28))
    receivers = [Line("Nơi nhận:", "small_bold"), Line("- Như Điều " + str(n_articles) + ";", "small"),
                 Line(f"- UBND {place.city};", "small"), Line("- Lưu: VT.", "small")]
    blocks.append(signature(rng, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], chair, left=receivers))
    fields = {
        "document_number": number,
        "issue_date": V.iso(issued),
        "issuer": issuing_body(place),
        "subject": subject,
        "full_name": person.full_name,
        "personal_id": person.personal_id,
        "date_of_birth": V.iso(person.dob),
    }
    return Document("decision", "QUYẾT ĐỊNH", blocks, fields)


# --------------------------------------------------------------------------- application form CT01

def relation_to_head(rng: random.Random, person: V.Person, head: V.Person) -> str:
    """A relation consistent with the two people's sexes and ages."""
    if head.gender != person.gender and abs(head.dob.year - person.dob.year) < 15 \
            and rng.random() < 0.6:
        return "Vợ" if person.gender == "female" else "Chồng"
    if person.dob.year - head.dob.year >= 18:      # the person is a generation younger
        return rng.choice(("Con", "Cháu"))
    if head.dob.year - person.dob.year >= 18:      # ... or older
        return "Bố" if person.gender == "male" else "Mẹ"
    older = person.dob < head.dob
    return ("Anh ruột" if person.gender == "male" else "Chị ruột") if older else "Em ruột"


@register("application_form")
def application_form(rng: random.Random, **_) -> Document:
    """TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ (form CT01), filled in by the applicant."""
    place = V.random_place(rng)
    signed = V.working_day(rng, EARLIEST, LATEST)
    person = V.random_person(rng, born=(1950, signed.year - 16), region=place.region)
    head = V.random_person(rng, born=(1945, signed.year - 18), region=place.region)
    relation = relation_to_head(rng, person, head)
    addr = V.address(rng, place)
    request = rng.choice((f"Đăng ký thường trú tại {addr}", f"Đăng ký tạm trú tại {addr}",
                          f"Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú"))
    upper = rng.random() < 0.7
    vs = value_style(rng)
    form_note = ["Mẫu CT01 ban hành kèm theo Thông tư", "số 66/2023/TT-BCA"]
    blocks: list[Block] = [
        Columns([], [Line(t, "small_italic", "right") for t in form_note], split=0.5),
        *[Line(t.text, "title" if t.text == NATIONAL else "subtitle", "center",
               rule_below=t.rule_below) for t in national_header()],
        *title("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", space_before=0.8),
        Line(f"Kính gửi: Công an {place.ward}", "body", "center"),
        Gap(0.4),
        field("1. Họ, chữ đệm và tên", person.full_name.upper() if upper else person.full_name, vs),
        Line(f"2. Ngày, tháng, năm sinh: {V.date_any(rng, person.dob)}\t"
             f"3. Giới tính: {person.gender_vi}"),
        field("4. Số định danh cá nhân", person.personal_id, vs),
        Line(f"5. Số điện thoại liên hệ: {V.phone(rng)}\t6. Email: {V.email(rng, person.full_name)}"),
        field("7. Họ, chữ đệm và tên chủ hộ", head.full_name, vs),
        field("8. Mối quan hệ với chủ hộ", relation, vs),
        field("9. Số định danh cá nhân của chủ hộ", head.personal_id, vs),
        field("10. Nội dung đề nghị", request, vs),
        field("11. Những thành viên trong hộ gia đình cùng thay đổi", "Không", vs),
    ]
    left = [Line("Ý KIẾN CỦA CHỦ HỘ", "bold", "center"),
            Line("(Ghi rõ nội dung, ký, ghi rõ họ tên)", "small_italic", "center"),
            Line("Đồng ý", "italic", "center"),
            Gap(2.0, scribble=rng.getrandbits(32)),
            Line(head.full_name, "bold", "center")]
    blocks.append(signature(rng, ["NGƯỜI KÊ KHAI"], person.full_name,
                            note="(Ký, ghi rõ họ tên)",
                            place_date=V.place_date(place.place_name, signed),
                            left=left, split=0.45))
    fields = {
        "form_code": "CT01",
        "full_name": person.full_name,
        "date_of_birth": V.iso(person.dob),
        "gender": person.gender,
        "personal_id": person.personal_id,
    }
    return Document("application_form", "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", blocks, fields)


# --------------------------------------------------------------------------- receipt

PROCEDURES = (
    ("Đăng ký khai sinh", ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"), 1),
    ("Đăng ký thường trú", ("Tờ khai thay đổi thông tin cư trú (CT01)",
                            "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp"), 7),
    ("Cấp bản sao trích lục hộ tịch", ("Tờ khai cấp bản sao trích lục hộ tịch",), 1),
    ("Chứng thực hợp đồng, giao dịch", ("Dự thảo hợp đồng", "Bản sao giấy tờ tùy thân",
                                       "Bản sao giấy chứng nhận quyền sử dụng đất"), 2),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", ("Đơn đề nghị cấp giấy phép xây dựng",
                                              "Bản vẽ thiết kế xây dựng",
                                              "Giấy tờ chứng minh quyền sử dụng đất"), 15),
)


@register("receipt")
def receipt(rng: random.Random, **_) -> Document:
    """GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ with its dossier code (mã hồ sơ)."""
    place = V.random_place(rng)
    received = V.working_day(rng, EARLIEST, LATEST)
    person = V.random_person(rng, region=place.region, born=(1950, received.year - 18))
    procedure, papers, days = rng.choice(PROCEDURES)
    due = V.add_working_days(received, days)
    code = V.dossier_id(rng, place.region, received)
    clerk = V.random_name(rng, rng.choice(("male", "female")))
    provincial = rng.random() < 0.4
    if provincial:
        agency, superior = ["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"], f"UBND {place.region.province_short}"
        where = "Trung tâm Phục vụ hành chính công"
    else:
        agency, superior = ["BỘ PHẬN TIẾP NHẬN", "VÀ TRẢ KẾT QUẢ"], f"UBND {V.ward_title(place.ward)}"
        where = f"Bộ phận tiếp nhận và trả kết quả {place.ward}"
    vs = value_style(rng)
    h, m = rng.randint(7, 16), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))
    blocks: list[Block] = [
        header(agency, None, V.place_date(place.place_name, received), superior=superior),
        *title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        Line(code, "mono", "center", label="Mã hồ sơ:", label_style="bold"),
        Line("(Liên: Giao người nộp hồ sơ)", "small_italic", "center"),
        Gap(0.4),
        Line(f"{where} tiếp nhận hồ sơ của:"),
        field(pick(rng, "Ông/Bà", "Họ và tên"), person.full_name, vs),
        field("Số định danh cá nhân", person.personal_id, vs),
        field("Địa chỉ", V.address(rng, place), vs),
        Line(f"Số điện thoại: {V.phone(rng)}\tEmail: {V.email(rng, person.full_name)}"),
        field("Nội dung yêu cầu giải quyết", procedure, vs),
        Line("1. Thành phần hồ sơ nộp gồm:"),
        *[Line(f"- {p};", indent=20) for p in papers],
        Line("2. Số lượng hồ sơ: 01 (bộ)"),
        Line(f"3. Thời gian giải quyết hồ sơ theo quy định là: {days:02d} ngày làm việc"),
        Line(f"4. Thời gian nhận hồ sơ: {h:02d} giờ {m:02d} phút, ngày "
             f"{V.date_numeric(received)}"),
        Line(f"5. Thời gian trả kết quả giải quyết hồ sơ: {rng.choice((8, 9, 14, 15)):02d} giờ "
             f"00 phút, ngày {V.date_numeric(due)}"),
        Line(f"6. Đăng ký nhận kết quả tại: {where}"),
    ]
    left = [Line("NGƯỜI NỘP HỒ SƠ", "bold", "center"),
            Line("(Ký và ghi rõ họ tên)", "small_italic", "center"),
            Gap(3.2, scribble=rng.getrandbits(32)),
            Line(person.full_name, "bold", "center")]
    blocks.append(signature(rng, ["NGƯỜI TIẾP NHẬN HỒ SƠ"], clerk,
                            note="(Ký và ghi rõ họ tên)", left=left, split=0.5))
    fields = {
        "dossier_id": code,
        "full_name": person.full_name,
        "personal_id": person.personal_id,
        "receipt_date": V.iso(received),
        "due_date": V.iso(due),
    }
    return Document("receipt", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", blocks, fields,
                    dossier_id=code)


# --------------------------------------------------------------------------- residence (CT07)


@register("residence_confirmation")
def residence_confirmation(rng: random.Random, **_) -> Document:
    """XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ (form CT07) issued by ward police."""
    place = V.random_place(rng)
    person = V.random_person(rng, region=place.region)
    issued = V.working_day(rng, EARLIEST, LATEST)
    permanent = V.address(rng, place)
    head = V.random_person(rng, region=place.region)
    is_head = rng.random() < 0.5
    head_name = person.full_name if is_head else head.full_name
    relation = "Chủ hộ" if is_head else relation_to_head(rng, person, head)
    chief = V.random_name(rng, "male")
    police = f"Công an {place.ward}"
    upper = rng.random() < 0.6
    vs = value_style(rng)
    blocks: list[Block] = [
        header([f"CÔNG AN {V.ward_title(place.ward)}"], f"{rng.randint(1, 999)}/XN-CAP",
               V.place_date(place.place_name, issued),
               superior=f"CÔNG AN {place.region.province_short}"),
        *title("XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ"),
        Line(f"{police} xác nhận thông tin về cư trú của công dân như sau:", "body", "justify",
             indent=28),
        field("1. Họ, chữ đệm và tên", person.full_name.upper() if upper else person.full_name, vs),
        Line(f"2. Ngày, tháng, năm sinh: {V.date_any(rng, person.dob)}\t"
             f"3. Giới tính: {person.gender_vi}"),
        field("4. Số định danh cá nhân", person.personal_id, vs),
        Line("5. Dân tộc: Kinh\t6. Tôn giáo: Không\t7. Quốc tịch: Việt Nam"),
        field("8. Quê quán", rng.choice(V.HOMETOWNS), vs),
        field("9. Nơi thường trú", permanent, vs),
        field("10. Nơi tạm trú", "Không", vs),
        field("11. Nơi ở hiện tại", permanent, vs),
        field("12. Họ, chữ đệm và tên chủ hộ", head_name, vs),
        field("13. Quan hệ với chủ hộ", relation, vs),
        Line("Xác nhận thông tin về cư trú có giá trị 30 ngày kể từ ngày cấp.", "italic",
             space_before=0.3),
    ]
    blocks.append(signature(rng, ["TRƯỞNG CÔNG AN"], chief,
                            note="(Ký, ghi rõ họ tên, đóng dấu)"))
    fields = {
        "full_name": person.full_name,
        "personal_id": person.personal_id,
        "date_of_birth": V.iso(person.dob),
        "permanent_address": permanent,
        "issue_date": V.iso(issued),
    }
    return Document("residence_confirmation", "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", blocks, fields)
