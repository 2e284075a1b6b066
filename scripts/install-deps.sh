#!/usr/bin/env bash
# Installs the system packages the test suite drives for real: GDAL's ogrinfo/ogr2ogr
# (export checks), Chromium and ChromeDriver (browser tests), PostgreSQL and PostGIS
# (the store suite starts a throwaway cluster of its own; see tests/support/pg.rs).
# Debian/Ubuntu, as root or with sudo. Does nothing when everything is already there.
set -euo pipefail
need=()
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/VERSION/bin.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
  || need+=(postgresql)
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || need+=(postgresql-postgis)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install these packages with your package manager, then re-run: ${need[*]}" >&2
  exit 1
fi
echo "installing: ${need[*]}" >&2
# apt may be busy right after boot; wait for its lock rather than fail.
for i in $(seq 1 60); do
  if $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 update -qq \
     && $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${need[@]}"; then
    exit 0
  fi
  sleep 5
done
echo "could not install: ${need[*]}" >&2
exit 1
