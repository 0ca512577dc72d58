import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import type { SNAP_ACK, snapError } from '../snap-response.js';

@ApiSchema({
  name: 'SnapResponse',
  description:
    'The SNAP-style answer DOKU expects: responseCode is HTTP status (3) + service code 52 + case (2).',
})
export class SnapResponseDto {
  @ApiProperty({
    description: '2005200 acknowledges; anything else makes DOKU retry or report the failure.',
    example: '2005200',
  })
  responseCode: string;

  @ApiProperty({ example: 'Successful' })
  responseMessage: string;
}

type _Ack = Assert<SameShape<typeof SNAP_ACK, SnapResponseDto>>;
type _Error = Assert<SameShape<ReturnType<typeof snapError>['body'], SnapResponseDto>>;
