/*
 * date.c - the dates feeds write, parsed by hand into hw_time (UTC).
 *
 * Two grammars, both read with a cursor over the bytes (no strptime, no
 * sscanf, no libc time zone code; hw_time_from_civil() does the calendar):
 *
 *  1. RFC 3339 / ISO 8601 (Atom, JSON Feed, Dublin Core), tried first when
 *     the text starts with a four-digit year:
 *        YYYY | YYYY-MM | YYYY-MM-DD | YYYY-DDD | YYYYMMDD | YYYYDDD
 *        then optionally  T|t|space  hh[:mm[:ss[.frac]]]  or hhmm[ss[.frac]]
 *        then optionally  Z|z | +hh | +hhmm | +hh:mm | (space) zone name.
 *     Partial dates (W3C-DTF) mean midnight UTC of their first day; no zone
 *     means UTC; fractions of any length are truncated.
 *
 *  2. RFC 822 / RFC 2822 section 3.3 (RSS) and what feeds make of it:
 *        [weekday[,]] day month year [time [am|pm] [zone]] [junk]
 *        [weekday[,]] month day[,] year [time ...]         (US order)
 *        [weekday[,]] month day time [zone] year            (asctime)
 *        [weekday[,]] year/month/day [time ...]             (numeric)
 *     The weekday is skipped unchecked (RFC 2822 says it must match; feeds
 *     get it wrong, and the date itself is the better witness).  Month and
 *     weekday names are matched case-insensitively, abbreviated or in full,
 *     in English and the common Romance/Germanic spellings ("Set", "out",
 *     "mai", "dez").  Separators may be spaces, tabs, '-', '/', '.' or an
 *     extra comma.  Two-digit years follow RFC 2822 section 4.3 (00-49 ->
 *     20xx, 50-99 -> 19xx), three-digit years add 1900.  The time may lack
 *     seconds, may be a military "1500", may carry am/pm.
 *
 * Zones: numeric offsets (+hhmm, +hh:mm, +hh, also after "GMT"/"UTC" as in
 * "GMT+2"), UT/UTC/GMT/Z, the RFC 822 North American names and a table of
 * common others (CET, IST = +0530, JST, AEST, ...).  Military one-letter
 * zones other than Z and unknown alphabetic names count as UTC: RFC 822
 * defined the letters with the wrong sign, so real producers disagree on
 * them, and RFC 2822 section 4.3 says both "SHOULD be considered equivalent
 * to -0000" (UTC, offset unknown).  No zone at all also means UTC.
 *
 * Ranges are checked: month 1-12, day within its month (leap years), hour
 * 0-23 or 24:00:00 exactly (the end of the day), minute 0-59, second 0-60
 * (a leap second is clamped to :59).  Whatever does not fit is HW_EPARSE;
 * the parser never guesses "now" and never reads the clock.
 */
#include <stddef.h>
#include <string.h>

#include "feed/feed.h"

/* No real date is this long; longer text is refused before parsing. */
#define DATE_MAX_LEN 512

/* A parse position: p moves towards e. */
struct cur {
    const char *p, *e;
};

/* The pieces a grammar fills in before they become an hw_time. */
struct parts {
    int year, mon, day;
    int hour, min, sec;
    int off; /* zone offset in minutes east of UTC */
};

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* The byte under the cursor, or -1 at the end. */
static int peek(const struct cur *c)
{
    return c->p < c->e ? (unsigned char)*c->p : -1;
}

static int peek_at(const struct cur *c, size_t i)
{
    return (size_t)(c->e - c->p) > i ? (unsigned char)c->p[i] : -1;
}

static void skip_space(struct cur *c)
{
    while (c->p < c->e && is_space((unsigned char)*c->p))
        c->p++;
}

/* Skip white space and any of the characters in set. */
static void skip_seps(struct cur *c, const char *set)
{
    while (c->p < c->e) {
        unsigned char ch = (unsigned char)*c->p;
        if (!is_space(ch) && (ch == 0 || !strchr(set, ch)))
            break;
        c->p++;
    }
}

/* Count the digits at the cursor without moving it. */
static size_t count_digits(const struct cur *c)
{
    size_t n = 0;
    while (c->p + n < c->e && is_digit((unsigned char)c->p[n]))
        n++;
    return n;
}

/* Read exactly n digits as a number; 0 and no move if they are not there. */
static int read_fixed(struct cur *c, size_t n, int *val)
{
    int v = 0;
    if ((size_t)(c->e - c->p) < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)c->p[i]))
            return 0;
        v = v * 10 + (c->p[i] - '0');
    }
    c->p += n;
    *val = v;
    return 1;
}

/*
 * Read a run of 1 to max digits (a longer run fails).  Returns the number
 * of digits read, 0 when none or too many.
 */
static size_t read_num(struct cur *c, size_t max, int *val)
{
    size_t n = count_digits(c);
    if (n == 0 || n > max)
        return 0;
    read_fixed(c, n, val);
    return n;
}

/*
 * A word: a run of ASCII letters and non-ASCII bytes (for "março", "déc").
 * The view is returned and the cursor moved past it; the length is 0 when
 * no word starts here.
 */
static struct hw_str read_word(struct cur *c)
{
    struct hw_str w = {c->p, 0};
    while (c->p < c->e) {
        unsigned char ch = (unsigned char)*c->p;
        if (!is_alpha(ch) && ch < 0x80)
            break;
        c->p++;
    }
    w.len = (size_t)(c->p - w.p);
    return w;
}

/* ASCII case-insensitive comparison of a word with a lower-case name. */
static int word_is(struct hw_str w, const char *name)
{
    size_t n = strlen(name);
    if (w.len != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)w.p[i]) != (unsigned char)name[i])
            return 0;
    return 1;
}

/* 1 if w (3 letters or more) abbreviates the lower-case name. */
static int word_abbrev(struct hw_str w, const char *name)
{
    size_t n = strlen(name);
    if (w.len < 3 || w.len > n)
        return 0;
    for (size_t i = 0; i < w.len; i++)
        if (lower((unsigned char)w.p[i]) != (unsigned char)name[i])
            return 0;
    return 1;
}

/* ---- names ------------------------------------------------------------ */

static const char *const en_months[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};

/*
 * Other spellings seen in feeds, exact (lower case, UTF-8): Spanish,
 * Portuguese, French, German, Italian and Dutch abbreviations and names
 * that English prefixes do not already cover.
 */
static const struct {
    const char *name;
    int mon;
} other_months[] = {
    {"ene", 1},         {"enero", 1},       {"janv", 1},
    {"janvier", 1},     {"janeiro", 1},     {"januar", 1},
    {"januari", 1},     {"gen", 1},         {"gennaio", 1},
    {"fev", 2},         {"fevr", 2},        {"f\xc3\xa9v", 2},
    {"f\xc3\xa9vr", 2}, {"fevrier", 2},     {"f\xc3\xa9vrier", 2},
    {"febrero", 2},     {"fevereiro", 2},   {"februar", 2},
    {"februari", 2},    {"febbraio", 2},    {"mars", 3},
    {"marzo", 3},       {"mar\xc3\xa7o", 3}, {"marco", 3},
    {"m\xc3\xa4r", 3},  {"m\xc3\xa4rz", 3}, {"maerz", 3},
    {"mrz", 3},         {"mrt", 3},         {"maart", 3},
    {"abr", 4},         {"abril", 4},       {"avr", 4},
    {"avril", 4},       {"aprile", 4},      {"mai", 5},
    {"maio", 5},        {"mayo", 5},        {"mei", 5},
    {"mag", 5},         {"maggio", 5},      {"juin", 6},
    {"junio", 6},       {"junho", 6},       {"juni", 6},
    {"giu", 6},         {"giugno", 6},      {"juil", 7},
    {"juillet", 7},     {"julio", 7},       {"julho", 7},
    {"juli", 7},        {"lug", 7},         {"luglio", 7},
    {"ago", 8},         {"agosto", 8},      {"aout", 8},
    {"ao\xc3\xbbt", 8}, {"augustus", 8},    {"set", 9},
    {"setembro", 9},    {"septiembre", 9},  {"setiembre", 9},
    {"septembre", 9},   {"settembre", 9},   {"out", 10},
    {"outubro", 10},    {"octubre", 10},    {"octobre", 10},
    {"okt", 10},        {"oktober", 10},    {"ott", 10},
    {"ottobre", 10},    {"noviembre", 11},  {"novembro", 11},
    {"dic", 12},        {"diciembre", 12},  {"dez", 12},
    {"dezembro", 12},   {"dezember", 12},   {"d\xc3\xa9\x63", 12},
    {"d\xc3\xa9\x63\x65mbre", 12}, {"decembre", 12}, {"dicembre", 12},
};

/* The month (1-12) a word names, or 0. */
static int month_of(struct hw_str w)
{
    for (int i = 0; i < 12; i++)
        if (word_abbrev(w, en_months[i]))
            return i + 1;
    for (size_t i = 0; i < sizeof other_months / sizeof other_months[0]; i++)
        if (word_is(w, other_months[i].name))
            return other_months[i].mon;
    return 0;
}

/*
 * Time zone names and their offsets in minutes east of UTC.  Where a name
 * is ambiguous the reading most common in English-language feeds wins:
 * IST is India, CST is US Central, BST is British Summer Time.  ET/CT/MT/PT
 * (seen in the wild without the S/D) are read as standard time.
 */
static const struct {
    const char *name;
    int off;
} zones[] = {
    {"ut", 0},      {"utc", 0},     {"gmt", 0},     {"z", 0},
    {"wet", 0},     {"west", 60},   {"bst", 60},    {"ist", 330},
    {"cet", 60},    {"cest", 120},  {"met", 60},    {"mest", 120},
    {"mez", 60},    {"mesz", 120},  {"eet", 120},   {"eest", 180},
    {"msk", 180},   {"msd", 240},   {"wat", 60},    {"cat", 120},
    {"eat", 180},   {"sast", 120},  {"idt", 180},   {"pkt", 300},
    {"ict", 420},   {"wib", 420},   {"hkt", 480},   {"sgt", 480},
    {"pht", 480},   {"awst", 480},  {"jst", 540},   {"kst", 540},
    {"acst", 570},  {"acdt", 630},  {"aest", 600},  {"aedt", 660},
    {"nzst", 720},  {"nzdt", 780},  {"est", -300},  {"edt", -240},
    {"cst", -360},  {"cdt", -300},  {"mst", -420},  {"mdt", -360},
    {"pst", -480},  {"pdt", -420},  {"et", -300},   {"ct", -360},
    {"mt", -420},   {"pt", -480},   {"akst", -540}, {"akdt", -480},
    {"hst", -600},  {"hast", -600}, {"hadt", -540}, {"ast", -240},
    {"adt", -180},  {"at", -240},   {"nst", -210},  {"ndt", -150},
    {"brt", -180},  {"brst", -120}, {"art", -180},  {"clt", -240},
};

/* 1 and *off if w names a zone we know. */
static int zone_of(struct hw_str w, int *off)
{
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        if (word_is(w, zones[i].name)) {
            *off = zones[i].off;
            return 1;
        }
    }
    return 0;
}

/* ---- shared pieces ---------------------------------------------------- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : d[m - 1];
}

/*
 * A numeric offset at the cursor: '+' or '-', then hh, h, hhmm, hmm, hh:mm
 * or h:mm.  Returns 1 and sets *off (minutes east), 0 if malformed.
 */
static int read_offset(struct cur *c, int *off)
{
    int sign, h = 0, m = 0;
    size_t n;

    if (peek(c) != '+' && peek(c) != '-')
        return 0;
    sign = peek(c) == '-' ? -1 : 1;
    c->p++;
    n = count_digits(c);
    if (n == 4 || n == 3) {
        read_fixed(c, n - 2, &h);
        read_fixed(c, 2, &m);
    } else if (n == 1 || n == 2) {
        read_fixed(c, n, &h);
        if (peek(c) == ':') {
            c->p++;
            if (count_digits(c) != 2)
                return 0;
            read_fixed(c, 2, &m);
        }
    } else {
        return 0;
    }
    if (h > 23 || m > 59)
        return 0;
    *off = sign * (h * 60 + m);
    return 1;
}

/* Check the ranges and turn the parts into seconds since the epoch. */
static int finish(struct parts *pt, hw_time *out)
{
    hw_time t;

    if (pt->year < 0 || pt->year > 9999 || pt->mon < 1 || pt->mon > 12)
        return HW_EPARSE;
    if (pt->day < 1 || pt->day > days_in_month(pt->year, pt->mon))
        return HW_EPARSE;
    if (pt->hour < 0 || pt->min < 0 || pt->min > 59 || pt->sec < 0 ||
        pt->sec > 60)
        return HW_EPARSE;
    if (pt->hour > 24 || (pt->hour == 24 && (pt->min != 0 || pt->sec != 0)))
        return HW_EPARSE;
    if (pt->sec == 60)
        pt->sec = 59; /* a leap second: hw_time has no room for it */
    t = hw_time_from_civil(pt->year, pt->mon, pt->day, 0, 0, 0);
    t += (hw_time)pt->hour * 3600 + pt->min * 60 + pt->sec;
    t -= (hw_time)pt->off * 60;
    *out = t;
    return 0;
}

/* Skip a parenthesised comment, nested as RFC 2822 allows. */
static void skip_comment(struct cur *c)
{
    int depth = 0;
    while (c->p < c->e) {
        char ch = *c->p++;
        if (ch == '(')
            depth++;
        else if (ch == ')' && --depth == 0)
            return;
    }
}

/* ---- RFC 3339 / ISO 8601 ---------------------------------------------- */

/* The time of day after 'T': hh[:mm[:ss]] or hhmm[ss], fraction dropped. */
static int iso_time(struct cur *c, struct parts *pt)
{
    if (!read_fixed(c, 2, &pt->hour))
        return 0;
    if (peek(c) == ':') {
        c->p++;
        if (!read_fixed(c, 2, &pt->min))
            return 0;
        if (peek(c) == ':') {
            c->p++;
            if (!read_fixed(c, 2, &pt->sec))
                return 0;
        }
    } else if (is_digit(peek(c))) {
        if (!read_fixed(c, 2, &pt->min))
            return 0;
        if (is_digit(peek(c)) && !read_fixed(c, 2, &pt->sec))
            return 0;
    }
    if (is_digit(peek(c)))
        return 0;
    if ((peek(c) == '.' || peek(c) == ',') && is_digit(peek_at(c, 1))) {
        c->p++;
        while (is_digit(peek(c)))
            c->p++;
    }
    return 1;
}

/* Turn an ordinal day (1-366) of pt->year into month and day. */
static int ordinal_to_date(struct parts *pt, int yday)
{
    int m = 1;
    if (yday < 1 || yday > (is_leap(pt->year) ? 366 : 365))
        return 0;
    while (yday > days_in_month(pt->year, m)) {
        yday -= days_in_month(pt->year, m);
        m++;
    }
    pt->mon = m;
    pt->day = yday;
    return 1;
}

static int parse_iso(struct cur c, hw_time *out)
{
    struct parts pt = {0, 1, 1, 0, 0, 0, 0};
    size_t n;
    int v = 0;

    if (!read_fixed(&c, 4, &pt.year))
        return HW_EPARSE;
    if (peek(&c) == '-') {
        c.p++;
        n = count_digits(&c);
        if (n == 3) {
            read_fixed(&c, 3, &v);
            if (!ordinal_to_date(&pt, v))
                return HW_EPARSE;
        } else if (n == 2) {
            read_fixed(&c, 2, &pt.mon);
            if (peek(&c) == '-') {
                c.p++;
                if (count_digits(&c) != 2)
                    return HW_EPARSE;
                read_fixed(&c, 2, &pt.day);
            }
        } else {
            return HW_EPARSE;
        }
    } else {
        n = count_digits(&c);
        if (n == 4) {
            read_fixed(&c, 2, &pt.mon);
            read_fixed(&c, 2, &pt.day);
        } else if (n == 3) {
            read_fixed(&c, 3, &v);
            if (!ordinal_to_date(&pt, v))
                return HW_EPARSE;
        } else if (n != 0) {
            return HW_EPARSE;
        }
    }

    /* The time: after 'T', or after spaces when a digit follows. */
    if (peek(&c) == 'T' || peek(&c) == 't') {
        c.p++;
        if (!iso_time(&c, &pt))
            return HW_EPARSE;
    } else if (is_space(peek(&c))) {
        struct cur save = c;
        skip_space(&c);
        if (is_digit(peek(&c))) {
            if (!iso_time(&c, &pt))
                return HW_EPARSE;
        } else {
            c = save;
        }
    }

    /* The zone: Z, a numeric offset, or (after a space) a name. */
    if (peek(&c) == 'Z' || peek(&c) == 'z') {
        c.p++;
    } else {
        skip_space(&c);
        if (peek(&c) == '+' || peek(&c) == '-') {
            if (!read_offset(&c, &pt.off))
                return HW_EPARSE;
        } else if (is_alpha(peek(&c))) {
            struct hw_str w = read_word(&c);
            if (!zone_of(w, &pt.off))
                return HW_EPARSE;
            if ((peek(&c) == '+' || peek(&c) == '-')) {
                int extra;
                if (!read_offset(&c, &extra))
                    return HW_EPARSE;
                pt.off += extra;
            }
        }
    }
    skip_space(&c);
    if (peek(&c) == '(') {
        skip_comment(&c);
        skip_space(&c);
    }
    if (c.p != c.e)
        return HW_EPARSE;
    return finish(&pt, out);
}

/* ---- RFC 822 / RFC 2822 and the wild ----------------------------------- */

/* A year of 2, 3 or 4 digits, widened as RFC 2822 section 4.3 says. */
static int rfc_year(struct cur *c, int *year)
{
    size_t n = read_num(c, 4, year);
    if (n == 2)
        *year += *year < 50 ? 2000 : 1900;
    else if (n == 3)
        *year += 1900;
    else if (n != 4)
        return 0;
    return 1;
}

/* Skip an English ordinal suffix after a day number ("13th"). */
static void skip_ordinal(struct cur *c)
{
    struct cur t = *c;
    struct hw_str w = read_word(&t);
    if (word_is(w, "st") || word_is(w, "nd") || word_is(w, "rd") ||
        word_is(w, "th"))
        *c = t;
}

/* An am/pm marker after the time: 0 none, 1 am, 2 pm; cursor moved. */
static int read_ampm(struct cur *c)
{
    struct cur t = *c;
    int which;

    skip_space(&t);
    which = lower(peek(&t));
    if (which != 'a' && which != 'p')
        return 0;
    t.p++;
    if (peek(&t) == '.')
        t.p++;
    if (lower(peek(&t)) != 'm')
        return 0;
    t.p++;
    if (peek(&t) == '.')
        t.p++;
    if (is_alpha(peek(&t)))
        return 0; /* a zone such as "AMT", not a marker */
    *c = t;
    return which == 'a' ? 1 : 2;
}

/*
 * The time of day: h:mm[:ss[.frac]], or military hhmm; then am/pm.
 * Returns 1 on success, 0 if malformed.
 */
static int rfc_time(struct cur *c, struct parts *pt)
{
    size_t n = count_digits(c);

    if (n == 4 && peek_at(c, 4) != ':') {
        read_fixed(c, 2, &pt->hour);
        read_fixed(c, 2, &pt->min);
    } else {
        if (!read_num(c, 2, &pt->hour) || peek(c) != ':')
            return 0;
        c->p++;
        if (!read_fixed(c, 2, &pt->min))
            return 0;
        if (peek(c) == ':') {
            c->p++;
            if (!read_fixed(c, 2, &pt->sec))
                return 0;
            if ((peek(c) == '.' || peek(c) == ',') &&
                is_digit(peek_at(c, 1))) {
                c->p++;
                while (is_digit(peek(c)))
                    c->p++;
            }
        }
    }
    if (is_digit(peek(c)) || peek(c) == ':')
        return 0;

    /* am / pm / a.m. / p.m., any case */
    switch (read_ampm(c)) {
    case 1:
        if (pt->hour > 12)
            return 0;
        pt->hour %= 12;
        break;
    case 2:
        if (pt->hour > 12)
            return 0;
        pt->hour = pt->hour % 12 + 12;
        break;
    default:
        break;
    }
    return 1;
}

/*
 * An optional zone after the time.  Returns 1 if one was read, 0 if none
 * is there, -1 if a zone is there but malformed.
 */
static int rfc_zone(struct cur *c, struct parts *pt)
{
    struct cur t = *c;
    struct hw_str w;

    skip_space(&t);
    if (peek(&t) == '+' || peek(&t) == '-') {
        if (!read_offset(&t, &pt->off))
            return -1;
        *c = t;
        return 1;
    }
    if (!is_alpha(peek(&t)))
        return 0;
    w = read_word(&t);
    if (peek(&t) == '/' && word_is(w, "etc")) { /* "Etc/GMT" */
        t.p++;
        w = read_word(&t);
    }
    if (!zone_of(w, &pt->off)) {
        /* RFC 2822 4.3: unknown names and military letters are -0000. */
        if (w.len == 0 || w.len > 5)
            return 0;
        for (size_t i = 0; i < w.len; i++)
            if (!is_alpha((unsigned char)w.p[i]))
                return 0;
        pt->off = 0;
    }
    if (peek(&t) == '+' || peek(&t) == '-') { /* "GMT+2", "UTC-05:00" */
        int extra;
        if (!read_offset(&t, &extra))
            return -1;
        pt->off += extra;
    }
    *c = t;
    return 1;
}

/*
 * The date at the cursor (the weekday already skipped).  Fills pt and
 * moves the cursor to where a time may start.  *asctime is set when the
 * year comes after the time ("Jan  4 16:29:06 2004").
 */
static int rfc_date(struct cur *c, struct parts *pt, int *asctime)
{
    size_t n;
    int v = 0;

    *asctime = 0;
    skip_seps(c, ",");
    if (is_alpha(peek(c)) || peek(c) >= 0x80) {
        /* Month first: "Jul 13, 2025" or asctime "Jul 13 06:00:00 2025". */
        pt->mon = month_of(read_word(c));
        if (!pt->mon)
            return 0;
        skip_seps(c, ".,-/");
        if (!read_num(c, 2, &pt->day))
            return 0;
        skip_ordinal(c);
        skip_seps(c, ",");
        n = count_digits(c);
        if (n > 0 && n <= 2 && peek_at(c, n) == ':') {
            *asctime = 1;
            return 1;
        }
        if (!rfc_year(c, &pt->year))
            return 0;
    } else if (is_digit(peek(c))) {
        n = read_num(c, 4, &v);
        if (n == 4) {
            /* Numeric year first: "2006/09/15", "2006-09-15". */
            char sep = (char)peek(c);
            if (sep != '/' && sep != '-' && sep != '.')
                return 0;
            c->p++;
            pt->year = v;
            if (!read_num(c, 2, &pt->mon) || peek(c) != sep)
                return 0;
            c->p++;
            if (!read_num(c, 2, &pt->day))
                return 0;
        } else if (n == 1 || n == 2) {
            /* Day first: "13 Jul 2025", "13-Jul-2025", "13 July, 2025". */
            pt->day = v;
            skip_ordinal(c);
            skip_seps(c, "-/.,");
            pt->mon = month_of(read_word(c));
            if (!pt->mon)
                return 0;
            skip_seps(c, "-/.,");
            n = count_digits(c);
            if (n > 0 && n <= 2 && peek_at(c, n) == ':')
                return 0; /* no year: "07 Mar 08:03:50" */
            if (!rfc_year(c, &pt->year))
                return 0;
        } else {
            return 0;
        }
    } else {
        return 0;
    }
    /* The date must end at a boundary: not "2025-07-13T06:00". */
    v = peek(c);
    return v == -1 || is_space(v) || v == ',' || v == '(';
}

/* What may follow the parsed date and time: nothing, or a comment, or
 * (once a zone has been read) any words ("-0700 PDT"). */
static int rfc_rest_ok(struct cur c, int had_zone)
{
    skip_seps(&c, ",");
    if (c.p == c.e || peek(&c) == '(')
        return 1;
    return had_zone && (is_alpha(peek(&c)) || peek(&c) >= 0x80);
}

static int parse_rfc(struct cur c, hw_time *out)
{
    struct parts pt = {0, 1, 1, 0, 0, 0, 0};
    int asctime, had_zone = 0, r;

    if (!rfc_date(&c, &pt, &asctime))
        return HW_EPARSE;
    skip_seps(&c, ",");
    if (asctime) {
        if (!rfc_time(&c, &pt))
            return HW_EPARSE;
        r = rfc_zone(&c, &pt);
        if (r < 0)
            return HW_EPARSE;
        skip_space(&c);
        if (!rfc_year(&c, &pt.year))
            return HW_EPARSE;
        had_zone = r;
        if (is_digit(peek(&c)))
            return HW_EPARSE;
    } else {
        struct cur t = c;
        struct hw_str w = read_word(&t);
        if (word_is(w, "at")) { /* "July 13, 2025 at 6:00 PM" */
            skip_space(&t);
            if (is_digit(peek(&t)))
                c = t;
        }
        if (is_digit(peek(&c))) {
            if (!rfc_time(&c, &pt))
                return HW_EPARSE;
            r = rfc_zone(&c, &pt);
            if (r < 0)
                return HW_EPARSE;
            had_zone = r;
        } else {
            /* Date only: a known zone name may follow, nothing else. */
            t = c;
            w = read_word(&t);
            if (w.len && zone_of(w, &pt.off)) {
                c = t;
                had_zone = 1;
            }
        }
    }
    if (had_zone && peek(&c) != -1 && !is_space(peek(&c)) &&
        peek(&c) != '(' && peek(&c) != ',')
        return HW_EPARSE; /* "+00:zz", "GMTfoo" */
    if (!rfc_rest_ok(c, had_zone))
        return HW_EPARSE;
    return finish(&pt, out);
}

/*
 * Skip a leading weekday: a word (in any language, right or wrong) and
 * its comma or period.  Returns 1 if one was skipped.
 */
static int skip_weekday(struct cur *c)
{
    struct cur t = *c;
    struct hw_str w = read_word(&t);
    if (w.len == 0 || w.len > 12)
        return 0;
    if (peek(&t) == '.')
        t.p++;
    skip_space(&t);
    if (peek(&t) == ',')
        t.p++;
    *c = t;
    return 1;
}

int feed_date_parse(const char *s, size_t len, hw_time *out)
{
    struct cur c, body;
    hw_time t;

    if (!s || !out)
        return HW_EPARSE;
    c.p = s;
    c.e = s + len;
    while (c.p < c.e && is_space((unsigned char)*c.p))
        c.p++;
    while (c.e > c.p && is_space((unsigned char)c.e[-1]))
        c.e--;
    if (c.p == c.e || c.e - c.p > DATE_MAX_LEN)
        return HW_EPARSE;

    /* A four-digit year first: ISO 8601, else numeric RFC-ish forms. */
    if (count_digits(&c) >= 4) {
        if (parse_iso(c, &t) == 0) {
            *out = t;
            return 0;
        }
        if (parse_rfc(c, &t) == 0) {
            *out = t;
            return 0;
        }
        return HW_EPARSE;
    }

    /* A leading word is a weekday, unless it is the month ("Jul 13"). */
    body = c;
    if (skip_weekday(&body) && parse_rfc(body, &t) == 0) {
        *out = t;
        return 0;
    }
    if (parse_rfc(c, &t) == 0) {
        *out = t;
        return 0;
    }
    return HW_EPARSE;
}
