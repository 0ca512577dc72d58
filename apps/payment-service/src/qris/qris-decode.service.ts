import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DecodedQr, DokuSnapClient, SnapOutcome } from '#doku-snap';
import { DomainError } from '../common/domain-error.js';
import { newPartnerReferenceNo } from '../common/ids.js';
import { APP_CONFIG, type ServiceConfig } from '../config/app-config.js';
import { DOKU_CLIENT } from '../gateway/doku-gateway.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { decodeQrisPayload, type DecodeProblem } from './domain/decode-verdict.js';
import { dokuDecodeView, type DokuDecodeView } from './domain/doku-decode.js';
import { presentQrisFields, type QrisFieldsView } from './domain/qris-fields.js';

export interface QrisDecodeView {
  /** The payload decoded (surrounding whitespace removed); offsets refer to it. */
  qrContent: string;
  fields: QrisFieldsView;
  /** Soft rule breaks: the QR is readable and its CRC sound, but it bends EMVCo's rules. */
  warnings: DecodeProblem[];
  /** DOKU's qr-mpm-decode answer, or why there is none. */
  doku: DokuDecodeView;
}

/** DOKU's decode is informative: a short wait, no retry; our own decode stands without it. */
const DOKU_DECODE_TIMEOUT_MS = 5_000;

@Injectable()
export class QrisDecodeService {
  private readonly logger = new Logger(QrisDecodeService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
    @Inject(DOKU_CLIENT) private readonly doku: DokuSnapClient,
    private readonly metrics: MetricsService,
  ) {}

  /** Our strict decode (422 with every problem when unreadable), merged with DOKU's. */
  async decode(qrContent: string): Promise<QrisDecodeView> {
    const verdict = decodeQrisPayload(qrContent);
    if (!verdict.ok) {
      const errors = verdict.problems.filter((p) => p.severity === 'error');
      throw new DomainError(
        'unprocessable',
        'QR_INVALID',
        `This is not a readable QRIS: ${errors
          .slice(0, 3)
          .map((p) => `${p.message} (${p.code} at offset ${p.offset})`)
          .join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}.`,
        { problems: verdict.problems },
      );
    }
    return {
      qrContent: verdict.payload,
      fields: presentQrisFields(verdict.qris),
      warnings: verdict.warnings,
      doku: dokuDecodeView(verdict.qris, await this.askDoku(verdict.payload)),
    };
  }

  private async askDoku(qrContent: string): Promise<SnapOutcome<DecodedQr>> {
    try {
      const outcome = await this.doku.decodeQr(
        { partnerReferenceNo: newPartnerReferenceNo(), qrContent, scanTime: new Date() },
        {
          timeoutMs: Math.min(this.config.doku.timeoutMs, DOKU_DECODE_TIMEOUT_MS),
          retry: { maxAttempts: 1 },
        },
      );
      this.metrics.dokuCalls.inc({ operation: 'decode', outcome: outcome.kind });
      return outcome;
    } catch (err) {
      // The client throws only on a programmer error; the decode must still answer.
      this.logger.error({ err }, 'DOKU decode call threw');
      return {
        kind: 'unknown',
        reason: 'transport_error',
        detail: null,
        operation: 'decode',
        externalId: null,
        attempts: 0,
        httpStatus: null,
        responseCode: null,
        responseMessage: null,
        replayed: false,
      };
    }
  }
}
