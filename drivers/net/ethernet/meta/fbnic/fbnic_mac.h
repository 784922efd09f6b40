/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) fbnic project contributors */

#ifndef _FBNIC_MAC_H_
#define _FBNIC_MAC_H_

#include <linux/types.h>

struct fbnic_dev;
struct fbnic_net;

/* Largest frame the MAC, the Rx classifier and the Tx scheduler pass,
 * from the destination address to the end of the payload (no FCS)
 */
#define FBNIC_MAX_FRAME_SIZE		9742

/* Link mode and FEC as the firmware reports them in its capabilities */
enum {
	FBNIC_FW_LINK_MODE_25CR		= 1,
	FBNIC_FW_LINK_MODE_50CR2	= 2,
	FBNIC_FW_LINK_MODE_50CR		= 3,
	FBNIC_FW_LINK_MODE_100CR2	= 4,
};

enum {
	FBNIC_FW_LINK_FEC_NONE		= 1,
	FBNIC_FW_LINK_FEC_RS		= 2,
	FBNIC_FW_LINK_FEC_BASER		= 3,
};

/* What the PCS locks on, and so what the link check looks at */
enum fbnic_fec {
	FBNIC_FEC_OFF,
	FBNIC_FEC_RS,
	FBNIC_FEC_BASER,
};

/**
 * struct fbnic_link_mode - the port's electrical mode
 * @speed: SPEED_* of the mode, SPEED_UNKNOWN if the firmware gave none
 * @lanes: serdes lanes the mode uses
 * @fec: forward error correction in use
 * @lock_mask: lanes whose lock bits must all be set for a link
 */
struct fbnic_link_mode {
	u32 speed;
	u8 lanes;
	enum fbnic_fec fec;
	u32 lock_mask;
};

void fbnic_mac_init_hw(struct fbnic_dev *fbd);
void fbnic_mac_get_link_mode(struct fbnic_dev *fbd,
			     struct fbnic_link_mode *mode);
void fbnic_mac_init_link(struct fbnic_net *fbn);
int fbnic_mac_start(struct fbnic_net *fbn);
void fbnic_mac_stop(struct fbnic_net *fbn);
void fbnic_mac_link_poll(struct fbnic_net *fbn);
void fbnic_mac_set_pause(struct fbnic_net *fbn);
void fbnic_mac_pause_storm_check(struct fbnic_net *fbn);

#endif /* _FBNIC_MAC_H_ */
