// 2: tcp dport 22 unless IPv4 src in 10.0.0.0/8 -> drop
#include "parse.h"

SEC("xdp")
int tcp22_unless(struct xdp_md *ctx)
{
    void *l4;
    struct iphdr *ip4;
    if (parse_l4(ctx, &l4, &ip4) != IPPROTO_TCP)
        return XDP_PASS;
    struct tcphdr *tcp = l4;
    if ((void *)(tcp + 1) > DATA_END(ctx))
        return XDP_PASS;
    if (tcp->dest != bpf_htons(22))
        return XDP_PASS;
    if (ip4 && (bpf_ntohl(ip4->saddr) & 0xff000000) == 0x0a000000)
        return XDP_PASS;
    return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
