import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import type { Principal } from '../auth.decorators.js';

@ApiSchema({ name: 'WhoAmI', description: 'The key this request used: its id, never the key.' })
export class WhoAmIResponseDto {
  @ApiProperty({
    enum: ['service', 'admin'],
    description: 'service: a shop backend key; admin: an admin key.',
    example: 'service',
  })
  audience: 'service' | 'admin';

  @ApiProperty({
    description: 'The key id (the `id:` part of SERVICE_API_KEYS / ADMIN_API_KEYS).',
    example: 'shop-a',
  })
  keyId: string;
}

type _Principal = Assert<SameShape<Principal, WhoAmIResponseDto>>;
