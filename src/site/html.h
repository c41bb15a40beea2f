/* html.h: the one escaper of every page pagebound writes, and the pieces the pages share. Data (names, values,
 * file contents) reaches a page only through pb_html (as text) or pb_url (as a relative link). */
#ifndef PB_HTML_H
#define PB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* s as HTML text: & < > " ' escaped. */
void pb_html(FILE *f, const char *s);
/* s as a relative URL: every byte but letters, digits and - . _ ~ / percent-encoded. */
void pb_url(FILE *f, const char *s);
/* The page's head (title as text, the style sheet) and its end (when it was written). */
void pb_page_start(FILE *f, const char *title);
void pb_page_end(FILE *f);
/* <p><img></p> (half: two to a row, in a span) for a chart beside the page. */
void pb_img(FILE *f, const char *src, const char *alt, bool half);

/* Is path a regular file that is not a symbolic link? (A page reads nothing through a link.) */
bool pb_regular(const char *path);
/* Copies at most max bytes of a regular file into the page as text (nothing when it is no regular file). */
void pb_html_file(FILE *f, const char *path, size_t max);


#endif
