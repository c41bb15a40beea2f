/* context.h: the machine and build facts every result file carries (docs/design.md, section 7). */
#ifndef PB_CONTEXT_H
#define PB_CONTEXT_H
#include <stddef.h>
/* Reads the first line of a file into buf (newline stripped); "unknown" when unreadable. */
const char *pb_read_line(const char *path, char *buf, size_t len);
/* Adds page size, kernel, CPU model, THP, vm.mmap_min_addr, CPU affinity, commit, build, P and M. */
void pb_add_standard_context(void);
#endif
