// 1 (full semantics): tcp dport 22 -> drop
#include "full.h"

SEC("xdp")
int tcp22_full(struct xdp_md *ctx)
{
    struct packet p;
    parse_full(ctx, &p);
    if (p.proto != IPPROTO_TCP)
        return XDP_PASS;
    __u8 *tcp = l4_fields(ctx, &p, 20);
    return tcp && *(__be16 *)(tcp + 2) == bpf_htons(22) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
