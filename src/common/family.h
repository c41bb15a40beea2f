/* family.h: which benchmarks pool into one value, defined once for the gate (pagebound-compare's paired rounds) and
 * the history (pagebound-history's series). */
#ifndef PB_FAMILY_H
#define PB_FAMILY_H

/* The family of a benchmark: its name without a last /bytes:N component when N >= 1 MiB (from that size up a scan
 * is its system-call loop, whatever the size: the sizes' log-ratios are one change, and pooling them buys
 * rounds); every other benchmark, a smaller size included (fixed costs weigh there, differently at each size), is
 * a family of its own. A new string (free it); NULL when out of memory. */
char *pb_family(const char *name);

/* What a family's value is worth in a verdict: TIME (scans, primitives: a slowdown gates), SHOWN (barrier loops:
 * their time moves with code placement between builds, so it is shown, never gating), EXACT (instruction counts:
 * any change is an event). */
typedef enum { PB_GATES_TIME, PB_GATES_SHOWN, PB_GATES_EXACT } pb_gates_kind;
pb_gates_kind pb_family_gates(const char *name);
/* "yes", "no", "exact": the word the history's files use */
const char *pb_gates_word(pb_gates_kind k);

#endif
