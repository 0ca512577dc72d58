import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AdminCancelOrderRequestDto {
  @ApiProperty({
    description: 'Why the order is cancelled (recorded with your key id, sent to DOKU).',
    example: 'Customer asked to cancel at the till',
  })
  @IsString({ message: 'reason is required: say why the order is cancelled' })
  @IsNotEmpty({ message: 'reason is required: say why the order is cancelled' })
  @MaxLength(256, { message: 'reason must be at most 256 characters' })
  reason!: string;
}
