"""Real web servers (Debian's nginx, Apache and, when installed, Caddy) serving a build under
/diachido/ on 127.0.0.1, each writing its own access log; started for one test and stopped by
their process id. scripts/test installs the packages."""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BASE = "/diachido"
APACHE_MODULES = Path("/usr/lib/apache2/modules")


@dataclass
class Server:
    name: str
    port: int
    log: Path

    def get(self, path: str, agent: str, method: str = "GET") -> int:
        """One request with a user agent (a GET follows redirects, as a browser does; urllib
        would turn a HEAD into a GET on a redirect, so a HEAD is sent once); the status."""
        if method == "HEAD":
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                connection.request("HEAD", path, headers={"User-Agent": agent})
                return connection.getresponse().status
            finally:
                connection.close()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                         headers={"User-Agent": agent})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as err:
            return err.code


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def published(build: Path) -> Path:
    """A copy of build/ at <dir>/diachido in a folder every user may read: the servers' worker
    processes run as www-data when the tests run as root."""
    www = Path(tempfile.mkdtemp(prefix="diachido-www-"))
    os.chmod(www, 0o755)
    shutil.copytree(build, www / BASE.strip("/"))
    for folder, dirs, files in os.walk(www):
        for name in dirs:
            os.chmod(Path(folder) / name, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)
    return www


def _wait(port: int, process: subprocess.Popen, errors: Path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"server ended: {errors.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError("server did not start")


@contextlib.contextmanager
def _running(command: list[str], port: int, errors: Path, cwd: Path,
             env: dict[str, str] | None = None) -> Iterator[None]:
    with errors.open("ab") as err:
        process = subprocess.Popen(command, cwd=cwd, stdout=err, stderr=err,
                                   env={**os.environ, **(env or {})})
    try:
        _wait(port, process, errors)
        yield
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextlib.contextmanager
def nginx(www: Path, tmp: Path) -> Iterator[Server]:
    """nginx in the foreground with the documented set-up: `try_files $uri $uri.html …` so a
    plate's /q/NT01 is served from q/NT01.html without a redirect."""
    port, log = free_port(), tmp / "nginx-access.log"
    user = "user www-data;" if os.geteuid() == 0 else ""
    temps = " ".join(f"{kind}_temp_path {tmp}/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  access_log {log} combined;
  {temps}
  server {{
    listen 127.0.0.1:{port};
    root {www};
    location {BASE}/ {{ try_files $uri $uri.html $uri/index.html =404; }}
  }}
}}
""")
    with _running(["nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], port,
                  tmp / "nginx-error.log", tmp):
        yield Server("nginx", port, log)


@contextlib.contextmanager
def apache(www: Path, tmp: Path) -> Iterator[Server]:
    """Apache 2.4 in the foreground with the stock combined LogFormat; /q/NT01 is answered by
    mod_dir's redirect to /q/NT01/, which the client follows (the log has both)."""
    port, log = free_port(), tmp / "apache-access.log"
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so"
                        for name in ("mpm_event", "authz_core", "dir", "mime", "alias"))
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    (tmp / "apache.conf").write_text(f"""
ServerRoot {tmp}
ServerName 127.0.0.1
{modules}
{user}
Listen 127.0.0.1:{port}
PidFile {tmp}/apache.pid
DefaultRuntimeDir {tmp}
ErrorLog {tmp}/apache-error.log
TypesConfig /etc/mime.types
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{{Referer}}i\\" \\"%{{User-Agent}}i\\"" combined
CustomLog {log} combined
DocumentRoot {www}
DirectoryIndex index.html
<Directory {www}>
  Require all granted
</Directory>
""")
    with _running(["apache2", "-f", str(tmp / "apache.conf"), "-DFOREGROUND"], port,
                  tmp / "apache-error.log", tmp):
        yield Server("apache", port, log)


@contextlib.contextmanager
def caddy(www: Path, tmp: Path) -> Iterator[Server]:
    """Caddy 2 with its default JSON access log."""
    port, log = free_port(), tmp / "caddy-access.log"
    (tmp / "Caddyfile").write_text(f"""
{{
  admin off
  auto_https off
}}
http://127.0.0.1:{port} {{
  log {{
    output file {log}
    format json
  }}
  root * {www}
  try_files {{path}}.html {{path}} {{path}}/index.html
  file_server
}}
""")
    env = {"HOME": str(tmp), "XDG_DATA_HOME": str(tmp / "data"),
           "XDG_CONFIG_HOME": str(tmp / "config")}
    with _running(["caddy", "run", "--config", str(tmp / "Caddyfile"), "--adapter",
                   "caddyfile"], port, tmp / "caddy-error.log", tmp, env):
        yield Server("caddy", port, log)
