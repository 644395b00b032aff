import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of one origin whose requests can be held back and released, so a
 * test can decide which instance's ping reaches Redunda first. An upstream that cannot be reached
 * (an outage) drops the client's connection, as the upstream itself would.
 */
export class GatedProxy {
  private holding = false;
  private waiting: (() => void)[] = [];
  private readonly agent = new Agent({ keepAlive: false });
  private readonly target: URL;

  private constructor(
    private readonly server: Server,
    target: string,
  ) {
    this.target = new URL(target);
  }

  static async start(target: string): Promise<GatedProxy> {
    const server = createServer();
    const proxy = new GatedProxy(server, target);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void proxy.forward(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests arriving from now on wait until release(). */
  hold(): void {
    this.holding = true;
  }

  /** Lets every held request through; later ones pass at once. */
  release(): void {
    this.holding = false;
    for (const go of this.waiting.splice(0)) go();
  }

  /** Requests waiting right now. */
  get held(): number {
    return this.waiting.length;
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.holding) await new Promise<void>((go) => this.waiting.push(go));
    const up = request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: this.agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  }
}
