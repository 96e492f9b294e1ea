#!/usr/bin/env bash
# Browser check of the HTML reports: runs every bundled scenario, the paper validation and the PaLM 8B sweep, loads
# index.html, each report.html, validation.html, pareto.html and compare.html in headless Chromium, fails on any console message (the reports contain no scripts, so any message is an error)
# and saves a full-width screenshot of each page for a person to look at.
#
#   reports/src/test/browser/check-reports.sh [OUT]     (default OUT: reports/target/browser-check)
#
# Screenshots: OUT/screenshots/<name>.png. Needs Chromium (Debian package "chromium"): installed with apt-get
# when missing and running as root; otherwise the check is skipped with a message (exit 0).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
out="${1:-$root/reports/target/browser-check}"

find_browser() {
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}

browser="$(find_browser || true)"
if [ -z "$browser" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check-reports: Chromium not found; installing the Debian package chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser="$(find_browser || true)"
  fi
fi
if [ -z "$browser" ]; then
  echo "check-reports: SKIPPED: no Chromium (install the Debian package 'chromium', or run as root to let this script install it)" >&2
  exit 0
fi

rm -rf "$out"
mkdir -p "$out/screenshots" "$out/logs"
# sweep files are run by `tpusim sweep`, not `run`
mapfile -t scenarios < <(find "$root/scenarios" -name '*.yaml' -not -path '*/catalog/*' -not -path '*/sweeps/*' | sort)
echo "check-reports: running ${#scenarios[@]} bundled scenarios into $out/run" >&2
"$root/tpusim" run "${scenarios[@]}" --out "$out/run" >"$out/logs/run.txt"
echo "check-reports: running the paper validation and the PaLM 8B sweep" >&2
"$root/tpusim" validate --out "$out/run" >"$out/logs/validate.txt"
"$root/tpusim" sweep "$root/scenarios/sweeps/fig1-palm8b.yaml" --out "$out/run/sweeps" >"$out/logs/sweep.txt"
echo "check-reports: comparing two Table 2 decode results (compare.html)" >&2
"$root/tpusim" compare "$out/run/table2-decode-b64-int8" "$out/run/table2-decode-b512-bf16" --out "$out/run" \
  >"$out/logs/compare.txt"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
failed=0
pages=("$out/run/index.html")
while IFS= read -r f; do pages+=("$f"); done < <(find "$out/run" \( -name report.html -o -name validation.html \
  -o -name pareto.html -o -name compare.html \) | sort)
for page in "${pages[@]}"; do
  rel="${page#"$out/run/"}"
  name="${rel%.html}"
  name="${name%/report}"
  name="${name//\//_}"
  [ "$rel" = index.html ] && name=index
  [ "$rel" = compare.html ] && name=compare
  log="$out/logs/$name.txt"
  # a tall window: the screenshot shows the whole report at a desktop width
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --hide-scrollbars --window-size=1200,6000 \
    --screenshot="$out/screenshots/$name.png" "file://$page" >"$log" 2>&1 || {
      echo "FAIL $name: Chromium exited with an error (log: $log)"; failed=1; continue; }
  if grep -q ':CONSOLE' "$log"; then
    echo "FAIL $name: console messages:"; grep ':CONSOLE' "$log" | sed 's/^/  /'; failed=1
  elif [ ! -s "$out/screenshots/$name.png" ]; then
    echo "FAIL $name: no screenshot"; failed=1
  else
    echo "ok   $name"
  fi
done
echo "check-reports: screenshots in $out/screenshots" >&2
exit $failed
