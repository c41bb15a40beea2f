/* cpu.c: pagebound-cpu, the one way every pagebound script picks, locks and pins the CPU of a timed run, here and on
 * a fleet's host (it travels in the bundle: a host needs no taskset, flock or nproc). The CPU comes from the
 * process's affinity mask, so a cpuset of one CPU (Slurm without --exclusive, docker --cpuset-cpus) is honoured;
 * the lock is flock(2) on a descriptor the calling shell holds open (the lock lives with that open file, so it
 * stays held after this program exits and is inherited by what the shell starts); pinning is sched_setaffinity
 * before exec. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "opt.h"

typedef struct cpu_opts {
	uint64_t cpu, fd, wait, skip;
	const char *file, *who, *as;
	bool cpu_given;
	char **cmd; /* run: the command after "--" */
} cpu_opts;

static const char about[] = "Commands (exit status: 0 done; 2 bad input, a CPU this process may not use, or a lock still held after --wait):";

static int allowed_set(cpu_set_t *set)
{
	CPU_ZERO(set);
	if (sched_getaffinity(0, sizeof *set, set) != 0) {
		fprintf(stderr, "pagebound-cpu: cannot read this process's CPU affinity: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static void print_list(const cpu_set_t *set, FILE *f)
{
	const char *sep = "";
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, set))
			continue;
		int e = c;
		while (e + 1 < CPU_SETSIZE && CPU_ISSET(e + 1, set))
			e++;
		fprintf(f, e > c ? "%s%d-%d" : "%s%d", sep, c, e);
		sep = ",";
		c = e;
	}
}

/* the holder a lock file's .who names, or "another pagebound run" */
static void holder(const char *file, char *out, size_t len)
{
	snprintf(out, len, "another pagebound run");
	char *who = malloc(strlen(file) + 5);
	FILE *f = who ? (sprintf(who, "%s.who", file), fopen(who, "r")) : NULL;
	if (f && fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	if (f)
		fclose(f);
	if (!out[0])
		snprintf(out, len, "another pagebound run");
	free(who);
}

/* the run now holding the lock, written beside it for the next one to name (a fresh file renamed into place) */
static void write_who(const cpu_opts *o)
{
	char *tmp = malloc(strlen(o->file) + 16), *dst = malloc(strlen(o->file) + 5), stamp[32];
	const time_t now = time(NULL);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	int fd = tmp && dst ? (sprintf(tmp, "%s.who.XXXXXX", o->file), sprintf(dst, "%s.who", o->file), mkstemp(tmp)) : -1;
	FILE *f = fd >= 0 && fchmod(fd, 0644) == 0 ? fdopen(fd, "w") : NULL;
	if (f) {
		fprintf(f, "%s (pid %ld) since %s\n", o->who, (long)getppid(), stamp);
		if (fclose(f) != 0 || rename(tmp, dst) != 0)
			unlink(tmp);
	} else if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(dst);
}

static int lock(const cpu_opts *o)
{
	if (!o->file || !o->who || !o->cpu_given) {
		fprintf(stderr, "pagebound-cpu: lock needs --cpu, --fd, --file and --who\n");
		return 2;
	}
	struct stat st, fs;
	if (fstat((int)o->fd, &st) != 0 || stat(o->file, &fs) != 0 || st.st_dev != fs.st_dev || st.st_ino != fs.st_ino) {
		fprintf(stderr, "pagebound-cpu: descriptor %llu is not open on %s (the caller opens the lock file on it)\n",
			(unsigned long long)o->fd, o->file);
		return 2;
	}
	char who[512];
	for (uint64_t waited = 0; flock((int)o->fd, LOCK_EX | LOCK_NB) != 0; waited++) {
		if (errno != EWOULDBLOCK) {
			fprintf(stderr, "%s: cannot lock %s: %s\n", o->as, o->file, strerror(errno));
			return 2;
		}
		holder(o->file, who, sizeof who);
		if (waited == 0 && o->wait > 0)
			fprintf(stderr, "%s: CPU %llu is busy: %s holds it; waiting up to %llu s\n", o->as,
				(unsigned long long)o->cpu, who, (unsigned long long)o->wait);
		if (waited >= o->wait) {
			printf("CPU %llu is still busy after %llu s: %s holds it\n", (unsigned long long)o->cpu,
				(unsigned long long)o->wait, who);
			return 2;
		}
		sleep(1);
	}
	write_who(o);
	return 0;
}

static int run(const cpu_opts *o, char **cmd)
{
	cpu_set_t set, one;
	if (!o->cpu_given || !cmd[0]) {
		fprintf(stderr, "pagebound-cpu: run needs --cpu N -- COMMAND [ARG...]\n");
		return 2;
	}
	if (allowed_set(&set))
		return 2;
	if (o->cpu >= CPU_SETSIZE || !CPU_ISSET((int)o->cpu, &set)) {
		fprintf(stderr, "pagebound-cpu: CPU %llu is not one this process may run on (allowed: ",
			(unsigned long long)o->cpu);
		print_list(&set, stderr);
		fprintf(stderr, ")\n");
		return 2;
	}
	CPU_ZERO(&one);
	CPU_SET((int)o->cpu, &one);
	if (sched_setaffinity(0, sizeof one, &one) != 0) {
		fprintf(stderr, "pagebound-cpu: cannot pin to CPU %llu: %s\n", (unsigned long long)o->cpu, strerror(errno));
		return 2;
	}
	execvp(cmd[0], cmd);
	fprintf(stderr, "pagebound-cpu: cannot run %s: %s\n", cmd[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}

/* the allowed CPUs: how many, which, or the one a timed run takes */
static int cmd_set(int argc, char **argv, void *c)
{
	(void)argc;
	const cpu_opts *o = c;
	cpu_set_t set;
	if (allowed_set(&set))
		return 2;
	if (strcmp(argv[0], "count") == 0)
		printf("%d\n", CPU_COUNT(&set));
	else if (strcmp(argv[0], "allowed") == 0)
		print_list(&set, stdout), putchar('\n');
	else {
		uint64_t k = o->skip;
		for (int cpu = CPU_SETSIZE - 1; cpu >= 0; cpu--)
			if (CPU_ISSET(cpu, &set) && k-- == 0) {
				printf("%d\n", cpu);
				return 0;
			}
		fprintf(stderr, "pagebound-cpu: this process may run on %d CPUs: none is %llu before the last\n", CPU_COUNT(&set),
			(unsigned long long)o->skip);
		return 2;
	}
	return 0;
}
static int cmd_lock(int argc, char **argv, void *c) { (void)argc, (void)argv; return lock(c); }
static int cmd_run(int argc, char **argv, void *c) { (void)argc, (void)argv; return run(c, ((cpu_opts *)c)->cmd); }
static const pb_cmd commands[] = {
	{.name = "pick", .args = "", .fn = cmd_set, .summary = "the CPU a timed run uses: the last one this process may run on "
		"(its affinity mask; --skip K: the K-th before it, for a second timed run beside the first)"},
	{.name = "allowed", .args = "", .fn = cmd_set, .summary = "the CPUs this process may run on, as a list (0-3,6)"},
	{.name = "count", .args = "", .fn = cmd_set, .summary = "how many CPUs this process may run on"},
	{.name = "lock", .args = "OPTIONS", .fn = cmd_lock, .summary = "takes the lock of --cpu on descriptor --fd (the open "
		"--file), waiting --wait seconds and naming its holder (--file.who); then writes this run (--who) there"},
	{.name = "run", .args = "--cpu N -- COMMAND [ARG...]", .fn = cmd_run, .summary = "COMMAND pinned to --cpu"},
};
#define NCMD (sizeof commands / sizeof commands[0])
static void commands_usage(FILE *f) { pb_cmd_usage(f, commands, NCMD); }

int main(int argc, char **argv)
{
	cpu_opts o = {.fd = 7, .wait = 3600, .as = "pagebound-cpu"};
	const pb_opt opts[] = {
		{.name = "--cpu", .kind = PB_OPT_UINT, .dest = &o.cpu, .meta = "N", .min = 0, .max = CPU_SETSIZE - 1,
			.help = "lock, run: the CPU"},
		{.name = "--fd", .kind = PB_OPT_UINT, .dest = &o.fd, .meta = "FD", .min = 3, .max = 1023,
			.help = "lock: the descriptor the caller opened --file on", .deflt = "default: 7"},
		{.name = "--file", .kind = PB_OPT_STRING, .dest = &o.file, .meta = "PATH", .help = "lock: the lock file"},
		{.name = "--wait", .kind = PB_OPT_UINT, .dest = &o.wait, .meta = "SECONDS", .min = 0, .max = 86400,
			.help = "lock: how long to wait for a busy CPU", .deflt = "default: 3600"},
		{.name = "--who", .kind = PB_OPT_STRING, .dest = &o.who, .meta = "TEXT", .help = "lock: this run, for the next to name"},
		{.name = "--skip", .kind = PB_OPT_UINT, .dest = &o.skip, .meta = "K", .min = 0, .max = CPU_SETSIZE - 1,
			.help = "pick: the K-th allowed CPU before the last", .deflt = "default: 0"},
		{.name = "--as", .kind = PB_OPT_STRING, .dest = &o.as, .meta = "NAME", .help = "lock: the name its notes start with",
			.deflt = "default: pagebound-cpu"},
	};
	const pb_optspec spec = {"pick | allowed | count | lock OPTIONS | run --cpu N -- COMMAND [ARG...]", about, opts,
		sizeof opts / sizeof opts[0], false, 1, commands_usage};
	int dash = 1;
	while (dash < argc && strcmp(argv[dash], "--") != 0)
		dash++;
	char **cmd = argv + (dash < argc ? dash + 1 : argc);
	int n = dash;
	for (int i = 1; i < dash; i++) /* --cpu given at all (0 is a CPU) */
		o.cpu_given |= strcmp(argv[i], "--cpu") == 0 || strncmp(argv[i], "--cpu=", 6) == 0;
	const int rc = pb_opt_parse(&spec, &n, argv); /* the words before "--" only */
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	o.cmd = cmd;
	return pb_cmd_run("pagebound-cpu", commands, NCMD, n - 1, argv + 1, &o);
}
