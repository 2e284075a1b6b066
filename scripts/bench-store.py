#!/usr/bin/env python3
"""Store benchmarks, SQLite beside PostgreSQL in one run (BENCHMARKS.md, "Store").

For each size N (default 10000 and 50000 reports): writes N synthetic reports
as JSON Lines (sentences modelled on wire reporting, about 2 claims each, over
real gazetteer towns and several years), then for each backend:
  - `frontline ingest` time -> reports/s
  - `frontline serve --no-demo` on the data set: RSS, the first GET /api/zones
    (cold), then POST one report and time until GET /api/zones shows it (the
    map right after a new report; measured on the second such write, the
    first one warms up), then cached GET /api/zones p50/p99 over 300 requests
    on one keep-alive connection.
PostgreSQL runs in a throwaway cluster (initdb as the `postgres` user when
root) on a free loopback port, stopped at the end.

usage: scripts/bench-store.py [N ...]   (needs target/release/frontline)

BINS="this=target/release/frontline main=/path/to/other/frontline" serves each
data set with every binary in turn (ingested once, by the first), so two
builds are compared in one run on the same data.
"""
import http.client, json, os, random, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "frontline")
BINS = [tuple(b.split("=", 1)) for b in os.environ.get("BINS", "").split()] or [("", BIN)]
SIZES = [int(a) for a in sys.argv[1:]] or [10000, 50000]

VERBS = [
    ("Syrian government forces captured {a} north of {b} after days of fighting.", "government"),
    ("Rebel fighters said they had taken {a} near {b}.", "opposition"),
    ("Kurdish-led SDF fighters seized {a}, east of {b}.", "sdf"),
    ("Islamic State militants overran {a} on the road to {b}.", "isis"),
    ("Army troops retook {a} and advanced towards {b}.", "government"),
    ("Opposition groups recaptured {a} south of {b}.", "opposition"),
]


def towns():
    out = []
    with open(os.path.join(ROOT, "geodata", "syria", "places.jsonl"), encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if p.get("country") == "SY" and p.get("kind") in ("city", "town", "village") and p.get("population", 0) > 2000:
                out.append(p["name"])
    return out


def write_corpus(path, n, names):
    rnd = random.Random(n)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            parts = []
            for _ in range(2):
                tpl, _ = rnd.choice(VERBS)
                parts.append(tpl.format(a=rnd.choice(names), b=rnd.choice(names)))
            day = 2012 * 365 + (i * 6 * 365) // n  # six years, in order
            y, d = divmod(day, 365)
            m, dd = min(12, d // 30 + 1), min(28, d % 30 + 1)
            f.write(json.dumps({"text": " ".join(parts), "date": f"{y}-{m:02d}-{dd:02d}", "source": f"wire {i % 7}"}) + "\n")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def start_cluster(tmp):
    bindir = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    bindir = f"/usr/lib/postgresql/{bindir}/bin"
    root = os.geteuid() == 0
    pre = ["runuser", "-u", "postgres", "--"] if root else []
    if root:
        shutil.chown(tmp, "postgres", "postgres")
    data = os.path.join(tmp, "data")
    subprocess.run(pre + [f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], check=True, stdout=subprocess.DEVNULL, cwd=tmp)
    port = free_port()
    subprocess.run(pre + [f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-o",
                          f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c max_connections=100", "start"],
                   check=True, stdout=subprocess.DEVNULL, cwd=tmp)
    return port, (lambda: subprocess.run(pre + [f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "stop"], stdout=subprocess.DEVNULL, cwd=tmp))


def rss_mb(pid, field="VmRSS:"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024


def get(conn, path):
    t = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    assert r.status == 200, (r.status, body[:200])
    return (time.perf_counter() - t) * 1000


def fresh_after_write(conn):
    """ms from the POST's answer to the first /api/zones answer that shows it
    (not the previous map served while the new one builds)."""
    t = time.perf_counter()
    while True:
        conn.request("GET", "/api/zones")
        r = conn.getresponse()
        r.read()
        assert r.status == 200, r.status
        if r.getheader("x-zones-stale") is None:
            return (time.perf_counter() - t) * 1000
        time.sleep(0.002)


def serve_figures(db, binary):
    p = subprocess.Popen([binary, "serve", "--no-demo", "--addr", "127.0.0.1:0", "--db", db], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = p.stdout.readline()
        host, port = line.strip().rsplit("/", 2)[-2].split(":")
        conn = http.client.HTTPConnection(host, int(port))
        cold = get(conn, "/api/zones")
        body = json.dumps({"text": "Syrian troops captured Hardatin north of Aleppo.", "date": "2019-01-05"})
        conn.request("POST", "/api/reports", body, {"Content-Type": "application/json"})
        r = conn.getresponse(); r.read()
        assert r.status == 201, r.status
        after_first = fresh_after_write(conn)
        # And a second write, now that the state is warm (the figure the
        # issue asks for: a map right after one new report).
        body = json.dumps({"text": "Rebel fighters recaptured Hardatin, activists said.", "date": "2019-01-06"})
        conn.request("POST", "/api/reports", body, {"Content-Type": "application/json"})
        r = conn.getresponse(); r.read()
        assert r.status == 201, r.status
        after = fresh_after_write(conn)
        cached = sorted(get(conn, "/api/zones") for _ in range(300))
        return {"rss_mb": rss_mb(p.pid), "peak_mb": rss_mb(p.pid, "VmHWM:"), "cold_ms": cold, "after_first_write_ms": after_first, "after_write_ms": after,
                "cached_p50_ms": cached[len(cached) // 2], "cached_p99_ms": cached[int(len(cached) * 0.99) - 1]}
    finally:
        p.terminate(); p.wait()


def main():
    names = towns()
    tmp = tempfile.mkdtemp(prefix="frontline-bench-store-")
    os.chmod(tmp, 0o755)
    pgdir = os.path.join(tmp, "pg"); os.mkdir(pgdir)
    port, stop = start_cluster(pgdir)
    rows = []
    try:
        for n in SIZES:
            corpus = os.path.join(tmp, f"reports-{n}.jsonl")
            write_corpus(corpus, n, names)
            for backend, db in [("sqlite", os.path.join(tmp, f"s{n}.sqlite")),
                                ("postgres", f"postgres://postgres@127.0.0.1:{port}/postgres?schema=bench{n}")]:
                t = time.perf_counter()
                out = subprocess.run([BINS[0][1], "ingest", corpus, "--db", db], capture_output=True, text=True)
                secs = time.perf_counter() - t
                assert out.returncode == 0, out.stderr[-2000:]
                claims = int(out.stdout.split("mentions, ")[1].split(" claims")[0])
                for label, binary in BINS:
                    row = {"reports": n, "backend": backend + (f" ({label})" if label else ""), "claims": claims,
                           "ingest_s": secs, "ingest_reports_per_s": n / secs}
                    row.update(serve_figures(db, binary))
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    finally:
        stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print("| reports | backend | claims | ingest reports/s | RSS MB (peak) | first map ms | map after a new report ms | cached p50 ms | cached p99 ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['reports']:,} | {r['backend']} | {r['claims']:,} | {r['ingest_reports_per_s']:.0f} | {r['rss_mb']:.0f} ({r['peak_mb']:.0f}) | "
              f"{r['cold_ms']:.0f} | {r['after_write_ms']:.0f} | {r['cached_p50_ms']:.2f} | {r['cached_p99_ms']:.2f} |")


if __name__ == "__main__":
    main()
