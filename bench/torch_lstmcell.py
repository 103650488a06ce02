#!/usr/bin/python3
"""PyTorch eager baseline for `statecast bench`: one batched step of an LSTM stack.

Steps the same stack as Statecast's kernels -- nn.LSTMCell per layer (PyTorch gate order
i, f, g, o) and an nn.Linear head on the top layer -- with the weights of an .npz file named as
nn.LSTM names them (weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}, head.weight,
head.bias), in fp32 under torch.no_grad() with torch.set_num_threads(--threads).
A projected stack (LSTMP, Sak et al. 2014: the .npz has weight_hr_l{k}) steps one single-layer
nn.LSTM with proj_size per layer over a sequence of length 1 instead, since nn.LSTMCell has no
projection: PyTorch's own LSTMP step.

Standalone:  /usr/bin/python3 bench/torch_lstmcell.py --weights W.npz --layers 2 \
                 [--batches 1,16,64,256,1024,4096] [--rounds 9] [--round-ms 300]
  prints one JSON object: {"torch": version, "threads": n, "results": [{"batch", "wall", "cpu"}]}
  with the medians over rounds of events/s (wall clock and this thread's CPU time).
Checked (--check X.npz --out F.npz): steps the sequence x (T, B, I) from zero states and writes
  its forecasts, "forecast" (T, B, horizon), so that a test can hold this baseline to the model
  Statecast's kernels compute (io.statecast.bench.TorchBaselineTest).
Served (--serve): prints {"torch": version} when ready, then answers each stdin line
  "<batch> <round ms>" with one JSON line {"batch", "wall", "cpu"} for one round, so that the
  Java side can interleave its rounds with these.
Needs Debian's python3-torch (apt-get install python3-torch) and python3-numpy; install an
optimized BLAS too (apt-get install libopenblas0-pthread): without one, Debian's PyTorch runs its
matrix products on the netlib reference BLAS, an order of magnitude slower. The BLAS in use is
reported ("blas").
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np
import torch


def tensor(w, name):
    return torch.from_numpy(w[name].astype(np.float32))


class ProjectedCell:
    """One LSTMP layer stepped once: a single-layer nn.LSTM with proj_size on a sequence of 1.
    States are kept as (1, batch, .) tensors, as nn.LSTM takes them."""

    def __init__(self, w, k):
        w_ih, w_hh, w_hr = (tensor(w, n % k) for n in
                            ("weight_ih_l%d", "weight_hh_l%d", "weight_hr_l%d"))
        self.input_size, self.hidden_size, self.output_size = (
            w_ih.shape[1], w_hr.shape[1], w_hr.shape[0])
        self.lstm = torch.nn.LSTM(self.input_size, self.hidden_size, proj_size=self.output_size)
        self.lstm.weight_ih_l0.copy_(w_ih)
        self.lstm.weight_hh_l0.copy_(w_hh)
        self.lstm.weight_hr_l0.copy_(w_hr)
        self.lstm.bias_ih_l0.copy_(tensor(w, "bias_ih_l%d" % k))
        self.lstm.bias_hh_l0.copy_(tensor(w, "bias_hh_l%d" % k))

    def zeros(self, batch):
        return torch.zeros(1, batch, self.output_size), torch.zeros(1, batch, self.hidden_size)

    def __call__(self, inp, hc):
        out, hc = self.lstm(inp.unsqueeze(0), hc)
        return out[0], hc


def build(weights_path, layers):
    w = np.load(weights_path)
    cells = []
    for k in range(layers):
        if "weight_hr_l%d" % k in w:
            cells.append(ProjectedCell(w, k))
            continue
        w_ih = tensor(w, "weight_ih_l%d" % k)
        w_hh = tensor(w, "weight_hh_l%d" % k)
        cell = torch.nn.LSTMCell(w_ih.shape[1], w_hh.shape[1])
        cell.weight_ih.copy_(w_ih)
        cell.weight_hh.copy_(w_hh)
        cell.bias_ih.copy_(tensor(w, "bias_ih_l%d" % k))
        cell.bias_hh.copy_(tensor(w, "bias_hh_l%d" % k))
        cells.append(cell)
    hw = torch.from_numpy(w["head.weight"].astype(np.float32))
    head = torch.nn.Linear(hw.shape[1], hw.shape[0])
    head.weight.copy_(hw)
    head.bias.copy_(torch.from_numpy(w["head.bias"].astype(np.float32)))
    return cells, head


class Stepper:
    """One batch size: inputs and states allocated once, stepped in place."""

    def __init__(self, cells, head, batch):
        g = torch.Generator().manual_seed(batch)
        self.cells, self.head = cells, head
        self.x = torch.randn(batch, cells[0].input_size, generator=g)
        self.hc = [c.zeros(batch) if isinstance(c, ProjectedCell)
                   else (torch.zeros(batch, c.hidden_size), torch.zeros(batch, c.hidden_size))
                   for c in cells]
        self.batch = batch

    def step(self):
        inp = self.x
        for k, cell in enumerate(self.cells):
            if isinstance(cell, ProjectedCell):
                inp, self.hc[k] = cell(inp, self.hc[k])
            else:
                self.hc[k] = cell(inp, self.hc[k])
                inp = self.hc[k][0]
        return self.head(inp)

    def round(self, round_ms):
        steps = 0
        cpu0, t0 = time.thread_time(), time.perf_counter()
        end = t0 + round_ms / 1000.0
        t = t0
        while t < end:
            self.step()
            steps += 1
            t = time.perf_counter()
        cpu = max(time.thread_time() - cpu0, 1e-9)
        events = steps * self.batch
        return {"batch": self.batch, "wall": events / (t - t0), "cpu": events / cpu}


def blas_library():
    """The BLAS library PyTorch loaded (Debian's python3-torch calls libblas.so.3, which is the slow
    netlib reference unless an optimized one such as libopenblas0-pthread provides it)."""
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(libs)) or "built in"
    except OSError:
        return "unknown"


def serve(cells, head):
    steppers = {}
    print(json.dumps({"torch": torch.__version__, "blas": blas_library()}), flush=True)
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 2:
            continue
        batch, round_ms = int(parts[0]), float(parts[1])
        if batch not in steppers:
            steppers[batch] = Stepper(cells, head, batch)
        print(json.dumps(steppers[batch].round(round_ms)), flush=True)


def standalone(cells, head, batches, rounds, round_ms, threads):
    results = []
    for b in batches:
        s = Stepper(cells, head, b)
        s.round(round_ms)  # warm-up
        s.round(round_ms)
        r = [s.round(round_ms) for _ in range(rounds)]
        results.append({"batch": b,
                        "wall": statistics.median(x["wall"] for x in r),
                        "cpu": statistics.median(x["cpu"] for x in r)})
    print(json.dumps({"torch": torch.__version__, "blas": blas_library(), "threads": threads,
                      "results": results}))


def check(cells, head, x_path, out_path):
    x = torch.from_numpy(np.load(x_path)["x"].astype(np.float32))
    s = Stepper(cells, head, x.shape[1])
    forecasts = []
    for t in range(x.shape[0]):
        s.x = x[t]
        forecasts.append(s.step())
    np.savez(out_path, forecast=torch.stack(forecasts).numpy())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--weights", required=True)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batches", default="1,16,64,256,1024,4096")
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--round-ms", type=float, default=300)
    p.add_argument("--serve", action="store_true")
    p.add_argument("--check", metavar="X.npz")
    p.add_argument("--out", metavar="F.npz")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_grad_enabled(False)
    cells, head = build(a.weights, a.layers)
    if a.check:
        check(cells, head, a.check, a.out)
    elif a.serve:
        serve(cells, head)
    else:
        batches = [int(b) for b in a.batches.split(",")]
        standalone(cells, head, batches, a.rounds, a.round_ms, a.threads)


if __name__ == "__main__":
    with torch.no_grad():
        main()
