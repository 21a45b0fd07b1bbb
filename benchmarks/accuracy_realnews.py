"""Entity and quotation accuracy on real news, with speed and memory, per extractor.

Run: ``python benchmarks/accuracy_realnews.py [--split dev|heldout|all] [--verbose]``.

Scores the 14 real articles of ``tests/data/realnews`` (see its README and SPLIT) with the
owner's scorer (``tests/data/realnews/eval_nlp.py``, a verbatim copy of the shared
``eval_nlp.py``; the same command-line scorer gives the same figures on ``newsdesk analyze
--json``). Each extractor runs in its own process, so peak memory is its own:

- ``bare-sm`` / ``bare-md`` / ...: the spaCy pipeline alone, no newsdesk layer (its PERSON,
  ORG, GPE/LOC/FAC entities grouped by surface); it finds no quotations;
- ``newsdesk-sm`` / ``newsdesk-md`` / ...: newsdesk with that pipeline (quality layer, quotes);
- ``rules``: newsdesk without spaCy.

Speed is words per second of extraction once the model is loaded (entities and quotations),
over all 14 articles; memory is the process's peak resident size after loading and extracting.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "realnews"
SPLITS = ("dev", "heldout", "all")


def load_scorer() -> Any:
    """The owner's scorer module (its `score(gold, pred)` and `ratio`)."""
    spec = importlib.util.spec_from_file_location("eval_nlp", DATA / "eval_nlp.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def split_of() -> dict[str, str]:
    """Article stem → "dev" or "heldout", from SPLIT."""
    found = {}
    for line in (DATA / "SPLIT").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            part, stem = line.split()
            found[stem] = part
    return found


def bare_prediction(nlp: Any, text: str) -> dict[str, Any]:
    """The model's own entities as the analyze JSON would list them: no newsdesk rules."""
    from annotations.analysis.entities.candidates import SPACY_LABELS

    doc = nlp(text)
    mentions: dict[str, list[dict[str, int]]] = {}
    votes: dict[str, Counter[str]] = {}
    for ent in doc.ents:
        kind = SPACY_LABELS.get(ent.label_)
        if kind is None:
            continue
        mentions.setdefault(ent.text, []).append({"start": ent.start_char, "end": ent.end_char})
        votes.setdefault(ent.text, Counter())[kind.value] += 1
    entities = [
        {"name": name, "type": votes[name].most_common(1)[0][0], "mentions": found}
        for name, found in mentions.items()
    ]
    return {"text": text, "entities": entities, "quotes": []}


def newsdesk_prediction(extractor: Any, path: Path) -> dict[str, Any]:
    """What `newsdesk analyze --json PATH` prints (without the cache)."""
    from annotations.analysis.cache import analyze
    from annotations.sources.load import load_source

    article = load_source(str(path))
    analysis = analyze(article, extractor)
    return {
        "text": article.text,
        "entities": [
            {
                "name": e.name,
                "type": e.type.value,
                "mentions": [{"start": m.start, "end": m.end} for m in e.mentions],
            }
            for e in analysis.entities
        ],
        "quotes": [
            {"text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker}
            for q in analysis.quotes
        ],
    }


def run_one(variant: str) -> dict[str, Any]:
    """Score one extractor over every article; totals per split, speed and memory."""
    scorer = load_scorer()
    splits = split_of()
    started = time.perf_counter()
    if variant.startswith("bare-"):
        from annotations.analysis.entities.spacy_backend import SpacyExtractor, find_model_module

        package = find_model_module(variant.removeprefix("bare-"))
        if package is None:
            return {"missing": True}
        extractor = SpacyExtractor(package)
        nlp = extractor._load_locked()  # the same pipeline and components newsdesk uses
        name = f"{extractor.name} alone"

        def predict(path: Path) -> dict[str, Any]:
            return bare_prediction(nlp, path.read_text(encoding="utf-8"))

    else:
        from annotations.analysis.entities import get_extractor

        backend = "rules" if variant == "rules" else "spacy-" + variant.removeprefix("newsdesk-")
        try:
            chosen = get_extractor(backend)  # type: ignore[arg-type]
        except RuntimeError:
            return {"missing": True}
        load = getattr(chosen, "load", None)
        if load is not None:
            load()
        name = f"newsdesk, {chosen.name}"

        def predict(path: Path) -> dict[str, Any]:
            return newsdesk_prediction(chosen, path)

    loaded = time.perf_counter()
    totals: dict[str, dict[str, int]] = {split: {} for split in SPLITS}
    per_article: dict[str, Any] = {}
    words = 0
    for gold_path in sorted((DATA / "gold").glob("*.json")):
        article = DATA / "articles" / (gold_path.stem + ".txt")
        words += len(article.read_text(encoding="utf-8").split())
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = predict(article)
        scores = scorer.score(gold, pred)
        per_article[gold_path.stem] = {"scores": scores, "pred": pred}
        for split in (splits[gold_path.stem], "all"):
            for key, value in scores.items():
                totals[split][key] = totals[split].get(key, 0) + value
    done = time.perf_counter()
    return {
        "name": name,
        "totals": totals,
        "per_article": per_article,
        "load_s": loaded - started,
        "words": words,
        "words_per_s": words / (done - loaded),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def figures(tot: dict[str, int]) -> dict[str, float]:
    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    p, r = ratio(tot["etp"], tot["ep"]), ratio(tot["egot"], tot["eg"])
    return {
        "P": p,
        "R": r,
        "F1": ratio(int(2 * p * r * 10**6), int((p + r) * 10**6)),
        "type": ratio(tot["etyped"], tot["etp"]),
        "qP": ratio(tot["qright"], tot["qp"]),
        "qR": ratio(tot["qfound"], tot["qg"]),
        "spk": ratio(tot["sok"], tot["sgold"]),
        "e2e": ratio(tot["sok"], tot["sall"]),
    }


def variants() -> list[str]:
    from annotations.analysis.entities.spacy_backend import PIPELINES, find_model_module

    installed = [size for size in PIPELINES if find_model_module(size) is not None]
    bare = [f"bare-{size}" for size in reversed(installed)]
    ours = [f"newsdesk-{size}" for size in reversed(installed)]
    return [*bare, *ours, "rules"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default=None, help="only this split")
    parser.add_argument("--only", nargs="*", help="only these extractors (e.g. newsdesk-md)")
    parser.add_argument("--verbose", action="store_true", help="errors per dev article")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    chosen = args.only or variants()
    print(
        f"{'extractor':<42} {'split':<8} {'P':>5} {'R':>5} {'F1':>5} {'type':>5} "
        f"{'qP':>5} {'qR':>5} {'spk':>5} {'e2e':>5}  {'load s':>6} {'words/s':>8} {'peak MB':>7}"
    )
    for variant in chosen:
        out = subprocess.run(
            [sys.executable, __file__, "--one", variant],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        result = json.loads(out.stdout)
        if result.get("missing"):
            print(f"{variant:<42} not installed")
            continue
        for split in [args.split] if args.split else SPLITS:
            f = figures(result["totals"][split])
            quotes = (
                "    –     –     –     –"
                if variant.startswith("bare-")
                else (f"{f['qP']:>5.2f} {f['qR']:>5.2f} {f['spk']:>5.2f} {f['e2e']:>5.2f}")
            )
            print(
                f"{result['name']:<42} {split:<8} {f['P']:>5.2f} {f['R']:>5.2f} "
                f"{f['F1']:>5.2f} {f['type']:>5.2f} {quotes}  {result['load_s']:>6.2f} "
                f"{result['words_per_s']:>8.0f} {result['peak_mb']:>7.0f}"
            )
        if args.verbose:
            print_errors(result)


def print_errors(result: dict[str, Any]) -> None:
    """Per dev article: spurious, missed and mistyped entities, quotes and wrong speakers.

    Held-out articles are never explained: they stay unseen until their one honest run.
    """
    scorer = load_scorer()
    splits = split_of()
    for stem, item in result["per_article"].items():
        if splits[stem] != "dev":
            continue
        gold = json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        print(f"  -- {stem}")
        for line in article_errors(scorer, gold, item["pred"]):
            print(f"     {line}")


def article_errors(scorer: Any, gold: dict[str, Any], pred: dict[str, Any]) -> list[str]:
    """What the scorer counts against one prediction, in words."""
    text = pred["text"]
    types = {"PERSON", "ORG", "PLACE"}
    counted = [e for e in gold["entities"] if e["type"] in types and not e.get("optional")]
    neutral = [e for e in gold["entities"] if e not in counted]
    lines: list[str] = []
    got: set[str] = set()
    for pe in pred["entities"]:
        if pe["type"] not in types:
            continue
        forms = {scorer.norm(pe["name"])} | {
            scorer.norm(text[m["start"] : m["end"]]) for m in pe["mentions"]
        }
        hit = [g for g in counted if forms & scorer.forms_of(g)]
        if not hit:
            if not any(forms & scorer.forms_of(g) for g in neutral):
                lines.append(f"spurious {pe['type']:<6} {pe['name']!r} {sorted(forms)[:4]}")
            continue
        got.update(g["name"] for g in hit)
        if not any(pe["type"] in {g["type"], *g.get("alt_types", [])} for g in hit):
            lines.append(f"mistyped {pe['type']:<6} {pe['name']!r} (gold {hit[0]['type']})")
    for g in counted:
        if g["name"] not in got:
            lines.append(f"missed   {g['type']:<6} {g['name']!r} {g.get('aliases', [])[:3]}")
    for gq in gold["quotes"]:
        start = text.find(gq["text"])
        if start < 0:
            lines.append(f"quote not in text: {gq['text'][:40]!r}")
            continue
        end = start + len(gq["text"])
        best = max(
            pred["quotes"],
            key=lambda q: max(0, min(end, q["end"]) - max(start, q["start"])),
            default=None,
        )
        overlap = 0 if best is None else max(0, min(end, best["end"]) - max(start, best["start"]))
        if overlap < 0.5 * (end - start):
            lines.append(f"quote missed: {gq['text'][:50]!r} ({gq['speaker']})")
            continue
        if gq["speaker"] and not gq.get("uncertain") and best is not None:
            ok = [gq["speaker"], *gq.get("alt_speakers", [])]
            forms = set()
            for e in gold["entities"]:
                if e["name"] in ok:
                    forms |= scorer.forms_of(e)
            said = scorer.norm(best.get("speaker"))
            if said not in forms:
                lines.append(
                    f"speaker {best.get('speaker')!r} should be {gq['speaker']!r}: "
                    f"{gq['text'][:40]!r} [{gq.get('attribution', '')[:50]}]"
                )
    for pq in pred["quotes"]:
        spans = [(text.find(g["text"]), len(g["text"])) for g in gold["quotes"]]
        right = any(
            s >= 0
            and (
                (ov := max(0, min(s + n, pq["end"]) - max(s, pq["start"]))) >= 0.5 * n
                or ov >= 0.5 * max(1, pq["end"] - pq["start"])
            )
            for s, n in spans
        )
        if not right:
            lines.append(f"wrong quote: {pq['text'][:50]!r} ({pq['speaker']})")
    return lines


if __name__ == "__main__":
    main()
