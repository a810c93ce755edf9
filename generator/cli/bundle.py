"""`diachido bundle`: the whole site in one ZIP that works opened from disk, for hand-over.

Youth-union projects end and relic management boards take over; they get the site (links
rewritten to end in index.html, which browsers need on file://), the plates, the open data
and a short Vietnamese README. The ZIP is deterministic: sorted entries, fixed timestamps.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content.config import is_placeholder
from generator.content.model import Config
from generator.outputs.atomic import replacing
from generator.outputs.clock import source_date_epoch
from generator.outputs.urls import lang_dir

if TYPE_CHECKING:
    from generator.build import Options, Result

FOLDER = "diachido-site"
# href/src/action values that point inside the site at a folder ("x/", "./", "../")
_DIR_LINK = re.compile(r'(?P<attr>\b(?:href|action|data-other)=")(?P<url>(?![a-z][a-z0-9+.-]*:|/|#)'
                       r'[^"#?]*/)(?P<rest>[#?][^"]*)?"')
_REFRESH = re.compile(r'(content="0; url=)(?P<url>(?![a-z][a-z0-9+.-]*:|/)[^"]*/)"')
README = """\
TRANG DI TÍCH — BẢN LƯU TRỮ ĐỂ BÀN GIAO
========================================

{title}
{organisation}

Thư mục này chứa toàn bộ trang web, xem được ngay trên máy tính, không cần mạng:
  1. Giải nén tệp ZIP.
  2. Mở thư mục {folder}, bấm đúp vào tệp index.html.

Bên trong:
  - index.html, các thư mục di tích: trang web {languages}.
{plates}
    plates/index.html: danh sách biển, mã, địa chỉ mã hoá, ngày lắp đặt và kiểm tra.
  - data/: dữ liệu mở (sites.json, sites.csv mở bằng Excel, sites.geojson) và giấy phép.

Lưu ý quan trọng về biển QR:
  - Mã QR trên biển mở địa chỉ {base_url}/q/<MÃ>. Nếu đổi tên miền hay nơi đặt trang,
    phải giữ cho các địa chỉ này vẫn mở được, nếu không các biển đã gắn sẽ hỏng.
  - Mã đã in (NT01, NT02…) không bao giờ được đổi hay dùng lại cho di tích khác.
  - Dữ liệu gốc (các tệp sites/*.md, media/, codes.yml) nằm trong kho mã nguồn của dự án;
    hãy xin quyền quản lý kho đó để tiếp tục cập nhật.
"""
# The plates paragraph: ready for the print shop, or samples drawn with the example address.
PLATES_READY = """\
  - plates/{files}: các biển mã QR, mỗi khổ biển một tệp, mỗi trang một biển,
    gửi nhà in được ngay. plates/all.pdf: tất cả biển trong một tệp, xếp theo khổ.
    Các tệp này là PDF/X-4, màu CMYK theo chuẩn in FOGRA39 (giấy couché); báo nhà in
    giữ nguyên số CMYK (không chuyển màu), xén theo khung TrimBox, chừa lề xén 3 mm."""
PLATES_SAMPLE = """\
  - plates/: các biển mã QR ở đây là BẢN MẪU — KHÔNG IN (có dải chữ đen chéo trên biển),
    vì mã QR trỏ tới địa chỉ mẫu {base_url}.
    Trước khi in: ghi địa chỉ thật của trang vào base_url trong diachido.yml (hoặc dùng
    --base-url), dựng lại, rồi mới gửi nhà in các tệp plates/{files}
    (mỗi khổ biển một tệp; plates/all.pdf có tất cả biển trong một tệp)."""


def plates_paragraph(site_dir: Path, config: Config) -> str:
    """What DOC-TRUOC.txt says of the plates: which files go to the print shop, or that they
    are samples and what to set before printing."""
    files = ", ".join(sorted(p.name for p in (site_dir / "plates").glob("print-*.pdf")))
    text = PLATES_SAMPLE if is_placeholder(config.base_url) else PLATES_READY
    return text.format(files=files or "print-<KHỔ>.pdf", base_url=config.base_url)


def _rewrite(html: str) -> str:
    def folder(match: re.Match) -> str:
        url = match["url"]
        return f'{match["attr"]}{url}index.html{match["rest"] or ""}"'

    html = _DIR_LINK.sub(folder, html)
    return _REFRESH.sub(lambda m: f'{m[1]}{m["url"]}index.html"', html)


def _epoch() -> tuple[int, int, int, int, int, int]:
    import datetime as dt

    zip_epoch = 315532800  # 1980-01-01, the earliest date a ZIP entry can hold
    moment = dt.datetime.fromtimestamp(max(source_date_epoch() or 0, zip_epoch), dt.UTC)
    return moment.timetuple()[:6]


def language_folders(config: Config, names: dict[str, str]) -> str:
    """Where each language's pages are, in Vietnamese: "tiếng Việt; tiếng Anh trong thư mục en/,
    tiếng Hàn trong thư mục ko/" (`names`: tag → its Vietnamese name, else the tag itself)."""
    default, *others = config.languages.tags
    where = [f"{names.get(tag, tag)} trong thư mục {lang_dir(tag)}/" for tag in others]
    return "; ".join([names.get(default, default), ", ".join(where)] if where else [
        names.get(default, default)])


def write_bundle(site_dir: Path, target: Path, config: Config,
                 names: dict[str, str] | None = None) -> int:
    """Zip `site_dir` into `target` (atomically); returns the number of files. `names`: each
    language's Vietnamese name, for DOC-TRUOC.txt."""
    stamp = _epoch()
    # The web editor (admin/) needs the Git host; a hand-over copy opened from disk has none.
    files = sorted(p for p in site_dir.rglob("*")
                   if p.is_file() and p.relative_to(site_dir).parts[0] != "admin")
    with replacing(target) as tmp, \
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        readme = README.format(title=config.text("title", "vi"),
                               organisation=config.text("organisation", "vi"),
                               folder=FOLDER, base_url=config.base_url,
                               languages=language_folders(config, names or {}),
                               plates=plates_paragraph(site_dir, config))
        _add(archive, "DOC-TRUOC.txt", readme.encode("utf-8"), stamp)
        for path in files:
            rel = path.relative_to(site_dir).as_posix()
            data = path.read_bytes()
            if path.suffix == ".html":
                data = _rewrite(data.decode("utf-8")).encode("utf-8")
            _add(archive, f"{FOLDER}/{rel}", data, stamp)
    return len(files)


def _add(archive: zipfile.ZipFile, name: str, data: bytes,
         stamp: tuple[int, int, int, int, int, int]) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def bundle_site(options: Options, target: Path) -> Result:
    """Build (incrementally), then zip the result; returns the build's Result."""
    from generator.build import build_site, theme_dir
    from generator.content.config import load_config
    from generator.content.model import Languages
    from generator.problems import Problems, UserError
    from generator.render.theme import load_catalogues

    result = build_site(options)
    problems = Problems()  # the build read the same file: only an edit since can fail here
    config = load_config(options.root, problems, options.base_url)
    if problems.errors:
        raise UserError(problems.errors)
    # DOC-TRUOC.txt is Vietnamese: the languages as the Vietnamese catalogue names them.
    vi = load_catalogues(theme_dir(options.root) / "i18n", Languages(("vi",))).get("vi", {})
    names = {tag: str(name) for tag, name in (vi.get("language_names") or {}).items()}
    result.bundle = (str(target), write_bundle(options.out, target, config, names))
    return result
