// 2 (full semantics): tcp dport 22 unless IPv4 src in 10.0.0.0/8 -> drop (on IPv6 the src test is
// absent, so "not" of it holds)
#include "full.h"

SEC("xdp")
int tcp22_unless_full(struct xdp_md *ctx)
{
    struct packet p;
    parse_full(ctx, &p);
    if (p.proto != IPPROTO_TCP)
        return XDP_PASS;
    __u8 *tcp = l4_fields(ctx, &p, 20);
    if (!tcp || *(__be16 *)(tcp + 2) != bpf_htons(22))
        return XDP_PASS;
    if (p.l3 == L3_IPV4) {
        void *data = (void *)(long)ctx->data;
        __u8 *ip = CURSOR(data, p.l3_off);
        if ((void *)(ip + 20) > (void *)(long)ctx->data_end)
            return XDP_PASS;
        if (ip[12] == 10)
            return XDP_PASS;
    }
    return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
