# alphavlm — top-level build.  `make` builds the emulator and guest artifacts,
# `make test` runs every test (and the ASan+UBSan build), `make demo` boots the
# demo image, `make bench` writes bench/results.md.  Missing dependencies are
# installed by scripts/setup.sh on first use.
#
# Every source file is compiled once per configuration into an object with a
# dependency file (-MMD), so `make -j` rebuilds only what an edit touches:
#   build/obj/      host objects (-O2)          -> build/alphavlm, build/unit/*
#   build/asan/obj/ host objects (ASan+UBSan)   -> build/asan/alphavlm, build/asan/*
#   build/k/        the VLM/OS kernel (integer-only RV64)
#   build/u/        user programs (picolibc)
# Each host part (folder) is one static library; a binary links the libraries
# and takes from them only the objects it uses (a unit test links what it tests).
# Every include is root-relative ("emu/machine.h"): one -I. per compile world.

# `make` alone builds everything (the rules below would otherwise make the
# first library the goal).
.DEFAULT_GOAL := all

B        := build
CC       := gcc
CFLAGS   := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -MMD -MP
ASANFLAGS := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
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

STAMP    := $(B)/.deps-ok
PKGS     := unicorn capstone libdw jansson libedit sdl2 SDL2_ttf SDL2_image
# Evaluated when a recipe runs (after setup.sh), so a fresh machine works.
PKG_CFLAGS = $(shell pkg-config --cflags sdl2 SDL2_ttf SDL2_image)
HOST_LIBS  = $(shell pkg-config --libs $(PKGS)) -lelf -lpthread -lm
# build/alphavlm itself links its libraries statically and loads the view
# (SDL and its 80 libraries) as a plugin only when a picture is asked for, so
# a run starts in 2 ms instead of 15 (docs/design.md, "Start-up").  Not PIE,
# so Unicorn's 160,000 relocations are done at link time; --no-relax because
# binutils 2.40 relaxes Debian's libunicorn.a `push foo@GOTPCREL` into a call.
EXE_LIBS   = -Wl,-Bstatic $(shell pkg-config --libs unicorn capstone libdw jansson libedit) -lelf \
             -Wl,-Bdynamic \
             $(filter-out -ldw -lelf -ledit,$(shell pkg-config --static --libs-only-l libdw libedit)) \
             -ldl -lpthread -lm
VIEW_LIBS  = $(shell pkg-config --libs sdl2 SDL2_ttf SDL2_image)

# ---- the host parts, lowest first (scripts/deps.sh checks the order) ----
# axp64/ the architecture's names; mmu/ walk and TLB; image/ ELF, artifacts,
# cpio, symbols; trace/ the format and tools; emu/ the machine; view/ the
# pictures; cmd/ the subcommand table.  Guest code also built for the host
# (unit-tested there) is the part "hostguest".
PARTS      := view emu trace image mmu axp64 hostguest
SRC_axp64  := $(wildcard axp64/*.c)
SRC_mmu    := $(wildcard mmu/*.c)
SRC_image  := $(wildcard image/*.c)
SRC_trace  := $(wildcard trace/*.c)
SRC_emu    := $(wildcard emu/*.c)
SRC_view   := $(wildcard view/*.c)
SRC_hostguest := vlmdrv/hatpat.c $(wildcard vlmdrv/vlmstate.c)
HOST_SRC   := $(foreach p,$(PARTS),$(SRC_$(p))) cmd/alphavlm.c

O      := $(B)/obj
AO     := $(B)/asan/obj
LIBS   := $(foreach p,$(PARTS),$(if $(SRC_$(p)),$(O)/lib$(p).a))
ALIBS  := $(foreach p,$(PARTS),$(if $(SRC_$(p)),$(AO)/lib$(p).a))

$(O)/%.o: %.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(if $(filter view/%,$<),-fPIC $(PKG_CFLAGS)) -c -o $@ $<
$(AO)/%.o: %.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ASANFLAGS) $(if $(filter view/%,$<),-fPIC $(PKG_CFLAGS)) -c -o $@ $<

define part_lib
$(O)/lib$(1).a: $(patsubst %.c,$(O)/%.o,$(SRC_$(1)))
	@mkdir -p $$(dir $$@) && rm -f $$@ && ar rcs $$@ $$^
$(AO)/lib$(1).a: $(patsubst %.c,$(AO)/%.o,$(SRC_$(1)))
	@mkdir -p $$(dir $$@) && rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach p,$(PARTS),$(eval $(call part_lib,$(p))))

-include $(patsubst %.c,$(O)/%.d,$(HOST_SRC)) $(patsubst %.c,$(AO)/%.d,$(HOST_SRC))

.PHONY: all test test-unit test-asan test-machine test-guest test-trace test-linux test-shards golden demo bench \
        bench-peers clean deps soak test-view pictures test-gdb test-gdb-asan gdb test-deps test-suites
# Objects built through pattern rules are kept (they are not throw-away).
.SECONDARY:
all: $(STAMP) $(B)/alphavlm $(B)/alphavlm-view.so machine-images $(B)/guestos/kernel.elf $(B)/initrd.cpio

# Run setup once when a dependency is missing (fresh machine).
$(STAMP): scripts/setup.sh
	@bash scripts/setup.sh --check || bash scripts/setup.sh
	@mkdir -p $(B) && touch $@

deps:
	bash scripts/setup.sh

# hlink: link a host binary from its first prerequisite (an object) and the
# part libraries, grouped so their order never matters.
hlink = $(CC) $(1) -o $@ $< -Wl,--start-group $(filter %.a,$^) -Wl,--end-group $(2) $(HOST_LIBS)
# alphavlm: every part below the view whole, exporting what the plugin calls
# (the list: every symbol the view's objects leave undefined); the plugin:
# view/ and SDL.
EXE_PARTS := emu trace image mmu axp64 hostguest
xlink = $(CC) $(1) -no-pie -Wl,--no-relax -Wl,--dynamic-list=$(word 2,$^) -o $@ $< \
        -Wl,--whole-archive $(filter %.a,$^) -Wl,--no-whole-archive $(EXE_LIBS)
dynlist = { echo '{'; nm -u $^ | awk 'NF == 2 { print "  " $$2 ";" }' | sort -u; echo '};'; } >$@
$(O)/view.dynlist: $(patsubst %.c,$(O)/%.o,$(SRC_view))
	$(dynlist)
$(AO)/view.dynlist: $(patsubst %.c,$(AO)/%.o,$(SRC_view))
	$(dynlist)
$(B)/alphavlm: $(O)/cmd/alphavlm.o $(O)/view.dynlist $(foreach p,$(EXE_PARTS),$(O)/lib$(p).a)
	$(call xlink)
$(B)/asan/alphavlm: $(AO)/cmd/alphavlm.o $(AO)/view.dynlist $(foreach p,$(EXE_PARTS),$(AO)/lib$(p).a)
	$(call xlink,$(ASANFLAGS))
$(B)/alphavlm-view.so: $(patsubst %.c,$(O)/%.o,$(SRC_view))
	$(CC) -shared -o $@ $^ $(VIEW_LIBS)
$(B)/asan/alphavlm-view.so: $(patsubst %.c,$(AO)/%.o,$(SRC_view))
	@mkdir -p $(dir $@)
	$(CC) $(ASANFLAGS) -shared -o $@ $^ $(VIEW_LIBS)

# ---- guest: the VLM/OS kernel, the user programs, the initrd ----
# Objects get stable names (a one-step compile and link leaves random
# temporary file names in the symbol table, and builds would differ).
# The VLM driver is a device of the kernel: guestos/ alone must build and boot
# (the kernel without the driver is build/nodrv/kernel.elf).
KSRC_OS  := $(wildcard guestos/*.c)
KSRC_DRV := $(wildcard vlmdrv/*.c)
KASM     := guestos/entry.S guestos/fpu.S
KOBJ_OS  := $(addprefix $(B)/k/,$(addsuffix .o,$(basename $(KASM) $(KSRC_OS))))
KOBJ_DRV := $(addprefix $(B)/k/,$(addsuffix .o,$(basename $(KSRC_DRV))))
KOBJ     := $(KOBJ_OS) $(KOBJ_DRV)
ULIB     := workloads/lib/crt0.S workloads/lib/syscalls.c workloads/lib/stdio.c workloads/lib/vlmlib.c \
            workloads/lib/malloc.c workloads/lib/gtest.c
UOBJ     := $(addprefix $(B)/u/,$(addsuffix .o,$(basename $(ULIB))))
PROGS    := $(basename $(notdir $(wildcard workloads/*.c)))
UDATA    := workloads/motd

$(B)/k/%.o: %.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(GCC_RV) $(KFLAGS) -MMD -MP -c -o $@ $<
$(B)/k/%.o: %.S | $(STAMP)
	@mkdir -p $(dir $@)
	$(GCC_RV) $(KFLAGS) -MMD -MP -c -o $@ $<
# fork and exit run vm.c's loops once a page: -ftracer copies the code where
# their branches join into each branch, so the common path runs without jumps,
# as fewer translated blocks (docs/design.md, "Fork").
$(B)/k/guestos/vm.o: KFLAGS += -ftracer

$(B)/guestos/kernel.elf: $(KOBJ) guestos/kernel.ld
	@mkdir -p $(B)/guestos
	$(GCC_RV) $(KFLAGS) -nostartfiles -static -T guestos/kernel.ld -Wl,--no-warn-rwx-segments \
	    -o $@ $(KOBJ) -lgcc

# The kernel without its VLM driver: guestos/ alone links and boots (tests/guest).
$(B)/nodrv/kernel.elf: $(KOBJ_OS) guestos/kernel.ld
	@mkdir -p $(B)/nodrv
	$(GCC_RV) $(KFLAGS) -nostartfiles -static -T guestos/kernel.ld -Wl,--no-warn-rwx-segments \
	    -o $@ $(KOBJ_OS) -lgcc

$(B)/u/%.o: %.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(GCC_RV) $(UFLAGS) -MMD -MP -c -o $@ $<
$(B)/u/%.o: %.S | $(STAMP)
	@mkdir -p $(dir $@)
	$(GCC_RV) $(UFLAGS) -MMD -MP -c -o $@ $<

-include $(KOBJ:.o=.d) $(wildcard $(B)/u/*/*.d $(B)/u/*/*/*.d $(B)/u/*/*/*/*.d)

# user-program link: $(call ulink,OBJ)
ulink = @mkdir -p $(dir $@) && echo "link $@" && $(GCC_RV) $(UFLAGS) $(ULDFLAGS) -o $@ $(UOBJ) $(1)

$(B)/workloads/%.elf: $(B)/u/workloads/%.o $(UOBJ) workloads/lib/user.ld
	$(call ulink,$<)

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

# User-mode counter reads (rdcycle, rdtime, rdinstret): deterministic under --clock icount.
$(B)/guest/counters.elf: tests/guest/counters.S | $(STAMP)
	@mkdir -p $(B)/guest
	$(GCC_RV) -march=rv64imac_zicsr -mabi=lp64 -mno-relax -nostdlib -static -Wl,-Ttext-segment=0x10000 -o $@ $<

# Programs linked as one R+W+X segment, as bare-metal suites are.
GUEST_RWE := $(addprefix $(B)/guest/,rwe.elf rwe_smc.elf rwe_bss.elf)
$(GUEST_RWE): $(B)/guest/%.elf: tests/guest/%.S tests/guest/rwe.ld tests/guest/linux.inc | $(STAMP)
	@mkdir -p $(B)/guest
	$(GCC_RV) -march=rv64imac_zifencei -mabi=lp64 -nostdlib -static -I. -T tests/guest/rwe.ld \
	    -Wl,--no-warn-rwx-segments -o $@ $<

# ---- host unit tests (cmocka), plain and with ASan+UBSan ----
# Each links its own object and the part libraries: only what it uses is taken.
UNIT     := $(basename $(notdir $(wildcard tests/unit/test_*.c)))
$(B)/unit/%: $(O)/tests/unit/%.o $(LIBS)
	@mkdir -p $(B)/unit
	$(call hlink,,-lcmocka)
$(B)/asan/%: $(AO)/tests/unit/%.o $(ALIBS)
	@mkdir -p $(B)/asan
	$(call hlink,$(ASANFLAGS),-lcmocka)
-include $(patsubst %,$(O)/tests/unit/%.d,$(UNIT)) $(patsubst %,$(AO)/tests/unit/%.d,$(UNIT))

# test_sym's fixture: a known layout at KSEG32, with debug info, without, without symbols.
SYM_FIX  := $(addprefix $(B)/unit/sym_fixture,.elf .nodebug.elf .stripped.elf)
$(B)/unit/sym_fixture.elf: tests/unit/sym_fixture.S | $(STAMP)
	@mkdir -p $(B)/unit
	$(GCC_RV) -march=rv64ima -mabi=lp64 -nostdlib -static -g $(REPRO) \
	    -Wl,-Ttext=0xffffffff80001000 -o $@ $<
$(B)/unit/sym_fixture.nodebug.elf: $(B)/unit/sym_fixture.elf
	$(OBJCOPY_RV) --strip-debug $< $@
$(B)/unit/sym_fixture.stripped.elf: $(B)/unit/sym_fixture.elf
	$(OBJCOPY_RV) --strip-all $< $@
UNIT_DATA := $(SYM_FIX) $(B)/guestos/kernel.elf $(B)/workloads/hello.elf $(B)/initrd.cpio

# ---- machine-level test images (guest, kernel mode) on baremetal/ ----
MTESTS   := $(basename $(notdir $(wildcard tests/machine/t_*.c)))
MLIB     := baremetal/start.S baremetal/mlib.c
$(B)/machine/%.elf: tests/machine/%.c $(MLIB) baremetal/mlib.h baremetal/link.ld axp64/axp64.h | $(STAMP)
	@mkdir -p $(B)/machine
	$(GCC_RV) $(GFLAGS) -T baremetal/link.ld -o $@ $(MLIB) $<
machine-images: $(addprefix $(B)/machine/,$(addsuffix .elf,$(MTESTS)))

# ---- bench ----
$(B)/bench/bench.elf: bench/guest/bench.c bench/guest/fastsys.S bench/guest/loops.h $(MLIB) baremetal/mlib.h | $(STAMP)
	@mkdir -p $(B)/bench
	$(GCC_RV) $(GFLAGS) -T baremetal/link.ld -o $@ $(MLIB) bench/guest/fastsys.S $<

# The loops as a process: one ELF for VLM/OS and qemu-riscv64, and a native build.
$(B)/bench/%.elf: $(B)/u/bench/proc/%.o $(UOBJ) workloads/lib/user.ld
	$(call ulink,$<)

$(B)/bench/loops-native: bench/proc/loops.c bench/guest/loops.h
	@mkdir -p $(B)/bench
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -I. -o $@ $<

$(B)/bench/tracegen: $(O)/bench/tracegen.o $(LIBS)
	@mkdir -p $(B)/bench
	$(call hlink)

$(B)/bench/bare: $(O)/bench/bare.o
	@mkdir -p $(B)/bench
	$(CC) -o $@ $< $(shell pkg-config --libs unicorn) -lelf

# bench/real (docs/bench.md): the engine's limit for static Linux programs,
# linked as build/alphavlm is (Unicorn static, not PIE), so the two differ
# only in what runs around the guest's code.
$(B)/bench/ubare: $(O)/bench/ubare.o
	@mkdir -p $(B)/bench
	$(CC) -no-pie -Wl,--no-relax -o $@ $< -Wl,-Bstatic $(shell pkg-config --libs unicorn) -Wl,-Bdynamic -lpthread -lm
-include $(O)/bench/ubare.d

# The real programs: one static glibc ELF each, the same bytes for every way
# bench/real is run (Debian's cross compiler, as tests/linux/ uses).
REAL := $(basename $(notdir $(wildcard bench/real/*.c)))
$(B)/bench/real/%.elf: bench/real/%.c
	@mkdir -p $(B)/bench/real
	riscv64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o $@ $< -lm

# ---- the live view's tests, the gdb stub's demo program ----
$(B)/guest/spin.elf: tests/view/spin.S | $(STAMP)
	@mkdir -p $(B)/guest
	$(GCC_RV) -march=rv64imac -mabi=lp64 -nostdlib -static -Wl,-Ttext-segment=0x10000 -o $@ $<
$(B)/view/layout.elf: $(B)/u/tests/view/layout.o $(UOBJ) workloads/lib/user.ld
	$(call ulink,$<)
$(B)/gdb/gdbdemo.elf: $(B)/u/tests/gdb/gdbdemo.o $(UOBJ) workloads/lib/user.ld
	$(call ulink,$<)

# docs/pictures/: made by the project's own commands (docs/display.md).
pictures: all $(B)/view/layout.elf $(B)/bench/osbench.elf
	@bash scripts/pictures.sh $(B)

# ---- tests ----------------------------------------------------------------
# Every artifact any suite needs; `make test` builds them (in parallel), then
# tests/all.sh runs the independent suites in parallel, each within a bound.
TEST_ARTIFACTS := all $(addprefix $(B)/unit/,$(UNIT)) $(addprefix $(B)/asan/,$(UNIT)) $(UNIT_DATA) \
                  $(B)/asan/alphavlm $(B)/asan/alphavlm-view.so $(B)/guest/exit42.elf $(B)/guest/spin.elf $(GUEST_RWE) \
                  $(B)/gdb/gdbdemo.elf $(B)/nodrv/kernel.elf $(B)/guest/counters.elf
test:
	@$(MAKE) --no-print-directory -j$$(nproc) $(TEST_ARTIFACTS)
	@bash tests/all.sh

# Each suite alone (tests/all.sh names them the same way).
SUITE = @bash tests/all.sh $(1)
test-links:;                          $(call SUITE,links)
test-docs: all;                       $(call SUITE,docs)
test-deps:;                           $(call SUITE,deps)
test-labs: all;                       $(call SUITE,labs)
test-unit: $(addprefix $(B)/unit/,$(UNIT)) $(UNIT_DATA); $(call SUITE,unit)
test-machine: all;                    $(call SUITE,machine)
test-guest: all $(B)/guest/exit42.elf $(GUEST_RWE) $(B)/nodrv/kernel.elf $(B)/guest/counters.elf; $(call SUITE,guest)
test-trace: all;                      $(call SUITE,trace)
test-linux: all;                      $(call SUITE,linux)
test-shards: all;                     $(call SUITE,shards)
test-view: all $(B)/guest/spin.elf;   $(call SUITE,view)
test-gdb: all $(B)/gdb/gdbdemo.elf;   $(call SUITE,gdb)
test-asan: $(TEST_ARTIFACTS);         $(call SUITE,asan-unit asan-machine asan-guest asan-trace asan-view asan-gdb)
test-gdb-asan: $(TEST_ARTIFACTS);     $(call SUITE,asan-gdb)

# Rewrite tests/golden/*.txt from this build (docs/trace.md says when that is right).
golden: all
	@ALPHAVLM=$(B)/alphavlm bash tests/golden/run.sh update

# ---- labs (labs/, docs/labs/) ---------------------------------------------
# make handout LAB=x DEST=DIR [SOLVED=a,b]: the lab's starting tree (a git
# repository; x and the labs after it stubbed, earlier ones solved if named);
# make grade LAB=x: its score on this tree; make test-labs: every lab's
# reference, starting tree and wrong solutions.
.PHONY: handout grade test-links
handout:
	@if [ -z "$(LAB)" ] || [ -z "$(DEST)" ]; then echo "usage: make handout LAB=name DEST=dir [SOLVED=a,b] (labs: $(notdir $(patsubst %/grade.py,%,$(wildcard labs/*/grade.py))))"; exit 2; fi
	@python3 labs/handout.py $(LAB) $(DEST) $(if $(SOLVED),--solved=$(SOLVED))

grade: $(B)/alphavlm $(B)/guestos/kernel.elf $(B)/initrd.cpio
	@if [ -z "$(LAB)" ]; then echo "usage: make grade LAB=name (labs: $(notdir $(patsubst %/grade.py,%,$(wildcard labs/*/grade.py))))"; exit 2; fi
	@python3 labs/grade.py $(LAB)

# Long runs outside `make test`: the property fuzzer for 10^7 calls (calls/s
# reported) and 10^6 VLM window map/unmap cycles (tests/guest/soak.sh).
soak: all
	@ALPHAVLM=$(B)/alphavlm bash tests/guest/soak.sh

# The patent's example on the default 16 GiB machine: 10 GiB at a 2 GiB limit
# (4 donors).  The host clock makes the times it prints real time.
demo: all
	@bash scripts/demo.sh $(B)

bench: all $(B)/bench/bench.elf $(B)/bench/bare $(B)/bench/loops.elf $(B)/bench/osbench.elf \
       $(B)/bench/loops-native $(B)/bench/vlmbench.elf $(B)/bench/tracegen \
       $(B)/bench/ubare $(addprefix $(B)/bench/real/,$(addsuffix .elf,$(REAL)))
	@bash scripts/bench.sh

# The real programs inside Linux on qemu-system-riscv64 (docs/bench.md): its own
# packages (scripts/setup.sh --peers), which no other target downloads.
$(B)/bench/peers/ptime: bench/peers/ptime.c
	@mkdir -p $(B)/bench/peers
	riscv64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o $@ $<
bench-peers: all $(B)/bench/peers/ptime $(addprefix $(B)/bench/real/,$(addsuffix .elf,$(REAL)))
	@bash scripts/setup.sh --peers-check || bash scripts/setup.sh --peers
	@BENCH_SECTION=peers bash scripts/bench.sh

clean:
	rm -rf $(B)

# Like xv6's `make qemu-gdb`, in one terminal: VLM/OS stopped before its first
# instruction, gdb attached with the kernel's and the program's symbols.
# PROG=NAME (an initrd program) or a host ELF path, default the demo program;
# RUNARGS: more `alphavlm run` options (docs/debugging.md).
gdb: all $(B)/gdb/gdbdemo.elf
	@RUNARGS='$(RUNARGS)' bash scripts/gdb.sh $(B) $(PROG)
