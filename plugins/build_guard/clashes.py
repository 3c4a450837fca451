"""Two files that claim one output file or one slug. Pure: works on (key, owner) pairs."""


def second_claims(claims):
    """Yield (key, owner, first_owner) for each claim whose key an earlier claim already holds.

    `claims` is an iterable of (key, owner) in the order that decides who
    keeps the key; a None key claims nothing, and an owner that already lost
    a key is not reported again.
    """
    holders, losers = {}, set()
    for key, owner in claims:
        if key is None or id(owner) in losers:
            continue
        first = holders.setdefault(key, owner)
        if first is not owner:
            losers.add(id(owner))
            yield key, owner, first
