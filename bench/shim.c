/* shim.c: pagebound-shim, the shim's own benchmark: an empty loop through the C shim vs natively in C++. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "emptyloop.h"
#include "gbench.h"

static void bm_shim_c(gb_state *st, void *arg)
{
	(void)arg;
	const int64_t batch = gb_arg(st, 0);
	while (gb_keep_running(st, batch))
		pb_empty_loop(batch);
}

int main(int argc, char **argv)
{
	static const int64_t iters[] = {1, 64, 4096, 262144};
	static const char *const names[] = {"iters"};
	const int nit = (int)(sizeof iters / sizeof iters[0]);
	int reps = 5;
	int out = 1;
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--reps=", 7) == 0) {
			char *end;
			errno = 0;
			long v = strtol(argv[i] + 7, &end, 10);
			if (errno || *end || v < 1 || v > 1000) {
				fprintf(stderr, "%s: bad --reps value '%s' (valid: 1 ... 1000)\n", argv[0], argv[i] + 7);
				return 2;
			}
			reps = (int)v;
		} else {
			argv[out++] = argv[i];
		}
	}
	argc = out;
	for (int i = 0; i < nit; i++) {
		gb_bench *b = gb_register("shim/c", bm_shim_c, NULL);
		gb_use_real_time(gb_repetitions(gb_arg_names(gb_args(b, &iters[i], 1), names, 1), reps));
	}
	pb_register_native_shim_bench(iters, nit, reps);
	pb_add_standard_context();
	return gb_main(argc, argv);
}
