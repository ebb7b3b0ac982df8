"""Value pools and generators: people, places, identifiers, dates and their printed forms.

Everything takes a ``random.Random`` so documents are reproducible from a seed. Values are
returned both canonical (for the truth file, see shared/spec/document-types.md) and printed.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Region:
    """A province (before the 2025 merger the backlog still carries both)."""

    province: str          # "tỉnh Bà Rịa - Vũng Tàu" as it appears in an address
    province_upper: str    # as in an agency header
    province_short: str    # short upper-case form for narrow headers
    code: str              # 3-digit birth-registration code used in personal ids
    agency_code: str       # last part of a dossier-id agency code, e.g. H02
    cities: tuple[tuple[str, str, tuple[str, ...]], ...]  # (city, place-date name, wards)
    hospitals: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "tỉnh Bà Rịa - Vũng Tàu", "TỈNH BÀ RỊA - VŨNG TÀU", "TỈNH BÀ RỊA - VŨNG TÀU", "077", "H02",
        (
            ("thành phố Vũng Tàu", "Vũng Tàu",
             ("phường 1", "phường 7", "phường Thắng Tam", "phường Thắng Nhì",
              "phường Rạch Dừa", "phường Nguyễn An Ninh")),
            ("thành phố Bà Rịa", "Bà Rịa",
             ("phường Phước Trung", "phường Long Toàn", "phường Phước Hiệp")),
            ("thị xã Phú Mỹ", "Phú Mỹ", ("phường Phú Mỹ", "phường Tân Phước")),
        ),
        ("Bệnh viện Bà Rịa", "Bệnh viện Lê Lợi", "Trung tâm Y tế thị xã Phú Mỹ"),
    ),
    Region(
        "Thành phố Hồ Chí Minh", "THÀNH PHỐ HỒ CHÍ MINH", "TP. HỒ CHÍ MINH", "079", "H29",
        (
            ("Quận 1", "TP. Hồ Chí Minh", ("phường Bến Nghé", "phường Tân Định")),
            ("Quận 3", "TP. Hồ Chí Minh", ("phường Võ Thị Sáu", "phường 9")),
            ("thành phố Thủ Đức", "TP. Hồ Chí Minh",
             ("phường Thảo Điền", "phường Linh Trung")),
        ),
        ("Bệnh viện Hùng Vương", "Bệnh viện Từ Dũ", "Bệnh viện Nhi Đồng 1"),
    ),
)

HOMETOWNS = (
    "xã Hòa Long, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu",
    "xã Nghĩa Hưng, huyện Nghĩa Hưng, tỉnh Nam Định",
    "xã Quỳnh Lưu, huyện Quỳnh Lưu, tỉnh Nghệ An",
    "phường Phú Hội, thành phố Huế, tỉnh Thừa Thiên Huế",
    "xã Tam Kỳ, huyện Núi Thành, tỉnh Quảng Nam",
    "xã Long Hựu, huyện Cần Đước, tỉnh Long An",
)

STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hoàng Hoa Thám", "Ba Cu",
           "Lê Hồng Phong", "Võ Thị Sáu", "Nguyễn Văn Cừ", "Hai Bà Trưng", "Phạm Ngũ Lão")


@dataclass(frozen=True)
class Place:
    region: Region
    city: str
    place_name: str   # for the "<place>, ngày ..." line
    ward: str


def random_place(rng: random.Random, region: Region | None = None) -> Place:
    region = region or rng.choice(REGIONS)
    city, place_name, wards = rng.choice(region.cities)
    return Place(region, city, place_name, rng.choice(wards))


def address(rng: random.Random, place: Place) -> str:
    """A one-line address, parts joined by ', ' (the canonical form)."""
    house = f"Số {rng.randint(1, 250)}"
    if rng.random() < 0.3:
        house += f"/{rng.randint(1, 40)}"
    return ", ".join([f"{house} đường {rng.choice(STREETS)}", place.ward, place.city,
                      place.region.province])


def ward_title(ward: str) -> str:
    """"phường Thắng Tam" -> "PHƯỜNG THẮNG TAM"."""
    return ward.upper()


# --------------------------------------------------------------------------- people

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
          "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = {"male": ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Gia"),
          "female": ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bảo", "Thùy")}
GIVEN = {"male": ("An", "Bình", "Cường", "Dũng", "Hùng", "Khoa", "Long", "Nam", "Phúc",
                  "Quang", "Sơn", "Tuấn", "Việt", "Hải", "Đạt", "Khánh", "Thịnh"),
         "female": ("Anh", "Chi", "Dung", "Hà", "Hằng", "Hương", "Lan", "Linh", "Mai",
                    "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Vy", "Yến", "Ánh")}
GENDER_VI = {"male": "Nam", "female": "Nữ"}
HONORIFIC = {"male": "ông", "female": "bà"}


@dataclass(frozen=True)
class Person:
    full_name: str
    gender: str            # "male" | "female"
    dob: dt.date
    personal_id: str
    region: Region

    @property
    def gender_vi(self) -> str:
        return GENDER_VI[self.gender]

    @property
    def honorific(self) -> str:
        return HONORIFIC[self.gender]


def random_name(rng: random.Random, gender: str, family: str | None = None) -> str:
    return " ".join([family or rng.choice(FAMILY), rng.choice(MIDDLE[gender]),
                     rng.choice(GIVEN[gender])])


def personal_id(rng: random.Random, region: Region, dob: dt.date, gender: str) -> str:
    """12 digits ``PPP G YY NNNNNN``: province, century/sex digit, birth year, serial."""
    century = (dob.year // 100) - 19          # 0 for 1900s, 1 for 2000s, ...
    sex_digit = 2 * century + (1 if gender == "female" else 0)
    return f"{region.code}{sex_digit}{dob.year % 100:02d}{rng.randrange(10**6):06d}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def random_person(rng: random.Random, *, gender: str | None = None,
                  born: tuple[int, int] = (1950, 2005), region: Region | None = None,
                  family: str | None = None) -> Person:
    gender = gender or rng.choice(("male", "female"))
    region = region or rng.choice(REGIONS)
    dob = random_date(rng, dt.date(born[0], 1, 1), dt.date(born[1], 12, 31))
    return Person(random_name(rng, gender, family), gender, dob,
                  personal_id(rng, region, dob, gender), region)


def ascii_fold(text: str) -> str:
    """"Nguyễn Văn Đạt" -> "Nguyen Van Dat" (for e-mail addresses)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")


def email(rng: random.Random, name: str) -> str:
    parts = ascii_fold(name).lower().split()
    return f"{parts[-1]}{parts[0]}{rng.randint(70, 99)}@gmail.com"


def phone(rng: random.Random) -> str:
    return f"{rng.choice(('090', '091', '093', '097', '098', '086', '077'))}" \
           f"{rng.randrange(10**7):07d}"


# --------------------------------------------------------------------------- dates


def iso(d: dt.date) -> str:
    return d.isoformat()


def date_numeric(d: dt.date, sep: str = "/", pad: bool = True) -> str:
    """12/03/2019, 12-03-2019 or (pad=False) 12/3/2019."""
    if pad:
        return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"
    return f"{d.day}{sep}{d.month}{sep}{d.year}"


def date_words(d: dt.date) -> str:
    """"ngày 05 tháng 8 năm 2023" (days below 10 and months 1-2 zero-padded, as in
    Decree 30/2020 style documents)."""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def date_any(rng: random.Random, d: dt.date) -> str:
    """One of the printed forms the spec says must all parse."""
    style = rng.random()
    if style < 0.6:
        return date_numeric(d, "/")
    if style < 0.8:
        return date_numeric(d, "-")
    return date_words(d)


def place_date(place_name: str, d: dt.date) -> str:
    return f"{place_name}, {date_words(d)}"


def add_working_days(d: dt.date, n: int) -> dt.date:
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def working_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    d = random_date(rng, start, end)
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


# --------------------------------------------------------------------------- identifiers


def dossier_id(rng: random.Random, region: Region, received: dt.date, seq: int | None = None,
               ) -> str:
    """``000.00.12.H02-230818-0001``: agency code, YYMMDD of receipt, day's sequence."""
    agency = f"000.{rng.choice(('00', '20', '30'))}.{rng.randint(10, 40):02d}.{region.agency_code}"
    seq = seq if seq is not None else rng.randint(1, 60)
    return f"{agency}-{received:%y%m%d}-{seq:04d}"


def document_number(rng: random.Random, symbol: str) -> str:
    """"2667/QĐ-UBND" style: a number, '/', the symbol."""
    return f"{rng.randint(1, 3200)}/{symbol}"
