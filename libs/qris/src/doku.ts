// DOKU's identifiers in a QRIS (../shared/docs/doku-snap.md, "QRIS payload").

/** DOKU's GUI in its merchant account template (tag 26). */
export const DOKU_GUI = 'COM.DOKU.WWW';
/** DOKU's National Number Specification: the first 8 digits of its merchant PANs. */
export const DOKU_NNS = '93600899';
