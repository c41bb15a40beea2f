/* fuzz_gbjson.c: the JSON reader under libFuzzer (meson -Dfuzz=true with clang), or replaying a corpus. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gbjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pb_input run = {0};
	char err[512];
	if (pb_input_add_buffer(&run, (const char *)data, size, "fuzz", PB_METRIC_CPU, err, sizeof err) == 0)
		for (size_t i = 0; i < run.n; i++)
			for (int k = 0; k < PB_MAX_EXACT; k++)
				(void)pb_series_exact(&run.b[i], k);
	pb_input_free(&run);
	return 0;
}

#ifdef PB_FUZZ_REPLAY
#include <dirent.h>

static int replay_file(const char *path)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return -1;
	}
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	return 0;
}

/* The regression test: every file of the kept corpus (a directory) through the reader; no crash, and no
 * ASan or UBSan report in the sanitizer build. */
int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			if (replay_file(argv[i]))
				return 2;
			n++;
			continue;
		}
		for (struct dirent *e; (e = readdir(d)) != NULL;) {
			if (e->d_name[0] == '.')
				continue;
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
			if (replay_file(path)) {
				closedir(d);
				return 2;
			}
			n++;
		}
		closedir(d);
	}
	printf("replayed %d corpus inputs\n%d passed, 0 failed\n", n, n);
	return n > 0 ? 0 : 1;
}
#endif
