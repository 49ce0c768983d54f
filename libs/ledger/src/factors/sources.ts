import type { Citation } from '../cite.js';

/**
 * The documents factors come from. The text of most was not at hand when these were encoded: each figure says how it
 * was obtained (`confidence`), and anything short of `confirmed` is to be checked against the document before a
 * report is filed.
 */
export const GBT_2589: Omit<Citation, 'confidence'> = {
  document:
    'GB/T 2589-2020 综合能耗计算通则 (General principles for calculation of total production energy consumption)',
  year: '2020',
  table: 'Appendix A, 各种能源折标准煤参考系数',
};

export const GHG_INDUSTRY: Omit<Citation, 'confidence'> = {
  document:
    '工业其他行业企业温室气体排放核算方法与报告指南（试行）(NDRC 发改办气候〔2015〕1722号); the same defaults appear in GB/T 32150-2015 Appendix B',
  year: '2015',
  table: 'Appendix, Table 2.1 常用化石燃料相关参数缺省值; purchased heat 0.11 tCO₂/GJ',
};

export const IPCC_2006: Omit<Citation, 'confidence'> = {
  document: '2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2 Energy',
  year: '2006',
  table: 'Ch. 1 Table 1.2 (NCV) and Table 1.4 (CO₂ emission factor), wood/wood waste',
};

export const MEE_2023_REPORTING: Omit<Citation, 'confidence'> = {
  document: '生态环境部《关于做好2023—2025年发电行业企业温室气体排放报告管理有关工作的通知》(2023-02)',
  year: '2023',
  table: '2022年度全国电网平均排放因子 (for enterprise GHG reports)',
};

export const MEE_NBS_2021: Omit<Citation, 'confidence'> = {
  document: '生态环境部 国家统计局 公告2024年第12号《2021年电力二氧化碳排放因子》',
  year: '2024',
  table: 'Annex 1: national, regional and provincial average; national fossil-only',
};

export const MEE_NBS_2022: Omit<Citation, 'confidence'> = {
  document: '生态环境部 国家统计局《关于发布2022年电力二氧化碳排放因子的公告》(2024-12-20)',
  year: '2024',
  table: 'Annex: national, regional and provincial average; national excluding market-traded non-fossil; fossil-only',
};

export const CEC_COAL_RATE: Omit<Citation, 'confidence'> = {
  document: '中国电力企业联合会 电力工业统计: 全国6000千瓦及以上火电厂供电标准煤耗',
  year: 'yearly',
  table: 'supply coal consumption gce/kWh of the year (GB/T 2589-2020 equal-value basis for electricity)',
};

/** GB/T 2260 province codes to the MEE grid regions the regional factors are published for. */
export const REGION_OF_PROVINCE: Record<string, string> = {
  '110000': 'north',
  '120000': 'north',
  '130000': 'north',
  '140000': 'north',
  '150000': 'north',
  '370000': 'north',
  '210000': 'northeast',
  '220000': 'northeast',
  '230000': 'northeast',
  '310000': 'east',
  '320000': 'east',
  '330000': 'east',
  '340000': 'east',
  '350000': 'east',
  '360000': 'central',
  '410000': 'central',
  '420000': 'central',
  '430000': 'central',
  '500000': 'southwest',
  '510000': 'southwest',
  '540000': 'southwest',
  '440000': 'south',
  '450000': 'south',
  '460000': 'south',
  '520000': 'south',
  '530000': 'south',
  '610000': 'northwest',
  '620000': 'northwest',
  '630000': 'northwest',
  '640000': 'northwest',
  '650000': 'northwest',
};
