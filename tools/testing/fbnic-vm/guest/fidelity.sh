#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fidelity run: the kernel's drivers/net and drivers/net/hw tests, as
# kernel-selftests.txt lists them but with every case of them, once with
# this repo's fbnic and once with upstream's, on the same emulated NIC.
# Each pass starts with "fbnic-vm: fidelity driver=NAME module=ID"
# and prints KTAP as run-tests.sh does; the host (lib/fidelity.py) holds
# the two passes' cases side by side. Ends with "fbnic-vm: fidelity
# complete". If the payload has fidelity-tests.txt, only the tests it
# names run (the host's second look at the tests with a difference).
set -u
. /payload/rig.env
. /payload/net-env.sh
# shellcheck source=/dev/null
. /payload/kselftest/drivers/net/fbnic/fbnic_lib.sh
# shellcheck source=kernel-tests.sh
. /payload/kernel-tests.sh

ONLY=
[ -s /payload/fidelity-tests.txt ] && ONLY=/payload/fidelity-tests.txt
OURS_KO=$(modinfo -n fbnic) || exit 1
cp "$OURS_KO" /tmp/fbnic-ours.ko

# Make NAME's module the fbnic that modprobe loads, so that a test that
# reloads the driver gets the same one back.
install_driver() {
	local ko=$1

	[ ! -e /sys/module/fbnic ] || rmmod fbnic || return 1
	cp "$ko" "$OURS_KO" && depmod -a
}

# What tells the loaded fbnic apart: its srcversion where the kernel
# keeps one, else the size of its code. A pass is only that driver's if
# it is the same at its end as at its start, and not the other's.
loaded_module_id() {
	cat /sys/module/fbnic/srcversion 2>/dev/null ||
		cat /sys/module/fbnic/coresize 2>/dev/null || echo none
}

# One pass over the kernel's tests with the driver in $2 (named $1)
fidelity_pass() {
	local name=$1 ko=$2 dir=/tmp/kselftest-$1

	if ! install_driver "$ko"; then
		echo "fbnic-vm: fidelity driver=$name not installed"
		return 1
	fi
	rm -rf "$dir"
	cp -a /payload/kselftest "$dir"
	# The tests and the wrappers kernel-tests.sh writes, afresh
	cd "$dir" || return 1
	modprobe fbnic
	echo "fbnic-vm: fidelity driver=$name module=$(loaded_module_id)"
	run_kernel_selftests all-cases "$ONLY"
	echo "fbnic-vm: fidelity driver=$name end module=$(loaded_module_id)"
	cd / || return 1
}

fidelity_pass ours /tmp/fbnic-ours.ko
fidelity_pass upstream "$FBNIC_UPSTREAM_KO"
install_driver /tmp/fbnic-ours.ko
echo "fbnic-vm: fidelity complete"
