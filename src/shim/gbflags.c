/* gbflags.c: Google Benchmark's own flags checked by pagebound's option parser before Google Benchmark sees
 * them: a bad value is refused with one line (Google Benchmark 1.7.1 would abort, or run nothing and exit 0),
 * and --flag VALUE becomes --flag=VALUE, the only spelling Google Benchmark reads. */
#include "gbflags.h"

#include "opt.h"

static const char *const formats[] = {"console", "json", "csv"};
static const char *const units[] = {"ns", "us", "ms", "s"};
static const char *const colors[] = {"auto", "true", "false", "yes", "no", "on", "off", "1", "0"};

#define GB_BOOL(flag, text) {.name = flag, .kind = PB_OPT_BOOL, .implicit = "true", .keep = true, .help = text}
#define GB_CHOICE(flag, table, text) \
	{.name = flag, .kind = PB_OPT_CHOICE, .names = PB_NAMES(table, sizeof table / sizeof table[0]), .keep = true, .help = text}

int gb_check_flags(int *argc, char **argv)
{
	const pb_opt opts[] = {
		GB_BOOL("--benchmark_list_tests", "list the benchmarks instead of running them"),
		{.name = "--benchmark_filter", .kind = PB_OPT_STRING, .keep = true, .meta = "REGEX",
			.help = "run the benchmarks whose names match (a leading - excludes)"},
		{.name = "--benchmark_min_time", .kind = PB_OPT_DOUBLE, .min = 1e-9, .max = 1e6, .keep = true,
			.meta = "SECONDS", .help = "minimum time per repetition"},
		{.name = "--benchmark_min_warmup_time", .kind = PB_OPT_DOUBLE, .min = 0, .max = 1e6, .keep = true,
			.meta = "SECONDS", .help = "warm-up before each benchmark"},
		{.name = "--benchmark_repetitions", .kind = PB_OPT_UINT, .min = 1, .max = 100000, .keep = true,
			.meta = "N", .help = "repetitions of every benchmark"},
		GB_BOOL("--benchmark_enable_random_interleaving", "run the repetitions of all benchmarks in random order"),
		GB_BOOL("--benchmark_report_aggregates_only", "report aggregates only"),
		GB_BOOL("--benchmark_display_aggregates_only", "display aggregates only"),
		GB_CHOICE("--benchmark_format", formats, "console output format"),
		{.name = "--benchmark_out", .kind = PB_OPT_STRING, .keep = true, .meta = "FILE", .help = "also write to FILE"},
		GB_CHOICE("--benchmark_out_format", formats, "format of --benchmark_out"),
		GB_CHOICE("--benchmark_color", colors, "colour the console output"),
		GB_BOOL("--benchmark_counters_tabular", "counters as columns"),
		{.name = "--benchmark_perf_counters", .kind = PB_OPT_STRING, .keep = true, .meta = "LIST",
			.help = "libpfm counters"},
		{.name = "--benchmark_context", .kind = PB_OPT_STRING, .keep = true, .meta = "KEY=VALUE,...",
			.help = "extra context"},
		GB_CHOICE("--benchmark_time_unit", units, "time unit of every benchmark"),
		{.name = "--v", .kind = PB_OPT_UINT, .min = 0, .max = 10, .keep = true, .meta = "N", .help = "verbosity"},
	};
	const pb_optspec spec = {"[OPTIONS]", "Google Benchmark's flags, as pagebound checks them.", opts,
		sizeof opts / sizeof opts[0], false, 0, NULL};
	return pb_opt_parse(&spec, argc, argv);
}
