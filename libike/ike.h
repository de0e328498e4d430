/* SPDX-License-Identifier: ISC */
/*
 * ike.h - the public interface of libike, saker's IKEv2 protocol library.
 *
 * libike is sans-I/O: it owns no socket, clock, thread or global state.
 * Callers hand it datagrams, the current time and kernel events; it hands
 * back datagrams to send and the time it next wants to be woken.  Kernel
 * state is changed through the plugin interface in plugin.h, randomness
 * comes through an injectable function so that tests are deterministic.
 */
#ifndef SAKER_IKE_H
#define SAKER_IKE_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A view of bytes owned by someone else; never freed through the view. */
struct ike_bytes {
	const uint8_t	*ptr;
	size_t		 len;
};

/* Bytes owned by the holder; ike_buf_free() wipes them before freeing. */
struct ike_buf {
	uint8_t		*ptr;
	size_t		 len;
};

int	ike_buf_set(struct ike_buf *, const void *, size_t);	/* copies; IKE_ENOMEM */
int	ike_buf_alloc(struct ike_buf *, size_t);		/* zeroed; IKE_ENOMEM */
void	ike_buf_free(struct ike_buf *);				/* wipes; NULL ok */
struct ike_bytes ike_buf_view(const struct ike_buf *);
void	ike_memzero(void *, size_t);		/* not optimised away */
int	ike_memeq_ct(const void *, const void *, size_t); /* constant time, 1 if equal */

/* Errors: negative errno values, then libike's own (Knot's scheme). */
enum ike_err {
	IKE_OK		= 0,
	IKE_ENOMEM	= -ENOMEM,
	IKE_EINVAL	= -EINVAL,
	IKE_ENOENT	= -ENOENT,
	IKE_EEXIST	= -EEXIST,
	IKE_ENOSPC	= -ENOSPC,
	IKE_EBASE	= -1000,
	IKE_ESHORT,		/* ran out of input */
	IKE_EMALFORMED,		/* a length, field or chain is wrong */
	IKE_ERESERVED,		/* a reserved field is not zero */
	IKE_ECRITICAL,		/* unknown payload with the critical bit */
	IKE_ETRAILING,		/* bytes left after the last payload */
	IKE_EVERSION,		/* major version is not 2 */
	IKE_ERULES,		/* payloads not allowed in this exchange */
	IKE_ENOPROPOSAL,	/* no proposal chosen */
	IKE_EINVALKE,		/* KE group not the one we want */
	IKE_EKEVALUE,		/* peer's KE value is invalid */
	IKE_EAUTH,		/* authentication failed */
	IKE_EINTEGRITY,		/* ICV or MAC check failed */
	IKE_ETS,		/* traffic selectors unacceptable */
	IKE_ESTATE,		/* message not expected in this state */
	IKE_EMSGID,		/* message ID out of window */
	IKE_EPENDING,		/* waiting for a job's result */
	IKE_EUNSUPPORTED,	/* algorithm or feature not supported */
	IKE_EPEERID,		/* no connection matches the peer's IDs */
	IKE_ETIMEOUT,		/* retransmissions exhausted */
	IKE_EKERNEL,		/* kernel operation failed */
	IKE_ENOTFOUND,		/* no such connection or SA */
	IKE_EBUFFULL,		/* writer ran out of room */
	IKE_ELAST
};

const char	*ike_strerror(int err);
/* The one place errors become notify types (0 when none should be sent). */
int		 ike_err_to_notify(int err);

/* Randomness: fill buf with len random bytes, 0 or a negative ike_err. */
typedef int (*ike_rng_fn)(void *ctx, uint8_t *buf, size_t len);
int	ike_rng_default(void *ctx, uint8_t *buf, size_t len);	/* gnutls_rnd */

/* Logging hook; sa is "name[id]" / "name{id}" or NULL. */
enum ike_log_level {
	IKE_LOG_ERROR, IKE_LOG_WARN, IKE_LOG_INFO, IKE_LOG_DEBUG, IKE_LOG_TRACE
};
typedef void (*ike_log_fn)(void *ctx, enum ike_log_level, const char *subsys,
    const char *sa, const char *fmt, va_list ap);

/* Addresses as libike sees them: no socket headers here. */
#define IKE_AF_INET	4
#define IKE_AF_INET6	6
struct ike_addr {
	uint8_t		family;		/* IKE_AF_INET or IKE_AF_INET6 */
	uint8_t		addr[16];	/* network order; IPv4 in the first 4 */
	uint16_t	port;		/* host order */
};

#endif /* SAKER_IKE_H */
