#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs last: the kernel logged no warning, bug, oops, stall or leak
# during the run (the patterns in console-problems.txt), and kmemleak
# finds no unreferenced objects.
patterns=/payload/console-problems.txt

# kmemleak reports an object only once it has been unreferenced for a
# while and over two scans: scan, wait, scan again.
echo scan >/sys/kernel/debug/kmemleak || { echo "kmemleak not available"; exit 1; }
sleep 6
echo scan >/sys/kernel/debug/kmemleak
# The file has no size (it is generated when read): read it.
leaks=$(cat /sys/kernel/debug/kmemleak)
rc=0
if [ -n "$leaks" ]; then
	echo "kmemleak reports $(echo "$leaks" | grep -c '^unreferenced object'):"
	echo "$leaks" | head -n 200
	rc=1
fi
if dmesg | grep -E -f <(grep -v -e '^#' -e '^$' "$patterns"); then
	rc=1
fi
[ "$rc" = 0 ] && echo "kernel log clean"
exit "$rc"
