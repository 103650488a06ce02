#!/usr/bin/env python3
"""A model, in PyTorch, of Statecast's GPU path: one batched step of the standard model on CUDA,
with the per-key states either travelling with every step or resident in a table on the device.

This is NOT the Java job. It issues, op for op, the calls that DjlStepKernel and
DjlResidentKernel make through DJL (model-server/src/main/java/io/statecast/cell/djl), from
Python on whatever PyTorch the GPU machine has, so that the device side of the design can be
measured where no JVM runs. Python's per-op dispatch cost is of the same order as DJL's JNI
call, but not the same: read its figures as a model of the DJL path, and the `graph` mode as what
the device can do once launches are out of the way (DJL cannot capture CUDA graphs).

Standard model: 16 inputs, 2 fused LSTM layers of 128, a linear head of horizon 8, fp32, random
weights; the packed state of a key is [h_0 | c_0 | h_1 | c_1] = 512 floats (2 KiB), as in
io.statecast.model.StateLayout.

Modes, per step of B keys out of a table of K:
  copy      DjlStepKernel on the GPU: S (B, 512) and x (B, 16) host -> device, step,
            S' and F (B, 8) device -> host
  resident  DjlResidentKernel: slots (B) int64 and x host -> device, S = T[slots] (index),
            step, T[slots] = S' (index_put_), F device -> host
  graph     the resident step captured once in a CUDA graph, replayed with static buffers
            (pinned host staging, asynchronous copies, one synchronisation per step)
Also: the gather/scatter alone (T[slots], T[slots] = rows), the write-back of the whole table
to the host (what a checkpoint costs), and a check of the resident step against float64 math
on the host.

  python3 bench/gpu_resident.py --out gpu-torch.json [--keys 1048576]
      [--batches 1,16,64,256,1024,4096,16384] [--rounds 5] [--round-ms 200]
Prints a table as it goes and writes one JSON object. Needs PyTorch with CUDA and numpy.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np
import torch

INPUTS, HIDDEN, LAYERS, HORIZON = 16, 128, 2, 8
STATE = LAYERS * 2 * HIDDEN  # [h_0 | c_0 | h_1 | c_1]


def weights(device, seed=1):
    """Fused [W_ih | W_hh] (4H, in + H) and combined bias per layer, as DjlStack builds them."""
    g = torch.Generator().manual_seed(seed)
    layers = []
    for k in range(LAYERS):
        fan_in = (INPUTS if k == 0 else HIDDEN) + HIDDEN
        bound = 1.0 / HIDDEN ** 0.5
        w = (torch.rand(4 * HIDDEN, fan_in, generator=g) * 2 - 1) * bound
        b = (torch.rand(4 * HIDDEN, generator=g) * 2 - 1) * bound
        layers.append((w.to(device), b.to(device)))
    hw = (torch.rand(HORIZON, HIDDEN, generator=g) * 2 - 1) / HIDDEN ** 0.5
    hb = torch.zeros(HORIZON)
    return layers, (hw.to(device), hb.to(device))


def stack_step(model, x, st):
    """DjlPackedStep + DjlStack + DjlCell: slice, per layer cat/linear/split/gates, head, pack."""
    layers, (hw, hb) = model
    u = x
    packed = []
    for k, (w, b) in enumerate(layers):
        h = st[:, k * 2 * HIDDEN:k * 2 * HIDDEN + HIDDEN]  # (B, H) view, as NDIndex ":, a:b"
        c = st[:, k * 2 * HIDDEN + HIDDEN:(k + 1) * 2 * HIDDEN]
        z = torch.nn.functional.linear(torch.cat([u, h], 1), w, b)  # (B, 4H)
        zi, zf, zg, zo = z.split(HIDDEN, 1)
        i = torch.sigmoid(zi)
        f = torch.sigmoid(zf)
        g = torch.tanh(zg)
        c_new = f.mul(c).add(i.mul(g))
        h_new = torch.sigmoid(zo).mul(c_new.tanh())
        packed += [h_new, c_new]
        u = h_new
    forecast = torch.nn.functional.linear(u, hw, hb)  # (B, horizon)
    return torch.cat(packed, 1), forecast  # (B, S), (B, horizon)


def reference(model, x, st):
    """The same step in float64 on the host (numpy), for the check."""
    layers, (hw, hb) = model
    u = x.astype(np.float64)
    st = st.astype(np.float64)
    out = []
    sig = lambda v: 1 / (1 + np.exp(-v))
    for k, (w, b) in enumerate(layers):
        w = w.double().cpu().numpy()
        b = b.double().cpu().numpy()
        h = st[:, k * 2 * HIDDEN:k * 2 * HIDDEN + HIDDEN]
        c = st[:, k * 2 * HIDDEN + HIDDEN:(k + 1) * 2 * HIDDEN]
        z = np.concatenate([u, h], 1) @ w.T + b
        i, f, g, o = (z[:, j * HIDDEN:(j + 1) * HIDDEN] for j in range(4))
        c_new = sig(f) * c + sig(i) * np.tanh(g)
        h_new = sig(o) * np.tanh(c_new)
        out += [h_new, c_new]
        u = h_new
    f = u @ hw.double().cpu().numpy().T + hb.double().cpu().numpy()
    return np.concatenate(out, 1), f


class Batch:
    """One batch size: inputs, slots and host buffers made once."""

    def __init__(self, model, table, batch, seed):
        rng = np.random.default_rng(seed)
        self.model, self.table, self.batch = model, table, batch
        self.x = rng.standard_normal((batch, INPUTS), dtype=np.float32)
        self.slots = rng.choice(table.shape[0], size=batch, replace=False).astype(np.int64)
        self.host_states = (0.1 * rng.standard_normal((batch, STATE))).astype(np.float32)
        self.graph = None

    def copy(self):
        dev = self.table.device
        xs = torch.from_numpy(self.x).to(dev)
        st = torch.from_numpy(self.host_states).to(dev)
        new, f = stack_step(self.model, xs, st)
        self.host_states = new.cpu().numpy()  # (B, S) back to the host
        return f.cpu()

    def resident(self):
        dev = self.table.device
        idx = torch.from_numpy(self.slots).to(dev)
        xs = torch.from_numpy(self.x).to(dev)
        new, f = stack_step(self.model, xs, self.table[idx])
        self.table[idx] = new  # index_put_
        return f.cpu()

    def gather_scatter(self):
        idx = torch.from_numpy(self.slots).to(self.table.device)
        rows = self.table[idx]
        self.table[idx] = rows
        sync(self.table.device)

    def capture(self):
        dev = self.table.device
        self.x_pinned = torch.from_numpy(self.x).pin_memory()
        self.idx_pinned = torch.from_numpy(self.slots).pin_memory()
        self.f_pinned = torch.empty((self.batch, HORIZON)).pin_memory()
        self.x_d = self.x_pinned.to(dev)
        self.idx_d = self.idx_pinned.to(dev)
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for _ in range(3):  # warm up on a side stream before capture, as PyTorch advises
                new, self.f_d = stack_step(self.model, self.x_d, self.table[self.idx_d])
                self.table[self.idx_d] = new
        torch.cuda.current_stream().wait_stream(s)
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            new, self.f_d = stack_step(self.model, self.x_d, self.table[self.idx_d])
            self.table[self.idx_d] = new

    def graphed(self):
        self.x_d.copy_(self.x_pinned, non_blocking=True)
        self.idx_d.copy_(self.idx_pinned, non_blocking=True)
        self.graph.replay()
        self.f_pinned.copy_(self.f_d, non_blocking=True)
        torch.cuda.current_stream().synchronize()
        return self.f_pinned


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def measure(fn, batch, round_ms):
    calls = 0
    t0 = time.perf_counter()
    end = t0 + round_ms / 1000
    while True:
        fn()
        calls += 1
        t = time.perf_counter()
        if t >= end:
            break
    return calls * batch / (t - t0)


def check(model, table):
    """Three resident steps of 64 scattered keys against float64 math on the host."""
    rng = np.random.default_rng(5)
    slots = rng.choice(table.shape[0], size=64, replace=False)
    st = (0.7 * rng.standard_normal((64, STATE))).astype(np.float32)
    idx = torch.from_numpy(slots).to(table.device)
    table[idx] = torch.from_numpy(st).to(table.device)
    ref = st.astype(np.float64)
    err_f = 0.0
    for t in range(3):
        x = rng.standard_normal((64, INPUTS), dtype=np.float32)
        new, f = stack_step(model, torch.from_numpy(x).to(table.device), table[idx])
        table[idx] = new
        ref, want = reference(model, x, ref)
        err_f = max(err_f, float(np.abs(f.cpu().numpy() - want).max()))
    err_s = float(np.abs(table[idx].cpu().numpy() - ref).max())
    return err_s, err_f


def write_back_ms(table, chunk=65536):
    out = np.empty((chunk, STATE), dtype=np.float32)
    times = []
    for rep in range(4):
        sync(table.device)
        t0 = time.perf_counter()
        for start in range(0, table.shape[0], chunk):
            rows = table[start:start + chunk].cpu().numpy()
            out[:rows.shape[0]] = rows
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times[1:])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--keys", type=int, default=1 << 20)
    p.add_argument("--batches", default="1,16,64,256,1024,4096,16384")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--round-ms", type=int, default=200)
    p.add_argument("--out")
    p.add_argument("--device", default="cuda",
                   help="cuda (default), or cpu to try the script where there is no GPU"
                        " (no graph mode; the figures mean nothing)")
    a = p.parse_args()
    if a.device == "cuda" and not torch.cuda.is_available():
        print("no CUDA device visible to PyTorch", file=sys.stderr)
        return 2
    torch.backends.cuda.matmul.allow_tf32 = False  # fp32 products, as the Java kernels
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device(a.device)
    cuda = dev.type == "cuda"
    model = weights(dev)
    report = {
        "what": "PyTorch model of the DJL GPU path (not the Java job)",
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "device": torch.cuda.get_device_name(0) if cuda else "cpu",
        "keys": a.keys,
        "rounds": a.rounds,
        "round_ms": a.round_ms,
        "tf32": False,
        "results": [],
    }
    with torch.inference_mode():
        table = torch.zeros((a.keys, STATE), device=dev)  # (K, S) resident states
        err_s, err_f = check(model, table)
        report["check_max_abs_err_states"] = err_s
        report["check_max_abs_err_forecasts"] = err_f
        print("check: resident step vs float64 on the host: max |err| states %.2e forecasts %.2e"
              % (err_s, err_f), flush=True)
        for batch in [int(b) for b in a.batches.split(",")]:
            if batch > a.keys:
                continue
            b = Batch(model, table, batch, batch)
            modes = {"copy": b.copy, "resident": b.resident}
            if cuda:
                try:
                    b.capture()
                    modes["graph"] = b.graphed
                except RuntimeError as e:  # reported, and the other modes still measured
                    report.setdefault("errors", []).append("batch %d graph: %s" % (batch, e))
                    print("  batch %6d graph capture failed: %s" % (batch, e), flush=True)
            modes["gather_scatter"] = b.gather_scatter
            rates = {m: [] for m in modes}
            for r in range(-2, a.rounds):
                for m, fn in modes.items():
                    rate = measure(fn, batch, a.round_ms)
                    if r >= 0:
                        rates[m].append(rate)
            for m, v in rates.items():
                row = {"batch": batch, "mode": m, "events_per_s": statistics.median(v),
                       "events_per_s_min": min(v), "events_per_s_max": max(v)}
                report["results"].append(row)
                print("  batch %6d %-15s %16s events/s (%s-%s)" % (
                    batch, m, "{:,.0f}".format(row["events_per_s"]),
                    "{:,.0f}".format(min(v)), "{:,.0f}".format(max(v))), flush=True)
            del b
        ms = write_back_ms(table)
        report["write_back_ms"] = ms
        report["write_back_gb_per_s"] = a.keys * STATE * 4 / ms / 1e6
        print("write-back of %d states (%.2f GB) to the host: %.1f ms (%.1f GB/s)" % (
            a.keys, a.keys * STATE * 4 / 1e9, ms, report["write_back_gb_per_s"]), flush=True)
    if a.out:
        with open(a.out, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
