/* util.c: strict number parsing, size labels, medians and the sweep names. */
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

bool pb_is_pow2(size_t v) { return v && !(v & (v - 1)); }

int pb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double pb_median(const double *v, size_t n)
{
	if (n == 0)
		return NAN;
	double *s = malloc(n * sizeof *s);
	if (!s)
		return NAN;
	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, pb_cmp_double);
	double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

/* Decimal digits at s, up to the first non-digit (*end); -1 when there are none or they overflow. */
static int digits(const char *s, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		const uint64_t d = (uint64_t)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (p == s)
		return -1;
	*out = v;
	*end = p;
	return 0;
}

int pb_parse_u64(const char *s, uint64_t *out)
{
	const char *end;
	if (!s || digits(s, out, &end) || *end)
		return -1;
	return 0;
}

int pb_parse_size(const char *s, size_t *out)
{
	uint64_t v;
	const char *end;
	if (!s || digits(s, &v, &end))
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	case 't': case 'T': shift = 40; break;
	default: return -1;
	}
	if (shift) {
		end++;
		if (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0)
			end += strlen(end);
	}
	if (*end || v > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

int pb_parse_double(const char *s, double *out)
{
	if (!s || !*s || (*s != '-' && *s != '+' && *s != '.' && (*s < '0' || *s > '9')))
		return -1;
	if (s[strspn(s, "0123456789.eE+-")]) /* strtod would also take hex, inf and nan */
		return -1;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || end == s || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

void pb_size_label(size_t v, char *buf, size_t len)
{
	static const char *const units[] = {"", "K", "M", "G", "T"};
	int u = 0;
	while (u < 4 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%zu%s", v, units[u]);
}

const pb_sweep pb_sweeps[] = {
	{"quick", "the seed's case only: a first look in seconds", PB_SWEEP_QUICK},
	{"default", "the four classic configurations, two layouts, four footprints", PB_SWEEP_DEFAULT},
	{"full", "every configuration, layout, stream and footprint", PB_SWEEP_FULL},
};
const size_t pb_n_sweeps = sizeof pb_sweeps / sizeof pb_sweeps[0];

void pb_sweeps_label(unsigned mask, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < pb_n_sweeps && used < len; i++)
		if (mask & pb_sweeps[i].bit)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", pb_sweeps[i].name);
	if (!used)
		snprintf(buf, len, "-");
}

int pb_open_regular(const char *path, size_t max, size_t *size, char *err, size_t errlen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		if (!S_ISREG(st.st_mode))
			snprintf(err, errlen, "%s is not a regular file", path);
		else
			snprintf(err, errlen, "%s is larger than %zu MiB", path, max / PB_MiB);
		close(fd);
		return -1;
	}
	*size = (size_t)st.st_size;
	return fd;
}

bool pb_name_ok(const char *name)
{
	size_t n = 0;
	for (const char *c = name; *c; c++, n++)
		if (n == PB_MAX_NAME || !((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
			strchr("_.:+=/-", *c)))
			return false;
	return n > 0;
}

/* a code point that shows as nothing, or reorders or breaks the text around it, when a report is read: zero-width
 * characters, bidi marks, embeddings, overrides and isolates, the line and paragraph separators, the BOM */
static bool invisible(uint32_t c)
{
	return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
		c == 0x2028 || c == 0x2029 || c == 0x061c || c == 0xfeff || c == 0x2060 || c == 0x180e;
}

/* the code point of the UTF-8 sequence at p (2 or 3 bytes), and its length; 0 when it is neither */
static size_t utf8_at(const unsigned char *p, uint32_t *c)
{
	if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
		*c = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return 2;
	}
	if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		*c = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		return 3;
	}
	return 0;
}

char *pb_escape_line(const char *s)
{
	char *out = malloc(10 * strlen(s) + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; out && *p; p++) {
		uint32_t c = 0;
		const size_t n = *p >= 0xc0 ? utf8_at(p, &c) : 0;
		if (*p == '\t' || *p == '\n' || *p == '\r' || *p == '\\')
			o += sprintf(o, "\\%c", *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\');
		else if (*p < 0x20 || *p == 0x7f)
			o += sprintf(o, "\\x%02x", *p);
		else if (n && ((c >= 0x80 && c <= 0x9f) || invisible(c))) { /* C1 (U+009B: a terminal's CSI), U+202E, ... */
			o += sprintf(o, "\\u{%04X}", (unsigned)c);
			p += n - 1;
		} else
			*o++ = (char)*p;
	}
	if (out)
		*o = '\0';
	return out;
}

double pb_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

bool pb_word_in(const char *list, const char *w, char sep)
{
	const size_t n = strlen(w);
	for (const char *p = list; n && (p = strstr(p, w)) != NULL; p += n)
		if ((p == list || p[-1] == sep) && (p[n] == sep || !p[n]))
			return true;
	return false;
}
