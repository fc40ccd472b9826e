import { it } from 'vitest';
import { runBattery } from './support/noninterference/battery.js';
import { awardLowest, closeRound, commonBid, createBidderStep, NAMES, openRound, projectInTendering, sealedBid } from './support/noninterference/steps.js';
import { buildWorlds } from './support/noninterference/worlds.js';
it('dbg', async () => {
  const w = await buildWorlds([projectInTendering('P1', 'owner', NAMES.sealedService), openRound('T1', 'P1', 'owner', 300_000_000), createBidderStep('B1', 1), projectInTendering('P2', 'owner', NAMES.publicService), openRound('R2', 'P2', 'owner', 200_000_000), createBidderStep('B2', 2), sealedBid('T1', 'B1', 280_000_000), commonBid('R2', 'B2', 190_000_000), closeRound('R2', 'owner'), awardLowest('R2')]);
  try {
    const r = await runBattery(w, { families: ['nodes'], rootFields: (f) => f === 'tenders' });
    for (const o of r.observations.filter((o) => /node Bid:33[0-3]/.test(o.spec.label) && o.spec.principal === 'anonymous')) console.log(o.spec.label, o.plain.text.slice(0, 300), '\n   ', o.sealed.text.slice(0, 300));
    console.log(w.plain.refs['R2/B2'], w.sealed.refs['R2/B2']);
  } finally { await w.stop(); }
}, 120000);
