/* export_bmf.c: Bencher Metric Format JSON: per benchmark a measure with value, lower_value and upper_value (the
 * median, min and max of its repetitions); scripts/configs' hyperfine runs too; the history: one object per run and
 * line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "util.h"

static bool ends_with(const char *s, const char *suffix)
{
	const size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* a name Bencher's reader takes as a benchmark's: with a '/' (without one it could be read as a UUID or a slug,
 * another benchmark's id), and without the endings that make Bencher drop it */
static char *admit(const char *name)
{
	static const char *const ignored[] = {"_bencher_ignore", "BencherIgnore", "-bencher-ignore"};
	if (!strchr(name, '/')) {
		pb_export_leave_out(name, "Bencher would read a name without '/' as a UUID or a slug");
		return NULL;
	}
	for (size_t k = 0; k < sizeof ignored / sizeof ignored[0]; k++)
		if (ends_with(name, ignored[k])) {
			pb_export_leave_out(name, "Bencher would store it without this ending and turn its alerts off");
			return NULL;
		}
	return strdup(name);
}

/* the values of each measure of each benchmark, made into value/lower_value/upper_value at the end */
static json_t *acc;
static char *run; /* the history: the run whose object is being filled */

static void value(const char *name, const char *measure, double v)
{
	json_t *b = json_object_get(acc, name), *m;
	if (!b)
		json_object_set_new(acc, name, b = json_object());
	if (!(m = json_object_get(b, measure)))
		json_object_set_new(b, measure, m = json_array());
	json_array_append_new(m, json_real(v));
}

static void begin(FILE *out, bool history)
{
	(void)out, (void)history;
	acc = json_object();
}

static void rep(FILE *out, const pb_export_rep *r)
{
	(void)out;
	double v;
	value(r->name, "latency", r->ns);
	if (pb_export_number(r->row, "ns_per_store", &v))
		value(r->name, "ns-per-store", v);
	for (size_t k = 0; k < 4; k++)
		if (pb_export_number(r->row, pb_export_counters[k][0], &v))
			value(r->name, pb_export_counters[k][2], v);
}

/* hyperfine's JSON (scripts/configs): each command a benchmark whole-process/CONFIG/PARAM:VALUE..., in ns */
static void foreign(FILE *out, json_t *doc, const char *file)
{
	(void)out;
	if (!json_is_array(json_object_get(doc, "results")))
		return;
	char cfg[128];
	const char *base = file + (strncmp(file, "hyperfine-", 10) ? 0 : 10);
	snprintf(cfg, sizeof cfg, "%.*s", (int)strcspn(base, "."), base);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(doc, "results"), i, r) {
		char name[512];
		size_t n = (size_t)snprintf(name, sizeof name, "whole-process/%s", cfg);
		const char *k;
		json_t *v;
		json_object_foreach(json_object_get(r, "parameters"), k, v)
			if (n < sizeof name)
				n += (size_t)snprintf(name + n, sizeof name - n, "/%s:%s", k, json_string_value(v) ? json_string_value(v) : "");
		json_t *t;
		size_t j;
		char *shown = admit(name);
		json_array_foreach(json_object_get(r, "times"), j, t)
			if (shown && json_is_number(t) && isfinite(json_number_value(t)))
				value(shown, "latency", 1e9 * json_number_value(t));
		free(shown);
	}
}

/* each measure's values as value (median), lower_value and upper_value (min, max); one value: value alone */
static json_t *finish(void)
{
	json_t *out = json_object(), *b, *m;
	const char *name, *measure;
	json_object_foreach(acc, name, b) {
		json_t *o = json_object();
		json_object_foreach(b, measure, m) {
			const size_t n = json_array_size(m);
			double *v = malloc((n + 1) * sizeof *v), lo = INFINITY, hi = -INFINITY;
			for (size_t i = 0; v && i < n; i++) {
				v[i] = json_number_value(json_array_get(m, i));
				lo = fmin(lo, v[i]);
				hi = fmax(hi, v[i]);
			}
			json_t *e = json_pack("{s:f}", "value", v ? pb_median(v, n) : NAN);
			if (n > 1 && e) {
				json_object_set_new(e, "lower_value", json_real(lo));
				json_object_set_new(e, "upper_value", json_real(hi));
			}
			free(v);
			json_object_set_new(o, measure, e);
		}
		json_object_set_new(out, name, o);
	}
	return out;
}

/* the history: one object per run, on its own line */
static void flush(FILE *out)
{
	if (json_object_size(acc)) {
		json_dumpf(acc, out, JSON_COMPACT | JSON_SORT_KEYS);
		fputc('\n', out);
	}
	json_object_clear(acc);
}

static void point(FILE *out, const pb_export_point *p)
{
	if (!run || strcmp(run, p->text[7]) != 0) {
		flush(out);
		free(run);
		run = strdup(p->text[7]);
	}
	json_t *b = json_object_get(acc, p->name);
	if (!b)
		json_object_set_new(acc, p->name, b = json_object());
	json_object_set_new(b, pb_export_units[p->unit][2], json_pack("{s:f,s:f,s:f}", "value", p->median, "lower_value",
		p->min, "upper_value", p->max));
}

static void end(FILE *out, bool history)
{
	if (history)
		flush(out);
	else {
		json_t *o = finish();
		json_dumpf(o, out, JSON_INDENT(2) | JSON_SORT_KEYS);
		fputc('\n', out);
		json_decref(o);
	}
	json_decref(acc);
	free(run);
	acc = NULL;
	run = NULL;
}

const pb_exporter pb_export_bmf = {.name = "bmf", .summary = "Bencher Metric Format JSON (hyperfine's timings too)",
	.admit = admit, .begin = begin, .rep = rep, .foreign = foreign, .point = point, .end = end};
