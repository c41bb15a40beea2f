/* report.c: the pieces both of pagebound-compare's engines print with. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

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

void pb_md_name(FILE *f, const char *shown)
{
	fputs("`", f);
	for (const char *p = shown; *p; p++)
		fputs(*p == '|' ? "\\|" : *p == '`' ? "'" : (char[2]){*p, 0}, f);
	fputs("`", f);
}

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

int pb_counter_changes(counters *c, const pb_bench_series *o, const pb_bench_series *n, double threshold)
{
	for (int k = 0; k < PB_MAX_EXACT && pb_exact_counters[k]; k++) {
		const double a = pb_series_exact(o, k), b = pb_series_exact(n, k);
		if (isnan(a) || isnan(b) || a == b)
			continue;
		if (c->n == c->cap) {
			const size_t cap = c->cap ? 2 * c->cap : 16;
			counter_change *cc = realloc(c->cc, cap * sizeof *cc);
			if (!cc)
				return -1;
			c->cc = cc;
			c->cap = cap;
		}
		const bool w = worse(pb_exact_counters[k], a, b, threshold);
		c->cc[c->n++] = (counter_change){o->shown, pb_exact_counters[k], a, b, w};
		c->worse += w;
	}
	return 0;
}

void pb_print_unmatched(FILE *f, const counters *c, const pb_input run[2], const char *pre)
{
	char b1[32];
	for (size_t i = 0; i < c->n; i++)
		fprintf(f, "%scounter %s of %s: %g -> %g%s\n", pre, c->cc[i].counter, c->cc[i].bench, c->cc[i].old_v,
			c->cc[i].new_v, c->cc[i].worse ? "  REGRESSION" : "");
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < run[k].n; i++) {
			const pb_bench_series *s = &run[k].b[i];
			if (!pb_input_find(&run[1 - k], s->name))
				fprintf(f, "%sonly in %s: %s\n", pre, k ? "NEW" : "OLD", s->shown);
			if (s->skipped)
				fprintf(f, "%sskipped in %s: %s (%zu run(s): %s): not a measurement\n", pre, k ? "NEW" : "OLD", s->shown,
					s->skipped, s->skip_message);
			if (s->untimed)
				fprintf(f, "%suntimed in %s: %s (%zu repetition(s) with CPU time 0: the machine's clock did not see "
					"them): left out\n", pre, k ? "NEW" : "OLD", s->shown, s->untimed);
			if (s->n == 0 && s->naggregates && !s->skipped && !s->error)
				fprintf(f, "%saggregates only in %s: %s (median aggregate %s): no test\n", pre, k ? "NEW" : "OLD", s->shown,
					pb_human_ns(s->agg_median, b1, sizeof b1));
		}
}
