#!/usr/bin/env python3
"""Two `frontline serve` processes on one PostgreSQL data set under mixed
reads and writes (issue 15, BENCHMARKS.md "Store").

Starts a throwaway PostgreSQL + PostGIS cluster on a free loopback port (as
scripts/bench-store.py does), ingests REPORTS synthetic reports (the corpus of
bench-store.py), then runs two phases of DURATION seconds each with CONNS
keep-alive connections in total, WRITES percent of requests `POST
/api/reports`, the rest `GET /api/zones` (latest, or one of two dates):
  1. one server takes every connection;
  2. two servers on the same data set, half the connections each.
Prints per phase and per server: answers/s, errors, p50/p99 ms, stale reads,
and the load average. Cluster and servers are stopped at the end.

usage: REPORTS=20000 CONNS=32 DURATION=60 WRITES=10 scripts/two-servers.py
"""
import http.client, importlib.util, json, os, random, shutil, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("bench_store", os.path.join(ROOT, "scripts", "bench-store.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

REPORTS = int(os.environ.get("REPORTS", 20000))
CONNS = int(os.environ.get("CONNS", 32))
DURATION = float(os.environ.get("DURATION", 60))
WRITES = int(os.environ.get("WRITES", 10))
TIMEOUT = float(os.environ.get("TIMEOUT", 5))
assert REPORTS <= 200000 and CONNS <= 256 and DURATION <= 600, "bounded: REPORTS ≤ 200000, CONNS ≤ 256, DURATION ≤ 600"


def serve(db):
    p = subprocess.Popen([bench.BIN, "serve", "--no-demo", "--addr", "127.0.0.1:0", "--db", db],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    host, port = line.strip().rsplit("/", 2)[-2].split(":")
    return p, host, int(port)


def load(servers, conns):
    """Runs `conns` connections spread over `servers` for DURATION s; per server figures."""
    stats = [{"lat": [], "errors": 0, "timeouts": 0, "stale": 0} for _ in servers]
    lock = threading.Lock()
    stop = time.time() + DURATION
    names = bench.towns()

    def worker(i):
        k = i % len(servers)
        _, host, port = servers[k]
        st = stats[k]
        rnd = random.Random(i)
        c = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        while time.time() < stop:
            if rnd.randrange(100) < WRITES:
                text = f"Rebel fighters said they had taken {rnd.choice(names)} near {rnd.choice(names)}."
                body = json.dumps({"text": text, "date": f"2017-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"})
                req = ("POST", "/api/reports", body, {"Content-Type": "application/json"})
            else:
                req = ("GET", "/api/zones" + rnd.choice(["", "", "?date=2014-06-01", "?date=2016-06-01"]), None, {})
            t = time.perf_counter()
            try:
                c.request(*req[:2], body=req[2], headers=req[3])
                r = c.getresponse()
                r.read()
                ok, stale = r.status < 400, r.getheader("X-Zones-Stale") is not None
            except (TimeoutError, OSError) as e:
                with lock:
                    st["timeouts" if isinstance(e, TimeoutError) else "errors"] += 1
                c.close()
                c = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
                continue
            d = (time.perf_counter() - t) * 1000
            with lock:
                st["lat"].append(d)
                st["errors"] += not ok
                st["stale"] += stale

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(conns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return stats


def summary(label, st):
    lat = sorted(st["lat"])
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")
    return (f"{label}: {len(lat)} answers ({len(lat) / DURATION:.0f}/s), {st['errors']} errors, "
            f"{st['timeouts']} timeouts, {st['stale']} stale, p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms")


def main():
    tmp = tempfile.mkdtemp(prefix="frontline-two-servers-")
    os.chmod(tmp, 0o755)
    pgdir = os.path.join(tmp, "pg")
    os.mkdir(pgdir)
    port, stop_cluster = bench.start_cluster(pgdir)
    procs = []
    try:
        corpus = os.path.join(tmp, "reports.jsonl")
        bench.write_corpus(corpus, REPORTS, bench.towns())
        db = f"postgres://postgres@127.0.0.1:{port}/postgres?schema=two"
        out = subprocess.run([bench.BIN, "ingest", corpus, "--db", db], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr[-2000:]
        print(f"two-servers: {REPORTS} reports, {CONNS} connections, {DURATION:.0f} s per phase, {WRITES}% writes")
        for n in (1, 2):
            servers = [serve(db) for _ in range(n)]
            procs += [s[0] for s in servers]
            for _, host, p in servers:  # first map (cold) outside the measurement
                c = http.client.HTTPConnection(host, p, timeout=120)
                c.request("GET", "/api/zones")
                c.getresponse().read()
            stats = load(servers, CONNS)
            total = {"lat": sum((s["lat"] for s in stats), []), **{k: sum(s[k] for s in stats) for k in ("errors", "timeouts", "stale")}}
            for k, st in enumerate(stats):
                print(summary(f"{n} server(s), server {k + 1}", st))
            print(summary(f"{n} server(s), total", total))
            print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}", flush=True)
            for p in [s[0] for s in servers]:
                p.terminate()
                p.wait()
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                p.wait()
        stop_cluster()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
