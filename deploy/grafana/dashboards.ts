import { DashboardBuilder, QueryVariableBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { InfluxQLQueryBuilder } from './influxql-query.js';

/**
 * qinwatt's Grafana dashboards, as code, for sites that run InfluxDB and Grafana next to the platform.
 * They read the layout docs/storage.md describes: measurement `telemetry` (metrics) and derived series such as `kpi`,
 * tags plant / device / class, retention policies qw_raw, qw_1m (fields mean_<f>, min_<f>, ...) and qw_1h.
 */
export const DATASOURCE: common.DataSourceRef = { type: 'influxdb', uid: '${DS_QINWATT}' };

const plantVar = () =>
  new QueryVariableBuilder('plant')
    .label('Plant · 工厂')
    .datasource(DATASOURCE)
    .query('SHOW TAG VALUES FROM "qw_raw"."telemetry" WITH KEY = "plant"')
    .multi(true)
    .includeAll(true);

const deviceVar = () =>
  new QueryVariableBuilder('device')
    .label('Device · 设备')
    .datasource(DATASOURCE)
    .query('SHOW TAG VALUES FROM "qw_raw"."telemetry" WITH KEY = "device" WHERE "plant" =~ /^$plant$/')
    .multi(true)
    .includeAll(true);

/** Minute rollups keep a day-long panel to ~1,440 points per series whatever the raw rate. */
const perDevice = (field: string) =>
  `SELECT mean("mean_${field}") FROM "qw_1m"."telemetry" ` +
  `WHERE "plant" =~ /^$plant$/ AND "device" =~ /^$device$/ AND $timeFilter ` +
  `GROUP BY time($__interval), "device" fill(none)`;

function powerPanel(title: string, field: string, unit: string) {
  return new TimeseriesBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .unit(unit)
    .withTarget(new InfluxQLQueryBuilder('A', perDevice(field)).alias('$tag_device'))
    .height(8)
    .span(12);
}

export function plantOverview(): dashboard.Dashboard {
  return new DashboardBuilder('qinwatt · Plant overview · 工厂总览')
    .uid('qinwatt-plant-overview')
    .tags(['qinwatt', 'energy'])
    .refresh('30s')
    .time({ from: 'now-24h', to: 'now' })
    .timezone('browser')
    .withVariable(plantVar())
    .withVariable(deviceVar())
    .withPanel(
      new StatBuilder()
        .title('Devices reporting (last 5 min) · 在线设备')
        .datasource(DATASOURCE)
        .withTarget(
          new InfluxQLQueryBuilder(
            'A',
            'SELECT count("last") FROM (SELECT last("active_power") FROM "qw_raw"."telemetry" ' +
              'WHERE "plant" =~ /^$plant$/ AND time > now() - 5m GROUP BY "device")',
          ),
        )
        .height(4)
        .span(6),
    )
    .withPanel(
      new StatBuilder()
        .title('Electric load now · 当前电力负荷 (kW)')
        .datasource(DATASOURCE)
        .unit('kwatt')
        .withTarget(
          new InfluxQLQueryBuilder(
            'A',
            'SELECT sum("last") FROM (SELECT last("active_power") FROM "qw_raw"."telemetry" ' +
              'WHERE "plant" =~ /^$plant$/ AND time > now() - 5m GROUP BY "device")',
          ),
        )
        .height(4)
        .span(6),
    )
    .withRow(new RowBuilder('Power · 功率'))
    .withPanel(powerPanel('Active power by device · 有功功率', 'active_power', 'kwatt'))
    .withPanel(powerPanel('Transformer loss input (HV side) · 变压器高压侧功率', 'hv_power', 'kwatt'))
    .withRow(new RowBuilder('Efficiency KPIs · 能效指标'))
    .withPanel(
      new TimeseriesBuilder()
        .title('KPIs by device (1-min means) · 设备能效指标')
        .datasource(DATASOURCE)
        .withTarget(
          new InfluxQLQueryBuilder(
            'A',
            'SELECT mean(*) FROM "qw_1m"."kpi" WHERE "plant" =~ /^$plant$/ AND "device" =~ /^$device$/ ' +
              'AND $timeFilter GROUP BY time($__interval), "device" fill(none)',
          ).alias('$tag_device · $col'),
        )
        .height(9)
        .span(24),
    )
    .build();
}

export function deviceDetail(): dashboard.Dashboard {
  const metrics: Array<[string, string, string]> = [
    ['Active power · 有功功率', 'active_power', 'kwatt'],
    ['Current · 电流', 'current', 'amp'],
    ['Power factor · 功率因数', 'power_factor', 'none'],
    ['Steam flow · 蒸汽流量 (t/h)', 'steam_flow', 'none'],
    ['Fuel flow · 燃料流量 (kg/h)', 'fuel_flow', 'none'],
    ['Output · 产量 (t/h)', 'output_rate', 'none'],
  ];
  const b = new DashboardBuilder('qinwatt · Device · 设备详情')
    .uid('qinwatt-device')
    .tags(['qinwatt', 'energy'])
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .withVariable(plantVar())
    .withVariable(deviceVar());
  for (const [title, field, unit] of metrics) b.withPanel(powerPanel(title, field, unit));
  return b.build();
}

export const DASHBOARDS = { 'plant-overview': plantOverview, device: deviceDetail } as const;

/** Every InfluxQL text the dashboards hold (targets and variables), for checking them against a real server. */
export function influxQueries(d: dashboard.Dashboard): string[] {
  const out: string[] = [];
  for (const v of d.templating?.list ?? []) if (typeof v.query === 'string') out.push(v.query);
  for (const p of d.panels ?? [])
    for (const t of (p as dashboard.Panel).targets ?? []) out.push((t as unknown as { query: string }).query);
  return out;
}
