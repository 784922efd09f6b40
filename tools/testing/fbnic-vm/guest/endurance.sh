#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run endurance: the driver's endurance test (drivers/net/fbnic
# endurance.py) at its full cycle count, on the emulated wire. Prints
# KTAP; ends with "fbnic-vm: run-tests complete" like run-tests.sh.
set -u
. /payload/rig.env
cp -a /payload/kselftest /tmp/kselftest
cd /tmp/kselftest || exit 1
. /payload/net-env.sh
. drivers/net/fbnic/fbnic_lib.sh
. /payload/kernel-tests.sh

export ENDURANCE_CYCLES=${FBNIC_ENDURANCE_CYCLES:-100}
echo "# endurance: $ENDURANCE_CYCLES cycles a phase, seed $FBNIC_SEED"
if wire_up "endurance"; then
	./run_kselftest.sh -o 7200 -t drivers/net/fbnic:endurance.py
fi
echo "fbnic-vm: run-tests complete"
