import { Injectable } from '@nestjs/common';

/** The last decoded QR per (client, partnerReferenceNo), for a payment that names only its reference. */
@Injectable()
export class DecodeSessions {
  private readonly sessions = new Map<string, string>();

  remember(clientId: string, partnerReferenceNo: string, qrContent: string): void {
    if (this.sessions.size >= 100_000)
      this.sessions.delete(this.sessions.keys().next().value as string);
    this.sessions.set(`${clientId}|${partnerReferenceNo}`, qrContent);
  }

  find(clientId: string, partnerReferenceNo: string): string | undefined {
    return this.sessions.get(`${clientId}|${partnerReferenceNo}`);
  }

  reset(): void {
    this.sessions.clear();
  }

  exportState(): [string, string][] {
    return [...this.sessions];
  }

  importState(entries: [string, string][]): void {
    this.sessions.clear();
    for (const [k, v] of entries) this.sessions.set(k, v);
  }
}
