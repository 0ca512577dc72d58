import { Module } from '@nestjs/common';
import { FinanceController } from './finance.controller.js';
import { FinanceRepository } from './finance.repository.js';

/** Finance's read side: a day's figures and CSV exports over orders and refunds. */
@Module({
  controllers: [FinanceController],
  providers: [FinanceRepository],
})
export class FinanceModule {}
