#!/usr/bin/env bash
# The core tests on other days of the year: every test binary (and the CLI it starts) run with
# the machine's date faked by libfaketime. A test that reads the wall clock instead of its set
# clock fails on one of these days.
#
#   scripts/test-dates.sh                 # the five days below
#   scripts/test-dates.sh 2025-01-28      # other days
set -euo pipefail
cd "$(dirname "$0")/.."

# Before and after the end of the shipped calendar, a Spring Festival eve, the eve of National
# Day, and the day the suite first failed on the wall clock.
DATES=("$@")
[ ${#DATES[@]} -gt 0 ] || DATES=(2026-12-02 2026-09-30 2027-01-29 2024-02-08 2026-12-31)

command -v faketime >/dev/null || { echo "test-dates: faketime is missing: run scripts/setup.sh" >&2; exit 1; }

# Built on the real clock (cargo compares file times), run on the faked one. The crash tests
# (kills at random moments, a minute of runs) read no calendar: they run once, in test-core.
mapfile -t BINS < <(cargo test -p xinfang --lib --bins --tests --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"] \
            and m["target"]["name"] != "crash":
        print(m["executable"])')
[ ${#BINS[@]} -gt 0 ] || { echo "test-dates: no test binaries were built" >&2; exit 1; }

# Run outside cargo, the ts-rs export tests would write the UI's types into ./bindings.
export TS_RS_EXPORT_DIR="$(mktemp -d)" TS_RS_LARGE_INT=number
failed=0
for day in "${DATES[@]}"; do
  echo "test-dates: $day (${#BINS[@]} test binaries)"
  for bin in "${BINS[@]}"; do
    # Late morning in the office (UTC+8) on that day; the clock runs on from there.
    if ! faketime -f "@$day 02:30:00" "$bin" -q >"/tmp/test-dates-$$.log" 2>&1; then
      echo "test-dates: FAILED on $day: $(basename "$bin")" >&2
      # The panic's message and a property test's seed sit on the lines after "panicked".
      grep -E -A6 "panicked|proptest seed|minimal failing input" "/tmp/test-dates-$$.log" | head -60 >&2
      failed=1
    fi
  done
done
rm -rf "/tmp/test-dates-$$.log" "$TS_RS_EXPORT_DIR"
[ "$failed" -eq 0 ] && echo "test-dates: every test passed on ${DATES[*]}"
exit "$failed"
