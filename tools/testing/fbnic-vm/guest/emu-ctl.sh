#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One command to the rig's control proxy on the host (lib/ctl-proxy.py)
# through the emulator control port: prints the reply, exits 0 if the
# proxy says the command succeeded. E.g. "emu-ctl.sh hmp info pci".
. /payload/rig.env
exec 9<>"$FBNIC_EMU_CTL" || exit 1
echo "$*" >&9
while IFS= read -r -t 60 line <&9; do
	case "$line" in
	"@@rc "*) exit "${line#@@rc }" ;;
	"") ;;
	*) echo "$line" ;;
	esac
done
echo "no answer from the control proxy to '$*'" >&2
exit 1
