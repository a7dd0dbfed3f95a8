#!/usr/bin/env bash
# Regenerates the example objects from their assembly sources (needs llvm-mc, Debian package llvm).
set -euo pipefail
cd "$(dirname "$0")"
for s in *.s; do
    llvm-mc -triple bpf -filetype=obj -o "${s%.s}.o" "$s"
done
