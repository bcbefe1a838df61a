/*
 * cmd_parse.c - `hashwire parse FEEDFILE`: contract A on standard output.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "feed/feed.h"

int cmd_parse(struct cli *c, int argc, char **argv)
{
    const char *path = NULL, *url = NULL, *charset = NULL;
    struct hw_buf in, out;
    struct hw_diag d;
    struct feed *f;
    int i = 1, r;

    (void)c;
    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--url", &url)) ||
            (r = cli_opt(argc, argv, &i, "--charset", &charset))) {
            if (r < 0)
                return cli_usage_error("parse", "%s needs a value", argv[i]);
            continue;
        }
        if (path)
            return cli_usage_error("parse", "one file at a time");
        path = argv[i++];
    }
    if (!path)
        return cli_usage_error("parse", "no feed file given");
    hw_buf_init(&in, FEED_MAX_INPUT);
    if (hw_read_file(path, &in, &d) != 0) {
        hw_buf_release(&in);
        hw_diag_print(&d);
        return CLI_FAIL;
    }
    {
        struct feed_opts o = {url, charset};
        r = feed_parse(in.p, in.len, &o, &f, &d);
    }
    hw_buf_release(&in);
    if (r != 0) {
        if (!d.where[0] || d.where[0] == '-')
            hw_fail(&d, r, d.what[0] ? d.what : "parse", path, "%s",
                    d.why[0] ? d.why : hw_strerror(r));
        hw_diag_print(&d);
        return CLI_FAIL;
    }
    hw_buf_init(&out, HW_BUF_NOLIMIT);
    feed_to_json(f, &out);
    hw_buf_addc(&out, '\n');
    fwrite(out.p, 1, out.len, stdout);
    hw_buf_release(&out);
    feed_free(f);
    return CLI_OK;
}
