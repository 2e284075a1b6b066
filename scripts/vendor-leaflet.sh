#!/usr/bin/env bash
# Refreshes the vendored Leaflet in web/vendor/leaflet/ from the npm registry.
# The map must never load anything from a CDN at run time (analysts work offline),
# so the library is committed with the project; this script is how it got there.
# Usage: scripts/vendor-leaflet.sh [VERSION]   (default 1.9.4)
set -euo pipefail

VERSION="${1:-1.9.4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/web/vendor/leaflet"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

command -v npm >/dev/null || { echo "vendor-leaflet: npm not found (install Node.js)" >&2; exit 1; }

echo "vendor-leaflet: fetching leaflet@$VERSION from the npm registry" >&2
(cd "$TMP" && npm pack --silent "leaflet@$VERSION" >/dev/null)
TARBALL="$(ls "$TMP"/leaflet-*.tgz)"
tar -xzf "$TARBALL" -C "$TMP"
PKG="$TMP/package"

GOT="$(node -p "require('$PKG/package.json').version")"
[ "$GOT" = "$VERSION" ] || { echo "vendor-leaflet: asked for $VERSION, got $GOT" >&2; exit 1; }

rm -rf "$DEST"
mkdir -p "$DEST/images"
cp "$PKG/dist/leaflet.js" "$PKG/dist/leaflet.css" "$DEST/"
cp "$PKG/dist/images/"* "$DEST/images/"
cp "$PKG/LICENSE" "$DEST/LICENSE"
{
  echo "Leaflet $VERSION"
  echo "Source: npm package leaflet@$VERSION ($(basename "$TARBALL")), dist/ only"
  echo "Licence: BSD-2-Clause (see LICENSE)"
  echo "sha256 of tarball: $(sha256sum "$TARBALL" | cut -d' ' -f1)"
  echo "Refresh with: scripts/vendor-leaflet.sh $VERSION"
} > "$DEST/VERSION"
echo "vendor-leaflet: wrote $DEST" >&2
ls -la "$DEST" "$DEST/images" >&2
