"""Issue 24: `diachido stats` on the formats no server here can write (IIS, GoatCounter's
export, from their documented layouts), on hostile and broken input, on .gz and on several
files in any order; the report escapes what logs contain and nothing keeps an address."""

from __future__ import annotations

import gzip
import json

from tests.conftest import entry

CONFIG = """\
languages: [vi, en]
title: Địa chỉ đỏ thử
organisation: Đoàn xã thử
base_url: https://doan.example.vn/diachido
"""
CODES = """\
NT01:
  slug: a
  issued: 2026-01-01
  plate: {installed: 2026-01-10}
NT02:
  slug: b
  issued: 2026-01-01
  plate: {installed: 2026-01-10}
NT03:
  slug: c
  issued: 2026-01-01
"""
PHONE = ("Mozilla/5.0 (Linux; Android 13; SM-A14{n}) AppleWebKit/537.36 Chrome/120.0 "
         "Mobile Safari/537.36")
IP = "203.0.113.77"


def make(project):
    return project({"diachido.yml": CONFIG, "codes.yml": CODES,
                    "sites/a.md": entry("NT01", "Địa đạo thử"),
                    "sites/b.md": entry("NT02", "Đình thử"),
                    "sites/c.md": entry("NT03", "Giồng thử")})


def nginx_line(when: str, path: str, agent: str, status: int = 200, ip: str = IP) -> str:
    return f'{ip} - - [{when} +0700] "GET {path} HTTP/1.1" {status} 512 "-" "{agent}"\n'


def stats(p, *args: str) -> dict:
    run = p.run("stats", *args, "--format", "json")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    return json.loads(run.out)


def plates(summary: dict) -> dict:
    return {row["code"]: (row["scans"], row["typed"]) for row in summary["plates"]}


def test_iis_log_counts_scans_by_utc_time(project):
    p = make(project)
    fields = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
              "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
    agent = PHONE.format(n=1).replace(" ", "+")
    log = p.write("u_ex261103.log", "\n".join([
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        "#Date: 2026-11-03 00:00:00",
        f"#Fields: {fields}",
        f"2026-11-02 17:30:00 10.0.0.4 GET /diachido/q/NT01 - 443 - {IP} {agent} - 200 0 0 31",
        f"2026-11-02 17:30:05 10.0.0.4 GET /diachido/q/NT01 - 443 - {IP} {agent} - 200 0 0 12",
        f"2026-11-03 02:00:00 10.0.0.4 GET /diachido/q/ code=NT02 443 - {IP} {agent} - 200 0 0 9",
        f"2026-11-03 02:00:09 10.0.0.4 GET /diachido/en/q/NT02/ - 443 - {IP} {agent} - 200 0 0 9",
        "#Fields: date time c-ip cs-method cs-uri-stem cs(User-Agent) sc-status",  # a restart
        f"2026-11-03 03:00:00 {IP} GET /diachido/q/NT03 {agent} 200",
        "2026-11-03 03:00:01 198.51.100.2 GET /diachido/q/NT03 Googlebot/2.1 200",
        "2026-11-03 03:00:02 only four fields",
    ]) + "\n")
    summary = stats(p, str(log), "--month", "2026-11")
    assert plates(summary) == {"NT01": (1, 0), "NT02": (0, 1), "NT03": (1, 0)}
    # 17:30 UTC on 2 November is 00:30 on 3 November in Vietnam
    assert summary["hours"][0] == 1 and summary["hours"][9] == 1 and summary["hours"][10] == 1
    assert next(r for r in summary["plates"] if r["code"] == "NT01")["last_scan"] == "2026-11-03"
    assert summary["bots"] == 1 and summary["skipped_lines"] == 1


GOAT_HEADER = ("2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,"
               "Referrer scheme,Screen size,Location,FirstVisit,Date")


def test_goatcounter_export_counts_pixels_by_session(project):
    p = make(project)
    export = p.write("goatcounter-export.csv", "\r\n".join([
        GOAT_HEADER,
        '/q/NT01,"Địa đạo thử",false,,Chrome 120,Android 13,s1,0,,,,VN-39,true,'
        "2026-11-05T01:00:00Z",
        '/q/NT01,"Địa đạo thử",false,,Chrome 120,Android 13,s1,0,,,,VN-39,false,'
        "2026-11-05T01:01:00Z",  # a reload
        '/en/q/NT01,"Tunnels",false,,Safari 17,iOS 17,s2,0,,,,VN-39,true,2026-11-05T02:00:00Z',
        '/q/NT02,"Đình, ""thử""",false,,Chrome 120,Android 13,s3,0,,,,VN-39,true,'
        "2026-11-06T02:00:00Z",
        "/q/NT02,x,false,,,,s4,1,,,,,true,2026-11-06T02:00:00Z",  # GoatCounter's bot flag
        "/q/NT02,x,true,,,,s5,0,,,,,true,2026-11-06T02:00:00Z",  # an event, not a pageview
        "/b,x,false,,,,s6,0,,,,,true,2026-11-06T02:00:00Z",
        "/q/NT02,x,false,,,,s7,0,,,,,true,not a date",
        "",
    ]))
    summary = stats(p, str(export))
    assert plates(summary) == {"NT01": (2, 0), "NT02": (1, 0), "NT03": (0, 0)}
    nt01 = next(r for r in summary["plates"] if r["code"] == "NT01")
    assert nt01["languages"] == {"en": 1, "vi": 1} and nt01["visitors"] == 2
    assert {p["slug"]: p["views"] for p in summary["pages"]}["b"] == 1
    assert summary["bots"] == 1 and summary["skipped_lines"] == 2
    assert summary["period"] == {"from": "2026-11-05", "until": "2026-11-06"}


def test_broken_and_hostile_lines_are_skipped_counted_and_escaped(project, tmp_path):
    p = make(project)
    good = [nginx_line("03/Nov/2026:08:00:00", "/diachido/q/NT01", PHONE.format(n=1)),
            nginx_line("03/Nov/2026:08:00:01", "/diachido/q/%3Cimg%20src=x%20onerror=alert(1)%3E",
                       PHONE.format(n=2), 404),
            nginx_line("03/Nov/2026:08:00:02", "/diachido/q/NT02",
                       '<script>alert(\\x22ua\\x22)</script>\'; DROP TABLE plates; --')]
    bad = [b"x" * 200_000 + b"\n",  # a huge line
           nginx_line("03/Nov/2026:08:00:03", "/diachido/q/NT03", "caf\xe9").encode("latin-1"),
           b"\x00\x01\x02\xff\xfe binary\n",
           nginx_line("03/Nov/2026:08:00:04", "/diachido/q/NT03", "x").encode()[:40] + b"\n",
           b'203.0.113.9 - - [33/Nov/2026:08:00:05 +0700] "GET /diachido/q/NT03 HTTP/1.1" 200 5'
           b' "-" "x"\n',
           b'203.0.113.9 - - [03/Nov/2026:08:00:05 +0700] "\\x16\\x03\\x01" 400 150 "-" "-"\n']
    log = p.write("access.log", b"".join(
        [good[0].encode(), *bad[:3], good[1].encode(), *bad[3:], good[2].encode()]))
    out = tmp_path / "report"
    run = p.run("stats", str(log), "--month", "2026-11", "--format", "json", "--out", str(out))
    assert run.code == 0, run.err
    summary = json.loads(run.out)
    assert "bao-cao-2026-11.pdf" in run.err
    assert summary["skipped_lines"] == len(bad)
    assert plates(summary) == {"NT01": (1, 0), "NT02": (1, 0), "NT03": (0, 0)}
    assert summary["unknown_codes"] == {"<img src=x onerror=alert(1)>": 1}
    html = (out / "bao-cao-2026-11.html").read_text("utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html
    assert (out / "bao-cao-2026-11.pdf").read_bytes().startswith(b"%PDF-")
    csv = (out / "bao-cao-2026-11.csv").read_text("utf-8-sig")
    assert csv.splitlines()[0] == "code,slug,title,scans,visitors,typed,last_scan,languages"
    # no address anywhere: outputs, the cache, stdout
    written = [*out.iterdir(), *(p.root / ".diachido-cache").iterdir()]
    for path in written:
        assert IP.encode() not in path.read_bytes() and b"203.0.113" not in path.read_bytes()
    assert "203.0.113" not in run.out + run.err


def test_gz_and_several_files_in_any_order(project):
    p = make(project)
    agent = PHONE.format(n=3)
    old = "".join([nginx_line("30/Nov/2026:23:50:00", "/diachido/q/NT01", agent),
                   nginx_line("30/Nov/2026:23:59:00", "/diachido/q/NT02", agent)])
    new = "".join([nginx_line("01/Dec/2026:00:05:00", "/diachido/q/NT02", agent),  # a reload
                   nginx_line("01/Dec/2026:00:06:00", "/diachido/q/NT03", agent),
                   nginx_line("01/Dec/2026:09:00:00", "/diachido/q/NT01", agent)])
    p.write("access.log.2.gz", gzip.compress(old.encode()))
    p.write("access.log", new)
    files = [str(p.root / "access.log"), str(p.root / "access.log.2.gz")]
    summary = stats(p, *files, "--since", "2026-11-01", "--until", "2026-12-31")
    assert plates(summary) == {"NT01": (2, 0), "NT02": (1, 0), "NT03": (1, 0)}
    december = stats(p, *files, "--month", "2026-12")
    assert plates(december) == {"NT01": (1, 0), "NT02": (0, 0), "NT03": (1, 0)}
    assert december["previous"]["from"] == "2026-11-01"
    assert december["previous"]["scans"] == 2 and december["totals"]["scans"] == 2


def test_unknown_format_and_missing_file_are_clear_errors(project):
    p = make(project)
    p.write("notes.txt", "Biên bản họp chi đoàn\nkhông phải nhật ký\n")
    run = p.run("stats", str(p.root / "notes.txt"))
    assert run.code == 1 and "Traceback" not in run.err
    assert "notes.txt" in run.err and "không phải nhật ký truy cập" in run.err
    run = p.run("stats", str(p.root / "missing.log"))
    assert run.code == 1 and "missing.log" in run.err and "Traceback" not in run.err
    run = p.run("stats", str(p.root / "notes.txt"), "--month", "2026-13")
    assert run.code == 1 and "2026-13" in run.err


def test_text_summary_and_silent_plates_in_plates_report(project):
    p = make(project)
    log = p.write("access.log", nginx_line("03/Nov/2026:08:00:00", "/diachido/q/NT01",
                                           PHONE.format(n=1)))
    run = p.run("stats", str(log), "--month", "2026-11")
    assert run.code == 0, run.err
    assert "1 lượt quét" in run.out and "Địa đạo thử" in run.out
    assert "NT02" in run.out.split("Biển không có lượt quét từ 60 ngày:")[1]
    report = p.run("plates", "--report", env={"SOURCE_DATE_EPOCH": "1796688000"})  # 8/12/2026
    assert report.code == 0, report.err
    lines = {line.split()[0]: line for line in report.out.splitlines() if line[:2] == "NT"}
    assert "kiểm tra biển: không có lượt quét từ 2026-01-10" in lines["NT02"]
    assert "không có lượt quét" not in lines["NT03"]  # not installed: nothing to check
    assert "1 trên 3 biển cần đi kiểm tra." in report.out  # NT02, which nobody scans
    cache = json.loads((p.root / ".diachido-cache" / "last-scans.json").read_text())
    assert cache == {"NT01": "2026-11-03"}


def test_which_requests_are_landings_pages_or_nothing():
    import datetime as dt

    from generator.content.model import Languages
    from generator.stats.paths import Request, SiteMap
    from generator.stats.summary import Period

    site = SiteMap("/diachido", Languages(("vi", "en", "zh-Hans")), frozenset({"a"}))
    assert site.classify("/diachido/q/NT01") == Request("scan", "NT01", "vi")
    assert site.classify("/diachido/q/NT01.html") == Request("scan", "NT01", "vi")
    assert site.classify("/diachido/zh-hans/q/NT01-2/index.html") == Request(
        "scan", "NT01-2", "zh-Hans")
    assert site.classify("/diachido/q/NT01/?typed=1") == Request("typed", "NT01", "vi")
    assert site.classify("/diachido/en/q/?code=nt+01") == Request("typed", "NT01", "en")
    assert site.classify("/diachido/q/") is None and site.classify("/diachido/q/?code=") is None
    assert site.classify("/diachido/en/a/") == Request("page", "a", "en")
    assert site.classify("/diachido") == Request("page", "", "vi")
    for ignored in ("/diachidox/q/NT01", "/q/NT01", "/diachido/assets/site.js",
                    "/diachido/media/a/cong-640.webp", "/diachido/trails/", "/diachido/b/"):
        assert site.classify(ignored) is None, ignored
    assert SiteMap("", Languages(("vi",)), frozenset()).classify("/q/NT01?fbclid=x") == Request(
        "scan", "NT01", "vi")
    assert len(site.classify("/diachido/q/" + "A" * 500).key) == 40
    november = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert november.previous() == Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    march = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert march.previous() == Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    week = Period(dt.date(2026, 11, 10), dt.date(2026, 11, 16))
    assert week.previous() == Period(dt.date(2026, 11, 3), dt.date(2026, 11, 9))


def test_the_same_logs_give_the_same_report(project, tmp_path):
    p = make(project)
    log = p.write("access.log", nginx_line("03/Nov/2026:08:00:00", "/diachido/q/NT01",
                                           PHONE.format(n=1)))
    env = {"SOURCE_DATE_EPOCH": "1796688000"}  # the date the report says it was made
    for name in ("one", "two"):
        run = p.run("stats", str(log), "--month", "2026-11", "--out", str(tmp_path / name),
                    env=env)
        assert run.code == 0, run.err
    for file in ("bao-cao-2026-11.html", "bao-cao-2026-11.pdf", "bao-cao-2026-11.csv"):
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()
    assert "08/12/2026" in (tmp_path / "one" / "bao-cao-2026-11.html").read_text("utf-8")


def test_random_garbage_never_stops_it(project):
    import random

    rng = random.Random(24)
    p = make(project)
    good = nginx_line("03/Nov/2026:08:00:00", "/diachido/q/NT01", PHONE.format(n=1)).encode()
    lines = [good]
    for _ in range(3000):
        cut = bytearray(good[:rng.randrange(len(good))])
        for _ in range(rng.randrange(4)):
            cut.insert(rng.randrange(len(cut) + 1), rng.randrange(256))
        lines.append(bytes(cut) + b"\n")
    lines.append(good.replace(b"08:00:00", b"09:00:00").replace(b"A141", b"A149"))
    log = p.write("access.log.1", b"".join(lines))
    summary = stats(p, str(log), "--month", "2026-11")
    assert summary["totals"]["scans"] >= 2  # the two intact lines, whatever the rest became
    assert summary["skipped_lines"] > 2500
