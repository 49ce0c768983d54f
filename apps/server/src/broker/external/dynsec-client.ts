import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';

/** Mosquitto's dynamic-security control topic (mosquitto 2.0 plugins/dynamic-security). */
export const CONTROL_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${CONTROL_TOPIC}/response`;
/** commands per control message: a 20,000-device fleet is 40 round trips */
const BATCH = 500;
const TIMEOUT_MS = 10_000;

export interface DynsecCommand {
  command: string;
  [key: string]: unknown;
}
export interface DynsecResponse {
  command: string;
  error?: string;
  data?: Record<string, unknown>;
  correlationData?: string;
}

/**
 * Sends dynamic-security commands over an MQTT connection whose account is an admin of the plugin, and matches each
 * response to its command by `correlationData`.
 */
export class DynsecClient {
  private readonly waiting = new Map<string, (r: DynsecResponse) => void>();
  private listening?: MqttClient;

  constructor(private readonly client: MqttClient) {}

  /** Runs the commands in batches; resolves with one response per command, in order (errors included). */
  async run(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    await this.listen();
    const out: DynsecResponse[] = [];
    for (let i = 0; i < commands.length; i += BATCH) out.push(...(await this.batch(commands.slice(i, i + BATCH))));
    return out;
  }

  private async listen(): Promise<void> {
    if (this.listening === this.client) return;
    this.client.on('message', (topic, payload) => {
      if (topic !== RESPONSE_TOPIC) return;
      const body = JSON.parse(payload.toString()) as { responses?: DynsecResponse[] };
      for (const r of body.responses ?? []) {
        const done = r.correlationData ? this.waiting.get(r.correlationData) : undefined;
        if (done) done(r);
      }
    });
    // QoS 0: responses then never reach the ingest's deferred acknowledgements (deferred-acks.ts)
    const [granted] = await this.client.subscribeAsync(RESPONSE_TOPIC, { qos: 0 });
    if (!granted || granted.qos > 2)
      throw new Error(`not allowed to subscribe to ${RESPONSE_TOPIC}: not a dynsec admin`);
    this.listening = this.client;
  }

  private async batch(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    const ids = commands.map(() => randomUUID());
    const answers = ids.map(
      (id, i) =>
        new Promise<DynsecResponse>((resolve) => {
          const timer = setTimeout(() => {
            this.waiting.delete(id);
            resolve({ command: commands[i].command, error: 'no response from the dynamic-security plugin' });
          }, TIMEOUT_MS);
          this.waiting.set(id, (r) => {
            clearTimeout(timer);
            this.waiting.delete(id);
            resolve(r);
          });
        }),
    );
    const body = { commands: commands.map((c, i) => ({ ...c, correlationData: ids[i] })) };
    await this.client.publishAsync(CONTROL_TOPIC, JSON.stringify(body), { qos: 1 });
    return Promise.all(answers);
  }
}
