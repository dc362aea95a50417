/**
 * Light English stemming: plural folding only ("networks" → "network", "studies" → "study",
 * "matches" → "match"). Full Porter stemming also strips -ing/-ed/-ion, which merges words
 * users keep apart (e.g. "embedding"/"embed") and makes prefix and typo matching misfire;
 * plurals are where recall is lost on technical text.
 */
const KEEP = new Set([
  'series',
  'species',
  'news',
  'always',
  'perhaps',
  'whereas',
  'has',
  'was',
  'does',
  'its',
  'this',
  'thus',
  'yes',
  'gas',
  'bias',
  'lens',
  'physics',
  'mathematics',
  'statistics',
  'economics',
  'electronics',
  'robotics',
  'genomics',
  'analytics',
  'logistics',
  'dynamics',
  'mechanics',
  'optics',
  'ethics',
  'graphics',
  'linguistics',
  'semantics',
  'kinetics',
  'acoustics',
  'diagnostics',
  'politics',
  'aids',
  'covid',
  'sars',
  'mems',
  'gps',
  'gis',
  'ios',
  'dns',
  'https',
  'aws',
]);

export function stemEnglish(word: string): string {
  const n = word.length;
  if (n < 4 || word.charCodeAt(n - 1) !== 115 /* s */ || KEEP.has(word)) return word;
  if (!/^[a-z]+$/.test(word)) return word;
  if (word.endsWith('ies') && n > 4 && !word.endsWith('eies') && !word.endsWith('aies'))
    return word.slice(0, -3) + 'y';
  if (/(?:sses|xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
  if (/(?:ss|us|is)$/.test(word)) return word;
  return word.slice(0, -1);
}
