/* listing.h: the --list output of every program, for people (text) and for scripts (TSV, one header). */
#ifndef PB_LISTING_H
#define PB_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One row: a variant of some kind, as the tables hold it. Columns a kind does not have are "-". */
typedef struct pb_item {
	const char *kind;   /* probe, config, layout, size, prim, variant, stream, footprint */
	const char *name;   /* what options take */
	char label[32];     /* how it appears in benchmark names (P64K-T4K, 4096, or the name) */
	const char *role;   /* what the summaries look it up by: seed, before, after, ... or "-" */
	unsigned sweeps;    /* PB_SWEEP_* bits */
	const char *t_mode; /* config: native, emulated or n/a here */
	char p_bytes[24];   /* config: P in bytes */
	char t_bytes[24];   /* config: T in bytes */
	const char *scans;  /* probe: yes when its cost grows with the region (the model applies) */
	const char *symbol; /* variant: the function callgrind counts */
	char bound[24];     /* variant: the bad-pointer bound in bytes, dynamic, or - */
	char summary[256];  /* one line; for a config that is n/a here, why */
} pb_item;

/* An item with every column "-" but kind, name (also the label), role, sweeps and summary. */
pb_item pb_item_make(const char *kind, const char *name, const char *role, unsigned sweeps, const char *summary);

/* The TSV header, exactly: kind name label role sweeps t_mode p_bytes t_bytes scans symbol bound summary */
extern const char pb_items_header[];
/* Prints items as TSV (header first) or as text grouped by kind. */
void pb_items_print(FILE *f, const pb_item *items, size_t n, bool tsv);

#endif
