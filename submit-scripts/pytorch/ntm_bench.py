#!/usr/bin/python3
"""The NTM of ModelBench's ntm-copy workload in PyTorch, for a side-by-side reference on the same
machine (issue 7): steady-state ms per training iteration (41 steps forward, BPTT, Adam step) at
batch 16.

Sizes as io.attendspark.models.ntm.NtmConfig.defaults() for the copy task: 9 input and 8 output
bits, LSTM controller 100, memory 128 x 20, one read and one write head with content addressing
(cosine, key strength beta), interpolation g, shift over {-1, 0, 1}, sharpening gamma, erase/add
writes (Graves et al. 2014, eqs. (2)-(9)); sigmoid cross-entropy on every step.

Needs PyTorch (Debian: apt-get install python3-torch, plus an optimised BLAS such as
libopenblas0-pthread: Debian's torch otherwise uses the reference BLAS); not part of the build.
    /usr/bin/python3 submit-scripts/pytorch/ntm_bench.py [THREADS] [WARMUP] [ITERS]
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from timing import ints, ms_per_step

N, M, CTRL, IN, OUT, STEPS, BATCH = 128, 20, 100, 9, 8, 41, 16


def address(params, memory, w_prev):
    """eqs. (5)-(9): content, interpolation, shift, sharpening."""
    k, beta, g, s, gamma = params.split([M, 1, 1, 3, 1], 1)
    beta, g, s, gamma = F.softplus(beta), torch.sigmoid(g), F.softmax(s, 1), 1 + F.softplus(gamma)
    sim = F.cosine_similarity(memory, k.unsqueeze(1), dim=2, eps=1e-8)
    w = F.softmax(beta * sim, 1)                                                  # eq. (5)
    w = g * w + (1 - g) * w_prev                                                  # eq. (7)
    w = s[:, :1] * torch.roll(w, 1, 1) + s[:, 1:2] * w + s[:, 2:] * torch.roll(w, -1, 1)   # eq. (8)
    w = w ** gamma
    return w / (w.sum(1, keepdim=True) + 1e-16)                                   # eq. (9)


class Ntm(nn.Module):
    def __init__(self):
        super().__init__()
        self.controller = nn.LSTMCell(IN + M, CTRL)
        self.read_head = nn.Linear(CTRL, M + 6)
        self.write_head = nn.Linear(CTRL, M + 6 + 2 * M)
        self.output = nn.Linear(CTRL + M, OUT)

    def forward(self, x):
        b = x.shape[1]
        h = c = x.new_zeros(b, CTRL)
        memory = x.new_full((b, N, M), 1e-6)
        w_read = w_write = x.new_zeros(b, N)
        r = x.new_zeros(b, M)
        ys = []
        for t in range(x.shape[0]):
            h, c = self.controller(torch.cat([x[t], r], 1), (h, c))
            wp = self.write_head(h)
            w_write = address(wp[:, :M + 6], memory, w_write)
            e, a = torch.sigmoid(wp[:, M + 6:2 * M + 6]), wp[:, 2 * M + 6:]
            memory = memory * (1 - w_write.unsqueeze(2) * e.unsqueeze(1)) + w_write.unsqueeze(2) * a.unsqueeze(1)  # eqs. (3)-(4)
            w_read = address(self.read_head(h), memory, w_read)
            r = (w_read.unsqueeze(2) * memory).sum(1)                                 # eq. (2)
            ys.append(self.output(torch.cat([h, r], 1)))
        return torch.stack(ys)


def bench(threads, warmup, iters):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Ntm()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = (torch.rand(STEPS, BATCH, IN) > 0.5).float()
    y = (torch.rand(STEPS, BATCH, OUT) > 0.5).float()

    def step():
        opt.zero_grad()
        F.binary_cross_entropy_with_logits(model(x), y).backward()
        nn.utils.clip_grad_norm_(model.parameters(), 10)
        opt.step()

    return ms_per_step(step, warmup, iters)


def main():
    threads = ints(sys.argv[1] if len(sys.argv) > 1 else None, "1,2")
    warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    iters = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    print(f"torch {torch.__version__}")
    print("workload,batch,threads,ms_per_iter,examples_per_s")
    for n in threads:
        ms = bench(n, warmup, iters)
        print(f"ntm-copy-pytorch,{BATCH},{n},{ms:.1f},{BATCH * 1000 / ms:.1f}")


if __name__ == "__main__":
    main()
