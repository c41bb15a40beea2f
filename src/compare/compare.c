/* compare.c: pagebound-compare OLD NEW: is NEW slower than OLD? Paired rounds (files that carry a
 * pagebound_round: scripts/compare on git revisions) are tested family by family on the rounds' log-ratios;
 * anything else per benchmark with Mann-Whitney. Exact counters are compared exactly. Exit 0 no regression,
 * 1 regression, 2 bad input or no verdict. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "opt.h"
#include "tsv.h"
#include "util.h"

static const char *const formats[] = {"text", "markdown", "tsv"};
static const char *const metrics[] = {"auto", "cpu", "real"}; /* pb_metric order */
static const char *const pairings[] = {"fastest", "repetition"};
static const char *const plans[] = {"none", "stein", "spread"};
static const char *const estimators[] = {"mean", "median"};

static const char about[] =
	"OLD and NEW are Google Benchmark JSON files or results directories (every *.json in them), pagebound's or\n"
	"another project's. Files that carry a pagebound_round in their context (scripts/compare writes them) are\n"
	"paired round by round: each round's log-ratio NEW/OLD is one value, sizes >= 1 MiB of one scan family are\n"
	"pooled, and each family gets Student's t, a 95% interval, Holm across the families, and the smallest change\n"
	"it could have seen (MDE, 80% power). A family regresses when it is significantly slower and its interval\n"
	"reaches the threshold. Unpaired inputs are tested per benchmark (Mann-Whitney on log time, Holm). A rise in an\n"
	"exact counter (syscalls, einval; instructions beyond the threshold) or a lost verdict_ok is a regression.\n"
	"With --contrast=A,B one input is read, variant A against variant B (paired by repetition index).\n"
	"Exit status: 0 no regression, 1 regression, 2 bad input or nothing could be decided.";

static int check_inputs(cmp_opts *o, int argc, char **argv);

static int parse(cmp_opts *o, int *argc, char **argv)
{
	const pb_opt opts[] = {
		{.name = "--threshold", .kind = PB_OPT_DOUBLE, .dest = &o->threshold, .meta = "PCT", .min = 0, .max = 1000,
			.help = "a slowdown that may reach this is a regression", .deflt = "default: 5"},
		{.name = "--format", .kind = PB_OPT_CHOICE, .dest = &o->format, .meta = "FORMAT", .help = "output",
			.names = PB_NAMES(formats, 3), .deflt = "default: text"},
		{.name = "--metric", .kind = PB_OPT_CHOICE, .dest = &o->metric, .meta = "TIME", .names = PB_NAMES(metrics, 3),
			.help = "which time (auto: CPU, but real time for /real_time and /manual_time benchmarks)",
			.deflt = "default: auto"},
		{.name = "--ignore-errors", .kind = PB_OPT_FLAG, .dest = &o->ignore_errors,
			.help = "compare the rest when a benchmark was skipped with an error"},
		{.name = "--no-gate", .kind = PB_OPT_STRING, .dest = &o->no_gate, .meta = "REGEX",
			.help = "benchmarks whose time verdicts are shown but do not count for the exit status"},
		{.name = "--first-stage", .kind = PB_OPT_UINT, .dest = &o->first_stage, .meta = "N", .min = 2, .max = 1000,
			.help = "paired: Stein's rule, the spread and its degrees of freedom from the first N rounds"},
		{.name = "--plan", .kind = PB_OPT_CHOICE, .dest = &o->plan, .meta = "RULE", .names = PB_NAMES(plans, 3),
			.implicit = "stein", .help = "paired: print the rounds each family needs for its MDE to reach the threshold: "
			"stein, these rounds as Stein's first stage; spread, these rounds an A/A noise check, the test on its own rounds",
			.deflt = "default: none; bare: stein"},
		{.name = "--contrast", .kind = PB_OPT_STRING, .dest = &o->contrast, .meta = "A,B",
			.help = "one input: variant A against variant B, paired by repetition index"},
		{.name = "--pairing", .kind = PB_OPT_CHOICE, .dest = &o->pairing, .meta = "HOW", .names = PB_NAMES(pairings, 2),
			.help = "paired: a round's value from the sides' fastest repetitions, or from repetitions paired by index "
				"(the median of their log-ratios)", .deflt = "default: fastest"},
		{.name = "--estimator", .kind = PB_OPT_CHOICE, .dest = &o->estimator, .meta = "WHICH",
			.names = PB_NAMES(estimators, 2), .help = "paired: what is tested over the rounds: their mean (Student's t) or "
			"their median (Wilcoxon's signed-rank test, the Hodges-Lehmann change: a round lost to a burst moves one "
			"rank, not every interval)", .deflt = "default: median"},
		{.name = "--duet", .kind = PB_OPT_FLAG, .dest = &o->duet,
			.help = "paired: the rounds ran OLD and NEW at once, on two CPUs (the report says so)"},
		{.name = "--instructions", .kind = PB_OPT_STRING, .dest = &o->instructions, .meta = "OLD.tsv,NEW.tsv",
			.help = "also gate on callgrind's instructions per store (scripts/instructions' TSV of each side): a rise "
			"beyond the threshold, or a variant NEW did not count, is a regression"},
		{.name = "--tsv-out", .kind = PB_OPT_STRING, .dest = &o->tsv_out, .meta = "FILE",
			.help = "also write the report as TSV to FILE (the same rows)"},
		{.name = "--label-old", .kind = PB_OPT_STRING, .dest = &o->label_old, .meta = "TEXT",
			.help = "what OLD is (a commit and its subject), said first in the report", .deflt = "default: its path"},
		{.name = "--label-new", .kind = PB_OPT_STRING, .dest = &o->label_new, .meta = "TEXT",
			.help = "what NEW is", .deflt = "default: its path"},
		{.name = "--command", .kind = PB_OPT_STRING, .dest = &o->command, .meta = "TEXT",
			.help = "the command that made the comparison, said in the report"},
		{.name = "--chart-out", .kind = PB_OPT_STRING, .dest = &o->chart_out, .meta = "FILE",
			.help = "with --tsv-out: the rows plots/compare.gp draws, to FILE: the gating families first, then the largest "
			"changes, at most 40, in the order of their change"},
		{.name = "--markdown-out", .kind = PB_OPT_STRING, .dest = &o->md_out, .meta = "FILE",
			.help = "also write the report as markdown to FILE (for a pull request's comment)"},
	};
	const pb_optspec spec = {"[OPTIONS] OLD NEW  |  --contrast=A,B RUN", about, opts, sizeof opts / sizeof opts[0],
		false, 2, NULL};
	int rc = pb_opt_parse(&spec, argc, argv);
	return rc != PB_OPT_OK ? rc : check_inputs(o, *argc, argv);
}

/* After the options: the inputs' count, --no-gate's expression, the paths. */
static int check_inputs(cmp_opts *o, int argc, char **argv)
{
	if (argc != (o->contrast ? 2 : 3)) {
		fprintf(stderr, "%s: give %s (see --help)\n", argv[0], o->contrast ? "one input with --contrast" : "two inputs, OLD and NEW");
		return PB_OPT_ERROR;
	}
	if (o->no_gate && regcomp(&o->no_gate_re, o->no_gate, REG_EXTENDED | REG_NOSUB) != 0) {
		fprintf(stderr, "%s: bad value '%s' for --no-gate: not an extended regular expression\n", argv[0], o->no_gate);
		return PB_OPT_ERROR;
	}
	o->paths[0] = argv[1];
	o->paths[1] = o->contrast ? NULL : argv[2];
	return PB_OPT_OK;
}

/* Loads the inputs; refuses what holds nothing, and benchmarks skipped with an error unless told to go on. */
static int load(pb_input run[2], const cmp_opts *o, const char *prog)
{
	char err[1024];
	int status = 0;
	for (int k = 0; k < 2 && o->paths[k]; k++) {
		if (pb_input_load(&run[k], o->paths[k], (pb_metric)o->metric, err, sizeof err)) {
			fprintf(stderr, "%s: %s\n", prog, err);
			return -1;
		}
		if (run[k].n == 0) {
			fprintf(stderr, "%s: %s holds no benchmark results\n", prog, o->paths[k]);
			return -1;
		}
		for (size_t i = 0; i < run[k].n && !o->ignore_errors; i++)
			if (run[k].b[i].error) {
				fprintf(stderr, "%s: %s: benchmark %s was skipped with an error: %s (--ignore-errors to compare the rest)\n",
					prog, o->paths[k], run[k].b[i].shown, run[k].b[i].error);
				status = -1;
			}
	}
	return status;
}

/* The contrast's two sides from its one input. */
static int split(pb_input run[2], const cmp_opts *o, const char *prog)
{
	char a[128], err[512];
	const char *comma = strchr(o->contrast, ',');
	pb_input one = run[0];
	if (!comma || comma == o->contrast || !comma[1] || (size_t)(comma - o->contrast) >= sizeof a) {
		fprintf(stderr, "%s: bad value '%s' for --contrast (valid: A,B: two variant names)\n", prog, o->contrast);
		return -1;
	}
	snprintf(a, sizeof a, "%.*s", (int)(comma - o->contrast), o->contrast);
	memset(run, 0, 2 * sizeof *run);
	const int rc = pb_input_split(&one, a, comma + 1, run, err, sizeof err);
	pb_input_free(&one);
	if (rc)
		fprintf(stderr, "%s: --contrast=%s: %s\n", prog, o->contrast, err);
	return rc;
}

/* --instructions=OLD.tsv,NEW.tsv: both sides' counts read before the engines run */
static int instructions(cmp_opts *o, const char *prog)
{
	char err[1024] = "", *old = o->instructions ? strdup(o->instructions) : NULL, *comma = old ? strchr(old, ',') : NULL;
	if (!o->instructions)
		return 0;
	if (!comma || comma == old || !comma[1] || strchr(comma + 1, ',')) {
		fprintf(stderr, "%s: bad value '%s' for --instructions (valid: OLD.tsv,NEW.tsv)\n", prog, o->instructions);
		free(old);
		return -1;
	}
	*comma = '\0';
	const int rc = pb_instructions(&o->icount, old, comma + 1, o->threshold, err, sizeof err);
	if (rc)
		fprintf(stderr, "%s: --instructions: %s\n", prog, err);
	free(old);
	return rc;
}

/* sorting the chart's rows: by weight (gating first, then the size of the change) for the cut, then by change */
typedef struct chart_row {
	double weight, change;
	size_t row;
} chart_row;
static int by_weight(const void *a, const void *b)
{
	const double x = ((const chart_row *)a)->weight, y = ((const chart_row *)b)->weight;
	return (x < y) - (x > y);
}
static int by_change(const void *a, const void *b)
{
	const double x = ((const chart_row *)a)->change, y = ((const chart_row *)b)->change;
	return (x > y) - (x < y);
}

/* --chart-out: from the report's TSV (its families, or the benchmarks of an unpaired report), the gating rows first,
 * then the largest changes, at most 40, written in the order of their change with the TSV's own columns */
static int chart_rows(const char *tsv, const char *out, const char *prog)
{
	pb_tsv t;
	FILE *f = NULL;
	chart_row *rows = NULL;
	if (pb_tsv_load(&t, tsv) || !(rows = calloc(t.n + 1, sizeof *rows)) || !(f = fopen(out, "w"))) {
		fprintf(stderr, "%s: cannot write the chart's rows to %s\n", prog, out);
		pb_tsv_free(&t);
		free(rows);
		return -1;
	}
	size_t n = 0, header = 0;
	while (header < t.n && t.row[header][0][0] == '#') /* (comment lines before the header) */
		header++;
	for (size_t r = header + 1; r < t.n; r++) {
		const char *kind = t.row[r][0][0] == '#' ? "#" : "";
		double c;
		int kc = -1;
		for (size_t j = 0; t.row[header][j]; j++)
			kc = strcmp(t.row[header][j], "kind") ? kc : (int)j;
		if (*kind || (kc >= 0 && strcmp(t.row[r][kc] ? t.row[r][kc] : "", "family")))
			continue;
		const char *cs = NULL, *gates = NULL;
		for (size_t j = 0; t.row[header][j] && t.row[r][j]; j++) {
			cs = strcmp(t.row[header][j], "change_pct") ? cs : t.row[r][j];
			gates = strcmp(t.row[header][j], "gates") ? gates : t.row[r][j];
		}
		if (!cs || pb_parse_double(cs[0] == '-' || cs[0] == '+' ? cs + 1 : cs, &c))
			continue;
		c = cs[0] == '-' ? -c : c;
		rows[n++] = (chart_row){.weight = (gates && !strcmp(gates, "yes") ? 1e6 : 0) + fabs(c), .change = c, .row = r};
	}
	qsort(rows, n, sizeof *rows, by_weight);
	n = n < 40 ? n : 40;
	qsort(rows, n, sizeof *rows, by_change);
	for (size_t i = 0; i <= n; i++) {
		const size_t r = i ? rows[i - 1].row : header;
		for (size_t j = 0; t.row[r][j]; j++)
			fprintf(f, "%s%s", j ? "\t" : "", t.row[r][j]);
		fputc('\n', f);
	}
	free(rows);
	pb_tsv_free(&t);
	return fclose(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	cmp_opts o = {.threshold = 5, .estimator = 1};
	int rc = parse(&o, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	pb_input run[2] = {{0}, {0}};
	if (load(run, &o, argv[0]) || (o.contrast && split(run, &o, argv[0])) || instructions(&o, argv[0])) {
		rc = 2;
	} else if (run[0].rounded != run[0].files || run[1].rounded != run[1].files) {
		if (run[0].rounded || run[1].rounded || o.plan || o.first_stage) {
			fprintf(stderr, "%s: %s\n", argv[0], o.plan || o.first_stage ? "--plan and --first-stage need paired rounds"
										: "some files carry a pagebound_round and others do not");
			rc = 2;
		} else {
			rc = cmp_unpaired(run, &o);
		}
	} else {
		rc = cmp_paired(run, &o);
	}
	if (rc <= 1 && o.chart_out && o.tsv_out && chart_rows(o.tsv_out, o.chart_out, argv[0]))
		rc = 2;
	pb_input_free(&run[0]);
	pb_input_free(&run[1]);
	pb_icount_free(&o.icount);
	if (o.no_gate)
		regfree(&o.no_gate_re);
	return rc;
}
