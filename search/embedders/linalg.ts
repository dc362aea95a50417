/**
 * The little dense/sparse linear algebra the LSA trainer needs: a CSR matrix, a randomised
 * truncated SVD (Halko, Martinsson & Tropp 2011, algorithm 4.3 with power iterations) and the
 * small symmetric eigensolver it relies on. Dense matrices are row-major Float64Array.
 * No npm package offers sparse randomised SVD in pure JS, and this is ~200 lines we can test.
 */

export interface CsrMatrix {
  rows: number;
  cols: number;
  /** rowPtr[i]..rowPtr[i+1] index colIdx/values of row i. */
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

/** Deterministic PRNG (mulberry32) so a retrain on the same data yields the same model. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussianMatrix(rows: number, cols: number, rand: () => number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i += 2) {
    // Box–Muller; 1 - u keeps log away from 0.
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** X (n×m sparse) · D (m×l dense) → n×l. */
export function csrTimesDense(x: CsrMatrix, d: Float64Array, l: number): Float64Array {
  const out = new Float64Array(x.rows * l);
  for (let i = 0; i < x.rows; i++) {
    const o = i * l;
    for (let p = x.rowPtr[i]!; p < x.rowPtr[i + 1]!; p++) {
      const v = x.values[p]!;
      const b = x.colIdx[p]! * l;
      for (let c = 0; c < l; c++) out[o + c]! += v * d[b + c]!;
    }
  }
  return out;
}

/** Xᵀ (m×n) · D (n×l dense) → m×l. */
export function csrTransposeTimesDense(x: CsrMatrix, d: Float64Array, l: number): Float64Array {
  const out = new Float64Array(x.cols * l);
  for (let i = 0; i < x.rows; i++) {
    const b = i * l;
    for (let p = x.rowPtr[i]!; p < x.rowPtr[i + 1]!; p++) {
      const v = x.values[p]!;
      const o = x.colIdx[p]! * l;
      for (let c = 0; c < l; c++) out[o + c]! += v * d[b + c]!;
    }
  }
  return out;
}

/** AᵀA for a row-major n×l matrix → l×l (symmetric, full). */
export function gram(a: Float64Array, n: number, l: number): Float64Array {
  // Column-major copy so each entry is a contiguous dot product (register accumulator, ~4× faster).
  const cols: Float64Array[] = [];
  for (let c = 0; c < l; c++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = a[i * l + c]!;
    cols.push(col);
  }
  const g = new Float64Array(l * l);
  for (let p = 0; p < l; p++) {
    const cp = cols[p]!;
    for (let q = p; q < l; q++) {
      const cq = cols[q]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += cp[i]! * cq[i]!;
      g[p * l + q] = s;
      g[q * l + p] = s;
    }
  }
  return g;
}

/**
 * Eigen-decomposition of a symmetric l×l matrix by cyclic Jacobi rotations.
 * Returns eigenvalues in descending order and eigenvectors as the columns of a row-major l×l matrix.
 */
export function symmetricEigen(
  input: Float64Array,
  l: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < l; p++) {
      diag += a[p * l + p]! ** 2;
      for (let q = p + 1; q < l; q++) off += a[p * l + q]! ** 2;
    }
    if (off <= 1e-22 * diag) break;
    for (let p = 0; p < l - 1; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * l + p]!;
        const aqq = a[q * l + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p]!;
          const akq = a[k * l + q]!;
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k]!;
          const aqk = a[q * l + k]!;
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p]!;
          const vkq = v[k * l + q]!;
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((i, j) => a[j * l + j]! - a[i * l + i]!);
  const values = new Float64Array(l);
  const vectors = new Float64Array(l * l);
  order.forEach((src, dst) => {
    values[dst] = a[src * l + src]!;
    for (let k = 0; k < l; k++) vectors[k * l + dst] = v[k * l + src]!;
  });
  return { values, vectors };
}

/**
 * Orthonormalises the columns of a row-major n×l matrix in place (Cholesky QR, twice for
 * stability — "CholeskyQR2"). Columns that are numerically dependent are zeroed.
 */
export function orthonormaliseColumns(a: Float64Array, n: number, l: number): void {
  for (let pass = 0; pass < 2; pass++) {
    const g = gram(a, n, l);
    // Cholesky G = RᵀR (upper R), tolerant of rank deficiency.
    const r = new Float64Array(l * l);
    for (let j = 0; j < l; j++) {
      let d = g[j * l + j]!;
      for (let k = 0; k < j; k++) d -= r[k * l + j]! ** 2;
      const rjj = d > 1e-12 * (g[j * l + j]! || 1) ? Math.sqrt(d) : 0;
      r[j * l + j] = rjj;
      for (let c = j + 1; c < l; c++) {
        let s = g[j * l + c]!;
        for (let k = 0; k < j; k++) s -= r[k * l + j]! * r[k * l + c]!;
        r[j * l + c] = rjj > 0 ? s / rjj : 0;
      }
    }
    // A ← A R⁻¹, row by row (forward substitution on each row).
    const row = new Float64Array(l);
    for (let i = 0; i < n; i++) {
      const o = i * l;
      for (let j = 0; j < l; j++) {
        let s = a[o + j]!;
        for (let k = 0; k < j; k++) s -= row[k]! * r[k * l + j]!;
        const rjj = r[j * l + j]!;
        row[j] = rjj > 0 ? s / rjj : 0;
      }
      a.set(row, o);
    }
  }
}

export interface TruncatedSvd {
  k: number;
  /** Singular values, descending. */
  sigma: Float64Array;
  /** Right singular vectors, row-major m×k (row j = term j's loadings). */
  v: Float64Array;
}

/** Top-k singular triplets of X by randomised SVD with `oversample` extra columns and `powerIterations`. */
export function randomizedSvd(
  x: CsrMatrix,
  k: number,
  options: { oversample?: number; powerIterations?: number; seed?: number } = {},
): TruncatedSvd {
  const l = Math.min(k + (options.oversample ?? 20), x.rows, x.cols);
  const kk = Math.min(k, l);
  const rand = mulberry32(options.seed ?? 42);
  let y = csrTimesDense(x, gaussianMatrix(x.cols, l, rand), l); // n×l
  orthonormaliseColumns(y, x.rows, l);
  // Power iterations orthonormalise only the (short) document side: the term side has ~6× more
  // rows and float64 keeps the spectrum we need (σ_k/σ_1 ≫ ε^(1/(2q+1))).
  for (let it = 0; it < (options.powerIterations ?? 2); it++) {
    y = csrTimesDense(x, csrTransposeTimesDense(x, y, l), l);
    orthonormaliseColumns(y, x.rows, l);
  }
  // With Q = y: B = QᵀX, and B Bᵀ = Qᵀ(X Bᵀ) is formed on the document side. B Bᵀ = W Λ Wᵀ gives
  // σ = √λ, and V = Bᵀ W Σ⁻¹ = Xᵀ (Q W Σ⁻¹), again through the sparse X.
  const bt = csrTransposeTimesDense(x, y, l); // m×l
  const xbt = csrTimesDense(x, bt, l); // n×l
  const bbt = new Float64Array(l * l);
  for (let i = 0; i < x.rows; i++) {
    const o = i * l;
    for (let p = 0; p < l; p++) {
      const qp = y[o + p]!;
      if (qp === 0) continue;
      for (let q = 0; q < l; q++) bbt[p * l + q]! += qp * xbt[o + q]!;
    }
  }
  for (let p = 0; p < l; p++) {
    for (let q = 0; q < p; q++) {
      const s = (bbt[p * l + q]! + bbt[q * l + p]!) / 2; // symmetrise rounding noise
      bbt[p * l + q] = s;
      bbt[q * l + p] = s;
    }
  }
  const { values, vectors } = symmetricEigen(bbt, l);
  const sigma = new Float64Array(kk);
  for (let c = 0; c < kk; c++) sigma[c] = Math.sqrt(Math.max(values[c]!, 0));
  const qw = new Float64Array(x.rows * kk); // Q W Σ⁻¹
  for (let i = 0; i < x.rows; i++) {
    const o = i * l;
    for (let p = 0; p < l; p++) {
      const qp = y[o + p]!;
      if (qp === 0) continue;
      for (let c = 0; c < kk; c++) qw[i * kk + c]! += qp * vectors[p * l + c]!;
    }
  }
  for (let i = 0; i < x.rows; i++) {
    for (let c = 0; c < kk; c++) qw[i * kk + c] = sigma[c]! > 0 ? qw[i * kk + c]! / sigma[c]! : 0;
  }
  const v = csrTransposeTimesDense(x, qw, kk);
  return { k: kk, sigma, v };
}
