"""Which questions an attempt gets, and in which order: fixed at its start and stored."""

import random
from collections.abc import Sequence


def draw_questions(
    pools: dict[int, Sequence[int]], count: int | None, rng: random.Random, shuffle: bool = True
) -> list[int]:
    """Draw `count` question ids from per-module pools, spread over the modules in proportion to
    their size, so an agenda evaluation covers every module rather than whatever chance picks."""
    pools = {module: list(ids) for module, ids in pools.items() if ids}
    total = sum(len(ids) for ids in pools.values())
    if count is None or count >= total:
        chosen = [qid for ids in pools.values() for qid in ids]
    else:
        shares = {module: count * len(ids) // total for module, ids in pools.items()}
        leftover = count - sum(shares.values())
        # The remaining places go to the modules with the largest remainders (ties broken at random).
        order = sorted(pools, key=lambda m: (-(count * len(pools[m]) % total), rng.random()))
        for module in order[:leftover]:
            shares[module] += 1
        chosen = []
        for module, ids in pools.items():
            chosen.extend(rng.sample(ids, shares[module]))
    if shuffle:
        rng.shuffle(chosen)
    return chosen


def option_order(option_ids: Sequence[int], rng: random.Random, shuffle: bool) -> list[int]:
    order = list(option_ids)
    if shuffle:
        rng.shuffle(order)
    return order
