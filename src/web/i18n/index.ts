import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api.js';
import zhCN from './zh-CN.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'gridgov.lang';

/** Chinese first: the stored choice, else zh-CN (English only when the user picks it). */
function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    // storage may be unavailable (private mode); fall back to Chinese
  }
  return 'zh-CN';
}

type Tree = { [key: string]: string | Tree };

/**
 * Each module keeps its own strings beside its pages (`pages/<module>/locales/zh-CN.json`, `en.json`)
 * under a top-level key named after the module; they are merged into the one catalogue here.
 */
const moduleCatalogs = import.meta.glob<Tree>('../pages/*/locales/*.json', { eager: true, import: 'default' });
function withModules(base: Tree, language: string): Tree {
  const merged: Tree = { ...base };
  for (const [file, strings] of Object.entries(moduleCatalogs)) if (file.endsWith(`/${language}.json`)) Object.assign(merged, strings);
  return merged;
}

const lng = initialLanguage();
setApiLanguage(lng);
document.documentElement.lang = lng;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: withModules(zhCN as Tree, 'zh-CN') }, en: { translation: withModules(en as Tree, 'en') } },
  lng,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function changeLanguage(next: Language): void {
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // not persisted; the switch still applies for this visit
  }
  setApiLanguage(next);
  document.documentElement.lang = next;
  void i18n.changeLanguage(next);
}

export { i18n };
