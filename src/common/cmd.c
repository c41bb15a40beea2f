/* cmd.c: one dispatcher for every program's subcommands (cmd.h). */
#include "cmd.h"

#include <string.h>

void pb_cmd_names(const pb_cmd *cmds, size_t n, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "", cmds[i].name);
}

void pb_cmd_usage(FILE *f, const pb_cmd *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char head[96];
		snprintf(head, sizeof head, "%s%s%s", cmds[i].name, cmds[i].args[0] ? " " : "", cmds[i].args);
		if (strlen(head) > 22) /* a long head on its own line, the summary under it */
			fprintf(f, "  %s\n  %-22s %s\n", head, "", cmds[i].summary);
		else
			fprintf(f, "  %-22s %s\n", head, cmds[i].summary);
	}
}

int pb_cmd_run(const char *prog, const pb_cmd *cmds, size_t n, int argc, char **argv, void *ctx)
{
	char valid[512];
	pb_cmd_names(cmds, n, valid, sizeof valid);
	if (argc < 1) {
		fprintf(stderr, "%s: no command (valid: %s)\n", prog, valid);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(argv[0], cmds[i].name) != 0)
			continue;
		const int words = argc - 1;
		if (words < cmds[i].min_args || (cmds[i].max_args >= 0 && words > cmds[i].max_args)) {
			fprintf(stderr, "%s: usage: %s %s%s%s\n", prog, prog, cmds[i].name, cmds[i].args[0] ? " " : "", cmds[i].args);
			return 2;
		}
		return cmds[i].fn(argc, argv, ctx);
	}
	fprintf(stderr, "%s: unknown command '%s' (valid: %s)\n", prog, argv[0], valid);
	return 2;
}
