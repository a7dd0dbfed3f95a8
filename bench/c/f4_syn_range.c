// 4: tcp SYN without ACK to dport 1000..2000 -> drop
#include "parse.h"

SEC("xdp")
int syn_range(struct xdp_md *ctx)
{
    void *l4;
    struct iphdr *ip4;
    if (parse_l4(ctx, &l4, &ip4) != IPPROTO_TCP)
        return XDP_PASS;
    struct tcphdr *tcp = l4;
    if ((void *)(tcp + 1) > DATA_END(ctx))
        return XDP_PASS;
    __u16 port = bpf_ntohs(tcp->dest);
    if (tcp->syn && !tcp->ack && port >= 1000 && port <= 2000)
        return XDP_DROP;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
