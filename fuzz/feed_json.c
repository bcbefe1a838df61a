/*
 * feed_json.c - libFuzzer harness for feed_parse() on JSON Feed input (jansson)
 * and for feed_to_json() on whatever it returns (fuzz/feed_fuzz.h).
 */
#include "feed_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return feed_fuzz_one(data, size);
}
