# SPDX-License-Identifier: ISC
# Road-warrior scenarios, test CA and interop.
