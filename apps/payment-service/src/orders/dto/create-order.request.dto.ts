import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { documentValidator } from '../../common/openapi/validation-rules.js';

export const METADATA_MAX_BYTES = 4096;
export const METADATA_MAX_KEYS = 50;
export const METADATA_MAX_KEY_LENGTH = 64;

/** A flat JSON object of strings, numbers, booleans or nulls, at most 4 KiB and 50 keys. */
function IsSmallMetadata(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isSmallMetadata',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          if (entries.length > METADATA_MAX_KEYS) return false;
          if (
            !entries.every(
              ([k, v]) =>
                k.length <= METADATA_MAX_KEY_LENGTH &&
                (v === null || ['string', 'number', 'boolean'].includes(typeof v)),
            )
          )
            return false;
          return Buffer.byteLength(JSON.stringify(value)) <= METADATA_MAX_BYTES;
        },
        defaultMessage: () =>
          `metadata must be a flat JSON object of at most ${METADATA_MAX_KEYS} keys (each at most ${METADATA_MAX_KEY_LENGTH} characters) whose values are strings, numbers, booleans or null, at most ${METADATA_MAX_BYTES} bytes as JSON`,
      },
    });
}

// What IsSmallMetadata checks, for the document (the 4 KiB bound is in the description).
documentValidator('isSmallMetadata', {
  type: 'object',
  maxProperties: METADATA_MAX_KEYS,
  propertyNames: { maxLength: METADATA_MAX_KEY_LENGTH },
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
});

export class CreateOrderRequestDto {
  @ApiProperty({
    description: "The shop's own order reference (not unique here: the Idempotency-Key is).",
    example: 'INV-2026-000123',
  })
  @IsString()
  @Length(1, 64)
  @Matches(/^[\x20-\x7e]+$/, { message: 'merchantReference must be printable ASCII' })
  merchantReference: string;

  @ApiProperty({
    description: 'Amount in minor units (IDR sen): Rp 10,000 is 1000000.',
    example: 1000000,
  })
  @IsInt({
    message: 'amount must be an integer number of minor units (sen), e.g. 1000000 for Rp 10,000',
  })
  @IsPositive({ message: 'amount must be greater than zero' })
  amount: number;

  @ApiProperty({ example: 'IDR' })
  @IsIn(['IDR'], { message: 'currency must be IDR (QRIS settles in rupiah)' })
  currency: 'IDR';

  @ApiPropertyOptional({
    description: 'How long the QR stays payable (default from ORDER_DEFAULT_EXPIRY_SECONDS).',
    example: 900,
  })
  @IsOptional()
  @IsInt()
  @Min(60, { message: 'expiresInSeconds must be at least 60' })
  expiresInSeconds?: number;

  @ApiPropertyOptional({
    description: 'Terminal id shown in the QR (3-16 letters or digits).',
    example: 'K45',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{3,16}$/, { message: 'terminalId must be 3 to 16 letters or digits' })
  terminalId?: string;

  @ApiPropertyOptional({ example: 'Order #123 at Toko Demo' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string;

  @ApiPropertyOptional({
    description: `Your own small flat JSON object, returned as is: at most ${METADATA_MAX_KEYS} keys of at most ${METADATA_MAX_KEY_LENGTH} characters, values strings, numbers, booleans or null, at most ${METADATA_MAX_BYTES} bytes as JSON.`,
    example: { cartId: 'c_42' },
  })
  @IsOptional()
  @IsSmallMetadata()
  metadata?: Record<string, string | number | boolean | null>;
}
