/* changes.c: pagebound-changes: the change points of every series of a history (scripts/history writes the input:
 * a TSV with the columns series, run, commit and value, each series' rows together and in run order). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changepoint.h"
#include "opt.h"
#include "util.h"

typedef struct row {
	char *series, *run, *commit;
	double value;
} row;

typedef struct table {
	row *r;
	size_t n, cap;
} table;

/* The fields of one line, split at tabs in place (any number of them; a CR before the line's end is not data:
 * files edited on another system end their lines with CR LF). Returns how many, or 0 when out of memory. */
static size_t split_fields(char *line, char ***f, size_t *cap)
{
	size_t len = strcspn(line, "\n");
	if (len && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	size_t n = 0;
	for (char *p = line;; n++) {
		if (n == *cap) {
			char **g = realloc(*f, (*cap = *cap ? 2 * *cap : 16) * sizeof *g);
			if (!g)
				return 0;
			*f = g;
		}
		(*f)[n] = p;
		if (!(p = strchr(p, '\t')))
			return n + 1;
		*p++ = '\0';
	}
}

/* the index of each needed column in the header's fields */
static int header(char **f, size_t nf, size_t col[4], char *err, size_t errlen)
{
	static const char *need[4] = {"series", "run", "commit", "value"};
	for (int k = 0; k < 4; k++) {
		col[k] = nf;
		for (size_t i = 0; i < nf && col[k] == nf; i++)
			if (strcmp(f[i], need[k]) == 0)
				col[k] = i;
		if (col[k] == nf) {
			snprintf(err, errlen, "no column '%s' in the header", need[k]);
			return -1;
		}
	}
	return 0;
}

static int add_row(table *t, char **f, size_t nf, const size_t col[4], char *err, size_t errlen)
{
	for (int k = 0; k < 4; k++)
		if (col[k] >= nf) {
			snprintf(err, errlen, "%zu fields, the header has more", nf);
			return -1;
		}
	double v;
	if (pb_parse_double(f[col[3]], &v) || !(v > 0)) {
		snprintf(err, errlen, "value '%.40s' is not a positive decimal number", f[col[3]]);
		return -1;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		row *r = realloc(t->r, t->cap * sizeof *r);
		if (!r) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		t->r = r;
	}
	row r = {strdup(f[col[0]]), strdup(f[col[1]]), strdup(f[col[2]]), v};
	t->r[t->n++] = r;
	if (!r.series || !r.run || !r.commit) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* Lines of any length (getline), fields of any number. */
static int read_table(FILE *in, const char *name, table *t)
{
	char *line = NULL, **f = NULL, err[256];
	size_t lcap = 0, fcap = 0, col[4], ln = 0;
	int rc = 0;
	while (rc == 0 && getline(&line, &lcap, in) > 0) {
		ln++;
		if (line[0] == '#' || (ln > 1 && (line[0] == '\n' || (line[0] == '\r' && line[1] == '\n'))))
			continue;
		const size_t nf = split_fields(line, &f, &fcap);
		if (!nf) {
			snprintf(err, sizeof err, "out of memory");
			rc = -1;
		} else
			rc = ln == 1 ? header(f, nf, col, err, sizeof err) : add_row(t, f, nf, col, err, sizeof err);
		if (rc)
			fprintf(stderr, "pagebound-changes: %s, line %zu: %s\n", name, ln, err);
	}
	if (rc == 0 && ln == 0) {
		fprintf(stderr, "pagebound-changes: %s is empty (no header)\n", name);
		rc = -1;
	}
	free(line);
	free(f);
	return rc;
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->r[i].series);
		free(t->r[i].run);
		free(t->r[i].commit);
	}
	free(t->r);
}

/* one series: rows [a, b) of the table */
static int series(const table *t, size_t a, size_t b, const pb_cp_opts *o, FILE *out)
{
	const size_t n = b - a;
	double *x = malloc(n * sizeof *x);
	pb_cp *cp = malloc(pb_cp_capacity(n, o) * sizeof *cp);
	int k = -1;
	if (x && cp) {
		for (size_t i = 0; i < n; i++)
			x[i] = t->r[a + i].value;
		k = pb_changepoints(x, n, o, cp);
	}
	for (int i = 0; i < k; i++) {
		const row *r = &t->r[a + cp[i].at], *prev = &t->r[a + cp[i].at - 1];
		fprintf(out, "%s\t%zu\t%zu\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.4g\t%zu\t%zu\t%s\n", r->series, cp[i].at + 1, n, r->run,
			r->commit, prev->run, cp[i].step_pct, cp[i].lo_pct, cp[i].hi_pct, cp[i].p, cp[i].before_n,
			cp[i].after_n, cp[i].step_pct > 0 ? "slower" : "faster");
	}
	free(x);
	free(cp);
	return k < 0 ? -1 : 0;
}

static int run(const table *t, const pb_cp_opts *o)
{
	printf("series\trun_index\truns\trun\tcommit\tlast_run_before\tstep_pct\tci_lo_pct\tci_hi_pct\tp\truns_before\t"
	       "runs_after\tdirection\n");
	for (size_t a = 0, b; a < t->n; a = b) {
		for (b = a + 1; b < t->n && strcmp(t->r[b].series, t->r[a].series) == 0;)
			b++;
		for (size_t c = b; c < t->n; c++)
			if (strcmp(t->r[c].series, t->r[a].series) == 0) {
				fprintf(stderr, "pagebound-changes: the rows of series '%s' are not together (sort by series, "
						"then run)\n", t->r[a].series);
				return 2;
			}
		if (series(t, a, b, o, stdout)) {
			fprintf(stderr, "pagebound-changes: series '%s': out of memory or too long\n", t->r[a].series);
			return 2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	pb_cp_opts o = pb_cp_defaults();
	uint64_t perms = o.perms, min_size = o.min_size, seed = o.seed, window = o.window;
	const pb_opt opts[] = {
		{.name = "--alpha", .kind = PB_OPT_DOUBLE, .dest = &o.alpha, .meta = "P", .min = 1e-6, .max = 0.5,
			.help = "a change point is kept when its permutation p-value is below this", .deflt = "default: 0.05"},
		{.name = "--perms", .kind = PB_OPT_UINT, .dest = &perms, .meta = "N", .min = 19, .max = 100000,
			.help = "permutations per test", .deflt = "default: 999"},
		{.name = "--min-size", .kind = PB_OPT_UINT, .dest = &min_size, .meta = "N", .min = 2, .max = 512,
			.help = "the fewest runs on each side of a change point", .deflt = "default: 3"},
		{.name = "--seed", .kind = PB_OPT_UINT, .dest = &seed, .meta = "N", .min = 1, .max = 1e18,
			.help = "the permutations' seed (the same input gives the same output)", .deflt = "default: fixed"},
		{.name = "--window", .kind = PB_OPT_UINT, .dest = &window, .meta = "N", .min = 8, .max = PB_CP_MAX_WINDOW,
			.help = "a longer series is searched in windows of N runs, each half a window after the one before (at "
				 "least 4 times --min-size)", .deflt = "default: 64"},
	};
	const pb_optspec spec = {"[OPTIONS] [HISTORY.tsv]",
		"The change points of each series (E-Divisive means, permutation test), with the step in percent and its 95% "
		"interval.\nInput: TSV with columns series, run, commit, value (standard input when no file).",
		opts, sizeof opts / sizeof opts[0], false, 1, NULL};
	int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	o.perms = (unsigned)perms;
	o.min_size = (size_t)min_size;
	o.seed = seed;
	o.window = (size_t)window;
	if (o.window < 4 * o.min_size) {
		fprintf(stderr, "pagebound-changes: --window %zu is too short for --min-size %zu (valid: at least %zu)\n", o.window,
			o.min_size, 4 * o.min_size);
		return 2;
	}
	FILE *in = stdin;
	if (argc > 1) {
		char err[512];
		size_t size;
		const int fd = pb_open_regular(argv[1], (size_t)1 << 30, &size, err, sizeof err);
		if (fd < 0 || !(in = fdopen(fd, "r"))) {
			fprintf(stderr, "pagebound-changes: %s\n", fd < 0 ? err : strerror(errno));
			return 2;
		}
	}
	table t = {0};
	rc = read_table(in, argc > 1 ? argv[1] : "standard input", &t) ? 2 : run(&t, &o);
	table_free(&t);
	if (in != stdin)
		fclose(in);
	return rc;
}
