import { MinistryKind } from '../../src/modules/ministry/ministry.enum.js';
import { TargetProjectCategory as C } from '../../src/modules/project/project.enum.js';

/** A body that appears in market testing, with how much of the programme it carries. */
export interface MinistrySeed {
  code: string;
  name: string;
  nameEn: string;
  kind: MinistryKind;
  parent?: string;
  /** Relative share of target services in the sample. */
  weight: number;
  /** The kinds of service it puts out, most typical first. */
  categories: C[];
}

/**
 * The real ministries, agencies and corporations that own market-tested services. Names
 * and kinds are public facts; the weights only shape the generated sample.
 */
export const MINISTRIES: MinistrySeed[] = [
  { code: 'CAO', name: '内閣府', nameEn: 'Cabinet Office', kind: MinistryKind.MINISTRY, weight: 4, categories: [C.RESEARCH, C.STATISTICAL_SURVEY, C.FACILITY_MANAGEMENT] },
  { code: 'NPA', name: '警察庁', nameEn: 'National Police Agency', kind: MinistryKind.AGENCY, parent: 'CAO', weight: 2, categories: [C.IT_OPERATIONS, C.TRAINING] },
  { code: 'FSA', name: '金融庁', nameEn: 'Financial Services Agency', kind: MinistryKind.AGENCY, parent: 'CAO', weight: 2, categories: [C.IT_OPERATIONS, C.RESEARCH] },
  { code: 'CAA', name: '消費者庁', nameEn: 'Consumer Affairs Agency', kind: MinistryKind.AGENCY, parent: 'CAO', weight: 2, categories: [C.CALL_CENTER, C.RESEARCH] },
  { code: 'MIC', name: '総務省', nameEn: 'Ministry of Internal Affairs and Communications', kind: MinistryKind.MINISTRY, weight: 8, categories: [C.STATISTICAL_SURVEY, C.IT_OPERATIONS, C.RESEARCH] },
  { code: 'MOJ', name: '法務省', nameEn: 'Ministry of Justice', kind: MinistryKind.MINISTRY, weight: 10, categories: [C.COUNTER_SERVICE, C.IT_OPERATIONS, C.FACILITY_MANAGEMENT] },
  { code: 'MOFA', name: '外務省', nameEn: 'Ministry of Foreign Affairs', kind: MinistryKind.MINISTRY, weight: 3, categories: [C.COUNTER_SERVICE, C.IT_OPERATIONS, C.TRAINING] },
  { code: 'MOF', name: '財務省', nameEn: 'Ministry of Finance', kind: MinistryKind.MINISTRY, weight: 4, categories: [C.FACILITY_MANAGEMENT, C.IT_OPERATIONS, C.STATISTICAL_SURVEY] },
  { code: 'NTA', name: '国税庁', nameEn: 'National Tax Agency', kind: MinistryKind.AGENCY, parent: 'MOF', weight: 6, categories: [C.CALL_CENTER, C.IT_OPERATIONS, C.COUNTER_SERVICE] },
  { code: 'MEXT', name: '文部科学省', nameEn: 'Ministry of Education, Culture, Sports, Science and Technology', kind: MinistryKind.MINISTRY, weight: 6, categories: [C.STATISTICAL_SURVEY, C.FACILITY_MANAGEMENT, C.RESEARCH] },
  { code: 'MHLW', name: '厚生労働省', nameEn: 'Ministry of Health, Labour and Welfare', kind: MinistryKind.MINISTRY, weight: 12, categories: [C.COUNTER_SERVICE, C.STATISTICAL_SURVEY, C.TRAINING, C.CALL_CENTER] },
  { code: 'MAFF', name: '農林水産省', nameEn: 'Ministry of Agriculture, Forestry and Fisheries', kind: MinistryKind.MINISTRY, weight: 6, categories: [C.STATISTICAL_SURVEY, C.FACILITY_MANAGEMENT, C.RESEARCH] },
  { code: 'METI', name: '経済産業省', nameEn: 'Ministry of Economy, Trade and Industry', kind: MinistryKind.MINISTRY, weight: 6, categories: [C.STATISTICAL_SURVEY, C.RESEARCH, C.IT_OPERATIONS] },
  { code: 'JPO', name: '特許庁', nameEn: 'Japan Patent Office', kind: MinistryKind.AGENCY, parent: 'METI', weight: 4, categories: [C.IT_OPERATIONS, C.CALL_CENTER, C.RESEARCH] },
  { code: 'MLIT', name: '国土交通省', nameEn: 'Ministry of Land, Infrastructure, Transport and Tourism', kind: MinistryKind.MINISTRY, weight: 7, categories: [C.FACILITY_MANAGEMENT, C.STATISTICAL_SURVEY, C.IT_OPERATIONS] },
  { code: 'JMA', name: '気象庁', nameEn: 'Japan Meteorological Agency', kind: MinistryKind.AGENCY, parent: 'MLIT', weight: 2, categories: [C.IT_OPERATIONS, C.FACILITY_MANAGEMENT] },
  { code: 'MOE', name: '環境省', nameEn: 'Ministry of the Environment', kind: MinistryKind.MINISTRY, weight: 4, categories: [C.FACILITY_MANAGEMENT, C.RESEARCH, C.CALL_CENTER] },
  { code: 'MOD', name: '防衛省', nameEn: 'Ministry of Defense', kind: MinistryKind.MINISTRY, weight: 3, categories: [C.FACILITY_MANAGEMENT, C.TRAINING, C.IT_OPERATIONS] },
  { code: 'JPS', name: '日本年金機構', nameEn: 'Japan Pension Service', kind: MinistryKind.SPECIAL_CORPORATION, parent: 'MHLW', weight: 7, categories: [C.COLLECTION, C.CALL_CENTER, C.COUNTER_SERVICE] },
  { code: 'NSTAC', name: '独立行政法人統計センター', nameEn: 'National Statistics Center', kind: MinistryKind.INCORPORATED_ADMINISTRATIVE_AGENCY, parent: 'MIC', weight: 2, categories: [C.STATISTICAL_SURVEY, C.IT_OPERATIONS] },
  { code: 'JEED', name: '独立行政法人高齢・障害・求職者雇用支援機構', nameEn: 'Japan Organization for Employment of the Elderly, Persons with Disabilities and Job Seekers', kind: MinistryKind.INCORPORATED_ADMINISTRATIVE_AGENCY, parent: 'MHLW', weight: 4, categories: [C.TRAINING, C.FACILITY_MANAGEMENT] },
  { code: 'JASSO', name: '独立行政法人日本学生支援機構', nameEn: 'Japan Student Services Organization', kind: MinistryKind.INCORPORATED_ADMINISTRATIVE_AGENCY, parent: 'MEXT', weight: 3, categories: [C.COLLECTION, C.CALL_CENTER, C.FACILITY_MANAGEMENT] },
  { code: 'JETRO', name: '独立行政法人日本貿易振興機構', nameEn: 'Japan External Trade Organization', kind: MinistryKind.INCORPORATED_ADMINISTRATIVE_AGENCY, parent: 'METI', weight: 2, categories: [C.RESEARCH, C.FACILITY_MANAGEMENT] },
  { code: 'SMRJ', name: '独立行政法人中小企業基盤整備機構', nameEn: 'Organization for Small & Medium Enterprises and Regional Innovation', kind: MinistryKind.INCORPORATED_ADMINISTRATIVE_AGENCY, parent: 'METI', weight: 2, categories: [C.TRAINING, C.FACILITY_MANAGEMENT, C.CALL_CENTER] },
  { code: 'JICA', name: '独立行政法人国際協力機構', nameEn: 'Japan International Cooperation Agency', kind: MinistryKind.INCORPORATED_ADMINISTRATIVE_AGENCY, parent: 'MOFA', weight: 2, categories: [C.TRAINING, C.FACILITY_MANAGEMENT, C.RESEARCH] },
];
