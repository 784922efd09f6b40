#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `ethtool -m` reads the QSFP module's EEPROM through the firmware: the
# identity fields are the module's, the check codes hold, partial reads
# return the same bytes, bad requests fail cleanly, and an empty cage is
# reported as such.
source "$(dirname "$0")/fbnic_lib.sh"

require_fbnic
command -v ethtool >/dev/null || skip "ethtool not installed"
fbnic_unload
fbnic_load
fbnic_netdev_wait || skip "fbnic registered no netdev"
dev=$FBNIC_DEV
log_mark

# One field of the decoded `ethtool -m` output, trailing blanks removed
module_field() {
	echo "$decoded" | awk -F' *: ' -v f="$1" '
		{ k = $1; sub(/^[ \t]+/, "", k) }
		k == f { v = $2; sub(/[ \t]+$/, "", v); print v; exit }'
}

# Bytes of the EEPROM as decimal numbers, one a line
eeprom_bytes() {
	ethtool -m "$dev" raw on "$@" | od -An -tu1 -v | tr -s ' ' '\n' |
		sed '/^$/d'
}

# Two byte lists must be equal; only their size is logged
same_bytes() {
	[ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
	log "$1: $(echo "$2" | wc -w) bytes as expected"
}

# 1. The module as ethtool decodes it
decoded=$(ethtool -m "$dev" 2>&1) || fail "ethtool -m failed: $decoded"
echo "$decoded" | sed 's/^/# /'
id=$(module_field Identifier)
case "$id" in
0x0c*|0x0d*|0x11*|0x18*|0x19*|0x1e*) ;;
*) fail "not a QSFP module identifier: '$id'" ;;
esac

# 2. The raw bytes: lower page and upper page 00h (and pages 1-3 of a
# paged module), with valid check codes
mapfile -t ee < <(eeprom_bytes)
case ${#ee[@]} in
256|640) ;;
*) fail "${#ee[@]} EEPROM bytes read, not 256 or 640" ;;
esac
sum=0
for ((i = 128; i < 191; i++)); do sum=$(((sum + ee[i]) & 255)); done
expect_eq "CC_BASE (byte 191)" "${ee[191]}" "$sum"
sum=0
for ((i = 192; i < 223; i++)); do sum=$(((sum + ee[i]) & 255)); done
expect_eq "CC_EXT (byte 223)" "${ee[223]}" "$sum"

# 3. Partial reads return the same bytes as the whole one, by page
# (netlink, which an I2C address selects) and by linear offset (ioctl)
mapfile -t part < <(eeprom_bytes i2c 0x50 offset 148 length 16)
same_bytes "16 bytes at 148, page read" "${part[*]}" "${ee[*]:148:16}"
mapfile -t part < <(eeprom_bytes i2c 0x50 offset 0 length 128)
same_bytes "lower page, page read" "${part[*]}" "${ee[*]:0:128}"
mapfile -t part < <(eeprom_bytes offset 120 length 20)
same_bytes "20 bytes at 120, linear read" "${part[*]}" "${ee[*]:120:20}"

# 4. Requests the firmware cannot serve fail, and say why
out=$(ethtool -m "$dev" i2c 0x51 offset 0 length 1 2>&1) &&
	fail "read at I2C address 0x51 succeeded"
log "I2C address 0x51: $(echo "$out" | head -n1)"
# The module is flat memory (status byte 2, bit 2): page 3 does not exist
if (( ee[2] & 4 )); then
	out=$(ethtool -m "$dev" page 3 offset 128 length 16 2>&1) &&
		fail "read of page 3 of a flat module succeeded"
	log "page 3: $(echo "$out" | head -n1)"
fi

# 5. The module the emulator exposes (its SFF-8636 image)
if [ -z "${FBNIC_EMU_DSN:-}" ]; then
	fbnic_unload
	skip "module identity unknown (not the emulator): fields not compared"
fi
expect_eq Identifier "$id" "0x11 (QSFP28)"
expect_eq "Vendor name" "$(module_field 'Vendor name')" \
	"${FBNIC_EMU_QSFP_VENDOR:-FBNIC EMU}"
expect_eq "Vendor PN" "$(module_field 'Vendor PN')" \
	"${FBNIC_EMU_QSFP_PN:-FBQ28-CR4-2M}"
expect_eq "Vendor SN" "$(module_field 'Vendor SN')" \
	"${FBNIC_EMU_QSFP_SN:-QEMU0000000001}"
expect_eq "Vendor rev" "$(module_field 'Vendor rev')" A0
expect_eq "Vendor OUI" "$(module_field 'Vendor OUI')" 00:1d:9b

# 6. An empty cage: the read fails and says so; a module put back reads
require_emu_ctl
emu_hmp "qom-set nic0 qsfp-present off" || fail "cannot empty the cage"
out=$(ethtool -m "$dev" 2>&1) && fail "ethtool -m read an empty cage: $out"
log "empty cage: $(echo "$out" | tr '\n' ' ')"
echo "$out" | grep -q -i 'no module' ||
	fail "empty cage not reported as such: $out"
emu_hmp "qom-set nic0 qsfp-present on" || fail "cannot put the module back"
mapfile -t again < <(eeprom_bytes)
same_bytes "EEPROM after the module came back" "${again[*]}" "${ee[*]}"

problems=$(problems_since_mark)
[ -z "$problems" ] || fail "kernel warnings: $problems"
fbnic_unload
exit $KSFT_PASS
