#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the driver's selftests with the kernel's kselftest runner, then the
# rig's own checks (upstream fidelity, kernel log). Prints KTAP.
. /payload/rig.env
# Leaks from before the tests (boot) are not ours to report.
echo clear >/sys/kernel/debug/kmemleak 2>/dev/null
cp -a /payload/kselftest /tmp/kselftest
cd /tmp/kselftest || exit 1
./run_kselftest.sh

# Rig checks: exit 0 passes, 4 skips (the kselftest convention).
n=0
for t in /payload/tests/*.sh; do
	n=$((n + 1))
	name=$(basename "$t")
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
