/*
 * fuzz_curriculum.c - libFuzzer harness for the curriculum loader.  The
 * first byte chooses the file the rest of the input becomes: 'f', the
 * weeks after the plan (followon.json); else even, the plan
 * (program.json); odd, the scorecard (scorecard.json).  The other
 * files, the lessons and the templates are the small valid curriculum in
 * tests/data/curriculum, linked into a scratch folder made once per
 * process ($FUZZ_CURRICULUM overrides where it is).  cur_load must return
 * 0 or -1 with a diagnostic for every failure, and free cleanly.
 */
#include <limits.h>
#include <sys/stat.h>

#include "curriculum.h"
#include "diag.h"
#include "fuzz.h"

#ifndef FUZZ_CURRICULUM
#define FUZZ_CURRICULUM	"tests/data/curriculum"
#endif

static char dir[PATH_MAX];	/* the scratch curriculum */
static char src[PATH_MAX];	/* the valid one, absolute */

/* out gets "a/b"; a path too long for PATH_MAX is a broken setup */
static void
join(char out[PATH_MAX], const char *a, const char *b)
{
	if (snprintf(out, PATH_MAX, "%s/%s", a, b) >= PATH_MAX)
		abort();
}

static void
link_into(const char *name)
{
	char from[PATH_MAX], to[PATH_MAX];

	join(from, src, name);
	join(to, dir, name);
	if (symlink(from, to) == -1) {
		fprintf(stderr, "fuzz: symlink %s: %s\n", to,
		    strerror(errno));
		abort();
	}
}

static void
cleanup(void)
{
	static const char *const names[] = { "lessons", "templates",
	    "program.json", "scorecard.json", "followon.json" };
	char p[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		join(p, dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void
setup(void)
{
	const char *from = getenv("FUZZ_CURRICULUM");

	if (from == NULL || *from == '\0')
		from = FUZZ_CURRICULUM;
	if (realpath(from, src) == NULL) {
		fprintf(stderr, "fuzz: %s: %s\n", from, strerror(errno));
		abort();
	}
	join(dir, fuzz_tmpdir(), "fuzz_curriculum.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "fuzz: mkdtemp: %s\n", strerror(errno));
		abort();
	}
	link_into("lessons");
	link_into("templates");
	atexit(cleanup);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct curriculum cur;
	char file[PATH_MAX];
	static const char *const files[] = { "program.json",
	    "scorecard.json", "followon.json" };
	const char *mine;
	size_t i;
	int rc;

	if (len == 0)
		return 0;
	if (dir[0] == '\0')
		setup();
	mine = data[0] == 'f' ? files[2] : files[data[0] & 1];
	/* the valid files the input is not, as links */
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (files[i] == mine)
			continue;
		join(file, dir, files[i]);
		unlink(file);
		link_into(files[i]);
	}
	join(file, dir, mine);
	unlink(file);
	fuzz_write_file(file, data + 1, len - 1);

	rc = cur_load(dir, &cur, &dl);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(rc == 0 || dl.n > 0);
	if (rc == 0) {
		FUZZ_CHECK(cur.title && cur.tmpl_text && cur.tmpl_html);
		FUZZ_CHECK(cur.followon.ncats == cur.scorecard.ncategories);
		for (i = 0; i < CUR_DAYS; i++)
			FUZZ_CHECK(cur.days[i].day == (int)i + 1 &&
			    cur.days[i].lesson != NULL);
		FUZZ_CHECK(cur.scorecard.nbands > 0);
	}
	cur_free(&cur);
	diag_free(&dl);
	return 0;
}
