/* names.c: lookup by name in the variant tables. */
#include "names.h"

#include <stdio.h>
#include <string.h>

const char *pb_names_at(const pb_names *t, size_t i)
{
	return *(const char *const *)((const char *)t->base + i * t->stride);
}

long pb_names_find(const pb_names *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(pb_names_at(t, i), name) == 0)
			return (long)i;
	return -1;
}

void pb_names_join(const pb_names *t, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < t->n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", pb_names_at(t, i));
}
