/* benchutil.h: what the bench programs share: the thread CPU clock, progress lines, the --list and --sweep options. */
#ifndef PB_BENCHUTIL_H
#define PB_BENCHUTIL_H
#include <stdbool.h>
#include <stddef.h>

#include "listing.h"
#include "opt.h"

/* Names the case about to run on stderr ("[case] NAME") when PB_PROGRESS is set: scripts/bench shows it, since
 * Google Benchmark reports an interleaved benchmark only when all its repetitions are done. */
void pb_progress_case(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --list[=text|tsv] sets *list to 0 or 1 (PB_NO_LIST when not given); --sweep=quick|default|full sets *sweep
 * to its index in pb_sweeps. A bench program's parse: these two, then its own options, then Google Benchmark's
 * flags passed on to gb_main. Returns what pb_opt_parse returns. */
#define PB_NO_LIST ((size_t)-1)
int pb_bench_parse(const pb_opt *own, size_t n, size_t *list, size_t *sweep, const char *about, int *argc, char **argv);
/* The selection a list option made, or (not given) every entry of sweep bits: entry i of a table whose
 * entries carry their sweeps. */
bool pb_selected(const pb_sel *given, size_t i, unsigned entry_sweeps, size_t sweep);
#endif
