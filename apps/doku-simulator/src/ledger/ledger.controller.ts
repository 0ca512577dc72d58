import { Controller, Delete, Get, HttpCode, NotFoundException, Param } from '@nestjs/common';
import { LedgerService } from './ledger.service.js';

@Controller('simulator/v1/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get()
  all() {
    return this.ledger.ledger();
  }

  @Get(':referenceNo')
  one(@Param('referenceNo') referenceNo: string) {
    const tx = this.ledger.transaction(referenceNo);
    if (!tx)
      throw new NotFoundException({
        code: 'QR.NOT_FOUND',
        message: `no QR with referenceNo ${referenceNo}`,
      });
    return tx;
  }

  @Delete()
  @HttpCode(204)
  reset(): void {
    this.ledger.reset();
  }
}
