"""The DPO loss (Rafailov et al. 2023) in plain PyTorch, so it does not depend on TRL.

loss = -log σ(β · [(log π(y_w|x) − log π_ref(y_w|x)) − (log π(y_l|x) − log π_ref(y_l|x))])
"""

import torch
import torch.nn.functional as F


def dpo_loss(
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    reference_chosen_logps: torch.Tensor,
    reference_rejected_logps: torch.Tensor,
    beta: float = 0.1,
):
    """Mean DPO loss over the batch, and the implicit rewards β·(log π − log π_ref) of chosen and rejected answers.

    Each argument is the summed log-probability of the answer's tokens, one value per pair (shape [batch]).
    """
    chosen_rewards = beta * (policy_chosen_logps - reference_chosen_logps)
    rejected_rewards = beta * (policy_rejected_logps - reference_rejected_logps)
    loss = -F.logsigmoid(chosen_rewards - rejected_rewards).mean()
    return loss, chosen_rewards.detach(), rejected_rewards.detach()


def sequence_logps(logits: torch.Tensor, labels: torch.Tensor, ignore_index: int = -100) -> torch.Tensor:
    """Summed log-probabilities of `labels` under `logits` (next-token shifted), ignoring masked positions."""
    logits = logits[:, :-1, :]
    labels = labels[:, 1:]
    mask = labels != ignore_index
    safe = torch.where(mask, labels, torch.zeros_like(labels))
    per_token = torch.gather(logits.log_softmax(-1), 2, safe.unsqueeze(-1)).squeeze(-1)
    return (per_token * mask).sum(-1)
