#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs last: the kernel logged no warning, bug, oops or leak during the run.
echo scan >/sys/kernel/debug/kmemleak 2>/dev/null
sleep 5
echo scan >/sys/kernel/debug/kmemleak 2>/dev/null
if [ -s /sys/kernel/debug/kmemleak ]; then
	echo "kmemleak reports:"
	head -n 40 /sys/kernel/debug/kmemleak
	exit 1
fi
if dmesg | grep -E 'WARNING:|BUG:|Oops|KASAN|UBSAN|general protection|Call Trace:|possible circular locking|suspicious RCU'; then
	exit 1
fi
echo "kernel log clean"
