# SPDX-License-Identifier: GPL-2.0

"""
Gives the fbnic data-path tests the kernel's selftest libraries under one
name, `lib.py`, as drivers/net/hw has it: the ksft runner and asserts
(net/lib/py) and the driver test environment with its remote end
(drivers/net/lib/py). The latter imports its helpers from `lib.py` too,
i.e. from this module: they have to be here before it is imported.
"""

import sys
from pathlib import Path

# The kselftest root: fbnic/lib/py sits five levels below it
KSFT_DIR = (Path(__file__).parent / "../../../../..").resolve()

try:
    sys.path.append(KSFT_DIR.as_posix())

    # pylint: disable=wrong-import-position
    from net.lib.py import NetNS, NetdevSimDev, UserNetNS
    from net.lib.py import EthtoolFamily, NetdevFamily, NlError, \
        RtnlFamily, Netlink
    from net.lib.py import CmdExitFailure
    from net.lib.py import bkg, bpftool, cmd, defer, ethtool, ip, \
        rand_port, wait_file, wait_port_listen
    from net.lib.py import KsftSkipEx, KsftFailEx, KsftXfailEx
    from net.lib.py import ksft_disruptive, ksft_exit, ksft_pr, ksft_run, \
        ksft_setup
    from net.lib.py import ksft_eq, ksft_ge, ksft_gt, ksft_in, ksft_lt, \
        ksft_ne, ksft_true
    from drivers.net.lib.py import NetDrvEpEnv, Iperf3Runner

    __all__ = ["NetNS", "NetdevSimDev", "UserNetNS",
               "EthtoolFamily", "NetdevFamily", "NlError", "RtnlFamily",
               "Netlink", "CmdExitFailure",
               "bkg", "bpftool", "cmd", "defer", "ethtool", "ip",
               "rand_port", "wait_file", "wait_port_listen",
               "KsftSkipEx", "KsftFailEx", "KsftXfailEx",
               "ksft_disruptive", "ksft_exit", "ksft_pr", "ksft_run",
               "ksft_setup", "ksft_eq", "ksft_ge", "ksft_gt", "ksft_in",
               "ksft_lt", "ksft_ne", "ksft_true",
               "NetDrvEpEnv", "Iperf3Runner"]
except ModuleNotFoundError as e:
    print("# cannot import the kernel's selftest libraries:", e)
    sys.exit(4)
