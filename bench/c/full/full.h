// Shared parsing for the fair anchor: the language's full packet semantics in C (docs/LANGUAGE.md,
// "Exact packet semantics"), as a careful programmer would write them for XDP: up to two VLAN tags
// (0x8100, 0x88a8, 0x9100; a third leaves the EtherType at its TPID), IPv4 with IHL honoured (IHL < 5 or
// cut options: no IPv4), IPv6 with up to four extension headers (0, 43, 44, 60) skipped in a bounded
// loop (a fifth, or one cut short: no L4), L4 fields absent on later fragments, and every header
// present only when all of its fixed bytes are. Where parse paths rejoin (after the tags, after each
// extension header) the offset goes through the same variable-offset cursor Sluice uses:
// (cursor - data) & mask, a packet-pointer difference the verifier treats as an unknown bounded
// scalar, so that paths that differ only in their offset converge and are pruned.
#ifndef FAIR_FULL_H
#define FAIR_FULL_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define L3_NONE 0
#define L3_IPV4 4
#define L3_IPV6 6

/* What the parse found: the network header, the L4 protocol and where its header starts. */
struct packet {
    int l3;            /* L3_NONE, L3_IPV4 or L3_IPV6 */
    __u32 l3_off;      /* the network header's offset */
    int proto;         /* IPv4 protocol or ip6.next; -1 when absent (IPv6: an extension header cut short) */
    int l4_ok;         /* 0: no L4 header may be read (a fifth extension header, or no IP) */
    int later_fragment;
    __u32 l4_off;      /* the L4 header's offset (its bytes not yet checked) */
};

#define CURSOR(data, off) ((void *)(data) + ((off) & 0x3fff))

/* The offset of data + off, forgotten by clang (the empty asm) and by the verifier (pkt - pkt). */
static __always_inline __u32 join_cursor(void *data, __u32 off, __u32 mask)
{
    void *cursor = data + off;
    asm("" : "+r"(cursor));
    return ((long)cursor - (long)data) & mask;
}

static __always_inline int is_tag(__be16 type)
{
    return type == bpf_htons(0x8100) || type == bpf_htons(0x88a8) || type == bpf_htons(0x9100);
}

static __always_inline int is_extension(__u8 next)
{
    return next == 0 || next == 43 || next == 44 || next == 60;
}

static __always_inline void parse_full(struct xdp_md *ctx, struct packet *p)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    p->l3 = L3_NONE;
    p->proto = -1;
    p->l4_ok = 0;
    p->later_fragment = 0;
    if (data + 14 > end)
        return;
    __be16 type = *(__be16 *)(data + 12);
    __u32 off = 14;
    for (int i = 0; i < 2 && is_tag(type); i++) {
        void *tag = data + off;
        if (tag + 4 > end)
            return;
        type = *(__be16 *)(tag + 2);
        off += 4;
    }
    off = join_cursor(data, off, 0x3f);
    if (type == bpf_htons(ETH_P_IP)) {
        __u8 *ip = CURSOR(data, off);
        if ((void *)(ip + 20) > end)
            return;
        __u32 ihl = ip[0] & 0xf;
        if (ihl < 5 || (void *)(ip + ihl * 4) > end)
            return;
        p->l3 = L3_IPV4;
        p->l3_off = off;
        p->proto = ip[9];
        p->later_fragment = (*(__be16 *)(ip + 6) & bpf_htons(0x1fff)) != 0;
        p->l4_ok = 1;
        p->l4_off = off + ihl * 4;
        return;
    }
    if (type != bpf_htons(ETH_P_IPV6))
        return;
    __u8 *ip6 = CURSOR(data, off);
    if ((void *)(ip6 + 40) > end)
        return;
    p->l3 = L3_IPV6;
    p->l3_off = off;
    __u8 next = ip6[6];
    off += 40;
    int later = 0;
#pragma clang loop unroll(disable)
    for (int i = 0; i < 4 && is_extension(next); i++) {
        __u8 *h = CURSOR(data, off);
        __u32 len;
        if (next == 44) {
            if ((void *)(h + 8) > end)
                return;
            later |= (bpf_ntohs(*(__be16 *)(h + 2)) >> 3) != 0;
            len = 8;
        } else {
            if ((void *)(h + 2) > end)
                return;
            len = ((__u32)h[1] + 1) * 8;
            if ((void *)h + len > end)
                return;
        }
        next = h[0];
        off = join_cursor(data, off + len, 0x3fff);
    }
    p->proto = next;
    p->l4_ok = !is_extension(next);
    p->later_fragment = later;
    p->l4_off = off;
}

/* The L4 header of at least `size` bytes for its value fields: present, not a later fragment. */
static __always_inline void *l4_fields(struct xdp_md *ctx, struct packet *p, __u32 size)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (!p->l4_ok || p->later_fragment)
        return NULL;
    void *l4 = CURSOR(data, p->l4_off);
    if (l4 + size > end)
        return NULL;
    return l4;
}

#endif
