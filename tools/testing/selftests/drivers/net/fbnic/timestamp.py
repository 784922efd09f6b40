#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0

"""
The PTP hardware clock of fbnic and the hardware timestamps of its data
path. ethtool reports the clock and the filters; the clock, driven
through /dev/ptpN, reads back what was set, moves by what adjtime asks
and runs at the rate adjfine sets (in the emulator, the rate the time
counter was programmed with is read back to the ppb; measured against
CLOCK_MONOTONIC_RAW, it lies within bounds the bracketed clock reads
give); real frames to and from the remote end carry Tx and Rx
stamps in the clock's time, between readings of the clock taken before
the frame left and after its stamp came back, and the timestamp
statistics count them. Tolerances are loose enough for an emulated NIC
under TCG.
"""

import ctypes
import fcntl
import os
import socket
import struct
import time

from lib.py import ksft_run, ksft_exit, ksft_eq, ksft_ge, ksft_in, \
    ksft_lt, ksft_true, ksft_pr
from lib.py import cmd, defer, ethtool, EthtoolFamily, KsftSkipEx
from fbnic_dp import fbnic_env, emu_ctl_path, emu_hmp

NSEC = 1_000_000_000

# linux/ptp_clock.h: _IOWR('=', 9, struct ptp_sys_offset_extended)
PTP_MAX_SAMPLES = 25
PTP_SYS_OFFSET_EXT_SIZE = 16 + PTP_MAX_SAMPLES * 3 * 16
PTP_SYS_OFFSET_EXTENDED = (3 << 30) | (PTP_SYS_OFFSET_EXT_SIZE << 16) | \
    (ord("=") << 8) | 9

# linux/timex.h
ADJ_FREQUENCY = 0x0002
ADJ_SETOFFSET = 0x0100
ADJ_NANO = 0x2000

# linux/sockios.h, linux/net_tstamp.h
SIOCSHWTSTAMP = 0x89b0
HWTSTAMP_TX_OFF = 0
HWTSTAMP_TX_ON = 1
HWTSTAMP_FILTER_NONE = 0
HWTSTAMP_FILTER_ALL = 1
HWTSTAMP_FILTER_PTP_V2_L2_EVENT = 9
SO_TIMESTAMPING = getattr(socket, "SO_TIMESTAMPING", 37)
SOF_TX_HARDWARE = 1 << 0
SOF_RX_HARDWARE = 1 << 2
SOF_RAW_HARDWARE = 1 << 6
SOF_OPT_TSONLY = 1 << 11

# ethtool -T names of what the hardware does
RX_FILTERS = ("none", "all", "ptpv1-l4-event", "ptpv2-l4-event",
              "ptpv2-l2-event", "ptpv2-event")

FRAMES = 8
UDP_PORT = 42424
# How long a stamp or a datagram may take to come back (the waits end as
# soon as it is there)
WAIT_S = 30.0
# The clock's rate is measured over this long against the system's
RATE_SPAN_S = 2.0
# How far the rates of the system's clock and the emulator's time base
# may disagree (guest TSC calibration, the host's NTP slewing QEMU's
# clock), well below the 10% steps measured
RATE_TOL = 1e-3


class Timeval(ctypes.Structure):  # pylint: disable=too-few-public-methods
    """struct timeval (tv_usec holds ns with ADJ_NANO)"""
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long)]


class Timex(ctypes.Structure):  # pylint: disable=too-few-public-methods
    """struct timex of linux/timex.h"""
    _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long),
                ("freq", ctypes.c_long), ("maxerror", ctypes.c_long),
                ("esterror", ctypes.c_long), ("status", ctypes.c_int),
                ("constant", ctypes.c_long), ("precision", ctypes.c_long),
                ("tolerance", ctypes.c_long), ("time", Timeval),
                ("tick", ctypes.c_long), ("ppsfreq", ctypes.c_long),
                ("jitter", ctypes.c_long), ("shift", ctypes.c_int),
                ("stabil", ctypes.c_long), ("jitcnt", ctypes.c_long),
                ("calcnt", ctypes.c_long), ("errcnt", ctypes.c_long),
                ("stbcnt", ctypes.c_long), ("tai", ctypes.c_int),
                ("pad", ctypes.c_int * 11)]


LIBC = ctypes.CDLL(None, use_errno=True)


class Phc:
    """The fbnic PTP clock, through its character device"""

    def __init__(self, index):
        self.path = f"/dev/ptp{index}"
        self.dev_fd = os.open(self.path, os.O_RDWR)
        # FD_TO_CLOCKID() of linux/posix-timers.h
        self.clockid = ((~self.dev_fd) << 3) | 3

    def close(self):
        """Let go of the device"""
        os.close(self.dev_fd)

    def now(self):
        """The clock's time, in ns"""
        return time.clock_gettime_ns(self.clockid)

    def set(self, nsec):
        """settime64"""
        time.clock_settime_ns(self.clockid, nsec)

    def _adjtime(self, timex):
        if LIBC.clock_adjtime(self.clockid, ctypes.byref(timex)) < 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))

    def shift(self, delta):
        """adjtime: move the clock by @delta ns"""
        timex = Timex(modes=ADJ_SETOFFSET | ADJ_NANO)
        timex.time.tv_sec, timex.time.tv_usec = divmod(delta, NSEC)
        self._adjtime(timex)

    def set_ppm(self, ppm):
        """adjfine: run @ppm parts per million fast (negative: slow)"""
        self._adjtime(Timex(modes=ADJ_FREQUENCY, freq=int(ppm * 65536)))

    def offset_from(self, clock=time.CLOCK_MONOTONIC):
        """
        Clock time minus @clock's, from the closest of a few reads, and
        how far off it may be: half that read's window of @clock
        """
        reads = []
        for _ in range(5):
            before = time.clock_gettime_ns(clock)
            phc = self.now()
            after = time.clock_gettime_ns(clock)
            reads.append((after - before, phc - (before + after) // 2))
        window, offset = min(reads)
        return offset, window // 2 + 1

    def sys_offsets(self, samples, clock=time.CLOCK_REALTIME):
        """
        PTP_SYS_OFFSET_EXTENDED: [(@clock before, clock, @clock after)]
        in ns, each a read of the clock between two of the system's.
        """
        buf = bytearray(PTP_SYS_OFFSET_EXT_SIZE)
        struct.pack_into("Ii", buf, 0, samples, clock)
        fcntl.ioctl(self.dev_fd, PTP_SYS_OFFSET_EXTENDED, buf)
        out = []
        for i in range(samples):
            triple = []
            for j in range(3):
                sec, nsec, _ = struct.unpack_from("qII", buf,
                                                  16 + (i * 3 + j) * 16)
                triple.append(sec * NSEC + nsec)
            out.append(tuple(triple))
        return out


def phc_index(cfg):
    """The PTP clock index ethtool reports for the netdev"""
    info = cfg.ethnl.tsinfo_get({"header": {"dev-name": cfg.ifname}})
    index = info.get("phc-index", -1)
    if index < 0:
        raise KsftSkipEx("the netdev has no PTP clock")
    return index


def open_phc(cfg):
    """The netdev's clock, closed at the end of the test"""
    phc = Phc(phc_index(cfg))
    defer(phc.close)
    return phc


def ts_stats(cfg):
    """ethtool's timestamp statistics, {"tx-pkts": n, ...}"""
    info = cfg.ethnl.tsinfo_get({"header": {"dev-name": cfg.ifname,
                                            "flags": {"stats"}}})
    return info.get("stats", {})


def hwtstamp(cfg, tx_type, rx_filter):
    """Set the netdev's hardware timestamping (SIOCSHWTSTAMP)"""
    conf = ctypes.create_string_buffer(12)
    struct.pack_into("iii", conf, 0, 0, tx_type, rx_filter)
    ifr = struct.pack("16sP", cfg.ifname.encode(), ctypes.addressof(conf))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        fcntl.ioctl(sock.fileno(), SIOCSHWTSTAMP, ifr)
    return struct.unpack("iii", conf.raw[:12])


def stamping_on(cfg, tx_type, rx_filter):
    """Timestamping as asked, off again at the end of the test"""
    hwtstamp(cfg, tx_type, rx_filter)
    defer(hwtstamp, cfg, HWTSTAMP_TX_OFF, HWTSTAMP_FILTER_NONE)


def udp_socket(cfg, port):
    """A UDP socket on the wire, asking for hardware stamps"""
    family = socket.AF_INET6 if cfg.addr_ipver == "6" else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    defer(sock.close)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                    cfg.ifname.encode())
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPING,
                    SOF_TX_HARDWARE | SOF_RX_HARDWARE | SOF_RAW_HARDWARE |
                    SOF_OPT_TSONLY)
    sock.bind((cfg.addr, port))
    return sock


def raw_hw_stamp(ancdata):
    """The raw hardware stamp of struct scm_timestamping, ns, or None"""
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPING:
            sec, nsec = struct.unpack_from("qq", data, 32)
            if sec or nsec:
                return sec * NSEC + nsec
    return None


def tx_stamp(sock, timeout=WAIT_S):
    """The next hardware Tx stamp on the socket's error queue, or None"""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            _, anc, _, _ = sock.recvmsg(64, 1024, socket.MSG_ERRQUEUE |
                                        socket.MSG_DONTWAIT)
        except BlockingIOError:
            time.sleep(0.02)
            continue
        return raw_hw_stamp(anc)
    return None


def remote_send(cfg, port, count):
    """The remote end sends @count small UDP datagrams to @port here"""
    family = "AF_INET6" if cfg.addr_ipver == "6" else "AF_INET"
    code = (f"import socket; s = socket.socket(socket.{family},"
            f" socket.SOCK_DGRAM)\nfor i in range({count}):"
            f" s.sendto(b'x' * 64, ('{cfg.addr}', {port}))")
    cmd(f"python3 -c \"{code}\"", host=cfg.remote)


def rx_stamps(sock, count, timeout=WAIT_S):
    """Hardware stamps of up to @count datagrams (None: not stamped)"""
    sock.settimeout(timeout)
    stamps = []
    for _ in range(count):
        try:
            _, anc, _, _ = sock.recvmsg(2048, 1024)
        except socket.timeout:
            break
        stamps.append(raw_hw_stamp(anc))
    return stamps


def ts_info(cfg):
    """ethtool -T: a PTP clock, hardware stamps both ways, the filters"""
    out = ethtool(f"-T {cfg.ifname}").stdout
    ksft_pr(out)
    index = phc_index(cfg)
    # Older ethtool names the clock, newer ones the provider
    ksft_true(f"PTP Hardware Clock: {index}" in out or
              f"Hardware timestamp provider index: {index}" in out,
              f"ethtool -T does not show clock {index}")
    for cap in ("hardware-transmit", "hardware-receive",
                "hardware-raw-clock"):
        ksft_in(cap, out, f"ethtool -T lacks {cap}")
    filters = out.split("Hardware Receive Filter Modes:")[-1].split()
    for name in RX_FILTERS:
        ksft_in(name, filters, f"Rx filter {name} missing")
    tx_types = out.split("Hardware Transmit Types:")[-1].split()
    ksft_in("on", tx_types)
    ksft_in("off", tx_types)

    # The clock is this device's
    dev = os.path.realpath(f"/sys/class/ptp/ptp{index}/device")
    ksft_eq(dev, os.path.realpath(f"/sys/class/net/{cfg.ifname}/device"))


def phc_read(cfg):
    """
    gettimex64: the system's time brackets every read of the clock. How
    long a read takes depends on the host (a stalled virtual CPU), so
    every bound below is made of the windows the reads themselves had.
    """
    phc = open_phc(cfg)
    set_from = time.clock_gettime_ns(time.CLOCK_REALTIME)
    phc.set(set_from)
    set_by = time.clock_gettime_ns(time.CLOCK_REALTIME)
    samples = phc.sys_offsets(10)
    offsets = []
    for before, clock, after in samples:
        ksft_ge(after, before, "system time went back around a read")
        # Not a timing bound: a read that sleeps would take seconds
        ksft_lt(after - before, 2 * NSEC, "a read took seconds")
        offsets.append(clock - (before + after) // 2)
    widest = max(after - before for before, _, after in samples)
    # The clock and the system's run at the same rate: over a few reads
    # the offset moves by the reads' own uncertainty only
    ksft_lt(max(offsets) - min(offsets), widest + 1_000_000,
            f"offsets {offsets}")
    # It was set to set_from at some moment before set_by: it can only
    # be behind the system's time, by what setting it took at the most
    ksft_ge(widest // 2 + 1_000_000, offsets[0], "ahead of the time set")
    ksft_ge(offsets[0], -(set_by - set_from) - widest // 2 - 1_000_000,
            "behind the time set by more than setting it took")


def phc_settime(cfg):
    """settime64, then gettime gives that time plus the time since"""
    phc = open_phc(cfg)
    for target in (1_000_000 * NSEC + 123_456_789,
                   time.clock_gettime_ns(time.CLOCK_REALTIME)):
        start = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        phc.set(target)
        got = phc.now()
        since = time.clock_gettime_ns(time.CLOCK_MONOTONIC) - start
        ksft_ge(got, target, "the clock is behind what was set")
        ksft_lt(got - target, since + 10_000_000,
                "the clock is further than the time since it was set")


def phc_adjtime(cfg):
    """adjtime moves the clock by the amount asked, either way"""
    phc = open_phc(cfg)
    for step in (5 * NSEC, -2 * NSEC - 500_000_000, 1_000_000):
        before, err_before = phc.offset_from()
        phc.shift(step)
        after, err_after = phc.offset_from()
        moved = after - before
        # Each offset is as good as its read's window; 1 ms for the
        # rates of the two clocks over the time this takes
        ksft_ge(err_before + err_after + 1_000_000, abs(moved - step),
                f"asked {step} ns, the clock moved {moved} ns")


def rate_bounds(phc, seconds=RATE_SPAN_S):
    """
    The lowest and the highest rate of the clock against
    CLOCK_MONOTONIC_RAW over @seconds that its reads allow. Each end is
    the tightest of a few reads of the clock between two of the system's
    (PTP_SYS_OFFSET_EXTENDED): a stall of the host within a read widens
    the bounds instead of skewing a ratio, one outside the reads does
    nothing.
    """
    def tightest():
        return min(phc.sys_offsets(5, time.CLOCK_MONOTONIC_RAW),
                   key=lambda read: read[2] - read[0])

    before0, clock0, after0 = tightest()
    time.sleep(seconds)
    before1, clock1, after1 = tightest()
    elapsed = clock1 - clock0
    return elapsed / (after1 - before0), elapsed / (before1 - after0)


def programmed_rate():
    """
    The emulated time counter's rate against the emulator's time base in
    ppb, and its increment per tick (Q16.32 ns), as the driver programmed
    them; None off the VM rig
    """
    if not emu_ctl_path():
        return None
    return (int(emu_hmp("qom-get nic0 ptp-rate-ppb")),
            int(emu_hmp("qom-get nic0 ptp-addend")))


def phc_adjfine(cfg):
    """
    adjfine changes the clock's rate by what was asked: the device runs
    at that rate to the ppb (in the emulator, which reports it), and the
    clock measured against the system's agrees
    """
    phc = open_phc(cfg)
    defer(phc.set_ppm, 0)
    # Exactly: down to fractions of a ppm, which no measurement resolves
    for ppm in (0, 12.5, -0.25, 100_000, -100_000, 0):
        phc.set_ppm(ppm)
        got = programmed_rate()
        if got is None:
            break
        rate, addend = got
        # the ppb that adjfine's scaled ppm (a 16-bit fraction) stands for
        want = int(ppm * 65536) * 1000 / 65536
        ksft_pr(f"adjfine {ppm} ppm: counter at {rate} ppb"
                f" (addend {addend:#x})")
        ksft_true(abs(rate - want) <= 1,
                  f"at {ppm} ppm the counter runs {rate} ppb fast, not"
                  f" {want}")

    # End to end, against the system's clock
    for ppm in (0, 100_000, -100_000, 0):
        phc.set_ppm(ppm)
        low, high = rate_bounds(phc)
        want = 1 + ppm / 1e6
        ksft_pr(f"adjfine {ppm} ppm: clock/monotonic between {low:.7f}"
                f" and {high:.7f}")
        ksft_true(low * (1 - RATE_TOL) <= want <= high * (1 + RATE_TOL),
                  f"at {ppm} ppm the clock ran between {low:.7f} and"
                  f" {high:.7f} x monotonic, not {want}")


def tx_rx_stamps(cfg):
    """Real frames both ways get hardware stamps near the clock's time"""
    phc = open_phc(cfg)
    stamping_on(cfg, HWTSTAMP_TX_ON, HWTSTAMP_FILTER_ALL)
    sock = udp_socket(cfg, UDP_PORT)
    stats0 = ts_stats(cfg)

    sent = []
    for i in range(FRAMES):
        early = phc.now()
        sock.sendto(b"t" * (64 + i), (cfg.remote_addr, UDP_PORT + 1))
        stamp = tx_stamp(sock)
        late = phc.now()
        ksft_true(stamp, f"no hardware Tx stamp for datagram {i}")
        ksft_true(early <= stamp <= late,
                  f"Tx stamp {stamp} not between the clock's {early} before"
                  f" the send and {late} after the stamp came back")
        sent.append(stamp)
    ksft_eq(sent, sorted(sent), "Tx stamps go back")

    early = phc.now()
    remote_send(cfg, UDP_PORT, FRAMES)
    received = rx_stamps(sock, FRAMES)
    late = phc.now()
    ksft_eq(len(received), FRAMES, "datagrams from the remote end lost")
    for stamp in received:
        ksft_true(stamp, "no hardware Rx stamp")
        ksft_true(early <= stamp <= late,
                  f"Rx stamp {stamp} not between the clock's {early} before"
                  f" the remote end sent and {late} after the datagrams came")
    ksft_ge(min(received), max(sent), "Rx stamps before the Tx ones")

    stats = ts_stats(cfg)
    ksft_pr(f"timestamp stats before {stats0} after {stats}")
    ksft_eq(stats.get("tx-pkts", 0) - stats0.get("tx-pkts", 0), FRAMES)
    ksft_eq(stats.get("tx-err", 0), stats0.get("tx-err", 0))
    ksft_eq(stats.get("tx-lost", 0), stats0.get("tx-lost", 0))


def stamps_follow_clock(cfg):
    """Stamps are in the clock's time: they move with adjtime"""
    phc = open_phc(cfg)
    stamping_on(cfg, HWTSTAMP_TX_ON, HWTSTAMP_FILTER_ALL)
    sock = udp_socket(cfg, UDP_PORT)
    phc.shift(100 * NSEC)
    early = phc.now()
    sock.sendto(b"moved", (cfg.remote_addr, UDP_PORT + 1))
    stamp = tx_stamp(sock)
    late = phc.now()
    ksft_true(stamp, "no hardware Tx stamp")
    ksft_true(early <= stamp <= late,
              f"the stamp {stamp} did not follow the clock's step: not"
              f" between {early} and {late}")


def stamping_off(cfg):
    """Without Tx stamping on, no Tx stamp; a L2 filter leaves UDP alone"""
    stamping_on(cfg, HWTSTAMP_TX_OFF, HWTSTAMP_FILTER_PTP_V2_L2_EVENT)
    sock = udp_socket(cfg, UDP_PORT)
    stats0 = ts_stats(cfg)

    sock.sendto(b"quiet", (cfg.remote_addr, UDP_PORT + 1))
    ksft_eq(tx_stamp(sock, timeout=1.0), None, "a Tx stamp, with Tx off")
    ksft_eq(ts_stats(cfg).get("tx-pkts", 0), stats0.get("tx-pkts", 0))

    remote_send(cfg, UDP_PORT, 2)
    received = rx_stamps(sock, 2)
    ksft_eq(len(received), 2, "datagrams from the remote end lost")
    ksft_eq(received, [None, None], "UDP stamped by an L2-only filter")


def main() -> None:
    """Run the cases on an fbnic netdev with a remote end"""
    with fbnic_env(__file__) as cfg:
        cfg.ethnl = EthtoolFamily()
        ksft_run([ts_info, phc_read, phc_settime, phc_adjtime, phc_adjfine,
                  tx_rx_stamps, stamps_follow_clock, stamping_off],
                 args=(cfg,))
    ksft_exit()


if __name__ == "__main__":
    main()
