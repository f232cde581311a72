"""Splitting a cleaned page into the items a reader saw: articles, photo news,
captions, credits and page banners.

The splitter works on the cleaner's blocks (merged paragraphs) and their
roles; it decides where one article ends and the next begins, which block is
a title, subtitle or kicker, who wrote it, and which captions and credits
belong to which article.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from indexer.cleaner import Block, CleanPage


@dataclass(frozen=True)
class Article:
    """One item of a page: what gets indexed and shown.

    `kind` is `article`, `photo` (photo news), `caption`, `credit` or `slogan`.
    `paragraphs` hold the cleaned body; a lead such as `本报讯（记者 周美玉）`
    stays at the start of the first paragraph, as printed, while `author`
    carries the name alone. A byline printed on a line of its own
    (`本报记者 边磊`) is kept in `byline`, not in the body.

    For items cut from a page, `raw_text` is the raw page text the item
    spans, as OCR printed it, and `joins` the offsets in `body` where the
    cleaner merged a line break (`body[j-1]` and `body[j]` were on two lines).
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
    byline: str | None = None
    raw_text: str | None = None
    joins: tuple[int, ...] = ()

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
        values["joins"] = tuple(values.get("joins") or ())
        return cls(**values)


# A byline lead at the start of a body paragraph: 本报讯（记者 周美玉）,
# 新华社北京１２月３１日电（记者刘子富）, 本报记者 边磊 ...
# OCR reads the lead's brackets as 〈 《 or drops the opening one (本报讯〈记者 周美玉)).
LEAD_AUTHOR = re.compile(
    r"^(?:本报|新华社|中新社)[^（(〈《]{0,20}?(?:讯|电)\s*[（(〈《]?\s*(?:实习|特约)?记者\s*"
    r"(?P<name>[^）)〉》（(〈《：:，,。]{1,30})[）)〉》]"
)
STAFF_AUTHOR = re.compile(
    r"^(?:本报|新华社)(?:驻\S{1,8})?(?:实习|特约)?记者\s*(?P<name>[\u4e00-\u9fff·]{2,4}(?:[\s、，][\u4e00-\u9fff·]{2,4})*)"
)
CREDIT = re.compile(
    r"^(?:(?:本报|新华社)?(?:实习|特约)?(?:记者|通讯员)?\s*)?"
    r"(?P<name>[\u4e00-\u9fff·]{2,4}(?:[\s、][\u4e00-\u9fff·]{2,4})*)\s*(?:摄影报道|摄)$"
)


def author_from_lead(text: str) -> str | None:
    """The author's name in a lead or staff byline.

    Matched on the folded text (`本報訊（記者…）` too); the name is returned
    as printed, folding keeps every offset.

    >>> author_from_lead("本报讯（记者 周美玉）近日，")
    '周美玉'
    >>> author_from_lead("新華社東京１月４日電（記者孫東民）")
    '孫東民'
    """
    from indexer.analyzer import fold

    folded = fold(text[:80])
    for pattern in (LEAD_AUTHOR, STAFF_AUTHOR):
        m = pattern.match(folded)
        if m:
            name = text[m.start("name") : m.end("name")]
            return re.sub(r"\s+", " ", name).strip() or None
    return None


def credit_name(text: str) -> str | None:
    """The photographer named by a credit line such as `实习记者 曹立栋 摄`."""
    from indexer.analyzer import fold

    compact = text.strip()
    if len(compact) > 30:
        return None
    # Matched on the folded text, so a traditional page's 攝影報道 counts;
    # the name is returned as printed when folding kept the length.
    folded = fold(compact)
    m = CREDIT.match(folded)
    if not m:
        return None
    name = compact[m.start("name") : m.end("name")] if len(folded) == len(compact) else m.group("name")
    return re.sub(r"\s+", " ", name).strip()


def is_photo_report(text: str) -> bool:
    """A credit reading `摄影报道` (`攝影報道`): the story above it is photo news."""
    from indexer.analyzer import fold

    return "摄影报道" in fold(text)


@dataclass
class _Draft:
    kind: str
    heads: list[Block] = field(default_factory=list)
    paragraphs: list[Block] = field(default_factory=list)
    credit: Block | None = None
    byline: Block | None = None
    attached_to: _Draft | None = None

    @property
    def is_story(self) -> bool:
        return self.kind in ("article", "photo")


def split_page(clean: CleanPage) -> tuple[Article, ...]:
    """The page's items in page order, with stable ids `PAGE_ID/aN` by position.

    Headline-like blocks (`head`) followed by prose open an article: from the
    end of the run, subtitle and title; before them, captions of a photo (or
    the page banner when the run opens the page). Bylines on their own line
    join the article below them; photo credits and captions become their own
    items attached to the article they belong to, and a credit reading
    `摄影报道` turns the article above it into photo news.
    """
    if clean.grouped:
        return split_grouped(clean)
    fields = field_lines(clean.blocks)
    signed = signed_titles(clean.blocks)
    blocks = [
        replace(b, role="body") if id(b) in fields else replace(b, role="head") if id(b) in signed else b
        for b in clean.blocks
    ]
    wide = wide_gaps(blocks)
    short_head = SUBHEADING_LENGTH if wide is not None else UNSPACED_SUBHEADING_LENGTH

    def _stories(body: list[Block]) -> list[list[Block]]:
        return stories(body, wide, blocks[i] if i < len(blocks) else None)

    drafts: list[_Draft] = []
    i = 0
    if (
        blocks
        and blocks[0].role == "head"
        and (is_banner(blocks[0].text) or spaced_banner(blocks, clean.page.text))
    ):
        drafts.append(_Draft("slogan", heads=blocks[:1]))
        i = 1
    while i < len(blocks):
        block = blocks[i]
        role = block.role
        if role == "credit":
            _credit(block, drafts, wide)
            i += 1
        elif role == "head" and (n := _listed_captions(blocks, i, drafts)):
            drafts[-1].paragraphs.extend(blocks[i : i + n])
            i += n
        elif role == "caption":
            nxt = blocks[i + 1].role if i + 1 < len(blocks) else None
            d = _Draft("caption", heads=[block])
            d.attached_to = _last_story(drafts) if nxt in ("credit", "body", None) else None
            drafts.append(d)
            i += 1
        elif role == "head" and is_attribution(block.text) and _open_story(drafts):
            # （李建兴）（图表由北京京求计算机软件公司制作）: the story's writer and
            # its chart's maker, under its last paragraph.
            drafts[-1].paragraphs.append(block)
            i += 1
        elif role == "head" and is_signoff(block.text) and _open_story(drafts):
            # A signature under a paragraph (———王文西（山东）, ——编者) ends
            # what is above it: it never heads what follows.
            drafts[-1].paragraphs.append(block)
            i += 1
        elif role == "byline" and _inside_story(blocks, i, drafts):
            # A staff byline under the story's first paragraphs (the deck
            # above it), or closing it, is printed inside the story.
            drafts[-1].paragraphs.append(block)
            i += 1
        elif role in ("head", "byline"):
            run = []
            while i < len(blocks) and blocks[i].role in ("head", "byline"):
                run.append(blocks[i])
                i += 1
            while len(run) > 1 and closes_text(run[0].text) and _open_story(drafts):
                # 谢谢！（新华社北京１２月３１日电）: the last line of the text above.
                drafts[-1].paragraphs.append(run.pop(0))
            photo = _photo_under_headline(blocks, i)
            i += len(photo)
            body = []
            while i < len(blocks) and blocks[i].role == "body":
                body.append(blocks[i])
                i += 1
            body, *rest = _stories(body) or [[]]
            captions = [_Draft("caption", heads=[b]) for b in photo]
            last = _last_story(drafts)
            # A section head broken over two lines: numbered (２、棉堆 / 如山喜煞人), or
            # wrapped with a short tail (贯彻统一战线政策建立抗日民主 / 政权).
            broken_head = (
                len(run) == 2
                and run[1].role == "head"
                and (bool(NUMBERED.match(run[0].text)) or wrapped_tail(run[0].text, run[1].text))
            )
            if (
                (len(run) == 1 or broken_head)
                and not is_column_title(run[0].text)
                and body
                and last is not None
                and last is drafts[-1]
                and last.paragraphs
                and last.credit is None
                and (NUMBERED.match(run[0].text) or not any(is_picture_list(b.text) for b in last.paragraphs))
                and (not any(opens_story(b.text) for b in body[:2]) or is_dispatch_kicker(run[0], last))
                and (
                    NUMBERED.match(run[0].text)
                    or (wide is not None and in_sections(run[0], last))
                    or (
                        not ends_with_note(last.paragraphs[-1].text)
                        and (
                            is_subheading(run[0].text)
                            or len(run[0].text) <= short_head
                            or coheres(run[0], body, last.paragraphs, spaced=wide is not None)
                            or (wide is not None and under_a_lede(run[0], body, last))
                        )
                    )
                )
            ):
                last.paragraphs.extend([*run, *body])
                for d in captions:
                    d.attached_to = last
                drafts[-1:-1] = captions
            else:
                headed = _headed(run, body, drafts)
                drafts.extend(headed[:-1] + captions + headed[-1:])
            drafts.extend(untitled(part) for part in rest)
        else:
            body = []
            while i < len(blocks) and blocks[i].role == "body":
                body.append(blocks[i])
                i += 1
            first, *rest = _stories(body)
            last = _last_story(drafts)
            if last is not None and is_note(first[0].text):
                # A bare attribution under a caption (（本报记者张悦摄）) is the
                # story's, never an item of its own.
                last.paragraphs.append(first.pop(0))
                if not first:
                    drafts.extend(untitled(part) for part in rest)
                    continue
            if last is not None and last is drafts[-1] and not last.credit and not opens_story(first[0].text):
                last.paragraphs.extend(first)
            elif last is not None and continues_numbering(last.paragraphs, first[0].text):
                # Item ２、 of a picture column after item １、's photo caption:
                # the caption is item １、's text, and the column goes on.
                at = drafts.index(last) + 1
                between = drafts[at:]
                if all(d.kind == "caption" for d in between):
                    del drafts[at:]
                    last.paragraphs.extend(h for d in between for h in d.heads)
                last.paragraphs.extend(first)
            elif len(first) > 1 and len(first[0].text) <= ORPHAN_TITLE and not opens_story(first[0].text):
                # After a photo credit or caption a story must begin: a short
                # first line is its headline even when it ends with ！ or ？.
                drafts.append(_Draft("article", heads=first[:1], paragraphs=first[1:]))
            else:
                drafts.append(_Draft("article", paragraphs=first))
            drafts.extend(untitled(part) for part in rest)
    for d in drafts:
        if d.kind == "caption" and d.attached_to is None:
            d.attached_to = _next_story(drafts, d)
    return _finish(clean, drafts)


FIELD_LABEL = 2  # characters of a line that name its field: 荣誉, 工作单位, 目前状况


def field_lines(blocks: Sequence[Block]) -> set[int]:
    """The ids of head lines that are fields of a record printed once per person or place.

    A profile box prints the same labels in the same order for each of its
    subjects (`荣誉全国劳动模范` / `工作单位…` / `目前状况…` under 徐虎, then
    under 李国安, 邱娥国…). OCR loses the space after the label, and each
    line reads as a headline. A run of two or more heads whose lines open
    with two or more labels that open lines of another such run on the
    page is a record: its lines are text. Headlines seldom repeat both their
    own first words and their subtitle's.
    """
    from indexer.cleaner import fold_key

    runs: list[list[Block]] = []
    for k, b in enumerate(blocks):
        if b.role != "head":
            continue
        if k and blocks[k - 1].role == "head" and runs and runs[-1][-1] is blocks[k - 1]:
            runs[-1].append(b)
        else:
            runs.append([b])
    runs = [r for r in runs if len(r) >= 2]

    def label(b: Block) -> str:
        key = fold_key(b.text)
        return key[:FIELD_LABEL] if len(key) > 2 * FIELD_LABEL else ""

    seen = Counter(x for r in runs for x in {label(b) for b in r} if x)
    out: set[int] = set()
    for r in runs:
        labelled = [b for b in r if seen[label(b)] >= 2]
        if len({label(b) for b in labelled}) >= 2:
            out.update(id(b) for b in labelled)
    return out


SUBHEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、是]|[0-9０-９]{1,3}[、.．]|[（(][一二三四五六七八九十0-9０-９]{1,3}[）)]"
    r"|第[一二三四五六七八九十百0-9０-９]{1,4}[章节条，,、]|[●▲■◆★＊*·◇□○◎►])"
)
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[0-9０-９]{1,3}[、．]|第[一二三四五六七八九十百0-9０-９]{1,4}[章节条])"
)
NOTE_ONLY = re.compile(r"^(?:[（(][^（()）]*[）)])+$")
TITLE_TAIL = re.compile(r"[（(](?:附图片.{1,3}张|图片|[^（）()]{1,4}画|篆刻|书法|外.首|.首|摄影)[）)]$")


def has_title_tail(text: str) -> bool:
    """The line ends as only a headline does: `（附图片１张）`, `（图片）`, `（外一首）`.

    Matched on the folded text, so `（附圖片１張）` on a traditional page too.

    >>> has_title_tail("今日『送子觀音』（附圖片１張）"), has_title_tail("（新华社记者兰红光摄）")
    (True, False)
    """
    from indexer.cleaner import fold_key

    return bool(TITLE_TAIL.search(fold_key(text)))


def is_subheading(text: str) -> bool:
    """A headline-like line inside an article: numbered, a label, or two clauses.

    >>> is_subheading("一、企业集团发展贪大图快"), is_subheading("上门义诊")
    (True, False)
    """
    if has_title_tail(text):
        return False
    return bool(
        SUBHEADING.match(text) or re.match(r"^[\u4e00-\u9fff]{2,6}[：:]", text) or "，" in text or "," in text
    )


def names_a_work(text: str) -> bool:
    """A headline naming the work printed under it: `国泰民安（篆刻）`, `新年的祝福（二首）`.

    >>> names_a_work("国泰民安（篆刻）"), names_a_work("演出前会见了…（附图片１张）")
    (True, False)
    """
    from indexer.cleaner import fold_key

    return has_title_tail(text) and not PICTURES.search(fold_key(text))


PICTURE_LIST = re.compile(r"^图片[:：]$")
PICTURES = re.compile(r"附图片([0-9]{1,2}|[一二三四五六七八九十]{1,2})张")


def is_picture_list(text: str) -> bool:
    """`图片：` alone: the captions of the story's pictures follow, one a line."""
    from indexer.cleaner import fold_key

    return bool(PICTURE_LIST.match(fold_key(text)))


def pictures_announced(title: str) -> int:
    """How many pictures a title announces (`…（附图片５张）`); one when it does not say.

    >>> pictures_announced("美术创作点评（附图片５张）"), pictures_announced("年底能不能下基层")
    (5, 1)
    """
    from indexer.cleaner import fold_key

    m = PICTURES.search(fold_key(title))
    return (numeral_value(m.group(1)) or 1) if m else 1


CHINESE_DIGITS = "一二三四五六七八九"


def numeral_value(n: str) -> int | None:
    """The value of a number written in digits or in Chinese up to 九十九; None when malformed.

    >>> numeral_value("１２"), numeral_value("五"), numeral_value("二十一"), numeral_value("一一")
    (12, 5, 21, None)
    """
    n = unicodedata.normalize("NFKC", n)
    if n.isdigit():
        return int(n)
    tens, ten, ones = n.partition("十")
    if not ten:
        tens, ones = "", n
    if len(tens) > 1 or len(ones) > 1 or (not ten and not ones):
        return None
    if any(c not in CHINESE_DIGITS for c in tens + ones):
        return None
    high = (CHINESE_DIGITS.index(tens) + 1 if tens else 1) * 10 if ten else 0
    return high + (CHINESE_DIGITS.index(ones) + 1 if ones else 0)


SIGNOFF = re.compile(
    r"^[—－]{2,}\s*(?![记读评访忆])[\u4e00-\u9fff·\s]{2,10}(?:[（(][\u4e00-\u9fff]{1,8}[）)])?$"
)


def is_signoff(text: str) -> bool:
    """A dash-led signature printed under a text: its author or `编者`.

    >>> is_signoff("———王文西（山东）"), is_signoff("——编者"), is_signoff("——记刘我成")
    (True, True, False)
    """
    return bool(SIGNOFF.match(text.strip()))


BANNER = re.compile(r"^[\u4e00-\u9fff]{4,}(?: [\u4e00-\u9fff]{4,})+$")


def is_banner(text: str) -> bool:
    """A page-top line of phrases set apart by printed spaces: the page's slogan.

    Headlines run their phrases together; banners space them
    (`深化改革 扩大开放 促进发展 保持稳定`).

    >>> is_banner("深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面"), is_banner("上门义诊")
    (True, False)
    """
    return bool(BANNER.match(text))


BANNER_LENGTH = 16  # characters: longer than any letter-spaced headline


def spaced_banner(blocks: Sequence[Block], page_text: str) -> bool:
    """The page's first line is its banner although its phrases no longer show.

    Scanners set spaces between the characters of display type, and the
    cleaner squeezes them out, with the space between the banner's phrases
    (`高舉鄧小平 理 論 偉大 旗幟 把建設有中國 特…`). A first line that long,
    printed with spaces, over another head is the banner; a letter-spaced
    headline is short.
    """
    if len(blocks) < 2 or blocks[1].role != "head" or len(blocks[0].text) < BANNER_LENGTH:
        return False
    offsets = blocks[0].offsets
    raw = page_text[offsets[0] : offsets[-1] + 1] if offsets else ""
    return sum(raw.count(c) for c in " \u3000") >= 2


# Standing headings of a newspaper's columns: always a new item, however short.
COLUMN_TITLES = frozenset(("图片新闻", "图片报道", "致读者", "简讯", "短讯", "更正", "启事", "读者来信"))


def is_column_title(text: str) -> bool:
    """`图片新闻`, `致读者`…: a column's standing heading (traditional forms too)."""
    from indexer.cleaner import fold_key

    return fold_key(text) in COLUMN_TITLES


RARE_WORD = 200  # jieba dictionary frequency below which a word names something specific
SHARED_RARE = 2  # rare words a section must share with the story above to continue it
SHORT_SUBHEADING = 7  # characters: a head this short needs only one shared rare word
# Pages without paragraph spacing (text rebuilt from OCR lines, where columns
# of neighbouring stories can interleave) need more evidence, from less text.
UNSPACED_SHARED_RARE = 3
UNSPACED_SAMPLE = 200  # characters below the head


def _rare_words(text: str) -> set[str]:
    from indexer.cleaner import _cut, _tokenizer, fold_key

    freq = _tokenizer().FREQ
    return {
        w
        for w in _cut(fold_key(text))
        if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and freq.get(w, 0) < RARE_WORD
    }


def coheres(head: Block, body: list[Block], story: list[Block], *, spaced: bool = True) -> bool:
    """The head and the text below it go on with the story above: a subheading.

    A section under an in-story subheading keeps naming the story's own
    people, places and matters (李长水 under 换个思路抓管理); a new story on
    the same page shares common words with the one above (农业, 发展) but
    seldom rare ones. Words rarer than `RARE_WORD` in jieba's dictionary, or
    not in it, count. The whole section down to the next head is compared
    (its first lines often set a scene before naming anyone), and a head of
    `SHORT_SUBHEADING` characters or fewer needs one shared word, not two:
    short heads are rarely titles (on the evaluation pages, 24 of 26 short
    heads sharing a rare word with the story above are subheadings).
    A page without paragraph spacing (`spaced` False) is often text rebuilt
    from OCR lines, whose blocks can mix the columns of neighbouring stories
    on one theme: there the head and `UNSPACED_SAMPLE` characters below it
    must share `UNSPACED_SHARED_RARE` words, whatever the head's length.
    """
    if has_title_tail(head.text) or TITLE_DECK.search(head.text):
        return False
    from indexer.cleaner import fold_key

    below = "".join(b.text for b in body)
    if not spaced:
        need, below = UNSPACED_SHARED_RARE, below[:UNSPACED_SAMPLE]
    else:
        need = 1 if len(fold_key(head.text)) <= SHORT_SUBHEADING else SHARED_RARE
    section = _rare_words(head.text + below)
    if len(section) < need:
        return False
    above = _rare_words("".join(b.text for b in story))
    return len(section & above) >= need


LEDE_LENGTH = 300  # characters: a story's opening paragraph (导语) this short sets up its sections
SECTION_LENGTH = 350  # characters: longer than the briefs a page runs one after another


def under_a_lede(head: Block, body: list[Block], story: _Draft) -> bool:
    """The head comes right under a titled story's one short opening paragraph: its first subheading.

    Features and reports print a short lede under the headline and then
    their sections, each under a subheading (`伟大的军事家周恩来…` / one
    paragraph of 171 characters / `波澜壮阔的军事生涯` over 2,000 more).
    The lede is too short to share rare words with the section
    (`coheres`), but a story is seldom a lede alone. Briefs are: a page
    runs short items one after another (`京郊电信扶贫`, 126 characters, under
    a one-paragraph brief), so the section must be longer than any brief,
    `SECTION_LENGTH`. A head announcing its pictures (`…（附图片１张）`) is a
    title all the same. Only on pages with paragraph spacing: text rebuilt
    from OCR lines mixes neighbouring columns, where the next story's text
    often runs on below a short one.
    """
    text = [b for b in story.paragraphs if b.role != "byline"]  # 本报记者张帆 under the lede
    if has_title_tail(head.text) or not story.heads or len(text) != 1:
        return False
    lede = len(text[0].text)
    return lede < LEDE_LENGTH and sum(len(b.text) for b in body) >= max(SECTION_LENGTH, lede)


TITLE_DECK = re.compile(r"——[记评读忆访谈写]")


QUOTED = re.compile(r"^[“『「].+[”』」]$")
PICTURE_CREDIT = re.compile(r"[（(][^（()）]*(?:摄|照片|图片)[^（()）]*[）)]$")


def in_sections(head: Block, story: _Draft) -> bool:
    """The story above is already cut into sections under subheadings: one more.

    A feature that has set one subheading over a section of prose
    (`体育产业到底是怎样一个概念`) goes on in sections, and its next head is
    another when it shares one rare word with the story (`体育产业发展应与
    国际接轨`), is shaped as a subheading (two clauses, a number, a label),
    or is a quotation as an earlier subheading was (`“谁砸了长沙交警的牌子，
    就脱谁的警服”` … `“向改革要警力”`). A head shaped only as a title is
    not: one announcing its pictures (`…（图片）`), or one with a deck
    naming its kind (`…——读《追寻永恒》`). Lines of verse, heads one after
    another, set up no sections.
    """
    if has_title_tail(head.text) or TITLE_DECK.search(head.text) or not story.heads:
        return False
    blocks = story.paragraphs
    if blocks and PICTURE_CREDIT.search(blocks[-1].text):
        return False  # （孙久奎摄）: the story's picture credit closes it
    subheadings = [
        a
        for k, (a, b) in enumerate(zip(blocks, blocks[1:], strict=False))
        if a.role == "head" and b.role == "body" and k > 0 and blocks[k - 1].role == "body"
    ]
    if not subheadings:
        return False
    return (
        is_subheading(head.text)
        or bool(QUOTED.match(head.text) and any(QUOTED.match(h.text) for h in subheadings))
        or bool(_rare_words(head.text) & _rare_words("".join(b.text for b in blocks)))
    )


KICKER_LENGTH = 3  # characters: 日本, 菲律宾, 哈尔滨


def is_dispatch_kicker(head: Block, story: _Draft) -> bool:
    """A place name over one of the dispatches a roundup gathers.

    `东亚货币继续贬值` opens with 本报曼谷…电, then 日本 over 新华社东京…电,
    菲律宾 over 据新华社马尼拉…电: in a story that opened with a dateline,
    a head of `KICKER_LENGTH` characters or fewer above the next dateline
    names where that dispatch comes from; a headline is longer.
    """
    from indexer.cleaner import fold_key

    key = fold_key(head.text)
    return (
        len(key) <= KICKER_LENGTH
        and bool(re.fullmatch(r"[\u4e00-\u9fff]+", key))
        and bool(story.paragraphs)
        and opens_story(story.paragraphs[0].text)
    )


VERSE_LINES = 4
NOTE_LENGTH = 30  # characters: a bracketed attribution, not a paragraph in brackets
ORPHAN_TITLE = 30  # characters
SUBHEADING_LENGTH = 3  # characters: a lone head this short inside a story is a subheading (原因, 日本)
# On pages without paragraph spacing (text rebuilt from OCR lines) the old
# limit holds: the shorter one lost text on the real Tesseract text pages.
UNSPACED_SUBHEADING_LENGTH = 5


def ends_with_note(text: str) -> bool:
    """The paragraph ends with an attribution such as （新华社记者周确摄）: a story ends there."""
    from indexer.cleaner import TRAILING_NOTE

    return bool(TRAILING_NOTE.search(text.rstrip()))


WINDOW_LEAD = 40  # characters: a lead is shorter
STORY_LEAD = re.compile(
    r"^(?:本报讯|本报[^，。\s]{1,14}?[电讯]|据?新华社[^，。\s]{0,16}?电|中新社[^，。\s]{0,16}?电)"
)


def opens_story(text: str) -> bool:
    """A first paragraph: it starts with a news lead such as 本报讯 or 新华社…电.

    Matched on the folded text, so a traditional page's 據新華社…電 and
    本報訊 open stories too.

    >>> opens_story("據新華社長沙１月８日電（記者段羨菊）"), opens_story("长沙：租台彩电过新年")
    (True, False)
    """
    from indexer.analyzer import fold

    return bool(STORY_LEAD.match(text) or STORY_LEAD.match(fold(text[:WINDOW_LEAD])))


WIDE_GAP = 2  # empty lines beyond the page's usual paragraph gap that set an item off


def wide_gaps(blocks: list[Block]) -> set[int] | None:
    """The ids of blocks set off from the one above by a wider gap than the page's usual.

    Items are spaced further apart than the paragraphs inside them (the seed
    page has three empty lines before `上门义诊`, one between paragraphs).
    The usual gap is the page's narrowest one. None when a quarter or more
    of the page's gaps hold no empty line: then spacing tells nothing.
    """
    gaps = sorted(b.gap for b in blocks[1:])
    if not gaps or gaps[len(gaps) // 4] == 0:
        return None
    # The narrowest gap: a page of briefs has more wide gaps than narrow ones,
    # and a page of one-paragraph briefs may have no narrow gap between its
    # blocks at all; the breaks merged inside a paragraph show it then.
    inner = [b - a - 1 for block in blocks for a, b in zip(block.lines, block.lines[1:], strict=False)]
    usual = min(g for g in gaps + inner if g > 0)
    return {id(b) for b in blocks[1:] if b.gap >= usual + WIDE_GAP}


def stories(body: list[Block], wide: set[int] | None = None, after: Block | None = None) -> list[list[Block]]:
    """Cut a run of paragraphs where an untitled story begins.

    Short news items often have no headline: one starts at a paragraph that
    opens with a news lead (本报讯, 本报北京1月1日电, 新华社…电). A story
    that gathers several dispatches has such leads inside it too; when the
    page's spacing speaks (`wide` is not None), only a lead set off by a wide
    gap, or one right under a brief's signature (`is_signature`), opens a
    new story. A paragraph with wide gaps above and below it
    (`after` is the block below the run; the page's end counts as wide) is
    a brief of its own; a bracketed signature under it (`（小苏）`) is part of
    the brief and closes it, so the gap that counts is the one below that.
    """

    def below(k: int) -> Block | None:
        k += 1
        if k < len(body) and is_note(body[k].text):
            k += 1
        return body[k] if k < len(body) else after

    parts: list[list[Block]] = []
    for k, block in enumerate(body):
        nxt = below(k)
        titled = k and exclaimed_title(block, body[k + 1] if k + 1 < len(body) else None)
        if k > 1 and exclaimed_title(body[k - 1], block):
            parts[-1].append(block)
        elif (
            titled
            or (
                k
                and opens_story(block.text)
                and (wide is None or id(block) in wide or is_signature(body[k - 1].text))
                and not only_an_editors_note(parts[-1])
            )
            or (
                k
                and wide
                and id(block) in wide
                and (nxt is None or id(nxt) in wide)
                and not _goes_on(block, parts[-1])
            )
        ):
            parts.append([block])
        elif parts:
            parts[-1].append(block)
        else:
            parts.append([block])
    return parts


# Words that tie a sentence to the one before it, or point back to what it
# named: no item begins with them.
CONNECTIVES = frozenset(
    "于是 但是 但 因此 所以 然而 而且 而 可是 不过 同时 此外 另外 总之 因而 并且".split()
    + "其次 再次 最后 接着 随后 后来 此后".split()
    + "与此同时 另一方面 尽管如此 不仅如此 由此可见 可见 从而 进而 相反 反之 总而言之 换言之 也就是说".split()
    # Pronouns that point back to someone or something named above (他们之中…).
    + "他 她 它 他们 她们 它们 这些 这种 这位 这次 这项 该".split()
)


EDITORS_NOTE = re.compile(r"^(?:编者按|编辑点评|编者的话|编者)[:：]")


def opens_with_editors_note(text: str) -> bool:
    """`编者按：`, `编辑点评：`… (traditional characters too)."""
    from indexer.analyzer import fold

    return bool(EDITORS_NOTE.match(fold(text[:8])))


def only_an_editors_note(part: list[Block]) -> bool:
    """The story so far is an editor's note (编者按：, 编辑点评：) set above its report.

    The report's lead below it (本报银川1月2日电…) goes on the same story,
    however wide the gap between them.
    """
    return opens_with_editors_note(part[0].text) and not any(opens_story(b.text) for b in part)


def _goes_on(block: Block, story: list[Block]) -> bool:
    """The paragraph goes on with the story above: it opens with a connective
    (`于是，…`), or it names `SHARED_RARE` of the rare words of the paragraphs
    above it.

    Wide gaps around a paragraph set off a brief, but a layout also widens
    an ordinary gap now and then: a paragraph that goes on naming the
    story's people and matters, or that leans on the sentence before it,
    is still the story's.
    """
    from indexer.cleaner import _cut, fold_key

    first = _cut(fold_key(block.text[:8]))[:1]
    if first and first[0] in CONNECTIVES:
        return True
    shared = _rare_words(block.text) & _rare_words("".join(b.text for b in story))
    # A person of the story (户主张宝军), named again, counts twice.
    names = {w for w in shared if len(w) >= 3 and signs_a_piece(w)}
    return len(shared) + len(names) >= SHARED_RARE


# The hundred commonest Chinese surnames (about 85 % of people).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)


NAME_FREQ = 50  # jieba frequency under which a surname-led word is a name (钟行: 10; 钱包: 98)


def signs_a_piece(text: str) -> bool:
    """A bare name a piece is signed with: jieba tags it a person, or a common
    surname leads two or three characters that are no common word of the
    dictionary (`邱金华`, which jieba reads as 邱 + the city 金华; `钟行`).

    >>> signs_a_piece("邱金华"), signs_a_piece("原因"), signs_a_piece("江苏")
    (True, False, False)
    """
    from indexer.cleaner import _tokenizer, fold_key

    key = fold_key(text)
    if is_person_name(key):
        return True
    return (
        2 <= len(key) <= 4
        and key[0] in SURNAMES
        and bool(re.fullmatch(r"[\u4e00-\u9fff]+", key))
        and _tokenizer().FREQ.get(key, 0) < NAME_FREQ
    )


def signed_titles(blocks: Sequence[Block]) -> set[int]:
    """The ids of exclaimed or questioning lines over their author's name: headlines.

    A column piece is often headed by a question or exclamation and signed
    on the line below (`『诸事不宜』？` / `邱金华` / `年前，友人赠送…`, or
    `“家庭出身”栏还有必要吗？` / `本报记者 楠桂`); the final ？ made the
    cleaner read the headline as a line of text. A line of text seldom
    stands alone over a name or byline with prose below, nor over an
    editor's note (编者按：), nor right under the bracketed signature that
    closed the story above.
    """
    from indexer.cleaner import BYLINE

    out = set()
    for k in range(len(blocks) - 1):
        block, name = blocks[k], blocks[k + 1]
        text = blocks[k + 2] if k + 2 < len(blocks) else None
        if not (
            block.role == "body"
            and len(block.text) <= ORPHAN_TITLE
            and block.text[-1:] in "！？!?"
            and not re.search(r"[，。；,;]", block.text)
        ):
            continue
        signed = (
            name.role == "byline"
            or (name.role == "head" and (signs_a_piece(name.text) or BYLINE.match(name.text)))
        ) and (text is not None and text.role == "body")
        # Over an editor's note, or under the bracketed signature that closed
        # the story above: a headline too.
        introduced = name.role == "body" and opens_with_editors_note(name.text)
        after_signature = k > 0 and is_note(blocks[k - 1].text) and name.role == "body"
        if signed or introduced or after_signature:
            out.add(id(block))
    return out


def exclaimed_title(block: Block, nxt: Block | None) -> bool:
    """A short line ending in ！ or ？ right above a news lead is a headline
    (`如此美容美发店！` over `本报讯（记者 李吉）在湖南省长沙市…`)."""
    text = block.text
    return (
        nxt is not None
        and len(text) <= ORPHAN_TITLE
        and text[-1:] in "！？!?"
        and not re.search(r"[，。；,;]", text)
        and opens_story(nxt.text)
    )


def untitled(part: list[Block]) -> _Draft:
    """A story cut from a run of paragraphs; its exclaimed headline, if any, is its title."""
    if len(part) > 1 and exclaimed_title(part[0], part[1]):
        return _Draft("article", heads=part[:1], paragraphs=part[1:])
    return _Draft("article", paragraphs=part)


def _listed_captions(blocks: list[Block], i: int, drafts: list[_Draft]) -> int:
    """How many heads from `blocks[i]` on are captions listed under the story's `图片：`.

    One a line, as many as the title announces; a line right above prose,
    or one announcing its own pictures, is the next story's headline.
    """
    from indexer.cleaner import fold_key

    if not _open_story(drafts) or not is_picture_list(drafts[-1].paragraphs[-1].text):
        return 0
    story = drafts[-1]
    want = pictures_announced(story.heads[0].text if story.heads else "")
    n = 0
    while (
        n < want
        and i + n + 1 < len(blocks)
        and blocks[i + n].role == "head"
        and (blocks[i + n + 1].role != "body" or is_note(blocks[i + n + 1].text))
        and not PICTURES.search(fold_key(blocks[i + n].text))
    ):
        n += 1
    if n and i + n < len(blocks) and is_note(blocks[i + n].text):
        n += 1  # the last caption's attribution: （本报记者林皎明摄）
    return n


PHOTO_CAPTIONS = 2  # captions a story prints between its headline and its text


def _photo_under_headline(blocks: list[Block], i: int) -> list[Block]:
    """The captions at `blocks[i]` of a photo printed between a headline and its text.

    A feature often sets its picture right under the headline, byline or
    author (`今日『送子观音』…` / `李霞` / `图为梁惠珍大夫（右）…` / text):
    the caption sits between the heads and the paragraphs they head, and
    the heads are still that text's title, not captions of their own.
    Empty unless prose follows the captions.
    """
    n = 0
    while n < PHOTO_CAPTIONS and i + n < len(blocks) and blocks[i + n].role == "caption":
        n += 1
    if n and i + n < len(blocks) and blocks[i + n].role == "body":
        return blocks[i : i + n]
    return []


def is_picture_note(text: str) -> bool:
    """`（附图片１张）` or `（图片）` alone: the picture announcement of the headline above."""
    from indexer.cleaner import PICTURE_NOTE, fold_key

    return bool(PICTURE_NOTE.match(fold_key(text)))


def closes_text(text: str) -> bool:
    """A sentence followed by its attribution: `谢谢！（新华社北京１２月３１日电）`.

    Short enough to read as a headline, but a headline never ends a
    sentence before its note; it is the last line of the text above.
    """
    from indexer.cleaner import SENTENCE_END, TRAILING_NOTE, fold_key, strip_notes

    key = fold_key(text)
    return bool(TRAILING_NOTE.search(key)) and strip_notes(key)[-1:] in tuple(SENTENCE_END)


def is_note(text: str) -> bool:
    """A bare attribution in brackets: `（本报记者张悦摄）`, `（新华社发美联社照片）`."""
    return bool(NOTE_ONLY.match(text)) and len(text) <= NOTE_LENGTH


ITEM_NUMBER = re.compile(r"^([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})、")


def item_number(text: str) -> int | None:
    """The number a paragraph opens with as an item of a list: `２、北京市…` -> 2."""
    m = ITEM_NUMBER.match(text)
    return numeral_value(m.group(1)) if m else None


def continues_numbering(paragraphs: list[Block], text: str) -> bool:
    """`text` is the next numbered item of a list the paragraphs started (１、… then ２、…)."""
    n = item_number(text)
    if n is None or n < 2:
        return False
    last = next((m for b in reversed(paragraphs) if (m := item_number(b.text))), None)
    return last == n - 1


def is_attribution(text: str) -> bool:
    """Bracketed notes only, none announcing pictures: what closes the text above."""
    from indexer.cleaner import fold_key

    key = fold_key(text)
    return bool(NOTE_ONLY.match(key)) and not has_title_tail(key) and not is_picture_note(key)


def is_signature(text: str) -> bool:
    """A bracketed signature that closes a brief: `（宋连友王健）`, `（本报专电）`,
    not a picture's attribution (`（新华社记者樊如钧摄）`), which a story
    prints under the photo at its head."""
    return is_note(text) and not re.search("摄|图|照片", text)


def _inside_story(blocks: list[Block], i: int, drafts: list[_Draft]) -> bool:
    """The byline `blocks[i]` stands among the story's paragraphs, not over a new one.

    Not when it is itself a lead (`本报讯` broken off its paragraph) or a
    news lead follows it.
    """
    below = blocks[i + 1] if i + 1 < len(blocks) else None
    return (
        _open_story(drafts)
        and drafts[-1].credit is None
        and not opens_story(blocks[i].text)
        and not (below is not None and below.role == "body" and opens_story(below.text))
    )


def _open_story(drafts: list[_Draft]) -> bool:
    """The last item is a story with text: what comes next may still belong to it."""
    return bool(drafts) and drafts[-1].is_story and bool(drafts[-1].paragraphs)


def _last_story(drafts: list[_Draft]) -> _Draft | None:
    return next((d for d in reversed(drafts) if d.is_story), None)


def _next_story(drafts: list[_Draft], d: _Draft) -> _Draft | None:
    at = drafts.index(d)
    return next((x for x in drafts[at + 1 :] if x.is_story), None)


def _credit(block: Block, drafts: list[_Draft], wide: set[int] | None = None) -> None:
    owner = _last_story(drafts)
    if owner is not None and owner.credit is None and is_photo_report(block.text):
        cut = max((k for k, b in enumerate(owner.paragraphs) if k and id(b) in (wide or ())), default=0)
        if cut and owner is drafts[-1]:
            # Photo news is a short text above its credit; what a wide gap
            # sets off above it is another story.
            owner = _Draft("article", paragraphs=owner.paragraphs[cut:])
            del drafts[-1].paragraphs[cut:]
            drafts.append(owner)
        owner.kind = "photo"
        owner.credit = block
        return
    drafts.append(_Draft("credit", heads=[block], attached_to=owner))


BULLETS = "●▲■◆★＊*◇□○◎►"
DECK_TAIL = 8  # characters: the rest of a subtitle line the column wrapped
SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,2}|[0-9０-９]{1,2}|[（(][一二三四五六七八九十0-9０-９]{1,2}[）)])$"
)


def _headed(run: list[Block], body: list[Block], drafts: list[_Draft]) -> list[_Draft]:
    """Headlines (and a byline) followed by body paragraphs."""
    from indexer.cleaner import fold_key

    at_page_start = not any(d.is_story for d in drafts) and not drafts
    byline = next((b for b in reversed(run) if b.role == "byline"), None)
    heads = [b for b in run if b is not byline]
    while len(heads) > 1 and SECTION_NUMBER.match(heads[-1].text.strip()):
        # 小黑板两题 / 高低 / 一: a bare number numbers the first section
        # below; it and the section's head above it begin the text.
        k = 2 if len(heads) > 2 else 1
        body, heads = heads[-k:] + body, heads[:-k]
    bullets = [k for k, h in enumerate(heads) if k and h.text[:1] in BULLETS]
    if bullets and body:
        # Bulleted lines below a headline are its summary points: the story's
        # first lines, not its title (五百院士评点科技风云 / ●克隆羊多利…),
        # and not verse however many they are.
        body = heads[bullets[0] :] + body
        heads = heads[: bullets[0]]
    if len(heads) - at_page_start >= VERSE_LINES:
        # Four or more short lines in a row are verse or a table, not captions:
        # one story, its first line the title.
        out = [_Draft("slogan", heads=heads[:1])] if at_page_start else []
        lines = heads[1:] if at_page_start else heads
        # A headline that names a work (`国泰民安（篆刻）`, `…（外一首）`)
        # after the verse's last line is the next item's title; one that
        # announces pictures (`…（附图片１张）`) often ends a deck line.
        nxt = next((k for k, h in enumerate(lines) if k > 1 and names_a_work(h.text)), None)
        if nxt is not None:
            out.append(_Draft("article", heads=lines[:1], paragraphs=lines[1:nxt], byline=byline))
            out.extend(_headed(lines[nxt:], body, [*drafts, *out]))
            return out
        out.append(_Draft("article", heads=lines[:1], paragraphs=lines[1:] + body, byline=byline))
        return out
    if not body:
        kind = "slogan" if at_page_start else "caption"
        out = [_Draft(kind, heads=[h]) for h in run]
        for d in out:
            d.attached_to = _last_story(drafts) if kind == "caption" else None
        return out
    out = []
    marked = [k for k, h in enumerate(heads) if has_title_tail(h.text) and not NOTE_ONLY.match(h.text)]
    noted = [k for k, h in enumerate(heads) if k and is_picture_note(h.text)]
    if noted and not marked and len(heads) > 2:
        # `（附图片１张）` alone on its line closes the headline above it;
        # what follows (the author, 何黄彪夏光辉) begins the text.
        at = noted[0]
        extra, titles = heads[: max(0, at - 2)], heads[max(0, at - 2) : at]
        body = heads[at:] + body
    elif marked and len(heads) > 1:
        # The headline that announces its pictures is the title; what follows
        # it in the run is its subtitle and leading lines.
        at = marked[0]
        if at and not at_page_start and not trails(heads[at - 1].text):
            # The announcement closes a deck line below the headline
            # (全国政协举行新年茶话会… / 江泽民作重要讲话…（附图片１张）).
            at = 0
        extra, titles = heads[:at], heads[at : at + 2]
        body = heads[at + 2 :] + body
    elif len(heads) > 2 and (named := [k for k, h in enumerate(heads) if k and signs_a_piece(h.text)]):
        # The author's name on a line of its own ends the headline: the
        # heads after it (珠江奏鸣曲 / 朱相达 / 一位陌生老人所知道的童志成)
        # are text. Under a lone headline the name stays its subtitle line.
        at = named[0]
        extra, titles = heads[: max(0, at - 2)], heads[max(0, at - 2) : at]
        body = heads[at:] + body
    elif len(heads) > 1 and is_column_title(heads[-1].text):
        # A column's standing heading (致读者) titles its item alone; the
        # line above it is the page banner or a caption.
        extra, titles = heads[:-1], heads[-1:]
    elif len(heads) > 2 and is_column_title(heads[0].text):
        # 图片新闻 / １、农业，我们的农业 / ２、…: the column's items are its text.
        extra, titles = [], heads[:1]
        body = heads[1:] + body
    elif len(heads) == 3 and (
        len(fold_key(heads[2].text)) <= DECK_TAIL < len(fold_key(heads[1].text))
        or not restates(heads[0].text, heads[1].text)
    ):
        # 江泽民会见伊拉克议长哈马迪 / 希望在…尽快公正合理解决 / 海湾战争遗留问题:
        # a short last line is the rest of a subtitle the column width wrapped;
        # and a first line that does not restate the second is no caption over
        # a headline but the title over a two-line deck (国务院召开第６５次常务会议 /
        # 李鹏主持讨论并原则通过 / 《中华人民共和国土地管理法（修订草案）》).
        extra, titles = [], heads
    else:
        keep = min(2, len(heads))
        extra, titles = heads[: len(heads) - keep], heads[len(heads) - keep :]
    kind = "slogan" if at_page_start else "caption"
    out.extend(_Draft(kind, heads=[t]) for t in extra)
    article = _Draft("article", heads=titles, paragraphs=body, byline=byline)
    out.append(article)
    return out


TRAILING = re.compile(r"(?:[）)］\]]|^[\u4e00-\u9fff]{1,4}|^[0-9〇一二三四五六七八九十]{2,4}年.{0,6})$")


SECTION_TAIL = 4  # characters: the tail of a section head the column wrapped (政权)
SECTION_LINE = 10  # characters: the head line above such a tail is at least this long


def wrapped_tail(line: str, tail: str) -> bool:
    """`tail` is the rest of `line`, a head the column width broke: a few characters, no name."""
    from indexer.cleaner import OPEN_RIGHT, _first_word, fold_key

    a, b = fold_key(line), fold_key(tail)
    return (
        len(b) <= SECTION_TAIL
        and len(a) >= SECTION_LINE
        and not signs_a_piece(b)
        and not SECTION_NUMBER.match(b)
        and _first_word(b) not in OPEN_RIGHT  # 由中国…: a sentence begins, no head ends
    )


RESTATES = 0.5  # share of a headline's character pairs a caption above it repeats


def restates(caption: str, headline: str) -> bool:
    """The line above a headline names the same thing in nearly the same words: a caption.

    The seed page's photo caption `首都职工志愿服务“爱心·凝聚·力量”成果展示活动` sits
    over the headline `首都职工志愿服务成果展示活动举行`; a title over its deck
    seldom repeats the deck.
    """
    from indexer.cleaner import fold_key

    a, b = fold_key(caption), fold_key(headline)
    pairs = {b[i : i + 2] for i in range(len(b) - 1)}
    return bool(pairs) and sum(1 for p in pairs if p in a) >= RESTATES * len(pairs)


def trails(text: str) -> bool:
    """A line that closes the story above rather than heading the next one.

    An attribution or note in brackets (`（江西玉山县李芳琴）`, `［附记：…］`),
    a desk's name (`文艺部`), a date (`１９９７年岁暮`) or a signature.

    >>> trails("文艺部"), trails("１９９７年岁暮"), trails("纪念周恩来百年诞辰")
    (True, True, False)
    """
    from indexer.cleaner import fold_key

    key = fold_key(text)
    return bool(TRAILING.search(key)) or is_signoff(key)


@functools.cache
def _pos_tokenizer() -> Any:
    import jieba.posseg

    from indexer.cleaner import _tokenizer

    return jieba.posseg.POSTokenizer(_tokenizer())


def is_person_name(text: str) -> bool:
    """A line that is a person's name alone (`李琨`, `刘向东`), by jieba's tags.

    >>> is_person_name("朱相达"), is_person_name("原因"), is_person_name("日本")
    (True, False, False)
    """
    from indexer.cleaner import fold_key

    key = fold_key(text)
    if not 2 <= len(key) <= 4 or not re.fullmatch(r"[\u4e00-\u9fff·]+", key):
        return False
    tags = [w.flag for w in _pos_tokenizer().cut(key)]
    return tags[-1] == "nr" and len(tags) <= 2


def _finish(clean: CleanPage, drafts: list[_Draft]) -> tuple[Article, ...]:
    page = clean.page
    kept = [d for d in drafts if d.heads or d.paragraphs or d.byline or d.credit]
    ids = {id(d): f"{page.id}/a{n}" for n, d in enumerate(kept, 1)}
    out = []
    for n, d in enumerate(kept, 1):
        title = d.heads[0].text if d.heads else ""
        subtitle = "\n".join(h.text for h in d.heads[1:]) or None
        body = [b for b in d.paragraphs if b.text.strip()]  # layout's empty heads mark starts only
        paragraphs = tuple(b.text for b in body)
        author = None
        if d.is_story:
            author = author_from_lead(paragraphs[0]) if paragraphs else None
            if author is None and d.byline is not None:
                author = author_from_lead(d.byline.text)
            if author is None and d.credit is not None:
                author = credit_name(d.credit.text)
            if author is None:
                # A byline line printed inside the story, under its deck.
                author = next(
                    (author_from_lead(b.text) for b in body[1:3] if b.role == "byline"),
                    None,
                )
        elif d.kind == "credit":
            author = credit_name(title)
        joins: list[int] = []
        at = 0
        for b in body:
            joins.extend(at + j for j in b.joins)
            at += len(b.text) + 1
        every = [
            *d.heads,
            *([d.byline] if d.byline else []),
            *d.paragraphs,
            *([d.credit] if d.credit else []),
        ]
        offsets = [o for b in every for o in (b.offsets[:1] + b.offsets[-1:])]
        raw = page.text[min(offsets) : max(offsets) + 1] if offsets else None
        owner = d.attached_to
        out.append(
            Article(
                id=f"{page.id}/a{n}",
                page_id=page.id,
                kind=d.kind,
                title=title,
                subtitle=subtitle,
                author=author,
                paragraphs=paragraphs,
                source=page.source,
                date=page.date,
                page=page.page,
                attached_to=ids.get(id(owner)) if owner is not None else None,
                credit=d.credit.text if d.credit else None,
                position=n,
                byline=d.byline.text if d.byline else None,
                raw_text=raw,
                joins=tuple(joins),
            )
        )
    return tuple(out)


def split_grouped(clean: CleanPage) -> tuple[Article, ...]:
    """Items of a page whose article starts the layout already decided.

    `indexer.layout` reads columns and headline sizes from OCR geometry and
    emits each article as a run of `head` blocks (an empty one for an
    untitled item) followed by its `body` blocks, so here every head run
    opens an item: from the end of the run, subtitle and title; before them,
    captions (or the page banner at the top). The prose rules of
    `split_page`, made for paragraph-per-block text with no geometry, would
    undo those decisions.
    """
    drafts: list[_Draft] = []
    blocks = list(clean.blocks)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "credit":
            _attach_credit(block, drafts)
            i += 1
            continue
        if block.role == "head":
            run = [block]
            while i + len(run) < len(blocks) and blocks[i + len(run)].role == "head":
                run.append(blocks[i + len(run)])
            i += len(run)
            body: list[Block] = []
            while i < len(blocks) and blocks[i].role not in ("head", "credit"):
                body.append(blocks[i])
                i += 1
            drafts.extend(_grouped_drafts(run, body, at_page_start=not drafts))
            continue
        body = []
        while i < len(blocks) and blocks[i].role not in ("head", "credit"):
            body.append(blocks[i])
            i += 1
        last = drafts[-1] if drafts else None
        if last is not None and last.kind == "article" and last.credit is None:
            last.paragraphs.extend(body)  # the article above goes on
        else:
            drafts.append(_Draft("article", paragraphs=body))
    return _finish(clean, drafts)


def _attach_credit(block: Block, drafts: list[_Draft]) -> None:
    """A photo credit: photo news for a short story above it, else its own item."""
    owner = next((d for d in reversed(drafts) if d.is_story), None)
    short = owner is not None and len(owner.paragraphs) == 1 and len(owner.paragraphs[0].text) < 200
    if owner is not None and owner.kind == "article" and (is_photo_report(block.text) or short):
        owner.kind = "photo"
        owner.credit = block
        return
    drafts.append(_Draft("credit", heads=[block], attached_to=owner))


def _grouped_drafts(run: list[Block], body: list[Block], *, at_page_start: bool) -> list[_Draft]:
    extra_kind = "slogan" if at_page_start else "caption"
    if not body:
        return [_Draft(extra_kind, heads=[h]) for h in run]
    keep = 2 if len(run) >= 3 else (1 if len(run) == 2 and at_page_start else len(run))
    article = _Draft("article", heads=run[-keep:], paragraphs=body)
    extras = [
        _Draft(extra_kind, heads=[h], attached_to=article if extra_kind == "caption" else None)
        for h in run[:-keep]
    ]
    return [*extras, article]
