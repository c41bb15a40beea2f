/* names.h: the variant tables seen as lists of names: lookup, and the "valid: a, b, c" text. */
#ifndef PB_NAMES_H
#define PB_NAMES_H

#include <stddef.h>

/* A table of named entries: entry i is at base + i * stride and starts with its name (const char *). */
typedef struct pb_names {
	const void *base;
	size_t n, stride;
} pb_names;
#define PB_NAMES(table, count) ((pb_names){(table), (count), sizeof (table)[0]})
const char *pb_names_at(const pb_names *t, size_t i);
/* The index of name in t, or -1. */
long pb_names_find(const pb_names *t, const char *name);
/* "a, b, c" */
void pb_names_join(const pb_names *t, char *buf, size_t len);
/* The entry of a variant table whose name is name, or NULL. */
#define PB_TABLE_FIND(table, n, name)                                                    \
	__extension__({                                                                  \
		const pb_names pb_t_ = PB_NAMES((table), (n));                           \
		long pb_k_ = pb_names_find(&pb_t_, (name));                              \
		pb_k_ < 0 ? (const __typeof__((table)[0]) *)0 : &(table)[pb_k_];         \
	})

#endif
