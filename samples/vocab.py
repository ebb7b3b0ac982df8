"""Value pools and generators: people, places, identifiers, dates, numbers and their printed
forms.

Everything takes a ``random.Random`` so documents are reproducible from a seed. Values are
returned both canonical (for the truth file, see shared/spec/document-types.md) and printed.

Places come in two eras: before the 2025 merger (province -> city/district -> ward/commune,
Bà Rịa - Vũng Tàu with agency code H02, Hồ Chí Minh City with H29) and after it (the merged
Hồ Chí Minh City, wards and communes directly under it, agency code H29).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Region:
    """A province as it appears on documents of one era."""

    province: str  # "tỉnh Bà Rịa - Vũng Tàu" as it appears in an address
    province_upper: str  # as in an agency header
    province_short: str  # short upper-case form for narrow headers
    code: str  # 3-digit birth-registration code used in personal ids
    agency_code: str  # last part of a dossier-id agency code, e.g. H02
    # (city or district, place-date name, wards/communes); an empty city = no district level
    cities: tuple[tuple[str, str, tuple[str, ...]], ...]
    hospitals: tuple[str, ...]
    enterprise_prefix: str  # first two digits of enterprise codes registered there
    insurance_code: str  # 2-digit province code in health insurance numbers
    portal: str  # public-service portal host (receipt QR URLs)
    era: str = "pre"  # "pre" (before 1 July 2025) or "post"
    birth_codes: tuple[str, ...] = ()  # birth-registration codes of locals (default: code)


BRVT = Region(
    "tỉnh Bà Rịa - Vũng Tàu",
    "TỈNH BÀ RỊA - VŨNG TÀU",
    "TỈNH BR-VT",
    "077",
    "H02",
    (
        (
            "thành phố Vũng Tàu",
            "Vũng Tàu",
            (
                "phường 1",
                "phường 2",
                "phường 4",
                "phường 5",
                "phường 7",
                "phường 8",
                "phường 9",
                "phường 10",
                "phường 11",
                "phường 12",
                "phường Thắng Tam",
                "phường Thắng Nhì",
                "phường Thắng Nhất",
                "phường Rạch Dừa",
                "phường Nguyễn An Ninh",
                "xã Long Sơn",
            ),
        ),
        (
            "thành phố Bà Rịa",
            "Bà Rịa",
            (
                "phường Phước Trung",
                "phường Long Toàn",
                "phường Phước Hiệp",
                "phường Phước Hưng",
                "phường Phước Nguyên",
                "phường Long Tâm",
                "phường Long Hương",
                "phường Kim Dinh",
                "xã Hòa Long",
                "xã Long Phước",
                "xã Tân Hưng",
            ),
        ),
        (
            "thị xã Phú Mỹ",
            "Phú Mỹ",
            (
                "phường Phú Mỹ",
                "phường Tân Phước",
                "phường Mỹ Xuân",
                "phường Hắc Dịch",
                "phường Tân Hòa",
                "phường Tân Hải",
                "xã Tóc Tiên",
                "xã Châu Pha",
                "xã Sông Xoài",
            ),
        ),
        (
            "huyện Long Điền",
            "Long Điền",
            (
                "thị trấn Long Điền",
                "thị trấn Long Hải",
                "xã An Ngãi",
                "xã An Nhứt",
                "xã Phước Hưng",
                "xã Tam Phước",
                "xã Phước Tỉnh",
            ),
        ),
        (
            "huyện Đất Đỏ",
            "Đất Đỏ",
            (
                "thị trấn Đất Đỏ",
                "thị trấn Phước Hải",
                "xã Long Mỹ",
                "xã Phước Hội",
                "xã Láng Dài",
                "xã Lộc An",
                "xã Long Tân",
            ),
        ),
        (
            "huyện Xuyên Mộc",
            "Xuyên Mộc",
            (
                "thị trấn Phước Bửu",
                "xã Bưng Riềng",
                "xã Bình Châu",
                "xã Hòa Bình",
                "xã Bông Trang",
                "xã Xuyên Mộc",
                "xã Phước Thuận",
                "xã Hòa Hiệp",
            ),
        ),
        (
            "huyện Châu Đức",
            "Châu Đức",
            (
                "thị trấn Ngãi Giao",
                "xã Kim Long",
                "xã Bình Ba",
                "xã Xà Bang",
                "xã Suối Nghệ",
                "xã Nghĩa Thành",
                "xã Quảng Thành",
            ),
        ),
    ),
    (
        "Bệnh viện Bà Rịa",
        "Bệnh viện Lê Lợi",
        "Trung tâm Y tế thị xã Phú Mỹ",
        "Trung tâm Y tế huyện Xuyên Mộc",
        "Bệnh viện Vũng Tàu",
        "Trung tâm Y tế huyện Châu Đức",
        "Trạm Y tế xã Long Sơn",
    ),
    "35",
    "77",
    "dichvucong.baria-vungtau.gov.vn",
)

HCMC = Region(
    "Thành phố Hồ Chí Minh",
    "THÀNH PHỐ HỒ CHÍ MINH",
    "TP. HỒ CHÍ MINH",
    "079",
    "H29",
    (
        (
            "Quận 1",
            "TP. Hồ Chí Minh",
            (
                "phường Bến Nghé",
                "phường Tân Định",
                "phường Đa Kao",
                "phường Bến Thành",
                "phường Cầu Ông Lãnh",
                "phường Nguyễn Cư Trinh",
            ),
        ),
        ("Quận 3", "TP. Hồ Chí Minh", ("phường Võ Thị Sáu", "phường 9", "phường 11", "phường 12", "phường 14")),
        (
            "Quận 7",
            "TP. Hồ Chí Minh",
            ("phường Tân Phong", "phường Tân Thuận Đông", "phường Phú Mỹ", "phường Tân Kiểng"),
        ),
        ("quận Bình Thạnh", "TP. Hồ Chí Minh", ("phường 1", "phường 3", "phường 13", "phường 25", "phường 26")),
        ("quận Gò Vấp", "TP. Hồ Chí Minh", ("phường 5", "phường 10", "phường 17")),
        (
            "thành phố Thủ Đức",
            "TP. Hồ Chí Minh",
            ("phường Thảo Điền", "phường Linh Trung", "phường Hiệp Phú", "phường An Phú", "phường Tăng Nhơn Phú A"),
        ),
        ("huyện Cần Giờ", "Cần Giờ", ("thị trấn Cần Thạnh", "xã Long Hòa", "xã Bình Khánh")),
        ("huyện Bình Chánh", "Bình Chánh", ("thị trấn Tân Túc", "xã Vĩnh Lộc A", "xã Bình Hưng", "xã Tân Kiên")),
    ),
    (
        "Bệnh viện Hùng Vương",
        "Bệnh viện Từ Dũ",
        "Bệnh viện Nhi Đồng 1",
        "Bệnh viện Quận 7",
        "Bệnh viện Nhân dân Gia Định",
        "Bệnh viện Quận Bình Thạnh",
    ),
    "03",
    "79",
    "dichvucong.hochiminhcity.gov.vn",
)

# The merged city (from 1 July 2025): no district level. Wards and communes of the former
# Bà Rịa - Vũng Tàu and of the former city; the place-date line names the city.
HCMC_POST = Region(
    "Thành phố Hồ Chí Minh",
    "THÀNH PHỐ HỒ CHÍ MINH",
    "TP. HỒ CHÍ MINH",
    "079",
    "H29",
    (
        (
            "",
            "Thành phố Hồ Chí Minh",
            (
                "phường Vũng Tàu",
                "phường Tam Thắng",
                "phường Rạch Dừa",
                "phường Phước Thắng",
                "phường Bà Rịa",
                "phường Long Hương",
                "phường Tam Long",
                "phường Phú Mỹ",
                "phường Tân Thành",
                "phường Tân Phước",
                "phường Tân Hải",
                "xã Long Hải",
                "xã Long Điền",
                "xã Đất Đỏ",
                "xã Ngãi Giao",
                "xã Xuyên Mộc",
                "xã Hồ Tràm",
                "xã Bình Châu",
                "xã Châu Pha",
                "xã Long Sơn",
            ),
        ),
        (
            "",
            "TP. Hồ Chí Minh",
            (
                "phường Sài Gòn",
                "phường Tân Định",
                "phường Bến Thành",
                "phường Xuân Hòa",
                "phường Bình Thạnh",
                "phường Gia Định",
                "phường Thủ Đức",
                "phường Tân Thuận",
                "xã Cần Giờ",
                "xã Bình Chánh",
            ),
        ),
    ),
    ("Bệnh viện Bà Rịa", "Bệnh viện Lê Lợi", "Bệnh viện Từ Dũ", "Bệnh viện Hùng Vương"),
    "03",
    "79",
    "dichvucong.hochiminhcity.gov.vn",
    era="post",
    birth_codes=("077", "079"),
)

REGIONS: tuple[Region, ...] = (BRVT, HCMC)  # before the merger
ALL_REGIONS: tuple[Region, ...] = (BRVT, HCMC, HCMC_POST)

MERGER = dt.date(2025, 7, 1)

# Birth-registration province codes (the first three digits of a personal id) of people who
# were born elsewhere and now live in the region.
PROVINCE_CODES = (
    "001",
    "008",
    "019",
    "022",
    "026",
    "030",
    "031",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "040",
    "042",
    "044",
    "045",
    "046",
    "048",
    "049",
    "051",
    "052",
    "054",
    "056",
    "058",
    "060",
    "062",
    "066",
    "068",
    "070",
    "072",
    "074",
    "075",
    "077",
    "079",
    "080",
    "082",
    "083",
    "084",
    "086",
    "087",
    "089",
    "091",
    "092",
    "094",
    "096",
)

HOMETOWNS = (
    "xã Hòa Long, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu",
    "xã Nghĩa Hưng, huyện Nghĩa Hưng, tỉnh Nam Định",
    "xã Quỳnh Lưu, huyện Quỳnh Lưu, tỉnh Nghệ An",
    "phường Phú Hội, thành phố Huế, tỉnh Thừa Thiên Huế",
    "xã Tam Kỳ, huyện Núi Thành, tỉnh Quảng Nam",
    "xã Long Hựu, huyện Cần Đước, tỉnh Long An",
    "xã Hải Hậu, huyện Hải Hậu, tỉnh Nam Định",
    "xã Đức Phổ, huyện Mộ Đức, tỉnh Quảng Ngãi",
    "xã Vũ Thư, huyện Vũ Thư, tỉnh Thái Bình",
    "phường Nhơn Bình, thành phố Quy Nhơn, tỉnh Bình Định",
    "xã Phước Hải, huyện Đất Đỏ, tỉnh Bà Rịa - Vũng Tàu",
    "xã Long Phước, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu",
    "xã Thạnh Phú, huyện Vĩnh Cửu, tỉnh Đồng Nai",
    "xã Hưng Nguyên, huyện Hưng Nguyên, tỉnh Nghệ An",
    "xã Cẩm Xuyên, huyện Cẩm Xuyên, tỉnh Hà Tĩnh",
    "phường 3, thành phố Mỹ Tho, tỉnh Tiền Giang",
    "xã An Bình, huyện Long Hồ, tỉnh Vĩnh Long",
    "Quận 5, Thành phố Hồ Chí Minh",
    "xã Tiên Lãng, huyện Tiên Lãng, thành phố Hải Phòng",
    "phường Hàng Bạc, quận Hoàn Kiếm, thành phố Hà Nội",
)

STREETS = (
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hoàng Hoa Thám",
    "Ba Cu",
    "Lê Hồng Phong",
    "Võ Thị Sáu",
    "Nguyễn Văn Cừ",
    "Hai Bà Trưng",
    "Phạm Ngũ Lão",
    "Thùy Vân",
    "Trương Công Định",
    "Nguyễn An Ninh",
    "30 Tháng 4",
    "Lê Quang Định",
    "Bình Giã",
    "Nguyễn Hữu Cảnh",
    "Đô Lương",
    "Phan Chu Trinh",
    "Cách Mạng Tháng Tám",
    "Nguyễn Thanh Đằng",
    "Hùng Vương",
    "Điện Biên Phủ",
    "Nam Kỳ Khởi Nghĩa",
    "Nguyễn Đình Chiểu",
    "Lý Thường Kiệt",
    "Quốc lộ 51",
    "Quốc lộ 55",
    "Tỉnh lộ 44A",
    "Huỳnh Tấn Phát",
    "Nguyễn Thị Minh Khai",
    "Bạch Đằng",
    "Trần Phú",
    "Hạ Long",
)

HAMLETS = (
    "ấp Bắc",
    "ấp Nam",
    "ấp Đông",
    "ấp Tây",
    "ấp 1",
    "ấp 2",
    "ấp 3",
    "ấp Phước Lộc",
    "ấp Hải Sơn",
    "ấp Tân Trung",
    "ấp Láng Cát",
    "ấp Suối Lúp",
    "khu phố 1",
    "khu phố 2",
    "khu phố 3",
    "khu phố Hải Điền",
    "tổ 5, khu phố 4",
    "tổ 12, khu phố 6",
)


@dataclass(frozen=True)
class Place:
    region: Region
    city: str  # "" after the merger (no district level)
    place_name: str  # for the "<place>, ngày ..." line
    ward: str

    @property
    def superior(self) -> str | None:
        """The line above a ward agency's name: "UBND THÀNH PHỐ VŨNG TÀU" (none after
        the merger)."""
        return f"UBND {self.city.upper()}" if self.city else None

    @property
    def district_agency(self) -> str:
        """The district-level People's Committee (the city's after the merger)."""
        return self.city if self.city else self.region.province

    def parts(self) -> list[str]:
        """ward, city, province (the city left out after the merger)."""
        return [p for p in (self.ward, self.city, self.region.province) if p]


def random_place(rng: random.Random, region: Region | None = None) -> Place:
    region = region or rng.choice(REGIONS)
    city, place_name, wards = rng.choice(region.cities)
    return Place(region, city, place_name, rng.choice(wards))


def region_for(rng: random.Random, date: dt.date) -> Region:
    """A region whose era matches ``date`` (pre-merger Bà Rịa - Vũng Tàu is twice as
    likely as the city; after the merger there is only the merged city)."""
    if date >= MERGER:
        return HCMC_POST
    return BRVT if rng.random() < 0.65 else HCMC


def address(rng: random.Random, place: Place) -> str:
    """A one-line address, parts joined by ', ' (the canonical form)."""
    r = rng.random()
    if r < 0.6 or place.ward.startswith("phường"):
        house = f"Số {rng.randint(1, 250)}"
        if rng.random() < 0.3:
            house += f"/{rng.randint(1, 40)}"
        if rng.random() < 0.15:
            house = house.replace("Số ", "")
        street = rng.choice(STREETS)
        first = [f"{house} đường {street}" if rng.random() < 0.7 else f"{house} {street}"]
        if rng.random() < 0.25:
            first.append(rng.choice(HAMLETS[12:]))
    else:
        first = [f"Tổ {rng.randint(1, 20)}", rng.choice(HAMLETS)] if rng.random() < 0.5 else [rng.choice(HAMLETS)]
    return ", ".join(first + place.parts())


def ward_title(ward: str) -> str:
    """ "phường Thắng Tam" -> "PHƯỜNG THẮNG TAM"."""
    return ward.upper()


# --------------------------------------------------------------------------- people

# family names with rough frequencies (per mille)
FAMILY_WEIGHTED = (
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 25),
    ("Huỳnh", 30),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 25),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Trương", 8),
    ("Đinh", 6),
    ("Lâm", 5),
    ("Mai", 5),
    ("Lưu", 4),
    ("Tạ", 3),
    ("Châu", 3),
    ("Quách", 2),
    ("Thái", 3),
    ("Cao", 4),
    ("Tô", 3),
    ("Hà", 4),
    ("Đoàn", 5),
    ("Lương", 4),
    ("Trịnh", 5),
    ("Phùng", 2),
    ("La", 2),
    ("Kiều", 1),
    ("Từ", 1),
    ("Tăng", 2),
    ("Triệu", 2),
    ("Văn", 2),
    ("Thân", 1),
    ("Khổng", 1),
    ("Diệp", 1),
)
FAMILY = tuple(f for f, _ in FAMILY_WEIGHTED)
MIDDLE = {
    "male": (
        "Văn",
        "Hữu",
        "Đức",
        "Minh",
        "Quốc",
        "Thành",
        "Công",
        "Gia",
        "Hoàng",
        "Trọng",
        "Xuân",
        "Ngọc",
        "Thanh",
        "Tấn",
        "Quang",
        "Đình",
        "Anh",
        "Bảo",
        "Tuấn",
        "Hải",
        "Nhật",
        "Trung",
        "Chí",
        "Duy",
    ),
    "female": (
        "Thị",
        "Ngọc",
        "Thu",
        "Thanh",
        "Kim",
        "Mỹ",
        "Bảo",
        "Thùy",
        "Hoàng",
        "Minh",
        "Phương",
        "Khánh",
        "Hồng",
        "Diễm",
        "Bích",
        "Tường",
        "Quỳnh",
        "Hải",
        "Cẩm",
        "Thảo",
        "Ánh",
        "Huyền",
    ),
}
GIVEN = {
    "male": (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hùng",
        "Khoa",
        "Long",
        "Nam",
        "Phúc",
        "Quang",
        "Sơn",
        "Tuấn",
        "Việt",
        "Hải",
        "Đạt",
        "Khánh",
        "Thịnh",
        "Huy",
        "Hiếu",
        "Hoàng",
        "Kiên",
        "Lâm",
        "Lợi",
        "Lực",
        "Minh",
        "Nghĩa",
        "Nhân",
        "Phong",
        "Quân",
        "Quý",
        "Tài",
        "Tâm",
        "Thắng",
        "Thành",
        "Thiện",
        "Toàn",
        "Trí",
        "Trung",
        "Tú",
        "Vinh",
        "Vũ",
        "Bảo",
        "Duy",
        "Đông",
        "Giang",
        "Hậu",
        "Khải",
        "Lộc",
        "Mạnh",
        "Nguyên",
        "Phát",
        "Sang",
        "Tiến",
        "Tùng",
        "Vỹ",
    ),
    "female": (
        "Anh",
        "Chi",
        "Dung",
        "Hà",
        "Hằng",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Ngọc",
        "Nhung",
        "Phương",
        "Thảo",
        "Trang",
        "Vy",
        "Yến",
        "Ánh",
        "Châu",
        "Diệp",
        "Duyên",
        "Giang",
        "Hân",
        "Hạnh",
        "Hiền",
        "Hoa",
        "Huệ",
        "Huyền",
        "Khuê",
        "Liên",
        "Loan",
        "Ly",
        "My",
        "Nga",
        "Ngân",
        "Nhi",
        "Oanh",
        "Quyên",
        "Tâm",
        "Thư",
        "Thủy",
        "Tiên",
        "Trâm",
        "Trinh",
        "Tuyết",
        "Uyên",
        "Vân",
        "Xuân",
        "Hồng",
        "Lụa",
        "Nguyệt",
        "Phượng",
        "Diễm",
        "Đào",
        "Sương",
    ),
}
GENDER_VI = {"male": "Nam", "female": "Nữ"}
HONORIFIC = {"male": "ông", "female": "bà"}
ETHNIC = (("Kinh", 90), ("Hoa", 5), ("Khmer", 2), ("Chơ Ro", 2), ("Tày", 1))
RELIGION = (("Không", 75), ("Phật giáo", 12), ("Công giáo", 10), ("Cao Đài", 2), ("Tin Lành", 1))


def weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


@dataclass(frozen=True)
class Person:
    full_name: str
    gender: str  # "male" | "female"
    dob: dt.date
    personal_id: str
    region: Region
    ethnic: str = "Kinh"
    religion: str = "Không"
    hometown: str = field(default="", compare=False)

    @property
    def gender_vi(self) -> str:
        return GENDER_VI[self.gender]

    @property
    def honorific(self) -> str:
        return HONORIFIC[self.gender]


def random_name(rng: random.Random, gender: str, family: str | None = None) -> str:
    family = family or weighted(rng, FAMILY_WEIGHTED)
    middle = [m for m in MIDDLE[gender] if m != family]
    r = rng.random()
    if r < 0.2:  # two middle names, or a mother's family name as the first one
        second = rng.choice([f for f in FAMILY[:12] if f != family]) if rng.random() < 0.4 else rng.choice(middle)
        middles = [second, rng.choice(middle)]
        if middles[0] == middles[1]:
            middles = middles[:1]
    elif r < 0.23:
        middles = []
    else:
        middles = [rng.choice(middle)]
    given = rng.choice(GIVEN[gender])
    while middles and given == middles[-1]:
        given = rng.choice(GIVEN[gender])
    return " ".join([family, *middles, given])


def personal_id(rng: random.Random, region: Region | str, dob: dt.date, gender: str) -> str:
    """12 digits ``PPP G YY NNNNNN``: province of birth registration, century/sex digit
    (0/1 1900s male/female, 2/3 2000s, ...), last two digits of the birth year, serial."""
    code = region if isinstance(region, str) else region.code
    century = (dob.year // 100) - 19  # 0 for 1900s, 1 for 2000s, ...
    sex_digit = 2 * century + (1 if gender == "female" else 0)
    return f"{code}{sex_digit}{dob.year % 100:02d}{rng.randrange(10**6):06d}"


def cmnd_number(rng: random.Random, region: Region) -> str:
    """An old 9-digit identity card number (CMND): 27x... Bà Rịa - Vũng Tàu, 02x... the city."""
    prefix = "27" if region.agency_code == "H02" and region.era == "pre" else "02"
    return f"{prefix}{rng.randrange(10**7):07d}"


def birth_code(rng: random.Random, region: Region) -> str:
    local = region.birth_codes or (region.code,)
    return rng.choice(local) if rng.random() < 0.65 else rng.choice(PROVINCE_CODES)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def random_person(
    rng: random.Random,
    *,
    gender: str | None = None,
    born: tuple[int, int] = (1950, 2005),
    region: Region | None = None,
    family: str | None = None,
) -> Person:
    gender = gender or rng.choice(("male", "female"))
    region = region or rng.choice(REGIONS)
    dob = random_date(rng, dt.date(born[0], 1, 1), dt.date(born[1], 12, 31))
    name = random_name(rng, gender, family)
    pid = personal_id(rng, birth_code(rng, region), dob, gender)
    return Person(name, gender, dob, pid, region, weighted(rng, ETHNIC), weighted(rng, RELIGION), rng.choice(HOMETOWNS))


def ascii_fold(text: str) -> str:
    """ "Nguyễn Văn Đạt" -> "Nguyen Van Dat" (for e-mail addresses, MRZ)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def email(rng: random.Random, name: str) -> str:
    parts = ascii_fold(name).lower().split()
    style = rng.random()
    if style < 0.5:
        local = f"{parts[-1]}{parts[0]}{rng.randint(70, 99)}"
    elif style < 0.8:
        local = f"{parts[-1]}.{''.join(p[0] for p in parts[:-1])}{rng.randint(1, 999)}"
    else:
        local = f"{''.join(parts)}"
    return f"{local}@{rng.choice(('gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com'))}"


def phone(rng: random.Random) -> str:
    return (
        f"{rng.choice(('090', '091', '093', '097', '098', '086', '077', '079', '083', '035'))}"
        f"{rng.randrange(10**7):07d}"
    )


def phone_landline(rng: random.Random, region: Region) -> str:
    area = "0254" if region.agency_code == "H02" and region.era == "pre" else "028"
    return f"{area}.{rng.randrange(10**7 if area == '0254' else 10**8):0{7 if area == '0254' else 8}d}"


# --------------------------------------------------------------------------- dates


def iso(d: dt.date) -> str:
    return d.isoformat()


def date_numeric(d: dt.date, sep: str = "/", pad: bool = True) -> str:
    """12/03/2019, 12-03-2019 or (pad=False) 12/3/2019."""
    if pad:
        return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"
    return f"{d.day}{sep}{d.month}{sep}{d.year}"


def date_words(d: dt.date, pad: bool | None = None) -> str:
    """ "ngày 05 tháng 8 năm 2023" (days below 10 and months 1-2 zero-padded, as in
    Decree 30/2020 style documents); ``pad=False``: "ngày 5 tháng 8 năm 2023"."""
    if pad is False:
        return f"ngày {d.day} tháng {d.month} năm {d.year}"
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def date_any(rng: random.Random, d: dt.date) -> str:
    """One of the printed forms the spec says must all parse."""
    style = rng.random()
    if style < 0.5:
        return date_numeric(d, "/")
    if style < 0.6:
        return date_numeric(d, "/", pad=False)
    if style < 0.78:
        return date_numeric(d, "-")
    return date_words(d, pad=None if rng.random() < 0.7 else False)


def place_date(place_name: str, d: dt.date, rng: random.Random | None = None) -> str:
    pad = None if rng is None or rng.random() < 0.75 else False
    return f"{place_name}, {date_words(d, pad)}"


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


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# --------------------------------------------------------------------------- identifiers


def dossier_id(
    rng: random.Random,
    region: Region,
    received: dt.date,
    seq: int | None = None,
) -> str:
    """``000.00.12.H02-230818-0001``: agency code, YYMMDD of receipt, day's sequence."""
    agency = f"000.{rng.choice(('00', '20', '30', '31', '22'))}.{rng.randint(10, 45):02d}.{region.agency_code}"
    seq = seq if seq is not None else rng.randint(1, 180)
    return f"{agency}-{received:%y%m%d}-{seq:04d}"


def dossier_url(region: Region, code: str, rng: random.Random) -> str:
    path = rng.choice(("tra-cuu-tien-do", "tra-cuu-ho-so", "portal/tra-cuu-tien-do"))
    return f"https://{region.portal}/{path}?doccode={code}"


def document_number(rng: random.Random, symbol: str, year: int | None = None) -> str:
    """ "2667/QĐ-UBND" style: a number, '/', the symbol (sometimes with the year)."""
    n = rng.randint(1, 3200)
    if year and rng.random() < 0.3:
        return f"{n}/{year}/{symbol}"
    return f"{n}/{symbol}"


ENTERPRISE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def enterprise_check_digit(first9: str) -> int | None:
    """Digit 10 of an enterprise code, or None when the nine digits cannot form a valid
    code (the formula gives 10)."""
    check = 10 - sum(int(d) * w for d, w in zip(first9, ENTERPRISE_WEIGHTS)) % 11
    return None if check == 10 else check


def enterprise_code(rng: random.Random, region: Region, branch: int | None = None) -> str:
    while True:
        first9 = f"{region.enterprise_prefix}{rng.randrange(10**7):07d}"
        check = enterprise_check_digit(first9)
        if check is not None:
            code = f"{first9}{check}"
            return f"{code}-{branch:03d}" if branch else code


INSURANCE_GROUPS = ("DN", "HC", "HT", "GD", "HS", "TE", "CN", "HN", "NO", "XB", "CB", "BT", "HG", "SV", "TS", "XN")


def insurance_number(rng: random.Random, region: Region, group: str | None = None, short: bool = False) -> str:
    """Health insurance card number: 2 letters (beneficiary group) + benefit level digit +
    2-digit province + the 10-digit social insurance number; or (``short``, cards issued
    since 2021) the 10-digit social insurance number alone."""
    bhxh = f"{region.insurance_code}{rng.randrange(10**8):08d}"
    if short:
        return bhxh
    group = group or rng.choice(INSURANCE_GROUPS)
    return f"{group}{rng.randint(1, 5)}{region.insurance_code}{bhxh}"


SERIAL_LETTERS = (
    "A",
    "B",
    "C",
    "D",
    "Đ",
    "E",
    "G",
    "H",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "X",
    "Y",
)


def certificate_serial(rng: random.Random) -> str:
    """Land certificate serial: two capital letters (Đ included), a space, six digits."""
    first = rng.choice(("A", "B", "C", "D"))
    return f"{first}{rng.choice(SERIAL_LETTERS)} {rng.randrange(10**6):06d}"


# --------------------------------------------------------------------------- numbers in words

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _three(n: int, full: bool) -> str:
    """Words for 0 <= n < 1000; ``full`` reads a leading zero hundred ("không trăm")."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    out: list[str] = []
    if h or full:
        out += [_DIGITS[h], "trăm"]
    if t == 0:
        if u and (h or full):
            out += ["linh", _DIGITS[u]]
        elif u:
            out.append(_DIGITS[u])
        return " ".join(out)
    if t == 1:
        out.append("mười")
    else:
        out += [_DIGITS[t], "mươi"]
    if u == 1 and t > 1:
        out.append("mốt")
    elif u == 5:
        out.append("lăm")
    elif u:
        out.append(_DIGITS[u])
    return " ".join(out)


def number_words(n: int) -> str:
    """Vietnamese words for a non-negative integer: 152 -> "một trăm năm mươi hai",
    2_000_000_000 -> "hai tỷ"."""
    if n == 0:
        return "không"
    units = ("", "nghìn", "triệu", "tỷ")
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    if len(groups) > 4:
        raise ValueError("number too large")
    words: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        words.append(_three(g, full=i < len(groups) - 1))
        if units[i]:
            words.append(units[i])
    return " ".join(words)


def decimal_words(value: str) -> str:
    """ "152.5" -> "một trăm năm mươi hai phẩy năm"."""
    whole, _, frac = value.partition(".")
    text = number_words(int(whole))
    if frac:
        text += " phẩy " + (
            " ".join(_DIGITS[int(c)] for c in frac) if frac.startswith("0") else number_words(int(frac))
        )
    return text


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def money(n: int) -> str:
    """2000000000 -> "2.000.000.000" (dots between thousands)."""
    return f"{n:,}".replace(",", ".")


def decimal_vi(value: str) -> str:
    """ "152.5" -> "152,5" (decimal comma as printed)."""
    return value.replace(".", ",")
