#!/usr/bin/env bash
# Sluice vs clang -O2 / clang -O2 -mcpu=v3 on the same XDP filters (docs/PERFORMANCE-SIDE-BY-SIDE.md,
# "Side by side with clang"). Builds the bench module, then runs dev.sluice.bench.SideBySide,
# which compiles bench/c/*.c with clang, loads both sides, checks verdicts and times them.
# Needs root (bpf() and BPF_PROG_TEST_RUN), clang and libbpf-dev (Debian: apt-get install -y clang libbpf-dev).
# Extra arguments go to SideBySide: --rounds N (7) --repeat N (1000000) --only 1,8 --clang PATH.
# Then, in the same run: FairAnchor (filters 1-7 against the full-semantics C of bench/c/full: slots,
# verifier-processed, verdicts on the edge frames) and NsPerPacket (ns/packet to a tenth, Sluice
# against the one-tag C and the empty program in paired rounds; NS_ROUNDS (31), NS_REPEAT (1000000),
# pinned with taskset to NS_CPU (default: the last CPU) when taskset is there).
# Output: markdown on stdout and in bench/target/side-by-side/result.md (fair.md, ns.md beside it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v clang >/dev/null || { echo "side-by-side: clang is needed (apt-get install -y clang libbpf-dev)" >&2; exit 1; }
[ -f /usr/include/bpf/bpf_helpers.h ] || { echo "side-by-side: libbpf-dev is needed for bpf/bpf_helpers.h" >&2; exit 1; }
mvn -B -q ${MVN_OFFLINE:+-o} -Dstyle.color=never -DskipTests install -pl bench -am >&2
out=bench/target/side-by-side
java -cp bench/target/benchmarks.jar dev.sluice.bench.SideBySide "$@"
java -cp bench/target/benchmarks.jar dev.sluice.bench.FairAnchor | tee "$out/fair.md"
pin=()
command -v taskset >/dev/null && pin=(taskset -c "${NS_CPU:-$(($(nproc) - 1))}")
"${pin[@]}" java -cp bench/target/benchmarks.jar dev.sluice.bench.NsPerPacket --rounds "${NS_ROUNDS:-31}" --repeat "${NS_REPEAT:-1000000}" | tee "$out/ns.md"
