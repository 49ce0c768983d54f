import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';

/** A raw InfluxQL target for Grafana's InfluxDB data source (the SDK has no InfluxDB query builder). */
export interface InfluxQLQuery extends cog.Dataquery {
  refId: string;
  query: string;
  rawQuery: true;
  resultFormat: 'time_series' | 'table';
  alias?: string;
  datasource?: common.DataSourceRef;
}

export class InfluxQLQueryBuilder implements cog.Builder<cog.Dataquery> {
  private readonly q: InfluxQLQuery;

  constructor(refId: string, query: string) {
    this.q = {
      refId,
      query,
      rawQuery: true,
      resultFormat: 'time_series',
      _implementsDataqueryVariant: () => undefined,
    };
  }

  alias(alias: string): this {
    this.q.alias = alias;
    return this;
  }

  table(): this {
    this.q.resultFormat = 'table';
    return this;
  }

  datasource(ds: common.DataSourceRef): this {
    this.q.datasource = ds;
    return this;
  }

  build(): cog.Dataquery {
    return this.q;
  }
}
