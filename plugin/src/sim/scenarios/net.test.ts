import { describe, expect, it } from 'vitest';
import { Histogram, SimArgs } from '../scenario';
import { netScenario } from './net';

describe('sim scenario net', () => {
  it('delivers everything on a lossless network with log-normal delays', async () => {
    const report = await netScenario.run(new SimArgs(['--peers', '60', '--seconds', '1', '--degree', '8']));
    expect(report.json).toMatchObject({ peers: 60, deliveredRatio: 1, messagesLost: 0 });
    expect(report.json.averageDegree).toBeGreaterThan(7.5);
    expect(report.json.delayMedianMs).toBeGreaterThan(25);
    expect(report.json.delayMedianMs).toBeLessThan(70);
    expect(report.json.bytesPerSecondPerPeer).toBeGreaterThan(200 * 8 * 20 * 0.9);
  });

  it('reports the configured loss', async () => {
    const report = await netScenario.run(new SimArgs(['--peers=40', '--seconds=2', '--loss=0.1', '--seed=3']));
    expect(report.json.deliveredRatio).toBeGreaterThan(0.87);
    expect(report.json.deliveredRatio).toBeLessThan(0.93);
  });
});

describe('sim helpers', () => {
  it('parses flags in both spellings', () => {
    const args = new SimArgs(['--scenario', 'net', '--json', '--peers=5', '--x', '1.5']);
    expect(args.string('scenario', '')).toBe('net');
    expect(args.flag('json')).toBe(true);
    expect(args.number('peers', 0)).toBe(5);
    expect(args.number('x', 0)).toBe(1.5);
    expect(args.number('missing', 7)).toBe(7);
    expect(() => new SimArgs(['oops'])).toThrow();
    expect(() => new SimArgs(['--n', 'abc']).number('n', 0)).toThrow();
  });

  it('computes quantiles from bins', () => {
    const h = new Histogram(1, 100);
    for (let i = 0; i < 100; i++) h.add(i + 0.5);
    expect(h.quantile(0.5)).toBe(50);
    expect(h.quantile(0.95)).toBe(95);
    h.add(1000);
    expect(h.quantile(1)).toBe(Number.POSITIVE_INFINITY);
  });
});
