/* SPDX-License-Identifier: ISC */
/*
 * msg.h - IKE messages: the 28-byte header, one scan of the payload chain
 * into a flat list, the chain inside a decrypted SK payload, and a builder
 * that chains Next Payload fields and lengths for the caller.
 *
 * The order of work on input is fixed (STYLE.md): msg_parse() scans the
 * outer chain once; the caller verifies and decrypts the SK payload with
 * the crypto layer over the views msg_sk() gives and hands the plaintext
 * to msg_parse_inner(); rules_check() (rules.h) checks the payload rules;
 * then the exchange handler runs and parses the bodies it needs with the
 * pld_*_parse() functions.
 */
#ifndef SAKER_MSG_H
#define SAKER_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "ike.h"
#include "pld.h"
#include "wire.h"

/*
 * RFC 7296 3.1: IKE SA Initiator's SPI(8) IKE SA Responder's SPI(8)
 * Next Payload(1) MjVer(4)|MnVer(4) Exchange Type(1) Flags(1)
 * Message ID(4) Length(4).
 */
struct msg_hdr {
	uint64_t	 spi_i, spi_r;	/* host order of the 8 wire bytes */
	uint8_t		 next;		/* first payload */
	uint8_t		 version;	/* IKE_VERSION_2 = 0x20 */
	uint8_t		 exchange;	/* IKE_X_* */
	uint8_t		 flags;		/* IKE_FLAG_*; X bits ignored on receipt */
	uint32_t	 msgid;
	uint32_t	 length;
};

/*
 * Parses the header of a datagram of len bytes (non-ESP marker already
 * stripped).  IKE_ESHORT below 28 bytes; IKE_EVERSION when the major
 * version is not 2 (the caller may answer INVALID_MAJOR_VERSION, RFC 7296
 * 2.5; *out is filled in that case too); when the Length field is not
 * len, IKE_ESHORT (datagram shorter than Length: truncated) or
 * IKE_ETRAILING (bytes after Length).  The minor version and the unused
 * flag bits are ignored as RFC 7296 2.5 and 3.1 require.
 */
int	msg_hdr_parse(const uint8_t *pkt, size_t len, struct msg_hdr *out);
/* Writes a header (Length as given; msg_build_end() fixes it). */
int	msg_hdr_build(struct wire_w *, const struct msg_hdr *);
/* 1 if the R flag is set. */
int	msg_is_response(const struct msg_hdr *);

/* One payload of the chain. */
struct msg_pl {
	uint8_t		 type;		/* IKE_PL_* as sent */
	uint8_t		 critical;	/* the C bit */
	uint8_t		 known;		/* 0: unknown non-critical, skipped by
					 * msg_find() and rules_check() */
	uint8_t		 inner;		/* 1: was inside SK/SKF */
	uint8_t		 next;		/* Next Payload of its generic header */
	size_t		 off;		/* generic header offset in its buffer */
	struct ike_bytes body;		/* after the generic header */
};

#define MSG_MAX_PL	128

struct msg {
	struct msg_hdr	 hdr;
	struct ike_bytes raw;		/* the whole datagram */
	struct msg_pl	 pl[MSG_MAX_PL];
	size_t		 n_pl;
	int		 sk;		/* index of SK or SKF in pl, -1: none */
	int		 decrypted;	/* msg_parse_inner() succeeded */
	uint8_t		 bad_critical;	/* IKE_ECRITICAL: the unknown type */
	size_t		 n_unknown;	/* unknown non-critical payloads */
};

/* 1 if the codec understands payload type t (SA..EAP, SKF). */
int	msg_pl_known(uint8_t t);

/*
 * Scans the datagram's header and payload chain once into *m, which keeps
 * views into pkt.  Errors (m is left with what was scanned, for logs):
 * those of msg_hdr_parse(); IKE_ESHORT when a payload runs past the end;
 * IKE_EMALFORMED for a payload length below 4, an SK/SKF that is not the
 * last payload or more than one of them, a known payload whose generic
 * header is fine but whose length cannot hold its fixed part; IKE_ECRITICAL
 * for an unknown payload with the critical bit (type in m->bad_critical,
 * RFC 7296 2.5: answer UNSUPPORTED_CRITICAL_PAYLOAD with that type);
 * IKE_ETRAILING for bytes after the last payload; IKE_EUNSUPPORTED for
 * more than MSG_MAX_PL payloads.  Unknown non-critical payloads are kept
 * with known = 0 and counted.
 */
int	msg_parse(const uint8_t *pkt, size_t len, struct msg *m);

/*
 * Parses the chain of a decrypted SK payload (the plaintext without
 * padding and Pad Length) whose first payload is the SK header's Next
 * Payload, and appends it to m with inner = 1.  plain must live as long
 * as m is used.  The same errors as msg_parse(); an SK or SKF inside is
 * IKE_EMALFORMED; IKE_EINVAL if m has no SK or is already decrypted.
 */
int	msg_parse_inner(struct msg *m, const uint8_t *plain, size_t len);
/* Same, for the plaintext reassembled from SKF fragments; first is the
 * Next Payload of fragment 1. */
int	msg_parse_inner_first(struct msg *m, uint8_t first,
	    const uint8_t *plain, size_t len);

/* What the crypto layer needs to verify and decrypt an SK or SKF payload. */
struct msg_sk {
	uint8_t		 type;		/* IKE_PL_SK or IKE_PL_SKF */
	uint8_t		 first;		/* Next Payload: first inner payload */
	uint16_t	 frag_num, frag_total;	/* SKF only, else 0 */
	struct ike_bytes aad;		/* header .. end of SK(F) header */
	struct ike_bytes data;		/* IV | ciphertext | ICV */
};
/* aad and data are contiguous: aad.ptr .. data.ptr + data.len is the whole
 * datagram, which is what an HMAC integrity check covers (less the ICV). */
/* Fills *out from m's SK or SKF payload; IKE_ENOENT if there is none. */
int	msg_sk(const struct msg *m, struct msg_sk *out);

/* The i-th payload (counting from 0) of type t that is known, or NULL. */
const struct msg_pl *msg_find(const struct msg *, uint8_t t, size_t i);
/* How many known payloads of type t. */
size_t	msg_count(const struct msg *, uint8_t t);

/* ------------------------------------------------------------- builder */
/*
 * Building a message:
 *
 *	struct wire_w w;  struct msg_builder b;
 *	wire_w_init_grow(&w, 65535);
 *	msg_build_begin(&b, &w, &hdr);
 *	msg_pl_begin(&b, IKE_PL_SA, 0);  pld_sa_build(msg_w(&b), &sa);
 *	msg_pl_end(&b);
 *	...
 *	msg_build_end(&b);		-- or, with an SK payload:
 *
 *	msg_sk_begin(&b);		-- payloads now go to the inner chain
 *	msg_pl_begin(&b, IKE_PL_IDI, 0); pld_id_build(msg_w(&b), &id);
 *	msg_pl_end(&b);  ...
 *	plain = msg_sk_plain(&b);	-- the inner chain to encrypt
 *	msg_sk_seal(&b, ivlen + ctlen + icvlen, &seal);
 *	  -- now write IV | ciphertext | ICV into seal.body; seal.aad covers
 *	  -- the header and the SK generic header, lengths already final.
 *	msg_builder_free(&b);
 *
 * Payload bodies are written with msg_w(&b), which is the outer writer
 * or the inner one inside SK.  Errors are sticky: the builder functions
 * return the first error (the writers' IKE_EBUFFULL/IKE_ENOMEM, IKE_EINVAL
 * for misuse such as a payload after SK or an unbalanced begin/end).
 */
struct msg_builder {
	struct wire_w	*w;		/* the datagram */
	struct wire_w	 inner;		/* the SK plaintext chain (growable) */
	int		 in_sk;
	int		 sealed;
	size_t		 next_off;	/* Next Payload byte to patch (outer) */
	size_t		 inner_next_off; /* same in the inner chain, or SIZE_MAX */
	uint8_t		 inner_first;	/* first inner payload type */
	size_t		 pl_start;	/* start of the open payload, or SIZE_MAX */
	size_t		 pl_mark;	/* its length field */
	int		 err;
};

/* Starts a message in w (which must be empty) with header hdr. */
int	msg_build_begin(struct msg_builder *, struct wire_w *w, const struct msg_hdr *hdr);
/* The writer payload bodies go to. */
struct wire_w *msg_w(struct msg_builder *);
/* Opens a payload of type t (chains the previous Next Payload to it). */
int	msg_pl_begin(struct msg_builder *, uint8_t t, int critical);
/* Closes it and sets its length. */
int	msg_pl_end(struct msg_builder *);
/* Finishes a message without SK: fixes the header Length. */
int	msg_build_end(struct msg_builder *);
/* Starts the SK payload: the following payloads form its inner chain. */
int	msg_sk_begin(struct msg_builder *);
/* The inner chain written so far (valid until the next write). */
struct ike_bytes msg_sk_plain(const struct msg_builder *);

struct msg_seal {
	struct ike_bytes aad;		/* header .. end of SK(F) header */
	uint8_t		*body;		/* body_len bytes to fill */
	size_t		 body_len;
	size_t		 body_off;	/* offset of body in the datagram */
};
/* Appends the SK payload with a body of body_len bytes (IV | padded
 * ciphertext | ICV, computed by the crypto layer from the length of
 * msg_sk_plain()), and fixes all lengths.  The message is then complete. */
int	msg_sk_seal(struct msg_builder *, size_t body_len, struct msg_seal *out);
/* RFC 7383: appends an SKF payload (fragment num of total; first is the
 * first inner payload type for fragment 1, 0 for the others) with a body
 * of body_len bytes; no msg_sk_begin() is needed.  The message is then
 * complete. */
int	msg_skf_seal(struct msg_builder *, uint8_t first, uint16_t num,
	    uint16_t total, size_t body_len, struct msg_seal *out);
/* Frees the inner chain (wiped). */
void	msg_builder_free(struct msg_builder *);

/* Notifies of a parsed message (msg.c). */
/* The first notify of type t in m, parsed into *out: 1 if found, else 0. */
int	msg_find_notify(const struct msg *, uint16_t type, struct pld_notify *out);
/* The first error notify in m (type < 16384), 0 if none. */
uint16_t msg_error_notify(const struct msg *, struct pld_notify *out);

#endif /* SAKER_MSG_H */
