"""The entry format: every front-matter key, its normaliser, and where its value goes.

One row per key of the schema (content/schema.py). Translatable keys may be written in a
translation file and end up in `model.Text`; the others are shared and end up in `model.Entry`.
"""

from __future__ import annotations

from dataclasses import replace

from generator.content import heritage_fields as heritage
from generator.content import media_fields as media
from generator.content.communes import area
from generator.content.fields import (
    CODE_RE,
    RANKINGS,
    aliases,
    boolean,
    code,
    language_tag,
    location,
    media_image,
    plate_size,
    ranking,
    sources,
    text,
    year,
)
from generator.content.model import PLATE_SIZES
from generator.content.points import points
from generator.content.schema import Field, Form, Schema

# The web editor's view of each key (content/schema.py `Form`): Vietnamese labels and hints, and
# the checks the form can make before saving. The normalisers stay the authority; `diachido
# check` names whatever a form could not block.
PARTIAL_DATE = r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"
DAY = r"^\d{4}-\d{1,2}-\d{1,2}$"
_DATE_HINT = "Năm (1963), năm-tháng (1963-05) hoặc ngày đủ (1963-05-19)."
_RIGHTS = ({"name": "credit", "label": "Tác giả / nguồn ảnh", "required": False},
           {"name": "license", "label": "Giấy phép (vd. CC BY 4.0)", "required": False})

# The entry's and each point's 360° view: one set of boxes for both.
_PANORAMA_HINT = "Ảnh JPEG toàn cảnh tỉ lệ 2:1, tối đa 16384×8192."
# Uploaded as is: a panorama must stay a full-size JPEG, which the editor's photo shrinking
# (render/admin.py PHOTO_LIMIT) would make a smaller WebP.
_PANORAMA = ({"name": "src", "label": "Ảnh 360° (.jpg)", "widget": "image",
              "media_libraries": {"default": {"config": {}}}},
             {"name": "alt", "label": "Mô tả ảnh (alt)",
              "hint": "Tả ảnh cho người không nhìn thấy."},
             {"name": "caption", "label": "Chú thích", "required": False}, *_RIGHTS)


def _choices(values: tuple[str, ...]) -> dict:
    return {"options": [{"label": value, "value": value} for value in values]}


def _items(*fields: dict) -> dict:
    return {"fields": list(fields)}


# What /admin/ says when a save would take a code another site holds (render/admin.py,
# theme/static/admin/codes.js): {code}, the site holding it {holder}, the next free code {next}.
CODE_TAKEN = {
    "message": "Không lưu được: mã biển {code} đã thuộc về “{holder}”. Dùng mã kế tiếp còn "
               "trống: {next}.",
    "point_message": "Không lưu được: mã điểm {code} đã thuộc về “{holder}”. Để trống ô “Mã "
                     "điểm đã in” cho điểm mới; chỉ ghi mã đã in trên biển của chính điểm này.",
}

FORMS = {
    "code": Form("Mã biển", "2–4 chữ in hoa rồi 2–4 chữ số. Đã điền sẵn mã kế tiếp còn trống "
                 "({next}); mã lớn nhất đang dùng: {highest}. Không đổi mã của biển đã in.",
                 pattern=CODE_RE.pattern),
    "title": Form("Tên di tích"),
    "summary": Form("Tóm tắt", "Một hai câu, tối đa 400 ký tự.", "text"),
    "category": Form("Loại hình", "Viết tự do, như trên bảng giới thiệu (vd. di tích lịch sử – "
                     "văn hoá); hiện trên thẻ ở trang chủ và dùng để lọc. Khác “Kiểu di tích” "
                     "(chọn trong danh sách)."),
    "address": Form("Địa chỉ"),
    "location": Form("Toạ độ", "Vĩ độ và kinh độ (độ thập phân).", "object", options=_items(
        {"name": "lat", "label": "Vĩ độ", "widget": "number", "value_type": "float",
         "min": -90, "max": 90},
        {"name": "lon", "label": "Kinh độ", "widget": "number", "value_type": "float",
         "min": -180, "max": 180})),
    "type": Form("Kiểu di tích", "Chọn một kiểu trong danh sách cố định (địa đạo, đình, nhà "
                 "tù…); hiện trên trang di tích và trong dữ liệu mở. Khác “Loại hình” là chữ "
                 "viết tự do.", widget="select", options=_choices(heritage.TYPES)),
    "ranking": Form("Cấp xếp hạng", widget="select", options=_choices(RANKINGS)),
    # A list of years, not a number box: the app's preview writes numbers the Vietnamese way
    # (2014 as "2.014"); an option's label is shown as written, and its value saved as a number.
    "ranked_year": Form("Năm xếp hạng", "Năm của quyết định xếp hạng.", "select", options={
        "options": [{"label": str(y), "value": y} for y in range(1900, 2101)]}),
    "ranking_decision": Form("Quyết định xếp hạng", widget="object", options=_items(
        {"name": "number", "label": "Số quyết định", "required": False},
        {"name": "date", "label": "Ngày", "hint": _DATE_HINT, "required": False,
         "pattern": [PARTIAL_DATE, _DATE_HINT]},
        {"name": "issued_by", "label": "Cơ quan ban hành", "required": False})),
    "periods": Form("Thời kỳ", "Mỗi dòng một thời kỳ.", "list"),
    "events": Form("Sự kiện", widget="list", options=_items(
        {"name": "date", "label": "Ngày", "hint": _DATE_HINT, "pattern": [PARTIAL_DATE,
                                                                          _DATE_HINT]},
        {"name": "text", "label": "Nội dung", "widget": "text"})),
    "people": Form("Nhân vật", widget="list", options=_items(
        {"name": "name", "label": "Họ tên"},
        {"name": "role", "label": "Vai trò", "required": False})),
    "managed_by": Form("Đơn vị quản lý", widget="object", options=_items(
        {"name": "unit", "label": "Đơn vị"},
        {"name": "contact", "label": "Liên hệ", "required": False})),
    "opening_hours": Form("Giờ mở cửa"),
    "admission": Form("Vé vào cửa"),
    "content_note": Form("Lưu ý nội dung", "Báo trước cho người đọc nếu nội dung đau thương.",
                         "text"),
    # Kept but not shown: the original's `reviewed: {date, by}` and a translation's
    # `reviewed: false` are one key of two shapes, which one editor field cannot hold.
    "reviewed": Form("Đã thẩm định", widget="hidden"),
    "updated": Form("Ngày cập nhật nội dung", "Ghi ngày (vd. 2026-12-01) khi sửa nội dung đáng "
                    "kể: di tích hiện lại đầu bản tin của trang cho người theo dõi. Sửa lỗi "
                    "chính tả thì không cần đổi.", pattern=r"^\d{4}-\d{2}-\d{2}$"),
    "cover": Form("Ảnh bìa", widget="image"),
    "cover_alt": Form("Mô tả ảnh bìa (alt)", "Bắt buộc nếu có ảnh bìa: tả ảnh cho người không "
                      "nhìn thấy."),
    "cover_credit": Form("Tác giả ảnh bìa"),
    "cover_license": Form("Giấy phép ảnh bìa"),
    "gallery": Form("Bộ ảnh", "Mỗi ảnh phải có mô tả (alt).", "list", options=_items(
        {"name": "src", "label": "Ảnh", "widget": "image"},
        {"name": "alt", "label": "Mô tả ảnh (alt)", "hint": "Tả ảnh cho người không nhìn thấy."},
        {"name": "caption", "label": "Chú thích", "required": False}, *_RIGHTS)),
    "videos": Form("Video", "Tệp video hoặc đường dẫn YouTube (một trong hai).", "list",
                   options=_items(
        {"name": "title", "label": "Tiêu đề"},
        {"name": "src", "label": "Tệp video (.mp4, .webm)", "widget": "file", "required": False},
        {"name": "youtube", "label": "Đường dẫn YouTube", "required": False},
        {"name": "poster", "label": "Ảnh đại diện", "widget": "image", "required": False},
        {"name": "captions", "label": "Phụ đề (.vtt)", "widget": "file", "required": False},
        {"name": "speech", "label": "Có lời nói", "widget": "boolean", "required": False},
        *_RIGHTS)),
    "audio": Form("Âm thanh", widget="list", options=_items(
        {"name": "title", "label": "Tiêu đề"},
        {"name": "src", "label": "Tệp âm thanh (.mp3, .m4a, .ogg)", "widget": "file"},
        {"name": "transcript", "label": "Lời thuyết minh", "widget": "text", "required": False},
        *_RIGHTS)),
    "sources": Form("Nguồn tham khảo", widget="list", options=_items(
        {"name": "title", "label": "Tên nguồn"},
        {"name": "url", "label": "Đường dẫn", "required": False,
         "pattern": [r"^(https?://|mailto:)\S+$", "Bắt đầu bằng https:// hoặc mailto:"]})),
    "area": Form("Phường, xã (nếu chưa có toạ độ)", "Tên phường, xã trên bản đồ; để trống thì "
                 "lấy từ địa chỉ."),
    "panorama": Form("Ảnh 360°", _PANORAMA_HINT, "object", options=_items(*_PANORAMA)),
    "points": Form("Điểm tham quan", "Các điểm trong di tích, mỗi điểm một biển QR nhỏ.", "list",
                   options=_items(
        {"name": "id", "label": "Mã điểm (chữ thường không dấu, vd. loi-vao)",
         "pattern": [r"^[a-z0-9]+(-[a-z0-9]+)*$", "Chữ thường không dấu, nối bằng dấu gạch"]},
        {"name": "title", "label": "Tên điểm"},
        {"name": "summary", "label": "Tóm tắt", "widget": "text"},
        {"name": "body", "label": "Nội dung", "widget": "markdown", "required": False},
        {"name": "photo", "label": "Ảnh", "widget": "object", "required": False, "fields": [
            {"name": "src", "label": "Ảnh", "widget": "image"},
            {"name": "alt", "label": "Mô tả ảnh (alt)"},
            {"name": "caption", "label": "Chú thích", "required": False}]},
        {"name": "panorama", "label": "Ảnh 360°", "hint": _PANORAMA_HINT, "widget": "object",
         "required": False, "fields": list(_PANORAMA)},
        {"name": "location", "label": "Toạ độ", "widget": "object", "required": False,
         "fields": [{"name": "lat", "label": "Vĩ độ", "widget": "number",
                     "value_type": "float", "min": -90, "max": 90},
                    {"name": "lon", "label": "Kinh độ", "widget": "number",
                     "value_type": "float", "min": -180, "max": 180}]},
        {"name": "inscription", "label": "Văn bia, hoành phi, câu đối", "widget": "object",
         "required": False, "fields": [
             {"name": "original", "label": "Nguyên văn (chữ Hán/Nôm)", "widget": "text"},
             {"name": "transliteration", "label": "Phiên âm", "widget": "text",
              "required": False},
             {"name": "translation", "label": "Dịch nghĩa", "widget": "text", "required": False},
             {"name": "language", "label": "Chữ", "widget": "select", "required": False,
              "options": ["Hán", "Nôm"]}]},
        {"name": "code", "label": "Mã điểm đã in (chỉ khi đổi id)", "required": False,
         "pattern": [r"^[A-Z]{2,4}[0-9]{2,4}-[1-9][0-9]{0,2}$", "Vd. NT01-2"]})),
    "aliases": Form("Địa chỉ cũ", "Các slug cũ chuyển hướng về trang này.", "list"),
    # Two choices, not a yes/no box: a box always has a value, so every entry saved once would
    # gain `draft: false`; a choice left empty is left out of the file.
    "draft": Form("Bản nháp", "Bản nháp không được đăng. Để trống là đăng.", "select", options={
        "options": [{"label": "Bản nháp (chưa đăng)", "value": True},
                    {"label": "Đăng", "value": False}]}),
    "plate_size": Form("Khổ biển", widget="select", options=_choices(PLATE_SIZES)),
    "plate_language": Form("Ngôn ngữ thứ hai trên biển", "Mã ngôn ngữ, vd. en, ko, zh-Hans; để "
                           "trống thì theo cấu hình."),
}

ENTRY_FIELDS: dict[str, Field] = {
    "code": Field(code, required=True),
    "title": Field(text(200), True, True),
    "summary": Field(text(400), True, True),
    "category": Field(text(120), True, True),
    "address": Field(text(300), True, True),
    "location": Field(location),
    "area": Field(area),
    "type": Field(heritage.relic_type),
    "ranking": Field(ranking),
    "ranked_year": Field(year),
    "ranking_decision": Field(heritage.ranking_decision, translatable=True),
    "periods": Field(heritage.text_list(120), translatable=True),
    "events": Field(heritage.events, translatable=True),
    "people": Field(heritage.people, translatable=True),
    "managed_by": Field(heritage.managed_by),
    "opening_hours": Field(text(300), translatable=True),
    "admission": Field(text(300), translatable=True),
    "content_note": Field(text(600), translatable=True),
    # translatable for the form only: a translation's `reviewed: false` is its own review state
    # (entries._review_state), read before validation
    "reviewed": Field(heritage.reviewed, translatable=True),
    "updated": Field(heritage.full_date),
    "cover": Field(media_image),
    "cover_alt": Field(text(300), translatable=True),
    "cover_credit": Field(text(200)),
    "cover_license": Field(text(200)),
    "gallery": Field(media.gallery, translatable=True),
    "videos": Field(media.videos),
    "audio": Field(media.audio),
    "panorama": Field(media.panorama, translatable=True),
    "sources": Field(sources, translatable=True),
    "points": Field(points, translatable=True),
    "aliases": Field(aliases),
    "draft": Field(boolean),
    "plate_size": Field(plate_size),
    "plate_language": Field(language_tag),
}

# Each row with its form (a key without one still shows, as a text box).
ENTRY_FIELDS = {name: replace(spec, form=FORMS.get(name)) for name, spec in ENTRY_FIELDS.items()}
ENTRY = Schema(ENTRY_FIELDS)

# Keys that are read into other fields rather than copied as they are.
ENTRY_ATTRS = ("location", "type", "ranking", "ranked_year", "managed_by", "reviewed", "updated",
               "videos", "audio", "aliases", "draft", "plate_size", "plate_language")
TEXT_ATTRS = ("title", "summary", "category", "address", "cover_alt", "gallery", "sources",
              "periods", "events", "opening_hours", "admission", "content_note",
              "ranking_decision", "people", "panorama", "points")
