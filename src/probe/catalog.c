/* catalog.c: the region sizes the sweeps scan, and pagebound-scan's --list rows built from every table. */
#include <stdio.h>

#include "prim.h"
#include "probe.h"

const pb_region_size pb_region_sizes[] = {
	{.name = "4K", .bytes = 4 * PB_KiB, .sweeps = PB_SWEEP_WIDE},
	{.name = "16K", .bytes = 16 * PB_KiB, .sweeps = PB_SWEEP_WIDE},
	{.name = "64K", .bytes = 64 * PB_KiB, .sweeps = PB_SWEEP_WIDE},
	{.name = "256K", .bytes = 256 * PB_KiB, .sweeps = PB_SWEEP_WIDE},
	{.name = "1M", .bytes = PB_MiB, .sweeps = PB_SWEEP_ALL},
	{.name = "4M", .bytes = 4 * PB_MiB, .sweeps = PB_SWEEP_ALL},
	{.name = "16M", .bytes = 16 * PB_MiB, .sweeps = PB_SWEEP_ALL},
	{.name = "64M", .bytes = 64 * PB_MiB, .sweeps = PB_SWEEP_ALL},
	{.name = "256M", .bytes = 256 * PB_MiB, .sweeps = PB_SWEEP_ALL},
	{.name = "1G", .bytes = PB_GiB, .sweeps = PB_SWEEP_ALL},
};
const size_t pb_n_region_sizes = sizeof pb_region_sizes / sizeof pb_region_sizes[0];

static pb_item config_item(const pb_named_cfg *nc)
{
	pb_pagecfg c;
	char err[256];
	pb_item it = pb_item_make("config", nc->name, nc->role, nc->sweeps, nc->summary);
	snprintf(it.p_bytes, sizeof it.p_bytes, "%zu", nc->P);
	snprintf(it.t_bytes, sizeof it.t_bytes, "%zu", nc->T);
	if (pb_pagecfg_named(&c, nc->name, PB_MIN_PHYS_PAGE_SIZE, err, sizeof err) == 0) {
		pb_pagecfg_label(&c, it.label, sizeof it.label);
		it.t_mode = c.t_emulated ? "emulated" : "native";
	} else {
		pb_pagecfg bare = {nc->name, PB_MIN_PHYS_PAGE_SIZE, nc->P, nc->T, false};
		pb_pagecfg_label(&bare, it.label, sizeof it.label);
		it.t_mode = "n/a";
		snprintf(it.summary, sizeof it.summary, "%.100s [n/a here: %.120s]", nc->summary, err);
	}
	return it;
}

size_t pb_scan_items(pb_item *items, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < pb_n_probes && n < cap; i++) {
		items[n] = pb_item_make("probe", pb_probes[i].name, pb_probes[i].role, pb_probes[i].sweeps,
			pb_probes[i].summary);
		items[n++].scans = pb_probes[i].scans ? "yes" : "no";
	}
	for (size_t i = 0; i < pb_n_named_cfgs && n < cap; i++)
		items[n++] = config_item(&pb_named_cfgs[i]);
	for (size_t i = 0; i < pb_n_layouts && n < cap; i++)
		items[n++] = pb_item_make("layout", pb_layouts[i].name, pb_layouts[i].role, pb_layouts[i].sweeps,
			pb_layouts[i].summary);
	for (size_t i = 0; i < pb_n_region_sizes && n < cap; i++) {
		items[n] = pb_item_make("size", pb_region_sizes[i].name, "-", pb_region_sizes[i].sweeps,
			"region size (bytes:N in names)");
		snprintf(items[n++].label, sizeof items[0].label, "%zu", pb_region_sizes[i].bytes);
	}
	for (size_t i = 0; i < PB_N_PRIMS && n < cap; i++)
		items[n++] = pb_item_make("prim", pb_prims[i].name, "-", PB_SWEEP_ALL, pb_prims[i].summary);
	return n;
}
