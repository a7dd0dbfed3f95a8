// 6: IPv6 tcp dport 443 -> drop
#include "parse.h"

SEC("xdp")
int ip6_tcp443(struct xdp_md *ctx)
{
    void *pos = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (parse_eth(&pos, end) != bpf_htons(ETH_P_IPV6))
        return XDP_PASS;
    struct ipv6hdr *ip6 = pos;
    if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_TCP)
        return XDP_PASS;
    struct tcphdr *tcp = (void *)(ip6 + 1);
    if ((void *)(tcp + 1) > end)
        return XDP_PASS;
    return tcp->dest == bpf_htons(443) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
