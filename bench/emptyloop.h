/* emptyloop.h: the shim benchmark's shared kernel and the native registration hook. */
#ifndef PB_EMPTYLOOP_H
#define PB_EMPTYLOOP_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
void pb_empty_loop(int64_t n);
void pb_register_native_shim_bench(const int64_t *iters, int n, int repetitions);
#ifdef __cplusplus
}
#endif
#endif
