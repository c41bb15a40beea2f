/* goread.c: Go's benchmark format read the way Go reads it: a port of golang.org/x/perf's benchfmt.Reader (reader.go
 * and Name.Parts in result.go, checked at golang/perf 712aea8 and 884df58; the checker's own cases are the cases of
 * its reader_test.go TestReader, in tests/fixtures/gobench/vectors.txt). What benchstat sees is what this prints:
 *
 *   R LINE NAME base=BASE procs=-N|none iters=N VALUE UNIT ... [cfg KEY=VALUE ...]   a result
 *   E LINE MESSAGE                                                                   a syntax error (Go's words)
 *   U LINE UNIT KEY=VALUE                                                            unit metadata
 *   F LINE MESSAGE                                                                   reading stopped (a line of 64 KiB)
 *   results N errors N units N                                                       the last line
 *
 * Bytes outside [!-~] and the backslash in names, units, keys and values are printed as \xNN.
 * As Go does: lines split at '\n' (a '\r' before it dropped), at most 64 KiB each (bufio.Scanner); fields split at
 * each of Go's spaces (ASCII \t \n \v \f \r and blank; U+0085, U+00A0 and Unicode's Z category) in UTF-8 decoded as
 * utf8.DecodeRune does (a bad byte is U+FFFD, one byte); a configuration line "key: value" whose key starts with a
 * lower-case letter and holds no space or upper-case letter (an empty value deletes the key); Unit lines and their
 * key=value pairs with Go's messages; "-DIGITS" at a name's end is GOMAXPROCS. Where this differs from Go: a
 * non-ASCII letter in a configuration key counts as neither lower nor upper case (Go's Unicode case tables are not
 * here; pagebound's keys are ASCII), a measurement is parsed by strtod without "nan(...)" and hex without an
 * exponent (Go's ParseFloat refuses both too, but its corner cases of underscores are not here), and unit
 * metadata is deduplicated on the unit as written (Go tidies units first: ns/op and sec/op are one there).
 * usage: goread [FILE]   exit 0 when every line was read (syntax errors are records, not failures), 1 when reading
 * stopped, 2 on a usage or I/O error. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKEN 65536 /* bufio.MaxScanTokenSize */

typedef struct span {
	const unsigned char *p;
	size_t n;
} span;

/* utf8.DecodeRune: the rune at p and its width; an invalid or short sequence is U+FFFD of width 1 */
static uint32_t decode(const unsigned char *p, size_t n, size_t *w)
{
	*w = 1;
	if (p[0] < 0x80)
		return p[0];
	size_t need = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	if (!need || n < need)
		return 0xfffd;
	uint32_t r = p[0] & (need == 2 ? 0x1f : need == 3 ? 0x0f : 0x07);
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0xfffd;
		r = r << 6 | (p[i] & 0x3f);
	}
	if ((need == 3 && (r < 0x800 || (r >= 0xd800 && r <= 0xdfff))) || (need == 4 && (r < 0x10000 || r > 0x10ffff)))
		return 0xfffd;
	*w = need;
	return r;
}

/* unicode.IsSpace */
static bool is_space(uint32_t r)
{
	if (r < 0x80)
		return r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == ' ';
	return r == 0x85 || r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 ||
	       r == 0x202f || r == 0x205f || r == 0x3000;
}

/* splitField: the field up to the first space; the rest after the spaces that follow it */
static span split_field(span *x)
{
	size_t i = 0, w;
	span rest = {x->p + x->n, 0};
	while (i < x->n) {
		if (is_space(decode(x->p + i, x->n - i, &w))) {
			rest = (span){x->p + i + w, x->n - i - w};
			break;
		}
		i += w;
	}
	span field = {x->p, i};
	while (rest.n && is_space(decode(rest.p, rest.n, &w))) {
		rest.p += w;
		rest.n -= w;
	}
	*x = rest;
	return field;
}

static void put(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] > ' ' && p[i] < 0x7f && p[i] != '\\')
			putchar(p[i]);
		else
			printf("\\x%02x", p[i]);
}

/* the configuration in force, in the order keys first came (Go keeps a key's place when its value changes) */
typedef struct config {
	char *key[256], *val[256];
	size_t klen[256], vlen[256];
	size_t n;
} config;

static void config_set(config *c, span k, span v)
{
	size_t i = 0;
	while (i < c->n && !(c->klen[i] == k.n && memcmp(c->key[i], k.p, k.n) == 0))
		i++;
	if (!v.n) { /* deleteConfig: the last key takes the deleted one's place */
		if (i < c->n) {
			free(c->key[i]);
			free(c->val[i]);
			c->n--;
			c->key[i] = c->key[c->n];
			c->val[i] = c->val[c->n];
			c->klen[i] = c->klen[c->n];
			c->vlen[i] = c->vlen[c->n];
		}
		return;
	}
	if (i == c->n) {
		if (c->n == 256)
			return;
		c->key[i] = malloc(k.n + 1);
		memcpy(c->key[i], k.p, k.n);
		c->klen[i] = k.n;
		c->val[i] = NULL;
		c->n++;
	}
	free(c->val[i]);
	c->val[i] = malloc(v.n + 1);
	memcpy(c->val[i], v.p, v.n);
	c->vlen[i] = v.n;
}

/* parseKeyValueLine */
static bool key_value(span line, span *k, span *v)
{
	size_t i = 0, w;
	k->n = 0;
	while (i < line.n) {
		const uint32_t r = decode(line.p + i, line.n - i, &w);
		if (i == 0 && !(r >= 'a' && r <= 'z'))
			return false;
		if (is_space(r) || (r >= 'A' && r <= 'Z'))
			return false;
		if (i > 0 && r == ':') {
			*k = (span){line.p, i};
			*v = (span){line.p + i + 1, line.n - i - 1};
			break;
		}
		i += w;
	}
	if (!k->n)
		return false;
	if (!v->n)
		return true;
	bool ok = false;
	while (v->n && (v->p[0] == ' ' || v->p[0] == '\t')) {
		v->p++;
		v->n--;
		ok = true;
	}
	return ok;
}

/* bytesconv.Atoi as strconv.Atoi: a sign, decimal digits, within int64 */
static const char *atoi_go(span f, long long *out)
{
	size_t i = 0;
	bool neg = false;
	if (f.n && (f.p[0] == '+' || f.p[0] == '-'))
		neg = f.p[i++] == '-';
	if (i == f.n)
		return "invalid syntax";
	unsigned long long v = 0;
	bool range = false;
	for (; i < f.n; i++) {
		if (f.p[i] < '0' || f.p[i] > '9')
			return "invalid syntax";
		if (v > (9223372036854775807ULL + neg - (f.p[i] - '0')) / 10)
			range = true;
		else
			v = v * 10 + (f.p[i] - '0');
	}
	if (range)
		return "value out of range";
	*out = neg ? -(long long)(v - 1) - 1 : (long long)v;
	return NULL;
}

/* bytesconv's underscoreOK: an underscore only between digits, or between a base prefix and a digit */
static bool underscore_ok(const char *s)
{
	char saw = '^';
	size_t i = 0;
	bool hex = false;
	if (*s == '-' || *s == '+')
		s++;
	if (s[0] == '0' && s[1] && strchr("bBoOxX", s[1])) {
		i = 2;
		saw = '0';
		hex = s[1] == 'x' || s[1] == 'X';
	}
	for (; s[i]; i++) {
		if ((s[i] >= '0' && s[i] <= '9') || (hex && strchr("abcdefABCDEF", s[i]))) {
			saw = '0';
			continue;
		}
		if (s[i] == '_') {
			if (saw != '0')
				return false;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return false;
		saw = '!';
	}
	return saw != '_';
}

/* atof: bytesconv.ParseFloat(x, 64): a decimal or a hex float with a p exponent, underscores between digits,
 * "inf", "infinity" with or without a sign and "nan" without one, in any case */
static const char *atof_go(span f, double *out)
{
	char buf[512], digits[512];
	if (!f.n || f.n >= sizeof buf || memchr(f.p, '(', f.n))
		return "invalid syntax";
	memcpy(buf, f.p, f.n);
	buf[f.n] = '\0';
	if (!underscore_ok(buf))
		return "invalid syntax";
	size_t n = 0;
	for (const char *p = buf; *p; p++)
		if (*p != '_')
			digits[n++] = *p;
	digits[n] = '\0';
	const char *body = digits + (digits[0] == '+' || digits[0] == '-');
	if ((body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) && !strpbrk(body, "pP"))
		return "invalid syntax";
	if (body != digits && (body[0] == 'n' || body[0] == 'N'))
		return "invalid syntax";
	char *end;
	errno = 0;
	*out = strtod(digits, &end);
	if (*end || end == digits)
		return "invalid syntax";
	if (errno == ERANGE && isinf(*out))
		return "value out of range";
	return NULL;
}

typedef struct meta {
	char *unit, *key, *val;
} meta;

static meta metas[4096];
static size_t nmetas;
static long results, errors, units;

static void syntax(long line, const char *msg)
{
	printf("E %ld %s\n", line, msg);
	errors++;
}

static char *dup(span s)
{
	char *d = malloc(s.n + 1);
	memcpy(d, s.p, s.n);
	d[s.n] = '\0';
	return d;
}

/* parseUnitLine */
static void unit_line(long line, span rest)
{
	span u = split_field(&rest);
	if (!u.n) {
		syntax(line, "missing unit");
		return;
	}
	for (span f; (f = split_field(&rest)).n;) {
		const unsigned char *eq = memchr(f.p, '=', f.n);
		if (!eq || eq == f.p) {
			syntax(line, "expected key=value");
			continue;
		}
		span k = {f.p, (size_t)(eq - f.p)}, v = {eq + 1, f.n - k.n - 1};
		char *uk = dup(u), *kk = dup(k), *vv = dup(v);
		size_t i = 0;
		while (i < nmetas && !(strcmp(metas[i].unit, uk) == 0 && strcmp(metas[i].key, kk) == 0))
			i++;
		if (i < nmetas) {
			if (strcmp(metas[i].val, vv) != 0) {
				printf("E %ld metadata %s of unit %s already set to %s\n", line, kk, uk, metas[i].val);
				errors++;
			}
			free(uk);
			free(kk);
			free(vv);
			continue;
		}
		if (nmetas < sizeof metas / sizeof metas[0])
			metas[nmetas++] = (meta){uk, kk, vv};
		printf("U %ld ", line);
		put(u.p, u.n);
		putchar(' ');
		put(k.p, k.n);
		putchar('=');
		put(v.p, v.n);
		putchar('\n');
		units++;
	}
}

/* parseBenchmarkLine, after "Benchmark" */
static void benchmark_line(long line, span rest, const config *c)
{
	const size_t whole = rest.n;
	span name = split_field(&rest);
	if (!rest.n && name.n == whole)
		return; /* errSkip: go test -v's line naming the benchmark it starts */
	span f = split_field(&rest);
	long long iters;
	const char *why;
	char msg[128];
	if (!f.n) {
		syntax(line, "missing iteration count");
		return;
	}
	if ((why = atoi_go(f, &iters))) {
		snprintf(msg, sizeof msg, "parsing iteration count: %s", why);
		syntax(line, msg);
		return;
	}
	double val[256];
	span unit[256];
	size_t nv = 0;
	for (;;) {
		f = split_field(&rest);
		if (!f.n) {
			if (nv)
				break;
			syntax(line, "missing measurements");
			return;
		}
		double v;
		if ((why = atof_go(f, &v))) {
			snprintf(msg, sizeof msg, "parsing measurement: %s", why);
			syntax(line, msg);
			return;
		}
		span u = split_field(&rest);
		if (!u.n) {
			syntax(line, "missing units");
			return;
		}
		if (nv < 256) {
			val[nv] = v;
			unit[nv++] = u;
		}
	}
	/* Name.Parts: "-DIGITS" at the end is GOMAXPROCS; the base ends at the first '/' */
	size_t end = name.n, procs = 0;
	for (size_t i = name.n; i-- > 0;) {
		if (name.p[i] == '-' && i < name.n - 1) {
			end = i;
			procs = name.n - i;
			break;
		}
		if (name.p[i] < '0' || name.p[i] > '9')
			break;
	}
	const unsigned char *slash = memchr(name.p, '/', end);
	printf("R %ld ", line);
	put(name.p, end);
	printf(" base=");
	put(name.p, slash ? (size_t)(slash - name.p) : end);
	printf(" procs=");
	if (procs)
		put(name.p + end, procs);
	else
		printf("none");
	printf(" iters=%lld", iters);
	for (size_t i = 0; i < nv; i++) {
		if (isnan(val[i]))
			printf(" NaN ");
		else if (isinf(val[i]))
			printf(" %sInf ", val[i] < 0 ? "-" : "+");
		else
			printf(" %.17g ", val[i]);
		put(unit[i].p, unit[i].n);
	}
	if (c->n)
		printf(" cfg");
	for (size_t i = 0; i < c->n; i++) {
		putchar(' ');
		put((const unsigned char *)c->key[i], c->klen[i]);
		putchar('=');
		put((const unsigned char *)c->val[i], c->vlen[i]);
	}
	putchar('\n');
	results++;
}

int main(int argc, char **argv)
{
	FILE *in = argc > 1 ? fopen(argv[1], "rb") : stdin;
	if (argc > 2 || !in) {
		fprintf(stderr, argc > 2 ? "usage: goread [FILE]\n" : "goread: cannot open %s\n", argv[1]);
		return 2;
	}
	static unsigned char buf[MAX_TOKEN + 1];
	static config cfg;
	long line = 0;
	int c = 0;
	while (c != EOF) {
		size_t n = 0;
		while ((c = getc(in)) != EOF && c != '\n') {
			if (n + 1 >= MAX_TOKEN) { /* the line and its newline do not fit Scanner's 64 KiB */
				printf("F %ld bufio.Scanner: token too long\nresults %ld errors %ld units %ld\n", line, results, errors, units);
				return 1;
			}
			buf[n++] = (unsigned char)c;
		}
		if (c == EOF && n == 0)
			break;
		line++;
		if (n && buf[n - 1] == '\r')
			n--;
		span l = {buf, n}, k, v;
		if (n >= 9 && memcmp(buf, "Benchmark", 9) == 0) {
			benchmark_line(line, (span){buf + 9, n - 9}, &cfg);
			continue;
		}
		if (n && buf[0] == 'U') {
			span rest = l, f = split_field(&rest);
			if (f.n == 4 && memcmp(f.p, "Unit", 4) == 0) {
				unit_line(line, rest);
				continue;
			}
		}
		if (key_value(l, &k, &v))
			config_set(&cfg, k, v);
	}
	if (ferror(in)) {
		fprintf(stderr, "goread: read error\n");
		return 2;
	}
	printf("results %ld errors %ld units %ld\n", results, errors, units);
	return 0;
}
