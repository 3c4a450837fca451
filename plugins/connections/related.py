"""Related posts: the posts most like each post, by weighted shared tags and category. Pure.

A shared tag weighs log(1 + N / posts with that tag), so rare tags count more
than common ones; sharing the category adds CATEGORY_WEIGHT times the same
kind of weight. Ties go to the newer post, then the slug, so the result never
depends on file order. Candidates come from the posting lists of the post's
own tags and category, each cut to its `cap` newest posts: the work grows with
posts x tags x cap, never with posts squared (a tag on every post adds at most
`cap` candidates, and weighs almost nothing anyway).
"""

import heapq
import math
from collections import defaultdict

CATEGORY_WEIGHT = 0.5


def related_posts(posts, keys, count=5, cap=200):
    """Map each post to its `count` most related posts.

    `posts` are sorted newest first; `keys(post)` returns (tags, category) as
    hashable names; each post must have `.date` and `.slug`.
    """
    postings, features = defaultdict(list), {}
    for post in posts:
        tags, category = keys(post)
        feature_list = [("tag", t) for t in dict.fromkeys(tags)]
        if category is not None:
            feature_list.append(("category", category))
        features[id(post)] = feature_list
        for feature in feature_list:
            postings[feature].append(post)
    total = len(posts)
    weight = {f: math.log1p(total / len(p)) * (CATEGORY_WEIGHT if f[0] == "category" else 1.0)
              for f, p in postings.items()}
    result = {}
    for post in posts:
        scores, by_id = defaultdict(float), {}
        for feature in features[id(post)]:
            for other in postings[feature][:cap]:
                if other is not post:
                    scores[id(other)] += weight[feature]
                    by_id[id(other)] = other
        best = heapq.nsmallest(
            count, scores.items(),
            key=lambda item: (-round(item[1], 9), -by_id[item[0]].date.timestamp(), by_id[item[0]].slug),
        )
        result[id(post)] = [by_id[key] for key, _ in best]
    return result
