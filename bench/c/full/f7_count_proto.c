// 7 (full semantics): count IPv4 packets by IP protocol (no drop): a per-CPU array of 256
#include "full.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 256);
    __type(key, __u32);
    __type(value, __u64);
} protos SEC(".maps");

SEC("xdp")
int count_proto_full(struct xdp_md *ctx)
{
    struct packet p;
    parse_full(ctx, &p);
    if (p.l3 != L3_IPV4)
        return XDP_PASS;
    __u32 key = p.proto & 0xff;
    __u64 *count = bpf_map_lookup_elem(&protos, &key);
    if (count)
        *count += 1;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
