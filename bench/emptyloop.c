/* emptyloop.c: the empty-bodied loop both halves of the shim benchmark run, so only the harness differs. */
#include "emptyloop.h"

__attribute__((noinline)) void pb_empty_loop(int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		__asm__ volatile("" : : "r"(i)); /* keeps each iteration; emits no instruction */
}
