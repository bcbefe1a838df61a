/*
 * feed_xml.c - libFuzzer harness for feed_parse() on XML feeds (RSS, RDF, Atom)
 * and for feed_to_json() on whatever it returns (fuzz/feed_fuzz.h).
 */
#include "feed_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return feed_fuzz_one(data, size);
}
