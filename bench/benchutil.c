/* benchutil.c: clocks and option-word helpers for the bench programs. */
#include "benchutil.h"

#include "table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double pb_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

const char *pb_opt_value(const char *arg, const char *name)
{
	size_t len = strlen(name);
	if (strncmp(arg, name, len) == 0 && arg[len] == '=')
		return arg + len + 1;
	return NULL;
}

bool pb_in_list(const char *list, const char *word)
{
	if (!list)
		return true;
	size_t len = strlen(word);
	for (const char *p = list; *p;) {
		size_t w = strcspn(p, ",");
		if (w == len && strncmp(p, word, len) == 0)
			return true;
		p += w + (p[w] == ',');
	}
	return false;
}

int pb_check_list(const char *prog, const char *opt, const char *list, const char *const *names, size_t n,
	size_t stride)
{
	for (const char *p = list; *p;) {
		size_t w = strcspn(p, ",");
		char word[128];
		snprintf(word, sizeof word, "%.*s", (int)w, p);
		if (!pb_table_find(names, n, stride, word)) {
			fprintf(stderr, "%s: unknown value '%.*s' in %s (valid:", prog, (int)w, p, opt);
			for (size_t i = 0; i < n; i++)
				fprintf(stderr, " %s", *(const char *const *)((const char *)names + i * stride));
			fprintf(stderr, ")\n");
			return -1;
		}
		p += w + (p[w] == ',');
	}
	return 0;
}

void pb_progress_case(const char *fmt, ...)
{
	static int enabled = -1;
	if (enabled < 0)
		enabled = getenv("PB_PROGRESS") != NULL;
	if (!enabled)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("[case] ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
