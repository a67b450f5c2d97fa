"""The risk/gain share settled in numbers: shares, caps and Balancing Payments.

The alliance agreement's mechanism, per Financial Year: each sharing Partner's Variance is
its Partner Budget less its Actual Cost; the Alliance Outturn is the sum of the Variances
(a gain if positive, a loss if negative); each Partner's Share is its percentage of the
outturn, capped, with what a cap holds back spread over the others up to their own caps
(any gain left over goes to the Shared Pot, any loss left over to the Partners that
overspent, in proportion to their overspends); its Balancing Payment is its Share less
its Variance. Paid in full, the Balancing Payments and any payment to the Shared Pot sum
to nothing, so every sharing Partner ends the year holding exactly its Share.

``settle`` works this out; ``worked_examples`` makes the two illustrative cases the
risk/gain share schedule prints from the partnership's own numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .partnership import Partnership

_POUND = Decimal(1)


@dataclass(frozen=True)
class SettlementRow:
    """One sharing Partner's line in a reconciliation: what it was paid, spent and settles."""

    partner: str  # short name
    budget: Decimal
    actual_cost: Decimal
    percent: Decimal  # its percentage of the outturn (gain or loss side)
    share: Decimal  # its Share of the outturn after caps: positive for a gain, negative for a loss
    capped: bool  # True if its cap limited its Share
    takes_part: bool = True  # False: it takes no share on this side, and keeps its own Variance

    @property
    def variance(self) -> Decimal:
        """Partner Budget less Actual Cost: positive for an underspend."""
        return self.budget - self.actual_cost

    @property
    def balancing_payment(self) -> Decimal:
        """Share less Variance: positive when the Partner receives, negative when it pays."""
        return self.share - self.variance


@dataclass(frozen=True)
class Settlement:
    """A Financial Year's reconciliation: every sharing Partner's row and what goes to the Shared Pot."""

    rows: list[SettlementRow]
    gateway_passed: bool
    to_shared_pot: Decimal  # the part of an Alliance Gain no Partner receives

    @property
    def outturn(self) -> Decimal:
        """The total Variance: an Alliance Gain if positive, an Alliance Loss if negative."""
        return sum((r.variance for r in self.rows), Decimal(0))

    @property
    def is_gain(self) -> bool:
        """True for an Alliance Gain (or break-even)."""
        return self.outturn >= 0

    @property
    def total_budget(self) -> Decimal:
        """The sharing Partners' Partner Budgets together."""
        return sum((r.budget for r in self.rows), Decimal(0))

    @property
    def total_actual_cost(self) -> Decimal:
        """The sharing Partners' Actual Costs together."""
        return sum((r.actual_cost for r in self.rows), Decimal(0))

    @property
    def any_capped(self) -> bool:
        """True if a cap limited any Partner's Share."""
        return any(r.capped for r in self.rows)


def settle(p: Partnership, actual_costs: dict[str, Decimal], gateway_passed: bool = True) -> Settlement:
    """The reconciliation for one Financial Year, with each sharing Partner's Partner Budget
    taken as its Contract Value and ``actual_costs`` by short name; amounts in whole pounds.

    A Partner that takes no share on the side the outturn falls (a gain-only Partner in a
    year with a loss) keeps its own Variance: its Balancing Payment is nil, and the amount
    shared is the total of the other Partners' Variances.
    """
    partners = sharing_partners(p)
    budgets = {m: p.contract_value(m) for m in partners}
    variances = {m: budgets[m] - actual_costs[m] for m in partners}
    outturn = sum(variances.values(), Decimal(0))
    side = "gain" if outturn >= 0 else "loss"
    percents = p.gain_shares if side == "gain" else p.loss_shares
    taking = [m for m in partners if percents.get(m, Decimal(0)) > 0]
    sign = 1 if side == "gain" else -1
    pool = sign * sum((variances[m] for m in taking), Decimal(0))
    weights = {m: percents[m] for m in taking}
    if side == "gain" and not gateway_passed:
        weights = {m: Decimal(0) for m in taking}
    capped: set[str] = set()
    to_pot = Decimal(0)
    if pool >= 0:
        caps = {m: p.cap_amount(m, side) for m in taking}
        shares, capped = _allocate(pool, weights, caps)
        left = pool - sum(shares.values(), Decimal(0))
        if left > 0 and side == "gain":
            to_pot = left
        elif left > 0:  # a loss no cap can hold: it stays with the Partners that overspent
            overspends = {m: -variances[m] for m in taking if variances[m] < 0}
            extra = _split(left, overspends)
            shares = {m: shares[m] + extra.get(m, Decimal(0)) for m in taking}
    else:  # the others' Variances point the other way: shared by percentage, caps do not apply
        shares = {m: -x for m, x in _split(-pool, weights).items()}
    rows = [
        SettlementRow(m, budgets[m], actual_costs[m], percents.get(m, Decimal(0)), sign * shares[m], m in capped)
        if m in shares else SettlementRow(m, budgets[m], actual_costs[m], Decimal(0), variances[m], False, takes_part=False)
        for m in partners
    ]
    return Settlement(rows, gateway_passed, to_pot)


def sharing_partners(p: Partnership) -> list[str]:
    """Short names of the Partners that take a share of gains or of losses, in file order."""
    gains, losses = p.gain_shares, p.loss_shares
    return [x.short_name for x in p.providers if gains.get(x.short_name, 0) > 0 or losses.get(x.short_name, 0) > 0]


def worked_examples(p: Partnership) -> list[Settlement]:
    """Two illustrative years from the partnership's own Contract Values: a gain, then a loss.

    In the first the Lead Provider spends 1% less than its Partner Budget and the other
    sharing Partners, in turn, 2% more and 1% less than theirs (all reversed if that would
    not give a gain); the second is the mirror image. The gateway is taken as passed.
    Amounts are whole pounds.
    """
    rates = example_rates(p)
    out = []
    for sign in (1, -1):
        costs = {}
        for m, rate in rates.items():
            budget = p.contract_value(m)
            costs[m] = (budget + budget * rate * sign / 100).quantize(_POUND)
        out.append(settle(p, costs))
    return out


def example_rates(p: Partnership) -> dict[str, Decimal]:
    """The illustrative spending of each sharing Partner in the first worked example, as a
    percentage of its Partner Budget above (positive) or below (negative) it."""
    partners = sharing_partners(p)
    lead = p.lead_provider.short_name if any(x.lead for x in p.providers) else None
    rates: dict[str, Decimal] = {}
    turn = 0
    for m in partners:
        if m == lead:
            rates[m] = Decimal(-1)
        else:
            rates[m] = Decimal(2) if turn % 2 == 0 else Decimal(-1)
            turn += 1
    underspend = -sum((p.contract_value(m) * r for m, r in rates.items()), Decimal(0))
    if underspend < 0:  # the first example is to show a gain
        rates = {m: -r for m, r in rates.items()}
    return rates


def _allocate(amount: Decimal, weights: dict[str, Decimal], caps: dict[str, Decimal | None]) -> tuple[dict[str, Decimal], set[str]]:
    """``amount`` spread in proportion to ``weights``, no one above its cap, in whole pounds.

    What a cap holds back is spread over the others in proportion to their weights, up to
    their own caps, until nothing is left or everyone is capped. Returns the shares and the
    Partners whose caps bound.
    """
    shares = {m: Decimal(0) for m in weights}
    capped: set[str] = set()
    left = amount
    while left > 0:
        open_ = {m: w for m, w in weights.items() if w > 0 and m not in capped}
        if not open_:
            break
        provisional = _split(left, open_)
        over = {m for m, x in provisional.items() if caps[m] is not None and shares[m] + x > caps[m]}
        if not over:
            for m, x in provisional.items():
                shares[m] += x
            left = Decimal(0)
            break
        for m in over:
            cap = caps[m].quantize(_POUND, rounding=ROUND_FLOOR)
            left -= cap - shares[m]
            shares[m] = cap
            capped.add(m)
    return shares, capped


def _split(amount: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """``amount`` (whole pounds) split in proportion to ``weights``, in whole pounds summing to it exactly.

    Largest remainder: each part rounded down, the pounds left over going to the largest
    remainders (ties to the earlier Partner).
    """
    amount = amount.quantize(_POUND)
    total = sum(weights.values(), Decimal(0))
    if not total:
        return {m: Decimal(0) for m in weights}
    exact = {m: amount * w / total for m, w in weights.items()}
    parts = {m: x.quantize(_POUND, rounding=ROUND_FLOOR) for m, x in exact.items()}
    left = int(amount - sum(parts.values(), Decimal(0)))
    order = sorted(weights, key=lambda m: (-(exact[m] - parts[m]), list(weights).index(m)))
    for m in order[:left]:
        parts[m] += 1
    return parts
