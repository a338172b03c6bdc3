import type { Locale } from '../api/types';

/** English names of the provinces the screen reports (the server's short Chinese forms, as ECharts' map uses). */
const PROVINCE_EN: Record<string, string> = {
  北京: 'Beijing',
  天津: 'Tianjin',
  河北: 'Hebei',
  山西: 'Shanxi',
  内蒙古: 'Inner Mongolia',
  辽宁: 'Liaoning',
  吉林: 'Jilin',
  黑龙江: 'Heilongjiang',
  上海: 'Shanghai',
  江苏: 'Jiangsu',
  浙江: 'Zhejiang',
  安徽: 'Anhui',
  福建: 'Fujian',
  江西: 'Jiangxi',
  山东: 'Shandong',
  河南: 'Henan',
  湖北: 'Hubei',
  湖南: 'Hunan',
  广东: 'Guangdong',
  广西: 'Guangxi',
  海南: 'Hainan',
  重庆: 'Chongqing',
  四川: 'Sichuan',
  贵州: 'Guizhou',
  云南: 'Yunnan',
  西藏: 'Tibet',
  陕西: 'Shaanxi',
  甘肃: 'Gansu',
  青海: 'Qinghai',
  宁夏: 'Ningxia',
  新疆: 'Xinjiang',
  台湾: 'Taiwan',
  香港: 'Hong Kong',
  澳门: 'Macao',
  其他: 'Other',
};

/** A province's name in the page's language (the map keeps the Chinese name as its key). */
export const provinceName = (province: string, locale: Locale): string =>
  locale === 'zh-CN' ? province : (PROVINCE_EN[province] ?? province);

/**
 * A region such as '黑龙江·五常' or '浙江杭州' with its province in the page's language: the
 * province is the platform's word ('Heilongjiang · 五常'); the place after it is the merchant's,
 * kept as written.
 */
export function regionParts(region: string, locale: Locale): { province: string; rest: string } {
  const r = region.trim();
  const province = Object.keys(PROVINCE_EN)
    .sort((a, b) => b.length - a.length)
    .find((p) => r.startsWith(p));
  if (!province) return { province: '', rest: r };
  return { province: provinceName(province, locale), rest: r.slice(province.length).replace(/^[·\s]+/, '') };
}
