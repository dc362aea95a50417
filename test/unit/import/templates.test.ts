/** Every downloadable template reads back cleanly: all columns recognised, the example row valid. */
import { describe, expect, it } from 'vitest';
import { importEntities } from '../../../server/services/import/entities.ts';
import { prepareImport } from '../../../server/services/import/pipeline.ts';
import { uploadFormats } from '../../../server/services/import/parse.ts';
import { importTypes } from '../../../server/services/import/schemas.ts';
import { renderTemplate, templateColumns } from '../../../server/services/import/templates.ts';

describe('import templates', () => {
  for (const type of importTypes)
    for (const format of uploadFormats)
      it(`${type} as ${format}: one example row, no errors, no unknown columns`, async () => {
        const file = await renderTemplate(type, format);
        const p = await prepareImport(type, file, format);
        expect(p.errors).toEqual([]);
        expect(p.warnings).toEqual([]);
        expect(p.total).toBe(1);
        expect(p.valid).toHaveLength(1);
      });

  it('lists every column, required ones flagged, with the first spelling as the header', () => {
    for (const type of importTypes) {
      const cols = templateColumns(type);
      const specs = importEntities[type].columns.columns;
      for (const spec of specs) {
        const c = cols.find((x) => x.field === spec.field);
        expect(c).toMatchObject({ header: spec.headers[0], required: spec.required ?? false });
      }
    }
    expect(templateColumns('mentors').map((c) => c.header)).toContain('论文1标题');
    expect(templateColumns('students').find((c) => c.field === 'degreeType')?.values).toContain('专业学位');
  });

  it('keeps codes as text: the student template reads discipline 0854 and the mentor one 0808', async () => {
    const students = await prepareImport('students', await renderTemplate('students', 'xlsx'), 'xlsx');
    expect(students.valid[0]!.value).toMatchObject({ discipline: '0854', cohort: 2026 });
    const mentors = await prepareImport('mentors', await renderTemplate('mentors', 'csv'), 'csv');
    expect(mentors.valid[0]!.value).toMatchObject({
      kind: 'campus',
      disciplines: ['0808'],
      publications: [{ year: 2024, keywords: ['锂离子电池', '健康状态'] }],
    });
  });
});
