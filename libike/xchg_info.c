/* SPDX-License-Identifier: ISC */
/*
 * xchg_info.c - INFORMATIONAL (RFC 7296 1.4, 1.5), both roles: Deletes
 * of Child SAs and of the IKE SA, liveness checks (an empty request) and
 * errors the initiator found in IKE_AUTH.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "eng.h"
#include "iana.h"
#include "live.h"
#include "names.h"
#include "sa.h"
#include "xchg.h"
#include "xout.h"

/* Our inbound SPIs as a Delete payload carries them. */
#define INFO_MAX_SPI	64

/*
 * Responder:
 *
 *   HDR, SK { D(IKE) }  -->                       <--  HDR, SK { }
 *   HDR, SK { D(ESP, SPIs), ... }  -->            <--  HDR, SK { D(ESP, ours) }
 *   HDR, SK { }  -->  (liveness)                  <--  HDR, SK { }
 *   HDR, SK { N(AUTHENTICATION_FAILED) }  -->     <--  HDR, SK { }
 *
 * RFC 7296 1.4.1: a Delete of a Child SA we are deleting ourselves is
 * answered without a Delete for it.  SPIs we do not know are ignored.
 */
int
xchg_info_r(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	uint8_t spis[INFO_MAX_SPI * 4];
	char nb[NAMES_BUFLEN];
	const struct msg_pl *pl;
	struct pld_delete d;
	struct pld_notify n;
	struct child_sa *ch;
	size_t i, k, n_spi = 0;
	uint16_t type;
	uint32_t spi;
	int err;

	x->kind = XOUT_RESPONSE;
	type = msg_error_notify(m, &n);
	if (type == IKE_N_AUTHENTICATION_FAILED) {
		sa_fail(sa, IKE_EAUTH, "peer refused our authentication "
		    "(AUTHENTICATION_FAILED)");
		x->close = "authentication failed";
		return IKE_OK;
	}
	if (type != 0)
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "peer reports "
		    "%s", names_str(NAMES_NOTIFY, type, nb, sizeof(nb)));
	for (i = 0; (pl = msg_find(m, IKE_PL_DELETE, i)) != NULL; i++) {
		if ((err = pld_delete_parse(pl->body, &d)) < 0)
			return sa_fail(sa, err, "malformed Delete: %s",
			    ike_strerror(err));
		if (d.proto == IKE_PROTO_IKE) {
			eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name,
			    "received DELETE for IKE SA %s", sa->sa_name);
			/* Its children go with it, unless a rekey of it
			 * made the SA they belong to now (RFC 7296 2.18);
			 * those that stay get their close-action. */
			xchg_rekey_handover(sa);
			for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
				live_child_closed(ch, true);
			xout_reset(x);
			x->kind = XOUT_RESPONSE;
			x->close = "deleted by peer";
			return IKE_OK;
		}
		if (d.proto != IKE_PROTO_ESP)
			continue;
		for (k = 0; k < d.n_spi; k++) {
			spi = pld_delete_spi32(&d, k);
			if ((ch = child_by_spi_out(sa, spi)) == NULL) {
				eng_log(sa->sa_eng, IKE_LOG_DEBUG, sa->sa_name,
				    "DELETE for unknown ESP SPI %08x", spi);
				continue;
			}
			if (ch->ch_state != CH_S_DELETING && n_spi < INFO_MAX_SPI)
				ike_put_be32(&spis[4 * n_spi++], ch->ch_spi_in);
			live_child_closed(ch, false);
			child_destroy(ch, "deleted by peer");
		}
	}
	if (n_spi > 0)
		xout_delete(x, IKE_PROTO_ESP, spis, n_spi);
	return x->err;
}

/*
 * Initiator, the answer to our request:
 *
 *   <--  HDR, SK { [D(ESP, its SPI)] }   our Child SA delete is done
 *   <--  HDR, SK { }                     our IKE SA delete is done
 */
int
xchg_info_i(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct child_sa *ch;

	(void)m;
	switch (sa->sa_req_kind) {
	case REQ_DEL_CHILD:
		if ((ch = child_by_id(sa, sa->sa_req_child)) != NULL)
			child_destroy(ch, "deleted");
		break;
	case REQ_DEL_IKE:
		x->close = "deleted";
		break;
	default:
		break;
	}
	return IKE_OK;
}
