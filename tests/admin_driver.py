"""Drives the web editor (/admin/, Sveltia CMS) in Chromium against a real copy of a project.

Sveltia's local mode edits a folder the browser is given through `showDirectoryPicker()`. A
test cannot click through the system's folder dialog, so the picker is replaced with one that
returns a folder of the origin-private file system (OPFS): the project's files are copied in
before the app opens it, and copied back out after the editor saved, byte for byte. Everything
in between is the real app doing its real reads and writes.
"""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

PICKER = """window.showDirectoryPicker = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));"""
FILL = """async (files) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry('repo', {recursive: true}); } catch (e) {}
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [path, b64] of Object.entries(files)) {
    let dir = repo;
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const writer = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    await writer.close();
  }
}"""
DUMP = """async () => {
  const out = {};
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      if (name === '.git') continue;
      if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
      else {
        const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
        let text = '';
        for (let i = 0; i < bytes.length; i += 8192) {
          text += String.fromCharCode(...bytes.subarray(i, i + 8192));
        }
        out[prefix + name] = btoa(text);
      }
    }
  };
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('repo'), '');
  return out;
}"""
EDITED = ("sites", "trails", "media")  # what the editor may write; config files ride along
ROOT_FILES = ("diachido.yml", "codes.yml")


def project_files(root: Path) -> dict[str, str]:
    """The editable part of a project, as path → base64 (what FILL takes)."""
    paths = [root / name for name in ROOT_FILES if (root / name).is_file()]
    for folder in EDITED:
        paths += [p for p in sorted((root / folder).rglob("*")) if p.is_file()]
    return {p.relative_to(root).as_posix(): base64.b64encode(p.read_bytes()).decode()
            for p in paths}


class Editor:
    """One page of the editor, opened on a copy of `root` in the browser's private storage."""

    def __init__(self, context, admin_url: str, root: Path):
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.add_init_script(PICKER)
        self.page.goto(admin_url, wait_until="domcontentloaded")
        self.page.evaluate(FILL, project_files(root))
        self.page.get_by_role("button", name="Làm việc với kho mã nguồn cục bộ").click()
        self.page.get_by_text("Chuyên mục", exact=True).wait_for()

    def csp_violations(self) -> list[str]:
        """What the page's Content-Security-Policy refused so far (directive and address)."""
        return self.page.evaluate("window.__cspViolations")

    def open(self, route: str) -> None:
        """Go to an app route, e.g. "collections/sites/new" or "collections/sites/entries/x"."""
        self.page.evaluate(f"location.hash = '#/{route}'")
        self.page.get_by_role("button", name="Lưu").wait_for()

    def field(self, label: str, lang: str | None = "vi"):
        """The text box labelled `label` in the `lang` pane (None: a form with no languages)."""
        if lang is None:
            return self.page.get_by_label(label, exact=True)
        return self.page.locator(f"[lang={lang}]").and_(self.page.get_by_label(label))

    def reveal(self, locator, tries: int = 60):
        """The form draws fields as they scroll into view: scroll the pane until it exists."""
        for _ in range(tries):
            if locator.count():
                return locator
            self.page.mouse.move(300, 600)
            self.page.mouse.wheel(0, 500)
            time.sleep(0.1)
        raise AssertionError(f"never appeared: {locator}")

    def add_item(self, list_label: str) -> None:
        """Click the list's "add" button in the Vietnamese (left) pane."""
        self._left(self.page.locator("button", has_text=re.compile(f"Thêm .?{list_label}")),
                   0).click()

    def _left(self, buttons, nth: int):
        """The `nth` of `buttons` in the left pane, scrolling that pane until it is drawn (the
        English pane may draw its own copy of a list sooner)."""
        left: list = []
        for _ in range(60):
            left = [b for b in buttons.all() if (box := b.bounding_box()) and box["x"] < 600]
            if len(left) > nth:
                return left[nth]
            self.page.mouse.move(300, 600)
            self.page.mouse.wheel(0, 500)
            self.page.wait_for_timeout(100)
        raise AssertionError(f"no {buttons} #{nth} in the Vietnamese pane")

    def upload(self, path: Path, nth: int) -> None:
        """Pick `path` in the `nth` image field's "browse" button (0 is the first) of the
        Vietnamese pane, the left one: the English pane may show its own pickers sooner (each
        pane draws its fields as they scroll into view)."""
        self._left(self.page.locator("button", has_text="Duyệt tệp"), nth).click()
        with self.page.expect_file_chooser() as chooser:
            self.page.get_by_role("button", name="Tải lên").click()
        chooser.value.set_files(path)
        self.page.wait_for_timeout(500)
        insert = self.page.get_by_role("button", name="Chèn")
        if insert.is_visible():
            insert.click()
        self.page.wait_for_timeout(500)

    def show_english(self) -> None:
        """The right-hand pane shows the English form instead of the preview."""
        tabs = self.page.get_by_text("Tiếng Anh", exact=True)
        right = [tab for tab in tabs.all() if (tab.bounding_box() or {"x": 0})["x"] > 500]
        right[0].click()
        # A new entry starts in Vietnamese only: English is switched on by hand, as a
        # volunteer who means to translate does.
        enable = self.page.get_by_role("button", name="Bật \u2068Tiếng Anh\u2069")
        if enable.count() and enable.first.is_visible():
            enable.first.click()
        self.to_top()

    def to_top(self) -> None:
        self.page.evaluate("""() => document.querySelectorAll('*').forEach((e) => {
            if (e.scrollTop) e.scrollTop = 0; })""")
        self.page.wait_for_timeout(300)

    def save(self) -> None:
        self.page.get_by_role("button", name="Lưu").click()

    def wait_for_file(self, rel: str, seconds: float = 10) -> None:
        """Saving is asynchronous: wait until `rel` is in the edited folder."""
        end = time.monotonic() + seconds
        while rel not in self._dump():
            assert time.monotonic() < end, f"the editor never wrote {rel}"
            self.page.wait_for_timeout(200)
        self.page.wait_for_timeout(500)

    def save_and_wait(self, rel: str, seconds: float = 10) -> None:
        """Save, then wait until the editor has rewritten `rel`."""
        first = self._dump().get(rel)
        self.save()
        end = time.monotonic() + seconds
        while self._dump().get(rel) in (first, None):
            assert time.monotonic() < end, f"the editor never rewrote {rel}"
            self.page.wait_for_timeout(200)
        self.page.wait_for_timeout(300)

    def _dump(self) -> dict[str, str]:
        """The folder's files; {} while the app is midway through replacing one."""
        try:
            return self.page.evaluate(DUMP)
        except Exception as err:  # noqa: BLE001 - a file being replaced or still being written
            if "NotFoundError" not in str(err) and "NotReadableError" not in str(err):
                raise
            return {}

    def files(self) -> dict[str, bytes]:
        return {path: base64.b64decode(data)
                for path, data in self._dump().items()}

    def write_back(self, root: Path) -> dict[str, bytes]:
        """Copy what the editor left into `root` (files it deleted are deleted)."""
        files = self.files()
        for folder in EDITED:
            for path in (root / folder).rglob("*") if (root / folder).exists() else ():
                if path.is_file() and path.relative_to(root).as_posix() not in files:
                    path.unlink()
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        return files
