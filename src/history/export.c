/* export.c: pagebound-export: results directories, or a machine's history, in the formats other tools read. Each
 * format is one file (export_go.c, export_bmf.c, export_tsv.c) and one row of the table below (export.h); this file
 * reads the runs and the history once for all of them, and says what it leaves out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "gbjson.h"
#include "opt.h"
#include "store.h"
#include "util.h"

/* the formats: adding one is its file and a row here */
static const pb_exporter *const exporters[] = {&pb_export_go, &pb_export_bmf, &pb_export_tsv};
#define NFORMATS (sizeof exporters / sizeof exporters[0])

typedef struct exp_opts {
	size_t format; /* exporters[format] */
	bool history;
	const char *results, *machine, *match;
} exp_opts;

const char *const pb_export_counters[4][3] = {{"syscalls", "syscalls/op", "syscalls"}, {"einval", "einval/op", "einval"},
	{"verdict_ok", "verdict-ok/op", "verdict-ok"}, {"flagged_per_1000", "flagged/1000stores", "flagged-per-1000"}};
const char *const pb_export_units[3][3] = {{"ns", "ns/op", "latency"}, {"ns/store", "ns/store", "ns-per-store"},
	{"instructions/store", "instructions/store", "instructions-per-store"}};

bool pb_export_number(json_t *b, const char *key, double *v)
{
	json_t *x = json_object_get(b, key);
	return json_is_number(x) && isfinite(*v = json_number_value(x));
}

/* What the export leaves out, named once at the end: each benchmark is in the output under one name, and one name
 * is one benchmark's. seen: output name -> the benchmark; left: benchmark -> why it is left out. */
static json_t *seen, *left;

void pb_export_leave_out(const char *name, const char *why)
{
	if (!json_object_get(left, name))
		json_object_set_new_nocheck(left, name, json_string(why));
}

/* NAME as the format names it (malloc'd), or NULL when it is left out: a name pagebound never writes (pb_name_ok), one
 * the format's reader would not take, one whose output name is another benchmark's already */
static char *admit(const pb_exporter *x, const char *name)
{
	if (!pb_name_ok(name)) {
		pb_export_leave_out(name, "not a name pagebound writes (1 to 1024 bytes of A-Z a-z 0-9 _ . : + = / -)");
		return NULL;
	}
	char *out = x->admit ? x->admit(name) : strdup(name);
	const char *was = out ? json_string_value(json_object_get(seen, out)) : NULL;
	if (was && strcmp(was, name) != 0) {
		pb_export_leave_out(name, "its exported name is another benchmark's");
		free(out);
		return NULL;
	}
	if (out && !was)
		json_object_set_new(seen, out, json_string(name));
	return out;
}

static void say_left(void)
{
	const size_t n = json_object_size(left);
	size_t i = 0;
	const char *k;
	json_t *v;
	if (n)
		fprintf(stderr, "pagebound-export: %zu benchmark(s) left out, or some of their repetitions:\n", n);
	json_object_foreach(left, k, v) {
		if (i++ == 10) {
			fprintf(stderr, "  and %zu more\n", n - 10);
			break;
		}
		char *cut = strndup(k, 80), *shown = cut ? pb_escape_line(cut) : NULL;
		fprintf(stderr, "  %s%s: %s\n", shown ? shown : "?", strlen(k) > 80 ? "..." : "", json_string_value(v));
		free(cut);
		free(shown);
	}
}

/* a row that is one repetition: run_type iteration (or none, in older files), not an error or a skip */
static bool repetition(json_t *b)
{
	const char *t = json_string_value(json_object_get(b, "run_type"));
	return json_is_object(b) && (!t || strcmp(t, "iteration") == 0) && !json_is_true(json_object_get(b, "error_occurred")) &&
		!json_is_true(json_object_get(b, "skipped")) && json_is_number(json_object_get(b, "cpu_time")) &&
		json_number_value(json_object_get(b, "cpu_time")) >= 0;
}

/* ns in a time_unit Google Benchmark writes (none: ns); NAN for any other (check_units refuses the file) */
static double unit_ns(const char *u)
{
	return !u || strcmp(u, "ns") == 0 ? 1 : strcmp(u, "us") == 0 ? 1e3 : strcmp(u, "ms") == 0 ? 1e6 : strcmp(u, "s") == 0 ? 1e9 : NAN;
}

/* A file whose repetitions give a time in a unit Google Benchmark never writes is refused whole: its times would be
 * exported at a scale nobody knows (analyse and the history refuse it too). */
static int check_units(json_t *doc, const char *path, char *err, size_t errlen)
{
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(doc, "benchmarks"), i, b) {
		json_t *unit = json_object_get(b, "time_unit");
		const char *u = json_string_value(unit);
		if (repetition(b) && ((unit && !u) || isnan(unit_ns(u)))) {
			char *shown = pb_escape_line(u ? u : "(not a string)");
			snprintf(err, errlen, "%s: time_unit %.40s is not one Google Benchmark writes (ns, us, ms, s)", path,
				shown ? shown : "?");
			free(shown);
			return -1;
		}
	}
	return 0;
}

/* a repetition's benchmark: run_name, or name in older files */
static const char *rep_name(json_t *b)
{
	const char *name = json_string_value(json_object_get(b, "run_name"));
	return name ? name : json_string_value(json_object_get(b, "name"));
}

/* a repetition's time by the one rule every C engine uses (pb_rep_time, gbjson.h); one without a time is left out of
 * the export, and its benchmark named with the reason */
static bool rep_time(json_t *b, const char *name, double *t)
{
	const pb_rep_kind k = pb_rep_time(b, false, t);
	if (k == PB_REP_UNTIMED)
		pb_export_leave_out(name, "its repetitions with CPU time 0 (untimed: the machine's clock did not see them) left out");
	else if (k == PB_REP_NONE)
		pb_export_leave_out(name, "its repetitions without a time (not finite once scaled, or below 0.001 ns) left out");
	return k == PB_REP_TIME;
}

/* one Google Benchmark file: its context, then each repetition with a time under a name the format admits */
static void export_file(const pb_exporter *x, json_t *doc, const char *mode)
{
	if (x->context)
		x->context(stdout, json_object_get(doc, "context"), mode);
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(doc, "benchmarks"), i, b) {
		double t;
		char *name = repetition(b) && rep_name(b) ? admit(x, rep_name(b)) : NULL;
		if (name && rep_time(b, rep_name(b), &t)) {
			json_t *it = json_object_get(b, "iterations");
			const pb_export_rep r = {.name = name, .ns = t, .row = b,
				.iterations = json_is_integer(it) && json_integer_value(it) > 0 ? (long long)json_integer_value(it) : 1};
			x->rep(stdout, &r);
		}
		free(name);
	}
}

/* the mode run.tsv gives, or NULL */
static char *run_mode(const char *dir)
{
	char *path = malloc(strlen(dir) + 16), *buf = NULL, err[256], *mode = NULL;
	size_t len;
	if (path && (sprintf(path, "%s/run.tsv", dir), pb_slurp(path, 1 << 20, &buf, &len, err, sizeof err) == 0)) {
		for (char *l = buf; l && *l && !mode; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
			if (strncmp(l, "mode\t", 5) == 0)
				mode = strndup(l + 5, strcspn(l + 5, "\r\n"));
	}
	free(path);
	free(buf);
	return mode;
}

/* one results directory: its Google Benchmark files (and the others the format reads: hyperfine's) */
static int export_dir(const pb_exporter *x, const char *dir, char *err, size_t errlen)
{
	char **names = NULL, *mode = run_mode(dir);
	size_t n = 0;
	int rc = pb_result_files(dir, &names, &n, err, errlen);
	if (rc == 0 && n == 0) {
		snprintf(err, errlen, "%s holds no *.json result files", dir);
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *path = malloc(strlen(dir) + strlen(names[i]) + 2), *buf = NULL;
		size_t len;
		if (path)
			sprintf(path, "%s/%s", dir, names[i]);
		json_t *doc = path && pb_slurp(path, PB_MAX_JSON_BYTES, &buf, &len, err, errlen) == 0 ?
			pb_json_parse(buf, len, path, err, errlen) : NULL;
		rc = doc ? 0 : -1;
		if (doc && pb_json_is_gbench(doc) && check_units(doc, path, err, errlen))
			rc = -1;
		else if (doc && pb_json_is_gbench(doc))
			export_file(x, doc, mode);
		else if (doc && x->foreign)
			x->foreign(stdout, doc, names[i]);
		json_decref(doc);
		free(buf);
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(mode);
	return rc;
}

/* the history, one run after another: each benchmark's min, median and max in the run */
static void hist_row(void *ctx, const char *const *t, double min, double median, double max)
{
	const pb_exporter *x = ctx;
	size_t u = 0;
	while (u < 3 && strcmp(pb_export_units[u][0], t[10]) != 0)
		u++;
	char *name = u < 3 && isfinite(min) && isfinite(median) && isfinite(max) ? admit(x, t[9]) : NULL;
	if (name) {
		const pb_export_point p = {.text = t, .name = name, .unit = u, .min = min, .median = median, .max = max};
		x->point(stdout, &p);
	}
	free(name);
}

static int export_history(const exp_opts *o, const pb_exporter *x, char *err, size_t errlen)
{
	char *db = malloc(strlen(o->results) + 16);
	pb_store *s = NULL;
	if (!db || (sprintf(db, "%s/history.db", o->results), pb_store_open(db, &s, err, errlen))) {
		free(db);
		return 2;
	}
	const int rc = pb_store_each_bench(s, o->machine, o->match, hist_row, (void *)x, err, errlen);
	pb_store_close(s);
	free(db);
	return rc ? 2 : 0;
}

int main(int argc, char **argv)
{
	exp_opts o = {.results = "results"};
	const char *names[NFORMATS];
	char help[512];
	size_t hl = (size_t)snprintf(help, sizeof help, "the format:");
	for (size_t i = 0; i < NFORMATS; i++) {
		names[i] = exporters[i]->name;
		hl += (size_t)snprintf(help + hl, hl < sizeof help ? sizeof help - hl : 0, " %s: %s;", exporters[i]->name,
			exporters[i]->summary);
	}
	const pb_opt opts[] = {
		{.name = "--format", .kind = PB_OPT_CHOICE, .dest = &o.format, .meta = "FORMAT", .names = PB_NAMES(names, NFORMATS),
			.help = help, .deflt = "default: go"},
		{.name = "--history", .kind = PB_OPT_FLAG, .dest = &o.history,
			.help = "the history store of --results instead of results directories (BMF: one object per run and line)"},
		{.name = "--results", .kind = PB_OPT_STRING, .dest = &o.results, .meta = "DIR", .help = "--history: the results "
			"directory holding history.db", .deflt = "default: results"},
		{.name = "--machine", .kind = PB_OPT_STRING, .dest = &o.machine, .meta = "KEY", .help = "--history: one machine"},
		{.name = "--match", .kind = PB_OPT_STRING, .dest = &o.match, .meta = "REGEX",
			.help = "--history: the benchmarks whose names match (POSIX extended)"},
	};
	const pb_optspec spec = {"[--format FORMAT] RUN_DIR... | --history [--results DIR] [--machine KEY] [--match REGEX]",
		"Results directories, or a machine's history, in the formats other tools read: each benchmark's repetitions\n"
		"(a run) or each run's figures (the history), under names the format's reader takes; what is left out is said.",
		opts, sizeof opts / sizeof opts[0], false, 100000, NULL};
	int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	const pb_exporter *x = exporters[o.format];
	char err[1024] = "";
	seen = json_object();
	left = json_object();
	if (!seen || !left) {
		fputs("pagebound-export: out of memory\n", stderr);
		return 2;
	}
	const bool history = o.history;
	if (history != (argc < 2) || (history && argc != 1)) {
		snprintf(err, sizeof err, "give RUN_DIR... or --history (not both)");
		rc = 2;
	} else {
		if (x->begin)
			x->begin(stdout, history);
		if (history)
			rc = export_history(&o, x, err, sizeof err);
		for (int i = 1; !history && rc == 0 && i < argc; i++)
			rc = export_dir(x, argv[i], err, sizeof err) ? 2 : 0;
		if (x->end && rc == 0)
			x->end(stdout, history);
	}
	if (err[0])
		fprintf(stderr, "pagebound-export: %s\n", err);
	say_left();
	json_decref(seen);
	json_decref(left);
	return rc;
}
