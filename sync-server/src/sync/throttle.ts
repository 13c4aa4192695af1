import type { WebSocket } from 'ws';
import { rejectedCounter } from '../metrics';

/** Messages per second a connection may send on average, and how many it may send in a burst. */
export interface ThrottleLimits {
  perSecond: number;
  burst: number;
}

/**
 * Far above what the pane sends (an edit or a presence change per keystroke or selection: tens per
 * second), far below what one socket can push (a flood of tiny updates once kept the event loop busy
 * for seconds).
 */
export const DEFAULT_THROTTLE: ThrottleLimits = { perSecond: 200, burst: 400 };

/** Messages held back per connection before it is closed (ws stops reading, so few ever wait). */
const MAX_QUEUED = 10_000;

/**
 * A token bucket per connection. Past the rate it does not drop anything (a dropped update would be a
 * silent loss): it stops reading the socket (`ws.pause()`, https://github.com/websockets/ws/blob/master/doc/ws.md#websocketpause)
 * so TCP back-pressure slows the sender down, and the messages ws had already read (a single TCP read
 * can hold a thousand tiny frames) wait in order and are delivered at the allowed rate. The other
 * connections keep their share of the event loop.
 */
export class MessageThrottle {
  private tokens: number;
  private last = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private readonly queue: Array<() => void> = [];
  private disposed = false;

  constructor(
    private readonly ws: Pick<WebSocket, 'pause' | 'resume' | 'terminate'>,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {
    this.tokens = limits.burst;
  }

  /** Runs `deliver` for one received message now, or later in order when the connection is over its rate. */
  admit(deliver: () => void): void {
    if (this.disposed) return;
    if (this.queue.length === 0 && this.take()) return deliver();
    if (this.queue.length >= MAX_QUEUED) {
      this.ws.terminate();
      return;
    }
    this.queue.push(deliver);
    this.hold();
  }

  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.limits.burst, this.tokens + ((now - this.last) / 1000) * this.limits.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private hold(): void {
    if (this.timer) return;
    rejectedCounter.inc({ reason: 'throttled' });
    this.ws.pause();
    const wait = Math.max(1, Math.ceil(((1 - this.tokens) / this.limits.perSecond) * 1000));
    this.timer = setTimeout(() => {
      this.timer = null;
      while (this.queue.length > 0 && !this.disposed && this.take()) this.queue.shift()!();
      if (this.disposed) return;
      if (this.queue.length > 0) this.hold();
      else this.ws.resume();
    }, wait);
    this.timer.unref();
  }
}
