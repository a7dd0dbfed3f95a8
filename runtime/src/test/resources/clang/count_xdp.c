// A clang-built object for Sluice's ELF loader test (LoadedObjectTest).
// Regenerate with: clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -c count_xdp.c -o count_xdp.o
// (Debian: clang, libbpf-dev)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 2);
    __type(key, __u32);
    __type(value, __u64);
} packets SEC(".maps");

SEC("xdp")
int count_by_length(struct xdp_md *ctx)
{
    __u32 key = (ctx->data_end - ctx->data) > 100 ? 1 : 0;
    __u64 *count = bpf_map_lookup_elem(&packets, &key);
    if (count)
        __sync_fetch_and_add(count, 1);
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
