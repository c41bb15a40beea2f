/* configs.h: scripts/configs' tables: each page-size configuration's time per scan (whole process: hyperfine; in
 * process: pagebound-scan, round by round) and its ratio to the baseline with a 95% interval; the write barrier in
 * each build. */
#ifndef PB_CONFIGS_H
#define PB_CONFIGS_H

#include <stddef.h>

/* Reads dir (hyperfine-CFG.json; scan-CFG.json and/or its rounds scan-CFG.json.1, .2, ...; barrier-CFG.json and/or
 * barrier-CFG.json.N; instructions-CFG.tsv; baseline) and writes dir/configs.tsv and, when it has barrier files,
 * dir/configs-barrier.tsv.
 * In-process ratios: where the scans ran in rounds (the configurations taking turns in a random order each round),
 * the ratio comes from the per-round log-ratios of the round medians (pb_ratio_ci: Hodges-Lehmann with its exact
 * 95% interval from 6 rounds, Student's t from 2); a single block gives the ratio of medians and no interval. Whole-process ratios:
 * hyperfine runs each configuration in one block of processes: the ratio of means, and a distribution-free 95%
 * interval (Moses) of the shift in log time between the two blocks' processes.
 * 0, or -1 with one line in err. */
int pb_configs_write(const char *dir, char *err, size_t errlen);

#endif
