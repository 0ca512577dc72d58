import { ApiProperty, ApiPropertyOptional, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { EXAMPLE_QR_CONTENT, EXAMPLE_REFERENCE_NO } from '../../common/openapi/examples.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import type { DecodeProblem } from '../domain/decode-verdict.js';
import type { Disagreement, DokuDecodeView } from '../domain/doku-decode.js';
import type { QrisFieldsView } from '../domain/qris-fields.js';
import type { QrisDecodeView } from '../qris-decode.service.js';

@ApiSchema({ name: 'QrisTipPrompt', description: 'Tag 55 = 01: the payer is asked for a tip.' })
export class QrisTipPromptDto {
  @ApiProperty({ enum: ['prompt'], example: 'prompt' })
  indicator: 'prompt';
}

@ApiSchema({ name: 'QrisTipFixed', description: 'Tag 55 = 02: a fixed convenience fee.' })
export class QrisTipFixedDto {
  @ApiProperty({ enum: ['fixed'], example: 'fixed' })
  indicator: 'fixed';

  @ApiProperty({
    type: 'integer',
    description: 'The fee in minor units (tag 56).',
    example: 150000,
  })
  amount: number;
}

@ApiSchema({ name: 'QrisTipPercentage', description: 'Tag 55 = 03: a percentage fee.' })
export class QrisTipPercentageDto {
  @ApiProperty({ enum: ['percentage'], example: 'percentage' })
  indicator: 'percentage';

  @ApiProperty({ description: 'The percentage as written in tag 57.', example: '0.7' })
  percent: string;
}

@ApiSchema({
  name: 'QrisMerchantAccount',
  description: 'One merchant account template (tags 26-51): who can route the payment.',
})
export class QrisMerchantAccountDto {
  @ApiProperty({ description: 'The template tag.', example: '26' })
  tag: string;

  @ApiProperty({
    description: 'Globally unique identifier of the acquirer.',
    example: 'COM.DOKU.WWW',
  })
  gui: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Merchant PAN (NNS + merchant digits; DOKU adds no Luhn digit).',
    example: '936008990000104520',
  })
  pan: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The acquirer's merchant id.",
    example: '10452',
  })
  merchantId: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Merchant criteria (UMI, UKE, UME, UBE, URE).',
    example: 'UMI',
  })
  criteria: string | null;
}

const TIP_MODELS = [QrisTipPromptDto, QrisTipFixedDto, QrisTipPercentageDto];

@ApiSchema({
  name: 'QrisFields',
  description: 'A QRIS read with our strict codec; amounts in minor units, names as written.',
})
export class QrisFieldsDto {
  @ApiProperty({
    enum: ['static', 'dynamic'],
    description: 'Tag 01: 11 static (payer enters the amount), 12 dynamic (one payment).',
    example: 'dynamic',
  })
  initiation: 'static' | 'dynamic';

  @ApiProperty({ description: 'Tag 59.', example: 'Toko Demo' })
  merchantName: string;

  @ApiProperty({ description: 'Tag 60.', example: 'Jakarta' })
  merchantCity: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'Tag 61.', example: '12190' })
  postalCode: string | null;

  @ApiProperty({ description: 'Tag 58.', example: 'ID' })
  countryCode: string;

  @ApiProperty({ description: 'Merchant category code (tag 52).', example: '5812' })
  mcc: string;

  @ApiProperty({ description: 'ISO 4217 numeric (tag 53): `360` is IDR.', example: '360' })
  currency: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Tag 54 in minor units; null on a static QRIS (the payer enters the amount).',
    example: 1500000,
  })
  amount: number | null;

  @ApiProperty({
    nullable: true,
    oneOf: TIP_MODELS.map((m) => ({ $ref: getSchemaPath(m) })),
    discriminator: { propertyName: 'indicator' },
    description: 'Tip or convenience fee rule (tags 55-57); null when the QR has none.',
    example: null,
  })
  tip: QrisTipPromptDto | QrisTipFixedDto | QrisTipPercentageDto | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'National merchant id (NMID) from the QRIS repository template.',
    example: 'ID1025412345678',
  })
  nmid: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The PAN of the first merchant account that has one.',
    example: '936008990000104520',
  })
  merchantPan: string | null;

  @ApiProperty({
    type: 'string',
    isArray: true,
    description: 'GUIs of the acquirers the QR can be paid through.',
    example: ['COM.DOKU.WWW'],
  })
  acquirerGuis: string[];

  @ApiProperty({ type: () => QrisMerchantAccountDto, isArray: true })
  merchantAccounts: QrisMerchantAccountDto[];

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: {
      oneOf: [
        { type: 'string' },
        {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, value: { type: 'string' } },
            required: ['id', 'value'],
          },
        },
      ],
    },
    description:
      'Tag 62 by name (billNumber, terminalLabel, …), with unnamed sub-tags under `templates`.',
    example: {
      terminalLabel: 'A01',
      templates: [{ id: '50', value: '3f2a9c1e7b5d4a8f9e0c1b2a3d4e5f60' }],
    },
  })
  additionalData: Record<string, string | { id: string; value: string }[]> | null;

  @ApiProperty({ description: 'CRC-16/CCITT of the payload (tag 63), verified.', example: 'E81E' })
  crc: string;
}

@ApiSchema({
  name: 'QrisProblem',
  description:
    'A rule the payload breaks (problem codes: docs/qris.md). Warnings do not stop the decode; errors make it a 422 QR_INVALID.',
})
export class QrisProblemDto {
  @ApiProperty({ description: 'Problem code.', example: 'TAG.LENGTH' })
  code: string;

  @ApiPropertyOptional({ description: 'The tag concerned, when there is one.', example: '59' })
  tag?: string;

  @ApiProperty({
    type: 'integer',
    description: 'Character offset into `qrContent` (surrounding whitespace removed).',
    example: 151,
  })
  offset: number;

  @ApiProperty({
    description: 'What is wrong, for a person.',
    example: 'Merchant name (59) is 26 characters, more than the 25 allowed',
  })
  message: string;

  @ApiProperty({ enum: ['error', 'warning'], example: 'warning' })
  severity: 'error' | 'warning';
}

@ApiSchema({ name: 'DokuDisagreement', description: 'A field DOKU reads differently from us.' })
export class DokuDisagreementDto {
  @ApiProperty({ enum: ['merchantName', 'amount', 'initiation'], example: 'merchantName' })
  field: 'merchantName' | 'amount' | 'initiation';

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    nullable: true,
    description: 'Our reading.',
    example: 'Toko Demo',
  })
  ours: string | number | null;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    nullable: true,
    description: "DOKU's reading.",
    example: 'TOKO DEMO JKT',
  })
  doku: string | number | null;
}

@ApiSchema({ name: 'DokuDecoded', description: "DOKU's qr-mpm-decode answer." })
export class DokuDecodedDto {
  @ApiProperty({ enum: ['DECODED'], example: 'DECODED' })
  status: 'DECODED';

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "DOKU's reference for a following payment.",
    example: EXAMPLE_REFERENCE_NO,
  })
  referenceNo: string | null;

  @ApiProperty({ example: 'Toko Demo' })
  merchantName: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Minor units; null on a static QR.',
    example: 1500000,
  })
  amount: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "DOKU's fee in minor units.",
    example: 0,
  })
  feeAmount: number | null;

  @ApiProperty({
    type: 'string',
    enum: ['static', 'dynamic'],
    nullable: true,
    example: 'dynamic',
  })
  initiation: 'static' | 'dynamic' | null;

  @ApiProperty({ type: 'string', nullable: true, description: "DOKU's fee type.", example: null })
  feeType: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: null })
  feeTypeDescription: string | null;

  @ApiProperty({
    type: () => DokuDisagreementDto,
    isArray: true,
    description: 'Fields DOKU reads differently; empty when DOKU agrees.',
  })
  disagreements: DokuDisagreementDto[];
}

@ApiSchema({
  name: 'DokuRefused',
  description: 'DOKU answered and refused the payload (it refuses QRs that bend the rules).',
})
export class DokuRefusedDto {
  @ApiProperty({ enum: ['REFUSED'], example: 'REFUSED' })
  status: 'REFUSED';

  @ApiProperty({ type: 'string', nullable: true, example: '4004801' })
  responseCode: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'Invalid Field Format qrContent' })
  message: string | null;
}

@ApiSchema({
  name: 'DokuUnavailable',
  description: 'No usable answer from DOKU in time: our decode stands alone.',
})
export class DokuUnavailableDto {
  @ApiProperty({ enum: ['UNAVAILABLE'], example: 'UNAVAILABLE' })
  status: 'UNAVAILABLE';

  @ApiProperty({ description: 'What happened (kind:reason).', example: 'unknown:timeout' })
  outcome: string;
}

const DOKU_DECODE_MODELS = [DokuDecodedDto, DokuRefusedDto, DokuUnavailableDto];

/** Schemas reached only through `oneOf`: register them with `@ApiExtraModels(...)`. */
export const QRIS_DECODE_UNION_MODELS = [...TIP_MODELS, ...DOKU_DECODE_MODELS];

@ApiSchema({
  name: 'QrisDecode',
  description: "A QRIS decoded: our strict reading, its warnings, and DOKU's qr-mpm-decode.",
})
export class QrisDecodeResponseDto {
  @ApiProperty({
    description: 'The payload decoded (whitespace around it removed; offsets refer to it).',
    example: EXAMPLE_QR_CONTENT,
  })
  qrContent: string;

  @ApiProperty({ type: () => QrisFieldsDto })
  fields: QrisFieldsDto;

  @ApiProperty({
    type: () => QrisProblemDto,
    isArray: true,
    description:
      'Soft rule breaks: the QR is readable and its CRC sound, but it bends EMVCo’s rules.',
  })
  warnings: QrisProblemDto[];

  @ApiProperty({
    oneOf: DOKU_DECODE_MODELS.map((m) => ({ $ref: getSchemaPath(m) })),
    discriminator: { propertyName: 'status' },
    description: "DOKU's qr-mpm-decode answer, or why there is none.",
  })
  doku: DokuDecodedDto | DokuRefusedDto | DokuUnavailableDto;
}

type _Fields = Assert<SameShape<QrisFieldsView, QrisFieldsDto>>;
type _Problem = Assert<SameShape<DecodeProblem, QrisProblemDto>>;
type _Disagreement = Assert<SameShape<Disagreement, DokuDisagreementDto>>;
type _Doku = Assert<
  SameShape<DokuDecodeView, DokuDecodedDto | DokuRefusedDto | DokuUnavailableDto>
>;
type _Decode = Assert<SameShape<QrisDecodeView, QrisDecodeResponseDto>>;
