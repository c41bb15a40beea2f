/* compare.c: pagebound-compare OLD NEW: per-benchmark medians, change with a 95% CI, Mann-Whitney p with Holm's
 * correction, exact counters compared exactly; exit 0 no regression, 1 regression, 2 bad input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gbjson.h"
#include "opt.h"
#include "stats.h"

enum { V_SAME, V_SLOWER, V_FASTER, V_SMALL, V_TOO_FEW, V_UNDECIDED, V_ERROR };
static const char *const verdict_name[] = {"same", "SLOWER", "faster", "same (within threshold)", "too few repetitions",
	"too few repetitions to decide", "error"};

typedef struct row {
	const char *name;
	const pb_bench_series *o, *n;
	double med_o, med_n, change, lo, hi, p, padj, pmin;
	bool ci_ok, tested;
	int verdict;
} row;

/* An exact counter whose value changed. */
typedef struct counter_change {
	const char *bench, *counter;
	double old_v, new_v;
	bool worse;
} counter_change;

typedef struct report {
	row *rows;
	size_t n, ntested, too_few, undecided, only[2], ngeo;
	counter_change *cc;
	size_t ncc, cc_cap;
	int slower, faster, worse_counters;
	double geomean;
} report;

typedef struct cmp_opts {
	double threshold;
	size_t format, metric;
	bool ignore_errors;
	int npaths;
	char *paths[2];
} cmp_opts;

static const char *const formats[] = {"text", "markdown", "tsv"};
static const char *const metrics[] = {"cpu", "real"}; /* pb_metric order */
enum { F_TEXT, F_MARKDOWN, F_TSV };
static const double ALPHA = 0.05;
enum { MIN_REPS = 3 };

static int parse(cmp_opts *o, int argc, char **argv)
{
	const pb_opt opts[] = {
		{.name = "--threshold", .kind = PB_OPT_DOUBLE, .dest = &o->threshold, .meta = "PCT", .min = 0, .max = 1000,
			.help = "a significant slowdown above this is a regression", .deflt = "default: 5"},
		{.name = "--format", .kind = PB_OPT_CHOICE, .dest = &o->format, .meta = "FORMAT", .help = "output",
			.names = PB_NAMES(formats, 3), .deflt = "default: text"},
		{.name = "--metric", .kind = PB_OPT_CHOICE, .dest = &o->metric, .meta = "TIME", .help = "which time",
			.names = PB_NAMES(metrics, 2), .deflt = "default: cpu"},
		{.name = "--ignore-errors", .kind = PB_OPT_FLAG, .dest = &o->ignore_errors,
			.help = "compare the rest when a benchmark was skipped with an error"},
	};
	const pb_optspec spec = {"[OPTIONS] OLD NEW",
		"OLD and NEW are Google Benchmark JSON files or results directories (every *.json in them).\n"
		"Benchmarks are paired by name; for each: old and new median, the change in percent with a 95%\n"
		"confidence interval (Hodges-Lehmann/Moses on log time), the two-sided Mann-Whitney U p-value,\n"
		"Holm-adjusted across the benchmarks compared. A significant (adjusted p < 0.05) slowdown above\n"
		"--threshold is a regression; so is a rise in an exact counter (syscalls, einval, instructions) or a\n"
		"drop of verdict_ok. Exit status: 0 no regression, 1 at least one regression, 2 bad input, or no\n"
		"benchmark could be decided (too few repetitions: 3 against 3 can never reach p < 0.05).",
		opts, sizeof opts / sizeof opts[0], false, 2};
	int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc;
	if (argc != 3) {
		fprintf(stderr, "%s: give two inputs, OLD and NEW (see --help)\n", argv[0]);
		return PB_OPT_ERROR;
	}
	o->paths[0] = argv[1];
	o->paths[1] = argv[2];
	return PB_OPT_OK;
}

static const char *human(double ns, char *buf, size_t len)
{
	if (!isfinite(ns))
		snprintf(buf, len, "-");
	else if (ns >= 1e9)
		snprintf(buf, len, "%.3f s", ns / 1e9);
	else if (ns >= 1e6)
		snprintf(buf, len, "%.3f ms", ns / 1e6);
	else if (ns >= 1e3)
		snprintf(buf, len, "%.3f us", ns / 1e3);
	else
		snprintf(buf, len, "%.3f ns", ns);
	return buf;
}

static double pct(double log_ratio) { return (exp(log_ratio) - 1) * 100; }

static void analyse(row *r)
{
	r->med_o = pb_median(r->o->t, r->o->n);
	r->med_n = pb_median(r->n->t, r->n->n);
	r->change = (r->med_n / r->med_o - 1) * 100;
	if (r->o->error || r->n->error) {
		r->verdict = V_ERROR;
		return;
	}
	if (r->o->n < MIN_REPS || r->n->n < MIN_REPS) {
		r->verdict = V_TOO_FEW;
		return;
	}
	double *lo = malloc(r->o->n * sizeof *lo), *ln = malloc(r->n->n * sizeof *ln);
	if (!lo || !ln) {
		free(lo);
		free(ln);
		r->verdict = V_ERROR;
		return;
	}
	for (size_t i = 0; i < r->o->n; i++)
		lo[i] = log(r->o->t[i] > 0 ? r->o->t[i] : 1e-300);
	for (size_t i = 0; i < r->n->n; i++)
		ln[i] = log(r->n->t[i] > 0 ? r->n->t[i] : 1e-300);
	pb_mw mw = pb_mann_whitney(lo, r->o->n, ln, r->n->n);
	double est, a, b;
	r->ci_ok = pb_shift_ci(lo, r->o->n, ln, r->n->n, ALPHA, &a, &b, &est);
	r->lo = pct(a);
	r->hi = pct(b);
	r->p = mw.p;
	r->pmin = pb_mw_min_p(r->o->n, r->n->n);
	r->tested = true;
	free(lo);
	free(ln);
}

/* A test that cannot reach alpha whatever the data (3 against 3: its smallest p is 0.1; Holm multiplies it by
 * the number of tests) says nothing by coming out non-significant: too few repetitions to decide. */
static void decide(row *r, double threshold, size_t ntested)
{
	if (!r->tested)
		return;
	bool sig = r->padj < ALPHA;
	if (!sig && r->pmin * (double)ntested >= ALPHA) {
		r->verdict = V_UNDECIDED;
		return;
	}
	if (sig && r->change > threshold)
		r->verdict = V_SLOWER;
	else if (sig && r->change < -threshold)
		r->verdict = V_FASTER;
	else if (sig)
		r->verdict = V_SMALL;
	else
		r->verdict = V_SAME;
}

/* Every exact counter that changed: any change is listed; a rise in cost and a lost verdict are regressions. */
static int exact_counters(report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		for (int k = 0; k < PB_MAX_EXACT && pb_exact_counters[k]; k++) {
			double a = pb_series_exact(rep->rows[i].o, k), b = pb_series_exact(rep->rows[i].n, k);
			if (isnan(a) || isnan(b) || a == b)
				continue;
			if (rep->ncc == rep->cc_cap) {
				size_t cap = rep->cc_cap ? 2 * rep->cc_cap : 16;
				counter_change *cc = realloc(rep->cc, cap * sizeof *cc);
				if (!cc)
					return -1;
				rep->cc = cc;
				rep->cc_cap = cap;
			}
			const char *c = pb_exact_counters[k];
			const bool worse = strcmp(c, "verdict_ok") == 0 ? b < a : strcmp(c, "flagged_per_1000") == 0 ? false : b > a;
			rep->cc[rep->ncc++] = (counter_change){rep->rows[i].o->shown, c, a, b, worse};
			rep->worse_counters += worse;
		}
	return 0;
}

/* Pairs the benchmarks by name, tests them, corrects across them, and counts the outcome. */
static int compute(report *rep, const pb_run run[2], double threshold)
{
	rep->rows = calloc(run[0].n ? run[0].n : 1, sizeof *rep->rows);
	double *pv = calloc(run[0].n ? run[0].n : 1, sizeof *pv), *adj = calloc(run[0].n ? run[0].n : 1, sizeof *adj);
	if (!rep->rows || !pv || !adj) {
		free(pv);
		free(adj);
		return -1;
	}
	for (size_t i = 0; i < run[0].n; i++) {
		const pb_bench_series *n = pb_run_find(&run[1], run[0].b[i].name);
		if (!n)
			continue;
		row *r = &rep->rows[rep->n++];
		*r = (row){.name = run[0].b[i].name, .o = &run[0].b[i], .n = n};
		analyse(r);
		if (r->tested)
			pv[rep->ntested++] = r->p;
	}
	pb_holm(pv, adj, rep->ntested);
	double sumlog = 0;
	for (size_t i = 0, t = 0; i < rep->n; i++) {
		row *r = &rep->rows[i];
		if (r->tested) {
			r->padj = adj[t++];
			decide(r, threshold, rep->ntested);
		}
		rep->slower += r->verdict == V_SLOWER;
		rep->faster += r->verdict == V_FASTER;
		rep->too_few += r->verdict == V_TOO_FEW;
		rep->undecided += r->verdict == V_UNDECIDED;
		if (r->tested && r->med_o > 0 && r->med_n > 0) {
			sumlog += log(r->med_n / r->med_o);
			rep->ngeo++;
		}
	}
	rep->geomean = rep->ngeo ? exp(sumlog / (double)rep->ngeo) : NAN;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < run[k].n; i++)
			rep->only[k] += !pb_run_find(&run[1 - k], run[k].b[i].name);
	free(pv);
	free(adj);
	return exact_counters(rep);
}

static void ci_text(const row *r, char *buf, size_t len)
{
	if (r->ci_ok)
		snprintf(buf, len, "[%+.1f%%, %+.1f%%]", r->lo, r->hi);
	else
		snprintf(buf, len, "%s", r->tested ? "(n too small)" : "-");
}

static void print_text(const report *rep)
{
	int w = 9;
	char b1[32], b2[32], ci[64], pbuf[32];
	for (size_t i = 0; i < rep->n; i++)
		if ((int)strlen(rep->rows[i].o->shown) > w)
			w = (int)strlen(rep->rows[i].o->shown);
	printf("%-*s  %12s  %12s  %8s  %-20s  %9s  %s\n", w, "benchmark", "old median", "new median", "change",
		"95% CI of change", "p (Holm)", "verdict");
	for (size_t i = 0; i < rep->n; i++) {
		const row *r = &rep->rows[i];
		ci_text(r, ci, sizeof ci);
		snprintf(pbuf, sizeof pbuf, r->tested ? "%.3g" : "-", r->padj);
		printf("%-*s  %12s  %12s  %+7.1f%%  %-20s  %9s  %s\n", w, r->o->shown, human(r->med_o, b1, sizeof b1),
			human(r->med_n, b2, sizeof b2), r->change, ci, pbuf, verdict_name[r->verdict]);
	}
	if (rep->ngeo)
		printf("\ngeometric mean of new/old medians: %.4f (%+.2f%%) over %zu benchmarks\n", rep->geomean,
			(rep->geomean - 1) * 100, rep->ngeo);
}

static void print_markdown(const report *rep)
{
	char b1[32], b2[32], ci[64];
	printf("| benchmark | old median | new median | change | 95%% CI | p (Holm) | verdict |\n"
	       "|---|---:|---:|---:|---|---:|---|\n");
	for (size_t i = 0; i < rep->n; i++) {
		const row *r = &rep->rows[i];
		ci_text(r, ci, sizeof ci);
		fputs("| `", stdout);
		for (const char *p = r->o->shown; *p; p++) /* a | or ` in a name would end the cell or the code span */
			fputs(*p == '|' ? "\\|" : *p == '`' ? "'" : (char[2]){*p, 0}, stdout);
		printf("` | %s | %s | %+.1f%% | %s | %.3g | %s |\n", human(r->med_o, b1, sizeof b1),
			human(r->med_n, b2, sizeof b2), r->change, ci, r->tested ? r->padj : NAN, verdict_name[r->verdict]);
	}
	if (rep->ngeo)
		printf("\ngeometric mean of new/old medians: %.4f (%+.2f%%) over %zu benchmarks\n", rep->geomean,
			(rep->geomean - 1) * 100, rep->ngeo);
}

static void print_tsv(const report *rep)
{
	printf("benchmark\told_median_ns\tnew_median_ns\tchange_pct\tci_lo_pct\tci_hi_pct\tp\tp_holm\told_n\tnew_n\tverdict\n");
	for (size_t i = 0; i < rep->n; i++) {
		const row *r = &rep->rows[i];
		printf("%s\t%.6g\t%.6g\t%.3f\t%.3f\t%.3f\t%.6g\t%.6g\t%zu\t%zu\t%s\n", r->o->shown, r->med_o, r->med_n, r->change,
			r->ci_ok ? r->lo : NAN, r->ci_ok ? r->hi : NAN, r->tested ? r->p : NAN, r->tested ? r->padj : NAN,
			r->o->n, r->n->n, verdict_name[r->verdict]);
	}
	if (rep->ngeo)
		printf("geomean\t\t\t%.3f\t\t\t\t\t\t\t\n", (rep->geomean - 1) * 100);
}

/* What every format ends with: counter changes, one-sided benchmarks, the verdict line (TSV: as # comments). */
static void print_tail(const report *rep, const pb_run run[2], const cmp_opts *o)
{
	const char *pre = o->format == F_TSV ? "# " : "";
	for (size_t i = 0; i < rep->ncc; i++)
		printf("%scounter %s of %s: %g -> %g%s\n", pre, rep->cc[i].counter, rep->cc[i].bench, rep->cc[i].old_v,
			rep->cc[i].new_v, rep->cc[i].worse ? "  REGRESSION" : "");
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < run[k].n; i++)
			if (!pb_run_find(&run[1 - k], run[k].b[i].name))
				printf("%sonly in %s: %s\n", pre, k ? "NEW" : "OLD", run[k].b[i].shown);
	if (rep->too_few)
		printf("%s%zu benchmark(s) have fewer than %d repetitions on a side: no verdict for them\n", pre, rep->too_few,
			MIN_REPS);
	if (rep->undecided)
		printf("%s%zu benchmark(s) cannot be decided: with their repetitions the test's smallest p, after Holm over %zu "
		       "tests, is not below %.2f (give more repetitions, or compare fewer benchmarks)\n",
			pre, rep->undecided, rep->ntested, ALPHA);
	const int regressions = rep->slower + rep->worse_counters;
	printf("%s%s: %zu benchmarks compared (%zu tested), %d slower, %d faster, %zu exact-counter changes (%d worse), "
	       "%zu only in OLD, %zu only in NEW; threshold %.1f%%, alpha %.2f (Holm)\n",
		pre, regressions ? "REGRESSION" : "no regression", rep->n, rep->ntested, rep->slower, rep->faster, rep->ncc,
		rep->worse_counters, rep->only[0], rep->only[1], o->threshold, ALPHA);
}

/* Loads both sides; refuses what holds nothing, and benchmarks skipped with an error unless told to go on. */
static int load(pb_run run[2], const cmp_opts *o, const char *prog)
{
	char err[1024];
	int status = 0;
	for (int k = 0; k < 2; k++) {
		if (pb_run_load(&run[k], o->paths[k], (pb_metric)o->metric, err, sizeof err)) {
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

int main(int argc, char **argv)
{
	cmp_opts o = {.threshold = 5};
	int rc = parse(&o, argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	pb_run run[2] = {{0}, {0}};
	report rep = {0};
	if (load(run, &o, argv[0]) || compute(&rep, run, o.threshold)) {
		if (rep.rows)
			fprintf(stderr, "%s: out of memory\n", argv[0]);
		rc = 2;
	} else {
		void (*const printers[])(const report *) = {print_text, print_markdown, print_tsv};
		printers[o.format](&rep);
		print_tail(&rep, run, &o);
		/* nothing decided at all is no answer: the gate must not pass for want of repetitions */
		rc = rep.slower + rep.worse_counters ? 1 : rep.ntested && rep.undecided == rep.ntested ? 2 : 0;
		if (rc == 2)
			fprintf(stderr, "%s: no benchmark could be decided with these repetitions (see above): no verdict\n", argv[0]);
	}
	free(rep.rows);
	free(rep.cc);
	pb_run_free(&run[0]);
	pb_run_free(&run[1]);
	return rc;
}
