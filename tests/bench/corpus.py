"""Synthetic diachido projects: N valid entries with ~600-word Vietnamese bodies, optional photos.

Everything is drawn from one seeded `random.Random`, so the same (n, photos, seed) always gives
byte-identical files. The project looks like a real one that has been published before: a
`diachido.yml`, one `sites/<slug>.md` per site (YAML front matter as in the README, NFC text,
Markdown with `##` headings, bullet lists, links and emphasis), and a `codes.yml` registry that
already lists every code (as a committed registry would), so a cold build never rewrites it
(with `registry=False`, no registry: a first publication, where the build registers every code).
About 1 % of entries are drafts, 5 % carry an alias and 5 % a per-entry plate size.

With `photos=K`, each site gets K camera-like JPEGs in `media/<slug>/` (noise over a smooth
gradient, so they compress like photographs; 4000×3000 by default; EXIF orientation 1/6/8/3 and a
camera make/model); the first is the cover, the rest the gallery.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PREFIXES = ("HN", "HCM", "DN", "HP", "CT", "BD", "BN", "TH", "NA", "HUE", "QN", "KH", "LA", "TG",
            "VL", "AG", "CM", "DNA", "LDG", "BRVT", "NT", "BM")
PROVINCES = ("Hà Nội", "Thành phố Hồ Chí Minh", "Đồng Nai", "Hải Phòng", "Cần Thơ", "Bình Dương",
             "Bắc Ninh", "Thanh Hóa", "Nghệ An", "Huế", "Quảng Ninh", "Khánh Hòa", "Long An",
             "Tiền Giang", "Vĩnh Long", "An Giang", "Cà Mau", "Đà Nẵng", "Lâm Đồng",
             "Bà Rịa – Vũng Tàu", "Nhơn Trạch", "Bến Tre")
KINDS = ("Đình", "Chùa", "Đền", "Miếu", "Nhà tưởng niệm", "Địa đạo", "Khu di tích", "Căn cứ",
         "Bia tưởng niệm", "Nghĩa trang liệt sĩ", "Nhà cổ", "Lăng", "Hội quán", "Thành cổ")
PLACES = ("Phú Mỹ", "Phước Thiền", "Long Tân", "Hiệp Phước", "Bình Sơn", "Giồng Sắn", "Tân Định",
          "Phú Hội", "Long Thọ", "Vĩnh Thanh", "Đại Phước", "Phú Đông", "Phước An", "Phú Thạnh",
          "An Hòa", "Mỹ Lộc", "Bến Gỗ", "Cù lao Phố", "Hưng Đạo", "Trà Cổ", "Xuân Lộc", "Tam An",
          "Định Quán", "Thạnh Phú", "Bửu Long", "Hóa An", "Tân Uyên", "Đông Hòa", "Lộc Ninh",
          "Nghĩa Trung", "Hòa Bình", "Thống Nhất", "Quang Trung", "Lê Lợi", "Tân Hạnh")
CATEGORIES = ("di tích lịch sử", "di tích kiến trúc nghệ thuật", "di tích lịch sử – văn hóa",
              "di tích khảo cổ", "danh lam thắng cảnh", "di tích lịch sử cách mạng")
RANKINGS = ("tỉnh", "quốc gia", "quốc gia đặc biệt", "cấp tỉnh")
PEOPLE = ("Nguyễn Hữu Cảnh", "Trần Thượng Xuyên", "Lương Văn Sung", "Huỳnh Văn Nghệ",
          "Nguyễn Văn Trị", "Lê Văn Duyệt", "Phan Văn Khỏe", "Võ Thị Sáu", "Trịnh Hoài Đức")
FEATURES = ("mái lợp ngói âm dương", "bộ khung gỗ kiểu kèo đâm, kèo quyết",
            "ba bức hoành phi sơn son thếp vàng", "cổng tam quan xây gạch",
            "hàng cột gỗ căm xe trên chân tảng đá", "sân lát gạch tàu rộng rãi",
            "bức bình phong đắp nổi hình long mã", "hệ thống hầm và giao thông hào",
            "nhà bia ghi danh các liệt sĩ", "cây đa cổ thụ hơn trăm năm tuổi",
            "bàn thờ Thành hoàng Bổn cảnh", "những câu đối chữ Hán khắc trên gỗ")
EVENTS = ("lễ Kỳ yên", "lễ cúng đình đầu năm", "lễ giỗ các vị Tiền hiền", "hội làng tháng Giêng",
          "lễ dâng hương tưởng niệm", "lễ rước sắc thần")
SENTENCES = (
    "Theo tư liệu của ngành văn hóa tỉnh, {kind_l} được dựng vào khoảng năm {year}, khi những lưu "
    "dân đầu tiên đến khai phá vùng đất {place}.",
    "Trải qua nhiều lần trùng tu, công trình vẫn giữ được dáng vẻ cổ kính với {feature}.",
    "Trong cả hai cuộc kháng chiến chống Pháp và chống Mỹ, nơi đây là địa điểm hội họp bí mật "
    "của cán bộ và du kích địa phương.",
    "Người dân {place} kể rằng vào những năm {year2}, {person} từng ghé lại đây và để lại nhiều "
    "dấu tích.",
    "Hằng năm, vào dịp {event}, người dân khắp nơi tề tựu về dâng hương, tưởng nhớ công ơn tiền "
    "nhân.",
    "Khuôn viên rộng khoảng {area} mét vuông, nằm giữa những hàng cây dầu, sao, gõ và cẩm lai.",
    "Nhà nghiên cứu địa phương đánh giá đây là một mẫu tiêu biểu của kiến trúc làng quê Nam Bộ.",
    "Năm {year2}, mượn dịp {event} để che mắt đối phương, người dân bí mật lập bàn thờ Chủ tịch Hồ "
    "Chí Minh ngay trong chánh điện.",
    "Các hiện vật còn lưu giữ gồm sắc phong, bia đá, chuông đồng và nhiều bức hoành phi, câu đối "
    "có giá trị.",
    "Du khách nên đến vào buổi sáng, khi không gian còn yên tĩnh và ánh nắng xuyên qua tán lá.",
    "Đoàn thanh niên xã thường tổ chức sinh hoạt truyền thống, kể chuyện lịch sử cho học sinh tại "
    "đây.",
    "Năm {year}, di tích được tu bổ lần thứ {count}, thay mới phần mái và gia cố nền móng.",
    "Từ bến đò cũ, con đường đất đỏ dẫn vào cổng chính chỉ dài chừng {meters} mét.",
    "Trong trận càn năm {year2}, quân và dân {place} đã bám trụ, giữ vững căn cứ suốt nhiều ngày "
    "đêm.",
    "Tấm bia ghi lại tên tuổi của {count} chiến sĩ đã hy sinh trên mảnh đất này.",
    "Ban quản lý di tích phối hợp với chính quyền địa phương giữ gìn cảnh quan và vệ sinh môi "
    "trường.",
)
WORDS_TARGET = 600


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def ascii_slug(text: str) -> str:
    """'Đình Phú Mỹ' → 'dinh-phu-my' (the project's slug alphabet)."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


@dataclass
class Corpus:
    root: Path
    n: int
    photos: int
    slugs: list[str] = field(default_factory=list)  # published and draft, in code order
    drafts: int = 0
    draft_indices: set[int] = field(default_factory=set)
    registry: bytes | None = None  # codes.yml as generated (None: none), restored when cold

    def entry_path(self, index: int) -> Path:
        return self.root / "sites" / f"{self.slugs[index % len(self.slugs)]}.md"

    def published_index(self, start: int) -> int:
        """The first published entry at or after `start` (wrapping around)."""
        for step in range(len(self.slugs)):
            index = (start + step) % len(self.slugs)
            if index not in self.draft_indices:
                return index
        raise ValueError("every entry is a draft")

    def restore_registry(self) -> None:
        path = self.root / "codes.yml"
        if self.registry is None:
            path.unlink(missing_ok=True)
        elif not path.is_file() or path.read_bytes() != self.registry:
            path.write_bytes(self.registry)


class _Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def fill(self, template: str, place: str, kind: str) -> str:
        rng = self.rng
        return template.format(
            kind_l=kind.lower(), place=place, year=rng.randint(1700, 1990),
            year2=rng.choice((1930, 1945, 1954, 1960, 1965, 1968, 1970, 1972)),
            person=rng.choice(PEOPLE), feature=rng.choice(FEATURES), event=rng.choice(EVENTS),
            area=f"{rng.randint(1, 20)}.{rng.randint(100, 999)}", count=rng.randint(2, 90),
            meters=rng.randint(50, 900),
        )

    def paragraph(self, place: str, kind: str, sentences: int) -> str:
        picked = [self.fill(self.rng.choice(SENTENCES), place, kind) for _ in range(sentences)]
        if self.rng.random() < 0.5:
            i = self.rng.randrange(len(picked))
            words = picked[i].split(" ")
            j = self.rng.randrange(max(1, len(words) - 3))
            words[j:j + 3] = [f"**{' '.join(words[j:j + 3])}**"]
            picked[i] = " ".join(words)
        if self.rng.random() < 0.4:
            picked.append(f"Theo lời kể của các bô lão, *{place}* từng là một bến sông sầm uất.")
        return " ".join(picked)

    def body(self, title: str, place: str, kind: str, province: str) -> str:
        rng = self.rng
        parts = ["## Lịch sử", self.paragraph(place, kind, 4), self.paragraph(place, kind, 3),
                 "## Kiến trúc", self.paragraph(place, kind, 2),
                 "Những đặc điểm chính của công trình:",
                 "\n".join(f"- {f};" for f in rng.sample(FEATURES, rng.randint(3, 5))),
                 "## Lễ hội và tín ngưỡng", self.paragraph(place, kind, 3),
                 "### Những ngày lễ chính",
                 "\n".join(f"- *{e}*: tổ chức vào tháng {rng.randint(1, 12)} âm lịch"
                           for e in rng.sample(EVENTS, 3)),
                 "## Xếp hạng và bảo tồn",
                 f"{title} được xếp hạng theo quyết định số {rng.randint(100, 9999)}/QĐ-UBND của "
                 f"UBND tỉnh {province}. Xem thêm [trang của Sở Văn hóa, Thể thao và Du lịch]"
                 f"(https://svhttdl.example.gov.vn/di-tich/{ascii_slug(title)}) và "
                 f"[bài viết trên báo địa phương](https://bao.example.vn/van-hoa/"
                 f"{rng.randint(10000, 99999)}).",
                 "## Tham quan"]
        words = sum(len(p.split()) for p in parts)
        while words < WORDS_TARGET:
            paragraph = self.paragraph(place, kind, 3)
            parts.append(paragraph)
            words += len(paragraph.split())
        return _nfc("\n\n".join(parts) + "\n")


def make_corpus(root: Path, n: int, photos: int = 0, seed: int = 7,
                photo_size: tuple[int, int] = (4000, 3000), registry: bool = True) -> Corpus:
    """Write a fresh project of `n` sites into `root` (which must not exist or be empty).

    `registry=False` leaves out `codes.yml`, as before a first publication: the first build then
    registers every code itself.
    """
    rng = random.Random(f"{seed}:{n}")
    writer = _Writer(rng)
    root.mkdir(parents=True, exist_ok=True)
    (root / "sites").mkdir(exist_ok=True)
    (root / "media").mkdir(exist_ok=True)
    (root / "diachido.yml").write_text(_nfc(CONFIG), "utf-8")
    corpus = Corpus(root, n, photos)
    numbers = dict.fromkeys(PREFIXES, 0)
    records = [REGISTRY_HEADER]
    for index in range(n):
        prefix_i = rng.randrange(len(PREFIXES))
        prefix, province = PREFIXES[prefix_i], PROVINCES[prefix_i]
        numbers[prefix] += 1
        code = f"{prefix}{numbers[prefix]:04d}"
        kind, place = rng.choice(KINDS), rng.choice(PLACES)
        title = f"{kind} {place}"
        slug = f"{ascii_slug(title)}-{code.lower()}"
        front: dict[str, object] = {
            "code": code, "title": title,
            "summary": f"{title} là {rng.choice(CATEGORIES)} của vùng {place}. "
                       f"{writer.fill(rng.choice(SENTENCES[:6]), place, kind)}",
            "category": rng.choice(CATEGORIES),
            "address": f"xã {place}, tỉnh {province}",
        }
        if rng.random() < 0.8:
            front["ranking"] = rng.choice(RANKINGS)
            front["ranked_year"] = rng.randint(1962, 2024)
        if rng.random() < 0.9:
            front["location"] = {"lat": round(rng.uniform(8.6, 23.3), 5),
                                 "lon": round(rng.uniform(102.2, 109.4), 5)}
        if photos:
            names = [f"anh-{k + 1}.jpg" for k in range(photos)]
            for k, name in enumerate(names):
                write_photo(root / "media" / slug / name, random.Random(f"{seed}:{slug}:{k}"),
                            photo_size, orientation=(1, 6, 1, 8, 3)[(index + k) % 5])
            front["cover"] = f"{slug}/{names[0]}"
            front["cover_alt"] = f"Toàn cảnh {title.lower()} nhìn từ cổng chính"
            if photos > 1:
                front["gallery"] = [
                    {"src": f"{slug}/{name}", "alt": f"Góc nhìn {k + 2} của {title}",
                     "caption": rng.choice(FEATURES).capitalize()}
                    for k, name in enumerate(names[1:])]
        front["sources"] = [
            {"title": f"Sở VHTTDL {province} – {title}",
             "url": f"https://svhttdl.example.gov.vn/Pages/newsdetail.aspx?NewsId={index + 1}"},
            f"Địa chí {province}, tập {rng.randint(1, 4)}",
        ][: rng.randint(1, 2)]
        if rng.random() < 0.05:
            front["aliases"] = [f"{slug}-cu"]
        if rng.random() < 0.05:
            front["plate_size"] = rng.choice(("A6", "A4"))
        draft = rng.random() < 0.01
        if draft:
            front["draft"] = True
            corpus.drafts += 1
            corpus.draft_indices.add(index)
        body = writer.body(title, place, kind, province)
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False,
                                        width=10_000) + "---\n\n" + body
        (root / "sites" / f"{slug}.md").write_text(_nfc(text), "utf-8")
        corpus.slugs.append(slug)
        records.append(f"{code}:\n  slug: {slug}\n  issued: 2025-01-{1 + index % 28:02d}\n")
    if registry:
        corpus.registry = "".join(records).encode("utf-8")
        (root / "codes.yml").write_bytes(corpus.registry)
    return corpus


def body_entry(corpus: Corpus, index: int, round_: int) -> Path:
    """Add a paragraph at the end of one entry's body (nothing a home or a plate shows)."""
    path = corpus.entry_path(index)
    text = path.read_text("utf-8").rstrip("\n")
    path.write_text(f"{text}\n\nĐoạn bổ sung lần {round_ + 1}: người dân kể lại chuyện xưa.\n",
                    "utf-8")
    return path


def retitle_entry(corpus: Corpus, index: int, round_: int) -> Path:
    """Change one entry's title: printed on its plate, so that plate (and all.pdf) change."""
    return _rewrite(corpus, index, "title", f"Di tích đã đổi tên lần {round_ + 1}")


def _rewrite(corpus: Corpus, index: int, key: str, value: str) -> Path:
    path = corpus.entry_path(index)
    lines = path.read_text("utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"{key}: "):
            lines[i] = f"{key}: {value}"
            break
    else:
        raise AssertionError(f"no {key} line in {path}")
    path.write_text("\n".join(lines), "utf-8")
    return path


def write_photo(path: Path, rng: random.Random, size: tuple[int, int],
                orientation: int = 1) -> None:
    """A camera-like JPEG: smooth colour field + gradient + sensor-like noise, EXIF tags."""
    from PIL import Image

    width, height = size
    field_ = Image.frombytes("RGB", (16, 12), rng.randbytes(16 * 12 * 3))
    field_ = field_.resize((width, height), Image.Resampling.BICUBIC)
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    base = Image.blend(field_, gradient, 0.35)
    tile = Image.frombytes("L", (256, 256), rng.randbytes(256 * 256))
    noise = Image.new("L", (width, height))
    for y in range(0, height, 256):
        for x in range(0, width, 256):
            noise.paste(tile, (x, y))
    image = Image.blend(base, Image.merge("RGB", (noise, noise, noise)), 0.12)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 80D"
    exif[0x0132] = "2024:05:01 09:30:00"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=90, exif=exif)


CONFIG = """\
# Synthetic benchmark project (tests/bench/corpus.py).
title: Địa chỉ đỏ Việt Nam
title_en: Red addresses of Việt Nam
description: Di tích lịch sử và văn hoá khắp cả nước — quét mã QR tại cổng để đọc thuyết minh.
description_en: Historical and cultural heritage sites — scan the QR plate at the gate.
organisation: Đoàn TNCS Hồ Chí Minh
organisation_en: Hồ Chí Minh Communist Youth Union
base_url: https://doan.example.vn/diachido
plates:
  size: A5
  report: mailto:baocao@example.vn
  inspection_days: 365
"""
REGISTRY_HEADER = "# Registry of every plate code ever published (synthetic benchmark).\n"
