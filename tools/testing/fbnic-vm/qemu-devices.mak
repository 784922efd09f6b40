# Boards and devices of the rig's QEMU (x86_64-softmmu, built with
# --without-default-devices): a q35 machine for PCIe extended config
# space, root ports for hotplug, virtio for the disk and the peer NIC,
# the Intel IOMMU (VT-d) the debug flavour's guest runs behind, and the
# fbnic model.
CONFIG_Q35=y
CONFIG_PCIE_PORT=y
CONFIG_VTD=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_BLK=y
CONFIG_VIRTIO_NET=y
CONFIG_VIRTIO_RNG=y
CONFIG_VIRTIO_SERIAL=y
CONFIG_FBNIC=y
