/* table.h: lookup by name in the variant tables ({name, summary, ...} structs whose first member is the name). */
#ifndef PB_TABLE_H
#define PB_TABLE_H
#include <stddef.h>
#include <string.h>

/* The entry of table[0..n) (entries stride bytes apart) whose name is name, or NULL. */
static inline const void *pb_table_find(const void *table, size_t n, size_t stride, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		const char *const *entry = (const char *const *)((const char *)table + i * stride);
		if (strcmp(*entry, name) == 0)
			return entry;
	}
	return NULL;
}
#define PB_TABLE_FIND(table, n, name) ((const __typeof__((table)[0]) *)pb_table_find((table), (n), sizeof (table)[0], (name)))
#endif
