import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class CreateCustomerTokenRequestDto {
  @ApiPropertyOptional({
    description: "The one-time authorization code from DOKU's account binding.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  authCode?: string;

  @ApiPropertyOptional({ description: 'A refresh token from an earlier answer (single use).' })
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  refreshToken?: string;
}
