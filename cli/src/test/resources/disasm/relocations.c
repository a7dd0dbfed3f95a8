/* Every kind of relocation that `sluice disasm` names (DisasmRelocationsAgreeWithLlvmTest):
 * a BTF map, global data in .rodata, .bss and .data (named and static, so relocated against the
 * variable's symbol and against the section's), a string literal (.rodata.str1.1), bpf-to-bpf calls
 * within .text and from a program section into it, function pointers (bpf_loop callbacks), a
 * __kconfig extern and __ksym externs (typed and typeless variables, kfuncs).
 * Self-contained, so no BPF headers are needed: clang -O2 -target bpf -g -c relocations.c */
#define SEC(name) __attribute__((section(name), used))
#define __kconfig __attribute__((section(".kconfig")))
#define __ksym __attribute__((section(".ksyms")))
#define __noinline __attribute__((noinline))

typedef unsigned int u32;
typedef unsigned long long u64;

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;
static long (*bpf_trace_printk)(const char *fmt, u32 fmt_size, ...) = (void *) 6;
static long (*bpf_loop)(u32 nr, void *fn, void *ctx, u64 flags) = (void *) 181;

struct {
	int (*type)[2];		/* BPF_MAP_TYPE_ARRAY */
	int (*max_entries)[4];
	u32 *key;
	u64 *value;
} counts SEC(".maps");

const volatile u32 threshold = 7;
const volatile u64 limits[4] = {1, 2, 3, 4};
static const u64 weights[3] = {5, 6, 7};
u64 packets;
u64 drops[8];
static u64 loops;
u64 seen = 42;
static u64 bytes_seen = 9;

extern u32 LINUX_KERNEL_VERSION __kconfig;
extern const void bpf_prog_active __ksym;
extern const int bpf_task_storage_busy __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

struct xdp_md { u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex; };

static __noinline u64 weighted(u64 x)
{
	return x * weights[x % 3] + loops;
}

static __noinline u64 scaled(u64 x)
{
	return weighted(x) * limits[x & 3] + bytes_seen;
}

__noinline u64 global_scaled(u64 x)
{
	return x + drops[x & 7];
}

static long step(u32 i, void *ctx)
{
	loops += weights[i % 3];
	return 0;
}

static long step_back(u32 i, void *ctx)
{
	loops -= i;
	return 0;
}

SEC("xdp")
int count(struct xdp_md *ctx)
{
	u32 len = ctx->data_end - ctx->data;
	u32 key = len & 3;
	u64 *slot = bpf_map_lookup_elem(&counts, &key);

	if (slot)
		*slot += 1;
	packets++;
	drops[len & 7] += 1;
	seen += scaled(len);
	bytes_seen += global_scaled(len);
	if (len > threshold && LINUX_KERNEL_VERSION > 0x50000)
		bpf_trace_printk("big %u\n", sizeof("big %u\n"), len);
	if (bpf_task_storage_busy)
		return 1;
	return 2;
}

SEC("tc")
int kernel_symbols(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	bpf_loop(4, step, 0, 0);
	bpf_loop(2, step_back, 0, 0);
	return scaled(seen) + (long) &bpf_prog_active;
}

char LICENSE[] SEC("license") = "GPL";
