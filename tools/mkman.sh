#!/bin/sh
# Build the man page hashwire.1 from the program's own help text, so the
# two never disagree.  Usage: mkman.sh BIN > hashwire.1
set -eu
BIN=$1
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/"; }
echo '.TH HASHWIRE 1 "" "hashwire" "User Commands"'
echo '.SH NAME'
echo 'hashwire \- a news engine: feeds in, topic pages by hashtag out'
echo '.SH SYNOPSIS'
"$BIN" --help | sed -n '1s/^usage: //p' | esc
echo '.SH DESCRIPTION'
echo '.nf'
"$BIN" --help | sed '1,2d' | esc
echo '.fi'
echo '.SH COMMANDS'
for cmd in $("$BIN" --help | sed -n '/^Commands:/,$p' | sed '1d' | awk '{print $1}'); do
    echo ".SS $cmd"
    echo '.nf'
    "$BIN" "$cmd" --help | esc
    echo '.fi'
done
echo '.SH EXIT STATUS'
echo '0 done, 1 failed, 2 usage error.'
echo '.SH FILES'
echo './hashwire.db, the default SQLite database.'
