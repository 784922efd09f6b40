#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the driver's selftests with the kernel's kselftest runner, then the
# kernel's own driver selftests, then the rig's checks (upstream fidelity,
# kernel log). Prints KTAP: one document (header, plan, results) per
# part. The host checks every plan, and that every test it expected
# reported once; this script ends with "fbnic-vm: run-tests complete".
# When the host splits the run over two guests (FBNIC_RUN_PART), one runs
# the driver's selftests and the rig's checks, the other the kernel's
# tests and its own kernel log check.
set -u
. /payload/rig.env
cp -a /payload/kselftest /tmp/kselftest
cd /tmp/kselftest || exit 1
. /payload/net-env.sh
. drivers/net/fbnic/fbnic_lib.sh
. /payload/kernel-tests.sh
# endurance.py's cycles a phase: a few here, within run test's time;
# run endurance runs the full count
export ENDURANCE_CYCLES=${FBNIC_ENDURANCE_CYCLES:-3}

# Our own selftests. The bring-up ones (shell) reload the driver; the
# data-path ones (Python) need the wire set up as the kernel's driver
# tests take it, so they run after those, with the environment.
run_fbnic_selftests() {
	local py=() skip=() t

	while read -r t; do
		py+=(-t "$t")
		skip+=(-S "$t")
	done < <(grep '^drivers/net/fbnic:.*\.py$' kselftest-list.txt)
	./run_kselftest.sh -c drivers/net/fbnic "${skip[@]}"
	[ ${#py[@]} -gt 0 ] || return
	wire_up "fbnic data-path tests"
	./run_kselftest.sh "${py[@]}"
}
part=${FBNIC_RUN_PART:-all}
[ "$part" = kernel ] || (run_fbnic_selftests)
[ "$part" = fbnic ] || run_kernel_selftests

# Rig checks: exit 0 passes, 4 skips (the kselftest convention).
tests=(/payload/tests/*.sh)
suffix=
if [ "$part" = kernel ]; then
	tests=(/payload/tests/zz_kernel_log.sh)
	suffix=" (kernel tests VM)"
fi
echo "TAP version 13"
echo "1..${#tests[@]}"
n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	name=$(basename "$t")$suffix
	echo "# rig: $name"
	out=$(timeout 900 "$t" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	case $rc in
	0) echo "ok $n rig: $name" ;;
	4) echo "ok $n rig: $name # SKIP $(echo "$out" | tail -n1)" ;;
	*) echo "not ok $n rig: $name # exit=$rc" ;;
	esac
done
echo "fbnic-vm: run-tests complete"
