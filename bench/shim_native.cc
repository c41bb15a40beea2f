// shim_native.cc: the empty loop registered natively in C++, the yardstick for the C shim's cost.
#include <benchmark/benchmark.h>

#include <string>

#include "emptyloop.h"

extern "C" void pb_register_native_shim_bench(const int64_t *iters, int n, int repetitions)
{
	for (int i = 0; i < n; i++) {
		benchmark::RegisterBenchmark("shim/native", [](benchmark::State &st) {
			const int64_t batch = st.range(0);
			while (st.KeepRunningBatch(batch))
				pb_empty_loop(batch);
		})->Arg(iters[i])->ArgName("iters")->Repetitions(repetitions)->UseRealTime();
	}
}
