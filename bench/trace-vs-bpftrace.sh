#!/usr/bin/env bash
# Count-by-comm on a uprobe, Sluice against bpftrace (docs/PERFORMANCE-TRACE.md, "Trace programs against
# bpftrace"): per-event cost (run_time_ns / run_cnt under BPF_ENABLE_STATS) and process start to
# probe live. Needs root, gcc, bpftrace and bpftool (Debian: apt-get install -y bpftrace bpftool gcc).
# Extra arguments go to dev.sluice.bench.TraceVsBpftrace: --calls N (1000000) --rounds R (5)
# --attach-rounds R (5) --bpftrace PATH. MVN_OFFLINE=1 for mvn -o; MAVEN_REPO=DIR for a private
# local repository. Output: markdown on stdout and in bench/target/trace-vs-bpftrace/result.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for tool in gcc bpftrace bpftool; do
    command -v "$tool" >/dev/null || { echo "trace-vs-bpftrace: $tool is needed (apt-get install -y bpftrace bpftool gcc)" >&2; exit 1; }
done
if [ -z "${SKIP_BUILD:-}" ]; then
    mvn -B -q ${MVN_OFFLINE:+-o} ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -Dstyle.color=never -DskipTests install -pl bench -am >&2
fi
exec java -cp bench/target/benchmarks.jar dev.sluice.bench.TraceVsBpftrace "$@"
