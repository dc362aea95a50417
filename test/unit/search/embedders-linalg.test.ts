import { describe, expect, it } from 'vitest';
import {
  gram,
  mulberry32,
  orthonormaliseColumns,
  randomizedSvd,
  symmetricEigen,
  type CsrMatrix,
} from '../../../search/embedders/linalg.ts';

function toCsr(dense: number[][]): CsrMatrix {
  const rowPtr = [0];
  const colIdx: number[] = [];
  const values: number[] = [];
  for (const row of dense) {
    row.forEach((v, j) => {
      if (v !== 0) {
        colIdx.push(j);
        values.push(v);
      }
    });
    rowPtr.push(colIdx.length);
  }
  return {
    rows: dense.length,
    cols: dense[0]!.length,
    rowPtr: Int32Array.from(rowPtr),
    colIdx: Int32Array.from(colIdx),
    values: Float64Array.from(values),
  };
}

describe('linear algebra for LSA training', () => {
  it('finds the eigenpairs of a small symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    // First eigenvector ∝ (1, 1).
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0]! * vectors[2]!).toBeGreaterThan(0);
  });

  it('orthonormalises columns', () => {
    const rand = mulberry32(7);
    const n = 50;
    const l = 6;
    const a = Float64Array.from({ length: n * l }, () => rand() - 0.5);
    orthonormaliseColumns(a, n, l);
    const g = gram(a, n, l);
    for (let p = 0; p < l; p++)
      for (let q = 0; q < l; q++) expect(g[p * l + q]).toBeCloseTo(p === q ? 1 : 0, 10);
  });

  it('matches the exact top singular values of a sparse low-rank matrix', () => {
    const rand = mulberry32(3);
    const n = 60;
    const m = 40;
    const rank = 4;
    // X = Σ_r s_r u_r v_rᵀ with sparse factors, plus a little sparse noise.
    const dense = Array.from({ length: n }, () => new Array<number>(m).fill(0));
    for (let r = 0; r < rank; r++) {
      const u = Array.from({ length: n }, () => (rand() < 0.4 ? rand() : 0));
      const v = Array.from({ length: m }, () => (rand() < 0.4 ? rand() : 0));
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) dense[i]![j]! += (rank - r) * 3 * u[i]! * v[j]!;
    }
    for (let i = 0; i < n; i++) if (rand() < 0.5) dense[i]![Math.floor(rand() * m)]! += 0.01;
    const x = toCsr(dense);

    // Exact reference: eigenvalues of XᵀX.
    const xtx = new Float64Array(m * m);
    for (const row of dense)
      for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) xtx[p * m + q]! += row[p]! * row[q]!;
    const exact = symmetricEigen(xtx, m).values;

    const svd = randomizedSvd(x, rank, { oversample: 6, powerIterations: 2, seed: 1 });
    for (let c = 0; c < rank; c++) expect(svd.sigma[c]).toBeCloseTo(Math.sqrt(exact[c]!), 6);
    // V has orthonormal columns.
    const g = gram(svd.v, m, rank);
    for (let p = 0; p < rank; p++)
      for (let q = 0; q < rank; q++) expect(g[p * rank + q]).toBeCloseTo(p === q ? 1 : 0, 6);
  });
});
