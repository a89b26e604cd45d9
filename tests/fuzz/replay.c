/*
 * replay.c - a main() for the libFuzzer harnesses without libFuzzer: it
 * reads each file named on the command line and calls
 * LLVMFuzzerTestOneInput on its bytes, as the fuzzer would.  Built with
 * the ordinary compiler (and under SANITIZE=1 with ASan+UBSan), it turns
 * the seed corpora and the inputs that once crashed into permanent
 * regression tests for make check.  Exits 0 when every file was replayed,
 * 2 when one could not be read; a harness check that fails aborts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		size_t len;
		char *data = file_read(argv[i], 16 * 1024 * 1024, &len);

		if (data == NULL) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			return 2;
		}
		fprintf(stderr, "replay: %s\n", argv[i]);
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
	}
	return 0;
}
