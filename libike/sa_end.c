/* SPDX-License-Identifier: ISC */
/*
 * sa_end.c - the end of an IKE SA: killing it (its Child SAs leave the
 * kernel, its virtual IPs their interfaces and its leases go offline at
 * once) and freeing the dead ones after the current call, from their own
 * list, so that the cost is theirs and not the live SAs'.  Above the SA
 * table, Child SAs, virtual IPs and fragments, which it takes down.
 */
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "cry.h"
#include "eng.h"
#include "frag.h"
#include "keys.h"
#include "sa.h"
#include "vip.h"

void
sa_kill(struct ike_sa *sa, const char *reason)
{
	if (sa->sa_state == SA_S_DEAD)
		return;
	if (reason != NULL)
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name,
		    "IKE SA %s deleted: %s", sa->sa_name, reason);
	while (sa->sa_children != NULL)
		child_destroy(sa->sa_children, NULL);
	vip_release(sa);
	sa->sa_pending = NULL;
	sa_set_half_open(sa, false);
	sa_request_done(sa);
	sa_set_dead(sa);
}

void
sa_reap(struct ike_engine *eng)
{
	struct ike_sa *sa;

	while ((sa = eng->eng_dead) != NULL) {
		eng->eng_dead = sa->sa_dnext;
		sa_unhash(sa);
		sa_free(sa);
	}
}

void
sa_free(struct ike_sa *sa)
{
	struct child_sa *ch;

	if (sa == NULL)
		return;
	while ((ch = sa->sa_children) != NULL) {
		sa->sa_children = ch->ch_next;
		child_free(ch);
	}
	sa_set_half_open(sa, false);
	frag_in_clear(sa);
	cry_dh_free(sa->sa_dh);
	keys_ike_free(sa->sa_keys);
	ike_buf_free(&sa->sa_ni);
	ike_buf_free(&sa->sa_nr);
	ike_buf_free(&sa->sa_init_i);
	ike_buf_free(&sa->sa_init_r);
	ike_buf_free(&sa->sa_cookie);
	ike_buf_free(&sa->sa_cert.peer_certreq);
	ike_buf_free(&sa->sa_cc.ni);
	cry_dh_free(sa->sa_cc.dh);
	ike_buf_free(&sa->sa_rk.ni);
	ike_buf_free(&sa->sa_rk.min);
	cry_dh_free(sa->sa_rk.dh);
	ike_id_free(&sa->sa_lid);
	ike_id_free(&sa->sa_rid);
	ike_buf_free(&sa->sa_req);
	ike_buf_free(&sa->sa_resp);
	ike_memzero(sa, sizeof(*sa));
	free(sa);
}
