import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsPositive, IsString, MaxLength } from 'class-validator';

export const REFUND_REASON_MAX = 256;

export class CreateRefundRequestDto {
  @ApiProperty({
    description:
      'Amount to refund in minor units (IDR sen): Rp 10,000 is 1000000. At most what is still refundable.',
    example: 500000,
  })
  @IsInt({
    message: 'amount must be a whole number of minor units (sen), e.g. 500000 for Rp 5,000',
  })
  @IsPositive({ message: 'amount must be greater than zero' })
  amount!: number;

  @ApiProperty({
    description: 'Why the money goes back (recorded with your key id, sent to DOKU).',
    example: 'Customer returned one item',
  })
  @IsString({ message: 'reason is required: say why the money goes back' })
  @IsNotEmpty({ message: 'reason is required: say why the money goes back' })
  @MaxLength(REFUND_REASON_MAX, {
    message: `reason must be at most ${REFUND_REASON_MAX} characters`,
  })
  reason!: string;
}
