/*
 * cmd_extract.c - `hashwire extract HTMLFILE [--url URL] [--content-type
 * CT]`: the main text and metadata of an article page, as contract B on
 * standard output.  CT is the HTTP Content-Type the page came with; its
 * charset overrides the page's own <meta>.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "extract/extract.h"

int cmd_extract(struct cli *c, int argc, char **argv)
{
    const char *path = NULL, *url = NULL, *ctype = NULL;
    struct extract_result *res;
    struct hw_buf in, out;
    struct hw_diag d;
    int i = 1, r;

    (void)c;
    while (i < argc) {
        if ((r = cli_opt(argc, argv, &i, "--url", &url)) != 0 ||
            (r = cli_opt(argc, argv, &i, "--content-type", &ctype)) != 0) {
            if (r < 0)
                return cli_usage_error("extract", "%s needs a value",
                                       argv[i]);
            continue;
        }
        if (strncmp(argv[i], "--", 2) == 0)
            return cli_usage_error("extract", "unknown option %s", argv[i]);
        if (path)
            return cli_usage_error("extract", "one file at a time");
        path = argv[i++];
    }
    if (!path)
        return cli_usage_error("extract", "no HTML file given");
    hw_buf_init(&in, EXTRACT_MAX_INPUT);
    if (hw_read_file(path, &in, &d) != 0) {
        hw_buf_release(&in);
        hw_diag_print(&d);
        return CLI_FAIL;
    }
    r = extract_page(in.p, in.len, url, ctype, &res, &d);
    hw_buf_release(&in);
    if (r != 0) {
        if (!url) {
            char why[sizeof d.why];
            memcpy(why, d.why, sizeof why);
            hw_fail(&d, r, "extract", path, "%s", why);
        }
        hw_diag_print(&d);
        return CLI_FAIL;
    }
    hw_buf_init(&out, HW_BUF_NOLIMIT);
    extract_to_json(res, &out);
    hw_buf_addc(&out, '\n');
    fwrite(out.p, 1, out.len, stdout);
    hw_buf_release(&out);
    extract_free(res);
    return CLI_OK;
}
