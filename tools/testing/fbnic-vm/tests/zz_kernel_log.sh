#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs last: the kernel logged no warning, bug, oops or stall during the
# run (the patterns in console-problems.txt), and kmemleak finds no
# unreferenced object but the kernel's own known leaks
# (kmemleak-known.txt, each with its reason).
patterns=/payload/console-problems.txt
known=/payload/kmemleak-known.txt
KMEMLEAK=/sys/kernel/debug/kmemleak

# The function of the known list that an object's backtrace names, if any
known_leak() {
	local fn
	for fn in $(grep -v -e '^#' -e '^$' "$known" | cut -d' ' -f1); do
		grep -q "^ *$fn+" <<<"$1" && { echo "$fn"; return 0; }
	done
	return 1
}

# kmemleak reports an object only once it has been unreferenced for a
# while and over two scans: scan, wait, scan again.
echo scan >"$KMEMLEAK" || { echo "kmemleak not available"; exit 1; }
sleep 6
echo scan >"$KMEMLEAK"
rc=0
# The file has no size (it is generated when read): read it, and split
# it into objects
report=$(cat "$KMEMLEAK")
while IFS= read -r -d $'\x1e' obj; do
	[ -n "$obj" ] || continue
	if fn=$(known_leak "$obj"); then
		echo "known kernel leak ($fn: $(grep "^$fn " "$known" | cut -d' ' -f2-)):"
		head -n 1 <<<"$obj"
	else
		echo "kmemleak reports:"
		echo "$obj"
		rc=1
	fi
done < <(sed 's/^unreferenced object/\x1e&/' <<<"$report"; printf '\x1e')
if dmesg | grep -E -f <(grep -v -e '^#' -e '^$' "$patterns"); then
	rc=1
fi
[ "$rc" = 0 ] && echo "kernel log clean"
exit "$rc"
