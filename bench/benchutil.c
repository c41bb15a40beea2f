/* benchutil.c: clocks, progress lines and the options every bench program shares. */
#include "benchutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "util.h"

void pb_progress_case(const char *fmt, ...)
{
	static int enabled = -1;
	if (enabled < 0)
		enabled = getenv("PB_PROGRESS") != NULL;
	if (!enabled)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("[case] ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static const char *const list_formats[2] = {"text", "tsv"};

int pb_bench_parse(const pb_opt *own, size_t n, size_t *list, size_t *sweep, const char *about, int *argc, char **argv)
{
	pb_opt *opts = calloc(n + 2, sizeof *opts); /* the two every bench program has, then its own: any number */
	if (!opts) {
		fprintf(stderr, "%s: out of memory\n", argv[0]);
		return PB_OPT_ERROR;
	}
	opts[0] = (pb_opt){.name = "--list", .kind = PB_OPT_CHOICE, .dest = list, .meta = "FORMAT", .implicit = "text",
		.help = "print the variants and exit; tsv: one header, columns found by name", .names = PB_NAMES(list_formats, 2)};
	opts[1] = (pb_opt){.name = "--sweep", .kind = PB_OPT_CHOICE, .dest = sweep, .meta = "NAME",
		.help = "what runs when a list option is not given: the variants whose sweeps (--list) name it",
		.names = PB_NAMES(pb_sweeps, pb_n_sweeps), .deflt = "default: full"};
	for (size_t i = 0; i < n; i++)
		opts[i + 2] = own[i];
	const pb_optspec spec = {"[OPTIONS] [Google Benchmark flags]", about, opts, n + 2, true, 0, NULL};
	const int rc = pb_opt_parse(&spec, argc, argv);
	free(opts);
	return rc;
}

bool pb_selected(const pb_sel *given, size_t i, unsigned entry_sweeps, size_t sweep)
{
	return given->given ? pb_sel_has(given, i) : (entry_sweeps & pb_sweeps[sweep].bit) != 0;
}
