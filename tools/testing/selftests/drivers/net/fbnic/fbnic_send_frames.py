#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
Sends crafted Ethernet frames for the fbnic data-path tests, from the
remote end: needs nothing but python3, so that it can be deployed there.

  fbnic_send_frames.py IFNAME COUNT SIZE [--burst] DST_MAC,MARKER_HEX...

To each destination in turn, COUNT frames of SIZE bytes with the IEEE 802
local experimental EtherType, their payload starting with the MARKER and
a sequence number. Paced at about 1 ms per frame unless --burst, which
sends as fast as the socket takes them.
"""

import argparse
import errno
import socket
import struct
import time

EXP_ETHERTYPE = 0x88b5
ETH_ZLEN = 60


def mac_bytes(text):
    """aa:bb:cc:dd:ee:ff as 6 bytes"""
    return bytes(int(part, 16) for part in text.split(":"))


def send_one(sock, frame):
    """Send, waiting while the queue below the socket is full"""
    while True:
        try:
            sock.send(frame)
            return
        except OSError as err:
            if err.errno not in (errno.ENOBUFS, errno.EAGAIN):
                raise
            time.sleep(0.001)


def main():
    """Parse the arguments and send"""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("ifname")
    parser.add_argument("count", type=int)
    parser.add_argument("size", type=int)
    parser.add_argument("--burst", action="store_true")
    parser.add_argument("dests", nargs="+", help="DST_MAC,MARKER_HEX")
    args = parser.parse_args()

    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((args.ifname, 0))
    src = sock.getsockname()[4][:6]
    for dest in args.dests:
        mac, marker = dest.split(",")
        head = mac_bytes(mac) + src + struct.pack("!H", EXP_ETHERTYPE)
        head += bytes.fromhex(marker)
        pad = bytes(max(args.size, ETH_ZLEN) - len(head) - 4)
        for seq in range(args.count):
            send_one(sock, head + struct.pack("!I", seq) + pad)
            if not args.burst:
                time.sleep(0.001)


if __name__ == "__main__":
    main()
