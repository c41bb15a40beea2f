/* runread.c: a results directory read for the history, its files as data: regular files only, names and context
 * values kept as they are (empty ones too), nothing from them ever used as a path or as code. */
#include "runread.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "gbjson.h"
#include "util.h"

const char *const pb_fact_names[PB_NFACTS] = {"host", "cpu_model", "page_size", "build_type", "arch", "cpu_emulated",
	"kernel", "compiler", "date", "commit", "mode", "source", "host_date", "claimed_host"};
const char *const pb_counter_names[PB_NCOUNTERS] = {"syscalls", "einval", "verdict_ok", "flagged_per_1000"};
/* the context key behind each fact (mode has none: run.tsv says it) */
static const char *const ctx_keys[PB_NFACTS] = {"host_name", "cpu_model", "page_size", "build_type", "machine",
	"cpu_emulated", "kernel_release", "compiler", "date", "pagebound_commit", NULL, NULL, NULL, NULL};
/* the facts that make a machine: every file of a run must say the same */
static const int identity[] = {PB_F_HOST, PB_F_CPU, PB_F_PAGE, PB_F_BUILD, PB_F_ARCH, PB_F_EMULATED};
/* besides the Google Benchmark files, what a run measured (and, for a fleet's run, what home said of it): the rest
 * of a directory is made from these */
static const char *const measured[] = {"run.tsv", "list.tsv", "instructions.tsv", "INCOMPLETE", "home.tsv"};

typedef struct fnv {
	uint64_t h;
} fnv;
static void fnv_add(fnv *f, const void *p, size_t n)
{
	for (const unsigned char *c = p; n--; c++)
		f->h = (f->h ^ *c) * 1099511628211ull;
}
static void fnv_hex(const fnv *f, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)f->h);
}

/* the name as the checksum sees it: the same file compressed or not is the same file */
static size_t logical_len(const char *name)
{
	const size_t l = strlen(name);
	return l > 8 && strcmp(name + l - 8, ".json.gz") == 0 ? l - 3 : l;
}

int pb_run_fingerprint(const char *dir, char out[17])
{
	char **names = NULL, err[256];
	size_t n = 0;
	if (pb_result_files(dir, &names, &n, err, sizeof err) && !names)
		return -1;
	fnv f = {1469598103934665603ull};
	struct stat st;
	for (size_t i = 0; i < n + sizeof measured / sizeof measured[0]; i++) {
		const char *name = i < n ? names[i] : measured[i - n];
		char *path = malloc(strlen(dir) + strlen(name) + 2);
		if (path && (sprintf(path, "%s/%s", dir, name), lstat(path, &st) == 0)) {
			const long long v[3] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec, (long long)st.st_mtim.tv_nsec};
			fnv_add(&f, name, strlen(name) + 1);
			fnv_add(&f, v, sizeof v);
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	fnv_hex(&f, out);
	return 0;
}

/* a context value as text: strings as they are, numbers written out, anything else empty */
static char *ctx_text(json_t *v)
{
	char buf[64] = "";
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_integer(v))
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sizeof buf, "%.17g", json_real_value(v));
	return strdup(buf);
}

/* The next line at *at: its tab-separated fields in f (at most max; the last takes the rest), the line's end (LF or
 * CR LF) cut, in place; false at the end of the text. */
static bool next_line(char **at, char **f, size_t max, size_t *nf)
{
	char *line = *at;
	if (!line || !*line)
		return false;
	char *end = strchr(line, '\n');
	*at = end ? end + 1 : NULL;
	if (end)
		*end = '\0';
	const size_t l = strlen(line);
	if (l && line[l - 1] == '\r')
		line[l - 1] = '\0';
	*nf = 0;
	for (char *p = line; p && *nf < max;) {
		f[(*nf)++] = p;
		if ((p = *nf < max ? strchr(p, '\t') : NULL) != NULL)
			*p++ = '\0';
	}
	return true;
}

/* run.tsv: KEY<TAB>VALUE lines (its mode and start; its commit where the context has none) */
static void read_run_tsv(pb_runinfo *r, char *buf)
{
	char *f[2], *at = buf;
	size_t nf;
	while (next_line(&at, f, 2, &nf)) {
		if (nf != 2)
			continue;
		if (strcmp(f[0], "machine_id") == 0 && strlen(f[1]) == 32 && strspn(f[1], "0123456789abcdef") == 32)
			snprintf(r->machine_id, sizeof r->machine_id, "%s", f[1]);
		const int k = strcmp(f[0], "mode") == 0 ? PB_F_MODE : strcmp(f[0], "started_utc") == 0 ? PB_F_DATE :
			strcmp(f[0], "commit") == 0 ? PB_F_COMMIT : -1;
		if (k < 0 || (k == PB_F_COMMIT && r->fact[k] && *r->fact[k]))
			continue;
		free(r->fact[k]);
		r->fact[k] = strdup(f[1]);
	}
}

/* home.tsv, written at home by the importer (scripts/fleet after its checks: source fleet; scripts/history --import:
 * source import), applied when source is what the run's place says: the run's date is when it arrived, its own
 * clock's kept beside (host_date); a fleet's run also takes the fleet file's host, architecture, page size and
 * emulation, what the host called itself kept beside. 0 applied; -1 there is no home.tsv of that source. */
int pb_run_home(pb_runinfo *r, const char *source)
{
	static const char *const keys[] = {"source", "host", "uname", "page_size", "cpu", "arrived_utc"};
	char *buf = r->home ? strdup(r->home) : NULL, *v[6] = {0}, *f[2], *at = buf, when[32];
	size_t nf;
	while (buf && next_line(&at, f, 2, &nf))
		for (int k = 0; nf == 2 && k < 6; k++)
			if (strcmp(f[0], keys[k]) == 0)
				v[k] = f[1];
	const bool fleet = strcmp(source, "fleet") == 0;
	if (!v[0] || strcmp(v[0], source) != 0 || (fleet && !v[1]) || !v[5] || !pb_utc_time(v[5], true, when)) {
		free(buf);
		return -1;
	}
	char **fact = r->fact;
	if (fleet) {
		free(fact[PB_F_CLAIMED]);
		fact[PB_F_CLAIMED] = fact[PB_F_HOST] ? fact[PB_F_HOST] : strdup("");
		fact[PB_F_HOST] = strdup(v[1]);
	}
	free(fact[PB_F_HOST_DATE]);
	fact[PB_F_HOST_DATE] = fact[PB_F_DATE] ? fact[PB_F_DATE] : strdup("");
	fact[PB_F_DATE] = strdup(when);
	for (int k = 2; fleet && k < 5; k++) {
		const int to = k == 2 ? PB_F_ARCH : k == 3 ? PB_F_PAGE : PB_F_EMULATED;
		if (!v[k] || (to == PB_F_EMULATED && !v[k][0]))
			continue; /* a host the fleet file calls real keeps what its context says (it can only lose its times) */
		free(fact[to]);
		fact[to] = strdup(v[k]);
	}
	free(fact[PB_F_SOURCE]);
	fact[PB_F_SOURCE] = strdup(source);
	free(buf);
	return 0;
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool pb_utc_time(const char *s, bool range, char out[32])
{
	if (!s || strlen(s) < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
		s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	const char *z = s + 19;
	if (*z == '.' && digits(z + 1, 1))
		for (z++; *z >= '0' && *z <= '9'; z++)
			;
	long off = 0;
	if (strcmp(z, "Z") == 0)
		off = 0;
	else if ((z[0] == '+' || z[0] == '-') && digits(z + 1, 2) && z[3] == ':' && digits(z + 4, 2) && z[6] == '\0')
		off = (z[0] == '-' ? -1 : 1) * (strtol(z + 1, NULL, 10) * 3600 + strtol(z + 4, NULL, 10) * 60);
	else
		return false;
	struct tm tm = {0};
	tm.tm_year = (int)strtol(s, NULL, 10) - 1900;
	tm.tm_mon = (int)strtol(s + 5, NULL, 10) - 1;
	tm.tm_mday = (int)strtol(s + 8, NULL, 10);
	tm.tm_hour = (int)strtol(s + 11, NULL, 10);
	tm.tm_min = (int)strtol(s + 14, NULL, 10);
	tm.tm_sec = (int)strtol(s + 17, NULL, 10);
	const struct tm asked = tm;
	const time_t t = timegm(&tm) - off; /* timegm normalises: a 31 February comes back as March, and is refused */
	if (tm.tm_mon != asked.tm_mon || tm.tm_mday != asked.tm_mday || tm.tm_hour != asked.tm_hour || tm.tm_min != asked.tm_min ||
		tm.tm_sec != asked.tm_sec || (range && (tm.tm_year < 100 || t > time(NULL) + 86400)))
		return false;
	struct tm u;
	gmtime_r(&t, &u);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &u);
	return true;
}

void pb_this_machine_id(char out[33])
{
	const char *st = getenv("PB_STATE_DIR"), *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char path[4096], *buf = NULL, err[64];
	size_t len = 0;
	out[0] = '\0';
	if (st && *st)
		snprintf(path, sizeof path, "%s/machine-id", st);
	else if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/pagebound/machine-id", xdg);
	else
		snprintf(path, sizeof path, "%s/.local/state/pagebound/machine-id", home && *home ? home : "/root");
	if (pb_slurp(path, 4096, &buf, &len, err, sizeof err) == 0 && len >= 32 && strspn(buf, "0123456789abcdef") >= 32)
		snprintf(out, 33, "%.32s", buf);
	free(buf);
}

static pb_bstat *new_stat(pb_runinfo *r, size_t *cap)
{
	if (r->nb == *cap) {
		pb_bstat *b = realloc(r->b, (*cap = *cap ? 2 * *cap : 64) * sizeof *b);
		if (!b)
			return NULL;
		r->b = b;
	}
	pb_bstat *s = &r->b[r->nb++];
	memset(s, 0, sizeof *s);
	for (int k = 0; k < PB_NCOUNTERS; k++)
		s->counter[k] = NAN;
	s->cv_pct = NAN;
	return s;
}

/* instructions.tsv (callgrind: exact): a benchmark instructions/VARIANT/STREAM each, its count per store */
static int read_instructions(pb_runinfo *r, char *buf, size_t *cap, char *err, size_t errlen)
{
	char *f[32];
	size_t nf, col[3] = {32, 32, 32};
	static const char *const want[3] = {"variant", "stream", "instructions_per_store"};
	char *at = buf;
	for (bool any = next_line(&at, f, 32, &nf); any && nf--;)
		for (int k = 0; k < 3; k++)
			if (strcmp(f[nf], want[k]) == 0)
				col[k] = nf;
	if (col[0] == 32 || col[1] == 32 || col[2] == 32)
		return 0; /* not the table it should be: no instruction counts, the rest of the run stands */
	while (next_line(&at, f, 32, &nf)) {
		double v;
		if (nf <= col[0] || nf <= col[1] || nf <= col[2] || pb_parse_double(f[col[2]], &v) || !(v > 0)) {
			snprintf(err, errlen, "instructions.tsv: a row whose count is not a positive number");
			return -1;
		}
		pb_bstat *s = new_stat(r, cap);
		if (!s || !(s->name = malloc(strlen(f[col[0]]) + strlen(f[col[1]]) + 16)))
			return -1;
		sprintf(s->name, "instructions/%s/%s", f[col[0]], f[col[1]]);
		s->unit = "instructions/store";
		s->reps = 1;
		s->median = s->min = s->max = v;
	}
	return 0;
}

/* the most benchmarks one run may hold (pb_run_max_benchmarks) */
static size_t g_max_benchmarks = PB_MAX_BENCHMARKS;

void pb_run_max_benchmarks(size_t n)
{
	g_max_benchmarks = n;
}

enum { HAS_OURS = 1, HAS_FOREIGN = 2, HAS_RUN_TSV = 4 };

/* a file's context says the machine the files before it said (a run whose chunks name two machines is no one's) */
static int same_machine(const pb_runinfo *r, json_t *ctx, const char *name, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof identity / sizeof identity[0]; i++) {
		const int k = identity[i];
		char *v = r->fact[k] ? ctx_text(json_object_get(ctx, ctx_keys[k])) : NULL;
		const bool differs = v && strcmp(v, r->fact[k]) != 0;
		if (differs)
			snprintf(err, errlen, "its files name two machines: %s '%.40s' before %s, '%.40s' in it", ctx_keys[k],
				r->fact[k], name, v);
		free(v);
		if (differs)
			return -1;
	}
	return 0;
}

/* One result file: read (gunzipped where it is), added to the checksum, its context read when pagebound wrote
 * it, its benchmarks added to run. JSON that is not Google Benchmark output (hyperfine's, say) is noted in flags. */
static int read_result(const char *dir, const char *name, pb_runinfo *r, pb_input *run, fnv *sum, int *flags, char *err,
	size_t errlen)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2), *buf = NULL;
	size_t len = 0;
	if (path)
		sprintf(path, "%s/%s", dir, name);
	const int rd = path ? pb_slurp(path, PB_MAX_JSON_BYTES, &buf, &len, err, errlen) : -1;
	free(path);
	if (rd)
		return -1;
	fnv_add(sum, name, logical_len(name));
	fnv_add(sum, buf, len);
	json_t *doc = pb_json_parse(buf, len, name, err, errlen);
	free(buf);
	if (!doc)
		return -1;
	int rc = 0;
	if (!pb_json_is_gbench(doc))
		*flags |= HAS_FOREIGN;
	else {
		json_t *ctx = json_object_get(doc, "context");
		const bool ours = json_object_get(ctx, "pagebound_version") != NULL;
		rc = ours ? same_machine(r, ctx, name, err, errlen) : 0;
		for (int k = 0; ours && k < PB_NFACTS; k++)
			if (ctx_keys[k] && !r->fact[k])
				r->fact[k] = ctx_text(json_object_get(ctx, ctx_keys[k]));
		*flags |= ours ? HAS_OURS : 0;
		rc = rc ? rc : pb_input_add_doc(run, doc, name, PB_METRIC_CPU, err, errlen);
	}
	json_decref(doc);
	return rc;
}

/* run.tsv, list.tsv, instructions.tsv, INCOMPLETE, where they are (regular files only): checksummed and read */
static int read_measured(const char *dir, pb_runinfo *r, fnv *sum, size_t *cap, int *flags, char *err, size_t errlen)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof measured / sizeof measured[0]; i++) {
		char *path = malloc(strlen(dir) + strlen(measured[i]) + 2), *buf = NULL;
		struct stat st;
		size_t len = 0;
		if (!path)
			return -1;
		sprintf(path, "%s/%s", dir, measured[i]);
		if (lstat(path, &st) != 0) {
			free(path);
			continue;
		}
		rc = !S_ISREG(st.st_mode) ? -1 : pb_slurp(path, (size_t)16 << 20, &buf, &len, err, errlen);
		if (!S_ISREG(st.st_mode))
			snprintf(err, errlen, "%s is not a regular file", measured[i]);
		free(path);
		if (rc)
			break;
		if (i != 4) { /* home.tsv is the importer's word, written here: not the run's contents */
			fnv_add(sum, measured[i], strlen(measured[i]) + 1);
			fnv_add(sum, buf, len);
		}
		if (i == 0) {
			read_run_tsv(r, buf);
			*flags |= HAS_RUN_TSV;
		} else if (i == 2)
			rc = read_instructions(r, buf, cap, err, errlen);
		else if (i == 3) {
			r->incomplete = true;
			r->why = strndup(buf, strcspn(buf, "\n") < 300 ? strcspn(buf, "\n") : 300);
		} else if (i == 4 && !r->home)
			r->home = strndup(buf, len);
		free(buf);
	}
	return rc;
}

/* each benchmark's repetitions as statistics: median, min (what series follow), max, CV; exact counters' medians */
static int collect(pb_runinfo *r, const pb_input *run, size_t *cap, char *err, size_t errlen)
{
	for (size_t i = 0; i < run->n; i++) {
		const pb_bench_series *s = &run->b[i];
		if (s->error || !s->n)
			continue;
		if (!pb_name_ok(s->name)) {
			snprintf(err, errlen, "a benchmark name pagebound never writes (1 to %d bytes of A-Z a-z 0-9 _ . : + = / -): %.60s",
				PB_MAX_NAME, s->shown);
			return -1;
		}
		pb_bstat *b = new_stat(r, cap);
		if (!b || !(b->name = strdup(s->name)))
			return -1;
		b->unit = s->by_counter ? "ns/store" : "ns";
		b->reps = s->n;
		b->median = pb_median(s->t, s->n);
		b->min = b->max = s->t[0];
		double sum = 0, sq = 0;
		for (size_t k = 0; k < s->n; k++) {
			b->min = fmin(b->min, s->t[k]);
			b->max = fmax(b->max, s->t[k]);
			sum += s->t[k];
		}
		for (size_t k = 0; k < s->n; k++)
			sq += (s->t[k] - sum / (double)s->n) * (s->t[k] - sum / (double)s->n);
		b->cv_pct = s->n > 1 ? 100 * sqrt(sq / (double)(s->n - 1)) / (sum / (double)s->n) : NAN;
		if (b->max > PB_MAX_NS) {
			snprintf(err, errlen, "benchmark %.60s: %g %s is not a measurement (beyond %g)", s->shown, b->max, b->unit, PB_MAX_NS);
			return -1;
		}
		for (int k = 0; k < PB_NCOUNTERS; k++)
			for (int e = 0; e < PB_MAX_EXACT && pb_exact_counters[e]; e++)
				if (strcmp(pb_exact_counters[e], pb_counter_names[k]) == 0)
					b->counter[k] = pb_series_exact(s, e);
	}
	return 0;
}

static int reading(const char *dir, pb_runinfo *r, pb_input *run, int *flags, char *err, size_t errlen)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = pb_result_files(dir, &names, &n, err, errlen);
	fnv sum = {1469598103934665603ull};
	char first[512] = ""; /* the first file that fails is the reason; the others are still read for the context */
	for (size_t i = 0; i < n; i++)
		if (read_result(dir, names[i], r, run, &sum, flags, first[0] ? err : first, first[0] ? errlen : sizeof first))
			rc = -1;
	if (first[0])
		snprintf(err, errlen, "%s", first);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	/* what it measured is read even when a result file could not be: run.tsv makes it a broken run (listed with the
	 * file and the fault), not "no run" */
	char merr[512] = "";
	const int mrc = read_measured(dir, r, &sum, &cap, flags, rc ? merr : err, rc ? sizeof merr : errlen);
	rc = rc ? rc : mrc;
	if (rc == 0 && run->n > g_max_benchmarks) {
		snprintf(err, errlen, "%zu benchmarks in one run: more than %zu (a --full sweep has about 2,000; --max-benchmarks "
			"raises the cap)", run->n, g_max_benchmarks);
		rc = -1;
	}
	if (rc == 0 && (*flags & HAS_OURS) && (!(*flags & HAS_FOREIGN) || (*flags & HAS_RUN_TSV)))
		rc = collect(r, run, &cap, err, errlen);
	fnv_hex(&sum, r->checksum);
	return rc;
}

/* a fleet's directory (scripts/fleet: fleet-run.tsv): its hosts' runs are below it, and what it holds itself (the
 * emulation here that its charts draw) is no run of this machine */
static bool fleet_dir(const char *dir)
{
	char *path = malloc(strlen(dir) + 16);
	struct stat st;
	const bool yes = path && (sprintf(path, "%s/fleet-run.tsv", dir), lstat(path, &st) == 0);
	free(path);
	return yes;
}

int pb_run_read(const char *dir, pb_runinfo *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	if (fleet_dir(dir))
		return 1;
	pb_input run = {.value_counter = "ns_per_store"};
	int flags = 0;
	int rc = reading(dir, r, &run, &flags, err, errlen);
	pb_input_free(&run);
	pb_run_fingerprint(dir, r->fingerprint);
	/* a run: pagebound's Google Benchmark JSON (or run.tsv beside a file that cannot be read: a broken run), and
	 * either run.tsv (scripts/bench wrote it) or nothing but Google Benchmark output (a run by hand); a configs run
	 * holds hyperfine's JSON and no run.tsv: not a run */
	if ((!(flags & HAS_OURS) && !(rc && (flags & HAS_RUN_TSV))) || ((flags & HAS_FOREIGN) && !(flags & HAS_RUN_TSV)))
		return 1;
	for (int k = 0; k < PB_NFACTS; k++) /* a refused run is listed with what is known of it */
		if (!r->fact[k] && !(r->fact[k] = strdup(k == PB_F_MODE ? "unknown" : "")))
			return -1;
	char when[32];
	if (rc == 0 && !pb_utc_time(r->fact[PB_F_DATE], false, when)) { /* "not-a-date" is no date, even as data */
		snprintf(err, errlen, "its date '%.40s' is not an ISO 8601 time (YYYY-MM-DDTHH:MM:SSZ)", r->fact[PB_F_DATE]);
		for (char *c = err; *c; c++)
			*c = (unsigned char)*c < 0x20 || (unsigned char)*c == 0x7f ? '?' : *c;
		rc = -1;
	} else if (rc == 0) {
		free(r->fact[PB_F_DATE]);
		r->fact[PB_F_DATE] = strdup(when);
	}
	if (rc && !err[0])
		snprintf(err, errlen, "out of memory");
	return rc ? -1 : 0;
}

void pb_run_info_free(pb_runinfo *r)
{
	for (int k = 0; k < PB_NFACTS; k++)
		free(r->fact[k]);
	for (size_t i = 0; i < r->nb; i++)
		free(r->b[i].name);
	free(r->b);
	free(r->home);
	free(r->why);
	memset(r, 0, sizeof *r);
}
