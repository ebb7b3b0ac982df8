"""Sample documents as page text, one for every catalogue type, with their expected fields:
(doc_type, [page texts in tests.pagetext's mini-language], expected canonical fields). Used by
the extraction and classification tests."""

from __future__ import annotations

# --------------------------------------------------------------------------- documents

DOCS: dict[str, tuple[str, list[str], dict[str, str]]] = {}

DOCS["cccd_chip"] = (
    "citizen_id_card",
    [
        """
    > CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    > Độc lập - Tự do - Hạnh phúc
    > SOCIALIST REPUBLIC OF VIET NAM
    # CĂN CƯỚC CÔNG DÂN
    > Citizen Identity Card
              Số / No.: 079190012345
              Họ và tên / Full name:
              NGUYỄN THỊ HOÀ
              Ngày sinh / Date of birth: 05/07/1990
              Giới tính / Sex: Nữ\tQuốc tịch / Nationality: Việt Nam
              Quê quán / Place of origin:
              Xã Hòa Long, Thành phố Bà Rịa, Bà Rịa - Vũng Tàu
              Nơi thường trú / Place of residence: 12 Lê Lợi, Phường 1,
    Có giá trị đến: 05/07/2030\t@1240 Thành phố Vũng Tàu, Bà Rịa - Vũng Tàu
"""
    ],
    {
        "personal_id": "079190012345",
        "full_name": "NGUYỄN THỊ HOÀ",
        "date_of_birth": "1990-07-05",
        "gender": "female",
        "place_of_origin": "Xã Hòa Long, Thành phố Bà Rịa, Bà Rịa - Vũng Tàu",
        "expiry_date": "2030-07-05",
    },
)

DOCS["cmnd_old"] = (
    "citizen_id_card",
    [
        """
    # GIẤY CHỨNG MINH NHÂN DÂN
    Số 273012345
    Họ tên NGUYỄN VĂN BÌNH
    Sinh ngày 12-05-1975
    Nguyên quán Long Điền, Bà Rịa - Vũng Tàu
    Nơi ĐKHK thường trú 45 Trần Phú, P5
    Vũng Tàu
"""
    ],
    {
        "personal_id": "273012345",
        "full_name": "NGUYỄN VĂN BÌNH",
        "date_of_birth": "1975-05-12",
        "place_of_origin": "Long Điền, Bà Rịa - Vũng Tàu",
        "place_of_residence": "45 Trần Phú, P5, Vũng Tàu",
    },
)

DOCS["birth_copy"] = (
    "birth_certificate",
    [
        """
    THÀNH PHỐ VŨNG TÀU\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
    PHƯỜNG THẮNG TAM\tVũng Tàu, ngày 17 tháng 5 năm 2024
    Số: 21/TLKS-BS
    # TRÍCH LỤC KHAI SINH
    > (BẢN SAO)
    Họ, chữ đệm, tên: LÊ THỊ HOÀ
    Ngày, tháng, năm sinh: ngày 05 tháng 01 năm 2019
    Giới tính: Nữ\tDân tộc: Kinh\tQuốc tịch: Việt Nam
    Nơi sinh: Bệnh viện Lê Lợi, tỉnh Bà Rịa - Vũng Tàu
    Quê quán: xã Nghĩa Hưng, huyện Nghĩa Hưng, tỉnh Nam Định
    Số định danh cá nhân: 077319001234
    Họ, chữ đệm, tên người mẹ: TRẦN THỊ MAI
    Năm sinh: 1990\tDân tộc: Kinh\tQuốc tịch: Việt Nam
    Nơi cư trú: Số 5 Lê Lợi, phường Thắng Tam, thành phố Vũng Tàu
    Họ, chữ đệm, tên người cha: LÊ VĂN HÙNG
    Năm sinh: 1988\tDân tộc: Kinh\tQuốc tịch: Việt Nam
    Nơi đăng ký khai sinh: Ủy ban nhân dân phường Thắng Tam
    Ngày, tháng, năm đăng ký: 20/01/2019
    >> NGƯỜI KÝ TRÍCH LỤC
    >> Phạm Văn Cường
"""
    ],
    {
        "full_name": "LÊ THỊ HOÀ",
        "date_of_birth": "2019-01-05",
        "gender": "female",
        "personal_id": "077319001234",
        "place_of_birth": "Bệnh viện Lê Lợi, tỉnh Bà Rịa - Vũng Tàu",
        "mother_name": "TRẦN THỊ MAI",
        "father_name": "LÊ VĂN HÙNG",
        "registration_date": "2019-01-20",
    },
)

# OCR without diacritics, O for 0, a label split over two lines, value on the next line
DOCS["birth_noisy"] = (
    "birth_certificate",
    [
        """
    UY BAN NHAN DAN\tCONG HOA XA HOI CHU NGHIA VIET NAM
    # GIAY KHAI SINH
    Ho, chu dem, ten: NGUYEN VAN AN
    Ngay, thang, nam
    sinh: l2/O3/2O20
    Gioi tinh: Nam
    So dinh danh ca nhan:
    079220 001122
    Ho, chu dem, ten nguoi me: PHAM THI LAN
    Ngay, thang, nam dang ky: 25/03/2020
"""
    ],
    {
        "full_name": "NGUYEN VAN AN",
        "date_of_birth": "2020-03-12",
        "gender": "male",
        "personal_id": "079220001122",
        "mother_name": "PHAM THI LAN",
        "registration_date": "2020-03-25",
    },
)

DOCS["death"] = (
    "death_certificate",
    [
        """
    ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    PHƯỜNG THẮNG NHÌ\tĐộc lập - Tự do - Hạnh phúc
    Số: 45/TLKT-BS
    # TRÍCH LỤC KHAI TỬ
    > (BẢN SAO)
    Họ, chữ đệm, tên: TRẦN VĂN MINH
    Ngày, tháng, năm sinh: 02/09/1948\tGiới tính: Nam
    Dân tộc: Kinh\tQuốc tịch: Việt Nam
    Số định danh cá nhân: 077048001122
    Đã chết vào lúc: 14 giờ 30 phút, ngày 15 tháng 3 năm 2023
    Nơi chết: Bệnh viện Lê Lợi, thành phố Vũng Tàu
    Nguyên nhân chết: Bệnh già
    Họ, chữ đệm, tên người đi khai tử: TRẦN THỊ LAN
    Giấy tờ tùy thân: CCCD số 077185003344
    Nơi đăng ký khai tử: Ủy ban nhân dân phường Thắng Nhì
    >> Vũng Tàu, ngày 20 tháng 3 năm 2023
    >> NGƯỜI KÝ TRÍCH LỤC
    >> Phạm Thị Hồng
"""
    ],
    {
        "document_number": "45/TLKT-BS",
        "full_name": "TRẦN VĂN MINH",
        "date_of_birth": "1948-09-02",
        "personal_id": "077048001122",
        "date_of_death": "2023-03-15",
        "issue_date": "2023-03-20",
    },
)

# two columns under the headings Chồng / Vợ, the row labels repeated in each column
DOCS["marriage_columns"] = (
    "marriage_certificate",
    [
        """
    ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    XÃ LONG HỰU\tĐộc lập - Tự do - Hạnh phúc
    # GIẤY CHỨNG NHẬN KẾT HÔN
    Số: 12/2021
    Quyển số: 01/2021
    Thông tin người chồng\tThông tin người vợ
    Họ, chữ đệm, tên: PHẠM VĂN TÚ\tHọ, chữ đệm, tên: LÊ THỊ MAI
    Ngày, tháng, năm sinh: 01/01/1990\tNgày, tháng, năm sinh: 02/02/1992
    Dân tộc: Kinh\tDân tộc: Kinh
    Nơi cư trú: xã Long Hựu\tNơi cư trú: xã Long Hựu
    Nơi đăng ký kết hôn: Ủy ban nhân dân xã Long Hựu
    Ngày, tháng, năm đăng ký: 15/06/2021
    >> Long Hựu, ngày 15 tháng 6 năm 2021
"""
    ],
    {
        "husband_name": "PHẠM VĂN TÚ",
        "wife_name": "LÊ THỊ MAI",
        "registration_date": "2021-06-15",
        "document_number": "12/2021",
    },
)

DOCS["marriage_lines"] = (
    "marriage_certificate",
    [
        """
    # GIẤY CHỨNG NHẬN KẾT HÔN
    Số: 88/2019
    Họ, chữ đệm, tên người vợ: Võ Thị Thảo
    Ngày, tháng, năm sinh: 10/10/1995
    Họ, chữ đệm, tên người chồng: Đặng Quốc Việt
    Ngày, tháng, năm sinh: 11/11/1993
    Ngày đăng ký: 02/05/2019
"""
    ],
    {
        "husband_name": "Đặng Quốc Việt",
        "wife_name": "Võ Thị Thảo",
        "registration_date": "2019-05-02",
        "document_number": "88/2019",
    },
)

DOCS["residence"] = (
    "residence_confirmation",
    [
        """
    CÔNG AN TỈNH BÀ RỊA - VŨNG TÀU\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    CÔNG AN PHƯỜNG LONG TOÀN\tĐộc lập - Tự do - Hạnh phúc
    Số: 942/XN-CAP\tBà Rịa, ngày 06 tháng 5 năm 2022
    # XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ
    Công an phường Long Toàn xác nhận thông tin về cư trú của công dân như sau:
    1. Họ, chữ đệm và tên: Hồ Gia Long
    2. Ngày, tháng, năm sinh: 11/01/1955\t3. Giới tính: Nam
    4. Số định danh cá nhân: 077055191317
    5. Dân tộc: Kinh\t6. Tôn giáo: Không\t7. Quốc tịch: Việt Nam
    9. Nơi thường trú: Số 158 đường Nguyễn Văn Cừ, phường Long Toàn, thành phố
    Bà Rịa, tỉnh Bà Rịa - Vũng Tàu
    10. Nơi tạm trú: Không
    11. Nơi ở hiện tại: Số 9 đường Lê Lợi, phường Long Toàn, thành phố Bà Rịa
    12. Họ, chữ đệm và tên chủ hộ: Nguyễn Bảo Hằng
"""
    ],
    {
        "full_name": "Hồ Gia Long",
        "personal_id": "077055191317",
        "date_of_birth": "1955-01-11",
        "permanent_address": "Số 158 đường Nguyễn Văn Cừ, phường Long Toàn, thành phố Bà Rịa, tỉnh Bà Rịa - Vũng Tàu",
        "issue_date": "2022-05-06",
    },
)

DOCS["bhyt"] = (
    "health_insurance_card",
    [
        """
    > BẢO HIỂM XÃ HỘI VIỆT NAM
    # THẺ BẢO HIỂM Y TẾ
    Mã số: DN 4797914123456
    Họ và tên: NGUYỄN VĂN AN
    Ngày sinh: 15/08/1985\tGiới tính: Nam
    Địa chỉ: Số 10 Lê Lợi, Phường 1, TP Vũng Tàu
    Nơi ĐK KCB BĐ: Bệnh viện Lê Lợi
    Giá trị sử dụng: từ 01/01/2024 đến 31/12/2024
    Thời điểm đủ 5 năm liên tục: 01/01/2025
"""
    ],
    {
        "insurance_number": "DN4797914123456",
        "full_name": "NGUYỄN VĂN AN",
        "date_of_birth": "1985-08-15",
        "gender": "male",
        "valid_from": "2024-01-01",
        "valid_to": "2024-12-31",
    },
)

DOCS["land"] = (
    "land_use_certificate",
    [
        """
    > CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    > Độc lập - Tự do - Hạnh phúc
    # GIẤY CHỨNG NHẬN
    # QUYỀN SỬ DỤNG ĐẤT
    # QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT
    I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất
    Ông: NGUYỄN VĂN BÌNH, sinh năm 1970, CCCD số: 077070001234
    Địa chỉ thường trú: Số 5 Lê Lợi, phường 1, thành phố Vũng Tàu
    > CĐ 123456
""",
        """
    II. Thửa đất, nhà ở và tài sản khác gắn liền với đất
    1. Thửa đất:
    a) Thửa đất số: 0412,\ttờ bản đồ số: 15;
    b) Địa chỉ: phường 1, thành phố Vũng Tàu
    c) Diện tích: 152,5 m², (bằng chữ: Một trăm năm mươi hai phẩy năm mét vuông)
    d) Hình thức sử dụng: Sử dụng riêng
    e) Mục đích sử dụng: Đất ở tại đô thị
    >> Vũng Tàu, ngày 10 tháng 10 năm 2019
    >> TM. ỦY BAN NHÂN DÂN
    Số vào sổ cấp GCN: CS 01234
""",
    ],
    {
        "full_name": "NGUYỄN VĂN BÌNH",
        "personal_id": "077070001234",
        "parcel_number": "412",
        "map_sheet_number": "15",
        "area_m2": "152.5",
        "certificate_serial": "CĐ 123456",
        "issue_date": "2019-10-10",
    },
)

DOCS["permit"] = (
    "construction_permit",
    [
        """
    UBND THÀNH PHỐ VŨNG TÀU\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    PHÒNG QUẢN LÝ ĐÔ THỊ\tĐộc lập - Tự do - Hạnh phúc
    Số: 1234/GPXD\tVũng Tàu, ngày 05 tháng 6 năm 2022
    # GIẤY PHÉP XÂY DỰNG
    > (Sử dụng cho nhà ở riêng lẻ)
    Căn cứ Quyết định số 15/2021/QĐ-UBND ngày 12/03/2021 của Ủy ban nhân dân tỉnh;
    1. Cấp cho: Ông/Bà NGUYỄN THỊ THU
    Địa chỉ: Số 8 Hoàng Hoa Thám, phường Thắng Tam, thành phố Vũng Tàu
    2. Được phép xây dựng công trình: Nhà ở riêng lẻ
    - Vị trí xây dựng: Thửa đất số 120, tờ bản đồ số 33, phường 7, thành phố Vũng Tàu
    - Cốt nền xây dựng công trình: +0,45m
    - Mật độ xây dựng: 80%
    >> GIÁM ĐỐC
    >> Lê Văn Tám
"""
    ],
    {
        "document_number": "1234/GPXD",
        "issue_date": "2022-06-05",
        "full_name": "NGUYỄN THỊ THU",
        "construction_address": "Thửa đất số 120, tờ bản đồ số 33, phường 7, thành phố Vũng Tàu",
    },
)

DOCS["business"] = (
    "business_registration",
    [
        """
    SỞ KẾ HOẠCH VÀ ĐẦU TƯ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH BÀ RỊA - VŨNG TÀU\tĐộc lập - Tự do - Hạnh phúc
    PHÒNG ĐĂNG KÝ KINH DOANH
    # GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
    > CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN
    > Mã số doanh nghiệp: 3501234565
    > Đăng ký lần đầu: ngày 12 tháng 03 năm 2015
    > Đăng ký thay đổi lần thứ 3: ngày 20 tháng 10 năm 2021
    1. Tên công ty
    Tên công ty viết bằng tiếng Việt: CÔNG TY TNHH MỘT THÀNH VIÊN HẢI ĐĂNG
    Tên công ty viết bằng tiếng nước ngoài: HAI DANG ONE MEMBER COMPANY LIMITED
    Tên công ty viết tắt: HAI DANG CO., LTD
    2. Địa chỉ trụ sở chính
    Số 25 Ba Cu, Phường 1, Thành phố Vũng Tàu, Tỉnh Bà Rịa - Vũng Tàu
    3. Vốn điều lệ: 5.000.000.000 đồng
    4. Người đại diện theo pháp luật của công ty
    * Họ và tên: TRẦN QUỐC HẢI\tGiới tính: Nam
    Chức danh: Giám đốc
    Sinh ngày: 20/11/1980\tDân tộc: Kinh\tQuốc tịch: Việt Nam
    Loại giấy tờ pháp lý của cá nhân: Thẻ Căn cước công dân
    Số giấy tờ pháp lý của cá nhân: 077080005678
"""
    ],
    {
        "enterprise_code": "3501234565",
        "company_name": "CÔNG TY TNHH MỘT THÀNH VIÊN HẢI ĐĂNG",
        "first_registration_date": "2015-03-12",
        "full_name": "TRẦN QUỐC HẢI",
        "personal_id": "077080005678",
    },
)

DOCS["decision_2p"] = (
    "decision",
    [
        """
    THÀNH PHỐ VŨNG TÀU\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - Hạnh phúc
    PHƯỜNG RẠCH DỪA\tVũng Tàu, ngày 12 tháng 8 năm 2019
    Số: 1768/QĐ-UBND
    # QUYẾT ĐỊNH
    > Về việc hỗ trợ kinh phí sửa chữa nhà ở
    > CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG RẠCH DỪA
    Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
    Căn cứ Quyết định số 20/2021/QĐ-UBND ngày 15 tháng 3 năm 2021 của Ủy ban nhân dân tỉnh;
    > QUYẾT ĐỊNH:
    Điều 1. Hỗ trợ kinh phí sửa chữa nhà ở với số tiền 20.000.000 đồng cho bà
    Phạm Thị Khánh, sinh ngày 17/11/1973, số định
    danh cá nhân: 077173721603; nơi cư trú: Số 33 đường Ba Cu, phường Rạch Dừa.
    Điều 2. Kinh phí hỗ trợ được chi từ nguồn ngân sách phường năm 2019.
""",
        """
    Điều 3. Văn phòng HĐND và UBND phường, bà Phạm Thị Khánh chịu trách nhiệm thi hành
    Quyết định này./.
    Nơi nhận:\tTM. ỦY BAN NHÂN DÂN
    - Như Điều 3;\tCHỦ TỊCH
    - Lưu: VT.\tNguyễn Văn Bình
""",
    ],
    {
        "document_number": "1768/QĐ-UBND",
        "issue_date": "2019-08-12",
        "issuer": "ỦY BAN NHÂN DÂN PHƯỜNG RẠCH DỪA",
        "subject": "hỗ trợ kinh phí sửa chữa nhà ở",
        "full_name": "Phạm Thị Khánh",
        "personal_id": "077173721603",
        "date_of_birth": "1973-11-17",
    },
)

DOCS["ct01_noisy"] = (
    "application_form",
    [
        """
    >> Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA
    > CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    > Độc lập - Tự do - Hạnh phúc
    # TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ
    > Kính gửi: Công an phường Thắng Tam
    1. Họ, chữ đệm và tên: ĐỖ THỊ HOÀ
    2. Ngày, tháng, năm sinh: 1O/O2/1995\t3. Giới tính: Nu
    4. Số định danh cá nhân: 077195 00l234
    5. Số điện thoại liên hệ: 0912345678\t6. Email: hoado@gmail.com
    7. Họ, chữ đệm và tên chủ hộ: ĐỖ VĂN NAM
    8. Mối quan hệ với chủ hộ: Con
    9. Số định danh cá nhân của chủ hộ: 077065001111
    >> Vũng Tàu, ngày 02 tháng 8 năm 2024
    >> NGƯỜI KÊ KHAI
    >> Đỗ Thị Hoà
"""
    ],
    {
        "form_code": "CT01",
        "full_name": "ĐỖ THỊ HOÀ",
        "date_of_birth": "1995-02-10",
        "gender": "female",
        "personal_id": "077195001234",
    },
)

DOCS["don_gpxd"] = (
    "application_form",
    [
        """
    >> Mẫu số 01
    > CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    # ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG
    > (Sử dụng cho nhà ở riêng lẻ)
    > Kính gửi: Ủy ban nhân dân thành phố Vũng Tàu
    1. Tên chủ đầu tư (chủ hộ): Ông/Bà Trương Minh Quang
    - Số CCCD: 077089004321\tNgày cấp: 10/10/2021
    - Địa chỉ liên hệ: Số 12 Phan Chu Trinh, phường 2, thành phố Vũng Tàu
    2. Địa điểm xây dựng: Thửa đất số 45, tờ bản đồ số 12
"""
    ],
    {
        "form_code": "01",
        "personal_id": "077089004321",
    },
)

DOCS["receipt"] = (
    "receipt",
    [
        """
    UBND PHƯỜNG VÕ THỊ SÁU\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    BỘ PHẬN TIẾP NHẬN\tĐộc lập - Tự do - Hạnh phúc
    VÀ TRẢ KẾT QUẢ\tTP. Hồ Chí Minh, ngày 26 tháng 7 năm
    \t2016
    # GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
    > Mã hồ sơ: 000.20. 38. H29- 160726 -0042
    > (Liên: Giao người nộp hồ sơ)
    Bộ phận tiếp nhận và trả kết quả phường Võ Thị Sáu tiếp nhận hồ sơ của:
    Ông/Bà: Hoàng Minh Khoa
    Số định danh cá nhân: 079065794686
    Địa chỉ: Số 203/28 đường Ba Cu, phường Võ Thị Sáu, Quận 3, Thành phố
    Hồ Chí Minh
    Số điện thoại: 0987229537\tEmail: khoahoang81@gmail.com
    Nội dung yêu cầu giải quyết: Cấp bản sao trích lục hộ tịch
    1. Thành phần hồ sơ nộp gồm:
    - Tờ khai cấp bản sao trích lục hộ tịch;
    2. Số lượng hồ sơ: 01 (bộ)
    4. Thời gian nhận hồ sơ: 12 giờ 00 phút, ngày 26/07/2016
    5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 00 phút, ngày 27/07/2016
    NGƯỜI NỘP HỒ SƠ\tNGƯỜI TIẾP NHẬN HỒ SƠ
    (Ký và ghi rõ họ tên)\t(Ký và ghi rõ họ tên)
    Hoàng Minh Khoa\tDương Thu Linh
"""
    ],
    {
        "dossier_id": "000.20.38.H29-160726-0042",
        "full_name": "Hoàng Minh Khoa",
        "personal_id": "079065794686",
        "receipt_date": "2016-07-26",
        "due_date": "2016-07-27",
    },
)

# a receipt as a two-column table, values in the next column, the code in a QR URL
DOCS["receipt_table"] = (
    "receipt",
    [
        """
    # PHIẾU TIẾP NHẬN HỒ SƠ
    > https://dichvucong.gov.vn/tra-cuu-tien-do?doccode=000.00.12.H02-230818-0001
    Họ tên người nộp:\tTRẦN VĂN LỘC
    Số CCCD:\t077 090 001 234
    Ngày tiếp nhận:\t18-08-2023
    Ngày hẹn trả kết quả:\t25.08.2023
"""
    ],
    {
        "dossier_id": "000.00.12.H02-230818-0001",
        "full_name": "TRẦN VĂN LỘC",
        "personal_id": "077090001234",
        "receipt_date": "2023-08-18",
        "due_date": "2023-08-25",
    },
)
