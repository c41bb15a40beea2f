/* export_tsv.c: a table: one line per repetition (a results directory: benchmark, repetition's time and counters)
 * or per benchmark of each run (the history: its min, median and max), a header first; for a spreadsheet, R, or
 * awk. Names are pagebound's own (pb_name_ok: nothing in them is a tab). */
#include <math.h>

#include "export.h"
#include "reduce.h"
#include "util.h"

static void begin(FILE *out, bool history)
{
	if (history)
		fputs("machine\trun\tdate\tcommit\tbenchmark\tunit\tmin\tmedian\tmax\n", out);
	else
		fputs("benchmark\titerations\tns\tns_per_store\tsyscalls\teinval\tverdict_ok\tflagged_per_1000\n", out);
}

static void put(FILE *out, double v)
{
	fputc('\t', out);
	pb_put_num(out, v); /* the shortest decimal that reads back as v; - for none */
}

static void rep(FILE *out, const pb_export_rep *r)
{
	double v;
	fprintf(out, "%s\t%lld", r->name, r->iterations);
	put(out, r->ns);
	put(out, pb_export_number(r->row, "ns_per_store", &v) ? v : NAN);
	for (size_t k = 0; k < 4; k++)
		put(out, pb_export_number(r->row, pb_export_counters[k][0], &v) ? v : NAN);
	fputc('\n', out);
}

static void point(FILE *out, const pb_export_point *p)
{
	const char *const *t = p->text;
	fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s", t[0], t[7], t[8], t[5], p->name, pb_export_units[p->unit][0]);
	put(out, p->min);
	put(out, p->median);
	put(out, p->max);
	fputc('\n', out);
}

const pb_exporter pb_export_tsv = {.name = "tsv", .summary = "a table, one line per repetition (or per run's benchmark)",
	.begin = begin, .rep = rep, .point = point};
