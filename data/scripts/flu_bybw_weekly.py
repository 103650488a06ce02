#!/usr/bin/env python3
"""Converts the weekly influenza counts of the R package 'surveillance' to data/flu_bybw_weekly.csv.

Source: Debian package r-cran-surveillance (GPL-2), file
/usr/lib/R/site-library/surveillance/extdata/counts_flu_BYBW.txt: a header with 140 district
codes (quoted), then one line per week: a quoted week number and 140 counts. The package numbers
the weeks 1-416 from 2001 week 1; they are written here as consecutive ISO weeks from 2001-W01.

Get the file without installing R:
    apt-get download r-cran-surveillance && dpkg -x r-cran-surveillance_*.deb x
    python3 data/scripts/flu_bybw_weekly.py \
        x/usr/lib/R/site-library/surveillance/extdata/counts_flu_BYBW.txt data/flu_bybw_weekly.csv
"""
import datetime
import sys


def main(src, dst):
    with open(src, encoding="utf-8") as f:
        lines = [line.split() for line in f if line.strip()]
    keys = [k.strip('"') for k in lines[0]]
    weeks = lines[1:]
    start = datetime.date.fromisocalendar(2001, 1, 1)
    rows = []
    for i, w in enumerate(weeks):
        if int(w[0].strip('"')) != i + 1 or len(w) != len(keys) + 1:
            raise SystemExit(f"unexpected line {i + 2}: {w[:3]}")
        year, week, _ = (start + datetime.timedelta(weeks=i)).isocalendar()
        for key, count in zip(keys, w[1:]):
            rows.append((key, i, f"{year}-W{week:02d}", int(count)))
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(dst, "w", encoding="utf-8", newline="\n") as out:
        out.write("key,date,value\n")
        for key, _, date, count in rows:
            out.write(f"{key},{date},{count}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
