import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsPositive, IsString, Length, MaxLength } from 'class-validator';

export class CreateQrisPaymentRequestDto {
  @ApiProperty({ description: 'The QRIS payload the customer scanned.' })
  @IsString({ message: 'qrContent must be the QRIS payload as a string' })
  @Length(1, 512, { message: 'qrContent must be 1 to 512 characters (a QRIS payload)' })
  qrContent!: string;

  @ApiPropertyOptional({
    description:
      'Minor units (IDR sen). Required for a static QR; for a dynamic QR leave it out or send the QR’s own amount.',
    example: 1500000,
  })
  @IsOptional()
  @IsInt({ message: 'amount must be a whole number of minor units (sen)' })
  @IsPositive({ message: 'amount must be greater than zero' })
  amount?: number;

  @ApiPropertyOptional({
    description:
      "The customer's B2B2C access token (from POST /v1/qris/customer-tokens). Send this or authCode.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  customerAccessToken?: string;

  @ApiPropertyOptional({
    description:
      "The customer's one-time authorization code from DOKU's account binding; exchanged here for a token. Send this or customerAccessToken.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  authCode?: string;
}
