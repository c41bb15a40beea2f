/* sys.c: every system call a probe may make, each counted where it is made (probe.h "the counted calls"). A probe
 * reaches the kernel only through these: probes.c poisons the raw names, so a call that is not counted does not
 * compile, and tests/strace.sh compares each probe's counters with strace's count. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "probe.h"

static int count_answer(pb_probe_ctx *c, int rc)
{
	if (rc == 0) {
		c->n.mincore_mapped++;
		return 0;
	}
	int e = errno;
	if (e == ENOMEM)
		c->n.mincore_enomem++;
	else if (e == EINVAL)
		c->n.einval++;
	else
		c->n.mincore_other++;
	return -e;
}

/* Emulating a kernel whose page size T is larger than the real one: a misaligned address pays a
 * real mincore that fails with EINVAL (the kernel checks alignment first); an aligned one asks the
 * real kernel for the whole T-rounded length and folds the answer to one byte per T page. Layouts
 * are built at T granularity, so a T page is either wholly mapped or wholly unmapped. */
int pb_mincore(pb_probe_ctx *c, uintptr_t addr, size_t len, unsigned char *vec)
{
	if (!c->cfg.t_emulated) {
		c->n.syscalls++;
		return count_answer(c, mincore((void *)addr, len, vec));
	}
	const size_t T = c->cfg.T;
	if (addr % T) {
		c->n.syscalls++;
		return count_answer(c, mincore((void *)(addr | 1), 1, c->scratch));
	}
	const size_t rounded = (len + T - 1) / T * T;
	const size_t per = T / c->native;
	if (rounded / c->native > sizeof c->scratch)
		return -E2BIG; /* no call made */
	c->n.syscalls++;
	int rc = count_answer(c, mincore((void *)addr, rounded, c->scratch));
	if (rc == 0)
		for (size_t i = 0; i < rounded / T; i++) {
			unsigned char b = 0;
			for (size_t j = 0; j < per; j++)
				b |= c->scratch[i * per + j];
			vec[i] = b & 1;
		}
	return rc;
}

void *pb_sys_mmap(pb_probe_ctx *c, uintptr_t addr, size_t len, int flags)
{
	c->n.syscalls++;
	void *p = mmap((void *)addr, len, PROT_NONE, flags, -1, 0);
	if (p == MAP_FAILED)
		c->n.mmap_failed++;
	else
		c->n.mmap_ok++;
	return p;
}

int pb_sys_munmap(pb_probe_ctx *c, void *p, size_t len)
{
	c->n.syscalls++;
	return munmap(p, len);
}

int pb_sys_open(pb_probe_ctx *c, const char *path)
{
	c->n.syscalls++;
	c->n.file_ops++;
	return open(path, O_RDONLY | O_CLOEXEC);
}

long pb_sys_read(pb_probe_ctx *c, int fd, void *buf, size_t len)
{
	c->n.syscalls++;
	c->n.file_ops++;
	return read(fd, buf, len);
}

int pb_sys_close(pb_probe_ctx *c, int fd)
{
	c->n.syscalls++;
	c->n.file_ops++;
	return close(fd);
}
