# XDP: drop IPv4 TCP to port 22, pass everything else.
# Assembled into drop_ssh.o by build.sh (llvm-mc); `bin/sluice disasm drop_ssh.o` reads it back.
	.text
	.section	xdp,"ax",@progbits
	.globl	drop_ssh
	.type	drop_ssh,@function
drop_ssh:
	r0 = 2
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 38
	if r4 > r3 goto out
	r5 = *(u16 *)(r2 + 12)
	if r5 != 8 goto out
	r5 = *(u8 *)(r2 + 23)
	if r5 != 6 goto out
	r5 = *(u8 *)(r2 + 14)
	r5 &= 15
	r5 <<= 2
	r2 += r5
	r4 = r2
	r4 += 18
	if r4 > r3 goto out
	r5 = *(u16 *)(r2 + 16)
	if r5 != 5632 goto out
	r0 = 1
out:
	exit
.Lfunc_end0:
	.size	drop_ssh, .Lfunc_end0-drop_ssh

	.section	license,"aw",@progbits
	.asciz	"GPL"
