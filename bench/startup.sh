#!/usr/bin/env bash
# Start-up of `sluice compile` against clang -O2 -target bpf on the equivalent C
# (docs/PERFORMANCE-STARTUP.md, "Start-up: sluice compile against clang"). Each variant runs ROUNDS times
# (default 10) as a fresh process, the variants interleaved within each round; wall time from
# bash's $EPOCHREALTIME around the command; minimum and median reported. Also: an AppCDS archive
# made by a training run, bin/sluice as users run it, a JDK 25+ AOT cache when such a JDK is found
# (JAVA_AOT=/path/to/java, else the newest /usr/lib/jvm/*/bin/java of version 25 or later), and
# where the JVM's classes come from (-Xlog:class+load). Each row also gives the process time
# (user + system CPU of the command and its children, from bash's `times`), which the machine's
# other load disturbs less than wall time.
# Needs clang and libbpf-dev (Debian: apt-get install -y clang libbpf-dev) for the C side.
# Environment: ROUNDS=N, SKIP_BUILD=1, MVN_OFFLINE=1 (mvn -o), MAVEN_REPO=DIR (private local repository).
# Output: markdown on stdout and in bench/target/startup/result.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${ROUNDS:-10}"
command -v clang >/dev/null || { echo "startup: clang is needed (apt-get install -y clang libbpf-dev)" >&2; exit 1; }
[ -f /usr/include/bpf/bpf_helpers.h ] || { echo "startup: libbpf-dev is needed for bpf/bpf_helpers.h" >&2; exit 1; }
if [ -z "${SKIP_BUILD:-}" ]; then
    mvn -B -q ${MVN_OFFLINE:+-o} ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -Dstyle.color=never -DskipTests package -pl cli -am >&2
fi
jar="$root/cli/target/sluice.jar"
work="$root/bench/target/startup"
mkdir -p "$work"
cd "$work"

cat > S.ebpf <<'SRC'
xdp { when tcp.dport == 22 { drop } }
SRC
cat > S.c <<'SRC'
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int tcp22(struct xdp_md *ctx) {
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end) return XDP_PASS;
    if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end) return XDP_PASS;
    if (ip->protocol != IPPROTO_TCP) return XDP_PASS;
    struct tcphdr *tcp = (void *)ip + ip->ihl * 4;
    if ((void *)(tcp + 1) > end) return XDP_PASS;
    return tcp->dest == bpf_htons(22) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
SRC

jflags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -XX:-UsePerfData -Xshare:auto)
# AppCDS: one training run writes the archive of the classes it loaded.
rm -f sluice.jsa
java "${jflags[@]}" -XX:ArchiveClassesAtExit=sluice.jsa -cp "$jar" dev.sluice.cli.Main compile S.ebpf -o S-train.o 2> cds-train.log >&2 || true
[ -f sluice.jsa ] || { echo "startup: no AppCDS archive was written; see $work/cds-train.log" >&2; }

# An AOT cache (JDK 25+: classes loaded and linked, with profiles), from one training run.
aot_java="${JAVA_AOT:-}"
if [ -z "$aot_java" ]; then
    for j in /usr/lib/jvm/*/bin/java; do
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$j")")/release" 2>/dev/null || true)
        if [ "${v:-0}" -ge 25 ]; then aot_java="$j"; fi
    done
fi
aflags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -XX:-UsePerfData --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
if [ -n "$aot_java" ]; then
    rm -f sluice.aot
    "$aot_java" "${aflags[@]}" -XX:AOTCacheOutput=sluice.aot -cp "$jar" dev.sluice.cli.Main compile S.ebpf -o S-train.o > aot-train.log 2>&1 || true
    [ -f sluice.aot ] || { echo "startup: no AOT cache was written; see $work/aot-train.log" >&2; aot_java=""; }
fi

# bin/sluice takes a JDK 25+ from /usr/lib/jvm when there is one: its JDK 17 row names this java's home.
java17_home="$(readlink -f "$(command -v java)")"; java17_home="${java17_home%/bin/java}"
declare -A cmd
names=(java-version java-version-flags sluice-version sluice-compile sluice-compile-appcds bin-sluice-compile clang)
cmd[java-version]="java -Xshare:auto -version"
cmd[java-version-flags]="java ${jflags[*]} -version"
cmd[sluice-version]="java ${jflags[*]} -cp $jar dev.sluice.cli.Main --version"
cmd[sluice-compile]="java ${jflags[*]} -cp $jar dev.sluice.cli.Main compile S.ebpf -o S.o"
cmd[sluice-compile-appcds]="java ${jflags[*]} -XX:SharedArchiveFile=sluice.jsa -cp $jar dev.sluice.cli.Main compile S.ebpf -o S-cds.o"
cmd[bin-sluice-compile]="JAVA_HOME=$java17_home $root/bin/sluice compile S.ebpf -o S-bin.o"
if [ -n "$aot_java" ]; then
    names+=(java-version-aot-jdk sluice-compile-aot bin-sluice-compile-aot-jdk)
    cmd[java-version-aot-jdk]="$aot_java ${aflags[*]} -version"
    cmd[sluice-compile-aot]="$aot_java ${aflags[*]} -XX:AOTCache=sluice.aot -cp $jar dev.sluice.cli.Main compile S.ebpf -o S-aot.o"
    cmd[bin-sluice-compile-aot-jdk]="env -u JAVA_HOME $root/bin/sluice compile S.ebpf -o S-bin-aot.o"
fi
cmd[clang]="clang -O2 -target bpf -I/usr/include/x86_64-linux-gnu -c S.c -o S-clang.o"

# Each must work before it is timed (the first bin/sluice runs also make its class caches).
for n in "${names[@]}"; do
    eval "${cmd[$n]}" > "check-$n.log" 2>&1 || { echo "startup: $n failed:"; cat "check-$n.log"; exit 1; } >&2
done
for o in S-cds.o S-bin.o ${aot_java:+S-aot.o S-bin-aot.o}; do
    cmp S.o "$o" || { echo "startup: $o differs from the plain run's S.o" >&2; exit 1; }
done

# Process time: the user and system CPU of this shell's finished children, from the builtin `times`
# (no extra process; in this shell, not a subshell, whose children are others), in microseconds.
times_file="$work/times.txt"
children_cpu() {
    local user sys u s
    times > "$times_file"
    { read -r _; read -r user sys; } < "$times_file"
    u=${user#*m}; u=${u%s}; s=${sys#*m}; s=${s%s}   # "0m0.131s" -> "0.131"
    cpu=$(( (${user%%m*} + ${sys%%m*}) * 60000000 + 10#${u/./} * 1000 + 10#${s/./} * 1000 ))
}

declare -A times cpus
for ((r = 0; r < rounds; r++)); do
    k=${#names[@]}
    for ((i = 0; i < k; i++)); do
        n=${names[$(((i + r) % k))]}   # rotate who goes first
        children_cpu; c=$cpu
        s=$EPOCHREALTIME
        eval "${cmd[$n]}" > /dev/null 2>&1
        e=$EPOCHREALTIME
        children_cpu
        times[$n]+="$(( (${e/./} - ${s/./}) )) "
        cpus[$n]+="$((cpu - c)) "
    done
done

stats() { # microseconds -> "min median" in ms
    tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.0f %.0f\n", v[1]/1000, m/1000}'
}

{
    echo "Date $(date -u +%F), kernel $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "$(java -version 2>&1 | head -1)${aot_java:+ (AOT rows: $("$aot_java" -version 2>&1 | head -1))}, $(clang --version | head -1); $rounds rounds, variants interleaved."
    echo
    echo "| command | min ms | median ms | process time min ms | process time median ms |"
    echo "|---|---|---|---|---|"
    for n in "${names[@]}"; do
        read -r mn md < <(echo "${times[$n]}" | stats)
        read -r cmn cmd_ < <(echo "${cpus[$n]}" | stats)
        echo "| $n: \`${cmd[$n]/$jar/cli/target/sluice.jar}\` | $mn | $md | $cmn | $cmd_ |"
    done
    echo
    echo "Objects: Sluice $(stat -c %s S.o) bytes, clang $(stat -c %s S-clang.o) bytes; AppCDS archive $(stat -c %s sluice.jsa 2>/dev/null || echo 0) bytes."
    echo
    echo "Where the classes of one \`sluice compile\` come from (-Xlog:class+load):"
    echo
    java "${jflags[@]}" -Xlog:class+load:file=classload.log -cp "$jar" dev.sluice.cli.Main compile S.ebpf -o S-log.o
    java "${jflags[@]}" -XX:SharedArchiveFile=sluice.jsa -Xlog:class+load:file=classload-cds.log -cp "$jar" dev.sluice.cli.Main compile S.ebpf -o S-log.o
    java "${jflags[@]}" -Xlog:class+load:file=classload-version.log -cp "$jar" dev.sluice.cli.Main --version > /dev/null
    echo "| run | classes | from CDS archive | from jar | from jrt (JDK, not archived) | generated (lambda/proxy) |"
    echo "|---|---|---|---|---|---|"
    for f in classload.log classload-cds.log classload-version.log; do
        total=$(grep -c 'source:' "$f" || true)
        shared=$(grep -c 'source: shared objects file' "$f" || true)
        jarc=$(grep -c 'source: file:\|source: jar:' "$f" || true)
        jrt=$(grep -c 'source: jrt:' "$f" || true)
        gen=$((total - shared - jarc - jrt))
        echo "| $f | $total | $shared | $jarc | $jrt | $gen |"
    done
    echo
    echo "Classes by package (plain run, top 15):"
    echo
    echo "| package | classes |"
    echo "|---|---|"
    grep 'source:' classload.log | sed -E 's/.*\] ([^ ]+) source:.*/\1/' | sed -E 's/\.[^.]+$//' | cut -d. -f1-3 \
        | sort | uniq -c | sort -rn | head -15 | awk '{printf "| %s | %s |\n", $2, $1}'
} | tee result.md
