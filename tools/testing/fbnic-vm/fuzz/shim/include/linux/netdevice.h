/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: net devices, Tx queues (with the byte queue limits'
 * accounting checked: completing more than was sent aborts, as the
 * kernel's BUG_ON in dql_completed()) and NAPI contexts, which only
 * record their poll function for the harness to call.
 */
#ifndef _SHIM_LINUX_NETDEVICE_H
#define _SHIM_LINUX_NETDEVICE_H

#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>

#define IFNAMSIZ		16
#define SHIM_MAX_TXQ		128

#define NETIF_F_RXCSUM		BIT_ULL(0)
#define NETIF_F_RXHASH		BIT_ULL(1)
#define NETIF_F_TSO		BIT_ULL(2)
#define NETIF_F_TSO_MANGLEID	BIT_ULL(3)
#define NETIF_F_HW_CSUM		BIT_ULL(4)
#define NETIF_F_CSUM_MASK	NETIF_F_HW_CSUM
#define NETIF_F_GSO_MASK	(NETIF_F_TSO | NETIF_F_TSO_MANGLEID)

typedef enum {
	NETDEV_TX_OK = 0x00,
	NETDEV_TX_BUSY = 0x10,
} netdev_tx_t;

enum netdev_queue_type {
	NETDEV_QUEUE_TYPE_RX,
	NETDEV_QUEUE_TYPE_TX,
};

struct netdev_queue {
	unsigned long state;	/* bit 0: stopped */
	u64 bql_queued;
	u64 bql_completed;
};

struct net_device;

struct napi_struct {
	int (*poll)(struct napi_struct *napi, int budget);
	struct net_device *dev;
	unsigned int napi_id;
	int irq;
	bool enabled;
	bool scheduled;
};

struct net_device {
	char name[IFNAMSIZ];
	unsigned int mtu;
	netdev_features_t features;
	void *priv;
	unsigned int real_num_tx_queues;
	unsigned int real_num_rx_queues;
	u64 tx_dropped;
	struct netdev_queue tx[SHIM_MAX_TXQ];
};

static inline void *netdev_priv(const struct net_device *dev)
{
	return dev->priv;
}

static inline const char *netdev_name(const struct net_device *dev)
{
	return dev->name;
}

#define netdev_err(dev, fmt...) ((void)(dev), shim_printk(fmt))
#define netdev_warn(dev, fmt...) ((void)(dev), shim_printk(fmt))
#define netdev_info(dev, fmt...) ((void)(dev), shim_printk(fmt))
#define netdev_warn_once(dev, fmt...) netdev_warn(dev, fmt)

static inline struct netdev_queue *netdev_get_tx_queue(struct net_device *dev,
						       unsigned int i)
{
	if (i >= SHIM_MAX_TXQ)
		shim_warn(__FILE__, __LINE__, "Tx queue index out of range");
	return &dev->tx[i];
}

static inline void netif_tx_stop_queue(struct netdev_queue *q)
{
	q->state |= 1;
}

static inline void netif_tx_start_queue(struct netdev_queue *q)
{
	q->state &= ~1UL;
}

#define netif_tx_wake_queue(q) netif_tx_start_queue(q)

static inline bool netif_tx_queue_stopped(const struct netdev_queue *q)
{
	return q->state & 1;
}

static inline void netdev_tx_sent_queue(struct netdev_queue *q,
					unsigned int bytes)
{
	q->bql_queued += bytes;
}

static inline bool __netdev_tx_sent_queue(struct netdev_queue *q,
					  unsigned int bytes, bool xmit_more)
{
	netdev_tx_sent_queue(q, bytes);
	if (xmit_more)
		return netif_tx_queue_stopped(q);
	return true;
}

static inline void netdev_tx_completed_queue(struct netdev_queue *q,
					     unsigned int pkts,
					     unsigned int bytes)
{
	(void)pkts;
	if (bytes > q->bql_queued - q->bql_completed)
		shim_warn(__FILE__, __LINE__,
			  "BQL: completed more bytes than were sent");
	q->bql_completed += bytes;
}

static inline void netdev_tx_reset_queue(struct netdev_queue *q)
{
	q->bql_queued = 0;
	q->bql_completed = 0;
}

bool shim_xmit_more(void);	/* the harness says */
#define netdev_xmit_more() shim_xmit_more()

static inline void dev_core_stats_tx_dropped_inc(struct net_device *dev)
{
	dev->tx_dropped++;
}

static inline int netif_set_real_num_queues(struct net_device *dev,
					    unsigned int tx, unsigned int rx)
{
	if (tx > SHIM_MAX_TXQ)
		return -EINVAL;
	dev->real_num_tx_queues = tx;
	dev->real_num_rx_queues = rx;
	return 0;
}

static inline void netif_queue_set_napi(struct net_device *dev,
					unsigned int idx,
					enum netdev_queue_type type,
					struct napi_struct *napi)
{
	(void)dev; (void)idx; (void)type; (void)napi;
}

static inline void netif_napi_add_config_locked(struct net_device *dev,
						struct napi_struct *napi,
						int (*poll)(struct napi_struct *,
							    int),
						int index)
{
	napi->poll = poll;
	napi->dev = dev;
	napi->napi_id = 1000 + index;
	napi->enabled = false;
}

static inline void netif_napi_del_locked(struct napi_struct *napi)
{
	if (napi->enabled)
		shim_warn(__FILE__, __LINE__, "deleting an enabled NAPI");
	napi->poll = NULL;
}

static inline void netif_napi_set_irq_locked(struct napi_struct *napi,
					     int irq)
{
	napi->irq = irq;
}

static inline void napi_enable_locked(struct napi_struct *napi)
{
	napi->enabled = true;
}

static inline void napi_disable_locked(struct napi_struct *napi)
{
	napi->enabled = false;
	napi->scheduled = false;
}

/* The fuzzer is single-threaded: the instance lock is always "held" */
#define netdev_assert_locked(dev) ((void)(dev))

static inline bool netif_running(const struct net_device *dev)
{
	(void)dev;
	return true;
}

/* No memory provider is ever bound in the fuzzer */
static inline bool netif_rxq_has_unreadable_mp(struct net_device *dev,
					       unsigned int rxq_idx)
{
	(void)dev; (void)rxq_idx;
	return false;
}

static inline void napi_schedule(struct napi_struct *napi)
{
	if (napi->enabled)
		napi->scheduled = true;
}

#define napi_schedule_irqoff(n) napi_schedule(n)

static inline bool napi_if_scheduled_mark_missed(struct napi_struct *napi)
{
	return napi->scheduled;
}

static inline bool napi_complete_done(struct napi_struct *napi, int work)
{
	(void)work;
	napi->scheduled = false;
	return true;
}

/* The stack: checks and consumes the packet (shim_net.c) */
int napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);

#endif
