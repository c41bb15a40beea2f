/* gbjson.c: Google Benchmark JSON through jansson, strictly checked: anything unexpected is an error, never a crash. */
#include "gbjson.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "stats.h"

const char *const pb_exact_counters[PB_MAX_EXACT] = {"syscalls", "einval", "verdict_ok", "flagged_per_1000", "instructions",
	NULL, NULL, NULL};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The index slot where name is, or where it would go. */
static size_t *slot_of(const pb_input *run, const char *name)
{
	size_t i = (size_t)fnv1a(name) & (run->nslot - 1);
	while (run->slot[i] && strcmp(run->b[run->slot[i] - 1].name, name) != 0)
		i = (i + 1) & (run->nslot - 1);
	return &run->slot[i];
}

/* Keeps the index at most half full. */
static int reindex(pb_input *run)
{
	if (run->nslot >= 2 * (run->n + 1))
		return 0;
	size_t n = run->nslot ? run->nslot : 64;
	while (n < 2 * (run->n + 1))
		n *= 2;
	free(run->slot);
	run->slot = calloc(n, sizeof *run->slot);
	run->nslot = run->slot ? n : 0;
	if (!run->slot)
		return -1;
	for (size_t k = 0; k < run->n; k++)
		*slot_of(run, run->b[k].name) = k + 1;
	return 0;
}

static pb_bench_series *series(pb_input *run, const char *name)
{
	if (run->nslot) {
		size_t *s = slot_of(run, name);
		if (*s)
			return &run->b[*s - 1];
	}
	if (run->n == run->cap) {
		size_t cap = run->cap ? run->cap * 2 : 64;
		pb_bench_series *b = realloc(run->b, cap * sizeof *b);
		if (!b)
			return NULL;
		run->b = b;
		run->cap = cap;
	}
	pb_bench_series *s = &run->b[run->n];
	memset(s, 0, sizeof *s);
	s->agg_median = NAN;
	s->name = strdup(name);
	s->shown = pb_escape_line(name);
	if (!s->name || !s->shown)
		return NULL;
	run->n++;
	if (reindex(run))
		return NULL;
	*slot_of(run, name) = run->n;
	return s;
}

static int push(double **v, size_t *n, size_t *cap, double x)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		double *nv = realloc(*v, c * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
		*cap = c;
	}
	(*v)[(*n)++] = x;
	return 0;
}

static double unit_ns(const char *u)
{
	if (!u || strcmp(u, "ns") == 0)
		return 1;
	if (strcmp(u, "us") == 0)
		return 1e3;
	if (strcmp(u, "ms") == 0)
		return 1e6;
	if (strcmp(u, "s") == 0)
		return 1e9;
	return NAN;
}

/* the length of the run of bytes at p (at most n) that are not in stop */
static size_t span_until(const char *p, size_t n, const bool stop[256])
{
	size_t k = 0;
	while (k < n && !stop[(unsigned char)p[k]])
		k++;
	return k;
}

/* Google Benchmark writes NaN and inf as bare words (a cv of a counter that is always 0, say), which JSON
 * does not have: outside strings they become null, which then reads as "no value". The text is copied a run at a
 * time: only a quote, a backslash (in strings) or a letter a bare word can start with stops the copy. */
static char *nan_to_null(const char *buf, size_t len, size_t *outlen)
{
	static const char *const words[] = {"-Infinity", "Infinity", "-NaN", "-nan", "NaN", "nan", "-inf", "inf"};
	bool in_str[256] = {0}, out_str[256] = {0};
	in_str['"'] = in_str['\\'] = true;
	out_str['"'] = out_str['-'] = out_str['I'] = out_str['N'] = out_str['n'] = out_str['i'] = true;
	char *out = malloc(len + len / 2 + 8);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	bool str = false;
	while (i < len) {
		const size_t k = span_until(buf + i, len - i, str ? in_str : out_str);
		memcpy(out + o, buf + i, k);
		o += k;
		if ((i += k) >= len)
			break;
		const char c = buf[i];
		size_t wl = 0;
		for (size_t w = 0; !str && c != '"' && w < sizeof words / sizeof words[0] && !wl; w++)
			if (i + strlen(words[w]) <= len && memcmp(buf + i, words[w], strlen(words[w])) == 0)
				wl = strlen(words[w]);
		if (wl) {
			memcpy(out + o, "null", 4);
			o += 4;
			i += wl;
			continue;
		}
		out[o++] = c;
		i++;
		if (str && c == '\\' && i < len)
			out[o++] = buf[i++];
		else if (c == '"')
			str = !str;
	}
	*outlen = o;
	return out;
}

/* What one file says about itself, for each of its benchmarks. */
typedef struct file_info {
	const char *origin;
	pb_metric metric;
	int round;      /* context pagebound_round, else -1 */
	bool pagebound; /* written by pagebound: its counters named like exact ones are exact */
	bool emulated;  /* its context says cpu_emulated: a qemu guest's clock, coarse enough to see 0 ns of real time */
	const char *value_counter; /* pb_input's: a row with this counter gives it as its value */
	const char *const *keep; /* pb_input's: counters kept per repetition */
} file_info;

static int oom(char *err, size_t errlen, const char *origin)
{
	snprintf(err, errlen, "%s: out of memory", origin);
	return -1;
}

static int push_int(int **v, size_t n, size_t cap, int x)
{
	if (n == cap) { /* grows with the times array: n == cap exactly when that one grew */
		int *nv = realloc(*v, (cap ? cap * 2 : 8) * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
	}
	(*v)[n] = x;
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	const size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* An aggregate row: run_type "aggregate", or (files from before run_type existed) a name ending in one of
 * Google Benchmark's aggregate suffixes; *baselen is the length of the name of the benchmark it belongs to (the
 * whole name unless a suffix is cut: names have no length limit but the file's). */
static bool aggregate_of(json_t *b, const char *name, size_t *baselen, bool *median)
{
	static const char *const suffixes[] = {"_mean", "_median", "_stddev", "_cv", "_BigO", "_RMS"};
	const char *type = json_string_value(json_object_get(b, "run_type"));
	const char *agg = json_string_value(json_object_get(b, "aggregate_name"));
	*baselen = strlen(name);
	if (type) {
		*median = agg && strcmp(agg, "median") == 0;
		return strcmp(type, "iteration") != 0;
	}
	for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++)
		if (ends_with(name, suffixes[k])) {
			*baselen -= strlen(suffixes[k]);
			*median = k == 1;
			return true;
		}
	return false;
}


/* A repetition whose CPU time is exactly 0 while its real time is positive: the work ran, the CPU clock did not see
 * it (a kernel that charges CPU time by ticks, late under load). Not a time, and not bad input: left out, counted. */
/* CPU time exactly 0 beside a real time: a clock that charges CPU time by ticks did not see it. On an emulated CPU (the
 * file's context says cpu_emulated: a fleet's qemu guest) the real time may be 0 too: its clock is that coarse. */
static bool untimed(json_t *b, bool emulated)
{
	json_t *c = json_object_get(b, "cpu_time"), *r = json_object_get(b, "real_time");
	return json_is_number(c) && json_number_value(c) == 0 && json_is_number(r) && isfinite(json_number_value(r)) &&
		(json_number_value(r) > 0 || (emulated && json_number_value(r) == 0));
}

pb_rep_kind pb_rep_time(json_t *b, bool real, double *ns)
{
	json_t *tv = json_object_get(b, real ? "real_time" : "cpu_time");
	const double scale = unit_ns(json_string_value(json_object_get(b, "time_unit")));
	*ns = json_is_number(tv) ? json_number_value(tv) * scale : NAN;
	if (isfinite(*ns) && *ns >= PB_MIN_NS)
		return PB_REP_TIME;
	return !real && untimed(b, false) ? PB_REP_UNTIMED : PB_REP_NONE;
}

/* The time of a row in ns (the metric's key, scaled by time_unit); NaN when it has none (pb_rep_time's rule). */
static double row_time(json_t *b, const char *name, pb_metric metric, bool *real)
{
	*real = metric == PB_METRIC_REAL ||
		(metric == PB_METRIC_AUTO && (strstr(name, "/real_time") || strstr(name, "/manual_time")));
	double t;
	return pb_rep_time(b, *real, &t) == PB_REP_TIME ? t : NAN;
}

/* a repetition's exact counters (timed or not: an emulated CPU's clock may miss it, its counts stand) */
static int add_exact(pb_bench_series *s, json_t *b, const file_info *fi)
{
	for (int k = 0; fi->pagebound && k < PB_MAX_EXACT && pb_exact_counters[k]; k++) {
		json_t *c = json_object_get(b, pb_exact_counters[k]);
		if (json_is_number(c) && push(&s->ev[k], &s->en[k], &s->ecap[k], json_number_value(c)))
			return -1;
	}
	return 0;
}

static int add_repetition(pb_bench_series *s, json_t *b, const file_info *fi, double t)
{
	json_t *ri = json_object_get(b, "repetition_index");
	for (int k = 0; fi->keep && k < PB_MAX_KEEP && fi->keep[k]; k++) {
		json_t *c = json_object_get(b, fi->keep[k]);
		if (push(&s->kv[k], &s->kn[k], &s->kcap[k], json_is_number(c) ? json_number_value(c) : NAN))
			return -1;
	}
	if (push_int(&s->round, s->n, s->cap, fi->round) ||
		push_int(&s->rep, s->n, s->cap, json_is_integer(ri) ? (int)json_integer_value(ri) : -1) ||
		push(&s->t, &s->n, &s->cap, t))
		return -1;
	return add_exact(s, b, fi);
}

/* why row b has no time, as one line (pb_rep_time's rule, said the way a reader can check it in the file) */
static void why_no_time(json_t *b, bool real, const char *origin, const char *shown, char *err, size_t errlen)
{
	const char *key = real ? "real_time" : "cpu_time", *u = json_string_value(json_object_get(b, "time_unit"));
	json_t *tv = json_object_get(b, key);
	const double v = json_is_number(tv) ? json_number_value(tv) : NAN;
	if (isnan(unit_ns(u)))
		snprintf(err, errlen, "%s: benchmark %s: unknown time_unit \"%.20s\"", origin, shown, u ? u : "?");
	else if (json_is_null(tv))
		snprintf(err, errlen, "%s: benchmark %s: %s holds a bare nan or inf: a number that is not a number (JSON has neither)",
			origin, shown, key);
	else if (!json_is_number(tv))
		snprintf(err, errlen, "%s: benchmark %s: %s is not a number", origin, shown, key);
	else if (v < 0)
		snprintf(err, errlen, "%s: benchmark %s: negative %s %g", origin, shown, key, v);
	else if (v == 0)
		snprintf(err, errlen, "%s: benchmark %s: took 0 ns (%s 0 and no real time): not a measurement", origin, shown, key);
	else if (v * unit_ns(u) < PB_MIN_NS)
		snprintf(err, errlen, "%s: benchmark %s: %s %g %s: below 0.001 ns, not a measurement", origin, shown, key, v, u ? u : "ns");
	else
		snprintf(err, errlen, "%s: benchmark %s: %s %g %s: beyond 10^15 ns, not a measurement", origin, shown, key, v, u ? u : "ns");
}

static int add_row(pb_bench_series *s, json_t *b, const file_info *fi, bool agg, bool median, char *err, size_t errlen);

/* One element of the benchmarks array: a repetition, an error, a skip, or an aggregate (kept aside: the
 * tests use the repetitions; a benchmark with aggregates only is shown, never dropped). */
static int add_one(pb_input *run, json_t *b, size_t i, const file_info *fi, char *err, size_t errlen)
{
	const char *name = json_string_value(json_object_get(b, "run_name"));
	if (!name)
		name = json_string_value(json_object_get(b, "name"));
	if (!json_is_object(b) || !name) {
		snprintf(err, errlen, "%s: benchmark %zu has no name: not Google Benchmark output", fi->origin, i);
		return -1;
	}
	size_t baselen;
	bool median = false;
	const bool agg = aggregate_of(b, name, &baselen, &median);
	if (agg && (ends_with(name, "_BigO") || ends_with(name, "_RMS") || json_object_get(b, "big_o") || json_object_get(b, "rms")))
		return 0; /* a complexity fit: no run's time */
	char *base = strndup(name, baselen);
	pb_bench_series *s = base ? series(run, base) : NULL;
	free(base);
	if (!s) {
		snprintf(err, errlen, "%s: out of memory", fi->origin);
		return -1;
	}
	return add_row(s, b, fi, agg, median, err, errlen);
}

/* A message from the data (an error, a skip) as every report shows it: one line, at most 300 bytes of it, escaped. */
static char *message(const char *m)
{
	char *cut = strndup(m, 300), *line = cut ? pb_escape_line(cut) : NULL;
	free(cut);
	return line;
}

/* Row b of benchmark s: a repetition, an error, a skip, or an aggregate. */
static int add_row(pb_bench_series *s, json_t *b, const file_info *fi, bool agg, bool median, char *err, size_t errlen)
{
	bool real;
	const double t = row_time(b, s->name, fi->metric, &real);
	s->real_time = real;
	if (json_is_true(json_object_get(b, "error_occurred"))) {
		const char *m = json_string_value(json_object_get(b, "error_message"));
		free(s->error);
		s->error = message(m ? m : "skipped with an error");
		return 0;
	}
	if (json_is_true(json_object_get(b, "skipped"))) {
		const char *m = json_string_value(json_object_get(b, "skip_message"));
		s->skipped++;
		free(s->skip_message);
		s->skip_message = message(m ? m : "skipped");
		return 0;
	}
	if (agg) { /* the median's time is shown when a benchmark has nothing else */
		s->naggregates++;
		if (median && !isnan(t))
			s->agg_median = t;
		return 0;
	}
	json_t *vc = fi->value_counter ? json_object_get(b, fi->value_counter) : NULL;
	if (vc) {
		if (isnan(t) && (real || !untimed(b, fi->emulated))) { /* its time broken: the row is no measurement, whatever it counted */
			why_no_time(b, real, fi->origin, s->shown, err, errlen);
			return -1;
		}
		const double v = json_is_number(vc) ? json_number_value(vc) : NAN;
		if (!(v > 0) || !isfinite(v)) {
			snprintf(err, errlen, "%s: benchmark %s has no valid %s (a positive, finite number)", fi->origin,
				s->shown, fi->value_counter);
			return -1;
		}
		s->by_counter = true;
		return add_repetition(s, b, fi, v) ? oom(err, errlen, fi->origin) : 0;
	}
	if (isnan(t) && !real && untimed(b, fi->emulated)) { /* a clock too coarse to see it (a TCG guest's tick-based CPU time) */
		s->untimed++;
		return add_exact(s, b, fi) ? oom(err, errlen, fi->origin) : 0;
	}
	if (isnan(t)) {
		why_no_time(b, real, fi->origin, s->shown, err, errlen);
		return -1;
	}
	return add_repetition(s, b, fi, t) ? oom(err, errlen, fi->origin) : 0;
}

json_t *pb_json_parse(const char *buf, size_t len, const char *origin, char *err, size_t errlen)
{
	json_error_t je;
	size_t clen;
	char *clean = nan_to_null(buf, len, &clen);
	if (!clean) {
		snprintf(err, errlen, "%s: out of memory", origin);
		return NULL;
	}
	json_t *doc = json_loadb(clean, clen, JSON_REJECT_DUPLICATES, &je);
	free(clean);
	if (!doc && strstr(je.text, "duplicate")) /* valid JSON syntax, but one name twice in an object */
		snprintf(err, errlen, "%s: a key appears twice in one object (line %d: %s): which value counts is not defined",
			origin, je.line, je.text);
	else if (!doc && (strstr(je.text, "too big integer") || strstr(je.text, "real number overflow")))
		snprintf(err, errlen, "%s: holds a number beyond 2^64 or a double (line %d): not a measurement", origin, je.line);
	else if (!doc)
		snprintf(err, errlen, "%s: not JSON (line %d: %s)%s", origin, je.line, je.text,
			je.position >= (int)clen ? "; the file looks truncated" : "");
	return doc;
}

bool pb_json_is_gbench(json_t *doc)
{
	return json_is_object(doc) && json_is_object(json_object_get(doc, "context")) &&
		json_is_array(json_object_get(doc, "benchmarks"));
}

int pb_input_add_doc(pb_input *run, json_t *doc, const char *origin, pb_metric metric, char *err, size_t errlen)
{
	if (!pb_json_is_gbench(doc)) {
		snprintf(err, errlen, "%s: not Google Benchmark output (no context object and benchmarks array)", origin);
		return -1;
	}
	json_t *ctx = json_object_get(doc, "context"), *rd = json_object_get(ctx, "pagebound_round");
	uint64_t round = 0;
	const file_info fi = {origin, metric,
		json_is_string(rd) && pb_parse_u64(json_string_value(rd), &round) == 0 && round < 1000000 ? (int)round : -1,
		json_object_get(ctx, "pagebound_version") != NULL,
		json_string_length(json_object_get(ctx, "cpu_emulated")) > 0, run->value_counter, run->keep};
	run->files++;
	run->rounded += fi.round >= 0;
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(doc, "benchmarks"), i, b) {
		if (add_one(run, b, i, &fi, err, errlen))
			return -1;
	}
	return 0;
}

int pb_input_add_buffer(pb_input *run, const char *buf, size_t len, const char *origin, pb_metric metric, char *err,
	size_t errlen)
{
	json_t *doc = pb_json_parse(buf, len, origin, err, errlen);
	const int rc = doc ? pb_input_add_doc(run, doc, origin, metric, err, errlen) : -1;
	json_decref(doc);
	return rc;
}

static bool ends_gz(const char *path)
{
	const size_t l = strlen(path);
	return l > 3 && strcmp(path + l - 3, ".gz") == 0;
}

/* A gzip stream read through to its end, at most max bytes out (a small file must not unpack into gigabytes). */
static char *gunzip_fd(int fd, size_t max, size_t *len, const char *path, char *err, size_t errlen)
{
	gzFile z = gzdopen(fd, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf = z ? malloc(cap + 1) : NULL;
	int got = 0;
	while (buf && n <= max && (got = gzread(z, buf + n, (unsigned)(cap - n))) > 0) {
		n += (size_t)got;
		if (n == cap) {
			char *b = cap <= max ? realloc(buf, (cap *= 2) + 1) : NULL;
			if (!b)
				break;
			buf = b;
		}
	}
	int zerr = Z_OK;
	const char *zmsg = z ? gzerror(z, &zerr) : "cannot read it";
	if (!buf || got < 0 || n > max || n == cap || zerr != Z_OK) {
		snprintf(err, errlen, "cannot read %s: %s", path, !buf ? "out of memory" : n > max || n == cap ?
			"it unpacks to more than 256 MiB: not a results file" : zmsg);
		free(buf);
		buf = NULL;
	} else
		*len = n;
	if (z)
		gzclose(z); /* closes fd */
	else
		close(fd);
	return buf;
}

int pb_slurp(const char *path, size_t max, char **out, size_t *len, char *err, size_t errlen)
{
	size_t size = 0;
	int fd = pb_open_regular(path, max, &size, err, errlen);
	if (fd < 0)
		return -1;
	char *buf = NULL;
	if (ends_gz(path))
		buf = gunzip_fd(fd, max, len, path, err, errlen);
	else {
		ssize_t got = 0;
		size_t n = 0;
		buf = malloc(size + 1);
		while (buf && n <= size && (got = read(fd, buf + n, size + 1 - n)) > 0)
			n += (size_t)got;
		const int e = errno;
		close(fd);
		if (!buf || got < 0 || n != size) {
			snprintf(err, errlen, "cannot read %s: %s", path,
				!buf ? "out of memory" : got < 0 ? strerror(e) : "it changed while it was read");
			free(buf);
			buf = NULL;
		}
		*len = n;
	}
	if (!buf)
		return -1;
	buf[*len] = '\0';
	*out = buf;
	return 0;
}

/* Regular files only, of at most PB_MAX_JSON_BYTES: a FIFO named *.json would block, /dev/zero would never end.
 * O_NONBLOCK keeps open() itself from waiting for a FIFO's writer. A name ending in .gz is read through gzip. */
static int load_file(pb_input *run, const char *path, pb_metric metric, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	if (pb_slurp(path, PB_MAX_JSON_BYTES, &buf, &len, err, errlen))
		return -1;
	int rc = pb_input_add_buffer(run, buf, len, path, metric, err, errlen);
	free(buf);
	return rc;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool result_name(const char *name)
{
	const size_t l = strlen(name);
	return (l > 5 && strcmp(name + l - 5, ".json") == 0) || (l > 8 && strcmp(name + l - 8, ".json.gz") == 0);
}

/* a .json.gz whose .json is also there (a compression cut short): the .json is read, not both */
static bool has_plain_twin(int dfd, const char *name)
{
	const size_t l = strlen(name);
	struct stat st;
	char *twin = l > 8 && strcmp(name + l - 3, ".gz") == 0 ? strndup(name, l - 3) : NULL;
	const bool yes = twin && fstatat(dfd, twin, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
	free(twin);
	return yes;
}

/* the chunks a run's run.tsv names (chunk:NAME lines; scripts/measure writes one per JSON file), as a
 * newline-separated list "\nNAME\n...": NULL when there is no run.tsv or it names none (a run by hand, a round) */
char *pb_run_chunks(int dfd)
{
	int fd = openat(dfd, "run.tsv", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 20)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1), *list = malloc((size_t)st.st_size + 2);
	const ssize_t got = buf && list ? read(fd, buf, (size_t)st.st_size) : -1;
	close(fd);
	size_t at = 0;
	if (got >= 0) {
		buf[got] = '\0';
		list[at++] = '\n';
		for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
			if (strncmp(line, "chunk:", 6) == 0) {
				const size_t l = strcspn(line + 6, "\t\r\n");
				memcpy(list + at, line + 6, l);
				at += l;
				list[at++] = '\n';
			}
		list[at] = '\0';
	}
	free(buf);
	if (got < 0 || at <= 1) {
		free(list);
		return NULL;
	}
	return list;
}

/* is the result file name one of the chunks listed (its name without .json or .json.gz)? */
bool pb_chunk_named(const char *list, const char *name)
{
	const size_t l = strlen(name), base = l > 8 && strcmp(name + l - 3, ".gz") == 0 ? l - 8 : l - 5;
	for (const char *p = strstr(list, "\n"); p && p[1]; p = strchr(p + 1, '\n'))
		if (strncmp(p + 1, name, base) == 0 && p[1 + base] == '\n')
			return true;
	return false;
}

int pb_result_files(const char *dir, char ***names, size_t *count, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "cannot open directory %s: %s", dir, strerror(errno));
		return -1;
	}
	size_t n = 0, cap = 0;
	char **v = NULL;
	struct dirent *e;
	struct stat st;
	int rc = 0;
	char *chunks = pb_run_chunks(dirfd(d)); /* a run scripts/measure made: the files it names, and no other */
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (!result_name(e->d_name) || has_plain_twin(dirfd(d), e->d_name) || (chunks && !pb_chunk_named(chunks, e->d_name)))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
			/* a link, a FIFO, a device named like a result: refused, never read or skipped in silence */
			snprintf(err, errlen, "%s/%s is not a regular file", dir, e->d_name);
			rc = -1;
			continue;
		}
		char **nv = n == cap ? realloc(v, (cap = cap ? cap * 2 : 16) * sizeof *nv) : v;
		if (nv)
			v = nv;
		if (!nv || !(v[n++] = strdup(e->d_name))) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
		}
	}
	free(chunks);
	closedir(d);
	if (v)
		qsort(v, n, sizeof *v, by_name);
	*names = v;
	*count = n;
	return rc;
}

int pb_input_load(pb_input *run, const char *path, pb_metric metric, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(run, path, metric, err, errlen);
	char **names = NULL;
	size_t n = 0;
	int rc = pb_result_files(path, &names, &n, err, errlen);
	if (rc == 0 && n == 0) {
		snprintf(err, errlen, "%s holds no *.json result files", path);
		rc = -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *full = malloc(strlen(path) + strlen(names[i]) + 2);
		if (full)
			sprintf(full, "%s/%s", path, names[i]);
		rc = full ? load_file(run, full, metric, err, errlen) : -1;
		if (!full)
			snprintf(err, errlen, "out of memory");
		free(full);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

double pb_series_exact(const pb_bench_series *s, int k)
{
	return s->en[k] ? pb_median(s->ev[k], s->en[k]) : NAN;
}

const pb_bench_series *pb_input_find(const pb_input *run, const char *name)
{
	if (!run->nslot)
		return NULL;
	const size_t *s = slot_of(run, name);
	return *s ? &run->b[*s - 1] : NULL;
}

void pb_input_free(pb_input *run)
{
	for (size_t i = 0; i < run->n; i++) {
		free(run->b[i].name);
		free(run->b[i].shown);
		free(run->b[i].t);
		free(run->b[i].round);
		free(run->b[i].rep);
		free(run->b[i].skip_message);
		free(run->b[i].error);
		for (int k = 0; k < PB_MAX_EXACT; k++)
			free(run->b[i].ev[k]);
		for (int k = 0; k < PB_MAX_KEEP; k++)
			free(run->b[i].kv[k]);
	}
	free(run->b);
	free(run->slot);
	memset(run, 0, sizeof *run);
}

/* Splits one run into two: the benchmarks whose name has a component a (out[0]) and those with b in its place
 * (out[1]), both named with that component written a~b so that they pair; each repetition's round is its
 * repetition_index (within one run, interleaved at random, repetition k of each benchmark is one slot). */
static bool component_is(const char *p, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(p, word, len) == 0;
}

int pb_input_split(const pb_input *in, const char *a, const char *b, pb_input out[2], char *err, size_t errlen)
{
	for (size_t i = 0; i < in->n; i++) {
		const pb_bench_series *s = &in->b[i];
		int side = -1;
		size_t at = 0, len = 0;
		for (const char *p = s->name; *p && side < 0; p += len + (p[len] == '/')) {
			len = strcspn(p, "/");
			at = (size_t)(p - s->name);
			side = component_is(p, len, a) ? 0 : component_is(p, len, b) ? 1 : -1;
		}
		if (side < 0 || s->error || !s->n)
			continue;
		const char *rest = s->name + at + strlen(side ? b : a);
		char *name = malloc(at + strlen(a) + strlen(b) + strlen(rest) + 2);
		if (name)
			sprintf(name, "%.*s%s~%s%s", (int)at, s->name, a, b, rest);
		pb_bench_series *t = name ? series(&out[side], name) : NULL;
		free(name);
		for (size_t k = 0; t && k < s->n; k++)
			if (push_int(&t->round, t->n, t->cap, s->rep[k]) || push_int(&t->rep, t->n, t->cap, s->rep[k]) ||
				push(&t->t, &t->n, &t->cap, s->t[k]))
				t = NULL;
		if (!t) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	if (!out[0].n || !out[1].n) {
		snprintf(err, errlen, "no benchmark has a name component '%s' with a twin named '%s'", out[0].n ? b : a,
			out[0].n ? a : b);
		return -1;
	}
	out[0].files = out[1].files = out[0].rounded = out[1].rounded = 1;
	return 0;
}

json_t *pb_first_doc(const char *path, char *err, size_t errlen)
{
	char **names = NULL, *buf = NULL, full[4096];
	size_t n = 0, len;
	struct stat st;
	const bool file = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	if (!file && pb_result_files(path, &names, &n, err, errlen))
		return NULL;
	json_t *doc = NULL;
	if (!file && !n)
		snprintf(err, errlen, "%s holds no *.json result files", path);
	else if (snprintf(full, sizeof full, file ? "%s" : "%s/%s", path, file ? "" : names[0]) < (int)sizeof full &&
		 pb_slurp(full, PB_MAX_JSON_BYTES, &buf, &len, err, errlen) == 0)
		doc = pb_json_parse(buf, len, full, err, errlen);
	free(buf);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return doc;
}
