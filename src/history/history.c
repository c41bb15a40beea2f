/* history.c: pagebound-history: the history store of a results directory (scripts/history, scripts/report): runs
 * imported once each (a run that changed is imported again), rebuilt whole from the directories, reported as TSV,
 * and the verdict of each series' last change point. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <jansson.h>

#include "cmd.h"
#include "gbjson.h"
#include "opt.h"
#include "store.h"
#include "util.h"

typedef struct hist_opts {
	const char *results, *db, *machine, *match;
	double threshold;
	bool quiet, no_update, fleet;
	uint64_t max_benchmarks; /* the most benchmarks one run may hold */
	char this_id[33]; /* this machine's id: its own runs say it in run.tsv */
} hist_opts;

/* a signal to stop: the run being imported finishes or rolls back, nothing after it starts */
static volatile sig_atomic_t g_stop;
static void on_signal(int sig)
{
	g_stop = sig;
}

typedef struct tally {
	size_t seen, imported, same, refused, failed, settled;
	time_t last_note;
} tally;

static char *join(const char *a, const char *b)
{
	char *p = malloc(strlen(a) + strlen(b) + 2);
	if (p)
		sprintf(p, "%s/%s", a, b);
	return p;
}

/* a directory entry that may hold a run: a directory (not a link), not hidden (an import in progress) */
static bool run_entry(int dfd, const char *name)
{
	struct stat st;
	return name[0] != '.' && fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

static int add_dir(char ***v, size_t *n, const char *prefix, const char *name)
{
	char *d = prefix ? join(prefix, name) : strdup(name), **nv = realloc(*v, (*n + 1) * sizeof *nv);
	if (!d || !nv) {
		free(d);
		if (nv)
			*v = nv;
		return -1;
	}
	*v = nv;
	(*v)[(*n)++] = d;
	return 0;
}

static int by_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* every directory under results that may be a run: results/NAME and results/imported/MACHINE/NAME, sorted (the
 * history's own directories, history/ and site/, hold no Google Benchmark JSON: they are read and left out) */
static int list_runs(const char *results, const char *sub, char ***v, size_t *n)
{
	char *path = sub ? join(results, sub) : strdup(results);
	DIR *d = path ? opendir(path) : NULL;
	int rc = d || (sub && errno == ENOENT) ? 0 : -1;
	for (struct dirent *e; d && rc == 0 && (e = readdir(d)) != NULL;) {
		if (!run_entry(dirfd(d), e->d_name))
			continue;
		if (!sub && strcmp(e->d_name, "imported") == 0)
			continue;
		if (sub && strcmp(sub, "imported") == 0) {
			char *m = join(sub, e->d_name);
			rc = m ? list_runs(results, m, v, n) : -1;
			free(m);
		} else
			rc = add_dir(v, n, sub, e->d_name);
	}
	if (d)
		closedir(d);
	free(path);
	if (rc == 0 && !sub) {
		rc = list_runs(results, "imported", v, n);
		qsort(*v, *n, sizeof **v, by_str);
	}
	return rc;
}

/* "N of M runs" at most every 10 s, on long imports (a rebuild of thousands of runs) */
static void progress(tally *t, size_t total, bool quiet)
{
	const time_t now = time(NULL);
	if (quiet || now - t->last_note < 10)
		return;
	if (t->last_note)
		fprintf(stderr, "history: %zu of %zu directories read (%zu imported, %zu unchanged, %zu refused)\n", t->seen, total,
			t->imported, t->same, t->refused);
	t->last_note = now;
}

/* One directory: read when its files changed since the store saw them, imported when their contents did. A
 * refused run is named in one line and listed; 1 when the directory holds no run. */
static int import_one(pb_store *s, const hist_opts *o, const char *rel, tally *t, char *err, size_t errlen)
{
	char *dir = join(o->results, rel), fp[17] = "", sum[17] = "", why[512] = "";
	const int known = dir && pb_run_fingerprint(dir, fp) == 0 ? pb_store_known(s, rel, fp, sum) : -1;
	t->seen++;
	if (known == 1 || known < 0) {
		free(dir);
		t->same += known == 1;
		return known < 0 ? -1 : 0;
	}
	pb_runinfo r;
	int rd = pb_run_read(dir, &r, why, sizeof why);
	free(dir);
	int rc = rd == 1 ? 1 : 0;
	char placed[512] = "";
	if (rd != 1 && pb_run_place(&r, rel, o->this_id, placed, sizeof placed) != 0 && rd == 0) {
		snprintf(why, sizeof why, "%s", placed); /* refused: who it is cannot be said */
		rd = -1;
	}
	if (rd == 0 && known == 2 && strcmp(sum, r.checksum) == 0) {
		rc = pb_store_touch(s, rel, r.fingerprint);
		t->same++;
	} else if (rd != 1 && (rc = pb_store_put(s, rel, &r, rd < 0 ? why : NULL, err, errlen)) >= 0) {
		if (rc == 1) { /* the same contents as a run the store holds: listed, not a second point */
			snprintf(why, sizeof why, "%s", err);
			err[0] = '\0';
			rd = -1;
			rc = 0;
		}
		t->imported += rd == 0;
		t->refused += rd < 0;
		if (rd < 0)
			fprintf(stderr, "history: left out %s: %s\n", rel, why);
	}
	pb_run_info_free(&r);
	return rc;
}

/* every run of the results directory: new and changed ones imported, those whose directories went removed */
static int update(pb_store *s, const hist_opts *o, tally *t, char *err, size_t errlen)
{
	char **dirs = NULL;
	size_t n = 0;
	int rc = list_runs(o->results, NULL, &dirs, &n);
	if (rc)
		snprintf(err, errlen, "cannot list %s: %s", o->results, strerror(errno));
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = import_one(s, o, dirs[i], t, err, errlen) < 0 ? -1 : 0;
		progress(t, n, o->quiet);
		if (rc == 0 && g_stop) {
			snprintf(err, errlen, "interrupted (%s) after %zu of %zu directories: what was imported stays",
				g_stop == SIGINT ? "SIGINT" : "SIGTERM", i + 1, n);
			rc = -1;
		}
	}
	if (rc == 0)
		rc = pb_store_prune(s, dirs, n, err, errlen);
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	return rc;
}

/* a path inside the results directory: relative, no empty, "." or ".." component */
static bool safe_rel(const char *rel)
{
	if (!rel[0] || rel[0] == '/')
		return false;
	for (const char *p = rel; *p; p += strcspn(p, "/"), p += *p == '/') {
		const size_t l = strcspn(p, "/");
		if (l == 0 || (l == 1 && p[0] == '.') || (l == 2 && p[0] == '.' && p[1] == '.'))
			return false;
	}
	return true;
}

/* the runs named (directories under the results directory, as given or relative to it) */
static int import_named(pb_store *s, const hist_opts *o, char **runs, int n, tally *t, char *err, size_t errlen)
{
	const size_t rl = strlen(o->results);
	for (int i = 0; i < n; i++) {
		const char *rel = strncmp(runs[i], o->results, rl) == 0 && runs[i][rl] == '/' ? runs[i] + rl + 1 : runs[i];
		if (!safe_rel(rel)) {
			snprintf(err, errlen, "'%s' is not a run under %s", runs[i], o->results);
			return -1;
		}
		const int rc = import_one(s, o, rel, t, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 1 && !o->quiet)
			fprintf(stderr, "history: %s holds no run (no Google Benchmark JSON from pagebound)\n", rel);
	}
	return 0;
}

/* the lock on results/history.lock: shared for imports, exclusive for a rebuild (which replaces the file) */
static int lock_history(const hist_opts *o, int how, char *err, size_t errlen)
{
	char *path = join(o->results, "history.lock");
	const int fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
	free(path);
	for (int waited = 0; fd >= 0 && flock(fd, how | LOCK_NB) != 0; waited++) {
		if (waited == 300) {
			snprintf(err, errlen, "the history is being rebuilt or imported into by another process (waited 300 s)");
			close(fd);
			return -1;
		}
		sleep(1);
	}
	if (fd < 0)
		snprintf(err, errlen, "cannot open %s/history.lock: %s", o->results, strerror(errno));
	return fd;
}

/* the change points of the series that changed (a line when there are many: a rebuild's thousands take a while) */
static int settle(pb_store *s, const hist_opts *o, tally *t, char *err, size_t errlen)
{
	if (!o->quiet && t->imported > 100)
		fprintf(stderr, "history: change points of the series that got values\n");
	return pb_store_settle(s, &t->settled, err, errlen) ? -1 : 0;
}

/* the old file, when it cannot be read as this pagebound's history (damaged, cut short, not SQLite, another
 * program's), kept aside as DB.broken-STAMP once the new store is made: never lost, never in the way */
static int set_aside(const hist_opts *o, const char *why)
{
	char stamp[32], *aside = malloc(strlen(o->db) + 48);
	const time_t now = time(NULL);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
	if (!aside || (sprintf(aside, "%s.broken-%s", o->db, stamp), rename(o->db, aside)) != 0) {
		fprintf(stderr, "pagebound-history: cannot keep %s aside: %s\n", o->db, strerror(errno));
		free(aside);
		return -1;
	}
	fprintf(stderr, "pagebound-history: %s could not be read (%.200s): kept as %s; the new history is made from the "
		"results directories\n", o->db, why, aside);
	free(aside);
	return 0;
}

/* a new store from every run, renamed over the old one in one step (a rebuild cut short leaves the old one as it
 * was); an old file that cannot be read as a history is kept aside, never replaced; a newer pagebound's is left */
static int rebuild(const hist_opts *o, tally *t, char *err, size_t errlen)
{
	pb_store *s = NULL;
	char why[1024] = "";
	if (access(o->db, F_OK) == 0 && pb_store_open(o->db, &s, why, sizeof why) == 0) {
		pb_store_verify(s, why, sizeof why); /* a damaged one is kept aside below */
		pb_store_close(s);
	}
	else if (access(o->db, F_OK) == 0 && strstr(why, "made by a newer pagebound")) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	char *advice = strstr(why, ": scripts/history rebuild"); /* the reason alone: the advice is what this does */
	if (advice)
		*advice = '\0';
	const size_t dl = strlen(o->db);
	const char *broken = why[0] && !strstr(why, "made by an older pagebound") ?
		(strncmp(why, o->db, dl) == 0 && why[dl] == ' ' ? why + dl + 1 : why) : NULL;
	err[0] = '\0';
	char *tmp = malloc(strlen(o->db) + 32);
	if (!tmp)
		return -1;
	sprintf(tmp, "%s.rebuild.%ld", o->db, (long)getpid());
	unlink(tmp);
	int rc = pb_store_open(tmp, &s, err, errlen);
	if (rc == 0) {
		rc = update(s, o, t, err, errlen);
		rc = rc ? rc : settle(s, o, t, err, errlen);
		pb_store_close(s);
	}
	if (rc == 0 && broken && set_aside(o, broken) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, o->db) != 0) {
		snprintf(err, errlen, "cannot put the rebuilt history in place as %s: %s", o->db, strerror(errno));
		rc = -1;
	}
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* one line of what the store holds */
static void summary(const hist_opts *o, const tally *t)
{
	if (!o->quiet)
		fprintf(stderr, "history: %zu directories read, %zu runs imported, %zu unchanged, %zu refused; change points of %zu series (%s)\n",
			t->seen, t->imported, t->same, t->refused, t->settled, o->db);
}

/* What a command does to the store: writes (update, import, rebuild) take the lock and check the store's pages
 * first; reads (check, export) bring it up to date first, the same way, so that a verdict is never given on a store
 * that lacks runs the results directory holds, or on a damaged one; --no-update (scripts/report, after its own
 * update) reads the store as it is. drawn marks what the site drew. */
static bool is_cmd(const char *cmd, const char *a, const char *b) { return strcmp(cmd, a) == 0 || (b && strcmp(cmd, b) == 0); }

static int run_reads(pb_store *s, const hist_opts *o, int argc, char **argv, char *err, size_t errlen)
{
	const char *cmd = argv[0];
	if (o->machine && (is_cmd(cmd, "check", "export")) && pb_store_machine_known(s, o->machine, err, errlen))
		return -1;
	if (strcmp(cmd, "check") == 0)
		return pb_store_check(s, o->threshold, o->machine, stdout, err, errlen);
	if (strcmp(cmd, "export") == 0)
		return pb_store_export(s, argv[1], o->machine, o->match, stdout, err, errlen);
	if (strcmp(cmd, "drawn") == 0)
		return argc == 4 || argc == 2 ? pb_store_drawn(s, argv[1], argc == 4 ? argv[2] : NULL, argc == 4 ? argv[3] : NULL, err, errlen) :
			(snprintf(err, errlen, "drawn needs MACHINE [MODE GROUP]"), -1);
	return 0;
}

static int command(const hist_opts *o, int argc, char **argv, char *err, size_t errlen)
{
	const char *cmd = argv[0];
	tally t = {0};
	pb_store *s = NULL;
	const bool reads = is_cmd(cmd, "check", "export"), fresh = reads && !o->no_update;
	const bool writes = is_cmd(cmd, "update", "import") || is_cmd(cmd, "rebuild", NULL) || fresh;
	const int lock = writes ? lock_history(o, strcmp(cmd, "rebuild") == 0 ? LOCK_EX : LOCK_SH, err, errlen) : 0;
	if (lock < 0)
		return 2;
	int rc;
	if (strcmp(cmd, "rebuild") == 0)
		rc = rebuild(o, &t, err, errlen);
	else if ((rc = pb_store_open(o->db, &s, err, errlen)) == 0 && (!writes || (rc = pb_store_verify(s, err, errlen)) == 0)) {
		if (strcmp(cmd, "update") == 0 || fresh)
			rc = update(s, o, &t, err, errlen);
		else if (strcmp(cmd, "import") == 0)
			rc = import_named(s, o, argv + 1, argc - 1, &t, err, errlen);
		/* change points of what the imports (these, or a batch cut short before) changed, before any report */
		if (rc == 0 && writes)
			rc = settle(s, o, &t, err, errlen);
		if (rc == 0)
			rc = run_reads(s, o, argc, argv, err, errlen);
	}
	pb_store_close(s);
	if (writes && rc >= 0 && (!reads || t.imported + t.refused))
		summary(o, &t);
	if (lock > 0)
		close(lock);
	return rc < 0 ? 2 : rc;
}

/* the machine key of a run and its contents' checksum: a run directly under --results as the store places it; else
 * the key scripts/history --import copies it under (it tells a run already there from another of the same name by
 * the checksum): the fleet's key with --fleet (scripts/fleet's own import,
 * home.tsv written by its checks), else import+NAME (--machine NAME, or the context's key): exit 0; 1 it holds no
 * run; 2 a run refused, the reason in err */
static int machine_of(const hist_opts *o, const char *dir, char *err, size_t errlen)
{
	pb_runinfo r;
	int rd = pb_run_read(dir, &r, err, errlen);
	const size_t rl = strlen(o->results);
	const bool here = strncmp(dir, o->results, rl) == 0 && dir[rl] == '/' && dir[rl + 1] && !strchr(dir + rl + 1, '/');
	if (rd == 0 && here && !o->fleet && !o->machine) /* a run under results/: as the store places it */
		rd = pb_run_place(&r, dir + rl + 1, o->this_id, err, errlen) ? -1 : 0;
	else if (rd == 0 && (o->fleet ? pb_run_key_fleet(&r, err, errlen) : pb_run_key_import(&r, o->machine, err, errlen)) != 0)
		rd = -1;
	if (rd == 0 && !r.key[0])
		pb_machine_key(&r, r.key, sizeof r.key);
	if (rd == 0)
		printf("%s\t%s\n", r.key, r.checksum);
	else if (rd == 1)
		snprintf(err, errlen, "%s holds no run (no Google Benchmark JSON from pagebound)", dir);
	pb_run_info_free(&r);
	return rd == 0 ? 0 : rd == 1 ? 1 : 2;
}

/* the commands, as pb_cmd_run calls them: the options and a message buffer beside */
typedef struct hist_ctx {
	hist_opts *o;
	char err[1024];
} hist_ctx;
static int cmd_store(int argc, char **argv, void *c)
{
	hist_ctx *h = c;
	if (!h->o->db) {
		char *db = malloc(strlen(h->o->results) + 16);
		if (!db)
			return 2;
		sprintf(db, "%s/history.db", h->o->results);
		h->o->db = db; /* freed at exit */
	}
	return command(h->o, argc, argv, h->err, sizeof h->err);
}
static int cmd_machine(int argc, char **argv, void *c)
{
	(void)argc;
	hist_ctx *h = c;
	return machine_of(h->o, argv[1], h->err, sizeof h->err);
}
/* synth FROM OUT I MACHINES RUNS ID: run I of a synthetic history (scripts/bench-history) in OUT: FROM's benchmarks in
 * one gzipped file, re-stamped as machine I % MACHINES (its host, a date a day after the last, a commit), every time
 * scaled by a per-run factor of 2% spread (and 10% slower from the middle of the history on every fifth machine),
 * each value by 0.5% more; run.tsv as this machine's scripts/bench writes it (machine ID). */
static uint64_t rng_state;
static double uniform(void)
{
	rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}
/* Every result file of the run in DIR as one document: their benchmarks under the first's context; NULL when
 * none could be read (err says why). */
static json_t *merged_run(const char *dir, char *err, size_t errsz)
{
	char **names = NULL, path[4096], *buf;
	size_t n = 0, len;
	json_t *all = NULL;
	if (pb_result_files(dir, &names, &n, err, errsz))
		return NULL;
	for (size_t k = 0; k < n; k++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[k]);
		buf = NULL;
		json_t *doc = pb_slurp(path, PB_MAX_JSON_BYTES, &buf, &len, err, errsz) ? NULL :
			pb_json_parse(buf, len, path, err, errsz);
		if (doc && !all)
			all = json_incref(doc);
		else if (doc)
			json_array_extend(json_object_get(all, "benchmarks"), json_object_get(doc, "benchmarks"));
		json_decref(doc);
		free(buf);
		free(names[k]);
	}
	free(names);
	return all;
}

static int cmd_synth(int argc, char **argv, void *c)
{
	(void)argc;
	hist_ctx *h = c;
	uint64_t i, machines, runs;
	if (pb_parse_u64(argv[3], &i) || pb_parse_u64(argv[4], &machines) || !machines || pb_parse_u64(argv[5], &runs)) {
		snprintf(h->err, sizeof h->err, "synth: I, MACHINES and RUNS are whole numbers");
		return 2;
	}
	char path[4096];
	json_t *all = merged_run(argv[1], h->err, sizeof h->err);
	if (!all)
		return 2;
	const uint64_t m = i % machines, k = 1 + i / machines;
	rng_state = 0x9e3779b97f4a7c15ULL ^ (i + 1);
	double u = 0;
	for (int j = 0; j < 12; j++)
		u += uniform();
	const double f = (1 + 0.02 * (u - 6)) * (m % 5 == 0 && k > runs / machines / 2 ? 1.10 : 1);
	char date[40], host[32], commit[16];
	snprintf(date, sizeof date, "2026-%02llu-%02lluT%02llu:00:00+00:00", (unsigned long long)(1 + k / 28 % 12),
		(unsigned long long)(1 + k % 28), (unsigned long long)(m % 24));
	snprintf(host, sizeof host, "fleet%02llu", (unsigned long long)m);
	snprintf(commit, sizeof commit, "%012llx", (unsigned long long)k);
	json_t *ctx = json_object_get(all, "context"), *b;
	json_object_set_new(ctx, "date", json_string(date));
	json_object_set_new(ctx, "host_name", json_string(host));
	json_object_set_new(ctx, "pagebound_commit", json_string(commit));
	size_t x;
	json_array_foreach(json_object_get(all, "benchmarks"), x, b) {
		static const char *const keys[] = {"cpu_time", "real_time", "ns_per_store"};
		for (int j = 0; j < 3; j++)
			if (json_is_number(json_object_get(b, keys[j])))
				json_object_set_new(b, keys[j], json_real(json_number_value(json_object_get(b, keys[j])) * f * (1 + 0.005 * (uniform() - 0.5))));
	}
	char *text = json_dumps(all, JSON_INDENT(2));
	json_decref(all);
	snprintf(path, sizeof path, "%s/all.json.gz", argv[2]);
	gzFile z = text && mkdir(argv[2], 0755) == 0 ? gzopen(path, "wb1") : NULL;
	const bool ok = z && gzputs(z, text) >= 0 && gzclose(z) == Z_OK;
	free(text);
	snprintf(path, sizeof path, "%s/run.tsv", argv[2]);
	FILE *rt = ok ? fopen(path, "w") : NULL;
	if (rt)
		fprintf(rt, "mode\tquick\ncommit\t%s\nstarted_utc\t%.19sZ\nmachine_id\t%s\n", commit, date, argv[6]);
	if (!rt || fclose(rt)) {
		snprintf(h->err, sizeof h->err, "synth: cannot write run %s", argv[2]);
		return 2;
	}
	return 0;
}

static const pb_cmd commands[] = {
	{.name = "update", .args = "", .fn = cmd_store, .summary = "import every run not yet imported (or changed), forget those gone"},
	{.name = "import", .args = "RUN...", .fn = cmd_store, .min_args = 1, .max_args = -1, .summary = "import these runs"},
	{.name = "rebuild", .args = "", .fn = cmd_store, .summary = "make the store anew from the directories"},
	{.name = "check", .args = "", .fn = cmd_store,
		.summary = "the verdict of each gating series' last change point (exit 1: a regression)"},
	{.name = "export", .args = "REPORT", .fn = cmd_store, .min_args = 1, .max_args = 1,
		.summary = "a report as TSV (REPORT: one of those listed below)"},
	{.name = "drawn", .args = "MACHINE [MODE GROUP]", .fn = cmd_store, .min_args = 1, .max_args = 3,
		.summary = "mark a machine's page (or one of its charts) written"},
	{.name = "synth", .args = "FROM OUT I MACHINES RUNS ID", .fn = cmd_synth, .min_args = 6, .max_args = 6,
		.summary = "scripts/bench-history: run I of a synthetic history, FROM's files re-stamped into OUT"},
	{.name = "machine", .args = "RUN", .fn = cmd_machine, .min_args = 1, .max_args = 1,
		.summary = "the machine key a run goes under, and its checksum"},
};
#define NCMD (sizeof commands / sizeof commands[0])
static void about(FILE *f)
{
	char names[256];
	pb_cmd_usage(f, commands, NCMD);
	pb_store_report_names(names, sizeof names);
	fprintf(f, "Reports: %s\n", names);
}

int main(int argc, char **argv)
{
	hist_opts o = {.results = "results", .threshold = 5, .max_benchmarks = PB_MAX_BENCHMARKS};
	const pb_opt opts[] = {
		{.name = "--results", .kind = PB_OPT_STRING, .dest = &o.results, .meta = "DIR",
			.help = "the results directory: its runs (DIR/NAME, DIR/imported/MACHINE/NAME) and the store", .deflt = "default: results"},
		{.name = "--db", .kind = PB_OPT_STRING, .dest = &o.db, .meta = "FILE", .help = "the store", .deflt = "default: DIR/history.db"},
		{.name = "--threshold", .kind = PB_OPT_DOUBLE, .dest = &o.threshold, .meta = "PCT", .min = 0, .max = 1000,
			.help = "check: a last change point slower by this many percent or more is a regression", .deflt = "default: 5"},
		{.name = "--machine", .kind = PB_OPT_STRING, .dest = &o.machine, .meta = "KEY",
			.help = "check, export: one machine; machine: the name an import gives its machine (import+NAME)"},
		{.name = "--match", .kind = PB_OPT_STRING, .dest = &o.match, .meta = "REGEX",
			.help = "export series, changes, bench: names matching this POSIX extended regular expression"},
		{.name = "--fleet", .kind = PB_OPT_FLAG, .dest = &o.fleet,
			.help = "machine: the fleet's key, from the home.tsv its checks wrote (scripts/fleet's own import only)"},
		{.name = "--max-benchmarks", .kind = PB_OPT_UINT, .dest = &o.max_benchmarks, .meta = "N", .min = 1, .max = 10000000,
			.help = "the most benchmarks one run may hold (a run beyond it is refused, named)", .deflt = "default: 10000"},
		{.name = "--quiet", .kind = PB_OPT_FLAG, .dest = &o.quiet, .help = "no summary line, no progress"},
		{.name = "--no-update", .kind = PB_OPT_FLAG, .dest = &o.no_update,
			.help = "check, export: read the store as it is (no import of new runs, no check of its pages): for a caller that has just run update"},
	};
	const pb_optspec spec = {"[OPTIONS] COMMAND [WORD...]", "The history of a results directory in SQLite. Commands:", opts,
		sizeof opts / sizeof opts[0], false, 100000, about};
	int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	hist_ctx h = {.o = &o};
	const char *own_db = o.db;
	pb_this_machine_id(o.this_id);
	pb_run_max_benchmarks((size_t)o.max_benchmarks);
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = pb_cmd_run("pagebound-history", commands, NCMD, argc - 1, argv + 1, &h);
	if (h.err[0])
		fprintf(stderr, "pagebound-history: %s\n", h.err);
	if (o.db != own_db)
		free((char *)o.db);
	return g_stop ? 128 + g_stop : rc;
}
