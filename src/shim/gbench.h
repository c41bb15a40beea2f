/* gbench.h: a C API over Google Benchmark's runtime registration; one call crosses per batch. */
#ifndef PB_GBENCH_H
#define PB_GBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_state gb_state; /* a benchmark::State, seen from C */
typedef struct gb_bench gb_bench; /* a benchmark::internal::Benchmark, seen from C */
typedef void (*gb_fn)(gb_state *st, void *arg);

/* Counter flags: the values are benchmark::Counter::Flags bit for bit (checked in gbench.cc);
 * GB_IS_1024 selects Counter::kIs1024 instead of kIs1000. */
enum {
	GB_DEFAULTS = 0,
	GB_IS_RATE = 1 << 0,
	GB_AVG_THREADS = 1 << 1,
	GB_AVG_THREADS_RATE = GB_IS_RATE | GB_AVG_THREADS,
	GB_IS_ITERATION_INVARIANT = 1 << 2,
	GB_IS_ITERATION_INVARIANT_RATE = GB_IS_RATE | GB_IS_ITERATION_INVARIANT,
	GB_AVG_ITERATIONS = 1 << 3,
	GB_AVG_ITERATIONS_RATE = GB_IS_RATE | GB_AVG_ITERATIONS,
	GB_IS_1024 = 1 << 30,
};
#define GB_INVERT (1u << 31)

typedef enum { GB_NS, GB_US, GB_MS, GB_S } gb_time_unit;
typedef enum { GB_O_NONE, GB_O_1, GB_O_N, GB_O_N_SQUARED, GB_O_N_CUBED, GB_O_LOG_N, GB_O_N_LOG_N, GB_O_AUTO } gb_big_o;

/* Registration (before gb_main). Setters return their handle so calls can chain. */
gb_bench *gb_register(const char *name, gb_fn fn, void *arg);
gb_bench *gb_args(gb_bench *b, const int64_t *args, size_t n);
gb_bench *gb_arg_names(gb_bench *b, const char *const *names, size_t n);
gb_bench *gb_unit(gb_bench *b, gb_time_unit unit);
gb_bench *gb_repetitions(gb_bench *b, int n);
gb_bench *gb_use_real_time(gb_bench *b);
gb_bench *gb_iterations(gb_bench *b, int64_t n);
gb_bench *gb_complexity(gb_bench *b, gb_big_o o);

/* Inside a benchmark. */
bool gb_keep_running(gb_state *st, int64_t batch);
int64_t gb_arg(gb_state *st, int i);
int64_t gb_iterations_done(const gb_state *st);
void gb_counter(gb_state *st, const char *name, double value, unsigned flags);
void gb_pause(gb_state *st);
void gb_resume(gb_state *st);
void gb_skip_with_error(gb_state *st, const char *msg);
void gb_set_items_processed(gb_state *st, int64_t n);
void gb_set_complexity_n(gb_state *st, int64_t n);

/* Process level. gb_add_context before gb_main. gb_main returns the process exit status:
 * 0 when every benchmark ran, 1 when one was skipped with an error, 2 on a bad flag (Google Benchmark's
 * own flags are checked first: a bad value, a filter that matches nothing, an exception are one line). */
void gb_add_context(const char *key, const char *value);
int gb_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
