import { registerEnumType } from 'type-graphql';

/**
 * Where a record came from. Generated sample rows must say so in the data itself
 * (foundation issue, "all generated rows are clearly sample data").
 */
export enum DataSource {
  ENTERED = 'ENTERED',
  IMPORTED = 'IMPORTED',
  PUBLIC_RECORD = 'PUBLIC_RECORD',
  SAMPLE = 'SAMPLE',
}

registerEnumType(DataSource, {
  name: 'DataSource',
  description: 'データの出所 (where a record came from).',
  valuesConfig: {
    ENTERED: { description: '入力 (entered through the API by a ministry, municipality or admin).' },
    IMPORTED: { description: '取込 (imported from a spreadsheet or file).' },
    PUBLIC_RECORD: {
      description: '公開情報 (anchored on a published fact; `sourceNote` cites where it comes from).',
    },
    SAMPLE: { description: 'サンプル (generated sample data for trying the service; not real).' },
  },
});
