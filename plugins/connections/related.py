"""Related posts: the posts most like each post, by weighted shared tags and category. Pure.

A shared tag weighs log(1 + N / posts with that tag), so rare tags count more
than common ones; sharing the category adds CATEGORY_WEIGHT times the same
kind of weight. Ties go to the newer post, then the slug, so the result never
depends on file order.

Candidates are gathered from the post's rarest features first (each feature's
posts newest first) until `cap` candidates are found; each candidate is then
scored on every feature the two posts share. The work grows with
posts x features x cap, never with posts squared: a tag on every post adds
no more than `cap` candidates (and weighs almost nothing).
"""

import heapq
import math
from collections import defaultdict

CATEGORY_WEIGHT = 0.5


def related_posts(posts, keys, count=5, cap=60):
    """Map id(post) to the `count` posts most related to it.

    `posts` are sorted newest first; `keys(post)` returns (tags, category) as
    hashable names; each post must have `.date` and `.slug`.
    """
    postings, features = defaultdict(list), {}
    for post in posts:
        tags, category = keys(post)
        found = {("tag", t) for t in tags}
        if category is not None:
            found.add(("category", category))
        features[id(post)] = found
        for feature in found:
            postings[feature].append(post)
    total = len(posts)
    weight = {f: math.log1p(total / len(p)) * (CATEGORY_WEIGHT if f[0] == "category" else 1.0)
              for f, p in postings.items()}
    return {id(post): best_matches(post, features, postings, weight, count, cap) for post in posts}


def best_matches(post, features, postings, weight, count, cap):
    """The `count` best-scoring candidates for one post."""
    own = features[id(post)]
    candidates = {}
    for feature in sorted(own, key=lambda f: (-weight[f], f)):
        for other in postings[feature]:
            if other is not post:
                candidates.setdefault(id(other), other)
            if len(candidates) >= cap:
                break
        if len(candidates) >= cap:
            break
    scored = (
        (-round(sum(weight[f] for f in own & features[key]), 9), -other.date.timestamp(), other.slug, key)
        for key, other in candidates.items()
    )
    return [candidates[key] for *_, key in heapq.nsmallest(count, scored)]
