#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every memory allocation of a probe can fail, and the probe then fails
# cleanly: nothing stays bound, no netdev or devlink instance is left
# behind, nothing leaks, and the kernel logs no warning or splat. The
# failure is the kernel's fault injection (failslab, fail_page_alloc)
# aimed by fail-nth at the Nth allocation the bind makes, in the task
# that makes it, so every run fails the same allocation. Only
# allocations the driver asks for count: fbnic's code must be within
# the top DEPTH frames of the allocation's call stack (the stack trace
# filter), so the MSI-X vectors, mailbox and ring memory, netdev and
# devlink objects fail, but not what other subsystems allocate deep
# below a call of the driver, whose error paths are theirs to test (with
# 12 frames, a failure inside request_irq()'s /proc registration, which
# the IRQ core ignores, made free_irq() warn in remove_proc_entry()). All
# of the first FIRST such allocations are failed in turn, then SAMPLE
# more picked by the seed (FBNIC_SEED, printed). The driver's own fault
# points for DMA mappings (debugfs fbnic/fail_*_dma_map) are fail-nth
# sites as well, so a failed mailbox mapping is among the faults swept.
source "$(dirname "$0")/fbnic_lib.sh"

DEPTH=${DEPTH:-7}
FIRST=${FIRST:-48}
SAMPLE=${SAMPLE:-48}
FAILSLAB=/sys/kernel/debug/failslab
FAIL_PAGE=/sys/kernel/debug/fail_page_alloc
DRV=/sys/bus/pci/drivers/fbnic
# A count larger than any bind's allocations: read back, what is left
# of it says how many the bind made
UNREACHED=1000000

require_fbnic
[ -w /proc/thread-self/fail-nth ] || skip "no fail-nth (CONFIG_FAULT_INJECTION)"
[ -d "$FAILSLAB" ] && [ -d "$FAIL_PAGE" ] ||
	skip "no failslab/fail_page_alloc in debugfs (CONFIG_FAULT_INJECTION_DEBUG_FS)"
[ -e "$FAILSLAB/require-start" ] ||
	skip "no stack trace filter (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER): the failures would hit other subsystems"

# By default only allocations that cannot sleep, and pages of order 1
# and up, may be failed; a probe makes mostly the others. Quietly: an
# injected failure's stack dump is not a splat of the driver's.
save_attrs() {
	SAVED=()
	local f
	for f in "$FAILSLAB"/ignore-gfp-wait "$FAILSLAB"/verbose \
		 "$FAIL_PAGE"/ignore-gfp-wait "$FAIL_PAGE"/ignore-gfp-highmem \
		 "$FAIL_PAGE"/min-order "$FAIL_PAGE"/verbose; do
		SAVED+=("$f=$(cat "$f")")
	done
	for f in require-start require-end stacktrace-depth; do
		SAVED+=("$FAILSLAB/$f=$(cat "$FAILSLAB/$f")")
		SAVED+=("$FAIL_PAGE/$f=$(cat "$FAIL_PAGE/$f")")
	done
}

restore_attrs() {
	local a
	echo 0 >/proc/thread-self/fail-nth
	for a in "${SAVED[@]}"; do
		echo "${a#*=}" >"${a%%=*}"
	done
}

save_attrs
trap restore_attrs EXIT
echo N >"$FAILSLAB"/ignore-gfp-wait
echo 0 >"$FAILSLAB"/verbose
echo N >"$FAIL_PAGE"/ignore-gfp-wait
echo N >"$FAIL_PAGE"/ignore-gfp-highmem
echo 0 >"$FAIL_PAGE"/min-order
echo 0 >"$FAIL_PAGE"/verbose

# Bind fbnic to the device with the Nth allocation from here on failing
# (0: none). Sets INJECTED (1 if that allocation happened) and BOUND.
# Builtins only, so that the allocations counted are this shell's own.
bind_failing() {
	local n=$1 left

	echo "$n" >/proc/thread-self/fail-nth
	{ echo "$BDF" >"$DRV/bind"; } 2>/dev/null
	read -r left </proc/thread-self/fail-nth
	echo 0 >/proc/thread-self/fail-nth
	LEFT=$left
	INJECTED=0
	[ "$n" -gt 0 ] && [ "$left" = 0 ] && INJECTED=1
	BOUND=0
	[ -e "$DRV/$BDF" ] && BOUND=1
}

unbind() {
	echo "$BDF" >"$DRV/unbind" || fail "unbind of $BDF failed"
}

# Nothing of a failed probe may be left
check_gone() {
	local what=$1
	[ ! -e "$DRV/$BDF" ] || fail "$what: still bound"
	[ -z "$(ls /sys/bus/pci/devices/"$BDF"/net 2>/dev/null)" ] ||
		fail "$what: a netdev is left"
	! devlink dev show "$DL" >/dev/null 2>&1 ||
		fail "$what: the devlink instance is left"
}

fbnic_unload
modprobe fbnic || fail "modprobe fbnic failed"
# Loading binds; the sweep binds by hand from now on
wait_for "[ -e $DRV/$BDF ]" || fail "fbnic did not bind"
# The driver's fault points come with the module, dumping stacks
for f in /sys/kernel/debug/fbnic/fail_*/verbose; do
	[ ! -e "$f" ] || echo 0 >"$f"
done
fbnic_netdev_wait || fail "no netdev after load"
unbind
log_mark

# The driver's code: from its first to its last text symbol (the module
# stays loaded while the sweep binds and unbinds)
read -r text_start text_end < <(python3 -c '
import sys
addrs = [int(l.split()[0], 16) for l in open("/proc/kallsyms")
         if l.rstrip().endswith("[fbnic]") and l.split()[1] in "tT"]
if addrs and min(addrs):
    print(min(addrs), max(addrs) + 4096)
')
[ -n "$text_start" ] || fail "no address of fbnic's code in /proc/kallsyms"
for d in "$FAILSLAB" "$FAIL_PAGE"; do
	echo "$text_start" >"$d/require-start"
	echo "$text_end" >"$d/require-end"
	echo "$DEPTH" >"$d/stacktrace-depth"
done

# How many allocations a whole bind makes
bind_failing "$UNREACHED"
[ "$BOUND" = 1 ] || fail "bind failed without an injected failure"
total=$((UNREACHED - LEFT))
log "a bind has $total fault sites: allocations from fbnic's code (within $DEPTH frames) and its DMA mapping fault points"
[ "$total" -gt 0 ] || fail "no allocation counted: fail-nth does not work"
fbnic_netdev_wait || fail "no netdev after a clean bind"
unbind

seed=${FBNIC_SEED:-$RANDOM}
log "fbnic seed: $seed (allocations sampled past the first $FIRST)"
points=$(seq 1 $((FIRST < total ? FIRST : total)))
if [ "$total" -gt "$FIRST" ]; then
	points+=" $(python3 -c "import random, sys
r = random.Random($seed)
pool = range($FIRST + 1, $total + 1)
print(*sorted(r.sample(pool, min($SAMPLE, len(pool)))))")"
fi

failed=0 tolerated=0 mgmt_only=0
for n in $points; do
	bind_failing "$n"
	if [ "$INJECTED" = 0 ]; then
		# The bind made fewer allocations this time: a path that
		# allocates less (cached objects), not a failure
		[ "$BOUND" = 1 ] && unbind
		continue
	fi
	if [ "$BOUND" = 1 ]; then
		# The driver went on without what it could not allocate:
		# an optional part, or the netdev itself, in which case it
		# stays bound with its devlink instance alone so that the
		# firmware can still be managed (and flashed). Probe
		# registers the netdev before it returns: no waiting.
		if ! ls /sys/bus/pci/devices/"$BDF"/net/* >/dev/null 2>&1; then
			devlink dev show "$DL" >/dev/null 2>&1 ||
				fail "allocation $n failed: bound with neither netdev nor devlink"
			mgmt_only=$((mgmt_only + 1))
		fi
		tolerated=$((tolerated + 1))
		unbind
	else
		failed=$((failed + 1))
	fi
	check_gone "allocation $n failed"
done
log "$failed binds failed cleanly, $tolerated went on without the allocation ($mgmt_only of them without a netdev, devlink only)"
[ "$failed" -gt 0 ] || fail "no injected failure failed a bind"

# The device still works after all that
bind_failing 0
[ "$BOUND" = 1 ] || fail "final bind failed"
fbnic_netdev_wait || fail "no netdev after the final bind"
[ -n "$(devlink_info_get '.versions.running.fw')" ] ||
	fail "no firmware version after the final bind"

# The driver's own messages about what it could not allocate are
# expected, and so is the allocator's report of a failed allocation made
# without __GFP_NOWARN (vmalloc's always has a stack dump: one "Call
# Trace" per report); a splat, a warning or a lockdep report is not
since=$(log_since_mark)
if grep -E -e 'WARNING:|BUG:|Oops|KASAN|UBSAN' \
	-e 'possible circular locking|suspicious RCU usage|DMA-API: \S+ [0-9a-f]{4}:|DMAR: ' \
	<<<"$since"; then
	fail "the failed probes logged a splat"
fi
traces=$(grep -c 'Call Trace' <<<"$since")
reports=$(grep -c -E 'vmalloc error:|page allocation failure:' <<<"$since")
if [ "$traces" -gt "$reports" ]; then
	grep -B 3 -A 12 'Call Trace' <<<"$since" | head -n 60 | sed 's/^/# /'
	fail "the failed probes logged $traces stack dumps, $reports of them allocation failure reports"
fi
[ "$reports" = 0 ] || log "$reports allocation failure reports (warn_alloc), expected"

if leaks=$(kmemleak_suspects); then
	[ -z "$leaks" ] || echo "$leaks" | head -n 100 | sed 's/^/# /'
	if grep -q fbnic <<<"$leaks"; then
		fail "kmemleak reports leaks from fbnic's failed probes"
	fi
	log "kmemleak: no fbnic leaks"
fi
exit $KSFT_PASS
