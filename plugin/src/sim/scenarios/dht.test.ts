import { describe, expect, it } from 'vitest';
import { SimArgs } from '../scenario';
import { dhtScenario } from './dht';

describe('sim scenario dht', () => {
  it('reports the DHT figures on a small network, with the targets met', async () => {
    const args = new SimArgs([
      '--nodes',
      '150',
      '--records',
      '60',
      '--lookups',
      '300',
      '--json',
      '--republish',
      '1200',
    ]);
    const report = await dhtScenario.run(args);
    const json = report.json as Record<string, unknown> & {
      hops: { median: number; p95: number };
      lookupMs: { median: number; p95: number };
      afterChurn: { success: number; permanentSuccess: number; left: number };
    };
    expect(json.success).toBe(1);
    expect(json.hops.p95).toBeLessThanOrEqual(5);
    expect(json.lookupMs.median).toBeGreaterThan(40);
    expect(json.afterChurn.left).toBe(44);
    expect(json.afterChurn.success).toBeGreaterThanOrEqual(0.99);
    expect(json.afterChurn.permanentSuccess).toBe(1);
    expect(json.maintenanceBytesPerSecPerNode).toBeGreaterThan(0);
    expect(report.rows.map(([label]) => label)).toContain('lookup success');
  }, 60_000);
});
