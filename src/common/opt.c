/* opt.c: the table-driven option parser and the usage text printed from the same table. */
#include "opt.h"

#include <string.h>

#include "util.h"

/* What a value may be, for the usage and for the message about a bad one. */
static void valid_text(const pb_opt *o, char *buf, size_t len)
{
	char lo[32], hi[32], al[32], names[1024];
	pb_size_label((size_t)o->min, lo, sizeof lo);
	pb_size_label((size_t)o->max, hi, sizeof hi);
	pb_size_label(o->align, al, sizeof al);
	switch (o->kind) {
	case PB_OPT_SIZE:
	case PB_OPT_SIZES:
		snprintf(buf, len, "%s%s%s from %s to %s%s", o->kind == PB_OPT_SIZES ? "a comma list of sizes, each " : "",
			o->pow2 ? "a power of two" : o->align > 1 ? "a multiple of " : "a size",
			o->pow2 || o->align <= 1 ? "" : al, lo, hi, ", K, M, G suffixes allowed");
		break;
	case PB_OPT_UINT: snprintf(buf, len, "a whole number from %.0f to %.0f", o->min, o->max); break;
	case PB_OPT_DOUBLE: snprintf(buf, len, "a number from %g to %g", o->min, o->max); break;
	case PB_OPT_BOOL: snprintf(buf, len, "true or false; yes/no, on/off, 1/0, t/f, y/n alike"); break;
	case PB_OPT_CHOICE:
	case PB_OPT_LIST:
		pb_names_join(&o->names, names, sizeof names);
		snprintf(buf, len, "%s%s%s", o->kind == PB_OPT_LIST ? "a comma list of " : "one of ", names,
			o->kind == PB_OPT_LIST ? "; or all" : "");
		break;
	default: buf[0] = '\0'; break;
	}
}

static int bad_value(const char *prog, const pb_opt *o, const char *val, const char *why)
{
	char valid[1200];
	valid_text(o, valid, sizeof valid);
	if (why)
		fprintf(stderr, "%s: bad value '%s' for %s: %s\n", prog, val, o->name, why);
	else
		fprintf(stderr, "%s: bad value '%s' for %s (valid: %s)\n", prog, val, o->name, valid);
	return PB_OPT_ERROR;
}

static int size_ok(const pb_opt *o, const char *word, size_t *v)
{
	return pb_parse_size(word, v) == 0 && (double)*v >= o->min && (double)*v <= o->max &&
	       (!o->pow2 || pb_is_pow2(*v)) && (o->align <= 1 || *v % o->align == 0);
}

static int bool_word(const char *v, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1", "t", "y"}, *const no[] = {"false", "no", "off", "0", "f", "n"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(v, yes[i]) == 0)
			return *out = true, 0;
		if (strcmp(v, no[i]) == 0)
			return *out = false, 0;
	}
	return -1;
}

/* A comma list: each word checked by the option's kind; none empty, none twice. */
static int apply_list(const char *prog, const pb_opt *o, const char *val)
{
	pb_sel sel = {true, 0};
	pb_sizes sizes = {0};
	char word[256];
	if (o->kind == PB_OPT_LIST && strcmp(val, "all") == 0) { /* every entry of the table */
		for (size_t k = 0; k < o->names.n && k < 64; k++)
			sel.mask |= (uint64_t)1 << k;
		if (o->dest)
			*(pb_sel *)o->dest = sel;
		return PB_OPT_OK;
	}
	for (const char *p = val;; p++) {
		const size_t w = strcspn(p, ",");
		if (w == 0 || w >= sizeof word)
			return bad_value(prog, o, val, w ? "a word is too long" : "an empty word in the list");
		snprintf(word, sizeof word, "%.*s", (int)w, p);
		if (o->kind == PB_OPT_LIST) {
			long k = pb_names_find(&o->names, word);
			if (k < 0 || k >= 64)
				return bad_value(prog, o, word, NULL);
			if (pb_sel_has(&sel, (size_t)k))
				return bad_value(prog, o, val, "a name appears twice");
			sel.mask |= (uint64_t)1 << k;
		} else {
			size_t v;
			if (!size_ok(o, word, &v))
				return bad_value(prog, o, word, NULL);
			for (size_t i = 0; i < sizes.n; i++)
				if (sizes.v[i] == v)
					return bad_value(prog, o, val, "a size appears twice");
			if (sizes.n == PB_SIZES_MAX)
				return bad_value(prog, o, val, "too many sizes (at most 32)");
			sizes.v[sizes.n++] = v;
		}
		p += w;
		if (!*p)
			break;
	}
	if (o->dest && o->kind == PB_OPT_LIST)
		*(pb_sel *)o->dest = sel;
	else if (o->dest)
		*(pb_sizes *)o->dest = sizes;
	return PB_OPT_OK;
}

static int apply(const char *prog, const pb_opt *o, const char *val)
{
	size_t sz;
	uint64_t u;
	double d;
	bool b;
	char err[512];
	if (o->kind == PB_OPT_FLAG)
		return PB_OPT_OK;
	if (!*val && o->kind != PB_OPT_STRING)
		return bad_value(prog, o, val, o->kind == PB_OPT_LIST || o->kind == PB_OPT_SIZES ? "the list is empty" : "empty");
	switch (o->kind) {
	case PB_OPT_FLAG: return PB_OPT_OK; /* never reached: handled first */
	case PB_OPT_BOOL:
		if (bool_word(val, &b))
			return bad_value(prog, o, val, NULL);
		if (o->dest)
			*(bool *)o->dest = b;
		return PB_OPT_OK;
	case PB_OPT_STRING:
		if (o->dest)
			*(const char **)o->dest = val;
		return PB_OPT_OK;
	case PB_OPT_SIZE:
		if (!size_ok(o, val, &sz))
			return bad_value(prog, o, val, NULL);
		if (o->dest)
			*(size_t *)o->dest = sz;
		return PB_OPT_OK;
	case PB_OPT_UINT:
		if (pb_parse_u64(val, &u) || (double)u < o->min || (double)u > o->max)
			return bad_value(prog, o, val, NULL);
		if (o->dest)
			*(uint64_t *)o->dest = u;
		return PB_OPT_OK;
	case PB_OPT_DOUBLE:
		if (pb_parse_double(val, &d) || d < o->min || d > o->max)
			return bad_value(prog, o, val, NULL);
		if (o->dest)
			*(double *)o->dest = d;
		return PB_OPT_OK;
	case PB_OPT_CHOICE: {
		long k = pb_names_find(&o->names, val);
		if (k < 0)
			return bad_value(prog, o, val, NULL);
		if (o->dest)
			*(size_t *)o->dest = (size_t)k;
		return PB_OPT_OK;
	}
	case PB_OPT_LIST:
	case PB_OPT_SIZES: return apply_list(prog, o, val);
	case PB_OPT_CALL:
		if (o->call(val, o->dest, err, sizeof err))
			return bad_value(prog, o, val, err);
		return PB_OPT_OK;
	}
	return PB_OPT_ERROR;
}

/* Room for the --name=value words handed on to the next parser; static so nothing leaks. */
static char g_kept[16384];
static size_t g_kept_used;

static char *kept(const char *name, const char *val)
{
	const size_t need = strlen(name) + 1 + strlen(val) + 1;
	if (g_kept_used + need > sizeof g_kept)
		return NULL;
	char *s = g_kept + g_kept_used;
	snprintf(s, need, "%s=%s", name, val);
	g_kept_used += need;
	return s;
}

static const pb_opt *lookup(const pb_optspec *spec, const char *a, size_t klen)
{
	for (size_t k = 0; k < spec->n; k++)
		if (strlen(spec->opts[k].name) == klen && strncmp(spec->opts[k].name, a, klen) == 0)
			return &spec->opts[k];
	return NULL;
}

/* May the word after a bare option with an optional value be taken as its value? */
static bool takes_next(const pb_opt *o, const char *next)
{
	bool b;
	if (!next || strncmp(next, "--", 2) == 0)
		return false;
	if (!o->implicit)
		return true;
	if (o->kind == PB_OPT_BOOL)
		return bool_word(next, &b) == 0;
	return o->kind == PB_OPT_CHOICE && pb_names_find(&o->names, next) >= 0;
}

/* One option at argv[*i]: its value, checked and stored; kept words go to argv[(*out)++]. */
static int one_option(const pb_opt *o, const char *eq, int argc, char **argv, int *i, int *out)
{
	const char *prog = argv[0], *val = eq ? eq + 1 : NULL;
	if (o->kind == PB_OPT_FLAG && val) {
		fprintf(stderr, "%s: %s takes no value (got '%s')\n", prog, o->name, val);
		return PB_OPT_ERROR;
	}
	if (!val && o->kind != PB_OPT_FLAG) {
		const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
		if (takes_next(o, next))
			val = argv[++*i];
		else if (o->implicit)
			val = o->implicit;
		else {
			fprintf(stderr, "%s: %s needs a value (see --help)\n", prog, o->name);
			return PB_OPT_ERROR;
		}
	}
	int rc = apply(prog, o, val ? val : "");
	if (rc == PB_OPT_OK && o->kind == PB_OPT_FLAG && o->dest)
		*(bool *)o->dest = true;
	if (rc == PB_OPT_OK && o->keep) {
		char *w = val ? kept(o->name, val) : (char *)o->name;
		if (!w) {
			fprintf(stderr, "%s: the options are too long\n", prog);
			return PB_OPT_ERROR;
		}
		argv[(*out)++] = w;
	}
	return rc;
}

int pb_opt_parse(const pb_optspec *spec, int *argc, char **argv)
{
	const char *prog = argv[0];
	int out = 1, words = 0;
	uint64_t seen = 0;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			pb_opt_usage(stdout, prog, spec);
			return PB_OPT_EXIT;
		}
		const char *eq = strchr(a, '=');
		const pb_opt *o = strncmp(a, "--", 2) == 0 ? lookup(spec, a, eq ? (size_t)(eq - a) : strlen(a)) : NULL;
		if (!o) {
			const bool word = strncmp(a, "-", 1) != 0;
			if (!spec->pass_unknown && (!word || words++ >= spec->positional)) {
				fprintf(stderr, word ? "%s: unexpected argument '%s' (see --help)\n"
						     : "%s: unknown option '%s' (see --help)\n", prog, a);
				return PB_OPT_ERROR;
			}
			argv[out++] = argv[i];
			continue;
		}
		const size_t k = (size_t)(o - spec->opts);
		if (k < 64 && (seen >> k & 1)) {
			fprintf(stderr, "%s: %s is given twice\n", prog, o->name);
			return PB_OPT_ERROR;
		}
		seen |= k < 64 ? (uint64_t)1 << k : 0;
		int rc = one_option(o, eq, *argc, argv, &i, &out);
		if (rc != PB_OPT_OK)
			return rc;
	}
	*argc = out;
	argv[out] = NULL;
	return PB_OPT_OK;
}

void pb_opt_usage(FILE *f, const char *prog, const pb_optspec *spec)
{
	fprintf(f, "usage: %s %s\n", prog, spec->synopsis);
	if (spec->about)
		fprintf(f, "%s\n", spec->about);
	if (spec->more)
		spec->more(f);
	fprintf(f, "Options (--name=VALUE and --name VALUE are the same):\n");
	for (size_t k = 0; k < spec->n; k++) {
		const pb_opt *o = &spec->opts[k];
		char head[96], valid[1200];
		snprintf(head, sizeof head, "%s%s%s%s%s", o->name, o->kind == PB_OPT_FLAG ? "" : o->implicit ? "[=" : "=",
			o->kind == PB_OPT_FLAG ? "" : o->meta ? o->meta : "VALUE", o->implicit ? "]" : "", "");
		valid_text(o, valid, sizeof valid);
		fprintf(f, "  %-26s %s", head, o->help);
		if (valid[0] || o->deflt)
			fprintf(f, " (%s%s%s%s)", valid[0] ? "valid: " : "", valid, valid[0] && o->deflt ? "; " : "",
				o->deflt ? o->deflt : "");
		fputc('\n', f);
	}
}
