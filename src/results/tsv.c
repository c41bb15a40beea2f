/* tsv.c: TSV tables in memory (tsv.h). */
#include "tsv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include "gbjson.h" /* pb_slurp */

int pb_tsv_load(pb_tsv *t, const char *path)
{
	char *buf, err[256];
	size_t len;
	memset(t, 0, sizeof *t);
	if (pb_slurp(path, (size_t)16 << 20, &buf, &len, err, sizeof err))
		return -1;
	if (pb_tsv_parse(t, buf)) {
		pb_tsv_free(t);
		return -1;
	}
	return 0;
}

int pb_tsv_parse(pb_tsv *t, char *buf)
{
	memset(t, 0, sizeof *t);
	t->buf = buf;
	size_t cap = 0;
	for (char *line = buf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		size_t nc = 1;
		for (const char *c = line; *c; c++)
			nc += *c == '\t';
		char **cols = malloc((nc + 1) * sizeof *cols);
		if (!cols)
			return -1;
		size_t k = 0;
		for (char *c = line;; c++) {
			cols[k++] = c;
			char *tab = strchr(c, '\t');
			if (!tab)
				break;
			*tab = 0;
			c = tab;
		}
		cols[k] = NULL;
		if (t->n == cap) {
			cap = cap ? 2 * cap : 64;
			char ***r = realloc(t->row, cap * sizeof *r);
			if (!r) {
				free(cols);
				return -1;
			}
			t->row = r;
		}
		t->row[t->n++] = cols;
		if (t->n == 1)
			t->ncol = k;
	}
	return 0;
}

int pb_tsv_col(const pb_tsv *t, const char *name)
{
	for (size_t j = 0; t->n && t->row[0][j]; j++)
		if (strcmp(t->row[0][j], name) == 0)
			return (int)j;
	return -1;
}

const char *pb_tsv_get(const pb_tsv *t, size_t r, const char *name)
{
	const int c = pb_tsv_col(t, name);
	if (c < 0 || r >= t->n)
		return "";
	for (int j = 0; j <= c; j++)
		if (!t->row[r][j])
			return "";
	return t->row[r][c];
}

void pb_tsv_free(pb_tsv *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->row[i]);
	free(t->row);
	free(t->buf);
	memset(t, 0, sizeof *t);
}

int pb_out_open(pb_out *o, const char *path, char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	snprintf(o->path, sizeof o->path, "%s", path);
	snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path, slash ? slash + 1 : path);
	const int fd = mkstemp(o->tmp);
	o->f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!o->f) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd), unlink(o->tmp);
		return -1;
	}
	return 0;
}

int pb_out_commit(pb_out *o, char *err, size_t errlen)
{
	const bool bad = ferror(o->f) != 0;
	fchmod(fileno(o->f), 0644); /* mkstemp makes it 600: tables and pages are for reading */
	if (fclose(o->f) != 0 || bad || rename(o->tmp, o->path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", o->path, strerror(errno));
		unlink(o->tmp);
		return -1;
	}
	return 0;
}

void pb_out_abort(pb_out *o)
{
	if (o->f)
		fclose(o->f);
	unlink(o->tmp);
}
