// 3: udp dport in {53, 123, 161, 1900, 11211} -> drop
#include "parse.h"

SEC("xdp")
int udp_ports(struct xdp_md *ctx)
{
    void *l4;
    struct iphdr *ip4;
    if (parse_l4(ctx, &l4, &ip4) != IPPROTO_UDP)
        return XDP_PASS;
    struct udphdr *udp = l4;
    if ((void *)(udp + 1) > DATA_END(ctx))
        return XDP_PASS;
    switch (bpf_ntohs(udp->dest)) {
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
