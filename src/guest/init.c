/* init.c: /init of the real-kernel guests (scripts/kernels): mounts what the programs read, runs each line of
 * /plan with its output on the console between markers the host parses, copies the files the plan names onto
 * the console, and powers the machine off. Static; no shell, no root image. For scripts/guests, directives make the
 * guest a host to log in to: modules loaded (@insmod), the network up (@ifup), an ssh server started (@daemon), and
 * the guest kept up (@serve). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <net/route.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
	mkdir("/dev/pts", 0755);
	mount("devpts", "/dev/pts", "devpts", 0, NULL); /* optional: an ssh session asking for a terminal needs it */
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

/* "@insmod PATH": a kernel module (compressed ones too, where the kernel decompresses: Debian's 6.12 ships .ko.xz) */
static void insmod(const char *path)
{
	const int fd = open(path, O_RDONLY | O_CLOEXEC);
	const size_t l = strlen(path);
	const int flags = l > 3 && strcmp(path + l - 3, ".xz") == 0 ? 4 /* MODULE_INIT_COMPRESSED_FILE */ : 0;
	if (fd < 0 || syscall(SYS_finit_module, fd, "", flags) != 0)
		printf("@@WARN insmod %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static int ifreq_set(int s, const char *ifname, unsigned long req, const char *addr)
{
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	if (addr) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
		sin->sin_family = AF_INET;
		if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1)
			return -1;
		return ioctl(s, req, &ifr);
	}
	if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	return ioctl(s, SIOCSIFFLAGS, &ifr);
}

/* "@ifup IFACE ADDRESS NETMASK [GATEWAY]": the interface up with its address, and a default route (qemu's user
 * network: 10.0.2.15, 255.255.255.0, 10.0.2.2); "lo" takes no address */
static void ifup(char *iface, char *addr, char *mask, char *gw)
{
	const int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = s < 0 || ifreq_set(s, iface, 0, NULL);
	if (!rc && addr)
		rc = ifreq_set(s, iface, SIOCSIFADDR, addr) || ifreq_set(s, iface, SIOCSIFNETMASK, mask ? mask : "255.255.255.0");
	if (!rc && gw) {
		struct rtentry rt = {0};
		struct sockaddr_in *g = (struct sockaddr_in *)&rt.rt_gateway, *d = (struct sockaddr_in *)&rt.rt_dst,
				   *m = (struct sockaddr_in *)&rt.rt_genmask;
		g->sin_family = d->sin_family = m->sin_family = AF_INET;
		rc = inet_pton(AF_INET, gw, &g->sin_addr) != 1;
		rt.rt_flags = RTF_UP | RTF_GATEWAY;
		rc = rc || ioctl(s, SIOCADDRT, &rt);
	}
	printf(rc ? "@@WARN ifup %s: %s\n" : "@@NET %s up\n", iface, strerror(errno));
	if (s >= 0)
		close(s);
}

/* "@daemon PROGRAM ARG...": started and left running (an ssh server); its output on the console */
static void daemon_start(char **argv)
{
	const pid_t pid = fork();
	if (pid == 0) {
		setsid();
		execv(argv[0], argv);
		printf("@@EXEC %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	printf("@@DAEMON %s %d\n", argv[0], (int)pid);
}

/* the directives that make a guest a host to log in to (scripts/guests); 1 when the line was one */
static int directive(char *line)
{
	char *argv[MAX_ARGS + 1], *w = strtok(line, " \t\n");
	int argc = 0;
	if (!w || (strcmp(w, "@insmod") && strcmp(w, "@ifup") && strcmp(w, "@daemon") && strcmp(w, "@serve")))
		return 0;
	const char *d = w;
	for (w = strtok(NULL, " \t\n"); w && argc < MAX_ARGS; w = strtok(NULL, " \t\n"))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (strcmp(d, "@insmod") == 0 && argc == 1)
		insmod(argv[0]);
	else if (strcmp(d, "@ifup") == 0 && argc >= 1)
		ifup(argv[0], argc > 1 ? argv[1] : NULL, argc > 2 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL);
	else if (strcmp(d, "@daemon") == 0 && argc >= 1)
		daemon_start(argv);
	else if (strcmp(d, "@serve") == 0) { /* up until qemu is stopped: children reaped, never powered off */
		printf("@@SERVING\n");
		fflush(stdout);
		for (;;)
			if (wait(NULL) < 0 && errno == ECHILD)
				pause();
	}
	fflush(stdout);
	return 1;
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
	while (plan && fgets(line, sizeof line, plan)) {
		char copy[LINE];
		snprintf(copy, sizeof copy, "%s", line);
		if (line[0] != '#' && !directive(copy))
			run(line);
	}
	printf("@@DONE\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
