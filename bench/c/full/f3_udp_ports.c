// 3 (full semantics): udp dport in {53, 123, 161, 1900, 11211} -> drop
#include "full.h"

SEC("xdp")
int udp_ports_full(struct xdp_md *ctx)
{
    struct packet p;
    parse_full(ctx, &p);
    if (p.proto != IPPROTO_UDP)
        return XDP_PASS;
    __u8 *udp = l4_fields(ctx, &p, 8);
    if (!udp)
        return XDP_PASS;
    switch (bpf_ntohs(*(__be16 *)(udp + 2))) {
    case 53:
    case 123:
    case 161:
    case 1900:
    case 11211:
        return XDP_DROP;
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
