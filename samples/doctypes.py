"""One builder per document type.

A builder takes a ``random.Random`` (plus optional keyword options) and returns a
``Document``: the blocks to lay out, the truth ``fields`` in canonical form
(shared/spec/document-types.md) and, for each field, its ``printed`` form (exactly the string
drawn on the page, so tests can find it in the page text). Only fields that are printed go
into ``fields``. Register a new type with ``@register("code")``; ``build(code, rng)``
dispatches. The builders for civil-status papers, cards, land and business documents and
``unknown`` documents live in ``samples.doctypes_more`` (imported at the end).

Options every builder understands (all optional, used to build consistent dossiers):

- ``person``: the ``vocab.Person`` the document is about (applicant, holder, owner...)
- ``place``: the ``vocab.Place`` of the issuing office
- ``before``: a date the document must not be later than (documents filed in a dossier
  received that day)

Each builder varies wording (labels, title variants), layout (label: value lines, tabbed
lines, tables, columns), case of names and the printed form of dates.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field

from . import vocab as V
from .render import A4_PT, Barcode, Block, Columns, Gap, Inline, Line, Seal, Table, nfc

EARLIEST = dt.date(2016, 1, 1)
LATEST = dt.date(2026, 10, 30)


@dataclass
class Document:
    doc_type: str
    title: str
    blocks: list[Block]
    fields: dict[str, str]
    dossier_id: str | None = None
    printed: dict[str, str] = dc_field(default_factory=dict)
    page_size: tuple[float, float] = A4_PT
    card: bool = False  # card-size page (theme with small type)
    sender: str = ""  # issuing office, ASCII (fax header)
    variant: str = ""  # which form/wording (for the truth file)
    person: V.Person | None = None  # who the document is about
    layout: str = "a"  # which layout family drew it ("a": doctypes*, "b": layouts_b*)

    def __post_init__(self) -> None:
        self.fields = {k: nfc(v) for k, v in self.fields.items()}
        self.printed = {k: nfc(v) for k, v in self.printed.items()}
        missing = set(self.fields) - set(self.printed)
        if missing:
            raise ValueError(f"{self.doc_type}: no printed form for {sorted(missing)}")


Builder = Callable[..., Document]
BUILDERS: dict[str, Builder] = {}
# The second layout family: the same types written independently (other wordings, several
# fields per line, wrapped lines, prose), so measurements see layouts family "a" never draws.
BUILDERS_B: dict[str, Builder] = {}


def register(code: str, layout: str = "a") -> Callable[[Builder], Builder]:
    table = BUILDERS if layout == "a" else BUILDERS_B

    def deco(fn: Builder) -> Builder:
        table[code] = fn
        return fn

    return deco


def build(doc_type: str, rng: random.Random, /, layout: str = "a", **options) -> Document:
    table = BUILDERS_B if layout == "b" else BUILDERS
    try:
        builder = table[doc_type]
    except KeyError:
        raise ValueError(f"unknown document type {doc_type!r} in layout {layout!r}; known: {sorted(table)}") from None
    document = builder(rng, **options)
    document.layout = layout
    return document


class Fields:
    """Collects truth fields: canonical value and printed form; returns the printed form."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.printed: dict[str, str] = {}

    def __call__(self, key: str, canonical: str, printed: str | None = None) -> str:
        self.values[key] = canonical
        self.printed[key] = canonical if printed is None else printed
        return self.printed[key]


# --------------------------------------------------------------------------- common parts

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def national_header(style: str = "header") -> list[Line]:
    return [Line(NATIONAL, style, "center"), Line(MOTTO, style, "center", rule_below=0.85)]


def header(
    agency: Sequence[str],
    number: str | None,
    place_date: str | None,
    superior: str | None = None,
    extra_left: Sequence[str] = (),
    rng: random.Random | None = None,
    number_prefix: str = "Số:",
) -> Columns:
    """The two-column head: agency and number on the left; national header and the
    place-date line on the right."""
    left: list[Inline] = []
    if superior:
        left.append(Line(superior, "header_plain", "center"))
    for i, name in enumerate(agency):
        left.append(Line(name, "header", "center", rule_below=0.4 if i == len(agency) - 1 else 0.0))
    if number:
        left.append(Line(f"{number_prefix} {number}", "body", "center", space_before=0.3))
    left += [Line(t, "body", "center") for t in extra_left]
    right: list[Inline] = list(national_header())
    if place_date:
        align = "center" if rng is None or rng.random() < 0.7 else "right"
        right.append(Line(place_date, "place_date", align, space_before=0.3))
    split = 0.44 if rng is None else rng.uniform(0.38, 0.46)
    return Columns(left, right, split=split)


def title(
    text: str,
    *subtitles: str,
    space_before: float = 1.2,
    style: str = "title",
) -> list[Block]:
    blocks: list[Block] = [Line(text, style, "center", space_before=space_before)]
    blocks += [Line(s, "subtitle", "center") for s in subtitles]
    blocks.append(Gap(0.5))
    return blocks


def seal_for(rng: random.Random, ring: str, center: str = "", card: bool = False) -> Seal:
    return Seal(
        ring=ring,
        center=center,
        radius_mm=rng.uniform(6.0, 7.5) if card else rng.uniform(15.0, 19.0),
        double=rng.random() < 0.7,
        seed=rng.getrandbits(32),
    )


def ward_seal(rng: random.Random, place: V.Place, body: str = "ỦY BAN NHÂN DÂN") -> Seal:
    tail = place.city or place.region.province_short
    tail = (
        tail.upper()
        .replace("THÀNH PHỐ ", "TP. ")
        .replace("THỊ XÃ ", "TX. ")
        .replace("HUYỆN ", "H. ")
        .replace("QUẬN ", "Q. ")
    )
    return seal_for(rng, f"{body} {place.ward.upper()} * {tail}")


def signature(
    rng: random.Random,
    titles: Sequence[str],
    name: str,
    note: str | None = None,
    place_date: str | None = None,
    left: Sequence[Inline] = (),
    split: float = 0.4,
    seal: Seal | None = None,
    signed: bool = True,
) -> Columns:
    right: list[Inline] = []
    if place_date:
        right.append(Line(place_date, "place_date", "center"))
    right += [Line(t, "bold", "center") for t in titles]
    if note:
        right.append(Line(note, "small_italic", "center"))
    right += [
        Gap(rng.uniform(2.8, 4.0), scribble=rng.getrandbits(32) if signed else None, seal=seal),
        Line(name, "bold", "center"),
    ]
    return Columns(list(left), right, split=split, space_before=rng.uniform(0.4, 1.0))


def field(label: str, value: str, style: str = "body", leader: bool = False) -> Line:
    """ "label: value", the value in ``style`` (forms often print values in bold)."""
    return Line(value, style, label=f"{label}:", label_style="body", leader=leader)


def value_style(rng: random.Random) -> str:
    return "bold" if rng.random() < 0.35 else "body"


def pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def ward_agency(place: V.Place) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", V.ward_title(place.ward)]


def issuing_body(place: V.Place) -> str:
    return f"Ủy ban nhân dân {place.ward}"


def sender(place: V.Place, body: str = "UBND") -> str:
    return V.ascii_fold(f"{body} {place.ward}").upper()


def window(opts: dict, start: dt.date = EARLIEST) -> tuple[dt.date, dt.date]:
    """The date range a document's issue date is drawn from (``after`` / ``before``
    options narrow it: papers filed in a dossier predate its receipt, results follow it)."""
    end = min(LATEST, opts.get("before") or LATEST)
    start = max(start, opts.get("after") or start)
    return min(start, end - dt.timedelta(days=30)), end


def place_for(rng: random.Random, opts: dict, date: dt.date) -> V.Place:
    """The given place, unless it belongs to the other side of the 2025 merger."""
    place = opts.get("place")
    if place is not None and (place.region.era == "post") == (date >= V.MERGER):
        return place
    return V.random_place(rng, V.region_for(rng, date))


def nm(name: str, upper: bool) -> str:
    return name.upper() if upper else name


def subject_person(
    rng: random.Random, opts: dict, place: V.Place, born: tuple[int, int], gender: str | None = None
) -> V.Person:
    person = opts.get("person")
    if person is not None and (gender is None or person.gender == gender):
        return person
    return V.random_person(rng, gender=gender, region=place.region, born=born)


# --------------------------------------------------------------------------- birth certificate


@register("birth_certificate")
def birth_certificate(rng: random.Random, copy: bool | None = None, **opts) -> Document:
    """GIẤY KHAI SINH (original) or TRÍCH LỤC KHAI SINH (BẢN SAO). With ``person`` the
    person is the child's mother or father."""
    start, end = window(opts)
    registered = V.working_day(rng, start, end - dt.timedelta(days=10))
    place = place_for(rng, opts, registered)
    region = place.region
    parent = opts.get("person")
    family = parent.full_name.split()[0] if parent and parent.gender == "male" else V.weighted(rng, V.FAMILY_WEIGHTED)
    born_max = registered.year - 20
    mother = (
        parent
        if parent and parent.gender == "female"
        else V.random_person(rng, gender="female", born=(born_max - 18, born_max), region=region)
    )
    father = (
        parent
        if parent and parent.gender == "male"
        else V.random_person(rng, gender="male", born=(born_max - 20, born_max), region=region, family=family)
    )
    gender = rng.choice(("male", "female"))
    dob = V.random_date(rng, registered - dt.timedelta(days=58), registered - dt.timedelta(days=2))
    child = V.Person(V.random_name(rng, gender, family), gender, dob, V.personal_id(rng, region, dob, gender), region)
    copy = rng.random() < 0.5 if copy is None else copy
    has_father = parent is not None and parent.gender == "male" or rng.random() < 0.9
    place_of_birth = f"{rng.choice(region.hospitals)}, {region.province}"
    issued = V.working_day(rng, registered, end) if copy else registered
    upper = rng.random() < 0.6
    vs = value_style(rng)
    f = Fields()
    signer = V.random_name(rng, rng.choice(("male", "female")))
    seal = ward_seal(rng, place)
    if copy:
        doc_title = "TRÍCH LỤC KHAI SINH"
        number = f"{rng.randint(1, 900)}/TLKS-BS"
        head = header(
            ward_agency(place), number, V.place_date(place.place_name, issued, rng), superior=place.superior, rng=rng
        )
        blocks: list[Block] = [head, *title(doc_title, "(BẢN SAO)")]
        sign = signature(
            rng,
            [pick(rng, "NGƯỜI KÝ TRÍCH LỤC", "TM. ỦY BAN NHÂN DÂN")],
            signer,
            note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)",
            seal=seal,
        )
    else:
        doc_title = "GIẤY KHAI SINH"
        head = header(
            ward_agency(place),
            str(rng.randint(1, 400)),
            None,
            rng=rng,
            extra_left=[f"Quyển số: {rng.randint(1, 3):02d}/{registered.year}"],
        )
        blocks = [head, *title(doc_title)]
        sign = signature(
            rng,
            ["NGƯỜI KÝ GIẤY KHAI SINH"],
            signer,
            note="(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)",
            place_date=V.place_date(place.place_name, registered, rng),
            seal=seal,
        )

    name_label = pick(rng, "Họ, chữ đệm, tên", "Họ và tên", "Họ, chữ đệm và tên")
    parent_label = "Họ, chữ đệm, tên" if name_label != "Họ và tên" else "Họ và tên"
    child_name = f("full_name", child.full_name, nm(child.full_name, upper))
    dob_text = f("date_of_birth", V.iso(dob), V.date_any(rng, dob))
    gender_text = f("gender", gender, child.gender_vi)
    pid = f("personal_id", child.personal_id)
    pob = f("place_of_birth", place_of_birth)
    mname = f("mother_name", mother.full_name, nm(mother.full_name, upper))
    blocks += [
        field(name_label, child_name, vs),
        field(pick(rng, "Ngày, tháng, năm sinh", "Ngày sinh"), dob_text, vs),
        Line(f"Giới tính: {gender_text}\tDân tộc: {child.ethnic}\tQuốc tịch: Việt Nam"),
        field("Nơi sinh", pob),
        field("Quê quán", rng.choice(V.HOMETOWNS)),
        field("Số định danh cá nhân", pid, vs),
    ]
    mother_rows = [
        field(f"{parent_label} người mẹ", mname, vs),
        Line(f"Năm sinh: {mother.dob.year}\tDân tộc: {mother.ethnic}\tQuốc tịch: Việt Nam"),
        field("Nơi cư trú", V.address(rng, place)),
    ]
    if has_father:
        fname = f("father_name", father.full_name, nm(father.full_name, upper))
        father_rows = [
            field(f"{parent_label} người cha", fname, vs),
            Line(f"Năm sinh: {father.dob.year}\tDân tộc: {father.ethnic}\tQuốc tịch: Việt Nam"),
            field("Nơi cư trú", V.address(rng, place)),
        ]
    else:
        father_rows = [field(f"{parent_label} người cha", "", leader=True)]
    if rng.random() < 0.3:  # as a table: the parents side by side
        rows = [
            ["", "Người mẹ", "Người cha"],
            [parent_label, mname, father_rows[0].text if has_father else ""],
            ["Năm sinh", str(mother.dob.year), str(father.dob.year) if has_father else ""],
            ["Nơi cư trú", mother_rows[2].text, father_rows[2].text if has_father else ""],
        ]
        blocks.append(Table(rows, [0.26, 0.37, 0.37], style="body"))
    else:
        blocks += mother_rows + father_rows
    reg_text = f("registration_date", V.iso(registered), V.date_any(rng, registered))
    blocks += [
        field("Nơi đăng ký khai sinh", f"{issuing_body(place)}, {', '.join(place.parts()[1:])}"),
        field("Ngày, tháng, năm đăng ký", reg_text, vs),
    ]
    if copy and rng.random() < 0.6:
        blocks.append(
            Line("Ghi chú: Trích lục được cấp từ Cơ sở dữ liệu hộ tịch điện tử.", "small_italic", space_before=0.3)
        )
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


# --------------------------------------------------------------------------- decision

DECISION_SUBJECTS = (
    # (subject after "Về việc", number symbol, article 1 before the person, article 2)
    (
        "công nhận hộ cận nghèo năm {year}",
        "QĐ-UBND",
        "Công nhận hộ cận nghèo năm {year} đối với hộ gia đình",
        "Hộ gia đình có tên tại Điều 1 được hưởng các chính sách hỗ trợ theo quy định hiện hành.",
    ),
    (
        "hỗ trợ kinh phí sửa chữa nhà ở",
        "QĐ-UBND",
        "Hỗ trợ kinh phí sửa chữa nhà ở với số tiền 20.000.000 đồng (Hai mươi triệu đồng) cho",
        "Kinh phí hỗ trợ được chi từ nguồn ngân sách năm {year}.",
    ),
    (
        "trợ cấp xã hội hằng tháng",
        "QĐ-UBND",
        "Trợ cấp xã hội hằng tháng với mức 500.000 đồng/tháng cho",
        "Thời gian hưởng trợ cấp kể từ tháng {month} năm {year}.",
    ),
    (
        "xử phạt vi phạm hành chính",
        "QĐ-XPVPHC",
        "Xử phạt vi phạm hành chính với hình thức phạt tiền 1.500.000 đồng đối với",
        "Người bị xử phạt phải nộp tiền phạt trong thời hạn 10 ngày kể từ ngày nhận Quyết định.",
    ),
    (
        "công nhận hòa giải viên",
        "QĐ-UBND",
        "Công nhận hòa giải viên đối với",
        "Hòa giải viên có tên tại Điều 1 có quyền và nghĩa vụ theo quy định của Luật Hòa giải ở cơ sở.",
    ),
    (
        "thu hồi đất để thực hiện dự án mở rộng đường giao thông",
        "QĐ-UBND",
        "Thu hồi 45,2 m² đất ở tại đô thị của",
        "Người có đất thu hồi được bồi thường, hỗ trợ theo phương án được phê duyệt.",
    ),
    (
        "hỗ trợ chi phí mai táng",
        "QĐ-UBND",
        "Hỗ trợ chi phí mai táng với mức 7.200.000 đồng cho thân nhân của",
        "Kinh phí thực hiện từ nguồn bảo trợ xã hội năm {year}.",
    ),
    (
        "khen thưởng thành tích trong phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa",
        "QĐ-KT",
        "Tặng Giấy khen kèm theo tiền thưởng 300.000 đồng cho",
        "Tiền thưởng được trích từ quỹ thi đua, khen thưởng năm {year}.",
    ),
    (
        "cho phép chuyển mục đích sử dụng đất",
        "QĐ-UBND",
        "Cho phép chuyển mục đích sử dụng 100 m² đất trồng cây lâu năm sang đất ở cho",
        "Người sử dụng đất có trách nhiệm nộp tiền sử dụng đất theo quy định.",
    ),
)

LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ "
    "sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày "
    "22 tháng 11 năm 2019;",
    "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính "
    "sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội;",
    "Căn cứ Quyết định của Ủy ban nhân dân tỉnh về việc ban hành quy định phân cấp quản lý trên địa bàn;",
    "Căn cứ kết quả rà soát, đánh giá của Ban chỉ đạo;",
    "Căn cứ Luật Xử lý vi phạm hành chính ngày 20 tháng 6 năm 2012;",
    "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Thông tư số 07/2021/TT-BLĐTBXH ngày 18 tháng 7 năm 2021 của Bộ Lao động - Thương binh và Xã hội;",
)


@register("decision")
def decision(rng: random.Random, n_articles: int | None = None, **opts) -> Document:
    """QUYẾT ĐỊNH of a ward (or district) People's Committee or its chairman concerning one
    citizen. ``n_articles`` (default 3-5, at most 18) lengthens the body; 9 or more usually
    spills onto a second page."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1940, issued.year - 18))
    subject_t, symbol, art1, art2 = rng.choice(DECISION_SUBJECTS)
    subject = subject_t.format(year=issued.year)
    district = place.city and rng.random() < 0.3
    f = Fields()
    number = f("document_number", V.document_number(rng, symbol, issued.year))
    chair = V.random_name(rng, rng.choice(("male", "female")))
    addr = V.address(rng, place)
    if district:
        body_name = f"Ủy ban nhân dân {place.city}"
        agency = ["ỦY BAN NHÂN DÂN", place.city.upper()]
        superior = None
        seal = seal_for(rng, f"ỦY BAN NHÂN DÂN {place.city.upper()} * {place.region.province_short}")
    else:
        body_name = issuing_body(place)
        agency = ward_agency(place)
        superior = place.superior
        seal = ward_seal(rng, place)
    f("issuer", body_name, " ".join(agency))  # as the head prints it, in capitals
    pd_line = V.place_date(place.place_name, issued, rng)
    f("issue_date", V.iso(issued), pd_line.split(", ", 1)[1])
    blocks: list[Block] = [
        header(agency, number, pd_line, superior=superior, rng=rng),
        *title("QUYẾT ĐỊNH", f"Về việc {f('subject', subject)}"),
    ]
    chairman = rng.random() < 0.5
    blocks += [
        Line(
            f"{'CHỦ TỊCH ' if chairman else ''}ỦY BAN NHÂN DÂN {body_name.split(' dân ', 1)[1].upper()}",
            "subtitle",
            "center",
        ),
        Gap(0.4),
    ]
    bases = list(LEGAL_BASES)
    rng.shuffle(bases)
    indent = rng.choice((0, 20, 28, 36))
    blocks += [Line(b, "italic", "justify", indent=indent) for b in bases[: rng.randint(2, 4)]]
    proposer = rng.choice(
        (
            "Công chức Văn hóa - Xã hội",
            "Công chức Tư pháp - Hộ tịch",
            "Trưởng phòng Lao động - Thương binh và Xã hội",
            "Công chức Địa chính - Xây dựng",
        )
    )
    blocks.append(Line(f"Xét đề nghị của {proposer}.", "italic", "justify", indent=indent))
    blocks.append(Line("QUYẾT ĐỊNH:", "subtitle", "center", space_before=0.5))
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.2))
    dob_text = f("date_of_birth", V.iso(person.dob), V.date_any(rng, person.dob))
    dob_phrase = f"sinh {dob_text}" if dob_text.startswith("ngày") else f"sinh ngày {dob_text}"
    pid = f("personal_id", person.personal_id)
    id_label = pick(rng, "số định danh cá nhân", "số CCCD", "Căn cước công dân số", "số định danh cá nhân/CCCD")
    blocks.append(
        Line(
            f"Điều 1. {art1} {person.honorific} {name}, {dob_phrase}, {id_label}: {pid}; nơi cư trú: {addr}.",
            "body",
            "justify",
            indent=indent,
        )
    )
    blocks.append(
        Line(f"Điều 2. {art2.format(year=issued.year, month=issued.month)}", "body", "justify", indent=indent)
    )
    n_articles = n_articles or rng.randint(3, 5)
    where = body_name.split(" dân ", 1)[1]
    extra = (
        "Giao Công chức Tài chính - Kế toán phối hợp với các bộ phận có liên quan tổ chức "
        "thực hiện, theo dõi và báo cáo kết quả về Ủy ban nhân dân {ward}.",
        "Trong quá trình thực hiện, nếu có vướng mắc phát sinh, các cơ quan, đơn vị, cá nhân "
        "kịp thời phản ánh về Ủy ban nhân dân {ward} để xem xét, giải quyết theo thẩm quyền.",
        "Quyết định này có hiệu lực kể từ ngày ký. Các quy định trước đây trái với Quyết định này đều bãi bỏ.",
        "Trưởng khu phố nơi cư trú có trách nhiệm thông báo nội dung Quyết định này đến người "
        "có tên tại Điều 1 và theo dõi việc chấp hành.",
        "Công chức Tư pháp - Hộ tịch có trách nhiệm cập nhật thông tin vào hồ sơ, sổ sách theo quy định.",
        "Người có tên tại Điều 1 có quyền khiếu nại hoặc khởi kiện đối với Quyết định này theo quy định của pháp luật.",
        "Văn phòng HĐND và UBND {ward} có trách nhiệm lưu trữ hồ sơ và công khai Quyết định này theo quy định.",
        "Giao Trưởng khu phố phối hợp với Ban công tác Mặt trận khu phố giám sát việc thực hiện.",
    )
    for k, text in zip(range(3, n_articles), rng.sample(extra, len(extra)) * 2):
        blocks.append(Line(f"Điều {k}. " + text.format(ward=where), "body", "justify", indent=indent))
    blocks.append(
        Line(
            f"Điều {n_articles}. Văn phòng HĐND và UBND {where}, {proposer}, "
            f"các bộ phận có liên quan và {person.honorific} {person.full_name} chịu trách nhiệm "
            f"thi hành Quyết định này./.",
            "body",
            "justify",
            indent=indent,
        )
    )
    receivers = [
        Line("Nơi nhận:", "small_bold"),
        Line(f"- Như Điều {n_articles};", "small"),
        Line(f"- {place.superior or 'UBND Thành phố'};", "small"),
        Line("- Lưu: VT.", "small"),
    ]
    titles = (
        ["CHỦ TỊCH"]
        if chairman
        else rng.choice((["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]))
    )
    blocks.append(signature(rng, titles, chair, left=receivers, seal=seal))
    return Document("decision", "QUYẾT ĐỊNH", blocks, f.values, printed=f.printed, sender=sender(place), person=person)


# --------------------------------------------------------------------------- application forms


def relation_to_head(rng: random.Random, person: V.Person, head: V.Person) -> str:
    """A relation consistent with the two people's sexes and ages."""
    if head.gender != person.gender and abs(head.dob.year - person.dob.year) < 15 and rng.random() < 0.6:
        return "Vợ" if person.gender == "female" else "Chồng"
    if person.dob.year - head.dob.year >= 18:  # the person is a generation younger
        return rng.choice(("Con", "Cháu"))
    if head.dob.year - person.dob.year >= 18:  # ... or older
        return "Bố" if person.gender == "male" else "Mẹ"
    older = person.dob < head.dob
    return ("Anh ruột" if person.gender == "male" else "Chị ruột") if older else "Em ruột"


def form_note(rng: random.Random, code: str, circular: str) -> Columns:
    text = rng.choice((f"Mẫu {code}", f"Mẫu số {code}"))
    lines = [
        Line(f"{text} ban hành kèm theo", "small_italic", "right"),
        Line(f"Thông tư số {circular}", "small_italic", "right"),
    ]
    if rng.random() < 0.3:
        lines = [Line(text, "small_bold", "right")]
    return Columns([], lines, split=0.5)


def national_center() -> list[Line]:
    return [Line(NATIONAL, "subtitle", "center"), Line(MOTTO, "subtitle", "center", rule_below=0.6)]


def member_table(rng: random.Random, head: V.Person, place: V.Place, n: int) -> Table:
    rows = [
        [
            "TT",
            "Họ, chữ đệm và tên",
            "Ngày, tháng, năm sinh",
            "Giới tính",
            "Số định danh cá nhân",
            "Mối quan hệ với chủ hộ",
        ]
    ]
    for i in range(1, n + 1):
        m = V.random_person(rng, region=place.region, born=(1950, 2020))
        rows.append(
            [str(i), m.full_name, V.date_numeric(m.dob), m.gender_vi, m.personal_id, relation_to_head(rng, m, head)]
        )
    return Table(
        rows,
        [0.06, 0.27, 0.16, 0.1, 0.22, 0.19],
        style="small",
        header_style="small_bold",
        align=["center", "left", "center", "center", "center", "left"],
    )


@register("application_form")
def application_form(rng: random.Random, variant: str | None = None, **opts) -> Document:
    """Forms filled in by a citizen: TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ (CT01), TỜ KHAI CĂN
    CƯỚC (CC01), TỜ KHAI tham gia BHXH/BHYT (TK1-TS), ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG,
    TỜ KHAI ĐĂNG KÝ KHAI SINH, ĐƠN ĐỀ NGHỊ xác nhận/hỗ trợ (no form code)."""
    variant = variant or rng.choice(("CT01", "CT01", "CC01", "TK1-TS", "GPXD", "TKKS", "DON"))
    start, end = window(opts)
    signed = V.working_day(rng, start, end)
    place = place_for(rng, opts, signed)
    person = subject_person(rng, opts, place, (1950, signed.year - 18))
    upper = rng.random() < 0.6
    vs = value_style(rng)
    leader = rng.random() < 0.4
    f = Fields()
    name = f("full_name", person.full_name, nm(person.full_name, upper))
    dob = f("date_of_birth", V.iso(person.dob), V.date_any(rng, person.dob))
    gender = f("gender", person.gender, person.gender_vi)
    pid = f("personal_id", person.personal_id)
    addr = V.address(rng, place)
    blocks: list[Block] = []
    left_sig: list[Inline] = []
    if variant == "CT01":
        f("form_code", "CT01")
        doc_title = "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"
        head = V.random_person(rng, born=(1945, signed.year - 18), region=place.region)
        relation = relation_to_head(rng, person, head)
        request = rng.choice(
            (
                f"Đăng ký thường trú tại {addr}",
                f"Đăng ký tạm trú tại {addr}",
                "Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú",
                f"Tách hộ tại {addr}",
            )
        )
        blocks += [
            form_note(rng, "CT01", "66/2023/TT-BCA"),
            *national_center(),
            *title(doc_title, space_before=0.8),
            Line(f"Kính gửi: {pick(rng, 'Công an', 'Trưởng Công an')} {place.ward}", "body", "center"),
            Gap(0.4),
            field("1. Họ, chữ đệm và tên", name, vs, leader),
        ]
        if rng.random() < 0.5:
            blocks.append(Line(f"2. Ngày, tháng, năm sinh: {dob}\t3. Giới tính: {gender}"))
        else:
            blocks += [field("2. Ngày, tháng, năm sinh", dob, vs, leader), field("3. Giới tính", gender, vs, leader)]
        blocks += [
            field("4. Số định danh cá nhân", pid, vs, leader),
            Line(f"5. Số điện thoại liên hệ: {V.phone(rng)}\t6. Email: {V.email(rng, person.full_name)}"),
            field("7. Họ, chữ đệm và tên chủ hộ", head.full_name, vs, leader),
            field("8. Mối quan hệ với chủ hộ", relation, vs, leader),
            field("9. Số định danh cá nhân của chủ hộ", head.personal_id, vs, leader),
            field("10. Nội dung đề nghị", request, vs, leader),
        ]
        n = rng.choice((0, 0, 1, 2, 3))
        if n:
            blocks += [Line("11. Những thành viên trong hộ gia đình cùng thay đổi:"), member_table(rng, head, place, n)]
        else:
            blocks.append(field("11. Những thành viên trong hộ gia đình cùng thay đổi", "Không", vs))
        left_sig = [
            Line("Ý KIẾN CỦA CHỦ HỘ", "bold", "center"),
            Line("(Ghi rõ nội dung, ký, ghi rõ họ tên)", "small_italic", "center"),
            Line("Đồng ý", "italic", "center"),
            Gap(2.0, scribble=rng.getrandbits(32)),
            Line(head.full_name, "bold", "center"),
        ]
    elif variant == "CC01":
        f("form_code", "CC01")
        doc_title = "TỜ KHAI CĂN CƯỚC"
        blocks += [
            form_note(rng, "CC01", "16/2024/TT-BCA"),
            *national_center(),
            *title(doc_title, space_before=0.8),
            field("1. Họ, chữ đệm và tên khai sinh", name, vs, leader),
            field("2. Họ, chữ đệm và tên gọi khác (nếu có)", "", leader=True),
            Line(f"3. Ngày, tháng, năm sinh: {dob}\t4. Giới tính: {gender}"),
            field("5. Số định danh cá nhân", pid, vs, leader),
            Line(f"6. Dân tộc: {person.ethnic}\t7. Tôn giáo: {person.religion}\t8. Quốc tịch: Việt Nam"),
            field("9. Nơi đăng ký khai sinh", f"{place.ward}, {place.region.province}"),
            field("10. Quê quán", person.hometown or rng.choice(V.HOMETOWNS)),
            field("11. Nơi thường trú", addr),
            field("12. Nơi ở hiện tại", addr),
            field("13. Nghề nghiệp", rng.choice(("Kinh doanh", "Công nhân", "Nội trợ", "Giáo viên", "Lao động tự do"))),
            field("14. Số điện thoại", V.phone(rng)),
            Line("15. Đề nghị: Cấp thẻ căn cước lần đầu", space_before=0.2),
        ]
    elif variant == "TK1-TS":
        f("form_code", "TK1-TS")
        doc_title = "TỜ KHAI THAM GIA, ĐIỀU CHỈNH THÔNG TIN BẢO HIỂM XÃ HỘI, BẢO HIỂM Y TẾ"
        blocks += [
            Columns(
                [Line("BẢO HIỂM XÃ HỘI VIỆT NAM", "header", "center")],
                [Line("Mẫu TK1-TS", "small_bold", "right")],
                split=0.6,
            ),
            *national_center(),
            *title(doc_title, space_before=0.6),
            Line("I. Áp dụng đối với người tham gia chưa được cấp mã số BHXH", "bold"),
            field("[01]. Họ và tên (viết chữ in hoa)", f("full_name", person.full_name, person.full_name.upper()), vs),
        ]
        blocks += [
            Line(f"[02]. Ngày, tháng, năm sinh: {dob}\t[03]. Giới tính: {gender}"),
            field("[04]. Quốc tịch", "Việt Nam"),
            field("[05]. Dân tộc", person.ethnic),
            field("[06]. Nơi đăng ký khai sinh", f"{place.ward}, {place.region.province}"),
            field("[08]. Địa chỉ nhận kết quả", addr),
            field("[09]. Số CCCD/ĐDCN", pid, vs),
            field("[10]. Số điện thoại liên hệ", V.phone(rng)),
            Line("[11]. Mức tiền đóng: 1.500.000 đồng\t[12]. Phương thức đóng: 03 tháng"),
        ]
    elif variant == "GPXD":
        doc_title = "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"
        blocks += [
            *national_center(),
            *title(doc_title, "(Sử dụng cho nhà ở riêng lẻ)", space_before=0.8),
            Line(f"Kính gửi: Ủy ban nhân dân {place.city or place.ward}", "body", "center"),
            Gap(0.3),
            Line("1. Thông tin về chủ đầu tư:", "bold"),
            field("- Tên chủ đầu tư (tên chủ hộ)", name, vs, leader),
            field("- Người đại diện", name, vs, leader),
            field("- Địa chỉ liên hệ", addr),
            field("- Số điện thoại", V.phone(rng)),
            Line("2. Thông tin công trình:", "bold"),
            field("- Địa điểm xây dựng", V.address(rng, place)),
            Line(f"- Lô đất số: {rng.randint(1, 90)}\tDiện tích: {rng.randint(60, 200)} m²"),
            Line(
                "3. Nội dung đề nghị cấp phép: Xây dựng nhà ở riêng lẻ 3 tầng, tổng diện tích sàn 280 m².",
                "body",
                "justify",
            ),
            Line(
                "4. Cam kết: Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu "
                "sai tôi xin hoàn toàn chịu trách nhiệm và bị xử lý theo quy định của "
                "pháp luật.",
                "body",
                "justify",
            ),
        ]
        del f.values["gender"], f.printed["gender"]
        del f.values["date_of_birth"], f.printed["date_of_birth"]
        del f.values["personal_id"], f.printed["personal_id"]
    elif variant == "TKKS":
        doc_title = "TỜ KHAI ĐĂNG KÝ KHAI SINH"
        child_g = rng.choice(("male", "female"))
        child_dob = V.random_date(rng, signed - dt.timedelta(days=50), signed)
        blocks += [
            *national_center(),
            *title(doc_title, space_before=0.8),
            Line(f"Kính gửi: Ủy ban nhân dân {place.ward}", "body", "center"),
            Gap(0.3),
            field("Họ, chữ đệm, tên người yêu cầu", name, vs, leader),
            field("Nơi cư trú", addr),
            field("Giấy tờ tùy thân", f"Căn cước công dân số {pid}"),
            field("Quan hệ với người được khai sinh", "Mẹ" if person.gender == "female" else "Cha", vs),
            Line("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"),
            field("Họ, chữ đệm, tên", V.random_name(rng, child_g, person.full_name.split()[0])),
            Line(f"Ngày, tháng, năm sinh: {V.date_numeric(child_dob)}\tGiới tính: {V.GENDER_VI[child_g]}"),
            field("Nơi sinh", f"{rng.choice(place.region.hospitals)}, {place.region.province}"),
        ]
        for k in ("gender", "date_of_birth"):
            del f.values[k], f.printed[k]
    else:
        kind = rng.choice(
            (
                "xác nhận tình trạng hôn nhân",
                "hỗ trợ học phí cho con",
                "xác nhận hộ gia đình có hoàn cảnh khó khăn",
                "cấp bản sao trích lục hộ tịch",
            )
        )
        doc_title = f"ĐƠN ĐỀ NGHỊ {kind.upper()}"
        blocks += [
            *national_center(),
            *title(doc_title, space_before=0.8),
            Line(f"Kính gửi: Ủy ban nhân dân {place.ward}", "body", "center"),
            Gap(0.3),
            field(pick(rng, "Tôi tên là", "Họ và tên"), name, vs, leader),
            Line(f"Sinh ngày: {dob}\tGiới tính: {gender}"),
            field(pick(rng, "Số CCCD", "Số định danh cá nhân"), pid, vs, leader),
            field("Nơi thường trú", addr),
            field("Số điện thoại", V.phone(rng)),
            Line(
                f"Tôi làm đơn này kính đề nghị Ủy ban nhân dân {place.ward} xem xét, "
                f"giải quyết việc {kind} cho tôi để hoàn thiện hồ sơ theo quy định.",
                "body",
                "justify",
                indent=24,
            ),
            Line(
                "Tôi xin cam đoan những nội dung trên là đúng sự thật và chịu trách "
                "nhiệm trước pháp luật về lời khai của mình.",
                "body",
                "justify",
                indent=24,
            ),
            Line("Trân trọng cảm ơn!", "italic", indent=24),
        ]
    blocks.append(
        signature(
            rng,
            [pick(rng, "NGƯỜI KÊ KHAI", "NGƯỜI LÀM ĐƠN", "NGƯỜI ĐỀ NGHỊ") if variant != "CT01" else "NGƯỜI KÊ KHAI"],
            person.full_name,
            note="(Ký, ghi rõ họ tên)",
            place_date=V.place_date(place.place_name, signed, rng),
            left=left_sig,
            split=0.45 if left_sig else 0.4,
        )
    )
    return Document(
        "application_form",
        doc_title,
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place),
        variant=variant,
        person=person,
    )


# --------------------------------------------------------------------------- receipt

PROCEDURES = (
    ("Đăng ký khai sinh", ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"), 1),
    (
        "Đăng ký thường trú",
        ("Tờ khai thay đổi thông tin cư trú (CT01)", "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp"),
        7,
    ),
    ("Cấp bản sao trích lục hộ tịch", ("Tờ khai cấp bản sao trích lục hộ tịch",), 1),
    (
        "Chứng thực hợp đồng, giao dịch",
        ("Dự thảo hợp đồng", "Bản sao giấy tờ tùy thân", "Bản sao giấy chứng nhận quyền sử dụng đất"),
        2,
    ),
    (
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        ("Đơn đề nghị cấp giấy phép xây dựng", "Bản vẽ thiết kế xây dựng", "Giấy tờ chứng minh quyền sử dụng đất"),
        15,
    ),
    ("Đăng ký khai tử", ("Tờ khai đăng ký khai tử", "Giấy báo tử"), 1),
    ("Đăng ký kết hôn", ("Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân"), 3),
    (
        "Đăng ký thành lập hộ kinh doanh",
        ("Giấy đề nghị đăng ký hộ kinh doanh", "Bản sao giấy tờ pháp lý của cá nhân"),
        3,
    ),
    (
        "Đăng ký biến động quyền sử dụng đất",
        ("Đơn đăng ký biến động đất đai", "Bản gốc Giấy chứng nhận đã cấp", "Hợp đồng chuyển nhượng đã công chứng"),
        10,
    ),
    ("Cấp lại thẻ bảo hiểm y tế", ("Tờ khai TK1-TS",), 5),
)


def dossier_barcode(
    rng: random.Random,
    code: str,
    region: V.Region,
    kind: str | None,
) -> Barcode | None:
    """The code on a receipt: Code 128 of the code, QR of the code or of a tracking URL."""
    if kind is None:
        return None
    if kind == "code128":
        return Barcode(code, "code128", module_mm=rng.choice((0.3, 0.33, 0.38)), height_mm=rng.uniform(9, 13))
    data = code if kind == "qr" else V.dossier_url(region, code, rng)
    return Barcode(
        data, "qr", module_mm=rng.choice((0.5, 0.6, 0.7)) if kind == "qr" else rng.choice((0.45, 0.5, 0.55)), quiet=4
    )


@register("receipt")
def receipt(
    rng: random.Random, code: str | None = None, received: dt.date | None = None, barcode: str | None = "random", **opts
) -> Document:
    """GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ with its dossier code (mã hồ sơ), printed
    and (``barcode``: ``code128``, ``qr``, ``qr_url`` or None; default random) as a
    symbol."""
    start, end = window(opts)
    received = received or V.working_day(rng, start, end)
    place = place_for(rng, opts, received)
    person = subject_person(rng, opts, place, (1950, received.year - 18))
    procedure, papers, days = rng.choice(PROCEDURES)
    due = V.add_working_days(received, days)
    code = code or V.dossier_id(rng, place.region, received)
    if barcode == "random":
        barcode = rng.choice(("code128", "code128", "qr", "qr_url", None))
    symbol = dossier_barcode(rng, code, place.region, barcode)
    clerk = V.random_name(rng, rng.choice(("male", "female")))
    provincial = rng.random() < 0.35
    if provincial:
        agency = ["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"]
        superior = f"UBND {place.region.province_short}"
        where = "Trung tâm Phục vụ hành chính công"
        who = "TRUNG TAM PHUC VU HANH CHINH CONG"
    else:
        agency = (
            ["BỘ PHẬN TIẾP NHẬN", "VÀ TRẢ KẾT QUẢ"]
            if place.region.era == "pre"
            else ["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"]
        )
        superior = f"UBND {V.ward_title(place.ward)}"
        where = f"Bộ phận tiếp nhận và trả kết quả {place.ward}"
        who = sender(place)
    vs = value_style(rng)
    f = Fields()
    h, m = rng.randint(7, 16), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))
    rdate = f("receipt_date", V.iso(received), V.date_numeric(received))
    ddate = f("due_date", V.iso(due), V.date_numeric(due))
    number = f"{rng.randint(1, 9999)}/{rng.choice(('TNHS', 'PTN', 'BPMC'))}" if rng.random() < 0.4 else None
    seat = (
        ("Bà Rịa" if place.region is V.BRVT else place.region.cities[0][1]) if provincial else place.place_name
    )  # the provincial centre sits in the capital
    head = header(agency, number, V.place_date(seat, received, rng), superior=superior, rng=rng)
    code_label = pick(rng, "Mã hồ sơ:", "Mã số hồ sơ:", "Số hồ sơ:")
    code_line = Line(f("dossier_id", code), "mono", "center", label=code_label, label_style="bold")
    blocks: list[Block] = []
    layout_kind = rng.random()
    if symbol is not None and symbol.kind == "qr" and layout_kind < 0.5:
        # QR in the top-right corner above the head
        symbol.align = "right"
        blocks += [symbol, head, *title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", space_before=0.4), code_line]
    elif symbol is not None:
        blocks += [head, *title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), symbol, code_line]
    else:
        blocks += [head, *title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), code_line]
    blocks += [
        Line("(Liên: Giao người nộp hồ sơ)", "small_italic", "center"),
        Gap(0.4),
        Line(f"{where} tiếp nhận hồ sơ của:"),
    ]
    name = f("full_name", person.full_name, nm(person.full_name, rng.random() < 0.3))
    pid = f("personal_id", person.personal_id)
    blocks += [
        field(pick(rng, "Ông/Bà", "Họ và tên", "Tổ chức/Cá nhân"), name, vs),
        field(pick(rng, "Số định danh cá nhân", "Số CCCD", "Số giấy tờ tùy thân"), pid, vs),
        field("Địa chỉ", V.address(rng, place), vs),
        Line(f"Số điện thoại: {V.phone(rng)}\tEmail: {V.email(rng, person.full_name)}"),
        field(pick(rng, "Nội dung yêu cầu giải quyết", "Thủ tục", "Lĩnh vực"), procedure, vs),
    ]
    if rng.random() < 0.5:
        rows = [["STT", "Tên giấy tờ", "Bản chính", "Bản sao"]]
        for i, p in enumerate(papers, 1):
            rows.append([str(i), p, rng.choice(("1", "1", "0")), rng.choice(("0", "1", "2"))])
        blocks += [
            Line("1. Thành phần hồ sơ nộp gồm:"),
            Table(rows, [0.08, 0.62, 0.15, 0.15], style="body", align=["center", "left", "center", "center"]),
        ]
    else:
        blocks += [Line("1. Thành phần hồ sơ nộp gồm:"), *[Line(f"- {p};", indent=20) for p in papers]]
    blocks += [
        Line("2. Số lượng hồ sơ: 01 (bộ)"),
        Line(f"3. Thời gian giải quyết hồ sơ theo quy định là: {days:02d} ngày làm việc"),
        Line(f"4. Thời gian nhận hồ sơ: {h:02d} giờ {m:02d} phút, ngày {rdate}"),
        Line(f"5. Thời gian trả kết quả giải quyết hồ sơ: {rng.choice((8, 9, 14, 15)):02d} giờ 00 phút, ngày {ddate}"),
        Line(f"6. Đăng ký nhận kết quả tại: {pick(rng, where, 'Dịch vụ bưu chính công ích')}"),
    ]
    if symbol is not None and symbol.kind == "qr" and rng.random() < 0.5:
        blocks.append(Line("Quét mã QR để tra cứu tình trạng giải quyết hồ sơ.", "small_italic", space_before=0.2))
    left = [
        Line("NGƯỜI NỘP HỒ SƠ", "bold", "center"),
        Line("(Ký và ghi rõ họ tên)", "small_italic", "center"),
        Gap(3.2, scribble=rng.getrandbits(32)),
        Line(person.full_name, "bold", "center"),
    ]
    blocks.append(signature(rng, ["NGƯỜI TIẾP NHẬN HỒ SƠ"], clerk, note="(Ký và ghi rõ họ tên)", left=left, split=0.5))
    return Document(
        "receipt",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        blocks,
        f.values,
        dossier_id=code,
        printed=f.printed,
        sender=who,
        variant=barcode or "text",
        person=person,
    )


# --------------------------------------------------------------------------- residence (CT07)


@register("residence_confirmation")
def residence_confirmation(rng: random.Random, **opts) -> Document:
    """XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ (form CT07) issued by ward police."""
    start, end = window(opts)
    issued = V.working_day(rng, start, end)
    place = place_for(rng, opts, issued)
    person = subject_person(rng, opts, place, (1940, issued.year - 1))
    head = V.random_person(rng, region=place.region)
    is_head = rng.random() < 0.5
    head_name = person.full_name if is_head else head.full_name
    relation = "Chủ hộ" if is_head else relation_to_head(rng, person, head)
    chief = V.random_name(rng, "male")
    police = f"Công an {place.ward}"
    upper = rng.random() < 0.6
    vs = value_style(rng)
    f = Fields()
    permanent = f("permanent_address", V.address(rng, place))
    superior = f"CÔNG AN {(place.city or place.region.province_short).upper()}"
    pd_line = V.place_date(place.place_name, issued, rng)
    blocks: list[Block] = [
        header(
            [f"CÔNG AN {V.ward_title(place.ward)}"],
            f"{rng.randint(1, 999)}/XN-CAP",
            pd_line,
            superior=superior,
            rng=rng,
        ),
        Columns([], [Line("Mẫu CT07", "small_italic", "right")], split=0.6) if rng.random() < 0.4 else Gap(0.1),
        *title("XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ"),
        Line(f"{police} xác nhận thông tin về cư trú của công dân như sau:", "body", "justify", indent=28),
    ]
    f("issue_date", V.iso(issued), pd_line.split(", ", 1)[1])
    name = f("full_name", person.full_name, nm(person.full_name, upper))
    dob = f("date_of_birth", V.iso(person.dob), V.date_any(rng, person.dob))
    pid = f("personal_id", person.personal_id)
    blocks += [
        field("1. Họ, chữ đệm và tên", name, vs),
        Line(f"2. Ngày, tháng, năm sinh: {dob}\t3. Giới tính: {person.gender_vi}"),
        field("4. Số định danh cá nhân", pid, vs),
        Line(f"5. Dân tộc: {person.ethnic}\t6. Tôn giáo: {person.religion}\t7. Quốc tịch: Việt Nam"),
        field("8. Quê quán", person.hometown or rng.choice(V.HOMETOWNS), vs),
        field("9. Nơi thường trú", permanent, vs),
        field("10. Nơi tạm trú", "Không", vs),
        field("11. Nơi ở hiện tại", permanent, vs),
        field("12. Họ, chữ đệm và tên chủ hộ", head_name, vs),
        field("13. Quan hệ với chủ hộ", relation, vs),
    ]
    if rng.random() < 0.5:
        blocks += [
            Line("14. Thông tin thành viên hộ gia đình:"),
            member_table(rng, head if not is_head else person, place, rng.randint(1, 4)),
        ]
    blocks.append(
        Line(
            f"Xác nhận thông tin về cư trú có giá trị {rng.choice(('30 ngày', '06 tháng', '01 năm'))} kể từ ngày cấp.",
            "italic",
            space_before=0.3,
        )
    )
    seal = seal_for(rng, f"CÔNG AN {place.ward.upper()} * {(place.city or place.region.province_short).upper()}")
    # the issue date is printed in the head; some forms repeat it over the signature
    sig_pd = pd_line if rng.random() < 0.3 else None
    titles = rng.choice((["TRƯỞNG CÔNG AN"], ["TRƯỞNG CÔNG AN PHƯỜNG"], ["KT. TRƯỞNG CÔNG AN", "PHÓ TRƯỞNG CÔNG AN"]))
    blocks.append(signature(rng, titles, chief, note="(Ký, ghi rõ họ tên, đóng dấu)", seal=seal, place_date=sig_pd))
    return Document(
        "residence_confirmation",
        "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ",
        blocks,
        f.values,
        printed=f.printed,
        sender=sender(place, "CONG AN"),
        person=person,
    )


# registers the other types, then the second layout family
from . import doctypes_more, layouts_b, layouts_b_more  # noqa: E402,F401
