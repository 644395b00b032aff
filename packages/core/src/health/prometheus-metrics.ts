import type { HealthSnapshot, HealthStatus } from './health-snapshot.js';

/** Content type of the Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Metric {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  value: number;
}

/** Prometheus renders missing values as NaN, non-integers with up to 3 decimals. */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}

/**
 * A snapshot in the Prometheus text format: `botpy_up`, `botpy_role_active`,
 * `botpy_socket_last_frame_age_seconds` (NaN before the first frame), `botpy_send_backlog`,
 * `botpy_uptime_seconds` and the counters `botpy_commands_total`, `botpy_command_errors_total`,
 * `botpy_reconnects_total`, and when the snapshot has them `botpy_messages_sent_total`,
 * `botpy_throttled_total`, `botpy_messages_coalesced_total`. `botpy_up` is 0 exactly when the
 * health verdict is `down`.
 */
export function renderPrometheusMetrics(s: HealthSnapshot, status: HealthStatus): string {
  const age = s.socket.lastFrameAgeMs;
  const metrics: Metric[] = [
    { name: 'botpy_up', type: 'gauge', help: 'Whether the bot is healthy enough to keep running (0 = down: restart it).', value: status === 'down' ? 0 : 1 },
    { name: 'botpy_role_active', type: 'gauge', help: 'Whether this instance is the active one (0 = standby).', value: s.role === 'active' ? 1 : 0 },
    { name: 'botpy_socket_last_frame_age_seconds', type: 'gauge', help: 'Seconds since the last frame from the chat server (NaN before the first).', value: age === null ? NaN : age / 1000 },
    { name: 'botpy_send_backlog', type: 'gauge', help: 'Messages waiting in the send queue.', value: s.sendBacklog },
    { name: 'botpy_uptime_seconds', type: 'gauge', help: 'Seconds since the bot started.', value: s.uptimeSeconds },
    { name: 'botpy_commands_total', type: 'counter', help: 'Commands run.', value: s.counters.commandsRun },
    { name: 'botpy_command_errors_total', type: 'counter', help: 'Commands that threw or timed out.', value: s.counters.commandErrors },
    { name: 'botpy_reconnects_total', type: 'counter', help: 'Chat socket reconnections.', value: s.counters.reconnects },
  ];
  const optional: [string, string, number | undefined][] = [
    ['botpy_messages_sent_total', 'Messages the chat server accepted.', s.counters.messagesSent],
    ['botpy_throttled_total', 'Throttle answers (HTTP 409) met by writes.', s.counters.throttled],
    ['botpy_messages_coalesced_total', 'Messages merged into another post while throttled.', s.counters.coalesced],
  ];
  for (const [name, help, value] of optional) if (value !== undefined) metrics.push({ name, type: 'counter', help, value });
  return metrics.map((m) => `# HELP ${m.name} ${m.help}\n# TYPE ${m.name} ${m.type}\n${m.name} ${formatValue(m.value)}\n`).join('');
}
