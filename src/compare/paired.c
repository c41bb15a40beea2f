/* paired.c: OLD and NEW run round by round (scripts/compare: in each round A and B back to back in random order,
 * or at once on two CPUs: duet rounds). The unit of evidence is a round's log-ratio NEW/OLD (of the sides' fastest
 * repetitions; or, pairing by repetition, the median of the pairs'): drift that hits both sides of a round
 * cancels, and the process, not the iteration, is what is sampled. Sizes of one
 * probe x configuration x layout from 1 MiB up run the same system-call loop, so they are pooled into a
 * family: the mean of their log-ratios in each round. Families are tested with Student's t on the rounds
 * (Stein's two-stage rule when the rounds were chosen from a first stage's spread), Holm across the families
 * that gate; a family regresses when its slowdown is significant and its interval reaches the threshold. Each
 * family's minimum detectable effect (80% power) says what the rounds could see. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "family.h"
#include "reduce.h"
#include "stats.h"

enum { P_SAME, P_SLOWER, P_SLOWER_SMALL, P_FASTER, P_UNTESTED, P_TOO_FEW };
static const char *const pverdict[] = {"same", "SLOWER", "slower (below threshold)", "faster", "cannot test",
	"too few rounds to decide"};

typedef struct prow {
	char *key;          /* the family (or the benchmark), as shown */
	size_t members, n;  /* benchmarks pooled; rounds */
	int *rounds;        /* ascending */
	double *d, *dns;    /* per round: log-ratio NEW/OLD; difference in ns (benchmarks only) */
	double med_o, med_n;
	pb_paired t, tns;
	double padj, mde_pct;
	bool gates, tested;
	int verdict;
} prow;

typedef struct sample {
	int round, rep;
	double t;
} sample;

static int by_round(const void *a, const void *b)
{
	const sample *x = a, *y = b;
	return x->round != y->round ? (x->round > y->round) - (x->round < y->round) : (x->rep > y->rep) - (x->rep < y->rep);
}

/* s's samples sorted by round, then repetition; the caller frees. */
static sample *by_rounds(const pb_bench_series *s)
{
	sample *v = malloc((s->n ? s->n : 1) * sizeof *v);
	for (size_t i = 0; v && i < s->n; i++)
		v[i] = (sample){s->round[i], s->rep ? s->rep[i] : -1, s->t[i]};
	if (v)
		qsort(v, s->n, sizeof *v, by_round);
	return v;
}

/* One side's time in the round of samples starting at *i (advanced past it): the fastest repetition. On a
 * shared machine noise only ever adds time (a neighbour's burst, a preemption the CPU clock still counts), so
 * the minimum is the estimate that moves least (Chen and Revels, "Robust benchmarking in noisy environments",
 * 2016: the minimum for a workload that is deterministic); a slowdown of the code moves it all the same. */
static double round_time(const sample *v, size_t n, size_t *i)
{
	double best = INFINITY;
	const int r = v[*i].round;
	for (; *i < n && v[*i].round == r; (*i)++)
		best = v[*i].t < best ? v[*i].t : best;
	return best;
}

/* --pairing repetition (duet rounds: the two sides ran at once, in the same order, so repetition k of a benchmark
 * ran at about the same time on both): the round's log-ratio is the median over its pairs of log(NEW_k / OLD_k),
 * a burst that hits both sides at once cancelling pair by pair. a[0..na) and b[0..nb) are one round of each side,
 * by repetition; NaN when no repetition index pairs (then the fastest repetitions are used). */
static double round_pairs(const sample *a, size_t na, const sample *b, size_t nb)
{
	double l[64];
	size_t k = 0;
	for (size_t i = 0, j = 0; i < na && j < nb && k < sizeof l / sizeof l[0];) {
		if (a[i].rep < b[j].rep)
			i++;
		else if (b[j].rep < a[i].rep)
			j++;
		else {
			if (a[i].rep >= 0 && a[i].t > 0 && b[j].t > 0)
				l[k++] = log(b[j].t / a[i].t);
			i++;
			j++;
		}
	}
	return k ? pb_median(l, k) : NAN;
}

/* A benchmark's rounds: those both sides ran, each side's fastest repetition in it (or, pairing by repetition,
 * the median of the pairs' log-ratios). */
static int benchmark_rounds(prow *p, const pb_bench_series *o, const pb_bench_series *n, bool pairs)
{
	sample *a = by_rounds(o), *b = by_rounds(n);
	const size_t cap = o->n < n->n ? o->n : n->n;
	p->rounds = malloc((cap ? cap : 1) * sizeof *p->rounds);
	p->d = malloc((cap ? cap : 1) * sizeof *p->d);
	p->dns = malloc((cap ? cap : 1) * sizeof *p->dns);
	int rc = a && b && p->rounds && p->d && p->dns ? 0 : -1;
	for (size_t i = 0, j = 0; rc == 0 && i < o->n && j < n->n;) {
		if (a[i].round < b[j].round) {
			round_time(a, o->n, &i);
		} else if (b[j].round < a[i].round) {
			round_time(b, n->n, &j);
		} else {
			const int r = a[i].round;
			const size_t i0 = i, j0 = j;
			const double x = round_time(a, o->n, &i), y = round_time(b, n->n, &j);
			const double paired = pairs ? round_pairs(a + i0, i - i0, b + j0, j - j0) : NAN;
			p->rounds[p->n] = r;
			p->d[p->n] = isnan(paired) ? log((y > 0 ? y : 1e-300) / (x > 0 ? x : 1e-300)) : paired;
			p->dns[p->n++] = y - x;
		}
	}
	free(a);
	free(b);
	return rc;
}

static int by_key(const void *a, const void *b) { return strcmp(((const prow *)a)->key, ((const prow *)b)->key); }

/* Every benchmark both sides timed in a common round; exact counters compared on the way. */
static int benchmark_rows(const pb_input run[2], const cmp_opts *o, prow *rows, size_t *k, counters *c)
{
	if (pb_counters_take(c, &o->icount)) /* the instructions gate's changes first: exact, like the counters below */
		return -1;
	for (size_t i = 0; i < run[0].n; i++) {
		const pb_bench_series *a = &run[0].b[i], *b = pb_input_find(&run[1], a->name);
		if (!b)
			continue;
		if (pb_counter_changes(c, a, b, o->threshold))
			return -1;
		if (a->error || b->error || !a->n || !b->n)
			continue;
		prow *p = &rows[*k];
		memset(p, 0, sizeof *p);
		p->key = strdup(a->shown);
		p->members = 1;
		p->med_o = pb_median(a->t, a->n);
		p->med_n = pb_median(b->t, b->n);
		p->gates = pb_gates(o, a->name);
		++*k;
		if (!p->key || benchmark_rounds(p, a, b, o->pairing == 1))
			return -1;
	}
	return 0;
}

static int cmp_int(const void *a, const void *b) { return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b); }

/* A family from its members: every round any member ran, each the mean of the members' log-ratios in it. */
static int family_row(prow *f, prow *const *m, size_t nm)
{
	size_t total = 0, u = 0;
	for (size_t i = 0; i < nm; i++)
		total += m[i]->n;
	int *all = malloc((total ? total : 1) * sizeof *all);
	size_t *cnt = calloc(total ? total : 1, sizeof *cnt);
	f->d = calloc(total ? total : 1, sizeof *f->d);
	f->key = pb_family(m[0]->key);
	if (!all || !cnt || !f->d || !f->key) {
		free(all);
		free(cnt);
		return -1;
	}
	for (size_t i = 0, k = 0; i < nm; i++)
		for (size_t r = 0; r < m[i]->n; r++)
			all[k++] = m[i]->rounds[r];
	qsort(all, total, sizeof *all, cmp_int);
	for (size_t i = 0; i < total; i++)
		if (u == 0 || all[i] != all[u - 1])
			all[u++] = all[i];
	for (size_t i = 0; i < nm; i++)
		for (size_t r = 0; r < m[i]->n; r++) {
			const size_t at = (size_t)((int *)bsearch(&m[i]->rounds[r], all, u, sizeof *all, cmp_int) - all);
			f->d[at] += m[i]->d[r];
			cnt[at]++;
		}
	for (size_t i = 0; i < u; i++)
		f->d[i] /= (double)cnt[i];
	f->rounds = all;
	f->n = u;
	f->members = nm;
	f->gates = m[0]->gates;
	f->med_o = f->med_n = NAN;
	free(cnt);
	return 0;
}

/* Families: the benchmark rows grouped by family key (sorted, so that members sit together whatever order the
 * files listed them in). */
typedef struct keyed {
	char *key;
	prow *row;
} keyed;

static int by_family(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	const int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->row->key, y->row->key);
}

static int family_rows(prow *rows, size_t n, prow *fam, size_t *nf)
{
	keyed *kr = calloc(n ? n : 1, sizeof *kr);
	prow **by = malloc((n ? n : 1) * sizeof *by);
	int rc = kr && by ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		kr[i] = (keyed){pb_family(rows[i].key), &rows[i]};
		rc = kr[i].key ? 0 : -1;
	}
	if (rc == 0)
		qsort(kr, n, sizeof *kr, by_family);
	for (size_t i = 0; rc == 0 && i < n;) {
		size_t j = i;
		for (; j < n && strcmp(kr[j].key, kr[i].key) == 0; j++)
			by[j - i] = kr[j].row;
		memset(&fam[*nf], 0, sizeof fam[0]);
		rc = family_row(&fam[(*nf)++], by, j - i);
		i = j;
	}
	for (size_t i = 0; kr && i < n; i++)
		free(kr[i].key);
	free(kr);
	free(by);
	return rc;
}

/* The test on a row's rounds: Wilcoxon's signed-rank test and the Hodges-Lehmann median (--estimator median, the
 * default), Student's t on
 * the mean, or Stein's two-stage t when the rounds were chosen from a first stage's spread. */
static pb_paired round_test(const double *d, size_t n, const cmp_opts *o)
{
	if (o->first_stage && o->first_stage < n)
		return pb_paired_t(d, n, (size_t)o->first_stage, PB_ALPHA);
	return o->estimator == 1 ? pb_signed_rank(d, n, PB_ALPHA) : pb_paired_t(d, n, 0, PB_ALPHA);
}

/* Tests rows[0..n) (those with gates == want): t on the rounds, Holm across them, the MDE at alpha / their
 * number, and the verdict. */
static void test_rows(prow *rows, size_t n, bool want, const cmp_opts *o)
{
	double *pv = calloc(n ? n : 1, sizeof *pv), *adj = calloc(n ? n : 1, sizeof *adj);
	size_t m = 0;
	const double thr = log(1 + o->threshold / 100);
	for (size_t i = 0; pv && adj && i < n; i++) {
		prow *r = &rows[i];
		if (r->gates != want || r->n < 2)
			continue;
		r->t = round_test(r->d, r->n, o);
		if (r->dns)
			r->tns = round_test(r->dns, r->n, o);
		r->tested = isfinite(r->t.p);
		if (r->tested)
			pv[m++] = r->t.p;
	}
	pb_holm(pv, adj, m);
	for (size_t i = 0, k = 0; pv && adj && i < n; i++) {
		prow *r = &rows[i];
		if (r->gates != want)
			continue;
		r->verdict = P_UNTESTED;
		if (!r->tested)
			continue;
		r->padj = adj[k++];
		r->mde_pct = pb_pct(pb_mde(r->t.sd, r->t.df, r->n, PB_ALPHA / (double)m, PB_POWER));
		const bool sig = r->padj < PB_ALPHA;
		r->verdict = !sig ? P_SAME : r->t.mean < 0 ? P_FASTER : r->t.hi >= thr ? P_SLOWER : P_SLOWER_SMALL;
		/* the signed-rank test's smallest p is 2 / 2^n: when even that cannot pass Holm, "same" would be a guess */
		if (o->estimator == 1 && !o->first_stage && ldexp(2.0, -(int)(r->n < 1000 ? r->n : 1000)) * (double)m >= PB_ALPHA) {
			r->verdict = P_TOO_FEW;
			r->mde_pct = INFINITY;
		}
	}
	free(pv);
	free(adj);
}

/* ---- the report, computed once; then one printer per format, each writing the same rows ---- */

typedef struct preport {
	prow *rows, *fam;
	size_t n, nf;
	counters c;
	size_t rounds, tested, blind; /* rounds: the most any family had; blind: gating families whose MDE > threshold */
	int slower;                   /* gating families SLOWER */
	double worst_mde;
	pb_paired geo;                /* the mean over the gating families of their log-ratios, round by round */
	size_t geo_m;                 /* how many families it pools (0: none) */
	int status;                   /* 0 no regression, 1 regression, 2 no verdict */
} preport;

/* The geometric mean over the tested gating families: in each round every one of them ran, the mean of their
 * log-ratios; t on those rounds (Stein's first stage as for the families). */
static void geomean(preport *r, const cmp_opts *o)
{
	const prow *first = NULL;
	for (size_t i = 0; i < r->nf; i++)
		if (r->fam[i].gates && r->fam[i].tested && !first)
			first = &r->fam[i];
	if (!first)
		return;
	double *g = calloc(first->n, sizeof *g);
	size_t k = 0, m = 0;
	for (size_t j = 0; g && j < first->n; j++) {
		double sum = 0;
		size_t in = 0, want = 0;
		for (size_t i = 0; i < r->nf; i++) {
			const prow *f = &r->fam[i];
			if (!f->gates || !f->tested)
				continue;
			want++;
			const int *at = bsearch(&first->rounds[j], f->rounds, f->n, sizeof *f->rounds, cmp_int);
			if (at) {
				sum += f->d[at - f->rounds];
				in++;
			}
		}
		if (in == want) {
			g[k++] = sum / (double)in;
			m = want;
		}
	}
	if (k >= 2) {
		r->geo = round_test(g, k, o);
		r->geo_m = m;
	}
	free(g);
}

/* The verdict and what the rounds could see, from the tested rows. */
static void summarize(preport *r, const cmp_opts *o)
{
	for (size_t i = 0; i < r->nf; i++) {
		const prow *f = &r->fam[i];
		r->rounds = f->n > r->rounds ? f->n : r->rounds;
		if (!f->gates)
			continue;
		r->slower += f->verdict == P_SLOWER;
		r->tested += f->tested && f->verdict != P_TOO_FEW;
		if (f->tested) {
			r->worst_mde = f->mde_pct > r->worst_mde ? f->mde_pct : r->worst_mde;
			r->blind += f->mde_pct > o->threshold;
		}
	}
	geomean(r, o);
	r->status = r->slower + r->c.worse ? 1 : r->tested ? 0 : 2;
}

static const char *verdict_of(const prow *r)
{
	if (!r->gates && r->verdict == P_SLOWER)
		return "slower (not gating)";
	return pverdict[r->verdict];
}

static const char *headline(const preport *r)
{
	return pb_status_words(r->status);
}

/* A row's cells as every printer shows them. */
typedef struct cells {
	char ci[64], p[32], mde[32], what[80], change[32];
} cells;

static void row_cells(const prow *r, cells *c)
{
	char b1[32], b2[32];
	const int d = r->tested ? pb_quote_decimals(pb_pct(r->t.lo), pb_pct(r->t.hi)) : 1; /* the digits the interval supports */
	snprintf(c->ci, sizeof c->ci, r->tested ? "[%+.*f%%, %+.*f%%]" : "-", d, pb_pct(r->t.lo), d, pb_pct(r->t.hi));
	snprintf(c->p, sizeof c->p, r->tested ? "%.3g" : "-", r->padj);
	snprintf(c->mde, sizeof c->mde, r->tested ? "%.1f%%" : "-", r->mde_pct);
	snprintf(c->change, sizeof c->change, "%+.*f%%", d, r->tested ? pb_pct(r->t.mean) : NAN);
	if (r->members > 1 || isnan(r->med_o))
		snprintf(c->what, sizeof c->what, "%zu", r->members);
	else
		snprintf(c->what, sizeof c->what, "%s -> %s", pb_human_ns(r->med_o, b1, sizeof b1), pb_human_ns(r->med_n, b2, sizeof b2));
}

static void method(FILE *f, const preport *r, const cmp_opts *o)
{
	if (o->duet)
		fprintf(f, "Paired rounds: %zu (duet: OLD and NEW ran at once, each on its own CPU, trading CPUs every round; a\n"
			   "round is one value: the log-ratio NEW/OLD of %s).\n", r->rounds,
			o->pairing ? "its repetitions paired by index, their median" : "the sides' fastest repetitions in it");
	else
		fprintf(f, "Paired rounds: %zu (each ran OLD and NEW back to back; a round is one value: the log-ratio NEW/OLD of\n"
			   "%s).\n", r->rounds,
			o->pairing ? "its repetitions paired by index, their median" : "the sides' fastest repetitions in it");
	fprintf(f, "Families pool the sizes >= 1 MiB of one probe x configuration x layout.\n"
		   "%s on the rounds%s, Holm across the gating families.\n"
		   "A family regresses when it is significantly slower and its 95%% interval reaches +%.1f%%.\n"
		   "median o -> n (all reps): each side's median over every repetition, unpaired; change: the paired estimate\n"
		   "over the rounds, which the verdict tests (the two differ when the rounds drift).\n"
		   "MDE: the smallest change a family shows with 80%% probability at these rounds.\n",
		o->first_stage ? "Student's t" : o->estimator ? "Wilcoxon's signed-rank test (Hodges-Lehmann change)" : "Student's t",
		o->first_stage ? " (Stein's rule: the first stage's spread)" : "", o->threshold);
}

/* What the rounds could see: each gating family whose MDE is above the threshold is named. */
static void power_lines(FILE *f, const preport *r, const cmp_opts *o, size_t format)
{
	const char *pre = format == F_TSV ? "# " : format == F_MARKDOWN ? "- " : "";
	for (size_t i = 0; i < r->nf; i++) {
		const prow *x = &r->fam[i];
		if (x->gates && x->tested && isinf(x->mde_pct)) {
			fputs(pre, f);
			pb_put_data(f, format, x->key, false);
			fprintf(f, ": %zu rounds are too few for the signed-rank test to decide anything here\n", x->n);
		} else if (x->gates && x->tested && x->mde_pct > o->threshold) {
			fprintf(f, "%schanges smaller than %.1f%% in ", pre, x->mde_pct);
			pb_put_data(f, format, x->key, false);
			fprintf(f, " cannot be seen with %zu rounds here\n", x->n);
		}
	}
	if (r->tested && !r->blind)
		fprintf(f, "%spower: every gating family shows a change of %.1f%% with 80%% probability or more (MDE at most "
			   "%.1f%%, %zu rounds)\n", pre, o->threshold, r->worst_mde, r->rounds);
}

static void geo_line(FILE *f, const preport *r, const char *pre, const char *em)
{
	const int d = pb_quote_decimals(pb_pct(r->geo.lo), pb_pct(r->geo.hi));
	if (r->geo_m)
		fprintf(f, "%sgeometric mean over the %zu gating families: %s%+.*f%%%s [%+.*f%%, %+.*f%%] (95%%, %zu rounds)\n", pre,
			r->geo_m, em, d, pb_pct(r->geo.mean), em, d, pb_pct(r->geo.lo), d, pb_pct(r->geo.hi), r->geo.n);
}

static void verdict_line(FILE *f, const preport *r, const cmp_opts *o, const char *pre)
{
	fprintf(f, "%s%s: %d of %zu gating families slower beyond %.1f%%, %d exact-counter regressions (%zu changes); %zu "
		   "rounds, alpha %.2f (Holm)\n",
		pre, headline(r), r->slower, r->tested, o->threshold, r->c.worse, r->c.n, r->rounds, PB_ALPHA);
}

static void text_table(FILE *f, const prow *rows, size_t n, bool families, int gates)
{
	fprintf(f, "\n%-48s %-22s %6s %8s  %-20s %9s %6s  %s\n", families ? "family" : "benchmark",
		families ? "sizes pooled" : "median o -> n (all reps)", "rounds", "change", "95% CI of change", "p (Holm)", "MDE", "verdict");
	for (size_t i = 0; i < n; i++) {
		cells c;
		if (gates >= 0 && rows[i].gates != (gates == 1))
			continue;
		row_cells(&rows[i], &c);
		fprintf(f, "%-48s %-22s %6zu %8s  %-20s %9s %6s  %s\n", rows[i].key, c.what, rows[i].n, c.change, c.ci, c.p, c.mde,
			verdict_of(&rows[i]));
	}
}

static void print_text(FILE *f, const preport *r, const pb_input run[2], const cmp_opts *o)
{
	pb_print_compared(f, o, F_TEXT);
	method(f, r, o);
	text_table(f, r->fam, r->nf, true, 1);
	for (size_t i = 0; i < r->nf; i++)
		if (!r->fam[i].gates) {
			fprintf(f, "shown, not gating (--no-gate '%s'): time cannot gate them here (instructions do)\n", o->no_gate);
			text_table(f, r->fam, r->nf, true, 0);
			break;
		}
	text_table(f, r->rows, r->n, false, -1);
	fprintf(f, "\n");
	pb_print_unmatched(f, &r->c, run, o, F_TEXT);
	power_lines(f, r, o, F_TEXT);
	geo_line(f, r, "", "");
	verdict_line(f, r, o, "");
}

static void tsv_row(FILE *f, const prow *r, const char *kind)
{
	const bool ns = r->tested && r->dns;
	fprintf(f, "%s\t%s\t%zu\t%zu\t%.6g\t%.6g\t%.3f\t%.3f\t%.3f\t%.6g\t%.6g\t%.3f\t%.6g\t%.6g\t%.6g\t%s\t%s\n", kind, r->key,
		r->members, r->n, r->med_o, r->med_n, r->tested ? pb_pct(r->t.mean) : NAN, r->tested ? pb_pct(r->t.lo) : NAN,
		r->tested ? pb_pct(r->t.hi) : NAN, r->tested ? r->t.p : NAN, r->tested ? r->padj : NAN,
		r->tested ? r->mde_pct : NAN, ns ? r->tns.mean : NAN, ns ? r->tns.lo : NAN, ns ? r->tns.hi : NAN,
		r->gates ? "yes" : "no", verdict_of(r));
}

static void print_tsv(FILE *f, const preport *r, const pb_input run[2], const cmp_opts *o)
{
	fprintf(f, "kind\tbenchmark\tmembers\trounds\told_median_ns\tnew_median_ns\tchange_pct\tci_lo_pct\tci_hi_pct\tp\t"
		   "p_holm\tmde_pct\tdiff_ns\tdiff_lo_ns\tdiff_hi_ns\tgates\tverdict\n");
	for (int g = 1; g >= 0; g--)
		for (size_t i = 0; i < r->nf; i++)
			if (r->fam[i].gates == (g == 1))
				tsv_row(f, &r->fam[i], "family");
	if (r->geo_m)
		fprintf(f, "geomean\tgating families\t%zu\t%zu\tnan\tnan\t%.3f\t%.3f\t%.3f\t%.6g\tnan\tnan\tnan\tnan\tnan\tyes\t-\n",
			r->geo_m, r->geo.n, pb_pct(r->geo.mean), pb_pct(r->geo.lo), pb_pct(r->geo.hi), r->geo.p);
	for (size_t i = 0; i < r->n; i++)
		tsv_row(f, &r->rows[i], "benchmark");
	pb_print_unmatched(f, &r->c, run, o, F_TSV);
	power_lines(f, r, o, F_TSV);
	verdict_line(f, r, o, "# ");
}

static void md_table(FILE *f, const prow *rows, size_t n, bool families, int which)
{
	fprintf(f, "\n| %s | %s | rounds | change | 95%% CI of change | p (Holm) | MDE | verdict |\n|---|---:|---:|---:|---|---:|---:|---|\n",
		families ? "family" : "benchmark", families ? "sizes" : "median old → new");
	for (size_t i = 0; i < n; i++) {
		cells c;
		const bool moved = rows[i].verdict != P_SAME && rows[i].verdict != P_UNTESTED && rows[i].verdict != P_TOO_FEW;
		if ((which == 1 && !(rows[i].gates && moved)) || (which == 0 && rows[i].gates && moved))
			continue;
		row_cells(&rows[i], &c);
		fputs("| ", f);
		pb_md_name(f, rows[i].key);
		fprintf(f, " | %s | %zu | %s | %s | %s | %s | %s |\n", c.what, rows[i].n, c.change, c.ci, c.p, c.mde, verdict_of(&rows[i]));
	}
}

/* Markdown for a pull request's comment: the verdict first, the gating families that moved, the rest folded. */
static void print_markdown(FILE *f, const preport *r, const pb_input run[2], const cmp_opts *o)
{
	size_t moved = 0;
	for (size_t i = 0; i < r->nf; i++)
		moved += r->fam[i].gates && r->fam[i].verdict != P_SAME && r->fam[i].verdict != P_UNTESTED && r->fam[i].verdict != P_TOO_FEW;
	fprintf(f, "### pagebound: %s\n\n", headline(r));
	verdict_line(f, r, o, "");
	fprintf(f, "\n");
	pb_print_compared(f, o, F_MARKDOWN);
	geo_line(f, r, "", "**");
	fprintf(f, "\n");
	power_lines(f, r, o, F_MARKDOWN);
	if (moved)
		md_table(f, r->fam, r->nf, true, 1);
	else
		fprintf(f, "\nNo gating family moved.\n");
	fprintf(f, "\n<details><summary>Every family and benchmark, and how the gate decides</summary>\n\n");
	method(f, r, o);
	md_table(f, r->fam, r->nf, true, 0);
	md_table(f, r->rows, r->n, false, -1);
	char *tail = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&tail, &len);
	if (m) {
		pb_print_unmatched(m, &r->c, run, o, F_MARKDOWN);
		fclose(m);
	}
	if (len) /* counters that changed, benchmarks on one side only: a list, each value from the data a code span */
		fprintf(f, "\n%s", tail);
	free(tail);
	fprintf(f, "\n</details>\n");
}

/* --plan: the rounds each gating family needs for its MDE to reach the threshold: Stein's second stage from these
 * rounds, or (spread) the rounds a test on its own spread needs, these rounds being a noise check. */
static void print_plan(const preport *r, const cmp_opts *o)
{
	size_t m = 0, most = 0;
	for (size_t i = 0; i < r->nf; i++)
		m += r->fam[i].gates && r->fam[i].tested;
	printf("family\tsd\trounds\trounds_needed\n");
	for (size_t i = 0; i < r->nf; i++) {
		const prow *x = &r->fam[i];
		if (!x->gates || !x->tested)
			continue;
		const double target = log(1 + o->threshold / 100);
		const double sd = o->plan == 2 && o->estimator == 1 ? pb_mad_sd(x->d, x->n) : x->t.sd;
		const size_t need = o->plan == 2 ? pb_rounds_for(sd, PB_ALPHA / (double)m, PB_POWER, target)
						 : pb_stein_n(x->t.sd, x->n, PB_ALPHA / (double)m, PB_POWER, target);
		most = need > most ? need : most;
		printf("%s\t%.6g\t%zu\t%zu\n", x->key, sd, x->n, need);
	}
	printf("all\t-\t%zu\t%zu\n", r->rounds, most);
}

static void free_rows(prow *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++) {
		free(rows[i].key);
		free(rows[i].rounds);
		free(rows[i].d);
		free(rows[i].dns);
	}
	free(rows);
}

/* Writes the report in FORMAT to PATH; false (with a line) when it cannot. */
static bool write_to(const char *path, size_t format, const preport *r, const pb_input run[2], const cmp_opts *o)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "pagebound-compare: cannot write %s\n", path);
		return false;
	}
	(format == F_TSV ? print_tsv : format == F_MARKDOWN ? print_markdown : print_text)(f, r, run, o);
	return fclose(f) == 0;
}

static int report(preport *r, const pb_input run[2], const cmp_opts *o)
{
	summarize(r, o);
	if (o->plan) {
		print_plan(r, o);
		return 0;
	}
	if (o->contrast && o->format == F_TSV) { /* one run, two variants: the benchmark rows are the answer */
		printf("kind\tbenchmark\tmembers\trounds\told_median_ns\tnew_median_ns\tchange_pct\tci_lo_pct\tci_hi_pct\tp\t"
		       "p_holm\tmde_pct\tdiff_ns\tdiff_lo_ns\tdiff_hi_ns\tgates\tverdict\n");
		for (size_t i = 0; i < r->n; i++)
			tsv_row(stdout, &r->rows[i], "contrast");
		return 0;
	}
	if (o->contrast) {
		(o->format == F_MARKDOWN ? md_table : text_table)(stdout,
			r->rows, r->n, false, -1);
		return 0;
	}
	(o->format == F_TSV ? print_tsv : o->format == F_MARKDOWN ? print_markdown : print_text)(stdout, r, run, o);
	if ((o->tsv_out && !write_to(o->tsv_out, F_TSV, r, run, o)) || (o->md_out && !write_to(o->md_out, F_MARKDOWN, r, run, o)))
		return 2;
	if (r->status == 2)
		fprintf(stderr, "pagebound-compare: no family could be tested (a test needs 2 rounds on both sides; the signed-rank test, 10 with Holm over 17 families): no verdict\n");
	return r->status;
}

int cmp_paired(const pb_input run[2], const cmp_opts *o)
{
	const size_t cap = run[0].n + 1;
	preport r = {.rows = calloc(cap, sizeof(prow)), .fam = calloc(cap, sizeof(prow))};
	int rc = 2;
	if (r.rows && r.fam && benchmark_rows(run, o, r.rows, &r.n, &r.c) == 0 && family_rows(r.rows, r.n, r.fam, &r.nf) == 0) {
		test_rows(r.fam, r.nf, true, o);
		test_rows(r.fam, r.nf, false, o);
		test_rows(r.rows, r.n, true, o);
		test_rows(r.rows, r.n, false, o);
		qsort(r.rows, r.n, sizeof *r.rows, by_key);
		rc = report(&r, run, o);
	} else {
		fprintf(stderr, "pagebound-compare: out of memory\n");
	}
	free_rows(r.rows, r.n);
	free_rows(r.fam, r.nf);
	free(r.c.cc);
	return rc;
}
