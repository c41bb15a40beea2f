/* nothp.c: runs a command with transparent huge pages disabled for it (prctl PR_SET_THP_DISABLE, inherited
 * across exec), as on a machine whose THP setting is never: the thp layout must then be skipped, not crash. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0) {
		fprintf(stderr, "%s: prctl(PR_SET_THP_DISABLE): %s\n", argv[0], strerror(errno));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(errno));
	return 127;
}
