import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** Why something failed at DOKU: an order, a refund or a QRIS payment (`failure`). */
@ApiSchema({
  name: 'Failure',
  description:
    "Why it failed: DOKU's response code as `DOKU_<responseCode>`, or our own code (e.g. GATEWAY_OUTCOME_UNKNOWN).",
})
export class FailureResponseDto {
  @ApiProperty({
    description:
      "`DOKU_` + DOKU's SNAP response code when DOKU said no; GATEWAY_* when the failure is on the way to DOKU.",
    example: 'DOKU_4034701',
  })
  code: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "DOKU's response message, when it sent one.",
    example: 'Feature Not Allowed',
  })
  message: string | null;
}
