"""Photos, video and audio as a visitor's phone downloads them, built through the CLI."""

from __future__ import annotations

import io
import os
import struct

import pytest
from bs4 import BeautifulSoup
from conftest import entry, jpeg_with_exif
from PIL import Image, ImageSequence


def soup(path):
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


def photo_project(project, **extra):
    p = project({"sites/a.md": entry(cover="a/cong.jpg", cover_alt="Cổng đình", **extra)})
    # 4000×3000 portrait shot stored landscape with orientation 6 (rotate 90° clockwise)
    jpeg_with_exif(p.root / "media" / "a" / "cong.jpg", size=(2400, 1800), orientation=6)
    return p


def published_images(out):
    return sorted(p for p in (out / "media").rglob("*") if p.is_file())


@pytest.mark.slow
def test_variants_have_the_right_sizes_formats_and_no_metadata(project):
    p = photo_project(project)
    p.build()
    files = published_images(p.out)
    webps = [f for f in files if f.suffix == ".webp"]
    jpegs = [f for f in files if f.suffix == ".jpg"]
    assert len(webps) == len(jpegs) == 3
    widths = set()
    for path in files:
        image = Image.open(path)
        assert image.format == ("WEBP" if path.suffix == ".webp" else "JPEG")
        # orientation 6 on a 2400×1800 original: displayed 1800 wide, 2400 tall
        assert image.height > image.width
        widths.add(image.width)
        assert not image.getexif(), f"{path.name} keeps EXIF"
        assert "icc_profile" not in image.info and "exif" not in image.info
        assert b"PhoneMaker" not in path.read_bytes() and b"GPS" not in path.read_bytes()
    assert widths == {480, 960, 1600}
    assert max(f.stat().st_size for f in files) < (p.root / "media/a/cong.jpg").stat().st_size


def test_orientation_is_applied(project):
    p = project({"sites/a.md": entry(cover="a/x.jpg", cover_alt="Ảnh")})
    image = Image.new("RGB", (800, 400), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 400, 400))  # left half red, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # displayed rotated 90° clockwise: red ends up on top
    (p.root / "media/a").mkdir(parents=True)
    image.save(p.root / "media/a/x.jpg", exif=exif, quality=95)
    p.build()
    files = published_images(p.out)
    assert {f.suffix for f in files} == {".jpg", ".webp"}, files
    for path in files:
        image = Image.open(path)
        # Turned once, in the pixels: an orientation tag left in the file would turn it again.
        assert 0x0112 not in image.getexif(), f"{path.name} keeps the EXIF orientation"
        assert not image.getexif() and "exif" not in image.info, f"{path.name} keeps EXIF"
        shown = image.convert("RGB")
        assert shown.height > shown.width
        top = shown.getpixel((shown.width // 2, shown.height // 4))
        bottom = shown.getpixel((shown.width // 2, 3 * shown.height // 4))
        assert top[0] > 200 and top[2] < 60, (path.name, top)
        assert bottom[2] > 200 and bottom[0] < 60, (path.name, bottom)


def test_html_has_srcset_dimensions_and_lazy_loading(project):
    gallery = ("\n  - src: a/g1.jpg\n    alt: Hoành phi\n    caption: Trong chánh điện"
               "\n    credit: Đoàn viên A\n    license: CC BY 4.0")
    p = photo_project(project, gallery=gallery)
    jpeg_with_exif(p.root / "media/a/g1.jpg", size=(1000, 800))
    p.build()
    page = soup(p.out / "a" / "index.html")
    cover = page.select_one("figure.cover img")
    assert "loading" not in cover.attrs, "the cover is not lazy"
    assert cover["decoding"] == "async"
    assert (int(cover["width"]), int(cover["height"])) == (1600, round(2400 * 1600 / 1800))
    widths = [part.split()[1] for part in cover["srcset"].split(",")]
    assert widths == ["480w", "960w", "1600w"]
    for candidate in cover["srcset"].split(","):
        assert (p.out / "a" / candidate.split()[0]).is_file()
    source = page.select_one("figure.cover source")
    assert source["type"] == "image/webp"
    thumb = page.select_one(".gallery img")
    assert thumb["loading"] == "lazy" and thumb["alt"] == "Hoành phi"
    assert page.select_one(".gallery a")["href"].endswith(".jpg")
    caption = page.select_one(".gallery figcaption").get_text(" ", strip=True)
    assert "Trong chánh điện" in caption and "Đoàn viên A" in caption and "CC BY 4.0" in caption


def test_second_build_encodes_nothing_and_unused_cache_is_cleaned(project):
    p = photo_project(project)
    p.build()
    cache = p.root / ".diachido-cache" / "media"
    stamps = {f: f.stat().st_mtime_ns for f in cache.rglob("*.webp")}
    p.write("sites/a.md", entry(cover="a/cong.jpg", cover_alt="Cổng đình", summary="Khác."))
    p.build()
    assert {f: f.stat().st_mtime_ns for f in cache.rglob("*.webp")} == stamps
    jpeg_with_exif(p.root / "media/a/cong.jpg", size=(1200, 900), color=(20, 120, 40))
    p.build()
    assert not any(f.exists() for f in stamps), "the old photo's variants are removed"


def _cmyk(path):
    Image.new("CMYK", (700, 500), (0, 200, 200, 0)).save(path, "JPEG")


def _png16(path):
    Image.new("I;16", (640, 480), 40000).save(path, "PNG")


def _animated(path):
    frames = [Image.new("P", (300, 200), i * 40) for i in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)


@pytest.mark.parametrize(("name", "make"), [("cmyk.jpg", _cmyk), ("deep.png", _png16),
                                            ("moving.gif", _animated)])
def test_odd_but_valid_images_are_published_correctly(project, name, make):
    p = project({"sites/a.md": entry(cover=f"a/{name}", cover_alt="Ảnh")})
    (p.root / "media/a").mkdir(parents=True)
    make(p.root / "media/a" / name)
    p.build()
    files = published_images(p.out)
    assert {f.suffix for f in files} == {".jpg", ".webp"}, files
    cover = soup(p.out / "a" / "index.html").select_one("figure.cover img")
    assert (p.out / "a" / cover["src"]).resolve() in {f.resolve() for f in files}, \
        "the page shows what was published"
    for path in files:
        image = Image.open(path)
        assert image.mode == "RGB"
        assert len(list(ImageSequence.Iterator(image))) == 1


def _silent_mp3(frames: int = 40) -> bytes:
    """A valid MPEG-1 Layer III stream of silent frames (128 kbit/s, 44.1 kHz)."""
    header = struct.pack(">I", 0xFFFB9064)
    return (header + bytes(417 - 4)) * frames


def test_audio_with_transcript_and_local_video_with_captions(project):
    body_media = {
        "media/a/thuyet-minh.mp3": _silent_mp3(),
        "media/a/phim.mp4": b"\x00\x00\x00\x18ftypmp42" + bytes(200),
        "media/a/phim.vtt": "WEBVTT\n\n00:00.000 --> 00:02.000\nXin chào\n",
        "media/a/loi.md": "Đây là lời thuyết minh về **đình**.",
    }
    audio = "\n  - src: a/thuyet-minh.mp3\n    title: Thuyết minh\n    transcript: a/loi.md"
    videos = "\n  - src: a/phim.mp4\n    title: Phim tư liệu\n    captions: a/phim.vtt"
    p = project({"sites/a.md": entry(audio=audio, videos=videos), **body_media})
    p.build()
    page = soup(p.out / "a" / "index.html")
    player = page.select_one("section.listen audio")
    assert player["preload"] == "none" and "controls" in player.attrs
    assert (p.out / "a" / player.find("source")["src"]).is_file()
    caption = page.select_one("section.listen figcaption").get_text()
    assert "0:01" in caption and "KB" in caption, caption
    assert page.select_one("details.transcript strong").get_text() == "đình"
    order = [el.get("id") for el in page.find_all(["h2"]) if el.get("id")]
    assert order[0] == "listen-title", "the audio guide comes first"
    video = page.select_one("section.videos video")
    assert video["preload"] == "none"
    track = video.find("track")
    assert track["kind"] == "captions" and (p.out / "a" / track["src"]).is_file()


def test_missing_transcript_warns_and_strict_fails(project):
    audio = "\n  - src: a/t.mp3\n    title: Thuyết minh"
    text = entry(audio=audio)
    line = text.split("\n").index("  - src: a/t.mp3") + 1  # the audio item names the file
    p = project({"sites/a.md": text, "media/a/t.mp3": _silent_mp3()})
    result = p.build()
    assert f"Cảnh báo: sites/a.md, dòng {line}" in result.err and "media/a/t.mp3" in result.err
    strict = p.run("build", "--strict")
    assert strict.code == 1 and f"Lỗi: sites/a.md, dòng {line}" in strict.err


def test_youtube_facade_loads_nothing_from_youtube(project):
    videos = ("\n  - youtube: https://www.youtube.com/watch?v=aqz-KE-bpKQ\n"
              "    title: Phim\n    speech: false")
    p = project({"sites/a.md": entry(videos=videos)})
    p.build()
    page = soup(p.out / "a" / "index.html")
    assert not page.find("iframe")
    assert not [el for el in page.find_all(src=True) if "youtu" in el["src"]]
    link = page.select_one(".yt a.yt-link")
    assert link["href"] == "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


def test_renamed_text_file_as_video_is_refused(project):
    videos = "\n  - src: a/phim.mp4\n    title: Phim\n    speech: false"
    text = entry(videos=videos)
    line = text.split("\n").index("  - src: a/phim.mp4") + 1
    p = project({"sites/a.md": text, "media/a/phim.mp4": "không phải video"})
    result = p.run("build")
    assert result.code == 1 and "media/a/phim.mp4" in result.err
    assert f"Lỗi: sites/a.md, dòng {line}" in result.err


def test_large_media_is_not_copied_again_when_unchanged(project):
    videos = "\n  - src: a/phim.mp4\n    title: Phim\n    speech: false"
    p = project({"sites/a.md": entry(videos=videos),
                 "media/a/phim.mp4": b"\x00\x00\x00\x18ftypmp42" + os.urandom(2_000_000)})
    p.build()
    first = next((p.out / "media" / "a").glob("phim.*.mp4"))
    inode = first.stat().st_ino
    p.write("sites/b.md", entry("NT02"))
    p.build()
    again = next((p.out / "media" / "a").glob("phim.*.mp4"))
    assert again.stat().st_ino == inode, "linked from the previous build, not copied"
    assert io.BytesIO(again.read_bytes()).getbuffer().nbytes > 2_000_000
