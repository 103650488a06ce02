/*
 * The fast kernel's gate tile written in C, to see whether native code would beat what C2 makes
 * of the Java one (io.statecast.cell.fast.CoreLimit, printed by `./statecast bench --sections
 * kernel` as "one core's limit"). Same shapes: 12 rows x 32 columns (two zmm vectors), A packed
 * [k][12], the weight panels [panel][k][32], one tile per panel over a (K, N) layer. Three probes,
 * each the median of 5 rounds of 300 ms:
 *   peak       12 FMA chains on registers (acc += w * a), no memory operand
 *   intrinsics the tile with _mm512_set1_ps + _mm512_fmadd_ps (gcc emits vbroadcastss + vfmadd)
 *   embedded   the tile with the broadcast folded into the FMA (vfmadd231ps m32{1to16})
 * Built and run by bench/native-tile-probe (needs gcc and an AVX-512 CPU). Not part of the build.
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ROUNDS 5
#define ROUND_NS 300000000L

static volatile float sink;

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

static double peak_call(void) {
  __m512 w = _mm512_set1_ps(0.5f), a = _mm512_set1_ps(1e-6f);
  __m512 c0 = _mm512_set1_ps(0.10f), c1 = _mm512_set1_ps(0.11f), c2 = _mm512_set1_ps(0.12f),
         c3 = _mm512_set1_ps(0.13f), c4 = _mm512_set1_ps(0.14f), c5 = _mm512_set1_ps(0.15f),
         c6 = _mm512_set1_ps(0.16f), c7 = _mm512_set1_ps(0.17f), c8 = _mm512_set1_ps(0.18f),
         c9 = _mm512_set1_ps(0.19f), c10 = _mm512_set1_ps(0.20f), c11 = _mm512_set1_ps(0.21f);
  for (int i = 0; i < 4096; i++) {
    c0 = _mm512_fmadd_ps(w, a, c0); c1 = _mm512_fmadd_ps(w, a, c1); c2 = _mm512_fmadd_ps(w, a, c2);
    c3 = _mm512_fmadd_ps(w, a, c3); c4 = _mm512_fmadd_ps(w, a, c4); c5 = _mm512_fmadd_ps(w, a, c5);
    c6 = _mm512_fmadd_ps(w, a, c6); c7 = _mm512_fmadd_ps(w, a, c7); c8 = _mm512_fmadd_ps(w, a, c8);
    c9 = _mm512_fmadd_ps(w, a, c9); c10 = _mm512_fmadd_ps(w, a, c10); c11 = _mm512_fmadd_ps(w, a, c11);
    __asm__ volatile("" : "+v"(c0), "+v"(c1), "+v"(c2), "+v"(c3), "+v"(c4), "+v"(c5));
    __asm__ volatile("" : "+v"(c6), "+v"(c7), "+v"(c8), "+v"(c9), "+v"(c10), "+v"(c11));
  }
  __m512 s = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(c0, c1), _mm512_add_ps(c2, c3)),
                           _mm512_add_ps(_mm512_add_ps(c4, c5), _mm512_add_ps(c6, c7)));
  s = _mm512_add_ps(s, _mm512_add_ps(_mm512_add_ps(c8, c9), _mm512_add_ps(c10, c11)));
  sink = _mm512_reduce_add_ps(s);
  return 2.0 * 12 * 4096 * 16;
}

#define TILE_BODY(STEP)                                                                          \
  __m512 c00 = _mm512_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,       \
         c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, \
         c70 = c00, c71 = c00, c80 = c00, c81 = c00, c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, \
         cb0 = c00, cb1 = c00;                                                                   \
  for (int k = 0; k < K; k++) {                                                                  \
    __m512 b0 = _mm512_loadu_ps(w + k * 32), b1 = _mm512_loadu_ps(w + k * 32 + 16);             \
    const float* ak = a + k * 12;                                                                \
    STEP(0, c00, c01) STEP(1, c10, c11) STEP(2, c20, c21) STEP(3, c30, c31)                      \
    STEP(4, c40, c41) STEP(5, c50, c51) STEP(6, c60, c61) STEP(7, c70, c71)                      \
    STEP(8, c80, c81) STEP(9, c90, c91) STEP(10, ca0, ca1) STEP(11, cb0, cb1)                    \
  }                                                                                              \
  __m512 t[24] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51,                    \
                  c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1};                   \
  for (int i = 0; i < 24; i++) _mm512_storeu_ps(out + 16 * i, t[i]);

#define STEP_INTRINSICS(i, x0, x1)                 \
  {                                                \
    __m512 av = _mm512_set1_ps(ak[i]);             \
    x0 = _mm512_fmadd_ps(av, b0, x0);              \
    x1 = _mm512_fmadd_ps(av, b1, x1);              \
  }

#define STEP_EMBEDDED(i, x0, x1)                                                \
  __asm__("vfmadd231ps %2%{1to16%}, %3, %0\n\tvfmadd231ps %2%{1to16%}, %4, %1" \
          : "+v"(x0), "+v"(x1)                                                  \
          : "m"(ak[i]), "v"(b0), "v"(b1));

static void tile_intrinsics(int K, const float* a, const float* w, float* out) {
  TILE_BODY(STEP_INTRINSICS)
}

static void tile_embedded(int K, const float* a, const float* w, float* out) {
  TILE_BODY(STEP_EMBEDDED)
}

static int K, N;
static float *A, *W, *OUT;

static double intrinsics_call(void) {
  for (int p = 0; p < N / 32; p++) tile_intrinsics(K, A, W + (size_t)p * K * 32, OUT);
  sink = OUT[5];
  return 2.0 * 12 * K * N;
}

static double embedded_call(void) {
  for (int p = 0; p < N / 32; p++) tile_embedded(K, A, W + (size_t)p * K * 32, OUT);
  sink = OUT[5];
  return 2.0 * 12 * K * N;
}

static int cmp(const void* x, const void* y) {
  double a = *(const double*)x, b = *(const double*)y;
  return (a > b) - (a < b);
}

int main(int argc, char** argv) {
  K = argc > 1 ? atoi(argv[1]) : 256;
  N = argc > 2 ? atoi(argv[2]) : 512;
  if (K < 1 || N < 32 || N % 32 != 0) {
    fprintf(stderr, "usage: fma_tile [K >= 1] [N, a multiple of 32]\n");
    return 2;
  }
  A = aligned_alloc(64, sizeof(float) * 12 * K);
  W = aligned_alloc(64, sizeof(float) * (size_t)K * N);
  OUT = aligned_alloc(64, sizeof(float) * 12 * 32);
  for (int i = 0; i < 12 * K; i++) A[i] = (i % 11 - 5) / 32.0f;
  for (long i = 0; i < (long)K * N; i++) W[i] = (i % 13 - 6) / 64.0f;
  const char* names[3] = {"peak", "intrinsics", "embedded"};
  double (*calls[3])(void) = {peak_call, intrinsics_call, embedded_call};
  double rates[3][ROUNDS];
  for (int round = -2; round < ROUNDS; round++) { /* two warm-up rounds, then the probes in turn */
    for (int p = 0; p < 3; p++) {
      double flops = 0;
      long t0 = now_ns(), t;
      do {
        flops += calls[p]();
        t = now_ns();
      } while (t - t0 < ROUND_NS);
      if (round >= 0) rates[p][round] = flops / (t - t0);
    }
  }
  for (int p = 0; p < 3; p++) {
    qsort(rates[p], ROUNDS, sizeof(double), cmp);
    printf("%-10s %6.1f GFLOP/s (rounds %.1f-%.1f)%s\n", names[p], rates[p][ROUNDS / 2],
           rates[p][0], rates[p][ROUNDS - 1], p == 0 ? "" : "  tile 12 x 32 over (K, N)");
  }
  printf("K %d, N %d\n", K, N);
  return 0;
}
