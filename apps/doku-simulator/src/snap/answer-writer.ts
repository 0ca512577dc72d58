import type { FastifyReply, FastifyRequest } from 'fastify';
import { Injectable } from '@nestjs/common';

/**
 * Writes SNAP answers, and the broken ones fault injection asks for: a body that is not
 * JSON, or no answer at all (the socket is kept open until hang-up or close).
 */
@Injectable()
export class AnswerWriter {
  private readonly hanging = new Set<{ req: FastifyRequest; release: () => void }>();

  send(res: FastifyReply, status: number, body: string, headers?: Record<string, string>): void {
    if (headers) void res.headers(headers);
    void res.code(status).header('content-type', 'application/json').send(body);
  }

  /** 200 with a truncated JSON body: the client cannot know what happened. */
  malformed(res: FastifyReply, intended?: string): void {
    const text =
      intended ??
      '{"responseCode":"2000000","responseMessage":"Request has been processed successfully","referenceNo":"';
    void res
      .code(200)
      .header('content-type', 'application/json')
      .send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
  }

  /** Accepts the request and never answers; hangs up after `hangUpAfterMs` when given. */
  hang(req: FastifyRequest, hangUpAfterMs?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const entry = {
        req,
        release: () => {
          if (timer) clearTimeout(timer);
          this.hanging.delete(entry);
          req.raw.socket?.destroy();
          resolve();
        },
      };
      this.hanging.add(entry);
      req.raw.socket?.once('close', () => {
        if (this.hanging.has(entry)) entry.release();
      });
      if (hangUpAfterMs !== undefined) timer = setTimeout(entry.release, hangUpAfterMs);
    });
  }

  /** Hangs up every request kept open (on close). */
  releaseAll(): void {
    for (const entry of [...this.hanging]) entry.release();
  }

  get hangingCount(): number {
    return this.hanging.size;
  }
}
