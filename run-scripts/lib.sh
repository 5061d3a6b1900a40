# Shared by the run-scripts: where things are, and which engine runs a test.
# shellcheck shell=bash

GLOMERS_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
CHALLENGES="$GLOMERS_ROOT/run-scripts/challenges.tsv"
HARNESS_JAR="$GLOMERS_ROOT/tests/target/harness.jar"

# Prints the path of a real Maelstrom launcher, or nothing.
find_maelstrom() {
  if [[ -n "${MAELSTROM_HOME:-}" && -x "$MAELSTROM_HOME/maelstrom" ]]; then
    echo "$MAELSTROM_HOME/maelstrom"
  elif command -v maelstrom >/dev/null 2>&1; then
    command -v maelstrom
  fi
}

# The challenge's row (id, workload, binary, flags, bar), tab-separated; fails for unknown ids.
challenge_row() {
  local id="$1"
  awk -F'\t' -v id="$id" '!/^#/ && $1 == id { print; found = 1 } END { exit !found }' "$CHALLENGES"
}

challenge_ids() {
  awk -F'\t' '!/^#/ && NF { printf "%s ", $1 }' "$CHALLENGES"
}

# Builds the jars once when any is missing, so a fresh clone works with one command.
ensure_built() {
  local missing=0
  for jar in "$HARNESS_JAR" "$GLOMERS_ROOT"/nodes/*/pom.xml; do
    case "$jar" in
      */pom.xml)
        local dir name
        dir="$(dirname "$jar")"; name="$(basename "$dir")"
        # Library modules (core, gossip, ...) make no binary; binaries keep a CDS training input.
        [[ -f "$dir/src/cds/training.jsonl" ]] || continue
        [[ -f "$dir/target/$name.jar" ]] || missing=1 ;;
      *) [[ -f "$jar" ]] || missing=1 ;;
    esac
  done
  if (( missing )); then
    echo "glomers: jars missing, building once: mvn -B -q -DskipTests package" >&2
    (cd "$GLOMERS_ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

# One figure from the table a harness run prints at its end (its log): servers msgs-per-op,
# ok-fraction, and `run_latency LOG F Q` an op's latency quantile (p50, p95, p99, max) in ms.
run_srv() { awk '$1 == "msgs-per-op" { print $5 }' "$1"; }
run_avail() { awk '$1 == "availability" { print $3 }' "$1"; }
run_latency() { awk -v f="$2" -v q="$3" '$1 == "latency" && $2 == f { for (i = 3; i < NF; i++) if ($i == q) print $(i + 1) }' "$1"; }

# The median and the range (lo-hi) of the numbers on stdin, one a line; "-" for none.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-" } else if (NR % 2) { print v[(NR + 1) / 2] } else { printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR == 0) { print "-" } else { printf "%s-%s", lo, hi } }'; }
