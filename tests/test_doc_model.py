"""The trained document-type model: learns, saves as plain data, refuses foreign files."""

from __future__ import annotations

import pickle
import zipfile

import pytest

from digitize.understand.doc_model import DocTypeModel, ModelFileError, train

BIRTH = "GIẤY KHAI SINH Họ, chữ đệm, tên: {n} Ngày, tháng, năm sinh: {d} Giới tính: Nam Nơi sinh: Bệnh viện"
DECISION = "QUYẾT ĐỊNH Về việc {n} CHỦ TỊCH ỦY BAN NHÂN DÂN Căn cứ Luật Tổ chức chính quyền địa phương Điều 1. {d}"
RECEIPT = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ Mã hồ sơ: {d} Người nộp: {n} Ngày hẹn trả kết quả"
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Võ Minh Em", "Đặng Văn Phúc"]


def _corpus():
    texts, labels = [], []
    for i, name in enumerate(NAMES * 3):
        for label, template in (("birth_certificate", BIRTH), ("decision", DECISION), ("receipt", RECEIPT)):
            texts.append(template.format(n=name, d=f"{i + 1}/0{i % 9 + 1}/20{10 + i}"))
            labels.append(label)
    return texts, labels


def test_learns_and_survives_dropped_diacritics(tmp_path):
    model = train(*_corpus())
    noisy = "GIAY KHAI S1NH Ho, chu dem, ten: Bui Van Giang Ngay, thang, nam sinh: 3/4/2020 Gioi tinh: Nu"
    [probs] = model.predict_proba([noisy])
    assert max(probs, key=probs.get) == "birth_certificate"
    path = tmp_path / "doctype.model"
    model.save(path)
    again = DocTypeModel.load(path)
    assert again.predict_proba([noisy]) == model.predict_proba([noisy])
    assert again.trained_on == len(_corpus()[0])


def test_a_damaged_or_foreign_file_is_refused(tmp_path):
    path = tmp_path / "doctype.model"
    train(*_corpus()).save(path)
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    tampered = tmp_path / "tampered.model"
    with zipfile.ZipFile(tampered, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data.replace(b"receipt", b"receipx") if name == "meta.json" else data)
    with pytest.raises(ModelFileError, match="checksum"):
        DocTypeModel.load(tampered)
    pickled = tmp_path / "evil.model"
    pickled.write_bytes(pickle.dumps({"labels": ["x"]}))
    with pytest.raises(ModelFileError, match="not a digitize model"):
        DocTypeModel.load(pickled)
