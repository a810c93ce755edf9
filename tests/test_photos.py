"""Photos as phones make them (issue 26): HEIC and AVIF, 200 MP, big files, and every media
problem on the entry's line in the editor's language. Built through the CLI."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zlib

import pillow_heif
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, entry
from PIL import Image
from test_errors import assert_problem, line_of

pillow_heif.register_heif_opener()  # the test makes HEIC files with the library that reads them

CATALOGUE = {lang: yaml.safe_load((REPO / f"generator/messages/{lang}.yml").read_text("utf-8"))
             for lang in ("vi", "en")}
REASONS = CATALOGUE["vi"]["_reasons"]
# Words of the decoders' own (English) messages that must never reach a Vietnamese editor.
ENGLISH = re.compile(r"\b(cannot|identify|truncated|image|file|pixels|bytes|error|broken|"
                     r"decoder|exceeds|limit|not processed|Invalid|Corrupt|Unsupported)\b",
                     re.IGNORECASE)


def _stored_sideways() -> Image.Image:
    """1200×600 as stored: left half red, right half blue. Shown with orientation 6 (turned a
    quarter clockwise), red is on top of a 600×1200 portrait."""
    image = Image.new("RGB", (1200, 600), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 600, 600))
    return image


def _phone_exif() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 15.0)}
    return exif.tobytes()


def _heic() -> bytes:
    """What an iPhone saves: HEVC in HEIF, the turn written as the container's `irot`."""
    buffer = io.BytesIO()
    _stored_sideways().save(buffer, "HEIF", exif=_phone_exif(), quality=90)
    data = buffer.getvalue()
    assert data[4:12] == b"ftypheic" and b"irot" in data[:1000]
    return data


def _avif() -> bytes:
    buffer = io.BytesIO()
    _stored_sideways().save(buffer, "AVIF", exif=_phone_exif(), quality=90)
    assert buffer.getvalue()[4:12] == b"ftypavif"
    return buffer.getvalue()


def _published(out):
    return sorted(p for p in (out / "media").rglob("*") if p.is_file())


@pytest.mark.parametrize(("name", "make"), [
    ("IMG_0001.HEIC", _heic), ("anh.heif", _heic),
    ("tu-iphone.jpg", _heic),  # a HEIC renamed .jpg: recognised by its content
    ("anh.avif", _avif),
])
def test_a_phones_heic_or_avif_is_published_upright_without_metadata(project, name, make):
    p = project({"sites/a.md": entry(cover=f"a/{name}", cover_alt="Cổng đình")})
    p.write(f"media/a/{name}", make())
    p.build()
    files = _published(p.out)
    assert sorted(f.name.split(".", 2)[-1] for f in files) == [
        "480.jpg", "480.webp", "600.jpg", "600.webp"], files
    for path in files:
        image = Image.open(path)
        assert image.format == ("WEBP" if path.suffix == ".webp" else "JPEG")
        assert not image.getexif() and "exif" not in image.info, f"{path.name} keeps EXIF"
        assert "icc_profile" not in image.info and "xmp" not in image.info
        assert b"PhoneMaker" not in path.read_bytes()
        shown = image.convert("RGB")
        assert shown.height > shown.width, f"{path.name} is not turned upright"
        top = shown.getpixel((shown.width // 2, shown.height // 4))
        bottom = shown.getpixel((shown.width // 2, 3 * shown.height // 4))
        assert top[0] > 200 and top[2] < 60, (path.name, top)
        assert bottom[2] > 200 and bottom[0] < 60, (path.name, bottom)
    page = BeautifulSoup((p.out / "a" / "index.html").read_text("utf-8"), "html5lib")
    shown = (p.out / "a" / page.select_one("figure.cover img")["src"]).resolve()
    assert shown in {f.resolve() for f in files}, "the page shows what was published"


def test_heic_goes_everywhere_a_photo_goes_and_builds_are_byte_identical(project):
    """Cover, gallery, body and a point's photo from an iPhone; the share card is drawn from
    the cover; two fresh builds of the same files give the same bytes."""
    points = ("\n  - id: bia-da\n    title: Bia đá\n    summary: Tấm bia.\n"
              "    photo: {src: a/IMG_0004.HEIC, alt: Tấm bia đá}")
    text = entry(cover="a/IMG_0001.HEIC", cover_alt="Cổng đình",
                 gallery="\n  - src: a/IMG_0002.HEIC\n    alt: Hoành phi", points=points,
                 body="## Ảnh\n\n![Sân đình](a/IMG_0003.HEIC)\n")
    files = {"sites/a.md": text, **{f"media/a/IMG_000{n}.HEIC": _heic() for n in range(1, 5)}}
    first, second = project(files), project(files)
    first.build()
    second.build()
    media = {f.relative_to(first.out).as_posix(): f.read_bytes() for f in _published(first.out)}
    assert media == {f.relative_to(second.out).as_posix(): f.read_bytes()
                     for f in _published(second.out)}, "same photos, different bytes"
    for n in range(1, 5):
        assert any(name.startswith(f"media/a/IMG_000{n}.") for name in media), n
    html = (first.out / "a" / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html5lib")
    sources = [img["src"] for img in page.select("main img")]
    for n in range(1, 5):
        assert any(f"IMG_000{n}." in src for src in sources), (n, sources)
    card = Image.open(first.out / "share" / "a.jpg").convert("RGB")
    plain = project({"sites/a.md": entry()})
    plain.build()
    assert card.tobytes() != Image.open(plain.out / "share" / "a.jpg").convert("RGB").tobytes()
    assert (first.out / "share/a.jpg").read_bytes() == (second.out / "share/a.jpg").read_bytes()


# --- 200 megapixels ----------------------------------------------------------------------------

PEAK_MB = 400  # decoded whole, 200 MP of RGB alone is 600 MB: decoded reduced, far less

MAKE_200MP = """
import sys
from PIL import Image
width, height = 16320, 12240  # a 200 MP phone sensor's output
image = Image.new("RGB", (width, height), (30, 90, 160))
image.paste((220, 30, 30), (0, 0, width // 2, height // 2))  # top-left quarter red
for x in range(0, width, 400):  # some detail, so the file is not trivially small
    image.paste((240, 240, 240), (x, 0, x + 40, height))
image.save(sys.argv[1], "JPEG", quality=80)
"""

# The build runs as a child of this small process, which reads the peak of its children: Linux
# carries a process's peak RSS over exec from the process that forked it (here pytest, hundreds
# of MB late in the suite), so the build's own RUSAGE_SELF would report pytest's peak.
MEASURED = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "generator", "build"])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the build and its workers
print(f"peak-kb={peak}", file=sys.stderr)
sys.exit(done.returncode)
"""


@pytest.mark.slow
def test_a_200_megapixel_jpeg_builds_in_bounded_memory(project):
    p = project({"sites/a.md": entry(cover="a/200mp.jpg", cover_alt="Toàn cảnh")})
    (p.root / "media/a").mkdir(parents=True)
    # Made in its own process: a child's peak memory starts from its parent's at fork time.
    made = subprocess.run([sys.executable, "-c", MAKE_200MP, str(p.root / "media/a/200mp.jpg")],
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    env = {"DIACHIDO_LANG": "vi", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", MEASURED], cwd=p.root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    peak_mb = int(re.search(r"peak-kb=(\d+)", done.stderr)[1]) / 1024
    assert peak_mb < PEAK_MB, f"building one 200 MP photo took {peak_mb:.0f} MB"
    widest = max((f for f in _published(p.out) if f.suffix == ".jpg"),
                 key=lambda f: Image.open(f).width)
    shown = Image.open(widest).convert("RGB")
    assert shown.size == (1600, 1200)
    red, blue = shown.getpixel((380, 300)), shown.getpixel((1195, 900))  # between two stripes
    assert red[0] > 180 and red[2] < 80 and blue[2] > 120 and blue[0] < 80, (red, blue)


# --- the project's own limits, just above and just below ---------------------------------------

def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose header claims `width`×`height`, padded past the bytes-per-pixel
    floor: only the pixel limit can refuse it; below it the decoder finds it incomplete."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (90, 30, 30)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    at = data.index(b"\xff\xc0") + 5  # SOF0: length (2), precision (1), then height, width
    data[at:at + 4] = struct.pack(">HH", height, width)
    return bytes(data) + b"\0" * (width * height // 1000)


def _png_claiming(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (90, 30, 30)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data) + b"\0" * (width * height // 1000)


def _limit_cases():
    from generator.media.decode import MAX_FULL_PIXELS, MAX_PIXELS

    cases = []
    for name, claiming, limit, side in (("big.jpg", _jpeg_claiming, MAX_PIXELS, 20_000),
                                        ("big.png", _png_claiming, MAX_FULL_PIXELS, 10_000)):
        for step, code in ((1, "image-bomb"), (-1, "")):
            height = limit // side + step  # `side` × that: a few thousand pixels either side
            cases.append(pytest.param(name, side, height, claiming, code, limit,
                                      id=f"{name[-3:]}-just-{'above' if step > 0 else 'below'}"))
    return cases


@pytest.mark.parametrize(("name", "width", "height", "claiming", "code", "limit"), _limit_cases())
def test_the_projects_own_pixel_limit_decides(project, name, width, height, claiming, code,
                                              limit):
    from generator.media.decode import MAX_PIXELS

    # Below Pillow's own refusal (twice its limit, which the project sets to its own): only
    # media/decode.py's check can refuse the file just above the limit.
    assert width * height < 2 * MAX_PIXELS
    text = entry(cover=f"a/{name}", cover_alt="Ảnh")
    p = project({"sites/a.md": text, f"media/a/{name}": claiming(width, height)})
    run = p.run("build")
    line = line_of(text, "cover:")
    if code == "image-bomb":
        assert_problem(run, "sites/a.md", line, code, fix="fix", media=f"media/a/{name}",
                       size=f"{width}×{height}", limit=round(limit / 1_000_000))
    else:  # not refused for its size: decoded (reduced), whatever the decoder then finds
        assert "Traceback" not in run.err
        assert CATALOGUE["vi"]["image-bomb"]["what"][:20] not in run.err, run.err
        if name.endswith(".jpg"):  # libjpeg fills what is missing: a grey photo, published
            assert run.code == 0, run.err
            assert any(f.name.endswith(".1600.jpg") for f in _published(p.out))
        else:
            assert_problem(run, "sites/a.md", line, "image-unreadable",
                           media=f"media/a/{name}", reason=REASONS["truncated"])


# --- every media problem: the entry's line, in Vietnamese only ---------------------------------

def _jpeg(size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 60, 30)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _bmp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(buffer, "BMP")
    return buffer.getvalue()


def _tiny_bomb() -> bytes:
    """36 MP of 1-bit zeros in a few kilobytes: what a decompression bomb looks like."""
    buffer = io.BytesIO()
    Image.new("1", (6000, 6000), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _strip() -> bytes:
    return _png_claiming(40_000, 100)


GALLERY = ("\n  - src: a/ok.jpg\n    alt: Ảnh tốt\n  - src: {src}\n    alt: Ảnh hỏng")


@pytest.mark.parametrize(("src", "data", "code", "params"), [
    ("a/khong-co.jpg", None, "media-missing", {"value": "a/khong-co.jpg"}),
    ("a/cat-ngang.jpg", _jpeg((1600, 1200))[:3000], "image-unreadable",
     {"reason": REASONS["truncated"]}),
    ("a/chu.jpg", "Đây không phải là ảnh.\n".encode(), "image-unreadable",
     {"reason": REASONS["unknown"]}),
    ("a/IMG_0002.HEIC", _heic()[:400], "image-unreadable", {"reason": REASONS["unknown"]}),
    ("a/anh.bmp", _bmp(), "not-image-name",
     {"value": "a/anh.bmp", "allowed": ".jpg, .jpeg, .png, .webp, .gif, .heic, .heif, .avif"}),
    ("a/bmp-doi-ten.jpg", _bmp(), "image-format", {"format": "BMP"}),
    ("a/bom.png", _tiny_bomb(), "image-bomb", {"size": "6000×6000", "limit": 100}),
    ("a/soc.png", _strip(), "image-bomb", {"size": "40000×100", "limit": 100}),
], ids=["missing", "truncated", "text-named-jpg", "broken-heic", "wrong-name", "wrong-type",
        "tiny-bomb", "absurd-ratio"])
@pytest.mark.parametrize("where", ["cover", "gallery", "body"])
def test_every_media_problem_names_the_entrys_line_in_vietnamese(project, src, data, code,
                                                                 params, where):
    if where == "cover":
        text, needle = entry(cover=src, cover_alt="Ảnh"), "cover:"
    elif where == "gallery":
        text, needle = entry(gallery=GALLERY.format(src=src)), f"- src: {src}"
    else:
        text, needle = entry(body=f"## Ảnh\n\nTrước.\n\n![Ảnh hỏng]({src})\n"), f"]({src})"
    files = {"sites/a.md": text, "media/a/ok.jpg": _jpeg()}
    if data is not None:
        files[f"media/{src}"] = data
    p = project(files)
    run = p.run("build")
    media = {"media": f"media/{src}"} if code.startswith("image-") else {}
    block = assert_problem(run, "sites/a.md", line_of(text, needle), code, fix="fix",
                           **media, **params)
    said = "\n".join(line for line in block.splitlines()[1:] if " | " not in line)
    said = said.replace(f"media/{src}", "").replace(src, "")
    assert not ENGLISH.search(said), f"English in a Vietnamese message:\n{block}"
    assert str(p.root) not in block


# --- size in the repository --------------------------------------------------------------------

def test_a_photo_too_big_for_git_hosting_is_a_warning_naming_it_and_its_size(project):
    from generator.media.images import LARGE_FILE_BYTES

    text = entry(gallery="\n  - src: a/to.jpg\n    alt: Ảnh rất nặng")
    data = _jpeg((1200, 900))
    data += b"\0" * (LARGE_FILE_BYTES + 1_000_000 - len(data))  # 21 MB, as a camera's would be
    p = project({"sites/a.md": text, "media/a/to.jpg": data})
    run = p.build()
    size = round(len(data) / 1_000_000)
    header = f"Cảnh báo: sites/a.md, dòng {line_of(text, '- src: a/to.jpg')}"
    what = CATALOGUE["vi"]["media-file-large"]["what"].format(
        media="media/a/to.jpg", size=size, limit=LARGE_FILE_BYTES // 1_000_000)
    blocks = [b for b in run.err.split("\n\n") if b.strip().startswith(header)]
    assert blocks and what in blocks[0], run.err
    assert "21 MB" in blocks[0] and "4000" in blocks[0], "names the size and how to shrink it"
    small = project({"sites/a.md": text, "media/a/to.jpg": _jpeg((1200, 900))})
    assert "Cảnh báo" not in small.build().err


POINT = ("\n  - id: cong-dinh\n    title: Cổng đình\n    summary: Lối vào.\n"
         "  - id: bia-da\n    title: Bia đá\n    summary: Tấm bia.\n"
         "    photo: {{src: {src}, alt: Tấm bia đá}}")
POSTER = ("\n  - youtube: https://www.youtube.com/watch?v=aqz-KE-bpKQ\n"
          "    title: Lễ hội\n    poster: {src}")


@pytest.mark.parametrize(("data", "code", "params"), [
    (_jpeg((1600, 1200))[:3000], "image-unreadable", {"reason": REASONS["truncated"]}),
    (_tiny_bomb(), "image-bomb", {"size": "6000×6000", "limit": 100}),
], ids=["truncated", "tiny-bomb"])
@pytest.mark.parametrize(("key", "template", "needle"), [
    ("points", POINT, "  - id: bia-da"), ("videos", POSTER, "  - youtube:")])
def test_a_points_photo_or_a_posters_problem_names_its_item(project, data, code, params, key,
                                                             template, needle):
    src = "a/hong.png" if code == "image-bomb" else "a/hong.jpg"
    text = entry(**{key: template.format(src=src)})
    p = project({"sites/a.md": text, f"media/{src}": data})
    assert_problem(p.run("build"), "sites/a.md", line_of(text, needle), code, fix="fix",
                   media=f"media/{src}", **params)
