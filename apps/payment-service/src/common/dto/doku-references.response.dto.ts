import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** The references of one DOKU transaction: ours (`partnerReferenceNo`) and DOKU's. */
@ApiSchema({
  name: 'DokuReferences',
  description: 'How DOKU knows the transaction: quote these when asking DOKU about it.',
})
export class DokuReferencesResponseDto {
  @ApiProperty({
    description: 'Our reference at DOKU (32 hex characters), unique per transaction.',
    example: '3f2a9c1e7b5d4a8f9e0c1b2a3d4e5f60',
  })
  partnerReferenceNo: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "DOKU's own reference, once DOKU answered.",
    example: '9c41d7e2a0b84f6d8e3a5c7b1f902d64',
  })
  referenceNo: string | null;
}
