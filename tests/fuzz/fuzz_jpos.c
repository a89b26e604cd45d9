/*
 * fuzz_jpos.c - libFuzzer harness for jpos_find, which re-reads JSON
 * text to put a line and column on a value for error messages.  The
 * input's first line is a path ("days[3].task"), the rest the text.  The
 * reader promises never to read past the end whatever it is given, so the
 * text is not required to be valid JSON; positions must stay within the
 * text's lines.  jpos_escape and jpos_report are exercised on the same
 * input.
 */
#include "diag.h"
#include "fuzz.h"
#include "jpos.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const uint8_t *nl = memchr(data, '\n', len);
	char *path, *text, *esc;
	struct jpos pos;
	size_t plen, tlen, i;
	int lines = 1, rc;

	plen = nl ? (size_t)(nl - data) : len;
	path = fuzz_str(data, plen);
	tlen = nl ? len - plen - 1 : 0;
	/* a copy of exactly tlen bytes, so ASan sees any overread */
	text = malloc(tlen ? tlen : 1);
	if (text == NULL)
		abort();
	if (tlen)
		memcpy(text, nl + 1, tlen);
	for (i = 0; i < tlen; i++)
		lines += text[i] == '\n';

	memset(&pos, 0, sizeof(pos));
	rc = jpos_find(text, tlen, path, &pos);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(pos.line >= 0 && pos.line <= lines);
	FUZZ_CHECK(pos.key_line >= 0 && pos.key_line <= lines);
	FUZZ_CHECK(pos.col >= 0 && pos.key_col >= 0);

	/* the whole path as one key, escaped */
	esc = jpos_escape(path);
	FUZZ_CHECK(esc != NULL);
	(void)jpos_find(text, tlen, esc, &pos);
	free(esc);

	{
		struct diag_list dl = { NULL, 0, 0 };
		struct jdoc doc = { "f.json", text, tlen, &dl, 0 };

		jpos_report(&doc, path, (int)(len & 1), "problem %s", "here");
		FUZZ_CHECK(doc.errors == 1 && dl.n == 1);
		diag_free(&dl);
	}
	free(path);
	free(text);
	return 0;
}
