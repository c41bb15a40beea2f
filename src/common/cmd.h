/* cmd.h: the subcommands of a program as a table of {name, args, summary, fn}, walked by one dispatcher that also
 * writes the usage lines and the "valid: ..." list from the rows (perf bench's builtin-bench.c). */
#ifndef PB_CMD_H
#define PB_CMD_H

#include <stddef.h>
#include <stdio.h>

typedef struct pb_cmd {
	const char *name;    /* "tables" */
	const char *args;    /* "DIR": the words after it, as the usage shows them */
	const char *summary; /* one line */
	int (*fn)(int argc, char **argv, void *ctx); /* argv[0] is the command's name; returns the exit status */
	int min_args, max_args; /* words after the name (max -1: any number) */
} pb_cmd;

/* Runs the command argv[0] names: its exit status; 2 with one line on stderr (naming prog, the valid commands, or
 * the words the command takes) when argv[0] names none or the word count is wrong. */
int pb_cmd_run(const char *prog, const pb_cmd *cmds, size_t n, int argc, char **argv, void *ctx);
/* The usage lines: "  NAME ARGS  summary", one a command. */
void pb_cmd_usage(FILE *f, const pb_cmd *cmds, size_t n);
/* "a, b, c": the commands' names, for a "valid: ..." list (buf of len bytes). */
void pb_cmd_names(const pb_cmd *cmds, size_t n, char *buf, size_t len);

#endif
