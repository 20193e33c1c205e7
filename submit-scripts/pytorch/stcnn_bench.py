#!/usr/bin/python3
"""The ST-CNN of ModelBench's stcnn-mnist28 / stcnn-rts42 workloads in PyTorch, for a side-by-side
reference on the same machine (issue 7): steady-state ms per training iteration (forward, backward,
Adam step) at batch 64, for each thread count given.

Same model as io.attendspark.models.stn.StnModels: localisation net conv 20x5x5 -> maxpool 2 -> relu
-> conv 20x5x5 -> maxpool 2 -> relu -> fc 20 relu -> fc 6 (identity start), affine grid + bilinear
sampler (align_corners=False, zero padding), classifier conv 32x5x5 -> maxpool 2 -> relu -> conv
64x5x5 -> maxpool 2 -> relu -> fc 256 relu -> fc 10, softmax cross-entropy, Adam 1e-3.

Needs PyTorch (Debian: apt-get install python3-torch, plus an optimised BLAS such as
libopenblas0-pthread: Debian's torch otherwise uses the reference BLAS, ~10x slower matmuls);
not part of the build.
    /usr/bin/python3 submit-scripts/pytorch/stcnn_bench.py [SIZES] [THREADS] [WARMUP] [STEPS]
    e.g. /usr/bin/python3 submit-scripts/pytorch/stcnn_bench.py 28,42 1,2 3 20
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from timing import ints, ms_per_step


def after_conv_pool(n, k=5):
    return ((n - k + 1) // 2 - k + 1) // 2


class StCnn(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.loc1 = nn.Conv2d(1, 20, 5)
        self.loc2 = nn.Conv2d(20, 20, 5)
        self.loc3 = nn.Linear(20 * after_conv_pool(size) ** 2, 20)
        self.theta = nn.Linear(20, 6)
        nn.init.zeros_(self.theta.weight)
        with torch.no_grad():
            self.theta.bias.copy_(torch.tensor([1.0, 0, 0, 0, 1.0, 0]))
        self.conv1 = nn.Conv2d(1, 32, 5)
        self.conv2 = nn.Conv2d(32, 64, 5)
        self.dense = nn.Linear(64 * after_conv_pool(size) ** 2, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, x):
        h = F.relu(F.max_pool2d(self.loc1(x), 2))
        h = F.relu(F.max_pool2d(self.loc2(h), 2))
        h = F.relu(self.loc3(h.flatten(1)))
        theta = self.theta(h).view(-1, 2, 3)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        v = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        h = F.relu(F.max_pool2d(self.conv1(v), 2))
        h = F.relu(F.max_pool2d(self.conv2(h), 2))
        h = F.relu(self.dense(h.flatten(1)))
        return self.out(h)


def bench(size, threads, warmup, steps):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = StCnn(size)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(64, 1, size, size)
    y = torch.arange(64) % 10
    def step():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    return ms_per_step(step, warmup, steps)


def main():
    sizes = ints(sys.argv[1] if len(sys.argv) > 1 else None, "28,42")
    threads = ints(sys.argv[2] if len(sys.argv) > 2 else None, "1,2")
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    steps = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    print(f"torch {torch.__version__}, {torch.get_num_threads()} default threads, mkldnn {torch.backends.mkldnn.is_available()}")
    print("workload,batch,threads,ms_per_iter,examples_per_s")
    for size in sizes:
        for n in threads:
            ms = bench(size, n, warmup, steps)
            print(f"stcnn-{'mnist28' if size == 28 else 'rts' + str(size)}-pytorch,64,{n},{ms:.1f},{64000 / ms:.1f}")


if __name__ == "__main__":
    main()
