"""A plate drawn with the example address says "BẢN MẪU — KHÔNG IN" across it and still scans;
every command that writes or bundles plates says so, also when nothing changed; one print file
per plate size (issue 26)."""

from __future__ import annotations

import io
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from conftest import entry
from PIL import Image, ImageChops
from test_plate_drawing import FONT_DIR, URL, plate
from tools import pdftoppm

from generator.plates import compute_layout, decode_png, render_pdf, render_png, render_svg
from generator.plates.png import raster_image

MARK = "BẢN MẪU — KHÔNG IN"
EXAMPLE = "https://doan.example.vn/diachido"
REAL = "https://ditich.nhontrach.vn/dd"


def _black_outside_qr(image: Image.Image, qr_box, scale: float) -> int:
    """Pixels of pure black (the sample bands' ink) outside the QR and its quiet zone: a
    finished plate's only pure black is the QR's (its text is ink #1c1917)."""
    red, green, blue = (band.point(lambda v: 255 if v == 0 else 0)
                        for band in image.convert("RGB").split())
    black = ImageChops.multiply(ImageChops.multiply(red, green), blue)
    black.paste(0, (round(qr_box.x * scale) - 2, round(qr_box.y * scale) - 2,
                    round((qr_box.x + qr_box.w) * scale) + 2,
                    round((qr_box.y + qr_box.h) * scale) + 2))
    return black.histogram()[255]


@pytest.mark.parametrize("size", ["A5", "A6", "label"])
def test_a_sample_png_carries_the_bands_and_its_qr_is_the_finished_plates(size: str) -> None:
    real, sample = plate(size), replace(plate(size), sample=True)
    layouts = compute_layout(real, FONT_DIR), compute_layout(sample, FONT_DIR)
    assert not layouts[0].stamps and [s.text for s in layouts[1].stamps] == [MARK, MARK]
    images = [raster_image(layout, FONT_DIR) for layout in layouts]
    scale = 300 / 25.4
    box = layouts[1].qr_box
    area = images[1].size[0] * images[1].size[1]
    assert _black_outside_qr(images[0], box, scale) == 0, "a finished plate has no bands"
    assert _black_outside_qr(images[1], box, scale) > 0.04 * area, "the bands are plain to see"
    crop = (round(box.x * scale), round(box.y * scale), round((box.x + box.w) * scale),
            round((box.y + box.h) * scale))
    qr_real, qr_sample = (image.convert("RGB").crop(crop) for image in images)
    assert ImageChops.difference(qr_real, qr_sample).getbbox() is None, (
        "the bands leave the QR and its quiet zone exactly as on the finished plate")
    assert decode_png(render_png(sample, FONT_DIR)) == [URL]


def test_a_sample_pdf_and_svg_say_so_and_the_pdf_decodes_at_150_dpi(tmp_path: Path) -> None:
    pdf = tmp_path / "sample.pdf"
    pdf.write_bytes(render_pdf(replace(plate("A5"), sample=True), FONT_DIR,
                               [replace(plate("label"), sample=True)]))
    reader = pypdf.PdfReader(pdf)
    for page in reader.pages:
        assert MARK in " ".join(page.extract_text().split())
    subprocess.run([pdftoppm(), "-r", "150", "-png", str(pdf), str(tmp_path / "page")],
                   check=True)
    assert [decode_png(page.read_bytes()) for page in sorted(tmp_path.glob("page*.png"))] == [
        [URL], [URL]]
    real = pypdf.PdfReader(io.BytesIO(render_pdf(plate("A5"), FONT_DIR)))
    assert MARK not in real.pages[0].extract_text()
    assert MARK in render_svg(replace(plate("A5"), sample=True), FONT_DIR).decode("utf-8")
    assert MARK not in render_svg(plate("A5"), FONT_DIR).decode("utf-8")


def _project(project, base_url: str | None):
    files = {"sites/a.md": entry("NT01"),
             "sites/b.md": entry("NT02", title="Đình B", plate_size="A6")}
    if base_url:
        files["diachido.yml"] = f"base_url: {base_url}\n"
    return project(files)


def _marked(p) -> list[bool]:
    """For each plate PDF of the build and each print file, whether it carries the mark."""
    plates = sorted((p.out / "plates").glob("*.pdf"))
    return [MARK in pypdf.PdfReader(path).pages[0].extract_text() for path in plates]


@pytest.mark.parametrize("base_url", [EXAMPLE, None], ids=["example", "unset"])
def test_build_build_again_and_bundle_say_the_plates_are_samples(project, base_url) -> None:
    p = _project(project, base_url)
    first = p.build()
    assert "BẢN MẪU — KHÔNG IN" in first.out and "build/plates/" in first.out
    assert all(_marked(p)) and len(_marked(p)) == 5  # NT01, NT02, all, print-A5, print-A6
    again = p.build()
    assert "Không có gì thay đổi" in again.out, again.out
    assert "BẢN MẪU — KHÔNG IN" in again.out, "said again when nothing changed"
    bundled = p.run("bundle")
    assert bundled.code == 0 and "BẢN MẪU — KHÔNG IN" in bundled.out
    with zipfile.ZipFile(p.root / "diachido-site.zip") as archive:
        readme = archive.read("DOC-TRUOC.txt").decode("utf-8")
    assert "BẢN MẪU — KHÔNG IN" in readme and "base_url" in readme
    assert "gửi nhà in được ngay" not in readme
    english = p.run("--lang", "en", "build")
    assert "SAMPLES, not to be printed" in english.out


def test_a_real_address_prints_no_mark_and_switching_back_redraws(project) -> None:
    p = _project(project, REAL)
    built = p.build()
    assert "BẢN MẪU" not in built.out + built.err
    assert not any(_marked(p))
    assert "BẢN MẪU" not in p.build().out, "nothing changed: still nothing said"
    bundled = p.run("bundle")
    assert bundled.code == 0 and "BẢN MẪU" not in bundled.out + bundled.err
    with zipfile.ZipFile(p.root / "diachido-site.zip") as archive:
        readme = archive.read("DOC-TRUOC.txt").decode("utf-8")
    assert "BẢN MẪU" not in readme
    assert "print-A5.pdf, print-A6.pdf" in readme and "gửi nhà in được ngay" in readme
    sample = p.build("--base-url", EXAMPLE)
    assert "BẢN MẪU — KHÔNG IN" in sample.out and all(_marked(p))
    p.build("--base-url", REAL)
    assert not any(_marked(p)), "the cached finished plates are not the samples"


def test_one_print_file_per_size_and_all_pdf_sorted_by_size(project) -> None:
    p = project({"sites/a.md": entry("NT01"),
                 "sites/b.md": entry("NT02", title="Đình B", plate_size="A6"),
                 "sites/c.md": entry("NT03", title="Đình C"),
                 "diachido.yml": f"base_url: {REAL}\n"})
    p.build()
    folder = p.out / "plates"

    def sizes(name: str) -> list[tuple[float, float]]:
        return [(round(float(page.trimbox.width) * 25.4 / 72),
                 round(float(page.trimbox.height) * 25.4 / 72))
                for page in pypdf.PdfReader(folder / name).pages]

    assert sizes("print-A5.pdf") == [(148, 210), (148, 210)]
    assert sizes("print-A6.pdf") == [(105, 148)]
    assert sizes("all.pdf") == [(105, 148), (148, 210), (148, 210)], "by size, then by code"
    index = (folder / "index.html").read_text("utf-8")
    assert 'href="print-A6.pdf"' in index and 'href="print-A5.pdf"' in index


def test_a_one_size_project_assembles_its_pages_once_and_all_pdf_follows_edits(project) -> None:
    """With one plate size all.pdf holds the print file's pages: after the first build it is
    linked from the print file's assembly (one splice, not two), and it follows an edit."""
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02", title="Đình B"),
                 "diachido.yml": f"base_url: {REAL}\n"})
    p.build()
    folder, cached = p.out / "plates", p.root / ".diachido-cache" / "book-A5" / "all.pdf"
    assert (folder / "all.pdf").read_bytes() == (folder / "print-A5.pdf").read_bytes()
    p.write("sites/b.md", entry("NT02", title="Đình Bình Phú"))
    p.build()
    for _ in range(2):  # the edit, then a build that changes nothing in the plates
        assert (folder / "all.pdf").read_bytes() == (folder / "print-A5.pdf").read_bytes()
        assert "Bình Phú" in pypdf.PdfReader(folder / "all.pdf").pages[1].extract_text()
        assert (folder / "all.pdf").stat().st_ino == cached.stat().st_ino, "linked, not made"
        p.write("sites/a.md", entry("NT01", summary="Tóm tắt mới."))
        p.build()
