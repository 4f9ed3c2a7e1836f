# SPDX-License-Identifier: GPL-2.0
#
# Friendly EPERM: the one entrance.  'make help' lists the targets.

BUILD ?= $(CURDIR)/build
CACHE ?= $(or $(FE_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/friendly-eperm)

KERNEL_ORIG := $(CACHE)/linux-6.12_6.12.107.orig.tar.xz
GLIBC_ORIG := $(CACHE)/glibc_2.36.orig.tar.xz
KERNEL_SRC ?= $(KERNEL_ORIG)
GLIBC_SRC ?= $(GLIBC_ORIG)

KTREE := $(BUILD)/src/linux
KOBJ := $(BUILD)/obj/kernel
KTREE_VANILLA := $(BUILD)/src/linux-vanilla
KOBJ_VANILLA := $(BUILD)/obj/kernel-vanilla
KOBJ_DEBUG := $(BUILD)/obj/kernel-debug
GTREE := $(BUILD)/src/glibc
GOBJ := $(BUILD)/obj/glibc
GSTAGE := $(BUILD)/stage/glibc
GTREE_VANILLA := $(BUILD)/src/glibc-vanilla
GOBJ_VANILLA := $(BUILD)/obj/glibc-vanilla
GSTAGE_VANILLA := $(BUILD)/stage/glibc-vanilla
ROOTFS := $(BUILD)/rootfs
IMAGE := $(BUILD)/rootfs.ext4
KSFT := $(BUILD)/kselftest
BZIMAGE := $(KOBJ)/arch/x86/boot/bzImage

KCONFIGS := $(CURDIR)/kernel/vm.config $(wildcard $(CURDIR)/selftests/*/config)

S := $(CURDIR)/scripts

# Paths below the build directory hash as relative ones: a fresh clone
# elsewhere still hits the compiler cache.
export CCACHE_BASEDIR ?= $(BUILD)
# glibc builds with -g, which makes ccache hash the working directory:
# leave it out, or a clone elsewhere never hits (only debug info's
# compilation directory can then name another tree).
export CCACHE_NOHASHDIR ?= 1

.PHONY: all help deps sources kernel-tree glibc-tree kernel kernel-vanilla \
	glibc rootfs selftests glibc-tests run check bench checkpatch \
	check-series demo kernel-debug check-debug glibc-vanilla \
	export-kernel export-glibc \
	reset-kernel reset-glibc clean distclean

all: kernel glibc rootfs selftests glibc-tests

help:
	@echo 'make demo              boot the VM and show what the project does'
	@echo 'make check             build what is stale, run all tests in the VM'
	@echo 'make check-debug       the same on a KASAN/lockdep/UBSAN/KFENCE kernel, splats fail'
	@echo "make run CMD='...'     run a command line in the VM as root [SHARE=DIR]"
	@echo 'make bench             patched vs vanilla kernel, opted in vs not: ratios'
	@echo 'make checkpatch        scripts/checkpatch.pl --strict on kernel/*.patch'
	@echo 'make check-series      build the kernel at every patch of the series'
	@echo 'make kernel | glibc | rootfs | selftests | glibc-tests | kernel-vanilla'
	@echo 'make export-kernel | export-glibc   commits of the trees -> kernel/, glibc/'
	@echo 'make reset-kernel | reset-glibc     drop unexported work in the trees'
	@echo 'make clean | distclean'

deps:
	@$(S)/install-deps

sources: deps
	@$(if $(filter $(KERNEL_ORIG) $(GLIBC_ORIG),$(KERNEL_SRC) $(GLIBC_SRC)),$(S)/fetch-sources $(CACHE))

kernel-tree: sources
	@$(S)/apply-series $(KERNEL_SRC) kernel $(KTREE)

glibc-tree: sources
	@$(S)/apply-series $(GLIBC_SRC) glibc $(GTREE)

kernel: kernel-tree
	@$(S)/build-kernel $(KTREE) $(KOBJ) $(KCONFIGS)

# The same configuration without the series, for benchmarks.
kernel-vanilla: kernel-tree
	@test -d $(KTREE_VANILLA) || git -C $(KTREE) worktree add -q --detach $(KTREE_VANILLA) fe-base
	@$(S)/build-kernel $(KTREE_VANILLA) $(KOBJ_VANILLA) $(KCONFIGS) $(CURDIR)/kernel/vanilla.config

# The same with the kernel's checkers on, for check-debug.
kernel-debug: kernel-tree
	@$(S)/build-kernel $(KTREE) $(KOBJ_DEBUG) $(KCONFIGS) $(CURDIR)/kernel/debug.config

glibc: kernel glibc-tree
	@$(S)/build-glibc $(GTREE) $(GOBJ) $(GSTAGE) $(KOBJ)/usr/include

$(IMAGE): $(GSTAGE).fe-state $(S)/build-rootfs $(S)/rootfs-packages $(S)/guest/fe-init $(S)/guest/fe-demo \
		$(S)/guest/fe-selinux.cil $(S)/guest/fe-selinux-load \
		$(S)/guest/fe-sandbox.c $(S)/wrapper/friendly.c $(CURDIR)/Documentation/friendly.1
	@$(S)/build-rootfs $(CACHE) $(GSTAGE) $(ROOTFS) $@

rootfs: glibc
	@$(MAKE) -s $(IMAGE)

selftests: kernel
	@$(S)/build-selftests $(KTREE) $(KOBJ) $(KSFT)

# glibc without the series, for the tests that compare with it.
glibc-vanilla: kernel glibc-tree
	@test -d $(GTREE_VANILLA) || git -C $(GTREE) worktree add -q --detach $(GTREE_VANILLA) fe-base
	@$(S)/build-glibc $(GTREE_VANILLA) $(GOBJ_VANILLA) $(GSTAGE_VANILLA) $(KOBJ)/usr/include

# glibc's own tests of the series, built in the glibc build tree, run in
# the VM next to the kselftests, with the vanilla C library beside them.
glibc-tests: glibc glibc-vanilla selftests
	@$(S)/build-glibc-tests $(GOBJ) $(CURDIR)/selftests/fe_glibc/glibc-tests $(KSFT)/fe_glibc
	@mkdir -p $(KSFT)/fe_glibc/vanilla && \
	cp $(GSTAGE_VANILLA)/lib/x86_64-linux-gnu/libc.so.6 \
		$(GSTAGE_VANILLA)/lib64/ld-linux-x86-64.so.2 $(KSFT)/fe_glibc/vanilla/

run: export FE_RUN_CMD := $(CMD)
run: export SHARE := $(SHARE)
run: kernel rootfs
	@test -n "$$FE_RUN_CMD" || { echo "make run: set CMD='...'" >&2; exit 2; }
	@$(S)/vm-run $(BZIMAGE) $(IMAGE) "$$FE_RUN_CMD"

check: checkpatch kernel rootfs selftests glibc-tests
	@$(S)/check $(BZIMAGE) $(IMAGE) $(KSFT) $(KOBJ) $(GSTAGE) $(BUILD)/check.log

# Every test on the debug kernel; any splat in its console log fails.
check-debug: export FE_CONSOLE_LOG := $(BUILD)/check-debug.console
check-debug: checkpatch kernel-debug rootfs selftests glibc-tests
	@rc=0; $(S)/check $(KOBJ_DEBUG)/arch/x86/boot/bzImage $(IMAGE) $(KSFT) \
		$(KOBJ_DEBUG) $(GSTAGE) $(BUILD)/check-debug.log || rc=$$?; \
	$(S)/splat-scan $(FE_CONSOLE_LOG) || rc=1; exit $$rc

bench: kernel kernel-vanilla rootfs selftests
	@$(S)/bench $(BZIMAGE) $(KOBJ_VANILLA)/arch/x86/boot/bzImage $(IMAGE) $(KSFT) $(ROUNDS)

checkpatch: kernel-tree
	@$(S)/checkpatch $(KTREE) kernel

check-series: kernel-tree
	@$(S)/check-series $(KTREE) $(BUILD)/series $(KCONFIGS)

# Colours only when make's own output is a terminal: in the VM, the
# console is always one.
# Two boots, as AppArmor and SELinux are exclusive: the first has
# AppArmor in the stack, the second SELinux and shows only its scenario.
demo: kernel rootfs
	@FE_APPEND="lsm=landlock,lockdown,yama,apparmor $(FE_APPEND)" \
		$(S)/vm-run $(BZIMAGE) $(IMAGE) "fe-demo $$([ -t 1 ] && echo --color)"
	@FE_APPEND="lsm=landlock,lockdown,yama,selinux $(FE_APPEND)" \
		$(S)/vm-run $(BZIMAGE) $(IMAGE) "fe-demo --only SELinux $$([ -t 1 ] && echo --color)"

export-kernel:
	@$(S)/export-series $(KTREE) kernel

export-glibc:
	@$(S)/export-series $(GTREE) glibc

reset-kernel reset-glibc: reset-%:
	@tree=$(if $(filter kernel,$*),$(KTREE),$(GTREE)); \
	git -C $$tree reset -q --hard "$$(cat $$tree/.git/fe-applied)" && \
	rm -f $$tree/.git/fe-series && \
	$(MAKE) -s $*-tree

clean:
	rm -rf $(BUILD)/obj $(BUILD)/stage $(ROOTFS) $(IMAGE) $(KSFT) $(BUILD)/check.log

distclean:
	rm -rf $(BUILD)
