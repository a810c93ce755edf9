"""`diachido serve`, end to end: the real CLI in a subprocess, fetched over HTTP.

One edit rebuilds only what it touches, a broken entry shows its errors in the page (while the
last good build stays served) and fixing it brings the page back — all without restarting.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ARTIFACTS, REPO, entry, tree_digest

CATALOGUE = yaml.safe_load((REPO / "generator" / "messages" / "vi.yml").read_text("utf-8"))
CATALOGUE_SUMMARY = CATALOGUE["_summary"]
POLL_LIMIT = 15.0  # seconds from saving a file to the browser seeing the result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def poll(url: str, done: Callable[[int, str], bool], limit: float = POLL_LIMIT,
         what: str = "") -> tuple[int, str]:
    deadline = time.monotonic() + limit
    status, text = 0, ""
    while time.monotonic() < deadline:
        try:
            status, text = fetch(url)
        except OSError:  # not listening yet, or busy rebuilding
            status, text = 0, ""
        if done(status, text):
            return status, text
        time.sleep(0.1)
    raise AssertionError(f"after {limit} s, {url} still does not show {what}: {status}\n"
                         f"{text[:2000]}")


def title_of(text: str) -> str:
    soup = BeautifulSoup(text, "html.parser")
    return soup.h1.get_text(" ", strip=True) if soup.h1 else ""


def panel_of(text: str) -> str:
    soup = BeautifulSoup(text, "html.parser")
    panel = soup.select_one(".diachido-errors")
    return panel.get_text("\n") if panel else ""


class Server:
    def __init__(self, root: Path, port: int, *args: str):
        self.root, self.port = root, port
        self.log_out = open(root / "serve.out", "w+", encoding="utf-8")  # noqa: SIM115
        self.log_err = open(root / "serve.err", "w+", encoding="utf-8")  # noqa: SIM115
        env = {**os.environ, "DIACHIDO_LANG": "vi", "PYTHONPATH": str(REPO)}
        env.pop("CI", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--port", str(port), *args],
            cwd=root, env=env, stdout=self.log_out, stderr=self.log_err)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logs(self) -> str:
        return ((self.root / "serve.out").read_text("utf-8") + "\n--- stderr ---\n"
                + (self.root / "serve.err").read_text("utf-8"))

    def wait_ready(self, limit: float = 120) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited with {self.process.returncode}\n"
                                     f"{self.logs()}")
            try:
                fetch(self.base + "/livereload.js")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"serve did not start within {limit} s\n{self.logs()}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log_out.close()
        self.log_err.close()
        return self.process.returncode


@pytest.fixture
def served(project):
    """A two-site project being served; yields (project, server)."""
    p = project({"sites/a.md": entry("NT01", title="Đình Phú Mỹ"),
                 "sites/b.md": entry("NT02", title="Giồng Sắn")})
    server = Server(p.root, free_port())
    try:
        server.wait_ready()
        yield p, server
    finally:
        code = server.stop()
        assert "Traceback" not in server.logs(), server.logs()
        assert code in (0, -15), f"exit {code}\n{server.logs()}"


@pytest.mark.slow
def test_serve_rebuilds_on_change_and_shows_errors_in_the_page(served):
    p, server = served
    page = server.base + "/a/"
    status, text = fetch(page)
    assert status == 200 and title_of(text) == "Đình Phú Mỹ", server.logs()
    assert '<script src="/livereload.js' in text, "served pages load livereload from our origin"
    assert fetch(server.base + "/livereload.js")[0] == 200
    on_disk = (p.out / "a" / "index.html").read_text("utf-8")
    assert "livereload" not in on_disk, "build/ files never carry the preview script"
    other = p.out / "b" / "index.html"
    other_inode = other.stat().st_ino

    # 1. one edit: the page changes, the other site's page is reused (same file, same inode)
    p.write("sites/a.md", entry("NT01", title="Đình Phú Mỹ mới"))
    poll(page, lambda s, t: title_of(t) == "Đình Phú Mỹ mới", what="the new title")
    assert (p.out / "b" / "index.html").stat().st_ino == other_inode, (
        "an unrelated page was rewritten: the rebuild was not incremental")
    assert title_of(fetch(server.base + "/b/")[1]) == "Giồng Sắn"

    # 2. a broken entry: the errors appear in the page, the last good build stays served
    broken = entry("NT01", title="'Đình Phú Mỹ")
    p.write("sites/a.md", broken)
    line = next(n for n, text in enumerate(broken.split("\n"), 1) if text.startswith("title:"))
    what = CATALOGUE["yaml-syntax"]["what"]
    status, text = poll(page, lambda s, t: what in panel_of(t), what="the YAML error")
    panel = panel_of(text)
    assert f"Lỗi: sites/a.md, dòng {line}" in panel
    assert "| title: 'Đình Phú Mỹ" in panel, "the offending line is quoted back"
    assert CATALOGUE["yaml-syntax"]["fix_if_detail_quote"] in panel
    assert status == 200 and title_of(text) == "Đình Phú Mỹ mới", "last good page still served"
    assert what in panel_of(fetch(server.base + "/b/")[1]), "every page shows the errors"
    assert what in server.logs(), "the terminal shows the errors too"

    # 3. fixed: the page comes back without the panel
    p.write("sites/a.md", entry("NT01", title="Đình Phú Mỹ đã sửa"))
    status, text = poll(page, lambda s, t: title_of(t) == "Đình Phú Mỹ đã sửa",
                        what="the fixed page")
    assert status == 200 and not panel_of(text)


@pytest.mark.slow
def test_serve_edit_ends_as_a_clean_build(served, project):
    """The edited page is shown first (outputs/early.py), then the rest of the rebuild follows:
    when it is done, build/ is byte for byte what a clean build of the same files makes."""
    p, server = served
    page = server.base + "/a/"
    p.write("sites/a.md", entry("NT01", title="Đình Phú Mỹ đổi tên"))
    poll(page, lambda s, t: title_of(t) == "Đình Phú Mỹ đổi tên", what="the new title")
    done = CATALOGUE_SUMMARY["built"].split(":")[0] + ":"
    deadline = time.monotonic() + POLL_LIMIT
    while server.logs().count(done) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.logs().count(done) == 2, server.logs()
    clean = project({"sites/a.md": entry("NT01", title="Đình Phú Mỹ đổi tên"),
                     "sites/b.md": entry("NT02", title="Giồng Sắn")})
    clean.write("codes.yml", (p.root / "codes.yml").read_text("utf-8"))
    clean.build()
    assert tree_digest(p.out) == tree_digest(clean.out)


@pytest.mark.slow
def test_serve_sees_the_config_replaced_and_a_folder_created(served):
    """`diachido.yml` saved the way editors save (a new file renamed over the old one), and a
    `trails/` folder that did not exist when serve started: both rebuild the site."""
    p, server = served
    assert not (p.root / "trails").exists()
    fresh = p.root / "diachido.yml.new"
    fresh.write_text("title: Sổ tay di tích\n", "utf-8")
    fresh.replace(p.root / "diachido.yml")
    poll(server.base + "/", lambda s, t: "Sổ tay di tích" in t, what="the new site title")
    p.write("trails/tuyen.md", "---\ntitle: Tuyến thử\nsummary: Hai điểm.\nstops: [NT01, NT02]\n"
                               "---\n\nĐi bộ.\n")
    poll(server.base + "/trails/", lambda s, t: s == 200 and "Tuyến thử" in t,
         what="the new trail")


@pytest.mark.browser
@pytest.mark.slow
def test_an_open_tab_shows_a_saved_entry_by_itself(served, browser):
    """What an editor sees: the page open in Chromium reloads on its own after a save
    (livereload's socket, allowed by the served page's policy) and shows the new title."""
    p, server = served
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    tab.goto(server.base + "/a/")
    assert tab.locator("h1").inner_text() == "Đình Phú Mỹ"
    tab.wait_for_function("() => window.LiveReload !== undefined")
    time.sleep(1)  # its socket's handshake
    p.write("sites/a.md", entry("NT01", title="Đình Phú Mỹ (tab tự tải lại)"))
    tab.wait_for_function(
        "() => document.querySelector('h1').textContent.includes('tự tải lại')", timeout=15000)
    assert tab.url == server.base + "/a/" and not blocked, blocked
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_the_error_panel_is_a_bar_on_a_phone_that_opens_on_a_tap(served, browser):
    """At 360 px the errors are one bar over the last good page (not three quarters of the
    screen); a tap opens them, another closes them; on a desktop they show without a tap."""
    p, server = served
    p.write("sites/a.md", entry("NT01", title="'Đình Phú Mỹ"))
    what = CATALOGUE["yaml-syntax"]["what"]
    poll(server.base + "/b/", lambda s, t: what in panel_of(t), what="the YAML error")
    ARTIFACTS.mkdir(exist_ok=True)
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                has_touch=True)
    tab = phone.new_page()
    tab.goto(server.base + "/b/")
    panel, errors = tab.locator(".diachido-errors"), tab.locator(".diachido-errors pre")
    tab.screenshot(path=str(ARTIFACTS / "serve-errors-360-bar.png"))
    closed = panel.bounding_box()
    assert closed is not None and closed["height"] <= 64, closed
    assert closed["width"] <= 360, "the bar fits the screen"
    assert not errors.first.is_visible(), "the errors wait for a tap"
    bar = panel.inner_text()
    assert CATALOGUE_SUMMARY["serve_errors_title"].format(errors=1) in bar
    assert CATALOGUE_SUMMARY["serve_errors_tap"] in bar
    assert tab.locator("main h1").is_visible(), "the page below stays in view"

    tab.locator(".diachido-errors summary").tap()
    errors.first.wait_for(state="visible")
    assert "Lỗi: sites/a.md, dòng" in errors.first.inner_text()
    opened = panel.bounding_box()
    assert opened is not None and opened["height"] > 3 * closed["height"], opened
    assert opened["height"] <= 0.75 * 740 + 1, "open, it scrolls within three quarters"
    assert CATALOGUE_SUMMARY["serve_errors_tap"] not in panel.inner_text()
    tab.screenshot(path=str(ARTIFACTS / "serve-errors-360-open.png"))
    tab.locator(".diachido-errors summary").tap()
    errors.first.wait_for(state="hidden")
    phone.close()

    desk = browser.new_page(viewport={"width": 1280, "height": 800})
    desk.goto(server.base + "/b/")
    assert desk.locator(".diachido-errors pre").first.is_visible(), "no tap needed on a desktop"
    shown = desk.locator(".diachido-errors").inner_text()
    assert CATALOGUE_SUMMARY["serve_errors_tap"] not in shown
    desk.screenshot(path=str(ARTIFACTS / "serve-errors-1280.png"))
    desk.close()


def test_serve_answers_like_a_static_host(served):
    p, server = served
    status, text = fetch(server.base + "/khong-co-trang-nay/")
    assert status == 404 and text == fetch(server.base + "/khong-co-trang-nay")[1]
    assert (p.out / "404.html").is_file()
    request = urllib.request.Request(server.base + "/a", method="GET")
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=10)
    assert redirect.value.code == 301 and redirect.value.headers["Location"] == "/a/"
    status, text = fetch(server.base + "/a/")
    csp = BeautifulSoup(text, "html.parser").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"ws://127.0.0.1:{server.port}" in csp and "script-src 'self'" in csp
    # The web editor is served as built: no reload script to throw away a half-filled form.
    status, text = fetch(server.base + "/admin/")
    assert status == 200 and text == (p.out / "admin" / "index.html").read_text("utf-8")


@pytest.mark.slow
def test_with_no_build_yet_the_panel_is_the_page_and_open(project):
    """Nothing to show under the bar: the errors come unfolded, no tap needed."""
    p = project({"sites/a.md": entry("NT01", title="'Đình Phú Mỹ")})
    server = Server(p.root, free_port())
    try:
        server.wait_ready()
        what = CATALOGUE["yaml-syntax"]["what"]
        status, text = poll(server.base + "/", lambda s, t: what in panel_of(t),
                            what="the YAML error")
    finally:
        server.stop()
    panel = BeautifulSoup(text, "html.parser").select_one("details.diachido-errors")
    assert status == 500 and panel is not None and panel.has_attr("open"), text[:1500]
    assert CATALOGUE_SUMMARY["serve_no_build"] in panel.get_text()


def test_serve_refuses_a_busy_port(project):
    p = project({"sites/a.md": entry()})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = Server(p.root, port)
        try:
            code = server.process.wait(120)
        finally:
            server.stop()
    logs = server.logs()
    assert code == 1, logs
    assert "Traceback" not in logs
    assert f"--port {port + 1}" in logs


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
