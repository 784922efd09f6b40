#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Push frames through the fbnic model's classifier (x-rpc-probe over the
rig's monitor port) and check verdicts against upstream's programming."""
import ipaddress, os, re, struct, subprocess, sys

IF = sys.argv[1]
CTL = os.environ["FBNIC_EMU_CTL"]
fails = 0

def hmp(cmd):
    with open(CTL, "r+b", buffering=0) as f:
        f.write(("hmp " + cmd + "\n").encode())
        out = b""
        while True:
            c = f.read(1)
            out += c
            if out.endswith(b"\n") and b"@@rc " in out.splitlines()[-1]:
                break
    lines = out.decode().splitlines()
    rc = int(lines[-1].split()[1])
    return rc, "\n".join(l for l in lines[:-1] if l)

def probe(frame):
    rc, out = hmp("qom-set nic0 x-rpc-probe " + frame.hex())
    assert rc == 0, out
    rc, out = hmp("qom-get nic0 x-rpc-probe")
    assert rc == 0, out
    return dict(kv.split("=") for kv in out.strip().strip('"').split())

def sh(c):
    return subprocess.run(c, shell=True, capture_output=True, text=True).stdout

def check(what, ok):
    global fails
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        fails += 1

def csum(b):
    s = 0
    for i in range(0, len(b), 2):
        s += (b[i] << 8) | (b[i + 1] if i + 1 < len(b) else 0)
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s

def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))

MYMAC = mac(open(f"/sys/class/net/{IF}/address").read().strip())
PEER = mac("02:00:00:00:00:02")

def frame(da, src, dst, proto, sp, dp, payload=b"x" * 18, v6=False):
    s = ipaddress.ip_address(src).packed
    d = ipaddress.ip_address(dst).packed
    l4 = struct.pack(">HH", sp, dp)
    if proto == 6:
        l4 += struct.pack(">IIBBHHH", 1, 0, 5 << 4, 0x18, 1000, 0, 0)
    else:
        l4 += struct.pack(">HH", 8 + len(payload), 0)
    l4 += payload
    if v6:
        pseudo = s + d + struct.pack(">II", len(l4), proto)
    else:
        pseudo = s + d + struct.pack(">BBH", 0, proto, len(l4))
    c = 0xffff & ~csum(pseudo + l4)
    off = 16 if proto == 6 else 6
    l4 = l4[:off] + struct.pack(">H", c) + l4[off + 2:]
    if v6:
        ip = struct.pack(">IHBB", 6 << 28, len(l4), proto, 64) + s + d
        et = 0x86dd
    else:
        ip = struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(l4), 1, 0, 64,
                         proto, 0) + s + d
        ip = ip[:10] + struct.pack(">H", 0xffff & ~csum(ip)) + ip[12:]
        et = 0x0800
    return da + PEER + struct.pack(">H", et) + ip + l4

# the driver's RSS key and indirection table, as ethtool reports them
x = sh(f"ethtool -x {IF}")
key = bytes(int(b, 16) for b in re.search(r"RSS hash key:\s*\n(\S+)", x)
            .group(1).split(":"))
indir = []
for line in x.splitlines():
    m = re.match(r"\s*\d+:\s+([\d\s]+)$", line)
    if m:
        indir += [int(v) for v in m.group(1).split()]
print(f"key {len(key)} bytes, indirection {len(indir)} entries")

def toeplitz(data):
    k = int.from_bytes(key, "big")
    kl = len(key) * 8
    h = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (k >> (kl - 32 - i)) & 0xffffffff
    return h

def tuple_in(src, dst, sp=None, dp=None):
    b = ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed
    if sp is not None:
        b += struct.pack(">HH", sp, dp)
    return b

mode = sys.argv[2] if len(sys.argv) > 2 else "rss"

if mode == "rss":
    queues = set()
    good = True
    for port in range(40000, 40032):
        f = frame(MYMAC, "192.0.2.1", "192.0.2.2", 6, port, 5201)
        v = probe(f)
        h = toeplitz(tuple_in("192.0.2.1", "192.0.2.2", port, 5201))
        q = indir[h % len(indir)]
        if int(v["hash"], 16) != h or int(v["queue"]) != q or v["drop"] != "0":
            good = False
            print("  mismatch", port, v, hex(h), q)
        queues.add(int(v["queue"]))
    check(f"tcp4 hash == Toeplitz(ethtool key) and queue == indir[hash], 32 flows over queues {sorted(queues)}", good and len(queues) > 1)
    v = probe(frame(MYMAC, "2001:db8::1", "2001:db8::2", 6, 1234, 80, v6=True))
    h = toeplitz(tuple_in("2001:db8::1", "2001:db8::2", 1234, 80))
    check("tcp6 4-tuple hash", int(v["hash"], 16) == h and v["l3"] == "2" and v["l4"] == "1" and v["csum_ok"] == "1")
    v = probe(frame(MYMAC, "192.0.2.1", "192.0.2.2", 17, 1234, 80))
    h = toeplitz(tuple_in("192.0.2.1", "192.0.2.2"))
    check("udp4 default hash is L3 only", int(v["hash"], 16) == h)
elif mode == "udp4-l4":
    v = probe(frame(MYMAC, "192.0.2.1", "192.0.2.2", 17, 1234, 80))
    h = toeplitz(tuple_in("192.0.2.1", "192.0.2.2", 1234, 80))
    check("udp4 hash after 'rx-flow-hash udp4 sdfn' includes ports", int(v["hash"], 16) == h)
elif mode == "nfc":
    v = probe(frame(MYMAC, "192.0.2.1", "192.0.2.2", 6, 1234, 5001))
    check(f"ntuple rule tcp4 dst-port 5001 -> queue 1 ({v['queue']}, act {v['act']})", v["queue"] == "1" and v["drop"] == "0")
    v = probe(frame(MYMAC, "192.0.2.1", "192.0.2.2", 6, 1234, 5002))
    check(f"other port still RSS (act {v['act']})", int(v["act"]) >= 50)
elif mode.startswith("accept:") or mode.startswith("drop:"):
    want, da = mode.split(":", 1)
    v = probe(frame(mac(da), "192.0.2.1", "192.0.2.2", 17, 1, 2))
    check(f"{da} {'accepted' if want == 'accept' else 'dropped'} (drop={v['drop']} act={v['act']})",
          v["drop"] == ("0" if want == "accept" else "1"))
sys.exit(1 if fails else 0)
