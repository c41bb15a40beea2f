/* family.c: the family rule, shared by the gate and the history. */
#include "family.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

char *pb_family(const char *name)
{
	const char *slash = strrchr(name, '/');
	uint64_t bytes = 0;
	char *key = strdup(name);
	if (key && slash && strncmp(slash, "/bytes:", 7) == 0 && pb_parse_u64(slash + 7, &bytes) == 0 &&
		bytes >= ((uint64_t)1 << 20))
		key[slash - name] = '\0';
	return key;
}

pb_gates_kind pb_family_gates(const char *name)
{
	if (strncmp(name, "instructions/", 13) == 0)
		return PB_GATES_EXACT;
	return strncmp(name, "barrier/", 8) == 0 ? PB_GATES_SHOWN : PB_GATES_TIME;
}

const char *pb_gates_word(pb_gates_kind k)
{
	return k == PB_GATES_EXACT ? "exact" : k == PB_GATES_SHOWN ? "no" : "yes";
}
