/* benchutil.h: helpers shared by the bench programs: clocks and option words. */
#ifndef PB_BENCHUTIL_H
#define PB_BENCHUTIL_H
#include <stdbool.h>
#include <stddef.h>
/* Thread CPU time in ns: what Google Benchmark's cpu_time measures, so per-item counters agree with it. */
double pb_cpu_ns(void);
/* If arg is "--name=VALUE" returns VALUE, else NULL. */
const char *pb_opt_value(const char *arg, const char *name);
/* Is word in the comma-separated list (NULL list: everything is)? */
bool pb_in_list(const char *list, const char *word);
/* Checks every word of a comma list against names[0..n) (stride bytes apart); prints the bad word and the
 * valid ones and returns -1 when one is unknown. */
int pb_check_list(const char *prog, const char *opt, const char *list, const char *const *names, size_t n,
	size_t stride);
/* Names the case about to run on stderr ("[case] NAME") when PB_PROGRESS is set: scripts/bench shows it, since
 * Google Benchmark reports an interleaved benchmark only when all its repetitions are done. */
void pb_progress_case(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
