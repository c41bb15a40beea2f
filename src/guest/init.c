/* init.c: /init of the real-kernel guests (scripts/kernels): mounts what the programs read, runs each line of
 * /plan with its output on the console between markers the host parses, copies the files the plan names onto
 * the console, and powers the machine off. Static; no shell, no root image, no network. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

enum { MAX_ARGS = 64, LINE = 4096 };

static void mounts(void)
{
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/tmp", 01777);
	mkdir("/dev", 0755);
	if (mount("proc", "/proc", "proc", 0, NULL) != 0)
		printf("@@WARN mount /proc: %s\n", strerror(errno));
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) != 0)
		printf("@@WARN mount /sys: %s\n", strerror(errno));
	if (mount("tmpfs", "/tmp", "tmpfs", 0, "size=256m") != 0)
		printf("@@WARN mount /tmp: %s\n", strerror(errno));
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL); /* optional: the console is already open */
}

/* "@@FILE name bytes", the bytes, then "@@EOF" on a line of its own (after a newline of its own only when the file
 * does not end with one, so the host gets the lines back as they were). */
static void dump(const char *path)
{
	char buf[65536], last = '\n';
	struct stat st;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) != 0) {
		printf("@@NOFILE %s %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	printf("@@FILE %s %lld\n", path, (long long)st.st_size);
	fflush(stdout);
	for (ssize_t got; (got = read(fd, buf, sizeof buf)) > 0; last = buf[got - 1])
		fwrite(buf, 1, (size_t)got, stdout);
	printf("%s@@EOF %s\n", last == '\n' ? "" : "\n", path);
	fflush(stdout);
	close(fd);
}

/* One plan line: NAME<TAB>PROGRAM ARG...; "@file PATH" lines dump a file instead. The program's standard error goes
 * to the console between @@BEGIN and @@END, its standard output to /tmp/NAME.out, dumped after @@END: what it
 * prints as data (TSV, JSON) never mixes with what it says. */
static void run(char *line)
{
	char *argv[MAX_ARGS + 1], out[LINE + 16], *name = strtok(line, "\t\n");
	if (!name)
		return;
	if (strcmp(name, "@file") == 0) {
		char *path = strtok(NULL, "\t\n");
		if (path)
			dump(path);
		return;
	}
	int argc = 0;
	for (char *w = strtok(NULL, " \t\n"); w && argc < MAX_ARGS; w = strtok(NULL, " \t\n"))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (!argc)
		return;
	snprintf(out, sizeof out, "/tmp/%s.out", name);
	printf("@@BEGIN %s\n", name);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0) {
			fprintf(stderr, "@@EXEC %s: %s: %s\n", argv[0], out, strerror(errno));
			_exit(127);
		}
		close(fd);
		execv(argv[0], argv);
		fprintf(stderr, "@@EXEC %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status = 0;
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	printf("\n@@END %s %d\n", name,
		pid < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	dump(out);
	unlink(out);
}

int main(void)
{
	char line[LINE];
	struct utsname u;
	setenv("LD_LIBRARY_PATH", "/lib", 1);
	setenv("PATH", "/bin", 1);
	mounts();
	uname(&u);
	printf("\n@@GUEST %s %s %s page_size=%ld\n", u.sysname, u.release, u.machine, sysconf(_SC_PAGESIZE));
	fflush(stdout);
	FILE *plan = fopen("/plan", "r");
	if (!plan)
		printf("@@WARN no /plan: %s\n", strerror(errno));
	while (plan && fgets(line, sizeof line, plan))
		if (line[0] != '#')
			run(line);
	printf("@@DONE\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
