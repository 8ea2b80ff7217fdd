import type { UpdateQueue } from "./update-queue.js";
import type { TgWebhookInfo } from "./telegram-wire-types.js";

export interface WebhookSettings {
  url: string;
  secretToken?: string;
  maxConnections?: number;
}

export interface WebhookDeliveryOptions {
  now: () => number;
  /** Pause after a failed delivery before trying the same update again. Default 1000 ms. */
  retryDelayMs?: number;
  /** How long to wait for the bot's server to answer one update. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Runs a method the bot put in its webhook response body (telegraf's `webhookReply`). */
  onReplyMethod?: (method: string, params: Record<string, unknown>) => Promise<void>;
}

/**
 * Delivers queued updates to the bot's webhook one at a time, in order, by POST with the
 * `X-Telegram-Bot-Api-Secret-Token` header; a failed delivery is retried and shows in getWebhookInfo.
 */
export class WebhookDelivery {
  private settings: WebhookSettings | undefined;
  private lastErrorDate: number | undefined;
  private lastErrorMessage: string | undefined;
  private running = false;
  private generation = 0;
  private abort: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly options: WebhookDeliveryOptions,
  ) {
    queue.onPush(() => this.kick());
  }

  get active(): boolean {
    return this.settings !== undefined;
  }

  set(settings: WebhookSettings): void {
    this.stopCurrent();
    this.settings = settings;
    this.lastErrorDate = undefined;
    this.lastErrorMessage = undefined;
    this.kick();
  }

  clear(): void {
    this.stopCurrent();
    this.settings = undefined;
  }

  close(): void {
    this.clear();
  }

  info(): TgWebhookInfo {
    const info: TgWebhookInfo = {
      url: this.settings?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.queue.pendingCount,
    };
    if (this.settings) {
      info.max_connections = this.settings.maxConnections ?? 40;
      const allowed = this.queue.allowedUpdates();
      if (allowed) info.allowed_updates = allowed;
      if (this.lastErrorDate !== undefined) info.last_error_date = this.lastErrorDate;
      if (this.lastErrorMessage !== undefined) info.last_error_message = this.lastErrorMessage;
    }
    return info;
  }

  private stopCurrent(): void {
    this.generation += 1;
    this.abort?.abort();
    this.abort = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.running = false;
  }

  private kick(): void {
    if (!this.settings || this.running) return;
    this.running = true;
    void this.drain(this.generation);
  }

  private async drain(generation: number): Promise<void> {
    while (generation === this.generation && this.settings) {
      const update = this.queue.first();
      if (!update) break;
      const delivered = await this.deliver(this.settings, update, generation);
      if (generation !== this.generation) return;
      if (delivered) {
        this.queue.remove(update.update_id);
        continue;
      }
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (generation !== this.generation) return;
        this.running = false;
        this.kick();
      }, this.options.retryDelayMs ?? 1000);
      return;
    }
    if (generation === this.generation) this.running = false;
  }

  private async deliver(settings: WebhookSettings, update: unknown, generation: number): Promise<boolean> {
    const abort = new AbortController();
    this.abort = abort;
    const timer = setTimeout(() => abort.abort(), this.options.requestTimeoutMs ?? 10_000);
    try {
      const response = await fetch(settings.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(settings.secretToken ? { "x-telegram-bot-api-secret-token": settings.secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: abort.signal,
      });
      const body = await response.text();
      if (!response.ok) {
        this.recordError(`Wrong response from the webhook: ${response.status} ${response.statusText}`);
        return false;
      }
      if (generation === this.generation)
        await this.runReplyMethod(response.headers.get("content-type"), body);
      return true;
    } catch (error) {
      if (generation === this.generation) {
        this.recordError(`Connection failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private async runReplyMethod(contentType: string | null, body: string): Promise<void> {
    if (!this.options.onReplyMethod || !contentType?.includes("application/json") || body.trim() === "")
      return;
    try {
      const parsed = JSON.parse(body) as unknown;
      if (
        typeof parsed === "object" &&
        parsed !== null &&
        typeof (parsed as { method?: unknown }).method === "string"
      ) {
        const { method, ...params } = parsed as { method: string } & Record<string, unknown>;
        await this.options.onReplyMethod(method, params);
      }
    } catch {
      // Telegram ignores a webhook response it cannot use.
    }
  }

  private recordError(message: string): void {
    this.lastErrorDate = Math.floor(this.options.now() / 1000);
    this.lastErrorMessage = message;
  }
}
