//! An optional system BLAS for the dense layers' matrix products, loaded at run time.
//!
//! The gemm crate (what candle's CPU matmul uses) has AVX2 kernels only on stable Rust, where
//! OpenBLAS dispatches to AVX-512 ones; the products are over half of the training and prompt
//! time, and on this project's AVX-512 machine OpenBLAS made a full fine-tuning step 1.27x faster. The library is opened with `dlopen` on
//! first use rather than linked, so building needs no BLAS and a machine without one falls back
//! to the gemm crate with the same results (to float rounding).
//!
//! `TSP_BLAS=off` keeps the gemm crate; `TSP_BLAS=/path/to/libfoo.so` opens that library (any
//! with the CBLAS `cblas_sgemm`); unset, Intel MKL in tsp's cache ([`mkl_path`]) is tried first
//! (10-15% faster than OpenBLAS on the model's shapes here), then the usual OpenBLAS names.
//! `dev/setup` installs both: OpenBLAS with apt (`libopenblas0-pthread`), MKL from the PyPI wheel
//! `mkl` (dev/setup.d/20-mkl.sh).

use std::ffi::c_int;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

const ROW_MAJOR: c_int = 101;
const NO_TRANS: c_int = 111;
const TRANS: c_int = 112;

/// CBLAS `cblas_sgemm`: `C = alpha * op(A) · op(B) + beta * C`.
type SgemmFn = unsafe extern "C" fn(
    order: c_int,
    trans_a: c_int,
    trans_b: c_int,
    m: c_int,
    n: c_int,
    k: c_int,
    alpha: f32,
    a: *const f32,
    lda: c_int,
    b: *const f32,
    ldb: c_int,
    beta: f32,
    c: *mut f32,
    ldc: c_int,
);
type SetThreadsFn = unsafe extern "C" fn(c_int);

/// An opened BLAS library.
pub struct Blas {
    /// Kept open for the process's lifetime: the function pointers below point into it.
    _lib: libloading::Library,
    sgemm: SgemmFn,
    set_threads: Option<SetThreadsFn>,
    /// The thread count last given to the library (0: never set).
    threads: AtomicUsize,
    /// The file name it was opened by.
    pub name: String,
}

/// Library names tried when `TSP_BLAS` is unset, most specific first.
const DEFAULT_NAMES: &[&str] = &[
    "libopenblas.so.0",
    "libopenblas.so",
    "libopenblas.0.dylib",
    "libopenblas.dylib",
];

/// Products smaller than this (m·n·k) run on one thread: splitting costs more than it saves.
pub(crate) const MIN_SPLIT_FLOPS: usize = 1 << 18;

static BLAS: OnceLock<Option<Blas>> = OnceLock::new();

/// The system BLAS, opened on the first call; `None` when disabled or not found.
pub fn get() -> Option<&'static Blas> {
    BLAS.get_or_init(|| match std::env::var("TSP_BLAS") {
        Ok(v) if matches!(v.as_str(), "off" | "0" | "none" | "gemm") => None,
        Ok(v) if !v.is_empty() => open(&v),
        _ => {
            let mkl = mkl_path();
            mkl.to_str()
                .and_then(open)
                .or_else(|| DEFAULT_NAMES.iter().find_map(|n| open(n)))
        }
    })
    .as_ref()
}

/// The MKL release `dev/setup` (dev/setup.d/20-mkl.sh) puts in tsp's cache.
pub const MKL_VERSION: &str = "2026.2.0";

/// Where MKL's runtime library is looked for first: `<cache>/blas/mkl-<version>/libmkl_rt.so.3`.
pub fn mkl_path() -> std::path::PathBuf {
    crate::fetch::cache_dir()
        .join("blas")
        .join(format!("mkl-{MKL_VERSION}"))
        .join("libmkl_rt.so.3")
}

/// What does the dense layers' products: `"blas (libopenblas.so.0)"` or `"gemm crate"`.
pub fn backend() -> String {
    match get() {
        Some(b) => format!("blas ({})", b.name),
        None => "gemm crate".into(),
    }
}

fn open(name: &str) -> Option<Blas> {
    // SAFETY: loading a BLAS runs its initializers, which only set up its thread pool and
    // kernel dispatch; the symbols are looked up with their CBLAS/OpenBLAS C signatures.
    unsafe {
        let lib = libloading::Library::new(name).ok()?;
        // MKL: its sequential layer, since the products are split over rayon's threads (set before
        // any other MKL call, as MKL requires), and results that do not depend on the memory
        // alignment of the operands (so a resumed run repeats an uninterrupted one bit for bit).
        if let Ok(set_layer) = lib.get::<unsafe extern "C" fn(c_int) -> c_int>(b"MKL_Set_Threading_Layer\0") {
            const MKL_THREADING_SEQUENTIAL: c_int = 1;
            set_layer(MKL_THREADING_SEQUENTIAL);
            if let Ok(cbwr) = lib.get::<unsafe extern "C" fn(c_int) -> c_int>(b"MKL_CBWR_Set\0") {
                const MKL_CBWR_AUTO: c_int = 2;
                cbwr(MKL_CBWR_AUTO);
            }
        }
        let sgemm = *lib.get::<SgemmFn>(b"cblas_sgemm\0").ok()?;
        let set_threads = lib.get::<SetThreadsFn>(b"openblas_set_num_threads\0").ok().map(|s| *s);
        Some(Blas {
            _lib: lib,
            sgemm,
            set_threads,
            threads: AtomicUsize::new(0),
            name: name.to_string(),
        })
    }
}

/// How BLAS reads a strided `[rows, cols]` matrix: `(transposed, leading dimension)`, or `None`
/// when neither stride is 1 (BLAS needs one unit stride).
fn layout(rows: usize, cols: usize, rs: isize, cs: isize) -> Option<(bool, usize)> {
    if cs == 1 && (rows <= 1 || rs >= cols as isize) {
        Some((false, if rows <= 1 { cols.max(1) } else { rs as usize }))
    } else if rs == 1 && (cols <= 1 || cs >= rows as isize) {
        Some((true, if cols <= 1 { rows.max(1) } else { cs as usize }))
    } else {
        None
    }
}

impl Blas {
    /// `dst = alpha * a[m, k] · b[k, n] + (read_dst ? dst : 0)`, dst row-major `[m, n]`;
    /// `a` and `b` given by pointer and (row, column) strides. Returns false, doing nothing, when
    /// the strides or sizes do not fit CBLAS; the caller then uses another gemm.
    ///
    /// # Safety
    /// As `fused::gemm_raw`: `dst` has room for `m * n` elements (initialized if `read_dst`), and
    /// every element the strides address in `a` and `b` is in bounds.
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn sgemm(
        &self,
        dst: *mut f32,
        (m, n, k): (usize, usize, usize),
        (a, a_rs, a_cs): (*const f32, isize, isize),
        (b, b_rs, b_cs): (*const f32, isize, isize),
        read_dst: bool,
        alpha: f32,
        threads: usize,
    ) -> bool {
        let (Some((ta, lda)), Some((tb, ldb))) = (layout(m, k, a_rs, a_cs), layout(k, n, b_rs, b_cs)) else {
            return false;
        };
        let fits = |x: usize| x <= i32::MAX as usize;
        if ![m, n, k, lda, ldb, m * n].into_iter().all(fits) {
            return false;
        }
        if m == 0 || n == 0 {
            return true;
        }
        let split = threads > 1 && m * n * k >= MIN_SPLIT_FLOPS;
        let lib_threads = if split { 1 } else { threads };
        if let Some(set) = self.set_threads {
            if self.threads.swap(lib_threads, Ordering::Relaxed) != lib_threads {
                set(lib_threads as c_int);
            }
        }
        let beta = if read_dst { 1.0 } else { 0.0 };
        let ldc = n.max(1);
        let call = |dst: *mut f32, m: usize, n: usize, a: *const f32, b: *const f32| {
            let tr = |t: bool| if t { TRANS } else { NO_TRANS };
            (self.sgemm)(
                ROW_MAJOR,
                tr(ta),
                tr(tb),
                m as c_int,
                n as c_int,
                k as c_int,
                alpha,
                a,
                lda as c_int,
                b,
                ldb as c_int,
                beta,
                dst,
                ldc as c_int,
            )
        };
        if !split {
            call(dst, m, n, a, b);
            return true;
        }
        // One single-threaded call per rayon thread on its own block of rows (or columns) of the
        // output, rather than OpenBLAS's own thread pool: its idle threads wait for work in a
        // sched_yield loop, which took a tenth of the CPU time of a training step (perf) beside
        // rayon's and candle's pools; the step time is the same either way.
        let along_m = m >= n;
        let len = if along_m { m } else { n };
        let chunk = len.div_ceil(threads).next_multiple_of(16).min(len);
        let (dst, a, b) = (dst as usize, a as usize, b as usize);
        use rayon::prelude::*;
        (0..len.div_ceil(chunk)).into_par_iter().for_each(|i| {
            let (lo, hi) = (i * chunk, ((i + 1) * chunk).min(len));
            let (dst, a, b) = (dst as *mut f32, a as *const f32, b as *const f32);
            if along_m {
                call(dst.add(lo * ldc), hi - lo, n, a.offset(lo as isize * a_rs), b);
            } else {
                call(dst.add(lo), m, hi - lo, a, b.offset(lo as isize * b_cs));
            }
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_reads_row_major_transposed_and_vectors() {
        assert_eq!(layout(4, 3, 3, 1), Some((false, 3)));
        assert_eq!(layout(4, 3, 5, 1), Some((false, 5)));
        assert_eq!(layout(4, 3, 1, 4), Some((true, 4)));
        assert_eq!(layout(1, 3, 0, 1), Some((false, 3)));
        assert_eq!(layout(4, 1, 1, 0), Some((true, 4)));
        assert_eq!(layout(4, 3, 6, 2), None);
        assert_eq!(layout(4, 3, 2, 1), None, "rows overlap");
    }

    /// `alpha * a · b (+ dst)` by the definition, reading `a` and `b` through their strides.
    fn naive(m: usize, n: usize, k: usize, a: (&[f32], isize, isize), b: (&[f32], isize, isize)) -> Vec<f32> {
        let at = |x: (&[f32], isize, isize), i: usize, j: usize| x.0[(i as isize * x.1 + j as isize * x.2) as usize];
        (0..m * n)
            .map(|ij| (0..k).map(|p| at(a, ij / n, p) * at(b, p, ij % n)).sum())
            .collect()
    }

    #[test]
    fn sgemm_matches_the_definition_for_every_operand_layout() {
        let Some(blas) = get() else {
            assert!(
                std::env::var("TSP_BLAS").is_ok_and(|v| v == "off"),
                "no system BLAS found (tried {DEFAULT_NAMES:?}): run dev/setup, or set TSP_BLAS=off to test without it"
            );
            return;
        };
        // Large enough (m·n·k ≥ MIN_SPLIT_FLOPS) that two threads split the rows (first shape)
        // or the columns (second) of the output.
        for (m, n, k) in [(97, 61, 45), (13, 461, 45)] {
            assert!(m * n * k >= MIN_SPLIT_FLOPS);
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7 % 13) as f32 - 6.0) / 5.0).collect();
            let b: Vec<f32> = (0..k * n).map(|i| ((i * 5 % 11) as f32 - 5.0) / 3.0).collect();
            for (a_s, b_s) in [
                ((k as isize, 1), (n as isize, 1)),
                ((1, m as isize), (n as isize, 1)),
                ((k as isize, 1), (1, k as isize)),
                ((1, m as isize), (1, k as isize)),
            ] {
                let (av, bv) = ((&a[..], a_s.0, a_s.1), (&b[..], b_s.0, b_s.1));
                let want = naive(m, n, k, av, bv);
                for threads in [1, 2] {
                    let run = |dst: &mut [f32], read_dst: bool, alpha: f32| unsafe {
                        let (a, b) = ((a.as_ptr(), a_s.0, a_s.1), (b.as_ptr(), b_s.0, b_s.1));
                        assert!(blas.sgemm(dst.as_mut_ptr(), (m, n, k), a, b, read_dst, alpha, threads));
                    };
                    let close = |x: f32, y: f32| (x - y).abs() <= 1e-4 * (1.0 + y.abs());
                    // Not read: BLAS must overwrite, not scale, what was there (NaN * 0 is NaN).
                    let mut dst = vec![f32::NAN; m * n];
                    run(&mut dst, false, 1.0);
                    assert!(dst.iter().zip(&want).all(|(&x, &y)| close(x, y)), "{a_s:?} {b_s:?}");
                    // Read and accumulated with alpha.
                    run(&mut dst, true, -0.5);
                    let half = |(&x, &y): (&f32, &f32)| close(x, 0.5 * y);
                    assert!(dst.iter().zip(&want).all(half), "{a_s:?} {b_s:?} accumulate");
                }
            }
        }
        // A layout CBLAS cannot express is declined, not computed wrongly.
        let (a, b, mut dst) = ([1.0f32; 8], [1.0f32; 4], [0.0f32; 4]);
        assert!(!unsafe {
            blas.sgemm(
                dst.as_mut_ptr(),
                (2, 2, 2),
                (a.as_ptr(), 4, 2),
                (b.as_ptr(), 2, 1),
                false,
                1.0,
                1,
            )
        });
    }
}
