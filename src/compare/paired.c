/* paired.c: OLD and NEW run round by round (scripts/compare: A and B back to back in each round, in random
 * order). The unit of evidence is a round's log-ratio NEW/OLD (the medians of its repetitions): drift that
 * hits both sides of a round cancels, and the process, not the iteration, is what is sampled. Sizes of one
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
#include "stats.h"

enum { P_SAME, P_SLOWER, P_SLOWER_SMALL, P_FASTER, P_UNTESTED };
static const char *const pverdict[] = {"same", "SLOWER", "slower (below threshold)", "faster", "cannot test"};

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
	int round;
	double t;
} sample;

static int by_round(const void *a, const void *b)
{
	const sample *x = a, *y = b;
	return (x->round > y->round) - (x->round < y->round);
}

/* s's samples sorted by round; the caller frees. */
static sample *by_rounds(const pb_bench_series *s)
{
	sample *v = malloc((s->n ? s->n : 1) * sizeof *v);
	for (size_t i = 0; v && i < s->n; i++)
		v[i] = (sample){s->round[i], s->t[i]};
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

/* A benchmark's rounds: those both sides ran, each side's median in it. */
static int benchmark_rounds(prow *p, const pb_bench_series *o, const pb_bench_series *n)
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
			const double x = round_time(a, o->n, &i), y = round_time(b, n->n, &j);
			p->rounds[p->n] = r;
			p->d[p->n] = log((y > 0 ? y : 1e-300) / (x > 0 ? x : 1e-300));
			p->dns[p->n++] = y - x;
		}
	}
	free(a);
	free(b);
	return rc;
}

static int by_key(const void *a, const void *b) { return strcmp(((const prow *)a)->key, ((const prow *)b)->key); }

/* Every benchmark both sides timed in a common round; exact counters compared on the way. */
static int benchmark_rows(const pb_run run[2], const cmp_opts *o, prow *rows, size_t *k, counters *c)
{
	for (size_t i = 0; i < run[0].n; i++) {
		const pb_bench_series *a = &run[0].b[i], *b = pb_run_find(&run[1], a->name);
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
		if (!p->key || benchmark_rounds(p, a, b))
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
		r->t = pb_paired_t(r->d, r->n, o->first_stage < r->n ? (size_t)o->first_stage : 0, PB_ALPHA);
		if (r->dns)
			r->tns = pb_paired_t(r->dns, r->n, o->first_stage < r->n ? (size_t)o->first_stage : 0, PB_ALPHA);
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
	}
	free(pv);
	free(adj);
}

static void print_header(size_t format, bool families)
{
	if (format == F_TSV)
		printf("kind\tbenchmark\tmembers\trounds\told_median_ns\tnew_median_ns\tchange_pct\tci_lo_pct\tci_hi_pct\tp\t"
		       "p_holm\tmde_pct\tdiff_ns\tdiff_lo_ns\tdiff_hi_ns\tgates\tverdict\n");
	else if (format == F_MARKDOWN)
		printf("\n| %s | %s | rounds | change | 95%% CI of change | p (Holm) | MDE | verdict |\n|---|---:|---:|---:|---|---:|---:|---|\n",
			families ? "family" : "benchmark", families ? "sizes" : "median old → new");
	else
		printf("\n%-48s %-22s %6s %8s  %-20s %9s %6s  %s\n", families ? "family" : "benchmark",
			families ? "sizes pooled" : "median old -> new", "rounds", "change", "95% CI of change", "p (Holm)", "MDE",
			"verdict");
}

static void print_row(const prow *r, size_t format, const char *kind)
{
	char ci[64], p[32], mde[32], what[64], b1[32], b2[32];
	snprintf(ci, sizeof ci, r->tested ? "[%+.2f%%, %+.2f%%]" : "-", pb_pct(r->t.lo), pb_pct(r->t.hi));
	snprintf(p, sizeof p, r->tested ? "%.3g" : "-", r->padj);
	snprintf(mde, sizeof mde, r->tested ? "%.1f%%" : "-", r->mde_pct);
	if (r->members > 1 || isnan(r->med_o))
		snprintf(what, sizeof what, "%zu", r->members);
	else
		snprintf(what, sizeof what, "%s -> %s", pb_human_ns(r->med_o, b1, sizeof b1), pb_human_ns(r->med_n, b2, sizeof b2));
	const char *v = r->gates || r->verdict == P_UNTESTED ? pverdict[r->verdict] : r->verdict == P_SLOWER ? "slower (not gating)" : pverdict[r->verdict];
	if (format == F_TSV) {
		const bool ns = r->tested && r->dns;
		printf("%s\t%s\t%zu\t%zu\t%.6g\t%.6g\t%.3f\t%.3f\t%.3f\t%.6g\t%.6g\t%.3f\t%.6g\t%.6g\t%.6g\t%s\t%s\n", kind, r->key,
			r->members, r->n, r->med_o, r->med_n, r->tested ? pb_pct(r->t.mean) : NAN, r->tested ? pb_pct(r->t.lo) : NAN,
			r->tested ? pb_pct(r->t.hi) : NAN, r->tested ? r->t.p : NAN, r->tested ? r->padj : NAN,
			r->tested ? r->mde_pct : NAN, ns ? r->tns.mean : NAN, ns ? r->tns.lo : NAN, ns ? r->tns.hi : NAN,
			r->gates ? "yes" : "no", v);
	} else if (format == F_MARKDOWN) {
		fputs("| ", stdout);
		pb_md_name(r->key);
		printf(" | %s | %zu | %+.2f%% | %s | %s | %s | %s |\n", what, r->n, r->tested ? pb_pct(r->t.mean) : NAN, ci, p,
			mde, v);
	} else {
		printf("%-48s %-22s %6zu %+7.2f%%  %-20s %9s %6s  %s\n", r->key, what, r->n, r->tested ? pb_pct(r->t.mean) : NAN,
			ci, p, mde, v);
	}
}

static size_t count_rounds(const prow *fam, size_t nf)
{
	size_t r = 0;
	for (size_t i = 0; i < nf; i++)
		r = fam[i].n > r ? fam[i].n : r;
	return r;
}

/* What the rounds could see: each gating family whose MDE is above the threshold is named. */
static void print_power(const prow *fam, size_t nf, const cmp_opts *o, const char *pre)
{
	double worst = 0;
	size_t blind = 0, tested = 0;
	for (size_t i = 0; i < nf; i++) {
		if (!fam[i].gates || !fam[i].tested)
			continue;
		tested++;
		worst = fam[i].mde_pct > worst ? fam[i].mde_pct : worst;
		if (fam[i].mde_pct > o->threshold) {
			blind++;
			printf("%schanges smaller than %.1f%% in %s cannot be seen with %zu rounds here\n", pre, fam[i].mde_pct,
				fam[i].key, fam[i].n);
		}
	}
	if (tested && !blind)
		printf("%spower: every gating family shows a change of %.1f%% with 80%% probability or more (MDE at most %.1f%%, "
		       "%zu rounds)\n", pre, o->threshold, worst, count_rounds(fam, nf));
}

static int print_report(prow *rows, size_t n, prow *fam, size_t nf, const counters *c, const pb_run run[2],
	const cmp_opts *o)
{
	const char *pre = o->format == F_TSV ? "# " : "";
	int slower = 0;
	size_t tested = 0;
	if (o->format != F_TSV)
		printf("Paired rounds: %zu (each ran OLD and NEW back to back; a round is one value: the log-ratio NEW/OLD of\n"
		       "the sides' fastest repetitions in it).\n"
		       "Families pool the sizes >= 1 MiB of one probe x configuration x layout.\n"
		       "Student's t on the rounds%s, Holm across the gating families.\n"
		       "A family regresses when it is significantly slower and its 95%% interval reaches +%.1f%%.\n"
		       "MDE: the smallest change a family shows with 80%% probability at these rounds.\n",
			count_rounds(fam, nf), o->first_stage ? " (Stein's rule: the first stage's spread)" : "",
			o->threshold);
	print_header(o->format, true);
	for (size_t i = 0; i < nf; i++)
		if (fam[i].gates) {
			print_row(&fam[i], o->format, "family");
			slower += fam[i].verdict == P_SLOWER;
			tested += fam[i].tested;
		}
	for (size_t i = 0, first = 1; i < nf; i++)
		if (!fam[i].gates) {
			if (first && o->format != F_TSV)
				printf("shown, not gating (--no-gate '%s'): time cannot gate them here (instructions do)\n", o->no_gate);
			first = 0;
			print_row(&fam[i], o->format, "family");
		}
	print_header(o->format, false);
	qsort(rows, n, sizeof *rows, by_key);
	for (size_t i = 0; i < n; i++)
		print_row(&rows[i], o->format, "benchmark");
	if (o->format != F_TSV)
		printf("\n");
	pb_print_unmatched(c, run, pre);
	print_power(fam, nf, o, pre);
	printf("%s%s: %d of %zu gating families slower beyond %.1f%%, %d exact-counter regressions (%zu changes); %zu rounds, "
	       "alpha %.2f (Holm)\n",
		pre, slower + c->worse ? "REGRESSION" : tested ? "no regression" : "NO VERDICT", slower, tested, o->threshold,
		c->worse, c->n, count_rounds(fam, nf), PB_ALPHA);
	if (!tested && !c->worse)
		fprintf(stderr, "pagebound-compare: no family could be tested (a test needs 2 rounds on both sides): no verdict\n");
	return slower + c->worse ? 1 : tested ? 0 : 2;
}

/* --plan: the rounds each gating family needs for its MDE to reach the threshold (Stein's second stage). */
static void print_plan(const prow *fam, size_t nf, const cmp_opts *o)
{
	size_t m = 0, most = 0;
	for (size_t i = 0; i < nf; i++)
		m += fam[i].gates && fam[i].tested;
	printf("family\tsd\trounds\trounds_needed\n");
	for (size_t i = 0; i < nf; i++) {
		if (!fam[i].gates || !fam[i].tested)
			continue;
		const size_t need = pb_stein_n(fam[i].t.sd, fam[i].n, PB_ALPHA / (double)m, PB_POWER, log(1 + o->threshold / 100));
		most = need > most ? need : most;
		printf("%s\t%.6g\t%zu\t%zu\n", fam[i].key, fam[i].t.sd, fam[i].n, need);
	}
	printf("all\t-\t%zu\t%zu\n", count_rounds(fam, nf), most);
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

int cmp_paired(const pb_run run[2], const cmp_opts *o)
{
	const size_t cap = run[0].n + 1;
	prow *rows = calloc(cap, sizeof *rows), *fam = calloc(cap, sizeof *fam);
	counters c = {0};
	size_t n = 0, nf = 0;
	int rc = 2;
	if (rows && fam && benchmark_rows(run, o, rows, &n, &c) == 0 && family_rows(rows, n, fam, &nf) == 0) {
		test_rows(fam, nf, true, o);
		test_rows(fam, nf, false, o);
		test_rows(rows, n, true, o);
		test_rows(rows, n, false, o);
		if (o->plan) {
			print_plan(fam, nf, o);
			rc = 0;
		} else if (o->contrast) { /* one run, two variants: the benchmark rows are the answer */
			print_header(o->format, false);
			qsort(rows, n, sizeof *rows, by_key);
			for (size_t i = 0; i < n; i++)
				print_row(&rows[i], o->format, "contrast");
			rc = 0;
		} else {
			rc = print_report(rows, n, fam, nf, &c, run, o);
		}
	} else {
		fprintf(stderr, "pagebound-compare: out of memory\n");
	}
	free_rows(rows, n);
	free_rows(fam, nf);
	free(c.cc);
	return rc;
}
