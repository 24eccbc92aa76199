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
        perPlayerHourProposed: number;
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
    // The authority's load: no bootstrap polls once players are in the DHT and linked, the
    // clock's hourly resample and the hourly archive republish, plus the DHT requests its node gets.
    expect(json.authority.bySource.bootstrapPolls).toBe(0);
    expect(json.authority.bySource.clockResamples).toBe(1);
    const { dhtRpcs, clockResamples, archiveRepublish } = json.authority.bySource;
    expect(json.authority.perPlayerHour).toBeCloseTo(dhtRpcs + clockResamples + archiveRepublish, 2);
    expect(json.authority.perPlayerHourProposed).toBeLessThanOrEqual(2);
  }, 120_000);
});
