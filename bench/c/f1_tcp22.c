// 1: tcp dport 22 -> drop
#include "parse.h"

SEC("xdp")
int tcp22(struct xdp_md *ctx)
{
    void *l4;
    struct iphdr *ip4;
    if (parse_l4(ctx, &l4, &ip4) != IPPROTO_TCP)
        return XDP_PASS;
    struct tcphdr *tcp = l4;
    if ((void *)(tcp + 1) > DATA_END(ctx))
        return XDP_PASS;
    return tcp->dest == bpf_htons(22) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
