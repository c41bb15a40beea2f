/* results.c: pagebound-results, the results layer's program: a run's tables, the line that titles its charts, the
 * files every reader reads. Every figure the charts and the site show is reduced here (or by the library it
 * shares with pagebound-compare and pagebound-history), never in the shell. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "cmd.h"
#include "configs.h"
#include "lists.h"
#include "kernels.h"
#include "fleet.h"
#include "summary.h"
#include "gbjson.h"
#include "opt.h"
#include "tables.h"
#include "tsv.h"
#include "util.h"

static int fail(const char *err)
{
	fprintf(stderr, "pagebound-results: %s\n", err);
	return 2;
}

static int cmd_tables(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	char err[1024];
	return pb_tables_write(argv[1], stderr, err, sizeof err) ? fail(err) : 0;
}

static int cmd_subtitle(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	char err[1024];
	return pb_tables_subtitle(argv[1], stdout, err, sizeof err) ? fail(err) : 0;
}

static int cmd_diff(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	char err[1024];
	return pb_summary_diff(argv[1], argv[2], err, sizeof err) ? fail(err) : 0;
}

static int cmd_configs(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	char err[1024];
	return pb_configs_write(argv[1], err, sizeof err) ? fail(err) : 0;
}

static int cmd_summary(int argc, char **argv, void *ctx)
{
	(void)ctx;
	char err[1024];
	return pb_summary_write(argv[1], argc > 2 ? argv[2] : NULL, stdout, err, sizeof err) ? fail(err) : 0;
}

static int cmd_fleet(int argc, char **argv, void *ctx)
{
	(void)ctx;
	char err[1024];
	return pb_fleet_write(argv[1], argv[2], argc > 3 ? argv[3] : NULL, err, sizeof err) ? fail(err) : 0;
}

static int cmd_validate(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	char err[1024];
	return pb_kernels_validate(argv[1], argv[2], argv[3], argv[4], argv[5], stdout, err, sizeof err) ? fail(err) : 0;
}

static int cmd_kernels(int argc, char **argv, void *ctx)
{
	(void)ctx;
	char err[1024];
	return pb_kernels_chart(argv[1], argv[2], argv + 3, (size_t)argc - 3, err, sizeof err) ? fail(err) : 0;
}

static int cmd_order(int argc, char **argv, void *ctx)
{
	(void)ctx;
	return pb_lists_order(argv[1], argv[2], argv[3], argv[4], argc > 5 ? argv[5] : NULL, stdout) ? fail("cannot read the list or the table") : 0;
}

static int cmd_headline(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	return pb_lists_headline(argv[1], stdout) ? fail("cannot read the list") : 0;
}

static int cmd_trend(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	const int rc = pb_lists_trend(argv[1], argv[2], argv[3], stdout);
	return rc < 0 ? fail("cannot read the history, or the expression is not one") : rc ? 1 : 0;
}

/* chunks DIR: each chunk run.tsv names (chunk:NAME<TAB>N) whole: NAME.json (or .json.gz) Google Benchmark JSON
 * holding N repetitions. A chunk not measured is left to INCOMPLETE (scripts/measure's) to explain. Prints
 * "NAME: why" for each that is not whole (a full disk named: Google Benchmark does not check its writes); exit 1. */
static int cmd_chunks(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	char path[4096], err[512], *buf;
	size_t len, bad = 0;
	snprintf(path, sizeof path, "%s/run.tsv", argv[1]);
	pb_tsv rt;
	if (pb_tsv_load(&rt, path))
		return fail("no run.tsv");
	struct statvfs vs;
	const bool full = statvfs(argv[1], &vs) == 0 && vs.f_bavail == 0;
	for (size_t r = 0; r < rt.n; r++) {
		uint64_t want, got = 0;
		if (!rt.row[r][1] || strncmp(rt.row[r][0], "chunk:", 6) || pb_parse_u64(rt.row[r][1], &want))
			continue;
		const char *name = rt.row[r][0] + 6;
		struct stat st;
		snprintf(path, sizeof path, "%s/%s.json", argv[1], name);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			strcat(path, ".gz");
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		buf = NULL;
		json_t *doc = st.st_size && pb_slurp(path, PB_MAX_JSON_BYTES, &buf, &len, err, sizeof err) == 0 ?
			pb_json_parse(buf, len, path, err, sizeof err) : NULL;
		size_t i;
		json_t *b;
		json_array_foreach(json_object_get(doc, "benchmarks"), i, b) got += !strcmp(json_string_value(json_object_get(b, "run_type")) ?
			json_string_value(json_object_get(b, "run_type")) : "", "iteration");
		if (!doc || !pb_json_is_gbench(doc) || got != want) {
			printf("%s: %s%s ", name, full ? "no space left on its disk: " : "", strrchr(path, '/') + 1);
			if (!st.st_size)
				puts("is empty");
			else if (!doc)
				puts("is not valid JSON (cut short?)");
			else if (!pb_json_is_gbench(doc))
				puts("is not Google Benchmark JSON");
			else
				printf("holds %llu of its %llu runs\n", (unsigned long long)got, (unsigned long long)want);
			bad++;
		}
		free(buf); /* (read, whether it parsed or not) */
		json_decref(doc);
	}
	pb_tsv_free(&rt);
	return bad ? 1 : 0;
}

/* context DIR KEY: KEY's value in the context of DIR's first result file, as one line of at most 200 bytes (control
 * bytes escaped); nothing when it has none */
static int cmd_context(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	char err[1024];
	json_t *doc = pb_first_doc(argv[1], err, sizeof err);
	json_t *v = json_object_get(json_object_get(doc, "context"), argv[2]);
	char *text = json_is_string(v) ? strdup(json_string_value(v)) : v ? json_dumps(v, JSON_ENCODE_ANY) : NULL,
	     *line = text ? pb_escape_line(text) : NULL;
	if (line)
		printf("%.200s\n", line);
	free(line);
	free(text);
	json_decref(doc);
	return 0;
}

static int cmd_files(int argc, char **argv, void *ctx)
{
	(void)argc, (void)ctx;
	char err[1024], **names = NULL;
	size_t n = 0;
	const int rc = pb_result_files(argv[1], &names, &n, err, sizeof err);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	return rc ? fail(err) : 0;
}

static const pb_cmd commands[] = {
	{.name = "tables", .args = "DIR", .fn = cmd_tables, .min_args = 1, .max_args = 1,
		.summary = "write DIR's scan.tsv, prim.tsv, barrier.tsv and errors.tsv (notes on what was left out: stderr)"},
	{.name = "subtitle", .args = "DIR|FILE", .fn = cmd_subtitle, .min_args = 1, .max_args = 1,
		.summary = "the line that titles DIR's charts: machine, kernel, page size, build"},
	{.name = "summary", .args = "DIR [LIST]", .fn = cmd_summary, .min_args = 1, .max_args = 2,
		.summary = "the run's answers, each figure with its 95% interval (LIST: the variants' list, else DIR/list.tsv)"},
	{.name = "barrier-diff", .args = "DIR LIST", .fn = cmd_diff, .min_args = 2, .max_args = 2,
		.summary = "DIR/barrier-diff.tsv: each barrier variant against the unchecked one, paired, with the run's A/A"},
	{.name = "configs", .args = "DIR", .fn = cmd_configs, .min_args = 1, .max_args = 1,
		.summary = "write a scripts/configs run's configs.tsv (ratios to the baseline with 95% intervals) and configs-barrier.tsv"},
	{.name = "fleet", .args = "OUT LIST [HERE]", .fn = cmd_fleet, .min_args = 2, .max_args = 3,
		.summary = "a scripts/fleet run's tables and chart data (HERE: the emulation on this machine, a run directory)"},
	{.name = "validate", .args = "TARGET KERNEL PAGE GUEST HOST", .fn = cmd_validate, .min_args = 5, .max_args = 5,
		.summary = "scripts/kernels: validate.tsv's rows, a guest's cases beside the same cases emulated here"},
	{.name = "kernels", .args = "OUT LIST TARGET=CONFIG...", .fn = cmd_kernels, .min_args = 3, .max_args = -1,
		.summary = "scripts/kernels: the chart's rows, OUT/kernels.tsv"},
	{.name = "order", .args = "LIST KIND TSV COLUMN [KEY=VALUE]", .fn = cmd_order, .min_args = 4, .max_args = 5,
		.summary = "COLUMN's values in TSV in the order the list gives KIND's labels"},
	{.name = "headline", .args = "LIST", .fn = cmd_headline, .min_args = 1, .max_args = 1,
		.summary = "the headline benchmarks, by role, as an extended regular expression"},
	{.name = "trend", .args = "TSV REGEX OUTDIR", .fn = cmd_trend, .min_args = 3, .max_args = 3,
		.summary = "a history's matching benchmarks relative to their first run, as history-series.gp draws them (exit 1: none)"},
	{.name = "chunks", .args = "DIR", .fn = cmd_chunks, .min_args = 1, .max_args = 1,
		.summary = "each chunk DIR/run.tsv names whole, with its repetitions (exit 1: one is not, said)"},
	{.name = "context", .args = "DIR KEY", .fn = cmd_context, .min_args = 2, .max_args = 2,
		.summary = "KEY's value in the context of DIR's first result file, one line of at most 200 bytes"},
	{.name = "files", .args = "DIR", .fn = cmd_files, .min_args = 1, .max_args = 1,
		.summary = "the result files every reader reads in DIR, one a line"},
};
#define NCMD (sizeof commands / sizeof commands[0])

static void about(FILE *f) { pb_cmd_usage(f, commands, NCMD); }

int main(int argc, char **argv)
{
	const pb_optspec spec = {"COMMAND DIR [LIST]", "A run's figures, reduced once. Commands:", NULL, 0, false, 100, about};
	const int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	return pb_cmd_run("pagebound-results", commands, NCMD, argc - 1, argv + 1, NULL);
}
