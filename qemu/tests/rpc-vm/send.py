#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Send exact frames on an interface: send.py IF DSTMAC KIND COUNT SIZE
import socket, struct, sys, ipaddress
ifname, dst, kind, count, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
src = open(f"/sys/class/net/{ifname}/address").read().strip()
da = bytes(int(x, 16) for x in dst.split(":"))
sa = bytes(int(x, 16) for x in src.split(":"))
def csum(b):
    t = 0
    for i in range(0, len(b), 2):
        t += (b[i] << 8) | (b[i + 1] if i + 1 < len(b) else 0)
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return t
for i in range(count):
    if kind in ("udp4-nocsum", "udp4-badcsum"):
        pay = bytes([i & 0xff]) * max(0, size - 42)
        s4, d4 = ipaddress.ip_address("192.0.2.2").packed, ipaddress.ip_address("192.0.2.1").packed
        l4 = struct.pack(">HHHH", 20000 + i, 9, 8 + len(pay), 0) + pay
        if kind == "udp4-badcsum":
            c = 0xffff & ~csum(s4 + d4 + struct.pack(">BBH", 0, 17, len(l4)) + l4)
            l4 = l4[:6] + struct.pack(">H", c ^ 0x0101 or 1) + l4[8:]
        ip = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(l4), i, 0, 64, 17, 0) + s4 + d4
        ip = ip[:10] + struct.pack(">H", 0xffff & ~csum(ip)) + ip[12:]
        s.send(da + sa + b"\x08\x00" + ip + l4)
        continue
    if kind == "raw":
        f = da + sa + b"\x88\xb5" + bytes(max(0, size - 14))
    else:   # tcp4/udp4 from 192.0.2.2:(10000+i) to 192.0.2.1:9
        proto = 6 if kind == "tcp4" else 17
        sp, dp = 10000 + i, 9
        pay = bytes(max(0, size - 14 - 20 - (20 if proto == 6 else 8)))
        if proto == 6:
            l4 = struct.pack(">HHIIBBHHH", sp, dp, i, 0, 5 << 4, 0x02, 1000, 0, 0) + pay
        else:
            l4 = struct.pack(">HHHH", sp, dp, 8 + len(pay), 0) + pay
        s4, d4 = ipaddress.ip_address("192.0.2.2").packed, ipaddress.ip_address("192.0.2.1").packed
        c = 0xffff & ~csum(s4 + d4 + struct.pack(">BBH", 0, proto, len(l4)) + l4)
        o = 16 if proto == 6 else 6
        l4 = l4[:o] + struct.pack(">H", c) + l4[o + 2:]
        ip = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(l4), i, 0, 64, proto, 0) + s4 + d4
        ip = ip[:10] + struct.pack(">H", 0xffff & ~csum(ip)) + ip[12:]
        f = da + sa + b"\x08\x00" + ip + l4
    s.send(f)
