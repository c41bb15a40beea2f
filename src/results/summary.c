/* summary.c: the answers a run gives a porting engineer, each figure with its 95% interval (summary.h). */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gbjson.h"
#include "reduce.h"
#include "tables.h"
#include "tsv.h"
#include "tsv.h"
#include "util.h"

enum { K_T_EMULATED, K_MODEL, K_BOUND };
static const char *const keep[] = {"t_emulated", "model_ns", "bound", NULL};
enum { E_SYSCALLS, E_EINVAL, E_VERDICT, E_FLAGGED };

typedef struct sum {
	pb_input in;
	pb_tsv list;
	FILE *out;
	const char *free_layout, *seed, *after, *before, *modern;
	size_t big; /* the largest scan size in the run */
} sum;

/* the name (or label) of the list's first row of kind with role */
static const char *role(const sum *s, const char *kind, const char *r, const char *col)
{
	for (size_t i = 1; i < s->list.n; i++)
		if (!strcmp(pb_tsv_get(&s->list, i, "kind"), kind) && !strcmp(pb_tsv_get(&s->list, i, "role"), r))
			return pb_tsv_get(&s->list, i, col);
	return "";
}

static const pb_bench_series *find(const sum *s, const char *family, const char *a, const char *b, const char *c, const char *key, size_t n)
{
	char name[1100];
	snprintf(name, sizeof name, "%s/%s/%s/%s%s%s:%zu", family, a, b, c, *c ? "/" : "", key, n);
	const pb_bench_series *x = pb_input_find(&s->in, name);
	return x && x->n ? x : NULL;
}
static const pb_bench_series *scan(const sum *s, const char *probe, const char *cfg, const char *layout, size_t bytes)
{
	return find(s, "scan", probe, cfg, layout, "bytes", bytes);
}

/* a's and b's repetitions paired by repetition index (interleaved in one process): the values in x and y */
static size_t pair(const pb_bench_series *a, const pb_bench_series *b, double *x, double *y, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; a && b && i < a->n; i++)
		for (size_t j = 0; j < b->n && n < cap; j++)
			if (a->rep[i] >= 0 && a->rep[i] == b->rep[j]) {
				x[n] = a->t[i];
				y[n++] = b->t[j];
				break;
			}
	return n;
}

static void quote_median(char *buf, size_t len, const pb_bench_series *x)
{
	if (!x) {
		snprintf(buf, len, "(not run)");
		return;
	}
	const pb_reduced r = pb_reduce(x->t, x->n);
	pb_quote_ns(buf, len, r.median, r.lo, r.hi);
}

/* b / a, paired; "-" when either is missing */
static void quote_ratio(char *buf, size_t len, const pb_bench_series *a, const pb_bench_series *b)
{
	double x[1024], y[1024], est, lo, hi;
	const size_t n = pair(a, b, x, y, 1024);
	if (!n) {
		snprintf(buf, len, "-");
		return;
	}
	pb_ratio_ci(x, y, n, &est, &lo, &hi, NULL);
	pb_quote(buf, len, est, lo, hi, false, "x");
}

static void size_label(size_t b, char *buf, size_t len)
{
	if (b >= PB_GiB)
		snprintf(buf, len, "%zu GiB", b / PB_GiB);
	else if (b >= PB_MiB)
		snprintf(buf, len, "%zu MiB", b / PB_MiB);
	else
		snprintf(buf, len, "%zu KiB", b / PB_KiB);
}

static double exact(const pb_bench_series *x, int k) { return x ? pb_series_exact(x, k) : NAN; }

/* the seed's stepped scan against the scan that steps by T, in every configuration the run has, at 1 MiB and the
 * largest size */
static void by_t(sum *s)
{
	fprintf(s->out, "The seed's %s scan (one mincore every M = 4 KiB) against %s (one every T), layout %s:\n",
		s->seed, s->after, s->free_layout);
	fprintf(s->out, "  %-10s %-22s %-7s %-26s %-26s %-22s %s\n", "config", "T", "size", s->seed, s->after,
		"ratio (first / second)", "calls (EINVAL)");
	size_t shown = 0;
	bool emulated_any = false;
	for (size_t i = 1; i < s->list.n; i++) {
		if (strcmp(pb_tsv_get(&s->list, i, "kind"), "config"))
			continue;
		const char *label = pb_tsv_get(&s->list, i, "label"), *tb = pb_tsv_get(&s->list, i, "t_bytes");
		const size_t sizes[2] = {PB_MiB, s->big};
		for (size_t k = 0; k < 2 && (k == 0 || s->big != PB_MiB); k++) {
			const pb_bench_series *a = scan(s, s->seed, label, s->free_layout, sizes[k]),
					      *b = scan(s, s->after, label, s->free_layout, sizes[k]);
			if (!a || !b)
				continue;
			char t[40], sz[16], ma[64], mb[64], r[64];
			uint64_t tv = 0;
			pb_parse_u64(tb, &tv);
			const bool emulated = a->kn[K_T_EMULATED] && a->kv[K_T_EMULATED][0] == 1;
			emulated_any |= emulated;
			snprintf(t, sizeof t, "%llu KiB%s", (unsigned long long)(tv / 1024), emulated ? " (emulated)" : "");
			size_label(sizes[k], sz, sizeof sz);
			quote_median(ma, sizeof ma, a);
			quote_median(mb, sizeof mb, b);
			quote_ratio(r, sizeof r, b, a);
			fprintf(s->out, "  %-10s %-22s %-7s %-26s %-26s %-22s %.0f (%.0f) vs %.0f\n", label, t, sz, ma, mb, r,
				exact(a, E_SYSCALLS), exact(a, E_EINVAL), exact(b, E_SYSCALLS));
			shown++;
		}
	}
	if (!shown)
		fprintf(s->out, "  (this run has neither at once: the quick sweep runs %s only at T = M)\n", s->after);
	if (emulated_any)
		fputs("  (an emulated T: the kernel's EINVAL for an address that is not T-aligned is made here by the probe's counted\n"
	      "   wrapper and priced with this machine's mincore; a real 16/64 KiB kernel is scripts/kernels' job)\n", s->out);
	fputc('\n', s->out);
}

/* the seed against the probes before and after it, at the seed's configuration */
static void headline(sum *s)
{
	const char *cfg = role(s, "config", "seed", "label");
	const size_t sizes[2] = {PB_MiB, s->big};
	fprintf(s->out, "The seed against the probes before and after it (%s, layout %s):\n", cfg, s->free_layout);
	for (size_t k = 0; k < 2 && (k == 0 || s->big != PB_MiB); k++) {
		char sz[16], r1[64], r2[64];
		size_label(sizes[k], sz, sizeof sz);
		const pb_bench_series *seed = scan(s, s->seed, cfg, s->free_layout, sizes[k]);
		quote_ratio(r1, sizeof r1, scan(s, s->before, cfg, s->free_layout, sizes[k]), seed);
		quote_ratio(r2, sizeof r2, scan(s, s->modern, cfg, s->free_layout, sizes[k]), seed);
		fprintf(s->out, "  %-7s %s / %s %-22s %s / %s %s\n", sz, s->seed, s->before, r1, s->seed, s->modern, r2);
	}
	fputc('\n', s->out);
}

/* probe p's wrong cases: "WRONG in k of n cases: on CFG/LAYOUT ..." or "right in all n cases" */
static void verdicts(sum *s)
{
	fputs("Verdicts (every probe checked against the layout it scanned):\n", s->out);
	for (size_t i = 1; i < s->list.n; i++) {
		if (strcmp(pb_tsv_get(&s->list, i, "kind"), "probe"))
			continue;
		const char *p = pb_tsv_get(&s->list, i, "name");
		char prefix[200], where[2048] = "";
		snprintf(prefix, sizeof prefix, "scan/%s/", p);
		size_t n = 0, wrong = 0, o = 0;
		for (size_t b = 0; b < s->in.n; b++) {
			const pb_bench_series *x = &s->in.b[b];
			if (strncmp(x->name, prefix, strlen(prefix)) || !x->en[E_VERDICT])
				continue;
			n++;
			double v = 1;
			for (size_t k = 0; k < x->en[E_VERDICT]; k++)
				v = fmin(v, x->ev[E_VERDICT][k]);
			if (v == 1)
				continue;
			wrong++;
			char cl[300];
			const char *rest = x->name + strlen(prefix), *last = strrchr(rest, '/');
			snprintf(cl, sizeof cl, " %.*s", (int)(last - rest), rest);
			if (!strstr(where, cl) && o + strlen(cl) < sizeof where)
				o += (size_t)snprintf(where + o, sizeof where - o, "%s", cl);
		}
		if (!n)
			continue;
		if (wrong)
			fprintf(s->out, "  %-16s WRONG in %zu of %zu cases: on%s\n", p, wrong, n, where);
		else
			fprintf(s->out, "  %-16s right in all %zu cases\n", p, n);
	}
	fputc('\n', s->out);
}

/* a variant of the list by its role, or by its bound ("dynamic") */
static const char *variant_bound(const sum *s, const char *bound)
{
	for (size_t i = 1; i < s->list.n; i++)
		if (!strcmp(pb_tsv_get(&s->list, i, "kind"), "variant") && !strcmp(pb_tsv_get(&s->list, i, "bound"), bound))
			return pb_tsv_get(&s->list, i, "name");
	return "";
}

/* the yardstick: the first two variants of the list whose bound is the same number in this build (on-phys and
 * on-phys-64k when P = 64 KiB): the same code, which must come out equal */
static bool yardstick(const sum *s, const char **a, const char **b)
{
	for (size_t i = 1; i < s->list.n; i++)
		for (size_t j = i + 1; j < s->list.n; j++) {
			if (strcmp(pb_tsv_get(&s->list, i, "kind"), "variant") || strcmp(pb_tsv_get(&s->list, j, "kind"), "variant"))
				continue;
			const char *vi = pb_tsv_get(&s->list, i, "name"), *vj = pb_tsv_get(&s->list, j, "name");
			uint64_t li, lj; /* compile-time bounds only: a bound read at run time is other code */
			if (pb_parse_u64(pb_tsv_get(&s->list, i, "bound"), &li) || pb_parse_u64(pb_tsv_get(&s->list, j, "bound"), &lj))
				continue;
			char ni[300], nj[300];
			snprintf(ni, sizeof ni, "barrier/%s/", vi);
			snprintf(nj, sizeof nj, "barrier/%s/", vj);
			double bi = NAN, bj = NAN;
			for (size_t k = 0; k < s->in.n; k++) { /* the bound each variant reported in this build */
				const pb_bench_series *x = &s->in.b[k];
				if (x->kn[K_BOUND] && !strncmp(x->name, ni, strlen(ni)))
					bi = x->kv[K_BOUND][0];
				if (x->kn[K_BOUND] && !strncmp(x->name, nj, strlen(nj)))
					bj = x->kv[K_BOUND][0];
			}
			if (bi > 0 && bi == bj) {
				*a = vi;
				*b = vj;
				return true;
			}
		}
	return false;
}

/* b - a in ns per store at one footprint, paired: its estimate and interval */
static bool diff(const sum *s, const char *a, const char *b, const char *stream, size_t fp, double *est, double *lo, double *hi)
{
	double x[1024], y[1024], d[1024];
	const size_t n = pair(find(s, "barrier", a, stream, "", "footprint", fp), find(s, "barrier", b, stream, "", "footprint", fp),
		x, y, 1024);
	for (size_t i = 0; i < n; i++)
		d[i] = y[i] - x[i];
	return n && pb_paired_ci(d, n, est, lo, hi) != NULL;
}

static double instructions(const pb_tsv *t, const char *variant, const char *stream)
{
	double v = NAN;
	for (size_t r = 1; r < t->n; r++)
		if (!strcmp(pb_tsv_get(t, r, "variant"), variant) && !strcmp(pb_tsv_get(t, r, "stream"), stream))
			pb_parse_double(pb_tsv_get(t, r, "instructions_per_store"), &v);
	return v;
}

/* the variants' instructions per store against the unchecked one's; or, when not counted, why (run.tsv says it) */
static void barrier_instructions(sum *s, const char *dir, const char *nocheck, const char *stream, const char *const *checks)
{
	char path[4096];
	pb_tsv t;
	snprintf(path, sizeof path, "%s/instructions.tsv", dir);
	if (pb_tsv_load(&t, path) == 0) {
		const double base = instructions(&t, nocheck, stream);
		fprintf(s->out, "  instructions (callgrind, exact): %s %.2f", nocheck, base);
		for (int k = 0; k < 3; k++)
			if (*checks[k])
				fprintf(s->out, "; %s %.2f (%+.2f)", checks[k], instructions(&t, checks[k], stream),
					instructions(&t, checks[k], stream) - base);
		fputc('\n', s->out);
		pb_tsv_free(&t);
		return;
	}
	const char *why = "not counted in this run (scripts/instructions; callgrind)"; /* a sanitizer build cannot be */
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	const bool have_rt = pb_tsv_load(&t, path) == 0;
	for (size_t r = 0; have_rt && r < t.n; r++)
		if (t.row[r][1] && !strcmp(t.row[r][0], "instructions"))
			why = t.row[r][1];
	fprintf(s->out, "  instructions per store: %s\n", why);
	if (have_rt)
		pb_tsv_free(&t);
}

static int by_size(const void *a, const void *b)
{
	const size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* the barrier footprints the run measured, ascending (at most cap) */
static size_t footprints(const sum *s, size_t *fps, size_t cap)
{
	size_t nf = 0;
	for (size_t i = 0; i < s->in.n && nf < cap; i++) {
		const char *f = strstr(s->in.b[i].name, "/footprint:");
		uint64_t v;
		if (strncmp(s->in.b[i].name, "barrier/", 8) || !f || pb_parse_u64(f + 11, &v))
			continue;
		bool seen = false;
		for (size_t k = 0; k < nf && !seen; k++)
			seen = fps[k] == v;
		if (!seen)
			fps[nf++] = (size_t)v;
	}
	qsort(fps, nf, sizeof *fps, by_size);
	return nf;
}

/* the run's A/A at one footprint: the larger end of the equal pair's interval; NaN without a yardstick */
static double aa_bound(const sum *s, const char *ya, const char *yb, const char *stream, size_t fp)
{
	double e, lo, hi;
	return ya && yb && diff(s, ya, yb, stream, fp, &e, &lo, &hi) && !isnan(lo) ? fmax(fabs(lo), fabs(hi)) : NAN;
}

/* each checking variant's time per store against the unchecked one, per footprint, beside the run's A/A */
static void barrier_times(sum *s, const char *nocheck, const char *stream, const char *const *checks, const size_t *fps,
	size_t nf)
{
	static const char *const what[3] = {"BOUND = M (the seed)", "BOUND = P (the old code)", "BOUND read at run time"};
	const char *ya = NULL, *yb = NULL;
	if (yardstick(s, &ya, &yb))
		fprintf(s->out, "  time, ns per store against %s (repetitions paired in one process); yardstick: %s - %s, the same\n"
				"  code in this build (a difference no larger than theirs is not measurable here):\n", nocheck, yb, ya);
	for (size_t f = 0; f < nf; f++) {
		char sz[16], q[80];
		double e, lo, hi;
		const double aa = aa_bound(s, ya, yb, stream, fps[f]);
		size_label(fps[f], sz, sizeof sz);
		fprintf(s->out, "    %-7s A/A %s", sz, isnan(aa) ? "-" : "");
		if (!isnan(aa))
			fprintf(s->out, "+-%.2g ns", aa);
		fputc('\n', s->out);
		for (int k = 0; k < 3; k++) {
			if (!*checks[k] || !diff(s, nocheck, checks[k], stream, fps[f], &e, &lo, &hi))
				continue;
			pb_quote(q, sizeof q, e, lo, hi, true, "ns");
			fprintf(s->out, "      %-12s %-26s ", checks[k], what[k]);
			if (!isnan(lo) && (lo > 0 || hi < 0) && !isnan(aa) && fabs(e) > aa)
				fprintf(s->out, "%s\n", q);
			else if (!isnan(aa))
				fprintf(s->out, "not measurable here (A/A +-%.2g ns; measured %s)\n", aa, q);
			else
				fprintf(s->out, "not measurable here (no yardstick; measured %s)\n", q);
		}
	}
}

static void barrier(sum *s, const char *dir)
{
	const char *nocheck = role(s, "variant", "nocheck", "name"), *stream = role(s, "stream", "valid", "name");
	const char *checks[3] = {role(s, "variant", "seed", "name"), role(s, "variant", "before", "name"), variant_bound(s, "dynamic")};
	size_t fps[64];
	const size_t nf = footprints(s, fps, 64);
	fprintf(s->out, "Write-barrier bound check, per store (stream %s):\n", stream);
	barrier_instructions(s, dir, nocheck, stream, checks);
	barrier_times(s, nocheck, stream, checks, fps, nf);
	const char *low = role(s, "stream", "low", "name");
	if (*low) {
		fprintf(s->out, "  flagged per 1000 stores on %s (pointers in [M, P): real on small-page kernels):", low);
		for (int k = 0; k < 3; k++) {
			const pb_bench_series *x = *checks[k] && nf ? find(s, "barrier", checks[k], low, "", "footprint", fps[0]) : NULL;
			if (x)
				fprintf(s->out, " %s %.1f;", checks[k], exact(x, E_FLAGGED));
		}
		fputc('\n', s->out);
	}
	fputc('\n', s->out);
}

static void prims(sum *s)
{
	bool head = false;
	for (size_t i = 0; i < s->in.n; i++) {
		const pb_bench_series *x = &s->in.b[i];
		if (strncmp(x->name, "prim/", 5) || !x->n)
			continue;
		if (!head)
			fputs("Primitives (CPU time per call: median [95% interval] over the repetitions):\n", s->out);
		head = true;
		char q[80];
		quote_median(q, sizeof q, x);
		fprintf(s->out, "  %-16s %s\n", x->name + 5, q);
	}
	if (head)
		fputc('\n', s->out);
}

/* DIR/barrier-diff.tsv: each variant's time per store against the unchecked one, paired, with its interval, per stream
 * and footprint, and the yardstick's bound (aa_ns: the larger end of the equal pair's interval) beside it */
static int diff_table(sum *s, const char *dir, char *err, size_t errlen)
{
	const char *nocheck = role(s, "variant", "nocheck", "name"), *ya = NULL, *yb = NULL;
	if (!yardstick(s, &ya, &yb))
		ya = yb = NULL;
	char path[4096];
	pb_out o;
	snprintf(path, sizeof path, "%s/barrier-diff.tsv", dir);
	if (pb_out_open(&o, path, err, errlen))
		return -1;
	fprintf(o.f, "stream\tfootprint_bytes\tvariant\tagainst\tdiff_ns\tdiff_lo_ns\tdiff_hi_ns\taa_ns\tscale_ns\n");
	double scale = 0; /* every panel one scale: the largest end of an interval or an A/A (a second pass writes it) */
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = 0; i < s->in.n; i++) {
		char var[128], stream[128];
		unsigned long long fp;
		if (sscanf(s->in.b[i].name, "barrier/%127[^/]/%127[^/]/footprint:%llu", var, stream, &fp) != 3 || !strcmp(var, nocheck))
			continue;
		bool checks = false; /* the variants with a bound check: their list's bound is not - */
		for (size_t r = 1; r < s->list.n; r++)
			checks |= !strcmp(pb_tsv_get(&s->list, r, "kind"), "variant") && !strcmp(pb_tsv_get(&s->list, r, "name"), var) &&
				  strcmp(pb_tsv_get(&s->list, r, "bound"), "-");
		if (!checks)
			continue;
		double e, lo, hi;
		if (!diff(s, nocheck, var, stream, (size_t)fp, &e, &lo, &hi))
			continue;
		const double aa = aa_bound(s, ya, yb, stream, (size_t)fp);
		const double v[] = {e, lo, hi, aa, scale};
		for (int k = 1; pass == 0 && k < 4; k++)
			scale = isfinite(v[k]) ? fmax(scale, fabs(v[k])) : scale;
		if (pass == 0)
			continue;
		fprintf(o.f, "%s\t%llu\t%s\t%s", stream, fp, var, nocheck);
		for (int k = 0; k < 5; k++) {
			fputc('\t', o.f);
			pb_put_num(o.f, v[k]);
		}
		fputc('\n', o.f);
	}
	return pb_out_commit(&o, err, errlen);
}

int pb_summary_diff(const char *dir, const char *list, char *err, size_t errlen)
{
	sum s = {.in = {.value_counter = "ns_per_store", .keep = keep}};
	if (pb_tsv_load(&s.list, list)) {
		snprintf(err, errlen, "cannot read the list of variants %s", list);
		return -1;
	}
	int rc = pb_input_load(&s.in, dir, PB_METRIC_CPU, err, errlen);
	if (rc == 0)
		rc = diff_table(&s, dir, err, errlen);
	pb_input_free(&s.in);
	pb_tsv_free(&s.list);
	return rc;
}

int pb_summary_write(const char *dir, const char *list, FILE *out, char *err, size_t errlen)
{
	sum s = {.in = {.value_counter = "ns_per_store", .keep = keep}, .out = out};
	char path[4096];
	snprintf(path, sizeof path, "%s/list.tsv", dir);
	if (pb_tsv_load(&s.list, list ? list : path)) {
		snprintf(err, errlen, "no list of variants (%s): the run's list.tsv, or --list FILE", list ? list : path);
		return -1;
	}
	if (pb_input_load(&s.in, dir, PB_METRIC_CPU, err, errlen)) {
		pb_tsv_free(&s.list);
		return -1;
	}
	s.seed = role(&s, "probe", "seed", "name");
	s.after = role(&s, "probe", "after", "name");
	s.before = role(&s, "probe", "before", "name");
	s.modern = role(&s, "probe", "modern", "name");
	s.free_layout = role(&s, "layout", "free", "name");
	for (size_t i = 0; i < s.in.n; i++) {
		const char *b = strstr(s.in.b[i].name, "/bytes:");
		uint64_t v;
		if (!strncmp(s.in.b[i].name, "scan/", 5) && b && pb_parse_u64(b + 7, &v) == 0 && v > s.big)
			s.big = (size_t)v;
	}
	fprintf(out, "== pagebound summary: %s\n", dir);
	snprintf(path, sizeof path, "%s/run.tsv", dir);
	pb_tsv run = {0};
	if (pb_tsv_load(&run, path) == 0) { /* run.tsv is KEY<TAB>VALUE lines: its "header" is its first line */
		static const char *const keys[] = {"mode", "repetitions", "pinned_cpu", "commit", "wall_seconds"};
		for (size_t k = 0; k < 5; k++)
			for (size_t r = 0; r < run.n; r++)
				if (run.row[r][0] && run.row[r][1] && !strcmp(run.row[r][0], keys[k]))
					fprintf(out, "%s=%s  ", keys[k], run.row[r][1]);
		fputc('\n', out);
	}
	pb_tsv_free(&run);
	char e2[256];
	if (pb_tables_subtitle(dir, out, e2, sizeof e2))
		fputc('\n', out);
	fputs("Each time: the median over the repetitions [its 95% interval: order statistics, from 6 repetitions]; each ratio\n"
	      "and difference: from repetitions paired in time (interleaved at random in one process) [95%: signed rank from\n"
	      "6 pairs, Student's t from 2]; only the digits the interval supports. Counts are exact.\n\n", out);
	if (s.big) {
		by_t(&s);
		headline(&s);
		verdicts(&s);
	}
	barrier(&s, dir);
	prims(&s);
	size_t errors = 0;
	for (size_t i = 0; i < s.in.n; i++)
		errors += s.in.b[i].error != NULL;
	if (errors)
		fprintf(out, "Skipped with an error: %zu benchmark(s), listed in %s/errors.tsv\n", errors, dir);
	pb_input_free(&s.in);
	pb_tsv_free(&s.list);
	return 0;
}
