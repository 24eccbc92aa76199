import { describe, expect, it } from 'vitest';
import { SimArgs } from '../scenario';
import { worldScenario } from './world';

describe('sim scenario world', () => {
  it('runs a small world: handoffs and splits happen, no entity is lost or duplicated, groups settle within maxGroup', async () => {
    const report = await worldScenario.run(
      new SimArgs(['--players', '150', '--seconds', '8', '--settle', '12', '--json']),
    );
    const json = report.json as {
      players: number;
      handoffs: number;
      splits: number;
      lostEntities: number;
      duplicatedEntities: number;
      groupSize: { max: number; mean: number };
      upBytesPerSecPerPlayer: { median: number; p99: number };
      observerStaleness: { p95: number };
      zoneEvents: { rung: number; groupsReached: number; playedLate: number };
      authority: {
        perPlayerHour: number;
        bySource: { dhtRpcs: number; bootstrapPolls: number; clockResamples: number; archiveRepublish: number };
      };
    };
    expect(json.players).toBe(150);
    expect(json.handoffs).toBeGreaterThan(20);
    expect(json.lostEntities).toBe(0);
    expect(json.duplicatedEntities).toBe(0);
    expect(json.groupSize.max).toBeLessThanOrEqual(16);
    expect(json.upBytesPerSecPerPlayer.median).toBeGreaterThan(1000);
    expect(json.observerStaleness.p95).toBeGreaterThan(0);
    expect(report.rows.map(([label]) => label)).toContain('lost / duplicated entities');
    // The bell reaches every group alive at its time (carried down the tree, bridged to groups
    // founded or split after), and plays at its round.
    expect(json.zoneEvents.rung).toBeGreaterThan(0);
    expect(json.zoneEvents.groupsReached).toBe(1);
    expect(json.zoneEvents.playedLate).toBe(0);
    // The authority's load: its node is in no routing table, no bootstrap polls once players are
    // in the DHT and linked: the clock's hourly resample and the certificate's archive copy.
    expect(json.authority.bySource).toEqual({ dhtRpcs: 0, bootstrapPolls: 0, clockResamples: 1, archiveRepublish: 1 });
    expect(json.authority.perPlayerHour).toBeLessThanOrEqual(2);
  }, 120_000);
});
