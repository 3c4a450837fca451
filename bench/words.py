"""The vocabulary and the Markdown pieces the corpus generator draws from (bench/corpus.py).

Every function takes a `random.Random` and returns Markdown text, so a post is
a pure function of its generator's seed.
"""

import re

NOUNS = (
    "community", "member", "forum", "thread", "moderator", "newsletter", "event", "meetup", "survey",
    "onboarding", "welcome", "guideline", "report", "dashboard", "metric", "retention", "churn", "answer",
    "question", "volunteer", "ambassador", "badge", "reward", "feedback", "roadmap", "launch", "webinar",
    "channel", "chat", "archive", "wiki", "knowledge", "support", "ticket", "reply", "mention", "campaign",
    "audience", "brand", "partner", "sponsor", "budget", "calendar", "agenda", "poll", "story", "interview",
    "workshop", "office", "hour", "platform", "plugin", "export", "import", "backup", "policy", "conflict",
)
VERBS = (
    "builds", "keeps", "grows", "measures", "welcomes", "answers", "moderates", "shares", "invites",
    "thanks", "explains", "archives", "tracks", "reviews", "publishes", "schedules", "supports", "trains",
    "rewards", "connects", "summarises", "improves", "tests", "compares", "documents", "plans", "asks",
)
ADJECTIVES = (
    "small", "busy", "quiet", "healthy", "new", "loyal", "curious", "regular", "public", "private",
    "weekly", "monthly", "early", "late", "clear", "simple", "honest", "friendly", "careful", "open",
    "local", "global", "active", "patient", "useful", "shared", "first", "second", "last", "steady",
)
GLOSSARY_PHRASES = (
    "online community", "lurkers", "community manager", "engagement rate", "hashtag", "superuser",
    "influence", "true reach", "twitter chat", "network score",
)
TOPICS = (
    "onboarding", "moderation", "metrics", "events", "newsletters", "support", "volunteers", "launches",
    "surveys", "retention", "badges", "forums", "chats", "wikis", "budgets", "partners", "sponsors",
    "policies", "conflicts", "archives",
)
ANGLES = ("basics", "tools", "checklists", "mistakes", "stories", "case studies", "templates", "numbers",
          "questions", "habits")
# 20 topics x 10 angles: 200 tags that differ in more than case or spacing (tag_merge leaves them alone).
TAGS = tuple(f"{topic} {angle}" for topic in TOPICS for angle in ANGLES)
CATEGORIES = ("Community Management", "Moderation", "Metrics", "Events", "Tools", "Support", "Growth",
              "Case Studies")
AUTHORS = ("Ada Lane", "Ben Ortiz", "Chloe Park", "Dev Patel", "Ema Novak", "Femi Ade", "Gus Berg",
           "Hana Sato", "Ivo Marx", "Jo Quinn")
LANGUAGES = ("python", "bash", "yaml", "json", "javascript")
MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[|#*`>-]+")


def count_words(text):
    """Words of Markdown prose as a reader counts them (link targets and table rules left out)."""
    return len(MARKUP.sub(lambda m: f" {m.group(1) or ''} ", text).split())


def sentence(rng, low=6, high=18, extra=None):
    """One sentence of `low`-`high` words (from `extra`, when given, one phrase of it)."""
    length = rng.randint(low, high)
    picked = []
    while len(picked) < length:
        picked += [rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(VERBS), "the", rng.choice(NOUNS)]
    picked = picked[:length]
    if extra is not None and length > 4:
        picked[rng.randrange(1, length - 2)] = rng.choice(extra)
    text = " ".join(picked)
    return text[0].upper() + text[1:] + "."


def decorate(rng, text, index):
    """Sometimes a bold word, some inline code, or a link to an older post (index 0 has none to link)."""
    roll = rng.random()
    if roll < 0.10:
        word = rng.choice(NOUNS)
        return f"{text} The **{word}** matters most."
    if roll < 0.15:
        return f"{text} Set `{rng.choice(NOUNS)}_{rng.choice(NOUNS)}` once."
    if roll < 0.22 and index > 0:
        older = rng.randrange(index)
        return f"{text} See [an earlier note]({{filename}}bench-post-{older:05d}.md) too."
    return text


def paragraph(rng, index, limit):
    """A paragraph of 3-7 sentences, at most `limit` words (cut at the limit, then closed)."""
    parts = []
    for _ in range(rng.randint(3, 7)):
        extra = GLOSSARY_PHRASES if rng.random() < 0.15 else None
        parts.append(decorate(rng, sentence(rng, extra=extra), index))
    text = " ".join(parts)
    if count_words(text) > limit:
        text = " ".join(sentence(rng, 40, 60).split()[: max(1, limit)]).rstrip(".") + "."
    return text


def heading(rng):
    """A heading of two or four words: "Quiet forum", "Weekly event and survey"."""
    words = [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    if rng.random() < 0.5:
        words += ["and", rng.choice(NOUNS)]
    return " ".join(words).capitalize()


def bullet_list(rng):
    """A bulleted or numbered list of 3-6 items."""
    items = [sentence(rng, 4, 10) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.5:
        return "\n".join(f"- {item}" for item in items)
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, 1))


def table(rng):
    """A table of 3 columns and 3-6 rows of figures."""
    rows = ["| Metric | Before | After |", "| --- | ---: | ---: |"]
    for _ in range(rng.randint(3, 6)):
        rows.append(f"| {rng.choice(NOUNS)} {rng.choice(NOUNS)} | {rng.randint(1, 999)} | {rng.randint(1, 999)} |")
    return "\n".join(rows)


def code_block(rng):
    """A fenced code block of 4-12 lines in one of LANGUAGES."""
    language = rng.choice(LANGUAGES)
    lines = []
    for number in range(rng.randint(4, 12)):
        name, value = f"{rng.choice(NOUNS)}_{number}", rng.randint(0, 500)
        lines.append({
            "python": f"{name} = count_{rng.choice(NOUNS)}(limit={value})  # {rng.choice(VERBS)}",
            "bash": f"{rng.choice(('grep', 'wc -l', 'sort', 'cat'))} {name}.log  # {value}",
            "yaml": f"{name}: {value}",
            "json": f'  "{name}": {value},' if number else "{",
            "javascript": f"const {name} = {value}; // {rng.choice(VERBS)}",
        }[language])
    if language == "json":
        lines[-1] = lines[-1].rstrip(",") + "\n}" if len(lines) > 1 else "{}"
    return f"```{language}\n" + "\n".join(lines) + "\n```"
