// 8: IPv4 src in 10,000 prefixes -> drop: an LPM trie the harness fills
#include "parse.h"

struct lpm_key {
    __u32 prefixlen;
    __u32 addr; /* network order */
};

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(max_entries, 16384);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct lpm_key);
    __type(value, __u8);
} blocked SEC(".maps");

SEC("xdp")
int lpm10000(struct xdp_md *ctx)
{
    struct iphdr *ip = parse_ipv4(ctx);
    if (!ip)
        return XDP_PASS;
    struct lpm_key key = { .prefixlen = 32, .addr = ip->saddr };
    return bpf_map_lookup_elem(&blocked, &key) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
