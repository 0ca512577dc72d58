import { Inject, Injectable } from '@nestjs/common';
import { toSnapAmount } from '#doku-snap';
import { SIMULATOR_OPTIONS, type ResolvedOptions } from '../config/simulator-options.js';

export interface WireAmount {
  value: string | number;
  currency: string;
}

/**
 * Amounts as DOKU sends them. Its samples show numbers (`"value": 1200`) in the query,
 * refund, decode and payment answers; SNAP says `"1200.00"`. `amountStyle: 'string'`
 * switches the simulator to SNAP's strings everywhere.
 */
@Injectable()
export class WireAmounts {
  private readonly asNumbers: boolean;

  constructor(@Inject(SIMULATOR_OPTIONS) options: ResolvedOptions) {
    this.asNumbers = options.amountStyle === 'sample';
  }

  /** Where DOKU's sample answers show a number. */
  sample(minor: number): WireAmount {
    return this.asNumbers ? { value: minor / 100, currency: 'IDR' } : toSnapAmount(minor);
  }

  /** SNAP's two-decimal string, always. */
  standard(minor: number): WireAmount {
    return toSnapAmount(minor);
  }
}
