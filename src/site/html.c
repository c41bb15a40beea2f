/* html.c: the escaper and the pieces of every page (html.h). */
#include "html.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void pb_html(FILE *f, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
}

void pb_url(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		const unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-._~/", c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

void pb_page_start(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	pb_html(f, title);
	fputs("</title>\n<style type=\"text/css\">\n"
	      "body { font-family: \"DejaVu Sans\", sans-serif; margin: 1.5em; max-width: 1500px; color: #222; }\n"
	      "h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; margin-top: 2em; } h3 { font-size: 1.05em; }\n"
	      "pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }\n"
	      "table { border-collapse: collapse; font-size: 0.9em; } td, th { border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: left; }\n"
	      ".bad { color: #b00; font-weight: bold; } .good { color: #070; } .note { color: #555; font-size: 0.9em; }\n"
	      ".banner { background: #fdd; border: 1px solid #b00; padding: 0.6em; }\n"
	      "img { max-width: 100%; border: 1px solid #eee; } .half { display: inline-block; width: 49%; vertical-align: top; }\n"
	      "</style>\n</head>\n<body>\n", f);
}

void pb_page_end(FILE *f)
{
	char when[32];
	const time_t now = time(NULL);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "<p class=\"note\">Written by scripts/report on %s.</p>\n</body>\n</html>\n", when);
}

void pb_img(FILE *f, const char *src, const char *alt, bool half)
{
	fputs(half ? "<span class=\"half\"><img src=\"" : "<p><img src=\"", f);
	pb_url(f, src);
	fputs("\" alt=\"", f);
	pb_html(f, alt);
	fputs(half ? "\"></span>\n" : "\"></p>\n", f);
}

bool pb_regular(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void pb_html_file(FILE *f, const char *path, size_t max)
{
	if (!pb_regular(path))
		return;
	const int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	char buf[8192];
	size_t total = 0;
	ssize_t k;
	while (fd >= 0 && total < max && (k = read(fd, buf, sizeof buf - 1 < max - total ? sizeof buf - 1 : max - total)) > 0) {
		buf[k] = 0;
		for (ssize_t i = 0; i < k; i++) /* a NUL in the file ends nothing: shown as a space */
			if (!buf[i])
				buf[i] = ' ';
		pb_html(f, buf);
		total += (size_t)k;
	}
	if (fd >= 0)
		close(fd);
}
