import type { IncomingMessage, ServerResponse } from 'node:http';
import { rejectedCounter } from '../metrics';
import { clientAddress } from './public-url';
import { SECURITY_HEADERS } from './respond';

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * Defaults far above one office's real use and far below a flood. A whole administration may reach the
 * server from one public address (NAT), each pane opening a connection per room it shows: the bucket
 * must let a morning's worth of panes in at once. The benchmark's 200 clients from one address fit.
 */
export const DEFAULT_UPGRADE_LIMIT: RateLimit = { perSecond: 50, burst: 500 };
export const DEFAULT_REQUEST_LIMIT: RateLimit = { perSecond: 200, burst: 1000 };

/** Buckets kept at most; full buckets (idle addresses) are dropped first. */
const MAX_ADDRESSES = 50_000;

interface Bucket {
  tokens: number;
  last: number;
}

/**
 * Per-address rate limit (as Hocuspocus's throttle extension does for connection attempts, here for
 * upgrades and HTTP requests alike). Memory is bounded: an address whose bucket has refilled holds
 * nothing worth keeping and is forgotten when the table grows.
 */
export class AddressLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `address`: 0 when allowed, else the seconds to wait before retrying. */
  take(address: string): number {
    const now = this.now();
    let b = this.buckets.get(address);
    if (!b) {
      if (this.buckets.size >= MAX_ADDRESSES) this.prune(now);
      b = { tokens: this.limit.burst, last: now };
      this.buckets.set(address, b);
    }
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.last) / 1000) * this.limit.perSecond);
    b.last = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.last) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(k);
    }
    // Still full (a spread flood): drop the oldest half rather than grow without bound.
    if (this.buckets.size >= MAX_ADDRESSES) {
      let n = Math.floor(this.buckets.size / 2);
      for (const k of this.buckets.keys()) {
        if (n-- <= 0) break;
        this.buckets.delete(k);
      }
    }
  }
}

/** Paths never limited: health checks are cheap and a monitor must always get its answer. */
const EXEMPT = new Set(['/healthz', '/readyz']);

/** Message of a refused request or upgrade. */
export function tooManyMessage(retryAfter: number): string {
  return `Troppe richieste da questo indirizzo: riprovare tra ${retryAfter} s`;
}

/** Answers 429 (with Retry-After) and returns false when `req`'s address is over its limit. */
export function admitRequest(limiter: AddressLimiter, req: IncomingMessage, res: ServerResponse, trustProxy: boolean): boolean {
  const pathname = (req.url ?? '/').split('?')[0]!;
  if (EXEMPT.has(pathname)) return true;
  const wait = limiter.take(clientAddress(req, trustProxy));
  if (wait === 0) return true;
  rejectedCounter.inc({ reason: 'rate_limited' });
  const body = JSON.stringify({ error: tooManyMessage(wait) });
  res.writeHead(429, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'retry-after': String(wait),
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
  return false;
}
