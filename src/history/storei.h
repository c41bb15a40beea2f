/* storei.h: what store.c and storeq.c share inside the store. */
#ifndef PB_STOREI_H
#define PB_STOREI_H

#include <sqlite3.h>

#include "changepoint.h"
#include "store.h"

enum { PB_STMT_CACHE = 48 };

struct pb_store {
	sqlite3 *db;
	char *path;
	pb_cp_opts cp; /* the change-point detector's options */
	int wait_s;    /* how long a statement waits for another writer */
	struct {
		const char *sql; /* the statement's text, by address: each is a literal of this module */
		sqlite3_stmt *st;
	} cache[PB_STMT_CACHE];
	int ncache;
};

/* One line in err naming the store, what failed and SQLite's message; returns -1. */
int pb_sql_err(pb_store *s, char *err, size_t errlen, const char *what);
/* A prepared statement, or NULL with one line in err. Statements are prepared once and kept (an import runs the
 * same few thousands of times); pb_sql_end(s, st) is done with it (reset, or finalized when it is not kept). */
sqlite3_stmt *pb_sql(pb_store *s, const char *sql, char *err, size_t errlen);
void pb_sql_end(pb_store *s, sqlite3_stmt *st);
/* A text column, never NULL. */
const char *pb_col(sqlite3_stmt *st, int i);

#endif
