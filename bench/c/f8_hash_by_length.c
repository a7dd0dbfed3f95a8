// 8, the named-set candidate: IPv4 src in 10,000 prefixes -> drop, as hash lookups by prefix length
// instead of an LPM trie, still updatable at run time. A directory of 65,536 entries, indexed by the
// address's first 16 bits, says which prefix lengths have a member covering that /16 (bit L-1 for
// length L; a prefix shorter than /16 sets its bit in every /16 it covers) and, when exactly one
// member covers it, that member itself, compared inline; otherwise one hash map keyed by (length,
// masked address) is probed for the lengths present only, longest first. Most misses end at the
// directory (the kernel inlines array lookups), and a /16 with one member costs no hash probe.
// Adding or removing a member rewrites the entries of the /16s it covers (the loader keeps the
// members per /16) and its hash key. The harness fills both maps.
#include "parse.h"

struct length_key {
    __u32 prefixlen;
    __u32 addr; /* network order, masked to prefixlen */
};

struct directory_entry {
    __u32 lengths;    /* bit L-1: some member of length L covers this /16 */
    __u32 only_len;   /* the one member covering this /16, when there is exactly one; else 0 */
    __u32 only_addr;  /* its address, host order */
    __u32 unused;
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 65536);
    __type(key, __u32);
    __type(value, struct directory_entry);
} lengths SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 20000);
    __type(key, struct length_key);
    __type(value, __u8);
} members SEC(".maps");

SEC("xdp")
int hash_by_length(struct xdp_md *ctx)
{
    struct iphdr *ip = parse_ipv4(ctx);
    if (!ip)
        return XDP_PASS;
    __u32 src = bpf_ntohl(ip->saddr);
    __u32 top = src >> 16;
    struct directory_entry *entry = bpf_map_lookup_elem(&lengths, &top);
    if (!entry)
        return XDP_PASS;
    if (entry->only_len) {
        __u32 len = entry->only_len & 31; /* 32 & 31 is 0: the mask keeps all 32 bits */
        __u32 mask = len ? 0xffffffffu << (32 - len) : 0xffffffffu;
        return (src & mask) == entry->only_addr ? XDP_DROP : XDP_PASS;
    }
    __u32 bits = entry->lengths;
    /* Longest first, ending when no length at or below len is left; bits itself never changes, so
     * that the verifier's states of one iteration converge (no clz in BPF: test bit by bit). */
#pragma clang loop unroll(disable)
    for (__u32 len = 32; len >= 1; len--) {
        if (!(bits & (0xffffffffu >> (32 - len))))
            break;
        if (!(bits & (1u << (len - 1))))
            continue;
        struct length_key key = { .prefixlen = len, .addr = bpf_htonl(src & (0xffffffffu << (32 - len))) };
        if (bpf_map_lookup_elem(&members, &key))
            return XDP_DROP;
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
