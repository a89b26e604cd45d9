/*
 * fuzz_webinar.c - libFuzzer harness for the checks of a webinar's title
 * and links (cohort_webinar.c), which stand between what an operator
 * types and the calendars and emails that carry it.  The whole input is
 * tried as a title and as a link.
 *
 * Beyond "no crash": a link taken is an http(s) address with no byte
 * below 0x21 and within COHORT_URL_MAX; a title taken is valid UTF-8
 * with no C0 control or DEL, within COHORT_TITLE_MAX characters.
 */
#include <strings.h>

#include "cohort_webinar.h"
#include "fuzz.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s = fuzz_str(data, len);
	const char *why = NULL, *p;
	size_t n = strlen(s);

	if (cohort_url_check(s, &why) == 0) {
		FUZZ_CHECK(n <= COHORT_URL_MAX);
		FUZZ_CHECK(strncasecmp(s, "http://", 7) == 0 ||
		    strncasecmp(s, "https://", 8) == 0);
		for (p = s; *p; p++)
			FUZZ_CHECK((unsigned char)*p > 0x20 && *p != 0x7f);
	} else
		FUZZ_CHECK(why != NULL && *why != '\0');
	why = NULL;
	if (cohort_title_check(s, &why) == 0) {
		FUZZ_CHECK(utf8_valid(s, n, NULL));
		FUZZ_CHECK(utf8_len(s) <= COHORT_TITLE_MAX);
		for (p = s; *p; p++)
			FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
	} else
		FUZZ_CHECK(why != NULL && *why != '\0');
	free(s);
	return 0;
}
