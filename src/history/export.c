/* export.c: pagebound-export: results directories, or a machine's history, in the formats other tools read: Go's
 * benchmark format (what `go test -bench` prints and benchstat reads: configuration lines, one line per repetition,
 * the name's parts as key=value, Unit lines for the exact counters) and Bencher Metric Format JSON (per benchmark a
 * measure with value, lower_value and upper_value; scripts/configs' hyperfine runs too). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gbjson.h"
#include "opt.h"
#include "store.h"
#include "util.h"

typedef struct exp_opts {
	size_t format; /* 0 go, 1 bmf */
	bool history;
	const char *results, *machine, *match;
} exp_opts;

/* the keys of a group's plain name parts, in order (scan/PROBE/CONFIG/LAYOUT/bytes:N) */
static const char *part_key(const char *group, int i)
{
	static const char *const scan[] = {"probe", "config", "layout"}, *const barrier[] = {"variant", "stream"};
	if (strcmp(group, "scan") == 0 && i < 3)
		return scan[i];
	if ((strcmp(group, "barrier") == 0 || strcmp(group, "instructions") == 0) && i < 2)
		return barrier[i];
	return strcmp(group, "prim") == 0 && i == 0 ? "prim" : NULL;
}

/* a byte count as Go's names show sizes: 1GiB, 64KiB; anything else as it is */
static void put_size(FILE *out, const char *v)
{
	uint64_t b;
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;
	if (pb_parse_u64(v, &b)) {
		fputs(v, out);
		return;
	}
	while (u < 4 && b >= 1024 && b % 1024 == 0) {
		b /= 1024;
		u++;
	}
	fprintf(out, "%llu%s", (unsigned long long)b, unit[u]);
}

/* a name part (the name passed pb_name_ok: nothing in it is white space to Go's reader, whatever its encoding) */
static void put_part(FILE *out, const char *p, size_t n) { fwrite(p, 1, n, out); }

/* scan/stepped/P64K-T4K/tail/bytes:1073741824 -> BenchmarkScan/probe=stepped/config=P64K-T4K/layout=tail/bytes=1GiB-1:
 * the "-1" is GOMAXPROCS (each benchmark runs on one CPU), and without it Go's reader would take a name's own last
 * "-DIGITS" (a stream "low-10") for one. */
static void put_go_name(FILE *out, const char *name)
{
	const size_t gl = strcspn(name, "/");
	char group[32];
	snprintf(group, sizeof group, "%.*s", (int)(gl < 31 ? gl : 31), name);
	fputs("Benchmark", out);
	if (gl) { /* Go's names go on with a capital: scan -> Scan (two names that then meet: admit leaves the second out) */
		fputc(name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A' : name[0], out);
		put_part(out, name + 1, gl - 1);
	}
	int i = 0;
	for (const char *p = name + gl; *p == '/'; i++) {
		p++;
		const size_t n = strcspn(p, "/"), colon = strcspn(p, ":");
		fputc('/', out);
		if (colon < n) { /* key:value */
			put_part(out, p, colon);
			fputc('=', out);
			char *v = strndup(p + colon + 1, n - colon - 1);
			if (v && ((colon == 5 && strncmp(p, "bytes", 5) == 0) || (colon == 9 && strncmp(p, "footprint", 9) == 0)))
				put_size(out, v);
			else if (v)
				put_part(out, v, strlen(v));
			free(v);
		} else {
			const char *k = part_key(group, i);
			fprintf(out, "%s%s", k ? k : "", k ? "=" : "");
			put_part(out, p, n);
		}
		p += n;
	}
	fputs("-1", out);
}

/* Go's GOARCH for the machine uname names */
static const char *goarch(const char *m)
{
	static const char *const map[][2] = {{"x86_64", "amd64"}, {"aarch64", "arm64"}, {"ppc64le", "ppc64le"},
		{"mips64", "mips64le"}, {"i686", "386"}, {"riscv64", "riscv64"}, {"loongarch64", "loong64"}};
	for (size_t i = 0; m && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(m, map[i][0]) == 0)
			return map[i][1];
	return m && *m ? m : "unknown";
}

/* a configuration value: one line (control bytes as blanks), at most 1024 bytes of it (Go's reader stops at a line
 * over 64 KiB: "token too long", and nothing after it is read) */
static void put_value(FILE *out, const char *v)
{
	const unsigned char *p = (const unsigned char *)(v ? v : "");
	for (const unsigned char *end = p + strnlen((const char *)p, 1024); p < end; p++)
		fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, out);
	fputc('\n', out);
}

/* The configuration lines of a context (Go's format: "key: value", each in force until it changes): printed when
 * they differ from the last ones. */
static void go_config(FILE *out, json_t *ctx, const char *mode, char *last[7])
{
	static const char *const keys[7] = {"goos", "goarch", "cpu", "pagesize", "kernel", "pagebound-commit", "pagebound-mode"};
	const char *v[7] = {"linux", goarch(json_string_value(json_object_get(ctx, "machine"))),
		json_string_value(json_object_get(ctx, "cpu_model")), json_string_value(json_object_get(ctx, "page_size")),
		json_string_value(json_object_get(ctx, "kernel_release")),
		json_string_value(json_object_get(ctx, "pagebound_commit")), mode};
	for (int k = 0; k < 7; k++) {
		if (!v[k] || (last[k] && strcmp(last[k], v[k]) == 0))
			continue;
		fprintf(out, "%s: ", keys[k]);
		put_value(out, v[k]);
		free(last[k]);
		last[k] = strdup(v[k]);
	}
}

/* the exact counters pagebound writes: the JSON's key, the Go unit, the Bencher measure (a slug: Bencher reads a
 * measure's key as a UUID, then a slug, then a name; a slug is one measure whoever made it) */
static const char *const counters[][3] = {{"syscalls", "syscalls/op", "syscalls"}, {"einval", "einval/op", "einval"},
	{"verdict_ok", "verdict-ok/op", "verdict-ok"}, {"flagged_per_1000", "flagged/1000stores", "flagged-per-1000"}};

static void go_units(FILE *out)
{
	fputs("Unit ns/store better=lower\n", out);
	for (size_t i = 0; i < sizeof counters / sizeof counters[0]; i++)
		fprintf(out, "Unit %s assume=exact better=%s\n", counters[i][1], i == 2 ? "higher" : "lower");
	fputs("Unit instructions/store assume=exact better=lower\n", out); /* the history's callgrind counts */
}

/* a finite number at key of b (a counter, ns_per_store) */
static bool finite_at(json_t *b, const char *key, double *v)
{
	json_t *x = json_object_get(b, key);
	return json_is_number(x) && isfinite(*v = json_number_value(x));
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

/* What the export leaves out, named once at the end: each benchmark is in the output under one name, and one name
 * is one benchmark's. seen: output name -> the benchmark; left: benchmark -> why it is left out. */
static json_t *seen, *left;

static void leave_out(const char *name, const char *why)
{
	if (!json_object_get(left, name))
		json_object_set_new_nocheck(left, name, json_string(why));
}

static bool ends_with(const char *s, const char *suffix)
{
	const size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* NAME as FORMAT's output names it (malloc'd), or NULL when it is left out: a name pagebound never writes
 * (pb_name_ok); for Bencher, one its reader would not take as a benchmark's name (without a '/' it could be read as
 * a UUID or a slug, another benchmark's id; a suffix _bencher_ignore, BencherIgnore or -bencher-ignore makes Bencher
 * drop it); a name whose output name is another benchmark's already. */
static char *admit(const char *name, size_t format)
{
	static const char *const ignored[] = {"_bencher_ignore", "BencherIgnore", "-bencher-ignore"};
	if (!pb_name_ok(name)) {
		leave_out(name, "not a name pagebound writes (1 to 1024 bytes of A-Z a-z 0-9 _ . : + = / -)");
		return NULL;
	}
	char *out = NULL;
	size_t len = 0;
	if (format == 0) {
		FILE *m = open_memstream(&out, &len);
		if (!m)
			return NULL;
		put_go_name(m, name);
		if (fclose(m))
			return NULL;
	} else {
		if (!strchr(name, '/')) {
			leave_out(name, "Bencher would read a name without '/' as a UUID or a slug");
			return NULL;
		}
		for (size_t k = 0; k < sizeof ignored / sizeof ignored[0]; k++)
			if (ends_with(name, ignored[k])) {
				leave_out(name, "Bencher would store it without this ending and turn its alerts off");
				return NULL;
			}
		out = strdup(name);
	}
	const char *was = out ? json_string_value(json_object_get(seen, out)) : NULL;
	if (was && strcmp(was, name) != 0) {
		leave_out(name, "its exported name is another benchmark's");
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
		leave_out(name, "its repetitions with CPU time 0 (untimed: the machine's clock did not see them) left out");
	else if (k == PB_REP_NONE)
		leave_out(name, "its repetitions without a time (not finite once scaled, or below 0.001 ns) left out");
	return k == PB_REP_TIME;
}

/* one Google Benchmark file as Go's format: a line per repetition */
static void go_file(FILE *out, json_t *doc, const char *mode, char *last[7])
{
	go_config(out, json_object_get(doc, "context"), mode, last);
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(doc, "benchmarks"), i, b) {
		char *name = repetition(b) && rep_name(b) ? admit(rep_name(b), 0) : NULL;
		if (!name)
			continue;
		json_t *it = json_object_get(b, "iterations");
		double v, t;
		if (!rep_time(b, rep_name(b), &t)) {
			free(name);
			continue;
		}
		fprintf(out, "%s %lld %.6g ns/op", name, json_is_integer(it) && json_integer_value(it) > 0 ?
			(long long)json_integer_value(it) : 1LL, t);
		if (finite_at(b, "ns_per_store", &v))
			fprintf(out, " %.6g ns/store", v);
		for (size_t k = 0; k < sizeof counters / sizeof counters[0]; k++)
			if (finite_at(b, counters[k][0], &v))
				fprintf(out, " %.10g %s", v, counters[k][1]);
		fputc('\n', out);
		free(name);
	}
}

/* BMF: measures[name][measure] collects the values, made into value/lower_value/upper_value at the end */
static void bmf_value(json_t *acc, const char *name, const char *measure, double v)
{
	json_t *b = json_object_get(acc, name), *m;
	if (!b)
		json_object_set_new(acc, name, b = json_object());
	if (!(m = json_object_get(b, measure)))
		json_object_set_new(b, measure, m = json_array());
	json_array_append_new(m, json_real(v));
}

static void bmf_file(json_t *acc, json_t *doc)
{
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(doc, "benchmarks"), i, b) {
		char *name = repetition(b) && rep_name(b) ? admit(rep_name(b), 1) : NULL;
		double v, t;
		if (!name)
			continue;
		if (!rep_time(b, rep_name(b), &t)) {
			free(name);
			continue;
		}
		bmf_value(acc, name, "latency", t);
		if (finite_at(b, "ns_per_store", &v))
			bmf_value(acc, name, "ns-per-store", v);
		for (size_t k = 0; k < sizeof counters / sizeof counters[0]; k++)
			if (finite_at(b, counters[k][0], &v))
				bmf_value(acc, name, counters[k][2], v);
		free(name);
	}
}

/* hyperfine's JSON (scripts/configs): each command a benchmark whole-process/CONFIG/PARAM:VALUE..., in ns */
static void bmf_hyperfine(json_t *acc, json_t *doc, const char *file)
{
	char cfg[128];
	snprintf(cfg, sizeof cfg, "%.*s", (int)strcspn(file + (strncmp(file, "hyperfine-", 10) ? 0 : 10), "."),
		file + (strncmp(file, "hyperfine-", 10) ? 0 : 10));
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
		char *shown = admit(name, 1);
		json_array_foreach(json_object_get(r, "times"), j, t)
			if (shown && json_is_number(t) && isfinite(json_number_value(t)))
				bmf_value(acc, shown, "latency", 1e9 * json_number_value(t));
		free(shown);
	}
}

/* each measure's values as value (median), lower_value and upper_value (min, max); one value: value alone */
static json_t *bmf_finish(json_t *acc)
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

/* one results directory: its Google Benchmark files (and, for BMF, hyperfine's) */
static int export_dir(const exp_opts *o, const char *dir, json_t *acc, char *last[7], char *err, size_t errlen)
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
			o->format == 0 ? go_file(stdout, doc, mode, last) : bmf_file(acc, doc);
		else if (doc && o->format == 1 && json_is_array(json_object_get(doc, "results")))
			bmf_hyperfine(acc, doc, names[i]);
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

/* the history, one run after another: Go's format (each run's fastest repetition, the run's facts as configuration
 * lines), or BMF, one JSON object per run and line */
typedef struct hist_ctx {
	size_t format;
	char *last[10];
	json_t *acc;
	char *run;
} hist_ctx;

static void bmf_flush(hist_ctx *h)
{
	if (!h->acc)
		return;
	json_dumpf(h->acc, stdout, JSON_COMPACT | JSON_SORT_KEYS);
	fputc('\n', stdout);
	json_decref(h->acc);
	h->acc = NULL;
}

/* the units the history keeps: its own, Go's, Bencher's measure */
static const char *const hist_units[][3] = {{"ns", "ns/op", "latency"}, {"ns/store", "ns/store", "ns-per-store"},
	{"instructions/store", "instructions/store", "instructions-per-store"}};

static void hist_row(void *ctx, const char *const *t, double min, double median, double max)
{
	hist_ctx *h = ctx;
	if (!h->run || strcmp(h->run, t[7]) != 0) {
		bmf_flush(h);
		free(h->run);
		h->run = strdup(t[7]);
		h->acc = h->format == 1 ? json_object() : NULL;
	}
	size_t u = 0;
	while (u < sizeof hist_units / sizeof hist_units[0] && strcmp(hist_units[u][0], t[10]) != 0)
		u++;
	char *name = u < sizeof hist_units / sizeof hist_units[0] && isfinite(min) && isfinite(median) && isfinite(max) ?
		admit(t[9], h->format) : NULL;
	if (!name)
		return;
	if (h->format == 1) {
		json_t *b = json_object_get(h->acc, name);
		if (!b)
			json_object_set_new(h->acc, name, b = json_object());
		json_object_set_new(b, hist_units[u][2], json_pack("{s:f,s:f,s:f}", "value", median, "lower_value", min,
			"upper_value", max));
		free(name);
		return;
	}
	static const char *const keys[10] = {"pagebound-machine", "goarch", "cpu", "pagesize", "kernel", "pagebound-commit",
		"pagebound-mode", "pagebound-run", "date", "goos"};
	const char *v[10] = {t[0], goarch(t[1]), t[2], t[3], t[4], t[5], t[6], t[7], t[8], "linux"};
	for (int k = 0; k < 10; k++)
		if (!h->last[k] || strcmp(h->last[k], v[k]) != 0) {
			fprintf(stdout, "%s: ", keys[k]);
			put_value(stdout, v[k]);
			free(h->last[k]);
			h->last[k] = strdup(v[k]);
		}
	fprintf(stdout, "%s 1 %.6g %s\n", name, min, hist_units[u][1]);
	free(name);
}

static int export_history(const exp_opts *o, char *err, size_t errlen)
{
	char *db = malloc(strlen(o->results) + 16);
	pb_store *s = NULL;
	if (!db || (sprintf(db, "%s/history.db", o->results), pb_store_open(db, &s, err, errlen))) {
		free(db);
		return 2;
	}
	hist_ctx h = {.format = o->format};
	if (o->format == 0)
		go_units(stdout);
	const int rc = pb_store_each_bench(s, o->machine, o->match, hist_row, &h, err, errlen);
	bmf_flush(&h);
	for (int k = 0; k < 10; k++)
		free(h.last[k]);
	free(h.run);
	pb_store_close(s);
	free(db);
	return rc ? 2 : 0;
}

static const char *const formats[] = {"go", "bmf"};

int main(int argc, char **argv)
{
	exp_opts o = {.results = "results"};
	const pb_opt opts[] = {
		{.name = "--format", .kind = PB_OPT_CHOICE, .dest = &o.format, .meta = "FORMAT", .names = PB_NAMES(formats, 2),
			.help = "go: Go's benchmark format (benchstat); bmf: Bencher Metric Format JSON", .deflt = "default: go"},
		{.name = "--history", .kind = PB_OPT_FLAG, .dest = &o.history,
			.help = "the history store of --results instead of results directories (BMF: one object per run and line)"},
		{.name = "--results", .kind = PB_OPT_STRING, .dest = &o.results, .meta = "DIR", .help = "--history: the results "
			"directory holding history.db", .deflt = "default: results"},
		{.name = "--machine", .kind = PB_OPT_STRING, .dest = &o.machine, .meta = "KEY", .help = "--history: one machine"},
		{.name = "--match", .kind = PB_OPT_STRING, .dest = &o.match, .meta = "REGEX",
			.help = "--history: the benchmarks whose names match (POSIX extended)"},
	};
	const pb_optspec spec = {"[--format go|bmf] RUN_DIR... | --history [--results DIR] [--machine KEY] [--match REGEX]",
		"Results directories, or a machine's history, as Go's benchmark format (one line per repetition, the name's\n"
		"parts as key=value, exact counters as their own units: benchstat -col /config reads it) or as Bencher Metric\n"
		"Format JSON (each benchmark's measures with value, lower_value, upper_value; hyperfine's timings too).",
		opts, sizeof opts / sizeof opts[0], false, 100000, NULL};
	int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	char err[1024] = "";
	seen = json_object();
	left = json_object();
	if (!seen || !left) {
		fputs("pagebound-export: out of memory\n", stderr);
		return 2;
	}
	if (o.history || argc < 2) {
		rc = o.history && argc == 1 ? export_history(&o, err, sizeof err) : 2;
		if (rc == 2 && !err[0])
			snprintf(err, sizeof err, "give RUN_DIR... or --history (not both)");
	} else {
		char *last[7] = {0};
		json_t *acc = json_object();
		if (o.format == 0)
			go_units(stdout);
		for (int i = 1; rc == 0 && i < argc; i++)
			rc = export_dir(&o, argv[i], acc, last, err, sizeof err) ? 2 : 0;
		if (rc == 0 && o.format == 1) {
			json_t *out = bmf_finish(acc);
			json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
			fputc('\n', stdout);
			json_decref(out);
		}
		json_decref(acc);
		for (int k = 0; k < 7; k++)
			free(last[k]);
	}
	if (err[0])
		fprintf(stderr, "pagebound-export: %s\n", err);
	say_left();
	json_decref(seen);
	json_decref(left);
	return rc;
}
