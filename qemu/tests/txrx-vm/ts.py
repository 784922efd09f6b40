# SPDX-License-Identifier: GPL-2.0-or-later
"""Hardware Tx and Rx timestamps of one UDP datagram each way.

Turns on hardware timestamping of IFNAME (SIOCSHWTSTAMP: Tx on, all Rx
frames), sends a datagram to the peer and reads its Tx stamp from the
error queue, then has the peer (network namespace fbnic-peer) send one
back and reads its Rx stamp. Exits 0 when both stamps are there.

usage: ts.py IFNAME
"""

import ctypes
import fcntl
import socket
import struct
import subprocess
import sys
import time

SIOCSHWTSTAMP = 0x89b0
HWTSTAMP_TX_ON = 1
HWTSTAMP_FILTER_ALL = 1
SO_TIMESTAMPING = 37
SOF_TIMESTAMPING_TX_HARDWARE = 1 << 0
SOF_TIMESTAMPING_RX_HARDWARE = 1 << 2
SOF_TIMESTAMPING_RAW_HARDWARE = 1 << 6

LOCAL = ("192.0.2.1", 40001)
REMOTE = ("192.0.2.2", 40002)


def enable_hw_stamps(sock, ifname):
    # struct hwtstamp_config { int flags; int tx_type; int rx_filter; }
    cfg = ctypes.create_string_buffer(
        struct.pack("iii", 0, HWTSTAMP_TX_ON, HWTSTAMP_FILTER_ALL))
    ifreq = struct.pack("16sQ", ifname.encode(), ctypes.addressof(cfg))
    fcntl.ioctl(sock.fileno(), SIOCSHWTSTAMP, ifreq)
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPING,
                    SOF_TIMESTAMPING_TX_HARDWARE |
                    SOF_TIMESTAMPING_RX_HARDWARE |
                    SOF_TIMESTAMPING_RAW_HARDWARE)


def hw_stamp(ancdata):
    """The raw hardware stamp (seconds, nanoseconds) of a message, or None"""
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPING:
            sec, nsec = struct.unpack("qqqqqq", data[:48])[4:6]
            if sec or nsec:
                return sec, nsec
    return None


def tx_stamp(sock):
    sock.sendto(b"x" * 100, REMOTE)
    for _ in range(50):
        try:
            _, anc, _, _ = sock.recvmsg(2048, 1024, socket.MSG_ERRQUEUE |
                                        socket.MSG_DONTWAIT)
        except BlockingIOError:
            time.sleep(0.1)
            continue
        return hw_stamp(anc)
    return None


def rx_stamp(sock):
    send = ("import socket; socket.socket(socket.AF_INET, "
            "socket.SOCK_DGRAM).sendto(b'y' * 50, %r)" % (LOCAL,))
    subprocess.run(["ip", "netns", "exec", "fbnic-peer", "python3", "-c",
                    send], check=True)
    sock.settimeout(3)
    try:
        _, anc, _, _ = sock.recvmsg(2048, 1024)
    except socket.timeout:
        return None
    return hw_stamp(anc)


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    enable_hw_stamps(sock, sys.argv[1])
    sock.bind(LOCAL)
    tx = tx_stamp(sock)
    rx = rx_stamp(sock)
    print("tx stamp", tx, "rx stamp", rx)
    return 0 if tx and rx else 1


if __name__ == "__main__":
    sys.exit(main())
