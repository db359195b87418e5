# alphavlm — top-level build.  `make` builds the emulator and guest artifacts,
# `make test` runs every test (and the ASan+UBSan build), `make demo` boots the
# demo image, `make bench` writes bench/results.md.  Missing dependencies are
# installed by scripts/setup.sh on first use.

B        := build
CC       := gcc
CFLAGS   := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I.
GCC_RV   := riscv64-unknown-elf-gcc
OBJCOPY_RV := riscv64-unknown-elf-objcopy
# The machine-level test images and the kernel are integer-only (DESIGN.md section 5).
GFLAGS   := -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany -ffreestanding -nostdlib \
            -nostartfiles -fno-pic -O2 -g -Wall -Wextra -Werror -I.

# The VLM/OS kernel: integer-only, no linker relaxation (it never uses gp).
# Guest binaries do not depend on where the tree is checked out (trace headers
# record the kernel's and initrd's hashes; golden traces compare them).
REPRO    := -ffile-prefix-map=$(CURDIR)=. -Wa,--debug-prefix-map=$(CURDIR)=.
KFLAGS   := -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany -mno-relax -ffreestanding \
            -nostdlib -fno-pic -fno-builtin -O2 -g $(REPRO) -Wall -Wextra -Werror -I.
# User programs: picolibc, rv64imafdc/lp64d, linked at 0x10000 with 8 KiB pages.
UFLAGS   := -march=rv64imafdc -mabi=lp64d -mcmodel=medany --specs=picolibc.specs -O2 -g $(REPRO) \
            -Wall -Wextra -Werror -I.
ULDFLAGS := -nostartfiles -T workloads/lib/user.ld -Wl,-z,max-page-size=8192 \
            -Wl,--no-warn-rwx-segments -lm

MMU_SRC  := mmu/walk.c mmu/tlb.c
# The trace format (shared by the recorder and the tools) and the offline tools.
TRACE_SRC := trace/trace.c trace/text.c trace/vlmos_info.c trace/code.c trace/tracetool.c trace/tracediff.c \
             trace/traceexport.c trace/tracestep.c image/sym.c
TRACE_LIBS = $(shell pkg-config --libs libdw jansson libedit)
EMU_SRC  := emu/cpu.c emu/pal.c emu/clock.c emu/console.c emu/tlbfill.c emu/decode.c \
            emu/loader.c emu/machine.c emu/cli.c image/cpio.c emu/tracepoint.c \
            emu/gdbstub.c emu/gdbstub_cmd.c emu/gdbstub_mon.c emu/gdbstub_proc.c emu/gdbstub_pkt.c \
            emu/crash.c $(TRACE_SRC)
KSRC     := $(wildcard guestos/*.c) $(wildcard vlmdrv/*.c)
KASM     := guestos/entry.S guestos/fpu.S
KHDRS    := $(wildcard guestos/*.h guestos/abi/*.h vlmdrv/*.h) axp64/axp64.h
ULIB     := workloads/lib/crt0.S workloads/lib/syscalls.c workloads/lib/stdio.c workloads/lib/vlmlib.c \
            workloads/lib/malloc.c \
            workloads/lib/gtest.c
UHDRS    := $(wildcard workloads/lib/*.h) guestos/abi/vlmos.h vlmdrv/vlm_abi.h
PROGS    := $(basename $(notdir $(wildcard workloads/*.c)))
UDATA    := workloads/motd
HDRS     := $(wildcard axp64/*.h mmu/*.h emu/*.h trace/*.h image/*.h) $(wildcard guestos/abi/*.h)   # the trace tools read the user layout and PTE bits
UNIT     := test_walk test_tlb test_decode test_cli test_cpio test_hatpat test_trace test_tlbfill
# Guest code that is also unit-tested on the host.
SHARED_SRC := vlmdrv/hatpat.c
MTESTS   := $(basename $(notdir $(wildcard tests/machine/t_*.c)))
MLIB     := baremetal/start.S baremetal/mlib.c
STAMP    := $(B)/.deps-ok
# The live view and pictures (view/, docs/display.md): SDL2, SDL2_ttf, SDL2_image.
VIEW_SRC   := $(wildcard view/*.c)
VIEW_HDRS  := $(wildcard view/*.h) guestos/abi/vlmos_view.h
VIEW_CFLAGS = $(shell pkg-config --cflags sdl2 SDL2_ttf SDL2_image)
VIEW_LIBS   = $(shell pkg-config --libs sdl2 SDL2_ttf SDL2_image) -lm

.PHONY: test-view pictures
.PHONY: test-gdb test-gdb-asan gdb
.PHONY: all test test-unit test-asan test-machine test-guest test-trace test-shards golden demo bench clean deps soak
# Objects built through pattern rules are kept (they are not throw-away).
.SECONDARY:
all: $(STAMP) $(B)/alphavlm machine-images $(B)/guestos/kernel.elf $(B)/initrd.cpio

# Run setup once when a dependency is missing (fresh machine).
$(STAMP): scripts/setup.sh
	@bash scripts/setup.sh --check || bash scripts/setup.sh
	@mkdir -p $(B) && touch $@

deps:
	bash scripts/setup.sh

$(B)/alphavlm: $(MMU_SRC) $(EMU_SRC) cmd/alphavlm.c $(HDRS) $(VIEW_SRC) $(VIEW_HDRS) | $(STAMP)
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(VIEW_CFLAGS) -o $@ $(MMU_SRC) $(EMU_SRC) $(VIEW_SRC) cmd/alphavlm.c \
	    $(shell pkg-config --libs unicorn capstone) -lelf -lpthread $(TRACE_LIBS) $(VIEW_LIBS)

# ---- guest: the VLM/OS kernel, the user programs, the initrd ----
# Objects get stable names (a one-step compile and link leaves random
# temporary file names in the symbol table, and builds would differ).
KOBJ     := $(addprefix $(B)/k/,$(addsuffix .o,$(basename $(KASM) $(KSRC))))
UOBJ     := $(addprefix $(B)/u/,$(addsuffix .o,$(basename $(ULIB))))

$(B)/k/%.o: %.c $(KHDRS) | $(STAMP)
	@mkdir -p $(dir $@)
	$(GCC_RV) $(KFLAGS) -c -o $@ $<

$(B)/k/%.o: %.S $(KHDRS) | $(STAMP)
	@mkdir -p $(dir $@)
	$(GCC_RV) $(KFLAGS) -c -o $@ $<

$(B)/guestos/kernel.elf: $(KOBJ) guestos/kernel.ld
	@mkdir -p $(B)/guestos
	$(GCC_RV) $(KFLAGS) -nostartfiles -static -T guestos/kernel.ld -Wl,--no-warn-rwx-segments \
	    -o $@ $(KOBJ) -lgcc

$(B)/u/%.o: %.c $(UHDRS) | $(STAMP)
	@mkdir -p $(dir $@)
	$(GCC_RV) $(UFLAGS) -c -o $@ $<

$(B)/u/%.o: %.S | $(STAMP)
	@mkdir -p $(dir $@)
	$(GCC_RV) $(UFLAGS) -c -o $@ $<

$(B)/workloads/%.elf: $(B)/u/workloads/%.o $(UOBJ) workloads/lib/user.ld
	@mkdir -p $(B)/workloads
	$(GCC_RV) $(UFLAGS) $(ULDFLAGS) -o $@ $(UOBJ) $<

# The initrd holds every program under its name without .elf, without debug
# info (the guest never reads it; the symbols stay for `trace step`'s
# disassembly, and comment edits do not change the initrd's trace id).
$(B)/initrd.cpio: $(addprefix $(B)/workloads/,$(addsuffix .elf,$(PROGS))) $(UDATA)
	@rm -rf $(B)/initrd && mkdir -p $(B)/initrd
	@for p in $(PROGS); do $(OBJCOPY_RV) --strip-debug $(B)/workloads/$$p.elf $(B)/initrd/$$p; done
	@cp $(UDATA) $(B)/initrd/
	@touch -d @0 $(B)/initrd/*
	cd $(B)/initrd && ls | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible --owner=0:0 > ../initrd.cpio

$(B)/guest/exit42.elf: tests/guest/exit42.S | $(STAMP)
	@mkdir -p $(B)/guest
	$(GCC_RV) -march=rv64imac -mabi=lp64 -nostdlib -static -Wl,-Ttext-segment=0x10000 -o $@ $<

# Programs linked as one R+W+X segment, as bare-metal suites are.
GUEST_RWE := $(addprefix $(B)/guest/,rwe.elf rwe_smc.elf rwe_bss.elf)
$(GUEST_RWE): $(B)/guest/%.elf: tests/guest/%.S tests/guest/rwe.ld tests/guest/linux.inc | $(STAMP)
	@mkdir -p $(B)/guest
	$(GCC_RV) -march=rv64imac_zifencei -mabi=lp64 -nostdlib -static -I. -T tests/guest/rwe.ld \
	    -Wl,--no-warn-rwx-segments -o $@ $<

# ---- host unit tests (cmocka), plain and with ASan+UBSan ----
$(B)/unit/%: tests/unit/%.c $(MMU_SRC) $(EMU_SRC) $(SHARED_SRC) $(HDRS) vlmdrv/hatpat.h | $(STAMP)
	@mkdir -p $(B)/unit
	$(CC) $(CFLAGS) -o $@ $< $(MMU_SRC) $(EMU_SRC) $(SHARED_SRC) -lcmocka $(shell pkg-config --libs unicorn capstone) -lelf -lpthread $(TRACE_LIBS)

$(B)/asan/%: tests/unit/%.c $(MMU_SRC) $(EMU_SRC) $(SHARED_SRC) $(HDRS) vlmdrv/hatpat.h | $(STAMP)
	@mkdir -p $(B)/asan
	$(CC) $(CFLAGS) -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -o $@ $< $(MMU_SRC) $(EMU_SRC) $(SHARED_SRC) -lcmocka \
	    $(shell pkg-config --libs unicorn capstone) -lelf -lpthread $(TRACE_LIBS)

$(B)/asan/alphavlm: $(MMU_SRC) $(EMU_SRC) cmd/alphavlm.c $(HDRS) $(VIEW_SRC) $(VIEW_HDRS) | $(STAMP)
	@mkdir -p $(B)/asan
	$(CC) $(CFLAGS) $(VIEW_CFLAGS) -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -o $@ $(MMU_SRC) $(EMU_SRC) $(VIEW_SRC) cmd/alphavlm.c \
	    $(shell pkg-config --libs unicorn capstone) -lelf -lpthread $(TRACE_LIBS) $(VIEW_LIBS)

# ---- machine-level test images (guest, kernel mode) ----
$(B)/machine/%.elf: tests/machine/%.c $(MLIB) baremetal/mlib.h baremetal/link.ld axp64/axp64.h | $(STAMP)
	@mkdir -p $(B)/machine
	$(GCC_RV) $(GFLAGS) -T baremetal/link.ld -o $@ $(MLIB) $<

$(B)/bench/bench.elf: bench/guest/bench.c bench/guest/fastsys.S bench/guest/loops.h $(MLIB) baremetal/mlib.h | $(STAMP)
	@mkdir -p $(B)/bench
	$(GCC_RV) $(GFLAGS) -T baremetal/link.ld -o $@ $(MLIB) bench/guest/fastsys.S $<

# The loops as a process: one ELF for VLM/OS and qemu-riscv64, and a native build.
$(B)/bench/loops.elf: $(B)/u/bench/proc/loops.o $(UOBJ) workloads/lib/user.ld
	@mkdir -p $(B)/bench
	$(GCC_RV) $(UFLAGS) $(ULDFLAGS) -o $@ $(UOBJ) $<

$(B)/bench/osbench.elf: $(B)/u/bench/proc/osbench.o $(UOBJ) workloads/lib/user.ld
	@mkdir -p $(B)/bench
	$(GCC_RV) $(UFLAGS) $(ULDFLAGS) -o $@ $(UOBJ) $<

$(B)/bench/vlmbench.elf: $(B)/u/bench/proc/vlmbench.o $(UOBJ) workloads/lib/user.ld
	@mkdir -p $(B)/bench
	$(GCC_RV) $(UFLAGS) $(ULDFLAGS) -o $@ $(UOBJ) $<

$(B)/u/bench/proc/loops.o: bench/guest/loops.h

$(B)/bench/loops-native: bench/proc/loops.c bench/guest/loops.h
	@mkdir -p $(B)/bench
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<

$(B)/bench/tracegen: bench/tracegen.c trace/trace.c trace/trace.h | $(STAMP)
	@mkdir -p $(B)/bench
	$(CC) $(CFLAGS) -o $@ bench/tracegen.c trace/trace.c

$(B)/bench/bare: bench/bare.c | $(STAMP)
	@mkdir -p $(B)/bench
	$(CC) $(CFLAGS) -o $@ $< $(shell pkg-config --libs unicorn) -lelf

# The live view's tests (tests/view/run.sh): pictures, bad paths, a window under Xvfb.
$(B)/guest/spin.elf: tests/view/spin.S | $(STAMP)
	@mkdir -p $(B)/guest
	$(GCC_RV) -march=rv64imac -mabi=lp64 -nostdlib -static -Wl,-Ttext-segment=0x10000 -o $@ $<

$(B)/view/layout.elf: $(B)/u/tests/view/layout.o $(UOBJ) workloads/lib/user.ld
	@mkdir -p $(B)/view
	$(GCC_RV) $(UFLAGS) $(ULDFLAGS) -o $@ $(UOBJ) $<

# docs/pictures/: made by the project's own commands (docs/display.md).
pictures: all $(B)/view/layout.elf $(B)/bench/osbench.elf
	@bash scripts/pictures.sh $(B)

test-view: all $(B)/guest/spin.elf
	@ALPHAVLM=$(B)/alphavlm bash tests/view/run.sh

machine-images: $(addprefix $(B)/machine/,$(addsuffix .elf,$(MTESTS)))

test-unit: $(addprefix $(B)/unit/,$(UNIT))
	@bash tests/run-unit.sh $(B)/unit $(UNIT)

SANENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 UBSAN_OPTIONS=print_stacktrace=1
test-asan: $(addprefix $(B)/asan/,$(UNIT)) $(B)/asan/alphavlm machine-images all $(B)/guest/exit42.elf \
           $(B)/guest/spin.elf $(GUEST_RWE)
	@$(SANENV) bash tests/run-unit.sh $(B)/asan $(UNIT)
	@$(SANENV) ALPHAVLM=$(B)/asan/alphavlm bash tests/machine/run.sh $(B)/machine all
	@$(SANENV) ALPHAVLM=$(B)/asan/alphavlm bash tests/guest/run.sh quick
	@$(SANENV) ALPHAVLM=$(B)/asan/alphavlm bash tests/golden/run.sh check
	@$(SANENV) ALPHAVLM=$(B)/asan/alphavlm bash tests/view/run.sh

test-machine: $(B)/alphavlm machine-images
	@ALPHAVLM=$(B)/alphavlm bash tests/machine/run.sh $(B)/machine all

test-guest: all $(B)/guest/exit42.elf $(GUEST_RWE)
	@ALPHAVLM=$(B)/alphavlm bash tests/guest/run.sh all

# Golden traces, determinism, bad trace files.
test-trace: all
	@ALPHAVLM=$(B)/alphavlm bash tests/golden/run.sh check

# The drivers' --shard K/N and --junit FILE (tests/lib.sh): the shards add up to the suite.
test-shards: all
	@ALPHAVLM=$(B)/alphavlm bash tests/shards.sh

# Rewrite tests/golden/*.txt from this build (docs/trace.md says when that is right).
golden: all
	@ALPHAVLM=$(B)/alphavlm bash tests/golden/run.sh update

# ---- labs (labs/, docs/labs/) ---------------------------------------------
# make handout LAB=x DEST=DIR: the lab's starting tree; make grade LAB=x: its
# score on this tree; make test-labs: every lab's reference and handout.
.PHONY: handout grade test-labs test-links
handout:
	@if [ -z "$(LAB)" ] || [ -z "$(DEST)" ]; then echo "usage: make handout LAB=name DEST=dir (labs: $(notdir $(patsubst %/grade.py,%,$(wildcard labs/*/grade.py))))"; exit 2; fi
	@python3 labs/handout.py $(LAB) $(DEST)

grade: $(B)/alphavlm $(B)/guestos/kernel.elf $(B)/initrd.cpio
	@if [ -z "$(LAB)" ]; then echo "usage: make grade LAB=name (labs: $(notdir $(patsubst %/grade.py,%,$(wildcard labs/*/grade.py))))"; exit 2; fi
	@python3 labs/grade.py $(LAB)

test-labs: $(B)/alphavlm $(B)/guestos/kernel.elf $(B)/initrd.cpio
	@python3 labs/test-labs.py

# Every relative link in README.md and docs/ resolves inside the clone.
test-links:
	@python3 tests/check-links.py

test: all
	@$(MAKE) --no-print-directory test-links
	@$(MAKE) --no-print-directory test-labs
	@$(MAKE) --no-print-directory test-unit
	@$(MAKE) --no-print-directory test-machine
	@$(MAKE) --no-print-directory test-guest
	@$(MAKE) --no-print-directory test-trace
	@$(MAKE) --no-print-directory test-shards
	@$(MAKE) --no-print-directory test-view
	@$(MAKE) --no-print-directory test-gdb
	@$(MAKE) --no-print-directory test-asan

# Long runs outside `make test`: the property fuzzer for 10^7 calls (calls/s
# reported) and 10^6 VLM window map/unmap cycles (tests/guest/soak.sh).
soak: all
	@ALPHAVLM=$(B)/alphavlm bash tests/guest/soak.sh

# The patent's example on the default 16 GiB machine: 10 GiB at a 2 GiB limit
# (4 donors).  The host clock makes the times it prints real time.
demo: all
	@bash scripts/demo.sh $(B)

bench: all $(B)/bench/bench.elf $(B)/bench/bare $(B)/bench/loops.elf $(B)/bench/osbench.elf \
       $(B)/bench/loops-native $(B)/bench/vlmbench.elf $(B)/bench/tracegen
	@bash scripts/bench.sh

clean:
	rm -rf $(B)

# ---- sym/: the host symbolizer (function+offset, file:line) on elfutils libdwfl ----
SYM_SRC  := image/sym.c
SYM_LIBS := $(shell pkg-config --libs libdw)
SYM_FIX  := $(addprefix $(B)/unit/sym_fixture,.elf .nodebug.elf .stripped.elf)
UNIT     += test_sym test_gdbpkt
test-unit: $(B)/unit/test_sym $(B)/unit/test_gdbpkt
test-asan: $(B)/asan/test_sym $(B)/asan/test_gdbpkt

# test_sym's fixture: a known layout at KSEG32, with debug info, without, without symbols.
$(B)/unit/sym_fixture.elf: tests/unit/sym_fixture.S | $(STAMP)
	@mkdir -p $(B)/unit
	$(GCC_RV) -march=rv64ima -mabi=lp64 -nostdlib -static -g $(REPRO) \
	    -Wl,-Ttext=0xffffffff80001000 -o $@ $<
$(B)/unit/sym_fixture.nodebug.elf: $(B)/unit/sym_fixture.elf
	$(OBJCOPY_RV) --strip-debug $< $@
$(B)/unit/sym_fixture.stripped.elf: $(B)/unit/sym_fixture.elf
	$(OBJCOPY_RV) --strip-all $< $@

$(B)/unit/test_sym: tests/unit/test_sym.c $(SYM_SRC) image/sym.h $(SYM_FIX) $(B)/guestos/kernel.elf \
                   $(B)/workloads/hello.elf
	$(CC) $(CFLAGS) -o $@ $< $(SYM_SRC) -lcmocka $(SYM_LIBS)

$(B)/asan/test_sym: tests/unit/test_sym.c $(SYM_SRC) image/sym.h $(SYM_FIX) $(B)/guestos/kernel.elf \
                   $(B)/workloads/hello.elf
	@mkdir -p $(B)/asan
	$(CC) $(CFLAGS) -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer -o $@ $< $(SYM_SRC) -lcmocka $(SYM_LIBS)

# ---- gdb stub: the demo program, `make gdb`, the gdb tests (docs/debugging.md) ----
$(B)/gdb/gdbdemo.elf: $(B)/u/tests/gdb/gdbdemo.o $(UOBJ) workloads/lib/user.ld
	@mkdir -p $(B)/gdb
	$(GCC_RV) $(UFLAGS) $(ULDFLAGS) -o $@ $(UOBJ) $<

# The stub against the real gdb-multiarch, bad input on a raw socket, crash reports.
test-gdb: all $(B)/gdb/gdbdemo.elf
	@ALPHAVLM=$(B)/alphavlm BUILD=$(B) bash tests/gdb/run.sh

# The stub's sockets and packets under ASan+UBSan too (part of test-asan).
test-asan: test-gdb-asan
test-gdb-asan: $(B)/asan/alphavlm all $(B)/gdb/gdbdemo.elf
	@$(SANENV) ALPHAVLM=$(B)/asan/alphavlm BUILD=$(B) bash tests/gdb/run.sh

# Like xv6's `make qemu-gdb`, in one terminal: VLM/OS stopped before its first
# instruction, gdb attached with the kernel's and the program's symbols.
# PROG=NAME (an initrd program) or a host ELF path, default the demo program;
# RUNARGS: more `alphavlm run` options (docs/debugging.md).
gdb: all $(B)/gdb/gdbdemo.elf
	@RUNARGS='$(RUNARGS)' bash scripts/gdb.sh $(B) $(PROG)
$(B)/alphavlm $(B)/asan/alphavlm: image/sym.h
