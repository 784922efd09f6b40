# SPDX-License-Identifier: GPL-2.0

"""
Helpers shared by the fbnic data-path tests: the environment (an fbnic
netdev with a remote end, as the kernel's drivers/net tests take it),
snapshots of the driver's counters, iperf3 runs, crafted frames sent by
the remote end and caught on the fbnic netdev, and the kernel log.
"""

import json
import os
import re
import select
import socket
import struct
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import kmsg
from lib.py import NetDrvEpEnv, NetdevFamily
from lib.py import KsftSkipEx, bkg, bpftool, cmd, defer, ethtool, ip, \
    ksft_eq, ksft_pr, rand_port, wait_port_listen

KSFT_SKIP = 4

# An EtherType for local experiments (IEEE 802): nothing in the stack
# consumes it, so the frames are ours alone
EXP_ETHERTYPE = 0x88b5

MARKER_LEN = 8
# Python does not name it (asm-generic/socket.h)
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)

SENDER = Path(__file__).parent / "fbnic_send_frames.py"


def fbnic_env(src_path):
    """
    The drivers/net environment for an fbnic netdev with a remote end.
    Exits with the kselftest skip code when there is none, rather than
    falling back to netdevsim as NetDrvEpEnv would.
    """
    src_dir = Path(src_path).parent
    if "NETIF" not in os.environ and not (src_dir / "net.config").exists():
        print("# SKIP: no NETIF/REMOTE_* environment: these tests need an"
              " fbnic netdev and a remote end (drivers/net/README.rst)")
        sys.exit(KSFT_SKIP)
    env = NetDrvEpEnv(src_path)
    drv = Path(f"/sys/class/net/{env.ifname}/device/driver")
    if not drv.exists() or drv.resolve().name != "fbnic":
        print(f"# SKIP: {env.ifname} is not driven by fbnic")
        sys.exit(KSFT_SKIP)
    # The device's PCI address, which names its devlink instance
    env.bdf = drv.parent.resolve().name
    return env


def emu_ctl_path():
    """
    The emulator's control port: the VM rig serves QEMU monitor commands
    on the serial port FBNIC_EMU_CTL names, in the environment or in the
    rig's settings file (as fbnic_lib.sh reads them). None elsewhere.
    """
    path = os.environ.get("FBNIC_EMU_CTL")
    rig_env = os.environ.get("FBNIC_RIG_ENV", "/payload/rig.env")
    if not path and os.path.exists(rig_env):
        with open(rig_env, encoding="utf-8") as env:
            for line in env:
                key, _, value = line.strip().partition("=")
                if key == "FBNIC_EMU_CTL":
                    path = value.strip("'\"")
    return path if path and os.path.exists(path) else None


def emu_hmp(command):
    """Run a QEMU monitor command through the rig's control port"""
    path = emu_ctl_path()
    if not path:
        raise KsftSkipEx("no emulator control port: not on the VM rig")
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    try:
        os.write(fd, f"hmp {command}\n".encode())
        out, end = "", time.monotonic() + 60
        while not (done := re.search(r"^@@rc (\d+)\r?$", out, re.M)):
            left = end - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError(f"no answer to '{command}'")
            out += os.read(fd, 4096).decode(errors="replace")
    finally:
        os.close(fd)
    if int(done.group(1)):
        raise RuntimeError(f"'{command}' failed: {out}")
    reply = out[:done.start()].replace("\r", "")
    return "\n".join(l for l in reply.split("\n") if l.strip()).strip()


def link_stats(cfg):
    """The netdev's rtnl_link_stats64, as {"rx": {...}, "tx": {...}}"""
    return ip(f"-s -s link show dev {cfg.ifname}", json=True)[0]["stats64"]


def qstats_dev(cfg):
    """Device-wide queue statistics (netdev netlink), names as in YNL"""
    for entry in NetdevFamily().qstats_get({"ifindex": cfg.ifindex},
                                           dump=True):
        if entry.get("ifindex") == cfg.ifindex:
            return entry
    raise KsftSkipEx("the driver reports no queue statistics")


def qstats_queues(cfg, qtype):
    """Per-queue statistics of one type ("rx" or "tx"): {queue id: stats}"""
    req = {"ifindex": cfg.ifindex, "scope": "queue"}
    return {q["queue-id"]: q for q in NetdevFamily().qstats_get(req, dump=True)
            if q.get("ifindex") == cfg.ifindex and q["queue-type"] == qtype}


def nic_stats(cfg):
    """The driver's private counters: `ethtool -S` as {name: value}"""
    out = ethtool(f"-S {cfg.ifname}").stdout
    stats = {}
    for line in out.splitlines()[1:]:
        name, _, value = line.strip().partition(":")
        if value.strip().isdigit():
            stats[name.strip()] = int(value)
    return stats


class Snapshot:
    """Every counter of the driver that says something about drops"""

    # rtnl_link_stats64 members that count lost packets
    LINK_DROPS = {"rx": ["dropped", "over_errors", "missed_errors",
                         "fifo_errors", "errors", "length_errors",
                         "crc_errors", "frame_errors"],
                  "tx": ["dropped", "errors", "fifo_errors"]}
    QSTAT_DROPS = ["rx-hw-drops", "rx-hw-drop-overruns", "rx-alloc-fail"]
    # ethtool -S names of counters that count lost or bad frames
    NIC_DROP_RE = re.compile(r"drop|_err|miss|fail|_discard")
    # The Rx buffer's drop counters also count the frames the classifier
    # turned away (multicast to groups not joined, e.g. the remote end's
    # router solicitations): filtering, not loss
    FILTERED_RE = re.compile(r"rxb_fifo\d+_drop_(frames|bytes)$")

    def __init__(self, cfg):
        self.link = link_stats(cfg)
        self.qstats = qstats_dev(cfg)
        self.nic = nic_stats(cfg)

    def link_delta(self, later, direction, name):
        """How much one link counter grew since this snapshot"""
        return (later.link[direction].get(name, 0) -
                self.link[direction].get(name, 0))

    def qstat_delta(self, later, name):
        """How much one device-wide queue counter grew"""
        return later.qstats.get(name, 0) - self.qstats.get(name, 0)

    def drops(self, later):
        """{counter: growth} of every drop counter that moved"""
        moved = {}
        for direction, names in self.LINK_DROPS.items():
            for name in names:
                delta = self.link_delta(later, direction, name)
                if delta:
                    moved[f"{direction}_{name}"] = delta
        for name in self.QSTAT_DROPS:
            delta = self.qstat_delta(later, name)
            if delta:
                moved[f"qstat {name}"] = delta
        for name, value in later.nic.items():
            if self.NIC_DROP_RE.search(name) and \
               not self.FILTERED_RE.match(name):
                delta = value - self.nic.get(name, 0)
                if delta:
                    moved[name] = delta
        return moved


def settle_stats(cfg):
    """Let the driver's periodic counter refresh catch up"""
    cfg.wait_hw_stats_settle()
    time.sleep(1)


def wait_link_stats(cfg, before, want, timeout=30):
    """
    The netdev's counters (link_stats) once every counter of @want,
    {(direction, name): amount}, grew by at least its amount since
    @before, or at @timeout seconds. Ends as soon as they did.
    """
    end = time.monotonic() + timeout
    while True:
        now = link_stats(cfg)
        if all(now[d][n] - before[d][n] >= amount
               for (d, n), amount in want.items()) or \
           time.monotonic() >= end:
            return now
        time.sleep(0.05)


def iperf3(cfg, seconds=3, reverse=False, udp_rate=None, streams=1,
           port=None, cport=None, nbytes=None):
    """
    One iperf3 run between the remote end (client) and this host
    (server). Without @reverse the remote sends: the fbnic netdev
    receives. The server listens on @port (default: a random one); the
    client's streams use ports from @cport on, if given. The client
    sends for @seconds, or, given @nbytes, that many bytes (iperf3 -n:
    the same amount of data however fast the machine, with a generous
    timeout). Returns iperf3's JSON report of the client.
    """
    cfg.require_cmd("iperf3", local=True, remote=True)
    port = port or rand_port()
    server = bkg(f"iperf3 -s -1 -p {port}", exit_wait=True)
    wait_port_listen(port, deadline=30)
    if nbytes:
        opts = f"-c {cfg.addr} -p {port} -n {nbytes} -P {streams} -J"
        timeout = 600
    else:
        opts = f"-c {cfg.addr} -p {port} -t {seconds} -P {streams} -J"
        timeout = seconds + 30
    if cport:
        opts += f" --cport {cport}"
    if reverse:
        opts += " -R"
    if udp_rate:
        opts += f" -u -b {udp_rate}"
    client = cmd(f"iperf3 {opts}", host=cfg.remote, timeout=timeout,
                 fail=False)
    server.process(terminate=False, fail=False, timeout=20)
    if client.ret:
        ksft_pr(client.stdout, client.stderr)
        raise AssertionError(f"iperf3 {opts} failed")
    return json.loads(client.stdout)


def iperf3_bytes(report):
    """Bytes the receiving end of an iperf3 run got"""
    end = report["end"]
    if "sum_received" in end:
        return end["sum_received"]["bytes"]
    # UDP: the client's summary carries the server's view
    return end["sum"]["bytes"]


class FrameCatcher:
    """
    Counts the experimental-EtherType frames that reach the fbnic netdev,
    by their marker, without asking for promiscuous mode: a packet socket
    sees the frames the device accepted, to any destination, and no other.
    """

    def __init__(self, cfg):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                                  socket.htons(EXP_ETHERTYPE))
        # Room for a flood's worth of frames (as root, beyond rmem_max)
        self.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 1 << 26)
        self.sock.bind((cfg.ifname, EXP_ETHERTYPE))
        self.sock.setblocking(False)
        self.seen = {}

    def close(self):
        """Stop catching"""
        self.sock.close()

    def _drain(self):
        while True:
            try:
                frame = self.sock.recv(65536)
            except BlockingIOError:
                return
            key = frame[14:14 + MARKER_LEN]
            self.seen[key] = self.seen.get(key, 0) + 1

    def count(self, marker, want=None, timeout=2.0):
        """
        Frames carrying @marker that arrived, waiting up to @timeout for
        @want of them (or the whole @timeout when @want is None).
        """
        end = time.monotonic() + timeout
        while True:
            self._drain()
            got = self.seen.get(marker, 0)
            if (want is not None and got >= want) or time.monotonic() >= end:
                return got
            time.sleep(0.02)


def send_frames(cfg, dests, count, size=60, burst=False):
    """
    Has the remote end send, to each (MAC, marker) of @dests in turn,
    @count frames of @size bytes with the experimental EtherType, their
    payload starting with the marker. Paced unless @burst.
    """
    path = cfg.remote.deploy(SENDER.as_posix())
    opts = f"{cfg.remote_ifname} {count} {size}"
    if burst:
        opts += " --burst"
    for mac, marker in dests:
        opts += f" {mac},{marker.hex()}"
    cmd(f"python3 {path} {opts}", host=cfg.remote, timeout=600)


def new_marker():
    """A payload prefix no other test's frames carry"""
    return os.urandom(MARKER_LEN)


class KernelLog:
    """What the kernel logs from now on (by /dev/kmsg sequence number)"""

    # Bugs, and Tx queues the stack or the driver found stuck (not any
    # "timed out": a TCG guest's clocksource watchdog says that too)
    PROBLEMS = re.compile(r"WARNING:|BUG:|Oops|Call Trace|NETDEV WATCHDOG|"
                          r"queue \d+ timed out|page_pool.*stalled")

    def __init__(self):
        self.mark = kmsg.mark()

    def new_lines(self):
        """Lines logged since the mark"""
        recs, _ = kmsg.since(self.mark)
        return [text for _, _, text in recs]

    def problems(self):
        """
        Lines since the mark that mean a bug or a stuck queue, and a note
        if the log buffer wrapped over some of them before they were read
        """
        recs, lost = kmsg.since(self.mark)
        found = [text for _, _, text in recs if self.PROBLEMS.search(text)]
        if lost:
            found.append(f"{lost} kernel log records since the mark were "
                         f"overwritten before they could be read")
        return found

# How long a background load runs: long enough to span a fault and the
# recovery a test waits for
LOAD_S = 40
# A page pool the driver destroyed gets its in-flight pages back as the
# stack frees the skbs that hold them: soon, once traffic stopped
POOL_DRAIN_S = 30


def wait_until(what, check, timeout=90):
    """
    Polls @check until it returns something true, which is returned;
    fails the test after @timeout seconds (generous: what the test set
    up will happen, however slow the machine)
    """
    end = time.monotonic() + timeout
    while not (got := check()):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)
    return got


@contextmanager
def load(cfg, seconds=LOAD_S):
    """
    iperf3 between the remote end and this host, both directions at
    once, for the length of the block (at most @seconds). On leaving,
    the run must have completed without an error and moved data each
    way.
    """
    cfg.require_cmd("iperf3", local=True, remote=True)
    port = rand_port()
    server = bkg(f"iperf3 -s -1 -p {port}", exit_wait=True)
    wait_port_listen(port, deadline=30)
    client = bkg(f"iperf3 -c {cfg.addr} -p {port} -t {seconds} --bidir "
                 f"--connect-timeout 30000 -J", host=cfg.remote, exit_wait=True)
    try:
        yield
    finally:
        client.process(terminate=False, fail=False, timeout=seconds + 120)
        server.process(terminate=False, fail=False, timeout=30)
    if client.ret:
        ksft_pr(client.stdout[-2000:], client.stderr)
        raise AssertionError("iperf3 under load failed")
    end = json.loads(client.stdout)["end"]
    for key, way in (("sum_received", "to this host"),
                     ("sum_received_bidir_reverse", "from this host")):
        moved = end.get(key, {}).get("bytes", 0)
        ksft_pr(f"iperf3 moved {moved} bytes {way}")
        if not moved:
            raise AssertionError(f"iperf3 under load moved nothing {way}")


def leaked_pools():
    """
    Page pools a driver took down that still have pages out (a pool
    goes away once its last page comes back)
    """
    pools = NetdevFamily().page_pool_get({}, dump=True)
    return [p for p in pools
            if "detach-time" in p and p.get("inflight", 0) > 0]


def check_settled(cfg, log):
    """Traffic flows, no page pool kept pages, the log is clean"""
    cmd(f"ping -c 3 -W 10 {cfg.remote_addr}")
    wait_until("page pools to get their pages back",
             lambda: not leaked_pools(), POOL_DRAIN_S)
    problems = log.problems()
    if problems:
        raise AssertionError(f"kernel log: {problems}")


def combined_channels(cfg):
    """
    Current and maximum combined channels (`ethtool -l`; as text: the
    ethtool of Debian trixie has no JSON output for it)
    """
    out = ethtool(f"-l {cfg.ifname}").stdout
    most, current = out.split("Current hardware settings:")

    def combined(section):
        for line in section.splitlines():
            if line.startswith("Combined:"):
                return int(line.split()[1])
        return 0
    return combined(current), combined(most)


def attach_xdp(cfg, prog, ifname=None, ns=None, replace=False):
    """
    Attach one of the test's programs in native (driver) mode, to the
    fbnic netdev or to @ifname (in netns @ns), in place of the one
    attached if @replace. Returns its maps' ids by name.
    """
    ifname = ifname or cfg.ifname
    obj = Path(__file__).parent / f"xdp_fbnic_{prog}.bpf.o"
    if not obj.exists():
        raise KsftSkipEx(f"{obj.name} was not built")
    force = "-force " if replace else ""
    ip(f"{force}link set dev {ifname} xdpdrv obj {obj} sec xdp.frags", ns=ns)
    if not replace:
        defer(ip, f"link set dev {ifname} xdpdrv off", ns=ns)
    xdp = ip(f"-d link show dev {ifname}", json=True, ns=ns)[0].get("xdp", {})
    ksft_eq(xdp.get("mode"), 1, "not attached in driver mode")
    maps = {}
    for map_id in bpftool(f"prog show id {xdp['prog']['id']}",
                          json=True).get("map_ids", []):
        maps[bpftool(f"map show id {map_id}", json=True)["name"]] = map_id
    return maps


def map_set_u32(map_id, key, value):
    """Set slot @key of a map with 4-byte keys and values"""
    def hex_le32(v):
        return " ".join(f"{b:02x}" for b in struct.pack("<I", v))
    bpftool(f"map update id {map_id} key hex {hex_le32(key)} "
            f"value hex {hex_le32(value)}")
