/*
 * testserver.h - start and stop tests/fetch/server.py, the loopback HTTP
 * server of the fetch and crawl tests.  Header-only (static functions) so
 * each test binary stays one file.
 *
 * The server gets a pipe as standard input and exits when it closes, so
 * it never outlives the test process, however that ends.  It listens on
 * 127.0.0.1 only, on a port the kernel picks.
 */
#ifndef HW_TESTSERVER_H
#define HW_TESTSERVER_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct testserver {
    pid_t pid;
    int in;   /* write end of the server's stdin */
    int port;
    char base[64]; /* "http://127.0.0.1:PORT" */
};

/* Start the server; extra is NULL or one more argument pair's value for
 * "--bench".  Returns 0 or -1. */
static inline int testserver_start(struct testserver *s, const char *bench)
{
    int in[2], out[2];
    char buf[32], ppid[32];
    const char *shared = getenv("HW_SHARED");
    ssize_t n;
    size_t got = 0;

    memset(s, 0, sizeof *s);
    if (!shared)
        shared = "../shared";
    if (pipe(in) != 0 || pipe(out) != 0)
        return -1;
    snprintf(ppid, sizeof ppid, "%ld", (long)getpid());
    s->pid = fork();
    if (s->pid < 0)
        return -1;
    if (s->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        if (bench)
            execlp("python3", "python3", "tests/fetch/server.py", "--shared",
                   shared, "--parent", ppid, "--bench", bench, (char *)NULL);
        else
            execlp("python3", "python3", "tests/fetch/server.py", "--shared",
                   shared, "--parent", ppid, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    s->in = in[1];
    while (got < sizeof buf - 1 &&
           (n = read(out[0], buf + got, sizeof buf - 1 - got)) > 0) {
        got += (size_t)n;
        if (memchr(buf, '\n', got))
            break;
    }
    close(out[0]);
    buf[got] = '\0';
    s->port = 0;
    for (n = 0; buf[n] >= '0' && buf[n] <= '9'; n++)
        s->port = s->port * 10 + (buf[n] - '0');
    if (s->port <= 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, NULL, 0);
        return -1;
    }
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
    return 0;
}

static inline void testserver_stop(struct testserver *s)
{
    if (s->pid > 0) {
        close(s->in);
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
        s->pid = 0;
    }
}

/* base + path into out. */
static inline const char *testserver_url(const struct testserver *s,
                                  const char *path, char *out, size_t n)
{
    snprintf(out, n, "%s%s", s->base, path);
    return out;
}

#endif
