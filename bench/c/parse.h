// Shared parsing for the side-by-side C filters, written the way a typical hand-written XDP
// filter is: Ethernet, at most one 802.1Q tag, IPv4 (IHL honoured) or IPv6 (fixed header only:
// no extension headers, so TCP/UDP behind one is not seen), no check for IPv4 fragments.
// Each helper is __always_inline so that clang specialises it to what the filter reads.
#ifndef SIDE_BY_SIDE_PARSE_H
#define SIDE_BY_SIDE_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct vlan_hdr {
    __be16 tci;
    __be16 proto;
};

/* The EtherType after at most one 802.1Q tag (network order); *pos moves past the headers. 0: too short. */
static __always_inline __be16 parse_eth(void **pos, void *end)
{
    struct ethhdr *eth = *pos;
    if ((void *)(eth + 1) > end)
        return 0;
    __be16 proto = eth->h_proto;
    *pos = eth + 1;
    if (proto == bpf_htons(ETH_P_8021Q)) {
        struct vlan_hdr *vlan = *pos;
        if ((void *)(vlan + 1) > end)
            return 0;
        proto = vlan->proto;
        *pos = vlan + 1;
    }
    return proto;
}

/* The IPv4 header, or NULL if the frame carries none. */
static __always_inline struct iphdr *parse_ipv4(struct xdp_md *ctx)
{
    void *pos = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (parse_eth(&pos, end) != bpf_htons(ETH_P_IP))
        return NULL;
    struct iphdr *ip = pos;
    if ((void *)(ip + 1) > end)
        return NULL;
    return ip;
}

/* The layer-4 protocol over IPv4 or IPv6 (-1 for neither); *l4 points at its header (unchecked). */
static __always_inline int parse_l4(struct xdp_md *ctx, void **l4, struct iphdr **ip4)
{
    void *pos = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __be16 proto = parse_eth(&pos, end);
    if (proto == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = pos;
        if ((void *)(ip + 1) > end)
            return -1;
        *ip4 = ip;
        *l4 = (void *)ip + ip->ihl * 4;
        return ip->protocol;
    }
    if (proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = pos;
        if ((void *)(ip6 + 1) > end)
            return -1;
        *ip4 = NULL;
        *l4 = ip6 + 1;
        return ip6->nexthdr;
    }
    return -1;
}

#define DATA_END(ctx) ((void *)(long)(ctx)->data_end)

#endif
