/*
 * fuzz_cohort_csv.c - libFuzzer harness for the webinar export reader
 * (cohort_csv.c, cohort.c, cohort_set.c): any bytes, split into two
 * chunks at a point the input chooses, must be read or refused without a
 * crash, a leak or undefined behaviour.  `make fuzz` builds and runs it;
 * make check replays tests/fuzz/corpus/cohort_csv.
 */
#include "fuzz.h"

#include "cohort_csv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct cohort_csv c;
	size_t cut = len ? data[0] % len : 0;

	cohort_csv_init(&c, "America/New_York");
	if (cohort_csv_feed(&c, data, cut) == 0 &&
	    cohort_csv_feed(&c, data + cut, len - cut) == 0)
		cohort_csv_end(&c);
	cohort_csv_free(&c);
	return 0;
}
