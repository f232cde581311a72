"""Splitting a cleaned page into the items a reader saw: articles, photo news,
captions, credits and page banners.

The splitter works on the cleaner's blocks (merged paragraphs) and their
roles; it decides where one article ends and the next begins, which block is
a title, subtitle or kicker, who wrote it, and which captions and credits
belong to which article.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from indexer.cleaner import Block, CleanPage


@dataclass(frozen=True)
class Article:
    """One item of a page: what gets indexed and shown.

    `kind` is `article`, `photo` (photo news), `caption`, `credit` or `slogan`.
    `paragraphs` hold the cleaned body; a lead such as `本报讯（记者 周美玉）`
    stays at the start of the first paragraph, as printed, while `author`
    carries the name alone.
    """

    KINDS: ClassVar[tuple[str, ...]] = ("article", "photo", "caption", "credit", "slogan")

    id: str
    page_id: str
    kind: str = "article"
    title: str = ""
    subtitle: str | None = None
    kicker: str | None = None
    author: str | None = None
    paragraphs: tuple[str, ...] = ()
    source: str | None = None
    date: str | None = None
    page: int | None = None
    attached_to: str | None = None
    credit: str | None = None
    position: int = 0

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def head(self) -> str:
        """Kicker, title and subtitle, one a line: the text the title field indexes."""
        return "\n".join(x for x in (self.kicker, self.title, self.subtitle) if x)

    def to_json(self) -> dict:
        data = asdict(self)
        data["paragraphs"] = list(self.paragraphs)
        data["body"] = self.body
        return data

    @classmethod
    def from_json(cls, data: dict) -> Article:
        names = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in names}
        values["paragraphs"] = tuple(values.get("paragraphs") or ())
        return cls(**values)


# A byline lead at the start of a body paragraph: 本报讯（记者 周美玉）,
# 新华社北京１２月３１日电（记者刘子富）, 本报记者 边磊 ...
LEAD_AUTHOR = re.compile(
    r"^(?:本报|新华社|中新社)[^（(]{0,20}?(?:讯|电)\s*[（(]\s*(?:实习|特约)?记者\s*"
    r"(?P<name>[^）)]{1,30})[）)]"
)
STAFF_AUTHOR = re.compile(r"^(?:本报|新华社)(?:驻\S{1,8})?(?:实习|特约)?记者\s*(?P<name>[\u4e00-\u9fff·]{2,4}(?:[\s、，][\u4e00-\u9fff·]{2,4})*)")
CREDIT = re.compile(
    r"^(?:(?:本报|新华社)?(?:实习|特约)?(?:记者|通讯员)?\s*)?"
    r"(?P<name>[\u4e00-\u9fff·]{2,4}(?:[\s、][\u4e00-\u9fff·]{2,4})*)\s*(?:摄影报道|摄)$"
)


def author_from_lead(text: str) -> str | None:
    """The author's name in a lead or staff byline.

    >>> author_from_lead("本报讯（记者 周美玉）近日，")
    '周美玉'
    """
    for pattern in (LEAD_AUTHOR, STAFF_AUTHOR):
        m = pattern.match(text)
        if m:
            return re.sub(r"\s+", " ", m.group("name")).strip() or None
    return None


def credit_name(text: str) -> str | None:
    """The photographer named by a credit line such as `实习记者 曹立栋 摄`."""
    compact = text.strip()
    if len(compact) > 30:
        return None
    m = CREDIT.match(compact)
    return re.sub(r"\s+", " ", m.group("name")).strip() if m else None


@dataclass
class _Draft:
    kind: str
    heads: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    credit: str | None = None
    attached_to: int | None = None  # index of the draft it belongs to


def split_page(clean: CleanPage) -> tuple[Article, ...]:
    """The page's items in page order, with stable ids `PAGE_ID/aN` by position."""
    drafts: list[_Draft] = []
    blocks = list(clean.blocks)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "credit":
            drafts.append(_credit_draft(block, drafts))
            i += 1
            continue
        if block.role == "head":
            run = [block]
            while i + len(run) < len(blocks) and blocks[i + len(run)].role == "head":
                run.append(blocks[i + len(run)])
            i += len(run)
            body: list[Block] = []
            while i < len(blocks) and blocks[i].role == "body":
                body.append(blocks[i])
                i += 1
            drafts.extend(_headed_drafts(run, body, at_page_start=not drafts))
            continue
        # Body text with no headline above it: a short news item, or the
        # continuation of the previous article.
        body = []
        while i < len(blocks) and blocks[i].role == "body":
            body.append(blocks[i])
            i += 1
        last = drafts[-1] if drafts else None
        if last is not None and last.kind == "article" and not last.credit:
            last.paragraphs.extend(b.text for b in body)
        else:
            drafts.append(_Draft("article", paragraphs=[b.text for b in body]))
    return _finish(clean, drafts)


def _credit_draft(block: Block, drafts: list[_Draft]) -> _Draft:
    owner = len(drafts) - 1
    while owner >= 0 and drafts[owner].kind not in ("article", "photo"):
        owner -= 1
    if owner >= 0 and drafts[owner].kind == "article" and _is_photo_news(drafts[owner], block.text):
        drafts[owner].kind = "photo"
        drafts[owner].credit = block.text
        return _Draft("_merged")
    return _Draft("credit", heads=[block.text], attached_to=owner if owner >= 0 else None)


def _is_photo_news(draft: _Draft, credit: str) -> bool:
    return "摄影报道" in credit or (
        len(draft.paragraphs) == 1 and len(draft.paragraphs[0]) < 200 and len(draft.heads) == 1
    )


def _headed_drafts(run: list[Block], body: list[Block], *, at_page_start: bool) -> list[_Draft]:
    """Headlines followed by body paragraphs.

    A run of headline-like blocks is, from its end: subtitle, title, and before
    them captions of a photo (or the page's banner when the run opens the page).
    """
    texts = [b.text for b in run]
    paragraphs = [b.text for b in body]
    if not paragraphs:
        kind = "slogan" if at_page_start else "caption"
        return [_Draft(kind, heads=[t]) for t in texts]
    drafts: list[_Draft] = []
    if len(texts) >= 3 or (len(texts) == 2 and at_page_start):
        keep = 2 if len(texts) >= 3 else 1
        extra, texts = texts[:-keep], texts[-keep:]
        kind = "slogan" if at_page_start else "caption"
        drafts.extend(_Draft(kind, heads=[t]) for t in extra)
    drafts.append(_Draft("article", heads=texts, paragraphs=paragraphs))
    if kind_attach := [d for d in drafts if d.kind == "caption"]:
        for d in kind_attach:
            d.attached_to = -1  # the article that follows in this group
    return drafts


def _finish(clean: CleanPage, drafts: list[_Draft]) -> tuple[Article, ...]:
    page = clean.page
    kept = [d for d in drafts if d.kind != "_merged" and (d.heads or d.paragraphs)]
    ids: dict[int, str] = {}
    counters = {"article": 0}
    for n, d in enumerate(kept, 1):
        ids[id(d)] = f"{page.id}/a{n}"
    del counters
    out = []
    for n, d in enumerate(kept, 1):
        owner = None
        if d.attached_to is not None:
            owner = _owner(d, drafts, kept)
        title = d.heads[0] if d.heads else ""
        subtitle = "\n".join(d.heads[1:]) or None
        author = None
        if d.kind in ("article", "photo"):
            author = author_from_lead(d.paragraphs[0]) if d.paragraphs else None
            if author is None and d.credit:
                author = credit_name(d.credit)
        elif d.kind == "credit":
            author = credit_name(title)
        out.append(
            Article(
                id=f"{page.id}/a{n}",
                page_id=page.id,
                kind=d.kind,
                title=title,
                subtitle=subtitle,
                author=author,
                paragraphs=tuple(d.paragraphs),
                source=page.source,
                date=page.date,
                page=page.page,
                attached_to=ids.get(id(owner)) if owner is not None else None,
                credit=d.credit,
                position=n,
            )
        )
    return tuple(out)


def _owner(d: _Draft, drafts: list[_Draft], kept: list[_Draft]) -> _Draft | None:
    at = drafts.index(d)
    if d.attached_to == -1:  # a caption: the next article
        return next((x for x in drafts[at + 1 :] if x.kind in ("article", "photo")), None)
    assert d.attached_to is not None
    return drafts[d.attached_to] if 0 <= d.attached_to < len(drafts) else None
