// The typed shape of a QRIS (EMVCo merchant-presented mode) payload: what parseQris returns
// and what buildQris takes. Amounts are integer minor units (IDR sen), as everywhere else.

/** One TLV data object as it sits in the payload; `offset` is where its id starts. */
export interface QrisTag {
  id: string;
  length: number;
  value: string;
  offset: number;
  /** Sub data objects, for templates (26-51, 62, 64, 80-99) whose value reads as TLV. */
  children?: QrisTag[];
}

export type QrisInitiation = 'static' | 'dynamic';

/** Merchant account information template (tags 26-51). */
export interface QrisMerchantAccount {
  tag: string;
  /** Sub 00: globally unique identifier (reverse domain, e.g. `COM.DOKU.WWW`). */
  gui: string;
  /** Sub 01: merchant PAN (NNS + merchant digits + Luhn check digit). */
  pan?: string;
  /** Sub 02: merchant id (for `ID.CO.QRIS.WWW`: the NMID). */
  merchantId?: string;
  /** Sub 03: merchant criteria (UMI, UKE, UME, UBE, URE). */
  criteria?: string;
  /** Every sub data object, in order (unknown ones included). */
  fields: QrisTag[];
}

/** A primitive merchant account (tags 02-25, reserved for card networks). */
export interface QrisNetworkAccount {
  tag: string;
  value: string;
}

export interface QrisAmount {
  /** Integer minor units: `"1200.25"` -> 120025. */
  minor: number;
  /** The string exactly as it sits in the payload. */
  text: string;
}

export type QrisTip =
  | { indicator: 'prompt' }
  | { indicator: 'fixed'; minor: number; text: string }
  | { indicator: 'percentage'; percent: string };

export type QrisTipInput =
  | { indicator: 'prompt' }
  | { indicator: 'fixed'; minor: number }
  | { indicator: 'percentage'; percent: string };

/** A sub template (ids 50-99) of tag 62 or an unreserved template (80-99). */
export interface QrisTemplate {
  id: string;
  /** The raw value (DOKU puts a bare partnerReferenceNo in 62/50). */
  value: string;
  /** Set when the value reads as TLV with a GUI in sub 00 (the EMVCo shape). */
  gui?: string;
  children?: QrisTag[];
}

/** Tag 62, additional data field template. */
export interface QrisAdditionalData {
  billNumber?: string; // 01
  mobileNumber?: string; // 02
  storeLabel?: string; // 03
  loyaltyNumber?: string; // 04
  referenceLabel?: string; // 05
  customerLabel?: string; // 06
  terminalLabel?: string; // 07
  purposeOfTransaction?: string; // 08
  consumerDataRequest?: string; // 09
  merchantTaxId?: string; // 10
  merchantChannel?: string; // 11
  /** Payment system specific templates 50-99, in payload order. */
  templates: QrisTemplate[];
}

/** Tag 64, merchant information in an alternate language. */
export interface QrisLanguageTemplate {
  preference: string; // 00, ISO 639 alpha-2
  merchantName: string; // 01
  merchantCity?: string; // 02
}

export interface Qris {
  payload: string;
  /** Every top-level data object in payload order; unknown ones preserved. */
  tags: QrisTag[];
  formatIndicator: string;
  initiation: QrisInitiation;
  merchantAccounts: QrisMerchantAccount[];
  networkAccounts: QrisNetworkAccount[];
  mcc: string;
  currency: string;
  countryCode: string;
  merchantName: string;
  merchantCity: string;
  postalCode?: string;
  amount?: QrisAmount;
  tip?: QrisTip;
  additionalData?: QrisAdditionalData;
  language?: QrisLanguageTemplate;
  /** Unreserved templates 80-99. */
  unreserved: QrisTemplate[];
  /** NMID: sub 02 of the `ID.CO.QRIS.WWW` template. */
  nmid?: string;
  /** Sub 01 (PAN) of the first acquirer's template. */
  merchantPan?: string;
  /** GUIs of the merchant account templates other than the national repository (`ID.CO.QRIS.WWW`). */
  acquirerGuis: string[];
  /** The CRC as written in the payload (tag 63). */
  crc: string;
}

export type QrisSeverity = 'error' | 'warning';

export interface QrisProblem {
  /** Stable code, e.g. `CRC.MISMATCH`; see QRIS_PROBLEM_CODES. */
  code: string;
  /** The top-level tag concerned (for a sub tag: `62.07`). */
  tag?: string;
  /** Character offset into the payload. */
  offset: number;
  message: string;
  severity: QrisSeverity;
}

export type QrisParseResult =
  | { ok: true; qris: Qris; warnings: QrisProblem[] }
  | { ok: false; problems: QrisProblem[]; qris?: Qris };

export interface QrisParseOptions {
  /** `strict` (default): any error fails. `lenient`: a readable payload comes back with warnings. */
  mode?: 'strict' | 'lenient';
}

export interface QrisMerchantAccountInput {
  /** '26'..'51' */
  tag: string;
  gui: string;
  pan?: string;
  merchantId?: string;
  criteria?: string;
}

export interface QrisAdditionalDataInput {
  billNumber?: string;
  mobileNumber?: string;
  storeLabel?: string;
  loyaltyNumber?: string;
  referenceLabel?: string;
  customerLabel?: string;
  terminalLabel?: string;
  purposeOfTransaction?: string;
  consumerDataRequest?: string;
  merchantTaxId?: string;
  merchantChannel?: string;
  /** Sub templates 50-99, written in the order given. */
  templates?: Array<{ id: string; value: string }>;
}

export interface QrisBuildInput {
  initiation: QrisInitiation;
  merchantAccounts: QrisMerchantAccountInput[];
  mcc: string;
  /** ISO 4217 numeric, default '360' (IDR). */
  currency?: string;
  /** ISO 3166 alpha-2, default 'ID'. */
  countryCode?: string;
  merchantName: string;
  merchantCity: string;
  postalCode?: string;
  amountMinor?: number;
  tip?: QrisTipInput;
  additionalData?: QrisAdditionalDataInput;
  language?: QrisLanguageTemplate;
  /** Unreserved templates 80-99 (value is the raw TLV content, sub 00 = GUI). */
  unreserved?: Array<{ id: string; value: string }>;
}
