/* report.c: pagebound-report, the static HTML pages (no JavaScript, no network): a run's page, a comparison's, a
 * fleet's, and the site (results/site/: index.html with every machine's verdict, every comparison and fleet, the
 * runs left out; a page per machine with its verdict, change points, each series' history drawn by gnuplot from
 * tables written here, the latest run, the events, every run). Every value reaches a page through html.h's one
 * escaper; the store is read through its reports (pagebound-history's), as it is (scripts/report brings it up to
 * date first). */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "gbjson.h"
#include "html.h"
#include "tsv.h"
#include "opt.h"
#include "store.h"
#include "util.h"

extern char **environ;

typedef struct site {
	const char *results, *plots, *gnuplot, *formats;
	double threshold;
	bool all;
	pb_store *s;
	char err[1024];
	char tmp[4096]; /* a scratch directory for the charts' tables */
} site;

static int fail(site *o)
{
	fprintf(stderr, "pagebound-report: %s\n", o->err);
	return 2;
}

static char *path2(const char *a, const char *b)
{
	char *p = malloc(strlen(a) + strlen(b) + 2);
	if (p)
		sprintf(p, "%s/%s", a, b);
	return p;
}

static bool is_link(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0 && S_ISLNK(st.st_mode);
}

/* ---- the pages of one directory: a run, a comparison, a fleet ---- */

static void incomplete_banner(FILE *f, const char *d)
{
	char *p = path2(d, "INCOMPLETE");
	struct stat st;
	if (p && lstat(p, &st) == 0) {
		fputs("<p class=\"banner\">INCOMPLETE: this run did not finish. ", f);
		pb_html_file(f, p, 2000);
		fputs("</p>\n", f);
	}
	free(p);
}

/* a table of KEY<TAB>VALUE lines */
static void kv_table(FILE *f, const char *path)
{
	FILE *in = pb_regular(path) ? fopen(path, "r") : NULL;
	char line[8192];
	fputs("<table>\n", f);
	while (in && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = 0;
		char *tab = strchr(line, '\t');
		if (tab)
			*tab++ = 0;
		fputs("<tr><th>", f);
		pb_html(f, line);
		fputs("</th><td>", f);
		pb_html(f, tab ? tab : "");
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (in)
		fclose(in);
}

static int by_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* the data files of a directory, linked with their sizes */
static void files_list(FILE *f, const char *d)
{
	static const char *const ends[] = {".json", ".json.gz", ".tsv", ".txt", ".md", ".log", ".png", ".partial"};
	DIR *dir = opendir(d);
	char *names[4096];
	size_t n = 0;
	for (struct dirent *e; dir && (e = readdir(dir)) != NULL && n < 4096;) {
		bool want = strcmp(e->d_name, "INCOMPLETE") == 0;
		const size_t l = strlen(e->d_name);
		for (size_t k = 0; !want && k < sizeof ends / sizeof ends[0]; k++)
			want = l > strlen(ends[k]) && strcmp(e->d_name + l - strlen(ends[k]), ends[k]) == 0;
		if (want && e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	}
	if (dir)
		closedir(dir);
	qsort(names, n, sizeof *names, by_str);
	fputs("<ul>\n", f);
	for (size_t i = 0; i < n; i++) {
		char *p = names[i] ? path2(d, names[i]) : NULL;
		struct stat st;
		if (p && lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			fputs("<li><a href=\"", f);
			pb_url(f, names[i]);
			fputs("\">", f);
			pb_html(f, names[i]);
			fprintf(f, "</a> (%lld bytes)</li>\n", (long long)st.st_size);
		}
		free(p);
		free(names[i]);
	}
	fputs("</ul>\n", f);
}

/* the context keys a run's page shows, from its first result file */
static void context_table(FILE *f, const char *d)
{
	static const char *const keys[] = {"host_name", "cpu_model", "num_cpus", "mhz_per_cpu", "kernel_release", "compiler",
		"page_size", "build_type", "library_build_type", "compiled_M", "compiled_P", "transparent_hugepage", "cpu_affinity",
		"pagebound_commit", "pagebound_version"};
	char err[256];
	json_t *doc = pb_first_doc(d, err, sizeof err);
	json_t *ctx = json_object_get(doc, "context");
	if (json_is_object(ctx)) {
		fputs("<h2>Machine and build</h2>\n<table>\n", f);
		json_t *v;
		const char *k;
		json_object_foreach(ctx, k, v) {
			bool shown = false;
			for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
				shown |= strcmp(k, keys[i]) == 0;
			if (!shown)
				continue;
			char *text = json_is_string(v) ? strdup(json_string_value(v)) : json_dumps(v, JSON_ENCODE_ANY);
			fputs("<tr><th>", f);
			pb_html(f, k);
			fputs("</th><td>", f);
			pb_html(f, text ? text : "");
			fputs("</td></tr>\n", f);
			free(text);
		}
		fputs("</table>\n", f);
	}
	json_decref(doc);
}

static void pre_file(FILE *f, const char *d, const char *name, const char *heading)
{
	char *p = path2(d, name);
	if (p && pb_regular(p)) {
		if (heading)
			fprintf(f, "<h2>%s</h2>\n", heading);
		fputs("<pre>", f);
		pb_html_file(f, p, 1 << 20);
		fputs("</pre>\n", f);
	}
	free(p);
}

/* img of d/name (a page beside it: src is prefix + name) when it is a regular file */
static void img_if(FILE *f, const char *d, const char *prefix, const char *name, const char *alt, bool half)
{
	char *p = path2(d, name), src[4096];
	snprintf(src, sizeof src, "%s%s", prefix, name);
	if (p && pb_regular(p))
		pb_img(f, src, alt, half);
	free(p);
}

typedef void (*body_fn)(FILE *f, const char *d, site *o);

/* one directory's index.html: the title, its banner, body, its files */
static int dir_page(site *o, const char *d, const char *what, body_fn body)
{
	if (is_link(d)) {
		snprintf(o->err, sizeof o->err, "%s is a symbolic link: no page is written through it", d);
		return -1;
	}
	const char *base = strrchr(d, '/') ? strrchr(d, '/') + 1 : d;
	char title[600], *dest = path2(d, "index.html");
	pb_out pg;
	snprintf(title, sizeof title, "pagebound %s %s", what, base);
	if (!dest || pb_out_open(&pg, dest, o->err, sizeof o->err)) {
		free(dest);
		return -1;
	}
	pb_page_start(pg.f, title);
	fprintf(pg.f, "<h1>pagebound %s ", what);
	pb_html(pg.f, base);
	fputs("</h1>\n", pg.f);
	incomplete_banner(pg.f, d);
	body(pg.f, d, o);
	fputs("<h2>Files</h2>\n", pg.f);
	files_list(pg.f, d);
	pb_page_end(pg.f);
	const int rc = pb_out_commit(&pg, o->err, sizeof o->err);
	free(dest);
	return rc;
}

static void run_body(FILE *f, const char *d, site *o)
{
	(void)o;
	char *rt = path2(d, "run.tsv");
	struct stat st;
	if (rt && pb_regular(rt) && stat(rt, &st) == 0 && st.st_size > 0) {
		fputs("<h2>How it ran</h2>\n", f);
		kv_table(f, rt);
	}
	free(rt);
	context_table(f, d);
	pre_file(f, d, "summary.txt", "Summary");
	fputs("<h2>Charts</h2>\n", f);
	static const char *const charts[] = {"scan-cost", "scan-calls", "scan-model", "prim", "barrier"};
	for (size_t i = 0; i < 5; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s.svg", charts[i]);
		img_if(f, d, "", name, charts[i], false);
	}
}

/* the first line of path that starts with one of the prefixes (NULL-terminated), into out; false when none */
static bool first_line(const char *path, const char *const *prefixes, char *out, size_t len, bool all, FILE *f)
{
	FILE *in = pb_regular(path) ? fopen(path, "r") : NULL;
	char line[4096];
	bool found = false;
	while (in && fgets(line, sizeof line, in)) {
		for (size_t k = 0; prefixes[k]; k++)
			if (strncmp(line, prefixes[k], strlen(prefixes[k])) == 0) {
				line[strcspn(line, "\n")] = 0;
				if (!found)
					snprintf(out, len, "%s", line);
				if (all && f) {
					pb_html(f, line);
					fputs("<br>", f);
				}
				found = true;
				break;
			}
		if (found && !all)
			break;
	}
	if (in)
		fclose(in);
	return found;
}

static void compare_body(FILE *f, const char *d, site *o)
{
	(void)o;
	static const char *const verdicts[] = {"REGRESSION", "no regression", "INSTRUCTIONS REGRESSION", "instructions:", NULL};
	char *ct = path2(d, "compare.txt"), line[4096];
	FILE *mem;
	char *buf = NULL;
	size_t blen = 0;
	if (ct && (mem = open_memstream(&buf, &blen)) != NULL) {
		const bool any = first_line(ct, verdicts, line, sizeof line, true, mem);
		fclose(mem);
		if (any)
			fprintf(f, "<p class=\"%s\">%s</p>\n", strstr(buf, "REGRESSION") ? "bad" : "good", buf);
		free(buf);
	}
	img_if(f, d, "", "compare.svg", "the change per family with its 95% interval", false);
	pre_file(f, d, "compare.txt", "Report");
	free(ct);
}

static void fleet_body(FILE *f, const char *d, site *o)
{
	(void)o;
	fputs("<h2>Hosts</h2>\n<table>\n<tr><th>host</th><th>arch</th><th>page</th><th>kernel</th><th>CPU</th><th>state</th>"
	      "<th>what happened</th><th>run</th></tr>\n", f);
	char *hp = path2(d, "hosts.tsv"), *buf = NULL, err[256];
	size_t len;
	pb_tsv t = {0};
	if (hp && pb_regular(hp) && pb_slurp(hp, 16 << 20, &buf, &len, err, sizeof err) == 0 && pb_tsv_parse(&t, buf) == 0)
		for (size_t r = 1; r < t.n; r++) {
			static const char *const cols[] = {"name", "arch", "page_size", "kernel", "cpu"};
			fputs("<tr>", f);
			for (size_t c = 0; c < 5; c++) {
				fputs("<td>", f);
				const char *v = pb_tsv_get(&t, r, cols[c]);
				pb_html(f, c == 4 && !*v ? "real" : v);
				fputs("</td>", f);
			}
			const char *state = pb_tsv_get(&t, r, "state"), *run = pb_tsv_get(&t, r, "run");
			fprintf(f, "<td class=\"%s\">", strcmp(state, "analysed") ? "bad" : "good");
			pb_html(f, state);
			fputs("</td><td>", f);
			pb_html(f, pb_tsv_get(&t, r, "what"));
			fputs("</td><td>", f);
			char rel[4096];
			snprintf(rel, sizeof rel, "%s/%s/index.html", d, run);
			if (*run && pb_regular(rel)) {
				fputs("<a href=\"", f);
				pb_url(f, run);
				fputs("/index.html\">", f);
				pb_html(f, run);
				fputs("</a>", f);
			}
			fputs("</td></tr>\n", f);
		}
	pb_tsv_free(&t);
	free(hp);
	fputs("</table>\n<h2>Real page sizes side by side</h2>\n", f);
	img_if(f, d, "", "fleet.svg", "the seed's probes on every machine at its own T", false);
	img_if(f, d, "", "fleet-prim.svg", "every machine's primitives", false);
}

static int cmd_run(int argc, char **argv, void *c) { (void)argc; return dir_page(c, argv[1], "run", run_body) ? fail(c) : 0; }
static int cmd_compare(int argc, char **argv, void *c) { (void)argc; return dir_page(c, argv[1], "comparison", compare_body) ? fail(c) : 0; }
static int cmd_fleet(int argc, char **argv, void *c) { (void)argc; return dir_page(c, argv[1], "fleet", fleet_body) ? fail(c) : 0; }

/* ---- the site, from the store ---- */

/* a report of the store as a table (pb_store_export into memory) */
static int report(site *o, const char *what, const char *machine, pb_tsv *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return -1;
	const int rc = pb_store_export(o->s, what, machine, NULL, mem, o->err, sizeof o->err);
	fclose(mem);
	if (rc || pb_tsv_parse(t, buf)) {
		if (!rc)
			free(buf);
		return -1;
	}
	return 0;
}

/* WORD when it may be part of a file name (1 to 40 bytes of A-Z a-z 0-9 . _ + -, not starting with a dot), else x and
 * its FNV-1a hash */
static void safe(const char *w, char out[48])
{
	bool ok = *w && *w != '.' && strlen(w) <= 40;
	for (const char *c = w; ok && *c; c++)
		ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("._+-", *c);
	uint64_t h = 1469598103934665603ULL;
	for (const char *c = w; !ok && *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ULL;
	if (ok)
		snprintf(out, 48, "%s", w);
	else
		snprintf(out, 48, "x%016llx", (unsigned long long)h);
}

static void group_title(const char *g, const char *mode, char *out, size_t len)
{
	if (strcmp(g, "scan") == 0)
		snprintf(out, len, "scan families (%s runs): time per scan, sizes from 1 MiB pooled; sizes below 1 MiB with a change point", mode);
	else if (strcmp(g, "prim") == 0)
		snprintf(out, len, "primitives (%s runs): ns per call", mode);
	else if (strcmp(g, "instructions") == 0)
		snprintf(out, len, "barrier: instructions per store (%s runs, callgrind; exact)", mode);
	else if (strcmp(g, "barrier") == 0)
		snprintf(out, len, "barrier: ns per store (%s runs)", mode);
	else
		snprintf(out, len, "%s (%s runs)", g, mode);
}
static const char *group_note(const char *g)
{
	return !strcmp(g, "scan") || !strcmp(g, "prim") ? "gating: scripts/history check" :
	       !strcmp(g, "instructions") ? "any change is an event" :
	       !strcmp(g, "barrier") ? "not gating: barrier loops move with code placement between builds; read instructions per store instead" : "";
}

typedef struct machine_data {
	const char *m;
	pb_tsv runs, series, changes, events, machine;
} machine_data;

static FILE *scratch(site *o, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", o->tmp, name);
	return fopen(path, "w");
}

/* a run's index (from 1) among the machine's complete runs of mode, 0 when none */
static size_t run_index(const machine_data *md, const char *mode, const char *run)
{
	size_t k = 0;
	for (size_t r = 1; r < md->runs.n; r++)
		if (!strcmp(pb_tsv_get(&md->runs, r, "mode"), mode) && !strcmp(pb_tsv_get(&md->runs, r, "status"), "complete")) {
			k++;
			if (!strcmp(pb_tsv_get(&md->runs, r, "run"), run))
				return k;
		}
	return 0;
}

static bool has_change(const machine_data *md, const char *mode, const char *group, const char *series)
{
	for (size_t r = 1; r < md->changes.n; r++)
		if (!strcmp(pb_tsv_get(&md->changes, r, "mode"), mode) && !strcmp(pb_tsv_get(&md->changes, r, "group"), group) &&
			!strcmp(pb_tsv_get(&md->changes, r, "series"), series))
			return true;
	return false;
}

static int gnuplot(site *o, char *const *args)
{
	char script[4096], *argv[16];
	snprintf(script, sizeof script, "%s/history-series.gp", o->plots);
	size_t n = 0;
	argv[n++] = (char *)o->gnuplot;
	argv[n++] = "-c";
	argv[n++] = script;
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", 0, 0);
	pid_t pid;
	int status = 0;
	const int e = posix_spawnp(&pid, o->gnuplot, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(o->err, sizeof o->err, "gnuplot failed on plots/history-series.gp%s", e ? " (not found: run scripts/deps)" : "");
		return -1;
	}
	return 0;
}

/* the panels' values: each run's value relative to its series' median (data), each series' name (names) */
static void chart_values(FILE *fd, FILE *fn, const pb_tsv *se, const char **names, size_t nn, const size_t *k_of,
	const size_t *ix)
{
	fputs("k\trun_index\trel_pct\n", fd);
	fputs("k\tname\n", fn);
	double *v = malloc((se->n + 1) * sizeof *v);
	for (size_t k = 1; v && k <= nn; k++) {
		size_t nv = 0;
		for (size_t r = 1; r < se->n; r++)
			if (k_of[r] == k)
				pb_parse_double(pb_tsv_get(se, r, "value"), &v[nv++]);
		const double med = pb_median(v, nv);
		for (size_t r = 1, i = 0; r < se->n; r++)
			if (k_of[r] == k)
				fprintf(fd, "%zu\t%zu\t%.17g\n", k, ix[r], 100 * (v[i++] / med - 1));
		fprintf(fn, "%zu\t%s\n", k, names[k - 1]);
	}
	free(v);
}

/* what marks the panels: the change points (cps), new kernels and compilers (events), about eight labels under them:
 * the run's date and time (MM-DD HH:MM, UTC) and its commit's first 7 characters (xtics) */
static void chart_marks(FILE *fc, FILE *fe, FILE *fx, const machine_data *md, const char *mode, const char *group,
	const char **names, size_t nn, size_t nruns)
{
	fputs("k\trun_index\tstep_pct\n", fc);
	for (size_t r = 1; r < md->changes.n; r++) {
		const char *name = pb_tsv_get(&md->changes, r, "series");
		size_t k = 0;
		while (k < nn && strcmp(names[k], name))
			k++;
		const size_t i = run_index(md, mode, pb_tsv_get(&md->changes, r, "run"));
		if (k < nn && i && !strcmp(pb_tsv_get(&md->changes, r, "mode"), mode) && !strcmp(pb_tsv_get(&md->changes, r, "group"), group))
			fprintf(fc, "%zu\t%zu\t%s\n", k + 1, i, pb_tsv_get(&md->changes, r, "step_pct"));
	}
	fputs("0\t0\t0\n", fc); /* a row of no panel: gnuplot 5.4 crashes on a file of no points here */
	fputs("run_index\n", fe);
	for (size_t r = 1; r < md->events.n; r++) {
		const char *ev = pb_tsv_get(&md->events, r, "event");
		const size_t i = run_index(md, mode, pb_tsv_get(&md->events, r, "run"));
		if (i && !strcmp(pb_tsv_get(&md->events, r, "mode"), mode) && (!strncmp(ev, "kernel ", 7) || !strncmp(ev, "compiler ", 9)))
			fprintf(fe, "%zu\n", i);
	}
	fputs("0\n", fe);
	fputs("run_index\tlabel\n", fx);
	const size_t every = nruns + 7 < 16 ? 1 : (nruns + 7) / 8;
	for (size_t r = 1, i = 0; r < md->runs.n; r++) {
		if (strcmp(pb_tsv_get(&md->runs, r, "mode"), mode) || strcmp(pb_tsv_get(&md->runs, r, "status"), "complete"))
			continue;
		const char *date = pb_tsv_get(&md->runs, r, "date");
		if (i++ % every == 0)
			fprintf(fx, "%zu\t%.5s %.5s %.7s\n", i, strlen(date) >= 10 ? date + 5 : "", strlen(date) >= 16 ? date + 11 : "",
				pb_tsv_get(&md->runs, r, "commit"));
	}
}

/* one machine's series of one mode and group in small panels: each run's value relative to the series' median, its
 * change points, new kernels and compilers; site/M-MODE-GROUP.svg */
static int chart(site *o, const machine_data *md, const char *mode, const char *group)
{
	char sm[48], sg[48], stem[4096], pdata[4200], pcps[4200], pev[4200], pnames[4200], pxt[4200];
	safe(mode, sm);
	safe(group, sg);
	snprintf(stem, sizeof stem, "%s/site/%s-%s-%s", o->results, md->m, sm, sg);
	/* the series drawn, numbered in their order; their values per run index */
	const pb_tsv *se = &md->series;
	const char **names = calloc(se->n + 1, sizeof *names);
	size_t nn = 0, nruns = 0;
	for (size_t r = 1; r < md->runs.n; r++) /* every complete run of the mode */
		nruns += !strcmp(pb_tsv_get(&md->runs, r, "mode"), mode) && !strcmp(pb_tsv_get(&md->runs, r, "status"), "complete");
	size_t *k_of = calloc(se->n + 1, sizeof *k_of), *ix = calloc(se->n + 1, sizeof *ix);
	for (size_t r = 1; names && k_of && ix && r < se->n; r++) {
		const char *name = pb_tsv_get(se, r, "series");
		if (strcmp(pb_tsv_get(se, r, "mode"), mode) || strcmp(pb_tsv_get(se, r, "group"), group) ||
			(!strcmp(group, "scan") && strstr(name, "/bytes:") && !has_change(md, mode, group, name)))
			continue;
		if (!(ix[r] = run_index(md, mode, pb_tsv_get(se, r, "run"))))
			continue;
		size_t k = 0;
		while (k < nn && strcmp(names[k], name))
			k++;
		if (k == nn)
			names[nn++] = name;
		k_of[r] = k + 1;
	}
	int rc = 0;
	if (!nn || nruns < 2) { /* one run is one dot a panel: nothing over time yet (the machine's page says so) */
		unlink(strcat(stem, ".svg"));
		goto out;
	}
	FILE *fd = scratch(o, "data", pdata, sizeof pdata), *fn = scratch(o, "names", pnames, sizeof pnames),
	     *fc = scratch(o, "cps", pcps, sizeof pcps), *fe = scratch(o, "events", pev, sizeof pev), *fx = scratch(o, "xtics", pxt, sizeof pxt);
	if (!fd || !fn || !fc || !fe || !fx) {
		snprintf(o->err, sizeof o->err, "cannot write in %.900s", o->tmp);
		rc = -1;
	}
	if (rc == 0) {
		chart_values(fd, fn, se, names, nn, k_of, ix);
		chart_marks(fc, fe, fx, md, mode, group, names, nn, nruns);
	}
	FILE *fs[] = {fd, fn, fc, fe, fx};
	for (size_t i = 0; i < 5; i++)
		if (fs[i] && fclose(fs[i]) != 0)
			rc = -1;
	if (rc == 0) {
		char dims[128], title[512];
		snprintf(dims, sizeof dims, "%zu %zu %s", nn, nruns, o->formats);
		group_title(group, mode, title, sizeof title);
		char *args[] = {pdata, pcps, pev, pnames, stem, dims, title, (char *)group_note(group), pxt, NULL};
		rc = gnuplot(o, args);
	}
out:
	free(names);
	free(k_of);
	free(ix);
	return rc;
}

/* a report of the store's rows as an HTML table of the given columns (those rows where column cond equals want) */
static void tsv_table(FILE *f, const pb_tsv *t, const char *const *cols, const char *cond, const char *want)
{
	size_t shown = 0;
	for (size_t r = 1; r < t->n; r++) {
		if (cond && strcmp(pb_tsv_get(t, r, cond), want))
			continue;
		if (!shown++) {
			fputs("<table>\n<tr>", f);
			for (size_t c = 0; cols[c]; c++)
				fprintf(f, "<th>%s</th>", cols[c]);
			fputs("</tr>\n", f);
		}
		fputs("<tr>", f);
		for (size_t c = 0; cols[c]; c++) {
			fputs("<td>", f);
			pb_html(f, pb_tsv_get(t, r, cols[c]));
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs(shown ? "</table>\n" : "<p class=\"note\">none</p>\n", f);
}

/* the check's lines for one machine (or all: NULL) in memory; its status in *rc */
static char *check_text(site *o, const char *m, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		return NULL;
	*rc = pb_store_check(o->s, o->threshold, m, mem, o->err, sizeof o->err);
	fclose(mem);
	return buf;
}

static void verdict(site *o, FILE *f, const char *m)
{
	int rc = 0;
	char *text = check_text(o, m, &rc), *last = NULL;
	size_t not_gating = 0;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		last = line;
		not_gating += strncmp(line, "not gating: ", 12) == 0;
	}
	fprintf(f, "<p class=\"%s\">", rc == 0 ? "good" : "bad");
	pb_html(f, last ? last : "no verdict");
	fputs(rc == 0 ? "</p>\n" : ":</p>\n<ul>\n", f);
	for (char *line = text; rc && line && line < last; line += strlen(line) + 1)
		if (strncmp(line, "REGRESSION: ", 12) == 0) {
			const char *rest = strchr(line + 12, ' ');
			fputs("<li class=\"bad\">", f);
			pb_html(f, rest ? rest + 1 : line);
			fputs("</li>\n", f);
		}
	if (rc)
		fputs("</ul>\n", f);
	if (not_gating)
		fprintf(f, "<p class=\"note\">%zu barrier-time series also end after a shift of %g%% or more: not gating (code placement moves them between builds); see instructions per store.</p>\n",
			not_gating, o->threshold);
	free(text);
}

static int run_cmp(const void *a, const void *b) { return -strcmp(*(char *const *)a, *(char *const *)b); }

static void runs_table(FILE *f, const machine_data *md)
{
	fputs("<h2>Runs</h2>\n<table>\n<tr><th>date</th><th>mode</th><th>commit</th><th>kernel</th><th>compiler</th><th>run</th></tr>\n", f);
	const pb_tsv *t = &md->runs;
	char **keys = calloc(t->n, sizeof *keys);
	size_t n = 0;
	for (size_t r = 1; keys && r < t->n; r++) { /* newest first: date, then the rest of the row, descending */
		char *k = malloc(strlen(pb_tsv_get(t, r, "date")) + 24);
		if (k)
			sprintf(k, "%s\t%020zu", pb_tsv_get(t, r, "date"), r);
		keys[n++] = k;
	}
	qsort(keys, n, sizeof *keys, run_cmp);
	for (size_t i = 0; i < n; i++) {
		const size_t r = keys[i] ? strtoull(strrchr(keys[i], '\t') + 1, NULL, 10) : 0;
		free(keys[i]);
		if (!r)
			continue;
		static const char *const cols[] = {"date", "mode", "commit", "kernel", "compiler"};
		fputs("<tr>", f);
		for (size_t c = 0; c < 5; c++) {
			fputs("<td>", f);
			pb_html(f, pb_tsv_get(t, r, cols[c]));
			fputs("</td>", f);
		}
		const char *run = pb_tsv_get(t, r, "run"), *status = pb_tsv_get(t, r, "status");
		fputs("<td><a href=\"../", f);
		pb_url(f, run);
		fputs("/index.html\">", f);
		pb_html(f, run);
		fputs("</a>", f);
		if (!strcmp(status, "incomplete"))
			fputs(" <span class=\"bad\">INCOMPLETE</span>", f);
		else if (strcmp(status, "complete")) {
			fputs(" <span class=\"bad\">left out: ", f);
			pb_html(f, pb_tsv_get(t, r, "why"));
			fputs("</span>", f);
		}
		fputs("</td></tr>\n", f);
	}
	free(keys);
	fputs("</table>\n", f);
}

/* the modes of the machine's complete runs, in order of appearance (NULL-terminated, pointers into runs) */
static size_t modes_of(const machine_data *md, const char **out, size_t cap)
{
	size_t n = 0;
	for (size_t r = 1; r < md->runs.n && n + 1 < cap; r++) {
		const char *mo = pb_tsv_get(&md->runs, r, "mode");
		bool seen = strcmp(pb_tsv_get(&md->runs, r, "status"), "complete") != 0;
		for (size_t i = 0; i < n && !seen; i++)
			seen = !strcmp(out[i], mo);
		if (!seen)
			out[n++] = mo;
	}
	out[n] = NULL;
	return n;
}

/* The machine page's heading: what the machine is, what kind of runs it holds. */
static void machine_heading(FILE *f, const machine_data *md)
{
	const pb_tsv *mt = &md->machine;
	fputs("<p><a href=\"index.html\">all machines</a></p>\n<h1>", f);
	const char *const head[] = {"host", "cpu_model", "page_size", "build_type"};
	pb_html(f, md->m);
	fputs(":", f);
	for (size_t i = 0; i < 4; i++) {
		fputs(i ? ", " : " ", f);
		fputs(i == 2 ? "page " : "", f);
		pb_html(f, pb_tsv_get(mt, 1, head[i]));
	}
	fputs(" build", f);
	if (*pb_tsv_get(mt, 1, "arch")) {
		fputs(", ", f);
		pb_html(f, pb_tsv_get(mt, 1, "arch"));
	}
	fputs("</h1>\n", f);
	if (!strcmp(pb_tsv_get(mt, 1, "source"), "fleet"))
		fputs("<p class=\"note\">A fleet&#39;s host: the fleet file names this machine, its architecture and page size (checked against what it reported); its runs are ordered by when they came home.</p>\n", f);
	if (*pb_tsv_get(mt, 1, "cpu_emulated")) {
		fputs("<p class=\"banner\">CPU emulated (", f);
		pb_html(f, pb_tsv_get(mt, 1, "cpu_emulated"));
		fputs("): counts and verdicts only. Its times are never a machine&#39;s performance: they enter no series and raise no change point.</p>\n", f);
	}
	fputs("<p>", f);
	pb_html(f, pb_tsv_get(mt, 1, "runs"));
	fputs(" complete runs, ", f);
	pb_html(f, pb_tsv_get(mt, 1, "first"));
	fputs(" to ", f);
	pb_html(f, pb_tsv_get(mt, 1, "last"));
	fputs(".</p>\n", f);
}

/* The history charts of one mode's runs, a panel per group of series. */
static void mode_history(site *o, FILE *f, const machine_data *md, const char *mode)
{
	fputs("<h2>History of the ", f);
	pb_html(f, mode);
	fputs(" runs</h2>\n<p class=\"note\">Each panel: one series, each run its value relative to the series&#39; median; a red line is a change point where it got slower, green faster (E-Divisive means over windows of 64 runs, permutation test at 5%, Welch interval excluding 0); grey dotted: a new kernel or compiler.</p>\n", f);
	const char *groups[64] = {"scan", "prim", "instructions", "barrier"};
	size_t ng = 4;
	for (size_t r = 1; r < md->series.n && ng < 63; r++) {
		const char *g = pb_tsv_get(&md->series, r, "group");
		bool seen = strcmp(pb_tsv_get(&md->series, r, "mode"), mode) != 0;
		for (size_t k = 0; k < ng && !seen; k++)
			seen = !strcmp(groups[k], g);
		if (!seen)
			groups[ng++] = g;
	}
	size_t complete = 0;
	for (size_t r = 1; r < md->runs.n; r++)
		complete += !strcmp(pb_tsv_get(&md->runs, r, "mode"), mode) && !strcmp(pb_tsv_get(&md->runs, r, "status"), "complete");
	if (complete < 2)
		fputs("<p class=\"note\">One complete run so far: the history charts start with the second.</p>\n", f);
	for (size_t k = 0; k < ng; k++) {
		char sm[48], sg[48], file[400], path[4600], alt[300];
		safe(mode, sm);
		safe(groups[k], sg);
		snprintf(file, sizeof file, "%s-%s-%s.svg", md->m, sm, sg);
		snprintf(path, sizeof path, "%s/site/%s", o->results, file);
		snprintf(alt, sizeof alt, "%s over the %s runs", groups[k], mode);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
			pb_img(f, file, alt, false);
	}
}

/* The newest complete run: its summary and charts. */
static void latest_run(site *o, FILE *f, const machine_data *md)
{
	const char *latest = NULL;
	for (size_t r = 1; r < md->runs.n; r++)
		if (!strcmp(pb_tsv_get(&md->runs, r, "status"), "complete"))
			latest = pb_tsv_get(&md->runs, r, "run");
	if (latest) {
		char d[4096], prefix[4200];
		snprintf(d, sizeof d, "%s/%s", o->results, latest);
		snprintf(prefix, sizeof prefix, "../%s/", latest);
		fputs("<h2>Latest run: <a href=\"../", f);
		pb_url(f, latest);
		fputs("/index.html\">", f);
		pb_html(f, latest);
		fputs("</a></h2>\n", f);
		pre_file(f, d, "summary.txt", NULL);
		static const char *const charts[] = {"scan-cost", "scan-calls", "prim", "barrier"};
		for (size_t i = 0; i < 4; i++) {
			char name[64], alt[64];
			snprintf(name, sizeof name, "%s.svg", charts[i]);
			snprintf(alt, sizeof alt, "%s of the latest run", charts[i]);
			img_if(f, d, prefix, name, alt, true);
		}
	}
}

static int machine_page(site *o, const machine_data *md)
{
	char dest[4096], title[400];
	snprintf(dest, sizeof dest, "%s/site/%s.html", o->results, md->m);
	snprintf(title, sizeof title, "pagebound: %s", md->m);
	pb_out pg;
	if (pb_out_open(&pg, dest, o->err, sizeof o->err))
		return -1;
	FILE *f = pg.f;
	pb_page_start(f, title);
	machine_heading(f, md);
	verdict(o, f, md->m);
	static const char *const cp_cols[] = {"mode", "series", "run_index", "run", "commit", "step_pct", "ci_lo_pct", "ci_hi_pct", "p", "direction", NULL};
	fputs("<h2>Change points</h2>\n", f);
	tsv_table(f, &md->changes, cp_cols, "gates", "yes");
	fputs("<p class=\"note\">Not gating (barrier times):</p>\n", f);
	tsv_table(f, &md->changes, cp_cols, "gates", "no");
	const char *modes[64];
	modes_of(md, modes, 64);
	for (size_t i = 0; modes[i]; i++) {
		mode_history(o, f, md, modes[i]);
	}
	latest_run(o, f, md);
	fputs("<h2>Events</h2>\n", f);
	static const char *const ev_cols[] = {"mode", "run", "date", "commit", "event", NULL};
	tsv_table(f, &md->events, ev_cols, NULL, NULL);
	runs_table(f, md);
	pb_page_end(f);
	return pb_out_commit(&pg, o->err, sizeof o->err);
}

/* the directories under results/ holding FILE (not links), sorted */
static size_t dirs_with(const char *results, const char *file, char ***out)
{
	DIR *d = opendir(results);
	char **v = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		char *dir = path2(results, e->d_name), *p = dir ? path2(dir, file) : NULL;
		if (p && !is_link(dir) && pb_regular(p)) {
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				char **nv = realloc(v, cap * sizeof *nv);
				if (!nv)
					break;
				v = nv;
			}
			v[n++] = strdup(e->d_name);
		}
		free(dir);
		free(p);
	}
	if (d)
		closedir(d);
	if (v)
		qsort(v, n, sizeof *v, run_cmp); /* newest first */
	*out = v;
	return n;
}

/* The index's table of machines, each with its history's verdict. */
static void machines_table(site *o, FILE *f, const pb_tsv *machines)
{
	fputs("<h2>Machines</h2>\n<table>\n<tr><th>machine</th><th>host</th><th>CPU</th><th>page</th><th>runs</th><th>last</th><th>verdict</th></tr>\n", f);
	int crc = 0;
	char *check = check_text(o, NULL, &crc);
	for (size_t r = 1; r < machines->n; r++) {
		const char *m = pb_tsv_get(machines, r, "machine");
		size_t nreg = 0;
		for (char *l = check ? strstr(check, "REGRESSION: ") : NULL; l; l = strstr(l + 1, "REGRESSION: "))
			nreg += (l == check || l[-1] == '\n') && !strncmp(l + 12, m, strlen(m)) && l[12 + strlen(m)] == ' ';
		fputs("<tr><td><a href=\"", f);
		pb_url(f, m);
		fputs(".html\">", f);
		pb_html(f, m);
		fputs("</a></td><td>", f);
		pb_html(f, pb_tsv_get(machines, r, "host"));
		fputs("</td><td>", f);
		pb_html(f, pb_tsv_get(machines, r, "cpu_model"));
		if (*pb_tsv_get(machines, r, "cpu_emulated"))
			fputs(" (CPU emulated: counts and verdicts only)", f);
		static const char *const cols[] = {"page_size", "runs", "last"};
		for (size_t c = 0; c < 3; c++) {
			fputs("</td><td>", f);
			pb_html(f, pb_tsv_get(machines, r, cols[c]));
		}
		if (nreg)
			fprintf(f, "</td><td class=\"bad\">%zu series end after a slowdown beyond %g%%</td></tr>\n", nreg, o->threshold);
		else
			fprintf(f, "</td><td class=\"good\">no regression beyond %g%%</td></tr>\n", o->threshold);
	}
	free(check);
}

/* The fleets' runs: their hosts, and whether every run came home. */
static void fleets_list(const site *o, FILE *f, char *const *fl, size_t nfl)
{
	fputs("<h2 id=\"fleets\">Fleets (scripts/fleet)</h2>\n", f);
	size_t shown = 0;
	for (size_t i = 0; i < nfl; i++) {
		char *d = path2(o->results, fl[i]), *ix = d ? path2(d, "index.html") : NULL, *hosts = d ? path2(d, "hosts.tsv") : NULL,
		     *inc = d ? path2(d, "INCOMPLETE") : NULL;
		if (ix && pb_regular(ix)) {
			size_t lines = 0;
			FILE *h = hosts && pb_regular(hosts) ? fopen(hosts, "r") : NULL;
			for (int c; h && (c = fgetc(h)) != EOF;)
				lines += c == '\n';
			if (h)
				fclose(h);
			fputs(shown++ ? "" : "<ul>\n", f);
			fputs("<li><a href=\"../", f);
			pb_url(f, fl[i]);
			fputs("/index.html\">", f);
			pb_html(f, fl[i]);
			fprintf(f, "</a>: %zu hosts, %s</li>\n", lines ? lines - 1 : 0,
				inc && access(inc, F_OK) == 0 ? "not every host brought a complete run home" : "every run came home");
		}
		free(d), free(ix), free(hosts), free(inc);
	}
	fputs(shown ? "</ul>\n" : "<p class=\"note\">none</p>\n", f);
}

/* The comparisons and their verdicts. */
static void compares_table(const site *o, FILE *f, char *const *cmp, size_t ncmp)
{
	fputs("<h2 id=\"compares\">Comparisons (scripts/compare)</h2>\n", f);
	if (ncmp)
		fputs("<table>\n<tr><th>comparison</th><th>verdict</th></tr>\n", f);
	for (size_t i = 0; i < ncmp; i++) {
		static const char *const v[] = {"REGRESSION", "no regression", NULL};
		char *p = path2(o->results, cmp[i]), *ct = p ? path2(p, "compare.txt") : NULL, line[4096];
		if (!ct || !first_line(ct, v, line, sizeof line, false, NULL))
			snprintf(line, sizeof line, "(no verdict)");
		fputs("<tr><td><a href=\"../", f);
		pb_url(f, cmp[i]);
		fputs("/index.html\">", f);
		pb_html(f, cmp[i]);
		fprintf(f, "</a></td><td class=\"%s\">", strncmp(line, "REGRESSION", 10) ? "good" : "bad");
		pb_html(f, line);
		fputs("</td></tr>\n", f);
		free(p), free(ct);
	}
	fputs(ncmp ? "</table>\n" : "<p class=\"note\">none</p>\n", f);
}

static int index_page(site *o, const pb_tsv *machines)
{
	pb_tsv runs = {0};
	if (report(o, "runs", NULL, &runs))
		return -1;
	char **cmp = NULL, **fl = NULL;
	const size_t ncmp = dirs_with(o->results, "compare.txt", &cmp), nfl = dirs_with(o->results, "fleet-run.tsv", &fl);
	int rc = 0;
	for (size_t i = 0; i < ncmp && rc == 0; i++) {
		char *d = path2(o->results, cmp[i]), *ix = d ? path2(d, "index.html") : NULL;
		if (d && ix && (o->all || access(ix, F_OK) != 0))
			rc = dir_page(o, d, "comparison", compare_body);
		free(d);
		free(ix);
	}
	char dest[4096];
	snprintf(dest, sizeof dest, "%s/site/index.html", o->results);
	pb_out pg;
	if (rc || pb_out_open(&pg, dest, o->err, sizeof o->err)) {
		rc = -1;
		goto out;
	}
	FILE *f = pg.f;
	pb_page_start(f, "pagebound results");
	unsigned long long total = 0;
	for (size_t r = 1; r < machines->n; r++)
		total += strtoull(pb_tsv_get(machines, r, "runs"), NULL, 10);
	fprintf(f, "<h1>pagebound results</h1>\n<p>%llu complete runs on %zu machine(s); series from different machines never mix. The history is an SQLite store (results/history.db, scripts/history) of the results directories; change points by E-Divisive means.</p>\n",
		total, machines->n ? machines->n - 1 : 0);
	machines_table(o, f, machines);
	fputs("</table>\n<h2>Runs left out</h2>\n", f);
	static const char *const refused[] = {"machine", "run", "why", NULL};
	tsv_table(f, &runs, refused, "status", "refused");
	fleets_list(o, f, fl, nfl);
	compares_table(o, f, cmp, ncmp);
	pb_page_end(f);
	rc = pb_out_commit(&pg, o->err, sizeof o->err);
out:
	for (size_t i = 0; i < ncmp; i++)
		free(cmp[i]);
	for (size_t i = 0; i < nfl; i++)
		free(fl[i]);
	free(cmp), free(fl);
	pb_tsv_free(&runs);
	return rc;
}

static bool listed(const pb_tsv *t, const char *col, const char *v)
{
	for (size_t r = 1; r < t->n; r++)
		if (!strcmp(pb_tsv_get(t, r, col), v))
			return true;
	return false;
}

/* one machine: the charts of its series that got a value, its page, its runs' pages where they have none */
static int one_machine(site *o, const char *m, const pb_tsv *dirty)
{
	machine_data md = {.m = m};
	int rc = report(o, "machines", m, &md.machine) || report(o, "runs", m, &md.runs) || report(o, "series", m, &md.series) ||
		report(o, "changes", m, &md.changes) || report(o, "events", m, &md.events) ? -1 : 0;
	for (size_t r = 1; rc == 0 && r < dirty->n; r++) {
		const char *mo = pb_tsv_get(dirty, r, "mode"), *g = pb_tsv_get(dirty, r, "group");
		bool seen = false; /* each mode and group once */
		for (size_t q = 1; q < r && !seen; q++)
			seen = !strcmp(pb_tsv_get(dirty, q, "machine"), m) && !strcmp(pb_tsv_get(dirty, q, "mode"), mo) &&
				!strcmp(pb_tsv_get(dirty, q, "group"), g);
		if (strcmp(pb_tsv_get(dirty, r, "machine"), m) || seen)
			continue;
		if ((rc = chart(o, &md, mo, g)) == 0)
			rc = pb_store_drawn(o->s, m, mo, g, o->err, sizeof o->err);
	}
	if (rc == 0 && (rc = machine_page(o, &md)) == 0)
		rc = pb_store_drawn(o->s, m, NULL, NULL, o->err, sizeof o->err);
	for (size_t r = 1; rc == 0 && r < md.runs.n; r++) {
		char *d = path2(o->results, pb_tsv_get(&md.runs, r, "run")), *ix = d ? path2(d, "index.html") : NULL;
		if (d && ix && (o->all || !pb_regular(ix)) && !is_link(d))
			rc = dir_page(o, d, "run", run_body);
		free(d), free(ix);
	}
	pb_tsv_free(&md.machine), pb_tsv_free(&md.runs), pb_tsv_free(&md.series), pb_tsv_free(&md.changes), pb_tsv_free(&md.events);
	return rc;
}

static int cmd_site(int argc, char **argv, void *c)
{
	(void)argc, (void)argv;
	site *o = c;
	char *sd = path2(o->results, "site"), *db = path2(o->results, "history.db");
	pb_tsv machines = {0}, dirty = {0}, pages = {0};
	snprintf(o->tmp, sizeof o->tmp, "%s/pagebound-report.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	int rc = 0;
	if (!sd || !db || (mkdir(sd, 0755) != 0 && access(sd, F_OK) != 0) || is_link(sd)) {
		snprintf(o->err, sizeof o->err, "cannot create %s (or it is a symbolic link: no page is written through it)", sd ? sd : "site");
		rc = -1;
	} else if (!mkdtemp(o->tmp)) {
		snprintf(o->err, sizeof o->err, "cannot create a scratch directory in %s (TMPDIR)", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		rc = -1;
	} else if (pb_store_open(db, &o->s, o->err, sizeof o->err) || report(o, "machines", NULL, &machines))
		rc = -1;
	if (rc == 0 && o->all) { /* every mode and group of every machine: the series report's */
		pb_tsv se = {0};
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);
		if (mem && report(o, "series", NULL, &se) == 0) {
			fputs("machine\tmode\tgroup\n", mem);
			for (size_t r = 1; r < se.n; r++)
				fprintf(mem, "%s\t%s\t%s\n", pb_tsv_get(&se, r, "machine"), pb_tsv_get(&se, r, "mode"), pb_tsv_get(&se, r, "group"));
		}
		if (mem)
			fclose(mem);
		pb_tsv_free(&se);
		rc = buf ? pb_tsv_parse(&dirty, buf) : -1;
	} else if (rc == 0)
		rc = report(o, "dirty", NULL, &dirty) || report(o, "pages", NULL, &pages) ? -1 : 0;
	for (size_t r = 1; rc == 0 && r < machines.n; r++) {
		const char *m = pb_tsv_get(&machines, r, "machine");
		char page[4200];
		snprintf(page, sizeof page, "%s/%s.html", sd, m);
		if (o->all || listed(&pages, "machine", m) || access(page, F_OK) != 0)
			rc = one_machine(o, m, &dirty);
	}
	if (rc == 0 && (rc = index_page(o, &machines)) == 0)
		printf("%s/index.html\n", sd);
	if (o->tmp[0] && strcmp(o->tmp + strlen(o->tmp) - 6, "XXXXXX")) {
		static const char *const files[] = {"data", "names", "cps", "events", "xtics"};
		for (size_t i = 0; i < 5; i++) {
			char p[4200];
			snprintf(p, sizeof p, "%s/%s", o->tmp, files[i]);
			unlink(p);
		}
		rmdir(o->tmp);
	}
	pb_tsv_free(&machines), pb_tsv_free(&dirty), pb_tsv_free(&pages);
	pb_store_close(o->s);
	free(sd), free(db);
	return rc ? fail(o) : 0;
}

static const pb_cmd commands[] = {
	{.name = "site", .args = "", .fn = cmd_site,
		.summary = "results/site/: the index, a page per machine whose series changed (every one with --all), its charts"},
	{.name = "run", .args = "DIR", .fn = cmd_run, .min_args = 1, .max_args = 1, .summary = "DIR/index.html for one scripts/bench run"},
	{.name = "compare", .args = "DIR", .fn = cmd_compare, .min_args = 1, .max_args = 1,
		.summary = "DIR/index.html for one scripts/compare run"},
	{.name = "fleet", .args = "DIR", .fn = cmd_fleet, .min_args = 1, .max_args = 1, .summary = "DIR/index.html for one scripts/fleet run"},
};
#define NCMD (sizeof commands / sizeof commands[0])
static void about(FILE *f) { pb_cmd_usage(f, commands, NCMD); }

int main(int argc, char **argv)
{
	site o = {.results = "results", .plots = "plots", .gnuplot = "gnuplot", .formats = "svg", .threshold = 5};
	const pb_opt opts[] = {
		{.name = "--results", .kind = PB_OPT_STRING, .dest = &o.results, .meta = "DIR", .help = "the results directory and its store",
			.deflt = "default: results"},
		{.name = "--threshold", .kind = PB_OPT_DOUBLE, .dest = &o.threshold, .meta = "PCT", .min = 0, .max = 1000,
			.help = "site: the slowdown a verdict calls a regression", .deflt = "default: 5"},
		{.name = "--all", .kind = PB_OPT_FLAG, .dest = &o.all, .help = "site: every page and chart again (after a rebuild, or a new look)"},
		{.name = "--plots", .kind = PB_OPT_STRING, .dest = &o.plots, .meta = "DIR", .help = "where history-series.gp is",
			.deflt = "default: plots"},
		{.name = "--gnuplot", .kind = PB_OPT_STRING, .dest = &o.gnuplot, .meta = "PROG", .help = "the gnuplot to run", .deflt = "default: gnuplot"},
		{.name = "--formats", .kind = PB_OPT_STRING, .dest = &o.formats, .meta = "LIST", .help = "site: the charts' formats (svg, png)",
			.deflt = "default: svg"},
	};
	const pb_optspec spec = {"[OPTIONS] COMMAND [DIR]", "Static HTML pages, no JavaScript, no network. Commands:", opts,
		sizeof opts / sizeof opts[0], false, 2, about};
	const int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	return pb_cmd_run("pagebound-report", commands, NCMD, argc - 1, argv + 1, &o);
}
