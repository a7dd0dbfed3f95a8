// 7: count IPv4 packets by IP protocol (no drop): a per-CPU array indexed by the protocol byte
#include "parse.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 256);
    __type(key, __u32);
    __type(value, __u64);
} protos SEC(".maps");

SEC("xdp")
int count_proto(struct xdp_md *ctx)
{
    struct iphdr *ip = parse_ipv4(ctx);
    if (!ip)
        return XDP_PASS;
    __u32 key = ip->protocol;
    __u64 *count = bpf_map_lookup_elem(&protos, &key);
    if (count)
        *count += 1;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
