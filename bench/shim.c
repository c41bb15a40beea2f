/* shim.c: pagebound-shim, the shim's own benchmark: an empty loop through the C shim vs natively in C++. */
#include "benchutil.h"
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
	uint64_t reps = 5;
	const pb_opt opts[] = {
		{.name = "--repetitions", .kind = PB_OPT_UINT, .dest = &reps, .meta = "N", .min = 1, .max = 1000,
			.help = "repetitions of every benchmark", .deflt = "default: 5"},
	};
	const pb_optspec spec = {"[OPTIONS] [Google Benchmark flags]",
		"The same empty loop through the C shim (shim/c) and registered natively in C++ (shim/native).",
		opts, 1, true, 0, NULL};
	int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	for (int i = 0; i < nit; i++) {
		gb_bench *b = gb_register("shim/c", bm_shim_c, NULL);
		gb_use_real_time(gb_repetitions(gb_arg_names(gb_args(b, &iters[i], 1), names, 1), (int)reps));
	}
	pb_register_native_shim_bench(iters, nit, (int)reps);
	pb_add_standard_context();
	return gb_main(argc, argv);
}
