import math

import torch

from dpo_loss import dpo_loss, sequence_logps


def test_equal_margins_give_log_2():
    # No preference either way: σ(0) = 0.5, the loss is log 2.
    x = torch.tensor([-3.0, -5.0])
    loss, chosen, rejected = dpo_loss(x, x, x, x, beta=0.1)
    assert math.isclose(loss.item(), math.log(2), rel_tol=1e-6)
    assert torch.allclose(chosen, torch.zeros(2)) and torch.allclose(rejected, torch.zeros(2))


def test_matches_the_formula_by_hand():
    # One pair: policy favours the chosen answer by 2 nats more than the reference does; β = 0.5 → margin 1.
    loss, chosen, rejected = dpo_loss(
        torch.tensor([-1.0]), torch.tensor([-4.0]), torch.tensor([-2.0]), torch.tensor([-3.0]), beta=0.5
    )
    assert math.isclose(loss.item(), -math.log(1 / (1 + math.exp(-1.0))), rel_tol=1e-6)  # = log(1 + e^-1) = 0.3133
    assert math.isclose(chosen.item(), 0.5) and math.isclose(rejected.item(), -0.5)


def test_gradient_raises_chosen_and_lowers_rejected():
    pc = torch.tensor([-2.0], requires_grad=True)
    pr = torch.tensor([-2.0], requires_grad=True)
    loss, _, _ = dpo_loss(pc, pr, torch.tensor([-2.0]), torch.tensor([-2.0]), beta=0.1)
    loss.backward()
    assert pc.grad.item() < 0 < pr.grad.item()


def test_sequence_logps_sums_unmasked_next_token_log_probs():
    logits = torch.zeros(1, 3, 4)  # uniform over 4 tokens: every log-prob is log(1/4)
    labels = torch.tensor([[-100, 2, 3]])
    assert math.isclose(sequence_logps(logits, labels).item(), 2 * math.log(0.25), rel_tol=1e-6)
    masked = torch.tensor([[-100, -100, 3]])
    assert math.isclose(sequence_logps(logits, masked).item(), math.log(0.25), rel_tol=1e-6)
