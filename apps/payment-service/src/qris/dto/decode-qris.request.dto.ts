import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class DecodeQrisRequestDto {
  @ApiProperty({
    description:
      'The QRIS payload as scanned (the text inside the QR code). Surrounding whitespace is ignored.',
    example:
      '00020101021226530012COM.DOKU.WWW0118936008990000002997020429970303UMI51440014ID.CO.QRIS.WWW0215ID20200622029970303UMI52045411530336054071200.255502025606500.525802ID5911Green Pages6007Jakarta61051312062430703K455032a98757c8dbc6434ab5dd4c55d9092d9a6304F6EA',
  })
  @IsString({ message: 'qrContent must be the QRIS payload as a string' })
  @MaxLength(4096, { message: 'qrContent is far longer than any QRIS (at most 512 characters)' })
  qrContent!: string;
}
