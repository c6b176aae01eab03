import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api.js';

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
 * The app's catalogue (`i18n/<lang>.json`) and each module's, kept beside its pages
 * (`pages/<module>/locales/<lang>.json`, under a top-level key named after the module). Only the
 * language in use is fetched, so the first load does not grow with every module and language.
 */
const baseCatalogs = import.meta.glob<Tree>('./*.json', { import: 'default' });
const moduleCatalogs = import.meta.glob<Tree>('../pages/*/locales/*.json', { import: 'default' });

async function loadCatalog(language: Language): Promise<Tree> {
  const forLanguage = (catalogs: Record<string, () => Promise<Tree>>) =>
    Object.entries(catalogs)
      .filter(([file]) => file.endsWith(`/${language}.json`))
      .map(([, load]) => load());
  const [base, ...modules] = await Promise.all([...forLanguage(baseCatalogs), ...forLanguage(moduleCatalogs)]);
  return Object.assign({}, base, ...modules);
}

const lng = initialLanguage();
setApiLanguage(lng);
document.documentElement.lang = lng;

/** Resolves once the strings of the starting language are in; render after it. */
export const i18nReady: Promise<unknown> = loadCatalog(lng).then((translation) =>
  i18n.use(initReactI18next).init({
    resources: { [lng]: { translation } },
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  }),
);

export async function changeLanguage(next: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // not persisted; the switch still applies for this visit
  }
  if (!i18n.hasResourceBundle(next, 'translation')) i18n.addResourceBundle(next, 'translation', await loadCatalog(next), true, true);
  setApiLanguage(next);
  document.documentElement.lang = next;
  await i18n.changeLanguage(next);
}

export { i18n };
