/* intake.c: pagebound-intake, the boundary every byte from another machine crosses before pagebound reads it: a fleet
 * host's run as the tar stream it sends back (tar), a run given to scripts/history --import (dir), and a host's run
 * checked against the fleet file, which then names its machine (check). What comes in is data: regular files with a
 * run's names only (no path, link, device, FIFO or sparse member), at most --max-bytes in all, a gzip counted at
 * what it unpacks to; one line names who sent what and why it was refused. */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "gbjson.h"
#include "cmd.h"
#include "opt.h"
#include "runread.h"
#include "util.h"

enum { IN_OK = 0, IN_REFUSED = 2, IN_CUT = 3 };
#define MAX_FILES 1000
#define OVERHEAD ((uint64_t)16 << 20) /* what a stream may hold beside its files' bytes: headers, padding */

typedef struct sink { /* the run being received into its directory */
	int dfd;
	const char *from;            /* who sent it, named in every refusal */
	uint64_t max, raw, logical;  /* the limit; bytes on disk; bytes with each gzip counted unpacked */
	size_t files;
	bool home_ok;                /* home.tsv may come in: an import of a fleet's run made here */
	bool home_left;              /* a home.tsv was there and left out */
	char why[600];
} sink;

typedef struct member { /* one file being written */
	int fd;
	char name[256];
	bool gz, zend;
	z_stream z;
} member;

static int refuse(sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(sink *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = snprintf(s->why, sizeof s->why, "%s: ", s->from);
	vsnprintf(s->why + n, sizeof s->why - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* a name shown in a refusal: printable ASCII kept, every other byte as \xHH, at most 80 bytes of it */
static const char *shown(const char *name, size_t len)
{
	static char buf[400];
	size_t n = 0;
	for (size_t i = 0; i < len && i < 80 && n + 5 < sizeof buf; i++) {
		const unsigned char c = (unsigned char)name[i];
		n += (size_t)snprintf(buf + n, sizeof buf - n, c >= 0x20 && c < 0x7f && c != '\\' ? "%c" : "\\x%02x", c);
	}
	buf[n] = '\0';
	return buf;
}

/* a file name a run holds: 1 to 200 of A-Za-z0-9._+-, not starting with a dot (what valid_name says in common.sh) */
static bool run_name(const char *n)
{
	const size_t l = strlen(n);
	if (l == 0 || l > 200 || n[0] == '.')
		return false;
	return strspn(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-") == l;
}

static bool ends_with(const char *s, const char *t)
{
	const size_t a = strlen(s), b = strlen(t);
	return a >= b && strcmp(s + a - b, t) == 0;
}

static int member_open(sink *s, member *m, const char *name, uint64_t size)
{
	memset(m, 0, sizeof *m);
	m->fd = -1;
	if (!run_name(name))
		return refuse(s, "a file named '%s': not a run's file name (1 to 200 of A-Za-z0-9._+-, not starting with a dot)",
			shown(name, strlen(name)));
	if (strcmp(name, "home.tsv") == 0 && !s->home_ok)
		return refuse(s, "a file named home.tsv: that name is written at home, never taken from a host");
	if (++s->files > MAX_FILES)
		return refuse(s, "more than %d files: not a run", MAX_FILES);
	if (size > s->max - s->raw)
		return refuse(s, "%s of %llu bytes would take the run past its limit of %llu bytes (--max-bytes)", name,
			(unsigned long long)size, (unsigned long long)s->max);
	snprintf(m->name, sizeof m->name, "%s", name);
	m->fd = openat(s->dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (m->fd < 0)
		return refuse(s, errno == EEXIST ? "%s twice" : "cannot write %s: %s", name, strerror(errno));
	if ((m->gz = ends_with(name, ".gz")) && inflateInit2(&m->z, 15 + 16) != Z_OK)
		return refuse(s, "out of memory");
	return 0;
}

/* a gzip member's bytes through inflate, only to count what they unpack to (several gzip members in a row are one
 * file, as gzip -d reads them) */
static int member_inflate(sink *s, member *m, const unsigned char *buf, size_t n)
{
	unsigned char out[1 << 16];
	m->z.next_in = (unsigned char *)buf;
	m->z.avail_in = (uInt)n;
	while (m->z.avail_in > 0) {
		if (m->zend && inflateReset(&m->z) != Z_OK)
			return refuse(s, "out of memory");
		m->zend = false;
		m->z.next_out = out;
		m->z.avail_out = sizeof out;
		const int zr = inflate(&m->z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END && !(zr == Z_BUF_ERROR && m->z.avail_in == 0))
			return refuse(s, "%s is not gzip data (%s)", m->name, m->z.msg ? m->z.msg : "inflate failed");
		m->zend = zr == Z_STREAM_END;
		s->logical += sizeof out - m->z.avail_out;
		if (s->logical > s->max)
			return refuse(s, "%s unpacks past the run's limit of %llu bytes (--max-bytes): a gzip bomb?", m->name,
				(unsigned long long)s->max);
	}
	return 0;
}

static int member_write(sink *s, member *m, const unsigned char *buf, size_t n)
{
	s->raw += n;
	if (!m->gz && (s->logical += n) > s->max)
		return refuse(s, "%s takes the run past its limit of %llu bytes (--max-bytes)", m->name, (unsigned long long)s->max);
	if (m->gz && member_inflate(s, m, buf, n))
		return -1;
	for (size_t done = 0; done < n;) {
		const ssize_t w = write(m->fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return refuse(s, "cannot write %s: %s", m->name, w < 0 ? strerror(errno) : "short write");
		done += (size_t)w;
	}
	return 0;
}

static int member_close(sink *s, member *m, bool whole)
{
	int rc = 0;
	if (m->gz) {
		if (whole && !m->zend)
			rc = refuse(s, "%s is not a whole gzip file", m->name);
		inflateEnd(&m->z);
		m->gz = false;
	}
	if (m->fd >= 0 && close(m->fd) != 0 && rc == 0 && whole)
		rc = refuse(s, "cannot write %s: %s", m->name, strerror(errno));
	m->fd = -1;
	return rc;
}

/* ---- tar: read by libarchive, its tar formats alone (ustar, GNU, pax: no compression filter, no other format, so
 * nothing is unpacked before the cap counts it); pagebound keeps only its policy: regular files with a run's names,
 * none twice, within the caps; what libarchive would quietly mend (a sparse member, a hard link) is refused ---- */

typedef struct tin {
	int fd;
	uint64_t read, cap; /* bytes of stream read, and the most a stream may hold */
	bool over;          /* the cap was reached */
	unsigned char head[4]; /* the stream's first bytes: a compressed one is named */
	size_t nhead;
	unsigned char buf[1 << 16];
} tin;

static la_ssize_t tin_read(struct archive *a, void *data, const void **out)
{
	(void)a;
	tin *t = data;
	if (t->read >= t->cap) {
		t->over = true;
		return 0; /* libarchive then sees the stream end short, and the cap is named */
	}
	ssize_t r;
	do
		r = read(t->fd, t->buf, sizeof t->buf);
	while (r < 0 && errno == EINTR);
	for (ssize_t i = 0; i < r && t->nhead < sizeof t->head; i++)
		t->head[t->nhead++] = t->buf[i];
	*out = t->buf;
	t->read += r > 0 ? (uint64_t)r : 0;
	return r < 0 ? 0 : r;
}

/* libarchive's words for a stream that stopped early: send it again (exit 3), not a refusal */
static bool cut_short(struct archive *a)
{
	const char *m = archive_error_string(a);
	return m && (strstr(m, "runcated") || strstr(m, "Premature end") || strstr(m, "premature end"));
}

/* the member's name as a file of the run: leading "./" dropped; "" for the run's own directory; NULL for a path */
static const char *tar_leaf(char *name, bool dir)
{
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	size_t l = strlen(name);
	if (dir)
		while (l && name[l - 1] == '/')
			name[--l] = '\0';
	if (dir && (l == 0 || strcmp(name, ".") == 0))
		return "";
	return strchr(name, '/') || name[0] == '\0' ? NULL : name;
}

/* what a member is, when it is not a plain file: refused, named */
static int tar_kind(sink *s, struct archive_entry *e, const char *name)
{
	static const struct {
		mode_t type;
		const char *what;
	} kinds[] = {{AE_IFLNK, "a symbolic link"}, {AE_IFCHR, "a character device"}, {AE_IFBLK, "a block device"},
		{AE_IFIFO, "a FIFO"}, {AE_IFSOCK, "a socket"}};
	if (archive_entry_hardlink(e))
		return refuse(s, "a hard link %s: refused: a run's files are plain files", shown(name, strlen(name)));
	if (archive_entry_sparse_count(e) > 0)
		return refuse(s, "a sparse member %s: refused: a run's files are plain files", shown(name, strlen(name)));
	const mode_t type = archive_entry_filetype(e);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (type == kinds[k].type)
			return refuse(s, "%s %s: refused: a run's files are plain files", kinds[k].what, shown(name, strlen(name)));
	if (type != AE_IFREG && type != AE_IFDIR)
		return refuse(s, "a tar member of type %o: refused", (unsigned)type);
	return 0;
}

/* one regular member's data into its file: 0, 1 cut short, -1 refused */
static int tar_data(sink *s, struct archive *a, const char *name, uint64_t size)
{
	member m;
	if (member_open(s, &m, name, size)) {
		member_close(s, &m, false);
		return -1;
	}
	unsigned char blk[1 << 16];
	int rc = 0;
	la_ssize_t got;
	while (rc == 0 && (got = archive_read_data(a, blk, sizeof blk)) != 0)
		rc = got < 0 ? (cut_short(a) ? 1 : refuse(s, "%s: %s", name, archive_error_string(a))) :
			member_write(s, &m, blk, (size_t)got);
	if (member_close(s, &m, rc == 0) && rc == 0)
		rc = -1;
	return rc;
}

/* the member e: 0 done, 1 cut short, -1 refused */
static int tar_member(sink *s, struct archive *a, struct archive_entry *e)
{
	const char *path = archive_entry_pathname(e);
	char name[1024];
	snprintf(name, sizeof name, "%s", path ? path : "");
	if (!path || strlen(path) >= sizeof name)
		return refuse(s, "a member with no name, or one of more than 1,023 bytes: refused");
	if (tar_kind(s, e, name))
		return -1;
	if (archive_entry_filetype(e) == AE_IFDIR) {
		const char *leaf = tar_leaf(name, true);
		return !leaf || leaf[0] ? refuse(s, "a directory %s: a run holds files only", shown(name, strlen(name))) : 0;
	}
	if (!archive_entry_size_is_set(e) || archive_entry_size(e) < 0)
		return refuse(s, "%s: a member without a size", shown(name, strlen(name)));
	const char *leaf = tar_leaf(name, false);
	if (!leaf)
		return refuse(s, "a file %s in a subdirectory or outside the run: refused", shown(name, strlen(name)));
	return tar_data(s, a, leaf, (uint64_t)archive_entry_size(e));
}

/* a stream that a compressor or another archiver wrote (its first bytes): named, never unpacked */
static const char *packed(const tin *t)
{
	static const struct {
		const char *magic, *what;
		size_t n;
	} m[] = {{"\x1f\x8b", "gzip", 2}, {"BZh", "bzip2", 3}, {"\xfd" "7zX", "xz", 4}, {"\x28\xb5\x2f\xfd", "zstd", 4},
		{"PK\x03\x04", "zip", 4}, {"070", "cpio", 3}, {"\x5d\x00\x00", "lzma", 3}};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (t->nhead >= m[i].n && memcmp(t->head, m[i].magic, m[i].n) == 0)
			return m[i].what;
	return NULL;
}

/* why libarchive stopped before a member: the cap, nothing at all, a compressed stream, a stream cut short (sent
 * again: IN_CUT), or not tar */
static int tar_failed(sink *s, struct archive *a, const tin *t)
{
	const char *why = archive_error_string(a) ? archive_error_string(a) : "?", *what = packed(t);
	if (t->over)
		return refuse(s, "more than %llu bytes of tar stream: refused (--max-bytes)", (unsigned long long)s->max), IN_REFUSED;
	if (t->read == 0)
		return refuse(s, "nothing came (an empty stream)"), IN_CUT;
	if (what)
		return refuse(s, "a %s stream: refused: a run comes as plain tar (no compression, no other archive)", what), IN_REFUSED;
	if (cut_short(a) || (t->read < 512 && s->files == 0))
		return refuse(s, "the stream stopped in the middle of the run (%llu bytes came)", (unsigned long long)t->read), IN_CUT;
	return refuse(s, "not a tar stream (libarchive: %s)", why), IN_REFUSED;
}

static int take_tar(sink *s, int fd)
{
	tin *t = calloc(1, sizeof *t);
	struct archive *a = t ? archive_read_new() : NULL;
	if (!a || archive_read_support_format_tar(a) != ARCHIVE_OK) {
		free(t);
		if (a)
			archive_read_free(a);
		return refuse(s, "out of memory"), IN_REFUSED;
	}
	*t = (tin){.fd = fd, .cap = s->max + OVERHEAD};
	int rc = archive_read_open(a, t, NULL, tin_read, NULL) == ARCHIVE_OK ? IN_OK : tar_failed(s, a, t);
	struct archive_entry *e;
	while (rc == IN_OK) {
		const int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		const int m = r == ARCHIVE_OK ? tar_member(s, a, e) : 0;
		if (r != ARCHIVE_OK || (m != 0 && t->over))
			rc = tar_failed(s, a, t);
		else if (m > 0)
			rc = (refuse(s, "the stream stopped in the middle of a file (%llu bytes came)", (unsigned long long)t->read), IN_CUT);
		else if (m < 0)
			rc = IN_REFUSED;
	}
	archive_read_free(a);
	free(t);
	return rc;
}

/* ---- dir: a run directory here (scripts/history --import): its regular files, the rest left out and counted ---- */

static int take_file(sink *s, int sfd, const char *name)
{
	const int fd = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return 1; /* not a regular file (a link, a FIFO, a device): left out */
	}
	member m;
	int rc = member_open(s, &m, name, (uint64_t)st.st_size); /* its size, not its blocks: a sparse file counts whole */
	unsigned char buf[1 << 16];
	ssize_t got = 0;
	while (rc == 0 && (got = read(fd, buf, sizeof buf)) > 0)
		rc = member_write(s, &m, buf, (size_t)got);
	if (rc == 0 && got < 0)
		rc = refuse(s, "cannot read %s: %s", name, strerror(errno));
	close(fd);
	return member_close(s, &m, rc == 0) || rc ? -1 : 0;
}

static int take_dir(sink *s, const char *src, size_t *left_out)
{
	DIR *d = opendir(src);
	if (!d)
		return refuse(s, "cannot open %s: %s", src, strerror(errno)), IN_REFUSED;
	int rc = 0;
	for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct stat st;
		if (strcmp(e->d_name, "home.tsv") == 0 && !s->home_ok) { /* the importer writes its own: never the run's word */
			s->home_left = true;
			continue;
		}
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) || !run_name(e->d_name)) {
			++*left_out;
			continue;
		}
		const int r = take_file(s, dirfd(d), e->d_name);
		*left_out += r == 1;
		rc = r < 0 ? -1 : 0;
	}
	closedir(d);
	return rc ? IN_REFUSED : IN_OK;
}

/* ---- check: a host's run at home against the fleet file; on success home.tsv names its machine ---- */

typedef struct intake_opts {
	const char *out, *from, *host, *arch, *uname, *cpu, *fleet, *arrived;
	size_t max, page;
	bool home;
} intake_opts;

/* run.tsv's value of key, once: NULL with why set when it is missing or there twice */
static char *run_tsv_value(sink *s, const char *dir, const char *key)
{
	char *path = malloc(strlen(dir) + 16), *buf = NULL, err[300], *val = NULL;
	size_t len, n = 0;
	if (!path || (sprintf(path, "%s/run.tsv", dir), pb_slurp(path, 1 << 20, &buf, &len, err, sizeof err))) {
		free(path);
		refuse(s, "no run.tsv: not a run scripts/measure made");
		return NULL;
	}
	free(path);
	const size_t kl = strlen(key);
	for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, key, kl) == 0 && line[kl] == '\t' && n++ == 0)
			val = strndup(line + kl + 1, strcspn(line + kl + 1, "\r\n"));
	free(buf);
	if (n != 1) {
		free(val);
		refuse(s, n ? "run.tsv says %s %zu times" : "run.tsv does not say its %s", key, n);
		return NULL;
	}
	return val;
}

/* one KEY<TAB>VALUE file, written through a fresh file renamed into place (values are the fleet file's: checked words) */
static int write_home(sink *s, const char *dir, const intake_opts *o, const char *page)
{
	char *tmp = malloc(strlen(dir) + 32), *dst = malloc(strlen(dir) + 16), stamp[32];
	const time_t now = time(NULL);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	int fd = tmp && dst ? (sprintf(tmp, "%s/.home.tsv.XXXXXX", dir), sprintf(dst, "%s/home.tsv", dir), mkstemp(tmp)) : -1;
	FILE *f = fd >= 0 && fchmod(fd, 0644) == 0 ? fdopen(fd, "w") : NULL;
	int rc = f ? 0 : -1;
	if (f) {
		fprintf(f, "source\tfleet\nfleet\t%s\nhost\t%s\narch\t%s\nuname\t%s\npage_size\t%s\ncpu\t%s\narrived_utc\t%s\n",
			o->fleet, o->host, o->arch, o->uname, page, o->cpu ? o->cpu : "", o->arrived ? o->arrived : stamp);
		rc = fclose(f) == 0 && rename(tmp, dst) == 0 ? 0 : -1;
	}
	if (rc && fd >= 0)
		unlink(tmp);
	free(tmp);
	free(dst);
	return rc ? refuse(s, "cannot write home.tsv in %s: %s", dir, strerror(errno)) : 0;
}

static int check_facts(sink *s, const intake_opts *o, const pb_runinfo *r, const char *page)
{
	char *end = NULL;
	const unsigned long long p = strtoull(page, &end, 10);
	if (!page[0] || page[0] == '-' || *end || p < 4096 || p > (1ull << 30) || (p & (p - 1)))
		return refuse(s, "page size '%s' in run.tsv: not a power of two from 4 KiB to 1 GiB", shown(page, strlen(page)));
	if (strcmp(r->fact[PB_F_ARCH], o->uname) != 0)
		return refuse(s, "its programs ran on %s, the fleet file says %s (%s)", shown(r->fact[PB_F_ARCH],
			strlen(r->fact[PB_F_ARCH])), o->arch, o->uname);
	if (strcmp(page, r->fact[PB_F_PAGE]) != 0)
		return refuse(s, "page size %s by getconf, %s in its context", shown(page, strlen(page)),
			r->fact[PB_F_PAGE][0] ? shown(r->fact[PB_F_PAGE], strlen(r->fact[PB_F_PAGE])) : "none");
	char want[32];
	snprintf(want, sizeof want, "%zu", o->page);
	if (o->page && strcmp(page, want) != 0)
		return refuse(s, "page size %s, the fleet file says %s", shown(page, strlen(page)), want);
	return 0;
}

static int check_run(sink *s, const intake_opts *o, const char *dir)
{
	if (!o->host || !o->arch || !o->uname || !o->fleet)
		return refuse(s, "check needs --host, --arch, --uname and --fleet"), IN_REFUSED;
	char *page = run_tsv_value(s, dir, "page_size"), why[512] = "";
	if (!page)
		return IN_REFUSED;
	pb_runinfo r;
	const int rd = pb_run_read(dir, &r, why, sizeof why);
	int rc = rd == 1 ? refuse(s, "holds no pagebound run (no Google Benchmark JSON from pagebound)") :
		rd < 0 ? refuse(s, "refused: %s", why) :
		r.incomplete ? refuse(s, "INCOMPLETE: %s", shown(r.why ? r.why : "", strlen(r.why ? r.why : ""))) :
		check_facts(s, o, &r, page);
	if (rc == 0 && (rc = write_home(s, dir, o, page)) == 0)
		printf("complete: page %s, %s\n", page, r.fact[PB_F_KERNEL]);
	pb_run_info_free(&r);
	free(page);
	return rc ? IN_REFUSED : IN_OK;
}

/* ---- cap: what a host prints (its stderr, its logs) passed through with a limit: lines cut at CAP_LINE bytes (no
 * reader after it grows with a host's line), at most max bytes kept, then one line says so and the rest is read and
 * dropped (the host is never blocked, nothing is kept) ---- */

#define CAP_LINE 4096

static int cap_stream(const intake_opts *o)
{
	unsigned char in[1 << 16], out[(1 << 16) * 2];
	uint64_t kept = 0, dropped = 0;
	size_t line = 0;
	for (ssize_t n;;) {
		n = read(0, in, sizeof in);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size_t k = 0;
		for (ssize_t i = 0; i < n; i++) {
			if (kept + k >= o->max) {
				dropped += (uint64_t)(n - i);
				break;
			}
			out[k++] = in[i];
			line = in[i] == '\n' ? 0 : line + 1;
			if (line == CAP_LINE) { /* a line this long is cut, and goes on on the next */
				out[k++] = '\n';
				line = 0;
			}
		}
		if (k && fwrite(out, 1, k, stdout) != k)
			return 2;
		kept += k;
		fflush(stdout);
	}
	if (dropped)
		printf("%s[pagebound: %s printed more than %zu bytes: the rest (%llu bytes) was read and dropped]\n",
			line ? "\n" : "", o->from, o->max, (unsigned long long)dropped);
	return fflush(stdout) == 0 ? 0 : 2;
}

/* ---- the program ---- */

/* a refused or cut run's directory removed: the files this program made in it, then it (nothing half-taken is left to
 * look like a run) */
static void unmake(int dfd, const char *out)
{
	DIR *d = fdopendir(dup(dfd));
	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dfd, e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(out);
}

/* Where the run's run.tsv names its chunks, a result file it does not name (PRIM.json beside prim.json, say) is
 * refused: every reader would leave it out, and a run is what its run.tsv says it is. */
static int only_named(sink *s)
{
	char *chunks = pb_run_chunks(s->dfd);
	DIR *d = chunks ? fdopendir(dup(s->dfd)) : NULL;
	int rc = 0;
	for (struct dirent *e; d && rc == 0 && (e = readdir(d)) != NULL;) {
		const size_t l = strlen(e->d_name);
		const bool result = (l > 5 && ends_with(e->d_name, ".json")) || (l > 8 && ends_with(e->d_name, ".json.gz"));
		if (result && !pb_chunk_named(chunks, e->d_name))
			rc = refuse(s, "a file named %s: not one of the chunks its run.tsv names", shown(e->d_name, l));
	}
	if (d)
		closedir(d);
	free(chunks);
	return rc ? IN_REFUSED : IN_OK;
}

static int receive(const char *cmd, const intake_opts *o, const char *src, sink *s)
{
	if (!o->out)
		return refuse(s, "%s needs --out DIR (a new directory)", cmd), IN_REFUSED;
	if (mkdir(o->out, 0755) != 0)
		return refuse(s, "cannot create %s: %s", o->out, strerror(errno)), IN_REFUSED;
	s->dfd = open(o->out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t left_out = 0;
	int rc = s->dfd < 0 ? (refuse(s, "cannot open %s: %s", o->out, strerror(errno)), IN_REFUSED) :
		strcmp(cmd, "tar") == 0 ? take_tar(s, 0) : take_dir(s, src, &left_out);
	if (rc == IN_OK)
		rc = only_named(s);
	if (rc == IN_OK && fsync(s->dfd) != 0 && errno != EINVAL)
		rc = (refuse(s, "cannot write %s: %s", o->out, strerror(errno)), IN_REFUSED);
	if (rc == IN_OK)
		printf("%zu files, %llu KiB (%llu KiB unpacked)\n", s->files, (unsigned long long)(s->raw / 1024),
			(unsigned long long)(s->logical / 1024));
	if (rc == IN_OK && s->home_left)
		printf("left out: home.tsv (who made a run is said at home: only scripts/fleet's own import keeps the one its checks wrote)\n");
	if (rc == IN_OK && left_out)
		printf("left out: %zu entries that are not regular files with a run's names\n", left_out);
	if (rc != IN_OK && s->dfd >= 0)
		unmake(s->dfd, o->out);
	return rc;
}

/* a command that takes a run in (tar, dir) or checks one (check): its sink, and the one line of a refusal */
static int with_sink(intake_opts *o, const char *cmd, const char *arg)
{
	sink s = {.dfd = -1, .from = o->from, .max = o->max, .home_ok = strcmp(cmd, "dir") == 0 && o->home};
	const int rc = strcmp(cmd, "check") == 0 ? check_run(&s, o, arg) : receive(cmd, o, arg, &s);
	if (s.dfd >= 0)
		close(s.dfd);
	if (rc != IN_OK)
		fprintf(stderr, "pagebound-intake: %s\n", s.why);
	return rc;
}
static int cmd_take(int argc, char **argv, void *c) { return with_sink(c, argv[0], argc > 1 ? argv[1] : NULL); }
static int cmd_cap(int argc, char **argv, void *c) { (void)argc, (void)argv; return cap_stream(c); }
static const pb_cmd commands[] = {
	{.name = "tar", .args = "< STREAM", .fn = cmd_take, .summary = "a host's run as a tar stream: its regular files into --out"},
	{.name = "dir", .args = "SRC", .fn = cmd_take, .min_args = 1, .max_args = 1, .summary = "a run directory's regular files into --out"},
	{.name = "check", .args = "RUN_DIR", .fn = cmd_take, .min_args = 1, .max_args = 1,
		.summary = "a host's run at home against the fleet file; writes home.tsv"},
	{.name = "cap", .args = "< OUTPUT", .fn = cmd_cap, .summary = "what a host prints, its lines and its size capped"},
};
#define NCMD (sizeof commands / sizeof commands[0])
static void about(FILE *f) { pb_cmd_usage(f, commands, NCMD); }

int main(int argc, char **argv)
{
	intake_opts o = {.max = (size_t)256 << 20, .from = "the run"};
	const pb_opt opts[] = {
		{.name = "--out", .kind = PB_OPT_STRING, .dest = &o.out, .meta = "DIR", .help = "tar, dir: the run's new directory"},
		{.name = "--max-bytes", .kind = PB_OPT_SIZE, .dest = &o.max, .meta = "SIZE", .min = 1 << 20, .max = (double)(64 * PB_GiB),
			.help = "tar, dir: the most a run may hold, a gzip counted at what it unpacks to", .deflt = "default: 256M"},
		{.name = "--from", .kind = PB_OPT_STRING, .dest = &o.from, .meta = "NAME", .help = "who sent it (named in a refusal)"},
		{.name = "--host", .kind = PB_OPT_STRING, .dest = &o.host, .meta = "NAME", .help = "check: the fleet file's name of the host"},
		{.name = "--arch", .kind = PB_OPT_STRING, .dest = &o.arch, .meta = "ARCH", .help = "check: its Debian architecture"},
		{.name = "--uname", .kind = PB_OPT_STRING, .dest = &o.uname, .meta = "MACHINE", .help = "check: that architecture's uname -m"},
		{.name = "--page", .kind = PB_OPT_SIZE, .dest = &o.page, .meta = "SIZE", .min = 4096, .max = (double)PB_GiB, .pow2 = true,
			.help = "check: the page size the fleet file says", .deflt = "default: what the host reports"},
		{.name = "--cpu", .kind = PB_OPT_STRING, .dest = &o.cpu, .meta = "TEXT", .help = "check: the fleet file's cpu (emulated: ...)"},
		{.name = "--fleet", .kind = PB_OPT_STRING, .dest = &o.fleet, .meta = "NAME", .help = "check: the fleet run"},
		{.name = "--home", .kind = PB_OPT_FLAG, .dest = &o.home,
			.help = "dir: keep the run's home.tsv (scripts/fleet's own import of a run its checks passed)"},
		{.name = "--arrived", .kind = PB_OPT_STRING, .dest = &o.arrived, .meta = "UTC", .help = "check: when the run came home",
			.deflt = "default: now"},
	};
	const pb_optspec spec = {"[OPTIONS] COMMAND [WORD]",
		"What another machine sends, taken in as data: tar (a host's run as a tar stream on standard input) and dir (a run\n"
		"directory) write its regular files into a new directory, at most --max-bytes; check tests a host's run at home\n"
		"against the fleet file and writes home.tsv, which names its machine in the history. Exit status: 0 taken; 2\n"
		"refused, with one line saying why; 3 (tar) the stream stopped before the run's end: send it again. cap passes what a\n"
		"host prints through: lines cut at 4096 bytes, at most --max-bytes kept, then one line says so and the rest is dropped.",
		opts, sizeof opts / sizeof opts[0], false, 2, about};
	int rc = pb_opt_parse(&spec, &argc, argv);
	if (rc != PB_OPT_OK)
		return rc == PB_OPT_EXIT ? 0 : 2;
	return pb_cmd_run("pagebound-intake", commands, NCMD, argc - 1, argv + 1, &o);
}
