/* opt.h: the one option parser of every pagebound program: a table of {name, kind, destination, help}. */
#ifndef PB_OPT_H
#define PB_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "names.h"

typedef enum {
	PB_OPT_FLAG,   /* no value: *(bool *)dest = true */
	PB_OPT_BOOL,   /* true|yes|on|1|t|y or false|no|off|0|f|n (bare: true): *(bool *)dest */
	PB_OPT_STRING, /* a non-empty word: *(const char **)dest */
	PB_OPT_SIZE,   /* a byte size within [min, max], a multiple of align, a power of two if pow2: *(size_t *)dest */
	PB_OPT_UINT,   /* a whole decimal number within [min, max]: *(uint64_t *)dest */
	PB_OPT_DOUBLE, /* a finite number within [min, max]: *(double *)dest */
	PB_OPT_CHOICE, /* one name of the table: *(size_t *)dest = its index */
	PB_OPT_LIST,   /* a comma list of the table's names, none twice, not empty: *(pb_sel *)dest */
	PB_OPT_SIZES,  /* a comma list of sizes (constraints as SIZE), none twice, not empty: *(pb_sizes *)dest */
	PB_OPT_CALL,   /* the value goes to call(value, dest, err, errlen), which returns -1 with a message */
} pb_opt_kind;

/* A selection from a table: given (the option was used) and which entries. */
typedef struct pb_sel {
	bool given;
	uint64_t mask;
} pb_sel;
static inline bool pb_sel_has(const pb_sel *s, size_t i) { return i < 64 && ((s->mask >> i) & 1); }

#define PB_SIZES_MAX 32
typedef struct pb_sizes {
	size_t n;
	size_t v[PB_SIZES_MAX];
} pb_sizes;

typedef struct pb_opt {
	const char *name;     /* "--probes" */
	pb_opt_kind kind;
	void *dest;           /* may be NULL with keep: checked, then left in argv */
	const char *help;
	const char *meta;     /* the value's name in the usage ("LIST", "SIZE") */
	double min, max;      /* SIZE, SIZES, UINT, DOUBLE */
	size_t align;         /* SIZE, SIZES: a multiple of this (0: any) */
	bool pow2;            /* SIZE, SIZES */
	pb_names names;       /* CHOICE, LIST */
	int (*call)(const char *value, void *dest, char *err, size_t errlen);
	const char *implicit; /* the value when the option is given bare: the value is then optional */
	bool keep;            /* left in argv as --name=value for a parser after this one (Google Benchmark's) */
	const char *deflt;    /* the default as the usage says it */
} pb_opt;

typedef struct pb_optspec {
	const char *synopsis; /* after "usage: PROG " */
	const char *about;    /* what the program does, printed under the synopsis */
	const pb_opt *opts;
	size_t n;
	bool pass_unknown;    /* unknown options and words stay in argv (for gb_main) instead of being refused */
	int positional;       /* how many plain words are allowed (when not pass_unknown) */
	void (*more)(FILE *f); /* prints more under the about text: a program's commands (cmd.h pb_cmd_usage) */
} pb_optspec;

enum { PB_OPT_OK = 0, PB_OPT_EXIT = 1, PB_OPT_ERROR = 2 };
/* Parses argv[1..*argc) by spec. --opt=value and --opt value both work; -h/--help prints the usage.
 * What the table does not hold (and positional words) is compacted into argv[1..], *argc updated.
 * Returns PB_OPT_OK, PB_OPT_EXIT (usage printed: exit 0) or PB_OPT_ERROR (one line on stderr: exit 2). */
int pb_opt_parse(const pb_optspec *spec, int *argc, char **argv);
void pb_opt_usage(FILE *f, const char *prog, const pb_optspec *spec);

#endif
