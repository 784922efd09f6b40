#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unloading and loading fbnic 20 times in a row completes the firmware
# handshake every time, logs no warning and leaks no memory.
source "$(dirname "$0")/fbnic_lib.sh"

CYCLES=${CYCLES:-20}

require_fbnic
fbnic_unload
# No "clear" of kmemleak: it would hide earlier leaks from the run's
# final check too. A fbnic leak from before fails here as well.
log_mark

for i in $(seq "$CYCLES"); do
	fbnic_load
	[ -n "$(devlink_info_get '.versions.running.fw')" ] ||
		fail "cycle $i: no firmware version after load"
	fbnic_unload
done
log "$CYCLES load/unload cycles done"

if problems_since_mark; then
	fail "warnings or errors logged during the cycles"
fi

if leaks=$(kmemleak_suspects); then
	# Others' suspects are shown; the run's last check judges them
	[ -z "$leaks" ] || echo "$leaks" | head -n 100 | sed 's/^/# /'
	# Once fbnic is unloaded, kmemleak can no longer name its frames:
	# they show as bare addresses. A backtrace with such a frame is
	# from a module unloaded since, which here means fbnic.
	if grep -q -e fbnic -e '^ *0xffffffff[0-9a-f]*$' <<<"$leaks"; then
		fail "kmemleak reports leaks from fbnic (or a module unloaded since)"
	fi
	log "kmemleak: no fbnic leaks"
else
	log "kmemleak not available: leak check not done"
fi
exit $KSFT_PASS
