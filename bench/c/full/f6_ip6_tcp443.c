// 6 (full semantics): IPv6 tcp dport 443 -> drop
#include "full.h"

SEC("xdp")
int ip6_tcp443_full(struct xdp_md *ctx)
{
    struct packet p;
    parse_full(ctx, &p);
    if (p.l3 != L3_IPV6 || p.proto != IPPROTO_TCP)
        return XDP_PASS;
    __u8 *tcp = l4_fields(ctx, &p, 20);
    return tcp && *(__be16 *)(tcp + 2) == bpf_htons(443) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
