# refready - one non-recursive Makefile.
#
#   make                 build build/refready
#   make check           install missing packages, build, run every test
#   make check SANITIZE=1  the same under ASan + UBSan (in build/san)
#   make run             install missing packages, build, show it working
#   make install         PREFIX=/usr/local DESTDIR= (staged installs)
#
# `check` and `run` first run `deps`, then call make again, so that the
# pkg-config flags are read after any missing package was installed.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/refready
UNITDIR	?= $(PREFIX)/lib/systemd/system

ifeq ($(SANITIZE),1)
BUILD	:= build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=undefined
else
BUILD	:= build
SANFLAGS :=
endif

# Libraries linked so far; `deps` checks for every one the product uses.
PKGS	:= sqlite3 jansson libical libcmark libcrypto libcurl libmicrohttpd \
	   gmime-3.0

WARN	:= -std=c11 -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	   -Wmissing-prototypes
CFLAGS	?= -O2 -g
CFLAGS	+= $(WARN) $(if $(CI),-Werror) $(SANFLAGS)
CPPFLAGS += -Iinclude -D_GNU_SOURCE -MMD -MP \
	    $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDFLAGS	+= $(SANFLAGS)
# libcsv has no pkg-config file (see deps below)
LDLIBS	+= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread

LIBSRC	:= $(filter-out src/main.c,$(wildcard src/*.c))
LIBOBJ	:= $(LIBSRC:src/%.c=$(BUILD)/obj/%.o)
UNITSRC	:= $(wildcard tests/unit/*.c)
UNITOBJ	:= $(UNITSRC:tests/unit/%.c=$(BUILD)/obj/unit/%.o)

.PHONY: all check test run install uninstall clean deps shots bench

all: $(BUILD)/refready

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -c -o $@ $<

$(BUILD)/librefready.a: $(LIBOBJ)
	$(AR) rcs $@ $^

$(BUILD)/refready: $(BUILD)/obj/main.o $(BUILD)/librefready.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/unit: $(UNITOBJ) $(BUILD)/librefready.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

-include $(LIBOBJ:.o=.d) $(BUILD)/obj/main.d $(UNITOBJ:.o=.d)

# bench/mail.sh's bare libcurl sender and bench/webhooks.sh's bare
# libcurl poster: libcurl only, none of refready
bench: $(BUILD)/curlsend $(BUILD)/curlpost

$(BUILD)/curlpost: bench/curlpost.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags libcurl 2>/dev/null) \
	  $(LDFLAGS) -o $@ $< $(shell pkg-config --libs libcurl 2>/dev/null)

$(BUILD)/curlsend: bench/curlsend.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags libcurl 2>/dev/null) \
	  $(LDFLAGS) -o $@ $< $(shell pkg-config --libs libcurl 2>/dev/null)

# ---- packages ----------------------------------------------------------
# pkg-config name : Debian package.  libcsv-dev ships no .pc file, so its
# header is probed with the compiler instead.
#
# postfix (t_relay.sh and bench/relay.sh run private instances with
# `postfix -c DIR`; its smtp-sink serves the mail benchmarks) is installed
# without ever starting or enabling the system's Postfix: debconf is told
# "No configuration" (no /etc/postfix/main.cf, so neither the init script
# nor postfix.service would start), a policy-rc.d answering 101 ("action
# forbidden") is in place while apt-get runs, so invoke-rc.d and
# deb-systemd-invoke start nothing (one that allows starts is set aside
# and put back after), and the service is disabled again right after the
# package's postinst enabled it (update-rc.d's links, systemd's wants).
DEPS_PC	:= sqlite3:libsqlite3-dev libcurl:libcurl4-openssl-dev libcrypto:libssl-dev \
	   jansson:libjansson-dev libical:libical-dev \
	   libmicrohttpd:libmicrohttpd-dev libcmark:libcmark-dev \
	   gmime-3.0:libgmime-3.0-dev
DEPS_PY	:= aiosmtpd:python3-aiosmtpd icalendar:python3-icalendar
DEPS_CMD := pkg-config:pkg-config cc:gcc sqlite3:sqlite3 curl:curl mandoc:mandoc col:bsdextrautils \
	    spamassassin:spamassassin

deps:
	@missing=; \
	for d in $(DEPS_CMD); do \
	  command -v $${d%%:*} >/dev/null 2>&1 || missing="$$missing $${d#*:}"; \
	done; \
	for d in $(DEPS_PC); do \
	  pkg-config --exists $${d%%:*} 2>/dev/null || missing="$$missing $${d#*:}"; \
	done; \
	printf '#include <csv.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 || \
	  missing="$$missing libcsv-dev"; \
	[ -e /usr/share/zoneinfo/America/New_York ] || missing="$$missing tzdata"; \
	for d in $(DEPS_PY); do \
	  /usr/bin/python3 -c "import $${d%%:*}" >/dev/null 2>&1 || \
	    missing="$$missing $${d#*:}"; \
	done; \
	[ -x /usr/sbin/postfix ] || missing="$$missing postfix"; \
	[ -n "$$missing" ] || exit 0; \
	echo "deps: installing$$missing"; \
	if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	pol=/usr/sbin/policy-rc.d; saved=; \
	case " $$missing " in *" postfix "*) \
	  echo 'postfix postfix/main_mailer_type select No configuration' | \
	    $$sudo debconf-set-selections || exit 1; \
	  if [ -e $$pol ]; then \
	    $$pol postfix start >/dev/null 2>&1; \
	    [ $$? -eq 101 ] || { $$sudo mv $$pol $$pol.refready-saved || exit 1; saved=1; }; \
	  fi; \
	  if [ ! -e $$pol ]; then \
	    trap '$$sudo rm -f $$pol; [ -z "$$saved" ] || $$sudo mv $$pol.refready-saved $$pol' EXIT INT TERM; \
	    printf '#!/bin/sh\n# make deps: no service starts while it installs\nexit 101\n' | \
	      $$sudo tee $$pol >/dev/null && $$sudo chmod 755 $$pol || exit 1; \
	  fi;; \
	esac; \
	$$sudo apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing || exit 1; \
	case " $$missing " in *" postfix "*) \
	  $$sudo update-rc.d postfix disable >/dev/null 2>&1; true;; \
	esac

# ---- tests -------------------------------------------------------------
check: deps
	@$(MAKE) --no-print-directory test

test: $(BUILD)/refready $(BUILD)/unit
	@REFREADY=$(abspath $(BUILD)/refready) UNIT=$(abspath $(BUILD)/unit) \
	  sh tests/run

# screenshots of the pages at phone and desktop width, into build/shots/
shots: all
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	  $$sudo apt-get install -y -q chromium; }
	@REFREADY=$(abspath $(BUILD)/refready) sh tests/shots.sh

# ---- fuzzing -----------------------------------------------------------
# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c) for every parser of outside
# input.  The library is compiled a second time with clang and
# -fsanitize=fuzzer-no-link,address,undefined into build/fuzz/obj; each
# harness links it with libFuzzer.
#
#   make fuzz-build         build build/fuzz/fuzz_NAME
#   make fuzz               run each for FUZZ_SECONDS (default 60) on a
#                           copy of its seeds in build/fuzz/corpus/NAME;
#                           crashes go to build/fuzz/crashes/NAME; fails
#                           if any harness crashed
#   make fuzz FUZZ=form     just one (or a few: FUZZ="form time")
#
# make check replays every seed and every kept crash (tests/fuzz/regress)
# through the same harnesses built with the ordinary compiler and a plain
# main() (tests/fuzz/replay.c): see tests/t_fuzz_regress.sh.
FUZZ_SECONDS ?= 60
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ	?= $(FUZZ_NAMES)
FUZZ_CC	?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	    -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -g -O1 $(FUZZ_SAN)
FUZZ_DEFS := -DFUZZ_CURRICULUM='"$(abspath tests/data/curriculum)"' \
	     -DFUZZ_SCORECARD='"$(abspath curriculum)"'
FUZZ_OBJ := $(LIBSRC:src/%.c=build/fuzz/obj/%.o)

.PHONY: fuzz fuzz-build fuzz-deps

build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	  -c -o $@ $<

build/fuzz/librefready.a: $(FUZZ_OBJ)
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h \
    build/fuzz/librefready.a
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_DEFS) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
	  -o $@ $< build/fuzz/librefready.a $(LDLIBS)

-include $(FUZZ_OBJ:.o=.d)

# libFuzzer's runtime comes with Debian's compiler-rt package; only the
# fuzz targets need it, so plain `make check` never installs it
fuzz-deps:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 && \
	  echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
	  $(FUZZ_CC) -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null || { \
	  echo "fuzz-deps: installing clang libclang-rt-14-dev"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	  $$sudo apt-get install -y -q clang libclang-rt-14-dev; }

fuzz-build: deps fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_NAMES:%=build/fuzz/fuzz_%)

fuzz: fuzz-build
	@failed=; for n in $(FUZZ); do \
	  c=build/fuzz/corpus/$$n; k=build/fuzz/crashes/$$n; \
	  mkdir -p $$c $$k; cp -R tests/fuzz/corpus/$$n/. $$c/; \
	  [ ! -d tests/fuzz/regress/$$n ] || cp -R tests/fuzz/regress/$$n/. $$c/; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	  build/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$$k/ $$c >build/fuzz/$$n.log 2>&1 || \
	    { failed="$$failed $$n"; tail -n 40 build/fuzz/$$n.log; }; \
	  grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' \
	    build/fuzz/$$n.log | tail -n 2 | sed "s/^/fuzz: $$n: /"; \
	done; \
	[ -z "$$failed" ] || { echo "fuzz: crashed:$$failed (see build/fuzz/crashes)"; exit 1; }; \
	echo "fuzz: no crashes"

# the replay drivers make check uses (ordinary compiler, $(BUILD) flags)
FUZZ_REPLAY := $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/%)

$(BUILD)/obj/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_DEFS) $(CFLAGS) -c -o $@ $<

$(BUILD)/fuzz-replay/%: $(BUILD)/obj/fuzz/fuzz_%.o $(BUILD)/obj/fuzz/replay.o \
    $(BUILD)/librefready.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

-include $(FUZZ_NAMES:%=$(BUILD)/obj/fuzz/fuzz_%.d) $(BUILD)/obj/fuzz/replay.d

# keep the objects: make would delete them as intermediates
.SECONDARY: $(FUZZ_NAMES:%=$(BUILD)/obj/fuzz/fuzz_%.o) $(BUILD)/obj/fuzz/replay.o

test: $(FUZZ_REPLAY)

# ---- valgrind ----------------------------------------------------------
# make valgrind runs the test suite with the program and the unit tests
# under valgrind (memcheck): REFREADY and UNIT become wrapper scripts in
# build/valgrind that exec valgrind, which writes its reports to
# build/valgrind/log/PID.log so the tests' own stderr checks still hold.
# Any error or definite leak makes that run exit 99 (the test fails) and
# leaves a non-empty log, which fails the target.  It is slow; pick tests
# with VALGRIND_TESTS="tests/t_cli.sh tests/t_serve.sh" (UNIT for the unit
# tests).
VALGRIND ?= valgrind
VALGRIND_FLAGS ?= --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--track-origins=yes --num-callers=30
VALGRIND_TESTS ?=

.PHONY: valgrind valgrind-deps

valgrind-deps:
	@command -v $(VALGRIND) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	  $$sudo apt-get install -y -q valgrind; }

valgrind: deps valgrind-deps
	@$(MAKE) --no-print-directory build/refready build/unit
	@d=$(abspath build/valgrind); rm -rf $$d; mkdir -p $$d/log; \
	for b in refready unit; do \
	  printf '#!/bin/sh\nexec %s -q %s --log-file=%s/log/%%p.log %s "$$@"\n' \
	    '$(VALGRIND)' '$(VALGRIND_FLAGS)' "$$d" \
	    '$(abspath build)'/$$b > $$d/$$b; \
	  chmod 755 $$d/$$b; \
	done; \
	REFREADY=$$d/refready UNIT=$$d/unit \
	  TESTS="$(subst UNIT,$$d/unit,$(VALGRIND_TESTS))" sh tests/run; \
	status=$$?; \
	n=$$(find $$d/log -name '*.log' -size +0 | wc -l); \
	find $$d/log -name '*.log' -size +0 -exec sh -c \
	  'echo "== $$1"; head -n 60 "$$1"' sh {} \; ; \
	echo "valgrind: $$(ls $$d/log | wc -l) runs, $$n with errors or definite leaks"; \
	[ $$status -eq 0 ] && [ $$n -eq 0 ]

# ---- trying it ---------------------------------------------------------
# `run` starts the daemon on the built-in defaults (var/refready.db, the
# Maildir var/mail, http://127.0.0.1:8080).  With nobody enrolled yet it
# enrolls a demo participant whose first lesson is due this minute; it
# sends what is due before the daemon starts, so the newest message in
# var/mail is this run's, then shows it and the participant's links
# (tools/run.sh).  Ctrl-C stops the daemon cleanly (SIGINT).  Safe to run
# again.
run: deps
	@$(MAKE) --no-print-directory all
	@RR=$(BUILD)/refready sh tools/run.sh

# ---- install -----------------------------------------------------------
install: $(BUILD)/refready
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 \
	  $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR) $(DESTDIR)$(UNITDIR)
	install -m 755 $(BUILD)/refready $(DESTDIR)$(BINDIR)/refready
	install -m 644 man/refready.8 $(DESTDIR)$(MANDIR)/man8/refready.8
	install -m 644 man/refready.json.5 \
	  $(DESTDIR)$(MANDIR)/man5/refready.json.5
	cp -R curriculum $(DESTDIR)$(DATADIR)/
	sed 's|@BINDIR@|$(BINDIR)|g' systemd/refready.service \
	  > $(DESTDIR)$(UNITDIR)/refready.service
	sed 's|@DATADIR@|$(DATADIR)|g' systemd/refready.json.example \
	  > $(DESTDIR)$(DATADIR)/refready.json.example
	chmod 644 $(DESTDIR)$(UNITDIR)/refready.service \
	  $(DESTDIR)$(DATADIR)/refready.json.example

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/refready \
	  $(DESTDIR)$(MANDIR)/man8/refready.8 \
	  $(DESTDIR)$(MANDIR)/man5/refready.json.5 \
	  $(DESTDIR)$(UNITDIR)/refready.service
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build
