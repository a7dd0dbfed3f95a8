// 5 (full semantics): IPv4 src in 16 CIDRs (bogons and documentation ranges) -> drop
#include "full.h"

#define NET(a, b, c, d) (((__u32)(a) << 24) | ((__u32)(b) << 16) | ((__u32)(c) << 8) | (__u32)(d))
#define MASK(len) ((len) == 0 ? 0 : 0xffffffffu << (32 - (len)))
#define IN(src, a, b, c, d, len) (((src) & MASK(len)) == NET(a, b, c, d))

SEC("xdp")
int cidrs16_full(struct xdp_md *ctx)
{
    struct packet p;
    parse_full(ctx, &p);
    if (p.l3 != L3_IPV4)
        return XDP_PASS;
    void *data = (void *)(long)ctx->data;
    __u8 *ip = CURSOR(data, p.l3_off);
    if ((void *)(ip + 20) > (void *)(long)ctx->data_end)
        return XDP_PASS;
    __u32 src = bpf_ntohl(*(__be32 *)(ip + 12));
    if (IN(src, 0, 0, 0, 0, 8) || IN(src, 10, 0, 0, 0, 8) || IN(src, 100, 64, 0, 0, 10)
        || IN(src, 127, 0, 0, 0, 8) || IN(src, 169, 254, 0, 0, 16) || IN(src, 172, 16, 0, 0, 12)
        || IN(src, 192, 0, 0, 0, 24) || IN(src, 192, 0, 2, 0, 24) || IN(src, 192, 88, 99, 0, 24)
        || IN(src, 192, 168, 0, 0, 16) || IN(src, 198, 18, 0, 0, 15) || IN(src, 198, 51, 100, 0, 24)
        || IN(src, 203, 0, 113, 0, 24) || IN(src, 224, 0, 0, 0, 4) || IN(src, 240, 0, 0, 0, 4)
        || IN(src, 255, 255, 255, 255, 32))
        return XDP_DROP;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
