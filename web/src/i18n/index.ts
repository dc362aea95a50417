import { shallowRef } from 'vue';
import { createI18n } from 'vue-i18n';
import elZhCn from 'element-plus/es/locale/lang/zh-cn.mjs';
import zhCN, { type MessageSchema } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
type ElLocale = typeof elZhCn;

const STORAGE_KEY = 'cj.locale';

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, MessageSchema>,
  missingWarn: false,
  fallbackWarn: false,
});

/** Element Plus's own strings (pagination, date picker…) follow the app locale. */
export const elementLocale = shallowRef<ElLocale>(elZhCn);

const loaded = new Set<Locale>(['zh-CN']);

/** Switches language; English is a separate chunk so Chinese users never download it. */
export async function setLocale(locale: Locale): Promise<void> {
  if (!loaded.has(locale)) {
    const [msgs, el] = await Promise.all([import('./en.ts'), import('element-plus/es/locale/lang/en.mjs')]);
    i18n.global.setLocaleMessage(locale, msgs.default);
    loaded.add(locale);
    elementLocale.value = el.default;
  } else {
    elementLocale.value =
      locale === 'zh-CN' ? elZhCn : (await import('element-plus/es/locale/lang/en.mjs')).default;
  }
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode: the choice simply is not remembered.
  }
}

export function savedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}
