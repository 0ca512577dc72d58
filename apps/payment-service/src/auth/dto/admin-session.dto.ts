import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import type { AdminSessionView } from '../admin-session.controller.js';

export class SignInRequestDto {
  @ApiProperty({
    description: 'An admin API key (ADMIN_API_KEYS). Exchanged for a session cookie; never stored.',
    example: 'ak_live_0123456789abcdefghijklmnop',
    maxLength: 512,
  })
  @IsString({ message: 'key is required: paste your admin API key' })
  @IsNotEmpty({ message: 'key is required: paste your admin API key' })
  @MaxLength(512, { message: 'key must be at most 512 characters' })
  key!: string;
}

@ApiSchema({
  name: 'AdminSession',
  description:
    'Who is signed in to the admin console, with what role, and the CSRF token its state-changing calls must send as X-CSRF-Token.',
})
export class AdminSessionResponseDto {
  @ApiProperty({ description: 'The admin key id (never the key).', example: 'alice' })
  keyId: string;

  @ApiProperty({
    enum: ['viewer', 'operator'],
    description:
      'viewer: reads only; operator: also refunds, cancels, resends webhooks, reconciles and approves refunds (ADMIN_KEY_ROLES).',
    example: 'operator',
  })
  role: 'viewer' | 'operator';

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Send it as X-CSRF-Token on every POST/DELETE made with the session cookie. null when the request used a bearer key (no cookie, no CSRF).',
    example: 'Zq3v0yQ8m1l8Yk2cH0dP4n6s9wT1uXbE',
  })
  csrfToken: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the session ends (sign in again then); null for a bearer key.',
    example: '2026-11-01T16:00:00.000Z',
  })
  expiresAt: string | null;

  @ApiProperty({
    description:
      "Refunds above this amount (minor units) need a second operator's approval; 0 = never (REFUND_APPROVAL_THRESHOLD).",
    example: 5000000,
  })
  refundApprovalThreshold: number;
}

type _Session = Assert<SameShape<AdminSessionView, AdminSessionResponseDto>>;
