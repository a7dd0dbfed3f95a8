#!/usr/bin/env bash
# Code size of tcpdump expressions, Sluice's eBPF against libpcap's optimised cBPF (tcpdump -d), in
# the same run (docs/PERFORMANCE-PCAP.md, "tcpdump expressions against libpcap"). Needs tcpdump; no root.
# Output: markdown on stdout and in bench/target/pcap-size.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v tcpdump >/dev/null || { echo "pcap-size: tcpdump is needed (apt-get install -y tcpdump)" >&2; exit 1; }
mvn -B -q ${MVN_OFFLINE:+-o} -Dstyle.color=never -DskipTests install -pl bench -am >&2
mkdir -p bench/target
java -cp bench/target/benchmarks.jar dev.sluice.bench.PcapSizeComparison --tcpdump "$(command -v tcpdump)" | tee bench/target/pcap-size.md
