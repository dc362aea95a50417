import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * The national discipline catalogue (学科专业目录 2022) and the key industry clusters, shared with
 * the server (search/taxonomy). About 10 kB gzipped, so it is its own chunk, loaded the first time
 * a page needs discipline names or pickers.
 */
type CatalogueModule = typeof import('../../../search/taxonomy/catalogue.ts');

const mod = shallowRef<CatalogueModule | null>(null);
let pending: Promise<CatalogueModule> | null = null;

export function loadCatalogue(): Promise<CatalogueModule> {
  pending ??= import('../../../search/taxonomy/catalogue.ts').then((m) => (mod.value = m));
  return pending;
}

export interface Option {
  value: string;
  label: string;
}

export function useCatalogue() {
  const { locale } = useI18n();
  void loadCatalogue();
  const en = computed(() => locale.value === 'en');

  function disciplineName(code: string): string {
    const e = mod.value?.lookupCode(code);
    return e ? (en.value ? e.nameEn : e.name) : code;
  }
  function industryName(id: string): string {
    const c = mod.value?.industryCluster(id);
    return c ? (en.value ? c.nameEn : c.name) : id;
  }
  /** 一级学科 and 专业学位 as "0812 计算机科学与技术", grouped by degree type. */
  const disciplineOptions = computed<Option[]>(() =>
    (mod.value?.list() ?? [])
      .filter((e) => e.level !== '门类')
      .map((e) => ({ value: e.code, label: `${e.code} ${en.value ? e.nameEn : e.name}` })),
  );
  const industryOptions = computed<Option[]>(() =>
    (mod.value?.industryClusters ?? []).map((c) => ({ value: c.id, label: en.value ? c.nameEn : c.name })),
  );
  return {
    ready: computed(() => mod.value !== null),
    disciplineName,
    industryName,
    disciplineOptions,
    industryOptions,
  };
}
