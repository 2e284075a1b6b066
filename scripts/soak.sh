#!/usr/bin/env bash
# Soak test of the server under reads and writes, on loopback only, bounded in
# time and size: seeds a fresh store with REPORTS generated reports (frontline
# ingest), starts `frontline serve` on a free loopback port, then CONNS
# keep-alive connections send requests for DURATION seconds, WRITES percent of
# them POST /api/reports and the rest GET /api/zones (latest, or one of a few
# dates). Prints requests, errors, timeouts (no answer in TIMEOUT s), stale
# answers and latency percentiles. Figures go to BENCHMARKS.md.
#
#   REPORTS=20000 CONNS=64 DURATION=120 WRITES=10 scripts/soak.sh
#
# BIN=path soaks that binary instead of target/release/frontline.
#
# DB=postgres://… runs it on PostgreSQL instead of a fresh SQLite file: give
# an empty schema (`?schema=soak1`), the seed is ingested into it. PG=1 starts
# a throwaway PostgreSQL cluster (initdb, loopback port, as the `postgres`
# user when root) for the run and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
REPORTS="${REPORTS:-20000}"
CONNS="${CONNS:-64}"
DURATION="${DURATION:-120}"
WRITES="${WRITES:-10}"
TIMEOUT="${TIMEOUT:-5}"
[ "$DURATION" -le 600 ] || { echo "soak: DURATION is at most 600 s" >&2; exit 2; }
[ "$REPORTS" -le 200000 ] || { echo "soak: REPORTS is at most 200000" >&2; exit 2; }
[ "$CONNS" -le 256 ] || { echo "soak: CONNS is at most 256" >&2; exit 2; }

# The binary as last built (cargo test builds it too); build it when missing.
if [ -z "${BIN:-}" ]; then
    [ -x target/release/frontline ] || cargo build --release --quiet
    BIN="$PWD/target/release/frontline"
fi
bin="$BIN"
work="$(mktemp -d)"
server_pid=""
pg_stop=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [ -n "$pg_stop" ]; then $pg_stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ "${PG:-}" = 1 ] && [ -z "${DB:-}" ]; then
    pgbin="/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin"
    pre=()
    if [ "$(id -u)" = 0 ]; then pre=(runuser -u postgres --); chmod 755 "$work"; mkdir "$work/pg"; chown postgres "$work/pg"; else mkdir "$work/pg"; fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    (cd "$work/pg" && "${pre[@]}" "$pgbin/initdb" -D "$work/pg/data" -A trust -U postgres --no-sync >/dev/null)
    (cd "$work/pg" && "${pre[@]}" "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
        -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null)
    pg_stop="${pre[*]} $pgbin/pg_ctl -D $work/pg/data -m fast stop"
    DB="postgres://postgres@127.0.0.1:$port/postgres?schema=soak"
    echo "soak: throwaway PostgreSQL on port $port"
fi

python3 - "$work/seed.jsonl" "$REPORTS" <<'EOF'
import json, random, sys
path, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(11)
places = ["Azaz", "Tal Rifaat", "Nubl", "Mare", "Anadan", "Hreitan", "Hayyan", "Ratyan",
          "Bayanoun", "Menagh", "Deir Jamal", "Kafr Naya", "Tell Jabin", "Mayer", "Kafin"]
sides = ["Government forces", "Rebels", "Kurdish-led fighters", "Islamic State militants"]
verbs = ["captured", "entered", "shelled", "withdrew from", "took control of"]
with open(path, "w") as f:
    for i in range(n):
        a, b = rnd.sample(places, 2)
        text = (f"{rnd.choice(sides)} {rnd.choice(verbs)} {a} on Tuesday, a monitoring group said. "
                f"Fighting continued near {b}.")
        day = 1 + i % 28
        f.write(json.dumps({"text": text, "date": f"2016-02-{day:02d}", "source": f"seed {i}"}) + "\n")
EOF
t0=$(date +%s)
db="${DB:-$work/soak.sqlite}"
"$bin" ingest --db "$db" "$work/seed.jsonl" >/dev/null
echo "soak: seeded $REPORTS reports in $(( $(date +%s) - t0 )) s"

"$bin" serve --no-demo --addr 127.0.0.1:0 --db "$db" >"$work/out" 2>"$work/err" &
server_pid=$!
for _ in $(seq 100); do grep -q serving "$work/out" 2>/dev/null && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' "$work/out")"
echo "soak: server $url (pid $server_pid), $CONNS connections, ${DURATION} s, ${WRITES}% writes"

python3 - "$url" "$CONNS" "$DURATION" "$WRITES" "$TIMEOUT" <<'EOF'
import http.client, json, random, sys, threading, time
url, conns, duration, writes, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
host, port = url.removeprefix("http://").split(":")
lat, errors, timeouts, stale, lock = [], [0], [0], [0], threading.Lock()
kind_lat = {"GET": [], "POST": []}
stop = time.time() + duration
def worker(seed):
    rnd = random.Random(seed)
    c = http.client.HTTPConnection(host, int(port), timeout=timeout)
    while time.time() < stop:
        if rnd.randrange(100) < writes:
            body = json.dumps({"text": f"Rebels shelled Azaz and Mare on Monday ({rnd.random()}).",
                               "date": f"2016-02-{rnd.randint(1, 28):02d}"})
            req = ("POST", "/api/reports", body, {"Content-Type": "application/json"})
        else:
            date = rnd.choice(["", "", "", "?date=2016-02-10", "?date=2016-02-20"])
            req = ("GET", "/api/zones" + date, None, {})
        t = time.perf_counter()
        try:
            c.request(req[0], req[1], body=req[2], headers=req[3])
            r = c.getresponse()
            r.read()
            ok = r.status < 400
            is_stale = r.getheader("X-Zones-Stale") is not None
        except (TimeoutError, OSError) as e:
            with lock:
                timeouts[0] += isinstance(e, TimeoutError)
                errors[0] += not isinstance(e, TimeoutError)
            c.close()
            c = http.client.HTTPConnection(host, int(port), timeout=timeout)
            continue
        d = time.perf_counter() - t
        with lock:
            lat.append(d)
            kind_lat[req[0]].append(d)
            errors[0] += not ok
            stale[0] += is_stale
threads = [threading.Thread(target=worker, args=(i,)) for i in range(conns)]
for t in threads: t.start()
for t in threads: t.join()
for v in [lat, *kind_lat.values()]: v.sort()
pct = lambda p, v=lat: v[min(len(v) - 1, int(p * len(v)))] * 1000 if v else float("nan")
print(f"soak: {len(lat)} answers in {duration:.0f} s ({len(lat)/duration:.0f}/s), "
      f"{errors[0]} errors, {timeouts[0]} timeouts (> {timeout:.0f} s), {stale[0]} stale answers")
print(f"soak: latency ms p50 {pct(0.5):.1f}  p90 {pct(0.9):.1f}  p99 {pct(0.99):.1f}  max {pct(1.0):.1f}")
for kind, v in kind_lat.items():
    print(f"soak: {kind} ({len(v)}) ms p50 {pct(0.5, v):.1f}  p90 {pct(0.9, v):.1f}  p99 {pct(0.99, v):.1f}  max {pct(1.0, v):.1f}")
EOF
rss=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
echo "soak: server peak RSS $((rss / 1024)) MB"
