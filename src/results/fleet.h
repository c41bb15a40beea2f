/* fleet.h: a scripts/fleet run's tables and its charts' data, from the hosts' own tables (pagebound-results tables
 * made them when each run came home) and this machine's emulation of their page sizes. */
#ifndef PB_FLEET_H
#define PB_FLEET_H

#include <stddef.h>

/* Reads out/hosts.tsv, each analysed host's scan.tsv and prim.tsv, the list of variants (its probes of roles
 * before, seed, after, modern and its free layout) and, when here is given, here/scan.tsv (the hosts' real
 * configurations emulated on this machine); writes out/fleet-scan.tsv, fleet-prim.tsv, the two chart rows' blocks
 * (fleet-time.blocks, fleet-calls.blocks: one block per line, its title first; beside each a .style file with a
 * colour and a dash type per block: the machine's colour, solid measured, dashed emulated here, dotted the model)
 * and fleet-prim.matrix (a row per primitive, a column per machine). Prints the probes, comma-separated. 0, or -1
 * with one line in err. */
int pb_fleet_write(const char *out, const char *list, const char *here, char *err, size_t errlen);

#endif
