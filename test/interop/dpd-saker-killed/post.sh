# SPDX-License-Identifier: ISC
swan "$T/moon" --list-sas
charon_stop moon
