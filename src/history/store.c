/* store.c: the history store: its schema, a run's import in one transaction, the change points of the series that
 * got a value (windows kept in cpwin), and the pruning of runs whose directories are gone. */
#include "store.h"

#include <math.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "changepoint.h"
#include "family.h"
#include "storei.h"

static const char schema[] =

	"CREATE TABLE machine(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, host TEXT NOT NULL, cpu_model TEXT NOT "
	"NULL, page_size TEXT NOT NULL, build_type TEXT NOT NULL, arch TEXT NOT NULL, cpu_emulated TEXT NOT NULL, source "
	"TEXT NOT NULL, drawn INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE run(id INTEGER PRIMARY KEY, dir TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL, checksum TEXT NOT "
	"NULL, machine INTEGER REFERENCES machine(id), status TEXT NOT NULL, why TEXT NOT NULL, mode TEXT NOT NULL, "
	"commit_id TEXT NOT NULL, date TEXT NOT NULL, kernel TEXT NOT NULL, compiler TEXT NOT NULL, imported TEXT NOT NULL, "
	"host_date TEXT NOT NULL, claimed_host TEXT NOT NULL);"
	"CREATE INDEX run_machine ON run(machine, date, dir);"
	"CREATE INDEX IF NOT EXISTS run_checksum ON run(checksum);"
	"CREATE TABLE bench(run INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, name TEXT NOT NULL, unit TEXT NOT "
	"NULL, reps INTEGER NOT NULL, median REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, cv_pct REAL, syscalls "
	"REAL, einval REAL, verdict_ok REAL, flagged_per_1000 REAL, PRIMARY KEY(run, name));"
	"CREATE TABLE series(id INTEGER PRIMARY KEY, machine INTEGER NOT NULL REFERENCES machine(id), mode TEXT NOT NULL, "
	"name TEXT NOT NULL, grp TEXT NOT NULL, unit TEXT NOT NULL, gates TEXT NOT NULL, drawn INTEGER NOT NULL DEFAULT 0, "
	"stale INTEGER NOT NULL DEFAULT 1, UNIQUE(machine, mode, name));"
	"CREATE INDEX series_stale ON series(stale);"
	"CREATE TABLE point(series INTEGER NOT NULL REFERENCES series(id), run INTEGER NOT NULL REFERENCES run(id) ON "
	"DELETE CASCADE, value REAL NOT NULL, members INTEGER NOT NULL, PRIMARY KEY(series, run));"
	"CREATE INDEX point_run ON point(run);"
	"CREATE TABLE change(series INTEGER NOT NULL REFERENCES series(id), run INTEGER NOT NULL REFERENCES run(id) ON "
	"DELETE CASCADE, before_run INTEGER NOT NULL, run_index INTEGER NOT NULL, runs INTEGER NOT NULL, step_pct REAL NOT "
	"NULL, lo_pct REAL NOT NULL, hi_pct REAL NOT NULL, p REAL NOT NULL, runs_before INTEGER NOT NULL, runs_after "
	"INTEGER NOT NULL);"
	"CREATE INDEX change_series ON change(series);"
	"CREATE TABLE cpwin(series INTEGER NOT NULL REFERENCES series(id), first INTEGER NOT NULL, key TEXT NOT NULL, cps "
	"TEXT NOT NULL, PRIMARY KEY(series, first));"
	"PRAGMA user_version = 3;";

/* what to do about a store SQLite finds damaged or cannot read: the results directories are the source of truth */
#define PB_REBUILD_ADVICE "scripts/history rebuild makes a new one from the results directories (this file kept aside)"

int pb_sql_err(pb_store *s, char *err, size_t errlen, const char *what)
{
	const int code = sqlite3_errcode(s->db) & 0xff;
	snprintf(err, errlen, "%s: %s: %s%s", s->path, what, sqlite3_errmsg(s->db), code == SQLITE_CORRUPT ||
		code == SQLITE_NOTADB ? ": the store is damaged: " PB_REBUILD_ADVICE : "");
	return -1;
}

sqlite3_stmt *pb_sql(pb_store *s, const char *sql, char *err, size_t errlen)
{
	for (int i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		pb_sql_err(s, err, errlen, "a query failed");
		sqlite3_finalize(st);
		return NULL;
	}
	if (s->ncache < PB_STMT_CACHE) {
		s->cache[s->ncache].sql = sql;
		s->cache[s->ncache++].st = st;
	}
	return st;
}

void pb_sql_end(pb_store *s, sqlite3_stmt *st)
{
	for (int i = 0; i < s->ncache; i++)
		if (s->cache[i].st == st) {
			sqlite3_reset(st);
			return;
		}
	sqlite3_finalize(st);
}

/* one line in err; -1 */
static int say(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* why a store cannot be read: another process holds it (SQLite waited 120 s), or it is no SQLite file or a damaged one */
static int not_readable(pb_store *s, char *err, size_t errlen)
{
	const int code = sqlite3_errcode(s->db) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return say(err, errlen, "%s is locked by another process (waited %d s): another scripts/history, report or "
			"rebuild is writing it; try again when it is done", s->path, s->wait_s);
	return say(err, errlen, "%s cannot be read as a history (%s: not an SQLite file, or a damaged one): "
		PB_REBUILD_ADVICE, s->path, sqlite3_errmsg(s->db));
}

int pb_store_verify(pb_store *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st, NULL);
	rc = rc == SQLITE_OK ? sqlite3_step(st) : rc;
	char first[200] = "";
	if (rc == SQLITE_ROW) /* its first finding, on one line ("*** in database main ***" is no news) */
		snprintf(first, sizeof first, "%s", strncmp(pb_col(st, 0), "*** in database main ***\n", 25) == 0 ?
			pb_col(st, 0) + 25 : pb_col(st, 0));
	for (char *c = first; *c; c++)
		*c = (unsigned char)*c < 0x20 ? ' ' : *c;
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW && strcmp(first, "ok") == 0)
		return 0;
	if (rc != SQLITE_ROW)
		return not_readable(s, err, errlen);
	return say(err, errlen, "%s is damaged (SQLite's quick_check: %s): " PB_REBUILD_ADVICE, s->path, first);
}

/* the schema the file has: made here when the file is new (no table at all), refused when it is another's */
static int check_schema(pb_store *s, char *err, size_t errlen)
{
	/* in one transaction: two imports starting at once on a new file make the schema once */
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return not_readable(s, err, errlen);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM sqlite_master), user_version FROM "
		"pragma_user_version", -1, &st, NULL);
	rc = rc == SQLITE_OK ? sqlite3_step(st) : rc;
	const sqlite3_int64 tables = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	const int version = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : -1;
	sqlite3_finalize(st);
	int fail = 0;
	if (rc != SQLITE_ROW)
		fail = not_readable(s, err, errlen);
	else if (version > PB_STORE_SCHEMA)
		fail = say(err, errlen, "%s: made by a newer pagebound (schema %d; this one reads %d): left as it is", s->path,
			version, PB_STORE_SCHEMA);
	else if (version < 0)
		fail = say(err, errlen, "%s: its schema version is %d, which no pagebound writes (a damaged or altered store): "
			PB_REBUILD_ADVICE, s->path, version);
	else if (version > 0 && version < PB_STORE_SCHEMA)
		fail = say(err, errlen, "%s: made by an older pagebound (schema %d; this one reads %d): scripts/history rebuild makes "
			"it anew from the results directories", s->path, version, PB_STORE_SCHEMA);
	else if (version < PB_STORE_SCHEMA && tables > 0)
		fail = say(err, errlen, "%s: an SQLite file with other tables, not a pagebound history: left as it is", s->path);
	else if (version < PB_STORE_SCHEMA && sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK)
		fail = pb_sql_err(s, err, errlen, "cannot make the schema");
	/* a store of this schema made before runs were known by their contents (one run under two names is one run) */
	else if (version == PB_STORE_SCHEMA &&
		sqlite3_exec(s->db, "CREATE INDEX IF NOT EXISTS run_checksum ON run(checksum)", NULL, NULL, NULL) != SQLITE_OK)
		fail = pb_sql_err(s, err, errlen, "cannot index the runs' checksums");
	if (fail || sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return fail ? fail : pb_sql_err(s, err, errlen, "cannot make the schema");
	}
	return 0;
}

int pb_store_open(const char *path, pb_store **out, char *err, size_t errlen)
{
	pb_store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->cp = pb_cp_defaults();
	const char *busy = getenv("PB_HISTORY_BUSY_SECONDS"); /* tests wait less than a writer's 120 s */
	const int wait_ms = busy && atoi(busy) > 0 ? atoi(busy) * 1000 : 120000;
	s->wait_s = wait_ms / 1000;
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
			sqlite3_busy_timeout(s->db, wait_ms) != SQLITE_OK ||
			sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK ?
		pb_sql_err(s, err, errlen, "cannot open the history") :
		check_schema(s, err, errlen);
	if (rc) {
		pb_store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

const char *pb_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

void pb_store_close(pb_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

/* one step of a statement that returns no rows */
static int done(pb_store *s, sqlite3_stmt *st, char *err, size_t errlen, const char *what)
{
	const int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : pb_sql_err(s, err, errlen, what);
	pb_sql_end(s, st);
	return rc;
}

/* binds text parameters 1..n from v */
static void bind_texts(sqlite3_stmt *st, const char *const *v, int n)
{
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
}

int pb_store_known(pb_store *s, const char *dir, const char *fingerprint, char sum[17])
{
	char err[256];
	sqlite3_stmt *st = pb_sql(s, "SELECT fingerprint, checksum FROM run WHERE dir = ?", err, sizeof err);
	if (!st)
		return -1;
	bind_texts(st, &dir, 1);
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = strcmp(pb_col(st, 0), fingerprint) == 0 ? 1 : 2;
		snprintf(sum, 17, "%s", pb_col(st, 1));
	}
	pb_sql_end(s, st);
	return rc;
}

int pb_store_touch(pb_store *s, const char *dir, const char *fingerprint)
{
	char err[256];
	sqlite3_stmt *st = pb_sql(s, "UPDATE run SET fingerprint = ? WHERE dir = ?", err, sizeof err);
	if (!st)
		return -1;
	const char *v[2] = {fingerprint, dir};
	bind_texts(st, v, 2);
	return done(s, st, err, sizeof err, "cannot update a run");
}

/* a fleet's machine: fleet+NAME+ARCH+PAGEk (+emulated): the fleet file's words, checked; a '+' is in no key made
 * from a context (its host's characters are letters, digits, '.', '_' and '-'), so no run can claim one */
static void fleet_key(const pb_runinfo *r, char *out, size_t len)
{
	const char *name = r->fact[PB_F_HOST], *arch = r->fact[PB_F_ARCH], *page = r->fact[PB_F_PAGE];
	const char *ok = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
	char hname[24] = "";
	const bool plain = strlen(name) <= 100 && strspn(name, ok) == strlen(name) && name[0] && name[0] != '.' &&
		strlen(arch) <= 20 && strspn(arch, ok) == strlen(arch) && strspn(page, "0123456789") == strlen(page) && page[0];
	uint32_t h = 2166136261u;
	for (const char *p = plain ? "" : name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	snprintf(hname, sizeof hname, "x%08x", h); /* a name the fleet never lets through, made a word */
	snprintf(out, len, "fleet+%s+%s+%lluk%s", plain ? name : hname, plain ? arch : "x",
		plain ? strtoull(page, NULL, 10) / 1024 : 0ull, r->fact[PB_F_EMULATED][0] ? "+emulated" : "");
}

void pb_machine_key(const pb_runinfo *r, char *out, size_t len)
{
	if (r->key[0]) { /* placed: the way it came in named its machine */
		snprintf(out, len, "%s", r->key);
		return;
	}
	static const int parts[5] = {PB_F_HOST, PB_F_CPU, PB_F_PAGE, PB_F_BUILD, PB_F_EMULATED};
	if (strcmp(r->fact[PB_F_SOURCE], "fleet") == 0) {
		fleet_key(r, out, len);
		return;
	}
	uint32_t h = 2166136261u;
	for (int k = 0; k < 5; k++)
		for (const unsigned char *c = (const unsigned char *)r->fact[parts[k]];; c++) {
			h = (h ^ *c) * 16777619u; /* the terminating NUL too: "ab"+"c" is not "a"+"bc" */
			if (!*c)
				break;
		}
	char host[25];
	size_t n = 0;
	for (const char *c = r->fact[PB_F_HOST]; *c && n < 24; c++)
		host[n++] = (strchr("._-", *c) || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')) ? *c : '_';
	host[n] = '\0';
	snprintf(out, len, "%s-%08x", n ? host : "host", h);
}


/* a page size that crosses the boundary: a power of two from 4 KiB to 1 GiB, in decimal */
static bool page_ok(const char *page)
{
	const size_t l = strlen(page);
	if (l == 0 || l > 10 || strspn(page, "0123456789") != l)
		return false;
	const unsigned long long p = strtoull(page, NULL, 10);
	return p >= 4096 && p <= (1ull << 30) && (p & (p - 1)) == 0;
}

/* a name an importer gives a machine: 1 to 100 of A-Za-z0-9._-, not starting with a dot or '-' */
static bool import_name_ok(const char *n)
{
	const size_t l = strlen(n);
	return l >= 1 && l <= 100 && n[0] != '.' && n[0] != '-' &&
		strspn(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == l;
}

static void set_source(pb_runinfo *r, const char *source)
{
	free(r->fact[PB_F_SOURCE]);
	r->fact[PB_F_SOURCE] = strdup(source);
}

int pb_run_key_fleet(pb_runinfo *r, char *err, size_t errlen)
{
	if (pb_run_home(r, "fleet") != 0)
		return say(err, errlen, "no home.tsv of scripts/fleet's (a fleet machine's run is named by the fleet at home)");
	if (!page_ok(r->fact[PB_F_PAGE]))
		return say(err, errlen, "page size '%.20s' is not a power of two from 4 KiB to 1 GiB", r->fact[PB_F_PAGE]);
	fleet_key(r, r->key, sizeof r->key);
	return 0;
}

int pb_run_key_import(pb_runinfo *r, const char *name, char *err, size_t errlen)
{
	char ctx[64]; /* host (24) - hash (8): a context's key */
	if (name && !import_name_ok(name))
		return say(err, errlen, "'%.100s' is not a machine name (1 to 100 of A-Za-z0-9._-, not starting with '.' or '-')", name);
	pb_run_home(r, "import"); /* its arrival, where the importer wrote it */
	set_source(r, "import");
	r->key[0] = '\0';
	pb_machine_key(r, ctx, sizeof ctx);
	snprintf(r->key, sizeof r->key, "import+%s", name ? name : ctx);
	return 0;
}

int pb_run_place(pb_runinfo *r, const char *rel, const char *this_id, char *err, size_t errlen)
{
	r->key[0] = '\0';
	const char *m = strncmp(rel, "imported/", 9) == 0 ? rel + 9 : NULL;
	if (!strchr(rel, '/')) { /* results/NAME: this machine's scripts/bench made it, or it is a copy */
		char when[32];
		if (!pb_utc_time(r->fact[PB_F_DATE], true, when))
			return say(err, errlen, "its date '%.40s' is not from 2000 to now: a run's own date orders its series", r->fact[PB_F_DATE]);
		if (this_id[0] && strcmp(r->machine_id, this_id) == 0)
			return 0;
		char ctx[64]; /* host (24) - hash (8): a context's key */
		pb_machine_key(r, ctx, sizeof ctx);
		set_source(r, "copy");
		snprintf(r->key, sizeof r->key, "import+%s", ctx);
		return 0;
	}
	const size_t ml = m ? strcspn(m, "/") : 0;
	if (ml > 6 && strncmp(m, "fleet+", 6) == 0)
		return pb_run_key_fleet(r, err, errlen);
	if (ml) { /* import+NAME, or an older pagebound's import (imported/HOST-HASH): an import all the same */
		const size_t skip = ml > 7 && strncmp(m, "import+", 7) == 0 ? 7 : 0;
		char name[PB_MACHINE_KEY];
		snprintf(name, sizeof name, "%.*s", (int)(ml - skip), m + skip);
		return pb_run_key_import(r, name, err, errlen);
	}
	return say(err, errlen, "%.200s is not where a run comes in (results/NAME, results/imported/MACHINE/NAME)", rel);
}

/* the machine of the run: inserted the first time it is seen; its id */
static sqlite3_int64 machine_id(pb_store *s, const pb_runinfo *r, char *err, size_t errlen)
{
	char key[PB_MACHINE_KEY];
	pb_machine_key(r, key, sizeof key);
	sqlite3_stmt *st = pb_sql(s, "INSERT INTO machine(key, host, cpu_model, page_size, build_type, arch, cpu_emulated, "
		"source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET arch = excluded.arch, drawn = 0 RETURNING id",
		err, errlen);
	if (!st)
		return -1;
	const char *v[8] = {key, r->fact[PB_F_HOST], r->fact[PB_F_CPU], r->fact[PB_F_PAGE], r->fact[PB_F_BUILD],
		r->fact[PB_F_ARCH], r->fact[PB_F_EMULATED], r->fact[PB_F_SOURCE]};
	bind_texts(st, v, 8);
	const sqlite3_int64 id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	pb_sql_end(s, st);
	return id < 0 ? pb_sql_err(s, err, errlen, "cannot add a machine") : id;
}

static sqlite3_int64 insert_run(pb_store *s, const char *dir, const pb_runinfo *r, sqlite3_int64 machine,
	const char *status, const char *why, char *err, size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, "INSERT INTO run(dir, fingerprint, checksum, machine, status, why, mode, commit_id, "
		"date, kernel, compiler, imported, host_date, claimed_host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id", err, errlen);
	if (!st)
		return -1;
	char now[32];
	const time_t t = time(NULL);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	const char *v[14] = {dir, r->fingerprint, r->checksum, NULL, status, why ? why : r->why ? r->why : "",
		r->fact[PB_F_MODE], r->fact[PB_F_COMMIT], r->fact[PB_F_DATE], r->fact[PB_F_KERNEL], r->fact[PB_F_COMPILER], now,
		r->fact[PB_F_HOST_DATE], r->fact[PB_F_CLAIMED]};
	bind_texts(st, v, 14);
	sqlite3_bind_int64(st, 4, machine);
	const sqlite3_int64 id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	pb_sql_end(s, st);
	return id < 0 ? pb_sql_err(s, err, errlen, "cannot add the run") : id;
}

static int insert_benches(pb_store *s, sqlite3_int64 run, const pb_runinfo *r, char *err, size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, "INSERT INTO bench(run, name, unit, reps, median, min, max, cv_pct, syscalls, einval, "
		"verdict_ok, flagged_per_1000) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err, errlen);
	int rc = st ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < r->nb; i++) {
		const pb_bstat *b = &r->b[i];
		const double v[8] = {b->median, b->min, b->max, b->cv_pct, b->counter[0], b->counter[1], b->counter[2], b->counter[3]};
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, run);
		sqlite3_bind_text(st, 2, b->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, b->unit, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)b->reps);
		for (int k = 0; k < 8; k++)
			isnan(v[k]) ? sqlite3_bind_null(st, 5 + k) : sqlite3_bind_double(st, 5 + k, v[k]);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = pb_sql_err(s, err, errlen, "cannot add a benchmark");
	}
	pb_sql_end(s, st);
	return rc;
}

typedef struct ids {
	sqlite3_int64 *v;
	size_t n, cap;
} ids;

static int ids_add(ids *d, sqlite3_int64 id)
{
	if (d->n == d->cap) {
		sqlite3_int64 *v = realloc(d->v, (d->cap = d->cap ? 2 * d->cap : 64) * sizeof *v);
		if (!v)
			return -1;
		d->v = v;
	}
	d->v[d->n++] = id;
	return 0;
}

typedef struct keyed {
	char *family;
	const pb_bstat *b;
} keyed;

static int by_family(const void *a, const void *b)
{
	return strcmp(((const keyed *)a)->family, ((const keyed *)b)->family);
}

/* one family's value in this run: the geometric mean of its members' fastest repetitions (noise only adds time) */
static int put_point(pb_store *s, sqlite3_int64 run, sqlite3_int64 machine, const char *mode, const keyed *m, size_t n,
	ids *touched, char *err, size_t errlen)
{
	double lg = 0;
	for (size_t i = 0; i < n; i++)
		lg += log(m[i].b->min);
	const size_t glen = strcspn(m[0].family, "/");
	char *grp = strndup(m[0].family, glen);
	sqlite3_stmt *st = grp ? pb_sql(s, "INSERT INTO series(machine, mode, name, grp, unit, gates) VALUES (?, ?, ?, ?, ?, ?) "
		"ON CONFLICT(machine, mode, name) DO UPDATE SET drawn = 0 RETURNING id", err, errlen) : NULL;
	if (!st) {
		free(grp);
		return -1;
	}
	const char *v[5] = {mode, m[0].family, grp, m[0].b->unit, pb_gates_word(pb_family_gates(m[0].family))};
	sqlite3_bind_int64(st, 1, machine);
	for (int i = 0; i < 5; i++)
		sqlite3_bind_text(st, i + 2, v[i], -1, SQLITE_TRANSIENT);
	free(grp);
	const sqlite3_int64 id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	pb_sql_end(s, st);
	if (id < 0 || ids_add(touched, id))
		return pb_sql_err(s, err, errlen, "cannot add a series");
	if (!(st = pb_sql(s, "INSERT INTO point(series, run, value, members) VALUES (?, ?, ?, ?)", err, errlen)))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, run);
	sqlite3_bind_double(st, 3, exp(lg / (double)n));
	sqlite3_bind_int64(st, 4, (sqlite3_int64)n);
	return done(s, st, err, errlen, "cannot add a value");
}

/* The run's value of each series (the family rule, pb_family). A CPU that qemu emulates gives counts and verdicts,
 * never times: its time series get no value. */
static int put_points(pb_store *s, sqlite3_int64 run, sqlite3_int64 machine, const pb_runinfo *r, ids *touched,
	char *err, size_t errlen)
{
	keyed *k = calloc(r->nb + 1, sizeof *k);
	int rc = k ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < r->nb; i++)
		if (!(k[i].family = pb_family(r->b[i].name)))
			rc = -1;
		else
			k[i].b = &r->b[i];
	if (rc == 0)
		qsort(k, r->nb, sizeof *k, by_family);
	const bool emulated = r->fact[PB_F_EMULATED][0] != '\0';
	for (size_t a = 0, b; rc == 0 && a < r->nb; a = b) {
		for (b = a + 1; b < r->nb && strcmp(k[a].family, k[b].family) == 0;)
			b++;
		if (!emulated || pb_family_gates(k[a].family) == PB_GATES_EXACT)
			rc = put_point(s, run, machine, r->fact[PB_F_MODE], k + a, b - a, touched, err, errlen);
	}
	for (size_t i = 0; k && i < r->nb; i++)
		free(k[i].family);
	free(k);
	if (rc && !err[0])
		snprintf(err, errlen, "out of memory");
	return rc;
}

typedef struct cache_ctx {
	pb_store *s;
	sqlite3_int64 series;
} cache_ctx;

/* a window's raw change points, as text: "at p stat;" each, doubles written to round-trip */
static int cache_get(void *ctx, size_t first, uint64_t key, pb_cp *out, size_t *k)
{
	cache_ctx *c = ctx;
	char err[256], hex[17];
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)key);
	sqlite3_stmt *st = pb_sql(c->s, "SELECT cps FROM cpwin WHERE series = ? AND first = ? AND key = ?", err, sizeof err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->series);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)first);
	sqlite3_bind_text(st, 3, hex, -1, SQLITE_TRANSIENT);
	int rc = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = 0;
		*k = 0;
		unsigned long long at;
		int used = 0;
		for (const char *p = pb_col(st, 0); *k < c->s->cp.max_cps &&
			sscanf(p, "%llu %lg %lg;%n", &at, &out[*k].p, &out[*k].stat, &used) == 3; p += used)
			out[(*k)++].at = (size_t)at;
	}
	pb_sql_end(c->s, st);
	return rc;
}

static int cache_put(void *ctx, size_t first, uint64_t key, const pb_cp *cps, size_t k)
{
	cache_ctx *c = ctx;
	char err[256], hex[17], *text = malloc(k * 64 + 1);
	if (!text)
		return -1;
	size_t n = 0;
	text[0] = '\0';
	for (size_t i = 0; i < k; i++)
		n += (size_t)sprintf(text + n, "%zu %.17g %.17g;", cps[i].at, cps[i].p, cps[i].stat);
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)key);
	sqlite3_stmt *st = pb_sql(c->s, "INSERT OR REPLACE INTO cpwin(series, first, key, cps) VALUES (?, ?, ?, ?)", err, sizeof err);
	if (st) {
		sqlite3_bind_int64(st, 1, c->series);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)first);
		sqlite3_bind_text(st, 3, hex, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
	}
	free(text);
	return st ? done(c->s, st, err, sizeof err, "cannot keep a window") : -1;
}

/* a series' values in run order (date, then directory): x and the runs' ids; its gates word in gates */
static size_t series_values(pb_store *s, sqlite3_int64 id, double **x, sqlite3_int64 **runs, char gates[8], char *err,
	size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, "SELECT p.value, p.run, se.gates FROM point p JOIN run r ON r.id = p.run JOIN series se "
		"ON se.id = p.series WHERE p.series = ? ORDER BY r.date, r.dir", err, errlen);
	size_t n = 0, cap = 0;
	*x = NULL;
	*runs = NULL;
	if (!st)
		return (size_t)-1;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			double *nx = realloc(*x, cap * sizeof *nx);
			sqlite3_int64 *nr = nx ? realloc(*runs, cap * sizeof *nr) : NULL;
			*x = nx ? nx : *x;
			*runs = nr ? nr : *runs;
			if (!nx || !nr)
				break;
		}
		(*x)[n] = sqlite3_column_double(st, 0);
		(*runs)[n++] = sqlite3_column_int64(st, 1);
		snprintf(gates, 8, "%s", pb_col(st, 2));
	}
	pb_sql_end(s, st);
	return n;
}

static int insert_changes(pb_store *s, sqlite3_int64 id, const sqlite3_int64 *runs, size_t n, const pb_cp *cp, int k,
	char *err, size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, "INSERT INTO change(series, run, before_run, run_index, runs, step_pct, lo_pct, hi_pct, "
		"p, runs_before, runs_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err, errlen);
	int rc = st ? 0 : -1;
	for (int i = 0; rc == 0 && i < k; i++) {
		const sqlite3_int64 v[6] = {id, runs[cp[i].at], runs[cp[i].at - 1], (sqlite3_int64)cp[i].at + 1, (sqlite3_int64)n};
		const double d[4] = {cp[i].step_pct, cp[i].lo_pct, cp[i].hi_pct, cp[i].p};
		sqlite3_reset(st);
		for (int j = 0; j < 5; j++)
			sqlite3_bind_int64(st, j + 1, v[j]);
		for (int j = 0; j < 4; j++)
			sqlite3_bind_double(st, j + 6, d[j]);
		sqlite3_bind_int64(st, 10, (sqlite3_int64)cp[i].before_n);
		sqlite3_bind_int64(st, 11, (sqlite3_int64)cp[i].after_n);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = pb_sql_err(s, err, errlen, "cannot add a change point");
	}
	pb_sql_end(s, st);
	return rc;
}

/* A series' change points anew (exact series have none: their changes are events); the windows whose values did
 * not change come from cpwin. */
static int series_changes(pb_store *s, sqlite3_int64 id, char *err, size_t errlen)
{
	double *x;
	sqlite3_int64 *runs;
	char gates[8] = "";
	const size_t n = series_values(s, id, &x, &runs, gates, err, errlen);
	sqlite3_stmt *st = n != (size_t)-1 ? pb_sql(s, "DELETE FROM change WHERE series = ?", err, errlen) : NULL;
	int rc = st ? 0 : -1;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		rc = done(s, st, err, errlen, "cannot remove change points");
	}
	pb_cp *cp = rc == 0 && strcmp(gates, "exact") != 0 && n >= 2 * s->cp.min_size ?
		malloc(pb_cp_capacity(n, &s->cp) * sizeof *cp) : NULL;
	if (cp) {
		cache_ctx c = {s, id};
		const pb_cp_cache cache = {&c, cache_get, cache_put};
		const int k = pb_changepoints_cached(x, n, &s->cp, &cache, cp);
		rc = k < 0 ? pb_sql_err(s, err, errlen, "the change points could not be computed") :
			insert_changes(s, id, runs, n, cp, k, err, errlen);
	}
	free(cp);
	free(x);
	free(runs);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	const sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
	return (x > y) - (x < y);
}

/* the series the run in dir has values in (they change when it goes), then the run itself removed */
static int forget_run(pb_store *s, const char *dir, ids *touched, char *err, size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, "SELECT p.series FROM point p JOIN run r ON r.id = p.run WHERE r.dir = ?", err, errlen);
	if (!st)
		return -1;
	bind_texts(st, &dir, 1);
	int rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = ids_add(touched, sqlite3_column_int64(st, 0));
	pb_sql_end(s, st);
	if (rc || !(st = pb_sql(s, "DELETE FROM run WHERE dir = ?", err, errlen)))
		return -1;
	bind_texts(st, &dir, 1);
	return done(s, st, err, errlen, "cannot remove a run");
}

/* Each touched series is marked stale, in the run's transaction: its change points are computed once, after the
 * imports of a batch (pb_store_settle), not once per run (a rebuild of a machine's 200 runs would compute each
 * series' last windows 200 times). A batch cut short leaves the marks: the next settles them. */
static int recompute(pb_store *s, ids *touched, char *err, size_t errlen)
{
	qsort(touched->v, touched->n, sizeof *touched->v, by_id);
	sqlite3_stmt *st = pb_sql(s, "UPDATE series SET stale = 1 WHERE id = ?", err, errlen);
	int rc = st ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < touched->n; i++) {
		if (i && touched->v[i] == touched->v[i - 1])
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, touched->v[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = pb_sql_err(s, err, errlen, "cannot mark a series");
	}
	if (st)
		pb_sql_end(s, st);
	return rc;
}

/* one stale series' change points, in a transaction of its own */
static int settle_one(pb_store *s, sqlite3_int64 id, char *err, size_t errlen)
{
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return pb_sql_err(s, err, errlen, "cannot begin");
	sqlite3_stmt *st = NULL;
	int rc = series_changes(s, id, err, errlen);
	if (rc == 0 && (st = pb_sql(s, "UPDATE series SET stale = 0 WHERE id = ?", err, errlen)) != NULL) {
		sqlite3_bind_int64(st, 1, id);
		rc = done(s, st, err, errlen, "cannot mark a series");
	}
	if (rc == 0 && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = pb_sql_err(s, err, errlen, "cannot commit a series' change points");
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc ? -1 : 0;
}

int pb_store_settle(pb_store *s, size_t *count, char *err, size_t errlen)
{
	ids stale = {0};
	sqlite3_stmt *st = pb_sql(s, "SELECT id FROM series WHERE stale = 1 ORDER BY id", err, errlen);
	int rc = st ? 0 : -1;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = ids_add(&stale, sqlite3_column_int64(st, 0));
	if (st)
		pb_sql_end(s, st);
	for (size_t i = 0; rc == 0 && i < stale.n; i++)
		rc = settle_one(s, stale.v[i], err, errlen);
	*count = stale.n;
	free(stale.v);
	return rc;
}

static int put_all(pb_store *s, const char *dir, const pb_runinfo *r, const char *why, ids *touched, char *err, size_t errlen)
{
	if (forget_run(s, dir, touched, err, errlen))
		return -1;
	const sqlite3_int64 machine = machine_id(s, r, err, errlen);
	const char *status = why ? "refused" : r->incomplete ? "incomplete" : "complete";
	const sqlite3_int64 run = machine < 0 ? -1 : insert_run(s, dir, r, machine, status, why, err, errlen);
	if (run < 0)
		return -1;
	if (why || r->incomplete) /* listed, never used */
		return recompute(s, touched, err, errlen);
	if (insert_benches(s, run, r, err, errlen) || put_points(s, run, machine, r, touched, err, errlen))
		return -1;
	return recompute(s, touched, err, errlen);
}

/* another directory holding a run of the same contents (one run copied under two names is one run): its dir in out */
static int same_run(pb_store *s, const char *dir, const pb_runinfo *r, char *out, size_t outlen, char *err, size_t errlen)
{
	sqlite3_stmt *st = pb_sql(s, "SELECT dir FROM run WHERE checksum = ?1 AND dir != ?2 AND status = 'complete' ORDER BY "
		"imported, dir LIMIT 1", err, errlen);
	if (!st)
		return -1;
	const char *v[2] = {r->checksum, dir};
	bind_texts(st, v, 2);
	const int rc = sqlite3_step(st);
	out[0] = '\0';
	if (rc == SQLITE_ROW)
		snprintf(out, outlen, "the same run as %.300s (the same contents under another name)", pb_col(st, 0));
	pb_sql_end(s, st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : pb_sql_err(s, err, errlen, "the runs could not be read");
}

int pb_store_put(pb_store *s, const char *dir, const pb_runinfo *r, const char *why, char *err, size_t errlen)
{
	ids touched = {0};
	err[0] = '\0';
	char dup[400] = "";
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 :
		pb_sql_err(s, err, errlen, "cannot begin an import");
	if (rc == 0 && !why)
		rc = same_run(s, dir, r, dup, sizeof dup, err, errlen);
	if (rc == 0)
		rc = put_all(s, dir, r, why ? why : dup[0] ? dup : NULL, &touched, err, errlen);
	if (rc == 0 && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = pb_sql_err(s, err, errlen, "cannot commit the import");
	if (rc) {
		if (!err[0])
			snprintf(err, errlen, "out of memory");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL); /* the store as it was before this run */
	}
	if (rc == 0 && !why && dup[0]) { /* kept as refused, with the reason */
		snprintf(err, errlen, "%s", dup);
		rc = 1;
	}
	free(touched.v);
	return rc;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pb_store_prune(pb_store *s, char *const *dirs, size_t n, char *err, size_t errlen)
{
	char **sorted = malloc((n + 1) * sizeof *sorted), **gone = NULL;
	size_t ng = 0;
	sqlite3_stmt *st = sorted ? pb_sql(s, "SELECT dir FROM run", err, errlen) : NULL;
	int rc = st ? 0 : -1;
	if (sorted) {
		memcpy(sorted, dirs, n * sizeof *sorted);
		qsort(sorted, n, sizeof *sorted, by_str);
	}
	while (rc == 0 && st && sqlite3_step(st) == SQLITE_ROW) {
		const char *d = pb_col(st, 0);
		if (bsearch(&d, sorted, n, sizeof *sorted, by_str))
			continue;
		char **g = realloc(gone, (ng + 1) * sizeof *g);
		rc = g && (g[ng] = strdup(d)) ? 0 : -1;
		gone = g ? g : gone;
		ng += rc == 0;
	}
	pb_sql_end(s, st);
	ids touched = {0};
	if (rc == 0 && ng && sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) {
		for (size_t i = 0; rc == 0 && i < ng; i++)
			rc = forget_run(s, gone[i], &touched, err, errlen);
		rc = rc ? rc : recompute(s, &touched, err, errlen);
		sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	}
	for (size_t i = 0; i < ng; i++)
		free(gone[i]);
	free(gone);
	free(sorted);
	free(touched.v);
	return rc;
}
