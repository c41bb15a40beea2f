/* tables.c: the tables of one run (tables.h). */
#include "tables.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gbjson.h"
#include "reduce.h"
#include "runread.h" /* PB_MAX_NS */
#include "tsv.h"
#include "util.h"

/* the counters kept beside each repetition (pb_input keep), in this order */
enum { K_MODEL, K_PER_PAGE, K_T_EMULATED, K_BOUND, NKEEP };
static const char *const keep[NKEEP + 1] = {"model_ns", "ns_per_page", "t_emulated", "bound", NULL};
/* pb_exact_counters' indices */
enum { E_SYSCALLS, E_EINVAL, E_VERDICT, E_FLAGGED };

typedef struct row {
	const pb_bench_series *s;
	char *part[5]; /* the name's components after the family: scan probe, config, layout, bytes; barrier variant,
			  stream, footprint; prim name */
	size_t bytes;
} row;

static double first(const pb_bench_series *s, int k) { return s->kn[k] ? s->kv[k][0] : NAN; }
static double ex_median(const pb_bench_series *s, int k) { return pb_series_exact(s, k); }
static double ex_min(const pb_bench_series *s, int k)
{
	double m = NAN;
	for (size_t i = 0; i < s->en[k]; i++)
		m = isnan(m) ? s->ev[k][i] : fmin(m, s->ev[k][i]);
	return m;
}
/* the median of time / model_ns over the repetitions priced */
static double model_ratio(const pb_bench_series *s)
{
	double *r = malloc((s->n ? s->n : 1) * sizeof *r);
	size_t k = 0;
	for (size_t i = 0; r && i < s->n && i < s->kn[K_MODEL]; i++)
		if (s->kv[K_MODEL][i] > 0)
			r[k++] = s->t[i] / s->kv[K_MODEL][i];
	const double m = k ? pb_median(r, k) : NAN;
	free(r);
	return m;
}

static void tab(FILE *f) { fputc('\t', f); }
static void nums(FILE *f, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tab(f);
		pb_put_num(f, v[i]);
	}
}

/* splits s->name ("scan/a/b/c/bytes:N") after its family into want components; false when it has another shape */
static bool split(row *r, const char *family, int want, const char *last_prefix)
{
	const size_t fl = strlen(family);
	if (strncmp(r->s->name, family, fl) != 0 || r->s->name[fl] != '/')
		return false;
	const char *p = r->s->name + fl + 1;
	for (int i = 0; i < want; i++) {
		const char *slash = i + 1 < want ? strchr(p, '/') : p + strlen(p);
		if (!slash || slash == p || (i + 1 == want && strchr(p, '/')))
			return false;
		r->part[i] = strndup(p, (size_t)(slash - p));
		p = slash + 1;
	}
	if (!last_prefix)
		return true;
	const char *v = r->part[want - 1];
	uint64_t b;
	if (strncmp(v, last_prefix, strlen(last_prefix)) != 0 || pb_parse_u64(v + strlen(last_prefix), &b))
		return false;
	r->bytes = (size_t)b;
	return true;
}

static int by_scan(const void *pa, const void *pb)
{
	const row *a = pa, *b = pb;
	for (int i = 0; i < 3; i++) {
		const int c = strcmp(a->part[i], b->part[i]);
		if (c)
			return c;
	}
	return (a->bytes > b->bytes) - (a->bytes < b->bytes);
}
static int by_barrier(const void *pa, const void *pb)
{
	const row *a = pa, *b = pb;
	int c = strcmp(a->part[1], b->part[1]);
	if (!c)
		c = (a->bytes > b->bytes) - (a->bytes < b->bytes);
	return c ? c : strcmp(a->part[0], b->part[0]);
}
static int by_name(const void *pa, const void *pb) { return strcmp(((const row *)pa)->s->name, ((const row *)pb)->s->name); }

/* The rows of one family: the series named FAMILY/... that are measurements, sorted. */
static size_t rows_of(const pb_input *in, const char *family, int parts, const char *last_prefix,
	int (*cmp)(const void *, const void *), row **out)
{
	row *rs = calloc(in->n ? in->n : 1, sizeof *rs);
	size_t k = 0;
	for (size_t i = 0; rs && i < in->n; i++) {
		const pb_bench_series *s = &in->b[i];
		if (s->error || !pb_name_ok(s->name) || (!s->n && !s->untimed))
			continue;
		rs[k] = (row){.s = s};
		if (split(&rs[k], family, parts, last_prefix))
			k++;
		else
			for (int j = 0; j < 5; j++)
				free(rs[k].part[j]), rs[k].part[j] = NULL;
	}
	if (rs)
		qsort(rs, k, sizeof *rs, cmp);
	*out = rs;
	return k;
}

static void free_rows(row *rs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < 5; j++)
			free(rs[i].part[j]);
	free(rs);
}

/* one table's columns: the time's reduction */
static void put_time(FILE *f, const pb_bench_series *s, pb_reduced *red)
{
	*red = pb_reduce(s->t, s->n);
	fprintf(f, "\t%zu", red->n);
	const double v[] = {red->median, red->min, red->max, red->cv_pct};
	nums(f, v, 4);
}

static size_t scan_table(const pb_input *in, FILE *f)
{
	row *rs;
	const size_t n = rows_of(in, "scan", 4, "bytes:", by_scan, &rs);
	fputs("probe\tconfig\tlayout\tbytes\treps\tmedian_ns\tmin_ns\tmax_ns\tcv_pct\tsyscalls_per_scan\teinval_per_scan\t"
		"verdict_ok\tmodel_ns\tmodel_ratio\tns_per_page\tt_emulated\tmedian_lo_ns\tmedian_hi_ns\n", f);
	for (size_t i = 0; i < n; i++) {
		const pb_bench_series *s = rs[i].s;
		pb_reduced red;
		fprintf(f, "%s\t%s\t%s\t%zu", rs[i].part[0], rs[i].part[1], rs[i].part[2], rs[i].bytes);
		put_time(f, s, &red);
		const pb_reduced model = pb_reduce(s->kv[K_MODEL], s->kn[K_MODEL]),
				 page = pb_reduce(s->kv[K_PER_PAGE], s->kn[K_PER_PAGE]);
		const double v[] = {ex_median(s, E_SYSCALLS), ex_median(s, E_EINVAL), ex_min(s, E_VERDICT), model.median,
			model_ratio(s), page.median, first(s, K_T_EMULATED), red.lo, red.hi};
		nums(f, v, sizeof v / sizeof v[0]);
		fputc('\n', f);
	}
	free_rows(rs, n);
	return n;
}

static size_t prim_table(const pb_input *in, FILE *f)
{
	row *rs;
	const size_t n = rows_of(in, "prim", 1, NULL, by_name, &rs);
	fputs("prim\treps\tmedian_ns\tmin_ns\tmax_ns\tcv_pct\tmedian_lo_ns\tmedian_hi_ns\n", f);
	for (size_t i = 0; i < n; i++) {
		pb_reduced red;
		fputs(rs[i].part[0], f);
		put_time(f, rs[i].s, &red);
		const double v[] = {red.lo, red.hi};
		nums(f, v, 2);
		fputc('\n', f);
	}
	free_rows(rs, n);
	return n;
}

static size_t barrier_table(const pb_input *in, FILE *f)
{
	row *rs;
	const size_t n = rows_of(in, "barrier", 3, "footprint:", by_barrier, &rs);
	fputs("variant\tstream\tfootprint_bytes\treps\tmedian_ns_per_store\tmin_ns_per_store\tmax_ns_per_store\tcv_pct\t"
		"flagged_per_1000\tbound_bytes\tmedian_lo_ns_per_store\tmedian_hi_ns_per_store\n", f);
	for (size_t i = 0; i < n; i++) {
		pb_reduced red;
		fprintf(f, "%s\t%s\t%zu", rs[i].part[0], rs[i].part[1], rs[i].bytes);
		put_time(f, rs[i].s, &red);
		const double v[] = {ex_median(rs[i].s, E_FLAGGED), first(rs[i].s, K_BOUND), red.lo, red.hi};
		nums(f, v, 4);
		fputc('\n', f);
	}
	free_rows(rs, n);
	return n;
}

static size_t errors_table(const pb_input *in, FILE *f)
{
	size_t n = 0;
	fputs("benchmark\terror_message\n", f);
	for (size_t i = 0; i < in->n; i++)
		if (in->b[i].error && pb_name_ok(in->b[i].name)) {
			fprintf(f, "%s\t%s\n", in->b[i].name, in->b[i].error);
			n++;
		}
	return n;
}

typedef size_t (*table_fn)(const pb_input *, FILE *);
static const struct table {
	const char *file;
	table_fn fn;
} tables[] = {{"scan.tsv", scan_table}, {"prim.tsv", prim_table}, {"barrier.tsv", barrier_table}, {"errors.tsv", errors_table}};

/* writes one table into dir/file, whole or not at all; the rows written in *rows */
static int put_table(const char *dir, const struct table *t, const pb_input *in, size_t *rows, char *err, size_t errlen)
{
	char path[4096];
	pb_out o;
	snprintf(path, sizeof path, "%s/%s", dir, t->file);
	if (pb_out_open(&o, path, err, errlen))
		return -1;
	*rows = t->fn(in, o.f);
	return pb_out_commit(&o, err, errlen);
}

/* the notes a reader of the charts needs: what was left out, and why */
static void notes_of(const pb_input *in, FILE *notes)
{
	size_t untimed = 0, unsafe = 0, errors = 0;
	for (size_t i = 0; i < in->n; i++) {
		untimed += in->b[i].untimed > 0 && pb_name_ok(in->b[i].name);
		unsafe += !pb_name_ok(in->b[i].name);
		errors += in->b[i].error && pb_name_ok(in->b[i].name);
	}
	if (untimed)
		fprintf(notes, "note: %zu benchmark(s) have repetitions with CPU time 0 (untimed: this machine's clock did not see them), left out of the medians:\n", untimed);
	for (size_t i = 0, k = 0; untimed && i < in->n && k < 5; i++)
		if (in->b[i].untimed && pb_name_ok(in->b[i].name) && ++k)
			fprintf(notes, "  %s: %zu repetition(s)\n", in->b[i].name, in->b[i].untimed);
	if (unsafe)
		fprintf(notes, "note: %zu benchmark name(s) hold characters pagebound never writes: left out of tables and charts:\n", unsafe);
	for (size_t i = 0, k = 0; unsafe && i < in->n && k < 5; i++)
		if (!pb_name_ok(in->b[i].name) && ++k)
			fprintf(notes, "  %s\n", in->b[i].shown);
	if (errors)
		fprintf(notes, "note: %zu benchmark(s) were skipped with an error (see errors.tsv):\n", errors);
	for (size_t i = 0; i < in->n; i++)
		if (in->b[i].error && pb_name_ok(in->b[i].name))
			fprintf(notes, "  %s\t%s\n", in->b[i].name, in->b[i].error);
}

/* a time no machine measures (beyond 10^15 ns: 11 days): the tables refuse it, as the history does */
static int beyond(const pb_input *in, char *err, size_t errlen)
{
	for (size_t i = 0; i < in->n; i++)
		for (size_t k = 0; k < in->b[i].n; k++)
			if (in->b[i].t[k] > PB_MAX_NS) {
				snprintf(err, errlen, "benchmark %s: %g %s: beyond 10^15 ns, not a measurement", in->b[i].shown,
					in->b[i].t[k], in->b[i].by_counter ? "ns per store" : "ns");
				return -1;
			}
	return 0;
}

int pb_tables_write(const char *dir, FILE *notes, char *err, size_t errlen)
{
	pb_input in = {.value_counter = "ns_per_store", .keep = keep};
	int rc = pb_input_load(&in, dir, PB_METRIC_CPU, err, errlen);
	if (rc == 0)
		rc = beyond(&in, err, errlen);
	size_t measured = 0;
	for (size_t t = 0; rc == 0 && t < sizeof tables / sizeof tables[0]; t++) {
		size_t rows = 0;
		rc = put_table(dir, &tables[t], &in, &rows, err, errlen);
		measured += t < 3 ? rows : 0;
	}
	if (rc == 0) {
		notes_of(&in, notes);
		if (!measured) {
			snprintf(err, errlen, "no benchmark results in %s (an empty run, or every benchmark failed)", dir);
			rc = -1;
		}
	}
	pb_input_free(&in);
	return rc;
}

/* a context value as text: a string as it is, a number as jq prints it, else "?" */
static void put_ctx(FILE *out, json_t *ctx, const char *key, const char *dflt)
{
	json_t *v = json_object_get(ctx, key);
	if (json_is_string(v))
		fputs(json_string_value(v), out);
	else if (json_is_number(v))
		pb_put_num(out, json_number_value(v));
	else
		fputs(dflt, out);
}

int pb_tables_subtitle(const char *dir, FILE *out, char *err, size_t errlen)
{
	int rc = -1;
	json_t *doc = pb_first_doc(dir, err, errlen); /* a directory's first file, or the one file given */
	if (doc) {
		json_t *c = json_object_get(doc, "context");
		const char *thp = json_string_value(json_object_get(c, "transparent_hugepage")), *open = thp ? strchr(thp, '[') : NULL,
			   *close = open ? strchr(open, ']') : NULL;
		put_ctx(out, c, "cpu_model", "unknown CPU");
		fputs(", ", out);
		put_ctx(out, c, "num_cpus", "null");
		fputs(" CPUs, Linux ", out);
		put_ctx(out, c, "kernel_release", "?");
		fputs(", page ", out);
		put_ctx(out, c, "page_size", "?");
		fprintf(out, " B, THP %.*s, pinned to CPU ", close ? (int)(close - open - 1) : 1, close ? open + 1 : "?");
		put_ctx(out, c, "cpu_affinity", "?");
		fputs(", ", out);
		put_ctx(out, c, "build_type", "?");
		fputs(" build ", out);
		put_ctx(out, c, "pagebound_commit", "?");
		fputc('\n', out);
		rc = 0;
	}
	json_decref(doc);
	return rc;
}
