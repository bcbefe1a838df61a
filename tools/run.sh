#!/bin/sh
# make run: ingest the seed feeds (or FEEDS=...) into ./hashwire.db, print
# the topic page of the most mentioned hashtag, then serve the web pages
# and crawl the subscribed feeds until Ctrl-C.
set -e
BIN=$1
SHARED=$2
FEEDS=$3
if [ -z "$FEEDS" ] && [ -d "$SHARED/seed/feeds" ]; then
    FEEDS=$(ls "$SHARED"/seed/feeds/*)
fi
# subscribe to the default list once; the crawler polls it where there is
# a network
"$BIN" feeds import --if-empty data/default-feeds.opml >/dev/null
if [ -n "$FEEDS" ]; then
    # shellcheck disable=SC2086
    "$BIN" ingest $FEEDS
    "$BIN" topic --top --limit 10
fi
echo "make run: serving ./hashwire.db and crawling its feeds; Ctrl-C stops"
exec "$BIN" serve --crawl --listen "${HASHWIRE_LISTEN:-127.0.0.1:8080}"
