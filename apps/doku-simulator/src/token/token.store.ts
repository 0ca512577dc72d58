import { Injectable } from '@nestjs/common';
import { IdFactory } from '../core/id-factory.js';
import { SimulatorClock } from '../core/simulator-clock.js';

export interface B2bToken {
  clientId: string;
  expiresAtMs: number;
}

export interface CustomerToken {
  clientId: string;
  /** The customer's account binding the authCode stood for (the simulator keeps it opaque). */
  customerId: string;
  expiresAtMs: number;
}

interface RefreshToken {
  clientId: string;
  customerId: string;
  expiresAtMs: number;
}

/** What `TokenStore` saves in a state file. */
export interface TokenState {
  b2b: [string, B2bToken][];
  customer: [string, CustomerToken][];
  refresh: [string, RefreshToken][];
  usedAuthCodes: string[];
  issuedB2b: number;
  issuedCustomer: number;
}

/** Issued access tokens: B2B (merchant) and B2B2C (customer) with refresh tokens; in memory. */
@Injectable()
export class TokenStore {
  private readonly b2b = new Map<string, B2bToken>();
  private readonly customer = new Map<string, CustomerToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  private readonly usedAuthCodes = new Set<string>();
  /** How many B2B tokens were issued (tests check single-flight refresh with it). */
  issuedB2b = 0;
  issuedCustomer = 0;

  constructor(
    private readonly ids: IdFactory,
    private readonly clock: SimulatorClock,
  ) {}

  issueB2b(clientId: string, ttlSeconds: number): string {
    this.pruneExpired();
    const token = this.ids.token();
    this.b2b.set(token, { clientId, expiresAtMs: this.clock.nowMs() + ttlSeconds * 1000 });
    this.issuedB2b++;
    return token;
  }

  /** The live B2B token, or undefined when unknown, revoked or expired. */
  findB2b(token: string): B2bToken | undefined {
    const t = this.b2b.get(token);
    return t && t.expiresAtMs > this.clock.nowMs() ? t : undefined;
  }

  /** An authCode is good once (as an OAuth authorization code). */
  consumeAuthCode(clientId: string, authCode: string): boolean {
    const key = `${clientId}|${authCode}`;
    if (this.usedAuthCodes.has(key)) return false;
    this.usedAuthCodes.add(key);
    return true;
  }

  issueCustomer(
    clientId: string,
    customerId: string,
    ttlSeconds: number,
  ): {
    accessToken: string;
    refreshToken: string;
    accessExpiresAtMs: number;
    refreshExpiresAtMs: number;
  } {
    const now = this.clock.nowMs();
    const accessToken = this.ids.token();
    const refreshToken = this.ids.token();
    const accessExpiresAtMs = now + ttlSeconds * 1000;
    const refreshExpiresAtMs = now + 30 * 24 * 3600 * 1000;
    this.customer.set(accessToken, { clientId, customerId, expiresAtMs: accessExpiresAtMs });
    this.refresh.set(refreshToken, { clientId, customerId, expiresAtMs: refreshExpiresAtMs });
    this.issuedCustomer++;
    return { accessToken, refreshToken, accessExpiresAtMs, refreshExpiresAtMs };
  }

  findCustomer(token: string): CustomerToken | undefined {
    const t = this.customer.get(token);
    return t && t.expiresAtMs > this.clock.nowMs() ? t : undefined;
  }

  /** A refresh token is single use: the grant hands out a new pair. */
  consumeRefreshToken(clientId: string, refreshToken: string): { customerId: string } | undefined {
    const t = this.refresh.get(refreshToken);
    if (!t || t.clientId !== clientId || t.expiresAtMs <= this.clock.nowMs()) return undefined;
    this.refresh.delete(refreshToken);
    return { customerId: t.customerId };
  }

  /** Every access token stops working now (tests: "the token expired mid-run"). */
  expireAll(): void {
    this.b2b.clear();
    this.customer.clear();
  }

  reset(): void {
    this.expireAll();
    this.refresh.clear();
    this.usedAuthCodes.clear();
    this.issuedB2b = 0;
    this.issuedCustomer = 0;
  }

  /** The live tokens and counters, for a state file (expired tokens are left out). */
  exportState(): TokenState {
    const now = this.clock.nowMs();
    const live = <T extends { expiresAtMs: number }>(m: Map<string, T>) =>
      [...m].filter(([, t]) => t.expiresAtMs > now);
    return {
      b2b: live(this.b2b),
      customer: live(this.customer),
      refresh: live(this.refresh),
      usedAuthCodes: [...this.usedAuthCodes],
      issuedB2b: this.issuedB2b,
      issuedCustomer: this.issuedCustomer,
    };
  }

  importState(state: TokenState): void {
    this.reset();
    for (const [k, t] of state.b2b) this.b2b.set(k, t);
    for (const [k, t] of state.customer) this.customer.set(k, t);
    for (const [k, t] of state.refresh) this.refresh.set(k, t);
    for (const c of state.usedAuthCodes) this.usedAuthCodes.add(c);
    this.issuedB2b = state.issuedB2b;
    this.issuedCustomer = state.issuedCustomer;
  }

  private pruneExpired(): void {
    if (this.b2b.size < 10_000) return;
    const now = this.clock.nowMs();
    for (const [k, t] of this.b2b) if (t.expiresAtMs <= now) this.b2b.delete(k);
  }
}
