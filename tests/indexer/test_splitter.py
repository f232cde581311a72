"""The splitter on the real seed page and on real People's Daily text."""

from __future__ import annotations

import json

from helpers import CORPUS, SEED, excerpt

from indexer.cleaner import Block, clean_page, role_of
from indexer.reader import Page, read_sidecar
from indexer.splitter import (
    Article,
    author_from_lead,
    closes_text,
    coheres,
    field_lines,
    is_banner,
    is_person_name,
    is_signature,
    is_signoff,
    is_subheading,
    names_a_work,
    pictures_announced,
    restates,
    signs_a_piece,
    split_page,
    trails,
    wrapped_tail,
)

SEED_GOLD = SEED.parent / "page-2023-spring.gold.json"


def seed_page() -> Page:
    return Page(id="page-2023-spring", text=SEED.read_text("utf-8"), **read_sidecar(SEED))


def seed_items() -> tuple[Article, ...]:
    return split_page(clean_page(seed_page()))


def test_seed_page_gives_its_five_stories_with_their_titles_and_authors():
    stories = [
        (a.kind, a.title, a.subtitle, a.author) for a in seed_items() if a.kind in ("article", "photo")
    ]
    assert stories == [
        ("article", "全国总工会赴门头沟调研“县级工会加强年”专项工作", None, "周美玉"),
        ("article", "市推进产业工人队伍建设改革工作评价组赴东城调研", None, "边磊"),
        (
            "article",
            "首都职工志愿服务成果展示活动举行",
            "来自全市各区300余名职工志愿者齐聚一堂展示志愿风采",
            "张晶",
        ),
        ("photo", "上门义诊", None, "边磊"),
        ("article", "密云太师屯镇总工会举办春季招聘会", None, "王路曼"),
    ]


def test_seed_banner_caption_and_credit_are_their_own_items_attached_to_their_story():
    items = seed_items()
    by_kind = {a.kind: a for a in items}
    volunteer = next(a for a in items if a.title == "首都职工志愿服务成果展示活动举行")
    assert by_kind["slogan"].title == "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面"
    assert by_kind["caption"].title == "首都职工志愿服务“爱心·凝聚·力量”成果展示活动"
    assert by_kind["caption"].attached_to == volunteer.id
    assert by_kind["credit"].title == "实习记者 曹立栋 摄"
    assert by_kind["credit"].attached_to == volunteer.id
    assert by_kind["photo"].credit == "本报记者 边磊 摄影报道"


def test_lead_stays_at_the_start_of_the_body_as_printed():
    first = next(a for a in seed_items() if a.kind == "article")
    assert first.paragraphs[0].startswith("本报讯（记者 周美玉）近日，")


def test_ids_follow_page_position():
    items = seed_items()
    assert [a.id for a in items] == [f"page-2023-spring/a{n}" for n in range(1, len(items) + 1)]
    assert [a.position for a in items] == list(range(1, len(items) + 1))


def test_joins_point_at_the_merged_line_breaks_in_the_body():
    clean = clean_page(seed_page())
    merged = {(m.left[-3:], m.right[:3]) for m in clean.merges}
    joined = set()
    for item in split_page(clean):
        for j in item.joins:
            assert "\n" not in item.body[j - 1 : j + 1]
            joined.add((item.body[j - 3 : j], item.body[j : j + 3]))
    assert joined == merged
    assert ("区级工", "会加强") in joined


def test_raw_text_is_the_span_of_the_page_the_item_came_from():
    page = seed_page()
    for item in seed_items():
        assert item.raw_text is not None and item.raw_text in page.text
        assert item.raw_text.startswith(item.title or item.paragraphs[0][:4])
    photo = next(a for a in seed_items() if a.kind == "photo")
    assert photo.raw_text.endswith("本报记者 边磊 摄影报道")


def test_article_json_round_trip_keeps_every_field():
    for item in seed_items():
        data = json.loads(json.dumps(item.to_json(), ensure_ascii=False))
        assert Article.from_json(data) == item


def test_byline_on_its_own_line_names_the_author_and_stays_out_of_the_body():
    # 19980106_09 (corpus/rmrb1998): a feature whose byline stands on its own line.
    text = "\n\n".join(
        [
            "英雄不悔少年时",
            "本报记者 张帆",
            "新年伊始，我们开辟《无悔人生》专栏，陆续介绍一批昔日的英雄模范人物。",
        ]
    )
    (story,) = split_page(clean_page(Page(id="p", text=text)))
    assert story.author == "张帆"
    assert story.byline == "本报记者 张帆"
    assert story.paragraphs == ("新年伊始，我们开辟《无悔人生》专栏，陆续介绍一批昔日的英雄模范人物。",)


def test_numbered_subheadings_stay_inside_their_story():
    page = next(
        Page(id=p.stem, text=p.read_text("utf-8"))
        for p in sorted((CORPUS / "rmrb1998").glob("*.txt"))
        if "一、企业集团发展贪大图快" in p.read_text("utf-8")
    )
    items = split_page(clean_page(page))
    assert not any(a.title.startswith(("一、", "二、")) for a in items)
    story = next(a for a in items if any(p.startswith("一、企业集团发展贪大图快") for p in a.paragraphs))
    assert story.title == "目前企业集团发展值得注意的几个问题"


def test_subheading_shapes():
    assert is_subheading("三、过分追求多元化经营")
    assert is_subheading("原因之三：管理弊端多")
    assert not is_subheading("邱娥国（附图片１张）")
    assert not is_subheading("全总致全国各族职工慰问信")


# rmrb-19980101-03-005 (corpus/rmrb1998-dev.jsonl): one story gathering
# dispatches from several capitals, each paragraph group opening with a lead.
DISPATCHES = [
    "外国政要回首１９９７年",
    "据新华社莫斯科１２月３０日电（记者张铁柱）俄罗斯总统叶利钦３０日指出，在即将过去的１９９７年里，俄经济停止了下滑趋势。",
    "叶利钦是在接受莫斯科新闻媒体的联合采访时发表上述看法的。",
    "新华社波恩１２月３０日电（记者吕鸿）德国外长金克尔３０日在此间向新闻界发表讲话，认为欧洲取得全面成就。",
]


def test_leads_inside_one_story_do_not_cut_it_when_spacing_says_one_story():
    (story,) = split_page(clean_page(Page(id="p", text="\n\n".join(DISPATCHES))))
    assert story.title == "外国政要回首１９９７年"
    assert story.paragraphs[-1].startswith("新华社波恩")


def test_a_lead_set_off_by_a_wide_gap_opens_an_untitled_story():
    text = "\n\n".join(DISPATCHES[:3]) + "\n\n\n\n" + DISPATCHES[3]
    first, second = split_page(clean_page(Page(id="p", text=text)))
    assert first.title == "外国政要回首１９９７年"
    assert second.title == "" and second.paragraphs == (DISPATCHES[3],)


def test_without_empty_lines_between_paragraphs_a_lead_still_opens_a_story():
    first, second = split_page(clean_page(Page(id="p", text="\n".join(DISPATCHES))))
    assert second.paragraphs[0].startswith("新华社波恩")


def test_an_exclaimed_headline_over_a_lead_is_a_title():
    # rmrb-19980104-04-005: 如此美容美发店！ follows the story above it.
    text = "\n\n".join(
        [
            "１９９７大地震减少伤亡者增多",
            "去年全球共发生了１７次大地震，比１９９６年的２１次要少。",
            "如此美容美发店！",
            "本报讯（记者 李吉）在湖南省长沙市五一路芙蓉宾馆西侧，有一溜美容美发店。",
        ]
    )
    first, second = split_page(clean_page(Page(id="p", text=text)))
    assert first.paragraphs == ("去年全球共发生了１７次大地震，比１９９６年的２１次要少。",)
    assert (second.title, second.author) == ("如此美容美发店！", "李吉")


def test_photo_news_without_a_headline_is_the_text_a_wide_gap_sets_off_above_its_credit():
    # 19980103_03-1 of the evaluation layout: an untitled photo report below a story.
    story = "\n\n".join(DISPATCHES[:3])
    text = (
        story
        + "\n\n\n\n"
        + "中国首次制造和首批出口的８０多个多用途液体罐式集装箱顺利通过验收。"
        + "\n\n本报记者 谢强立 摄影报道"
    )
    first, photo = split_page(clean_page(Page(id="p", text=text)))
    assert first.kind == "article" and len(first.paragraphs) == 2 and first.credit is None
    assert (photo.kind, photo.title, photo.author) == ("photo", "", "谢强立")
    assert photo.paragraphs == ("中国首次制造和首批出口的８０多个多用途液体罐式集装箱顺利通过验收。",)


def test_a_spaced_banner_over_an_untitled_story_is_the_page_slogan():
    text = "\n\n".join(["深化改革 扩大开放 促进发展 保持稳定", DISPATCHES[3]])
    slogan, story = split_page(clean_page(Page(id="p", text=text)))
    assert (slogan.kind, slogan.title) == ("slogan", "深化改革 扩大开放 促进发展 保持稳定")
    assert (story.kind, story.title, story.paragraphs) == ("article", "", (DISPATCHES[3],))


def test_banner_shapes():
    assert is_banner("高举邓小平理论伟大旗帜 把建设有中国特色社会主义事业全面推向二十一世纪")
    assert not is_banner("记者 周美玉")
    assert not is_banner("外国政要回首１９９７年")


def test_a_paragraph_between_two_wide_gaps_is_an_untitled_brief():
    # 19980103_03-1 of the evaluation layout: briefs without headlines
    # (rmrb-19980103-03-017, -018) below a titled story.
    briefs = [
        "日本新能源财团最近发表的调查报告表明，日本新能源事业取得了新进展。",
        "德国自１日起取消了已有１２５年历史的联邦邮电部，邮电系统改革进入全新的阶段。",
    ]
    text = "\n\n".join(DISPATCHES[:3]) + "".join("\n\n\n\n" + b for b in briefs)
    text += "\n\n\n\n" + "\n\n".join(["１９９７大地震减少伤亡者增多", "去年全球共发生了１７次大地震。"])
    story, first, second, last = split_page(clean_page(Page(id="p", text=text)))
    assert len(story.paragraphs) == 2
    assert (first.title, first.paragraphs) == ("", (briefs[0],))
    assert (second.title, second.paragraphs) == ("", (briefs[1],))
    assert last.title == "１９９７大地震减少伤亡者增多"


def test_a_column_heading_after_a_story_opens_a_new_item_however_short():
    # 19980105_07: 图片新闻 over numbered photo reports, below another story.
    text = "\n\n".join(
        [
            "银行越并越大",
            "１９９７年１２月８日，瑞士三大银行中的两家宣布合并，组成世界第二大银行。",
            "图片新闻",
            "１、今年新年夜，德国波恩市礼花争艳。（新华社记者黄文摄）",
        ]
    )
    story, column = split_page(clean_page(Page(id="p", text=text)))
    assert story.title == "银行越并越大" and len(story.paragraphs) == 1
    assert column.title == "图片新闻"
    assert column.paragraphs == ("１、今年新年夜，德国波恩市礼花争艳。（新华社记者黄文摄）",)


def test_bulleted_lines_below_a_headline_open_its_body():
    # rmrb-19980105-05-... (dev page 19980105_05-0): two bulleted summary lines.
    text = "\n\n".join(
        [
            "五百院士评点科技风云",
            "●克隆羊多利火星登陆原子激光震惊世界",
            "●转基因水稻三峡截流纳米技术轰动神州",
            "本报北京１月４日讯记者杨健报道：刚刚过去的１９９７年中，科技界可谓成果不断，热闹非凡。",
        ]
    )
    (story,) = split_page(clean_page(Page(id="p", text=text)))
    assert story.title == "五百院士评点科技风云" and story.subtitle is None
    assert story.paragraphs[:2] == (
        "●克隆羊多利火星登陆原子激光震惊世界",
        "●转基因水稻三峡截流纳米技术轰动神州",
    )


def test_a_page_opening_with_a_headline_and_its_author_has_no_slogan():
    # rmrb-19980101-07-...: 唱国歌与写杂文 / 胡昭衡 opens its page.
    text = "\n\n".join(
        [
            "唱国歌与写杂文",
            "胡昭衡",
            "新年１９９８。如按江湖中流行的以撞运气发横财的谐音骗术来说，可以称为“你久久发”。",
        ]
    )
    (story,) = split_page(clean_page(Page(id="p", text=text)))
    assert (story.kind, story.title, story.subtitle) == ("article", "唱国歌与写杂文", "胡昭衡")


# rmrb-19980105-03 济南交警带头人 (corpus/rmrb1998-dev.jsonl), its first
# paragraphs and its first in-story section.
JINAN = [
    "１９９５年１０月１６日，当山东省济南市公安局副局长兼交警支队支队长李长水，庄重地从公安部长手中接过江泽民总书记为济南交警亲笔题写的“严格执法，热情服务”的题词时，这位在公安战线上摸爬滚打了３０多年的老党员，感到自己身上的担子更重了。",
    "近４０年来，李长水无论在什么岗位上，总是把群众的利益、党的事业放在首位。特别是这些年来，他在交警的领导岗位上，更是恪尽职守，倾注了自己的心血，终于带出了一支过硬的队伍。济南交警成为全国公安战线的一面旗帜，成为全国“窗口”行业的表率。",
    "换个思路抓管理",
    "李长水上任时，面对的是行路难、行车难、执法难等一大堆交通管理难题。",
    "道路两旁乱摆摊点、违章建筑乱占道是影响道路秩序的老大难。李长水首先从这方面动大手术。他改变过去只顾驱赶、不顾商贩生活出路的做法，带领各大队领导与城建、工商等部门协调，积极为商贩找“新窝”。对占道摊贩，引进商业点；对在农贸市场的违章占道，耐心劝导和依法强行拆除相结合，劝回市场合法经营；对沿街流动叫卖的摊贩实行拉网式清理，“网”进农贸市场定点经营。李长水一再要求民警，不得伤害群众利益。经过艰苦的努力，清除违章占道摊点２５６８个，清理出可行路面８万多平方米。道路通了，领导满意了，群众满意了，支队荣立了集体二等功。",
    "重塑交警新形象",
    "整顿道路的成功，使李长水信心倍增。他意识到：“交警执勤形象直接代表着党和政府的形象。”于是，他做出了第二个大动作，重塑交警新形象。",
]


def test_a_head_whose_section_names_the_story_s_own_matters_is_a_subheading():
    # 给闲暇一个迷人的空间——游乐业现状透视: its section “金字塔”尚未形成
    # goes on about 游乐业, 游乐园, 游艺机.
    page = next(
        Page(id=p.stem, text=p.read_text("utf-8"))
        for p in sorted((CORPUS / "rmrb1998").glob("*.txt"))
        if "“金字塔”尚未形成" in p.read_text("utf-8")
    )
    items = split_page(clean_page(page))
    assert not any(a.title == "“金字塔”尚未形成" for a in items)
    story = next(a for a in items if "“金字塔”尚未形成" in a.paragraphs)
    assert story.title.startswith("给闲暇一个迷人的空间")


def test_a_head_over_a_story_on_other_matters_is_a_new_title():
    text = "\n\n".join(["济南交警带头人", *JINAN[:5], *DISPATCHES])
    *_, last = split_page(clean_page(Page(id="p", text=text)))
    assert last.title == "外国政要回首１９９７年"


def rmrb_items(needle: str) -> tuple[Article, ...]:
    """The items of the corpus/rmrb1998 page whose text holds `needle`."""
    page = next(
        Page(id=p.stem, text=p.read_text("utf-8"))
        for p in sorted((CORPUS / "rmrb1998").glob("*.txt"))
        if needle in p.read_text("utf-8")
    )
    return split_page(clean_page(page))


def excerpt_items(name: str) -> tuple[Article, ...]:
    """The items of a page excerpt in tests/data/excerpts (`plain-19980110_01.txt`: page 19980110_01)."""
    page_id = name.removesuffix(".txt").split("-", 1)[1]
    return split_page(clean_page(Page(id=page_id, text=excerpt(name))))


def story_holding(items: tuple[Article, ...], paragraph: str) -> Article:
    return next(a for a in items if paragraph in a.paragraphs)


def test_sections_that_keep_naming_the_story_s_matters_stay_in_it():
    # rmrb-19980105-03-xxx 济南交警带头人: each section goes on about 李长水 and
    # 交警; the second and third share two rare words with the story above.
    items = rmrb_items("重塑交警新形象")
    story = story_holding(items, "重塑交警新形象")
    assert story.title == "济南交警带头人"
    assert "当好人民公仆" in story.paragraphs


def test_a_short_subheading_needs_one_rare_word_in_common():
    # 山东集中投入智力扶贫 (1998-01-10, p. 7): 换个思路找出路 (7 characters) heads
    # a section on 滨州 and 巾帼 like the lead above it.
    items = rmrb_items("换个思路找出路")
    story = story_holding(items, "换个思路找出路")
    assert story.title == "山东集中投入智力扶贫"
    assert "智力扶贫强素质" in story.paragraphs
    assert not any(a.title in ("换个思路找出路", "智力扶贫强素质") for a in items)


def test_a_signature_under_a_paragraph_stays_with_the_text_above():
    # 源于实践的思考 (1998-01-06, p. 10): six readers' pieces, each signed
    # ———王文西（山东）; the last signature sits right above the next headline.
    items = rmrb_items("———王文西（山东）")
    story = story_holding(items, "———王文西（山东）")
    assert story.title == "源于实践的思考"
    assert story.paragraphs[-1] == "———李东旭马丽静（辽宁）"
    assert not any(a.title.startswith("—") for a in items)
    assert any(a.title.startswith("鲜血和生命写成的历史") for a in items)


def test_signoff_shapes():
    assert is_signoff("———全清波李晓辉（河南）")
    assert is_signoff("——编者")
    assert not is_signoff("——记国家科技扶贫“振华奖”获得者刘我成")
    assert not is_signoff("——记刘我成")
    assert not is_signoff("———在全国语言文字工作会议上的书面讲话")


def test_captions_listed_under_a_picture_label_stay_in_their_story():
    # 生肖篆刻：和合雅俗的魅力（附图片６张） (1998-01-08, p. 11) ends with
    # 图片： and two caption lines; the headline right below them, over its
    # own text, opens the next story although six pictures were announced.
    items = rmrb_items("百牛迎春")
    story = story_holding(items, "百牛迎春")
    assert story.title.startswith("生肖篆刻")
    assert story.paragraphs[-3:] == ("图片：", "百牛迎春", "百虎撼岳")
    after = items[items.index(story) + 1]
    assert after.title.startswith("给闲暇一个迷人的空间")


def test_pictures_a_title_announces():
    assert pictures_announced("追求崇高——九七年主题性美术创作点评（附图片５张）") == 5
    assert pictures_announced("伟大的军事家周恩来（附图片十二张）") == 12
    assert pictures_announced("年底能不能下基层") == 1


def test_place_names_over_the_dispatches_of_a_roundup_stay_in_it():
    # 东亚货币继续贬值 (1998-01-07, p. 7) opens with 本报曼谷１月５日电, then
    # 菲律宾, 日本, 印尼 and 韩国, each over a 新华社 dispatch from there.
    items = rmrb_items("东亚 货币继续贬值")
    story = story_holding(items, "日本")
    assert story.title == "东亚 货币继续贬值"
    assert {"菲律宾", "日本", "印尼", "韩国"} <= set(story.paragraphs)
    assert not any(a.title in ("菲律宾", "日本", "印尼", "韩国") for a in items)


def test_a_short_headline_over_a_lead_below_a_story_without_dateline_is_a_title():
    # 学金融 (rmrb-19980105-10-003) is a column's three-character headline;
    # here it heads a dispatch below a story that opened with no dateline.
    text = "\n\n".join(["济南交警带头人", *JINAN[:2], "学金融", *DISPATCHES[1:3]])
    *_, last = split_page(clean_page(Page(id="p", text=text)))
    assert last.title == "学金融"


def test_a_page_without_spacing_asks_more_of_a_subheading():
    # 重塑交警新形象 shares one rare word (李长水) with the story above: enough
    # for a short head on a spaced page, not on text rebuilt from OCR lines.
    def block(text: str) -> Block:
        return Block(text, tuple(range(len(text))), role_of(text), (0,))

    head, section, story = block(JINAN[5]), [block(JINAN[6])], [block(t) for t in JINAN[:5]]
    assert coheres(head, section, story)
    assert not coheres(head, section, story, spaced=False)


def test_a_picture_announcement_on_a_deck_line_leaves_the_headline_above_it():
    # 戏剧界专家盛赞《虎踞钟山》 (1998-01-10, p. 1): the line below the headline
    # ends with （附图片２张）; the headline stays the title.
    story = next(a for a in rmrb_items("戏剧界专家盛赞") if "虎踞钟山" in a.title)
    assert story.title == "戏剧界专家盛赞《虎踞钟山》"
    assert story.subtitle == "以思想性艺术性观赏性的统一真实表现了一个时代（附图片２张）"


def test_lines_that_close_a_story_are_not_headlines():
    assert trails("希望有关部门采取措施，保护三清山！（江西玉山县李芳琴）")
    assert trails("［附记：菡子著《重逢日子》即将由中国文联出版公司列入“当代女作家丛书”出版］")
    assert trails("１９９７年岁暮")
    assert not trails("江泽民观看话剧《虎踞钟山》")
    assert not trails("全国政协举行新年茶话会欢聚一堂庆佳节团结一致展宏图")


def test_a_photo_report_credit_in_traditional_characters_makes_photo_news():
    # corpus/rmrb1998/19980105_03-1.txt is printed in traditional characters.
    items = rmrb_items("本報記者 金秀剛 攝影報道")
    photo = next(a for a in items if a.credit == "本報記者 金秀剛 攝影報道")
    assert photo.kind == "photo"
    assert photo.author == "金秀剛"
    assert photo.paragraphs[0].startswith("本報訊北空各級後勤")


def test_a_byline_line_under_a_story_s_deck_stays_in_the_story():
    # 国产数字彩电来了 (1998-01-05, p. 9): one paragraph, then 本报记者王政,
    # then the rest of the story.
    items = rmrb_items("本报记者王政")
    story = story_holding(items, "本报记者王政")
    assert story.title == "国产数字彩电来了"
    assert story.paragraphs[1] == "本报记者王政"
    assert story.paragraphs[2].startswith("去年12月16日")
    assert story.author == "王政"


def test_a_bare_attribution_below_a_caption_is_not_an_item():
    # 纪念周恩来百年诞辰 (1998-01-08, p. 1): its caption 图为在北京新闻发展总公司
    # 门前… is followed by （本报记者张悦摄）, which belongs to the story.
    items = rmrb_items("（本报记者张悦摄）")
    story = story_holding(items, "（本报记者张悦摄）")
    assert story.title == "纪念周恩来百年诞辰"
    assert not any(a.paragraphs == ("（本报记者张悦摄）",) for a in items)


def test_an_author_s_name_below_the_headline_ends_the_headline():
    # 回眸九七：增长质量改善展望九八：继续保持增势 (1998-01-05, p. 9): the
    # author 李琨 on a line of its own, then the first section's subheading.
    story = next(a for a in rmrb_items("回眸九七") if "回眸九七" in a.title + a.body[:10])
    assert story.title == "回眸九七：增长质量改善展望九八：继续保持增势"
    assert story.paragraphs[:2] == ("李琨", "经济增长质量明显改善")


def test_person_name_lines():
    assert is_person_name("李岚清")
    assert is_person_name("刘向东")
    assert not is_person_name("原因")
    assert not is_person_name("哈尔滨")
    assert not is_person_name("经济增长质量明显改善")


def test_a_widely_spaced_paragraph_that_names_the_story_s_matters_is_not_a_brief():
    # rmrb-19980107-03-002 全军坚持艰苦奋斗教育限制会议接待费用: the layout
    # set 《办法》指出，各单位和部… off by wide gaps above and below, but it
    # goes on naming the 会议费 and 接待费 of the paragraphs above.
    items = rmrb_items("全军坚持艰苦奋斗教育限制会议接待费用")
    story = next(a for a in items if a.title == "全军坚持艰苦奋斗教育限制会议接待费用")
    assert any(p.startswith("《办法》指出，各单位和部") for p in story.paragraphs)
    assert not any(a.paragraphs and a.paragraphs[0].startswith("《办法》指出") for a in items if not a.title)


def test_a_head_under_a_one_paragraph_lede_over_a_long_section_is_its_first_subheading():
    # 伟大的军事家周恩来——读《周恩来军事文选》 (rmrb 1998-01-08, p. 3): a lede
    # of 171 characters, then 波澜壮阔的军事生涯 over 2,000 characters more.
    items = rmrb_items("伟大的军事家周恩来")
    story = next(a for a in items if a.title.startswith("伟大的军事家周恩来"))
    flat = [p.replace(" ", "") for p in story.paragraphs]
    assert "波澜壮阔的军事生涯" in flat
    assert len(story.paragraphs) > 10
    assert not any(a.title.replace(" ", "") == "波澜壮阔的军事生涯" for a in items)


def test_a_brief_under_a_one_paragraph_brief_is_a_story_of_its_own():
    # rmrb 1998-01-07, p. 4: 京郊电信扶贫 (126 characters) follows the
    # one-paragraph brief 王学贤被任命为驻南非大使.
    items = rmrb_items("京郊电信扶贫")
    assert any(a.title == "京郊电信扶贫" for a in items)
    envoy = next(a for a in items if a.title == "王学贤被任命为驻南非大使")
    assert len(envoy.paragraphs) == 1


def test_the_fields_of_a_profile_box_stay_in_their_story():
    # 先进模范近如何 (rmrb 1998-01-04, p. 4): each model worker's box prints
    # 荣誉… / 工作单位… / 目前状况…, the label run into its value.
    items = rmrb_items("工作单位浙江省临安市气象局")
    story = next(a for a in items if a.title == "徐虎（附图片１张）")
    assert any(p.startswith("荣誉全国劳动模范") for p in story.paragraphs)
    assert any(p.startswith("工作单位上海西部企业集团") for p in story.paragraphs)
    assert any(p.startswith("附记：") for p in story.paragraphs)
    assert not any(a.title.startswith(("荣誉", "工作单位", "目前状况")) for a in items)


def test_headlines_of_different_stories_are_not_fields():
    clean = clean_page(seed_page())
    assert field_lines(clean.blocks) == set()
    for name in ("19980101_01", "19980105_05-0", "19980110_01"):
        path = CORPUS / "rmrb1998" / f"{name}.txt"
        assert field_lines(clean_page(Page(id=name, text=path.read_text("utf-8"))).blocks) == set()


def test_a_lead_in_traditional_characters_opens_its_story():
    # corpus/rmrb1998/19980104_01.txt is printed in traditional characters:
    # 依託傳統農業跳出傳統農業… heads its own story, 本報鄭州1月3日電…, below
    # 以大辦沼氣爲紐帶…, whose text it used to join as a subheading.
    items = rmrb_items("依託傳統農業跳出傳統農業")
    story = next(a for a in items if a.title.startswith("依託傳統農業跳出傳統農業"))
    assert story.paragraphs[0].startswith("本報鄭州1月3日電")
    above = next(a for a in items if a.title.startswith("以大辦沼氣爲紐帶"))
    assert not any(p.startswith("依託傳統農業") for p in above.paragraphs)


def test_the_author_of_a_lead_in_traditional_characters_is_printed_as_is():
    assert author_from_lead("本報訊（記者閻曉明）一個特殊的省委常委擴大會") == "閻曉明"


def test_a_page_in_traditional_characters_splits_like_its_simplified_original():
    # corpus/rmrb1998 pages converted with OpenCC s2t, as the evaluation's
    # noisy pages are: 《百年恩来》：要说的太多，太多（附圖片１張） and
    # 石学海：牵着骆驼闯影坛（附圖片１張） announce their pictures in
    # traditional characters and are titles all the same.
    import opencc

    from indexer.analyzer import fold

    to_traditional = opencc.OpenCC("s2t")
    for name in ("19980109_09", "19980109_10"):
        text = (CORPUS / "rmrb1998" / f"{name}.txt").read_text("utf-8")
        simplified = split_page(clean_page(Page(id=name, text=text)))
        traditional = split_page(clean_page(Page(id=name, text=to_traditional.convert(text))))
        assert [(a.kind, fold(a.title)) for a in traditional] == [(a.kind, fold(a.title)) for a in simplified]
        assert any("附图片1张" in fold(a.title) for a in traditional)


def test_a_photo_between_a_headline_and_its_text_leaves_the_headline_the_title():
    # rmrb 1998-01-05, p. 5: 今日『送子观音』——记…梁惠珍（附图片１张） / 李霞 /
    # 图为梁惠珍大夫（右）给马海德基金会捐款。… / the text.
    items = rmrb_items("今日『送子观音』")
    story = next(a for a in items if a.title.startswith("今日『送子观音』"))
    assert story.kind == "article"
    assert story.paragraphs[0].startswith("1997年９月，广东省湛江市")
    caption = next(a for a in items if a.title.startswith("图为梁惠珍大夫"))
    assert caption.kind == "caption"
    assert caption.attached_to == story.id


def test_a_picture_note_on_its_own_line_closes_the_headline_above_it():
    # rmrb 1998-01-08, p. 5: 群雄逐鹿竞风流——记…徐杰的成功谋略 / （附图片１张） /
    # 何黄彪夏光辉 (the authors) / a caption / the text.
    items = rmrb_items("群雄逐鹿竞风流")
    story = next(a for a in items if a.kind == "article" and a.title.startswith("群雄逐鹿竞风流"))
    assert story.paragraphs[:2] == ("（附图片１张）", "何黄彪夏光辉")
    assert story.paragraphs[2].startswith("万德莱无绳电话机")


def test_a_work_named_under_a_poem_is_the_next_item_not_a_line_of_verse():
    # rmrb 1998-01-01, p. 7: the verse of 新年的祝福（二首） ends 庆祝我们新的辉煌;
    # 国泰民安（篆刻） / （陈少华） below it is a seal carving of its own.
    items = rmrb_items("国泰民安（篆刻）")
    poem = next(a for a in items if a.title == "新年的祝福（二首）")
    assert poem.paragraphs[-1] == "庆祝我们新的辉煌"
    seal = next(a for a in items if a.title == "国泰民安（篆刻）")
    assert seal.paragraphs == ("（陈少华）",)


def test_a_deck_line_announcing_pictures_does_not_end_a_run_of_verse():
    assert not names_a_work("演出前会见了参加中国话剧９０年纪念活动的艺术家（附图片１张）")
    assert names_a_work("黄土地上的蒲公英（外一首）")


def test_a_lone_head_of_four_or_five_characters_needs_a_shared_word_to_be_a_subheading():
    # rmrb 1998-01-08, p. 2: 走上大山顶, a reportage on a village, follows a
    # report on airports and mail routes; p. 8: 珀斯真热 follows an interview
    # on sport as an industry. Neither names what the story above names.
    items = rmrb_items("走上大山顶")
    assert any(a.title == "走上大山顶" for a in items)
    items = rmrb_items("珀 斯 真 热")  # letter-spaced on the page
    story = next(a for a in items if a.title == "珀斯真热")
    assert story.paragraphs[0].startswith("记者昨天还穿着厚厚羽")


def test_a_sentence_with_its_attribution_closes_the_text_above_it():
    # rmrb 1998-01-01, p. 1: the New Year speech ends 谢谢！（新华社北京１２月３１日电）,
    # right above the next headline 在十五大精神指引下胜利前进——元旦献辞.
    items = rmrb_items("谢谢！（新华社北京")
    speech = next(a for a in items if a.title.startswith("迈向充满希望的新世纪"))
    assert speech.paragraphs[-1].startswith("谢谢！（新华社北京")
    assert any(a.title == "在十五大精神指引下胜利前进——元旦献辞" for a in items)
    assert closes_text("谢谢！（新华社北京１２月３１日电）")
    assert not closes_text("美一州遭受暴雨灾害（图片）")


def test_a_question_over_its_author_s_name_is_a_headline():
    # dev/plain 19980109_12 (rmrb 1998-01-09, p. 12, eval/dev of shared/): a
    # photo report, then a column piece headed by a question and signed below.
    items = excerpt_items("plain-19980109_12.txt")
    piece = next(a for a in items if "年前，友人赠送一本新年历。" in a.paragraphs)
    assert piece.title == "『诸事不宜』？"
    assert piece.subtitle == "邱金华"
    assert signs_a_piece("邱金华") and not signs_a_piece("原因")


def test_a_brief_set_off_by_a_wide_gap_at_the_end_of_the_page_is_its_own_item():
    # dev/plain 19980101_03-1 (rmrb 1998-01-01, p. 3, eval/dev of shared/): untitled
    # briefs, one paragraph each, three empty lines apart (paragraphs one); the last
    # ends the page. An ordinary gap a layout widens is set off on one side only.
    items = excerpt_items("plain-19980101_03-1.txt")
    assert [a.paragraphs[0][:8] for a in items if a.kind == "article"] == [
        "中国政府向马达加",
        "截至１９９７年底",
        "中国首次制造和首",
    ]


def test_a_signed_brief_set_off_by_wide_gaps_is_its_own_item():
    # dev/plain 19980105_12 (rmrb 1998-01-05, p. 12, eval/dev of shared/), from the
    # head 如何选择联网漫游寻呼台 to the page's end: untitled briefs three or more
    # empty lines apart; one is signed （小苏） on the line below, one ends the page.
    items = excerpt_items("plain-19980105_12.txt")
    firsts = [a.paragraphs[0][:6] for a in items if a.kind == "article" and a.paragraphs]
    assert firsts[-2:] == ["诺基亚公司近", "国内首家自主"]
    nokia = next(a for a in items if a.paragraphs and a.paragraphs[0].startswith("诺基亚"))
    assert nokia.paragraphs[-1] == "（小苏）"


def test_a_paragraph_opening_with_a_connective_goes_on_with_the_story_above():
    # 中年求学的经历 (rmrb 1998-01-07, p. 11) as scanify.py --seed 12 lays it out at
    # the end of its page: its last paragraph, signed below, comes after a gap the
    # layout widened. 于是 leans on the sentence before it: no brief begins there.
    items = excerpt_items("seed12-19980107_11.txt")
    assert [a.title for a in items] == ["中年求学的经历"]
    assert items[0].paragraphs[-2].startswith("于是，有了用文学充实业余生活")


def test_on_a_page_of_one_paragraph_briefs_a_merged_break_shows_the_usual_gap():
    # rmrb 1998-01-01, p. 3 (second half) as scanify.py --seed 11 lays it out: four
    # untitled briefs three empty lines apart and no narrower gap between blocks;
    # the break inside the third brief, one empty line, is the page's usual gap.
    items = excerpt_items("seed11-19980101_03-1.txt")
    firsts = [a.paragraphs[0][:6] for a in items if a.kind == "article"]
    assert firsts == ["中国驻突尼斯", "中国政府向马", "截至１９９７", "中国首次制造"]


def test_a_question_over_a_staff_byline_is_a_headline():
    # rmrb 1998-01-08, p. 1 (dev/plain of shared/eval): the last paragraph of a
    # report, then a commentary headed by a question, its byline on the line below.
    items = excerpt_items("plain-19980108_01.txt")
    assert [a.title for a in items] == ["", "“家庭出身”栏还有必要吗？"]
    assert items[1].author == "楠桂"


def test_a_story_cut_into_sections_goes_on_under_its_next_subheading():
    # rmrb 1998-01-07, p. 5 (dev/plain of shared/eval): a conference report in three
    # sections; the third subheading shares only 体育产业 with the text above.
    items = excerpt_items("plain-19980107_05-0.txt")
    assert [a.title for a in items] == ["巧借东风上层楼——体育市场开发与新闻传播战略研讨会侧记"]
    assert "体育产业发展应与国际接轨" in items[0].paragraphs


def test_a_lead_under_a_brief_s_signature_opens_the_next_brief():
    # rmrb 1998-01-07, p. 2 (second half; dev/plain of shared/eval): three briefs
    # and no gap narrower than two lines, so spacing cannot tell; the second
    # brief is signed （宋连友王健）, and the third opens with 本报讯.
    items = excerpt_items("plain-19980107_02-1.txt")
    stories = [a for a in items if a.kind in ("article", "photo")]
    assert len(stories) == 3
    assert stories[1].paragraphs[-1] == "（宋连友王健）"
    assert stories[2].paragraphs[0].startswith("本报讯中国乡镇企业")
    assert is_signature("（宋连友王健）") and not is_signature("（新华社记者樊如钧摄）")


def test_a_picture_column_goes_on_past_its_first_photo_s_caption():
    # rmrb 1998-01-09, p. 2 (second half; dev/plain of shared/eval): 图片新闻 with
    # two numbered pictures; item １、's caption sits between １、 and ２、.
    items = excerpt_items("plain-19980109_02-1.txt")
    column = next(a for a in items if a.title == "图片新闻")
    assert [p[:2] for p in column.paragraphs] == ["１、", "图为", "２、", "（罗"]
    assert [a.kind for a in items] == ["slogan", "article"]


def test_a_label_closing_a_section_does_not_end_a_sectioned_story():
    # rmrb 1998-01-06, p. 1, as scanify.py --seed 11 lays it out: readers' letters
    # in sections; one ends with its writers' initials （Ａ、Ｄ）, and the next
    # subheading goes on the story all the same.
    items = excerpt_items("seed11-19980106_01.txt")
    assert [a.title for a in items] == ["“我真的爱看……”——因特网读者称赞本报网络版"]
    assert "“网络版为我学习十五大提供极大方便”" in items[0].paragraphs


def test_a_question_over_a_byline_naming_two_papers_is_a_headline():
    # rmrb 1998-01-07, p. 9 (dev/plain of shared/eval): a profile's signature, then
    # a joint report headed by a question; its byline names two papers' reporters.
    items = excerpt_items("plain-19980107_09.txt")
    assert items[-1].title == "从安徽整顿前的情况看——农村电价缘何高？"
    assert items[-1].paragraphs[0].startswith("编者按：")


def test_summary_bullets_under_a_page_s_first_headline_are_not_verse():
    # rmrb 1998-01-10, p. 7 (dev/plain of shared/eval) opens with a headline, three
    # bulleted summary points, a picture note and the author's name.
    items = excerpt_items("plain-19980110_07-0.txt")
    assert [(a.kind, a.title) for a in items] == [("article", "巾帼扶贫加大攻坚力度")]
    assert items[0].paragraphs[0].startswith("●自一九八六年以来")


def test_a_bare_section_number_under_a_head_begins_the_text():
    # rmrb 1998-01-10, p. 8 (dev/plain of shared/eval): 小黑板两题 ("two pieces
    # on the blackboard"), then its first piece's head 高低 and number 一.
    items = excerpt_items("plain-19980110_08.txt")
    assert [a.title for a in items] == ["小黑板两题"]
    assert items[0].paragraphs[:2] == ("高低", "一")


def test_a_story_s_attribution_and_picture_list_end_it():
    # rmrb 1998-01-05, p. 10, as scanify.py --seed 12 lays it out: Ｋ线介绍 ends with
    # its writer and chart maker in brackets, then lists its two charts under
    # 图片：; 学金融, three characters, is the next story's headline.
    items = excerpt_items("seed12-19980105_10.txt")
    assert [a.title for a in items] == ["Ｋ线介绍（附图片２张）", "学金融"]
    assert items[0].paragraphs[-3:] == ("图片：", "深圳成份股指数周Ｋ线图", "上海综合指数周Ｋ线图")


def test_a_head_with_a_deck_naming_its_kind_is_a_title_whatever_it_shares():
    # rmrb 1998-01-10, p. 4 (dev/plain of shared/eval): a report from the swimming
    # championships in Perth, then a commentary on the same meet, 再立潮头看何人——评….
    items = excerpt_items("plain-19980110_04.txt")
    assert [a.title for a in items] == [
        "世界游泳锦标赛预赛中国选手一路顺风",
        "再立潮头看何人——评世界女板跳水大势",
    ]


def test_a_surname_led_name_line_ends_a_three_line_headline():
    # rmrb 1998-01-06, p. 7 (dev/plain of shared/eval): title, subtitle and the
    # author 钟行, whom jieba does not tag a person.
    items = excerpt_items("plain-19980106_07-0.txt")
    assert (items[0].title, items[0].subtitle) == (
        "泡沫艳丽ＭＭＭ股票价格青云直上",
        "神话破灭俄罗斯投资大众追悔莫及",
    )
    assert items[0].paragraphs[0] == "钟行"


def test_a_byline_under_the_lede_does_not_hide_it():
    # rmrb 1998-01-06, p. 9 (dev/plain of shared/eval): a lede of 76 characters, the
    # reporter's byline under it, then the feature's first subheading and section.
    items = excerpt_items("plain-19980106_09.txt")
    assert [a.title for a in items] == ["关爱不当酿悲剧呼吁环保进课堂"]
    assert "乱投食的代价" in items[0].paragraphs


def test_a_subheading_shaped_head_goes_on_a_sectioned_story_past_a_note():
    # rmrb 1998-01-09, p. 1 (dev/plain of shared/eval): 大亚湾之光 in sections; one
    # ends with the labels of its pictures （Ａ、Ｂ）, and the next head, two
    # clauses (引进管理，建立现代企业制度), names nothing rare the story named.
    items = excerpt_items("plain-19980109_01-0.txt")
    assert [a.title for a in items] == ["大亚湾之光（附图片１张）"]
    assert "引进管理，建立现代企业制度" in items[0].paragraphs


def test_a_quoted_head_goes_on_a_story_whose_sections_are_headed_by_quotations():
    # rmrb 1998-01-06, p. 11, as scanify.py --seed 11 lays it out: a feature whose
    # sections are headed by sayings in quotes; the second shares no rare word.
    items = excerpt_items("seed11-19980106_11-0.txt")
    story = next(a for a in items if a.kind == "article")
    assert story.title == "文明风景线——记长沙市公安局交警支队（附图片１张）"
    assert "“向改革要警力”" in story.paragraphs


def test_the_report_under_an_editor_s_note_is_the_same_story():
    # rmrb 1998-01-03, p. 1 (dev/noisy of shared/eval): a headline, the editor's
    # comment (编辑点评：) and, after a wide gap, the report from its lead on.
    items = excerpt_items("noisy-19980103_01.txt")
    assert [a.title for a in items] == ["宁夏：农业产业化铺筑致富路"]
    assert any(p.startswith("本报银川") for p in items[0].paragraphs)


def test_a_paragraph_naming_the_story_s_person_again_goes_on_with_it():
    # rmrb 1998-01-09, p. 2, as scanify.py --seed 11 lays it out: a reportage on the
    # farmer 张宝军; one of its dialogue paragraphs sits between two wide gaps.
    items = excerpt_items("seed11-19980109_02-0.txt")
    assert [a.title for a in items] == ["多点挣钱门路才好！"]


def test_a_picture_credit_closes_a_sectioned_story():
    # rmrb 1998-01-06, p. 12, as scanify.py --seed 11 lays it out: a feature in
    # sections ends with its picture credit （孙久奎摄）; 思念，根植在军营, two
    # clauses like a subheading, is the next story's headline.
    items = excerpt_items("seed11-19980106_12-0.txt")
    assert [a.title for a in items if a.kind == "article"][-1] == "思念，根植在军营"


def test_a_question_under_a_signature_over_an_editor_s_note_is_a_headline():
    # rmrb 1998-01-07, p. 9 (dev/noisy of shared/eval): the signature that closes a
    # profile, then a report headed by a question and opened by an editor's note.
    items = excerpt_items("noisy-19980107_09.txt")
    assert items[-1].title == "从安徽整顿前的情况看——农村电价缘何高？"
    assert items[-1].paragraphs[0].startswith("编者按：")


def test_a_column_s_standing_heading_titles_its_item_under_the_banner():
    # rmrb 1998-01-04, p. 4 (dev/noisy of shared/eval) opens with its running header,
    # the page banner letter-spaced by the scanner, and the column 致读者.
    items = excerpt_items("noisy-19980104_04-0.txt")
    assert [a.kind for a in items][:2] == ["slogan", "article"]
    assert items[1].title == "致读者"


def test_a_long_spaced_first_line_over_a_headline_is_the_page_banner():
    # rmrb 1998-01-08, p. 5 (dev/noisy of shared/eval, in traditional characters):
    # the scanner spaced the banner's characters, hiding the space between its
    # phrases; the first story's headline and lead follow.
    items = excerpt_items("noisy-19980108_05.txt")
    assert [a.kind for a in items] == ["slogan", "article"]
    assert items[1].title == "彭珮雲在天津計生會議上強調同心協力加強計生服務工作"


def test_the_author_is_read_from_a_lead_whose_brackets_ocr_misread():
    # Tesseract's text of the seed page: 本报讯〈记者 周美玉), 本报讯《记者 边敌),
    # 本报讯 记者 王路最) — the bracket read as 〈 or 《, or lost.
    assert author_from_lead("本报讯〈记者 周美玉) 近日，") == "周美玉"
    assert author_from_lead("本报讯《记者 边敌) 近日，") == "边敌"
    assert author_from_lead("本报讯 记者 王路最) 近日") == "王路最"
    assert author_from_lead("本报北京１月４日讯记者施明慎报道：中国人民银行（央行）今天") is None


def test_a_short_last_head_is_the_rest_of_a_wrapped_subtitle():
    # rmrb 1998-01-08, p. 1, as scanify.py --seed 41 lays it out: the subtitle runs
    # on two lines, 希望在…尽快公正合理解决 / 海湾战争遗留问题, under the title.
    items = excerpt_items("seed41-19980108_01.txt")
    assert items[0].title == "江泽民会见伊拉克议长哈马迪"
    assert items[0].subtitle == "希望在联合国有关决议的基础上尽快公正合理解决\n海湾战争遗留问题"


def test_a_picture_column_s_numbered_items_are_its_text():
    # rmrb 1998-01-08, p. 9 (dev/plain of shared/eval): 图片新闻 over numbered captions.
    items = excerpt_items("plain-19980108_09.txt")
    assert items[0].title == "图片新闻"
    assert items[0].paragraphs[0].startswith("１、农业，我们的农业")


def test_a_numbered_section_head_broken_over_two_lines_stays_in_its_story():
    # rmrb 1998-01-01, p. 5, as scanify.py --seed 41 lays it out: a picture feature
    # numbers its sections; the second head is broken, ２、棉堆 / 如山喜煞人.
    items = excerpt_items("seed41-19980101_05.txt")
    assert [a.title for a in items] == ["阔步迈向新世纪（附图片８张）"]
    assert items[0].paragraphs[1:3] == ("２、棉堆", "如山喜煞人")


def test_a_paragraph_opening_with_a_pronoun_goes_on_with_the_story_above():
    # rmrb 1998-01-03, p. 4 (dev/plain of shared/eval): a book review; one of its
    # paragraphs, 他们之中有的人…, sits between two gaps the layout widened.
    items = excerpt_items("plain-19980103_04.txt")
    assert [a.title for a in items if a.kind == "article"] == [
        "学术自审与地缘文化——读《当代学术：川籍学者文丛》"
    ]


def test_a_first_head_that_does_not_restate_the_second_is_the_title():
    # rmrb 1998-01-10, p. 1 (dev/plain of shared/eval): a title over a deck of two
    # lines. (The seed page's caption over its headline restates it: a caption.)
    items = excerpt_items("plain-19980110_01.txt")
    assert items[0].title == "国务院召开第６５次常务会议"
    assert items[0].subtitle == "李鹏主持讨论并原则通过\n《中华人民共和国土地管理法（修订草案）》"
    assert restates("首都职工志愿服务“爱心·凝聚·力量”成果展示活动", "首都职工志愿服务成果展示活动举行")


def test_a_section_head_wrapped_with_a_short_tail_stays_in_its_story():
    # rmrb 1998-01-07, p. 12 (dev/plain of shared/eval): a memoir in sections; one
    # head wraps, 贯彻统一战线政策建立抗日民主 / 政权.
    items = excerpt_items("plain-19980107_12.txt")
    assert [a.title for a in items] == ["燃太岳烽火树浩然正气——忆太岳根据地时期的安子文同志"]
    assert wrapped_tail("贯彻统一战线政策建立抗日民主", "政权")
    assert not wrapped_tail("“社会史及社会变迁”研讨会", "由中国")


def test_a_malformed_chinese_numeral_does_not_stop_a_page():
    # 一一、 before a paragraph, or （附图片一一张） in a headline, once raised
    # ValueError while the splitter counted items and pictures.
    text = (
        "图片新闻\n\n１、新疆独山子石化总厂乙烯厂建成污水处理系统。\n\n一一、北京市东城职工自立市场开业。\n"
    )
    items = split_page(clean_page(Page(id="p", text=text)))
    assert [a.title for a in items] == ["图片新闻"]
    assert pictures_announced("美术创作点评（附图片一一张）") == 1
