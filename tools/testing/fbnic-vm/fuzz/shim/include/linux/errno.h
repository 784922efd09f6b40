/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fbnic fuzz shim: Linux errno values. Defined here rather than taken
 * from <errno.h>, whose Linux version includes <linux/errno.h>: this one.
 */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define EAGAIN		11
#define ENOMEM		12
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define EINVAL		22
#define EFBIG		27
#define ENOSPC		28
#define EPIPE		32
#define ERANGE		34
#define ENOSYS		38
#define ENODATA		61
#define ETIME		62
#define ENOLINK		67
#define EBADMSG		74
#define EOVERFLOW	75
#define EMSGSIZE	90
#define EOPNOTSUPP	95
#define ENETDOWN	100
#define ENOBUFS		105
#define ENOTCONN	107
#define ETIMEDOUT	110
#define EALREADY	114
#define EINPROGRESS	115
#define ECANCELED	125
#define ENOTSUPP	524

#endif
