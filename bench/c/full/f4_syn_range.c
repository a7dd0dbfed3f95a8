// 4 (full semantics): tcp SYN without ACK to dport 1000..2000 -> drop
#include "full.h"

SEC("xdp")
int syn_range_full(struct xdp_md *ctx)
{
    struct packet p;
    parse_full(ctx, &p);
    if (p.proto != IPPROTO_TCP)
        return XDP_PASS;
    __u8 *tcp = l4_fields(ctx, &p, 20);
    if (!tcp)
        return XDP_PASS;
    __u16 port = bpf_ntohs(*(__be16 *)(tcp + 2));
    __u8 flags = tcp[13];
    if ((flags & 0x12) == 0x02 && port >= 1000 && port <= 2000)
        return XDP_DROP;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
