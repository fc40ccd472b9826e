import { registerEnumType } from 'type-graphql';

/** The kinds of public body that own target services (docs/domain.md "Ministry"). */
export enum MinistryKind {
  MINISTRY = 'MINISTRY',
  AGENCY = 'AGENCY',
  INCORPORATED_ADMINISTRATIVE_AGENCY = 'INCORPORATED_ADMINISTRATIVE_AGENCY',
  SPECIAL_CORPORATION = 'SPECIAL_CORPORATION',
}

registerEnumType(MinistryKind, {
  name: 'MinistryKind',
  description: '府省庁等の種別 (kind of public body).',
  valuesConfig: {
    MINISTRY: { description: '府省 (a ministry or the Cabinet Office).' },
    AGENCY: { description: '外局 (an external agency of a ministry, e.g. 国税庁).' },
    INCORPORATED_ADMINISTRATIVE_AGENCY: { description: '独立行政法人 (incorporated administrative agency).' },
    SPECIAL_CORPORATION: { description: '特殊法人 (special corporation, e.g. 日本年金機構).' },
  },
});

export enum MinistryOrderField {
  CODE = 'CODE',
  NAME = 'NAME',
}

registerEnumType(MinistryOrderField, {
  name: 'MinistryOrderField',
  description: 'Orders ministries; ties are broken by id.',
  valuesConfig: {
    CODE: { description: '府省コード (code).' },
    NAME: { description: '名称 (Japanese name, in Unicode code-point order).' },
  },
});
