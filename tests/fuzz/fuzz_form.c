/*
 * fuzz_form.c - libFuzzer harness for form_parse(), the strict decoder of
 * urlencoded bodies the daemon's POST handlers use.  On success every
 * name and value must be a NUL-free string, no name may appear twice, and
 * form_get must find each field; on failure the form must be empty.
 */
#include "form.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct form form;
	size_t i, k;
	int rc;

	rc = form_parse(&form, (const char *)data, len);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == -1)
		FUZZ_CHECK(form.n == 0);
	FUZZ_CHECK(form.n <= FORM_MAXFIELDS);
	for (i = 0; i < form.n; i++) {
		FUZZ_CHECK(form.f[i].name && form.f[i].value);
		FUZZ_CHECK(form.f[i].name[0] != '\0');
		/* the decoded text is never longer than what was sent */
		FUZZ_CHECK(strlen(form.f[i].name) + strlen(form.f[i].value) <
		    len + 1);
		FUZZ_CHECK(form_get(&form, form.f[i].name) ==
		    form.f[i].value);
		for (k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(form.f[i].name,
			    form.f[k].name) != 0);
	}
	form_free(&form);
	FUZZ_CHECK(form.n == 0);
	return 0;
}
