/* SPDX-License-Identifier: ISC */
/*
 * fuzz_frag.c - libFuzzer harness for the reassembly of IKE fragments
 * (frag.c, RFC 7383).  The input is a sequence of datagrams, each after
 * a two-byte big-endian length.  Each is scanned, and its SKF payload
 * goes to frag_input() of one IKE SA, as the engine would hand it: with
 * the keys of the initiator or of the responder by the header's I flag.
 * The keys are those of the captured strongSwan handshake cert-frag, so
 * the seeds (its real fragments, in test/fuzz/corpus/fuzz_frag/) decrypt
 * and the fuzzer reaches reassembly, not only the integrity check.
 * Checked: the SA never holds more than FRAG_MAX_BYTES nor a set larger
 * than FRAG_MAX_COUNT, and a completed message is handed over whole.
 */
#include <stdlib.h>
#include <string.h>

#include "cry.h"
#include "frag.h"
#include "iana.h"
#include "msg.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cry_sk *sk_i, *sk_r;

static void
hex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(ike_hex_digit(s[2 * i]) << 4 |
		    ike_hex_digit(s[2 * i + 1]));
}

static struct cry_sk *
sk_new(const char *ekey, const char *akey)
{
	uint8_t e[32], a[32];
	struct cry_sk *sk;

	hex(ekey, e, sizeof(e));
	hex(akey, a, sizeof(a));
	if (cry_sk_new(IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
	    (struct ike_bytes){ e, sizeof(e) }, (struct ike_bytes){ a, sizeof(a) },
	    &sk) < 0)
		abort();
	return sk;
}

static void
check_held(const struct ike_sa *sa)
{
	size_t i, n = 0;

	for (i = 0; i < 2; i++) {
		const struct frag_in *fi = sa->sa_frag.in[i];

		if (fi == NULL)
			continue;
		if (fi->fi_total > FRAG_MAX_COUNT || fi->fi_have >= fi->fi_total)
			abort();
		n += fi->fi_bytes;
	}
	if (n > FRAG_MAX_BYTES)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct msg m;
	struct ike_sa sa;
	struct msg_sk s;
	uint8_t *plain, first;
	size_t off = 0, len, plen;
	int err;

	if (sk_i == NULL) {
		sk_i = sk_new("49254cd80e635bae13597b75e028bd32"
		    "f21c6663ba7ba37856dba1e00be26596",
		    "4229fd8b0687814c505a6ea42a482a5d"
		    "ea856b04713519dcd4a70909f6f29181");
		sk_r = sk_new("4120c6045c153672152fd23041b391c5"
		    "8992371932e09429b4d27199dd0269e2",
		    "8700031f249f268f12ab6721b7f6e3c9"
		    "a2fe526b2ed4853f7162e8f64f0c7781");
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_frag.on = true;
	while (size - off >= 2) {
		len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		if (msg_parse(data + off, len, &m) == IKE_OK &&
		    msg_sk(&m, &s) == IKE_OK && s.type == IKE_PL_SKF) {
			plain = NULL;
			err = frag_input(&sa, &m, &s, (m.hdr.flags &
			    IKE_FLAG_INITIATOR) ? sk_i : sk_r, &plain, &plen,
			    &first);
			if (err == IKE_OK) {
				/* Whole: every byte is readable; the chain
				 * may or may not parse. */
				if (plen > FRAG_MAX_BYTES)
					abort();
				(void)msg_parse_inner_first(&m, first, plain, plen);
				ike_memzero(plain, plen);
				free(plain);
			} else if (plain != NULL) {
				abort();
			}
			check_held(&sa);
		}
		off += len;
	}
	frag_in_clear(&sa);
	return 0;
}
