/**
 * Writes a large set of ministry tables for measuring the import (README.md, "Loading and exporting data",
 * "How fast"): `rounds` awarded rounds (10 per service, 2 services per ministry…) and 5 bids
 * per round, so `--rounds 20000` gives 100,000 bid rows. Every row is consistent with the
 * rules (valid 法人番号, the lowest valid bid wins, one bid above the reserve is 無効).
 *
 *   node dist/seeds/interchange/make-bench.js --rounds 20000 --out /tmp/bench
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { corporateNumberCheckDigit } from '../../src/core/codes/corporate-number.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20000' }, out: { type: 'string', default: 'bench' } } });
const rounds = Number(values.rounds);
const out = resolve(values.out!);
mkdirSync(out, { recursive: true });

const MINISTRIES = ['MOJ', 'MHLW', 'MIC', 'METI', 'MLIT'];
const ROUNDS_PER_SERVICE = 10;
const FIRMS = Array.from({ length: 1000 }, (_, i) => {
  const base = `0999${String(i).padStart(8, '0')}`;
  return [`ベンチ事業者${i}株式会社`, `${corporateNumberCheckDigit(base)}${base}`];
});
const csv = (rows: (string | number)[][]) => '\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

const projects: (string | number)[][] = [['府省', '事業名', '概要', '分類', '入札方式', '従来経費(円)', '状態']];
const tenders: (string | number)[][] = [['府省', '事業名', '回次', '件名', '落札方式', '入札公告日', '入札締切日', '開札日', '予定価格(円)', '契約開始日', '契約終了日', '状態', '落札者', '落札者法人番号', '落札金額(円)']];
const bids: (string | number)[][] = [['府省', '事業名', '回次', '事業者名', '法人番号', '入札金額(円)', '技術点', '総合評価点', '結果']];
const services = Math.ceil(rounds / ROUNDS_PER_SERVICE);
for (let s = 0; s < services; s++) {
  const ministry = MINISTRIES[s % MINISTRIES.length];
  const name = `ベンチマーク事業${s}`;
  projects.push([ministry, name, '取込速度の計測用', 'その他', '民間競争入札', 100_000_000, '事業実施中']);
  for (let r = 1; r <= ROUNDS_PER_SERVICE && (s * ROUNDS_PER_SERVICE + r) <= rounds; r++) {
    const year = 2000 + r;
    const reserve = 300_000_000 + r * 1000;
    const firms = [0, 1, 2, 3, 4].map((k) => FIRMS[(s * 7 + r * 3 + k * 11) % FIRMS.length]);
    const amounts = [250_000_000, 260_000_000, 270_000_000, 280_000_000, reserve + 1000];
    tenders.push([ministry, name, r, `${name}（第${r}回）`, '最低価格落札方式', `${year}-04-01`, `${year}-05-01`, `${year}-05-08`, reserve, `${year}-07-01`, `${year + 1}-06-30`, '落札', firms[0][0], firms[0][1], amounts[0]]);
    firms.forEach((f, k) => bids.push([ministry, name, r, f[0], f[1], amounts[k], '', '', k === 0 ? '落札' : k === 4 ? '無効' : '非落札']));
  }
}
writeFileSync(join(out, 'projects.csv'), csv(projects));
writeFileSync(join(out, 'tenders.csv'), csv(tenders));
writeFileSync(join(out, 'bids.csv'), csv(bids));
console.log(`wrote ${projects.length - 1} services, ${tenders.length - 1} rounds and ${bids.length - 1} bids to ${out}`);
