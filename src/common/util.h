/* util.h: what every part of pagebound shares: sizes, strict number parsing, medians, sweeps. */
#ifndef PB_UTIL_H
#define PB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PB_KiB ((size_t)1024)
#define PB_MiB (1024 * PB_KiB)
#define PB_GiB (1024 * PB_MiB)

/* Linux >= 4.17; older headers lack it (the probes and layouts compare the address they get anyway). */
#include <sys/mman.h>
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

bool pb_is_pow2(size_t v);
/* qsort comparator for doubles. */
int pb_cmp_double(const void *a, const void *b);
/* The median of v[0..n) (v is not modified); NaN when n is 0 or memory runs out. */
double pb_median(const double *v, size_t n);
/* Thread CPU time in ns: what Google Benchmark's cpu_time measures (a preemption costs nothing), the one clock of the
 * scans' per-item counters and of the primitives that price them (pb_prim_calibrate). */
double pb_cpu_ns(void);

/* Numbers are decimal: no sign, no blank, no octal or hex, nothing after them. 0 on success, -1 otherwise. */
int pb_parse_u64(const char *s, uint64_t *out);
/* A byte size: decimal digits with an optional K, M, G or T (binary: 1K = 1024), optionally followed by
 * "iB" or "B" ("64K", "64KiB", "1G", "65536"). -1 on anything else or on overflow. */
int pb_parse_size(const char *s, size_t *out);
/* A finite decimal number (digits, a point, an exponent: no hex, inf or nan; no leading blank, nothing after it). */
int pb_parse_double(const char *s, double *out);
/* "4K", "64K", "1M", "1G", "1T"; a size that is not a whole number of KiB is written in bytes. */
void pb_size_label(size_t v, char *buf, size_t len);

/* Opens path for reading when it is a regular file of at most max bytes (a FIFO would block, /dev/zero would
 * never end; O_NONBLOCK keeps open itself from waiting for a FIFO's writer). Returns the descriptor and its
 * size in *size; -1 with one line in err otherwise. */
int pb_open_regular(const char *path, size_t max, size_t *size, char *err, size_t errlen);

/* The one rule for a benchmark name pagebound writes, and all that the history, the exports and the charts take in
 * (the tables, the charts and the history: one rule): 1 to PB_MAX_NAME bytes of [A-Za-z0-9_.:+=/-]. Nothing in it is white
 * space to any reader (Go's benchfmt splits fields at every Unicode space), a markup or shell character, or a
 * TSV or CSV separator. */
#define PB_MAX_NAME 1024
bool pb_name_ok(const char *name);
/* s as one line of text: tab, newline, CR and backslash as \t \n \r \\, other control bytes as \xNN (a terminal
 * escape shows as text; a C1 control, and a character that is invisible or reorders the text (U+200B-U+200F, U+202A-
 * U+202E, U+2066-U+2069, U+2028, U+2029, U+FEFF, ...) as \u{NNNN}); malloc'd, NULL when memory runs out. */
char *pb_escape_line(const char *s);

/* Is w one of the words of list, separated by sep ("a,b,c" or "a b c")? */
bool pb_word_in(const char *list, const char *w, char sep);

/* The sweeps a variant belongs to (the programs' --sweep and scripts/bench's modes). */
enum { PB_SWEEP_QUICK = 1u << 0, PB_SWEEP_DEFAULT = 1u << 1, PB_SWEEP_FULL = 1u << 2 };
#define PB_SWEEP_ALL (PB_SWEEP_QUICK | PB_SWEEP_DEFAULT | PB_SWEEP_FULL)
#define PB_SWEEP_WIDE (PB_SWEEP_DEFAULT | PB_SWEEP_FULL)
typedef struct pb_sweep {
	const char *name, *summary;
	unsigned bit;
} pb_sweep;
extern const pb_sweep pb_sweeps[];
extern const size_t pb_n_sweeps;
/* "quick,default,full" for a mask; "-" for none. */
void pb_sweeps_label(unsigned mask, char *buf, size_t len);

#endif
