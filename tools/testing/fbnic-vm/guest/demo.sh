#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Show fbnic at work on the emulated NIC.
set -x
lspci_fbnic=$(grep -l 0x1d9b /sys/bus/pci/devices/*/vendor | head -n1)
cat "${lspci_fbnic%/vendor}/device"
modprobe fbnic
sleep 1
dmesg | grep -i fbnic
devlink dev show
devlink dev info
ip -d link show
ls "${lspci_fbnic%/vendor}/msi_irqs"
rmmod fbnic
dmesg | tail -n 5
