/*
 * tmpdb.h - a fresh SQLite database path for a test, and its removal
 * with the WAL and shared-memory files SQLite leaves beside it.
 * Header-only, so each test binary stays one file.
 */
#ifndef HW_TMPDB_H
#define HW_TMPDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Put an unused path "/tmp/hw-TAG-XXXXXX" into path (no file is left
 * there: the store creates it).  Returns 0, or -1. */
static inline int tmpdb_name(char *path, size_t n, const char *tag)
{
    int fd;

    snprintf(path, n, "/tmp/hw-%s-XXXXXX", tag);
    if ((fd = mkstemp(path)) < 0)
        return -1;
    close(fd);
    unlink(path);
    return 0;
}

/* Remove the database at path and its -wal and -shm files. */
static inline void tmpdb_remove(const char *path)
{
    char p[4096];

    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

#endif
