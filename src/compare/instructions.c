/* instructions.c: the instructions gate: callgrind's user-space instructions per store of each barrier variant
 * (scripts/instructions' TSV, one per side) as exact counter changes, for both engines' verdicts. A count that rises
 * beyond the threshold is a regression; a variant that OLD counted and NEW did not is one too (a variant that
 * disappears is never silence); a variant only NEW counted is listed, new. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "gbjson.h"
#include "util.h"

typedef struct irow {
	char *key; /* barrier/VARIANT/STREAM/footprint:BYTES */
	double per_store;
} irow;

typedef struct itable {
	irow *r;
	size_t n;
} itable;

/* the column of name in a header line's fields; -1 when it has none */
static int column(char **f, size_t nf, const char *name)
{
	for (size_t i = 0; i < nf; i++)
		if (strcmp(f[i], name) == 0)
			return (int)i;
	return -1;
}

/* a line's tab-separated fields, in place (at most max) */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	for (char *p = line; p && n < max; n++) {
		f[n] = p;
		if ((p = strchr(p, '\t')) != NULL)
			*p++ = '\0';
	}
	return n;
}

static int add_row(itable *t, char **f, const int col[4], const char *path, size_t line, char *err, size_t errlen)
{
	double v;
	if (pb_parse_double(f[col[3]], &v) || !(v > 0) || !isfinite(v)) {
		snprintf(err, errlen, "%s:%zu: instructions_per_store '%.40s' is not a positive number", path, line, f[col[3]]);
		return -1;
	}
	irow *nr = realloc(t->r, (t->n + 1) * sizeof *nr);
	if (!nr)
		return -1;
	t->r = nr;
	const size_t len = strlen(f[col[0]]) + strlen(f[col[1]]) + strlen(f[col[2]]) + 32;
	if (!(t->r[t->n].key = malloc(len)))
		return -1;
	snprintf(t->r[t->n].key, len, "barrier/%s/%s/footprint:%s", f[col[0]], f[col[1]], f[col[2]]);
	t->r[t->n++].per_store = v;
	return 0;
}

/* one side's table: variant, stream, footprint_bytes, instructions_per_store found by their header names */
static int read_table(const char *path, itable *t, char *err, size_t errlen)
{
	static const char *const want[4] = {"variant", "stream", "footprint_bytes", "instructions_per_store"};
	char *buf = NULL, *f[32];
	size_t len = 0, line = 0;
	int col[4] = {-1, -1, -1, -1}, rc = pb_slurp(path, (size_t)16 << 20, &buf, &len, err, errlen);
	for (char *at = buf, *next; rc == 0 && at && *at; at = next) {
		next = strchr(at, '\n');
		if (next)
			*next++ = '\0';
		const size_t nf = fields(at, f, 32);
		if (line++ == 0) {
			for (int k = 0; k < 4; k++)
				col[k] = column(f, nf, want[k]);
			if (col[0] < 0 || col[1] < 0 || col[2] < 0 || col[3] < 0) {
				snprintf(err, errlen, "%s: not scripts/instructions' table (its header lacks variant, stream, "
					"footprint_bytes or instructions_per_store)", path);
				rc = -1;
			}
		} else if ((size_t)col[0] >= nf || (size_t)col[1] >= nf || (size_t)col[2] >= nf || (size_t)col[3] >= nf) {
			snprintf(err, errlen, "%s:%zu: a row with %zu fields", path, line, nf);
			rc = -1;
		} else
			rc = add_row(t, f, col, path, line, err, errlen);
	}
	free(buf);
	if (rc == 0 && t->n == 0) {
		snprintf(err, errlen, "%s counts no barrier variant", path);
		rc = -1;
	}
	return rc;
}

static const irow *find(const itable *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->r[i].key, key) == 0)
			return &t->r[i];
	return NULL;
}

static int push(counters *c, const char *bench, double a, double b, bool worse)
{
	return pb_counters_push(c, (counter_change){bench, "instructions_per_store", a, b, worse});
}

static void free_table(itable *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->r[i].key);
	free(t->r);
}

int pb_instructions(pb_icount *ic, const char *old_path, const char *new_path, double threshold, char *err,
	size_t errlen)
{
	itable t[2] = {{0}, {0}};
	int rc = read_table(old_path, &t[0], err, errlen);
	rc = rc ? rc : read_table(new_path, &t[1], err, errlen);
	for (int side = 0; rc == 0 && side < 2; side++)
		for (size_t i = 0; rc == 0 && i < t[side].n; i++) {
			const irow *other = find(&t[1 - side], t[side].r[i].key);
			if (side == 1 && other)
				continue; /* counted on both sides: seen from OLD */
			char *key = strdup(t[side].r[i].key);
			const double a = side ? NAN : t[0].r[i].per_store, b = side ? t[1].r[i].per_store : other ? other->per_store : NAN;
			rc = key ? 0 : -1;
			if (rc == 0 && (isnan(a) || isnan(b) || a != b))
				rc = push(&ic->changes, key, a, b, isnan(b) || (!isnan(a) && b > a * (1 + threshold / 100)));
			else
				free(key);
			ic->compared += rc == 0 && side == 0;
		}
	if (rc && !err[0])
		snprintf(err, errlen, "out of memory");
	free_table(&t[0]);
	free_table(&t[1]);
	return rc;
}

void pb_icount_free(pb_icount *ic)
{
	for (size_t i = 0; i < ic->changes.n; i++)
		free((char *)ic->changes.cc[i].bench);
	free(ic->changes.cc);
	memset(ic, 0, sizeof *ic);
}

int pb_counters_take(counters *c, const pb_icount *ic)
{
	for (size_t i = 0; i < ic->changes.n; i++) {
		const counter_change *x = &ic->changes.cc[i];
		if (push(c, x->bench, x->old_v, x->new_v, x->worse))
			return -1;
	}
	return 0;
}
