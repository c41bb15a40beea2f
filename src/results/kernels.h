/* kernels.h: scripts/kernels' tables: each case a guest ran on a real 16 or 64 KiB kernel beside the same case with
 * T emulated here (validate.tsv), and the chart's rows (kernels.tsv). */
#ifndef PB_KERNELS_H
#define PB_KERNELS_H

#include <stddef.h>
#include <stdio.h>

/* validate.tsv's rows for one target: every case of the guest's pagebound-probe --format=tsv (guest), beside the
 * same case run here (host); match is yes when every count (syscalls, each mincore answer, mmap, file operations)
 * and the verdict agree. 0, or -1 with one line in err. */
int pb_kernels_validate(const char *target, const char *kernel, const char *page, const char *guest, const char *host,
	FILE *out, char *err, size_t errlen);
/* out/kernels.tsv: per target (TARGET=CONFIG, its own configuration) and probe, the calls and EINVAL answers per scan
 * of the free layout at 1 MiB, real and emulated (from out/validate.tsv), and the probe's time per scan in the guest
 * at 16 MiB relative to the probe that steps by T (medians of its repetitions; TCG: not a hardware time). */
int pb_kernels_chart(const char *out, const char *list, char *const *targets, size_t n, char *err, size_t errlen);

#endif
