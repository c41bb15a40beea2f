/* export_go.c: Go's benchmark format, what `go test -bench` prints and benchstat reads: configuration lines, one line
 * per repetition with the name's parts as key=value, Unit lines for the exact counters; the history: each run's
 * fastest repetition, the run's facts as configuration lines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "util.h"

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

static char *admit(const char *name)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	put_go_name(m, name);
	if (fclose(m)) {
		free(out);
		return NULL;
	}
	return out;
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

/* configuration lines ("key: value", each in force until it changes), printed where they differ from the last ones */
static char *last[10];
static void config(FILE *out, const char *const *keys, const char *const *v, int n)
{
	for (int k = 0; k < n; k++) {
		if (!v[k] || (last[k] && strcmp(last[k], v[k]) == 0))
			continue;
		fprintf(out, "%s: ", keys[k]);
		put_value(out, v[k]);
		free(last[k]);
		last[k] = strdup(v[k]);
	}
}

static void begin(FILE *out, bool history)
{
	(void)history;
	fputs("Unit ns/store better=lower\n", out);
	for (size_t i = 0; i < 4; i++)
		fprintf(out, "Unit %s assume=exact better=%s\n", pb_export_counters[i][1], i == 2 ? "higher" : "lower");
	fputs("Unit instructions/store assume=exact better=lower\n", out); /* the history's callgrind counts */
}

static void context(FILE *out, json_t *ctx, const char *mode)
{
	static const char *const keys[7] = {"goos", "goarch", "cpu", "pagesize", "kernel", "pagebound-commit", "pagebound-mode"};
	const char *v[7] = {"linux", goarch(json_string_value(json_object_get(ctx, "machine"))),
		json_string_value(json_object_get(ctx, "cpu_model")), json_string_value(json_object_get(ctx, "page_size")),
		json_string_value(json_object_get(ctx, "kernel_release")),
		json_string_value(json_object_get(ctx, "pagebound_commit")), mode};
	config(out, keys, v, 7);
}

static void rep(FILE *out, const pb_export_rep *r)
{
	double v;
	fprintf(out, "%s %lld %.6g ns/op", r->name, r->iterations, r->ns);
	if (pb_export_number(r->row, "ns_per_store", &v))
		fprintf(out, " %.6g ns/store", v);
	for (size_t k = 0; k < 4; k++)
		if (pb_export_number(r->row, pb_export_counters[k][0], &v))
			fprintf(out, " %.10g %s", v, pb_export_counters[k][1]);
	fputc('\n', out);
}

static void point(FILE *out, const pb_export_point *p)
{
	static const char *const keys[10] = {"pagebound-machine", "goarch", "cpu", "pagesize", "kernel", "pagebound-commit",
		"pagebound-mode", "pagebound-run", "date", "goos"};
	const char *const *t = p->text;
	const char *v[10] = {t[0], goarch(t[1]), t[2], t[3], t[4], t[5], t[6], t[7], t[8], "linux"};
	config(out, keys, v, 10);
	fprintf(out, "%s 1 %.6g %s\n", p->name, p->min, pb_export_units[p->unit][1]);
}

static void end(FILE *out, bool history)
{
	(void)out, (void)history;
	for (int k = 0; k < 10; k++) {
		free(last[k]);
		last[k] = NULL;
	}
}

const pb_exporter pb_export_go = {.name = "go", .summary = "Go's benchmark format (benchstat -col /config reads it)",
	.admit = admit, .begin = begin, .context = context, .rep = rep, .point = point, .end = end};
