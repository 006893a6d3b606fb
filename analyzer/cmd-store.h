/* cmd-store.h -- what the store commands (import, run, history, export)
 * share: the --db and --wait options and opening the store. */
#ifndef EVS_CMD_STORE_H
#define EVS_CMD_STORE_H

#include "store.h"

/* Default --wait: how long a writer waits for another one's lock. */
#define CMD_STORE_WAIT_S 30

/* Parses --wait SECONDS (0..86400) into milliseconds, or exits. */
int cmd_store_wait (const char *s);

/* Opens the store at DB (exits with a usage error if DB is NULL), or
 * prints the error and exits with its status. */
evs_store *cmd_store_open (const char *db, int flags, int wait_ms);

/* Prints ERR, closes *S and exits with ERR's code. */
__attribute__ ((noreturn)) void cmd_store_die (evs_store **s, const evs_error *err);

/* The length of ARGV[I] (of ARGC) as one of the N options NAMES (each
 * "--name" taking a value, as "--name V", "--name=V", or "-oV" for a
 * short one), or --allow-empty: 1 or 2 words, or 0 when it is none of
 * them.  run and export tell a run's output options, which choose where
 * and how results are written, from what is computed. */
int cmd_store_output_option (int argc, char *const *argv, int i,
                             const char *const *names, size_t n);

#endif
