// DOKU's sample request and response bodies, verbatim from its QRIS page
// (../shared/seeds/doku-snap-qris-api.txt). Numbers where DOKU wrote numbers.
import { SAMPLE_QR } from './fake-doku.js';

export const seedGenerateRequest = {
  partnerReferenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
  amount: { value: '1000.00', currency: 'IDR' },
  feeAmount: { value: '500.00', currency: 'IDR' },
  merchantId: 2115,
  terminalId: 'k45',
  validityPeriod: '2023-11-08T17:38:42+07:00',
  additionalInfo: { postalCode: 13120, feeType: 2 },
};

export const seedGenerateResponse = {
  responseCode: '2004700',
  responseMessage: 'Request has been processed successfully',
  referenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
  partnerReferenceNo: 'a98757c8dbc6434ab5dd4c55d9092d9a',
  qrContent: SAMPLE_QR,
  terminalId: 'K45',
  additionalInfo: { validityPeriod: '2023-11-08T17:38:42+07:00' },
};

export const seedQueryResponse = {
  responseCode: '2005100',
  responseMessage: 'Request has been processed successfully',
  originalReferenceNo: '7d054649f9ba4c19ae5f95950c99be4d',
  originalPartnerReferenceNo: '7d054649f9ba4c19ae5f95950c99be4d',
  serviceCode: '51',
  latestTransactionStatus: '00',
  transactionStatusDesc: 'Success',
  paidTime: '2023-08-18T23:12:21+07:00',
  amount: { value: 1200, currency: 'IDR' },
  feeAmount: { value: 500, currency: 'IDR' },
  additionalInfo: {
    approvalCode: '328591',
    convenienceFee: 'C00000000',
    issuerId: '93600014',
    issuerName: 'BCA',
    terminalId: 'A01             ',
    customerName: 'JOHN DOE                       ',
  },
};

export const seedRefundResponse = {
  responseCode: '2007800',
  responseMessage: 'Request has been processed successfully',
  originalReferenceNo: '82367e5283b94a47a920859bcb4af4d6',
  originalPartnerReferenceNo: '82367e5283b94a47a920859bcb4af4d6',
  refundNo: 'QRISR0001',
  partnerRefundNo: 'QRISR0001',
  refundAmount: { value: 1200, currency: 'IDR' },
  refundTime: '2022-11-11T10:51:48+07:00',
};

export const seedDecodeResponse = {
  responseCode: '2004800',
  responseMessage: 'Request has been processed successfullys',
  referenceNo: '25571a62302c43a881c684cccc7ecbae',
  partnerReferenceNo: '25571a62302c43a881c684cccc7ecbae',
  merchantName: 'Green Pages',
  transactionAmount: { value: 1200, currency: 'IDR' },
  feeAmount: { value: 500, currency: 'IDR' },
  additionalInfo: {
    pointOfInitiationMethod: 12,
    pointOfInitiationMethodDescription: 'DYNAMIC',
    feeType: 2,
    feeTypeDescription: 'FIX_TIPS',
  },
};

export const seedPaymentResponse = {
  responseCode: '2005000',
  responseMessage: 'Request has been processed successfully',
  referenceNo: '91cbe52caf27471482d3430c37d174fc',
  partnerReferenceNo: '91cbe52caf27471482d3430c37d174fc',
  amount: { value: 1200, currency: 'IDR' },
  feeAmount: { value: 500, currency: 'IDR' },
  additionalInfo: { approvalCode: 328580 },
};

export const seedTokenResponse = {
  responseCode: '2007300',
  responseMessage: 'Successful',
  accessToken: 'eyJraWQiOi-sample',
  tokenType: 'Bearer',
  expiresIn: '900',
  additionalInfo: {},
};
