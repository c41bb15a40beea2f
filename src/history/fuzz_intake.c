/* fuzz_intake.c: pagebound-intake's tar reader (libarchive and pagebound's policy) under libFuzzer (meson
 * -Dfuzz=true with clang: fuzz-intake, its corpus tests/intake-corpus). Each input is a stream taken into a fresh
 * directory, which is then removed; intake.c is included whole, its main renamed, so that the fuzzer runs the very
 * functions pagebound-intake runs. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define main pb_intake_main
#include "intake.c"
#undef main

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char base[] = "/tmp/fuzz-intake.XXXXXX";
	static bool made;
	if (!made && !(made = mkdtemp(base) != NULL))
		abort();
	char out[64];
	snprintf(out, sizeof out, "%s/in", base);
	const int fd = memfd_create("stream", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	sink s = {.dfd = -1, .from = "fuzz", .max = (size_t)1 << 20};
	if (mkdir(out, 0755) == 0 && (s.dfd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		take_tar(&s, fd);
		unmake(s.dfd, out);
		close(s.dfd);
	}
	rmdir(out);
	close(fd);
	return 0;
}
