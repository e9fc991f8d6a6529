"""Creator audits on a generated multi-account feed whose every number is known in advance."""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass

import pytest

import disclosure_check as dc
from disclosure_check.audits import NO_ACCOUNT, audit, finish, merge
from disclosure_check.audits.run import partial

# Caption templates by the kind of post they are; each was checked to read as its kind for FR.
TEMPLATES = {
    "plain": [
        "Ma routine du soir ✨ sérum, crème et maquillage léger #skincare",
        "Soin du matin : crème hydratante et sérum vitaminé #skincare 🌿",
    ],
    "clear": ["Publicité | Mon sérum préféré {brand}, code {code} pour -15 % #skincare"],
    "hidden": [
        "Mon sérum préféré {brand}, code {code} pour -15 % 🌿\n\n\n\n\n\n\n\n\n\n.\n"
        "#skincare #glow #beaute #routine #publicite"
    ],
    "missing": ["Code {code} sur {brand} pour leur crème hydratante 🌿"],
    "ambiguous": ["#sponsorisé Mon sérum préféré {brand}, code {code} 🌿"],
    "gift_clear": ["Publicité | Offert par {brand} : leur nouvelle crème hydratante 🎁"],
    "gift_missing": ["Offert par {brand} : leur nouvelle crème hydratante 🎁"],
    "off_topic": ["Publicité | La nouvelle console {brand}, manette incluse, code {code}"],
    "drop": ["Le produit viral de l'été 😱 stock limité, livraison offerte, lien en bio 🔥"],
}
STATUS = {
    "clear": "clear",
    "hidden": "hidden",
    "missing": "missing",
    "ambiguous": "ambiguous",
    "gift_clear": "clear",
    "gift_missing": "missing",
    "off_topic": "clear",
}
GIFTS = {"gift_clear", "gift_missing"}
BEAUTY_BRANDS = ["@glowco", "@lumiere.skin"]
MONTHS = ["2023-04", "2023-05", "2023-06", "2023-07", "2023-08"]


@dataclass(frozen=True)
class Planned:
    id: str
    account: str
    kind: str
    brand: str | None
    day: str | None


def plan(seed: int = 11) -> list[Planned]:
    """The feed's posts, in a seeded random order, with what each one is."""
    rng = random.Random(seed)
    spec = {
        "lea": {
            "plain": 8,
            "clear": 5,
            "hidden": 2,
            "missing": 3,
            "ambiguous": 2,
            "gift_clear": 2,
            "gift_missing": 3,
            "off_topic": 2,
            "drop": 2,
        },
        "noah": {"plain": 3, "clear": 1, "missing": 2},  # no dates
        "solo": {"clear": 1},
        "shop": {"missing": 2, "gift_missing": 1, "clear": 1},  # only commercial posts
    }
    posts = []
    for account, kinds in spec.items():
        for kind, n in kinds.items():
            for _ in range(n):
                brand = None
                if kind in STATUS:
                    brand = "@gamezone" if kind == "off_topic" else rng.choice(BEAUTY_BRANDS)
                day = None
                if account != "noah":
                    day = f"{rng.choice(MONTHS)}-{rng.randint(1, 28):02d}"
                posts.append((account, kind, brand, day))
    rng.shuffle(posts)
    return [Planned(str(i + 1), *p) for i, p in enumerate(posts)]


def caption(p: Planned, rng: random.Random) -> str:
    template = rng.choice(TEMPLATES[p.kind])
    code = f"{rng.choice(['LEA', 'NOAH', 'MAX'])}{rng.randint(10, 40)}"
    return template.format(brand=p.brand or "", code=code)


def records(planned: list[Planned], seed: int = 5) -> list[dict[str, object]]:
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for p in planned:
        record: dict[str, object] = {"id": p.id, "account": p.account, "caption": caption(p, rng)}
        if p.day:
            record["date"] = p.day
        out.append(record)
    return out


PLANNED = plan()
RECORDS = records(PLANNED)


@pytest.fixture(scope="module")
def result():
    return audit(RECORDS, jurisdiction="FR", language="fr")


def ids(posts):
    return tuple(p.id for p in sorted(posts, key=lambda p: int(p.id)))


def of(account, *kinds):
    return [p for p in PLANNED if p.account == account and (not kinds or p.kind in kinds)]


@pytest.mark.parametrize("account", ["lea", "noah", "solo", "shop"])
def test_counts_shares_and_score_are_exact(result, account):
    got = result[account]
    posts = of(account)
    commercial = [p for p in posts if p.kind in STATUS]
    assert got.posts.count == len(posts)
    assert got.posts.ids == ids(posts)
    assert got.commercial.count == len(commercial)
    assert got.commercial.ids == ids(commercial)
    assert got.commercial_share == round(len(commercial) / len(posts), 4)
    by_status = {s: [p for p in commercial if STATUS[p.kind] == s] for s in STATUS.values()}
    for status, planned in by_status.items():
        assert getattr(got.disclosure, status).ids == ids(planned), status
        assert got.disclosure.shares()[status] == round(len(planned) / len(commercial), 4)
    points = len(by_status["clear"]) + 0.5 * len(by_status["ambiguous"])
    assert got.score == round(100 * points / len(commercial))
    assert got.undated == sum(p.day is None for p in posts)


@pytest.mark.parametrize("account", ["lea", "noah", "solo", "shop"])
def test_brands_relationships_and_dates(result, account):
    got = {b.name: b for b in result[account].brands}
    commercial = [p for p in of(account) if p.kind in STATUS]
    assert set(got) == {p.brand for p in commercial}
    for name, brand in got.items():
        planned = [p for p in commercial if p.brand == name]
        assert brand.posts.ids == ids(planned)
        expected_rel = Counter("gifted" if p.kind in GIFTS else "paid" for p in planned)
        assert dict(brand.relationships) == dict(expected_rel)
        days = sorted(p.day for p in planned if p.day)
        assert (brand.first, brand.last) == ((days[0], days[-1]) if days else (None, None))
        assert brand.repeated == (len(planned) > 1)
    repeated = {b for b, n in Counter(p.brand for p in commercial).items() if n > 1}
    assert set(result[account].repeated_partners) == repeated


@pytest.mark.parametrize("account", ["lea", "shop"])
def test_gifting_volume_by_month_and_brand(result, account):
    gifting = result[account].gifting
    gifts = of(account, *GIFTS)
    said = [p for p in gifts if p.kind == "gift_clear"]
    assert gifting.posts.ids == ids(gifts)
    assert gifting.disclosed.ids == ids(said)
    assert gifting.disclosed_share == round(len(said) / len(gifts), 4)
    assert dict(gifting.per_month) == dict(Counter(p.day[:7] for p in gifts))
    assert dict(gifting.brands) == dict(Counter(p.brand for p in gifts))


def test_timeline_counts_per_month(result):
    got = {m.month: m for m in result["lea"].timeline}
    posts = of("lea")
    assert set(got) == {p.day[:7] for p in posts}
    for month, tally in got.items():
        in_month = [p for p in posts if p.day[:7] == month]
        commercial = [p for p in in_month if p.kind in STATUS]
        assert tally.posts == len(in_month)
        assert tally.commercial == len(commercial)
        for status in ("clear", "ambiguous", "hidden", "missing"):
            assert getattr(tally, status) == sum(STATUS[p.kind] == status for p in commercial)
        assert tally.gifted == sum(p.kind in GIFTS for p in in_month)
        assert tally.gifted_disclosed == sum(p.kind == "gift_clear" for p in in_month)


def test_brand_fit_lists_the_off_topic_partnership_with_its_words(result):
    lea = result["lea"]
    assert dict(lea.usual_topics) == {"beauty": 1.0}
    assert lea.learned_from == len(of("lea", "plain"))
    assert [b.name for b in lea.off_topic] == ["@gamezone"]
    gamezone = next(b for b in lea.brands if b.name == "@gamezone")
    assert gamezone.fit == 0.0
    assert set(gamezone.off_topic_words) == {"console", "manette"}
    for brand in lea.brands:
        if brand.name in BEAUTY_BRANDS:
            assert brand.fit is not None and brand.fit > 0.5
            assert brand.off_topic_words == ()


def test_only_commercial_posts_learn_no_topics_and_judge_no_fit(result):
    shop = result["shop"]
    assert shop.usual_topics == ()
    assert shop.learned_from == 0
    assert all(b.fit is None for b in shop.brands)
    assert shop.off_topic == ()


def test_dropshipping_posts_and_missing_supplier(result):
    drops = of("lea", "drop")
    assert result["lea"].dropshipping.ids == ids(drops)
    assert result["lea"].supplier_missing.ids == ids(drops)
    assert result["noah"].dropshipping.count == 0


def test_one_post_account_and_no_dates(result):
    solo = result["solo"]
    assert (solo.posts.count, solo.commercial.count, solo.score) == (1, 1, 100)
    assert len(solo.timeline) == 1
    noah = result["noah"]
    assert noah.timeline == ()
    assert noah.undated == len(of("noah"))
    assert all(b.first is None and b.last is None for b in noah.brands)


def test_examples_are_the_problem_posts_with_their_spans(result):
    lea = result["lea"]
    problem = [p for p in of("lea") if STATUS.get(p.kind, "clear") != "clear" or p.kind == "drop"]
    assert tuple(e.id for e in lea.examples) == ids(problem)[: len(lea.examples)]
    by_id = {r["id"]: r["caption"] for r in RECORDS}
    for example in lea.examples:
        assert example.caption == by_id[example.id]
        assert example.findings
        for start, end, _, _ in example.spans:
            assert 0 <= start < end <= len(example.caption)


def test_partial_results_merge_to_the_single_pass(result):
    arguments = {"jurisdiction": "FR", "language": "fr"}
    half = len(RECORDS) // 2
    first, skips_a = partial(RECORDS[:half], arguments)
    second, skips_b = partial(RECORDS[half:], arguments, start=half)
    # The second half merged into the first, or the other way round: the same audit.
    one = finish(merge(first, second), skips_a.merge(skips_b), ("FR",))
    assert one.to_dict() == result.to_dict()


def test_workers_give_the_same_audit(result):
    got = audit(RECORDS, jurisdiction="FR", language="fr", workers=2, chunk_size=7)
    assert got.to_dict() == result.to_dict()


def test_bad_records_are_skipped_counted_and_explained():
    feed = [
        {"account": "a", "caption": "Ma routine du soir #skincare", "date": "2024-01-05"},
        {"account": "a", "date": "2024-01-06"},
        {"account": "a", "caption": "Code LEA15 sur @glowco", "date": "le 3 mars"},
        {"account": "a", "caption": "Code LEA15 sur @glowco", "post": {"sponsored": "yes"}},
        "Publicité | Mon sérum @glowco, code LEA15",
    ]
    got = audit(feed, jurisdiction="FR")
    assert got.skipped_count == 3
    assert dict(got.skipped_by_reason) == {"bad-date": 1, "bad-record": 1, "no-caption": 1}
    reasons = {s.origin: s.reason for s in got.skipped}
    assert "caption" in reasons["record 2"]
    assert "'le 3 mars' is not ISO 8601" in reasons["record 3"]
    assert "sponsored" in reasons["record 4"]
    assert [a.account for a in got] == [NO_ACCOUNT, "a"]
    assert got["a"].posts.count == 1


def test_to_dict_is_json_and_audit_rejects_a_single_string():
    json.dumps(audit(RECORDS[:5], jurisdiction="FR").to_dict())
    with pytest.raises(TypeError, match="iterable of records"):
        audit("Publicité | un seul post", jurisdiction="FR")
    with pytest.raises(ValueError, match="workers"):
        audit(RECORDS[:3], workers=0)
    with pytest.raises(KeyError, match="no account 'zz'"):
        audit(RECORDS[:3])["zz"]


def test_notebook_views_escape_and_highlight():
    report = dc.check("Code LEA15 sur @glowco <script>x</script>", jurisdiction="FR")
    page = report._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'title="finding: FR101"' in page
    assert "FR101 [error]" in page
    account = audit([{"account": "<b>x</b>", "caption": report.caption}], jurisdiction="FR")[0]
    view = account._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in view and 'class="dc-finding"' in view


def test_the_public_function_and_the_subpackage_do_not_shadow_each_other():
    import importlib

    import disclosure_check as dc

    html = importlib.import_module("disclosure_check.audits.html")
    assert (
        callable(dc.audit) and dc.audit is importlib.import_module("disclosure_check.audits").audit
    )
    assert html.__name__ == "disclosure_check.audits.html"
    exec("import disclosure_check.audits.html as h", {})  # the plain import form works too


# lea's usual posts: six plain captions of 4 beauty words and two of 5 (34 words), each with the
# hashtag #skincare (8): shares beauty 34/42, #skincare 8/42. Beauty words of each commercial
# kind (a brand @lumiere.skin adds "skin"), and whether it carries #skincare.
BEAUTY_WORDS = {"clear": 2, "hidden": 5, "missing": 1, "ambiguous": 1, "gift_clear": 1}
BEAUTY_WORDS |= {"gift_missing": 1, "off_topic": 0}


def expected_fit(p: Planned) -> float:
    if p.kind == "off_topic":  # two gaming words, a topic lea never posts about
        return 0.0
    beauty = BEAUTY_WORDS[p.kind] + (p.brand == "@lumiere.skin")
    tags = int(p.kind in ("clear", "hidden"))
    total = beauty + tags
    return round(min(beauty / total, 34 / 42) + min(tags / total, 8 / 42), 4)


def test_each_commercial_post_in_the_evidence_has_its_own_fit(result):
    lea = result["lea"]
    planned = {p.id: p for p in PLANNED}
    assert tuple(p.id for p in lea.post_fit) == lea.commercial.ids
    assert {p.id: p.fit for p in lea.post_fit} == {
        i: expected_fit(planned[i]) for i in lea.commercial.ids
    }
    assert {p.fit for p in lea.post_fit if planned[p.id].kind == "missing"} == {0.8095}
    for example in lea.examples:
        kind = planned[example.id].kind
        assert example.fit == (None if kind == "drop" else expected_fit(planned[example.id]))
    # no usual topics to compare with: no fit, per post as per brand
    assert [p.fit for p in result["shop"].post_fit] == [None] * result["shop"].commercial.count
    data = json.loads(json.dumps(lea.to_dict()))
    assert data["post_fit"][0] == {"id": lea.post_fit[0].id, "fit": lea.post_fit[0].fit}
    assert [e["fit"] for e in data["examples"]] == [e.fit for e in lea.examples]


def test_a_one_post_partnership_has_its_posts_fit():
    posts = [
        {"account": "a", "id": "1", "caption": "Ma routine sérum et crème #skincare"},
        {"account": "a", "id": "2", "caption": "Publicité | La console @gamezone, code A10"},
    ]
    a = audit(posts, jurisdiction="FR", language="fr")["a"]
    (brand,) = a.brands
    assert [(p.id, p.fit) for p in a.post_fit] == [("2", brand.fit)] == [("2", 0.0)]
