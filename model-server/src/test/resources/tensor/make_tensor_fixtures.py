#!/usr/bin/env python3
"""Small NumPy-written files for the io.statecast.tensor tests (run here with numpy >= 1.17).

numpy_features.npz (np.savez_compressed, so its entries are deflated):
  f2          float16 (2, 3)  [[0.1, -2.5, 65504], [6e-8 (subnormal), inf, -0.0]]
  be_f8       >f8 (2, 3)      arange(6) * 0.5 + 0.1, big-endian
  fortran_i4  <i4 (3, 4)      arange(12).reshape(3, 4), stored column-major (fortran_order True)
  scalar_i8   <i8 ()          -7
  empty_f4    <f4 (0, 3)
  big_i8      <i8 (2,)        [2**53, -2**53]
v2_f4.npy, v3_f4.npy: arange(6, dtype=float32).reshape(2, 3) / 4 written with format 2.0 and 3.0.
save_f8_2x3.npy, save_f4_scalar.npy, save_i8_5.npy: np.save of arange(6.).reshape(2, 3) - 1.5,
  float32(3.25) and arange(5) - 2 (int64): our writer must produce the same bytes.
"""
import numpy as np
from numpy.lib import format as npformat

np.savez_compressed(
    "numpy_features.npz",
    f2=np.array([[0.1, -2.5, 65504], [6e-8, np.inf, -0.0]], dtype=np.float16),
    be_f8=(np.arange(6).reshape(2, 3) * 0.5 + 0.1).astype(">f8"),
    fortran_i4=np.asfortranarray(np.arange(12, dtype="<i4").reshape(3, 4)),
    scalar_i8=np.array(-7, dtype=np.int64),
    empty_f4=np.zeros((0, 3), np.float32),
    big_i8=np.array([2**53, -(2**53)], dtype=np.int64),
)
a = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
for version, name in (((2, 0), "v2_f4.npy"), ((3, 0), "v3_f4.npy")):
    with open(name, "wb") as f:
        npformat.write_array(f, a, version=version)
np.save("save_f8_2x3.npy", np.arange(6.0).reshape(2, 3) - 1.5)
np.save("save_f4_scalar.npy", np.float32(3.25))
np.save("save_i8_5.npy", np.arange(5, dtype=np.int64) - 2)
