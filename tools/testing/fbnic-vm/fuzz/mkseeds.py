#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpora of the fbnic fuzzers: corpus/<target>/<name>.

Seeds are small valid inputs, one per kind of message or completion the
driver handles, so that the fuzzers start from the driver's real paths.
The files are committed; run this again after changing an input format
(the constants below mirror the harnesses and the driver's message IDs).
"""
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- TLV encoding (fbnic_tlv.h) ----
IS_MSG = 1 << 15
CANNOT_IGNORE = 1 << 14


def attr(aid, value=b"", flags=0):
    ln = 4 + len(value)
    pad = (-ln) % 4
    return struct.pack("<I", aid | flags | (ln << 16)) + value + b"\0" * pad


def u32(aid, v):
    return attr(aid, struct.pack("<I", v & 0xFFFFFFFF))


def u64(aid, v):
    return attr(aid, struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF))


def s32(aid, v):
    return attr(aid, struct.pack("<i", v))


def string(aid, s):
    return attr(aid, s.encode() + b"\0")


def flag(aid):
    return attr(aid)


def nest(aid, *attrs):
    return attr(aid, b"".join(attrs))


def msg(mid, *attrs):
    body = b"".join(attrs)
    return struct.pack("<I", mid | IS_MSG | ((1 + len(body) // 4) << 16)) + body


# ---- Firmware messages (fbnic_fw.c) ----
MSG_TEST = 0x00
FW_CAP_RESP = 0x11
OWNERSHIP_RESP = 0x13
HEARTBEAT_RESP = 0x15
DUMP_INFO_RESP = 0x19
DUMP_READ_RESP = 0x21
FLASH_START_RESP = 0x23
FLASH_CHUNK_REQ = 0x24
FLASH_FINISH_REQ = 0x28
QSFP_READ_RESP = 0x39
TSENE_READ_RESP = 0x3D
LOG_LINE = 0x44


def fw_ver(maj, mnr, pat, bld):
    return maj << 24 | mnr << 16 | pat << 8 | bld


BMC_MACS = [bytes([0x02, 0, 0, 0, 0, i]) for i in range(1, 4)]


def caps(version=fw_ver(0, 12, 9, 1), bmc=True):
    attrs = [
        u32(0x00, version),
        string(0x06, "abcdef12"),
        u32(0x04, version),
        string(0x0C, "abcdef12"),
        u32(0x05, 1),
        u32(0x0A, 3),
        u32(0x0B, 1),
        u32(0x0D, fw_ver(0, 3, 1, 0)),
        string(0x0F, "b00710ad"),
        u32(0x0E, fw_ver(0, 3, 1, 0)),
        string(0x10, "b00710ad"),
        u32(0x11, fw_ver(1, 0, 0, 7)),
        string(0x12, "undi"),
        u32(0x15, fw_ver(0, 10, 0, 0)),
        u32(0x09, 0),
    ]
    if bmc:
        attrs += [
            flag(0x01),
            u32(0x08, 1),
            nest(0x03, *[attr(0x02, m) for m in BMC_MACS]),
        ]
    return msg(FW_CAP_RESP, *attrs)


def ownership(uptime):
    return msg(OWNERSHIP_RESP, u64(0x1, uptime))


def heartbeat(uptime, count=1):
    return msg(HEARTBEAT_RESP, u64(0x0, uptime), u64(0x1, count))


def dump_info(size):
    return msg(DUMP_INFO_RESP, flag(0x0), u32(0x1, size))


def dump_chunk(offset, length):
    data = bytes((offset + i) & 0xFF for i in range(length))
    return msg(DUMP_READ_RESP, u32(0x0, offset), u32(0x1, length),
               attr(0x2, data))


def qsfp_reply(bank, page, offset, length):
    return msg(QSFP_READ_RESP, u32(0x0, bank), u32(0x1, page),
               u32(0x2, offset), u32(0x3, length),
               attr(0x5, bytes(range(length))))


def sensors(mdeg, mv):
    return msg(TSENE_READ_RESP, s32(0x0, mdeg), s32(0x1, mv))


def log_line(index, msec, text):
    return msg(LOG_LINE, u32(0x0, msec), u64(0x1, index), string(0x2, text))


# ---- fuzz_fw.c operations ----
(OP_DELIVER, OP_RAW_DESC, OP_CONSUME, OP_TICK, OP_HEARTBEAT, OP_FAIL_ALLOC,
 OP_CAPS, OP_OWNERSHIP, OP_COREDUMP, OP_SENSORS, OP_QSFP, OP_FLASH, OP_ECHO,
 OP_MAC_SYNC, OP_RESTART, OP_LOG_SHOW, OP_VERSIONS) = range(17)
DELIVER_FW_ERR, DELIVER_LIE_LEN = 1, 2


def deliver(m, flags=0, reported=None):
    out = struct.pack("<BBH", OP_DELIVER, flags, len(m))
    if flags & DELIVER_LIE_LEN:
        out += struct.pack("<H", reported)
    return out + m


def consume(n=1, err=False):
    return bytes([OP_CONSUME, 1 if err else 0]) * n


def tick(ms):
    return struct.pack("<BH", OP_TICK, ms)


PROBE = deliver(caps()) + consume()


def fw_seeds():
    s = {}
    s["caps"] = PROBE
    s["versions"] = PROBE + bytes([OP_VERSIONS, 63, OP_VERSIONS, 9])
    s["caps_no_bmc"] = deliver(caps(bmc=False)) + consume()
    s["caps_too_old"] = deliver(caps(version=fw_ver(0, 9, 0, 0))) + consume()
    s["caps_again"] = PROBE + bytes([OP_CAPS]) + deliver(caps()) + consume()
    s["ownership_heartbeat"] = (
        PROBE + bytes([OP_OWNERSHIP, 1]) + deliver(ownership(5000)) +
        consume(3) + tick(10000) + bytes([OP_HEARTBEAT]) +
        deliver(heartbeat(15000)) + consume() + tick(10000) +
        bytes([OP_HEARTBEAT]) + tick(10000) + bytes([OP_HEARTBEAT]) +
        deliver(heartbeat(100)) + bytes([OP_HEARTBEAT]) +
        bytes([OP_OWNERSHIP, 0]) + consume(2) + deliver(ownership(200)))
    s["coredump"] = (
        PROBE + bytes([OP_COREDUMP]) + deliver(dump_info(5000)) +
        deliver(dump_chunk(0, 3584)) + consume() +
        deliver(dump_chunk(3584, 1416)) + consume(2))
    s["coredump_none"] = (
        PROBE + bytes([OP_COREDUMP]) +
        deliver(msg(DUMP_INFO_RESP, s32(0x2, -2))))
    s["sensors"] = (PROBE + bytes([OP_SENSORS]) +
                    deliver(sensors(45000, 850)) + consume())
    s["qsfp"] = (PROBE + bytes([OP_QSFP]) + struct.pack("<BBHH", 0, 0, 0, 128)
                 + deliver(qsfp_reply(0, 0, 0, 128)) + consume())
    s["qsfp_absent"] = (PROBE + bytes([OP_QSFP]) +
                        struct.pack("<BBHH", 0, 3, 128, 16) +
                        deliver(msg(QSFP_READ_RESP, s32(0x4, -19))))
    s["flash"] = (
        PROBE + bytes([OP_FLASH]) + struct.pack("<BH", 1, 5000) +
        deliver(msg(FLASH_START_RESP)) + consume() +
        deliver(msg(FLASH_CHUNK_REQ, u32(0x0, 0), u32(0x1, 3584))) +
        consume() +
        deliver(msg(FLASH_CHUNK_REQ, u32(0x0, 3584), u32(0x1, 1416))) +
        consume() + deliver(msg(FLASH_FINISH_REQ, s32(0x0, 0))) +
        deliver(caps()) + consume())
    s["flash_refused"] = (
        PROBE + bytes([OP_FLASH]) + struct.pack("<BH", 3, 100) +
        deliver(msg(FLASH_START_RESP, s32(0x0, -16))))
    s["echo"] = (PROBE + bytes([OP_ECHO]) + struct.pack("<BH", 2, 64) +
                 deliver(msg(MSG_TEST, u32(0, 0), u32(1, 1))) + consume())
    s["log"] = (PROBE + deliver(log_line(1, 1500, "fw: booted\n")) +
                deliver(log_line(2, 1501, "x" * 300)) +
                bytes([OP_LOG_SHOW]))
    s["mac_sync"] = (PROBE + bytes([OP_MAC_SYNC, 0x32]) +
                     struct.pack("<I", 7) + consume())
    s["restart"] = PROBE + bytes([OP_RESTART, 1]) + deliver(caps()) + consume()
    s["bad_length"] = (deliver(caps(), DELIVER_LIE_LEN, 0xFFFF) +
                       deliver(caps(), DELIVER_FW_ERR) + deliver(caps()))
    return s


# ---- fuzz_tlv.c: control bytes, then the message ----
def tlv_seeds():
    s = {}
    for name, m in fw_seed_messages().items():
        s[name] = bytes([1 | (16 << 2), 32, 0x14]) + m
    mixed = msg(0x123, flag(0), u32(1, 7), u64(2, 1 << 40), attr(3, b"\x05"),
                s32(4, -5), u64(5, (1 << 64) - 2), string(6, "commit"),
                string(7, "x"), attr(8, b"\x02\0\0\0\0\x01"),
                attr(9, b"\xaa" * 9), nest(10, u32(1, 1), nest(10, flag(0))),
                nest(11, attr(1, b"\x02" * 6), attr(1, b"\x04" * 6)),
                attr(13, b"\x01\x02"), attr(14, b"\xff"),
                attr(15, b"abcd"), attr(20, b"unknown"))
    s["mixed"] = bytes([0 | (40 << 2), 8, 0x13]) + mixed
    s["mixed_small_dst"] = bytes([0 | (4 << 2), 1, 0x11]) + mixed
    s["must_not_ignore"] = bytes([3, 4, 0]) + msg(1, attr(5, b"x",
                                                         CANNOT_IGNORE))
    s["full_table"] = bytes([1 | (63 << 2), 255, 0xf8]) + msg(
        0xfff, u32(0, 1), nest(1, u32(0, 2)), string(2, "y" * 40),
        s32(3, -1), attr(4, b"\0" * 64), flag(5), nest(8), u64(16, 3),
        string(30, ""), nest(31, attr(15, b""), attr(15, b"")))
    s["array"] = bytes([2 | (8 << 2), 0, 0x14]) + msg(
        2, nest(2, *[attr(1, m) for m in BMC_MACS]))
    return s


def fw_seed_messages():
    return {
        "caps": caps(),
        "ownership": ownership(1234),
        "heartbeat": heartbeat(99999, 5),
        "dump_info": dump_info(100000),
        "dump_chunk": dump_chunk(0, 64),
        "qsfp": qsfp_reply(0, 1, 128, 16),
        "sensors": sensors(-5000, 900),
        "log": log_line(7, 12345, "hello"),
    }


# ---- fuzz_txrx.c operations and descriptor layouts (fbnic_regs.h) ----
(OP_RCD, OP_POLL, OP_XMIT, OP_TX_DEVICE, OP_TCD, OP_FAIL_ALLOC_TX,
 OP_RESTART, OP_KICK, OP_XDP_SWAP, OP_RXQ_RESTART, OP_XSK_BIND,
 OP_XSK_TX) = range(12)
RCD_WRITE_DATA = 2
CFG_SHARED, CFG_SPLIT_VECTORS = 0, 1
CFG_XDP, CFG_XDP_FRAGS = 1 << 1, 2 << 1
CFG_CSUM, CFG_HASH, CFG_RX_TS, CFG_TX_TS, CFG_BIG = 8, 16, 32, 64, 128
XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT = range(5)

# Headers go after the headroom the driver programs: with the shim's
# 320-byte skb_shared_info, FBNIC_RX_HROOM is 192. The device starts
# headers on 128-byte boundaries, after at least that headroom: the first
# header of a buffer lies at 256
HROOM = 192
HDR_OFF = (HROOM + 127) // 128 * 128


def rcd_al(kind, buf_id, off, length, fin=False):
    return (kind << 61 | buf_id | length << 16 | off << 32 |
            (1 << 60 if fin else 0))


def rcd_hdr(buf_id, off, length, fin=False):
    return rcd_al(0, buf_id, off, length, fin)


def rcd_pay(buf_id, off, length, fin=False):
    return rcd_al(1, buf_id, off, length, fin)


def rcd_opt_ts(ts, valid=True):
    return 2 << 61 | ts | (1 << 58 if valid else 0)


def rcd_meta(rss=0x12345678, csum=0xbeef, l3=1, l4=1, unnecessary=True,
             err=0):
    return (3 << 61 | rss | csum << 32 | l3 << 48 | l4 << 50 |
            (1 << 52 if unnecessary else 0) | err)


def frame(length, proto=0x0800):
    eth = bytes([0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2]) + \
        struct.pack(">H", proto)
    return (eth + bytes(range(256)) * 8)[:length]


def rx(desc, data=None, q=0):
    if data is None:
        return struct.pack("<BBQ", OP_RCD, q, desc)
    return (struct.pack("<BBQ", OP_RCD, q | RCD_WRITE_DATA, desc) +
            bytes([len(data)]) + data)


def poll(budget=64, verdicts=b""):
    return bytes([OP_POLL, budget]) + verdicts


def xmit(length, flags=0, frags=()):
    out = struct.pack("<BBH", OP_XMIT, flags | len(frags) << 4, length)
    for flen, off in frags:
        out += struct.pack("<H", flen)
        if flen:
            out += bytes([off])
    return out


def tx_device(flags=0):
    return bytes([OP_TX_DEVICE, flags])


def tcd(value, q=0):
    return struct.pack("<BBQ", OP_TCD, q, value)


def packet(buf=0, hlen=60, payloads=(), ts=None, meta=None):
    out = rx(rcd_hdr(buf, HDR_OFF, hlen), frame(hlen))
    for pid, off, plen in payloads:
        out += rx(rcd_pay(pid, off, plen), bytes(min(plen, 255)))
    if ts is not None:
        out += rx(rcd_opt_ts(ts))
    return out + rx(meta if meta is not None else rcd_meta())


# AF_XDP zero-copy: OP_XSK_BIND's byte says how the pool is made (bit 0
# 4 KB chunks rather than 2 KB, bits 1-2 umem headroom 0/64/100/300,
# bit 3 unaligned); a frame lands whole in a chunk, past the headroom,
# on a 128-byte boundary, and the device finishes the chunk
XSK_4K = 1
XSK_OFF = 256


def xsk_bind(how=XSK_4K):
    return bytes([OP_XSK_BIND, how])


def xsk_tx(n, length):
    return struct.pack("<BBH", OP_XSK_TX, n, length)


def xsk_packet(buf=0, length=60, off=XSK_OFF):
    return rx(rcd_hdr(buf, off, length, fin=True),
              frame(min(length, 255))) + rx(rcd_meta())


def txrx_seeds():
    s = {}
    base = bytes([CFG_CSUM | CFG_HASH])
    s["rx_one"] = base + packet() + poll()
    s["rx_payloads"] = base + packet(0, 54, [(0, 0, 1000), (0, 1024, 500)]) \
        + packet(1, 128) + poll()
    s["rx_split_header"] = base + packet(0, 10, [(0, 0, 100)]) + poll()
    s["rx_fin"] = base + rx(rcd_hdr(0, HDR_OFF, 64, fin=True), frame(64)) + \
        rx(rcd_meta()) + packet(1) + poll(1) + poll()
    s["rx_tstamp"] = bytes([CFG_RX_TS]) + packet(ts=0x123456789) + poll()
    s["rx_errors"] = base + packet(meta=rcd_meta(err=1 << 53)) + \
        packet(1, meta=rcd_meta(err=1 << 54)) + \
        rx(rcd_hdr(2, 4000, 200)) + rx(rcd_meta()) + poll()
    s["rx_csum_complete"] = bytes([CFG_CSUM]) + \
        packet(meta=rcd_meta(unnecessary=False, l3=0, l4=0)) + poll()
    s["rx_many"] = base + b"".join(packet(i, 60 + i) for i in range(40)) \
        + poll(16) + poll(16) + poll() + poll()
    s["rx_restart"] = base + packet(0, 54, [(0, 0, 300)])[:-10] + \
        bytes([OP_RESTART]) + packet() + poll()
    # A packet half received when the queue API restarts the queue (the
    # device idle), then one on the new rings; and a restart the device
    # does not go idle for, which keeps the old rings
    s["rxq_restart"] = base + packet(0, 54, [(0, 0, 300)])[:-10] + \
        bytes([OP_RXQ_RESTART, 1]) + packet() + poll()
    s["rxq_restart_busy"] = base + packet() + \
        bytes([OP_RXQ_RESTART, 0]) + packet(1) + poll()
    s["tx_one"] = base + xmit(100) + tx_device() + poll()
    s["tx_short"] = base + xmit(20) + tx_device() + poll()
    s["tx_frags"] = base + xmit(100, 0, [(1000, 0), (0, 0), (4096, 0)]) + \
        tx_device() + poll()
    s["tx_more"] = base + xmit(100, 4) + xmit(200, 4) + tx_device() + \
        xmit(300) + tx_device() + poll()
    s["tx_tstamp"] = bytes([CFG_TX_TS]) + xmit(100, 8) + xmit(100) + \
        tx_device() + poll() + xmit(100, 8) + tx_device(8) + poll()
    s["tx_tstamp_bad"] = bytes([CFG_TX_TS]) + xmit(100, 8) + \
        tx_device(16) + poll()
    s["tx_raw_tcd"] = base + xmit(100) + xmit(100) + tx_device(4) + \
        tcd(2) + poll() + tcd(4) + poll()
    s["tx_full"] = base + b"".join(xmit(64) for _ in range(70)) + \
        tx_device() + poll()
    s["tx_bad_queue"] = base + xmit(100, 3)
    s["split_vectors"] = bytes([CFG_SPLIT_VECTORS | CFG_CSUM]) + packet() + \
        xmit(100) + tx_device() + poll()
    s["xdp_pass"] = bytes([CFG_XDP]) + packet() + poll(64, bytes([XDP_PASS]))
    s["xdp_drop"] = bytes([CFG_XDP]) + packet() + poll(64, bytes([XDP_DROP]))
    s["xdp_tx"] = bytes([CFG_XDP]) + packet() + \
        poll(64, bytes([XDP_TX])) + tx_device(2) + poll()
    s["xdp_frags"] = bytes([CFG_XDP_FRAGS]) + \
        packet(0, 54, [(0, 0, 1000), (0, 1024, 1000), (1, 0, 100)]) + \
        poll(64, bytes([XDP_TX])) + tx_device(2) + poll() + \
        packet(2, 54, [(2, 0, 100)]) + poll(64, bytes([XDP_PASS | 0x80]))
    # XDP_REDIRECT to the fbnic itself: taken (sent by ndo_xdp_xmit at
    # the flush), refused, multi-buffer, and with Tx on another vector
    s["xdp_redirect"] = bytes([CFG_XDP]) + packet() + packet(1) + \
        poll(64, bytes([XDP_REDIRECT, 1, XDP_REDIRECT, 1])) + \
        tx_device(2) + poll()
    s["xdp_redirect_refused"] = bytes([CFG_XDP]) + packet() + \
        poll(64, bytes([XDP_REDIRECT, 0])) + packet(1) + \
        poll(64, bytes([XDP_PASS]))
    s["xdp_redirect_frags"] = bytes([CFG_XDP_FRAGS]) + \
        packet(0, 54, [(0, 0, 1000), (0, 1024, 1000), (1, 0, 100)]) + \
        poll(64, bytes([XDP_REDIRECT, 1])) + tx_device(2) + poll()
    s["xdp_redirect_split_vectors"] = \
        bytes([CFG_SPLIT_VECTORS | CFG_XDP]) + packet() + \
        poll(64, bytes([XDP_REDIRECT, 1])) + tx_device(2) + poll()
    s["xdp_no_frags_prog"] = bytes([CFG_XDP]) + \
        packet(0, 54, [(0, 0, 1000)]) + poll(64, bytes([XDP_PASS]))
    s["xdp_aborted"] = bytes([CFG_XDP]) + packet() + packet(1) + \
        poll(64, bytes([XDP_ABORTED, 7]))
    s["xdp_swap"] = bytes([CFG_XDP]) + \
        rx(rcd_hdr(0, HDR_OFF, 60), frame(60)) + bytes([OP_XDP_SWAP, 0]) + \
        rx(rcd_meta()) + poll() + bytes([OP_XDP_SWAP, 3]) + packet(1) + \
        poll(64, bytes([XDP_PASS]))
    s["netpoll"] = base + xmit(100) + tx_device() + poll(0) + packet() + \
        poll(0) + poll()
    s["alloc_fail"] = base + packet() + bytes([OP_FAIL_ALLOC_TX, 0]) + \
        poll() + packet(1) + poll() + bytes([OP_KICK])
    # Regression: one payload page named in more completions (4160)
    # than it has references (4096 with 4 KB pages) was freed while
    # still posted
    refs = bytes([CFG_CSUM | CFG_HASH])
    for k in range(260):
        refs += rx(rcd_hdr(0, HDR_OFF, 60), frame(60))
        refs += rx(rcd_pay(0, 0, 1)) * 16 + rx(rcd_meta())
        if k % 3 == 2:
            refs += poll()
    s["rx_page_refs_exhausted"] = refs + poll()
    # Regression: a header reported twice at the same place was built
    # into a second skb over the memory of the first, which the stack
    # still held
    s["rx_header_reported_twice"] = base + packet() + packet() + poll()
    s["xdp_header_reported_twice"] = bytes([CFG_XDP]) + packet() + \
        packet() + poll(64, bytes([XDP_PASS, XDP_PASS]))
    s["big_rings"] = bytes([CFG_BIG | CFG_CSUM]) + packet() + xmit(100) + \
        tx_device() + poll()
    # AF_XDP zero-copy: frames redirected to the socket, passed, sent
    # back; the socket's own frames (one short, padded); the pool bound
    # while the queues restart; pools the device cannot use; completions
    # that do not fit a zero-copy queue
    xdp = bytes([CFG_XDP])
    s["xsk_rx"] = xdp + xsk_bind() + xsk_packet(0) + xsk_packet(1) + \
        xsk_packet(2, 1500) + \
        poll(64, bytes([XDP_REDIRECT, 1, XDP_PASS, XDP_REDIRECT, 0])) + \
        xsk_packet(3) + poll(64, bytes([XDP_TX])) + tx_device(2) + \
        poll() + xsk_bind()
    s["xsk_tx"] = xdp + xsk_bind() + xsk_tx(8, 100) + poll() + \
        tx_device(2) + poll() + xsk_tx(3, 20) + poll() + xsk_bind()
    s["xsk_no_prog"] = bytes([CFG_CSUM]) + xsk_bind() + xsk_packet(0) + \
        poll()
    s["xsk_headroom"] = xdp + xsk_bind(XSK_4K | 2 << 1) + \
        xsk_packet(0, 60, 384) + poll(64, bytes([XDP_REDIRECT, 1]))
    s["xsk_restart"] = xdp + xsk_bind() + xsk_packet(0) + \
        bytes([OP_RESTART]) + xsk_packet(0) + poll() + \
        bytes([OP_RXQ_RESTART, 1]) + xsk_packet(0) + poll() + \
        xsk_tx(4, 200) + poll() + xsk_bind()
    s["xsk_refused"] = xsk_bind(0) + xsk_bind(XSK_4K | 3 << 1) + \
        xsk_bind(XSK_4K | 8) + packet() + poll()
    s["xsk_bad_rcd"] = xdp + xsk_bind() + \
        rx(rcd_hdr(0, XSK_OFF, 60)) + rx(rcd_meta()) + \
        rx(rcd_hdr(1, 64, 60, fin=True)) + rx(rcd_meta()) + \
        rx(rcd_hdr(2, XSK_OFF, 60, fin=True), frame(60)) + \
        rx(rcd_pay(0, 0, 100)) + rx(rcd_meta()) + \
        rx(rcd_hdr(60, XSK_OFF, 60, fin=True)) + rx(rcd_meta()) + \
        xsk_packet(3) + poll(64, bytes([XDP_REDIRECT, 1]))
    return s


def write(target, seeds):
    d = os.path.join(HERE, "corpus", target)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def main():
    targets = {"fbnic_tlv": tlv_seeds, "fbnic_fw": fw_seeds,
               "fbnic_txrx": txrx_seeds}
    for t in sys.argv[1:] or targets:
        write(t, targets[t]())


if __name__ == "__main__":
    main()
