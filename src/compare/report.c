/* report.c: the pieces both of pagebound-compare's engines print with. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "tables.h"
#include "util.h"

const char *pb_human_ns(double ns, char *buf, size_t len)
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

double pb_pct(double log_ratio) { return (exp(log_ratio) - 1) * 100; }

/* A value from the data in FORMAT: text and TSV as it is (the reader made it one escaped line: pb_escape_line);
 * markdown as a code span, where nothing is markup, a mention or a link: a backtick (it would end the span) as ',
 * in a table's cell a pipe as \| (it would end the cell). */
void pb_put_data(FILE *f, size_t format, const char *s, bool cell)
{
	if (format != F_MARKDOWN) {
		fputs(s, f);
		return;
	}
	fputc('`', f);
	for (const char *p = s; *p; p++)
		fputs(*p == '|' && cell ? "\\|" : *p == '`' ? "'" : (char[2]){*p, 0}, f);
	fputc('`', f);
}

void pb_md_name(FILE *f, const char *shown) { pb_put_data(f, F_MARKDOWN, shown, true); }

bool pb_gates(const cmp_opts *o, const char *name)
{
	return !o->no_gate || regexec(&o->no_gate_re, name, 0, NULL, 0) != 0;
}

static bool worse(const char *counter, double a, double b, double threshold)
{
	if (strcmp(counter, "verdict_ok") == 0)
		return b < a;
	if (strcmp(counter, "flagged_per_1000") == 0)
		return false; /* what a stream holds, not a cost */
	if (strcmp(counter, "instructions") == 0)
		return b > a * (1 + threshold / 100);
	return b > a; /* a system call more is a cost, however small */
}

int pb_counters_push(counters *c, counter_change x)
{
	if (c->n == c->cap) {
		const size_t cap = c->cap ? 2 * c->cap : 16;
		counter_change *cc = realloc(c->cc, cap * sizeof *cc);
		if (!cc)
			return -1;
		c->cc = cc;
		c->cap = cap;
	}
	c->cc[c->n++] = x;
	c->worse += x.worse;
	return 0;
}

int pb_counter_changes(counters *c, const pb_bench_series *o, const pb_bench_series *n, double threshold)
{
	for (int k = 0; k < PB_MAX_EXACT && pb_exact_counters[k]; k++) {
		const double a = pb_series_exact(o, k), b = pb_series_exact(n, k);
		if (!isnan(a) && !isnan(b) && a != b &&
			pb_counters_push(c, (counter_change){o->shown, pb_exact_counters[k], a, b, worse(pb_exact_counters[k], a, b, threshold)}))
			return -1;
	}
	return 0;
}

/* a counter's value, or what its absence means: a variant one side did not count */
static void put_count(FILE *f, double v, bool old_side)
{
	if (isnan(v))
		fputs(old_side ? "(new)" : "(gone)", f);
	else
		fprintf(f, "%g", v);
}

void pb_print_unmatched(FILE *f, const counters *c, const pb_input run[2], const cmp_opts *o, size_t format)
{
	const char *pre = format == F_TSV ? "# " : format == F_MARKDOWN ? "- " : "";
	char b1[32];
	for (size_t i = 0; i < c->n; i++) {
		fprintf(f, "%scounter %s of ", pre, c->cc[i].counter);
		pb_put_data(f, format, c->cc[i].bench, false);
		fputs(": ", f);
		put_count(f, c->cc[i].old_v, true);
		fputs(" -> ", f);
		put_count(f, c->cc[i].new_v, false);
		fputs(c->cc[i].worse ? "  REGRESSION\n" : "\n", f);
	}
	if (o->instructions) {
		fprintf(f, "%sinstructions per store (callgrind, user space): %zu barrier variant(s) counted on OLD; a rise beyond "
			"%.1f%% or a variant NEW did not count is a regression\n", pre, o->icount.compared, o->threshold);
	}
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < run[k].n; i++) {
			const pb_bench_series *s = &run[k].b[i];
			const char *side = k ? "NEW" : "OLD";
			if (!pb_input_find(&run[1 - k], s->name)) {
				fprintf(f, "%sonly in %s: ", pre, side);
				pb_put_data(f, format, s->shown, false);
				fputc('\n', f);
			}
			if (s->skipped) {
				fprintf(f, "%sskipped in %s: ", pre, side);
				pb_put_data(f, format, s->shown, false);
				fprintf(f, " (%zu run(s): ", s->skipped);
				pb_put_data(f, format, s->skip_message, false);
				fputs("): not a measurement\n", f);
			}
			if (s->untimed) {
				fprintf(f, "%suntimed in %s: ", pre, side);
				pb_put_data(f, format, s->shown, false);
				fprintf(f, " (%zu repetition(s) with CPU time 0: the machine's clock did not see them): left out\n",
					s->untimed);
			}
			if (s->n == 0 && s->naggregates && !s->skipped && !s->error) {
				fprintf(f, "%saggregates only in %s: ", pre, side);
				pb_put_data(f, format, s->shown, false);
				fprintf(f, " (median aggregate %s): no test\n", pb_human_ns(s->agg_median, b1, sizeof b1));
			}
		}
}

const char *pb_status_words(int status)
{
	return status == 1 ? "REGRESSION" : status == 0 ? "no regression" : "NO VERDICT";
}

/* What was compared, said first in the text and markdown reports: OLD and NEW (the caller's labels, say a commit and
 * its subject, else the inputs), the machine (OLD's first file's context), the command, when the caller gives it. */
void pb_print_compared(FILE *f, const cmp_opts *o, size_t format)
{
	const char *pre = format == F_MARKDOWN ? "- " : "";
	const char *what[3][2] = {{"OLD", o->label_old ? o->label_old : o->paths[0]},
		{"NEW", o->label_new ? o->label_new : o->paths[1]}, {"command", o->command}};
	for (int i = 0; i < 3; i++) {
		if (!what[i][1])
			continue;
		fprintf(f, "%s%s: ", pre, what[i][0]);
		pb_put_data(f, format, what[i][1], false);
		fputc('\n', f);
	}
	char *line = NULL, err[256];
	size_t len = 0;
	FILE *m = open_memstream(&line, &len);
	if (m && pb_tables_subtitle(o->paths[0], m, err, sizeof err) == 0 && fclose(m) == 0 && len) {
		line[strcspn(line, "\n")] = 0;
		char *shown = pb_escape_line(line);
		fprintf(f, "%smachine: ", pre);
		pb_put_data(f, format, shown ? shown : "?", false);
		fputc('\n', f);
		free(shown);
	} else if (m)
		fclose(m);
	free(line);
	fputc('\n', f);
}
