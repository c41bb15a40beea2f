/* storeq.c: what the store says: TSV reports for the site and the scripts (values escaped: a tab or a newline in a
 * host name never makes a row), events found on the way, the verdict of the last change points. */
#include <math.h>
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storei.h"
#include "changepoint.h"
#include "stats.h"
#include "util.h"

/* a value as one TSV field: the one escaper of a line of text (pb_escape_line: tab, newline, CR and backslash as
 * \t \n \r \\, other control bytes as \xHH, C1, invisible and bidi characters as \u{NNNN}) */
static void put_text(FILE *out, const char *s)
{
	char *e = pb_escape_line(s);
	fputs(e ? e : "?", out);
	free(e);
}

/* every row of st as TSV, its column names the header; NULL as "-" */
static int put_rows(pb_store *s, sqlite3_stmt *st, FILE *out, char *err, size_t errlen)
{
	const int nc = sqlite3_column_count(st);
	for (int i = 0; i < nc; i++)
		fprintf(out, "%s%s", i ? "\t" : "", sqlite3_column_name(st, i));
	fputc('\n', out);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < nc; i++) {
			if (i)
				fputc('\t', out);
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL: fputc('-', out); break;
			case SQLITE_INTEGER: fprintf(out, "%lld", (long long)sqlite3_column_int64(st, i)); break;
			case SQLITE_FLOAT: fprintf(out, "%.10g", sqlite3_column_double(st, i)); break;
			default: put_text(out, pb_col(st, i));
			}
		}
		fputc('\n', out);
	}
	pb_sql_end(s, st);
	return rc == SQLITE_DONE ? 0 : pb_sql_err(s, err, errlen, "a report failed");
}

/* the reports: ?1 is the machine (NULL: every machine), ?2 a regular expression on benchmark or series names */
static const struct {
	const char *what, *sql;
} reports[] = {
	{"machines", "SELECT m.key AS machine, m.host, m.cpu_model, m.page_size, m.build_type, m.arch, m.cpu_emulated, "
		"m.source, count(r.id) AS runs, ifnull(min(r.date), '-') AS first, ifnull(max(r.date), '-') AS last FROM machine m "
		"LEFT JOIN run r ON r.machine = m.id AND r.status = 'complete' WHERE ?1 IS NULL OR m.key = ?1 GROUP BY m.id "
		"ORDER BY m.key"},
	{"runs", "SELECT m.key AS machine, r.dir AS run, r.status, r.why, r.mode, r.commit_id AS 'commit', r.date, r.kernel, "
		"r.compiler, r.host_date, r.claimed_host FROM machine m CROSS JOIN run r ON r.machine = m.id WHERE ?1 IS NULL OR m.key = ?1 "
		"ORDER BY m.key, r.date, r.dir"},
	{"series", "SELECT m.key AS machine, se.mode, se.name AS series, se.grp AS 'group', se.unit, se.gates, row_number() "
		"OVER (PARTITION BY se.id ORDER BY r.date, r.dir) AS run_index, r.dir AS run, r.date, r.commit_id AS 'commit', "
		"p.value, p.members FROM machine m CROSS JOIN series se ON se.machine = m.id CROSS JOIN point p ON p.series = "
		"se.id JOIN run r ON r.id = p.run WHERE (?1 IS NULL OR m.key = ?1) AND (?2 IS NULL OR se.name REGEXP ?2) "
		"ORDER BY m.key, se.mode, se.name, r.date, r.dir"},
	{"changes", "SELECT m.key AS machine, se.mode, se.name AS series, se.grp AS 'group', c.run_index, c.runs, r.dir AS "
		"run, r.commit_id AS 'commit', b.dir AS last_run_before, round(c.step_pct, 3) AS step_pct, round(c.lo_pct, 3) "
		"AS ci_lo_pct, round(c.hi_pct, 3) AS ci_hi_pct, c.p, c.runs_before, c.runs_after, CASE WHEN c.step_pct > 0 "
		"THEN 'slower' ELSE 'faster' END AS direction, se.gates FROM machine m CROSS JOIN series se ON se.machine = m.id "
		"CROSS JOIN change c ON c.series = se.id JOIN run r ON r.id = c.run JOIN run b ON b.id = c.before_run WHERE (?1 IS NULL "
		"OR m.key = ?1) AND (?2 IS NULL OR se.name REGEXP ?2) ORDER BY m.key, se.mode, se.name, c.run_index"},
	{"events", "WITH o AS (SELECT m.key AS mk, r.mode, r.dir, r.date, r.commit_id, r.kernel, r.compiler, lag(r.kernel) "
		"OVER w AS pk, lag(r.compiler) OVER w AS pc, lag(r.id) OVER w AS prev FROM machine m CROSS JOIN run r ON "
		"r.machine = m.id WHERE r.status = 'complete' AND (?1 IS NULL OR m.key = ?1) WINDOW w AS (PARTITION BY r.machine "
		"ORDER BY r.date, r.dir)), q AS (SELECT m.key AS mk, se.mode, se.name, r.dir, r.date, r.commit_id, p.value, "
		"lag(p.value) OVER (PARTITION BY p.series ORDER BY r.date, r.dir) AS pv FROM machine m CROSS JOIN series se ON "
		"se.machine = m.id CROSS JOIN point p ON p.series = se.id JOIN run r ON r.id = p.run WHERE se.gates = 'exact' AND (?1 IS "
		"NULL OR m.key = ?1)) SELECT mk AS machine, mode, dir AS run, date, commit_id AS 'commit', 'kernel ' || pk || "
		"' -> ' || kernel AS event FROM o WHERE prev IS NOT NULL AND pk IS NOT kernel UNION ALL SELECT mk, mode, dir, "
		"date, commit_id, 'compiler ' || pc || ' -> ' || compiler FROM o WHERE prev IS NOT NULL AND pc IS NOT compiler "
		"UNION ALL SELECT mk, mode, dir, date, commit_id, name || ' per store ' || pv || ' -> ' || value FROM q WHERE pv "
		"IS NOT NULL AND pv != value ORDER BY 1, 4, 3, 6"},
	{"dirty", "SELECT DISTINCT m.key AS machine, se.mode, se.grp AS 'group' FROM series se JOIN machine m ON m.id = "
		"se.machine WHERE se.drawn = 0 AND (?1 IS NULL OR m.key = ?1) ORDER BY 1, 2, 3"},
	{"pages", "SELECT m.key AS machine FROM machine m WHERE (m.drawn = 0 OR EXISTS (SELECT 1 FROM series se WHERE "
		"se.machine = m.id AND se.drawn = 0)) AND (?1 IS NULL OR m.key = ?1) ORDER BY 1"},
	{"bench", "SELECT r.dir AS run, r.commit_id AS 'commit', r.mode, b.name AS benchmark, b.median, b.min, b.unit, m.key "
		"AS machine, r.date, r.kernel, r.compiler FROM machine m CROSS JOIN run r ON r.machine = m.id CROSS JOIN bench b "
		"ON b.run = r.id WHERE r.status = 'complete' AND (?1 IS NULL OR m.key = ?1) AND (?2 IS NULL OR b.name REGEXP ?2) "
		"ORDER BY m.key, r.mode, b.name, r.date, r.dir"},
};

static void free_re(void *p)
{
	regfree(p);
	free(p);
}

/* name REGEXP pattern: POSIX extended, the last pattern compiled kept */
static void regexp_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *pat = (const char *)sqlite3_value_text(argv[0]), *s = (const char *)sqlite3_value_text(argv[1]);
	regex_t *re = sqlite3_get_auxdata(ctx, 0);
	const bool fresh = !re;
	if (fresh && pat) {
		re = malloc(sizeof *re);
		if (!re || regcomp(re, pat, REG_EXTENDED | REG_NOSUB)) {
			free(re);
			sqlite3_result_error(ctx, "not a regular expression", -1);
			return;
		}
	}
	sqlite3_result_int(ctx, re && s && regexec(re, s, 0, NULL, 0) == 0);
	if (fresh && re)
		sqlite3_set_auxdata(ctx, 0, re, free_re); /* SQLite may free it at once: not used after this */
}

void pb_store_report_names(char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof reports / sizeof reports[0] && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "", reports[i].what);
}

int pb_store_export(pb_store *s, const char *what, const char *machine, const char *match, FILE *out, char *err,
	size_t errlen)
{
	for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
		if (strcmp(what, reports[i].what) != 0)
			continue;
		sqlite3_create_function(s->db, "regexp", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, regexp_fn, NULL, NULL);
		sqlite3_stmt *st = pb_sql(s, reports[i].sql, err, errlen);
		if (!st)
			return -1;
		if (machine)
			sqlite3_bind_text(st, 1, machine, -1, SQLITE_TRANSIENT);
		if (match && sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_text(st, 2, match, -1, SQLITE_TRANSIENT);
		return put_rows(s, st, out, err, errlen);
	}
	char valid[256];
	pb_store_report_names(valid, sizeof valid);
	snprintf(err, errlen, "no report '%s' (valid: %s)", what, valid);
	return -1;
}

int pb_store_drawn(pb_store *s, const char *machine, const char *mode, const char *group, char *err, size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, mode ? "UPDATE series SET drawn = 1 WHERE machine = (SELECT id FROM machine WHERE key = ?) "
		"AND mode = ? AND grp = ?" : "UPDATE machine SET drawn = 1 WHERE key = ?", err, errlen);
	if (!st)
		return -1;
	const char *v[3] = {machine, mode, group};
	for (int i = 0; i < (mode ? 3 : 1); i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
	const int rc = sqlite3_step(st);
	pb_sql_end(s, st);
	return rc == SQLITE_DONE ? 0 : pb_sql_err(s, err, errlen, "cannot mark a chart drawn");
}

/* one series' last change point, printed when it is a slowdown of threshold or more; 1 when it gates */
static int verdict_line(sqlite3_stmt *st, double threshold, FILE *out)
{
	const double step = sqlite3_column_double(st, 8);
	if (step < threshold)
		return 0;
	const char *m = pb_col(st, 0), *mode = pb_col(st, 1), *name = pb_col(st, 2);
	fputs(strcmp(pb_col(st, 12), "yes") == 0 ? "REGRESSION: " : "not gating: ", out);
	for (int i = 0; i < 3; i++) { /* names as data: escaped, never a second line */
		put_text(out, i == 0 ? m : i == 1 ? mode : name);
		fputs(i < 2 ? " " : ": ", out);
	}
	if (strcmp(pb_col(st, 12), "yes") != 0) {
		fprintf(out, "%+.1f%% from run %d (", step, sqlite3_column_int(st, 3));
		put_text(out, pb_col(st, 5));
		fputs("): barrier time moves with code placement between builds; see instructions per store\n", out);
		return 0;
	}
	fprintf(out, "%+.1f%% [%+.1f%%, %+.1f%%] from run %d of %d (", step, sqlite3_column_double(st, 9),
		sqlite3_column_double(st, 10), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
	put_text(out, pb_col(st, 5));
	fputs(", commit ", out);
	put_text(out, pb_col(st, 6));
	fputs("; the run before: ", out);
	put_text(out, pb_col(st, 7));
	fprintf(out, "), p = %.4g\n", sqlite3_column_double(st, 11));
	return 1;
}

/* What the check could have seen. For each gating series, the smallest step at its end that a test of its runs
 * since its last change point against the min_size runs after a step would show with 80% power at 5%: from the
 * noise of those runs (1.4826 x the median absolute deviation of their log values: one outlier cannot move it).
 * Each series that cannot see threshold is named with what it can see; then one line counts those that can.
 * *seeing and *gating get the counts. */
static int sight(pb_store *s, double threshold, const char *machine, FILE *out, size_t *seeing, size_t *gating, char *err,
	size_t errlen)
{
	static const char *const q_series = "SELECT se.id, m.key, se.mode, se.name, (SELECT max(c.run_index) FROM change c "
		"WHERE c.series = se.id) FROM series se JOIN machine m ON m.id = se.machine WHERE se.gates = 'yes' AND (?1 IS NULL "
		"OR m.key = ?1) ORDER BY 2, 3, 4";
	static const char *const q_points = "SELECT p.value, r.dir FROM point p JOIN run r ON r.id = p.run WHERE p.series = ?1 "
		"ORDER BY r.date, r.dir";
	const size_t after = 3; /* the fewest runs a segment may hold (changepoint.h min_size) */
	sqlite3_stmt *st = pb_sql(s, q_series, err, errlen);
	if (!st)
		return -1;
	if (machine)
		sqlite3_bind_text(st, 1, machine, -1, SQLITE_TRANSIENT);
	int rc;
	*seeing = *gating = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_stmt *pt = pb_sql(s, q_points, err, errlen);
		if (!pt)
			return -1;
		sqlite3_bind_int64(pt, 1, sqlite3_column_int64(st, 0));
		const long from = sqlite3_column_type(st, 4) == SQLITE_NULL ? 1 : sqlite3_column_int(st, 4);
		double v[PB_CP_MAX_WINDOW];
		char since[256] = "";
		size_t n = 0;
		for (long k = 1; sqlite3_step(pt) == SQLITE_ROW; k++) {
			if (k == from)
				snprintf(since, sizeof since, "%s", pb_col(pt, 1));
			if (k >= from && sqlite3_column_double(pt, 0) > 0)
				v[n++ % PB_CP_MAX_WINDOW] = log(sqlite3_column_double(pt, 0));
		}
		pb_sql_end(s, pt);
		n = n < PB_CP_MAX_WINDOW ? n : PB_CP_MAX_WINDOW;
		const double sd = n >= 2 * after ? pb_mad_sd(v, n) : NAN;
		const double mde = isfinite(sd) ? 100 * (exp(pb_mde(sd * sqrt(1.0 / (double)(n - after) + 1.0 / (double)after), (double)n - 2, 1,
			0.05, 0.8)) - 1) : NAN;
		(*gating)++;
		if (mde <= threshold) {
			(*seeing)++;
			continue;
		}
		fputs("cannot see ", out);
		fprintf(out, "%g%%: ", threshold);
		for (int i = 1; i <= 3; i++) {
			put_text(out, pb_col(st, i));
			fputs(i < 3 ? " " : "", out);
		}
		if (isnan(mde))
			fprintf(out, ": too few runs since %s (%zu; a step needs %zu before it and %zu after)\n", *since ? since : "its first",
				n, after, after);
		else {
			fprintf(out, ": the smallest step it could flag is %.2g%% (%zu runs since ", mde, n);
			put_text(out, *since ? since : "its first");
			fprintf(out, ", noise %.2g%%)\n", 100 * (exp(sd) - 1));
		}
	}
	pb_sql_end(s, st);
	return rc == SQLITE_DONE ? 0 : pb_sql_err(s, err, errlen, "the series could not be read");
}

int pb_store_check(pb_store *s, double threshold, const char *machine, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, "SELECT m.key, se.mode, se.name, c.run_index, c.runs, r.dir, r.commit_id, b.dir, "
		"c.step_pct, c.lo_pct, c.hi_pct, c.p, se.gates FROM change c JOIN series se ON se.id = c.series JOIN machine m "
		"ON m.id = se.machine JOIN run r ON r.id = c.run JOIN run b ON b.id = c.before_run WHERE c.run_index = (SELECT "
		"max(c2.run_index) FROM change c2 WHERE c2.series = c.series) AND se.gates != 'exact' AND (?1 IS NULL OR "
		"m.key = ?1) ORDER BY m.key, se.mode, se.name", err, errlen);
	if (!st)
		return -1;
	if (machine)
		sqlite3_bind_text(st, 1, machine, -1, SQLITE_TRANSIENT);
	int bad = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		bad += verdict_line(st, threshold, out);
	pb_sql_end(s, st);
	if (rc != SQLITE_DONE)
		return pb_sql_err(s, err, errlen, "the verdict could not be read");
	size_t seeing, gating;
	if (sight(s, threshold, machine, out, &seeing, &gating, err, errlen))
		return -1;
	if (gating)
		fprintf(out, "%zu of %zu gating series could flag a step of %g%% at their end (80%% power; the others named above)\n",
			seeing, gating, threshold);
	if (bad)
		fprintf(out, "%d series end after a slowdown beyond %g%%\n", bad, threshold);
	else
		fprintf(out, "no regression: no gating series ends after a slowdown beyond %g%%\n", threshold);
	return bad ? 1 : 0;
}

int pb_store_each_bench(pb_store *s, const char *machine, const char *match, pb_bench_fn fn, void *ctx, char *err,
	size_t errlen)
{
	sqlite3_create_function(s->db, "regexp", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, regexp_fn, NULL, NULL);
	sqlite3_stmt *st = pb_sql(s, "SELECT m.key, m.arch, m.cpu_model, m.page_size, r.kernel, r.commit_id, r.mode, r.dir, "
		"r.date, b.name, b.unit, b.min, b.median, b.max FROM machine m CROSS JOIN run r ON r.machine = m.id CROSS JOIN "
		"bench b ON b.run = r.id WHERE r.status = 'complete' AND (?1 IS NULL OR m.key = ?1) AND (?2 IS NULL OR b.name REGEXP ?2) "
		"ORDER BY m.key, r.mode, r.date, r.dir, b.name", err, errlen);
	if (!st)
		return -1;
	if (machine)
		sqlite3_bind_text(st, 1, machine, -1, SQLITE_TRANSIENT);
	if (match)
		sqlite3_bind_text(st, 2, match, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t[11];
		for (int i = 0; i < 11; i++)
			t[i] = pb_col(st, i);
		fn(ctx, t, sqlite3_column_double(st, 11), sqlite3_column_double(st, 12), sqlite3_column_double(st, 13));
	}
	pb_sql_end(s, st);
	return rc == SQLITE_DONE ? 0 : pb_sql_err(s, err, errlen, "the history could not be read");
}

int pb_store_machine_known(pb_store *s, const char *machine, char *err, size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, "SELECT key FROM machine ORDER BY key", err, errlen);
	if (!st)
		return -1;
	int rc, found = 0;
	size_t n = 0, at = 0;
	char there[600] = "";
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = pb_col(st, 0);
		found |= strcmp(k, machine) == 0;
		if (n++ < 8 && at < sizeof there)
			at += (size_t)snprintf(there + at, sizeof there - at, "%s%s", n > 1 ? ", " : "", k);
	}
	pb_sql_end(s, st);
	if (rc != SQLITE_DONE)
		return pb_sql_err(s, err, errlen, "the machines could not be read");
	if (found)
		return 0;
	for (char *c = there; *c; c++) /* a name as data: never a second line */
		*c = (unsigned char)*c < 0x20 ? '?' : *c;
	if (n == 0)
		snprintf(err, errlen, "no machine '%.200s': the history holds no machine yet", machine);
	else
		snprintf(err, errlen, "no machine '%.200s' (the history holds %zu: %s%s)", machine, n, there, n > 8 ? ", ..." : "");
	for (char *c = err; *c; c++)
		*c = (unsigned char)*c < 0x20 ? '?' : *c;
	return -1;
}
