#!/usr/bin/env python3
"""Golden values for the Optimizers tests, computed independently with numpy.

Each update rule is written here straight from its paper or textbook,
in float64, without looking at the Swift code's loop structure: Adam with
explicit bias-corrected moments (Kingma & Ba, algorithm 1), Nesterov
momentum in the look-ahead-gradient form of Sutskever et al. (2013), whose
gradient is constant here, so the look-ahead point only matters through
the reparametrized parameter buffer, and so on. The Swift tests run the
same hyperparameters on the same fixed gradients and compare.

Regenerate (the output is committed, not produced at test time):

    python3 scripts/optimizer-golden.py > Tests/OptimizersTests/GoldenValues.swift
    swift format -i Tests/OptimizersTests/GoldenValues.swift
"""

import math

import numpy as np

W0 = np.array([0.5, -1.2, 2.0, 0.0, -0.3])
GRADIENTS = np.array([
    [0.8, -0.5, 1.5, 0.0, -2.0],
    [0.6, 0.4, 1.2, 0.1, -1.5],
    [-0.3, 0.3, 1.0, -0.2, 2.5],
    [0.2, -0.6, 0.9, 0.0, 0.7],
])


# Learning-rate multipliers m(k), k = number of earlier updates.
def constant(k):
    return 1.0


def exponential_decay(a):
    return lambda k: math.exp(-a * k)


def inverse_decay(a):
    return lambda k: 1.0 / (1.0 + a * k)


def step_decay(factor, interval):
    return lambda k: factor ** (k // interval)


# Gradient clipping.
def no_clip(g):
    return g


def clip_value(lo, hi):
    return lambda g: np.clip(g, lo, hi)


def clip_norm(t):
    def clip(g):
        n = np.linalg.norm(g)
        return g * (t / n) if n > t else g
    return clip


def run(rule, schedule=constant, clip=no_clip):
    """The parameters after each update, starting from W0."""
    w = W0.copy()
    state = {}
    out = []
    for k, g in enumerate(GRADIENTS):
        w = rule(w, clip(g), schedule(k), k, state)
        out.append(w.copy())
    return out


def gradient_descent(lr):
    def rule(w, g, m, k, s):
        return w - lr * m * g
    return rule


def momentum(lr, beta):
    # Polyak (1964); Goodfellow et al. (2016), algorithm 8.2: v = beta v - gamma g, w = w + v.
    def rule(w, g, m, k, s):
        v = beta * s.get("v", 0.0) - lr * m * g
        s["v"] = v
        return w + v
    return rule


def nesterov(lr, beta):
    # Sutskever et al. (2013): v = beta v - gamma grad L(theta + beta v),
    # theta = theta + v. The buffer holds the look-ahead point
    # u = theta + beta v, and the gradient (fixed here) is taken at u.
    def rule(u, g, m, k, s):
        v_old = s.get("v", np.zeros_like(u))
        theta = s.get("theta", u.copy())  # u(0) = theta(0) since v(0) = 0
        v = beta * v_old - lr * m * g
        theta = theta + v
        s["v"], s["theta"] = v, theta
        return theta + beta * v
    return rule


def adagrad(lr, eps, initial):
    # Duchi et al. (2011), with PyTorch's epsilon outside the root.
    def rule(w, g, m, k, s):
        a = s.get("a", np.full_like(w, initial)) + g * g
        s["a"] = a
        return w - lr * m * g / (np.sqrt(a) + eps)
    return rule


def rmsprop(lr, rho, eps):
    # T. Tieleman and G. Hinton (2012), "Neural Networks for Machine
    # Learning" (Coursera), lecture 6.5: the course that published RMSProp.
    def rule(w, g, m, k, s):
        a = rho * s.get("a", 0.0) + (1 - rho) * g * g
        s["a"] = a
        return w - lr * m * g / (np.sqrt(a) + eps)
    return rule


def nesterov_rmsprop(lr, rho, beta, eps):
    # Goodfellow et al., algorithm 8.6, tracked with the true iterate theta;
    # the buffer holds the look-ahead point theta + beta v.
    def rule(u, g, m, k, s):
        theta = s.get("theta", u.copy())
        v = s.get("v", np.zeros_like(u))
        r = rho * s.get("r", 0.0) + (1 - rho) * g * g
        v = beta * v - lr * m * g / (np.sqrt(r) + eps)
        theta = theta + v
        s["theta"], s["v"], s["r"] = theta, v, r
        return theta + beta * v
    return rule


def adadelta(lr, rho, eps):
    # Zeiler (2012), algorithm 1; lr scales the applied step only.
    def rule(w, g, m, k, s):
        eg = rho * s.get("eg", 0.0) + (1 - rho) * g * g
        ed = s.get("ed", np.zeros_like(w))
        dx = -np.sqrt(ed + eps) / np.sqrt(eg + eps) * g
        s["eg"], s["ed"] = eg, rho * ed + (1 - rho) * dx * dx
        return w + lr * m * dx
    return rule


def adam(lr, b1, b2, eps):
    # Kingma & Ba (2015), algorithm 1.
    def rule(w, g, m, k, s):
        t = k + 1
        mom = b1 * s.get("m", 0.0) + (1 - b1) * g
        vel = b2 * s.get("v", 0.0) + (1 - b2) * g * g
        s["m"], s["v"] = mom, vel
        mhat = mom / (1 - b1 ** t)
        vhat = vel / (1 - b2 ** t)
        return w - lr * m * mhat / (np.sqrt(vhat) + eps)
    return rule


def adamw(lr, wd, b1, b2, eps):
    # Loshchilov & Hutter (2019), algorithm 2, with the decay scaled by the
    # learning rate as PyTorch's AdamW does: first w <- w - gamma lambda w,
    # then Adam's step from the decayed weights.
    adam_step = adam(lr, b1, b2, eps)

    def rule(w, g, m, k, s):
        return adam_step(w - lr * m * wd * w, g, m, k, s)
    return rule


def delta_bar_delta(lr, kappa, phi, theta):
    # Jacobs (1988): adapt each rate from the sign of bar(k-1) * g(k), then
    # step with the new rate, then update the exponential average bar.
    def rule(w, g, m, k, s):
        eta = s.get("eta", np.full_like(w, lr))
        bar = s.get("bar", np.zeros_like(w))
        agree = bar * g
        eta = np.where(agree > 0, eta + kappa, np.where(agree < 0, eta * (1 - phi), eta))
        s["eta"], s["bar"] = eta, (1 - theta) * g + theta * bar
        return w - m * eta * g
    return rule


CASES = [
    ("gradientDescent", run(gradient_descent(0.1))),
    ("momentum", run(momentum(0.1, 0.9))),
    ("nesterovMomentum", run(nesterov(0.1, 0.9))),
    ("adaGrad", run(adagrad(0.1, 1e-10, 0.1))),
    ("rmsProp", run(rmsprop(0.01, 0.9, 1e-8))),
    ("nesterovRMSProp", run(nesterov_rmsprop(0.01, 0.9, 0.9, 1e-8))),
    ("adadelta", run(adadelta(1.0, 0.95, 1e-6))),
    ("adam", run(adam(0.01, 0.9, 0.999, 1e-8))),
    ("deltaBarDelta", run(delta_bar_delta(0.1, 0.05, 0.2, 0.5))),
    ("adamW", run(adamw(0.01, 0.1, 0.9, 0.999, 1e-8))),
    # Options: schedules and clipping, on both the BLAS and the loop paths.
    ("gradientDescentValueClippedExponential",
     run(gradient_descent(0.1), exponential_decay(0.1), clip_value(-1.0, 1.0))),
    ("gradientDescentNormClipped", run(gradient_descent(0.1), clip=clip_norm(1.0))),
    ("momentumValueClipped", run(momentum(0.1, 0.9), clip=clip_value(-1.0, 0.5))),
    ("momentumNormClippedInverse",
     run(momentum(0.1, 0.9), inverse_decay(0.5), clip_norm(1.0))),
    ("nesterovMomentumValueClippedInverse",
     run(nesterov(0.1, 0.9), inverse_decay(0.5), clip_value(-1.0, 0.5))),
    ("nesterovMomentumStep", run(nesterov(0.1, 0.9), step_decay(0.5, 2))),
    ("adamNormClippedStep",
     run(adam(0.01, 0.9, 0.999, 1e-8), step_decay(0.5, 2), clip_norm(1.0))),
    ("adamWInverse", run(adamw(0.01, 0.5, 0.9, 0.999, 1e-8), inverse_decay(0.5))),
    ("deltaBarDeltaValueClippedExponential",
     run(delta_bar_delta(0.1, 0.05, 0.2, 0.5), exponential_decay(0.1),
         clip_value(-1.0, 1.0))),
]

# Schedules: m(k) for k = 0..6.
SCHEDULES = [
    ("exponentialDecay", [exponential_decay(0.1)(k) for k in range(7)]),
    ("inverseDecay", [inverse_decay(0.5)(k) for k in range(7)]),
    ("stepDecay", [step_decay(0.5, 3)(k) for k in range(7)]),
]

# Clipping of the first fixed gradient.
CLIPPED = [
    ("byValue", clip_value(-1.0, 1.0)(GRADIENTS[0])),
    ("byNorm", clip_norm(1.0)(GRADIENTS[0])),
]


# TensorFlow's ExponentialMovingAverage warm-up: the decay at update t
# (t = 0 for the first) is min(beta, (1 + t) / (10 + t)).
def warm_up_decay(beta, t):
    return min(beta, (1 + t) / (10 + t))


# Polyak averages of the fixed gradients read as parameter vectors w(1..4),
# from closed formulas (sums of weighted iterates, not recursions), beta = 0.8.
def polyak(kind, beta=0.8):
    out = []
    for k in range(1, len(GRADIENTS) + 1):
        ws = GRADIENTS[:k]
        if kind == "uniform":
            out.append(ws.mean(axis=0))
        elif kind == "geometric":
            weights = np.array([beta ** (k - i) for i in range(1, k + 1)])
            out.append((weights[:, None] * ws).sum(axis=0) / weights.sum())
        else:
            # The exponential average starts at w(1) (TensorFlow's shadow
            # variables start at the variables' values) and w(i) enters at
            # update t = i - 1 with weight 1 - d(i - 1); every later update t
            # scales it by d(t). w(1)'s weight is the product alone.
            weights = np.array([
                (1.0 if i == 1 else 1 - warm_up_decay(beta, i - 1))
                * math.prod(warm_up_decay(beta, t) for t in range(i, k))
                for i in range(1, k + 1)
            ])
            out.append((weights[:, None] * ws).sum(axis=0))
    return out


AVERAGES = [(kind, polyak(kind)) for kind in ("uniform", "geometric", "exponential")]


def literal(x):
    return repr(float(x))


def vector(v):
    return "[" + ", ".join(literal(x) for x in v) + "]"


def matrix(rows):
    return "[\n" + "".join(f"        {vector(r)},\n" for r in rows) + "    ]"


print("// Generated by scripts/optimizer-golden.py (numpy, float64); do not edit.")
print("// Regenerate with the commands in that script's docstring.")
print()
print("/// Golden values computed independently of the Swift code.")
print("enum Golden {")
print(f"    /// The parameters before the first update.")
print(f"    static let initialParameters: [Double] = {vector(W0)}")
print(f"    /// The gradient passed to update k (fixed, not a function of w).")
print(f"    static let gradients: [[Double]] = {matrix(GRADIENTS)}")
for name, rows in CASES:
    print(f"    /// Parameters after each update: {name}.")
    print(f"    static let {name}: [[Double]] = {matrix(rows)}")
for name, values in SCHEDULES:
    print(f"    /// Schedule multipliers m(0...6): {name}.")
    print(f"    static let {name}: [Double] = {vector(values)}")
for name, values in CLIPPED:
    print(f"    /// The first gradient clipped {name}.")
    print(f"    static let clipped{name[0].upper() + name[1:]}: [Double] = {vector(values)}")
for name, rows in AVERAGES:
    print(f"    /// The {name} average (beta = 0.8) of gradients[0...k], k = 0..3.")
    print(f"    static let {name}Average: [[Double]] = {matrix(rows)}")
print("}")
