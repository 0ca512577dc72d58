// Example values shared by the OpenAPI response classes, so that the order, its refund, its
// events and its webhooks in /docs tell one consistent story: order INV-2026-000123 of
// Rp 15,000 (1500000 sen), paid by BCA, partly refunded.

export const EXAMPLE_ORDER_ID = 'ord_8m2k4q7x1v9c3b6n5z0w2e4r';
export const EXAMPLE_REFUND_ID = 'rfd_5t1p8w3m6k0q9x2c7v4b1n8z';
export const EXAMPLE_PAYMENT_ID = 'qrp_2h7d4k9m1x6c3v8b5n0q7w2e';
export const EXAMPLE_EVENT_ID = 'evt_k3v0q8s1m2h6t9b4c7d5e0fa';
export const EXAMPLE_DELIVERY_ID = 'whd_1q4v7c0m3k6s9b2t5h8d1e4g';
export const EXAMPLE_MERCHANT_REFERENCE = 'INV-2026-000123';
export const EXAMPLE_AMOUNT = 1500000;
export const EXAMPLE_PARTNER_REFERENCE_NO = '3f2a9c1e7b5d4a8f9e0c1b2a3d4e5f60';
export const EXAMPLE_REFERENCE_NO = '9c41d7e2a0b84f6d8e3a5c7b1f902d64';
export const EXAMPLE_REQUEST_ID = '5b0c7f52-3f5e-4d8e-9a51-0f6c2d1e8b47';

/** A dynamic QRIS as DOKU issues it for the example order: Rp 15,000.00, Toko Demo, Jakarta, valid CRC. */
export const EXAMPLE_QR_CONTENT =
  '00020101021226540012COM.DOKU.WWW01189360089900001045200205104520303UMI51440014ID.CO.QRIS.WWW0215ID10254123456780303UMI520458125303360540815000.005802ID5909Toko Demo6007Jakarta61051219062430703A0150323f2a9c1e7b5d4a8f9e0c1b2a3d4e5f606304E81E';

export const EXAMPLE_CREATED_AT = '2026-03-02T09:14:05.218Z';
export const EXAMPLE_EXPIRES_AT = '2026-03-02T09:29:05.218Z';
export const EXAMPLE_PAID_AT = '2026-03-02T09:16:41.000Z';
export const EXAMPLE_UPDATED_AT = '2026-03-02T09:16:41.532Z';
export const EXAMPLE_REFUNDED_AT = '2026-03-03T02:40:12.000Z';
