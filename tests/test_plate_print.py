"""Print files a print shop's preflight passes (issue 23), checked by independent tools:
Ghostscript's ink coverage, poppler's pdfinfo and pdffonts, pikepdf walking every object, ZBar
and zxing-cpp decoding the pages at 150 dpi, and librsvg drawing the SVG with no font at all."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import entry, make_project
from PIL import Image, ImageChops, ImageFilter
from test_plate_drawing import FONT_DIR, logo_bytes, plate
from tools import pdftoppm, tool

from generator.plates import decode_png, render_pdf
from generator.plates.assemble import assemble_pdf
from generator.plates.inks import CMYK, PROFILE, RED

REAL = "https://ditich.nhontrach.vn/dd"
CODES = ["NT01", "NT02", "NT03", "NT01-1"]
POINT = "\n  - id: ham-chinh\n    title: Hầm chính\n    summary: Đoạn hầm còn lại."


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project with A5 and A6 site plates and a point's plate, at a real address."""
    p = make_project(tmp_path_factory.mktemp("print"), {
        "diachido.yml": f"base_url: {REAL}\n",
        "sites/a.md": entry("NT01", title="Địa đạo Nhơn Trạch", points=POINT),
        "sites/b.md": entry("NT02", title="Đình Phú Mỹ", plate_size="A6"),
        "sites/c.md": entry("NT03", title="Di tích vụ thảm sát Giồng Sắn"),
    })
    p.build()
    return p.out / "plates"


def print_files(plates: Path) -> list[Path]:
    files = sorted(plates.glob("print-*.pdf")) + [plates / "all.pdf"]
    assert [f.name for f in files[:-1]] == ["print-A5.pdf", "print-A6.pdf"], files
    return files


def test_the_build_made_the_point_plate(built) -> None:
    assert {path.stem for path in built.glob("NT*.pdf")} == set(CODES)


def test_print_files_are_pdf_x4_with_the_fogra39_output_intent(built) -> None:
    for path in print_files(built):
        info = subprocess.run([tool("pdfinfo", "poppler-utils"), str(path)], check=True,
                              capture_output=True, text=True).stdout
        assert re.search(r"^PDF subtype:\s+PDF/X-4$", info, re.M), info  # poppler's own reading
        assert re.search(r"^PDF version:\s+1\.6$", info, re.M), info
        with pikepdf.open(path) as pdf:
            intents = pdf.Root.OutputIntents
            assert len(intents) == 1
            intent = intents[0]
            assert intent.S == pikepdf.Name.GTS_PDFX and intent.Type == pikepdf.Name.OutputIntent
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            assert str(intent.RegistryName) == "http://www.color.org"
            profile = intent.DestOutputProfile
            assert int(profile.N) == 4 and profile.read_bytes() == PROFILE.read_bytes()
            assert profile.read_bytes()[16:20] == b"CMYK" and profile.read_bytes()[12:16] == b"prtr"
            meta = pdf.open_metadata()
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert meta["pdf:Trapped"] == "False" and meta["dc:title"]
            assert meta["xmpMM:DocumentID"].startswith("uuid:") and meta["xmpMM:VersionID"]
            assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
            assert pdf.docinfo.Trapped == pikepdf.Name("/False")
            for page in pdf.pages:
                trim, bleed = (list(map(float, page.obj[key])) for key in ("/TrimBox", "/BleedBox"))
                assert bleed[0] < trim[0] and trim[2] < bleed[2], "3 mm bleed around the trim"


def test_one_print_file_per_size(built) -> None:
    sizes = {"print-A5.pdf": {(148, 210)}, "print-A6.pdf": {(105, 148)}}
    for name, expected in sizes.items():
        with pikepdf.open(built / name) as pdf:
            found = {(round(float(page.trimbox[2] - page.trimbox[0]) * 25.4 / 72),
                      round(float(page.trimbox[3] - page.trimbox[1]) * 25.4 / 72))
                     for page in pdf.pages}
            assert found == expected, name


def test_every_font_is_embedded(built) -> None:
    for path in print_files(built):
        rows = subprocess.run([tool("pdffonts", "poppler-utils"), str(path)], check=True,
                              capture_output=True, text=True).stdout.splitlines()[2:]
        assert rows, path
        for row in rows:  # name type encoding emb sub uni object ID
            assert row.split()[-5:-3] == ["yes", "yes"], row  # embedded, as a subset


def _colour_spaces(pdf: pikepdf.Pdf) -> set[str]:
    """Every colour space named anywhere: resources, images (and their masks), and the colour
    operators of every page's content stream."""
    found: set[str] = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            space = obj.get("/ColorSpace")
            if isinstance(space, pikepdf.Name):
                found.add(str(space))
            elif isinstance(space, pikepdf.Dictionary):
                found.update(str(value) if isinstance(value, pikepdf.Name) else str(value[0])
                             for value in space.values())
            elif isinstance(space, pikepdf.Array):
                found.add(str(space[0]))
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("rg", "RG"):
                found.add("/DeviceRGB")
            elif name in ("g", "G"):
                found.add("/DeviceGray")
            elif name in ("k", "K"):
                found.add("/DeviceCMYK")
            elif name in ("cs", "CS"):
                found.add(str(operands[0]))
    return found


def test_print_pdfs_use_cmyk_only_even_with_a_logo(built, tmp_path) -> None:
    for path in [*print_files(built), built / "NT01.pdf"]:
        with pikepdf.open(path) as pdf:
            assert _colour_spaces(pdf) == {"/DeviceCMYK"}, path
    with_logo = tmp_path / "logo.pdf"
    with_logo.write_bytes(render_pdf(plate("A5", logo_png=logo_bytes()), FONT_DIR))
    book = tmp_path / "book.pdf"
    book.write_bytes(assemble_pdf([with_logo]))
    for path in (with_logo, book):
        with pikepdf.open(path) as pdf:
            images = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                      and obj.get("/Subtype") == pikepdf.Name.Image]
            assert len(images) == 1 and images[0].ColorSpace == pikepdf.Name.DeviceCMYK
            assert "/SMask" not in images[0]
            assert _colour_spaces(pdf) == {"/DeviceCMYK"}, path


def _inks(device: str, path: Path) -> list[tuple[float, ...]]:
    out = subprocess.run([tool("gs", "ghostscript"), "-q", "-o", "-", f"-sDEVICE={device}",
                          str(path)], check=True, capture_output=True, text=True).stdout
    return [tuple(map(float, line.split()[:4])) for line in out.splitlines() if "CMYK" in line]


def test_ink_coverage_black_is_k_alone_and_red_is_its_cmyk(built) -> None:
    """`inkcov` counts the pixels each ink touches: no cyan anywhere, magenta and yellow on
    exactly the same pixels (the red bands and calls to action, the only colour), black on
    the QR and the text. `ink_cov` weighs by amount: magenta over yellow is the red's."""
    c, m, y, k = CMYK[RED]
    for path in print_files(built):
        pages = _inks("inkcov", path)
        assert len(pages) == len(pikepdf.open(path).pages)
        for cyan, magenta, yellow, black in pages:
            assert cyan == 0 and magenta == yellow > 0.05 and black > 0.1, (path, pages)
        for cyan, magenta, yellow, _black in _inks("ink_cov", path):
            assert cyan == 0 and magenta / yellow == pytest.approx(m / y, rel=0.01)
    assert c == 0 and k > 0


def test_every_page_decodes_at_150_dpi_with_zbar_and_zxing(built, tmp_path) -> None:
    for path in print_files(built):
        out = tmp_path / path.stem
        out.mkdir()
        subprocess.run([pdftoppm(), "-r", "150", "-png", str(path), str(out / "page")],
                       check=True)
        pages = sorted(out.glob("page*.png"))
        expected = ([f"{REAL}/q/{code}" for code in ("NT01", "NT03")] if "A5" in path.name
                    else [f"{REAL}/q/{code}" for code in ("NT01-1", "NT02")] if "A6" in path.name
                    else [f"{REAL}/q/{code}" for code in ("NT01-1", "NT02", "NT01", "NT03")])
        zbar = [subprocess.run([tool("zbarimg", "zbar-tools"), "-q", "--raw", str(page)],
                               check=True, capture_output=True, text=True).stdout.strip()
                for page in pages]
        assert zbar == expected, path
        assert [decode_png(page.read_bytes()) for page in pages] == [[url] for url in expected]


NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{empty}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def _rsvg(svg: Path, png: Path, env: dict[str, str]) -> Image.Image:
    subprocess.run([tool("rsvg-convert", "librsvg2-bin"), "--dpi-x", str(DPI), "--dpi-y",
                    str(DPI), "-b", "white", "-o", str(png), str(svg)], check=True, env=env)
    return Image.open(png).convert("L")


DPI = 254  # 10 px per mm: the PDF's 3 mm bleed is a whole 30 px


def _inked(image: Image.Image) -> Image.Image:
    """Where any ink is (the renderers convert CMYK and sRGB to other greys), softened by a
    pixel so anti-aliased edges do not count as differences."""
    return image.point(lambda v: 255 if v < 170 else 0).filter(ImageFilter.GaussianBlur(1.5))


def test_svg_draws_the_same_without_any_font_installed(built, tmp_path) -> None:
    """librsvg with a fontconfig that knows no font at all (a live `<text>` prints as boxes
    there) draws each SVG plate as poppler draws its print PDF, text included."""
    (tmp_path / "empty").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS.format(empty=tmp_path / "empty", cache=tmp_path / "cache"))
    env = {"PATH": "/usr/bin:/bin", "FONTCONFIG_FILE": str(config), "HOME": str(tmp_path)}
    listed = subprocess.run([tool("fc-list", "fontconfig")], env=env, capture_output=True,
                            text=True, check=True).stdout
    assert listed.strip() == "", "this renderer finds no font: live text would print as boxes"
    for code in ("NT01", "NT02", "NT01-1"):
        drawn = _rsvg(built / f"{code}.svg", tmp_path / f"{code}.png", env)
        subprocess.run([pdftoppm(), "-r", str(DPI), "-png", "-singlefile",
                        str(built / f"{code}.pdf"), str(tmp_path / f"{code}-pdf")], check=True)
        printed = Image.open(tmp_path / f"{code}-pdf.png").convert("L")
        printed = printed.crop((30, 30, 30 + drawn.size[0], 30 + drawn.size[1]))  # the trim
        assert printed.size == drawn.size
        difference = ImageChops.difference(_inked(drawn), _inked(printed))
        off = difference.point(lambda v: 255 if v > 96 else 0).histogram()[255]
        assert off < 0.0005 * drawn.size[0] * drawn.size[1], (code, off)
        assert decode_png((tmp_path / f"{code}.png").read_bytes()) == [f"{REAL}/q/{code}"]
