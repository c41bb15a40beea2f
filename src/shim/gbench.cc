// gbench.cc: the C shim's implementation over benchmark::RegisterBenchmark; the only C++ kernels see.
#include "gbench.h"
#include "gbflags.h"

#include <benchmark/benchmark.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <exception>
#include <string>
#include <vector>

using benchmark::Counter;

// Google Benchmark exits 0 even when a run was skipped with an error; gb_main reports it.
static bool g_error_seen;

static_assert(static_cast<int>(GB_IS_RATE) == static_cast<int>(Counter::kIsRate), "flag mismatch");
static_assert(static_cast<int>(GB_AVG_THREADS) == static_cast<int>(Counter::kAvgThreads), "flag mismatch");
static_assert(static_cast<int>(GB_AVG_THREADS_RATE) == static_cast<int>(Counter::kAvgThreadsRate), "flag mismatch");
static_assert(static_cast<int>(GB_IS_ITERATION_INVARIANT) == static_cast<int>(Counter::kIsIterationInvariant), "flag mismatch");
static_assert(static_cast<int>(GB_IS_ITERATION_INVARIANT_RATE) == static_cast<int>(Counter::kIsIterationInvariantRate), "flag mismatch");
static_assert(static_cast<int>(GB_AVG_ITERATIONS) == static_cast<int>(Counter::kAvgIterations), "flag mismatch");
static_assert(static_cast<int>(GB_AVG_ITERATIONS_RATE) == static_cast<int>(Counter::kAvgIterationsRate), "flag mismatch");
static_assert(GB_INVERT == static_cast<unsigned>(Counter::kInvert), "flag mismatch");

static benchmark::State *S(gb_state *st) { return reinterpret_cast<benchmark::State *>(st); }
static const benchmark::State *S(const gb_state *st) { return reinterpret_cast<const benchmark::State *>(st); }
static benchmark::internal::Benchmark *B(gb_bench *b) { return reinterpret_cast<benchmark::internal::Benchmark *>(b); }
static gb_bench *H(benchmark::internal::Benchmark *b) { return reinterpret_cast<gb_bench *>(b); }

extern "C" {

gb_bench *gb_register(const char *name, gb_fn fn, void *arg)
{
	if (!name || !fn)
		return nullptr;
	return H(benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &st) {
		fn(reinterpret_cast<gb_state *>(&st), arg);
		if (st.error_occurred())
			g_error_seen = true;
	}));
}

gb_bench *gb_args(gb_bench *b, const int64_t *args, size_t n)
{
	B(b)->Args(std::vector<int64_t>(args, args + n));
	return b;
}

gb_bench *gb_arg_names(gb_bench *b, const char *const *names, size_t n)
{
	B(b)->ArgNames(std::vector<std::string>(names, names + n));
	return b;
}

gb_bench *gb_unit(gb_bench *b, gb_time_unit unit)
{
	static const benchmark::TimeUnit map[] = {benchmark::kNanosecond, benchmark::kMicrosecond,
		benchmark::kMillisecond, benchmark::kSecond};
	B(b)->Unit(map[unit]);
	return b;
}

gb_bench *gb_repetitions(gb_bench *b, int n)
{
	B(b)->Repetitions(n);
	return b;
}

gb_bench *gb_use_real_time(gb_bench *b)
{
	B(b)->UseRealTime();
	return b;
}

gb_bench *gb_iterations(gb_bench *b, int64_t n)
{
	B(b)->Iterations(n);
	return b;
}

gb_bench *gb_complexity(gb_bench *b, gb_big_o o)
{
	static const benchmark::BigO map[] = {benchmark::oNone, benchmark::o1, benchmark::oN, benchmark::oNSquared,
		benchmark::oNCubed, benchmark::oLogN, benchmark::oNLogN, benchmark::oAuto};
	B(b)->Complexity(map[o]);
	return b;
}

bool gb_keep_running(gb_state *st, int64_t batch) { return S(st)->KeepRunningBatch(batch); }
int64_t gb_arg(gb_state *st, int i) { return S(st)->range(static_cast<size_t>(i)); }
int64_t gb_iterations_done(const gb_state *st) { return S(st)->iterations(); }

void gb_counter(gb_state *st, const char *name, double value, unsigned flags)
{
	Counter::OneK k = (flags & GB_IS_1024) ? Counter::kIs1024 : Counter::kIs1000;
	S(st)->counters[name] = Counter(value, static_cast<Counter::Flags>(flags & ~static_cast<unsigned>(GB_IS_1024)), k);
}

void gb_pause(gb_state *st) { S(st)->PauseTiming(); }
void gb_resume(gb_state *st) { S(st)->ResumeTiming(); }
void gb_skip_with_error(gb_state *st, const char *msg) { S(st)->SkipWithError(msg); }
void gb_set_items_processed(gb_state *st, int64_t n) { S(st)->SetItemsProcessed(n); }
void gb_set_complexity_n(gb_state *st, int64_t n) { S(st)->SetComplexityN(n); }

void gb_add_context(const char *key, const char *value) { benchmark::AddCustomContext(key, value); }

}  // extern "C"

// --benchmark_out's file: Google Benchmark 1.7.1 exits 1 ("invalid file name", documented as a skipped benchmark)
// on one it cannot open, and 0 with nothing written on one that cannot take bytes (/dev/full). Tried before the run
// (opened, a byte written and flushed), and looked at after it (a regular file left empty): one line and exit 2.
static const char *out_file(int argc, char **argv)
{
	const char *flag = "--benchmark_out=";
	for (int i = 1; i < argc; i++)
		if (std::strncmp(argv[i], flag, std::strlen(flag)) == 0)
			return argv[i] + std::strlen(flag);
	return nullptr;
}

static bool out_writable(const char *prog, const char *path)
{
	std::FILE *f = std::fopen(path, "w");
	const bool ok = f && std::fputc('{', f) != EOF && std::fflush(f) == 0;
	const int e = errno;
	if (f)
		std::fclose(f);
	if (!ok)
		std::fprintf(stderr, "%s: cannot write --benchmark_out=%s: %s\n", prog, path, std::strerror(e));
	return ok;
}

static bool out_written(const char *prog, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= 1) {
		std::fprintf(stderr, "%s: --benchmark_out=%s: nothing was written (a full disk?)\n", prog, path);
		return false;
	}
	return true;
}

extern "C" int gb_main(int argc, char **argv)
{
	switch (gb_check_flags(&argc, argv)) {
	case 0: break;
	case 1: return 0;
	default: return 2;
	}
	// Google Benchmark throws on some inputs (std::length_error from a negative repetition count in 1.7.1):
	// one line and exit 2, never an abort.
	try {
		const char *out = out_file(argc, argv);
		if (out && !out_writable(argv[0], out))
			return 2;
		benchmark::Initialize(&argc, argv);
		for (int i = 1; i < argc; i++) {
			std::fprintf(stderr, "%s: unknown option '%s' (see --help)\n", argv[0], argv[i]);
			return 2;
		}
		const size_t ran = benchmark::RunSpecifiedBenchmarks();
		benchmark::Shutdown();
		if (ran == 0) {
			std::fprintf(stderr, "%s: no benchmark matches --benchmark_filter='%s'\n", argv[0],
				benchmark::GetBenchmarkFilter().c_str());
			return 2;
		}
		if (out && !out_written(argv[0], out))
			return 2;
	} catch (const std::exception &e) {
		std::fprintf(stderr, "%s: Google Benchmark failed: %s\n", argv[0], e.what());
		return 2;
	}
	return g_error_seen ? 1 : 0;
}
