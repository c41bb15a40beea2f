/* compare.c: pagebound-compare OLD NEW: per-benchmark medians, change with a 95% CI, Mann-Whitney p with Holm's
 * correction, exact counters compared exactly; exit 0 no regression, 1 regression, 2 bad input. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gbjson.h"
#include "stats.h"

enum { V_SAME, V_SLOWER, V_FASTER, V_SMALL, V_TOO_FEW, V_ERROR };
static const char *const verdict_name[] = {"same", "SLOWER", "faster", "same (within threshold)", "too few repetitions",
	"error"};

typedef struct row {
	const char *name;
	const pb_bench_series *o, *n;
	double med_o, med_n, change, lo, hi, p, padj;
	bool ci_ok, tested;
	int verdict;
} row;

typedef enum { F_TEXT, F_MARKDOWN, F_TSV } fmt;
static const double ALPHA = 0.05;
enum { MIN_REPS = 3 };

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [--threshold PCT] [--format text|markdown|tsv] [--metric cpu|real] [--ignore-errors] OLD NEW\n"
		"OLD and NEW are Google Benchmark JSON files or results directories (every *.json in them).\n"
		"Benchmarks are paired by name; for each: old and new median, the change in percent with a 95%%\n"
		"confidence interval (Hodges-Lehmann/Moses on log time), the two-sided Mann-Whitney U p-value (exact\n"
		"up to %d values, else normal with tie correction), Holm-adjusted across the benchmarks compared.\n"
		"A significant (adjusted p < 0.05) slowdown above --threshold (default 5%%) is a regression; so is a\n"
		"rise in an exact counter (syscalls, einval, instructions) or a drop of verdict_ok.\n"
		"Exit status: 0 no regression, 1 at least one regression, 2 bad input.\n",
		prog, PB_MW_EXACT_MAX);
}

/* The index of val in names[0..n), or -1 after one line naming the bad value and the valid ones. */
static int choice(const char *prog, const char *opt, const char *val, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(val, names[i]) == 0)
			return i;
	fprintf(stderr, "%s: bad %s '%s' (valid:", prog, opt, val);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s %s", i ? "," : "", names[i]);
	fprintf(stderr, ")\n");
	return -1;
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
	r->tested = true;
	free(lo);
	free(ln);
}

static void decide(row *r, double threshold)
{
	if (!r->tested)
		return;
	bool sig = r->padj < ALPHA;
	if (sig && r->change > threshold)
		r->verdict = V_SLOWER;
	else if (sig && r->change < -threshold)
		r->verdict = V_FASTER;
	else if (sig)
		r->verdict = V_SMALL;
	else
		r->verdict = V_SAME;
}

int main(int argc, char **argv)
{
	double threshold = 5;
	fmt format = F_TEXT;
	pb_metric metric = PB_METRIC_CPU;
	bool ignore_errors = false;
	const char *paths[2] = {NULL, NULL};
	int np = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout, argv[0]);
			return 0;
		} else if (strcmp(a, "--ignore-errors") == 0) {
			ignore_errors = true;
			continue;
		} else if (strncmp(a, "--", 2) == 0) {
			const char *eq = strchr(a, '=');
			size_t klen = eq ? (size_t)(eq - a) : strlen(a);
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			if (!val) {
				fprintf(stderr, "%s: option %s needs a value\n", argv[0], a);
				return 2;
			}
			if (klen == 11 && strncmp(a, "--threshold", 11) == 0) {
				char *end;
				errno = 0;
				threshold = strtod(val, &end);
				if (errno || *end || end == val || !(threshold >= 0 && threshold <= 1000)) {
					fprintf(stderr, "%s: bad --threshold '%s' (valid: a percentage from 0 to 1000)\n", argv[0], val);
					return 2;
				}
			} else if (klen == 8 && strncmp(a, "--format", 8) == 0) {
				static const char *const names[] = {"text", "markdown", "tsv"}; /* fmt order */
				int k = choice(argv[0], "--format", val, names, 3);
				if (k < 0)
					return 2;
				format = (fmt)k;
			} else if (klen == 8 && strncmp(a, "--metric", 8) == 0) {
				static const char *const names[] = {"cpu", "real"}; /* pb_metric order */
				int k = choice(argv[0], "--metric", val, names, 2);
				if (k < 0)
					return 2;
				metric = (pb_metric)k;
			} else {
				fprintf(stderr, "%s: unknown option '%.*s' (see --help)\n", argv[0], (int)klen, a);
				return 2;
			}
		} else if (np < 2) {
			paths[np++] = a;
		} else {
			fprintf(stderr, "%s: too many arguments: '%s' (give OLD and NEW)\n", argv[0], a);
			return 2;
		}
	}
	if (np != 2) {
		fprintf(stderr, "%s: give two inputs, OLD and NEW (see --help)\n", argv[0]);
		return 2;
	}
	pb_run run[2] = {{0}, {0}};
	char err[1024];
	for (int k = 0; k < 2; k++)
		if (pb_run_load(&run[k], paths[k], metric, err, sizeof err)) {
			fprintf(stderr, "%s: %s\n", argv[0], err);
			pb_run_free(&run[0]);
			pb_run_free(&run[1]);
			return 2;
		} else if (run[k].n == 0) {
			fprintf(stderr, "%s: %s holds no benchmark results\n", argv[0], paths[k]);
			pb_run_free(&run[0]);
			pb_run_free(&run[1]);
			return 2;
		}
	int status = 0;
	for (int k = 0; k < 2 && !ignore_errors; k++)
		for (size_t i = 0; i < run[k].n; i++)
			if (run[k].b[i].error) {
				fprintf(stderr, "%s: %s: benchmark %s was skipped with an error: %s (--ignore-errors to compare the rest)\n",
					argv[0], paths[k], run[k].b[i].name, run[k].b[i].error);
				status = 2;
			}
	if (status) {
		pb_run_free(&run[0]);
		pb_run_free(&run[1]);
		return 2;
	}

	row *rows = calloc(run[0].n, sizeof *rows);
	double *pv = calloc(run[0].n, sizeof *pv), *adj = calloc(run[0].n, sizeof *adj);
	size_t nr = 0, ntested = 0;
	if (!rows || !pv || !adj) {
		fprintf(stderr, "%s: out of memory\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < run[0].n; i++) {
		const pb_bench_series *n = pb_run_find(&run[1], run[0].b[i].name);
		if (!n)
			continue;
		row *r = &rows[nr++];
		r->name = run[0].b[i].name;
		r->o = &run[0].b[i];
		r->n = n;
		analyse(r);
		if (r->tested)
			pv[ntested++] = r->p;
	}
	pb_holm(pv, adj, ntested);
	for (size_t i = 0, t = 0; i < nr; i++)
		if (rows[i].tested) {
			rows[i].padj = adj[t++];
			decide(&rows[i], threshold);
		}

	/* the table */
	int w = 9;
	for (size_t i = 0; i < nr; i++)
		if ((int)strlen(rows[i].name) > w)
			w = (int)strlen(rows[i].name);
	char b1[32], b2[32], ci[64];
	if (format == F_TSV)
		printf("benchmark\told_median_ns\tnew_median_ns\tchange_pct\tci_lo_pct\tci_hi_pct\tp\tp_holm\told_n\tnew_n\tverdict\n");
	else if (format == F_MARKDOWN)
		printf("| benchmark | old median | new median | change | 95%% CI | p (Holm) | verdict |\n|---|---:|---:|---:|---|---:|---|\n");
	else
		printf("%-*s  %12s  %12s  %8s  %-20s  %9s  %s\n", w, "benchmark", "old median", "new median", "change",
			"95% CI of change", "p (Holm)", "verdict");
	int regressions = 0, improvements = 0;
	double sumlog = 0;
	size_t ngeo = 0;
	for (size_t i = 0; i < nr; i++) {
		row *r = &rows[i];
		if (r->ci_ok)
			snprintf(ci, sizeof ci, "[%+.1f%%, %+.1f%%]", r->lo, r->hi);
		else
			snprintf(ci, sizeof ci, "%s", r->tested ? "(n too small)" : "-");
		regressions += r->verdict == V_SLOWER;
		improvements += r->verdict == V_FASTER;
		if (r->tested && r->med_o > 0 && r->med_n > 0) {
			sumlog += log(r->med_n / r->med_o);
			ngeo++;
		}
		if (format == F_TSV)
			printf("%s\t%.6g\t%.6g\t%.3f\t%.3f\t%.3f\t%.6g\t%.6g\t%zu\t%zu\t%s\n", r->name, r->med_o, r->med_n, r->change,
				r->ci_ok ? r->lo : NAN, r->ci_ok ? r->hi : NAN, r->tested ? r->p : NAN, r->tested ? r->padj : NAN,
				r->o->n, r->n->n, verdict_name[r->verdict]);
		else if (format == F_MARKDOWN)
			printf("| `%s` | %s | %s | %+.1f%% | %s | %.3g | %s |\n", r->name, human(r->med_o, b1, sizeof b1),
				human(r->med_n, b2, sizeof b2), r->change, ci, r->tested ? r->padj : NAN, verdict_name[r->verdict]);
		else
			{
			char pbuf[32];
			snprintf(pbuf, sizeof pbuf, r->tested ? "%.3g" : "-", r->padj);
			printf("%-*s  %12s  %12s  %+7.1f%%  %-20s  %9s  %s\n", w, r->name, human(r->med_o, b1, sizeof b1),
				human(r->med_n, b2, sizeof b2), r->change, ci, pbuf, verdict_name[r->verdict]);
		}
	}
	if (ngeo) {
		double g = exp(sumlog / (double)ngeo);
		if (format == F_TSV)
			printf("geomean\t\t\t%.3f\t\t\t\t\t\t\t\n", (g - 1) * 100);
		else
			printf("\ngeometric mean of new/old medians: %.4f (%+.2f%%) over %zu benchmarks\n", g, (g - 1) * 100,
				ngeo);
	}
	/* exact counters: any change is reported; rises in cost and lost verdicts are regressions */
	int counter_changes = 0;
	for (size_t i = 0; i < nr; i++)
		for (int k = 0; k < PB_MAX_EXACT && pb_exact_counters[k]; k++) {
			double a = pb_series_exact(rows[i].o, k), b = pb_series_exact(rows[i].n, k);
			if (isnan(a) || isnan(b) || a == b)
				continue;
			const char *c = pb_exact_counters[k];
			bool worse = strcmp(c, "verdict_ok") == 0 ? b < a : strcmp(c, "flagged") == 0 ? false : b > a;
			regressions += worse;
			counter_changes++;
			printf("%scounter %s of %s: %g -> %g%s\n", format == F_TSV ? "# " : "", c, rows[i].name, a, b,
				worse ? "  REGRESSION" : "");
		}
	size_t only[2] = {0, 0};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < run[k].n; i++)
			if (!pb_run_find(&run[1 - k], run[k].b[i].name)) {
				printf("%sonly in %s: %s\n", format == F_TSV ? "# " : "", k ? "NEW" : "OLD", run[k].b[i].name);
				only[k]++;
			}
	size_t too_few = 0;
	for (size_t i = 0; i < nr; i++)
		too_few += rows[i].verdict == V_TOO_FEW;
	if (too_few)
		printf("%s%zu benchmark(s) have fewer than %d repetitions on a side: no verdict for them\n",
			format == F_TSV ? "# " : "", too_few, MIN_REPS);
	printf("%s%s: %zu benchmarks compared (%zu tested), %d slower, %d faster, %d exact-counter changes, "
	       "%zu only in OLD, %zu only in NEW; threshold %.1f%%, alpha %.2f (Holm)\n",
		format == F_TSV ? "# " : "", regressions ? "REGRESSION" : "no regression", nr, ntested, regressions,
		improvements, counter_changes, only[0], only[1], threshold, ALPHA);
	free(rows);
	free(pv);
	free(adj);
	pb_run_free(&run[0]);
	pb_run_free(&run[1]);
	return regressions ? 1 : 0;
}
