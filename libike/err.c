/* SPDX-License-Identifier: ISC */
/*
 * err.c - libike's error codes: their text, and the one mapping from an
 * error to the notify type that answers it on the wire.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ike.h"
#include "err.h"
#include "iana.h"

const char *
ike_strerror(int err)
{
	switch (err) {
	case IKE_OK:		return "success";
	case IKE_ESHORT:	return "message truncated";
	case IKE_EMALFORMED:	return "malformed message";
	case IKE_ERESERVED:	return "reserved field not zero";
	case IKE_ECRITICAL:	return "unsupported critical payload";
	case IKE_ETRAILING:	return "trailing bytes after last payload";
	case IKE_EVERSION:	return "unsupported IKE major version";
	case IKE_ERULES:	return "payloads not allowed in this exchange";
	case IKE_ENOPROPOSAL:	return "no proposal chosen";
	case IKE_EINVALKE:	return "key exchange group not acceptable";
	case IKE_EKEVALUE:	return "invalid key exchange value";
	case IKE_EAUTH:		return "authentication failed";
	case IKE_EINTEGRITY:	return "integrity check failed";
	case IKE_ETS:		return "traffic selectors unacceptable";
	case IKE_ESTATE:	return "message not expected in this state";
	case IKE_EMSGID:	return "message ID outside the window";
	case IKE_EPENDING:	return "operation pending";
	case IKE_EUNSUPPORTED:	return "not supported";
	case IKE_EPEERID:	return "no connection matches the peer";
	case IKE_ETIMEOUT:	return "peer not responding";
	case IKE_EKERNEL:	return "kernel operation failed";
	case IKE_ENOTFOUND:	return "not found";
	case IKE_EBUFFULL:	return "buffer full";
	default:
		if (err < 0 && err > IKE_EBASE)
			return strerror(-err);
		return "unknown error";
	}
}

int
ike_err_to_notify(int err)
{
	switch (err) {
	case IKE_ECRITICAL:	return IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD;
	case IKE_EVERSION:	return IKE_N_INVALID_MAJOR_VERSION;
	case IKE_ESHORT:
	case IKE_EMALFORMED:
	case IKE_ERESERVED:
	case IKE_ETRAILING:
	case IKE_ERULES:	return IKE_N_INVALID_SYNTAX;
	case IKE_ENOPROPOSAL:	return IKE_N_NO_PROPOSAL_CHOSEN;
	case IKE_EINVALKE:	return IKE_N_INVALID_KE_PAYLOAD;
	case IKE_EKEVALUE:	return IKE_N_INVALID_SYNTAX;
	case IKE_EAUTH:
	case IKE_EPEERID:	return IKE_N_AUTHENTICATION_FAILED;
	case IKE_ETS:		return IKE_N_TS_UNACCEPTABLE;
	case IKE_EMSGID:	return IKE_N_INVALID_MESSAGE_ID;
	case IKE_EKERNEL:
	case IKE_ENOMEM:	return IKE_N_TEMPORARY_FAILURE;
	default:		return 0;
	}
}

void
ike_vwhy(char *buf, size_t len, const char *fmt, va_list ap)
{
	if (buf != NULL && len > 0)
		vsnprintf(buf, len, fmt, ap);
}

int
ike_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ike_vwhy(err, errlen, fmt, ap);
	va_end(ap);
	return IKE_EINVAL;
}
