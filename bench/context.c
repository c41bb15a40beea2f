/* context.c: gathers the machine and build facts for gb_add_context, read once before the run. */
#include "context.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "gbench.h"
#include "version.h"

#if defined(__clang__)
#define PB_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define PB_COMPILER "gcc " __VERSION__
#else
#define PB_COMPILER "unknown"
#endif

const char *pb_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, (int)len, f)) {
		snprintf(buf, len, "unknown");
	} else {
		buf[strcspn(buf, "\n")] = '\0';
	}
	if (f)
		fclose(f);
	return buf;
}

static void cpu_model(char *buf, size_t len)
{
	snprintf(buf, len, "unknown");
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "model name", 10) == 0 || strncmp(line, "cpu model", 9) == 0) {
			char *c = strchr(line, ':');
			if (c) {
				c += 1 + (c[1] == ' ');
				c[strcspn(c, "\n")] = '\0';
				snprintf(buf, len, "%s", c);
			}
			break;
		}
	}
	fclose(f);
}

static void affinity(char *buf, size_t len)
{
	cpu_set_t set;
	buf[0] = '\0';
	if (sched_getaffinity(0, sizeof set, &set) != 0) {
		snprintf(buf, len, "unknown");
		return;
	}
	size_t used = 0;
	for (int c = 0; c < CPU_SETSIZE && used + 8 < len; c++)
		if (CPU_ISSET(c, &set))
			used += (size_t)snprintf(buf + used, len - used, "%s%d", used ? "," : "", c);
}

void pb_add_standard_context(void)
{
	char buf[512];
	struct utsname u;
	snprintf(buf, sizeof buf, "%ld", sysconf(_SC_PAGESIZE));
	gb_add_context("page_size", buf);
	if (uname(&u) == 0) {
		gb_add_context("kernel_release", u.release);
		gb_add_context("machine", u.machine);
	}
	cpu_model(buf, sizeof buf);
	gb_add_context("cpu_model", buf);
	gb_add_context("transparent_hugepage", pb_read_line("/sys/kernel/mm/transparent_hugepage/enabled", buf, sizeof buf));
	gb_add_context("vm.mmap_min_addr", pb_read_line("/proc/sys/vm/mmap_min_addr", buf, sizeof buf));
	affinity(buf, sizeof buf);
	gb_add_context("cpu_affinity", buf);
	gb_add_context("pagebound_commit", PB_GIT_COMMIT);
	gb_add_context("pagebound_version", PB_VERSION);
	gb_add_context("build_type", PB_BUILD_TYPE);
	gb_add_context("compiler", PB_COMPILER); /* a compiler change is an event on a machine's history */
	snprintf(buf, sizeof buf, "%u", (unsigned)PB_PHYS_PAGE_SIZE);
	gb_add_context("compiled_P", buf);
	snprintf(buf, sizeof buf, "%u", (unsigned)PB_MIN_PHYS_PAGE_SIZE);
	gb_add_context("compiled_M", buf);
}
