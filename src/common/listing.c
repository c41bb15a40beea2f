/* listing.c: prints the variant tables for --list and --list=tsv from one row type. */
#include "listing.h"

#include <string.h>

#include "util.h"

const char pb_items_header[] = "kind\tname\tlabel\trole\tsweeps\tt_mode\tp_bytes\tt_bytes\tscans\tsymbol\tbound\tsummary";

pb_item pb_item_make(const char *kind, const char *name, const char *role, unsigned sweeps, const char *summary)
{
	pb_item it = {kind, name, "", role ? role : "-", sweeps, "-", "-", "-", "-", "-", "-", ""};
	snprintf(it.label, sizeof it.label, "%s", name);
	snprintf(it.summary, sizeof it.summary, "%s", summary);
	return it;
}

void pb_items_print(FILE *f, const pb_item *items, size_t n, bool tsv)
{
	char sw[64];
	if (tsv)
		fprintf(f, "%s\n", pb_items_header);
	for (size_t i = 0; i < n; i++) {
		const pb_item *it = &items[i];
		pb_sweeps_label(it->sweeps, sw, sizeof sw);
		if (tsv) {
			fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it->kind, it->name, it->label, it->role,
				sw, it->t_mode, it->p_bytes, it->t_bytes, it->scans, it->symbol, it->bound, it->summary);
			continue;
		}
		if (i == 0 || strcmp(items[i - 1].kind, it->kind) != 0)
			fprintf(f, "%s%ss:\n", i ? "\n" : "", it->kind);
		fprintf(f, "  %-16s %-10s %-9s %-8s %-19s %s\n", it->name, strcmp(it->label, it->name) ? it->label : "",
			strcmp(it->t_mode, "-") ? it->t_mode : "", strcmp(it->role, "-") ? it->role : "", sw, it->summary);
	}
}
