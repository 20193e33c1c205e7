#!/usr/bin/python3
"""DRAW with attention (Gregor et al. 2015) in PyTorch at the sizes of ModelBench's draw-t10 /
draw-t64 workloads, for a side-by-side reference on the same machine (issue 7): steady-state ms
per training iteration (forward over T glimpses, backward, Adam step) at batch 64.

Paper sizes as in io.attendspark.models.draw.DrawConfig.paper(): 28x28 binary images, encoder
and decoder LSTM 256, z 100, read 2x2 and write 5x5 Gaussian filterbanks (g_x, g_y, log sigma^2,
log delta, log gamma from a linear layer of h_dec), canvas over T steps, loss = Bernoulli
cross-entropy of sigmoid(c_T) + KL, mean over the batch.

Needs PyTorch (Debian: apt-get install python3-torch, plus an optimised BLAS such as
libopenblas0-pthread: Debian's torch otherwise uses the reference BLAS, ~10x slower matmuls);
not part of the build.
    /usr/bin/python3 submit-scripts/pytorch/draw_bench.py [STEPS_T] [THREADS] [WARMUP] [ITERS]
    e.g. /usr/bin/python3 submit-scripts/pytorch/draw_bench.py 10,64 1,2 3 10
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from timing import ints, ms_per_step

A = B = 28


class Draw(nn.Module):
    def __init__(self, steps, read_n=2, write_n=5, enc=256, dec=256, z=100):
        super().__init__()
        self.steps, self.read_n, self.write_n, self.z = steps, read_n, write_n, z
        self.encoder = nn.LSTMCell(2 * read_n * read_n + dec, enc)
        self.decoder = nn.LSTMCell(z, dec)
        self.mu = nn.Linear(enc, z)
        self.log_sigma = nn.Linear(enc, z)
        self.read_attention = nn.Linear(dec, 5)
        self.write_attention = nn.Linear(dec, 5)
        self.write_patch = nn.Linear(dec, write_n * write_n)

    @staticmethod
    def filterbank(params, n):
        gx_, gy_, log_sigma2, log_delta, log_gamma = params.split(1, 1)
        gx = (A + 1) / 2 * (gx_ + 1)                                     # eq. (22)
        gy = (B + 1) / 2 * (gy_ + 1)                                     # eq. (23)
        delta = (max(A, B) - 1) / max(n - 1, 1) * torch.exp(log_delta)   # eq. (24)
        sigma2 = torch.exp(log_sigma2)
        grid = torch.arange(n, dtype=params.dtype) - n / 2 - 0.5
        mu_x = gx + grid * delta                                         # eq. (19)
        mu_y = gy + grid * delta                                         # eq. (20)
        a = torch.arange(A, dtype=params.dtype)
        b = torch.arange(B, dtype=params.dtype)
        fx = torch.exp(-(a - mu_x.unsqueeze(2)) ** 2 / (2 * sigma2.unsqueeze(2)))   # eq. (25)
        fy = torch.exp(-(b - mu_y.unsqueeze(2)) ** 2 / (2 * sigma2.unsqueeze(2)))   # eq. (26)
        fx = fx / (fx.sum(2, keepdim=True) + 1e-8)
        fy = fy / (fy.sum(2, keepdim=True) + 1e-8)
        return fx, fy, torch.exp(log_gamma)

    def forward(self, x):
        batch = x.shape[0]
        img = x.view(batch, B, A)
        h_enc = c_enc = x.new_zeros(batch, self.encoder.hidden_size)
        h_dec = c_dec = x.new_zeros(batch, self.decoder.hidden_size)
        canvas = x.new_zeros(batch, B, A)
        kl = 0
        for _ in range(self.steps):
            x_hat = img - torch.sigmoid(canvas)                                             # eq. (3)
            fx, fy, gamma = self.filterbank(self.read_attention(h_dec), self.read_n)
            read = lambda im: (fy @ im @ fx.transpose(1, 2)).flatten(1)                     # eq. (27)
            r = gamma * torch.cat([read(img), read(x_hat)], 1)
            h_enc, c_enc = self.encoder(torch.cat([r, h_dec], 1), (h_enc, c_enc))            # eq. (5)
            mu, log_sigma = self.mu(h_enc), self.log_sigma(h_enc)
            z = mu + torch.exp(log_sigma) * torch.randn_like(mu)                              # eq. (6)
            h_dec, c_dec = self.decoder(z, (h_dec, c_dec))                                   # eq. (7)
            fx, fy, gamma = self.filterbank(self.write_attention(h_dec), self.write_n)
            w = self.write_patch(h_dec).view(batch, self.write_n, self.write_n)
            canvas = canvas + (fy.transpose(1, 2) @ w @ fx) / gamma.unsqueeze(2)             # eq. (29)
            kl = kl + 0.5 * (mu ** 2 + torch.exp(2 * log_sigma) - 2 * log_sigma - 1).sum(1)   # eq. (11)
        rec = F.binary_cross_entropy_with_logits(canvas.flatten(1), x.flatten(1), reduction="none").sum(1)
        return (rec + kl).mean()


def bench(steps, threads, warmup, iters):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Draw(steps)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = (torch.rand(64, 1, B, A) > 0.5).float()

    def step():
        opt.zero_grad()
        model(x).backward()
        opt.step()

    return ms_per_step(step, warmup, iters)


def main():
    steps = ints(sys.argv[1] if len(sys.argv) > 1 else None, "10,64")
    threads = ints(sys.argv[2] if len(sys.argv) > 2 else None, "1,2")
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    iters = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    print(f"torch {torch.__version__}")
    print("workload,batch,threads,ms_per_iter,examples_per_s")
    for t in steps:
        for n in threads:
            ms = bench(t, n, warmup, iters)
            print(f"draw-t{t}-pytorch,64,{n},{ms:.1f},{64000 / ms:.1f}")


if __name__ == "__main__":
    main()
