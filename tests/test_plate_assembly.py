"""One layout drawn three ways, the palette PNG, the phone's-eye decode check, and all.pdf put
together from the plates' own PDFs (issue 17)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdf
from conftest import entry
from PIL import Image, ImageChops
from test_plate_drawing import FONT_DIR, URL, logo_bytes, plate
from tools import pdftoppm

from generator.build import Options, build_site
from generator.plates import compute_layout, decode_png, render_pdf, render_png
from generator.plates.assemble import assemble_pdf
from generator.plates.pdf import pdf_document
from generator.plates.png import encode_png, module_pixels, raster_image
from generator.plates.qr import decode_image, phone_view


def test_palette_png_keeps_every_pixel_within_a_few_levels_and_the_qr_exact() -> None:
    layout = compute_layout(plate(), FONT_DIR)
    drawn = raster_image(layout, FONT_DIR, palette=False)
    written = Image.open(io.BytesIO(render_png(plate(), FONT_DIR)))
    assert written.mode == "P"
    assert written.info["dpi"] == (300, 300) or round(written.info["dpi"][0]) == 300
    difference = ImageChops.difference(written.convert("RGB"), drawn)
    assert max(high for _low, high in difference.getextrema()) <= 2  # half a ramp step
    scale = 300 / 25.4
    box = layout.qr_box
    qr = tuple(round(v * scale) for v in (box.x, box.y, box.x + box.w, box.y + box.h))
    assert difference.crop(qr).getbbox() is None, "the QR and its quiet zone are exact"


def test_a_plate_with_a_logo_keeps_its_png_in_rgb() -> None:
    layout = compute_layout(plate(logo_png=logo_bytes()), FONT_DIR)
    drawn = raster_image(layout, FONT_DIR)
    written = Image.open(io.BytesIO(encode_png(drawn)))
    assert written.mode == "RGB"
    assert ImageChops.difference(written, drawn).getbbox() is None


def test_the_build_decodes_a_small_blurred_view_of_the_plate() -> None:
    for size in ("A6", "A5", "board"):
        layout = compute_layout(plate(size), FONT_DIR)
        drawn = raster_image(layout, FONT_DIR)
        view = phone_view(drawn, module_pixels(layout.module_mm, 300))
        assert view.mode == "L" and view.width * 4 < drawn.width
        assert decode_image(view) == [URL]


def test_all_pdf_is_the_plates_own_pdfs_page_for_page(tmp_path: Path) -> None:
    plates = [plate("A5"), plate("A6", code="NT04", url=URL[:-1] + "4"),
              plate("board", code="NT05", url=URL[:-1] + "5", title_vi="Đình Phước Lý")]
    paths = []
    for number, p in enumerate(plates):
        paths.append(tmp_path / f"{number}.pdf")
        paths[-1].write_bytes(render_pdf(p, FONT_DIR))
    merged = assemble_pdf(paths)
    assert merged == assemble_pdf(paths), "same plates, same bytes"
    reader = pypdf.PdfReader(io.BytesIO(merged))
    assert len(reader.pages) == len(plates)
    assert reader.metadata and reader.metadata.title == "diachido QR plates"
    tags = []
    for page, path in zip(reader.pages, paths, strict=True):
        single = pypdf.PdfReader(path).pages[0]
        assert page.get_contents().get_data() == single.get_contents().get_data()
        for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
            assert list(page[box]) == list(single[box])
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "/FontFile2" in font["/FontDescriptor"]
            assert font["/FontDescriptor"]["/FontName"] == font["/BaseFont"]
            assert re.fullmatch(r"/[A-Z]{6}\+NotoSans-(Regular|Bold)", font["/BaseFont"])
            tags.append(str(font["/BaseFont"])[:7])
    assert len(tags) == len(set(tags)), "every font subset in all.pdf has a tag of its own"
    out = tmp_path / "all.pdf"
    out.write_bytes(merged)
    subprocess.run([pdftoppm(), "-r", "150", "-png", str(out), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert [decode_png(page.read_bytes()) for page in pages] == [[p.url] for p in plates]


def test_one_layout_gives_the_same_pdf_as_the_plate_text() -> None:
    p = plate("A6")
    assert pdf_document([compute_layout(p, FONT_DIR)], FONT_DIR) == render_pdf(p, FONT_DIR)


def test_the_build_reports_plate_progress_and_reuses_drawn_plates(project) -> None:
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02", title="Đình B")})
    seen: list[tuple[str, int, int]] = []
    options = Options(root=p.root, out=p.out, workers=2,
                      progress=lambda stage, done, total: seen.append((stage, done, total)))
    build_site(options)
    plates = [(done, total) for stage, done, total in seen if stage == "plates"]
    assert plates == [(0, 2), (1, 2), (2, 2)]
    p.write("sites/a.md", entry("NT01", title="Đình Phú Mỹ mới"))
    seen.clear()
    build_site(options)
    assert [(d, t) for s, d, t in seen if s == "plates"] == [(0, 1), (1, 1)], "one plate redrawn"
    assert len(pypdf.PdfReader(p.out / "plates" / "all.pdf").pages) == 2


def test_all_pdf_is_keyed_by_the_assembler_version(monkeypatch, tmp_path):
    """A pikepdf upgrade may change all.pdf's bytes: the last build's copy must not survive it."""
    from generator.plates import produce

    jobs = [produce.PlateJob(plate("A5", code=code), code, f"sites/{code}.md")
            for code in ("NT01", "NT02")]
    keys = ["a" * 32, "b" * 32]

    def book_keys() -> list[str]:
        return [book.key for book in produce._books(jobs, keys, tmp_path, tmp_path)]

    first = book_keys()
    assert book_keys() == first  # same plates
    monkeypatch.setattr(produce.metadata, "version", lambda name: "999.0")
    assert not set(book_keys()) & set(first)


def test_all_pdf_with_one_plate_changed_is_spliced_to_the_same_bytes(tmp_path: Path) -> None:
    """A changed title replaces its page in the last all.pdf; the file is what a fresh
    assembly makes (same bytes), and a last all.pdf that cannot be used is not trusted."""
    titles = ["Đình Phú Mỹ", "Giồng Sắn", "Đình Phước Lý", "Đền Đại Phước", "Miếu Mỹ Lộc",
              "Chùa Long Hưng", "Đình Tân Hạnh", "Địa đạo Tân Định"]
    paths = []
    for number, title in enumerate(titles):
        paths.append(tmp_path / f"{number}.pdf")
        paths[-1].write_bytes(render_pdf(plate("A6", code=f"NT{number + 10}", title_vi=title,
                                               url=URL[:-1] + str(number)), FONT_DIR))
    last = tmp_path / "book"
    last.mkdir()
    first = assemble_pdf(paths, last)
    assert first == assemble_pdf(paths) and (last / "all.pdf").read_bytes() == first
    renamed = tmp_path / "renamed.pdf"
    renamed.write_bytes(render_pdf(plate("A6", code="NT13", title_vi="Đền Đại Phước mới",
                                         url=URL[:-1] + "3"), FONT_DIR))
    changed = [*paths[:3], renamed, *paths[4:]]
    fresh = assemble_pdf(changed)
    paths[0].rename(tmp_path / "aside.pdf")  # a splice never opens an unchanged plate
    spliced = assemble_pdf(changed, last)
    (tmp_path / "aside.pdf").rename(paths[0])
    assert spliced == fresh, "spliced: the bytes of a fresh assembly"
    assert spliced != first
    pages = pypdf.PdfReader(io.BytesIO(spliced)).pages
    assert pages[3].get_contents().get_data() == (
        pypdf.PdfReader(renamed).pages[0].get_contents().get_data())
    (last / "all.pdf").write_bytes(b"not a pdf")  # damaged: assembled afresh
    assert assemble_pdf(paths, last) == first
