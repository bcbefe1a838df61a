#!/bin/sh
# make run: ingest the seed feeds (or FEEDS=...) into ./hashwire.db and
# print the topic page of the most mentioned hashtag.
set -e
BIN=$1
SHARED=$2
FEEDS=$3
if [ -z "$FEEDS" ] && [ -d "$SHARED/seed/feeds" ]; then
    FEEDS=$(ls "$SHARED"/seed/feeds/*)
fi
if [ -z "$FEEDS" ]; then
    echo "make run: no feeds: give FEEDS='file.xml ...'" >&2
    exit 2
fi
# subscribe to the default list once, for `hashwire crawl` where there is a
# network; the seed files are ingested from disk either way
"$BIN" feeds import --if-empty data/default-feeds.opml >/dev/null
# shellcheck disable=SC2086
"$BIN" ingest $FEEDS
"$BIN" topic --top --limit 10
