/* SPDX-License-Identifier: ISC */
/*
 * fuzz_conf.c - libFuzzer harness for the config loader: any bytes go
 * through conf_load_buffer() (libyaml events, the tree, every section
 * reader and libike's proposal, ID, address and selector parsers).  A
 * config that loads is formatted back and its addresses and traffic
 * selectors must read back to the same values.  Seeds: the examples in
 * conf/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ike.h"
#include "cfg.h"
#include "daemon/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ts_roundtrip(const struct ike_ts *ts, size_t n)
{
	struct ike_ts again;
	char buf[160];
	size_t i;

	for (i = 0; i < n; i++) {
		if (ike_ts_format(&ts[i], buf, sizeof(buf)) != IKE_OK ||
		    ike_ts_parse(buf, &again, NULL, 0) != IKE_OK ||
		    memcmp(&again, &ts[i], sizeof(again)) != 0)
			abort();
	}
}

static void
end_check(const struct ike_end_cfg *end)
{
	struct ike_addr again;
	char buf[1200];
	size_t i;

	for (i = 0; i < end->n_addrs; i++) {
		if (ike_addr_format(&end->addrs[i], buf, sizeof(buf)) != IKE_OK ||
		    ike_addr_parse(buf, &again) != IKE_OK ||
		    memcmp(again.addr, end->addrs[i].addr, 16) != 0)
			abort();
	}
	(void)ike_id_format(&end->id, buf, sizeof(buf));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ike_config *cfg = NULL;
	const struct ike_conn_cfg *c;
	const struct ike_child_cfg *ch;
	char err[512];

	if (conf_load_buffer("fuzz.yaml", (const char *)data, size, &cfg, err,
	    sizeof(err)) != IKE_OK) {
		/* every error names the file */
		if (strncmp(err, "fuzz.yaml:", 10) != 0 &&
		    strcmp(err, "fuzz.yaml: out of memory") != 0)
			abort();
		return 0;
	}
	for (c = cfg->conns; c != NULL; c = c->next) {
		end_check(&c->local);
		end_check(&c->remote);
		for (ch = c->children; ch != NULL; ch = ch->next) {
			ts_roundtrip(ch->local_ts, ch->n_local_ts);
			ts_roundtrip(ch->remote_ts, ch->n_remote_ts);
		}
	}
	ike_config_free(cfg);
	return 0;
}
