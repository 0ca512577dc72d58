import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ResendWebhookRequestDto {
  @ApiProperty({
    description: 'Why the webhook is sent again (recorded with your key id in the order events).',
    example: 'Shop restored its endpoint after the outage of 2025-11-20',
  })
  @IsString()
  @Length(1, 256)
  reason!: string;
}
