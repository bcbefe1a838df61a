/*
 * time.c - civil time in UTC and relative time.
 *
 * Dates are int64 seconds since 1970-01-01T00:00:00Z, converted with the
 * proleptic Gregorian day-count arithmetic (days in 400-year eras), so no
 * libc time zone state is ever touched.
 *
 * hw_reltime() follows moment.js fromNow() with its default thresholds
 * (ss 44, s 45, m 45, h 22, d 26, M 11, weeks off).  Like moment, the
 * difference is taken as whole calendar months plus a remainder, months
 * are worth 146097/4800 days, and every figure is rounded half up.  moment
 * does the month arithmetic in local time; hashwire does it in UTC.
 */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "util/hw.h"

static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

hw_time hw_time_from_civil(int year, int mon, int day, int hour, int min,
                           int sec)
{
    return days_from_civil(year, mon, day) * 86400 + (int64_t)hour * 3600 +
           (int64_t)min * 60 + sec;
}

/* Floor division for negative times. */
static int64_t floordiv(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void hw_time_rfc3339(hw_time t, char out[32])
{
    int64_t days = floordiv(t, 86400), y, rem = t - days * 86400;
    int m, d;

    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        out[0] = '\0';
        return;
    }
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

static int digits(const char *s, int n, int *out)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int month_days(int64_t y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 ? 28 + leap : md[m - 1];
}

int hw_time_parse_rfc3339(const char *s, hw_time *out)
{
    int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
    const char *p;

    if (!s || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
        s[7] != '-' || digits(s + 8, 2, &d))
        return HW_EPARSE;
    if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
        s[16] != ':' || digits(s + 17, 2, &sec))
        return HW_EPARSE;
    p = s + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return HW_EPARSE;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p == '-' ? -1 : 1;
        if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
            return HW_EPARSE;
        p += 6;
    } else {
        return HW_EPARSE;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
        h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59)
        return HW_EPARSE;
    if (sec == 60)
        sec = 59;
    *out = hw_time_from_civil(y, mo, d, h, mi, sec) -
           sign * ((int64_t)oh * 3600 + om * 60);
    return 0;
}

hw_time hw_time_now(void)
{
    return (hw_time)time(NULL);
}

/* t plus n calendar months, the day clamped to the end of the month. */
static hw_time add_months(hw_time t, int64_t n)
{
    int64_t days = floordiv(t, 86400), y, rem = t - days * 86400, mi;
    int m, d, md;

    civil_from_days(days, &y, &m, &d);
    mi = y * 12 + (m - 1) + n;
    y = floordiv(mi, 12);
    m = (int)(mi - y * 12) + 1;
    md = month_days(y, m);
    if (d > md)
        d = md;
    return days_from_civil(y, m, d) * 86400 + rem;
}

static int64_t round_half_up(double x)
{
    return (int64_t)floor(x + 0.5);
}

int hw_reltime(hw_time then, hw_time now, struct hw_buf *b)
{
    hw_time a = then < now ? then : now, z = then < now ? now : then;
    int64_t months, y, mth, s, mi, h, d;
    double secs, as_d, as_m;
    int64_t ms_days;
    char num[32];
    const char *txt = NULL;
    int ybr = 0, mbr = 0;

    /* whole calendar months from a towards z, then the remainder */
    {
        int64_t da = floordiv(a, 86400), dz = floordiv(z, 86400), ya, yz;
        int ma, mz, xa, xz;
        civil_from_days(da, &ya, &ma, &xa);
        civil_from_days(dz, &yz, &mz, &xz);
        months = (mz - ma) + (yz - ya) * 12;
        if (add_months(a, months) > z)
            months--;
    }
    secs = (double)(z - add_months(a, months));
    ms_days = round_half_up((double)months * 146097.0 / 4800.0);
    as_d = (double)ms_days + secs / 86400.0;
    s = round_half_up(as_d * 86400.0);
    mi = round_half_up(as_d * 1440.0);
    h = round_half_up(as_d * 24.0);
    d = round_half_up(as_d);
    as_m = (double)months + (secs / 86400.0) * 4800.0 / 146097.0;
    mth = round_half_up(as_m);
    y = round_half_up(as_m / 12.0);

    num[0] = '\0';
    if (s <= 44)
        txt = "a few seconds";
    else if (s < 45)
        snprintf(num, sizeof num, "%lld seconds", (long long)s);
    else if (mi <= 1)
        txt = "a minute";
    else if (mi < 45)
        snprintf(num, sizeof num, "%lld minutes", (long long)mi);
    else if (h <= 1)
        txt = "an hour";
    else if (h < 22)
        snprintf(num, sizeof num, "%lld hours", (long long)h);
    else if (d <= 1)
        txt = "a day";
    else if (d < 26)
        snprintf(num, sizeof num, "%lld days", (long long)d);
    else if ((mbr = mth <= 1))
        txt = "a month";
    else if (mth < 11)
        snprintf(num, sizeof num, "%lld months", (long long)mth);
    else if ((ybr = y <= 1))
        txt = "a year";
    else
        snprintf(num, sizeof num, "%lld years", (long long)y);
    (void)mbr;
    (void)ybr;
    if (!txt)
        txt = num;
    if (then > now)
        return hw_buf_printf(b, "in %s", txt);
    return hw_buf_printf(b, "%s ago", txt);
}
