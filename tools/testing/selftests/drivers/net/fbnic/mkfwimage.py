#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build PLDM firmware packages for the emulated fbnic (QEMU model).

The host side (the kernel's lib/pldmfw, called by fbnic's devlink flash
handler) splits a PLDM package into component images; each component's
identifier is the flash section (QSPI_SECTION_* in fbnic_fw.h) and its
bytes go to the NIC through the mailbox.  The emulated NIC only accepts
component images in its own format (see qemu/README.md, "Flash update"):

    off len
      0   8  magic "FBNICIMG"
      8   2  format version 1            (all integers little endian)
     10   2  header length 64
     12   4  section (0 bootloader/CMRT, 1 control firmware, 3 option ROM)
     16   4  version major<<24 | minor<<16 | patch<<8 | build
     20  20  commit, NUL padded (at most 18 characters)
     40   4  payload length
     44   4  CRC-32 (zlib) of the payload
     48  16  reserved (zero)
     64      payload

Usage:
    mkfwimage.py --out FILE --section {fw,bootloader,uefi} \\
        --version 0xMMmmppbb --commit STR \\
        [--corrupt {none,crc,magic,truncate,wrong-device,bad-pldm}]

--section may be given more than once for a multi-component package
(every component gets the same version and commit, and the same
corruption).  Corruptions: crc = bad payload CRC, magic = bad image
magic, truncate = component cut short (the PLDM table says the short
length), wrong-device = record for 1d9b:0014 instead of 1d9b:0013,
bad-pldm = garbage PLDM package header.
"""

import argparse
import struct
import sys
import zlib

# Flash sections (QSPI_SECTION_* in the driver's fbnic_fw.h)
SECTIONS = {"bootloader": 0, "fw": 1, "uefi": 3}

PCI_VENDOR_META = 0x1D9B
PCI_DEVICE_FBNIC = 0x0013

IMG_MAGIC = b"FBNICIMG"
IMG_FORMAT = 1
IMG_HDR_LEN = 64
COMMIT_MAX = 18

# PLDM firmware update package header identifier (DSP0267 v1.0)
PLDM_UUID = bytes.fromhex("f018878ccb7d49439800a02f059aca02")
PLDM_DESC_PCI_VENDOR = 0x0000
PLDM_DESC_PCI_DEVICE = 0x0100
PLDM_DESC_PCI_SUBVENDOR = 0x0101
PLDM_DESC_PCI_SUBDEVICE = 0x0102
PLDM_DESC_VENDOR_DEFINED = 0xFFFF
PLDM_STR_ASCII = 1
PLDM_CLASS_FIRMWARE = 0x000A


def version_str(v):
    """Version word as the driver prints it: MM.mm.pp_bbb."""
    return "%02d.%02d.%02d-%03d" % (v >> 24, (v >> 16) & 0xFF,
                                    (v >> 8) & 0xFF, v & 0xFF)


def component_image(section, version, commit, corrupt, size):
    """One component in the NIC's own image format."""
    # Deterministic payload: a counter pattern mixed with the section
    payload = bytes(((i * 7) ^ section ^ (i >> 8)) & 0xFF
                    for i in range(size))
    crc = zlib.crc32(payload) & 0xFFFFFFFF
    if corrupt == "crc":
        crc ^= 0x5A5A5A5A
    magic = b"FBNICIMX" if corrupt == "magic" else IMG_MAGIC
    hdr = struct.pack("<8sHHII20sII16x", magic, IMG_FORMAT, IMG_HDR_LEN,
                      section, version, commit.encode(), len(payload), crc)
    assert len(hdr) == IMG_HDR_LEN
    img = hdr + payload
    if corrupt == "truncate":
        img = img[:len(img) - len(payload) // 2]
    return img


def desc(dtype, data):
    """PLDM descriptor TLV: type, length of data, data."""
    return struct.pack("<HH", dtype, len(data)) + data


def pldm_package(components, device_id, pkg_version):
    """PLDM package: header, one device record, component table, data.

    components: list of (section, version string, image bytes).
    """
    ver = pkg_version.encode()

    # Device ID record: PCI ids the kernel's pldmfw matches, plus the
    # anti-rollback descriptor fbnic looks for (0: no restriction).
    descs = (desc(PLDM_DESC_PCI_VENDOR, struct.pack("<H", PCI_VENDOR_META)) +
             desc(PLDM_DESC_PCI_DEVICE, struct.pack("<H", device_id)) +
             desc(PLDM_DESC_PCI_SUBVENDOR, struct.pack("<H", PCI_VENDOR_META)) +
             desc(PLDM_DESC_PCI_SUBDEVICE, struct.pack("<H", device_id)) +
             desc(PLDM_DESC_VENDOR_DEFINED,
                  bytes([PLDM_STR_ASCII, 15]) + b"AntiRollbackVer" +
                  struct.pack("<I", 0)))
    # Bitmap: every component applies to this record (8 bits per byte)
    bitmap_bits = max(8, (len(components) + 7) // 8 * 8)
    bitmap = ((1 << len(components)) - 1).to_bytes(bitmap_bits // 8,
                                                     "little")
    rec_fixed = 2 + 1 + 4 + 1 + 1 + 2
    rec_len = rec_fixed + len(bitmap) + len(ver) + len(descs)
    record = struct.pack("<HBIBBH", rec_len, 5, 0, PLDM_STR_ASCII,
                         len(ver), 0) + bitmap + ver + descs

    # Header size is needed for the component offsets: compute it first
    fixed = 16 + 1 + 2 + 13 + 2 + 1 + 1
    comp_fixed = 2 + 2 + 4 + 2 + 2 + 4 + 4 + 1 + 1
    hdr_size = (fixed + len(ver) + 1 + len(record) + 2 +
                sum(comp_fixed + len(v.encode()) for _, v, _ in components) +
                4)

    table = struct.pack("<H", len(components))
    data = b""
    for section, cver, img in components:
        table += struct.pack("<HHIHHIIBB", PLDM_CLASS_FIRMWARE, section, 0,
                             0, 0, hdr_size + len(data), len(img),
                             PLDM_STR_ASCII, len(cver.encode()))
        table += cver.encode()
        data += img

    timestamp = bytes(13)
    header = (PLDM_UUID + struct.pack("<BH", 1, hdr_size) + timestamp +
              struct.pack("<HBB", bitmap_bits, PLDM_STR_ASCII, len(ver)) +
              ver + bytes([1]) + record + table)
    header += struct.pack("<I", zlib.crc32(header) & 0xFFFFFFFF)
    assert len(header) == hdr_size
    return header + data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--section", required=True, action="append",
                    choices=sorted(SECTIONS))
    ap.add_argument("--version", required=True, type=lambda s: int(s, 0))
    ap.add_argument("--commit", required=True)
    ap.add_argument("--corrupt", default="none",
                    choices=["none", "crc", "magic", "truncate",
                             "wrong-device", "bad-pldm"])
    ap.add_argument("--payload-size", type=int, default=16384,
                    help="payload bytes per component (default 16384)")
    a = ap.parse_args()

    if not 0 <= a.version <= 0xFFFFFFFF:
        ap.error("--version must fit in 32 bits")
    if len(a.commit.encode()) > COMMIT_MAX:
        ap.error("--commit is at most %d characters" % COMMIT_MAX)

    comps = [(SECTIONS[s], version_str(a.version),
              component_image(SECTIONS[s], a.version, a.commit, a.corrupt,
                              a.payload_size))
             for s in a.section]
    dev = PCI_DEVICE_FBNIC + 1 if a.corrupt == "wrong-device" \
        else PCI_DEVICE_FBNIC
    pkg = pldm_package(comps, dev, version_str(a.version))
    if a.corrupt == "bad-pldm":
        # Overwrite the identifier and sizes with a fixed garbage pattern
        pkg = bytes((i * 37 + 11) & 0xFF for i in range(48)) + pkg[48:]

    with open(a.out, "wb") as f:
        f.write(pkg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
